// SPDX-License-Identifier: MIT
/* An iterator macro whose statement starts with '*': an assignment
 * through a pointer (for_each_possible_cpu(i) *per_cpu_ptr(p, i) = NULL;).
 * A product cannot be assigned to, so it is the loop's statement; a
 * product as a statement of its own stays one. */
#include <linux/percpu.h>

struct match {
	void **scratch;
	int n;
};

static int clone_match(struct match *m)
{
	int i;

	for_each_possible_cpu(i)
		*per_cpu_ptr(m->scratch, i) = NULL;
	my_for_each_slot(m, i)
		*per_cpu_ptr(m->scratch, i) += 1;
	return m->n;
}
