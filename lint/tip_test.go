// SPDX-License-Identifier: MIT

package lint

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/report"
)

// timerDriver takes demo_lock with plain spin_lock() in a timer callback
// and in a file write handler: a lockirq finding on the line marked BUG.
const timerDriver = `// SPDX-License-Identifier: GPL-2.0
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

static DEFINE_SPINLOCK(demo_lock);
static struct timer_list demo_timer;
static unsigned long demo_ticks;

static void demo_timer_fn(struct timer_list *t)
{
	spin_lock(&demo_lock);
	demo_ticks++;
	spin_unlock(&demo_lock);
}

static ssize_t demo_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	spin_lock(&demo_lock); /* BUG */
	demo_ticks = 0;
	spin_unlock(&demo_lock);
	return count;
}

static const struct file_operations demo_fops = {
	.write = demo_write,
};

static int __init demo_init(void)
{
	timer_setup(&demo_timer, demo_timer_fn, 0);
	return 0;
}
module_init(demo_init);
`

// lineOfText is the 1-based line of src holding s.
func lineOfText(src, s string) int {
	i := strings.Index(src, s)
	if i < 0 {
		return 0
	}
	return 1 + strings.Count(src[:i], "\n")
}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "HOME="+dir, "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.org",
		"GIT_COMMITTER_NAME=A", "GIT_COMMITTER_EMAIL=a@example.org")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// A git range reports every commit's findings where their lines are at
// the range's end: HEAD adds two comment lines above the bug that the
// commit before it added; a later commit changes the bug's line.
func TestGitRangeAtTip(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	repo := t.TempDir()
	file := filepath.Join(repo, "drivers/demo/demo_timer.c")
	os.MkdirAll(filepath.Dir(file), 0o755)
	os.WriteFile(filepath.Join(repo, "Makefile"), []byte("# empty\n"), 0o644)
	gitIn(t, repo, "init", "-q", "-b", "master")
	gitIn(t, repo, "add", ".")
	gitIn(t, repo, "commit", "-q", "-m", "base")
	base := gitIn(t, repo, "rev-parse", "HEAD")
	commit := func(src, msg string) string {
		os.WriteFile(file, []byte(src), 0o644)
		gitIn(t, repo, "add", ".")
		gitIn(t, repo, "commit", "-q", "-m", msg)
		return gitIn(t, repo, "rev-parse", "HEAD")
	}
	c1 := commit(timerDriver, "demo: add a timer tick counter")
	commented := strings.Replace(timerDriver, "\tspin_lock(&demo_lock); /* BUG */", "\t/* the count restarts */\n\t/* from zero */\n\tspin_lock(&demo_lock); /* BUG */", 1)
	head := commit(commented, "demo: comment the reset")

	run := func(rng string) *report.Result {
		t.Helper()
		res, err := Run(Options{Tree: repo, GitRange: rng, Index: "none", Config: "nonrt", All: true})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := run(base + "..HEAD")
	atBug := lineOfText(commented, "/* BUG */")
	if res.Tip != head[:12] {
		t.Errorf("tip %q, want %s", res.Tip, head[:12])
	}
	var fromC1 *report.Finding
	for i, f := range res.Findings {
		if f.Rule != "lockirq" {
			continue
		}
		if f.Line != atBug || f.LineGone || !strings.HasSuffix(f.File, "drivers/demo/demo_timer.c") || !strings.Contains(f.SourceLine, "/* BUG */") {
			t.Errorf("%s: %s:%d (gone %v), want line %d (HEAD's)", f.Input, f.File, f.Line, f.LineGone, atBug)
		}
		if strings.HasPrefix(f.Input, c1[:12]) {
			fromC1 = &res.Findings[i]
			if f.Status != report.StatusNew {
				t.Errorf("%s: status %s", f.Input, f.Status)
			}
		}
	}
	if fromC1 == nil {
		t.Fatalf("no lockirq finding for the first commit: %+v", res.Findings)
	}
	// Its detail's positions and chain's sites are at HEAD too.
	if d := strings.Join(fromC1.Detail, "\n"); !strings.Contains(d, fmt.Sprintf("spin_lock() at drivers/demo/demo_timer.c:%d,", atBug)) {
		t.Errorf("detail:\n%s", d)
	}
	for _, tr := range fromC1.Trace {
		for _, s := range tr.Sites {
			if s.Line > lineOfText(timerDriver, "/* BUG */") && s.Line < atBug {
				t.Errorf("a site left at the first commit's line: %+v", s)
			}
		}
	}
	// The table has a column for HEAD: the finding is there.
	var buf bytes.Buffer
	report.Write(&buf, "text", res, report.Options{Root: repo})
	if !strings.Contains(buf.String(), "at "+head[:12]) || !regexp.MustCompile(`\(non-RT\)\s+present\s+present\s+present\n`).MatchString(buf.String()) {
		t.Errorf("table:\n%s", buf.String())
	}

	// A later commit changes the bug's line: the first commit's finding
	// keeps its own position and says its line is gone.
	changed := strings.Replace(commented, "/* BUG */", "/* BUG, still */", 1)
	tip := commit(changed, "demo: touch the line")
	res = run(base + ".." + tip)
	found := false
	for _, f := range res.Findings {
		if f.Rule != "lockirq" || !strings.HasPrefix(f.Input, c1[:12]) {
			continue
		}
		found = true
		if !f.LineGone || f.Line != lineOfText(timerDriver, "/* BUG */") || !strings.Contains(strings.Join(f.Detail, "\n"), "since deleted or changed: it is not in the tree at "+tip[:12]) {
			t.Errorf("changed since: %s:%d gone %v, detail %q", f.File, f.Line, f.LineGone, f.Detail)
		}
	}
	if !found {
		t.Error("no finding for the first commit")
	}
	// The table: present at the tip, as the last commit has it.
	buf.Reset()
	report.Write(&buf, "text", res, report.Options{Root: repo})
	if !strings.Contains(buf.String(), "at "+tip[:12]) {
		t.Errorf("table:\n%s", buf.String())
	}
}
