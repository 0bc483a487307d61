// SPDX-License-Identifier: MIT

package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

func init() { register("version", runVersion) }

// readBuildInfo is debug.ReadBuildInfo, a variable for tests.
var readBuildInfo = debug.ReadBuildInfo

// kcovlintVersion is the module version kcovlint was built at ("go install
// ...@v1.2.3"), else "devel", with the VCS revision when the build recorded
// one ("devel+0123456789ab", "-dirty" for a modified tree).
func kcovlintVersion() string {
	bi, ok := readBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v := "devel+" + rev
	if dirty {
		v += "-dirty"
	}
	return v
}

// runVersion implements `kcovlint version`.
func runVersion(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "kcovlint: version takes no arguments")
		return 2
	}
	fmt.Fprintf(stdout, "kcovlint %s\n", kcovlintVersion())
	return 0
}
