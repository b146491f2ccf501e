package web

import (
	"strings"
	"testing"
)

func TestDiffLines(t *testing.T) {
	got := diffLines("one\ntwo\nthree\nfour", "one\n2\nthree\nfour\nfive")
	var b strings.Builder
	for _, l := range got {
		b.WriteString(l.Op + l.Text + "|")
	}
	if want := "=one|-two|+2|=three|=four|+five|"; b.String() != want {
		t.Errorf("diff = %s, want %s", b.String(), want)
	}
	if same := diffLines("a\nb", "a\nb"); len(same) != 2 || same[0].Op != "=" || same[1].Op != "=" {
		t.Errorf("equal texts: %v", same)
	}
}
