package xmltext

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain text, ünïcode, 日本", "plain text, ünïcode, 日本"},
		{"nul\x00here", "nul\uFFFDhere"},
		{"bell\x07 and escape\x1b", "bell\uFFFD and escape\uFFFD"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"line\r\nends\rhere", "line\nends\nhere"},
		{"non\uFFFEchar", "non\uFFFDchar"},
		{"tab\tand\nnewline", "tab\tand\nnewline"},
	} {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCDATAParses: whatever goes in, the section is well-formed XML and
// reads back as the cleaned text.
func TestCDATAParses(t *testing.T) {
	for _, in := range []string{"a]]>b", "\x00\x01]]]]>\xfe", "<script>&amp;</script>", ""} {
		doc := "<a>" + CDATA(in) + "</a>"
		var got struct {
			Text string `xml:",chardata"`
		}
		if err := xml.NewDecoder(strings.NewReader(doc)).Decode(&got); err != nil {
			t.Fatalf("%q: %v in %s", in, err, doc)
		}
		if got.Text != Clean(in) {
			t.Errorf("%q read back as %q, want %q", in, got.Text, Clean(in))
		}
	}
}
