// SPDX-License-Identifier: MIT

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

func init() {
	register("check", "[--FLAG=VALUE]... COMPILER-FLAGS... FILE.c  the kernel build's checker: make C=1 CHECK=\"kcovlint check\"", runCheck)
}

const checkUsage = `usage: kcovlint check [--FLAG=VALUE]... [COMPILER FLAGS]... FILE.c...

The checker command of a kernel build, as sparse and smatch are used:

  make C=1 CHECK="kcovlint check"           # the files being compiled
  make C=2 CHECK="kcovlint check" drivers/leds/   # all of them

kbuild runs it once per C file with the compiler's flags. kcovlint reads
from them the kernel tree (-include .../include/linux/kconfig.h) and the
configuration being built (include/generated/autoconf.h in an -I
directory), and lints the file in exactly that configuration (non-RT or
PREEMPT_RT, with every CONFIG_ option of the build); other compiler flags
are ignored. Findings go to standard error in the text format, like the
compiler's and sparse's warnings.

kcovlint's own flags come first, in the --flag=value form (--uncertain,
--rules=lockirq, --format=json, --index=PATH, ...; see kcovlint -h).
A finding does not stop the build (exit status 0, as sparse's warnings);
--werror makes findings exit 1, which stops it. Bad input exits 2.

Callers in other files are found with the tree's index when there is one
(kcovlint index); build it first for C=2 runs over many files.
`

// kbuildCall is what a checker command line of kbuild says.
type kbuildCall struct {
	// Own are kcovlint's flags (the leading --flag=value arguments).
	Own []string
	// Werror: findings make the exit status 1.
	Werror bool
	// Files are the C files to check.
	Files []string
	// Tree is the kernel source tree (from -include of kconfig.h).
	Tree string
	// Autoconf is the build's include/generated/autoconf.h.
	Autoconf string
}

// compilerArgFlags are the compiler options that take the next argument
// when not joined to it (-I dir, -include file).
var compilerArgFlags = map[string]bool{
	"-I": true, "-D": true, "-U": true, "-include": true, "-imacros": true, "-isystem": true,
	"-iquote": true, "-idirafter": true, "-o": true, "-MF": true, "-MT": true, "-MQ": true,
	"-x": true, "-Xassembler": true, "-Xpreprocessor": true, "-Xlinker": true, "--param": true,
}

// parseKbuildArgs reads a checker command line: kcovlint's flags, the
// compiler's flags and the files. exists says whether a file exists
// (os.Stat in use; a map in tests).
func parseKbuildArgs(args []string, exists func(string) bool) (*kbuildCall, error) {
	kc := &kbuildCall{}
	i := 0
	for ; i < len(args) && strings.HasPrefix(args[i], "--") && args[i] != "--param"; i++ {
		switch args[i] {
		case "--werror":
			kc.Werror = true
		case "--":
		default:
			kc.Own = append(kc.Own, args[i])
		}
	}
	var incDirs []string
	for ; i < len(args); i++ {
		a := args[i]
		val := func(flag string) (string, bool) {
			if a == flag {
				if i+1 < len(args) {
					i++
					return args[i], true
				}
				return "", false
			}
			if strings.HasPrefix(a, flag) && flag != "-include" {
				return strings.TrimPrefix(a, flag), true
			}
			return "", false
		}
		switch {
		case a == "-include":
			if v, ok := val("-include"); ok {
				if t, ok := strings.CutSuffix(filepath.ToSlash(v), "/include/linux/kconfig.h"); ok && kc.Tree == "" {
					kc.Tree = t
				}
			}
		case strings.HasPrefix(a, "-I"):
			if v, ok := val("-I"); ok {
				incDirs = append(incDirs, v)
			}
		case compilerArgFlags[a]:
			i++ // the flag's argument
		case strings.HasPrefix(a, "-"):
			// Any other compiler or sparse flag.
		case strings.HasSuffix(a, ".c"):
			kc.Files = append(kc.Files, a)
		default:
			return nil, fmt.Errorf("%s: not a C file, and not a compiler flag", a)
		}
	}
	if len(kc.Files) == 0 {
		return nil, errors.New("no C file on the command line")
	}
	for _, d := range append(incDirs, "include") {
		if p := filepath.Join(d, "generated", "autoconf.h"); exists(p) {
			kc.Autoconf = p
			break
		}
	}
	if kc.Autoconf == "" {
		return nil, errors.New("no include/generated/autoconf.h in the -I directories: run it from a configured kernel build (make C=1 CHECK=\"kcovlint check\")")
	}
	if kc.Tree == "" {
		// No -include of kconfig.h: the tree is the -I directory that
		// holds include/linux/kconfig.h.
		for _, d := range incDirs {
			if exists(filepath.Join(d, "linux", "kconfig.h")) {
				kc.Tree = filepath.Dir(filepath.Clean(d))
				break
			}
		}
	}
	if kc.Tree == "" {
		return nil, errors.New("cannot tell the kernel tree: no -include .../include/linux/kconfig.h and no -I directory with linux/kconfig.h")
	}
	return kc, nil
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fmt.Fprint(stdout, checkUsage)
			return 0
		}
	}
	kc, err := parseKbuildArgs(args, func(p string) bool {
		_, err := os.Stat(p)
		return err == nil
	})
	if err != nil {
		fmt.Fprintf(stderr, "kcovlint check: %v (see kcovlint check -h)\n", err)
		return 2
	}
	lintArgs := append([]string{"-C", kc.Tree, "--config", kc.Autoconf, "-q"}, kc.Own...)
	lintArgs = append(lintArgs, "--")
	lintArgs = append(lintArgs, kc.Files...)
	// Warnings go where the compiler's and sparse's go.
	status := runLint(lintArgs, stderr, stderr)
	if status == 1 && !kc.Werror {
		return 0
	}
	return status
}
