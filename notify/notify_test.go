package notify

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestExcerpt: a short comment is quoted whole on one line; a long one is
// cut at a word, marked, and never longer than the bound.
func TestExcerpt(t *testing.T) {
	if got := Excerpt("  The ferry\n\nis back.  "); got != "The ferry is back." {
		t.Errorf("Excerpt of a short comment = %q", got)
	}
	long := strings.Repeat("harbour ", 100)
	got := Excerpt(long)
	if !strings.HasSuffix(got, " …") || utf8.RuneCountInString(got) > excerptRunes+2 || strings.Contains(got, "harbou …") {
		t.Errorf("Excerpt of a long comment = %q", got)
	}
	if got := Excerpt(strings.Repeat("ü", 400)); utf8.RuneCountInString(got) != excerptRunes+2 || !utf8.ValidString(got) {
		t.Errorf("Excerpt of one long word has %d runes", utf8.RuneCountInString(got))
	}
}
