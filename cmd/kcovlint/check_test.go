// SPDX-License-Identifier: MIT

package main

import (
	"reflect"
	"strings"
	"testing"
)

// kbuild's checker command lines (scripts/Makefile.build: $(CHECK)
// $(CHECKFLAGS) $(c_flags) $<), in a tree and in an O= build directory,
// say which tree, which configuration and which file.
func TestParseKbuildArgs(t *testing.T) {
	const checkflags = "-D__linux__ -Dlinux -D__STDC__ -Dunix -D__unix__ -Wbitwise -Wno-return-void -Wno-unknown-attribute -D__x86_64__ --arch=x86 -mlittle-endian -m64 "
	cases := []struct {
		name, line string
		files      map[string]bool
		want       kbuildCall
		err        string
	}{
		{
			name:  "in tree",
			line:  "--uncertain --rules=lockirq " + checkflags + "-Wp,-MMD,drivers/leds/.leds-apu.o.d -nostdinc -I./arch/x86/include -I./arch/x86/include/generated -I./include -I./include/uapi -include ./include/linux/compiler-version.h -include ./include/linux/kconfig.h -include ./include/linux/compiler_types.h -D__KERNEL__ -fmacro-prefix-map=./= -std=gnu11 --param=allow-store-data-races=0 -isystem /usr/lib/gcc/x86_64-linux-gnu/12/include -DMODULE -DKBUILD_BASENAME='\"leds_apu\"' -DKBUILD_MODNAME='\"leds_apu\"' -D__KBUILD_MODNAME=kmod_leds_apu drivers/leds/leds-apu.c",
			files: map[string]bool{"include/generated/autoconf.h": true},
			want:  kbuildCall{Own: []string{"--uncertain", "--rules=lockirq"}, Files: []string{"drivers/leds/leds-apu.c"}, Tree: ".", Autoconf: "include/generated/autoconf.h"},
		},
		{
			name:  "O= build directory",
			line:  "--werror " + checkflags + "-nostdinc -I/src/linux/arch/x86/include -I./arch/x86/include/generated -I/src/linux/include -I./include -include /src/linux/include/linux/kconfig.h -D__KERNEL__ -I /src/linux/drivers/leds -I ./drivers/leds /src/linux/drivers/leds/leds-apu.c",
			files: map[string]bool{"include/generated/autoconf.h": true},
			want:  kbuildCall{Werror: true, Files: []string{"/src/linux/drivers/leds/leds-apu.c"}, Tree: "/src/linux", Autoconf: "include/generated/autoconf.h"},
		},
		{
			name: "no configured build",
			line: checkflags + "-I./include -include ./include/linux/kconfig.h drivers/leds/leds-apu.c",
			err:  "no include/generated/autoconf.h",
		},
		{
			name:  "no file",
			line:  checkflags + "-I./include",
			files: map[string]bool{"include/generated/autoconf.h": true},
			err:   "no C file",
		},
		{
			name:  "no tree",
			line:  "-I./include drivers/leds/leds-apu.c",
			files: map[string]bool{"include/generated/autoconf.h": true},
			err:   "cannot tell the kernel tree",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseKbuildArgs(strings.Fields(c.line), func(p string) bool { return c.files[p] })
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one saying %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, c.want) {
				t.Errorf("got %+v\nwant %+v", *got, c.want)
			}
		})
	}
}
