// SPDX-License-Identifier: MIT

package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/kcovlint/kcovlint/report"
)

func init() { register("explain", "[RULE]  print a rule's page (without RULE: the rules)", runExplain) }

// runExplain implements `kcovlint explain RULE...`: it prints each rule's
// help text. Without a rule it lists the rules.
func runExplain(args []string, stdout, stderr io.Writer) int {
	infos := lintRules()
	if len(args) == 0 || len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		if len(infos) == 0 {
			fmt.Fprintln(stderr, "kcovlint: explain: no rules are built in")
			return 2
		}
		fmt.Fprintln(stdout, "usage: kcovlint explain RULE\n\nrules:")
		width := 0
		for _, r := range infos {
			width = max(width, len(r.Name))
		}
		for _, r := range infos {
			fmt.Fprintf(stdout, "  %-*s  %s\n", width, r.Name, r.Short)
		}
		return 0
	}
	var found []report.RuleInfo
	for _, name := range args {
		r, ok := findRule(infos, name)
		if !ok {
			list := ruleNames(infos)
			if list == "" {
				list = "none built in yet"
			}
			fmt.Fprintf(stderr, "kcovlint: explain: unknown rule %q (rules: %s)\n", name, list)
			return 2
		}
		found = append(found, r)
	}
	for i, r := range found {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		text := r.Help
		if text == "" {
			text = r.Name + ": " + r.Short
		}
		fmt.Fprintln(stdout, strings.TrimRight(text, "\n"))
		if r.URL != "" {
			fmt.Fprintf(stdout, "\nMore: %s\n", r.URL)
		}
	}
	return 0
}
