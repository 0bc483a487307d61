// SPDX-License-Identifier: MIT

package ctxpred_test

import (
	"testing"

	"github.com/kcovlint/kcovlint/rules/ctxpred"
	"github.com/kcovlint/kcovlint/rules/internal/ctest"
)

func TestCtxpred(t *testing.T) {
	ctest.Run(t, "testdata", ctxpred.Analyzer)
}
