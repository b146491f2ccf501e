package web

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/content"
)

// sitePages are the pages addPages stores.
type sitePages struct {
	about, team, contact, draft *masthead.Article
}

// addPages stores an About page with a child, a Contact page and a draft
// page, published a day before the fixture's time by Ana, who also writes
// articles: nothing of theirs may show where articles do.
func addPages(t testing.TB, f *fixture) sitePages {
	t.Helper()
	ctx := context.Background()
	mk := func(headline, slug, body string, parent *masthead.Article, status masthead.Status) *masthead.Article {
		p := &masthead.Article{Kind: masthead.KindPage, Headline: headline, Slug: slug, BodySource: body,
			Status: status, Authors: []*masthead.Author{f.ana}}
		if status == masthead.StatusPublished {
			p.PublishedAt, p.UpdatedAt = now.Add(-24*time.Hour), now.Add(-24*time.Hour)
		}
		if parent != nil {
			p.ParentID = parent.ID
		}
		must(t, content.PrepareArticle(p))
		must(t, f.store.CreateArticle(ctx, p))
		return p
	}
	var p sitePages
	p.about = mk("About the Observer", "about", "The Observer is run by the quillwort cooperative of Port Alder.", nil, masthead.StatusPublished)
	p.team = mk("Our team", "team", "Editors, reporters and the quillwort desk.", p.about, masthead.StatusPublished)
	p.contact = mk("Contact", "contact", "Write to the newsroom.", nil, masthead.StatusPublished)
	p.draft = mk("Jobs", "jobs", "We are hiring a secret quillwort correspondent.", p.about, masthead.StatusDraft)
	return p
}

// TestPagesServed: a page and its child answer at their addresses with
// the page template (no byline, dateline, comments or related list); a
// draft and a missing page are not found.
func TestPagesServed(t *testing.T) {
	f := newFixture(t)
	p := addPages(t, f)
	for path, headline := range map[string]string{"/about/": "About the Observer", "/about/team/": "Our team", "/contact/": "Contact"} {
		res := get(t, f.server, "GET", path)
		if res.status != 200 {
			t.Fatalf("%s: status %d", path, res.status)
		}
		doc := parse(t, res.body)
		if got := text(first(t, doc, byTag("h1"), "heading")); got != headline {
			t.Errorf("%s: heading %q, want %q", path, got, headline)
		}
		for _, class := range []string{"byline", "dateline", "comments", "related", "author-box", "kicker"} {
			if len(findAll(doc, byClass(class))) > 0 {
				t.Errorf("%s: a page shows .%s", path, class)
			}
		}
		if len(findAll(doc, byTag("form"))) != 1 { // the site search only
			t.Errorf("%s: %d forms, want the site search alone", path, len(findAll(doc, byTag("form"))))
		}
		if got := attr(first(t, doc, func(n *html.Node) bool { return n.Data == "link" && attr(n, "rel") == "canonical" }, "canonical link"), "href"); got != "https://observer.example"+path {
			t.Errorf("%s: canonical %q", path, got)
		}
		updated := first(t, first(t, doc, byClass("story-footer"), "page footer"), byTag("time"), "update time")
		if attr(updated, "datetime") != isoTime(now.Add(-24*time.Hour)) {
			t.Errorf("%s: updated %q", path, attr(updated, "datetime"))
		}
	}
	if res := get(t, f.server, "HEAD", "/about/team/"); res.status != 200 {
		t.Errorf("HEAD of a page: %d", res.status)
	}
	if res := get(t, f.server, "GET", "/about"); res.status != http.StatusMovedPermanently || res.header.Get("Location") != "/about/" {
		t.Errorf("/about: %d to %q, want 301 to /about/", res.status, res.header.Get("Location"))
	}
	for _, path := range []string{p.draft.Path(time.UTC), "/team/", "/about/team/more/", "/contact/team/"} {
		if res := get(t, f.server, "GET", path); res.status != 404 || !strings.Contains(res.body, "Page not found") {
			t.Errorf("%s: status %d, want the styled 404", path, res.status)
		}
	}
	// The routes keep their addresses: pages answer only what no route does.
	if res := get(t, f.server, "GET", "/2026/03/"); res.status != 200 {
		t.Errorf("the month archive answers %d beside pages", res.status)
	}
}

// TestPageIDShortLink: "/?page_id=ID" is WordPress's short link to a page.
func TestPageIDShortLink(t *testing.T) {
	f := newFixture(t)
	p := addPages(t, f)
	if res := get(t, f.server, "GET", "/?page_id="+itoa(p.team.ID)); res.status != http.StatusMovedPermanently || res.header.Get("Location") != "/about/team/" {
		t.Errorf("?page_id of a page: %d to %q, want 301 to /about/team/", res.status, res.header.Get("Location"))
	}
	// WordPress answers its post short link for pages too, so old links of
	// either shape lead to the page.
	if res := get(t, f.server, "GET", "/?p="+itoa(p.team.ID)); res.status != http.StatusMovedPermanently || res.header.Get("Location") != "/about/team/" {
		t.Errorf("?p of a page: %d to %q, want 301 to /about/team/", res.status, res.header.Get("Location"))
	}
	// An import that could not keep a page's WordPress id leaves where it went.
	must(t, f.store.AddRedirect(context.Background(), "/?page_id=9077", "/contact/"))
	if res := get(t, f.server, "GET", "/?page_id=9077"); res.status != http.StatusMovedPermanently || res.header.Get("Location") != "/contact/" {
		t.Errorf("?page_id of an imported page: %d to %q, want 301 to /contact/", res.status, res.header.Get("Location"))
	}
	for name, query := range map[string]string{
		"a draft page": "page_id=" + itoa(p.draft.ID), "an article": "page_id=" + itoa(f.lead.ID), "nothing": "page_id=99999",
		"not a number": "page_id=about", "a draft page as a post": "p=" + itoa(p.draft.ID),
	} {
		if res := get(t, f.server, "GET", "/?"+query); res.status != 404 {
			t.Errorf("%s (/?%s): status %d, want 404", name, query, res.status)
		}
	}
}

// TestPagesOutOfArticleLists: pages are in no list, archive, feed or API
// answer of articles, and are in the sitemap (their own, not the news one)
// and in search, at their own addresses.
func TestPagesOutOfArticleLists(t *testing.T) {
	f := newFixture(t)
	p := addPages(t, f)
	headlines := []string{p.about.Headline, p.team.Headline, p.contact.Headline, p.draft.Headline}
	for _, path := range []string{"/", "/page/2/", "/2026/", "/2026/03/", "/author/ana-lima/", "/feed/", "/feed/atom/", "/feed/json/",
		"/author/ana-lima/feed/", "/api/v1/articles?per_page=100", "/api/v1/articles?author=ana-lima", "/news-sitemap.xml",
		"/sitemaps/articles-2026-03.xml"} {
		res := get(t, f.server, "GET", path)
		if res.status != 200 {
			t.Fatalf("%s: status %d", path, res.status)
		}
		for _, h := range headlines {
			if strings.Contains(res.body, h) {
				t.Errorf("%s lists the page %q", path, h)
			}
		}
		for _, pp := range []string{"/about/", "/contact/"} {
			if strings.Contains(res.body, "observer.example"+pp) {
				t.Errorf("%s links the page %s", path, pp)
			}
		}
	}
	for _, path := range []string{"/api/v1/articles/" + itoa(p.about.ID), "/api/v1/articles/about", "/api/v1/articles/" + itoa(p.about.ID) + "/comments"} {
		res := get(t, f.server, "GET", path)
		var e struct {
			Error struct{ Code string } `json:"error"`
		}
		if res.status != 404 || json.Unmarshal([]byte(res.body), &e) != nil || e.Error.Code != masthead.ENOTFOUND {
			t.Errorf("%s: status %d %s, want the API's 404", path, res.status, res.body)
		}
	}

	base := "https://observer.example"
	index := fetchXML(t, f, "/sitemap.xml")
	var children []string
	for _, sm := range index.Sitemaps {
		children = append(children, sm.Loc)
	}
	if !slices.Contains(children, base+"/sitemaps/pages.xml") {
		t.Fatalf("the sitemap index %v has no pages sitemap", children)
	}
	var locs []string
	for _, u := range fetchXML(t, f, "/sitemaps/pages.xml").URLs {
		locs = append(locs, u.Loc)
	}
	if want := []string{base + "/about/", base + "/about/team/", base + "/contact/"}; !slices.Equal(locs, want) {
		t.Errorf("the pages sitemap lists %v, want %v", locs, want)
	}

	doc := parse(t, get(t, f.server, "GET", "/search/?q=quillwort").body)
	var links []string
	for _, h := range findAll(doc, byClass("card-headline")) {
		links = append(links, attr(first(t, h, byTag("a"), "result link"), "href"))
	}
	slices.Sort(links)
	if want := []string{"/about/", "/about/team/"}; !slices.Equal(links, want) {
		t.Errorf("search results link %v, want the published pages %v", links, want)
	}
}

// pageValues is the page editor's form.
func pageValues(title string, parent int64) url.Values {
	return url.Values{"headline": {title}, "body": {"What " + title + " says."}, "parent": {strconv.FormatInt(parent, 10)}}
}

// savedPageID reads the page id from a save's redirect.
func savedPageID(t *testing.T, res *http.Response) int64 {
	t.Helper()
	var id int64
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d: %s", res.StatusCode, body(t, res))
	}
	if _, err := fmt.Sscanf(res.Header.Get("Location"), "/admin/pages/%d", &id); err != nil {
		t.Fatalf("save redirected to %q", res.Header.Get("Location"))
	}
	return id
}

// TestPageEditorRoles: pages are for editors and admins; everyone else is
// refused on the server, whatever the address.
func TestPageEditorRoles(t *testing.T) {
	rig := newEditorRig(t)
	id := savedPageID(t, rig.save(t, masthead.RoleEditor, "/admin/pages/new", pageValues("About us", 0), "publish"))
	for _, role := range []masthead.Role{masthead.RoleContributor, masthead.RoleAuthor} {
		c := rig.cookies[role]
		for _, path := range []string{"/admin/pages", "/admin/pages/new", fmt.Sprintf("/admin/pages/%d", id), fmt.Sprintf("/admin/pages/%d/revisions", id)} {
			if res := send(t, rig.server, "GET", path, nil, c); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: status %d, want 403", role, path, res.StatusCode)
			}
		}
		for _, path := range []string{"/admin/pages/new", fmt.Sprintf("/admin/pages/%d", id)} {
			if res := rig.save(t, role, path, pageValues("Taken over", 0), "save"); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: status %d, want 403", role, path, res.StatusCode)
			}
		}
		// Not through the article editor either.
		if res := send(t, rig.server, "GET", fmt.Sprintf("/admin/articles/%d", id), nil, c); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s opening a page in the article editor: status %d, want 404", role, res.StatusCode)
		}
		nav := parse(t, body(t, send(t, rig.server, "GET", "/admin/", nil, c)))
		for _, a := range findAll(nav, byTag("a")) {
			if attr(a, "href") == "/admin/pages" {
				t.Errorf("%s sees the Pages entry", role)
			}
		}
	}
	if got, _ := rig.store.FindArticleByID(context.Background(), id); got.Headline != "About us" {
		t.Errorf("the page became %q", got.Headline)
	}
	ed := rig.cookies[masthead.RoleEditor]
	for path, want := range map[string]int{"/admin/pages": 200, "/admin/pages/new": 200, fmt.Sprintf("/admin/pages/%d", id): 200,
		fmt.Sprintf("/admin/articles/%d", id): 404, fmt.Sprintf("/admin/pages/%d", rig.lead.ID): 404, "/admin/pages?page=2": 404} {
		if res := send(t, rig.server, "GET", path, nil, ed); res.StatusCode != want {
			t.Errorf("editor GET %s: status %d, want %d", path, res.StatusCode, want)
		}
	}
	list := parse(t, body(t, send(t, rig.server, "GET", "/admin/pages", nil, ed)))
	var rows []string
	for _, tr := range findAll(first(t, list, byTag("tbody"), "list"), byTag("tr")) {
		rows = append(rows, text(tr))
	}
	if len(rows) != 1 || !strings.HasPrefix(rows[0], "About us /about-us/ published") {
		t.Errorf("the pages list %q, want About us at /about-us/", rows)
	}
	if current := findAll(list, func(n *html.Node) bool { return attr(n, "aria-current") == "page" }); len(current) != 1 || attr(current[0], "href") != "/admin/pages" {
		t.Error("the Pages entry is not the current one on the pages list")
	}
}

// TestPageEditor: the editor writes pages with a parent instead of a
// section, byline and the rest, refuses the site's own addresses and
// loops with the form kept, and keeps old addresses answering.
func TestPageEditor(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	ed := masthead.RoleEditor
	aboutID := savedPageID(t, rig.save(t, ed, "/admin/pages/new", pageValues("About us", 0), "publish"))
	teamID := savedPageID(t, rig.save(t, ed, "/admin/pages/new", pageValues("Our team", aboutID), "publish"))
	team, _ := rig.store.FindArticleByID(ctx, teamID)
	if !team.IsPage() || team.Path(time.UTC) != "/about-us/our-team/" || team.CommentsOpen || team.Category != nil ||
		len(team.Authors) != 1 || team.Authors[0].ID != rig.staff[ed].ID {
		t.Fatalf("the saved page: kind %q at %s, comments %v, section %v, authors %v", team.Kind, team.Path(time.UTC), team.CommentsOpen, team.Category, team.Authors)
	}
	if res := get(t, rig.server, "GET", "/about-us/our-team/"); res.status != 200 {
		t.Fatalf("the published child page answers %d", res.status)
	}

	// The form has a parent select and none of an article's own fields.
	form := parse(t, body(t, send(t, rig.server, "GET", fmt.Sprintf("/admin/pages/%d", teamID), nil, rig.cookies[ed])))
	for _, id := range []string{"category", "tags", "author1", "dateline", "source_name", "comments_open", "featured"} {
		if len(findAll(form, byID(id))) > 0 {
			t.Errorf("the page editor has the article field %s", id)
		}
	}
	var parents []string
	for _, o := range findAll(first(t, form, byID("parent"), "parent select"), byTag("option")) {
		if attr(o, "value") == itoa(aboutID) && !hasAttr(o, "selected") {
			t.Error("the page's parent is not selected")
		}
		parents = append(parents, text(o))
	}
	if want := []string{"None: at the top level", "About us (/about-us/)"}; !slices.Equal(parents, want) {
		t.Errorf("parent choices %q, want %q (never the page itself)", parents, want)
	}
	if len(findAll(form, byID("correction-heading"))) > 0 {
		t.Error("the page editor offers corrections")
	}

	// The site's addresses are refused, with the form kept.
	for title, slug := range map[string]string{"Feed": "", "Staff list": "admin", "Twenty twenty-six": "2026"} {
		v := pageValues(title, 0)
		v.Set("slug", slug)
		v.Set("body", "Typed text to keep.")
		res := rig.save(t, ed, "/admin/pages/new", v, "publish")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d, want 422", title, res.StatusCode)
		}
		doc := parse(t, body(t, res))
		want := slug
		if want == "" {
			want = "feed"
		}
		if got := text(first(t, doc, byID("slug-error"), "slug message")); got != "The address /"+want+"/ is used by the site; choose another." {
			t.Errorf("%s: slug message %q", title, got)
		}
		if attr(first(t, doc, byID("headline"), "title field"), "value") != title || text(first(t, doc, byID("body"), "body field")) != "Typed text to keep." {
			t.Errorf("%s: the typed form was not kept", title)
		}
	}
	// Below the top level a site prefix is a page's to take.
	savedPageID(t, rig.save(t, ed, "/admin/pages/new", pageValues("Feed", aboutID), "save"))

	// A page cannot go under its own child, even by a forged form.
	v := pageValues("About us", teamID)
	v.Set("slug", "about-us")
	v.Set("body", "Kept while refused.")
	res := rig.save(t, ed, fmt.Sprintf("/admin/pages/%d", aboutID), v, "save")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a page under its own child: status %d, want 422", res.StatusCode)
	}
	doc := parse(t, body(t, res))
	if got := text(first(t, doc, byID("parent-error"), "parent message")); !strings.Contains(got, "cannot be placed under itself") {
		t.Errorf("parent message %q", got)
	}
	if text(first(t, doc, byID("body"), "body field")) != "Kept while refused." {
		t.Error("the typed body was not kept")
	}

	// Moves leave 301s, for the page and the pages below it.
	v = pageValues("About us", 0)
	v.Set("slug", "about")
	savedPageID(t, rig.save(t, ed, fmt.Sprintf("/admin/pages/%d", aboutID), v, "save"))
	v = pageValues("Our team", 0)
	v.Set("slug", "our-team")
	savedPageID(t, rig.save(t, ed, fmt.Sprintf("/admin/pages/%d", teamID), v, "save"))
	for from, to := range map[string]string{"/about-us/": "/about/", "/about/our-team/": "/our-team/", "/about-us/feed/": "/about/feed/"} {
		res := get(t, rig.server, "GET", from)
		if res.status != http.StatusMovedPermanently || res.header.Get("Location") != to {
			t.Errorf("%s: %d to %q, want 301 to %s", from, res.status, res.header.Get("Location"), to)
		}
	}
	// The child's first address went with its parent's move, then its
	// own: the redirects lead there one move at a time.
	at := "/about-us/our-team/"
	for hops := 0; at != "/our-team/"; hops++ {
		res := get(t, rig.server, "GET", at)
		if res.status != http.StatusMovedPermanently || hops > 2 {
			t.Fatalf("following the child's first address: %s answers %d", at, res.status)
		}
		at = res.header.Get("Location")
	}
	for _, path := range []string{"/about/", "/our-team/"} {
		if res := get(t, rig.server, "GET", path); res.status != 200 {
			t.Errorf("%s answers %d after the move", path, res.status)
		}
	}

	// The same history, preview and workflow as articles.
	hist := parse(t, body(t, send(t, rig.server, "GET", fmt.Sprintf("/admin/pages/%d/revisions?from=1&to=2", teamID), nil, rig.cookies[ed])))
	if back := attr(first(t, hist, func(n *html.Node) bool { return n.Data == "a" && strings.HasPrefix(text(n), "Back to the page") }, "back link"), "href"); back != fmt.Sprintf("/admin/pages/%d", teamID) {
		t.Errorf("the history links back to %q", back)
	}
	res = send(t, rig.server, "POST", fmt.Sprintf("/admin/pages/%d/revisions/1/restore", teamID), nil, rig.cookies[ed])
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), fmt.Sprintf("/admin/pages/%d?", teamID)) {
		t.Errorf("restoring a page's revision: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	preview := rig.save(t, ed, fmt.Sprintf("/admin/pages/%d", teamID), pageValues("Our team", 0), "preview")
	if preview.StatusCode != 200 || len(findAll(parse(t, body(t, preview)), byID("preview-heading"))) != 1 {
		t.Errorf("preview of a page: status %d", preview.StatusCode)
	}
	v = pageValues("Our team", 0)
	v.Set("slug", "our-team")
	res = rig.save(t, ed, fmt.Sprintf("/admin/pages/%d", teamID), v, "unpublish")
	if savedPageID(t, res); !strings.Contains(res.Header.Get("Location"), url.QueryEscape("the page is a draft again")) {
		t.Errorf("unpublishing a page: notice in %q", res.Header.Get("Location"))
	}
	if res := get(t, rig.server, "GET", "/our-team/"); res.status != 404 {
		t.Errorf("an unpublished page answers %d", res.status)
	}
	v.Set("publish_at", now.Add(48*time.Hour).Format(datetimeLocal))
	savedPageID(t, rig.save(t, ed, fmt.Sprintf("/admin/pages/%d", teamID), v, "schedule"))
	if got, _ := rig.store.FindArticleByID(ctx, teamID); got.Status != masthead.StatusScheduled {
		t.Errorf("a scheduled page has status %q", got.Status)
	}
}

// TestReservedPageSlugsCoverRoutes reads the routes as routes.go registers
// them and checks that the first segment of every one is reserved, so
// that no page can hide a route and the list in the domain cannot fall
// behind the routes.
func TestReservedPageSlugsCoverRoutes(t *testing.T) {
	fset := token.NewFileSet()
	// The package's string constants, such as apiPrefix, name routes too.
	consts := map[string]string{}
	pkgs, err := parser.ParseDir(fset, ".", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range pkgs["web"].Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if spec, ok := n.(*ast.ValueSpec); ok {
				for i, name := range spec.Names {
					if i < len(spec.Values) {
						if lit, ok := spec.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[name.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
			return true
		})
	}
	routes, err := parser.ParseFile(fset, "routes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	ast.Inspect(routes, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok && !isIdent(call.Fun, "routeFeeds") {
			return true
		}
		if ok && !slices.Contains([]string{"Handle", "HandleFunc", "handle", "mount"}, sel.Sel.Name) {
			return true
		}
		for _, arg := range call.Args {
			var value string
			switch arg := arg.(type) {
			case *ast.BasicLit:
				if arg.Kind == token.STRING {
					value, _ = strconv.Unquote(arg.Value)
				}
			case *ast.Ident:
				value = consts[arg.Name]
			}
			if path := patternPath(value); strings.HasPrefix(path, "/") {
				patterns = append(patterns, value)
				break
			}
		}
		return true
	})
	if len(patterns) < 40 {
		t.Fatalf("found only %d routes in routes.go: %q", len(patterns), patterns)
	}
	seen := map[string]bool{}
	for _, pattern := range patterns {
		segment, _, _ := strings.Cut(strings.TrimPrefix(patternPath(pattern), "/"), "/")
		segment, _, _ = strings.Cut(segment, ".") // /robots.txt reserves robots
		if seen[segment] {
			continue
		}
		seen[segment] = true
		switch {
		case segment == "" || segment == "{$}":
			// The front page, which no page can be.
		case segment == "{yyyy}":
			for _, year := range []string{"1999", "2026", "9999"} {
				if !masthead.ReservedPageSlug(year) {
					t.Errorf("%q is a route, and the year %s is not reserved", pattern, year)
				}
			}
		case strings.HasPrefix(segment, "{"):
			t.Errorf("%q starts with a wildcard other than the year: reserve what it matches", pattern)
		case !masthead.ReservedPageSlug(segment):
			t.Errorf("%q is a route, and a page may take the slug %q", pattern, segment)
		}
	}
	for _, want := range []string{"admin", "api", "feed", "static", "{yyyy}", "robots"} {
		if !seen[want] {
			t.Errorf("no route found under %q: the reading of routes.go is broken", want)
		}
	}
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// TestCommentOnPageModerated: a comment on a page (a WordPress import
// brings them) is shown in the moderation queue with its page.
func TestCommentOnPageModerated(t *testing.T) {
	f := newFixture(t)
	p := addPages(t, f)
	must(t, f.store.CreateComment(context.Background(), &masthead.Comment{ArticleID: p.team.ID, AuthorName: "Imported Reader",
		AuthorEmail: "reader@example.org", Body: "A comment from the old site.", Status: masthead.CommentPending}))
	ed := signIn(t, f.server, addStaff(t, f.store, "Eda Editor", masthead.RoleEditor).Email)
	doc := parse(t, body(t, send(t, f.server, "GET", "/admin/comments", nil, ed)))
	var found bool
	for _, a := range findAll(doc, byTag("a")) {
		found = found || attr(a, "href") == "/about/team/" && text(a) == "Our team"
	}
	if !found {
		t.Error("the moderation queue does not name the page the comment is on")
	}
}

// TestWordPressQueryArchives: WordPress's query-string archive addresses
// lead to Masthead's pages, or answer 404 rather than the front page.
func TestWordPressQueryArchives(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	must(t, f.store.AddRedirect(ctx, "/?cat=12", "/category/local/"))
	must(t, f.store.AddRedirect(ctx, "/?author=4", "/author/ben-ortiz/"))
	for query, want := range map[string]string{
		"cat=12": "/category/local/", "author=4": "/author/ben-ortiz/", "tag=harbour": "/tag/harbour/", "tag=harbour,ferries": "/tag/harbour/",
		"m=202611": "/2026/11/", "m=2026": "/2026/", "m=20261126": "/2026/11/",
	} {
		res := get(t, f.server, "GET", "/?"+query)
		if res.status != http.StatusMovedPermanently || res.header.Get("Location") != want {
			t.Errorf("/?%s: %d to %q, want 301 to %s", query, res.status, res.header.Get("Location"), want)
		}
	}
	for _, query := range []string{"cat=99", "cat=x", "author=0", "tag=", "tag=%2F%2Fevil.example", "m=20", "m=202613", "attachment_id=5"} {
		if res := get(t, f.server, "GET", "/?"+query); res.status != http.StatusNotFound {
			t.Errorf("/?%s: status %d, want 404", query, res.status)
		}
	}
}
