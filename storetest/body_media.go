package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	nethtml "golang.org/x/net/html"

	"masthead"
	"masthead/content"
)

// figcaptions returns the text of every figure caption of a body, and the
// alt text of every image, in order.
func figcaptions(t *testing.T, body string) (captions, alts []string) {
	t.Helper()
	doc, err := nethtml.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var text func(*nethtml.Node) string
	text = func(n *nethtml.Node) string {
		if n.Type == nethtml.TextNode {
			return n.Data
		}
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(text(c))
		}
		return b.String()
	}
	var walk func(*nethtml.Node)
	walk = func(n *nethtml.Node) {
		if n.Type == nethtml.ElementNode && n.Data == "figcaption" {
			captions = append(captions, text(n))
		}
		if n.Type == nethtml.ElementNode && n.Data == "img" {
			for _, a := range n.Attr {
				if a.Key == "alt" {
					alts = append(alts, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return captions, alts
}

// testBodyMedia checks the images that bodies show as figures: found by
// any of their files, their new words rendered into every body that
// shows them without an edit, the change announced, and their deletion
// refused while a body shows them.
func testBodyMedia(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	pier := &masthead.Media{Name: "0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Width: 2000, Height: 1000,
		OriginalName: "pier.jpg", AltText: "The pier at dawn", Caption: "The pier before the storm.", Credit: "Ana Lima",
		Variants: []masthead.MediaVariant{{Width: 480, Name: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg"}}}
	gull := &masthead.Media{Name: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.png", Type: "image/png", Width: 800, Height: 600,
		OriginalName: "gull.png", AltText: "A gull"}
	for _, m := range []*masthead.Media{pier, gull} {
		if err := s.CreateMedia(ctx, m); err != nil {
			t.Fatal(err)
		}
	}

	found, err := s.FindMediaByFiles(ctx, []string{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg", gull.Name, "cccccccccccccccccccccccccccccccc.jpg", "%", "_"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range found {
		ids = append(ids, m.ID)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []int64{pier.ID, gull.ID}) || found[0].AltText == "" {
		t.Fatalf("FindMediaByFiles found %v, want the pier (by its width) and the gull", ids)
	}
	if none, err := s.FindMediaByFiles(ctx, nil); err != nil || len(none) != 0 {
		t.Fatalf("FindMediaByFiles(nil) = %v, %v", none, err)
	}

	// One article takes the library's words, one sets its own caption.
	plain := newArticle("Pier opens", Epoch.Add(-time.Hour), ana)
	plain.BodySource = "The pier opened.\n\n![](/media/" + pier.Name + ")"
	own := newArticle("Pier, seen from the ferry", Epoch.Add(-2*time.Hour), ana)
	own.BodySource = "![](/media/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg \"Seen from the ferry — Sam Roe\")"
	other := newArticle("Gulls", Epoch.Add(-3*time.Hour), ana)
	other.BodySource = "![](/media/" + gull.Name + ")"
	for _, a := range []*masthead.Article{plain, own, other} {
		if err := content.PrepareArticleWith(ctx, a, s); err != nil {
			t.Fatal(err)
		}
		mustArticle(t, s, a)
	}
	if captions, alts := figcaptions(t, plain.BodyHTML); !slices.Equal(captions, []string{"The pier before the storm. Ana Lima"}) ||
		!slices.Equal(alts, []string{"The pier at dawn"}) {
		t.Fatalf("the figure shows %q, %q; want the library's words", captions, alts)
	}

	rec := recordChanges(t, s)
	pier.AltText, pier.Caption, pier.Credit = "The pier in fog", "Fog over the zeppelinfield.", "Eda Editor"
	rec.expect(t, "an image's new words", func() error { return s.UpdateMedia(ctx, pier) },
		masthead.MediaKey(pier.ID), masthead.ArticleKey(plain.ID), masthead.ArticleKey(own.ID))
	got, err := s.FindArticleByID(ctx, plain.ID)
	if err != nil {
		t.Fatal(err)
	}
	if captions, alts := figcaptions(t, got.BodyHTML); !slices.Equal(captions, []string{"Fog over the zeppelinfield. Eda Editor"}) ||
		!slices.Equal(alts, []string{"The pier in fog"}) {
		t.Errorf("after the image's edit the figure shows %q, %q", captions, alts)
	}
	if got.Revision != plain.Revision || !got.UpdatedAt.Equal(plain.UpdatedAt) {
		t.Errorf("rendering again made an edit: revision %d, updated %v", got.Revision, got.UpdatedAt)
	}
	got, _ = s.FindArticleByID(ctx, own.ID)
	if captions, alts := figcaptions(t, got.BodyHTML); !slices.Equal(captions, []string{"Seen from the ferry Sam Roe"}) ||
		!slices.Equal(alts, []string{"The pier in fog"}) {
		t.Errorf("the article's own caption gave way: %q, %q", captions, alts)
	}
	if hits, n, _, err := s.SearchArticles(ctx, "zeppelinfield", 10, 0); err != nil || n != 1 || hits[0].Article.ID != plain.ID {
		t.Errorf("search for the new caption found %d, %v", n, err)
	}

	_, err = s.DeleteMedia(ctx, pier.ID)
	wantCode(t, err, masthead.ECONFLICT)
	if msg := masthead.ErrorMessage(err); !strings.Contains(msg, "“"+plain.Headline+"” and 1 more") {
		t.Errorf("the refusal says %q; want it to name an article", msg)
	}
	if _, err := s.FindMediaByID(ctx, pier.ID); err != nil {
		t.Fatalf("a refused deletion deleted: %v", err)
	}
	other.BodySource = "No picture now."
	if err := content.PrepareArticleWith(ctx, other, s); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateArticle(ctx, other); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteMedia(ctx, gull.ID); err != nil {
		t.Fatalf("an image no body shows any more was not deleted: %v", err)
	}

	// A body shows an image inline, in a sentence, or in its raw HTML as
	// well as in a figure: each keeps the image from being deleted, and
	// hears of its edits. A body that only says "/media/" shows nothing.
	buoy := &masthead.Media{Name: "dddddddddddddddddddddddddddddddd.jpg", Type: "image/jpeg", Width: 900, Height: 600,
		OriginalName: "buoy.jpg", AltText: "A buoy"}
	if err := s.CreateMedia(ctx, buoy); err != nil {
		t.Fatal(err)
	}
	inline := newArticle("Buoys", Epoch.Add(-4*time.Hour), ana)
	inline.BodySource = "A buoy ![](/media/" + buoy.Name + ") bobs by."
	raw := newArticle("Buoys in HTML", Epoch.Add(-5*time.Hour), ana)
	raw.BodySource = `<figure><img src="/media/` + buoy.Name + `" alt="A buoy"><figcaption>The <em>red</em> buoy</figcaption></figure>`
	none := newArticle("Nothing shown", Epoch.Add(-6*time.Hour), ana)
	none.BodySource = "Files live under /media/ on this site."
	for _, a := range []*masthead.Article{inline, raw, none} {
		if err := content.PrepareArticleWith(ctx, a, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateArticles(ctx, []*masthead.Article{inline, raw, none}); err != nil {
		t.Fatal(err)
	}
	buoy.Caption = "Off the pier."
	rec.expect(t, "the edit of an image shown inline and in HTML", func() error { return s.UpdateMedia(ctx, buoy) },
		masthead.MediaKey(buoy.ID))
	_, err = s.DeleteMedia(ctx, buoy.ID)
	wantCode(t, err, masthead.ECONFLICT)
	if msg := masthead.ErrorMessage(err); !strings.Contains(msg, "“"+inline.Headline+"” and 1 more") {
		t.Errorf("the refusal says %q; want it to name the bodies that show the image", msg)
	}
	// Moving the image from one body into another moves the link.
	inline.BodySource = "No buoy now."
	none.BodySource = "The buoy again:\n\n![](/media/" + buoy.Name + ")"
	raw.BodySource = "No buoy here either."
	for _, a := range []*masthead.Article{inline, none, raw} {
		if err := content.PrepareArticleWith(ctx, a, s); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	_, err = s.DeleteMedia(ctx, buoy.ID)
	wantCode(t, err, masthead.ECONFLICT)
	if msg := masthead.ErrorMessage(err); !strings.Contains(msg, "“"+none.Headline+"”;") {
		t.Errorf("the refusal says %q; want it to name only the body that shows the image now", msg)
	}
}
