// SPDX-License-Identifier: MIT

package lint

import (
	"bytes"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
	"github.com/kcovlint/kcovlint/report"
)

// writeWaysTree writes a small tree: a file that takes a spinlock, a timer
// callback (softirq) that calls it through a static helper of its file,
// and a work item (task) that calls it with BH disabled or not.
func writeWaysTree(t *testing.T, bhInWork bool) string {
	t.Helper()
	root := t.TempDir()
	write := func(rel, text string) { testenv.WriteFile(t, root, rel, text) }
	write("lib/counter.c", `static DEFINE_SPINLOCK(counter_lock);
static unsigned long counter;

void counter_add(unsigned long n)
{
	spin_lock(&counter_lock);
	counter += n;
	spin_unlock(&counter_lock);
}
`)
	write("drivers/foo/timer.c", `void counter_add(unsigned long n);
static struct timer_list foo_timer;

static void foo_account(int n)
{
	if (n > 0)
		counter_add(n);
}

static void foo_timer_fn(struct timer_list *t)
{
	foo_account(1);
}

void foo_start(void)
{
	timer_setup(&foo_timer, foo_timer_fn, 0);
}
`)
	work := `void counter_add(unsigned long n);
static struct work_struct bar_work;
static DEFINE_MUTEX(bar_mutex);

static void bar_work_fn(struct work_struct *w)
{
	mutex_lock(&bar_mutex);
	counter_add(2);
	mutex_unlock(&bar_mutex);
}

void bar_init(void)
{
	INIT_WORK(&bar_work, bar_work_fn);
}
`
	if bhInWork {
		work = strings.Replace(work, "\tcounter_add(2);\n", "\tlocal_bh_disable();\n\tcounter_add(2);\n\tlocal_bh_enable();\n", 1)
	}
	write("drivers/bar/work.c", work)
	return root
}

func lintWays(t *testing.T, root, db string, parseCallers bool) (*report.Result, string) {
	t.Helper()
	var progress bytes.Buffer
	res, err := Run(Options{Tree: root, Inputs: []string{filepath.Join(root, "lib", "counter.c")}, Index: db, Progress: &progress, ParseCallers: parseCallers})
	if err != nil {
		t.Fatal(err)
	}
	return res, progress.String()
}

func traces(fs []report.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Key + "\n")
		for _, tr := range f.Trace {
			b.WriteString("  " + tr.Context + ": " + strings.Join(tr.Chain, " -> ") + "\n")
			for _, s := range tr.Sites {
				b.WriteString("    " + s.File + ":" + strconv.Itoa(s.Line) + ":" + strconv.Itoa(s.Column) + " " + s.Message + "\n")
			}
		}
	}
	return b.String()
}

// The ways through the index give what parsing the callers' files gives:
// the lock is taken in softirq (the timer, through a static helper of the
// timer's file) and in task context with softirqs enabled (the work item),
// with the same witnesses; and only the linted file is parsed.
func TestWaysSameAsParsedCallers(t *testing.T) {
	root := writeWaysTree(t, false)
	db := filepath.Join(t.TempDir(), "i.db")
	buildIndex(t, root, db)

	ways, progress := lintWays(t, root, db, false)
	if !strings.Contains(progress, "ways into the patch's functions from the index") || strings.Contains(progress, "context files") {
		t.Errorf("ways not used, or context files parsed:\n%s", progress)
	}
	parsed, progress2 := lintWays(t, root, db, true)
	if !strings.Contains(progress2, "context files") {
		t.Errorf("ParseCallers did not parse the callers:\n%s", progress2)
	}
	a, b := traces(ways.Findings), traces(parsed.Findings)
	if a != b {
		t.Errorf("ways and parsed callers differ:\nways:\n%s\nparsed:\n%s", a, b)
	}
	if !strings.Contains(a, "lockirq|nonrt|counter_lock|counter_add") {
		t.Errorf("no lockirq finding for counter_lock:\n%s", a)
	}
	for _, want := range []string{"foo_timer_fn -> foo_account -> counter_add", "bar_work_fn -> counter_add", "drivers/foo/timer.c:10:13 entered: timer_setup() in foo_start()", "drivers/foo/timer.c:7:3"} {
		if !strings.Contains(a, want) {
			t.Errorf("witness %q missing:\n%s", want, a)
		}
	}
}

// With BH disabled around the work item's call, the state composed along
// the way says so: no finding.
func TestWaysCarryState(t *testing.T) {
	root := writeWaysTree(t, true)
	db := filepath.Join(t.TempDir(), "i.db")
	buildIndex(t, root, db)
	ways, _ := lintWays(t, root, db, false)
	if got := findingKeys(ways.Findings); len(got) != 0 {
		t.Errorf("findings with BH disabled in the task caller: %q\n%s", got, traces(ways.Findings))
	}
	parsed, _ := lintWays(t, root, db, true)
	if a, b := findingKeys(ways.Findings), findingKeys(parsed.Findings); !slices.Equal(a, b) {
		t.Errorf("ways %q, parsed callers %q", a, b)
	}
}

// Ways do not start in code the x86_64 configurations do not build
// (another architecture), nor pass through start_kernel() (boot: IRQs
// off, sleeping allocations allowed); a caller in another .c file of a
// non-static function is not followed (its callers are unknown, as when
// that file is parsed with the patch).
func TestWaysLeaveOutOtherArchesAndBoot(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) { testenv.WriteFile(t, root, rel, text) }
	write("lib/grab.c", "void *grab(void)\n{\n\treturn kmalloc(16, GFP_KERNEL);\n}\n")
	write("arch/riscv/kernel/rv.c", "void *grab(void);\nvoid rv_fn(void)\n{\n\tlocal_irq_disable();\n\tgrab();\n\tlocal_irq_enable();\n}\n")
	write("init/main.c", "void *grab(void);\nvoid start_kernel(void)\n{\n\tlocal_irq_disable();\n\tgrab();\n}\n")
	write("drivers/x/x.c", "void *grab(void);\nvoid x_fn(void)\n{\n\tlocal_irq_disable();\n\tgrab();\n\tlocal_irq_enable();\n}\n")
	write("drivers/y/y.c", "void x_fn(void);\nvoid y_outer(void)\n{\n\tspin_lock_bh(&y_lock);\n\tx_fn();\n\tspin_unlock_bh(&y_lock);\n}\n")
	db := filepath.Join(t.TempDir(), "i.db")
	buildIndex(t, root, db)
	res, err := Run(Options{Tree: root, Inputs: []string{filepath.Join(root, "lib", "grab.c")}, Index: db})
	if err != nil {
		t.Fatal(err)
	}
	got := traces(res.Findings)
	if !strings.Contains(got, "x_fn -> grab") {
		t.Errorf("the x86 caller with IRQs off is not reported:\n%s", got)
	}
	for _, bad := range []string{"rv_fn", "start_kernel", "y_outer"} {
		if strings.Contains(got, bad) {
			t.Errorf("a way through %s:\n%s", bad, got)
		}
	}
}

// A system call in another file is entered by any number of tasks at
// once: through the index's ways, as through its parsed file, a per-CPU
// busy counter it updates under migrate_disable() alone is another
// task's to clobber (percpu's lost-update check wants two ways in, or
// one that many tasks take).
func TestWaysCarryManyTasks(t *testing.T) {
	root := t.TempDir()
	testenv.WriteFile(t, root, "lib/busy.c", `static DEFINE_PER_CPU(int, busy_count);

int busy_enter(void)
{
	int ret = 0;

	migrate_disable();
	if (__this_cpu_inc_return(busy_count) != 1)
		ret = -EBUSY;
	__this_cpu_dec(busy_count);
	migrate_enable();
	return ret;
}
`)
	testenv.WriteFile(t, root, "kernel/busysys.c", `int busy_enter(void);

SYSCALL_DEFINE1(busyctl, int, how)
{
	return busy_enter();
}
`)
	db := filepath.Join(t.TempDir(), "i.db")
	buildIndex(t, root, db)
	for _, parse := range []bool{false, true} {
		res, err := Run(Options{Tree: root, Inputs: []string{filepath.Join(root, "lib", "busy.c")}, Index: db, ParseCallers: parse, Rules: []string{"percpu"}})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range res.Findings {
			found = found || strings.Contains(f.Message, "updated with __this_cpu_inc_return() in busy_enter() with only migration disabled")
		}
		if !found {
			t.Errorf("parse callers %v: no lost update in busy_enter():\n%s", parse, traces(res.Findings))
		}
	}
}
