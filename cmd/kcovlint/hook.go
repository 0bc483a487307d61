// SPDX-License-Identifier: MIT

package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func init() {
	register("install-hook", "[-C REPO]  make git send-email lint outgoing patches", runInstallHook)
}

// executable finds the running kcovlint binary; a variable for tests.
var executable = os.Executable

const (
	hookName      = "sendemail-validate"
	chainedSuffix = ".kcovlint-chained"
	// hookMarker identifies a hook kcovlint wrote.
	hookMarker = "# kcovlint-sendemail-validate-hook"
)

const installHookUsage = "usage: kcovlint install-hook [-C REPO] [--force]"

// hookScript is the sendemail-validate hook. @KCOVLINT@ stands for the
// kcovlint binary, quoted for sh.
const hookScript = `#!/bin/sh
# SPDX-License-Identifier: MIT
` + hookMarker + ` (version 2), written by "kcovlint install-hook".
#
# git send-email runs this hook for every outgoing mail, from the top of the
# repository, with the mail file as $1 (git 2.41 and later also pass a file
# with the SMTP headers as $2, which this hook passes on to a chained hook
# and does not need itself). It runs the hook that was here before, if any
# (sendemail-validate.kcovlint-chained), then kcovlint on the mail, and
# refuses to send a patch that adds findings.
#
# Send once without the check:  git send-email --no-validate ...
#                           or:  KCOVLINT_SKIP=1 git send-email ...
# Code kcovlint could not analyse (a function it cannot parse) is said, and
# does not stop the mail unless asked: KCOVLINT_STRICT=1, or
# git config kcovlint.strict true.
# Uninstall: delete this file, and rename sendemail-validate.kcovlint-chained
# back to sendemail-validate if it exists.

KCOVLINT=@KCOVLINT@

if [ -n "${KCOVLINT_HOOK_ACTIVE:-}" ]; then
	# This hook was chained onto itself: the outer one does the work.
	exit 0
fi
KCOVLINT_HOOK_ACTIVE=1
export KCOVLINT_HOOK_ACTIVE

chained="$(dirname -- "$0")/sendemail-validate.kcovlint-chained"
if [ -x "$chained" ]; then
	"$chained" "$@" || exit $?
fi

case "${KCOVLINT_SKIP:-}" in
""|0) ;;
*)
	echo "kcovlint: KCOVLINT_SKIP is set: not checking $1" >&2
	exit 0 ;;
esac

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
	echo "kcovlint: sendemail-validate: no mail file given" >&2
	exit 1
fi

# A mail without a diff (a cover letter) has nothing to check.
if ! grep -q -E '^(diff --git |\+\+\+ |Content-Transfer-Encoding: base64)' "$1"; then
	exit 0
fi

if [ ! -x "$KCOVLINT" ]; then
	KCOVLINT=$(command -v kcovlint) || {
		echo "kcovlint: sendemail-validate: kcovlint is neither where it was installed from nor on PATH; not sending (reinstall it, or send with git send-email --no-validate)" >&2
		exit 1
	}
fi

top=$(git rev-parse --show-toplevel 2>/dev/null) || top=$(pwd)
name=$(basename -- "$1")

strict=
case "${KCOVLINT_STRICT:-}" in
""|0) [ "$(git config --bool kcovlint.strict 2>/dev/null)" = true ] && strict=--strict ;;
*) strict=--strict ;;
esac

"$KCOVLINT" -q --color never $strict -C "$top" -- "$1"
status=$?
case $status in
0)
	exit 0 ;;
1)
	echo "kcovlint: $name adds the findings above; not sending. Fix them, or send anyway with git send-email --no-validate (or KCOVLINT_SKIP=1)." >&2 ;;
*)
	echo "kcovlint: could not check $name (exit status $status); not sending. Send anyway with git send-email --no-validate (or KCOVLINT_SKIP=1)." >&2 ;;
esac
exit 1
`

// shQuote quotes s for sh.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// isOurHook says whether the file at path is a hook kcovlint wrote.
func isOurHook(path string) (bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	return bytes.Contains(data, []byte(hookMarker)), nil
}

// exists says whether path exists (a dangling symlink counts).
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// runInstallHook implements `kcovlint install-hook [-C REPO] [--force]`.
func runInstallHook(args []string, stdout, stderr io.Writer) int {
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "kcovlint: install-hook: %s\n", fmt.Sprintf(format, a...))
		return 2
	}
	fset := flag.NewFlagSet("install-hook", flag.ContinueOnError)
	fset.SetOutput(io.Discard)
	dir := fset.String("C", ".", "the git repository")
	force := fset.Bool("force", false, "replace what is in the way")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, installHookUsage)
			return 0
		}
		return fail("%v (%s)", err, installHookUsage)
	}
	if fset.NArg() > 0 {
		return fail("unexpected argument %q (%s)", fset.Arg(0), installHookUsage)
	}

	// git rev-parse --git-path hooks honours core.hooksPath and worktrees;
	// its answer is relative to the directory git ran in.
	hooks, err := git(*dir, "rev-parse", "--git-path", "hooks")
	if err != nil {
		return fail("%s is not in a git repository (%v)", *dir, err)
	}
	hooks = strings.TrimSpace(hooks)
	if !filepath.IsAbs(hooks) {
		hooks = filepath.Join(*dir, hooks)
	}
	if abs, err := filepath.Abs(hooks); err == nil {
		hooks = abs
	}
	bin, err := executable()
	if err != nil {
		return fail("cannot find the kcovlint binary: %v", err)
	}
	if b, err := filepath.EvalSymlinks(bin); err == nil {
		bin = b
	}
	if b, err := filepath.Abs(bin); err == nil {
		bin = b
	}
	if err := os.MkdirAll(hooks, 0o755); err != nil {
		return fail("%v", err)
	}
	hook := filepath.Join(hooks, hookName)
	chained := hook + chainedSuffix

	// A kcovlint hook in the chained slot would run itself.
	if exists(chained) {
		if ours, _ := isOurHook(chained); ours {
			if !*force {
				return fail("%s is a kcovlint hook: chaining it would run kcovlint twice; remove it or use --force", chained)
			}
			if err := os.Remove(chained); err != nil {
				return fail("%v", err)
			}
		}
	}
	var what string
	switch ours, err := isOurHook(hook); {
	case errors.Is(err, fs.ErrNotExist) && !exists(hook):
		what = "installed"
	case err == nil && ours:
		what = "updated"
	default:
		// Someone else's hook (or one we cannot read): keep it by chaining.
		if exists(chained) {
			if !*force {
				return fail("%s exists and %s holds a hook chained before; move one of them away, or use --force (which keeps the chained one as %s.old)", hook, chained, chained)
			}
			if err := os.Rename(chained, chained+".old"); err != nil {
				return fail("%v", err)
			}
		}
		if err := os.Rename(hook, chained); err != nil {
			return fail("%v", err)
		}
		what = "installed, chained after the existing hook (now " + filepath.Base(chained) + ")"
	}
	tmp := hook + ".kcovlint-tmp"
	if err := os.WriteFile(tmp, []byte(strings.Replace(hookScript, "@KCOVLINT@", shQuote(bin), 1)), 0o755); err != nil {
		return fail("%v", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fail("%v", err)
	}
	if err := os.Rename(tmp, hook); err != nil {
		os.Remove(tmp)
		return fail("%v", err)
	}
	fmt.Fprintf(stdout, "kcovlint: sendemail-validate hook %s: %s\n", what, hook)
	fmt.Fprintf(stdout, "kcovlint: git send-email now refuses patches that add findings; to send once anyway: git send-email --no-validate, or KCOVLINT_SKIP=1 git send-email\n")
	return 0
}
