// SPDX-License-Identifier: MIT
/* Kernel scalar types the headers define (aligned_s64 in linux/types.h,
 * __virtio16 in the virtio uapi types) used where no shape tells a type
 * name: a member of a struct declared in a body. */
#include <linux/types.h>
#include <linux/virtio_types.h>

static int push_sample(void *dev, s32 v)
{
	struct {
		s32 value;
		aligned_s64 stamp;
	} scan;
	struct {
		__virtio16 cols;
		__virtio32 rows;
		__virtio64 flags;
		aligned_u64 when;
	} size;

	scan.value = v;
	size.cols = 0;
	return store_sample(dev, &scan, sizeof(scan)) + size.cols;
}
