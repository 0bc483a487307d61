// SPDX-License-Identifier: MIT

package cparse

// CFG is a function's control-flow graph (built in cfgbuild.go).
type CFG struct{}
