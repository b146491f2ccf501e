package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"masthead"
)

// articlePath matches the address of an article page.
var articlePath = regexp.MustCompile(`^/\d{4}/\d{2}/\d{2}/[^/]+/$`)

// listedArticles returns the addresses of the articles a list page links
// to from its main content, in order, each once, however its cards are
// laid out.
func listedArticles(t *testing.T, body string) []string {
	t.Helper()
	main := first(t, parse(t, body), byTag("main"), "the main content")
	// The home's section blocks show each section's latest stories again,
	// beside the list: they are not the list's.
	for _, block := range findAll(main, byClass("section-block")) {
		block.Parent.RemoveChild(block)
	}
	var out []string
	for _, a := range findAll(main, byTag("a")) {
		if href := attr(a, "href"); articlePath.MatchString(href) && !slices.Contains(out, href) {
			out = append(out, href)
		}
	}
	return out
}

// storyPath returns the address of the fixture's story with a slug.
func storyPath(t *testing.T, s masthead.Store, slug string) string {
	t.Helper()
	a, err := s.FindArticleBySlug(context.Background(), slug)
	must(t, err)
	return a.Path(time.UTC)
}

func pin(t *testing.T, s masthead.Store, sectionID int64, slug string, expires time.Time) *masthead.Pin {
	t.Helper()
	a, err := s.FindArticleBySlug(context.Background(), slug)
	must(t, err)
	p := &masthead.Pin{SectionID: sectionID, ArticleID: a.ID, ExpiresAt: expires}
	must(t, s.AddPin(context.Background(), p))
	return p
}

// listAll returns every article of a list, page after page from base, and
// checks that the pages say how many there are.
func listAll(t *testing.T, h http.Handler, base string) (pages [][]string) {
	t.Helper()
	for n := 1; ; n++ {
		res := get(t, h, "GET", pageURL(base, n))
		if res.status == http.StatusNotFound && n > 1 {
			return pages
		}
		if res.status != http.StatusOK {
			t.Fatalf("%s: status %d", pageURL(base, n), res.status)
		}
		pages = append(pages, listedArticles(t, res.body))
	}
}

// TestPinnedArticlesLeadTheHomePage: pinned articles come first on the
// home page, in the desk's order, and are not repeated below them or on
// later pages, which list the rest by date; together the pages list every
// article once.
func TestPinnedArticlesLeadTheHomePage(t *testing.T) {
	f := newFixture(t)
	before := listAll(t, f.server, "/")
	pin(t, f.store, 0, "story-number-03", time.Time{})
	pin(t, f.store, 0, "story-number-20", time.Time{})
	pinned := []string{storyPath(t, f.store, "story-number-03"), storyPath(t, f.store, "story-number-20")}
	after := listAll(t, f.server, "/")

	if got := after[0][:2]; !slices.Equal(got, pinned) {
		t.Errorf("the home page starts with %v, want the pins in order %v", got, pinned)
	}
	if len(after) != len(before) {
		t.Errorf("%d pages with pins, %d without", len(after), len(before))
	}
	for i, page := range after {
		if len(page) != len(before[i]) {
			t.Errorf("page %d lists %d articles with pins, %d without", i+1, len(page), len(before[i]))
		}
	}
	// The order is the pins, then every other article by date.
	var want []string
	want = append(want, pinned...)
	for _, page := range before {
		for _, p := range page {
			if !slices.Contains(pinned, p) {
				want = append(want, p)
			}
		}
	}
	if diff := cmp.Diff(want, slices.Concat(after...)); diff != "" {
		t.Errorf("the home page's pages with two pins (-want +got):\n%s", diff)
	}
	// The main feed stays by date.
	feed := get(t, f.server, "GET", "/feed/")
	if i, j := strings.Index(feed.body, "Story number 20"), strings.Index(feed.body, "Story number 03"); i < 0 || j >= 0 && j < i {
		t.Errorf("the feed is not by date: story 20 at %d, story 3 at %d", i, j)
	}
}

// TestPinsFillingAPage: with more pins than a page holds, the pins run
// onto the second page and the date order starts after them.
func TestPinsFillingAPage(t *testing.T) {
	f := newFixture(t)
	site, err := f.store.FindSite(context.Background())
	must(t, err)
	site.PageSize = 2
	must(t, f.store.UpdateSite(context.Background(), site))
	before := slices.Concat(listAll(t, f.server, "/")...)
	slugs := []string{"story-number-01", "story-number-02", "story-number-05"}
	var pinned []string
	for _, slug := range slugs {
		pin(t, f.store, 0, slug, time.Time{})
		pinned = append(pinned, storyPath(t, f.store, slug))
	}
	pages := listAll(t, f.server, "/")
	if !slices.Equal(pages[0], pinned[:2]) || pages[1][0] != pinned[2] {
		t.Errorf("the first pages %v, want the pins %v first", pages[:2], pinned)
	}
	var want []string
	want = append(want, pinned...)
	for _, p := range before {
		if !slices.Contains(pinned, p) {
			want = append(want, p)
		}
	}
	if diff := cmp.Diff(want, slices.Concat(pages...)); diff != "" {
		t.Errorf("every page (-want +got):\n%s", diff)
	}
}

// TestPinsOfASection: a section's pins lead its page only; a pin whose
// article readers may not see (not yet published) or that expired falls
// back silently to the newest.
func TestPinsOfASection(t *testing.T) {
	rig := newCommentRig(t)
	f, srv := rig.fixture, rig.server
	f.store.Now = rig.clock.Now
	sportBefore := listAll(t, srv, "/category/sport/")
	pin(t, f.store, f.sport.ID, "story-number-02", now.Add(time.Hour))
	// The embargoed story is in Local, published for tomorrow.
	must(t, f.store.AddPin(context.Background(), &masthead.Pin{SectionID: f.local.ID, ArticleID: f.future.ID}))

	sport := listAll(t, srv, "/category/sport/")
	if got, want := sport[0][0], storyPath(t, f.store, "story-number-02"); got != want {
		t.Errorf("the sport page starts with %s, want the pin %s", got, want)
	}
	if got, want := len(slices.Concat(sport...)), len(slices.Concat(sportBefore...)); got != want {
		t.Errorf("the sport pages list %d articles with a pin, %d without", got, want)
	}
	if home := listAll(t, srv, "/"); home[0][0] != f.lead.Path(time.UTC) {
		t.Errorf("a section's pin moved the home page: it starts with %s", home[0][0])
	}
	local := listAll(t, srv, "/category/local/")
	if diff := cmp.Diff([][]string{{f.lead.Path(time.UTC)}}, local); diff != "" {
		t.Errorf("the local page with an embargoed pin (-want +got):\n%s", diff)
	}

	rig.clock.Add(time.Hour)
	if diff := cmp.Diff(sportBefore, listAll(t, srv, "/category/sport/")); diff != "" {
		t.Errorf("the sport page after its pin expired (-want +got):\n%s", diff)
	}
}

// TestPinsPurgeTheirPages: adding, moving, removing and expiring a pin
// drop exactly the pages of its list; the feeds, which stay by date, and
// the other lists stay cached. The breaking strip, on every page, drops
// every page, and so does its expiry.
func TestPinsPurgeTheirPages(t *testing.T) {
	site := newCachedSite(t, announcer{})
	f := site.fixture
	site.store.Now = site.clock.Now
	ctx := context.Background()
	sportStory := storyPath(t, f.store, "story-number-24")
	pages := []string{"/", "/page/2/", "/category/sport/", "/category/sport/page/2/", "/category/local/", "/feed/",
		"/category/sport/feed/", f.lead.Path(time.UTC), sportStory, "/tag/harbour/"}
	home := []string{"/", "/page/2/"}
	sport := []string{"/category/sport/", "/category/sport/page/2/"}
	var homePin, sportPin *masthead.Pin

	for _, tc := range []struct {
		change string
		write  func()
		purged []string
	}{
		{"pinning to the home page", func() { homePin = pin(t, f.store, 0, "story-number-10", now.Add(time.Minute)) }, home},
		{"pinning to a section", func() { sportPin = pin(t, f.store, f.sport.ID, "story-number-11", time.Time{}) }, sport},
		{"a second home pin", func() { pin(t, f.store, 0, "story-number-12", time.Time{}) }, home},
		{"moving a pin", func() {
			must(t, f.store.UpdatePin(ctx, &masthead.Pin{ID: homePin.ID, Position: 2, ExpiresAt: homePin.ExpiresAt}))
		}, home},
		{"an expiry coming due", func() {
			site.clock.Add(time.Minute)
			n, err := f.store.ExpireCuration(ctx)
			must(t, err)
			if n != 1 {
				t.Errorf("ExpireCuration ended %d pins, want 1", n)
			}
		}, home},
		{"unpinning", func() { must(t, f.store.DeletePin(ctx, sportPin.ID)) }, sport},
		{"switching the breaking strip on", func() {
			must(t, f.store.SaveBreaking(ctx, masthead.Breaking{Text: "Ferry pier approved", URL: f.lead.Path(time.UTC),
				ExpiresAt: site.clock.Now().Add(time.Minute)}))
		}, pages},
		{"the strip's expiry coming due", func() {
			site.clock.Add(time.Minute)
			_, err := f.store.ExpireCuration(ctx)
			must(t, err)
		}, pages},
	} {
		t.Run(tc.change, func(t *testing.T) {
			site.server.Purge([]masthead.ChangeKey{masthead.KeyAll})
			for _, p := range pages {
				if res := site.get(t, p); res.status != 200 {
					t.Fatalf("%s: status %d", p, res.status)
				}
			}
			tc.write()
			for _, p := range pages {
				want := "hit"
				if slices.Contains(tc.purged, p) {
					want = "miss"
				}
				if got := site.get(t, p).cache(); got != want {
					t.Errorf("after %s, %s: X-Cache %q, want %q", tc.change, p, got, want)
				}
			}
		})
	}
	if strip := findAll(parse(t, string(site.get(t, "/").body)), byClass("breaking-strip")); len(strip) != 0 {
		t.Error("the home page still shows the breaking strip after its expiry")
	}
}

// TestBreakingStrip: the strip tops every public page as a labelled
// landmark with its line as a link, and stays off admin pages.
func TestBreakingStrip(t *testing.T) {
	f := newFixture(t)
	editor := addStaff(t, f.store, "Eda Editor", masthead.RoleEditor)
	session := signIn(t, f.server, editor.Email)
	for _, p := range []string{"/", f.lead.Path(time.UTC), "/category/sport/"} {
		if n := len(findAll(parse(t, get(t, f.server, "GET", p).body), byClass("breaking-strip"))); n != 0 {
			t.Errorf("%s shows %d breaking strips while it is off", p, n)
		}
	}
	res := send(t, f.server, "POST", "/admin/front/breaking", url.Values{"breaking_text": {"Ferry pier approved"},
		"breaking_url": {f.lead.Path(time.UTC)}, "breaking_expires": {now.Add(time.Hour).Format(datetimeLocal)}}, session)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switching the strip on: status %d", res.StatusCode)
	}
	for _, p := range []string{"/", f.lead.Path(time.UTC), "/category/sport/", "/search/?q=ferry"} {
		doc := parse(t, get(t, f.server, "GET", p).body)
		strip := first(t, doc, byClass("breaking-strip"), p+"'s breaking strip")
		if strip.Data != "aside" || attr(strip, "aria-label") != "Breaking news" || strip.Parent.Data != "body" {
			t.Errorf("%s: the strip is a <%s aria-label=%q> in <%s>, want a labelled top-level aside", p, strip.Data, attr(strip, "aria-label"), strip.Parent.Data)
		}
		link := first(t, strip, byTag("a"), "the strip's link")
		if attr(link, "href") != f.lead.Path(time.UTC) || text(link) != "Ferry pier approved" {
			t.Errorf("%s: the strip links %q to %q", p, text(link), attr(link, "href"))
		}
	}
	admin := send(t, f.server, "GET", "/admin/articles", nil, session)
	doc, err := html.Parse(admin.Body)
	must(t, err)
	for _, n := range findAll(doc, byClass("breaking-strip")) {
		if n.Parent.Data == "body" {
			t.Error("an admin page shows the breaking strip above its header")
		}
	}
}

// TestFrontAdmin walks the front page's curation as an editor does
// without JavaScript: find an article, pin it, order, expire and unpin,
// with forms that come back as typed when they cannot be saved.
func TestFrontAdmin(t *testing.T) {
	f := newFixture(t)
	editor := addStaff(t, f.store, "Eda Editor", masthead.RoleEditor)
	session := signIn(t, f.server, editor.Email)
	ctx := context.Background()
	page := func(path string) *html.Node {
		t.Helper()
		res := send(t, f.server, "GET", path, nil, session)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		doc, err := html.Parse(res.Body)
		must(t, err)
		return doc
	}
	post := func(path string, v url.Values, want int) *html.Node {
		t.Helper()
		res := send(t, f.server, "POST", path, v, session)
		if res.StatusCode != want {
			t.Fatalf("POST %s %v: status %d, want %d", path, v, res.StatusCode, want)
		}
		doc, err := html.Parse(res.Body)
		must(t, err)
		return doc
	}
	homePins := func() []string {
		t.Helper()
		articles, err := f.store.FindPinnedArticles(ctx, 0)
		must(t, err)
		return headlines(articles)
	}

	// The admin navigation leads here.
	nav := first(t, page("/admin/"), byClass("admin-nav"), "the admin navigation")
	if !slices.ContainsFunc(findAll(nav, byTag("a")), func(a *html.Node) bool { return attr(a, "href") == "/admin/front" }) {
		t.Error("the admin navigation has no link to the front page's curation")
	}
	// With the strip off, the page shows no strip of its own above the
	// navigation (its form once hid the layout's strip and showed an
	// empty one).
	if strips := findAll(page("/admin/front"), byClass("breaking-strip")); len(strips) != 0 {
		t.Errorf("the curation page shows %d breaking strips while the strip is off", len(strips))
	}

	// Finding an article offers a Pin button per match, which pins it.
	found := page("/admin/front?q=ferry&section=0")
	buttons := findAll(found, func(n *html.Node) bool { return n.Data == "form" && attr(n, "action") == "/admin/front/pins" })
	var pinForm *html.Node
	for _, form := range buttons {
		for _, in := range findAll(form, byTag("input")) {
			if attr(in, "name") == "article" && attr(in, "type") == "hidden" && attr(in, "value") == itoa(f.lead.ID) {
				pinForm = form
			}
		}
	}
	if pinForm == nil {
		t.Fatal("the search for 'ferry' offers no Pin button for the ferry story")
	}
	post("/admin/front/pins", url.Values{"section": {"0"}, "article": {itoa(f.lead.ID)}}, http.StatusSeeOther)
	// By address, with an expiry in the site's time zone.
	story := storyPath(t, f.store, "story-number-05")
	post("/admin/front/pins", url.Values{"section": {"0"}, "article": {"https://observer.example" + story},
		"expires": {now.Add(2 * time.Hour).Format(datetimeLocal)}}, http.StatusSeeOther)
	if diff := cmp.Diff([]string{f.lead.Headline, "Story number 05"}, homePins()); diff != "" {
		t.Errorf("home pins (-want +got):\n%s", diff)
	}

	// Refusals come back as typed, with a sentence by the field.
	for _, tc := range []struct {
		name   string
		values url.Values
		field  string
	}{
		{"words that are no article", url.Values{"section": {"0"}, "article": {"the ferry one"}}, "article"},
		{"a draft", url.Values{"section": {"0"}, "article": {itoa(f.draft.ID)}}, "article"},
		{"an article of another section", url.Values{"section": {itoa(f.sport.ID)}, "article": {itoa(f.lead.ID)}}, "article"},
		{"an article pinned already", url.Values{"section": {"0"}, "article": {itoa(f.lead.ID)}}, "article"},
		{"a past expiry", url.Values{"section": {"0"}, "article": {storyPath(t, f.store, "story-number-07")}, "expires": {now.Add(-time.Hour).Format(datetimeLocal)}}, "expires"},
		{"an expiry that is no time", url.Values{"section": {"0"}, "article": {"7"}, "expires": {"soon"}}, "expires"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := post("/admin/front/pins", tc.values, http.StatusUnprocessableEntity)
			in := first(t, doc, byID(tc.field), "the "+tc.field+" field")
			if attr(in, "aria-invalid") != "true" || text(first(t, doc, byID(tc.field+"-error"), "the error")) == "" {
				t.Errorf("the %s field is not marked with its error", tc.field)
			}
			if got := attr(in, "value"); got != tc.values.Get(tc.field) {
				t.Errorf("the %s field came back as %q, want %q as typed", tc.field, got, tc.values.Get(tc.field))
			}
		})
	}

	// Order and expiry.
	pins, err := f.store.FindPins(ctx)
	must(t, err)
	second := pins[1]
	post("/admin/front/pins/"+itoa(second.ID), url.Values{"move": {"up"}}, http.StatusSeeOther)
	if diff := cmp.Diff([]string{"Story number 05", f.lead.Headline}, homePins()); diff != "" {
		t.Errorf("home pins after moving the second up (-want +got):\n%s", diff)
	}
	doc := post("/admin/front/pins/"+itoa(second.ID), url.Values{"expires": {"2020-01-01T00:00"}}, http.StatusUnprocessableEntity)
	if in := first(t, doc, byID("pin-"+itoa(second.ID)+"-expires"), "the pin's expiry"); attr(in, "value") != "2020-01-01T00:00" || attr(in, "aria-invalid") != "true" {
		t.Errorf("the refused expiry came back as %q, aria-invalid %q", attr(in, "value"), attr(in, "aria-invalid"))
	}
	post("/admin/front/pins/"+itoa(second.ID), url.Values{"expires": {""}}, http.StatusSeeOther)
	if pins, err = f.store.FindPins(ctx); err != nil || !pins[0].ExpiresAt.IsZero() {
		t.Errorf("the expiry was not cleared: %v, %v", pins[0].ExpiresAt, err)
	}
	post("/admin/front/pins/"+itoa(second.ID)+"/delete", url.Values{}, http.StatusSeeOther)
	if diff := cmp.Diff([]string{f.lead.Headline}, homePins()); diff != "" {
		t.Errorf("home pins after unpinning (-want +got):\n%s", diff)
	}

	// The page lists each list's pins, with what readers see of them.
	f.lead.Status = masthead.StatusDraft
	must(t, f.store.UpdateArticle(ctx, f.lead))
	list := first(t, page("/admin/front"), byID("pins-0"), "the home page's pins").Parent
	if got := text(list); !strings.Contains(got, "Not shown: the article is not published.") {
		t.Errorf("the pins of an unpublished article do not say why readers miss it: %q", got)
	}

	// The strip's form comes back as typed.
	doc = post("/admin/front/breaking", url.Values{"breaking_text": {"Storm warning"}, "breaking_url": {"javascript:alert(1)"}}, http.StatusUnprocessableEntity)
	if in := first(t, doc, byID("breaking_text"), "the strip's text"); attr(in, "value") != "Storm warning" {
		t.Errorf("the strip's text came back as %q", attr(in, "value"))
	}
	if in := first(t, doc, byID("breaking_url"), "the strip's address"); attr(in, "aria-invalid") != "true" {
		t.Error("the refused address is not marked")
	}
	post("/admin/front/breaking", url.Values{"breaking_text": {"Storm warning"}, "breaking_url": {"/category/local/"}}, http.StatusSeeOther)
	post("/admin/front/breaking", url.Values{"breaking_text": {"Storm warning"}, "breaking_url": {"/category/local/"}, "off": {"1"}}, http.StatusSeeOther)
	if site, err := f.store.FindSite(ctx); err != nil || site.Breaking.On(now) {
		t.Errorf("the strip after switching it off: %+v, %v", site.Breaking, err)
	}
}

// headlines returns the articles' headlines.
func headlines(articles []*masthead.Article) []string {
	out := make([]string, len(articles))
	for i, a := range articles {
		out[i] = a.Headline
	}
	return out
}

// TestPinToHomeFromTheEditor: the editor of a published article offers
// editors, and only them, one button that pins it to the home page.
func TestPinToHomeFromTheEditor(t *testing.T) {
	f := newFixture(t)
	pinButton := func(role masthead.Role, a *masthead.Article) *html.Node {
		t.Helper()
		u := addStaff(t, f.store, "Staff "+string(role)+" "+itoa(a.ID), role)
		if role == masthead.RoleAuthor {
			a.Authors = append(a.Authors, u)
			must(t, f.store.UpdateArticle(context.Background(), a))
		}
		res := send(t, f.server, "GET", "/admin/articles/"+itoa(a.ID), nil, signIn(t, f.server, u.Email))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("the editor as %s: status %d", role, res.StatusCode)
		}
		doc, err := html.Parse(res.Body)
		must(t, err)
		forms := findAll(doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "action") == "/admin/front/pins" })
		if len(forms) == 0 {
			return nil
		}
		return forms[0]
	}
	if pinButton(masthead.RoleAuthor, f.lead) != nil {
		t.Error("an author's editor offers to pin their article to the home page")
	}
	if pinButton(masthead.RoleEditor, f.draft) != nil {
		t.Error("a draft's editor offers to pin it")
	}
	form := pinButton(masthead.RoleEditor, f.lead)
	if form == nil {
		t.Fatal("a published article's editor offers an editor no Pin to home")
	}
	editor := addStaff(t, f.store, "Pinning Editor", masthead.RoleEditor)
	v := url.Values{}
	for _, in := range findAll(form, byTag("input")) {
		v.Set(attr(in, "name"), attr(in, "value"))
	}
	if res := send(t, f.server, "POST", "/admin/front/pins", v, signIn(t, f.server, editor.Email)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Pin to home: status %d", res.StatusCode)
	}
	pinned, err := f.store.FindPinnedArticles(context.Background(), 0)
	must(t, err)
	if diff := cmp.Diff([]string{f.lead.Headline}, headlines(pinned)); diff != "" {
		t.Errorf("home pins after Pin to home (-want +got):\n%s", diff)
	}
}
