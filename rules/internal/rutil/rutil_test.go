// SPDX-License-Identifier: MIT

package rutil

import "testing"

func TestKeyText(t *testing.T) {
	for key, want := range map[string]string{
		"pool_lock":                              "pool_lock",
		"struct sock.sk_receive_queue.lock":      "struct sock.sk_receive_queue.lock",
		"struct kcov@kernel/kcov.c.lock":         "struct kcov.lock, struct kcov of kernel/kcov.c",
		"struct foo_dev@drivers/x/a.c.q.lock":    "struct foo_dev.q.lock, struct foo_dev of drivers/x/a.c",
		"struct chan.lock#foo_rx_key":            "struct chan.lock, lockdep class foo_rx_key",
		"struct chan@a.c.lock#struct foo.rx_key": "struct chan.lock, struct chan of a.c, lockdep class struct foo.rx_key",
	} {
		if got := KeyText(key); got != want {
			t.Errorf("KeyText(%q) = %q, want %q", key, got, want)
		}
	}
}
