// SPDX-License-Identifier: MIT

// Package lint runs kcovlint's analyses on the inputs a user gives (patches,
// mail threads, C files, directories, git ranges) and collects findings.
package lint

import (
	"errors"
	"io"

	"github.com/kcovlint/kcovlint/report"
)

// Options say what to lint and how.
type Options struct {
	// Tree is the kernel tree (-C); "" when none.
	Tree string
	// Inputs are patch, mbox or C files, directories, or "-" for Stdin.
	Inputs []string
	Stdin  io.Reader
	// Config is both, rt, nonrt or the path of a .config.
	Config string
	// Rules limits the rules run; empty means all.
	Rules []string
	// All also reports findings the patch did not introduce.
	All bool
	// GitRange lints each commit of a range of the git repository Tree.
	GitRange string
	// Progress, when not nil, receives progress lines for long runs.
	Progress io.Writer
}

// ErrInput marks errors that are the user's input's fault (exit status 2).
var ErrInput = errors.New("bad input")

// Run lints the inputs. A bad input is reported in the Result's Inputs with
// status "error"; Run's error is for failures that stop the whole run.
func Run(opts Options) (*report.Result, error) {
	return nil, errors.New("lint.Run: not implemented yet")
}

// Rules describes the rules for output formats and `kcovlint explain`.
func Rules() []report.RuleInfo {
	return nil
}
