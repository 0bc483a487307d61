/* SPDX-License-Identifier: MIT */
#ifndef DEMO_H
#define DEMO_H

int demo_read(void);
void demo_init(void);

#endif
