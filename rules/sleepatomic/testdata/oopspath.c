/* SPDX-License-Identifier: MIT */
/*
 * An architecture's die(): with the die lock held and IRQs off it raises
 * oops_in_progress with bust_spinlocks(1) and dumps the faulting code,
 * reading user memory when the trap came from user mode. The fault handler
 * fixes such an access up in atomic context, and the sleep check is
 * silent: no sleep. The same read under a lock elsewhere is one, and so
 * is a wait on the oops path.
 */
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/delay.h>
#include <linux/fs.h>

static DEFINE_RAW_SPINLOCK(die_lock);
static DEFINE_SPINLOCK(dump_lock);

static void dump_code(unsigned long __user *pc)
{
	unsigned long insn;

	if (get_user(insn, pc))
		return;
}

static void oops_begin(void)
{
	raw_spin_lock_irq(&die_lock);
	bust_spinlocks(1);
}

static void oops_end(void)
{
	bust_spinlocks(0);
	raw_spin_unlock_irq(&die_lock);
}

void die(const char *str, unsigned long __user *pc)
{
	oops_begin();
	dump_code(pc);
	mdelay(1);
	msleep(1); /* want:both "msleep\\(\\) may sleep" */
	oops_end();
}
EXPORT_SYMBOL(die);

static ssize_t dump_read(struct file *f, char __user *u, size_t n, loff_t *pos)
{
	unsigned long insn;

	spin_lock(&dump_lock);
	if (get_user(insn, (unsigned long __user *)u)) /* want:both "get_user\\(\\) may sleep under" */
		n = 0;
	spin_unlock(&dump_lock);
	return n;
}

static const struct file_operations dump_fops = {
	.read = dump_read,
};
