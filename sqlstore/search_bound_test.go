package sqlstore_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead"
	"masthead/content"
	"masthead/sqlstore"
)

// TestSearchBoundsCommonWords checks that a word in more articles than a
// search ranks gives the newest of its matches, ranked among themselves,
// while a rarer word's matches are all ranked, the oldest among them too.
func TestSearchBoundsCommonWords(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		s := open()
		sqlstore.SetSearchRanked(t, 4)
		au := &masthead.Author{Name: "Ana", Slug: "ana", Role: masthead.RoleAuthor, Email: "ana@example.org"}
		if err := s.CreateAuthor(ctx, au); err != nil {
			t.Fatal(err)
		}
		published := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
		var articles []*masthead.Article
		for i := range 10 {
			a := &masthead.Article{Headline: fmt.Sprintf("Report %d", i), Slug: fmt.Sprintf("report-%d", i),
				BodySource: "News from the quay.", Status: masthead.StatusPublished, PublishedAt: published.Add(time.Duration(i) * time.Hour),
				Authors: []*masthead.Author{au}}
			switch i {
			case 0:
				a.Headline = "Lighthouse news" // rare, and the oldest
			case 1:
				a.BodySource += " The lighthouse keeper retires."
			case 7:
				a.Headline = "News in brief" // the word in the headline ranks first
			}
			if err := content.PrepareArticle(a); err != nil {
				t.Fatal(err)
			}
			articles = append(articles, a)
		}
		if err := s.CreateArticles(ctx, articles); err != nil {
			t.Fatal(err)
		}
		ids := func(hits []masthead.SearchHit) []int64 { return hitIDs(hits) }

		hits, total, err := s.SearchArticles(ctx, "news", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		newest := []int64{articles[7].ID, articles[9].ID, articles[8].ID, articles[6].ID}
		if total != 4 || !cmp.Equal(ids(hits), newest) {
			t.Errorf("news: %v of %d, want the four newest ranked, %v of 4", ids(hits), total, newest)
		}
		if page, _, err := s.SearchArticles(ctx, "news", 2, 2); err != nil || !cmp.Equal(ids(page), newest[2:]) {
			t.Errorf("news, second page: %v (%v), want %v", ids(page), err, newest[2:])
		}
		hits, total, err = s.SearchArticles(ctx, "lighthouse", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int64{articles[0].ID, articles[1].ID}; total != 2 || !cmp.Equal(ids(hits), want) {
			t.Errorf("lighthouse: %v of %d, want %v ranked", ids(hits), total, want)
		}
	})
}

// TestSearchBoundPlans checks on SQLite that a common word's newest
// matches are read from the full-text index in its order, newest id first
// and cut short, and that the ranking reads those matches alone.
func TestSearchBoundPlans(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		s := open()
		if s.DialectName() != "sqlite" {
			t.Skip("PostgreSQL's plans depend on its statistics; BENCHMARKS.md measures them")
		}
		sqlstore.SetSearchRanked(t, 2)
		site := newBulkSite(t, s)
		if err := s.CreateArticles(ctx, site.articles); err != nil {
			t.Fatal(err)
		}
		var queries []string
		s.OnQuery = func(q string) { queries = append(queries, q) }
		if _, total, err := s.SearchArticles(ctx, "ferry", 10, 0); err != nil || total != 2 {
			t.Fatalf("ferry: %d results, %v", total, err)
		}
		s.OnQuery = nil
		var ordered, ranked bool
		for _, q := range queries {
			plan := queryPlan(t, s, q)
			switch {
			case strings.Contains(q, "DESC LIMIT 1 OFFSET"):
				ordered = true
				if strings.Contains(plan, "TEMP B-TREE") {
					t.Errorf("the newest matches are sorted, not read in order:\n%s\n%s", q, plan)
				}
			case strings.Contains(q, "bm25"):
				ranked = true
				// FTS5 names the bounds it was given on the rowid in its
				// index string: ">" for a lower one.
				if !fts5LowerBound.MatchString(plan) {
					t.Errorf("the ranking reads every match:\n%s\n%s", q, plan)
				}
			}
		}
		if !ordered || !ranked {
			t.Errorf("queries %q: want one for the newest matches and one ranking them", queries)
		}
	})
}

// fts5LowerBound finds a lower bound on the rowid in the plan of an FTS5
// query, as in "SCAN article_search VIRTUAL TABLE INDEX 0:M3>".
var fts5LowerBound = regexp.MustCompile(`VIRTUAL TABLE INDEX \d+:[^;]*>`)
