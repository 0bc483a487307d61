/* SPDX-License-Identifier: MIT */
/*
 * A PCM driver that sets pcm->nonatomic: the core locks its streams with
 * the group mutex and calls .trigger in sleepable task context, where the
 * driver takes its own mutex to talk to the DSP.
 */
#include <linux/mutex.h>
#include <sound/pcm.h>

struct dsp_chip {
	struct mutex msg_lock;
	unsigned int state;
};

static int dsp_trigger(struct snd_pcm_substream *substream, int cmd)
{
	struct dsp_chip *chip = snd_pcm_substream_chip(substream);

	mutex_lock(&chip->msg_lock);
	chip->state = cmd;
	mutex_unlock(&chip->msg_lock);
	return 0;
}

static const struct snd_pcm_ops dsp_pcm_ops = {
	.trigger = dsp_trigger,
};

static int dsp_new_pcm(struct snd_card *card, struct dsp_chip *chip)
{
	struct snd_pcm *pcm;
	int err;

	err = snd_pcm_new(card, "dsp", 0, 1, 1, &pcm);
	if (err < 0)
		return err;
	pcm->nonatomic = true;
	snd_pcm_set_ops(pcm, SNDRV_PCM_STREAM_PLAYBACK, &dsp_pcm_ops);
	return 0;
}
