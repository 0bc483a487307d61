// SPDX-License-Identifier: MIT

// Package docfacts reads, from a kernel tree's headers, the contexts the
// kernel documents for the callbacks of its operation tables: kernel-doc
// member descriptions of function-pointer members that say "This
// callback can sleep." (include/net/mac80211.h documents most of struct
// ieee80211_ops so). Such a callback runs in sleepable task context;
// kcovlint's table (kapi/documented.table, generated from these facts)
// gives it that context where no hand entry and no caller in C says more.
//
// Only a description that says the callback may sleep, and says nothing
// to the contrary ("must not sleep", "atomic", "interrupt context", a
// spinlock held around the call), becomes a fact: a documented "must be atomic" does
// not say which atomic context, and a wrong context is a false report.
package docfacts

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Fact is one documented callback context.
type Fact struct {
	Struct, Member string
	Ctx            string // "task"
	File           string // tree-relative header
	Line           int    // of the member's description
}

// Scan reads the headers of the tree's include/ (not uapi) and returns
// the facts, sorted by struct and member.
func Scan(root string) ([]Fact, error) {
	var out []Fact
	dir := filepath.Join(root, "include")
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "uapi" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".h") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, File(filepath.ToSlash(rel), src)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortFacts(out)
	// A struct documented in two headers (an architecture's copy) gives
	// one fact, the first header's.
	var dedup []Fact
	for i, f := range out {
		if i > 0 && f.Struct == out[i-1].Struct && f.Member == out[i-1].Member {
			continue
		}
		dedup = append(dedup, f)
	}
	return dedup, nil
}

var (
	structDoc  = regexp.MustCompile(`^\s*\*\s*struct\s+(\w+)\s*-`)
	memberDoc  = regexp.MustCompile(`^\s*(?:/\*\*)?\s*\*?\s*@(\w+)\s*:(.*)$`)
	structOpen = regexp.MustCompile(`^\s*struct\s+(\w+)\s*\{`)
	funcMember = regexp.MustCompile(`\(\s*\*\s*(\w+)\s*\)\s*\(`)
	// What says a callback may sleep ...
	maySleep = regexp.MustCompile(`\b(can|may|might|is allowed to|are allowed to)\s+(sleep|block)\b|\bsleepable\b`)
	// ... and what says otherwise, or more than a context can say.
	notTask = regexp.MustCompile(`\b(must not|mustn't|cannot|can't|can not|may not|should not|shouldn't|never|not allowed to)\s+(sleep|block)|atomic|interrupt context|in interrupt|hardirq|softirq|tasklet|bh disabled|bottom half|bottom-half|spinlock|spin_lock|irqs? (are )?disabled|interrupts (are )?disabled|preemption (is )?disabled|rcu read|blockable|non-?blocking`)
)

type member struct {
	text []string
	line int
}

// File returns the facts of one header's source.
func File(rel string, src []byte) []Fact {
	lines := strings.Split(string(src), "\n")
	var out []Fact
	// Kernel-doc blocks before a struct: "struct NAME - ..." and
	// "@member: text" lines, which continue until the next @ or the end.
	pending := map[string]*member{} // member -> description, for pendingStruct
	pendingStruct := ""
	var doc docBlock
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "/**") || doc.in {
			if m := structDoc.FindStringSubmatch(l); m != nil {
				pendingStruct = m[1]
				pending = map[string]*member{}
			}
			doc.feed(l, i+1, pending)
			continue
		}
		m := structOpen.FindStringSubmatch(l)
		if m == nil {
			if t != "" && pendingStruct == "" {
				pending = map[string]*member{}
			}
			continue
		}
		name := m[1]
		docs := pending
		if pendingStruct != "" && pendingStruct != name {
			docs = map[string]*member{}
		}
		pending, pendingStruct = map[string]*member{}, ""
		// The struct's body: its function-pointer members, and the
		// members documented inline (/** @member: ... */ inside).
		depth := strings.Count(l, "{") - strings.Count(l, "}")
		inline := map[string]*member{}
		var idoc docBlock
		funcs := map[string]bool{}
		for i++; i < len(lines) && depth > 0; i++ {
			b := lines[i]
			if idoc.feed(b, i+1, inline) {
				continue
			}
			if depth == 1 {
				for _, fm := range funcMember.FindAllStringSubmatch(b, -1) {
					funcs[fm[1]] = true
				}
			}
			depth += strings.Count(b, "{") - strings.Count(b, "}")
		}
		i--
		for mem := range funcs {
			d := inline[mem]
			if d == nil {
				d = docs[mem]
			}
			if d == nil {
				continue
			}
			if ctx := classify(strings.Join(d.text, " ")); ctx != "" {
				out = append(out, Fact{Struct: name, Member: mem, Ctx: ctx, File: rel, Line: d.line})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Member < out[j].Member })
	return out
}

func sortFacts(out []Fact) {
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Struct != out[j].Struct {
			return out[i].Struct < out[j].Struct
		}
		return out[i].Member < out[j].Member
	})
}

// docBlock follows kernel-doc comments line by line, putting the member
// descriptions of each /** ... */ block ("@name: text", continued on the
// lines after it) into the map it is fed with.
type docBlock struct {
	in  bool
	cur *member
}

// feed reads line l (number no) and reports whether it is part of a doc
// comment.
func (d *docBlock) feed(l string, no int, into map[string]*member) bool {
	t := strings.TrimSpace(l)
	if strings.HasPrefix(t, "/**") {
		d.in, d.cur = true, nil
	}
	if !d.in {
		return false
	}
	if m := memberDoc.FindStringSubmatch(l); m != nil {
		d.cur = &member{text: []string{m[2]}, line: no}
		into[m[1]] = d.cur
	} else if d.cur != nil && !strings.HasPrefix(t, "*/") {
		d.cur.text = append(d.cur.text, strings.TrimPrefix(strings.TrimPrefix(t, "*"), " "))
	}
	if strings.HasSuffix(t, "*/") {
		d.in, d.cur = false, nil
	}
	return true
}

// classify returns "task" for a description that says the callback may
// sleep and nothing that narrows or contradicts it, else "".
func classify(text string) string {
	s := strings.ToLower(text)
	if !maySleep.MatchString(s) || notTask.MatchString(s) {
		return ""
	}
	return "task"
}

// Table formats the facts as kapi table lines.
func Table(facts []Fact) []byte {
	var b bytes.Buffer
	for _, f := range facts {
		b.WriteString("ops " + f.Struct + "." + f.Member + " ctx=" + f.Ctx + " src=" + f.File + ":" + itoa(f.Line) + "\n")
	}
	return b.Bytes()
}

func itoa(n int) string {
	var buf [20]byte
	i := len(buf)
	for n >= 10 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	i--
	buf[i] = byte('0' + n)
	return string(buf[i:])
}

// Header starts the generated table.
const Header = `# SPDX-License-Identifier: MIT
#
# GENERATED by go run ./kapi/docfacts/gen -C TREE (Debian linux-source-6.12);
# do not edit: fix kapi/docfacts or put a hand entry in kernel.table, which
# wins over a line here. Each line is a callback whose kernel-doc says it
# may sleep (and nothing narrower), with the header and line it says so.
#
`
