package wxr

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// sample is a small site with one of every record the writer writes, and
// text that tests the format: markup, a "]]>" that would end a CDATA
// section, entities, other scripts, leading tabs in a body.
func sample() []Record {
	day := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
	local := day.Add(time.Hour) // the site's wall clock, an hour ahead
	return []Record{
		&Channel{
			Title: "The Observer & Gazette", Link: "https://news.example.org", Description: "News <independently> published",
			Language: "en-GB", Version: Version, BaseSiteURL: "https://news.example.org", BaseBlogURL: "https://news.example.org",
			Generator: "Masthead test", PubDate: day,
		},
		&Author{ID: 2, Login: "ines-castellano", Email: "ines@observer.example", DisplayName: "Inés Castellano", FirstName: "Inés", LastName: "Castellano"},
		&Author{ID: 3, Login: "marcus", Email: "", DisplayName: "Marcus \"Mac\" Okafor"},
		&Category{TermID: 1, Nicename: "news", Name: "News & Politics", Description: "What happened"},
		&Category{TermID: 2, Nicename: "local", Parent: "news", Name: "Local", Meta: []Meta{{Key: "colour", Value: "#c00"}}},
		&Tag{TermID: 3, Slug: "harbour", Name: "Harbour", Description: "The port and its ships"},
		&Tag{TermID: 4, Slug: "ferries", Name: "Ferries"},
		&Term{TermID: 5, Taxonomy: "nav_menu", Slug: "header", Name: "Header menu"},
		&Item{
			ID: 12, Title: "A photo of the harbour", Link: "https://news.example.org/media/harbour.jpg", GUID: "https://news.example.org/media/harbour.jpg",
			Creator: "marcus", Excerpt: "Boats at dawn.", Date: local, DateGMT: day, Modified: local, ModifiedGMT: day,
			CommentStatus: "closed", PingStatus: "closed", Name: "harbour", Status: "inherit", Type: "attachment",
			AttachmentURL: "https://news.example.org/media/harbour.jpg",
			Meta:          []Meta{{Key: "_wp_attachment_image_alt", Value: "Fishing boats moored at dawn"}},
		},
		&Item{
			ID: 184, Title: "Ferry <strike> ends ]]> after talks", Link: "https://news.example.org/2026/11/26/ferry-strike-ends/",
			GUID: "https://news.example.org/?p=184", Creator: "ines-castellano",
			Content: "<p>The strike &amp; the talks.</p>\n\t<p>Code: <code>a[b[0]]>c</code> and <![CDATA[nested]]> text; 東京 and ünïcödé.</p>\n",
			Excerpt: "Talks ended the strike.", Date: local, DateGMT: day, Modified: local.Add(2 * time.Hour), ModifiedGMT: day.Add(2 * time.Hour),
			CommentStatus: "open", PingStatus: "closed", Name: "ferry-strike-ends", Status: "publish", Type: "post",
			Terms: []TermRef{
				{Domain: "category", Nicename: "local", Name: "Local"},
				{Domain: "post_tag", Nicename: "ferries", Name: "Ferries"},
				{Domain: "author", Nicename: "cap-marcus", Name: "marcus"},
			},
			Meta: []Meta{{Key: "_thumbnail_id", Value: "12"}, {Key: "masthead_dek", Value: "Crossings resume on Monday"}},
			Comments: []Comment{
				{ID: 7, Author: "Greta", AuthorEmail: "greta@example.com", AuthorURL: "https://greta.example.com/?a=1&b=2", AuthorIP: "192.0.2.0",
					Date: local, DateGMT: day, Content: "At last &lt;finally&gt;!\n\nSecond paragraph.", Approved: "1", Type: "comment"},
				{ID: 8, Author: "Lucas S.", AuthorEmail: "lucas@example.org", AuthorIP: "198.51.100.0", Date: local, DateGMT: day,
					Content: "Agreed.", Approved: "0", Type: "comment", Parent: 7, Meta: []Meta{{Key: "akismet_result", Value: "false"}}},
				{ID: 9, Author: "Best Deals", AuthorEmail: "deals@example.com", Date: local, DateGMT: day, Content: "Cheap watches", Approved: "spam", Type: "comment"},
			},
		},
		&Item{
			ID: 185, Title: "Draft: budget", Link: "https://news.example.org/?p=185", GUID: "https://news.example.org/?p=185", Creator: "marcus",
			Content: "", Date: local, CommentStatus: "open", PingStatus: "closed", Status: "draft", Type: "post", Password: "", Sticky: true,
		},
		&Item{
			ID: 200, Title: "Harbour", Link: "https://news.example.org/?p=200", GUID: "https://news.example.org/?p=200",
			Date: local, DateGMT: day, Modified: local, ModifiedGMT: day, CommentStatus: "closed", PingStatus: "closed",
			Name: "200", Status: "publish", MenuOrder: 1, Type: "nav_menu_item",
			Terms: []TermRef{{Domain: "nav_menu", Nicename: "header", Name: "Header menu"}},
			Meta: []Meta{
				{Key: "_menu_item_type", Value: "taxonomy"}, {Key: "_menu_item_menu_item_parent", Value: "0"},
				{Key: "_menu_item_object_id", Value: "2"}, {Key: "_menu_item_object", Value: "category"},
				{Key: "_menu_item_target", Value: ""}, {Key: "_menu_item_classes", Value: `a:1:{i:0;s:0:"";}`},
				{Key: "_menu_item_xfn", Value: ""}, {Key: "_menu_item_url", Value: ""},
			},
		},
	}
}

// write writes records with a Writer, as an exporter does.
func write(t *testing.T, records []Record) []byte {
	t.Helper()
	var b bytes.Buffer
	w := NewWriter(&b)
	for _, rec := range records {
		var err error
		switch r := rec.(type) {
		case *Channel:
			err = w.WriteChannel(r)
		case *Author:
			err = w.WriteAuthor(r)
		case *Category:
			err = w.WriteCategory(r)
		case *Tag:
			err = w.WriteTag(r)
		case *Term:
			err = w.WriteTerm(r)
		case *Item:
			err = w.WriteItem(r)
		}
		if err != nil {
			t.Fatalf("write %T: %v", rec, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	return b.Bytes()
}

// sameRecords compares records as the reader gives them: the line an item
// starts at is the reader's own, and empty lists equal missing ones.
func sameRecords(t *testing.T, got, want []Record) {
	t.Helper()
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Item{}, "Line"), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("records read back differ from those written (-written +read):\n%s", diff)
	}
}

// TestWriterGolden compares the writer's output for the sample site with
// its golden file, element by element as WordPress writes them.
func TestWriterGolden(t *testing.T) {
	got := write(t, sample())
	golden := filepath.Join("testdata", "written.xml")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s; run with -update and review the diff:\n%s", golden, cmp.Diff(string(want), string(got)))
	}
}

// TestWriterRoundTrip reads back what the writer wrote and finds every
// field of every record as it was given.
func TestWriterRoundTrip(t *testing.T) {
	want := sample()
	got, err := readAll(t, bytes.NewReader(write(t, want)))
	if err != nil {
		t.Fatal(err)
	}
	sameRecords(t, got, want)
}

// TestWriterRewritesWordPress reads WordPress's own export, writes it
// again and reads that: the writer carries everything the reader knows of
// a real export.
func TestWriterRewritesWordPress(t *testing.T) {
	for _, name := range []string{"export-small.xml", "wxr-1.1.xml", "wordpress-com.xml", "edge-cases.xml"} {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			original, err := readAll(t, f)
			if err != nil {
				t.Fatal(err)
			}
			// The writer writes WXR 1.2 whatever the original was, and
			// takes the channel's base addresses from its link.
			original[0].(*Channel).Version = Version
			var items int
			for _, rec := range original {
				if it, ok := rec.(*Item); ok {
					items++
					it.Problems = nil // what could not be read is not written
				}
			}
			again, err := readAll(t, bytes.NewReader(write(t, original)))
			if err != nil {
				t.Fatal(err)
			}
			sameRecords(t, again, original)
			if items == 0 {
				t.Fatal("the export has no items")
			}
		})
	}
}

// TestWriterCleansText writes text no XML document may hold and text that
// XML readers change, and reads back what any XML reader would report.
func TestWriterCleansText(t *testing.T) {
	bad := "bell\a, nul\x00, bad byte \xff, CRLF\r\nand CR\rend \uFFFE"
	want := "bell\uFFFD, nul\uFFFD, bad byte \uFFFD, CRLF\nand CR\nend \uFFFD"
	records := []Record{
		&Channel{Title: "Site", Link: "https://news.example.org"},
		&Item{ID: 1, Title: "Title", Content: bad, Excerpt: bad, Type: "post", Status: "publish",
			Comments: []Comment{{ID: 2, Content: bad, Approved: "1"}}},
	}
	got, err := readAll(t, bytes.NewReader(write(t, records)))
	if err != nil {
		t.Fatal(err)
	}
	it := got[1].(*Item)
	for name, s := range map[string]string{"content": it.Content, "excerpt": it.Excerpt, "comment": it.Comments[0].Content} {
		if s != want {
			t.Errorf("%s read back as %q, want %q", name, s, want)
		}
	}
}

// TestWriterOrder refuses records out of the export's order, which
// WordPress's importer would misread, and keeps refusing after the first
// mistake.
func TestWriterOrder(t *testing.T) {
	ch := &Channel{Title: "Site", Link: "https://news.example.org"}
	tests := []struct {
		name string
		do   func(w *Writer) error
		want string
	}{
		{"item before the channel", func(w *Writer) error { return w.WriteItem(&Item{ID: 1}) }, "before the channel"},
		{"author after an item", func(w *Writer) error {
			w.WriteChannel(ch)
			w.WriteItem(&Item{ID: 1})
			return w.WriteAuthor(&Author{Login: "late"})
		}, "authors and terms come first"},
		{"comment outside an item", func(w *Writer) error {
			w.WriteChannel(ch)
			return w.WriteComment(&Comment{ID: 1})
		}, "outside an item"},
		{"close with an item open", func(w *Writer) error {
			w.WriteChannel(ch)
			w.OpenItem(&Item{ID: 1})
			return w.Close()
		}, "item open"},
		{"tag before the channel, then the channel", func(w *Writer) error {
			w.WriteTag(&Tag{Slug: "early"})
			w.WriteChannel(ch)
			return w.Close()
		}, "before the channel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do(NewWriter(io.Discard))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestWriterFailsWithItsWriter reports the error of the writer below on
// Close, and no later call succeeds.
func TestWriterFailsWithItsWriter(t *testing.T) {
	broken := errors.New("disk full")
	w := NewWriter(failingWriter{broken})
	w.WriteChannel(&Channel{Title: "Site"})
	for range 2000 {
		w.WriteItem(&Item{ID: 1, Content: strings.Repeat("x", 1000)})
	}
	if err := w.Close(); !errors.Is(err, broken) {
		t.Fatalf("Close returned %v, want %v", err, broken)
	}
}

type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }

// TestWriterStreams writes a large export and checks that the file goes
// out as it is written, with the heap far below its size: items are never
// gathered.
func TestWriterStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large export")
	}
	body := strings.Repeat("<p>Paragraph of a long article, with some words in it.</p>\n", 60) // about 3.6 KB
	var out countingWriter
	w := NewWriter(&out)
	if err := w.WriteChannel(&Channel{Title: "Large", Link: "https://news.example.org"}); err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	var peak uint64
	const items = 20000
	for i := range items {
		it := &Item{ID: int64(i + 1), Title: "Post", Content: body, Type: "post", Status: "publish"}
		if err := w.OpenItem(it); err != nil {
			t.Fatal(err)
		}
		for j := range 5 {
			w.WriteComment(&Comment{ID: int64(i*5 + j + 1), Content: "First!", Approved: "1"})
		}
		if err := w.CloseItem(); err != nil {
			t.Fatal(err)
		}
		if i%2000 == 1999 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	written := out.n
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if written < out.n-(64<<10) {
		t.Errorf("%d bytes were written before Close of %d, want all but a buffer", written, out.n)
	}
	t.Logf("wrote %d MB, peak heap %d KB", out.n>>20, peak>>10)
	if bound := uint64(16 << 20); peak > bound {
		t.Errorf("heap reached %d MB writing %d MB, want under %d MB", peak>>20, out.n>>20, bound>>20)
	}
}

type countingWriter struct{ n int }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	return len(p), nil
}
