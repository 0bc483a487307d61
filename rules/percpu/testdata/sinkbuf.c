/* SPDX-License-Identifier: MIT */
/*
 * A CoreSight sink's alloc_buffer runs in preemptible task context (perf's
 * setup_aux from mmap of the AUX buffer): the CPU number taken there is
 * stale as soon as it is read.
 */
#include <linux/coresight.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/topology.h>

struct sink_buf {
	int node;
};

static void *sink_alloc_buffer(struct coresight_device *csdev, struct perf_event *event,
			       void **pages, int nr_pages, bool overwrite)
{
	int node = cpu_to_node(smp_processor_id()); /* want:both "smp_processor_id\\(\\) in preemptible task context in sink_alloc_buffer\\(\\)" */
	struct sink_buf *buf = kzalloc_node(sizeof(*buf), GFP_KERNEL, node);

	if (buf)
		buf->node = node;
	return buf;
}

static const struct coresight_ops_sink sink_ops = {
	.alloc_buffer = sink_alloc_buffer,
};
