/* SPDX-License-Identifier: MIT */
/*
 * A PCM driver: the core calls .trigger under the stream lock with IRQs
 * disabled (and on an xrun from snd_pcm_period_elapsed() in the
 * interrupt handler), so the plain spin_lock() of the chip's register
 * lock there is safe against the interrupt handler. The mixer control,
 * a file operation here, takes the same lock with IRQs enabled: that is
 * the deadlock.
 */
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/fs.h>
#include <sound/pcm.h>

struct card_chip {
	spinlock_t reg_lock;
	unsigned int ctrl;
	struct snd_pcm_substream *substream;
};

static irqreturn_t card_interrupt(int irq, void *dev_id)
{
	struct card_chip *chip = dev_id;

	spin_lock(&chip->reg_lock);
	chip->ctrl = 0;
	spin_unlock(&chip->reg_lock);
	snd_pcm_period_elapsed(chip->substream);
	return IRQ_HANDLED;
}

static int card_trigger(struct snd_pcm_substream *substream, int cmd)
{
	struct card_chip *chip = snd_pcm_substream_chip(substream);

	spin_lock(&chip->reg_lock);
	chip->ctrl = cmd;
	spin_unlock(&chip->reg_lock);
	return 0;
}

static long card_mixer_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct card_chip *chip = f->private_data;

	spin_lock(&chip->reg_lock); /* want "HARDIRQ-ON-W.*&chip->reg_lock is taken with hardirqs enabled in card_mixer_ioctl\\(\\) and in hardirq context in (card_interrupt|card_trigger)\\(\\)" */
	chip->ctrl = cmd;
	spin_unlock(&chip->reg_lock);
	return 0;
}

static const struct snd_pcm_ops card_pcm_ops = {
	.trigger = card_trigger,
};

static const struct file_operations card_fops = {
	.unlocked_ioctl = card_mixer_ioctl,
};

static int card_probe(struct card_chip *chip, int irq)
{
	return request_irq(irq, card_interrupt, IRQF_SHARED, "card", chip);
}
