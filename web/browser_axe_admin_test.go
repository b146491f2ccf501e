package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/content"
)

// TestAdminPagesPassAxe runs axe-core in Chromium over every page of the
// newsroom, signed in as an admin, left to right in English and right to
// left in Arabic, on a wide screen in the light scheme and on a phone in
// the dark one: the newsroom is used by people with screen readers and
// on phones too, in every language the site speaks.
func TestAdminPagesPassAxe(t *testing.T) {
	source := axeSource(t)
	f := newFixture(t)
	sitePages := addPages(t, f)
	story := storyWithEverything(t, f)
	ctx := context.Background()
	draft, err := f.store.FindArticleByID(ctx, f.draft.ID)
	must(t, err)
	draft.BodySource += "\n\nA paragraph added on review."
	must(t, content.PrepareArticle(draft))
	must(t, f.store.UpdateArticle(ctx, draft))
	admin := addStaff(t, f.store, "Ada Admin", masthead.RoleAdmin)
	ts := httptest.NewServer(f.server)
	t.Cleanup(ts.Close)

	b := newBrowserFor(t, 8*time.Minute)
	var failures []string
	check := func(lang string, pages []axePage) {
		for _, page := range pages {
			page.name = lang + " " + page.name
			failures = append(failures, axeCheck(t, b, source, page, "light", 1440)...)
			failures = append(failures, axeCheck(t, b, source, page, "dark", 320)...)
		}
	}
	signedOut := []axePage{{name: "sign-in", url: ts.URL + "/admin/login"}, {name: "forgot password", url: ts.URL + "/admin/forgot"}}
	var signedIn []axePage
	for _, p := range []struct{ name, path string }{
		{"dashboard", "/admin/"},
		{"articles", "/admin/articles"},
		{"new article", "/admin/articles/new"},
		{"editor", fmt.Sprintf("/admin/articles/%d", story.ID)},
		{"revisions", fmt.Sprintf("/admin/articles/%d/revisions", f.draft.ID)},
		{"full preview", fmt.Sprintf("/admin/articles/%d/preview", f.draft.ID)},
		{"pages", "/admin/pages"},
		{"page editor", fmt.Sprintf("/admin/pages/%d", sitePages.team.ID)},
		{"media", "/admin/media"},
		{"comments", "/admin/comments"},
		{"held comments", "/admin/comments?status=pending"},
		{"sections", "/admin/sections"},
		{"menus", "/admin/menus"},
		{"front", "/admin/front"},
		{"redirects", "/admin/redirects"},
		{"staff", "/admin/staff"},
		{"import", "/admin/import"},
		{"settings", "/admin/settings"},
		{"privacy", "/admin/privacy"},
		{"outbox", "/admin/outbox"},
		{"profile", "/admin/profile"},
		{"password", "/admin/password"},
	} {
		signedIn = append(signedIn, axePage{name: p.name, url: ts.URL + p.path})
	}
	for _, lang := range []string{"en", "ar"} {
		setSiteLanguage(t, f.store, lang)
		check(lang, signedOut)
	}
	signInBrowser(t, b, ts.URL+"/admin/", admin.Email)
	for _, lang := range []string{"en", "ar"} {
		setSiteLanguage(t, f.store, lang)
		check(lang, signedIn)
	}
	if len(failures) > 0 {
		sort.Strings(failures)
		t.Errorf("axe-core finds %d violations:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}
