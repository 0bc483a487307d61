// SPDX-License-Identifier: MIT
/* Statements passed as macro arguments: scoped_cond_guard()'s failure
 * action, an assertion's code to run. An argument that starts with a
 * statement keyword or holds a ';' is a statement: it becomes a statement
 * expression, so the call and the function parse. */
#include <linux/cleanup.h>
#include <linux/mutex.h>

struct port {
	struct mutex mutex;
	int state;
};

static int do_autoconfig(struct port *port)
{
	scoped_cond_guard(mutex_intr, return -ERESTARTSYS, &port->mutex) {
		port->state = 1;
	}
	return 0;
}

static int check_state(struct port *port)
{
	int ret = 0;

	MY_ASSERT_WITH_CODE(port->state > 0, "bad state", ret = -EINVAL; goto out);
	MY_ASSERT_WITH_CODE(port->state < 9, "bad state", return -EINVAL);
	MY_CHECK(port->state, break_out(port), if (port->state) port->state--);
out:
	return ret;
}
