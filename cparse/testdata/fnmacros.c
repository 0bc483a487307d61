// SPDX-License-Identifier: MIT
/* Functions whose head a macro writes, and functions the file's own macros
 * define. */
#include <linux/syscalls.h>

SYSCALL_DEFINE3(frob, unsigned int, fd, char __user *, buf, size_t, count)
{
	if (!buf)
		return -EINVAL;
	return do_frob(fd, buf, count);
}

BPF_CALL_2(bpf_frob, u64, a, u64, b)
{
	return a + b;
}

#define DEFINE_GETTER(name, field)			\
static int get_##name(struct frob *f)			\
{							\
	return f->field;				\
}

DEFINE_GETTER(size, size)
DEFINE_GETTER(count, count);

int plain(void)
{
	return 0;
}
