package wxr

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzReader feeds the reader arbitrary files: it must never panic or
// loop, no record may hold more than the file did (so memory per item is
// bounded by the file, not by what an entity or a trick could expand
// to), and every error and every item problem is one sentence a person
// can act on.
func FuzzReader(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.xml"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	head := `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel>`
	for _, s := range []string{
		"", "\x00", "GIF89a<script>", "<rss>", head, head + "<item><title>\u202eevil\u202c</title>",
		head + "<item><content:encoded><![CDATA[a\x00b]]></content:encoded></item></channel></rss>",
		head + "<item><wp:post_id>9223372036854775807</wp:post_id><wp:post_parent>-9223372036854775808</wp:post_parent></item></channel></rss>",
		head + "<item>" + strings.Repeat("<x>", 10000) + "</item>",
		head + "<item><title>&nbsp;&amp;&#0;&#xD800;&lt;</title></item></channel></rss>",
		`<?xml version="1.0" encoding="x-unknown"?><rss/>`, `<?xml version="1.0" encoding="ISO-8859-1"?>` + head + "<title>\xe9</title></channel></rss>",
		"<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>" + head + "<item><title>&b;&b;</title></item></channel></rss>",
		head + "<item><title>\xff\xfe</title></item></channel></rss>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, file []byte) {
		rd := NewReader(strings.NewReader(string(file)))
		for n := 0; ; n++ {
			if n > len(file)+2 {
				t.Fatalf("the reader returned %d records from %d bytes", n, len(file))
			}
			rec, err := rd.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				var own *Error
				if !errors.As(err, &own) {
					t.Fatalf("the error %q (%T) is not an *Error", err, err)
				}
				checkSentence(t, "error", err.Error())
				if again, _ := rd.Next(); again != nil {
					t.Fatal("the reader goes on after an error")
				}
				return
			}
			// JSON escapes a byte into at most six; anything more came
			// from somewhere other than the file.
			b, _ := json.Marshal(rec)
			if len(b) > 6*len(file)+4096 {
				t.Fatalf("a %T of %d bytes as JSON came from a file of %d bytes", rec, len(b), len(file))
			}
			if it, ok := rec.(*Item); ok {
				for _, p := range it.Problems {
					checkSentence(t, "item problem", p)
				}
			}
		}
	})
}

// checkSentence fails t unless s is one sentence: a capital letter first,
// a full stop last, and no line break in between.
func checkSentence(t *testing.T, what, s string) {
	t.Helper()
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) || !strings.HasSuffix(s, ".") || strings.ContainsAny(s, "\r\n") {
		t.Fatalf("the %s %q is not one sentence", what, s)
	}
}
