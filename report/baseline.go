// SPDX-License-Identifier: MIT

package report

import (
	"fmt"
	"io"
	"os"
)

// Baseline is a set of findings known before: a previous run's JSON
// output. Findings that match one of its entries by rule, file, function,
// object, config and key are dropped, so CI on a tree reports only what is
// new since the baseline was taken. Lines are not compared: a finding that
// moves stays known.
type Baseline struct {
	known map[baselineKey]bool
}

type baselineKey struct {
	rule, file, function, object, config, key string
}

func keyOf(f Finding, o Options) baselineKey {
	return baselineKey{f.Rule, o.relPath(f.File), f.Function, f.Object, f.Config, findingKey(f)}
}

// ReadBaseline reads a baseline from a --format json output.
func ReadBaseline(r io.Reader) (*Baseline, error) {
	res, err := ReadJSON(r)
	if err != nil {
		return nil, err
	}
	return NewBaseline(res.Findings), nil
}

// LoadBaseline reads a baseline file.
func LoadBaseline(path string) (*Baseline, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	b, err := ReadBaseline(fh)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return b, nil
}

// NewBaseline makes a baseline of findings (fixed ones are left out: the
// code no longer has them).
func NewBaseline(findings []Finding) *Baseline {
	b := &Baseline{known: map[baselineKey]bool{}}
	for _, f := range findings {
		if f.Status != StatusFixed {
			b.known[keyOf(f, Options{})] = true
		}
	}
	return b
}

// Len is the number of distinct known findings.
func (b *Baseline) Len() int { return len(b.known) }

// Filter returns the findings the baseline does not know and the number
// dropped. root makes absolute paths comparable with the baseline's
// relative ones.
func (b *Baseline) Filter(findings []Finding, root string) (kept []Finding, dropped int) {
	o := Options{Root: root}
	for _, f := range findings {
		if b != nil && b.known[keyOf(f, o)] {
			dropped++
			continue
		}
		kept = append(kept, f)
	}
	return kept, dropped
}
