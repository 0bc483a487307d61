// SPDX-License-Identifier: MIT

package ctxflow

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/internal/testenv"
)

// flowOfFiles is flowOf for a unit of several files (paths relative to a
// temporary tree; the first ones listed are the inputs in that order).
func flowOfFiles(t *testing.T, files map[string]string) *Flow {
	t.Helper()
	dir := testenv.WriteTree(t, files)
	var inputs []string
	for name := range files {
		if strings.HasSuffix(name, ".c") {
			inputs = append(inputs, filepath.Join(dir, filepath.FromSlash(name)))
		}
	}
	sort.Strings(inputs)
	u, err := cunit.New(dir, []*cparse.Config{cparse.NewConfig(false)}, inputs, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cg := callgraph.Build(u)
	return &Flow{Config: "nonrt", Graph: cg.Graphs["nonrt"], Table: u.Table, Unit: u, Funcs: map[*callgraph.Node]*FuncInfo{}}
}

// ownerTree is a small subsystem: a core that calls a device's method
// for the device it is given and a bound handler's method for it, a
// library that fills the method for its callers, and four drivers.
var ownerTree = map[string]string{
	"core/ev.h": `struct ev_dev;
struct ev_dev { void (*event)(struct ev_dev *d, int v); void (*open)(struct ev_dev *d); };
struct ev_handler { void (*notify)(struct ev_dev *d, int v); };
void ev_report(struct ev_dev *d, int v);
void ev_lib_setup(struct ev_dev *d);
int ev_register_handler(struct ev_handler *h);
`,
	"core/ev.c": `#include "ev.h"
static struct ev_handler *the_handler;
int ev_register_handler(struct ev_handler *h) { the_handler = h; return 0; }
void ev_report(struct ev_dev *d, int v)
{
	if (d->event)
		d->event(d, v);
	the_handler->notify(d, v);
}
`,
	"lib/evlib.c": `#include "../core/ev.h"
static void lib_event(struct ev_dev *d, int v) { }
void ev_lib_setup(struct ev_dev *d) { d->event = lib_event; }
`,
	"drv/keeper.c": `#include <linux/interrupt.h>
#include "../core/ev.h"
struct keeper { struct ev_dev *dev; int irq; };
static irqreturn_t keeper_irq(int irq, void *p)
{
	struct keeper *k = p;
	ev_report(k->dev, 1);
	return IRQ_HANDLED;
}
int keeper_probe(struct keeper *k)
{
	return request_irq(k->irq, keeper_irq, 0, "keeper", k);
}
`,
	"drv/own.c": `#include <linux/interrupt.h>
#include "../core/ev.h"
struct own { struct ev_dev dev; int irq; };
static void own_event(struct ev_dev *d, int v) { }
static irqreturn_t own_irq(int irq, void *p)
{
	struct own *o = p;
	ev_report(&o->dev, 1);
	return IRQ_HANDLED;
}
int own_probe(struct own *o)
{
	o->dev.event = own_event;
	return request_irq(o->irq, own_irq, 0, "own", o);
}
`,
	"drv/uselib.c": `#include <linux/interrupt.h>
#include "../core/ev.h"
struct uselib { struct ev_dev *dev; int irq; };
static irqreturn_t uselib_irq(int irq, void *p)
{
	struct uselib *u = p;
	ev_report(u->dev, 1);
	return IRQ_HANDLED;
}
int uselib_probe(struct uselib *u)
{
	ev_lib_setup(u->dev);
	return request_irq(u->irq, uselib_irq, 0, "uselib", u);
}
`,
	"drv/other.c": `#include "../core/ev.h"
static void other_event(struct ev_dev *d, int v) { }
static void other_open(struct ev_dev *d) { }
struct other { struct ev_dev dev; };
void other_probe(struct other *o) { o->dev.event = other_event; o->dev.open = other_open; }
`,
	"handlers/h1.c": `#include "../core/ev.h"
static void h1_notify(struct ev_dev *d, int v) { }
static struct ev_handler h1 = { .notify = h1_notify };
int h1_init(void) { return ev_register_handler(&h1); }
`,
	"handlers/h2.c": `#include "../core/ev.h"
static void h2_notify(struct ev_dev *d, int v) { }
static struct ev_handler h2 = { .notify = h2_notify };
int h2_init(void) { return ev_register_handler(&h2); }
`,
}

// A call through a method field runs the method of the object at hand:
// the object of the driver the path came from (its own method, one a
// library it calls stores, or none), not every implementation; a
// handler's method, which no driver on the path keeps, stays every one.
func TestOwnerNarrowsMethodCalls(t *testing.T) {
	f := flowOfFiles(t, ownerTree)
	f.run()
	got := map[string][]string{}
	for _, name := range []string{"own_event", "other_event", "lib_event", "h1_notify", "h2_notify"} {
		for _, n := range f.Graph.Lookup(name) {
			for _, e := range f.Contexts(n) {
				if e.Ctx == Hardirq {
					got[name] = append(got[name], e.Chain[0].Func)
				}
			}
		}
		sort.Strings(got[name])
	}
	want := map[string]string{
		"own_event":   "own_irq",
		"other_event": "",
		"lib_event":   "uselib_irq",
		// One entry: the paths differ only in the owners of the
		// methods above, which change nothing below.
		"h1_notify": "keeper_irq",
		"h2_notify": "keeper_irq",
	}
	for name, w := range want {
		if g := strings.Join(got[name], " "); g != w {
			t.Errorf("%s: entered in hardirq from %q, want %q", name, g, w)
		}
	}
}

// busTree is a bus library with two accessor tables (MMIO and USB, one
// module each) that two drivers pick at probe, and that every file calls
// through a macro: each driver's paths reach only its own accessors.
var busTree = map[string]string{
	"bus/bus.h": `struct wl_dev;
struct wl_bus_ops { unsigned int (*rr)(struct wl_dev *d, unsigned int r); };
struct wl_dev { const struct wl_bus_ops *bus; int irq; };
#define wl_rr(d, r) (d)->bus->rr((d), (r))
void wl_mmio_init(struct wl_dev *d);
void wl_usb_init(struct wl_dev *d);
void wl_dump(struct wl_dev *d);
`,
	"bus/mmio.c": `#include "bus.h"
static unsigned int mmio_rr(struct wl_dev *d, unsigned int r) { return r; }
static const struct wl_bus_ops mmio_ops = { .rr = mmio_rr };
void wl_mmio_init(struct wl_dev *d) { d->bus = &mmio_ops; }
void wl_dump(struct wl_dev *d) { wl_rr(d, 4); }
`,
	"bus/usb.c": `#include <linux/mutex.h>
#include "bus.h"
static DEFINE_MUTEX(usb_mtx);
static unsigned int usb_rr(struct wl_dev *d, unsigned int r) { mutex_lock(&usb_mtx); mutex_unlock(&usb_mtx); return r; }
static const struct wl_bus_ops usb_ops = { .rr = usb_rr };
void wl_usb_init(struct wl_dev *d) { d->bus = &usb_ops; }
`,
	"pcidrv/main.c": `#include <linux/interrupt.h>
#include "../bus/bus.h"
struct pd { struct wl_dev wl; };
static irqreturn_t pd_irq(int irq, void *p)
{
	struct pd *d = p;
	wl_rr(&d->wl, 1);
	wl_dump(&d->wl);
	return IRQ_HANDLED;
}
int pd_probe(struct pd *d)
{
	wl_mmio_init(&d->wl);
	wl_rr(&d->wl, 0);
	return request_irq(d->wl.irq, pd_irq, 0, "pd", d);
}
`,
	"usbdrv/main.c": `#include <linux/interrupt.h>
#include "../bus/bus.h"
struct ud { struct wl_dev wl; };
static irqreturn_t ud_thread(int irq, void *p)
{
	struct ud *u = p;
	wl_rr(&u->wl, 1);
	return IRQ_HANDLED;
}
int ud_probe(struct ud *u)
{
	wl_usb_init(&u->wl);
	return request_threaded_irq(u->wl.irq, NULL, ud_thread, 0, "ud", u);
}
`,
}

// The accessors a driver module's interrupt handler reaches through the
// bus table are those its probe installed (through the library it
// calls), not the other driver's: the USB accessor, which sleeps, is not
// entered in hardirq from the PCI driver's handler, also through the
// library's own wl_dump(); the MMIO one is.
func TestDriverModuleNarrowsMethodCalls(t *testing.T) {
	f := flowOfFiles(t, busTree)
	f.run()
	hard := map[string][]string{}
	for _, name := range []string{"mmio_rr", "usb_rr"} {
		for _, n := range f.Graph.Lookup(name) {
			for _, e := range f.Contexts(n) {
				if e.Ctx == Hardirq {
					hard[name] = append(hard[name], strings.Join(e.ChainNames(), ">"))
				}
			}
		}
		sort.Strings(hard[name])
	}
	if g := strings.Join(hard["mmio_rr"], " "); g != "pd_irq>mmio_rr pd_irq>wl_dump>mmio_rr" {
		t.Errorf("mmio_rr: hardirq entries %q", g)
	}
	if g := hard["usb_rr"]; len(g) != 0 {
		t.Errorf("usb_rr: hardirq entries %q, want none (usbdrv's accessor on pcidrv's device)", g)
	}
}

// gadgetTree: a controller driver that calls methods another module
// installed — the gadget driver's ops, handed over by a core (the
// controller stores none of them), and a channel's push method, set by
// a protocol on a channel object the controller only points to. Its
// paths are not narrowed to what it stores: they reach those methods.
var gadgetTree = map[string]string{
	"core/g.h": `struct g_driver { void (*setup)(int v); void (*reset)(int v); };
struct chan { void (*push)(struct chan *c, int v); int vpi; int vci; int flags; };
struct udc { struct g_driver *driver; struct chan *rx; };
int udc_bind(struct udc *u, struct g_driver *d);
`,
	"core/core.c": `#include "g.h"
int udc_bind(struct udc *u, struct g_driver *d) { u->driver = d; return 0; }
`,
	"gadget/comp.c": `#include "../core/g.h"
static void comp_setup(int v) { }
static void comp_reset(int v) { }
static struct g_driver comp = { .setup = comp_setup, .reset = comp_reset };
int comp_init(struct udc *u) { return udc_bind(u, &comp); }
`,
	"gadget2/ser.c": `#include "../core/g.h"
static void ser_setup(int v) { }
static struct g_driver ser = { .setup = ser_setup };
int ser_init(struct udc *u) { return udc_bind(u, &ser); }
`,
	"proto/push.c": `#include "../core/g.h"
static void proto_push(struct chan *c, int v) { }
void proto_attach(struct chan *c) { c->push = proto_push; }
`,
	"proto2/push.c": `#include "../core/g.h"
static void proto2_push(struct chan *c, int v) { }
void proto2_attach(struct chan *c) { c->push = proto2_push; }
`,
	"udc/ast.c": `#include <linux/interrupt.h>
#include "../core/g.h"
struct ast { struct udc udc; int irq; };
static irqreturn_t ast_irq(int irq, void *p)
{
	struct ast *a = p;
	a->udc.driver->setup(1);
	a->udc.rx->push(a->udc.rx, 1);
	return IRQ_HANDLED;
}
int ast_probe(struct ast *a)
{
	return request_irq(a->irq, ast_irq, 0, "ast", a);
}
`,
}

func TestDriverModuleForeignMethods(t *testing.T) {
	f := flowOfFiles(t, gadgetTree)
	f.run()
	for _, name := range []string{"comp_setup", "ser_setup", "proto_push", "proto2_push"} {
		if !enteredIn(f, name, Hardirq) {
			t.Errorf("%s: not entered in hardirq from ast_irq (another module installs it)", name)
		}
	}
}

// An exported library function's callers are not all in the unit (a
// header wrapper the unit does not read calls it for drivers it does
// not show: led_classdev_register() around led_classdev_register_ext()):
// the timer it sets up for any device keeps every device's methods.
var exportedLibTree = map[string]string{
	"lib/lib.h": `#include <linux/timer.h>
struct xops { void (*op)(int v); void (*op2)(int v); };
struct xdev { const struct xops *ops; struct timer_list t; };
void lib_init(struct xdev *d);
`,
	"lib/core.c": `#include <linux/export.h>
#include "lib.h"
static void lib_tick(struct timer_list *t)
{
	struct xdev *d = from_timer(d, t, t);
	d->ops->op(1);
}
void lib_init(struct xdev *d) { timer_setup(&d->t, lib_tick, 0); }
EXPORT_SYMBOL(lib_init);
`,
	"drva/a.c": `#include "../lib/lib.h"
static void a_op(int v) { }
static const struct xops a_ops = { .op = a_op };
struct adev { struct xdev x; };
void a_probe(struct adev *a) { a->x.ops = &a_ops; lib_init(&a->x); }
`,
	"drvb/b.c": `#include "../lib/lib.h"
static void b_op(int v) { }
static const struct xops b_ops = { .op = b_op };
struct bdev { struct xdev x; void (*init)(struct xdev *d); };
void b_probe(struct bdev *b) { b->x.ops = &b_ops; b->init = lib_init; b->init(&b->x); }
`,
}

func TestExportedLibraryKeepsAllMethods(t *testing.T) {
	f := flowOfFiles(t, exportedLibTree)
	f.run()
	for _, name := range []string{"a_op", "b_op"} {
		if !enteredIn(f, name, Softirq) {
			t.Errorf("%s: not entered in softirq from the library's timer", name)
		}
	}
}

// enteredIn reports whether a function named name has an entry in context c.
func enteredIn(f *Flow, name string, c Ctx) bool {
	for _, n := range f.Graph.Lookup(name) {
		for _, e := range f.Contexts(n) {
			if e.Ctx == c {
				return true
			}
		}
	}
	return false
}

// ldiscTree: a line discipline that is a tty driver too (n_gsm): it
// stores its own tty methods and calls through the tty it is attached to,
// which is any driver's. Its paths reach the other drivers' methods: a
// file storing methods of a type is not the owner of every object of the
// type it calls through.
var ldiscTree = map[string]string{
	"core/tty.h": `struct tty;
struct tty_ops { int (*room)(struct tty *t); };
struct tty { const struct tty_ops *ops; };
int tty_room(struct tty *t);
`,
	"core/tty_io.c": `#include "tty.h"
int tty_room(struct tty *t) { return t->ops->room(t); }
`,
	"gsm/gsm.c": `#include <linux/workqueue.h>
#include "../core/tty.h"
struct gsm { struct tty *tty; struct work_struct w; };
static int gsmtty_room(struct tty *t) { return 0; }
static const struct tty_ops gsmtty_ops = { .room = gsmtty_room };
static void gsm_write_task(struct work_struct *w)
{
	struct gsm *g = container_of(w, struct gsm, w);
	if (g->tty->ops->room(g->tty) > 0)
		tty_room(g->tty);
}
void gsm_attach(struct gsm *g, struct tty *t, struct tty *own)
{
	g->tty = t;
	own->ops = &gsmtty_ops;
	INIT_WORK(&g->w, gsm_write_task);
}
`,
	"fdc/fdc.c": `#include "../core/tty.h"
static int fdc_room(struct tty *t) { return 1; }
static const struct tty_ops fdc_ops = { .room = fdc_room };
void fdc_probe(struct tty *t) { t->ops = &fdc_ops; }
`,
}

func TestLdiscReachesTheTtysMethods(t *testing.T) {
	t.Skip("known gap: Graph.ModuleOwner takes the objects gsm's structs point to (struct tty *) for gsm's own, " +
		"and gsm stores a tty_ops method, so the work's call is narrowed to gsmtty_room; the chain's owner " +
		"test is right (gsm.c calls through the type); in the Debian tree's drivers/tty the same shape " +
		"(n_gsm over mips_ejtag_fdc) is not narrowed, keepMembers stopping earlier")
	f := flowOfFiles(t, ldiscTree)
	f.run()
	from := false
	for _, n := range f.Graph.Lookup("fdc_room") {
		for _, e := range f.Contexts(n) {
			if names := e.ChainNames(); len(names) > 0 && names[0] == "gsm_write_task" {
				from = true
			}
		}
	}
	if !from {
		t.Errorf("fdc_room: not entered from the line discipline's work (the tty it is attached to may be fdc's)")
	}
}

// gpioTree: a core whose character device reaches any chip's method. The
// cdev file's directory header has a struct pointing to the chip type,
// as gpiolib's gpio_device does, but the core is a library (drivers call
// it by name): it holds its callers' chips and owns no method, so the
// ioctl reaches every driver's.
var gpioTree = map[string]string{
	"core/gpiolib.h": `struct gchip { void (*set)(struct gchip *c, int v); };
struct gdev { struct gchip *chip; };
void gset(struct gdev *d, int v);
int gadd(struct gdev *d, struct gchip *c);
`,
	"core/gpiolib.c": `#include "gpiolib.h"
void gset(struct gdev *d, int v) { d->chip->set(d->chip, v); }
int gadd(struct gdev *d, struct gchip *c) { d->chip = c; return 0; }
`,
	"core/cdev.c": `#include <linux/fs.h>
#include "gpiolib.h"
static long lh_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct gdev *d = f->private_data;
	gset(d, 1);
	return 0;
}
static const struct file_operations lh_fops = { .unlocked_ioctl = lh_ioctl };
`,
	"drva/a.c": `#include "../core/gpiolib.h"
struct achip { struct gchip gc; struct gdev gd; };
static void a_set(struct gchip *c, int v) { }
int a_probe(struct achip *a) { a->gc.set = a_set; return gadd(&a->gd, &a->gc); }
`,
	"drvb/b.c": `#include "../core/gpiolib.h"
struct bchip { struct gchip gc; struct gdev gd; };
static void b_set(struct gchip *c, int v) { }
int b_probe(struct bchip *b) { b->gc.set = b_set; return gadd(&b->gd, &b->gc); }
`,
}

func TestLibraryOwnsNoMethod(t *testing.T) {
	f := flowOfFiles(t, gpioTree)
	f.run()
	for _, name := range []string{"a_set", "b_set"} {
		from := false
		for _, n := range f.Graph.Lookup(name) {
			for _, e := range f.Contexts(n) {
				if names := e.ChainNames(); len(names) > 0 && names[0] == "lh_ioctl" {
					from = true
				}
			}
		}
		if !from {
			t.Errorf("%s: not entered from the core's ioctl", name)
		}
	}
}
