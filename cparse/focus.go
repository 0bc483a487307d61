// SPDX-License-Identifier: MIT

package cparse

// Focus: parse only the functions of some files that matter to some names.
//
// A patch's callers are found in tens of files of the tree, and most of
// each file has nothing to do with the patch: hub.c has about 150
// functions, two of which lead to the functions the patch changed. Those
// context files are read only to learn in which contexts the patch's
// functions run, so only the functions on the way there are parsed; the
// rest of each file is preprocessed (macros and types must be known) but
// its function bodies never reach cc/v4 or the analyses.

import "sort"

// focusDepth is how many levels of callees below a call chain are kept
// whatever they do; deeper, those with effects (see Focus).
const focusDepth = 2

// FuncChunk is a function definition of a Prepared file, before parsing.
type FuncChunk struct {
	Name  string
	c     *chunk
	words map[string]bool // identifiers the body names
	calls map[string]bool // identifiers followed by "("
	// fields are the struct members the body calls through:
	// x->f(), x.f(), (*x->f)().
	fields map[string]bool

	focused bool // Focus has run on its file
	always  bool // defined by a macro (an entry point), or already failed
	up      bool // leads to a focus name
	down    bool // called on the way there
}

// skip reports whether Parse leaves the function out.
func (f *FuncChunk) skip() bool { return f.focused && !f.always && !f.up && !f.down }

// Leads reports whether the function leads to a focus name (it names one,
// or a function that does).
func (f *FuncChunk) Leads() bool { return f.up }

// Calls lists the identifiers the body calls (names followed by "("),
// sorted: functions, and function-like macros the preprocessor left.
func (f *FuncChunk) Calls() []string {
	out := make([]string, 0, len(f.calls))
	for n := range f.calls {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Refs lists the identifiers the body names without calling them,
// sorted: variables, constants, types, and the functions it stores or
// passes by name (isac->release = isac_release registers a method).
func (f *FuncChunk) Refs() []string {
	out := make([]string, 0, len(f.words))
	for n := range f.words {
		if !f.calls[n] {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

func funcChunks(chunks []*chunk) []*FuncChunk {
	var out []*FuncChunk
	for _, c := range chunks {
		if c.kind != chunkFunc || c.name == "" {
			continue
		}
		f := &FuncChunk{Name: c.name, c: c, words: map[string]bool{}, calls: map[string]bool{}, fields: map[string]bool{}}
		f.always = c.macro != nil || !c.live()
		for i, t := range c.toks {
			if t.Kind != TIdent || t.Text == c.name {
				continue
			}
			f.words[t.Text] = true
			if i+1 < len(c.toks) && c.toks[i+1].is("(") {
				f.calls[t.Text] = true
			}
			if i > 0 && (c.toks[i-1].is("->") || c.toks[i-1].is(".")) && i+1 < len(c.toks) &&
				(c.toks[i+1].is("(") || c.toks[i+1].is(")") && i+2 < len(c.toks) && c.toks[i+2].is("(")) {
				f.fields[t.Text] = true
			}
		}
		out = append(out, f)
	}
	return out
}

// Outline returns a copy of the file's function list without the file:
// what Focus needs of it, small enough to keep between runs of Focus.
// Parse of an outline is not possible; Reprepare gives a full Prepared
// with the same decisions.
func (p *Prepared) Outline() *Prepared {
	o := &Prepared{file: &File{Path: p.file.Path, Config: p.file.Config, Consulted: p.file.Consulted}, outline: true, parsed: true}
	for _, f := range p.funcs {
		g := *f
		g.c = nil
		o.funcs = append(o.funcs, &g)
	}
	return o
}

// Consulted is File.Consulted of the prepared file.
func (p *Prepared) Consulted() map[string]string { return p.file.Consulted }

// IsOutline reports whether p is an outline (see Outline).
func (p *Prepared) IsOutline() bool { return p.outline }

// Take copies the decisions of Focus on an outline of the same file to a
// full Prepared.
func (p *Prepared) Take(o *Prepared) {
	by := map[string][]*FuncChunk{}
	for _, f := range o.funcs {
		by[f.Name] = append(by[f.Name], f)
	}
	for _, f := range p.funcs {
		if list := by[f.Name]; len(list) > 0 {
			g := list[0]
			by[f.Name] = list[1:]
			f.focused, f.up, f.down = g.focused, g.up, g.down
		}
	}
}

// Funcs lists the function definitions of the file.
func (p *Prepared) Funcs() []*FuncChunk { return p.funcs }

// Kept lists the functions Parse will parse, in file order.
func (p *Prepared) Kept() []string {
	var out []string
	for _, f := range p.funcs {
		if !f.skip() {
			out = append(out, f.Name)
		}
	}
	return out
}

// Focus decides, over a set of files taken together, which of their
// functions Parse parses: those that lead to one of names, and what they
// call. Functions of one file lead to those of another through their
// names, as the linker would join them (a static function of the same
// name elsewhere is kept too: keeping more costs time, never precision).
//
// Kept are:
//   - to a fixed point, a function whose body names a focus name or a
//     function already kept this way (it calls it, or registers it as a
//     callback: both decide a context);
//   - below those that call such a name, their callees, focusDepth
//     levels down, and deeper the callees that may change the state
//     (effects): callee summaries give the IRQ, BH and lock state at the
//     call that matters, and a callee deep down may undo what a kept
//     function did (__schedule() disables IRQs; finish_lock_switch(),
//     four calls down, enables them: a cut at two levels made schedule()
//     leave IRQs off). A function has effects when its body names
//     something effect reports true for (the kernel table models it) or
//     calls a function of the files that has effects; one without is
//     what an unknown function is taken for: leaving it out loses only
//     what it returns (NULL or not) and whether it returns. effect nil:
//     every function may have effects.
//
// Functions defined by macros (SYSCALL_DEFINE, DEFINE_...) are always kept:
// they are entry points. Declarations other than functions are always
// parsed: their initializers register callbacks.
//
// A function whose body names every word of one of locks (the words of a
// lock expression of the targets: {"dev", "lock"} for &dev->lock) leads
// too: where else that lock is taken, and in which context, is what the
// lock rules compare.
//
// A function named in defs is kept with its callees, as above, whatever it
// leads to: the targets call it (a helper of a tree
// header), and its summary is what the call does.
//
// A function that calls through one of fields (x->f(), x.f(), (*x->f)(),
// the struct members the targets store functions in) leads too, and is
// kept with its callees: it may be the way the kernel calls them (a
// dispatcher; the analysis decides by the member's type).
func Focus(files []*Prepared, names []string, locks [][]string, defs []string, fields []string, effect func(name string) bool) {
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[n] = true
	}
	called := make(map[string]bool, len(fields))
	for _, n := range fields {
		called[n] = true
	}
	var fns []*FuncChunk
	byName := map[string][]*FuncChunk{}
	for _, p := range files {
		for _, f := range p.funcs {
			f.focused = true
			f.up, f.down = false, false
			fns = append(fns, f)
			byName[f.Name] = append(byName[f.Name], f)
		}
	}
	var dispatch []*FuncChunk
	for _, f := range fns {
		for _, g := range locks {
			if len(g) > 0 && namesAll(f.words, g) {
				f.up = true
				want[f.Name] = true
				break
			}
		}
		for w := range f.fields {
			if called[w] {
				f.up = true
				want[f.Name] = true
				dispatch = append(dispatch, f)
				break
			}
		}
	}
	// Upwards, to a fixed point.
	for changed := true; changed; {
		changed = false
		for _, f := range fns {
			if f.up {
				continue
			}
			for w := range f.words {
				if want[w] {
					f.up, changed = true, true
					want[f.Name] = true
					break
				}
			}
		}
	}
	// Downwards from the functions on a call chain.
	var level []*FuncChunk
	for _, f := range fns {
		if !f.up {
			continue
		}
		for w := range f.calls {
			if want[w] {
				f.down = true
				level = append(level, f)
				break
			}
		}
	}
	for _, n := range defs {
		for _, g := range byName[n] {
			if !g.down {
				g.down = true
				level = append(level, g)
			}
		}
	}
	for _, g := range dispatch {
		if !g.down {
			g.down = true
			level = append(level, g)
		}
	}
	effects := effectful(fns, byName, effect)
	for d := 0; len(level) > 0; d++ {
		var next []*FuncChunk
		for _, f := range level {
			for w := range f.calls {
				for _, g := range byName[w] {
					if !g.down && (d < focusDepth || effects[g]) {
						g.down = true
						next = append(next, g)
					}
				}
			}
		}
		level = next
	}
}

// effectful returns the functions that have effects (see Focus): their
// body names a word effect reports, or they call one that has effects.
func effectful(fns []*FuncChunk, byName map[string][]*FuncChunk, effect func(string) bool) map[*FuncChunk]bool {
	out := make(map[*FuncChunk]bool, len(fns))
	for _, f := range fns {
		if effect == nil {
			out[f] = true
			continue
		}
		for w := range f.words {
			if effect(w) {
				out[f] = true
				break
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range fns {
			if out[f] {
				continue
			}
			for w := range f.calls {
				for _, g := range byName[w] {
					if out[g] {
						out[f], changed = true, true
						break
					}
				}
				if out[f] {
					break
				}
			}
		}
	}
	return out
}

func namesAll(words map[string]bool, group []string) bool {
	for _, w := range group {
		if !words[w] {
			return false
		}
	}
	return true
}

// Path is the file's path.
func (p *Prepared) Path() string { return p.file.Path }
