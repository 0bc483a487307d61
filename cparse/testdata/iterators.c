// SPDX-License-Identifier: MIT
/* Iterator macros: NAME(args) statement. */
#include <linux/list.h>

struct item {
	struct list_head node;
	int v;
};

int sum(struct list_head *head)
{
	struct item *pos, *tmp;
	int cpu, s = 0;

	list_for_each_entry(pos, head, node) {
		s += pos->v;
	}
	list_for_each_entry_safe(pos, tmp, head, node)
		s -= pos->v;
	for_each_possible_cpu(cpu)
		s++;
	scoped_guard(spinlock_irqsave, &item_lock) {
		s *= 2;
	}
	my_for_each_thing(pos, head) s++;
	hlist_for_each_entry_rcu(pos, head, node, lockdep_is_held(&item_lock)) {
		if (pos->v)
			continue;
	}
	do {
		s--;
	} while_each_thread(head, pos);
	return s;
}
