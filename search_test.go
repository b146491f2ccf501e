package masthead

import (
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("filler ", 50)
	tests := []struct {
		name, text, q, want string
	}{
		{"short text, folded match", "The Café Marée closes.", "cafe", "The «Café» Marée closes."},
		{"phrase words", "An old lighthouse stands.", `"old lighthouse"`, "An «old» «lighthouse» stands."},
		{"no match gives the start", "One two three.", "zebra", "One two three."},
		{"cut on both sides", long + "the ferry subsidies were cut " + long, "subsidies",
			"…filler filler the ferry «subsidies» were cut" + strings.Repeat(" filler", 23) + "…"},
		{"the densest cluster wins", "ferry " + long + "ferry fares ferry", "ferry fares",
			"…filler filler filler filler «ferry» «fares» «ferry»"},
		{"Vietnamese", "Đường Nguyễn Thị Minh Khai", "duong khai", "«Đường» Nguyễn Thị Minh «Khai»"},
		{"capitals in ASCII, beside folded words", "FERRY Ferry ferryman Straße", "ferry strasse", "«FERRY» «Ferry» ferryman «Straße»"},
		{"empty", "", "x", ""},
	}
	for _, tt := range tests {
		got := Snippet(tt.text, ParseSearchQuery(tt.q))
		got = strings.NewReplacer(MarkStart, "«", MarkEnd, "»").Replace(got)
		if got != tt.want {
			t.Errorf("%s: Snippet = %q, want %q", tt.name, got, tt.want)
		}
	}
}
