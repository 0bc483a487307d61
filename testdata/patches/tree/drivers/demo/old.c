// SPDX-License-Identifier: MIT
/* Left over from an older demo. */
int demo_old(void)
{
	return 0;
}
