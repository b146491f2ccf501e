package web

import (
	"context"
	"fmt"
	"math"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"masthead"
	"masthead/demo"
	"masthead/media"
)

// mirrorScript measures what a right-to-left page must mirror: the edges
// of the content column, of the masthead's title, of the first story's
// card and of the first two links of the navigation, and the direction
// the page is laid out in.
const mirrorScript = `(() => {
  const column = el => {
    const box = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return {left: box.left + parseFloat(cs.paddingLeft), right: box.right - parseFloat(cs.paddingRight)};
  };
  const edges = el => el ? (b => ({left: b.left, right: b.right, top: b.top}))(el.getBoundingClientRect()) : null;
  const title = document.querySelector(".site-title a > *, .site-title a");
  const nav = [...document.querySelectorAll(".site-nav li > a")];
  return {
    direction: getComputedStyle(document.body).direction,
    main: column(document.querySelector("main.wrap")),
    header: column(document.querySelector(".site-header .wrap")),
    title: edges(title),
    card: edges(document.querySelector("main .card, main .brief")),
    nav0: edges(nav[0]), nav1: edges(nav[1]),
  };
})()`

type edges struct{ Left, Right, Top float64 }

type mirrorReport struct {
	Direction    string
	Main, Header edges
	Title, Card  *edges
	Nav0, Nav1   *edges
}

// TestArabicSiteIsMirrored opens the demo site in Arabic in Chromium at
// 320 and 1440 px, in the light and the dark scheme: no page scrolls
// sideways, the masthead's title and the first story start at the
// column's right edge, the navigation runs from right to left, and a
// reader can fill in and post the comment form.
func TestArabicSiteIsMirrored(t *testing.T) {
	ctx := context.Background()
	store := newStore(t)
	dir := t.TempDir()
	if _, _, err := demo.SeedWithMedia(ctx, store, media.Dir(dir), now); err != nil {
		t.Fatal(err)
	}
	site, err := store.FindSite(ctx)
	must(t, err)
	site.Language, site.CommentMinSeconds = "ar", 0 // a test types faster than a person
	must(t, store.UpdateSite(ctx, site))
	articles, _, err := store.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 1})
	must(t, err)
	srv, err := NewServer(store, Options{BaseURL: "http://127.0.0.1", Now: func() time.Time { return now }, MediaDir: dir, CommentEvery: -1})
	must(t, err)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	article := ts.URL + articles[0].Path(site.Location())

	b := newBrowser(t)
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1.5 }
	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(b, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		}); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{320, 1440} {
			for _, path := range []string{"/", "/category/local/", "/search/?q=harbour", article[len(ts.URL):], "/no-such-page/"} {
				where := fmt.Sprintf("%s (%s, %d px)", path, scheme, width)
				if err := chromedp.Do(b, chromedp.EmulateViewport(width, 900), chromedp.Navigate(ts.URL+path)); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				overflow, err := chromedp.Run(b, chromedp.Evaluate[pageOverflow](overflowScript))
				must(t, err)
				if overflow.ScrollWidth > overflow.Viewport {
					t.Errorf("%s: the page is %d px wide in a %d px window and scrolls sideways; widest: %s", where, overflow.ScrollWidth, overflow.Viewport, overflow.Widest)
				}
				m, err := chromedp.Run(b, chromedp.Evaluate[mirrorReport](mirrorScript))
				must(t, err)
				if m.Direction != "rtl" {
					t.Fatalf("%s: the page is laid out %s", where, m.Direction)
				}
				if m.Title == nil || !near(m.Title.Right, m.Header.Right) {
					t.Errorf("%s: the masthead's title ends at %v, and the header's column at %.1f: it must start on the right", where, m.Title, m.Header.Right)
				}
				if path == "/" || path == "/category/local/" {
					if m.Card == nil || !near(m.Card.Right, m.Main.Right) {
						t.Errorf("%s: the first card's right edge is at %v, and the column's at %.1f", where, m.Card, m.Main.Right)
					}
				}
				if m.Nav0 != nil && m.Nav1 != nil && near(m.Nav0.Top, m.Nav1.Top) && m.Nav0.Left < m.Nav1.Left {
					t.Errorf("%s: the navigation's first link (%v) is left of its second (%v)", where, *m.Nav0, *m.Nav1)
				}
			}
		}
	}

	// The comment form, on a phone: each label starts where its field
	// does, on the right, and the comment goes through.
	if err := chromedp.Do(b, chromedp.EmulateViewport(320, 900), chromedp.Navigate(article)); err != nil {
		t.Fatal(err)
	}
	aligned, err := chromedp.Run(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#commentform label[for]")].filter(l => {
	  const field = document.getElementById(l.htmlFor);
	  if (!field || field.type === "checkbox" || field.closest("[aria-hidden=true]")) return false;
	  return Math.abs(l.getBoundingClientRect().right - field.getBoundingClientRect().right) > 1.5;
	}).map(l => l.htmlFor)`))
	must(t, err)
	if len(aligned) > 0 {
		t.Errorf("the labels of %v do not start at their field's right edge", aligned)
	}
	for id, value := range map[string]string{"comment": "الرصيف الجديد مزدحم منذ الصباح.", "author": "سلمى حداد", "email": "salma@reader.example"} {
		if err := chromedp.Do(b, chromedp.SendKeys(chromedp.CSS("#"+id), value)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS("#submit"))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(b, chromedp.Evaluate[string](`(document.querySelector(".comment.pending .awaiting") || document.querySelector(".form-errors") || document.body).textContent.trim()`))
	must(t, err)
	if got != "تعليقك بانتظار المراجعة." {
		t.Errorf("after posting, the page says %q, want the comment awaiting moderation", got)
	}
}
