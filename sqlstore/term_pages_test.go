package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/content"
	"masthead/sqlstore"
)

// walksByDate is the sign, in a page's query, that a tag's or author's
// list is found by walking the visible articles in date order and probing
// the link table for each.
func walksByDate(query string) bool {
	return strings.Contains(query, "EXISTS (SELECT 1 FROM article_tags ft") ||
		strings.Contains(query, "EXISTS (SELECT 1 FROM article_authors fa")
}

// TestTermPagesEitherWay checks that a tag's and an author's pages list
// the same articles in the same order whichever way the store finds
// them: by walking the site's visible articles from the newest, when the
// page's articles are a small share of the site's, or from the tag's or
// author's links, when they are not. A scheduled article of the tag and
// author, whose time is still to come, is on neither.
func TestTermPagesEitherWay(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		s := open()
		site := newBulkSite(t, s)
		tag, author := site.articles[0].Tags[0], site.articles[0].Authors[0]
		later := &masthead.Article{Headline: "Next week's ferry timetable", Slug: "next-week", BodySource: "Soon.",
			Status: masthead.StatusScheduled, PublishedAt: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
			Category: site.articles[0].Category, Authors: []*masthead.Author{author}, Tags: []*masthead.Tag{tag}}
		if err := content.PrepareArticle(later); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateArticles(ctx, append(site.articles, later)); err != nil {
			t.Fatal(err)
		}
		all, _, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for name, c := range map[string]struct {
			filter masthead.ArticleFilter
			in     func(a *masthead.Article) bool
		}{
			"tag": {masthead.ArticleFilter{TagID: tag.ID}, func(a *masthead.Article) bool {
				return slices.ContainsFunc(a.Tags, func(x *masthead.Tag) bool { return x.ID == tag.ID })
			}},
			"author": {masthead.ArticleFilter{AuthorID: author.ID}, func(a *masthead.Article) bool {
				return slices.ContainsFunc(a.Authors, func(x *masthead.Author) bool { return x.ID == author.ID })
			}},
		} {
			var want []string
			for _, a := range all {
				if c.in(a) {
					want = append(want, a.Slug)
				}
			}
			if len(want) < 6 {
				t.Fatalf("%s: only %d articles", name, len(want))
			}
			ways := map[bool]int{}
			for _, page := range []struct{ limit, offset int }{{1, 0}, {2, 2}, {3, 1}, {len(want), 0}, {20, 0}, {4, len(want) - 2}} {
				var queries []string
				s.OnQuery = func(q string) { queries = append(queries, q) }
				f := c.filter
				f.Visible, f.WithoutBody, f.Limit, f.Offset = true, true, page.limit, page.offset
				got, total, err := s.FindArticles(ctx, f)
				s.OnQuery = nil
				if err != nil {
					t.Fatal(err)
				}
				byDate := slices.ContainsFunc(queries, walksByDate)
				ways[byDate]++
				var slugs []string
				for _, a := range got {
					slugs = append(slugs, a.Slug)
				}
				end := min(page.offset+page.limit, len(want))
				if w := want[min(page.offset, end):end]; !slices.Equal(slugs, w) || total != len(want) {
					t.Errorf("%s, %d from %d (by date: %v): %q, total %d, want %q, total %d", name, page.limit, page.offset, byDate, slugs, total, w, len(want))
				}
			}
			if ways[true] == 0 || ways[false] == 0 {
				t.Errorf("%s: pages by date %d, by links %d: each way should be taken", name, ways[true], ways[false])
			}
		}
	})
}

// TestTermPageWalkReadsNoList checks the plan of a tag's or author's page
// found by date: the visible articles walked from the newest through
// their index, each probed in the link table by article, never a read of
// every entry of the tag or author (or of the whole archive).
func TestTermPageWalkReadsNoList(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		s := open()
		site := newBulkSite(t, s)
		if err := s.CreateArticles(ctx, site.articles); err != nil {
			t.Fatal(err)
		}
		a := site.articles[0]
		for name, f := range map[string]masthead.ArticleFilter{"tag": {TagID: a.Tags[0].ID}, "author": {AuthorID: a.Authors[0].ID}} {
			var queries []string
			s.OnQuery = func(q string) { queries = append(queries, q) }
			f.Visible, f.WithoutBody, f.Limit = true, true, 1
			if _, _, err := s.FindArticles(ctx, f); err != nil {
				t.Fatal(err)
			}
			s.OnQuery = nil
			i := slices.IndexFunc(queries, walksByDate)
			if i < 0 {
				t.Fatalf("%s: no query walks by date: %q", name, queries)
			}
			plan := queryPlan(t, s, queries[i])
			if s.DialectName() == "postgres" {
				if strings.Contains(plan, "Seq Scan") || strings.Contains(plan, "Sort") || !strings.Contains(plan, "articles_visible") {
					t.Errorf("%s: the page does not walk articles_visible in order:\n%s", name, plan)
				}
				continue
			}
			for _, sign := range []string{"SCAN ", "TEMP B-TREE", "(tag_id=?)", "(author_id=?)"} {
				if strings.Contains(plan, sign) {
					t.Errorf("%s: the page reads the list or sorts (%s):\n%s", name, sign, plan)
				}
			}
			for _, want := range []string{"USING COVERING INDEX articles_visible", fmt.Sprintf("(article_id=? AND %s_id=?)", name)} {
				if !strings.Contains(plan, want) {
					t.Errorf("%s: the plan lacks %q:\n%s", name, want, plan)
				}
			}
		}
	})
}

// TestPageLoadsBindNoKind checks that the lists a page load reads (the
// home page's, a section's, a tag's, an author's, with their totals, the
// section fronts, the pins and an article's related articles) write the
// kind of article into their statements rather than bind it. SQLite's
// planner holds a bound kind against the partial indexes on articles
// (WHERE kind = 'article'), and a statement whose plan looked at a bound
// value is prepared again at every run: the cached statements would be
// parsed and planned anew on every page.
func TestPageLoadsBindNoKind(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		s := open()
		site := newBulkSite(t, s)
		if err := s.CreateArticles(ctx, site.articles); err != nil {
			t.Fatal(err)
		}
		a := site.articles[0]
		var queries []string
		s.OnQuery = func(q string) { queries = append(queries, q) }
		for _, f := range []masthead.ArticleFilter{{}, {CategoryID: a.Category.ID}, {TagID: a.Tags[0].ID}, {AuthorID: a.Authors[0].ID},
			{TagID: a.Tags[0].ID, Limit: 20}, {AuthorID: a.Authors[0].ID, Limit: 20}} {
			f.Visible, f.WithoutBody = true, true
			if f.Limit == 0 {
				f.Limit = 2
			}
			if _, _, err := s.FindArticles(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.FindRelatedCandidates(ctx, []masthead.RelatedList{{SectionID: a.Category.ID}, {TagID: a.Tags[0].ID}}, 20); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindArticleCards(ctx, []int64{a.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindSectionFronts(ctx, []int64{a.Category.ID}, 3); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindPinnedArticles(ctx, 0); err != nil {
			t.Fatal(err)
		}
		s.OnQuery = nil
		kinds := 0
		for _, q := range queries {
			if strings.Contains(q, "kind = ?") {
				t.Errorf("a page load binds the kind of article:\n%s", q)
			}
			if strings.Contains(q, "kind = 'article'") {
				kinds++
			}
		}
		if kinds == 0 {
			t.Errorf("no page load asks for ordinary articles: %q", queries)
		}
	})
}

// TestCardsReadNoBodies checks that the cards of a list and of an
// article's related articles are read on SQLite from articles_card alone,
// never from the rows, where the card's columns sit behind the overflow
// pages of both bodies: a plan that reads the row means a card column the
// index lacks.
func TestCardsReadNoBodies(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		s := open()
		if s.DialectName() == "postgres" {
			t.Skip("PostgreSQL keeps long bodies apart from the row")
		}
		site := newBulkSite(t, s)
		if err := s.CreateArticles(ctx, site.articles); err != nil {
			t.Fatal(err)
		}
		var queries []string
		s.OnQuery = func(q string) { queries = append(queries, q) }
		list, _, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, WithoutBody: true, Limit: 4})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindArticleCards(ctx, []int64{site.articles[0].ID, site.articles[1].ID}); err != nil {
			t.Fatal(err)
		}
		s.OnQuery = nil
		if len(list) == 0 {
			t.Fatal("the list is empty")
		}
		cards := 0
		for _, q := range queries {
			if !strings.Contains(q, "a.slug, a.headline") {
				continue
			}
			cards++
			if plan := queryPlan(t, s, q); !strings.Contains(plan, "USING COVERING INDEX articles_card") {
				t.Errorf("a card is read from the row:\n%s\n%s", q, plan)
			}
		}
		if cards != 2 {
			t.Errorf("%d statements read cards, want 2 (the list's, the related articles'): %q", cards, queries)
		}
	})
}
