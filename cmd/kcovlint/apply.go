// SPDX-License-Identifier: MIT

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kcovlint/kcovlint/patch"
)

func init() {
	register("apply", "[-C DIR] INPUT...  apply patches, write each version's files", runApply)
}

const applyUsage = "usage: kcovlint apply [-C DIR] [--rev REV] [--out OUT] [-v] INPUT... | kcovlint apply [-C DIR] [--out OUT] --range A..B"

// runApply reads patches, applies them to a tree and writes each input's
// post-images to OUT/<input name>/<path>, printing one line per input.
func runApply(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("apply", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dir := fs.String("C", ".", "the tree holding the base files")
	out := fs.String("out", "", "write post-images to `OUT`/<input>/<path>")
	rev := fs.String("rev", "", "take base files from git revision `REV` of -C instead of its working tree")
	rng := fs.String("range", "", "apply the commits of git range `A..B` of -C instead of INPUT files")
	verbose := fs.Bool("v", false, "print notes too")
	var inputs []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintln(stdout, applyUsage)
				return 0
			}
			fmt.Fprintf(stderr, "kcovlint: apply: %v (%s)\n", err, applyUsage)
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		inputs = append(inputs, fs.Arg(0))
		rest = fs.Args()[1:]
	}

	var results []*patch.Result
	status := 0
	fail := func(err error) {
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintf(stderr, "kcovlint: %s\n", line)
		}
		status = 2
	}
	switch {
	case *rng != "":
		if len(inputs) > 0 || *rev != "" {
			fmt.Fprintf(stderr, "kcovlint: apply: --range takes no INPUT and no --rev (%s)\n", applyUsage)
			return 2
		}
		rs, err := patch.GitRange(*dir, *rng)
		if err != nil {
			fail(err)
		}
		results = rs
	case len(inputs) == 0:
		fmt.Fprintf(stderr, "kcovlint: apply: no INPUT (%s)\n", applyUsage)
		return 2
	default:
		if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
			fmt.Fprintf(stderr, "kcovlint: apply: -C %s: not a directory\n", *dir)
			return 2
		}
		var all []*patch.Input
		for _, name := range inputs {
			var data []byte
			var err error
			source := name
			if name == "-" {
				source = "<stdin>"
				data, err = io.ReadAll(os.Stdin)
			} else {
				data, err = os.ReadFile(name)
			}
			if err != nil {
				fail(fmt.Errorf("%s: %v", source, err))
				continue
			}
			ins, err := patch.Read(source, data)
			if err != nil {
				fail(err)
			}
			all = append(all, ins...)
		}
		patch.UniqueNames(all)
		tree := patch.DirTree(*dir)
		if *rev != "" {
			tree = patch.GitTree(*dir, *rev)
		}
		results = patch.Apply(all, tree)
	}

	for _, r := range results {
		if r.Err != nil {
			fail(r.Err)
			continue
		}
		fmt.Fprintln(stdout, r.Summary())
		if *verbose {
			for _, n := range append(append([]string{}, r.Input.Notes...), r.Notes...) {
				fmt.Fprintf(stdout, "  note: %s\n", n)
			}
		}
		if *out == "" {
			continue
		}
		if err := writeImages(*out, r); err != nil {
			fail(err)
		}
	}
	return status
}

// writeImages writes the post-images of one result under out/<name>/.
func writeImages(out string, r *patch.Result) error {
	for _, im := range r.Files {
		if im.Post == nil {
			continue
		}
		p := filepath.Join(out, r.Input.Name, filepath.FromSlash(im.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("%s: %v", r.Input.Name, err)
		}
		if err := os.WriteFile(p, im.Post, 0o644); err != nil {
			return fmt.Errorf("%s: %v", r.Input.Name, err)
		}
	}
	return nil
}
