package web

import "strings"

// diffLine is one line of a line-by-line comparison.
type diffLine struct {
	Op   string // "=", "-" (only in the old text) or "+" (only in the new)
	Text string
}

// maxDiffLines bounds the texts compared, so that a huge paste cannot make
// one request do quadratic work.
const maxDiffLines = 3000

// diffLines compares two texts line by line with a longest common
// subsequence, the way a reader expects: unchanged lines once, removed
// lines before the lines that replaced them.
func diffLines(old, new string) []diffLine {
	a, b := strings.Split(old, "\n"), strings.Split(new, "\n")
	if len(a) > maxDiffLines || len(b) > maxDiffLines {
		return []diffLine{{"-", "(the old text is too long to compare line by line)"}, {"+", "(see the revisions themselves)"}}
	}
	// lcs[i][j] is the length of the common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []diffLine
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, diffLine{"=", a[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
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
