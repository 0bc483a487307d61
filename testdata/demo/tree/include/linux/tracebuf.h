// SPDX-License-Identifier: MIT
/*
 * tracebuf: event buffers that kernel threads, timers and BH work record
 * into on behalf of whoever registered the buffer under an id.
 *
 * A user registers a buffer with tracebuf_register(). Code working for that
 * user brackets the work with tracebuf_attach(id) and tracebuf_detach();
 * tracebuf_event() in between records into the buffer attached to the
 * current task, or to the softirq the current task is serving.
 */
#ifndef _LINUX_TRACEBUF_H
#define _LINUX_TRACEBUF_H

#include <linux/types.h>

struct tracebuf;

/*
 * What a task has attached. task_struct embeds one as ->tracebuf (that
 * header is not part of this demo tree).
 */
struct tracebuf_task {
	struct tracebuf *buf;
	unsigned long *area;	/* events recorded since the attach */
	unsigned int len;	/* entries used in area */
	unsigned int cap;	/* entries in area */
	bool softirq;		/* attached by a softirq, not the task */
};

int tracebuf_register(u64 id, unsigned int size);
void tracebuf_unregister(u64 id);
void tracebuf_attach(u64 id);
void tracebuf_detach(void);
void tracebuf_event(unsigned long ev);

/* The ids users pass: a subsystem tag in the top byte, an instance below. */
#define TRACEBUF_SUBSYS_SAMPLER	0x01ull
#define TRACEBUF_SUBSYS_PKTSTAT	0x02ull

static inline u64 tracebuf_id(u64 subsys, u32 instance)
{
	return (subsys << 56) | instance;
}

#endif /* _LINUX_TRACEBUF_H */
