package web

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// ops writes a diff compactly: each line's op and text, then "|".
func ops(lines []diffLine) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.Op + l.Text + "|")
	}
	return b.String()
}

func TestDiffLines(t *testing.T) {
	got := diffLines("one\ntwo\nthree\nfour", "one\n2\nthree\nfour\nfive")
	if want := "=one|-two|+2|=three|=four|+five|"; ops(got) != want {
		t.Errorf("diff = %s, want %s", ops(got), want)
	}
	if same := diffLines("a\nb", "a\nb"); len(same) != 2 || same[0].Op != "=" || same[1].Op != "=" {
		t.Errorf("equal texts: %v", same)
	}
	tests := []struct{ old, new, want string }{
		{"a\nb\nc", "x\na\nb\nc", "+x|=a|=b|=c|"},
		{"a\nb\nc", "a\nb", "=a|=b|-c|"},
		{"a\nb\na", "a\na", "=a|-b|=a|"},
		{"a\nx\ny\nb", "a\ny\nz\nb", "=a|-x|=y|+z|=b|"},
		{"", "a", "-|+a|"},
	}
	for _, tt := range tests {
		if got := ops(diffLines(tt.old, tt.new)); got != tt.want {
			t.Errorf("diffLines(%q, %q) = %s, want %s", tt.old, tt.new, got, tt.want)
		}
	}
}

// allocated returns how many bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestDiffLinesLongTextsUseLittleMemory checks that a one-line edit of an
// article at the line limit costs memory in proportion to the article (a
// full table would take 72 MB), and that two unrelated texts at the limit
// stay within the table's bound.
// longArticle is the length, in lines, of the longest articles the
// newsroom writes, and then some.
const longArticle = 3000

func TestDiffLinesLongTextsUseLittleMemory(t *testing.T) {
	var lines []string
	for i := range longArticle {
		lines = append(lines, fmt.Sprintf("Paragraph %d of the long article.", i))
	}
	old := strings.Join(lines, "\n")
	lines[1500] = "A corrected paragraph."
	edited := strings.Join(lines, "\n")
	var got []diffLine
	if n := allocated(func() { got = diffLines(old, edited) }); n > 5<<20 {
		t.Errorf("a one-line edit allocated %d bytes, want under 5 MB", n)
	}
	if len(got) != longArticle+1 || got[1500] != (diffLine{"-", "Paragraph 1500 of the long article."}) ||
		got[1501] != (diffLine{"+", "A corrected paragraph."}) || got[1499].Op != "=" || got[1502].Op != "=" {
		t.Errorf("one-line edit: %d lines, around it %v", len(got), got[1498:1504])
	}

	var other []string
	for i := range longArticle {
		other = append(other, fmt.Sprintf("Another text, line %d.", i))
	}
	if n := allocated(func() { got = diffLines(old, strings.Join(other, "\n")) }); n > 20<<20 {
		t.Errorf("a whole rewrite allocated %d bytes, want under 20 MB", n)
	}
	if len(got) != 2*longArticle || got[0].Op != "-" || got[longArticle].Op != "+" {
		t.Errorf("whole rewrite: %d lines, first %v, middle %v", len(got), got[0], got[longArticle])
	}

	// Far longer texts are compared too: what they share costs no table.
	for len(lines) < 20000 {
		lines = append(lines, fmt.Sprintf("Paragraph %d of the very long article.", len(lines)))
	}
	veryLong := strings.Join(lines, "\n")
	lines[15000] = "Another correction."
	if n := allocated(func() { got = diffLines(veryLong, strings.Join(lines, "\n")) }); n > 20<<20 {
		t.Errorf("a one-line edit of 20,000 lines allocated %d bytes, want under 20 MB", n)
	}
	if len(got) != 20001 || got[15001] != (diffLine{"+", "Another correction."}) {
		t.Errorf("one-line edit of 20,000 lines: %d lines, around it %v", len(got), got[14999:15003])
	}
}
