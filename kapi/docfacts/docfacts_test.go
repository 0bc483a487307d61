// SPDX-License-Identifier: MIT

package docfacts

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

const header = `/* SPDX-License-Identifier: MIT */
/**
 * struct widget_ops - a widget's callbacks
 * @start: Called when the first user opens the widget.
 *	Must be implemented and can sleep.
 * @tx: Send a frame. Must be atomic.
 * @poll: Poll the hardware; may sleep, but is called with the
 *	queue spinlock held on some paths.
 * @flush: Flush the queues. This callback must not sleep when called
 *	from the transmit path and may sleep otherwise.
 * @count: the number of widgets (not a callback; can sleep is nonsense).
 * @reset: Reset the widget.
 */
struct widget_ops {
	int (*start)(struct widget *w);
	void (*tx)(struct widget *w, void *frame);
	void (*poll)(struct widget *w);
	void (*flush)(struct widget *w);
	int count;
	void (*reset)(struct widget *w);
	struct {
		void (*inner)(void);
	} nested;
};

/**
 * struct other - documented for another struct
 * @open: may sleep.
 */
struct not_other {
	int (*open)(void);
};

struct inline_ops {
	/**
	 * @prepare:
	 *
	 * Prepare the hardware. This callback is allowed to sleep.
	 */
	int (*prepare)(void *);
	/** @unprepare: Undo prepare; it can sleep. */
	void (*unprepare)(void *);
};
`

func TestFile(t *testing.T) {
	got := File("include/linux/widget.h", []byte(header))
	want := []Fact{
		{Struct: "inline_ops", Member: "prepare", Ctx: "task", File: "include/linux/widget.h", Line: 36},
		{Struct: "inline_ops", Member: "unprepare", Ctx: "task", File: "include/linux/widget.h", Line: 41},
		{Struct: "widget_ops", Member: "start", Ctx: "task", File: "include/linux/widget.h", Line: 4},
	}
	sortFacts(got)
	if len(got) != len(want) {
		t.Fatalf("got %d facts, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("fact %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestDocumentedTableCurrent checks that kapi/documented.table is what
// the generator makes of the Debian tree's headers.
func TestDocumentedTableCurrent(t *testing.T) {
	tree := testenv.KernelTree(t)
	facts, err := Scan(tree)
	if err != nil {
		t.Fatal(err)
	}
	want := append([]byte(Header), Table(facts)...)
	got, err := os.ReadFile(filepath.Join("..", "documented.table"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("kapi/documented.table is not what go run ./kapi/docfacts/gen -C %s makes: regenerate it", tree)
	}
}
