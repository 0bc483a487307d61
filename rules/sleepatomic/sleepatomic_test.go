// SPDX-License-Identifier: MIT

package sleepatomic_test

import (
	"testing"

	"github.com/kcovlint/kcovlint/rules/internal/ctest"
	"github.com/kcovlint/kcovlint/rules/sleepatomic"
)

func TestSleepatomic(t *testing.T) {
	ctest.Run(t, "testdata", sleepatomic.Analyzer)
}
