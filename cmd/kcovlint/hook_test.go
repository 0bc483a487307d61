// SPDX-License-Identifier: MIT

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A kernel-style driver with the bug kcovlint exists for: demo_lock is
// taken with plain spin_lock() in a timer callback (softirq context) and in
// a file_operations .write handler (task context, softirqs enabled). A
// timer interrupting demo_write() on the same CPU spins on the lock forever.
const buggyDriver = `// SPDX-License-Identifier: GPL-2.0
/*
 * demo_timer: counts timer ticks; a write to /sys/kernel/debug/demo_timer
 * resets the count.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

static DEFINE_SPINLOCK(demo_lock);
static struct timer_list demo_timer;
static unsigned long demo_ticks;
static struct dentry *demo_dentry;

static void demo_timer_fn(struct timer_list *t)
{
	spin_lock(&demo_lock);
	demo_ticks++;
	spin_unlock(&demo_lock);
	mod_timer(&demo_timer, jiffies + HZ);
}

static ssize_t demo_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	spin_lock(&demo_lock);
	demo_ticks = 0;
	spin_unlock(&demo_lock);
	return count;
}

static const struct file_operations demo_fops = {
	.owner = THIS_MODULE,
	.write = demo_write,
};

static int __init demo_init(void)
{
	demo_dentry = debugfs_create_file("demo_timer", 0200, NULL, NULL, &demo_fops);
	timer_setup(&demo_timer, demo_timer_fn, 0);
	mod_timer(&demo_timer, jiffies + HZ);
	return 0;
}

static void __exit demo_exit(void)
{
	timer_shutdown_sync(&demo_timer);
	debugfs_remove(demo_dentry);
}

module_init(demo_init);
module_exit(demo_exit);
MODULE_DESCRIPTION("timer tick counter");
MODULE_LICENSE("GPL");
`

// cleanDriver is the same driver done right: the write handler keeps
// softirqs off while it holds the lock.
var cleanDriver = strings.Replace(buggyDriver,
	"\tspin_lock(&demo_lock);\n\tdemo_ticks = 0;\n\tspin_unlock(&demo_lock);",
	"\tspin_lock_bh(&demo_lock);\n\tdemo_ticks = 0;\n\tspin_unlock_bh(&demo_lock);", 1)

// stubKcovlint writes a stand-in for the kcovlint binary: it logs its
// arguments and reports a finding when the mail takes demo_lock with plain
// spin_lock() twice, as the buggy driver does.
func stubKcovlint(t *testing.T, dir string) (bin, log string) {
	t.Helper()
	bin, log = filepath.Join(dir, "kcovlint"), filepath.Join(dir, "kcovlint.log")
	script := "#!/bin/sh\nprintf '%s\\n' \"$*\" >> " + shQuote(log) + `
for last; do :; done
if [ "$(grep -c 'spin_lock(&demo_lock)' "$last")" -ge 2 ]; then
	echo "drivers/demo/demo_timer.c:29:2: warning: demo_lock is taken in softirq context and with softirqs enabled in task context [lockirq]"
	exit 1
fi
exit 0
`
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin, log
}

// installHook runs `kcovlint install-hook` in-process as if the binary
// were bin.
func installHook(t *testing.T, bin string, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	old := executable
	executable = func() (string, error) { return bin, nil }
	defer func() { executable = old }()
	return kcovlint(append([]string{"install-hook"}, args...)...)
}

func readString(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestInstallHook(t *testing.T) {
	repo := kernelRepo(t)
	bin, _ := stubKcovlint(t, t.TempDir())
	hook := filepath.Join(repo, ".git", "hooks", hookName)
	chained := hook + chainedSuffix

	status, out, errOut := installHook(t, bin, "-C", repo)
	if status != 0 || !strings.Contains(out, "hook installed: "+hook) || !strings.Contains(out, "--no-validate") || errOut != "" {
		t.Fatalf("install: %d %q %q", status, out, errOut)
	}
	first := readString(t, hook)
	if st, _ := os.Stat(hook); st.Mode().Perm()&0o111 == 0 {
		t.Error("hook is not executable")
	}
	if !strings.Contains(first, "KCOVLINT="+shQuote(bin)+"\n") || !strings.Contains(first, hookMarker) {
		t.Errorf("hook does not name the binary:\n%s", first)
	}
	if exists(chained) {
		t.Error("chained hook made for a fresh install")
	}

	// Idempotent.
	status, out, _ = installHook(t, bin, "-C", repo)
	if status != 0 || !strings.Contains(out, "hook updated") || readString(t, hook) != first || exists(chained) {
		t.Errorf("reinstall: %d %q", status, out)
	}

	// Someone else's hook is kept, chained.
	foreign := "#!/bin/sh\necho foreign \"$@\"\n"
	os.WriteFile(hook, []byte(foreign), 0o755)
	status, out, _ = installHook(t, bin, "-C", repo)
	if status != 0 || !strings.Contains(out, "chained after the existing hook") || readString(t, chained) != foreign || readString(t, hook) != first {
		t.Errorf("install over a foreign hook: %d %q", status, out)
	}
	// ... and a reinstall does not chain kcovlint onto itself.
	status, _, _ = installHook(t, bin, "-C", repo)
	if status != 0 || readString(t, chained) != foreign || exists(chained+".old") {
		t.Errorf("reinstall over a chained install: %d, chained:\n%s", status, readString(t, chained))
	}

	// A new foreign hook replaced ours while one is chained: refuse, or
	// with --force keep the old chained one aside.
	foreign2 := "#!/bin/sh\necho foreign2\n"
	os.WriteFile(hook, []byte(foreign2), 0o755)
	status, _, errOut = installHook(t, bin, "-C", repo)
	oneLineError(t, status, errOut, "--force")
	if readString(t, hook) != foreign2 {
		t.Error("refused install changed the hook")
	}
	status, _, _ = installHook(t, bin, "-C", repo, "--force")
	if status != 0 || readString(t, chained) != foreign2 || readString(t, chained+".old") != foreign || readString(t, hook) != first {
		t.Errorf("--force: %d", status)
	}

	// A kcovlint hook in the chained slot would run kcovlint twice.
	os.WriteFile(chained, []byte(first), 0o755)
	status, _, errOut = installHook(t, bin, "-C", repo)
	oneLineError(t, status, errOut, "run kcovlint twice")
	if status, _, _ = installHook(t, bin, "-C", repo, "--force"); status != 0 || exists(chained) {
		t.Errorf("--force over a self-chain: %d, chained exists %v", status, exists(chained))
	}

	// core.hooksPath is honoured.
	gitRun(t, repo, "config", "core.hooksPath", ".githooks")
	status, out, _ = installHook(t, bin, "-C", repo)
	if want := filepath.Join(repo, ".githooks", hookName); status != 0 || !strings.Contains(out, want) || !exists(want) {
		t.Errorf("core.hooksPath: %d %q", status, out)
	}

	// Not a repository.
	status, _, errOut = installHook(t, bin, "-C", t.TempDir())
	oneLineError(t, status, errOut, "not in a git repository")
}

// runHook runs the hook script directly, as git does: from the top of the
// repository, with the mail file and (git 2.41+) an SMTP headers file.
func runHook(t *testing.T, repo string, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(filepath.Join(repo, ".git", "hooks", hookName), args...)
	cmd.Dir = repo
	cmd.Env = append(gitEnv(filepath.Dir(repo)), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		}
		t.Fatal(err)
	}
	return 0, string(out)
}

// mails writes a buggy mail, a clean mail, a cover letter and an SMTP
// headers file.
func mails(t *testing.T) (buggy, clean, cover, headers string) {
	t.Helper()
	dir := t.TempDir()
	mail := func(name, subject, body string) string {
		p := filepath.Join(dir, name)
		text := "From: A U Thor <author@example.org>\nSubject: " + subject + "\n\n---\n" + body
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	add := func(src string) string {
		lines := strings.Split(strings.TrimSuffix(src, "\n"), "\n")
		var b strings.Builder
		b.WriteString("diff --git a/drivers/demo/demo_timer.c b/drivers/demo/demo_timer.c\nnew file mode 100644\n--- /dev/null\n+++ b/drivers/demo/demo_timer.c\n")
		b.WriteString("@@ -0,0 +1," + itoa(len(lines)) + " @@\n")
		for _, l := range lines {
			b.WriteString("+" + l + "\n")
		}
		return b.String()
	}
	buggy = mail("0001-buggy.patch", "[PATCH 1/2] demo: add a timer tick counter", add(buggyDriver))
	clean = mail("0002-clean.patch", "[PATCH 2/2] demo: add a timer tick counter", add(cleanDriver))
	cover = mail("0000-cover-letter.patch", "[PATCH 0/2] demo", "A cover letter.\n")
	headers = filepath.Join(dir, "headers")
	os.WriteFile(headers, []byte("From: A U Thor <author@example.org>\nTo: x@example.org\n"), 0o644)
	return
}

func itoa(n int) string {
	var b []byte
	for ; n > 0 || len(b) == 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestHookScript(t *testing.T) {
	repo := kernelRepo(t)
	binDir := t.TempDir()
	bin, log := stubKcovlint(t, binDir)
	hooks := filepath.Join(repo, ".git", "hooks")
	chainLog := filepath.Join(t.TempDir(), "chain.log")
	// An existing hook, chained: logs its arguments; fails when asked to.
	os.MkdirAll(hooks, 0o755)
	os.WriteFile(filepath.Join(hooks, hookName), []byte("#!/bin/sh\nprintf '%s\\n' \"$*\" >> "+shQuote(chainLog)+"\n[ -z \"$CHAIN_FAIL\" ] || exit 3\n"), 0o755)
	if status, _, errOut := installHook(t, bin, "-C", repo); status != 0 {
		t.Fatal(errOut)
	}
	buggy, clean, cover, headers := mails(t)
	reset := func() { os.Remove(log); os.Remove(chainLog) }

	for _, args := range [][]string{{buggy}, {buggy, headers}} {
		reset()
		status, out := runHook(t, repo, nil, args...)
		if status != 1 || !strings.Contains(out, "warning: demo_lock is taken") || !strings.Contains(out, "not sending") || !strings.Contains(out, "--no-validate") {
			t.Errorf("buggy %d args: status %d\n%s", len(args), status, out)
		}
		if got := readString(t, log); got != "-q --color never -C "+repo+" -- "+buggy+"\n" {
			t.Errorf("kcovlint called with %q", got)
		}
		if got := readString(t, chainLog); got != strings.Join(args, " ")+"\n" {
			t.Errorf("chained hook called with %q, want %q", got, strings.Join(args, " "))
		}
		reset()
		if status, out := runHook(t, repo, nil, append([]string{clean}, args[1:]...)...); status != 0 {
			t.Errorf("clean %d args: status %d\n%s", len(args), status, out)
		}
	}
	// A cover letter has no diff: not linted.
	reset()
	if status, out := runHook(t, repo, nil, cover, headers); status != 0 || exists(log) {
		t.Errorf("cover letter: status %d, kcovlint called %v\n%s", status, exists(log), out)
	}
	// KCOVLINT_SKIP=1 bypasses the check, not the chained hook.
	reset()
	if status, out := runHook(t, repo, []string{"KCOVLINT_SKIP=1"}, buggy); status != 0 || exists(log) || !exists(chainLog) || !strings.Contains(out, "KCOVLINT_SKIP") {
		t.Errorf("KCOVLINT_SKIP=1: status %d\n%s", status, out)
	}
	// The chained hook's refusal stands.
	reset()
	if status, _ := runHook(t, repo, []string{"CHAIN_FAIL=1"}, clean); status != 3 || exists(log) {
		t.Errorf("failing chained hook: status %d, kcovlint called %v", status, exists(log))
	}
	// A kcovlint hook chained onto itself runs kcovlint once.
	os.WriteFile(filepath.Join(hooks, hookName+chainedSuffix), []byte(readString(t, filepath.Join(hooks, hookName))), 0o755)
	reset()
	if status, _ := runHook(t, repo, nil, buggy); status != 1 || strings.Count(readString(t, log), "\n") != 1 {
		t.Errorf("self-chained: status %d, kcovlint log %q", status, readString(t, log))
	}
	os.Remove(filepath.Join(hooks, hookName+chainedSuffix))

	// The binary moved: kcovlint is taken from PATH, or sending stops.
	os.Rename(bin, bin+".moved")
	pathDir := t.TempDir()
	os.Rename(bin+".moved", filepath.Join(pathDir, "kcovlint"))
	reset()
	if status, _ := runHook(t, repo, []string{"PATH=" + pathDir + ":" + os.Getenv("PATH")}, buggy); status != 1 || !exists(log) {
		t.Errorf("kcovlint from PATH: status %d", status)
	}
	os.Remove(filepath.Join(pathDir, "kcovlint"))
	if status, out := runHook(t, repo, []string{"PATH=/usr/bin:/bin"}, clean); status != 1 || !strings.Contains(out, "neither where it was installed from nor on PATH") {
		t.Errorf("no kcovlint: status %d\n%s", status, out)
	}
}

// needSendEmail skips when git send-email (Debian package git-email) is
// not installed, or too old to have --sendmail-cmd (git 2.33).
func needSendEmail(t *testing.T) {
	t.Helper()
	needGit(t)
	out, _ := exec.Command("git", "send-email", "-h").CombinedOutput()
	if !bytes.Contains(out, []byte("--sendmail-cmd")) {
		t.Skip("git send-email is not available (install the Debian package git-email; git 2.33 or later)")
	}
}

// sendEmailRepo is a kernel-like repository with local send-email config,
// the two driver patches made with git format-patch, and the work tree
// back at the base commit (where the patches apply).
func sendEmailRepo(t *testing.T) (repo, buggy, clean, sent, sendmail string) {
	t.Helper()
	repo = kernelRepo(t)
	out := t.TempDir()
	sent = filepath.Join(out, "sent.mbox")
	sendmail = filepath.Join(out, "sendmail")
	os.WriteFile(sendmail, []byte("#!/bin/sh\n# stands in for sendmail: keep the message\ncat >> "+shQuote(sent)+"\n"), 0o755)
	for k, v := range map[string]string{
		"sendemail.from": "A U Thor <author@example.org>", "sendemail.confirm": "never",
		"sendemail.suppresscc": "all", "sendemail.chainreplyto": "false", "sendemail.validate": "true",
	} {
		gitRun(t, repo, "config", k, v)
	}
	patchOf := func(branch, src string) string {
		gitRun(t, repo, "checkout", "-q", "-b", branch, "master")
		os.WriteFile(filepath.Join(repo, "drivers/demo/demo_timer.c"), []byte(src), 0o644)
		gitRun(t, repo, "add", ".")
		gitRun(t, repo, "commit", "-q", "-m", "demo: add a timer tick counter ("+branch+")")
		p := strings.TrimSpace(gitRun(t, repo, "format-patch", "-1", "-o", filepath.Join(out, branch)))
		gitRun(t, repo, "checkout", "-q", "master")
		return p
	}
	return repo, patchOf("buggy", buggyDriver), patchOf("clean", cleanDriver), sent, sendmail
}

// sendEmail runs git send-email with the sendmail stand-in; no network.
func sendEmail(t *testing.T, repo, sendmail, patch string) (int, string) {
	t.Helper()
	cmd := exec.Command("git", "send-email", "--sendmail-cmd="+sendmail, "--to=x@example.org", "--confirm=never", patch)
	cmd.Dir = repo
	cmd.Env = gitEnv(filepath.Dir(repo))
	cmd.Stdin = strings.NewReader("")
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		}
		t.Fatal(err)
	}
	return 0, string(out)
}

// checkSendEmail sends the buggy patch (refused, finding printed, nothing
// sent), then the clean one (sent).
func checkSendEmail(t *testing.T, repo, buggy, clean, sent, sendmail, finding string) {
	t.Helper()
	status, out := sendEmail(t, repo, sendmail, buggy)
	if status == 0 || !strings.Contains(out, "rejected by sendemail-validate hook") || !strings.Contains(out, finding) {
		t.Errorf("buggy patch: git send-email status %d, output:\n%s", status, out)
	}
	if exists(sent) {
		t.Errorf("the buggy patch was sent:\n%s", readString(t, sent))
	}
	status, out = sendEmail(t, repo, sendmail, clean)
	if status != 0 {
		t.Fatalf("clean patch: git send-email status %d, output:\n%s", status, out)
	}
	if !exists(sent) || !strings.Contains(readString(t, sent), "Subject: [PATCH] demo: add a timer tick counter (clean)") || !strings.Contains(readString(t, sent), "spin_lock_bh(&demo_lock);") {
		t.Errorf("the clean patch did not reach sendmail; output:\n%s", out)
	}
}

// The hook as git send-email runs it, with a stand-in kcovlint: this
// checks the hook and its installation without the analysis engine.
func TestSendEmailHookWithStub(t *testing.T) {
	needSendEmail(t)
	repo, buggy, clean, sent, sendmail := sendEmailRepo(t)
	bin, log := stubKcovlint(t, t.TempDir())
	if status, _, errOut := installHook(t, bin, "-C", repo); status != 0 {
		t.Fatal(errOut)
	}
	checkSendEmail(t, repo, buggy, clean, sent, sendmail, "warning: demo_lock is taken in softirq context")
	if !strings.Contains(readString(t, log), "-C "+repo+" -- ") {
		t.Errorf("kcovlint called as %q", readString(t, log))
	}
	// Bypass once with KCOVLINT_SKIP=1.
	os.Remove(sent)
	cmd := exec.Command("git", "send-email", "--sendmail-cmd="+sendmail, "--to=x@example.org", "--confirm=never", buggy)
	cmd.Dir = repo
	cmd.Env = append(gitEnv(filepath.Dir(repo)), "KCOVLINT_SKIP=1")
	if out, err := cmd.CombinedOutput(); err != nil || !exists(sent) {
		t.Errorf("KCOVLINT_SKIP=1 git send-email: %v\n%s", err, out)
	}
	os.Remove(sent)
	cmd = exec.Command("git", "send-email", "--no-validate", "--sendmail-cmd="+sendmail, "--to=x@example.org", "--confirm=never", buggy)
	cmd.Dir = repo
	cmd.Env = gitEnv(filepath.Dir(repo))
	if out, err := cmd.CombinedOutput(); err != nil || !exists(sent) {
		t.Errorf("git send-email --no-validate: %v\n%s", err, out)
	}
}

// The real thing: the kcovlint binary built from this tree, installed with
// its own install-hook, run by git send-email.
func TestSendEmailEndToEnd(t *testing.T) {
	needSendEmail(t)
	repo, buggy, clean, sent, sendmail := sendEmailRepo(t)
	bin := buildKcovlint(t)
	// Until the analysis engine exists, lint.Run says "not implemented".
	probe := exec.Command(bin, "-q", "-C", repo, clean)
	probe.Env = gitEnv(filepath.Dir(repo))
	if out, _ := probe.CombinedOutput(); bytes.Contains(out, []byte("not implemented")) {
		t.Skip("engine not implemented yet")
	}
	cmd := exec.Command(bin, "install-hook", "-C", repo)
	cmd.Env = gitEnv(filepath.Dir(repo))
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "hook installed") {
		t.Fatalf("install-hook: %v\n%s", err, out)
	}
	if hook := readString(t, filepath.Join(repo, ".git", "hooks", hookName)); !strings.Contains(hook, "KCOVLINT="+shQuote(bin)) {
		t.Errorf("the hook does not run %s:\n%s", bin, hook)
	}
	checkSendEmail(t, repo, buggy, clean, sent, sendmail, "[lockirq]")

	// The usual flow: the patch is committed in the tree it is sent from.
	gitRun(t, repo, "checkout", "-q", "buggy")
	os.Remove(sent)
	if status, out := sendEmail(t, repo, sendmail, buggy); status == 0 || !strings.Contains(out, "[lockirq]") || exists(sent) {
		t.Errorf("buggy patch sent from its own commit: status %d\n%s", status, out)
	}

	// A function kcovlint cannot parse: said, and sent.
	gitRun(t, repo, "checkout", "-q", "-b", "unparsed", "master")
	os.WriteFile(filepath.Join(repo, "drivers/demo/demo_timer.c"), []byte(strings.Replace(cleanDriver, "\tdemo_ticks = 0;\n", "\tdemo_ticks = 0 +;\n", 1)), 0o644)
	gitRun(t, repo, "add", ".")
	gitRun(t, repo, "commit", "-q", "-m", "demo: a function kcovlint cannot parse")
	unparsed := strings.TrimSpace(gitRun(t, repo, "format-patch", "-1", "-o", t.TempDir()))
	os.Remove(sent)
	if status, out := sendEmail(t, repo, sendmail, unparsed); status != 0 || !strings.Contains(out, "demo_write() (syntax)") || !exists(sent) {
		t.Errorf("patch with a function not analysed: status %d\n%s", status, out)
	}
}

// Code kcovlint could not analyse is printed and does not stop the mail,
// unless KCOVLINT_STRICT=1 or git config kcovlint.strict asks it to.
func TestHookNotAnalysed(t *testing.T) {
	repo := kernelRepo(t)
	dir := t.TempDir()
	bin, log := filepath.Join(dir, "kcovlint"), filepath.Join(dir, "kcovlint.log")
	script := "#!/bin/sh\nprintf '%s\\n' \"$*\" >> " + shQuote(log) + `
echo "kcovlint: 1 function not analysed, findings there may be missing: drivers/demo/demo_timer.c:20 demo_write() (syntax)" >&2
case " $* " in *" --strict "*) exit 2 ;; esac
exit 0
`
	os.WriteFile(bin, []byte(script), 0o755)
	if status, _, errOut := installHook(t, bin, "-C", repo); status != 0 {
		t.Fatal(errOut)
	}
	_, clean, _, _ := mails(t)
	status, out := runHook(t, repo, nil, clean)
	if status != 0 || !strings.Contains(out, "1 function not analysed") {
		t.Errorf("not strict: status %d\n%s", status, out)
	}
	if got := readString(t, log); strings.Contains(got, "--strict") {
		t.Errorf("kcovlint called with %q", got)
	}
	for _, how := range []string{"env", "config"} {
		os.Remove(log)
		var env []string
		if how == "env" {
			env = []string{"KCOVLINT_STRICT=1"}
		} else {
			gitRun(t, repo, "config", "kcovlint.strict", "true")
		}
		status, out := runHook(t, repo, env, clean)
		if status != 1 || !strings.Contains(out, "1 function not analysed") || !strings.Contains(out, "not sending") {
			t.Errorf("strict by %s: status %d\n%s", how, status, out)
		}
		if got := readString(t, log); got != "-q --color never --strict -C "+repo+" -- "+clean+"\n" {
			t.Errorf("strict by %s: kcovlint called with %q", how, got)
		}
	}
	// KCOVLINT_STRICT=0 leaves it to the config.
	if status, _ := runHook(t, repo, []string{"KCOVLINT_STRICT=0"}, clean); status != 1 {
		t.Errorf("KCOVLINT_STRICT=0 with kcovlint.strict true: status %d (the config still asks)", status)
	}
}
