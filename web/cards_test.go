package web

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"masthead"
	"masthead/content"
	"masthead/media"
)

// storeImage puts a generated photograph through the upload path (the
// same sizes and names an upload gets) into dir and the library.
func storeImage(t *testing.T, s masthead.Store, dir string, w, h int, alt string) *masthead.Media {
	t.Helper()
	processed, err := media.Process(bytes.NewReader(testJPEG(t, w, h)))
	must(t, err)
	m := &masthead.Media{Name: processed.Original.Name, Type: processed.Original.Type, Width: processed.Original.Width,
		Height: processed.Original.Height, OriginalName: "photo.jpg", AltText: alt, Credit: "Staff photographer"}
	for _, f := range append([]media.File{processed.Original}, processed.Variants...) {
		must(t, media.Dir(dir).Put(context.Background(), f.Name, f.Data))
	}
	for _, v := range processed.Variants {
		m.Variants = append(m.Variants, masthead.MediaVariant{Width: v.Width, Name: v.Name})
	}
	must(t, s.CreateMedia(context.Background(), m))
	return m
}

// feature makes m the featured image of the article with the slug.
func feature(t *testing.T, s masthead.Store, slug string, m *masthead.Media) *masthead.Article {
	t.Helper()
	a, err := s.FindArticleBySlug(context.Background(), slug)
	must(t, err)
	a.FeaturedImage = m
	must(t, s.UpdateArticle(context.Background(), a))
	return a
}

// illustratedFixture is the fixture site with a picture on the lead and
// on a story far down the home page, served with its media directory.
type illustratedFixture struct {
	*fixture
	dir        string
	pier, gull *masthead.Media
}

func newIllustratedFixture(t *testing.T, opts ...func(*Options)) *illustratedFixture {
	t.Helper()
	f := &illustratedFixture{fixture: newFixture(t), dir: t.TempDir()}
	f.pier = storeImage(t, f.store, f.dir, 1800, 1200, "The new pier at dawn")
	f.gull = storeImage(t, f.store, f.dir, 1000, 750, "A gull on a bollard")
	feature(t, f.store, f.lead.Slug, f.pier)
	feature(t, f.store, "story-number-18", f.gull) // the grid's fifth card on the home page
	o := Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }, MediaDir: f.dir}
	for _, opt := range opts {
		opt(&o)
	}
	srv, err := NewServer(f.store, o)
	must(t, err)
	f.server = srv
	return f
}

// cardImage returns the image of the card whose headline is headline.
func cardImage(t *testing.T, doc *html.Node, headline string) (*html.Node, *html.Node) {
	t.Helper()
	for _, c := range findAll(doc, func(n *html.Node) bool { return byClass("card")(n) || byClass("brief")(n) || byClass("result")(n) }) {
		if h := findAll(c, byClass("card-headline")); len(h) == 1 && text(h[0]) == headline {
			imgs := findAll(c, byTag("img"))
			if len(imgs) == 0 {
				return c, nil
			}
			return c, imgs[0]
		}
	}
	t.Fatalf("no card for %q", headline)
	return nil, nil
}

// TestCardsShowTheFeaturedImage: every list shows a story's featured image
// with its sizes, dimensions and alt text; the page's first image loads
// first and eagerly, those below the fold lazily; the image's link is
// neither announced nor a tab stop, so that a card is one link; a card
// without an image says so in its class.
func TestCardsShowTheFeaturedImage(t *testing.T) {
	f := newIllustratedFixture(t)
	for _, tc := range []struct {
		path, headline string
		first          bool
	}{
		{"/", f.lead.Headline, true},
		{"/", "Story number 18", false},
		{"/category/local/", f.lead.Headline, true},
		{"/category/sport/", "Story number 18", true},
		{"/tag/harbour/", f.lead.Headline, true},
		{"/author/ana-lima/", f.lead.Headline, true},
		{"/author/ben-ortiz/", "Story number 18", false},
		{"/search/?q=ferry+pier", f.lead.Headline, true},
	} {
		res := get(t, f.server, "GET", tc.path)
		if res.status != 200 {
			t.Fatalf("%s: status %d", tc.path, res.status)
		}
		doc := parse(t, res.body)
		_, img := cardImage(t, doc, tc.headline)
		if img == nil {
			t.Errorf("%s: the card of %q has no image", tc.path, tc.headline)
			continue
		}
		m := f.pier
		if tc.headline != f.lead.Headline {
			m = f.gull
		}
		if attr(img, "alt") != m.AltText || attr(img, "width") != strconv.Itoa(m.Width) || attr(img, "height") != strconv.Itoa(m.Height) {
			t.Errorf("%s: image alt %q, %s × %s; want %q, %d × %d", tc.path, attr(img, "alt"), attr(img, "width"), attr(img, "height"), m.AltText, m.Width, m.Height)
		}
		if srcset := attr(img, "srcset"); strings.Count(srcset, "w,")+1 != len(m.Variants)+1 || attr(img, "sizes") == "" {
			t.Errorf("%s: srcset %q, sizes %q", tc.path, srcset, attr(img, "sizes"))
		}
		first := attr(img, "fetchpriority") == "high"
		lazy := attr(img, "loading") == "lazy"
		if first != tc.first || first && lazy || !first && tc.path == "/" && !lazy {
			t.Errorf("%s: %q has fetchpriority %q and loading %q; want first %v", tc.path, tc.headline, attr(img, "fetchpriority"), attr(img, "loading"), tc.first)
		}
		// An eager image that is not the first yields to it, so that
		// the lead arrives first on a slow line.
		if !first && !lazy && attr(img, "fetchpriority") != "low" {
			t.Errorf("%s: %q is eager, not the first, and has fetchpriority %q, want low", tc.path, tc.headline, attr(img, "fetchpriority"))
		}
		link := img.Parent
		if link.Data != "a" || attr(link, "aria-hidden") != "true" || attr(link, "tabindex") != "-1" {
			t.Errorf("%s: the image's link is announced or reached by tab: %s aria-hidden=%q tabindex=%q", tc.path, link.Data, attr(link, "aria-hidden"), attr(link, "tabindex"))
		}
		if n := len(findAll(doc, func(n *html.Node) bool { return attr(n, "fetchpriority") == "high" })); n != 1 {
			t.Errorf("%s: %d images fetched first, want one", tc.path, n)
		}
	}
	doc := parse(t, get(t, f.server, "GET", "/").body)
	if card, img := cardImage(t, doc, "Story number 25"); img != nil || !byClass("card-text")(card) {
		t.Errorf("a card without an image has an image or lacks the card-text class: %q", attr(card, "class"))
	}

	// A picture of the second tier shows above the fold on wide screens,
	// so it is eager, but it yields to the lead's, which is the larger
	// and shows first, so that the lead arrives first on a slow line.
	feature(t, f.store, "story-number-24", f.gull)
	doc = parse(t, get(t, f.server, "GET", "/").body)
	if _, img := cardImage(t, doc, "Story number 24"); img == nil || attr(img, "loading") == "lazy" || attr(img, "fetchpriority") != "low" {
		t.Errorf("the second tier's picture: %v, want eager with fetchpriority low", img)
	} else if _, lead := cardImage(t, doc, f.lead.Headline); attr(lead, "fetchpriority") != "high" {
		t.Errorf("the lead's picture has fetchpriority %q, want high", attr(lead, "fetchpriority"))
	}
}

// TestHomePageLeads: the home page's first page leads with the top story,
// three stories under it and the grid, then a block per section in the
// header's order, leaving out the stories already shown large; later
// pages, sections' later pages and the other lists are a plain grid.
func TestHomePageLeads(t *testing.T) {
	f := newIllustratedFixture(t)
	doc := parse(t, get(t, f.server, "GET", "/").body)
	headlines := func(n *html.Node) []string {
		var out []string
		for _, h := range findAll(n, byClass("card-headline")) {
			out = append(out, text(h))
		}
		return out
	}
	lead := first(t, doc, byClass("front-lead"), "the lead")
	if got := headlines(lead); !slices.Equal(got, []string{f.lead.Headline}) || len(findAll(lead, byClass("card-lead"))) != 1 {
		t.Errorf("the lead shows %v", got)
	}
	if got := headlines(first(t, doc, byClass("second-tier"), "the second tier")); !slices.Equal(got, []string{"Story number 25", "Story number 24", "Story number 23"}) {
		t.Errorf("the second tier shows %v", got)
	}
	if got := headlines(first(t, doc, byClass("article-list"), "the grid")); len(got) != 6 || got[0] != "Story number 22" {
		t.Errorf("the grid shows %v", got)
	}
	blocks := findAll(doc, byClass("section-block"))
	if len(blocks) != 1 {
		t.Fatalf("%d section blocks, want Sport's alone (Local's one story leads the page)", len(blocks))
	}
	if got := text(first(t, blocks[0], byClass("block-heading"), "block heading")); got != "Sport" {
		t.Errorf("the block is %q", got)
	}
	if got := headlines(blocks[0]); !slices.Equal(got, []string{"Story number 22", "Story number 21", "Story number 20", "Story number 19"}) {
		t.Errorf("Sport's block shows %v", got)
	}

	for _, path := range []string{"/page/2/", "/category/sport/page/2/", "/tag/harbour/", "/author/ben-ortiz/"} {
		doc := parse(t, get(t, f.server, "GET", path).body)
		if n := len(findAll(doc, byClass("front-lead"))) + len(findAll(doc, byClass("second-tier"))) + len(findAll(doc, byClass("section-block"))); n != 0 {
			t.Errorf("%s is not a plain grid", path)
		}
		if len(findAll(doc, byClass("card-grid"))) == 0 {
			t.Errorf("%s shows no grid cards", path)
		}
	}
	// A block's first story shows its picture, the rest are headlines.
	for _, b := range blocks {
		if n := len(findAll(b, byTag("img"))); n > 1 {
			t.Errorf("a block shows %d pictures, want at most its first story's", n)
		}
	}
	section := parse(t, get(t, f.server, "GET", "/category/sport/").body)
	if len(findAll(section, byClass("front-lead"))) != 1 || len(findAll(section, byClass("section-block"))) != 0 {
		t.Error("a section's first page has no lead, or has section blocks")
	}
}

// TestFeedsCarryTheFeaturedImage: RSS carries the image as an enclosure
// with the file's size and as Media RSS content, Atom as an enclosure
// link and JSON Feed as the item's image, read as feed readers read them.
func TestFeedsCarryTheFeaturedImage(t *testing.T) {
	f := newIllustratedFixture(t)
	v := newImageView(f.pier)
	url := "https://observer.example" + v.Src
	info, err := os.Stat(filepath.Join(f.dir, media.DirPath(strings.TrimPrefix(v.Src, "/media/"))))
	must(t, err)
	size := strconv.FormatInt(info.Size(), 10)
	parser := gofeed.NewParser()
	for _, suffix := range []string{"", "atom/", "json/"} {
		body := get(t, f.server, "GET", "/feed/"+suffix).body
		doc, err := parser.ParseString(body)
		must(t, err)
		var it, plain *gofeed.Item
		for _, item := range doc.Items {
			switch item.Title {
			case f.lead.Headline:
				it = item
			case "Story number 25":
				plain = item
			}
		}
		if it == nil || plain == nil {
			t.Fatalf("/feed/%s lacks the lead or story 25", suffix)
		}
		switch suffix {
		case "":
			if len(it.Enclosures) != 1 || it.Enclosures[0].URL != url || it.Enclosures[0].Length != size || it.Enclosures[0].Type != "image/jpeg" {
				t.Errorf("RSS enclosure %+v, want %s of %s bytes", it.Enclosures, url, size)
			}
			content := it.Extensions["media"]["content"]
			if len(content) != 1 || content[0].Attrs["url"] != url || content[0].Attrs["medium"] != "image" ||
				content[0].Children["description"][0].Value != f.pier.AltText {
				t.Errorf("media:content %+v", content)
			}
			if !strings.Contains(body, `xmlns:media="http://search.yahoo.com/mrss/"`) {
				t.Error("RSS does not declare the Media RSS namespace")
			}
		case "atom/":
			if len(it.Enclosures) != 1 || it.Enclosures[0].URL != url || it.Enclosures[0].Length != size {
				t.Errorf("Atom enclosure %+v, want %s of %s bytes", it.Enclosures, url, size)
			}
		case "json/":
			if it.Image == nil || it.Image.URL != url {
				t.Errorf("JSON Feed image %+v, want %s", it.Image, url)
			}
		}
		if len(plain.Enclosures) != 0 || plain.Image != nil {
			t.Errorf("/feed/%s: a story without an image has %+v, %+v", suffix, plain.Enclosures, plain.Image)
		}
	}
}

// TestListsDropAChangedImage: a list page cached with an image is
// rendered afresh when the image's alt text changes or the image is
// deleted, on every list that shows it.
func TestListsDropAChangedImage(t *testing.T) {
	f := newIllustratedFixture(t, withPageCache)
	watch(t, f.server, announcer{})
	ctx := context.Background()
	lists := []string{"/", "/category/local/", "/tag/harbour/", "/author/ana-lima/", "/feed/"} // search results are not cached
	fill := func() {
		t.Helper()
		for _, p := range lists {
			get(t, f.server, "GET", p)
			if got := get(t, f.server, "GET", p).header.Get("X-Cache"); got != "hit" {
				t.Fatalf("%s was not cached: X-Cache %q", p, got)
			}
		}
	}
	fill()
	f.pier.AltText = "The new pier in the morning mist"
	must(t, f.store.UpdateMedia(ctx, f.pier))
	for _, p := range lists {
		res := get(t, f.server, "GET", p)
		if res.header.Get("X-Cache") != "miss" || !strings.Contains(res.body, "morning mist") {
			t.Errorf("after the alt text changed, %s is a %s without the new text", p, res.header.Get("X-Cache"))
		}
	}
	fill()
	_, err := f.store.DeleteMedia(ctx, f.pier.ID)
	must(t, err)
	for _, p := range lists {
		res := get(t, f.server, "GET", p)
		if res.header.Get("X-Cache") != "miss" || strings.Contains(res.body, f.pier.Name) || strings.Contains(res.body, "morning mist") {
			t.Errorf("after the image was deleted, %s is a %s that still shows it", p, res.header.Get("X-Cache"))
		}
	}
}

// TestOlderImagesOfferOnlyTheirFiles: an image uploaded before the 720
// pixel width was made has only its three older variants; its card, its
// lead image and its figure in a body offer exactly those files and the
// full size, each of which the server has, rather than a width it never
// made.
func TestOlderImagesOfferOnlyTheirFiles(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	ctx := context.Background()
	processed, err := media.Process(bytes.NewReader(testJPEG(t, 2000, 1000)))
	must(t, err)
	old := &masthead.Media{Name: processed.Original.Name, Type: processed.Original.Type, Width: processed.Original.Width,
		Height: processed.Original.Height, OriginalName: "harbour.jpg", AltText: "The harbour before the storm"}
	must(t, media.Dir(dir).Put(ctx, processed.Original.Name, processed.Original.Data))
	for _, v := range processed.Variants {
		if v.Width == 720 {
			continue // not made when this image was uploaded
		}
		must(t, media.Dir(dir).Put(ctx, v.Name, v.Data))
		old.Variants = append(old.Variants, masthead.MediaVariant{Width: v.Width, Name: v.Name})
	}
	if len(old.Variants) != 3 {
		t.Fatalf("the older image has %d variants, want 480, 960 and 1600", len(old.Variants))
	}
	must(t, f.store.CreateMedia(ctx, old))
	a := feature(t, f.store, f.lead.Slug, old)
	a.BodySource = "The storm is coming.\n\n![](/media/" + old.Name + ")\n"
	must(t, content.PrepareArticleWith(ctx, a, f.store))
	must(t, f.store.UpdateArticle(ctx, a))
	srv, err := NewServer(f.store, Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }, MediaDir: dir})
	must(t, err)

	want := []string{"480w", "960w", "1600w", "2000w"}
	check := func(where string, img *html.Node) {
		t.Helper()
		var widths []string
		for _, candidate := range strings.Split(attr(img, "srcset"), ", ") {
			file, width, _ := strings.Cut(candidate, " ")
			widths = append(widths, width)
			if res := get(t, srv, "GET", file); res.status != 200 {
				t.Errorf("%s: srcset offers %s, which answers %d", where, file, res.status)
			}
		}
		if !slices.Equal(widths, want) {
			t.Errorf("%s: srcset %q offers widths %v, want %v", where, attr(img, "srcset"), widths, want)
		}
		if res := get(t, srv, "GET", attr(img, "src")); res.status != 200 {
			t.Errorf("%s: src %s answers %d", where, attr(img, "src"), res.status)
		}
	}
	_, card := cardImage(t, parse(t, get(t, srv, "GET", "/").body), f.lead.Headline)
	if card == nil {
		t.Fatal("the lead's card has no image")
	}
	check("the home page's card", card)
	doc := parse(t, get(t, srv, "GET", a.Path(time.UTC)).body)
	check("the lead image", first(t, first(t, doc, byClass("lead-image"), "lead image"), byTag("img"), "img"))
	check("the figure in the body", first(t, first(t, doc, byClass("story-body"), "story body"), byTag("img"), "img"))
}
