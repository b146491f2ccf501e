package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"masthead"
)

// pinnedHeadlines returns the headlines readers see pinned to a list now.
func pinnedHeadlines(t *testing.T, s masthead.Store, sectionID int64) []string {
	t.Helper()
	articles, err := s.FindPinnedArticles(context.Background(), sectionID)
	if err != nil {
		t.Fatalf("FindPinnedArticles(%d): %v", sectionID, err)
	}
	for _, a := range articles {
		if a.BodySource != "" || a.BodyHTML != "" {
			t.Errorf("pinned article %q comes with its body; lists show excerpts", a.Headline)
		}
	}
	return headlines(articles)
}

func wantPinned(t *testing.T, s masthead.Store, sectionID int64, want ...string) {
	t.Helper()
	if diff := cmp.Diff(want, pinnedHeadlines(t, s, sectionID), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("pinned to list %d (-want +got):\n%s", sectionID, diff)
	}
}

func mustPin(t *testing.T, s masthead.Store, p *masthead.Pin) *masthead.Pin {
	t.Helper()
	if err := s.AddPin(context.Background(), p); err != nil {
		t.Fatalf("pin article %d to list %d: %v", p.ArticleID, p.SectionID, err)
	}
	return p
}

func testPins(t *testing.T, open Opener) {
	ctx := context.Background()
	s, clock := newStore(t, open)
	changes := recordChanges(t, s)
	ben := mustAuthor(t, s, "Ben Ortiz")
	local := mustCategory(t, s, "Local")
	sport := mustCategory(t, s, "Sport")
	article := func(headline string, age time.Duration, section *masthead.Category) *masthead.Article {
		a := newArticle(headline, Epoch.Add(-age), ben)
		a.Category = section
		return mustArticle(t, s, a)
	}
	flood := article("Flood warning", 3*time.Hour, local)
	council := article("Council vote", 2*time.Hour, local)
	derby := article("Derby day", time.Hour, sport)

	wantPinned(t, s, 0)
	var home1, home2 *masthead.Pin
	changes.expect(t, "pin to the home page", func() error {
		home1 = &masthead.Pin{ArticleID: flood.ID, CreatedBy: ben.ID}
		return s.AddPin(ctx, home1)
	}, masthead.KeyHomePins)
	if home1.ID == 0 || home1.Position != 1 || !home1.CreatedAt.Equal(Epoch) {
		t.Errorf("the first pin: id %d, position %d, created %v; want an id, position 1 and the clock's time", home1.ID, home1.Position, home1.CreatedAt)
	}
	home2 = mustPin(t, s, &masthead.Pin{ArticleID: derby.ID})
	if home2.Position != 2 {
		t.Errorf("the second pin has position %d, want 2", home2.Position)
	}
	changes.expect(t, "pin to a section", func() error {
		return s.AddPin(ctx, &masthead.Pin{SectionID: local.ID, ArticleID: council.ID, ExpiresAt: Epoch.Add(time.Hour)})
	}, masthead.SectionPinsKey(local.ID))
	mustPin(t, s, &masthead.Pin{SectionID: local.ID, ArticleID: flood.ID})
	// Pins survive new articles: the list keeps leading with them.
	article("Breaking: bridge closed", 0, local)
	wantPinned(t, s, 0, "Flood warning", "Derby day")
	wantPinned(t, s, local.ID, "Council vote", "Flood warning")
	wantPinned(t, s, sport.ID)

	// What cannot be pinned.
	draft := newArticle("Unfinished", time.Time{}, ben)
	draft.Status = masthead.StatusDraft
	mustArticle(t, s, draft)
	page := newArticle("About us", Epoch.Add(-time.Hour), ben)
	page.Kind = masthead.KindPage
	mustArticle(t, s, page)
	refused := []struct {
		name  string
		pin   masthead.Pin
		code  string
		field string
	}{
		{"a draft", masthead.Pin{ArticleID: draft.ID}, masthead.EINVALID, "article"},
		{"a page", masthead.Pin{ArticleID: page.ID}, masthead.EINVALID, "article"},
		{"an article of another section", masthead.Pin{SectionID: sport.ID, ArticleID: flood.ID}, masthead.EINVALID, "article"},
		{"no article", masthead.Pin{ArticleID: 99999}, masthead.EINVALID, "article"},
		{"no section", masthead.Pin{SectionID: 99999, ArticleID: flood.ID}, masthead.EINVALID, "section"},
		{"an expiry that has passed", masthead.Pin{ArticleID: council.ID, ExpiresAt: Epoch}, masthead.EINVALID, "expires"},
		{"an article pinned there already", masthead.Pin{ArticleID: flood.ID}, masthead.ECONFLICT, "article"},
	}
	for _, tt := range refused {
		changes.expectRefused(t, "pin "+tt.name, tt.code, func() error {
			err := s.AddPin(ctx, &tt.pin)
			if f := masthead.ErrorField(err); f != tt.field {
				t.Errorf("pin %s: field %q (%v), want %q", tt.name, f, err, tt.field)
			}
			return err
		})
	}

	// Reordering moves one pin and renumbers the rest.
	changes.expect(t, "move a pin up", func() error {
		return s.UpdatePin(ctx, &masthead.Pin{ID: home2.ID, Position: 1})
	}, masthead.KeyHomePins)
	wantPinned(t, s, 0, "Derby day", "Flood warning")
	if err := s.UpdatePin(ctx, &masthead.Pin{ID: home2.ID, Position: 99}); err != nil {
		t.Fatal(err)
	}
	wantPinned(t, s, 0, "Flood warning", "Derby day")
	wantCode(t, s.UpdatePin(ctx, &masthead.Pin{ID: home2.ID, Position: 1, ExpiresAt: Epoch.Add(-time.Minute)}), masthead.EINVALID)
	wantCode(t, s.UpdatePin(ctx, &masthead.Pin{ID: 99999, Position: 1}), masthead.ENOTFOUND)

	pins, err := s.FindPins(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Section  int64
		Position int
		Headline string
		Expires  time.Time
	}
	var got []row
	for _, p := range pins {
		got = append(got, row{p.SectionID, p.Position, p.Article.Headline, p.ExpiresAt})
	}
	want := []row{
		{0, 1, "Flood warning", time.Time{}}, {0, 2, "Derby day", time.Time{}},
		{local.ID, 1, "Council vote", Epoch.Add(time.Hour)}, {local.ID, 2, "Flood warning", time.Time{}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FindPins (-want +got):\n%s", diff)
	}

	// An article readers may not see, or that left the section, falls back
	// silently; its pin stays, and shows again when the article does.
	council.Status = masthead.StatusDraft
	if err := s.UpdateArticle(ctx, council); err != nil {
		t.Fatal(err)
	}
	wantPinned(t, s, local.ID, "Flood warning")
	flood.Category = sport
	if err := s.UpdateArticle(ctx, flood); err != nil {
		t.Fatal(err)
	}
	wantPinned(t, s, local.ID)
	wantPinned(t, s, 0, "Flood warning", "Derby day")
	council.Status = masthead.StatusPublished
	if err := s.UpdateArticle(ctx, council); err != nil {
		t.Fatal(err)
	}
	wantPinned(t, s, local.ID, "Council vote")

	// A scheduled article may be pinned: it leads from its publish time.
	later := newArticle("Results at nine", Epoch.Add(30*time.Minute), ben)
	later.Status = masthead.StatusScheduled
	mustArticle(t, s, later)
	mustPin(t, s, &masthead.Pin{ArticleID: later.ID})
	wantPinned(t, s, 0, "Flood warning", "Derby day")

	// Expiry: the pin stops showing at once, and the job removes it and
	// says which list it left.
	clock.now = Epoch.Add(45 * time.Minute)
	wantPinned(t, s, local.ID, "Council vote")
	if _, err := s.PublishDueArticles(ctx); err != nil {
		t.Fatal(err)
	}
	wantPinned(t, s, 0, "Flood warning", "Derby day", "Results at nine")
	changes.expect(t, "expire nothing", func() error {
		n, err := s.ExpireCuration(ctx)
		if n != 0 {
			t.Errorf("ExpireCuration ended %d before any expiry, want 0", n)
		}
		return err
	})
	clock.now = Epoch.Add(time.Hour)
	wantPinned(t, s, local.ID)
	changes.expect(t, "expire a section's pin", func() error {
		n, err := s.ExpireCuration(ctx)
		if n != 1 {
			t.Errorf("ExpireCuration ended %d, want 1", n)
		}
		return err
	}, masthead.SectionPinsKey(local.ID))
	if pins, err = s.FindPins(ctx); err != nil || len(pins) != 4 {
		t.Fatalf("FindPins after the expiry: %d pins, %v; want the home page's 3 and the moved article's", len(pins), err)
	}

	changes.expect(t, "unpin", func() error { return s.DeletePin(ctx, home1.ID) }, masthead.KeyHomePins)
	wantPinned(t, s, 0, "Derby day", "Results at nine")
	wantCode(t, s.DeletePin(ctx, home1.ID), masthead.ENOTFOUND)

	// A list is bounded.
	for i := range masthead.MaxPins {
		a := article(fmt.Sprintf("Sport story %d", i), time.Duration(i)*time.Minute, sport)
		mustPin(t, s, &masthead.Pin{SectionID: sport.ID, ArticleID: a.ID})
	}
	extra := article("One too many", 0, sport)
	wantCode(t, s.AddPin(ctx, &masthead.Pin{SectionID: sport.ID, ArticleID: extra.ID}), masthead.ECONFLICT)
}

// testPinnedListPages checks that a list leading with pins can be paged
// without losing or repeating an article: the date order leaves out the
// pinned ones, and the count with it.
func testPinnedListPages(t *testing.T, open Opener) {
	ctx := context.Background()
	s, _ := newStore(t, open)
	ben := mustAuthor(t, s, "Ben Ortiz")
	var all []*masthead.Article
	for i := range 7 {
		all = append(all, mustArticle(t, s, newArticle(fmt.Sprintf("Story %d", i), Epoch.Add(-time.Duration(i)*time.Hour), ben)))
	}
	exclude := []int64{all[2].ID, all[5].ID}
	got, total, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, ExcludeIDs: exclude, Limit: 3, Offset: 3})
	if err != nil {
		t.Fatal(err)
	}
	if total != 5 {
		t.Errorf("total without two articles = %d, want 5", total)
	}
	if diff := cmp.Diff([]string{"Story 4", "Story 6"}, headlines(got)); diff != "" {
		t.Errorf("second page without stories 2 and 5 (-want +got):\n%s", diff)
	}
}

func testBreaking(t *testing.T, open Opener) {
	ctx := context.Background()
	s, clock := newStore(t, open)
	changes := recordChanges(t, s)
	site, err := s.FindSite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if site.Breaking != (masthead.Breaking{}) {
		t.Errorf("a new site's breaking strip is %+v, want off", site.Breaking)
	}
	strip := masthead.Breaking{Text: "Polls have closed", URL: "/2026/03/14/results/", ExpiresAt: Epoch.Add(2 * time.Hour)}
	changes.expect(t, "switch the strip on", func() error { return s.SaveBreaking(ctx, strip) }, masthead.KeyAll)
	// Saving the settings leaves the strip as it is.
	site.Title = "The Observer"
	if err := s.UpdateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	if site, err = s.FindSite(ctx); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strip, site.Breaking); diff != "" {
		t.Errorf("the stored strip (-want +got):\n%s", diff)
	}
	changes.expectRefused(t, "a strip without an address", masthead.EINVALID, func() error {
		return s.SaveBreaking(ctx, masthead.Breaking{Text: "Fire downtown"})
	})
	changes.expectRefused(t, "a strip leading to script", masthead.EINVALID, func() error {
		return s.SaveBreaking(ctx, masthead.Breaking{Text: "Fire downtown", URL: "javascript:alert(1)"})
	})

	clock.now = Epoch.Add(time.Hour)
	changes.expect(t, "expire nothing yet", func() error { _, err := s.ExpireCuration(ctx); return err })
	clock.now = Epoch.Add(2 * time.Hour)
	changes.expect(t, "expire the strip", func() error {
		n, err := s.ExpireCuration(ctx)
		if n != 1 {
			t.Errorf("ExpireCuration ended %d, want the strip", n)
		}
		return err
	}, masthead.KeyAll)
	if site, err = s.FindSite(ctx); err != nil {
		t.Fatal(err)
	}
	if site.Breaking.On(clock.now) || site.Breaking.Text != "" {
		t.Errorf("the strip after its expiry: %+v, want off", site.Breaking)
	}

	// Switching it off is saving it without text.
	if err := s.SaveBreaking(ctx, masthead.Breaking{Text: "Storm warning", URL: "https://weather.example/"}); err != nil {
		t.Fatal(err)
	}
	changes.expect(t, "switch the strip off", func() error { return s.SaveBreaking(ctx, masthead.Breaking{}) }, masthead.KeyAll)
	if site, err = s.FindSite(ctx); err != nil || site.Breaking.On(clock.now) {
		t.Errorf("the strip switched off: %+v, %v", site.Breaking, err)
	}
}
