/* SPDX-License-Identifier: MIT */
/*
 * kmap_atomic() disables preemption until kunmap_atomic() (migration on
 * PREEMPT_RT, where sleeping there is allowed); kunmap_atomic() is a
 * header macro, so the table says what it does.
 */
#include <linux/highmem.h>
#include <linux/delay.h>
#include <linux/fs.h>

static struct page *buf_page;

static ssize_t buf_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	void *p = kmap_atomic(buf_page);

	memset(p, 0, 16);
	kunmap_atomic(p);
	msleep(10);
	return n;
}

static ssize_t buf_read(struct file *f, char __user *u, size_t n, loff_t *pos)
{
	void *p = kmap_atomic(buf_page);

	msleep(10); /* want:nonrt "msleep\\(\\) may sleep" */
	kunmap_atomic(p);
	return n;
}

static const struct file_operations buf_fops = {
	.write = buf_write,
	.read = buf_read,
};
