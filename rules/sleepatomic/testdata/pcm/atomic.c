/* SPDX-License-Identifier: MIT */
/*
 * A PCM driver with atomic streams: the core calls .trigger under the
 * stream spinlock with IRQs off (and from the interrupt handler on an
 * xrun): waiting for the hardware there with msleep() is a bug.
 */
#include <linux/delay.h>
#include <sound/pcm.h>

struct box_chip {
	unsigned int status;
};

static int box_wait_ready(struct box_chip *chip)
{
	int i;

	for (i = 0; i < 50; i++) {
		if (chip->status)
			return 0;
		msleep(20); /* want:both "msleep\\(\\) may sleep (with IRQs disabled|in hardirq context|with BH disabled|under snd_pcm_group.lock).* in box_wait_ready\\(\\)" */
	}
	return -EIO;
}

static int box_trigger(struct snd_pcm_substream *substream, int cmd)
{
	struct box_chip *chip = snd_pcm_substream_chip(substream);

	return box_wait_ready(chip);
}

static const struct snd_pcm_ops box_pcm_ops = {
	.trigger = box_trigger,
};
