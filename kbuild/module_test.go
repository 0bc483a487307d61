// SPDX-License-Identifier: MIT

package kbuild

import (
	"os"
	"path/filepath"
	"testing"
)

// Which object a file is linked into: a composite object's part (also
// conditional, continued and in a subdirectory), a file built alone,
// two modules of one directory, and a file no Makefile names.
func TestModule(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("drv/wl/Makefile", `obj-$(CONFIG_WL_CORE) += wl.o
obj-$(CONFIG_WL_USB) += wl-usb.o
obj-y += alone.o
obj-$(CONFIG_WL_A) += a/
ccflags-y += -I$(src)
wl-y := core.o \
	dma.o sub/part.o
wl-$(CONFIG_PCI) += pci.o
wl-usb-y := usb.o
`)
	write("drv/wl/a/Makefile", `obj-$(CONFIG_WL_AE) += wl-ae.o
obj-$(CONFIG_WL_AU) += wl-au.o
wl-ae-y := main.o pci.o
wl-au-objs := main_u.o usb.o
`)
	m := NewModules(root)
	for rel, want := range map[string]string{
		"drv/wl/core.c":     "drv/wl/wl",
		"drv/wl/dma.c":      "drv/wl/wl",
		"drv/wl/pci.c":      "drv/wl/wl",
		"drv/wl/sub/part.c": "drv/wl/wl",
		"drv/wl/usb.c":      "drv/wl/wl-usb",
		"drv/wl/alone.c":    "drv/wl/alone",
		"drv/wl/a/pci.c":    "drv/wl/a/wl-ae",
		"drv/wl/a/usb.c":    "drv/wl/a/wl-au",
		"drv/wl/a/main_u.c": "drv/wl/a/wl-au",
		"drv/wl/a/other.c":  "",
		"drv/wl/nowhere.c":  "",
	} {
		if got := m.Module(rel); got != want {
			t.Errorf("Module(%s) = %q, want %q", rel, got, want)
		}
	}
	if got := (*Modules)(nil).Module("drv/wl/core.c"); got != "" {
		t.Errorf("nil Modules: %q", got)
	}
}
