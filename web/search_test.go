package web

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"masthead"
)

func TestSearchPage(t *testing.T) {
	f := newFixture(t)
	res := get(t, f.server, "GET", "/search/?q=pier")
	if res.status != 200 {
		t.Fatalf("status %d", res.status)
	}
	doc := parse(t, res.body)
	if got := text(first(t, doc, byTag("h1"), "h1")); got != "Results for “pier”" {
		t.Errorf("h1 = %q", got)
	}
	if got := text(first(t, doc, byID("result-count"), "count")); got != "1 result" {
		t.Errorf("count = %q", got)
	}
	result := first(t, doc, byClass("result"), "result")
	if link := first(t, result, byTag("a"), "link"); attr(first(t, result, byClass("card-headline"), "headline").FirstChild, "href") != f.lead.Path(time.UTC) {
		t.Errorf("result links to %q", attr(link, "href"))
	}
	if meta(doc, "robots") != "noindex" {
		t.Error("search results are indexable")
	}
	if form := get(t, f.server, "GET", "/search/"); meta(parse(t, form.body), "robots") != "" {
		t.Error("the empty search form is kept out of search engines; only result pages should be")
	}
	if got := attr(first(t, doc, byID("site-search-q"), "search box"), "value"); got != "pier" {
		t.Errorf("the search box holds %q", got)
	}

	// A word in more articles than the store ranks says so, and pages
	// through the newest it ranked.
	f.store.SearchRanked = 12
	res = get(t, f.server, "GET", "/search/?q=paragraph")
	if got := text(first(t, parse(t, res.body), byID("result-count"), "count")); got != "More than 12 results; the newest 12 are shown" {
		t.Errorf("count past the bound = %q", got)
	}
	f.store.SearchRanked = 0

	// A search out of time says so.
	f.store.SearchBudget = time.Nanosecond
	res = get(t, f.server, "GET", "/search/?q=paragraph")
	if res.status != http.StatusServiceUnavailable || !strings.Contains(res.body, "This search took too long") {
		t.Errorf("out of time: status %d, want 503 saying the search took too long", res.status)
	}
	f.store.SearchBudget = 0

	// Highlighting, pagination and the query kept across pages.
	res = get(t, f.server, "GET", "/search/?q=paragraph")
	doc = parse(t, res.body)
	if got := text(first(t, doc, byID("result-count"), "count")); got != "25 results" {
		t.Fatalf("count = %q", got)
	}
	if marks := findAll(doc, byTag("mark")); len(marks) == 0 || strings.ToLower(text(marks[0])) != "paragraph" {
		t.Error("the matched word is not marked")
	}
	next := ""
	for _, a := range findAll(doc, byTag("a")) {
		if attr(a, "rel") == "next" {
			next = attr(a, "href")
		}
	}
	if next != "/search/?page=2&q=paragraph" {
		t.Fatalf("next page = %q", next)
	}
	if got := len(findAll(parse(t, get(t, f.server, "GET", "/search/?q=paragraph&page=3").body), byClass("result"))); got != 5 {
		t.Errorf("page 3 has %d results, want 5", got)
	}
	for _, path := range []string{"/search/?q=paragraph&page=4", "/search/?q=paragraph&page=0", "/search/?q=paragraph&page=x"} {
		if res := get(t, f.server, "GET", path); res.status != 404 {
			t.Errorf("%s: status %d", path, res.status)
		}
	}

	// Nothing unpublished, and a helpful empty state.
	for _, q := range []string{"secret", "embargoed", "unpublished"} {
		doc := parse(t, get(t, f.server, "GET", "/search/?q="+q).body)
		if n := len(findAll(doc, byClass("result"))); n != 0 {
			t.Errorf("%q finds %d results", q, n)
		}
		if !strings.Contains(text(first(t, doc, byClass("empty"), "empty state")), "No articles match “"+q+"”.") {
			t.Errorf("%q: no empty state", q)
		}
	}
	if res := get(t, f.server, "GET", "/search/"); res.status != 200 || strings.Contains(res.body, "result-count") {
		t.Errorf("the bare search page: status %d", res.status)
	}

	// The query is text, never markup.
	evil := `"><script>alert(1)</script>`
	res = get(t, f.server, "GET", "/search/?q="+url.QueryEscape(evil))
	checkNoScript(t, res.body, "search")
	if !strings.Contains(text(parse(t, res.body)), evil) {
		t.Error("the query is not shown as typed")
	}

	res = get(t, f.server, "GET", "/?s=harbour+pier")
	if res.status != 301 || res.header.Get("Location") != "/search/?q=harbour+pier" {
		t.Errorf("/?s= answers %d to %q", res.status, res.header.Get("Location"))
	}
}

func TestOpenSearch(t *testing.T) {
	f := newFixture(t)
	doc := parse(t, get(t, f.server, "GET", "/").body)
	var href string
	for _, l := range findAll(doc, byTag("link")) {
		if attr(l, "rel") == "search" {
			href = attr(l, "href")
		}
	}
	res := get(t, f.server, "GET", href)
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "application/opensearchdescription+xml") {
		t.Fatalf("%q: status %d %s", href, res.status, res.header.Get("Content-Type"))
	}
	var desc struct {
		ShortName string `xml:"ShortName"`
		URL       struct {
			Template string `xml:"template,attr"`
		} `xml:"Url"`
	}
	if err := xml.Unmarshal([]byte(res.body), &desc); err != nil {
		t.Fatal(err)
	}
	if desc.ShortName != "Observer" || desc.URL.Template != "https://observer.example/search/?q={searchTerms}" {
		t.Errorf("description = %+v", desc)
	}
}

// TestSearchLandmarksAreNamed: a screen reader lists landmarks by role and
// name, so the header's search and the search page's own form, both
// search landmarks, need names that tell them apart (axe-core's
// landmark-unique rule).
func TestSearchLandmarksAreNamed(t *testing.T) {
	rig := newEditorRig(t)
	for _, page := range []struct {
		path   string
		cookie *http.Cookie
		want   []string
	}{
		{"/search/?q=x", nil, []string{"Site search", "Search articles"}},
		{"/search/?q=pier", nil, []string{"Site search", "Search articles"}},
		{"/search/", nil, []string{"Site search", "Search articles"}},
		{"/", nil, []string{"Site search"}},
		{"/admin/media", rig.cookies[masthead.RoleEditor], []string{"Find images"}},
	} {
		res := send(t, rig.server, "GET", page.path, nil, page.cookie)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", page.path, res.StatusCode)
		}
		doc := parse(t, body(t, res))
		var names []string
		seen := map[string]bool{}
		for _, landmark := range findAll(doc, isSearchLandmark) {
			name := accessibleName(doc, landmark)
			if seen[name] {
				t.Errorf("%s: two search landmarks are named %q", page.path, name)
			}
			seen[name] = true
			names = append(names, name)
		}
		if diff := cmp.Diff(page.want, names); diff != "" {
			t.Errorf("%s: the search landmarks' names (-want +got):\n%s", page.path, diff)
		}
	}
}

// isSearchLandmark matches what assistive technology takes for a search
// landmark: an element with role="search", or a <search> element whose
// role is not overridden.
func isSearchLandmark(n *html.Node) bool {
	role := attr(n, "role")
	return role == "search" || (n.Data == "search" && role == "")
}

// accessibleName computes a landmark's name as browsers do for elements
// named only by their author: aria-labelledby first (the text of the
// elements it names, in order), then aria-label, then title. A landmark
// takes no name from its content.
func accessibleName(doc, n *html.Node) string {
	if ids := strings.Fields(attr(n, "aria-labelledby")); len(ids) > 0 {
		var parts []string
		for _, id := range ids {
			if labels := findAll(doc, byID(id)); len(labels) > 0 {
				parts = append(parts, text(labels[0]))
			}
		}
		if name := strings.Join(parts, " "); strings.TrimSpace(name) != "" {
			return strings.TrimSpace(name)
		}
	}
	if name := strings.TrimSpace(attr(n, "aria-label")); name != "" {
		return name
	}
	return strings.TrimSpace(attr(n, "title"))
}
