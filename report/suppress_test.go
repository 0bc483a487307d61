// SPDX-License-Identifier: MIT

package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

const suppressSrc = `// SPDX-License-Identifier: GPL-2.0
static DEFINE_SPINLOCK(a_lock);

static void a(void)
{
	spin_lock(&a_lock); /* kcovlint: ignore lockirq -- only called with BH off, see b() */
	spin_unlock(&a_lock);
}

static void b(void)
{
	// kcovlint: ignore lockirq -- the timer is deleted before this runs
	spin_lock(&a_lock);
	spin_unlock(&a_lock);
}

static void c(void)
{
	/* kcovlint: ignore lockirq */
	spin_lock(&a_lock);
	spin_unlock(&a_lock);
}

/*
 * d - takes a_lock
 *
 * kcovlint: ignore lockirq -- d() only runs from the timer
 */
static void
d(void)
{
	int x = 0;

	spin_lock(&a_lock);
	spin_unlock(&a_lock);
}

static void e(void)
{
	/* kcovlint: ignore percpu -- another rule */
	spin_lock(&a_lock);
	spin_unlock(&a_lock);
}
`

func lineOf(t *testing.T, fn string, nth int) int {
	t.Helper()
	// The line of the nth "spin_lock(" after "fn(void)" or "\nfn(".
	lines := strings.Split(suppressSrc, "\n")
	in := false
	for i, l := range lines {
		if strings.Contains(l, " "+fn+"(void)") || strings.HasPrefix(l, fn+"(void)") {
			in = true
		}
		if in && strings.Contains(l, "spin_lock(") {
			nth--
			if nth == 0 {
				return i + 1
			}
		}
	}
	t.Fatalf("no spin_lock in %s", fn)
	return 0
}

func funcLine(fn string) int {
	for i, l := range strings.Split(suppressSrc, "\n") {
		if strings.HasPrefix(l, fn+"(void)") || strings.HasSuffix(l, " "+fn+"(void)") {
			return i + 1
		}
	}
	return 0
}

func TestSuppress(t *testing.T) {
	mk := func(fn, rule string) Finding {
		return Finding{Rule: rule, File: "drivers/demo/a.c", Line: lineOf(t, fn, 1), Function: fn, FunctionLine: funcLine(fn), Config: "nonrt", Status: StatusNew}
	}
	findings := []Finding{
		mk("a", "lockirq"), // same line, with reason
		mk("b", "lockirq"), // line above, // comment
		mk("c", "lockirq"), // no reason: kept, with a note
		mk("d", "lockirq"), // function comment, declaration on two lines
		mk("e", "lockirq"), // comment for another rule
		mk("a", "percpu"),  // the same line, another rule
	}
	read := func(p string) ([]byte, error) {
		if p == "drivers/demo/a.c" {
			return []byte(suppressSrc), nil
		}
		return nil, errors.New("no such file")
	}
	kept, suppressed := Suppress(findings, read)
	var k, s []string
	for _, f := range kept {
		k = append(k, f.Function+"/"+f.Rule)
	}
	for _, f := range suppressed {
		s = append(s, f.Function+"/"+f.Rule)
	}
	if got, want := strings.Join(k, " "), "c/lockirq e/lockirq a/percpu"; got != want {
		t.Errorf("kept %s, want %s", got, want)
	}
	if got, want := strings.Join(s, " "), "a/lockirq b/lockirq d/lockirq"; got != want {
		t.Errorf("suppressed %s, want %s", got, want)
	}
	if len(kept) > 0 && (len(kept[0].Detail) != 1 || !strings.Contains(kept[0].Detail[0], "gives no reason")) {
		t.Errorf("the finding kept for a comment without reason says: %q", kept[0].Detail)
	}
	if findings[2].Detail != nil {
		t.Error("Suppress changed the caller's finding")
	}
	// The note is added once, however often Suppress runs.
	again, _ := Suppress(kept[:1], read)
	if len(again[0].Detail) != 1 {
		t.Errorf("note added twice: %q", again[0].Detail)
	}
	// The text output shows the note.
	var buf bytes.Buffer
	WriteText(&buf, &Result{Findings: kept[:1]}, Options{})
	if !strings.Contains(buf.String(), `"kcovlint: ignore lockirq" comment at drivers/demo/a.c:19 gives no reason`) {
		t.Errorf("text output lacks the note:\n%s", buf.String())
	}
	// An unreadable file suppresses nothing.
	f := mk("a", "lockirq")
	f.File = "elsewhere.c"
	if kept, _ := Suppress([]Finding{f}, read); len(kept) != 1 {
		t.Error("finding in an unreadable file suppressed")
	}
}

func TestBaseline(t *testing.T) {
	var buf bytes.Buffer
	old := kcovV4Result()
	if err := WriteJSON(&buf, old, Options{Root: testRoot}); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBaseline(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 2 {
		t.Fatalf("baseline has %d findings, want 2", b.Len())
	}
	now := kcovV4Result()
	// Lines moved: still known.
	now.Findings[0].Line += 7
	// Another object: new.
	extra := kcovLockFinding("v4")
	extra.Object, extra.Key = "kcov_remote_lock", "lockirq|nonrt|kcov_remote_lock|kcov_remote_stop"
	// Another config: new.
	rt := kcovLockFinding("v4")
	rt.Config, rt.Key = "rt", "lockirq|rt|&kcov->lock|kcov_remote_stop"
	now.Findings = append(now.Findings, extra, rt)
	kept, dropped := b.Filter(now.Findings, testRoot)
	if dropped != 2 || len(kept) != 2 || kept[0].Object != "kcov_remote_lock" || kept[1].Config != "rt" {
		t.Errorf("kept %d (%v), dropped %d", len(kept), kept, dropped)
	}
	if _, err := ReadBaseline(strings.NewReader("not json")); err == nil {
		t.Error("garbage accepted as a baseline")
	}
}
