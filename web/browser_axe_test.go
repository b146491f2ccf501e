package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"masthead"
	"masthead/content"
	"masthead/demo"
	"masthead/media"
)

// axeScript runs axe over the whole document with the WCAG 2.1 A and AA
// rules and axe's best practices, and reports each violation with the
// elements it was found on. It is evaluated through the DevTools
// protocol, which the pages' Content-Security-Policy does not govern, so
// the test needs no exception in the policy the site sends.
const axeScript = `axe.run(document, {
  runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
  resultTypes: ["violations"],
}).then(r => ({
  passes: r.passes.length,
  violations: r.violations.map(v => ({
    rule: v.id,
    help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + (n.failureSummary ? " (" + n.failureSummary.replace(/\s+/g, " ") + ")" : "")),
  })),
}))`

// axeResult is what axeScript reports: how many rules found nothing
// wrong, and the rules broken.
type axeResult struct {
	Passes     int            `json:"passes"`
	Violations []axeViolation `json:"violations"`
}

// axeViolation is one rule that axe found broken on a page.
type axeViolation struct {
	Rule  string   `json:"rule"`
	Help  string   `json:"help"`
	Nodes []string `json:"nodes"`
}

// axePage is a page the test loads: its name in failures, its address,
// and what to change in the site's settings before loading it, if
// anything (the pages after it see the change too).
type axePage struct {
	name, url string
	prepare   func()
}

// TestPublicPagesPassAxe loads every kind of public page of a site
// filled as the demo is, with its pictures, pins, breaking strip, picture
// story, embeds and logo, in Chromium, and runs axe-core over each in the
// light and the dark scheme on a phone and a wide screen (and the stories
// with pictures and embeds on a tablet too): the issue asks for no
// violation anywhere. The README's test command fetches axe-core
// and sets MASTHEAD_AXE_JS; a plain "go test" without it skips this test.
func TestPublicPagesPassAxe(t *testing.T) {
	source := axeSource(t)
	pages := axeSitePages(t)
	// The stories with a figure, a gallery, boxes and embeds are checked
	// on a tablet too, where the story column first stands free of the
	// window's edges.
	onTablet := map[string]bool{"picture story": true, "article with embeds": true, "branded picture story": true, "dense article": true}
	ctx := newBrowserFor(t, 8*time.Minute)
	var failures []string
	for _, page := range pages {
		if page.prepare != nil {
			page.prepare()
		}
		for _, scheme := range []string{"light", "dark"} {
			widths := []int64{320, 1440}
			if onTablet[page.name] {
				widths = []int64{320, 768, 1440}
			}
			for _, width := range widths {
				failures = append(failures, axeCheck(t, ctx, source, page, scheme, width)...)
			}
		}
	}
	if len(failures) > 0 {
		sort.Strings(failures)
		t.Errorf("axe-core finds %d violations:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}

// axeSource reads axe-core from where the README's test command put it;
// a plain "go test" without it skips the test.
func axeSource(t *testing.T) []byte {
	t.Helper()
	axePath := os.Getenv("MASTHEAD_AXE_JS")
	if axePath == "" {
		requireTool(t, "axe-core (MASTHEAD_AXE_JS)")
	}
	src, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("reading axe-core: %v", err)
	}
	return src
}

// axeCheck loads page in the browser in a colour scheme at a width, runs
// axe-core over it and returns its violations, one line each, or that axe
// checked nothing.
func axeCheck(t *testing.T, ctx context.Context, axeSource []byte, page axePage, scheme string, width int64) []string {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(page.url)); err != nil {
		t.Fatalf("%s: %v", page.name, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axeSource)+"\n;true")); err != nil {
		t.Fatalf("%s: injecting axe-core: %v", page.name, err)
	}
	result, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](axeScript, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: running axe-core: %v", page.name, err)
	}
	var failures []string
	// A page where no rule applied was not really checked: an empty or
	// broken page, or axe run on nothing.
	if result.Passes == 0 {
		failures = append(failures, fmt.Sprintf("%s (%s, %d px): axe-core checked nothing", page.name, scheme, width))
	}
	for _, v := range result.Violations {
		failures = append(failures, fmt.Sprintf("%s (%s, %d px): %s, %s:\n\t%s",
			page.name, scheme, width, v.Rule, v.Help, strings.Join(v.Nodes, "\n\t")))
	}
	return failures
}

// axeSitePages fills a site as the demo does and returns the public pages
// to check, served by test servers that stop with the test: the demo's
// own, a copy of it with an accent colour and footer text, and the dense
// theme's.
func axeSitePages(t *testing.T) []axePage {
	t.Helper()
	ctx := context.Background()
	store := newStore(t)
	dir := t.TempDir()
	files := media.Dir(dir)
	if _, _, err := demo.SeedWithMedia(ctx, store, files, now); err != nil {
		t.Fatal(err)
	}
	must(t, demo.Brand(ctx, store, files))
	must(t, demo.SeedPictureStory(ctx, store, files, now))
	site, err := store.FindSite(ctx)
	must(t, err)
	articles, _, err := store.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 200})
	must(t, err)
	byHeadline := map[string]*masthead.Article{}
	for _, a := range articles {
		byHeadline[a.Headline] = a
	}
	article := func(headline string) *masthead.Article {
		a, ok := byHeadline[headline]
		if !ok {
			t.Fatalf("the demo has no article %q", headline)
		}
		return a
	}
	withComments := article("Harbour Bridge Lane Closures to Last Into Early Summer")
	pictures := article("In pictures: lanterns return to the Alder")
	embeds := article("Harbour Film Club Opens Its Season With an Open-Source Classic on the Quay")
	loc := site.Location()
	published := withComments.PublishedAt.In(loc)

	srv, err := NewServer(store, Options{BaseURL: "http://127.0.0.1", Now: func() time.Time { return now }, MediaDir: dir})
	must(t, err)

	// A draft's preview link, made by an editor, for the page a reader
	// without an account sees.
	draft := &masthead.Article{Headline: "Draft: the ferry timetable for the summer", Dek: "What changes in June.",
		BodySource: "The first boat leaves at six.", Status: masthead.StatusDraft, Authors: withComments.Authors,
		Category: withComments.Category, FeaturedImage: withComments.FeaturedImage}
	must(t, content.PrepareArticle(draft))
	must(t, store.CreateArticle(ctx, draft))
	editor := signIn(t, srv, addStaff(t, store, "Eda Editor", masthead.RoleEditor).Email)
	made := send(t, srv, "POST", fmt.Sprintf("/admin/articles/%d/preview-links", draft.ID), url.Values{}, editor)
	if made.StatusCode != http.StatusCreated {
		t.Fatalf("making a preview link: status %d", made.StatusCode)
	}
	linkURL := attr(first(t, parse(t, body(t, made)), byID("new-preview-link"), "the new link"), "value")
	previewPath := strings.TrimPrefix(linkURL, "http://127.0.0.1")

	// A reader's confirmation link, for the page it leads to.
	links := &recordedLinks{}
	must(t, masthead.RequestPrivacy(ctx, store, links, masthead.PrivacyErase, "reader@example.org", "192.0.2.0",
		func(token string) string { return "http://127.0.0.1" + privacyConfirmPath + token }, now))
	confirmPath := strings.TrimPrefix(links.sent[0].link, "http://127.0.0.1")

	// The comment form sent empty comes back with every field in error;
	// the recorded answer, headers and all, is served again at an address
	// of its own so that the browser can load it.
	commentErrors := httptest.NewRecorder()
	req := httptest.NewRequest("POST", withComments.Path(loc), strings.NewReader(""))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	srv.ServeHTTP(commentErrors, req)
	if commentErrors.Code != http.StatusUnprocessableEntity {
		t.Fatalf("the empty comment form: status %d", commentErrors.Code)
	}
	const commentErrorsPath = "/test-only/comment-errors"
	demoSite := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == commentErrorsPath {
			for k, v := range commentErrors.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(commentErrors.Code)
			w.Write(commentErrors.Body.Bytes())
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(demoSite.Close)

	var pages []axePage
	for _, p := range []struct{ name, path string }{
		{"home", "/"},
		{"home, page 2", "/page/2/"},
		{"section", "/category/local/"},
		{"tag", "/tag/harbour-bridge/"},
		{"author", "/author/helen-marsh/"},
		{"search", "/search/?q=harbour"},
		{"search with no result", "/search/?q=zzzzqqq"},
		{"article with comments", withComments.Path(loc)},
		{"picture story", pictures.Path(loc)},
		{"article with embeds", embeds.Path(loc)},
		{"page", "/about/"},
		{"month archive", fmt.Sprintf("/%d/%02d/", published.Year(), published.Month())},
		{"year archive", fmt.Sprintf("/%d/", published.Year())},
		{"comment form in error", commentErrorsPath},
		{"not found", "/no-such-page/"},
		{"preview link", previewPath},
		{"privacy", "/privacy/"},
		{"privacy request", "/privacy/request/"},
		{"privacy confirmation", confirmPath},
	} {
		pages = append(pages, axePage{name: p.name, url: demoSite.URL + p.path})
	}

	// The same site with an accent colour and footer text, then in the
	// dense theme. The server has no page cache, so each page shows the
	// settings of the moment it is loaded.
	setSite := func(change func(*masthead.Site)) func() {
		return func() {
			site, err := store.FindSite(ctx)
			must(t, err)
			change(site)
			must(t, store.UpdateSite(ctx, site))
		}
	}
	return append(pages,
		axePage{"branded home", demoSite.URL + "/", setSite(func(s *masthead.Site) {
			s.AccentColor, s.FooterText = "#1A5FB4", "Observer Media Ltd, Port Alder."
		})},
		axePage{"branded picture story", demoSite.URL + pictures.Path(loc), nil},
		axePage{"dense home", demoSite.URL + "/", setSite(func(s *masthead.Site) { s.Theme = masthead.ThemeDense })},
		axePage{"dense section", demoSite.URL + "/category/local/", nil},
		axePage{"dense article", demoSite.URL + embeds.Path(loc), nil},
		// In Arabic, right to left, and in German, in both looks.
		axePage{"Arabic home", demoSite.URL + "/", setSite(func(s *masthead.Site) { s.Language, s.Theme = "ar", masthead.ThemeStandard })},
		axePage{"Arabic article with comments", demoSite.URL + withComments.Path(loc), nil},
		axePage{"Arabic search", demoSite.URL + "/search/?q=harbour", nil},
		axePage{"Arabic month archive", demoSite.URL + fmt.Sprintf("/%d/%02d/", published.Year(), published.Month()), nil},
		axePage{"Arabic not found", demoSite.URL + "/no-such-page/", nil},
		axePage{"Arabic dense home", demoSite.URL + "/", setSite(func(s *masthead.Site) { s.Theme = masthead.ThemeDense })},
		axePage{"German home", demoSite.URL + "/", setSite(func(s *masthead.Site) { s.Language, s.Theme = "de", masthead.ThemeStandard })},
		axePage{"German article with comments", demoSite.URL + withComments.Path(loc), nil},
		axePage{"German section", demoSite.URL + "/category/local/", nil},
	)
}
