package web

import "strings"

// diffLine is one line of a line-by-line comparison.
type diffLine struct {
	Op   string // "=", "-" (only in the old text) or "+" (only in the new)
	Text string
}

// maxDiffCells bounds the table of the longest common subsequence: 4
// million cells of 2 bytes, 8 MB, about a 2,000-line rewrite compared with
// another. A revision seldom comes near it, since the lines both texts
// share at their start and end are set aside first; past it, the changed
// middle is shown as removed and added whole rather than compared.
const maxDiffCells = 4_000_000

// diffLines compares two texts line by line, the way a reader expects:
// unchanged lines once, removed lines before the lines that replaced them.
// The lines the texts share at their start and end are matched at once and
// only the middle between them is compared, with a longest common
// subsequence, so that a one-line edit of a long article costs memory in
// proportion to the article, not to its square.
func diffLines(old, new string) []diffLine {
	// No cap on the length is needed: the work beyond the shared lines is
	// bounded by maxDiffCells, the rest is linear.
	a, b := strings.Split(old, "\n"), strings.Split(new, "\n")
	prefix := 0
	for prefix < len(a) && prefix < len(b) && a[prefix] == b[prefix] {
		prefix++
	}
	suffix := 0
	for suffix < len(a)-prefix && suffix < len(b)-prefix && a[len(a)-1-suffix] == b[len(b)-1-suffix] {
		suffix++
	}
	out := make([]diffLine, 0, len(a)+len(b)-prefix-suffix)
	for _, line := range a[:prefix] {
		out = append(out, diffLine{"=", line})
	}
	out = diffMiddle(out, a[prefix:len(a)-suffix], b[prefix:len(b)-suffix])
	for _, line := range a[len(a)-suffix:] {
		out = append(out, diffLine{"=", line})
	}
	return out
}

// diffMiddle appends to out the comparison of a and b, texts that differ in
// their first and last lines.
func diffMiddle(out []diffLine, a, b []string) []diffLine {
	if (len(a)+1)*(len(b)+1) > maxDiffCells {
		for _, line := range a {
			out = append(out, diffLine{"-", line})
		}
		for _, line := range b {
			out = append(out, diffLine{"+", line})
		}
		return out
	}
	// lcs[i*width+j] is the length of the common subsequence of a[i:] and
	// b[j:]; it never exceeds maxDiffLines, so two bytes hold it.
	width := len(b) + 1
	lcs := make([]uint16, (len(a)+1)*width)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*width+j] = lcs[(i+1)*width+j+1] + 1
			} else {
				lcs[i*width+j] = max(lcs[(i+1)*width+j], lcs[i*width+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, diffLine{"=", a[i]})
			i, j = i+1, j+1
		case lcs[(i+1)*width+j] >= lcs[i*width+j+1]:
			out = append(out, diffLine{"-", a[i]})
			i++
		default:
			out = append(out, diffLine{"+", b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		out = append(out, diffLine{"-", a[i]})
	}
	for ; j < len(b); j++ {
		out = append(out, diffLine{"+", b[j]})
	}
	return out
}
