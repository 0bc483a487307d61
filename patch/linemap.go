// SPDX-License-Identifier: MIT

package patch

// LineMap relates the lines of a post-image to those of its pre-image.
// All line numbers are 1-based.
type LineMap struct {
	// preOf[i] is the pre-image line of post-image line i+1, 0 if added.
	preOf []int
	// postOf[i] is the post-image line of pre-image line i+1, 0 if deleted.
	postOf []int
}

// IdentityMap is the map of an unchanged file of n lines.
func IdentityMap(n int) *LineMap {
	m := &LineMap{preOf: make([]int, n), postOf: make([]int, n)}
	for i := range n {
		m.preOf[i] = i + 1
		m.postOf[i] = i + 1
	}
	return m
}

// PreLine gives the pre-image line a post-image line was carried from;
// added is true (and preLine 0) when the patch added that line. A line
// outside the post-image gives (0, false).
func (m *LineMap) PreLine(postLine int) (preLine int, added bool) {
	if m == nil || postLine < 1 || postLine > len(m.preOf) {
		return 0, false
	}
	p := m.preOf[postLine-1]
	return p, p == 0
}

// PostLine gives the post-image line a pre-image line became; ok is false
// when the patch deleted that line (or it is outside the pre-image).
func (m *LineMap) PostLine(preLine int) (postLine int, ok bool) {
	if m == nil || preLine < 1 || preLine > len(m.postOf) {
		return 0, false
	}
	p := m.postOf[preLine-1]
	return p, p != 0
}

// PreLen and PostLen are the line counts of the two images.
func (m *LineMap) PreLen() int  { return len(m.postOf) }
func (m *LineMap) PostLen() int { return len(m.preOf) }

// AddedLines lists the post-image lines the patch added, ascending.
func (m *LineMap) AddedLines() []int {
	var out []int
	for i, p := range m.preOf {
		if p == 0 {
			out = append(out, i+1)
		}
	}
	return out
}

// DeletedLines lists the pre-image lines the patch deleted, ascending.
func (m *LineMap) DeletedLines() []int {
	var out []int
	for i, p := range m.postOf {
		if p == 0 {
			out = append(out, i+1)
		}
	}
	return out
}
