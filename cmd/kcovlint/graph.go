// SPDX-License-Identifier: MIT

package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/kcovlint/kcovlint/lint"
)

func init() {
	register("graph", "[-C DIR] [INPUT...] FUNC...  the contexts a function runs in", runGraph)
}

// runGraph implements `kcovlint graph [-C DIR] [FILE|PATCH...] FUNC...`:
// for each function, its contexts with one witness call chain per context
// and configuration.
func runGraph(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("graph", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tree := fs.String("C", "", "kernel tree")
	config := fs.String("config", "both", "both, rt, nonrt or a .config path")
	format := fs.String("format", "text", "text, dot or json")
	var rest []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return 2
		}
		args = fs.Args()
		if len(args) > 0 {
			rest = append(rest, args[0])
			args = args[1:]
		}
	}
	var inputs, funcs []string
	for _, a := range rest {
		if st, err := os.Stat(a); err == nil && !st.IsDir() {
			inputs = append(inputs, a)
		} else {
			funcs = append(funcs, a)
		}
	}
	if len(funcs) == 0 {
		fmt.Fprintln(stderr, "kcovlint: graph: no function named (usage: kcovlint graph [-C DIR] [FILE|PATCH...] FUNC...)")
		return 2
	}
	if len(inputs) == 0 && *tree == "" {
		fmt.Fprintln(stderr, "kcovlint: graph: give the files (or patches) that define the functions, or -C DIR")
		return 2
	}
	res, err := lint.Graph(lint.Options{Tree: *tree, Inputs: inputs, Config: *config}, funcs)
	if err != nil {
		fmt.Fprintf(stderr, "kcovlint: graph: %v\n", strings.TrimPrefix(err.Error(), lint.ErrInput.Error()+": "))
		if errors.Is(err, lint.ErrInput) {
			return 2
		}
		return 2
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(map[string]any{"functions": res})
	case "dot":
		writeDot(stdout, res)
	default:
		for _, f := range res {
			name := f.Name
			if !strings.HasSuffix(name, ")") { // SYSCALL_DEFINE0(foo) has its own
				name += "()"
			}
			fmt.Fprintf(stdout, "%s at %s:%d\n", name, f.File, f.Line)
			if len(f.Contexts) == 0 {
				fmt.Fprintln(stdout, "    no known context (no caller or registration found)")
			}
			for _, c := range f.Contexts {
				assumed := ""
				if c.Assumed {
					assumed = " (assumed)"
				}
				fmt.Fprintf(stdout, "    %-7s [%s]%s: %s\n", c.Context, c.Config, assumed, strings.Join(c.Chain, " -> "))
				fmt.Fprintf(stdout, "             entered: %s\n", c.Root)
				fmt.Fprintf(stdout, "             state: %s\n", stateText(c.State))
			}
		}
	}
	return 0
}

func stateText(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%v", k, m[k]))
	}
	return strings.Join(parts, " ")
}

var ctxColor = map[string]string{"task": "#1f77b4", "softirq": "#ff7f0e", "hardirq": "#d62728", "nmi": "#9467bd"}

func writeDot(w io.Writer, res []lint.GraphFunc) {
	fmt.Fprintln(w, "digraph kcovlint {")
	fmt.Fprintln(w, "  rankdir=LR; node [shape=box, fontname=monospace];")
	seen := map[string]bool{}
	for _, f := range res {
		for _, c := range f.Contexts {
			color := ctxColor[c.Context]
			for i := 0; i+1 < len(c.Chain); i++ {
				k := fmt.Sprintf("%s>%s>%s>%s", c.Chain[i], c.Chain[i+1], c.Context, c.Config)
				if seen[k] {
					continue
				}
				seen[k] = true
				fmt.Fprintf(w, "  %q -> %q [color=%q, label=%q];\n", c.Chain[i], c.Chain[i+1], color, c.Context+"/"+c.Config)
			}
			if len(c.Chain) > 0 {
				root := c.Chain[0]
				if !seen["root:"+root+c.Context] {
					seen["root:"+root+c.Context] = true
					fmt.Fprintf(w, "  %q [style=filled, fillcolor=%q, tooltip=%q];\n", root, color, c.Root)
				}
			}
		}
		fmt.Fprintf(w, "  %q [penwidth=3];\n", f.Name)
	}
	fmt.Fprintln(w, "}")
}
