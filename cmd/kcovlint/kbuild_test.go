// SPDX-License-Identifier: MIT

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// debianConfigs are Debian's own kernel configurations for the tree
// (package linux-config-6.12), by the name the test gives them.
var debianConfigs = map[string]string{
	"amd64":    "/usr/src/linux-config-6.12/config.amd64_none_amd64.xz",
	"amd64-rt": "/usr/src/linux-config-6.12/config.amd64_rt_amd64.xz",
}

// kbuildDir configures a build directory of the tree (make O=DIR
// olddefconfig prepare) with one of Debian's configurations; it skips the
// test when the configuration or the build tools are not on the machine.
func kbuildDir(t *testing.T, tree, config string) string {
	t.Helper()
	src := debianConfigs[config]
	if _, err := os.Stat(src); err != nil {
		t.Skipf("no %s: install Debian's linux-config-6.12 (.ci/run does)", src)
	}
	for _, tool := range []string{"make", "gcc", "flex", "bison", "bc", "xz"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s: a kernel build needs it (.ci/run installs the build tools)", tool)
		}
	}
	// objtool and the signing tools build against libelf and OpenSSL.
	for _, h := range []string{"/usr/include/gelf.h", "/usr/include/openssl/opensslv.h"} {
		if _, err := os.Stat(h); err != nil {
			t.Skipf("no %s: a kernel build needs it (libelf-dev, libssl-dev; .ci/run installs them)", h)
		}
	}
	dir := t.TempDir()
	xz, err := exec.Command("xz", "-dc", src).Output()
	if err != nil {
		t.Fatalf("xz -dc %s: %v", src, err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".config"), xz, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, target := range [][]string{{"olddefconfig"}, {"-j2", "prepare"}} {
		cmd := exec.Command("make", append([]string{"-s", "-C", tree, "O=" + dir}, target...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("make %s (%s): %v\n%s", strings.Join(target, " "), config, err, out)
		}
	}
	return dir
}

// kcovlint check is the CHECK of a real kernel build: `make C=1
// CHECK="kcovlint check" obj.o` (and C=2) in a build directory configured with
// Debian's amd64 and amd64 PREEMPT_RT configurations lints each object's
// source in exactly that configuration, prints the findings as the
// compiler prints warnings, and does not stop the build unless --werror.
func TestKbuildCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("configures and builds kernel objects (-short)")
	}
	tree := testenv.KernelTree(t)
	bin := filepath.Join(t.TempDir(), "kcovlint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// leds-apu.c takes its lock with spin_lock() in a brightness_set
	// callback that the LED core's blink timer calls in softirq: a
	// {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} inconsistency in the non-RT
	// kernel, and nothing in the RT one, where timers run in a thread.
	const finding = "drivers/leds/leds-apu.c:110:2: warning: inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage"
	objs := []string{"drivers/leds/leds-apu.o", "drivers/leds/led-class.o"}
	for _, tc := range []struct {
		config string
		want   bool
	}{{"amd64", true}, {"amd64-rt", false}} {
		t.Run(tc.config, func(t *testing.T) {
			dir := kbuildDir(t, tree, tc.config)
			make := func(c, check string) (string, error) {
				var out bytes.Buffer
				cmd := exec.Command("make", append([]string{"-C", tree, "O=" + dir, "C=" + c, "CHECK=" + check}, objs...)...)
				cmd.Stdout, cmd.Stderr = &out, &out
				err := cmd.Run()
				return out.String(), err
			}
			// C=1: the files compiled (all of them, in a new build
			// directory).
			out, err := make("1", bin+" check")
			if err != nil {
				t.Fatalf("make C=1 CHECK=\"kcovlint check\": %v (a finding must not stop the build)\n%s", err, out)
			}
			for _, obj := range objs {
				if src := strings.TrimSuffix(obj, ".o") + ".c"; !strings.Contains(out, "CHECK   "+filepath.Join(tree, src)) {
					t.Errorf("kbuild did not run the checker on %s:\n%s", src, out)
				}
			}
			if got := strings.Contains(out, finding); got != tc.want {
				t.Errorf("finding %q printed: %v, want %v\n%s", finding, got, tc.want, out)
			}
			if strings.Contains(out, "kcovlint check:") || strings.Contains(out, "internal error") {
				t.Errorf("the checker complained:\n%s", out)
			}
			if tc.want {
				config := filepath.Join("include", "generated", "autoconf.h")
				if !strings.Contains(out, "config: "+config) {
					t.Errorf("the finding does not say it was read in the build's configuration (%s):\n%s", config, out)
				}
				// C=2 (every file, compiled or not) with --werror: a
				// finding stops the build.
				if out, err := make("2", fmt.Sprintf("%s check --werror", bin)); err == nil {
					t.Errorf("make C=2 CHECK=\"kcovlint check --werror\" succeeded with a finding:\n%s", out)
				}
			}
		})
	}
}
