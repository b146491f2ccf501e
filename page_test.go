package masthead

import (
	"slices"
	"testing"
	"time"
)

func TestReservedPageSlug(t *testing.T) {
	for _, slug := range []string{"admin", "feed", "wp-login", "xmlrpc", "2026", "1999", "0000", "sitemaps", "robots"} {
		if !ReservedPageSlug(slug) {
			t.Errorf("ReservedPageSlug(%q) = false, want true", slug)
		}
	}
	for _, slug := range []string{"about", "contact", "feeds", "202", "20261", "2o26", "team"} {
		if ReservedPageSlug(slug) {
			t.Errorf("ReservedPageSlug(%q) = true, want false", slug)
		}
	}
}

func TestPagePathSlugs(t *testing.T) {
	tests := []struct {
		path string
		want []string
	}{
		{"/about/", []string{"about"}},
		{"/about/team/", []string{"about", "team"}},
		{"/contact/feed/", []string{"contact", "feed"}}, // only the top level is the site's
		{"/", nil},
		{"/about", nil},
		{"about/", nil},
		{"/feed/", nil},
		{"/2026/about/", nil},
		{"/About/", nil},
		{"/a//b/", nil},
		{"/robots.txt/", nil},
		{"/a/b/c/d/e/f/g/h/", []string{"a", "b", "c", "d", "e", "f", "g", "h"}},
		{"/a/b/c/d/e/f/g/h/i/", nil}, // deeper than MaxPageDepth
	}
	for _, tt := range tests {
		got, ok := PagePathSlugs(tt.path)
		if ok != (tt.want != nil) || !slices.Equal(got, tt.want) {
			t.Errorf("PagePathSlugs(%q) = %q, %v; want %q", tt.path, got, ok, tt.want)
		}
	}
}

func TestPagePath(t *testing.T) {
	published := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		a    Article
		want string
	}{
		{Article{Slug: "about", Kind: KindPage, PublishedAt: published}, "/about/"},
		{Article{Slug: "team", Kind: KindPage, ParentID: 4, ParentPath: "/about/"}, "/about/team/"},
		{Article{Slug: "team", Kind: KindPage, ParentPath: "/about/"}, "/team/"}, // a parent path left from before a move to the top
		{Article{Slug: "ferry", PublishedAt: published}, "/2026/03/14/ferry/"},
		{Article{Slug: "ferry", Kind: KindArticle, PublishedAt: published}, "/2026/03/14/ferry/"},
	}
	for _, tt := range tests {
		if got := tt.a.Path(time.UTC); got != tt.want {
			t.Errorf("Path of %+v = %q, want %q", tt.a, got, tt.want)
		}
	}
}

func TestValidatePage(t *testing.T) {
	valid := func() *Article {
		return &Article{ID: 7, Kind: KindPage, Slug: "about", Headline: "About us", Status: StatusDraft, Authors: []*Author{{ID: 1}}}
	}
	if err := valid().Validate(); err != nil {
		t.Fatalf("a valid page: %v", err)
	}
	tests := []struct {
		name         string
		change       func(a *Article)
		field, words string
	}{
		{"a reserved top-level slug", func(a *Article) { a.Slug = "feed" }, "slug", "The address /feed/ is used by the site; choose another."},
		{"a year", func(a *Article) { a.Slug = "2026" }, "slug", "The address /2026/ is used by the site; choose another."},
		{"its own parent", func(a *Article) { a.ParentID = a.ID }, "parent", "A page cannot be its own parent."},
		{"an article with a parent", func(a *Article) { a.Kind, a.ParentID = KindArticle, 3 }, "parent", "Only a page can sit under a parent page."},
		{"an unknown kind", func(a *Article) { a.Kind = "post" }, "kind", `"post" is not a kind of article.`},
	}
	for _, tt := range tests {
		a := valid()
		tt.change(a)
		err := a.Validate()
		if ErrorCode(err) != EINVALID || ErrorField(err) != tt.field || ErrorMessage(err) != tt.words {
			t.Errorf("%s: %v (field %q), want %q for %q", tt.name, err, ErrorField(err), tt.words, tt.field)
		}
	}
	// Below the top level the site's prefixes are a page's to take, and an
	// ordinary article may be called anything.
	for _, a := range []*Article{
		{ID: 8, Kind: KindPage, ParentID: 7, Slug: "feed", Headline: "Our feeds", Status: StatusDraft, Authors: []*Author{{ID: 1}}},
		{Slug: "feed", Headline: "Feed prices rise", Status: StatusDraft, Authors: []*Author{{ID: 1}}},
	} {
		if err := a.Validate(); err != nil {
			t.Errorf("%s: %v", a.Headline, err)
		}
	}
}

// TestPagePermissions: pages speak for the site, so only editors and admins
// write, edit and publish them, even a page a contributor is credited on.
func TestPagePermissions(t *testing.T) {
	for _, role := range []Role{RoleContributor, RoleAuthor, RoleEditor, RoleAdmin} {
		u := &Author{ID: 1, Role: role}
		own := &Article{Kind: KindPage, Status: StatusDraft, CreatedBy: u.ID, Authors: []*Author{u}}
		want := role == RoleEditor || role == RoleAdmin
		if got := CanEditPages(u); got != want {
			t.Errorf("CanEditPages(%s) = %v, want %v", role, got, want)
		}
		if got := CanEditArticle(u, own); got != want {
			t.Errorf("%s editing their own page: %v, want %v", role, got, want)
		}
		if got := CanPublishArticle(u, own); got != want {
			t.Errorf("%s publishing their own page: %v, want %v", role, got, want)
		}
		for _, stored := range []*Article{nil, own} {
			err := CheckPageAction(u, stored, ActionSave)
			if got := err == nil; got != want {
				t.Errorf("%s saving a page (stored %v): %v, want allowed=%v", role, stored != nil, err, want)
			} else if !want && ErrorCode(err) != EFORBIDDEN {
				t.Errorf("%s saving a page: code %q, want EFORBIDDEN", role, ErrorCode(err))
			}
		}
	}
	if err := CheckPageAction(nil, nil, ActionSave); ErrorCode(err) != EUNAUTHORIZED {
		t.Errorf("nobody saving a page: %v, want EUNAUTHORIZED", err)
	}
	editor := &Author{ID: 1, Role: RoleEditor}
	published := &Article{Kind: KindPage, Status: StatusPublished}
	if err := CheckPageAction(editor, published, ActionSubmit); ErrorCode(err) != ECONFLICT {
		t.Errorf("submitting a published page: %v, want the workflow's ECONFLICT", err)
	}
}
