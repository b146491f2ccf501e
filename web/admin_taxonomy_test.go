package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead"
)

func TestSectionsAndTags(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ed := signIn(t, f.server, addStaff(t, f.store, "Eda Editor", masthead.RoleEditor).Email)
	author := signIn(t, f.server, addStaff(t, f.store, "Ada Author", masthead.RoleAuthor).Email)
	if res := send(t, f.server, "GET", "/admin/sections", nil, author); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an author managing sections: status %d", res.StatusCode)
	}
	if res := send(t, f.server, "POST", "/admin/sections", url.Values{"name": {"Weather"}, "description": {"Forecasts."}}, ed); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a new section: status %d", res.StatusCode)
	}
	if c, err := f.store.FindCategoryBySlug(ctx, "weather"); err != nil || c.Description != "Forecasts." {
		t.Fatalf("the new section = %+v, %v", c, err)
	}
	res := send(t, f.server, "POST", fmt.Sprintf("/admin/sections/%d", f.local.ID), url.Values{"name": {"Local"}, "slug": {"sport"}}, ed)
	if res.StatusCode != 422 || !strings.Contains(body(t, res), "already uses that slug") {
		t.Fatalf("a taken slug: status %d", res.StatusCode)
	}
	if res := send(t, f.server, "POST", fmt.Sprintf("/admin/sections/%d", f.local.ID), url.Values{"name": {"City"}, "slug": {"local"}, "description": {"The city."}}, ed); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("renaming a section: status %d", res.StatusCode)
	}
	if !strings.Contains(get(t, f.server, "GET", "/category/local/").body, "<h1>City</h1>") {
		t.Error("the section page does not show the new name")
	}
	if res := send(t, f.server, "POST", fmt.Sprintf("/admin/tags/%d", f.harbour.ID), url.Values{"name": {"Harbour Works"}}, ed); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("renaming a tag: status %d", res.StatusCode)
	}
	if res := get(t, f.server, "GET", "/tag/harbour-works/"); res.status != 200 {
		t.Errorf("the renamed tag's page: status %d", res.status)
	}
}

// TestRenamesKeepOldAddresses: a renamed tag, section or author answers at
// its old address with a permanent redirect, feeds and pages included.
func TestRenamesKeepOldAddresses(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	must(t, f.store.UpdateTag(ctx, &masthead.Tag{ID: f.harbour.ID, Name: "Harbour Works", Slug: "harbour-works"}))
	f.local.Slug = "city"
	must(t, f.store.UpdateCategory(ctx, f.local))
	f.ben.Slug = "benedict-ortiz"
	must(t, f.store.UpdateAuthor(ctx, f.ben))
	// A second rename leaves no chain behind.
	must(t, f.store.UpdateTag(ctx, &masthead.Tag{ID: f.harbour.ID, Name: "Port Works", Slug: "port-works"}))
	for from, to := range map[string]string{
		"/tag/harbour/":               "/tag/port-works/",
		"/tag/harbour-works/":         "/tag/port-works/",
		"/tag/harbour/feed/atom/":     "/tag/port-works/feed/atom/",
		"/tag/harbour/page/2/":        "/tag/port-works/page/2/",
		"/category/local/":            "/category/city/",
		"/author/ben-ortiz/":          "/author/benedict-ortiz/",
		"/author/ben-ortiz/feed/?x=1": "/author/benedict-ortiz/feed/?x=1",
	} {
		res := get(t, f.server, "GET", from)
		if res.status != http.StatusMovedPermanently || res.header.Get("Location") != to {
			t.Errorf("%s: %d to %q, want 301 to %s", from, res.status, res.header.Get("Location"), to)
		}
		if res := get(t, f.server, "GET", strings.SplitN(to, "?", 2)[0]); res.status != 200 {
			t.Errorf("%s answers %d", to, res.status)
		}
	}
	if res := get(t, f.server, "GET", "/tag/never-was/"); res.status != 404 {
		t.Errorf("an unknown tag: status %d", res.status)
	}
	if res := get(t, f.server, "POST", "/tag/harbour/"); res.status == http.StatusMovedPermanently {
		t.Error("a POST was redirected")
	}
}

func TestRedirectsPage(t *testing.T) {
	f := newFixture(t)
	ed := signIn(t, f.server, addStaff(t, f.store, "Eda Editor", masthead.RoleEditor).Email)
	author := signIn(t, f.server, addStaff(t, f.store, "Ada Author", masthead.RoleAuthor).Email)
	if res := send(t, f.server, "GET", "/admin/redirects", nil, author); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an author managing redirects: status %d", res.StatusCode)
	}
	res := send(t, f.server, "POST", "/admin/redirects", url.Values{"from": {"elsewhere"}, "to": {"/"}}, ed)
	if res.StatusCode != 422 || attr(first(t, parse(t, body(t, res)), byID("from"), "from"), "value") != "elsewhere" {
		t.Fatalf("a bad redirect: status %d", res.StatusCode)
	}
	lead := f.lead.Path(time.UTC)
	res = send(t, f.server, "POST", "/admin/redirects", url.Values{"from": {"https://observer.example/old-pier-story/"}, "to": {lead}}, ed)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("adding a redirect: status %d", res.StatusCode)
	}
	if res := get(t, f.server, "GET", "/old-pier-story/"); res.status != 301 || res.header.Get("Location") != lead {
		t.Fatalf("the old address: %d to %q", res.status, res.header.Get("Location"))
	}
	if !strings.Contains(body(t, send(t, f.server, "GET", "/admin/redirects", nil, ed)), "/old-pier-story/") {
		t.Error("the page does not list the redirect")
	}
	if res := send(t, f.server, "POST", "/admin/redirects/delete", url.Values{"from": {"/old-pier-story/"}}, ed); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing: status %d", res.StatusCode)
	}
	if res := get(t, f.server, "GET", "/old-pier-story/"); res.status != 404 {
		t.Fatalf("a removed redirect: status %d", res.status)
	}
}

// TestStoredRedirectsAnswerInOneHop covers the old addresses an import
// stores: one without its slash, one naming a file, an article address
// under another date whose slug belongs to another article, and a
// WordPress short link whose id another article has. Each answers with
// one 301 to where it moved, not a guess by slug or id.
func TestStoredRedirectsAnswerInOneHop(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	lead := f.lead.Path(time.UTC)
	other := "/category/" + f.sport.Slug + "/"
	wrongDate := "/1999/01/01/" + f.lead.Slug + "/"
	for from, to := range map[string]string{"/archives/12/": lead, "/archives/13.html": lead, wrongDate: other, "/?p=999": other} {
		must(t, f.store.AddRedirect(ctx, from, to))
	}
	for path, want := range map[string]string{
		"/archives/12":      lead,
		"/archives/13.html": lead,
		wrongDate:           other,
		"/?p=999":           other,
		// Without a stored move, a right slug under a wrong date still
		// goes to the article.
		"/2000/01/01/" + f.lead.Slug + "/": lead,
	} {
		res := get(t, f.server, "GET", path)
		if res.status != http.StatusMovedPermanently || res.header.Get("Location") != want {
			t.Errorf("%s answers %d to %q, want 301 to %q", path, res.status, res.header.Get("Location"), want)
		}
	}
}

// TestTagDescription shows a tag's description on its page, as a
// section's is.
func TestTagDescription(t *testing.T) {
	f := newFixture(t)
	tag := &masthead.Tag{Name: "Ferries", Slug: "ferries", Description: "Boats to the islands and back."}
	must(t, f.store.CreateTag(context.Background(), tag))
	a := &masthead.Article{Headline: "The new ferry", Slug: "the-new-ferry", Status: masthead.StatusPublished,
		PublishedAt: now.Add(-time.Hour), Authors: []*masthead.Author{f.ana}, Tags: []*masthead.Tag{tag}}
	must(t, f.store.CreateArticle(context.Background(), a))
	res := get(t, f.server, "GET", "/tag/ferries/")
	if res.status != 200 || !strings.Contains(text(parse(t, res.body)), "Boats to the islands and back.") {
		t.Errorf("the tag page (%d) does not show the description", res.status)
	}
}
