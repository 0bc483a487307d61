// SPDX-License-Identifier: MIT

package lint

import (
	"reflect"
	"testing"

	"github.com/kcovlint/kcovlint/cparse"
)

// The struct types of a header's text: members of struct type (through
// qualifiers, attributes, several declarators, nested anonymous unions)
// and function pointers; not other members, not declarations.
func TestStructDefs(t *testing.T) {
	got := structDefs([]byte(`
struct atm_dev;
struct atm_vcc {
	/* struct sock has to be the first member */
	struct sock	sk;
	unsigned long	flags;		/* VCC flags */
	struct atm_dev	*dev;		/* device back pointer */
	void (*push)(struct atm_vcc *vcc,
		     struct sk_buff *skb);
	int (*send)(struct atm_vcc *vcc, struct sk_buff *skb);
	const struct atmdev_ops __rcu *ops, *old_ops;
	union {
		struct list_head node;
		struct rcu_head rcu;
	};
	struct atm_vcc *session[4];
};
static inline int f(struct atm_vcc *v) { return 0; }
union u {
	struct atm_vcc *v;
};
`))
	want := []*cparse.Struct{
		{Name: "struct atm_vcc", Fields: []cparse.Field{
			{Name: "sk", Type: "struct sock"},
			{Name: "dev", Type: "struct atm_dev *"},
			{Name: "push", Type: funcPtrType},
			{Name: "send", Type: funcPtrType},
			{Name: "ops", Type: "struct atmdev_ops *"},
			{Name: "old_ops", Type: "struct atmdev_ops *"},
			{Name: "node", Type: "struct list_head"},
			{Name: "rcu", Type: "struct rcu_head"},
			{Name: "session", Type: "struct atm_vcc *"},
		}},
		{Name: "union u", Fields: []cparse.Field{{Name: "v", Type: "struct atm_vcc *"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("structDefs:\n got %+v\nwant %+v", got, want)
	}
}
