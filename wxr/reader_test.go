package wxr

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// readAll reads every record of an export, and the error that ended it.
func readAll(t *testing.T, r io.Reader) ([]Record, error) {
	t.Helper()
	rd := NewReader(r)
	var out []Record
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
}

// dump writes records as the golden files hold them: one JSON object per
// record, named by its type.
func dump(records []Record, err error) []byte {
	var b bytes.Buffer
	for _, rec := range records {
		name := strings.TrimPrefix(fmt.Sprintf("%T", rec), "*wxr.")
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // bodies stay readable in the golden files
		enc.SetIndent("", "  ")
		enc.Encode(map[string]any{name: rec})
	}
	if err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
	}
	return b.Bytes()
}

// TestGolden reads the real WordPress export and hand-written ones for each
// edge case, and compares every record with its golden file.
func TestGolden(t *testing.T) {
	for _, name := range []string{
		"export-small.xml",  // WordPress 6.1, WXR 1.2, terms only referenced by items
		"wxr-1.0.xml",       // WXR 1.0 namespaces, no CDATA, HTML entities, tags as domain="tag"
		"wxr-1.1.xml",       // WXR 1.1, term definitions with a hierarchy, a menu term and item, sticky
		"wordpress-com.xml", // WordPress.com's extras: atom, georss, media, cloud, image, attachments
		"edge-cases.xml",    // statuses, sticky, orphan and unapproved comments, empty title, duplicate slug
		"latin1.xml",        // a declared ISO-8859-1 encoding
	} {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			records, err := readAll(t, f)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			got := dump(records, nil)
			golden := filepath.Join("testdata", strings.TrimSuffix(name, ".xml")+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("records differ from %s; run with -update and review the diff", golden)
			}
		})
	}
}

// TestFixtureCounts checks the reader against what the fixture's README
// counts.
func TestFixtureCounts(t *testing.T) {
	f, err := os.Open("testdata/export-small.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := readAll(t, f)
	if err != nil {
		t.Fatal(err)
	}
	var authors, posts, comments, replies, registered, websites int
	emails := map[string]bool{}
	for _, rec := range records {
		switch r := rec.(type) {
		case *Author:
			authors++
		case *Category, *Tag, *Term:
			t.Errorf("the fixture defines no terms, but the reader found %#v", r)
		case *Item:
			if r.Type == "post" && r.Status == "publish" {
				posts++
			}
			if len(r.Problems) > 0 {
				t.Errorf("item %d: %v", r.ID, r.Problems)
			}
			if len(r.Terms) == 0 {
				t.Errorf("item %d has no terms", r.ID)
			}
			for _, c := range r.Comments {
				comments++
				if c.Parent != 0 {
					replies++
				}
				if c.UserID != 0 {
					registered++
				}
				if c.AuthorURL != "" {
					websites++
				}
				emails[c.AuthorEmail] = true
				if c.Approved != "1" || c.DateGMT.IsZero() || c.AuthorIP == "" {
					t.Errorf("comment %d: approved %q, GMT date %v, IP %q", c.ID, c.Approved, c.DateGMT, c.AuthorIP)
				}
			}
		}
	}
	ch := records[0].(*Channel)
	if ch.Title != "Observer" || ch.Version != "1.2" || ch.BaseBlogURL != "http://127.0.0.1:8081" {
		t.Errorf("channel = %+v", ch)
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"authors", authors, 3}, {"posts", posts, 20}, {"comments", comments, 219}, {"replies", replies, 54},
		{"comments by registered users", registered, 7}, {"comments with a website", websites, 59},
		{"distinct commenter emails", len(emails), 160},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.what, c.got, c.want)
		}
	}
}

// TestUnreadableFiles gives each kind of broken file one clear sentence.
func TestUnreadableFiles(t *testing.T) {
	fixture, err := os.ReadFile("testdata/export-small.xml")
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	afterItem := bytes.Index(fixture, []byte("</item>")) + len("</item>")
	tests := []struct {
		name     string
		input    []byte
		kind     ErrorKind
		contains string
	}{
		{"empty", nil, NotXML, "The file is empty"},
		{"plain text", read("not-xml.txt"), NotXML, "The file is not XML"},
		{"JSON", []byte(`{"posts": []}`), NotXML, "The file is not XML"},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00"), NotXML, "The file is not XML"},
		{"HTML", read("html.xml"), NotWXR, "it starts with <html>"},
		{"RSS feed", read("rss-feed.xml"), NotWXR, "an RSS feed, not a WordPress export"},
		{"cut in the middle", fixture[:len(fixture)/2], Truncated, "The file ends early, at line"},
		{"cut after an item", fixture[:afterItem], Truncated, "as if it was cut off"},
		{"cut in a CDATA section", fixture[:bytes.Index(fixture, []byte("<![CDATA[<!-- wp:paragraph"))+20], Truncated, "ends early"},
		{"not UTF-8", read("invalid-utf8.xml"), Encoding, "bytes that are not UTF-8 at line 4"},
		{"unknown encoding", []byte(`<?xml version="1.0" encoding="x-klingon"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel></channel></rss>`), Encoding, `"x-klingon"`},
		{"control character", []byte("<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><title>a\x0bb</title></channel></rss>"), Malformed, "not well-formed XML at line 1"},
		{"mismatched tags", []byte(`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item></channel></rss>`), Malformed, "not well-formed XML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, bytes.NewReader(tt.input))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error = %v, want an *Error", err)
			}
			if e.Kind != tt.kind || !strings.Contains(e.Msg, tt.contains) {
				t.Errorf("error = kind %d %q, want kind %d saying %q", e.Kind, e.Msg, tt.kind, tt.contains)
			}
			if strings.Count(e.Msg, ". ") > 0 || !strings.HasSuffix(e.Msg, ".") || !strings.HasPrefix(e.Msg, "The file") {
				t.Errorf("message %q is not one sentence about the file", e.Msg)
			}
		})
	}
}

// TestTruncatedKeepsWhatWasRead shows that a cut file yields every whole
// record before the cut, then the error, so that an importer keeps them.
func TestTruncatedKeepsWhatWasRead(t *testing.T) {
	fixture, err := os.ReadFile("testdata/export-small.xml")
	if err != nil {
		t.Fatal(err)
	}
	third := bytes.Index(fixture, []byte("<item>"))
	for range 3 {
		third += bytes.Index(fixture[third+1:], []byte("<item>")) + 1
	}
	records, err := readAll(t, bytes.NewReader(fixture[:third+50]))
	var e *Error
	if !errors.As(err, &e) || e.Kind != Truncated {
		t.Fatalf("error = %v, want a truncation", err)
	}
	items := 0
	for _, r := range records {
		if _, ok := r.(*Item); ok {
			items++
		}
	}
	if items != 3 {
		t.Errorf("read %d whole items before the cut, want 3", items)
	}
}

// TestItemProblems keeps an item whose fields do not parse, describing
// each, rather than failing the file.
func TestItemProblems(t *testing.T) {
	in := `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>T</title>
		<wp:post_id>5</wp:post_id><wp:post_date_gmt>yesterday</wp:post_date_gmt><wp:post_parent>x</wp:post_parent>
		<wp:comment><wp:comment_id>9</wp:comment_id><wp:comment_date_gmt>2024-13-40 00:00:00</wp:comment_date_gmt></wp:comment>
		</item></channel></rss>`
	records, err := readAll(t, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	it := records[1].(*Item)
	want := []string{
		`Item 5 has "yesterday" as its GMT date, which is not a date.`,
		`Item 5 has "x" as its parent, which is not a number.`,
		`Comment 9 has "2024-13-40 00:00:00" as its GMT date, which is not a date.`,
	}
	if fmt.Sprint(it.Problems) != fmt.Sprint(want) {
		t.Errorf("problems = %q, want %q", it.Problems, want)
	}
	if it.Line != 1 {
		t.Errorf("line = %d, want 1", it.Line)
	}
}

// TestUndeclaredPrefixes reads an export that uses the excerpt: and dc:
// prefixes without declaring them, as some hand-edited files do.
func TestUndeclaredPrefixes(t *testing.T) {
	in := `<rss xmlns:wp="http://wordpress.org/export/1.1/"><channel><item><title>T</title>
		<dc:creator>ed</dc:creator><excerpt:encoded>Short.</excerpt:encoded><wp:post_id>3</wp:post_id></item></channel></rss>`
	records, err := readAll(t, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if it := records[1].(*Item); it.Creator != "ed" || it.Excerpt != "Short." || it.ID != 3 {
		t.Errorf("item = %+v", it)
	}
}

// TestWindows1252Controls reads the C1 controls that old databases hold
// for typographic punctuation as that punctuation, in titles, bodies and
// comments alike, and drops the ones that mean nothing.
func TestWindows1252Controls(t *testing.T) {
	in := `<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>
		<title>It&#146;s &#147;done&#148;</title><content:encoded><![CDATA[Wait` + "\u0085" + ` there` + "\u0081" + `.]]></content:encoded>
		<wp:post_id>4</wp:post_id><wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content>Yes &#150; agreed</wp:comment_content></wp:comment>
		</item></channel></rss>`
	records, err := readAll(t, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	it := records[1].(*Item)
	if it.Title != "It’s “done”" || it.Content != "Wait… there." || it.Comments[0].Content != "Yes – agreed" {
		t.Errorf("title %q, content %q, comment %q", it.Title, it.Content, it.Comments[0].Content)
	}
}

// TestChannelFirst hands out the channel even from an export with nothing
// else in it.
func TestChannelFirst(t *testing.T) {
	in := `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Only</title></channel></rss>`
	records, err := readAll(t, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 1 || records[0].(*Channel).Title != "Only" {
		t.Fatalf("records = %#v, want the channel alone", records)
	}
}

// TestMemoryDoesNotGrow streams a large generated export through a pipe,
// so that the file never exists whole anywhere, and checks that the heap
// stays within a bound far below the file's size.
func TestMemoryDoesNotGrow(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a large generated export")
	}
	const items = 20000
	body := strings.Repeat("<p>Paragraph of a long article, with some words in it.</p>\n", 60) // about 3.6 KB
	pr, pw := io.Pipe()
	go func() {
		fmt.Fprint(pw, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Large</title><wp:wxr_version>1.2</wp:wxr_version>
`)
		for i := range items {
			fmt.Fprintf(pw, `<item><title>Post %d</title><dc:creator>ed</dc:creator><content:encoded><![CDATA[%s]]></content:encoded>
<wp:post_id>%d</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_content>First!</wp:comment_content></wp:comment></item>
`, i, body, i+1, i+1)
		}
		fmt.Fprint(pw, "</channel></rss>\n")
		pw.Close()
	}()
	rd := NewReader(pr)
	var peak uint64
	var ms runtime.MemStats
	n := 0
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := rec.(*Item); ok {
			n++
			if n%2000 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		}
	}
	if n != items {
		t.Fatalf("read %d items, want %d", n, items)
	}
	t.Logf("peak heap %d KB", peak>>10)
	const bound = 16 << 20
	if total := items * len(body); peak > bound {
		t.Errorf("heap reached %d MB reading %d MB, want under %d MB", peak>>20, total>>20, bound>>20)
	}
}
