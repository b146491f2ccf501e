package sqlstore

import (
	"math/rand/v2"
	"strings"
	"testing"

	"masthead"
)

// TestFoldASCIIWords checks that the one-pass folding of ASCII text gives
// exactly the words of the general path, for every ASCII byte, and that
// text with any other byte is left to the general path.
func TestFoldASCIIWords(t *testing.T) {
	texts := []string{"", " ", "Harbour", "  The COUNCIL met;\tat 9:30 -- and voted 7-2.\n", "a\x00b\x7fc", "end. ", "x"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(128))
		}
		texts = append(texts, string(b))
	}
	for _, text := range texts {
		got, ok := foldASCIIWords(text)
		if want := strings.Join(masthead.SearchWords(text), " "); !ok || got != want {
			t.Fatalf("foldASCIIWords(%q) = %q, %v, want %q, true", text, got, ok, want)
		}
	}
	for _, text := range []string{"Café", "Straße", "ﬁsh"} {
		if _, ok := foldASCIIWords(text); ok {
			t.Errorf("foldASCIIWords(%q) took text that is not ASCII", text)
		}
		if got, want := foldWords(text), strings.Join(masthead.SearchWords(text), " "); got != want {
			t.Errorf("foldWords(%q) = %q, want %q", text, got, want)
		}
	}
}
