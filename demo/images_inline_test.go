package demo

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	nethtml "golang.org/x/net/html"

	"masthead"
	"masthead/media"
	"masthead/sqlite"
)

// TestSeedPictureStory: the picture story's images are drawn, stored as
// files and in the library, and its body shows a figure, a gallery, a
// pull quote, a fact box and related links.
func TestSeedPictureStory(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	if _, _, err := Seed(ctx, s, now); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := SeedPictureStory(ctx, s, media.Dir(dir), now); err != nil {
		t.Fatal(err)
	}
	images, total, err := s.FindMedia(ctx, masthead.MediaFilter{})
	if err != nil || total != len(pictures) {
		t.Fatalf("%d images in the library, %v", total, err)
	}
	for _, m := range images {
		for _, name := range m.Files() {
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(media.DirPath(name)))); err != nil {
				t.Errorf("the file %s of %s: %v", name, m.OriginalName, err)
			}
		}
	}
	a, err := s.FindArticleBySlug(ctx, "in-pictures-lanterns-return-to-the-alder")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := nethtml.Parse(strings.NewReader(a.BodyHTML))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	var walk func(*nethtml.Node)
	walk = func(n *nethtml.Node) {
		if n.Type == nethtml.ElementNode {
			for _, at := range n.Attr {
				if at.Key == "class" {
					counts[n.Data+"."+at.Val]++
				}
				if n.Data == "img" && at.Key == "srcset" {
					counts["img[srcset]"]++
				}
			}
			counts[n.Data]++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for what, want := range map[string]int{"figure": 4, "figure.gallery": 1, "img[srcset]": 3, "aside.pullquote": 1,
		"aside.factbox": 1, "aside.related": 1, "nav": 1} {
		if counts[what] != want {
			t.Errorf("the body holds %d %s, want %d", counts[what], what, want)
		}
	}
	if strings.Contains(a.Excerpt, "Lanterns on the Alder at dusk") {
		t.Errorf("the excerpt starts with a caption: %q", a.Excerpt)
	}
}
