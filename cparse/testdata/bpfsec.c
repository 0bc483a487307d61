// SPDX-License-Identifier: MIT
/* A BPF program as the selftests write it: SEC(name) from libbpf's
 * <bpf/bpf_helpers.h> puts a program or a map in an ELF section; the
 * program's own header adds attribute macros on the next lines. The
 * file does not define SEC. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define __tagged(d) __attribute__((btf_decl_tag("comment:" d)))
#define __expect_fail __attribute__((btf_decl_tag("comment:fail")))

int hits;

SEC("xdp")
__tagged("first program")
__expect_fail
int prog_tagged(void *ctx)
{
	hits++;
	return 0;
}

SEC("tc")
int prog_plain(void *ctx)
{
	return hits;
}

static int helper(int x) SEC(".text.helper");

static int helper(int x)
{
	return x * 2;
}

char _license[] SEC("license") = "GPL";
