// SPDX-License-Identifier: MIT

package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kcovlint/kcovlint/lint"
)

func init() {
	register("debug", "[--times ...] [INPUT]...  lint, with kcovlint's debugging aids", runDebug)
}

const debugUsage = `usage: kcovlint debug [--times] [--dispatch] [--parse-callers] [--no-focus] [--dump FILE] [flags] [INPUT]...

Lints as kcovlint [flags] [INPUT]... does (kcovlint -h lists the flags and
inputs), with aids for debugging kcovlint itself; they are meant to change
no finding. They may come before or after the lint flags and inputs (not
after --).

  --times          print on stderr how long each phase of the lint took
                   (applying the patch, the callers, the parse and the
                   analyses of each image), like gcc's -ftime-report
  --dispatch       print on stderr the struct fields the linted functions
                   are stored in, and the files of the tree considered as
                   their dispatchers, with their scores (when the callers
                   are found by a scan of the tree: without an index, or
                   with --index none)
  --parse-callers  parse the callers' files even when the tree's index has
                   the ways into the linted functions (as kcovlint did
                   before the index held call states): slower, to compare
  --no-focus       parse the context files whole, not only the functions
                   on the way to the linted ones: slower, to compare
  --dump FILE      write to FILE the text given to the C parser on each of
                   its runs, for every file parsed, each after a comment
                   line naming the file and the run`

// debugFlags are kcovlint debug's own flags.
type debugFlags struct {
	times, dispatch, parseCallers, noFocus bool
	dump                                   string
}

// parseDebugFlags takes kcovlint debug's flags out of args and returns
// the rest, for the lint; help is set for -h.
func parseDebugFlags(args []string) (fl debugFlags, rest []string, help bool, err error) {
	bools := map[string]*bool{"times": &fl.times, "dispatch": &fl.dispatch, "parse-callers": &fl.parseCallers, "no-focus": &fl.noFocus}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || a == "-" {
			name = ""
		}
		switch {
		case name == "h" || name == "help":
			return fl, nil, true, nil
		case bools[name] != nil:
			if hasValue {
				return fl, nil, false, fmt.Errorf("--%s takes no value", name)
			}
			*bools[name] = true
		case name == "dump":
			if !hasValue {
				if i+1 == len(args) {
					return fl, nil, false, fmt.Errorf("--dump needs a file")
				}
				i++
				value = args[i]
			}
			if value == "" {
				return fl, nil, false, fmt.Errorf("--dump needs a file")
			}
			if inputLike(value) {
				// `debug --dump foo.c ...` reads like "dump foo.c": it
				// would truncate the source (it did, once, in a tree).
				return fl, nil, false, fmt.Errorf("--dump %s: the dump file would overwrite what looks like an input; name it something else (%s.dump)", value, value)
			}
			fl.dump = value
		default:
			rest = append(rest, a)
		}
	}
	return fl, rest, false, nil
}

// inputLike reports whether a path names what kcovlint reads (C source,
// a patch, a mail), never what --dump writes.
func inputLike(path string) bool {
	for _, ext := range []string{".c", ".h", ".patch", ".diff", ".mbox", ".eml"} {
		if strings.HasSuffix(path, ext) {
			return true
		}
	}
	return false
}

// runDebug implements kcovlint debug: the lint, with the debugging aids
// of lint.Options set.
func runDebug(args []string, stdout, stderr io.Writer) int {
	fl, rest, help, err := parseDebugFlags(args)
	if help {
		fmt.Fprintln(stdout, debugUsage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "kcovlint: %v (see kcovlint debug -h)\n", err)
		return 2
	}
	var dump *os.File
	if fl.dump != "" {
		if dump, err = os.Create(fl.dump); err != nil {
			fmt.Fprintf(stderr, "kcovlint: --dump: %v\n", err)
			return 2
		}
	}
	status := lintWith(rest, stdout, stderr, func(o *lint.Options) {
		if fl.times {
			o.Times = stderr
		}
		if fl.dispatch {
			o.DebugDispatch = stderr
		}
		o.ParseCallers = fl.parseCallers
		o.NoFocus = fl.noFocus
		if dump != nil {
			o.Dump = dump
		}
	})
	if dump != nil {
		if err := dump.Close(); err != nil {
			fmt.Fprintf(stderr, "kcovlint: --dump: %v\n", err)
			return 2
		}
	}
	return status
}
