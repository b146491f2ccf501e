package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead"
)

// menuShape is what a test compares of a stored menu: labels, targets as
// they stand now, and nesting.
type menuShape struct {
	Label    string
	Kind     masthead.MenuTargetKind
	Target   string // the section's slug, the article's headline and status, or the address
	Children []menuShape
}

func shapeOf(items []*masthead.MenuItem) []menuShape {
	var out []menuShape
	for _, it := range items {
		s := menuShape{Label: it.Label, Kind: it.Kind, Children: shapeOf(it.Children)}
		switch {
		case it.Section != nil:
			s.Target = it.Section.Slug
		case it.Article != nil:
			s.Target = it.Article.Headline + " (" + string(it.Article.Status) + ")"
		default:
			s.Target = it.URL
		}
		out = append(out, s)
	}
	return out
}

func testMenus(t *testing.T, open Opener) {
	ctx := context.Background()
	s, _ := newStore(t, open)
	ben := mustAuthor(t, s, "Ben Ortiz")
	local := mustCategory(t, s, "Local")
	sport := mustCategory(t, s, "Sport")
	about := mustArticle(t, s, newArticle("About the Observer", Epoch.Add(-time.Hour), ben))
	draft := newArticle("Our team", time.Time{}, ben)
	draft.Status = masthead.StatusDraft
	mustArticle(t, s, draft)

	for _, loc := range masthead.MenuLocations {
		if _, err := s.FindMenu(ctx, loc); masthead.ErrorCode(err) != masthead.ENOTFOUND {
			t.Fatalf("the %s menu of a new site: %v, want ENOTFOUND", loc, err)
		}
	}
	_, err := s.FindMenu(ctx, "sidebar")
	wantCode(t, err, masthead.EINVALID)

	header := &masthead.Menu{Location: masthead.MenuHeader, Items: []*masthead.MenuItem{
		{Label: "Local news", Kind: masthead.TargetSection, SectionID: local.ID},
		{Label: "About", Kind: masthead.TargetArticle, ArticleID: about.ID, ExternalID: "wp-12", Children: []*masthead.MenuItem{
			{Label: "Team", Kind: masthead.TargetArticle, ArticleID: draft.ID},
			{Label: "Jobs", Kind: masthead.TargetURL, URL: "https://jobs.example.org/"},
		}},
		{Label: "Sport", Kind: masthead.TargetSection, SectionID: sport.ID},
	}}
	if err := s.SaveMenu(ctx, header); err != nil {
		t.Fatal(err)
	}
	if !header.UpdatedAt.Equal(Epoch) {
		t.Errorf("UpdatedAt = %v, want %v", header.UpdatedAt, Epoch)
	}
	header.Walk(func(n int, it *masthead.MenuItem, _ *masthead.MenuItem) {
		if it.ID == 0 {
			t.Errorf("item %d (%s) has no id", n, it.Label)
		}
	})
	footer := &masthead.Menu{Location: masthead.MenuFooter, Items: []*masthead.MenuItem{
		{Label: "Contact", Kind: masthead.TargetURL, URL: "/contact/"},
	}}
	if err := s.SaveMenu(ctx, footer); err != nil {
		t.Fatal(err)
	}

	wantHeader := []menuShape{
		{"Local news", masthead.TargetSection, "local", nil},
		{"About", masthead.TargetArticle, "About the Observer (published)", []menuShape{
			{"Team", masthead.TargetArticle, "Our team (draft)", nil},
			{"Jobs", masthead.TargetURL, "https://jobs.example.org/", nil},
		}},
		{"Sport", masthead.TargetSection, "sport", nil},
	}
	check := func(what string, loc masthead.MenuLocation, want []menuShape) *masthead.Menu {
		t.Helper()
		got, err := s.FindMenu(ctx, loc)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if diff := cmp.Diff(want, shapeOf(got.Items)); diff != "" {
			t.Fatalf("%s: the %s menu (-want +got):\n%s", what, loc, diff)
		}
		return got
	}
	got := check("saved", masthead.MenuHeader, wantHeader)
	all, err := s.FindMenus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || cmp.Diff(wantHeader, shapeOf(all[masthead.MenuHeader].Items)) != "" || len(all[masthead.MenuFooter].Items) != 1 {
		t.Errorf("FindMenus = %v", all)
	}
	check("saved", masthead.MenuFooter, []menuShape{{"Contact", masthead.TargetURL, "/contact/", nil}})
	if !got.UpdatedAt.Equal(Epoch) || got.Location != masthead.MenuHeader {
		t.Errorf("the stored menu: location %q, updated %v", got.Location, got.UpdatedAt)
	}
	if it := got.Items[1]; it.ExternalID != "wp-12" || it.ArticleID != about.ID || it.ID != header.Items[1].ID {
		t.Errorf("the stored item: id %d (want %d), article %d, external id %q", it.ID, header.Items[1].ID, it.ArticleID, it.ExternalID)
	}
	if a := got.Items[1].Article; a.Slug != about.Slug || !a.PublishedAt.Equal(about.PublishedAt) || a.BodyHTML != "" {
		t.Errorf("the item's article: slug %q, published %v, body %q", a.Slug, a.PublishedAt, a.BodyHTML)
	}
	if href := got.Items[1].Href(Epoch, time.UTC); href != about.Path(time.UTC) {
		t.Errorf("the item leads to %q, want %q", href, about.Path(time.UTC))
	}

	// Targets are read as they stand: a renamed section, an unpublished page.
	sport.Slug = "sports"
	if err := s.UpdateCategory(ctx, sport); err != nil {
		t.Fatal(err)
	}
	about.Status = masthead.StatusDraft
	if err := s.UpdateArticle(ctx, about); err != nil {
		t.Fatal(err)
	}
	wantHeader[1].Target = "About the Observer (draft)"
	wantHeader[2].Target = "sports"
	check("after the targets changed", masthead.MenuHeader, wantHeader)

	// A refused save changes nothing: not a bad field, not a missing target.
	bad := &masthead.Menu{Location: masthead.MenuHeader, Items: []*masthead.MenuItem{
		{Label: "Fine", Kind: masthead.TargetURL, URL: "/fine/"},
		{Label: "Script", Kind: masthead.TargetURL, URL: "javascript:alert(1)"},
	}}
	err = s.SaveMenu(ctx, bad)
	wantCode(t, err, masthead.EINVALID)
	if f := masthead.ErrorField(err); f != "items.1.url" {
		t.Errorf("the unsafe address: field %q", f)
	}
	missing := &masthead.Menu{Location: masthead.MenuHeader, Items: []*masthead.MenuItem{
		{Label: "Fine", Kind: masthead.TargetURL, URL: "/fine/", Children: []*masthead.MenuItem{
			{Label: "No section", Kind: masthead.TargetSection, SectionID: sport.ID + 100},
		}},
		{Label: "No article", Kind: masthead.TargetArticle, ArticleID: draft.ID + 100},
	}}
	err = s.SaveMenu(ctx, missing)
	wantCode(t, err, masthead.EINVALID)
	var problems masthead.Problems
	var fields []string
	errors.As(err, &problems)
	for _, p := range problems {
		fields = append(fields, p.Field)
	}
	if diff := cmp.Diff([]string{"items.1.section", "items.2.article"}, fields); diff != "" {
		t.Errorf("missing targets: fields (-want +got):\n%s", diff)
	}
	check("after refused saves", masthead.MenuHeader, wantHeader)

	// A save replaces the whole menu, and leaves the other location alone.
	replaced := &masthead.Menu{Location: masthead.MenuHeader, Items: []*masthead.MenuItem{
		{Label: "Home page", Kind: masthead.TargetURL, URL: "/"},
	}}
	if err := s.SaveMenu(ctx, replaced); err != nil {
		t.Fatal(err)
	}
	check("replaced", masthead.MenuHeader, []menuShape{{"Home page", masthead.TargetURL, "/", nil}})
	check("the other location", masthead.MenuFooter, []menuShape{{"Contact", masthead.TargetURL, "/contact/", nil}})

	// An empty menu is no menu: the location shows its default again.
	if err := s.SaveMenu(ctx, &masthead.Menu{Location: masthead.MenuHeader}); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindMenu(ctx, masthead.MenuHeader)
	wantCode(t, err, masthead.ENOTFOUND)
	if all, err := s.FindMenus(ctx); err != nil || len(all) != 1 || all[masthead.MenuFooter] == nil {
		t.Errorf("FindMenus after the header was emptied = %v, %v", all, err)
	}
	check("after the header was emptied", masthead.MenuFooter, []menuShape{{"Contact", masthead.TargetURL, "/contact/", nil}})
}
