// SPDX-License-Identifier: MIT

package lockirq_test

import (
	"testing"

	"github.com/kcovlint/kcovlint/rules/internal/ctest"
	"github.com/kcovlint/kcovlint/rules/lockirq"
)

func TestLockirq(t *testing.T) {
	ctest.Run(t, "testdata", lockirq.Analyzer)
}
