// SPDX-License-Identifier: MIT

package lint

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/internal/testenv"
	"github.com/kcovlint/kcovlint/report"
)

// preFailsMarker in a target's text makes failPre fail.
const preFailsMarker = "PRE_IMAGE_FAILS"

// failPre fails the analysis of a unit whose targets hold preFailsMarker:
// the patch below deletes it, so that only the pre-image's fails.
var failPre = &analysis.Analyzer{
	Name:     "failpre",
	Doc:      "fails on the marker (tests)",
	Requires: []*analysis.Analyzer{cunit.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		u := pass.ResultOf[cunit.Analyzer].(*cunit.Unit)
		for t := range u.Targets {
			if src, err := u.Positions.Read(t); err == nil && bytes.Contains(src, []byte(preFailsMarker)) {
				return nil, errors.New("the test's analyzer fails on the marker")
			}
		}
		return nil, nil
	},
}

const preImageSrc = `// SPDX-License-Identifier: GPL-2.0
#include <linux/spinlock.h>
#include <linux/delay.h>

static DEFINE_SPINLOCK(demo_lock);
static int PRE_IMAGE_FAILS;
static int demo_count;

void demo_slow(void)
{
	spin_lock(&demo_lock);
	msleep(1);
	spin_unlock(&demo_lock);
}
`

// preImagePatch deletes the marker and changes demo_slow(), whose
// finding is there before and after.
const preImagePatch = `diff --git a/drivers/demo/demo.c b/drivers/demo/demo.c
--- a/drivers/demo/demo.c
+++ b/drivers/demo/demo.c
@@ -3,12 +3,12 @@
 #include <linux/delay.h>
 
 static DEFINE_SPINLOCK(demo_lock);
-static int PRE_IMAGE_FAILS;
 static int demo_count;
 
 void demo_slow(void)
 {
 	spin_lock(&demo_lock);
+	demo_count++;
 	msleep(1);
 	spin_unlock(&demo_lock);
 }
`

// When the pre-image's analysis fails, the post-image's findings are not
// called new against nothing: their status is unknown, and the input
// says that the file before the patch was not analysed, and why.
func TestPreImageFails(t *testing.T) {
	root := testenv.WriteTree(t, map[string]string{"drivers/demo/demo.c": preImageSrc})
	run := func(extra ...*analysis.Analyzer) *report.Result {
		t.Helper()
		res, err := Run(Options{Tree: root, Inputs: []string{"-"}, Stdin: strings.NewReader(preImagePatch), Index: "none", Config: "nonrt", Rules: []string{"sleepatomic"}, All: true, analyzers: extra})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Inputs) != 1 || res.Inputs[0].Status != "ok" || len(res.Findings) != 1 {
			t.Fatalf("inputs %+v, findings %+v: want one input, ok, and the msleep() finding", res.Inputs, res.Findings)
		}
		return res
	}

	// Without the failing analyzer the finding was there before the patch.
	res := run()
	if f := res.Findings[0]; f.Status != report.StatusExisting || f.Rule != "sleepatomic" {
		t.Errorf("the pre-image analysed: finding %s %s, want sleepatomic existing", f.Rule, f.Status)
	}
	if len(res.Inputs[0].NotAnalysed) != 0 {
		t.Errorf("the pre-image analysed: not analysed %+v", res.Inputs[0].NotAnalysed)
	}

	res = run(failPre)
	if f := res.Findings[0]; f.Status != report.StatusUnknown || f.Rule != "sleepatomic" || f.Input != "stdin" {
		t.Errorf("the pre-image failed: finding %s %s (input %q), want sleepatomic unknown", f.Rule, f.Status, f.Input)
	}
	want := report.Unanalysed{File: filepath.Join(root, "drivers/demo/demo.c"), Reason: report.ReasonPreImage, Detail: "failpre: the test's analyzer fails on the marker"}
	if na := res.Inputs[0].NotAnalysed; len(na) != 1 || na[0] != want {
		t.Errorf("the pre-image failed: not analysed %+v, want %+v", na, want)
	}
	if s := report.NotAnalysedSummary(res, report.Options{Root: root}); s != "1 part of the code not analysed, findings there may be missing: drivers/demo/demo.c (before the patch)" {
		t.Errorf("summary: %s", s)
	}
}
