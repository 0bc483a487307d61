// SPDX-License-Identifier: MIT

package ctxflow_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kcovlint/kcovlint/internal/testenv"
	"github.com/kcovlint/kcovlint/lint"
)

// ctxRow is one function of the Debian linux-source-6.12 tree whose
// execution contexts were worked out by reading the kernel code (the
// registration, the callers, and the kernel's rules for the callback kind:
// ../shared/design/kernel-contexts.md). docs/contexts.md is the companion
// table with the analysis' results and the reason for every miss.
type ctxRow struct {
	cat  string // category, for the per-category accuracy
	file string // file defining the function, relative to the tree
	// unit is the file to analyse when it is not file: the translation
	// unit that #includes file.
	unit string
	fn   string
	line int // line of the definition in file
	// Expected contexts: comma-separated task, softirq, hardirq, nmi.
	nonrt, rt string
	// callers: the registration or the callers are in other files, so
	// the row needs the tree-wide caller scan.
	callers bool
	why     string
}

// Categories.
const (
	catTimer    = "timer"
	catTasklet  = "tasklet"
	catNAPI     = "napi"
	catIRQ      = "irq"
	catThreaded = "threaded-irq"
	catHrtimer  = "hrtimer"
	catWork     = "work"
	catBHWork   = "bh-work"
	catFops     = "fops/ioctl"
	catSysfs    = "sysfs"
	catKthread  = "kthread"
	catRCU      = "rcu"
	catTaskWork = "task_work"
	catHelper   = "helper"
)

const (
	task       = "task"
	softirq    = "softirq"
	hardirq    = "hardirq"
	hardOrTask = "hardirq,task"
)

var ctxRows = []ctxRow{
	// Timers expire in TIMER_SOFTIRQ; on PREEMPT_RT still serving a softirq
	// (ksoftirqd/ktimers), so softirq in both configurations.
	{catTimer, "kernel/time/timer.c", "", "process_timeout", 2540, softirq, softirq, false, "timer_setup_on_stack() in schedule_timeout(), timer.c:2615"},
	{catTimer, "kernel/time/clocksource.c", "", "clocksource_watchdog", 422, softirq, softirq, false, "timer_setup() in clocksource_start_watchdog(), clocksource.c:604"},
	{catTimer, "kernel/irq/spurious.c", "", "poll_spurious_irqs", 144, softirq, softirq, false, "DEFINE_TIMER(poll_spurious_irq_timer), spurious.c:21"},
	{catTimer, "net/core/neighbour.c", "", "neigh_timer_handler", 1089, softirq, softirq, false, "timer_setup() in neigh_alloc(), neighbour.c:508"},
	{catTimer, "net/sched/sch_generic.c", "", "dev_watchdog", 507, softirq, softirq, false, "timer_setup() in dev_init_scheduler(), sch_generic.c:1494"},
	{catTimer, "net/ipv6/ip6_flowlabel.c", "", "ip6_fl_gc", 143, softirq, softirq, false, "DEFINE_TIMER(ip6_fl_gc_timer), ip6_flowlabel.c:47"},
	{catTimer, "drivers/net/arcnet/arcnet.c", "", "arcnet_timer", 383, softirq, softirq, false, "timer_setup() in alloc_arcdev(), arcnet.c:486"},
	{catTimer, "block/blk-core.c", "", "blk_rq_timed_out_timer", 382, softirq, softirq, false, "timer_setup() in blk_alloc_queue(), blk-core.c:426"},

	// Tasklets run in TASKLET_SOFTIRQ (HI_SOFTIRQ) in both configurations.
	{catTasklet, "net/ipv4/tcp_output.c", "", "tcp_tasklet_func", 1104, softirq, softirq, false, "tasklet_setup() in tcp_tasklet_init(), tcp_output.c:1184"},
	{catTasklet, "net/mac80211/main.c", "", "ieee80211_tasklet_handler", 456, softirq, softirq, false, "tasklet_setup() in ieee80211_alloc_hw_nm(), main.c:1001"},
	{catTasklet, "kernel/irq/resend.c", "", "resend_irqs", 31, softirq, softirq, false, "DECLARE_TASKLET(resend_tasklet), resend.c:48"},
	{catTasklet, "drivers/tty/vt/keyboard.c", "", "kbd_bh", 1253, softirq, softirq, false, "DECLARE_TASKLET_DISABLED(keyboard_tasklet), keyboard.c:135"},

	// NAPI poll runs in NET_RX_SOFTIRQ (threaded NAPI and busy polling:
	// task with BH disabled; the analysis, like the brief, models NAPI as
	// softirq).
	{catNAPI, "drivers/net/ethernet/realtek/r8169_main.c", "", "rtl8169_poll", 4789, softirq, softirq, false, "netif_napi_add() in rtl_init_one(), r8169_main.c:5511"},
	{catNAPI, "drivers/net/veth.c", "", "veth_poll", 965, softirq, softirq, false, "netif_napi_add() in veth_enable_xdp_range()/veth_napi_enable_range(), veth.c:1129,1228"},
	{catNAPI, "drivers/net/ethernet/intel/e100.c", "", "e100_poll", 2218, softirq, softirq, false, "netif_napi_add_weight() in e100_probe(), e100.c:2846"},
	{catNAPI, "drivers/net/wireguard/receive.c", "", "wg_packet_rx_poll", 438, softirq, softirq, true, "netif_napi_add() in wg_peer_create(), peer.c:57 (another file)"},

	// request_irq()/devm_request_irq() handlers: hardirq; force-threaded on
	// PREEMPT_RT (task, BH disabled) unless IRQF_NO_THREAD/PERCPU/ONESHOT.
	{catIRQ, "drivers/net/ethernet/alteon/acenic.c", "", "ace_interrupt", 2093, hardirq, task, false, "request_irq(IRQF_SHARED) in ace_init(), acenic.c:1157"},
	{catIRQ, "drivers/usb/gadget/udc/max3420_udc.c", "", "max3420_irq_handler", 516, hardirq, task, false, "devm_request_irq(flags 0) in max3420_probe(), max3420_udc.c:1256"},
	{catIRQ, "drivers/input/serio/i8042.c", "", "i8042_interrupt", 526, hardOrTask, task, false, "request_irq(IRQF_SHARED), i8042.c:1477,1504; also called directly from i8042_port_close/controller_resume/pm_resume_noirq/pm_thaw (task)"},
	{catIRQ, "drivers/gpio/gpio-graniterapids.c", "", "gnr_gpio_irq", 283, hardirq, hardirq, false, "devm_request_irq(IRQF_SHARED | IRQF_NO_THREAD) in gnr_gpio_probe(), gpio-graniterapids.c:342"},
	{catIRQ, "drivers/usb/host/ehci-hcd.c", "", "ehci_irq", 713, hardirq, task, false, "hc_driver.irq (ehci-hcd.c:1248), called by usb_hcd_irq(), which usb_add_hcd() requests with request_irq(IRQF_SHARED): force-threaded on RT"},

	// request_threaded_irq(): the primary handler is a hardirq handler
	// (force-threaded on RT unless IRQF_ONESHOT/NO_THREAD/PERCPU), the
	// thread function runs in a kthread.
	{catThreaded, "drivers/platform/x86/dell/dell-smo8800.c", "", "smo8800_interrupt_quick", 31, hardirq, hardirq, false, "primary of request_threaded_irq(IRQF_TRIGGER_RISING | IRQF_ONESHOT), dell-smo8800.c:137: IRQF_ONESHOT is not force-threaded"},
	{catThreaded, "drivers/platform/x86/dell/dell-smo8800.c", "", "smo8800_interrupt_thread", 40, task, task, false, "thread fn of request_threaded_irq(), dell-smo8800.c:138"},
	{catThreaded, "drivers/net/wireless/broadcom/brcm80211/brcmfmac/pcie.c", "", "brcmf_pcie_quick_check_isr", 921, hardirq, task, false, "primary of request_threaded_irq(IRQF_SHARED), pcie.c:971: force-threaded on RT"},
	{catThreaded, "drivers/net/wireless/broadcom/brcm80211/brcmfmac/pcie.c", "", "brcmf_pcie_isr_thread", 934, task, task, false, "thread fn of request_threaded_irq(), pcie.c:972"},
	{catThreaded, "drivers/input/touchscreen/egalax_ts.c", "", "egalax_ts_interrupt", 64, task, task, false, "thread fn of devm_request_threaded_irq(NULL primary, IRQF_ONESHOT), egalax_ts.c:205"},

	// hrtimers: hardirq unless a *_SOFT mode; on RT softirq unless *_HARD.
	{catHrtimer, "kernel/time/posix-timers.c", "", "posix_timer_fn", 318, hardirq, softirq, false, "hrtimer_init(mode ABS or REL) + .function in common_hrtimer_arm(), posix-timers.c:811-812"},
	{catHrtimer, "drivers/watchdog/softdog.c", "", "softdog_fire", 78, hardirq, softirq, false, "hrtimer_init(HRTIMER_MODE_REL) + .function in softdog_init(), softdog.c:190-191"},
	{catHrtimer, "kernel/watchdog.c", "", "watchdog_timer_fn", 675, hardirq, hardirq, false, "hrtimer_init(HRTIMER_MODE_REL_HARD) + .function in watchdog_enable(), watchdog.c:791-792: hard on RT too"},
	{catHrtimer, "drivers/usb/gadget/udc/dummy_hcd.c", "", "dummy_timer", 1818, softirq, softirq, false, "hrtimer_init(HRTIMER_MODE_REL_SOFT) + .function in dummy_start_ss()/dummy_start(), dummy_hcd.c:2514-2515,2544-2545"},
	{catHrtimer, "drivers/usb/host/ehci-timer.c", "drivers/usb/host/ehci-hcd.c", "ehci_hrtimer_func", 398, hardirq, softirq, false, "hrtimer_init(HRTIMER_MODE_ABS) + .function in ehci_init(), ehci-hcd.c:469-470 (ehci-timer.c is #included by ehci-hcd.c)"},
	{catHrtimer, "sound/core/hrtimer.c", "", "snd_hrtimer_callback", 30, hardirq, softirq, false, "hrtimer_init(HRTIMER_MODE_REL) + .function in snd_hrtimer_open(), hrtimer.c:69-71"},

	// Work items on ordinary workqueues run in a kworker: task.
	{catWork, "drivers/net/ethernet/realtek/r8169_main.c", "", "rtl_task", 4748, task, task, false, "INIT_WORK() in rtl_init_one(), r8169_main.c:5505; schedule_work() in rtl_schedule_task() :2433"},
	{catWork, "drivers/net/arcnet/arcnet.c", "", "reset_device_work", 398, task, task, false, "INIT_WORK() in alloc_arcdev(), arcnet.c:487; schedule_work() :910"},
	{catWork, "net/mac80211/main.c", "", "ieee80211_restart_work", 463, task, task, false, "INIT_WORK(), main.c:976; queue_work(system_freezable_wq) :546"},
	{catWork, "net/ipv6/addrconf.c", "", "addrconf_dad_work", 4238, task, task, false, "INIT_DELAYED_WORK(), addrconf.c:1139; mod_delayed_work(addrconf_wq) :336"},
	{catWork, "mm/vmstat.c", "", "vmstat_update", 2003, task, task, false, "INIT_DEFERRABLE_WORK() per CPU in start_shepherd_timer(), vmstat.c:2120; mm_percpu_wq"},
	{catWork, "mm/percpu.c", "", "pcpu_balance_workfn", 2199, task, task, false, "DECLARE_WORK(pcpu_balance_work), percpu.c:197; schedule_work() :204"},
	{catWork, "block/blk-core.c", "", "blk_timeout_work", 389, task, task, false, "INIT_WORK() in blk_alloc_queue(), blk-core.c:427; kblockd_schedule_work() :386"},
	{catWork, "fs/file_table.c", "", "delayed_fput", 485, task, task, false, "DECLARE_DELAYED_WORK(delayed_fput_work), file_table.c:515; also flush_delayed_fput() :511 (task)"},
	{catWork, "drivers/net/wireguard/send.c", "", "wg_packet_handshake_send_worker", 46, task, task, true, "INIT_WORK() in wg_peer_create(), peer.c:48 (another file); queue_work(handshake_send_wq) send.c:76"},

	// Work queued on a BH workqueue runs in softirq (both configurations).
	{catBHWork, "drivers/net/ethernet/alteon/acenic.c", "", "ace_bh_work", 1563, softirq, softirq, false, "INIT_WORK() in ace_open(), acenic.c:2270; queue_work(system_bh_wq) :2213"},
	{catBHWork, "drivers/net/arcnet/arcnet.c", "", "arcnet_reply_work", 428, softirq, softirq, false, "INIT_WORK() in arcnet_open(), arcnet.c:531; queue_work(system_bh_highpri_wq) :988"},
	{catBHWork, "kernel/backtracetest.c", "", "backtrace_test_bh_workfn", 24, softirq, softirq, false, "DECLARE_WORK(backtrace_bh_work, &backtrace_test_bh_workfn), backtracetest.c:29; queue_work(system_bh_wq) :36"},

	// File operations, ioctls and seq_file operations: task.
	{catFops, "net/socket.c", "", "sock_ioctl", 1235, task, task, false, "file_operations.unlocked_ioctl (socket_file_ops), socket.c:160; compat_sock_ioctl() :3462,3498"},
	{catFops, "drivers/usb/core/devio.c", "", "usbdev_ioctl", 2819, task, task, false, "file_operations.unlocked_ioctl (usbdev_file_operations), devio.c:2851"},
	{catFops, "drivers/net/tun.c", "", "tun_chr_ioctl", 3436, task, task, false, "file_operations.unlocked_ioctl (tun_fops), tun.c:3570"},
	{catFops, "drivers/char/random.c", "", "random_ioctl", 1485, task, task, false, "file_operations.unlocked_ioctl (random_fops, urandom_fops), random.c:1557,1568"},
	{catFops, "mm/kmemleak.c", "", "kmemleak_write", 2112, task, task, false, "file_operations.write (kmemleak_fops), kmemleak.c:2189"},
	{catFops, "mm/vmstat.c", "", "vmstat_start", 1848, task, task, false, "seq_operations.start (vmstat_op), vmstat.c:1927"},

	// sysfs show/store: task.
	{catSysfs, "kernel/power/main.c", "", "state_show", 669, task, task, false, "kobj_attribute via power_attr(state), main.c:750"},
	{catSysfs, "kernel/power/main.c", "", "state_store", 718, task, task, false, "kobj_attribute via power_attr(state), main.c:750"},
	{catSysfs, "drivers/usb/core/sysfs.c", "", "autosuspend_show", 401, task, task, false, "device_attribute via DEVICE_ATTR_RW(autosuspend), sysfs.c:420"},
	{catSysfs, "mm/ksm.c", "", "run_store", 3447, task, task, false, "kobj_attribute via KSM_ATTR(run) = __ATTR_RW(run), ksm.c:3487"},

	// Kernel threads: task.
	{catKthread, "kernel/hung_task.c", "", "watchdog", 363, task, task, false, "kthread_run(watchdog, \"khungtaskd\"), hung_task.c:398"},
	{catKthread, "mm/khugepaged.c", "", "khugepaged", 2585, task, task, false, "kthread_run(khugepaged) in start_stop_khugepaged(), khugepaged.c:2664"},
	{catKthread, "mm/kmemleak.c", "", "kmemleak_scan_thread", 1895, task, task, false, "kthread_run() in start_scan_thread(), kmemleak.c:1937"},
	{catKthread, "mm/ksm.c", "", "ksm_scan_thread", 2766, task, task, false, "kthread_run(\"ksmd\") in ksm_init(), ksm.c:3924"},
	{catKthread, "drivers/usb/gadget/udc/max3420_udc.c", "", "max3420_thread", 839, task, task, false, "kthread_create() in max3420_probe(), max3420_udc.c:1261"},
	{catKthread, "kernel/softirq.c", "", "run_ksoftirqd", 944, task, task, false, "smp_hotplug_thread.thread_fn (softirq_threads), softirq.c:995: the ksoftirqd kthread"},

	// RCU callbacks: RCU_SOFTIRQ on non-RT; rcuc/rcuo kthreads with BH
	// disabled on RT (use_softirq=0).
	{catRCU, "kernel/pid.c", "", "delayed_put_pid", 127, softirq, task, false, "call_rcu() in free_pid(), pid.c:163"},
	{catRCU, "net/ipv4/fib_semantics.c", "", "free_fib_info_rcu", 233, softirq, task, false, "call_rcu_hurry() in free_fib_info(), fib_semantics.c:257"},
	{catRCU, "net/sched/sch_generic.c", "", "qdisc_free_cb", 1080, softirq, task, false, "call_rcu() in qdisc_free_rcu(), sch_generic.c:1094"},
	{catRCU, "mm/mmu_gather.c", "", "tlb_remove_table_rcu", 281, softirq, task, false, "call_rcu() in tlb_remove_table_free(), mmu_gather.c:288"},
	{catRCU, "mm/slub.c", "", "rcu_free_slab", 2722, softirq, task, false, "call_rcu() in free_slab(), slub.c:2740"},
	{catRCU, "net/core/neighbour.c", "", "neigh_rcu_free_parms", 1751, softirq, task, false, "call_rcu() in neigh_parms_release(), neighbour.c:1768"},

	// task_work callbacks run in the task, on return to user mode or exit.
	{catTaskWork, "fs/file_table.c", "", "____fput", 494, task, task, false, "init_task_work() + task_work_add() in fput(), file_table.c:527-528"},

	// Helpers with no registration of their own: the context comes
	// through the call graph from the entry points that call them.
	{catHelper, "drivers/net/ethernet/realtek/r8169_main.c", "", "rtl_rx", 4630, softirq, softirq, false, "called only from rtl8169_poll() (NAPI), r8169_main.c:4797"},
	{catHelper, "drivers/net/ethernet/realtek/r8169_main.c", "", "rtl_tx", 4568, softirq, softirq, false, "called only from rtl8169_poll() (NAPI), r8169_main.c:4795"},
	{catHelper, "drivers/net/ethernet/realtek/r8169_main.c", "", "rtl_reset_work", 4165, task, task, false, "called from rtl_task() (work) :4780,4783 and rtl8169_up() (ndo_open/resume) :4877"},
	{catHelper, "drivers/net/veth.c", "", "veth_xdp_rcv", 907, softirq, softirq, false, "called only from veth_poll() (NAPI), veth.c:985"},
	{catHelper, "kernel/hung_task.c", "", "check_hung_uninterruptible_tasks", 183, task, task, false, "called only from the khungtaskd kthread watchdog(), hung_task.c:381"},
	{catHelper, "kernel/hung_task.c", "", "check_hung_task", 92, task, task, false, "called only from check_hung_uninterruptible_tasks(), hung_task.c:216"},
	{catHelper, "drivers/net/wireguard/receive.c", "", "wg_packet_consume_data_done", 335, softirq, softirq, true, "called only from wg_packet_rx_poll() (NAPI registered in peer.c:57), receive.c:474"},
}

// kernelTree returns the Debian linux-source-6.12 tree (testenv.KernelTree)
// and skips the test also when the tree is not Linux 6.12: the expected
// contexts and lines are Debian's linux-source-6.12.
func kernelTree(t *testing.T) string {
	t.Helper()
	dir := testenv.KernelTree(t)
	mk, err := os.ReadFile(filepath.Join(dir, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^VERSION = 6\n+PATCHLEVEL = 12$`).Match(mk) {
		t.Skipf("the tree at %s is not Linux 6.12: the expected contexts and lines are for Debian's linux-source-6.12 (run scripts/kernel-tree.sh, or point KCOVLINT_KERNEL_TREE at that tree)", dir)
	}
	return dir
}

// gotCtx is what the analysis reports for one context of one function in one
// configuration.
type gotCtx struct {
	assumed bool // every witness is assumed (callers unknown)
	witness string
}

type rowResult struct {
	found bool
	line  int
	err   string
	got   map[string]map[string]gotCtx // config -> context -> witness
}

// analyse runs lint.Graph on the inputs for the names, going on past names
// the analysis does not find.
func analyse(tree string, inputs []string, names []string, noCallers bool) (map[string]*rowResult, error) {
	out := map[string]*rowResult{}
	rest := append([]string(nil), names...)
	for len(rest) > 0 {
		res, err := lint.Graph(lint.Options{Tree: tree, Inputs: inputs, Config: "both", NoCallers: noCallers}, rest)
		for _, gf := range res {
			r := &rowResult{found: true, line: gf.Line, got: map[string]map[string]gotCtx{}}
			for _, c := range gf.Contexts {
				m := r.got[c.Config]
				if m == nil {
					m = map[string]gotCtx{}
					r.got[c.Config] = m
				}
				w := fmt.Sprintf("%s via %s", strings.Join(c.Chain, " -> "), c.Root)
				if old, ok := m[c.Context]; ok && !old.assumed {
					continue
				}
				m[c.Context] = gotCtx{assumed: c.Assumed, witness: w}
			}
			out[gf.Name] = r
		}
		if err == nil {
			break
		}
		if !errors.Is(err, lint.ErrInput) || len(res) >= len(rest) {
			return out, err
		}
		// lint.Graph stops at the first name it does not find.
		missing := rest[len(res)]
		out[missing] = &rowResult{err: err.Error()}
		rest = rest[len(res)+1:]
	}
	return out, nil
}

func parseSet(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// judge compares one configuration of a row: right when the contexts
// reported are exactly the expected ones and each has a witness that is not
// assumed. It returns the reported set (assumed contexts marked "?") and,
// for a miss, why.
func judge(r *rowResult, config, expected string) (got string, right, rightLenient bool, why string) {
	want := parseSet(expected)
	if r == nil || !r.found {
		msg := "not analysed"
		if r != nil && r.err != "" {
			msg = r.err
		}
		return "not found", false, false, msg
	}
	m := r.got[config]
	var names, plain []string
	for c, g := range m {
		plain = append(plain, c)
		if g.assumed {
			names = append(names, c+"?")
		} else {
			names = append(names, c)
		}
	}
	sort.Strings(names)
	sort.Strings(plain)
	got = "{" + strings.Join(names, ",") + "}"
	rightLenient = strings.Join(plain, ",") == strings.Join(want, ",")
	var reasons []string
	wantSet := map[string]bool{}
	for _, w := range want {
		wantSet[w] = true
		g, ok := m[w]
		switch {
		case !ok:
			reasons = append(reasons, "missing "+w)
		case g.assumed:
			reasons = append(reasons, fmt.Sprintf("%s only assumed (%s)", w, g.witness))
		}
	}
	for _, c := range plain {
		if !wantSet[c] {
			reasons = append(reasons, fmt.Sprintf("extra %s (%s)", c, m[c].witness))
		}
	}
	if len(m) == 0 {
		reasons = append(reasons, "no context at all: no registration or caller reaches it")
	}
	return got, len(reasons) == 0, rightLenient, strings.Join(reasons, "; ")
}

// TestContextsKernelTree checks the contexts the analysis computes for the
// functions of ctxRows against the ones read from the kernel code. A row is
// right when, in both configurations, the set of contexts reported equals
// the expected set and none of them rests only on an assumption (a function
// whose callers are unknown is assumed to run in task context: such a
// context counts against the row when it is not expected, and does not count
// for it when it is). The test fails below 90% of rows right.
func TestContextsKernelTree(t *testing.T) {
	tree := kernelTree(t)
	start := time.Now()

	type group struct {
		inputs    []string
		noCallers bool
		names     []string
	}
	groups := map[string]*group{}
	var order []string
	callerGroup := &group{}
	for _, r := range ctxRows {
		unit := r.unit
		if unit == "" {
			unit = r.file
		}
		if r.callers {
			// One caller scan for all the rows that need one.
			in := filepath.Join(tree, unit)
			if !contains(callerGroup.inputs, in) {
				callerGroup.inputs = append(callerGroup.inputs, in)
			}
			if !contains(callerGroup.names, r.fn) {
				callerGroup.names = append(callerGroup.names, r.fn)
			}
			continue
		}
		g := groups[unit]
		if g == nil {
			g = &group{inputs: []string{filepath.Join(tree, unit)}, noCallers: true}
			groups[unit] = g
			order = append(order, unit)
		}
		if !contains(g.names, r.fn) {
			g.names = append(g.names, r.fn)
		}
	}
	all := make([]*group, 0, len(order)+1)
	for _, u := range order {
		all = append(all, groups[u])
	}
	if len(callerGroup.names) > 0 {
		all = append(all, callerGroup)
	}

	// results[key] with key "unit\x00fn" for per-file groups, "callers\x00fn"
	// for the caller scan.
	results := make([]map[string]*rowResult, len(all))
	errs := make([]error, len(all))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, g := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i], errs[i] = analyse(tree, g.inputs, g.names, g.noCallers)
		}()
	}
	wg.Wait()
	lookup := func(r ctxRow) *rowResult {
		unit := r.unit
		if unit == "" {
			unit = r.file
		}
		for i, g := range all {
			if r.callers != !g.noCallers || !contains(g.inputs, filepath.Join(tree, unit)) {
				continue
			}
			if errs[i] != nil {
				return &rowResult{err: errs[i].Error()}
			}
			return results[i][r.fn]
		}
		return nil
	}

	type tally struct{ rows, right, pairs, pairsRight, lenient int }
	cats := map[string]*tally{}
	var catOrder []string
	var total tally
	var table, misses strings.Builder
	fmt.Fprintf(&table, "%-16s %-36s %-58s %-13s %-13s %-13s %-13s %s\n", "category", "function", "file:line", "want nonrt", "got nonrt", "want rt", "got rt", "")
	for _, r := range ctxRows {
		res := lookup(r)
		c := cats[r.cat]
		if c == nil {
			c = &tally{}
			cats[r.cat] = c
			catOrder = append(catOrder, r.cat)
		}
		gotN, okN, lenN, whyN := judge(res, "nonrt", r.nonrt)
		gotR, okR, lenR, whyR := judge(res, "rt", r.rt)
		ok := okN && okR
		for _, x := range []*tally{c, &total} {
			x.rows++
			x.pairs += 2
			if ok {
				x.right++
			}
			if okN {
				x.pairsRight++
			}
			if okR {
				x.pairsRight++
			}
			if lenN && lenR {
				x.lenient++
			}
		}
		mark := "right"
		if !ok {
			mark = "MISS"
		}
		fmt.Fprintf(&table, "%-16s %-36s %-58s %-13s %-13s %-13s %-13s %s\n", r.cat, r.fn, fmt.Sprintf("%s:%d", r.file, r.line),
			"{"+r.nonrt+"}", gotN, "{"+r.rt+"}", gotR, mark)
		if res != nil && res.found && res.line != r.line {
			t.Logf("note: %s is at %s:%d in this tree, the table says %d (another 6.12 stable release?)", r.fn, r.file, res.line, r.line)
		}
		if !ok {
			fmt.Fprintf(&misses, "MISS %s (%s:%d) [%s]: %s\n", r.fn, r.file, r.line, r.why, r.cat)
			if !okN {
				fmt.Fprintf(&misses, "    nonrt: want {%s}, got %s: %s\n", r.nonrt, gotN, whyN)
			}
			if !okR {
				fmt.Fprintf(&misses, "    rt:    want {%s}, got %s: %s\n", r.rt, gotR, whyR)
			}
		}
	}
	t.Logf("contexts of %d functions of the 6.12 tree (\"?\": only assumed, callers unknown):\n%s", len(ctxRows), table.String())
	if misses.Len() > 0 {
		t.Logf("misses:\n%s", misses.String())
	}
	var sum strings.Builder
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(b) }
	for _, k := range catOrder {
		c := cats[k]
		fmt.Fprintf(&sum, "  %-14s %2d/%2d rows (%5.1f%%), %2d/%2d configs\n", k, c.right, c.rows, pct(c.right, c.rows), c.pairsRight, c.pairs)
	}
	fmt.Fprintf(&sum, "  %-14s %2d/%2d rows (%5.1f%%), %d/%d configs (%.1f%%); ignoring assumed contexts: %d/%d rows\n", "overall", total.right, total.rows, pct(total.right, total.rows),
		total.pairsRight, total.pairs, pct(total.pairsRight, total.pairs), total.lenient, total.rows)
	t.Logf("accuracy (a row is right when both configurations are):\n%s  analysed in %v", sum.String(), time.Since(start).Round(time.Millisecond))
	if len(ctxRows) < 40 {
		t.Errorf("only %d rows: the table must keep at least 40", len(ctxRows))
	}
	if pct(total.right, total.rows) < 90 {
		t.Errorf("context accuracy %.1f%% (%d/%d rows) is below 90%%: see the misses above and docs/contexts.md", pct(total.right, total.rows), total.right, total.rows)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
