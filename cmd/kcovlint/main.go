// SPDX-License-Identifier: MIT

// Command kcovlint lints Linux kernel C and patches for execution-context
// bugs: IRQ-unsafe locking, misused context predicates, per-CPU state on
// preemptible paths and sleeping in atomic context.
//
// The command is thin: each subcommand lives in its own file and calls into
// the packages that do the work.
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
)

// subcommands maps a subcommand name to its entry point. Each entry point
// gets the arguments after the subcommand name and returns the exit status:
// 0 nothing to report, 1 findings, 2 bad input or usage.
var subcommands = map[string]func(args []string, stdout, stderr io.Writer) int{}

// synopses are the subcommands' lines in kcovlint -h: arguments and what
// it does.
var synopses = map[string]string{}

// register adds a subcommand with its synopsis ("RULE  print a rule's
// page"); called from init functions of the files that implement them.
func register(name, synopsis string, fn func(args []string, stdout, stderr io.Writer) int) {
	subcommands[name] = fn
	synopses[name] = synopsis
}

// subcommandList is the Subcommands part of kcovlint -h: every registered
// subcommand, by name, with its synopsis.
func subcommandList() string {
	names := make([]string, 0, len(synopses))
	for n := range synopses {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("Subcommands (kcovlint SUBCOMMAND -h for more):\n")
	for _, n := range names {
		args, what, _ := strings.Cut(synopses[n], "  ")
		fmt.Fprintf(&b, "  %-34s %s\n", strings.TrimSpace(n+" "+args), strings.TrimSpace(what))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func main() {
	// KCOVLINT_CPUPROFILE=FILE writes a CPU profile of the run (a
	// development aid for `go tool pprof`).
	if p := os.Getenv("KCOVLINT_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				// An interrupted run still writes its profile: the
				// runs worth profiling are the ones that do not end.
				sig := make(chan os.Signal, 1)
				signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
				go func() {
					<-sig
					pprof.StopCPUProfile()
					f.Close()
					os.Exit(130)
				}()
				status := run(os.Args[1:], os.Stdout, os.Stderr)
				pprof.StopCPUProfile()
				f.Close()
				os.Exit(status)
			}
		}
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) (status int) {
	defer func() {
		// A crash is a bug in kcovlint, never the user's fault: say so in one
		// line and exit with the bad-input status rather than a Go trace.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "kcovlint: internal error: %v (please report this with the input)\n", r)
			status = 2
		}
	}()
	if len(args) > 0 {
		if fn, ok := subcommands[args[0]]; ok {
			return fn(args[1:], stdout, stderr)
		}
		switch args[0] {
		case "--version", "-version", "-V":
			return runVersion(args[1:], stdout, stderr)
		}
	}
	if fn, ok := subcommands["lint"]; ok {
		return fn(args, stdout, stderr)
	}
	fmt.Fprintln(stderr, "kcovlint: no lint command built in")
	return 2
}
