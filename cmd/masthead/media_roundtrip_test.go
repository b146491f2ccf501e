package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead"
	"masthead/content"
	"masthead/media"
	"masthead/sqlite"
	"masthead/web"
)

// uploadImage puts an image into a site's library as the media library's
// upload does: processed, its files in the media directory, then stored.
func uploadImage(t *testing.T, s masthead.Store, dir media.Dir, img image.Image, asPNG bool, m masthead.Media) *masthead.Media {
	t.Helper()
	var b bytes.Buffer
	var err error
	if asPNG {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 95})
	}
	if err != nil {
		t.Fatal(err)
	}
	p, err := media.Process(&b)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, f := range append([]media.File{p.Original}, p.Variants...) {
		if err := dir.Put(ctx, f.Name, f.Data); err != nil {
			t.Fatal(err)
		}
	}
	m.Name, m.Type, m.Width, m.Height = p.Original.Name, p.Original.Type, p.Original.Width, p.Original.Height
	for _, v := range p.Variants {
		m.Variants = append(m.Variants, masthead.MediaVariant{Width: v.Width, Name: v.Name})
	}
	if err := s.CreateMedia(ctx, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

// gradient is a picture that JPEG keeps closely; alpha below 255 makes
// Masthead keep it as a PNG.
func gradient(w, h int, alpha uint8) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{R: uint8(x * 255 / w), G: uint8(y * 255 / h), B: 90, A: alpha})
		}
	}
	return img
}

// sitePicture is what a reader sees of an image: its description,
// caption, credit, type and size, and the name of the file it was
// uploaded as.
type sitePicture struct {
	OriginalName, Alt, Caption, Credit, Type string
	Width, Height, Variants                  int
}

// mediaSite is what the round trip compares of a site's images: the
// library by original name, each article's featured image, and the
// images each article's body shows (by original name and width).
type mediaSite struct {
	Library  map[string]sitePicture
	Featured map[string]string
	Bodies   map[string][]string
}

// mediaAddress matches the image addresses of a rendered body.
var mediaAddress = regexp.MustCompile(`src="(?:https?://[^/"]+)?(/media/[0-9a-f]{32}\.(?:jpg|png))"`)

func readMediaSite(t *testing.T, s masthead.Store) (mediaSite, map[string]*masthead.Media) {
	t.Helper()
	ctx := context.Background()
	site := mediaSite{Library: map[string]sitePicture{}, Featured: map[string]string{}, Bodies: map[string][]string{}}
	byFile := map[string]string{} // file name to "original name at width"
	byOriginal := map[string]*masthead.Media{}
	list, _, err := s.FindMedia(ctx, masthead.MediaFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		site.Library[m.OriginalName] = sitePicture{m.OriginalName, m.AltText, m.Caption, m.Credit, m.Type, m.Width, m.Height, len(m.Variants)}
		byOriginal[m.OriginalName] = m
		byFile[m.Name] = fmt.Sprintf("%s at full size", m.OriginalName)
		for _, v := range m.Variants {
			byFile[v.Name] = fmt.Sprintf("%s at %d", m.OriginalName, v.Width)
		}
	}
	articles, _, err := s.FindArticles(ctx, masthead.ArticleFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range articles {
		if a.FeaturedImage != nil {
			site.Featured[a.Slug] = a.FeaturedImage.OriginalName
		}
		// The file each image shows at its place; the other widths a
		// figure offers in its srcset are the same image.
		for _, m := range mediaAddress.FindAllStringSubmatch(a.BodyHTML, -1) {
			addr := m[1]
			shown, ok := byFile[strings.TrimPrefix(addr, "/media/")]
			if !ok {
				shown = "a file the library does not hold: " + addr
			}
			site.Bodies[a.Slug] = append(site.Bodies[a.Slug], shown)
		}
	}
	return site, byOriginal
}

// decoded reads a stored image file.
func decoded(t *testing.T, dir media.Dir, name string) image.Image {
	t.Helper()
	f, err := dir.Open(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// meanDifference is the mean difference of two images of one size, by
// channel, from 0 to 255.
func meanDifference(a, b image.Image) float64 {
	var sum float64
	bounds := a.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			for _, d := range []int{int(r1) - int(r2), int(g1) - int(g2), int(b1) - int(b2)} {
				sum += float64(max(d, -d)) / 257
			}
		}
	}
	return sum / float64(3*bounds.Dx()*bounds.Dy())
}

// TestMediaRoundTrip exports a site whose images were uploaded as the
// media library takes them, and imports the export into an empty site
// with the first site's media directory as the uploads, then with a flat
// copy of its files: the same images come back, with their descriptions,
// captions, credits and file names, as the same featured images and at
// the same places in the bodies, and the first site's image addresses
// lead to the new files.
func TestMediaRoundTrip(t *testing.T) {
	ctx := context.Background()
	first := t.TempDir()
	s, err := sqlite.Open(ctx, filepath.Join(first, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	dir := media.Dir(filepath.Join(first, "media"))
	ana := &masthead.Author{Name: "Ana Lima", Slug: "ana", Email: "ana@news.example", Role: masthead.RoleAuthor}
	if err := s.CreateAuthor(ctx, ana); err != nil {
		t.Fatal(err)
	}
	pier := uploadImage(t, s, dir, gradient(1200, 600, 255), false,
		masthead.Media{OriginalName: "pier-at-dawn.jpg", AltText: "The new pier at dawn", Caption: "The east quay pier", Credit: "Ana Lima", UploadedBy: ana.ID})
	gull := uploadImage(t, s, dir, gradient(400, 300, 160), true, masthead.Media{OriginalName: "gull.png", AltText: "A gull on a post"})
	for _, a := range []*masthead.Article{
		{Headline: "Pier opens", FeaturedImage: pier,
			BodySource: "The pier opened.\n\n![The pier](/media/" + pier.Name + ")\n\nA smaller one: ![Small pier](/media/" + pier.Variants[0].Name + ")\n"},
		{Headline: "Gulls return", FeaturedImage: gull, BodySource: "<figure><img src=\"/media/" + gull.Name + "\" alt=\"A gull\"><figcaption>A gull</figcaption></figure>\n"},
		// A library figure whose caption and credit hold markup.
		{Headline: "Pier at night", BodySource: "After dark.\n\n![](/media/" + pier.Name + " \"The pier, [seen from the ferry](https://ferry.example/) — *Ana* Lima\")\n"},
	} {
		a.Status, a.Authors, a.PublishedAt, a.CommentsOpen = masthead.StatusPublished, []*masthead.Author{ana}, time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC), true
		if err := content.PrepareArticleWith(ctx, a, s); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	want, _ := readMediaSite(t, s)
	s.Close()
	if len(want.Library) != 2 || len(want.Featured) != 2 || len(want.Bodies["pier-opens"]) != 2 || len(want.Bodies["gulls-return"]) != 1 ||
		len(want.Bodies["pier-at-night"]) != 1 {
		t.Fatalf("the first site's images: %+v", want)
	}

	var export bytes.Buffer
	if err := run(ctx, []string{"export", "wordpress", "--data", first, "--base-url", "https://old.example.org"}, noEnv, &export, io.Discard); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "site.xml")
	if err := os.WriteFile(file, export.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	flat := t.TempDir()
	err = filepath.WalkDir(string(dir), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(flat, d.Name()), data, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}

	for _, uploads := range []string{string(dir), flat} {
		second := t.TempDir()
		var out bytes.Buffer
		if err := run(ctx, []string{"import", "wordpress", file, "--uploads", uploads, "--data", second}, noEnv, &out, &out); err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
		if !strings.Contains(out.String(), "media           2 added (of 2 attachments in the export)") {
			t.Errorf("the import from %s printed:\n%s", uploads, out.String())
		}
		s, err := sqlite.Open(ctx, filepath.Join(second, "masthead.db"))
		if err != nil {
			t.Fatal(err)
		}
		got, gotImages := readMediaSite(t, s)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("the images imported from %s differ (-exported +imported):\n%s", uploads, diff)
		}
		// A PNG is encoded to the same bytes again, so it keeps its name;
		// a JPEG is encoded anew, as every upload is, and stays close.
		newDir := media.Dir(filepath.Join(second, "media"))
		if g := gotImages["gull.png"]; g == nil || g.Name != gull.Name {
			t.Errorf("the gull came back as %+v, want the file %s", g, gull.Name)
		}
		if p := gotImages["pier-at-dawn.jpg"]; p != nil {
			if d := meanDifference(decoded(t, dir, pier.Name), decoded(t, newDir, p.Name)); d > 3 {
				t.Errorf("the pier came back %.1f levels off on average", d)
			}
		}

		// The figures come back as the library's, with its sizes, and
		// the pier at night's caption keeps its link and emphasis; the
		// bodies that show the images keep them from being deleted.
		night, err := s.FindArticleBySlug(ctx, "pier-at-night")
		if err != nil {
			t.Fatal(err)
		}
		gulls, err := s.FindArticleBySlug(ctx, "gulls-return")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []*masthead.Article{night, gulls} {
			if strings.Count(a.BodyHTML, "<figure>") != 1 || !strings.Contains(a.BodyHTML, ` srcset="`) || !strings.Contains(a.BodySource, "![") {
				t.Errorf("%q from %s is not a library figure:\n%s\n%s", a.Headline, uploads, a.BodySource, a.BodyHTML)
			}
		}
		for _, part := range []string{`The pier, <a href="https://ferry.example/">seen from the ferry</a>`, `<span class="credit"><em>Ana</em> Lima</span>`} {
			if !strings.Contains(night.BodyHTML, part) {
				t.Errorf("the pier at night from %s lost %q:\n%s", uploads, part, night.BodyHTML)
			}
		}
		for name, m := range gotImages {
			if _, err := s.DeleteMedia(ctx, m.ID); masthead.ErrorCode(err) != masthead.ECONFLICT {
				t.Errorf("deleting %s, which bodies show, from %s: %v, want a refusal", name, uploads, err)
			}
		}

		// The first site's addresses of the pier lead to its new files.
		srv, err := web.NewServer(s, web.Options{BaseURL: "https://news.example.org", MediaStorage: newDir})
		if err != nil {
			t.Fatal(err)
		}
		p := gotImages["pier-at-dawn.jpg"]
		for from, to := range map[string]string{"/media/" + pier.Name: p.Path(), "/media/" + pier.Variants[0].Name: "/media/" + p.Variants[0].Name} {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", from, nil))
			if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != to {
				t.Errorf("%s answers %d to %q, want 301 to %s", from, rec.Code, rec.Header().Get("Location"), to)
			}
		}
		s.Close()
	}
}
