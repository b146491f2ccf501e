package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"masthead"
)

// checkListTotals checks that the total FindArticles gives each list
// readers page through (the site, every section, tag and author of the
// test) is the number of visible articles in it, counted one by one from
// the same list read whole with a condition that no kept length answers.
func checkListTotals(t *testing.T, s masthead.Store, step string, lists map[string]masthead.ArticleFilter) {
	t.Helper()
	ctx := context.Background()
	for name, f := range lists {
		f.Visible, f.WithoutBody, f.Limit = true, true, 1
		_, got, err := s.FindArticles(ctx, f)
		if err != nil {
			t.Fatalf("%s: %s: %v", step, name, err)
		}
		all := f
		all.Limit = 500
		all.PublishedBefore = time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC)
		articles, want, err := s.FindArticles(ctx, all)
		if err != nil {
			t.Fatalf("%s: %s: %v", step, name, err)
		}
		if want != len(articles) {
			t.Fatalf("%s: %s: the counted total is %d for %d articles", step, name, want, len(articles))
		}
		if got != want {
			t.Errorf("%s: %s: total %d, want %d", step, name, got, want)
		}
	}
}

// testListTotals follows the totals of the home page's, sections', tags'
// and authors' lists through every write that moves an article in or out
// of them: creating articles alone and in batches, publishing, scheduling
// and the schedule coming due, unpublishing, moving sections, changing
// tags and bylines, corrections, pages (which no list shows) and articles
// published with a time still to come.
func testListTotals(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana, ben := mustAuthor(t, s, "Ana Lima"), mustAuthor(t, s, "Ben Okafor")
	harbour, council := mustCategory(t, s, "Harbour"), mustCategory(t, s, "Council")
	ferries, tides := mustTag(t, s, "Ferries"), mustTag(t, s, "Tides")
	lists := map[string]masthead.ArticleFilter{
		"home":              {},
		"section harbour":   {CategoryID: harbour.ID},
		"section council":   {CategoryID: council.ID},
		"tag ferries":       {TagID: ferries.ID},
		"tag tides":         {TagID: tides.ID},
		"author ana":        {AuthorID: ana.ID},
		"author ben":        {AuthorID: ben.ID},
		"a section unknown": {CategoryID: 999999},
	}
	check := func(step string) { t.Helper(); checkListTotals(t, s, step, lists) }
	check("empty site")

	a := newArticle("Ferry fares rise", Epoch.Add(-48*time.Hour), ana)
	a.Category, a.Tags = harbour, []*masthead.Tag{ferries}
	mustArticle(t, s, a)
	check("one article")

	var batch []*masthead.Article
	for i := range 5 {
		b := newArticle(fmt.Sprintf("Tide tables %d", i), Epoch.Add(-time.Duration(i+1)*time.Hour), ana, ben)
		b.Category, b.Tags = council, []*masthead.Tag{tides, ferries}
		if i == 4 {
			b.Status = masthead.StatusDraft
		}
		batch = append(batch, b)
	}
	if err := s.CreateArticles(ctx, batch); err != nil {
		t.Fatal(err)
	}
	check("a batch with a draft")

	page := newArticle("About us", Epoch.Add(-time.Hour), ana)
	page.Kind, page.Category = masthead.KindPage, harbour
	mustArticle(t, s, page)
	check("a page")

	future := newArticle("Dated tomorrow", Epoch.Add(24*time.Hour), ben)
	future.Category, future.Tags = harbour, []*masthead.Tag{tides}
	mustArticle(t, s, future)
	check("published with a time to come")

	scheduled := newArticle("Embargoed report", Epoch.Add(time.Hour), ben)
	scheduled.Status, scheduled.Category, scheduled.Tags = masthead.StatusScheduled, council, []*masthead.Tag{ferries}
	mustArticle(t, s, scheduled)
	check("scheduled")

	// Moves: another section, other tags, another byline, then out.
	moved := batch[0]
	moved.Category, moved.Tags, moved.Authors = harbour, []*masthead.Tag{tides}, []*masthead.Author{ben}
	if err := s.UpdateArticle(ctx, moved); err != nil {
		t.Fatal(err)
	}
	check("section, tags and byline changed")
	moved.Category, moved.Tags = nil, nil
	if err := s.UpdateArticle(ctx, moved); err != nil {
		t.Fatal(err)
	}
	check("section and tags removed")
	unpublished := batch[1]
	unpublished.Status = masthead.StatusDraft
	if err := s.UpdateArticle(ctx, unpublished); err != nil {
		t.Fatal(err)
	}
	check("unpublished")
	draft := batch[4]
	draft.Status, draft.PublishedAt = masthead.StatusPublished, Epoch
	if err := s.UpdateArticle(ctx, draft); err != nil {
		t.Fatal(err)
	}
	check("a draft published")
	if err := s.AddCorrection(ctx, &masthead.Correction{ArticleID: draft.ID, Kind: masthead.CorrectionKind,
		Text: "An earlier version misspelt the harbour master's name.", AuthorID: ana.ID}); err != nil {
		t.Fatal(err)
	}
	check("a correction")
	page.Category = council
	if err := s.UpdateArticle(ctx, page); err != nil {
		t.Fatal(err)
	}
	check("a page moved")

	// The schedule comes due, then the future date passes.
	clk.now = Epoch.Add(2 * time.Hour)
	check("time passed, the schedule not yet run")
	if n, err := s.PublishDueArticles(ctx); err != nil || n != 1 {
		t.Fatalf("publish due: %d, %v", n, err)
	}
	check("the schedule came due")
	clk.now = Epoch.Add(25 * time.Hour)
	check("the future date passed")
	scheduled.Revision = 0
	stored, err := s.FindArticleByID(ctx, scheduled.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored.Status = masthead.StatusDraft
	if err := s.UpdateArticle(ctx, stored); err != nil {
		t.Fatal(err)
	}
	check("unpublished after it came due")
}
