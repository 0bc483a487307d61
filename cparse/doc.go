// SPDX-License-Identifier: MIT

// Package cparse is kcovlint's front end for Linux kernel C: it reads one
// .c or .h file, without the kernel's headers and without a configured or
// built tree, and turns it into a small IR (File: functions with their
// parameters, locals and statement trees, calls, file-scope variables with
// their initializers, struct fields and file-scope macro invocations such
// as EXPORT_SYMBOL(x) or DEFINE_SPINLOCK(l)). Every node keeps the line and
// column of the original file, so that findings point at what the user
// wrote. Func.CFG gives a function's control-flow graph, with conditions
// left whole for the path-sensitive analyses.
//
// It exists because a linter for patches cannot build the kernel: the
// analyses (analyzers/cunit, the index, the rules) need every function of a
// file, in terms of the source, from a checkout or a patch's post-image
// alone. The pipeline is:
//
//   - a C preprocessor of its own (cpp.go) that answers every
//     #include <...> from a model of the kernel API (model/kernel.h: type
//     names, attribute macros, the few macros whose arguments are types),
//     reads local #include "..." files when present, and decides CONFIG_*
//     by a Config (NewConfig: allyesconfig on x86_64, PREEMPT_RT on or
//     off; LoadConfig: a real .config);
//   - a tolerance layer (tolerate.go) of rules on the shape of unseen code
//     (a macro invocation at file scope, an iterator macro before a
//     statement, a name used where only a type fits ...) that makes the
//     token stream C that modernc.org/cc/v4 parses;
//   - the parser (parse.go), which runs cc/v4 on segments of top-level
//     declarations so that a declaration that does not parse costs itself
//     only (a Failure says where and why), under limits that bound the work
//     on hostile input; and the builder (build.go, buildexpr.go) from cc's
//     AST to the IR.
//
// ParseFile and ParseSource do all of it for one file. Prepare stops
// before the parser so that Focus can leave out the function bodies of
// context files that do not matter to the functions being linted;
// Prepared.Parse finishes. CountFunctions and ScanFile are an independent brace-matching
// scanner over the raw tokens: the denominator of the parse rate, and the
// way `kcovlint parse` names the functions the parser lost and how the
// kernel reaches them.
//
// docs/parsing.md describes each stage, the configuration policy and the
// measured parse rates on the whole tree.
package cparse
