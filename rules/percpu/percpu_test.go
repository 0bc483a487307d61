// SPDX-License-Identifier: MIT

package percpu_test

import (
	"testing"

	"github.com/kcovlint/kcovlint/rules/internal/ctest"
	"github.com/kcovlint/kcovlint/rules/percpu"
)

func TestPercpu(t *testing.T) {
	ctest.Run(t, "testdata", percpu.Analyzer)
}
