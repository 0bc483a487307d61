// SPDX-License-Identifier: MIT
/* Instruction macros from an architecture's asm/ headers written as an asm
 * statement's template, alone or next to strings: whatever they are, they
 * expand to a string. The functions keep their calls. */
#include <linux/types.h>
#include <asm/insn-def.h>

static void flush_one(unsigned long addr, unsigned long id)
{
	asm volatile (FENCE_ONE() ::: "memory");
	asm volatile (FENCE_ADDR(%0, %1)
		      : : "r" (addr), "r" (id) : "memory");
	__asm__ __volatile__(SYNC_OP "\n\t" FENCE_TAIL(%0) : : "r" (id));
	note_flush(addr);
}

static int read_reg(void)
{
	int v;

	asm("mov %0, 1" : "=r" (v));
	return v;
}
