// SPDX-License-Identifier: MIT

package cunit

import (
	"reflect"
	"testing"

	"github.com/kcovlint/kcovlint/kapi"
)

func TestLockWords(t *testing.T) {
	src := []byte(`
static DEFINE_SPINLOCK(remote_lock);
static void f(struct foo *foo, struct bar *b)
{
	unsigned long flags;

	spin_lock_irqsave(&foo->lock, flags);
	spin_unlock_irqrestore(&foo->lock, flags);
	spin_lock(&remote_lock);
	raw_spin_lock(&per_cpu(bar_data, 1).lock);
	if (spin_trylock (&b->inner.lock))
		spin_unlock(&b->inner.lock);
	mutex_lock(&foo->mutex);
	my_spin_lock(&not_a_lock);
}
`)
	got := lockWords(src, kapi.Default())
	want := [][]string{
		{"b", "inner", "lock"},
		{"foo", "lock"},
		{"foo", "mutex"},
		{"per_cpu", "bar_data", "lock"},
		{"remote_lock"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lockWords = %v\nwant %v", got, want)
	}
}
