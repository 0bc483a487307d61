// SPDX-License-Identifier: MIT
/* An enum constant whose name looks like a Kconfig symbol is the file's
 * own name, not an option: the enum parses and its uses stay names. */
#include <linux/types.h>

enum chan_state {
	DISABLE_STATE,
	CONFIG_STATE,
	PREPARE_STATE,
	CONFIG_ANOTHER = 7
};

static const char *const state_names[] = {
	[DISABLE_STATE] = "DISABLE",
	[CONFIG_STATE] = "CONFIG",
};

static int chan_config(int *state)
{
	if (IS_ENABLED(CONFIG_SMP))
		*state = CONFIG_STATE;
	return *state != CONFIG_ANOTHER;
}
