package feed

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func sample() *Feed {
	t := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	return &Feed{
		Title: "Observer", Description: "News from Port Alder & the coast", Language: "en",
		SiteURL: "https://observer.example/", FeedURL: "https://observer.example/feed/", Updated: t.Add(time.Hour),
		Items: []Item{{
			ID: "https://observer.example/?p=7", Title: "Harbour board approves <pier>", URL: "https://observer.example/2026/03/14/pier/",
			Published: t, Updated: t.Add(time.Hour),
			Authors:    []Person{{Name: "Ana Lima", URL: "https://observer.example/author/ana-lima/"}, {Name: "Ben Ortiz"}},
			Categories: []string{"Local", "Harbour"}, Summary: "The vote ends two years of argument.",
			ContentHTML: `<p>The board voted &amp; the chair said &ldquo;yes&rdquo;. <a href="https://example.org/">Minutes</a></p>`,
		}, {
			ID: "https://observer.example/?p=8", Title: "Ferry timetable changes", URL: "https://observer.example/2026/03/14/ferry/",
			Published: t.Add(-time.Hour), Updated: t.Add(-time.Hour), Authors: []Person{{Name: "Ben Ortiz"}},
			ContentHTML: "<p>Sailings move.</p>",
			Image: &Image{URL: "https://observer.example/media/0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Length: 48213,
				Width: 1600, Height: 900, Alt: "The ferry <Skerry> at the quay", Credit: "Ana Lima & staff"},
		}},
	}
}

// TestGolden compares each format with its golden file; run with -update
// after a deliberate change and read the diff.
func TestGolden(t *testing.T) {
	for name, write := range map[string]func(*bytes.Buffer, *Feed) error{
		"rss.xml":   func(b *bytes.Buffer, f *Feed) error { return WriteRSS(b, f) },
		"atom.xml":  func(b *bytes.Buffer, f *Feed) error { return WriteAtom(b, f) },
		"feed.json": func(b *bytes.Buffer, f *Feed) error { return WriteJSON(b, f) },
	} {
		var got bytes.Buffer
		if err := write(&got, sample()); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", name+".golden")
		if *update {
			if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s differs from %s:\n%s", name, path, got.String())
		}
	}
}

// TestForbiddenCharacters: text XML forbids (a NUL, other control
// characters, bytes that are not UTF-8), in any field, still makes a
// well-formed RSS and Atom document.
func TestForbiddenCharacters(t *testing.T) {
	f := sample()
	bad := "nul\x00 bell\x07 bad\xff ]]> end"
	f.Title, f.Items[0].Title, f.Items[0].Summary, f.Items[0].ContentHTML = bad, bad, bad, "<p>"+bad+"</p>"
	f.Items[0].Authors[0].Name = bad
	for name, write := range map[string]func(*bytes.Buffer, *Feed) error{
		"rss":  func(b *bytes.Buffer, f *Feed) error { return WriteRSS(b, f) },
		"atom": func(b *bytes.Buffer, f *Feed) error { return WriteAtom(b, f) },
	} {
		var out bytes.Buffer
		if err := write(&out, f); err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(&out)
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed: %v", name, err)
			}
		}
	}
}
