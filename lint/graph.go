// SPDX-License-Identifier: MIT

package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/analyzers/ctxflow"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/patch"
)

// GraphFunc is what `kcovlint graph` shows for one function.
type GraphFunc struct {
	Name     string         `json:"name"`
	File     string         `json:"file"`
	Line     int            `json:"line"`
	Contexts []GraphContext `json:"contexts"`
}

// GraphContext is one context a function runs in, with a witness.
type GraphContext struct {
	Context string         `json:"context"`
	Config  string         `json:"config"`
	Chain   []string       `json:"chain"`
	Root    string         `json:"root"`
	Assumed bool           `json:"assumed,omitempty"`
	State   map[string]any `json:"state"`
}

// Graph analyses the inputs (C files, or patches whose post-images are
// analysed) and returns the contexts of the named functions.
func Graph(opts Options, names []string) ([]GraphFunc, error) {
	configs, err := Configs(opts.Config)
	if err != nil {
		return nil, err
	}
	l := &linter{opts: opts, configs: configs}
	l.debugAids()
	if opts.Tree != "" {
		abs, err := filepath.Abs(opts.Tree)
		if err != nil {
			return nil, err
		}
		l.root = abs
		l.tree = &treeFiles{root: abs}
	}
	var targets []string
	overlay := map[string][]byte{}
	for _, in := range opts.Inputs {
		if strings.HasSuffix(in, ".c") || strings.HasSuffix(in, ".h") {
			p, _ := filepath.Abs(in)
			targets = append(targets, p)
			continue
		}
		data, err := os.ReadFile(in)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInput, err)
		}
		ins, err := patch.Read(in, data)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInput, err)
		}
		treeDir := l.root
		if treeDir == "" {
			treeDir = "."
		}
		for _, r := range patch.Apply(ins, patch.DirTree(treeDir)) {
			if r.Err != nil {
				return nil, fmt.Errorf("%w: %s: %v", ErrInput, r.Input.Name, r.Err)
			}
			for _, img := range r.Files {
				if img.Skipped != "" || !(strings.HasSuffix(img.Path, ".c") || strings.HasSuffix(img.Path, ".h")) {
					continue
				}
				p := filepath.Join(treeDir, img.Path)
				targets = append(targets, p)
				overlay[p] = img.Post
			}
		}
	}
	if len(targets) == 0 && l.tree != nil {
		// Find the files defining the functions.
		targets = l.tree.mentions(names, nil, 40)
	}
	var context []string
	if l.tree != nil && !opts.NoCallers {
		context = l.contextFiles(targets, overlay)
	}
	// The unit a lint builds.
	u, err := cunit.NewWith(nil, l.root, l.configs, targets, context, overlay, l.unitOptions(opts.NoCallers, opts.NoFocus))
	if err != nil {
		return nil, err
	}
	res := ctxflow.Compute(u, callgraph.Build(u))
	var out []GraphFunc
	for _, name := range names {
		var gf *GraphFunc
		for _, cfg := range u.ConfigNames() {
			flow := res.ByConfig[cfg]
			for _, n := range flow.Graph.Lookup(name) {
				if gf == nil {
					gf = &GraphFunc{Name: name, File: u.Rel(n.Fn.Pos.File), Line: n.Fn.Pos.Line}
				}
				seen := map[string]bool{}
				for _, e := range flow.Contexts(n) {
					ctx := e.Ctx.String()
					if seen[ctx] {
						continue // one witness per context and configuration
					}
					seen[ctx] = true
					gf.Contexts = append(gf.Contexts, GraphContext{Context: ctx, Config: cfg, Chain: e.ChainNames(), Root: e.Root, Assumed: e.Assumed, State: stateMap(e.State)})
				}
			}
		}
		if gf == nil {
			return out, fmt.Errorf("%w: function %s not found in the analysed files", ErrInput, name)
		}
		sort.SliceStable(gf.Contexts, func(i, j int) bool { return gf.Contexts[i].Config < gf.Contexts[j].Config })
		out = append(out, *gf)
	}
	return out, nil
}

func stateMap(s *ctxflow.State) map[string]any {
	m := map[string]any{
		"irqs_disabled": s.IRQOff.String(),
		"bh_disabled":   depthText(s.BH),
		"preempt_off":   depthText(s.Preempt),
		"migrate_off":   depthText(s.Migrate),
		"rcu_read":      depthText(s.RCU),
	}
	var held []string
	for _, h := range s.Held {
		held = append(held, h.Name)
	}
	if len(held) > 0 {
		m["locks_held"] = held
	}
	return m
}

func depthText(d interface {
	Positive() bool
	Zero() bool
}) string {
	switch {
	case d.Positive():
		return "yes"
	case d.Zero():
		return "no"
	}
	return "unknown"
}
