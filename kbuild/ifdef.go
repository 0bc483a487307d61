// SPDX-License-Identifier: MIT

package kbuild

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kcovlint/kcovlint/cparse"
)

// A file every architecture builds can hold code only some build: the
// ssb GPIO driver's IRQ chips are under `#ifdef CONFIG_SSB_EMBEDDED`
// (MIPS), bcma's under `#if IS_BUILTIN(CONFIG_BCM47XX) ||
// IS_BUILTIN(CONFIG_ARCH_BCM_5301X)`. The parse reads them (the default
// policy is all-yes), so a PREEMPT_RT finding there, or a witness through
// them, is one no RT kernel can have: kept as uncertain, with the reason.

// ifRegion is a line range of a file under a condition that ties it to
// architectures without RT.
type ifRegion struct {
	from, to int // lines, inclusive
	why      string
}

// LineNoRT returns why a line of a tree-relative file is in a
// conditional block no PREEMPT_RT kernel compiles, or "".
func (r *RT) LineNoRT(rel string, line int) string {
	r.once.Do(r.load)
	if len(r.noRT) == 0 {
		return ""
	}
	r.mu.Lock()
	regions, ok := r.regions[rel]
	r.mu.Unlock()
	if !ok {
		src, err := os.ReadFile(filepath.Join(r.root, rel))
		if err == nil {
			regions = r.ifRegions(src)
		}
		r.mu.Lock()
		if r.regions == nil {
			r.regions = map[string][]ifRegion{}
		}
		r.regions[rel] = regions
		r.mu.Unlock()
	}
	for _, g := range regions {
		if line >= g.from && line <= g.to {
			return rel + ":" + strconv.Itoa(g.from) + " is under " + g.why
		}
	}
	return ""
}

// ifRegions finds the blocks of a file whose #if/#ifdef condition needs a
// symbol tied to architectures without RT (the #else of such a block is
// the code RT kernels do build, and is not one).
func (r *RT) ifRegions(src []byte) []ifRegion {
	if !strings.Contains(string(src), "CONFIG_") {
		return nil
	}
	type open struct {
		start int
		why   string // "" when the branch is not tied
	}
	var stack []open
	var out []ifRegion
	toks := cparse.Lex(src)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.BOL || !t.Is("#") || i+1 >= len(toks) || toks[i+1].Line != t.Line {
			continue
		}
		kw := toks[i+1].Text
		j := i + 2
		for j < len(toks) && !toks[j].BOL {
			j++
		}
		cond := toks[i+2 : j]
		line := int(t.Line)
		closeTop := func() {
			top := stack[len(stack)-1]
			if top.why != "" {
				out = append(out, ifRegion{from: top.start, to: line, why: top.why})
			}
		}
		switch kw {
		case "if", "ifdef":
			why := ""
			if kw == "ifdef" && len(cond) == 1 {
				why = r.condNoRT(cond[0].Text)
			} else if kw == "if" {
				why = r.condNoRT(r.ifExpr(cond))
			}
			stack = append(stack, open{start: line, why: why})
		case "ifndef":
			stack = append(stack, open{start: line})
		case "elif", "else":
			if len(stack) > 0 {
				closeTop()
				stack[len(stack)-1] = open{start: line}
			}
		case "endif":
			if len(stack) > 0 {
				closeTop()
				stack = stack[:len(stack)-1]
			}
		}
		i = j - 1
	}
	return out
}

// ifExpr turns an #if condition into a Kconfig-like expression of
// symbols: defined(CONFIG_X), a config test of the table applied to it
// (IS_ENABLED(CONFIG_X) ...) and CONFIG_X are X; && || and parentheses
// stay. Anything else (a negation, a comparison, another macro) gives "",
// which ties nothing.
func (r *RT) ifExpr(toks []cparse.Tok) string {
	var b strings.Builder
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		switch {
		case t.Is("&&") || t.Is("||") || t.Is("(") || t.Is(")"):
			b.WriteString(" " + t.Text + " ")
		case t.Kind == cparse.TIdent && strings.HasPrefix(t.Text, "CONFIG_"):
			b.WriteString(strings.TrimPrefix(t.Text, "CONFIG_"))
		case t.Kind == cparse.TIdent && (t.Text == "defined" || r.configTests[t.Text]):
			// The parenthesis that follows is kept as grouping.
		default:
			return ""
		}
	}
	return b.String()
}

// condNoRT returns why a condition (a symbol with or without CONFIG_, or
// an expression of them) ties code to architectures without RT.
func (r *RT) condNoRT(e string) string {
	e = strings.TrimPrefix(strings.TrimSpace(e), "CONFIG_")
	if e == "" {
		return ""
	}
	if reSymbol.MatchString(e) {
		if why := r.noRT[e]; why != "" {
			return "CONFIG_" + e + " (" + why + ")"
		}
		return ""
	}
	if why := r.dependsOn([]string{e}, r.noRT); why != "" {
		return "a condition that " + why
	}
	return ""
}
