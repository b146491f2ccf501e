package wpimport

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/web"
)

// writeBodyUploads makes the uploads directory of body-images.xml: the
// pier, the boat with the smaller copy WordPress made of it, the crane's
// upload and the scaled file WordPress made of it, and the kite; the lost
// picture is missing.
func writeBodyUploads(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, size := range map[string][2]int{
		"2023/01/pier.jpg": {800, 400}, "2023/01/boat.jpg": {1000, 500}, "2023/01/boat-300x150.jpg": {300, 150},
		"2023/01/crane.jpg": {1800, 1200}, "2023/01/crane-scaled.jpg": {900, 600}, "2023/02/kite.jpg": {2000, 1000},
	} {
		var b bytes.Buffer
		if err := jpeg.Encode(&b, drawnImage(size[0], size[1], uint8(len(name))), nil); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// imageNamed returns the one image of the library whose original file
// name is name.
func imageNamed(t *testing.T, s masthead.Store, name string) *masthead.Media {
	t.Helper()
	all, _, err := s.FindMedia(context.Background(), masthead.MediaFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var found *masthead.Media
	for _, m := range all {
		if m.OriginalName == name {
			if found != nil {
				t.Fatalf("the library holds %s twice", name)
			}
			found = m
		}
	}
	if found == nil {
		t.Fatalf("the library holds no %s", name)
	}
	return found
}

func TestImportBodyImages(t *testing.T) {
	checkBodyImages(t, newStore(t))
}

func TestImportBodyImagesPostgres(t *testing.T) {
	s := newPostgresStore(t)
	checkBodyImages(t, s)
}

// checkBodyImages imports body-images.xml with its uploads: the images
// only bodies show come into the library with the bodies' descriptions,
// a copy WordPress made shows its original, the kite that its post shows
// before its attachment comes is one image with the attachment's
// description and id, the bodies lead to the new files, the old
// addresses answer one 301 to them, and a second run changes nothing.
func checkBodyImages(t *testing.T, s masthead.Store) {
	ctx := context.Background()
	opts, storage := mediaOptions(t, writeBodyUploads(t))
	sum := importFile(t, s, "body-images.xml", opts)

	if sum.Added.Media != 4 || sum.BodyMedia != 3 || sum.Found.Media != 0 {
		t.Errorf("media: %d added, %d of them from bodies, %d found; want 4, 3, 0", sum.Added.Media, sum.BodyMedia, sum.Found.Media)
	}
	if sum.OtherHostImages != 1 || sum.KeptMediaURLs != 1 || sum.MediaWithoutAlt != 0 {
		t.Errorf("%d images on other sites, %d addresses kept, %d without a description; want 1, 1 (the lost one), 0",
			sum.OtherHostImages, sum.KeptMediaURLs, sum.MediaWithoutAlt)
	}
	var out bytes.Buffer
	sum.WriteTo(&out)
	for _, want := range []string{"media           4 added (of 1 attachments in the export)",
		"3 of them are images that bodies show and no attachment names, brought in from the uploads directory.",
		"1 image in a body is on another site and keeps its address."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the summary does not say %q:\n%s", want, out.String())
		}
	}
	if _, total, _ := s.FindMedia(ctx, masthead.MediaFilter{}); total != 4 {
		t.Errorf("the library holds %d images, want 4", total)
	}

	pier, boat, crane, kite := imageNamed(t, s, "pier.jpg"), imageNamed(t, s, "boat.jpg"), imageNamed(t, s, "crane.jpg"), mediaOf(t, s, 403)
	if pier.AltText != "The pier in winter" || pier.ExternalID != "wordpress:file:2023/01/pier.jpg" || pier.UploadedBy == 0 ||
		!pier.CreatedAt.Equal(time.Date(2023, 1, 20, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("pier = %+v", pier)
	}
	if boat.AltText != "A boat under snow" || boat.Width != 1000 {
		t.Errorf("boat = %+v, want the original with the body's description", boat)
	}
	if crane.Width != 1800 {
		t.Errorf("crane = %+v, want the upload rather than the file WordPress scaled", crane)
	}
	if kite.AltText != "A red kite over the bay" || kite.Caption != "The kite festival on the north beach." || kite.OriginalName != "kite.jpg" || fmt.Sprint(variantWidths(kite)) != fmt.Sprint(widthsBelow(kite.Width)) {
		t.Errorf("kite = %+v, want the attachment's description and caption", kite)
	}

	winter, kites := articleOf(t, s, 401), articleOf(t, s, 402)
	for _, want := range []string{"(" + pier.Path() + ")", "(/media/" + boat.Variants[0].Name + ")", "(" + boat.Path() + ")", "(" + crane.Path() + ")",
		"https://observer.example/wp-content/uploads/2023/01/lost.jpg", "https://photos.example/2023/01/snow.jpg"} {
		if !strings.Contains(winter.BodySource, want) {
			t.Errorf("post 401's body does not hold %q:\n%s", want, winter.BodySource)
		}
	}
	if kites.FeaturedImage == nil || kites.FeaturedImage.ID != kite.ID {
		t.Errorf("post 402 leads with %+v, want the kite", kites.FeaturedImage)
	}
	if want := variantPath(t, kite, 1600); !strings.Contains(kites.BodySource, want) || strings.Contains(kites.BodySource, "wp-content") {
		t.Errorf("post 402's body does not show %s (the width that fits WordPress's large copy):\n%s", want, kites.BodySource)
	}

	srv, err := web.NewServer(s, web.Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }, MediaStorage: storage})
	if err != nil {
		t.Fatal(err)
	}
	for from, to := range map[string]string{
		"/wp-content/uploads/2023/01/pier.jpg":          pier.Path(),
		"/wp-content/uploads/2023/01/boat.jpg":          boat.Path(),
		"/wp-content/uploads/2023/01/boat-300x150.jpg":  "/media/" + boat.Variants[0].Name,
		"/wp-content/uploads/2023/01/crane.jpg":         crane.Path(),
		"/wp-content/uploads/2023/01/crane-scaled.jpg":  crane.Path(),
		"/wp-content/uploads/2023/02/kite.jpg":          kite.Path(),
		"/wp-content/uploads/2023/02/kite-1024x512.jpg": variantPath(t, kite, 1600),
		"/?attachment_id=403":                           kites.Path(time.UTC),
	} {
		statuses, final := follow(t, srv, from)
		if final != to || fmt.Sprint(statuses) != "[301 200]" {
			t.Errorf("%s answers %v and ends at %s, want one 301 to %s", from, statuses, final, to)
		}
	}
	if statuses, _ := follow(t, srv, "/wp-content/uploads/2023/01/lost.jpg"); fmt.Sprint(statuses) != "[404]" {
		t.Errorf("the lost picture's address answers %v, want 404", statuses)
	}

	before := countSite(t, s)
	revision := articleOf(t, s, 402).Revision
	again := importFile(t, s, "body-images.xml", opts)
	if again.Added != (Counts{}) || again.Found.Media != 1 || again.BodyMedia != 0 {
		t.Errorf("the second run added %+v, found %d images, brought %d in from bodies", again.Added, again.Found.Media, again.BodyMedia)
	}
	if after := countSite(t, s); after != before {
		t.Errorf("the second run went from %+v to %+v", before, after)
	}
	if _, total, _ := s.FindMedia(ctx, masthead.MediaFilter{}); total != 4 {
		t.Errorf("the library holds %d images after a second run", total)
	}
	if got := articleOf(t, s, 402).Revision; got != revision {
		t.Errorf("the second run saved post 402 again: revision %d, was %d", got, revision)
	}
}

// cutExport returns an export of name that ends after its first items
// items, as a run stopped there (killed, each record written in its own
// transaction) leaves the site.
func cutExport(t *testing.T, name string, items int) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	end := 0
	for range items {
		end += bytes.Index(b[end:], []byte("</item>")) + len("</item>")
	}
	return append(append([]byte{}, b[:end]...), "\n</channel>\n</rss>\n"...)
}

// TestImportBodyImageResumed stops an import between the post that shows
// the kite and the kite's attachment, then runs the whole export: the
// attachment adopts the image the body brought in, which keeps its
// number and files and takes the attachment's description and id.
func TestImportBodyImageResumed(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	opts, _ := mediaOptions(t, writeBodyUploads(t))
	first, err := Import(ctx, s, bytes.NewReader(cutExport(t, "body-images.xml", 2)), opts)
	if err != nil {
		t.Fatal(err)
	}
	if first.Added.Media != 4 || first.BodyMedia != 4 {
		t.Errorf("the stopped run added %d images, %d from bodies; want 4, 4", first.Added.Media, first.BodyMedia)
	}
	early := imageNamed(t, s, "kite.jpg")
	if early.AltText != "A kite" || early.ExternalID != "wordpress:file:2023/02/kite.jpg" {
		t.Fatalf("the kite before its attachment = %+v", early)
	}
	if a := articleOf(t, s, 402); a.FeaturedImage != nil || !strings.Contains(a.BodySource, variantPath(t, early, 1600)) {
		t.Fatalf("post 402 before its attachment: featured %+v, body %q", a.FeaturedImage, a.BodySource)
	}

	sum := importFile(t, s, "body-images.xml", opts)
	if sum.Added.Media != 0 || sum.Found.Media != 1 || sum.Found.Articles != 2 {
		t.Errorf("the whole export added %+v and found %+v", sum.Added, sum.Found)
	}
	kite := mediaOf(t, s, 403)
	if kite.ID != early.ID || kite.Name != early.Name || kite.AltText != "A red kite over the bay" || kite.Caption == "" {
		t.Errorf("the kite after its attachment = %+v, was %+v", kite, early)
	}
	if _, total, _ := s.FindMedia(ctx, masthead.MediaFilter{}); total != 4 {
		t.Errorf("the library holds %d images, want 4", total)
	}
	if a := articleOf(t, s, 402); a.FeaturedImage == nil || a.FeaturedImage.ID != kite.ID {
		t.Errorf("post 402 leads with %+v, want the kite", a.FeaturedImage)
	}
	again := importFile(t, s, "body-images.xml", opts)
	if again.Added != (Counts{}) {
		t.Errorf("a third run added %+v", again.Added)
	}
}

// TestImportBodyImagesLater: a site imported without the uploads gets the
// images its bodies show when the export is imported again with them.
func TestImportBodyImagesLater(t *testing.T) {
	s := newStore(t)
	importFile(t, s, "body-images.xml", Options{})
	opts, _ := mediaOptions(t, writeBodyUploads(t))
	sum := importFile(t, s, "body-images.xml", opts)
	if sum.Added.Media != 4 || sum.BodyMedia != 3 {
		t.Errorf("the run with uploads added %d images, %d from bodies; want 4, 3", sum.Added.Media, sum.BodyMedia)
	}
	pier := imageNamed(t, s, "pier.jpg")
	if a := articleOf(t, s, 401); !strings.Contains(a.BodySource, "("+pier.Path()+")") || pier.AltText != "The pier in winter" {
		t.Errorf("post 401 after the run with uploads: %q; pier %+v", a.BodySource, pier)
	}
}

// TestImportBodyImagesDryRun counts what a real run would bring in and
// stores nothing.
func TestImportBodyImagesDryRun(t *testing.T) {
	s := newStore(t)
	before := countSite(t, s)
	sum := importFile(t, s, "body-images.xml", Options{DryRun: true, Uploads: os.DirFS(writeBodyUploads(t))})
	if sum.Added.Media != 4 || sum.BodyMedia != 3 {
		t.Errorf("the dry run would add %d images, %d from bodies; want 4, 3", sum.Added.Media, sum.BodyMedia)
	}
	if after := countSite(t, s); after != before {
		t.Errorf("the dry run wrote: %+v, then %+v", before, after)
	}
}

func TestOriginals(t *testing.T) {
	for _, tt := range []struct {
		rel   string
		want  []string
		width int
	}{
		{"2023/01/boat-300x150.jpg", []string{"2023/01/boat.jpg", "2023/01/boat-scaled.jpg", "2023/01/boat-300x150.jpg"}, 300},
		{"2023/01/crane-scaled.jpg", []string{"2023/01/crane.jpg", "2023/01/crane-scaled.jpg"}, 0},
		{"2023/01/pier.jpg", []string{"2023/01/pier.jpg"}, 0},
	} {
		got, width := originals(tt.rel)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) || width != tt.width {
			t.Errorf("originals(%q) = %v, %d; want %v, %d", tt.rel, got, width, tt.want, tt.width)
		}
	}
}

// drawnImage is a picture of w by h pixels that differs with seed.
func drawnImage(w, h int, seed uint8) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{R: uint8(x), G: uint8(y), B: seed * 7, A: 255})
		}
	}
	return img
}

// TestFiguresWithCaptionMarkup: a WordPress figure whose caption holds
// links and emphasis, from the block editor or the [caption] shortcode,
// becomes a figure of the library image it shows, with the caption's
// markup kept in the article's words for it: the page shows the library's
// sizes and follows the library's later edits of what the caption leaves
// to the library (the credit), while a figure of another site's image
// stays as HTML.
func TestFiguresWithCaptionMarkup(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	opts, _ := mediaOptions(t, writeUploads(t))
	f, err := os.Open("testdata/caption-markup.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := Import(ctx, s, f, opts); err != nil {
		t.Fatal(err)
	}
	harbour := mediaOf(t, s, 301)
	a := articleOf(t, s, 320)
	for _, want := range []string{
		`![Boats at dawn](/media/`, ` "Boats at [the new harbour](/2024/05/04/harbour-opens/), *Monday*")`,
		`![The quay](/media/`, ` "The quay, **before** the boats \& the crowds")`,
	} {
		if !strings.Contains(a.BodySource, want) {
			t.Errorf("the body does not hold %q:\n%s", want, a.BodySource)
		}
	}
	doc, err := html.Parse(strings.NewReader(a.BodyHTML))
	if err != nil {
		t.Fatal(err)
	}
	var figures []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "figure" {
			figures = append(figures, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(figures) != 3 {
		t.Fatalf("the page shows %d figures, want 3:\n%s", len(figures), a.BodyHTML)
	}
	find := func(n *html.Node, name string) *html.Node {
		var found *html.Node
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if found == nil && n.Type == html.ElementNode && n.Data == name {
				found = n
			}
			for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(n)
		return found
	}
	for i, fig := range figures[:2] {
		img := find(fig, "img")
		if img == nil || attrValue(html.Token{Attr: img.Attr}, "srcset") == "" || !strings.Contains(attrValue(html.Token{Attr: img.Attr}, "srcset"), harbour.Name) {
			t.Errorf("figure %d is not the library's, with its sizes: %s", i+1, a.BodyHTML)
		}
	}
	caption := find(figures[0], "figcaption")
	if link := find(caption, "a"); link == nil || attrValue(html.Token{Attr: link.Attr}, "href") != "/2024/05/04/harbour-opens/" || find(caption, "em") == nil {
		t.Errorf("the first caption lost its link or emphasis: %s", a.BodyHTML)
	}
	if find(find(figures[1], "figcaption"), "strong") == nil || !strings.Contains(a.BodyHTML, "the boats &amp; the crowds") {
		t.Errorf("the second caption lost its emphasis or its ampersand: %s", a.BodyHTML)
	}
	if img := find(figures[2], "img"); img == nil || attrValue(html.Token{Attr: img.Attr}, "srcset") != "" ||
		!strings.Contains(a.BodySource, `<figure><img src="https://elsewhere.example/pictures/regatta.jpg"`) {
		t.Errorf("the figure of another site's image did not stay as it was:\n%s", a.BodySource)
	}
	// The body shows the image: it is linked to it, and follows its words.
	if _, err := s.DeleteMedia(ctx, harbour.ID); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Errorf("deleting the image the figures show: %v, want a refusal", err)
	}
	harbour.Credit = "The harbour office"
	if err := s.UpdateMedia(ctx, harbour); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(articleOf(t, s, 320).BodyHTML, `<span class="credit">The harbour office</span>`); got != 2 {
		t.Errorf("after the library's new credit, %d figures show it, want 2", got)
	}
}
