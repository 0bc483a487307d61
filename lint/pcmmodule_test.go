// SPDX-License-Identifier: MIT

package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/report"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// pcmModuleTree is a PCM driver whose ops are in one file and whose
// pcm->nonatomic = true is in another file of the same module (as
// virtio-snd's virtio_pcm_ops.c and virtio_pcm.c are), and, in the same
// directory, an atomic driver of another module whose trigger sleeps.
func pcmModuleTree(nonatomic string) map[string]string {
	return map[string]string{
		"Makefile":       "# SPDX-License-Identifier: MIT\n",
		"kernel/Kconfig": "",
		"sound/split/Makefile": "# SPDX-License-Identifier: MIT\n" +
			"obj-m += snd-split.o snd-other.o\nsnd-split-y := ops.o main.o\nsnd-other-y := other.o\n",
		"sound/split/ops.c": `/* SPDX-License-Identifier: MIT */
#include <linux/mutex.h>
#include <linux/slab.h>
#include <sound/pcm.h>

struct split_chip {
	struct mutex msg_lock;
};

static int split_trigger(struct snd_pcm_substream *substream, int cmd)
{
	struct split_chip *chip = snd_pcm_substream_chip(substream);
	void *msg = kzalloc(64, GFP_KERNEL);

	mutex_lock(&chip->msg_lock);
	kfree(msg);
	mutex_unlock(&chip->msg_lock);
	return 0;
}

const struct snd_pcm_ops split_pcm_ops = {
	.trigger = split_trigger,
};
`,
		"sound/split/main.c": `/* SPDX-License-Identifier: MIT */
#include <sound/pcm.h>

extern const struct snd_pcm_ops split_pcm_ops;

int split_new_pcm(struct snd_card *card)
{
	struct snd_pcm *pcm;
	int err;

	err = snd_pcm_new(card, "split", 0, 1, 1, &pcm);
	if (err < 0)
		return err;
` + nonatomic + `
	snd_pcm_set_ops(pcm, SNDRV_PCM_STREAM_PLAYBACK, &split_pcm_ops);
	return 0;
}
`,
		"sound/split/other.c": `/* SPDX-License-Identifier: MIT */
#include <linux/delay.h>
#include <sound/pcm.h>

static int other_trigger(struct snd_pcm_substream *substream, int cmd)
{
	msleep(1);
	return 0;
}

static const struct snd_pcm_ops other_pcm_ops = {
	.trigger = other_trigger,
};
`,
	}
}

// TestNonatomicSetInAnotherFile checks that pcm->nonatomic = true in one
// file of a module makes the module's trigger, in another file, sleepable
// — and only that module's.
func TestNonatomicSetInAnotherFile(t *testing.T) {
	for _, c := range []struct {
		set       string
		wantSplit bool
	}{
		{"\tpcm->nonatomic = true;", false},
		{"", true},
	} {
		root := testenv.WriteTree(t, pcmModuleTree(c.set))
		res, err := Run(Options{Tree: root, Inputs: []string{filepath.Join(root, "sound", "split")}, Index: "none", Config: "nonrt", Rules: []string{"sleepatomic"}})
		if err != nil {
			t.Fatal(err)
		}
		split, other := false, false
		for _, f := range res.Findings {
			switch f.Function {
			case "split_trigger":
				split = true
			case "other_trigger":
				other = true
			}
		}
		if split != c.wantSplit {
			t.Errorf("nonatomic set %q: split_trigger flagged = %v, want %v; findings %v", c.set, split, c.wantSplit, res.Findings)
		}
		if !other {
			t.Errorf("nonatomic set %q: the other module's atomic trigger is not flagged: %v", c.set, res.Findings)
		}
	}
}

// A lock helper that takes a mutex or a spinlock by the object's mode
// (as the PCM core's snd_pcm_action_group() does by pcm->nonatomic),
// called from a timer: the mutex arm is reported with the doubt that the
// mode picks the spinlock in atomic context (hidden by default); a plain
// mutex in the same timer is reported without doubt.
const modeSwitchSrc = `/* SPDX-License-Identifier: MIT */
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

struct grp {
	bool nonatomic;
	struct mutex mutex;
	spinlock_t lock;
	struct mutex other;
	struct timer_list timer;
};

static void grp_lock(struct grp *g)
{
	if (g->nonatomic)
		mutex_lock(&g->mutex);
	else
		spin_lock(&g->lock);
}

static void grp_unlock(struct grp *g)
{
	if (g->nonatomic)
		mutex_unlock(&g->mutex);
	else
		spin_unlock(&g->lock);
}

static void grp_timer(struct timer_list *t)
{
	struct grp *g = from_timer(g, t, timer);

	grp_lock(g);
	grp_unlock(g);
	mutex_lock(&g->other);
	mutex_unlock(&g->other);
}

void grp_init(struct grp *g)
{
	timer_setup(&g->timer, grp_timer, 0);
}
`

func TestModeSwitchedLockUncertain(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "grp.c")
	if err := os.WriteFile(file, []byte(modeSwitchSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(Options{Inputs: []string{file}, Config: "nonrt", Rules: []string{"sleepatomic"}, Uncertain: true})
	if err != nil {
		t.Fatal(err)
	}
	var armLow, plainHigh bool
	for _, f := range res.Findings {
		switch {
		case f.Line == 17:
			armLow = f.Confidence == report.ConfidenceLow && len(f.Doubts) > 0 && strings.Contains(f.Doubts[len(f.Doubts)-1], "sleeping arm")
		case f.Line == 36:
			plainHigh = f.Confidence == report.ConfidenceHigh
		}
	}
	if !armLow {
		t.Errorf("the mutex arm of grp_lock() is not reported with the mode doubt: %+v", res.Findings)
	}
	if !plainHigh {
		t.Errorf("the plain mutex_lock() in the timer is not reported as sure: %+v", res.Findings)
	}
}
