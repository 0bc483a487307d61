// SPDX-License-Identifier: MIT

package main

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync"
)

func init() {
	register("version", "  print kcovlint's version (also --version)", runVersion)
}

// version is stamped at link time by builds that want to say what they
// are, for example a distribution's package built from a tarball, without
// VCS information:
//
//	go build -ldflags "-X main.version=v0.2.0" ./cmd/kcovlint
var version string

// sourceVersion is the version this source tree is on its way to, the base
// of what a build without a module version or stamp reports.
const sourceVersion = "v0.1.0"

// readBuildInfo is debug.ReadBuildInfo, a variable for tests.
var readBuildInfo = debug.ReadBuildInfo

// buildID is the running binary's content (Go build ID) hashed, "" when it
// cannot be read; a variable for tests.
var buildID = sync.OnceValue(readGoBuildID)

// kcovlintVersion says which kcovlint this is, in this order:
//
//   - the version stamped with -ldflags "-X main.version=...";
//   - the module version it was built at ("go install ...@v1.2.3", or the
//     pseudo-version the go command derives from VCS tags);
//   - with the VCS revision the build recorded: "v0.1.0-dev+0123456789ab"
//     ("-dirty" for a modified tree);
//   - without (GOFLAGS=-buildvcs=false, a tarball): the binary's own build
//     ID, which identifies its content: "v0.1.0-dev+build.0123456789ab".
func kcovlintVersion() string {
	if version != "" {
		return version
	}
	bi, ok := readBuildInfo()
	if ok {
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
		if rev != "" {
			if len(rev) > 12 {
				rev = rev[:12]
			}
			v := sourceVersion + "-dev+" + rev
			if dirty {
				v += "-dirty"
			}
			return v
		}
	}
	if id := buildID(); id != "" {
		return sourceVersion + "-dev+build." + id
	}
	return sourceVersion + "-dev"
}

// readGoBuildID reads the Go build ID note of the running ELF binary and
// returns 12 hex digits of its hash; "" on another format or an error.
func readGoBuildID() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return ""
	}
	data, err := sec.Data()
	if err != nil || len(data) < 16 {
		return ""
	}
	// An ELF note: namesz, descsz, type, then the name ("Go\0\0") and
	// the description (the build ID), each padded to 4 bytes.
	order := f.ByteOrder
	namesz, descsz := order.Uint32(data[0:]), order.Uint32(data[4:])
	start := 12 + (int(namesz)+3)&^3
	if int(descsz) <= 0 || start+int(descsz) > len(data) {
		return ""
	}
	sum := sha256.Sum256(data[start : start+int(descsz)])
	return hex.EncodeToString(sum[:6])
}

// runVersion implements `kcovlint version` and `kcovlint --version`.
func runVersion(args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		fmt.Fprintln(stdout, "usage: kcovlint version (or kcovlint --version)")
		return 0
	}
	if len(args) > 0 {
		fmt.Fprintf(stderr, "kcovlint: version takes no arguments (%s)\n", strings.Join(args, " "))
		return 2
	}
	fmt.Fprintf(stdout, "kcovlint %s\n", kcovlintVersion())
	return 0
}
