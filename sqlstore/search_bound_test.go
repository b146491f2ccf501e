package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
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

		hits, total, more, err := s.SearchArticles(ctx, "news", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		newest := []int64{articles[7].ID, articles[9].ID, articles[8].ID, articles[6].ID}
		if total != 4 || !more || !cmp.Equal(ids(hits), newest) {
			t.Errorf("news: %v of %d (more %v), want the four newest ranked, %v of 4 and more", ids(hits), total, more, newest)
		}
		// Two words are bounded the same way: "quay" is in every body. (How
		// they rank among themselves is the database's own measure.)
		sorted := func(ids []int64) []int64 { return slices.Sorted(slices.Values(ids)) }
		if hits, total, more, err := s.SearchArticles(ctx, "quay news", 10, 0); err != nil || total != 4 || !more ||
			!cmp.Equal(sorted(ids(hits)), sorted(newest)) {
			t.Errorf("quay news: %v of %d (more %v, %v), want %v in some order, of 4, and more", ids(hits), total, more, err, newest)
		}
		if page, _, _, err := s.SearchArticles(ctx, "news", 2, 2); err != nil || !cmp.Equal(ids(page), newest[2:]) {
			t.Errorf("news, second page: %v (%v), want %v", ids(page), err, newest[2:])
		}
		hits, total, more, err = s.SearchArticles(ctx, "lighthouse", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int64{articles[0].ID, articles[1].ID}; total != 2 || more || !cmp.Equal(ids(hits), want) {
			t.Errorf("lighthouse: %v of %d (more %v), want %v ranked, and no more", ids(hits), total, more, want)
		}
		// Exactly as many matches as the bound are all of them.
		sqlstore.SetSearchRanked(t, 2)
		if _, total, more, err := s.SearchArticles(ctx, "lighthouse", 10, 0); err != nil || total != 2 || more {
			t.Errorf("lighthouse at a bound of 2: %d (more %v, %v), want 2 and no more", total, more, err)
		}
	})
}

// TestSearchBoundPlans checks on both databases that a common word's
// search reads its newest matches from the full-text index in id order,
// newest first, and stops after the bound, rather than reading every
// posting of the word and sorting them: on SQLite the plan walks FTS5 in
// rowid order with no sort; on PostgreSQL, with statistics, the executed
// plan reads no more rows of article_search than the bound and one.
func TestSearchBoundPlans(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		s := open()
		const bound, common = 10, 300
		sqlstore.SetSearchRanked(t, bound)
		au := &masthead.Author{Name: "Ana", Slug: "ana", Role: masthead.RoleAuthor, Email: "ana@example.org"}
		if err := s.CreateAuthor(ctx, au); err != nil {
			t.Fatal(err)
		}
		published := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
		var articles []*masthead.Article
		for i := range common {
			a := &masthead.Article{Headline: fmt.Sprintf("Report %d", i), Slug: fmt.Sprintf("report-%d", i),
				BodySource: "News from the quay.", Status: masthead.StatusPublished, PublishedAt: published.Add(time.Duration(i) * time.Minute),
				Authors: []*masthead.Author{au}}
			if err := content.PrepareArticle(a); err != nil {
				t.Fatal(err)
			}
			articles = append(articles, a)
		}
		if err := s.CreateArticles(ctx, articles); err != nil {
			t.Fatal(err)
		}
		var queries []string
		s.OnQuery = func(q string) { queries = append(queries, q) }
		hits, total, more, err := s.SearchArticles(ctx, "news", 10, 0)
		s.OnQuery = nil
		if err != nil || total != bound || !more || len(hits) != 10 {
			t.Fatalf("news: %d hits of %d, more %v, %v; want 10 of %d and more", len(hits), total, more, err, bound)
		}
		var search string
		var boosts []string
		for _, q := range queries {
			switch {
			case strings.Contains(q, "DESC LIMIT") && (strings.Contains(q, "MATCH") || strings.Contains(q, "@@")):
				if search != "" {
					t.Fatalf("two statements walk the index: %q and %q", search, q)
				}
				search = q
			case strings.Contains(q, "MATCH") || strings.Contains(q, "@@"):
				boosts = append(boosts, q)
			}
		}
		if search == "" {
			t.Fatalf("no statement walks the index among %q", queries)
		}
		// bm25 weighs each word by the rows that hold it, and so reads
		// every posting of a common word, whatever the statement's LIMIT.
		if strings.Contains(search, "bm25") {
			t.Errorf("the walk ranks with bm25: %s", search)
		}
		for _, q := range boosts {
			if plan := queryPlan(t, s, q); !fts5LowerBound.MatchString(plan) {
				t.Errorf("a ranking statement reads matches older than the oldest ranked:\n%s\n%s", q, plan)
			}
		}
		if s.DialectName() == "sqlite" {
			plan := queryPlan(t, s, search)
			// FTS5 takes the ORDER BY on the rowid (its index number has
			// the descending-order bit), so no sort is planned and the
			// LIMIT ends the walk.
			if strings.Contains(plan, "TEMP B-TREE") || !strings.Contains(plan, "SCAN article_search VIRTUAL TABLE") {
				t.Errorf("the matches are sorted, not read in the index's order:\n%s\n%s", search, plan)
			}
			return
		}
		for _, table := range []string{"articles", "article_search"} {
			if _, err := s.DB().ExecContext(ctx, "ANALYZE "+table); err != nil {
				t.Fatal(err)
			}
		}
		tx, err := s.DB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, "SET LOCAL plan_cache_mode = force_custom_plan"); err != nil {
			t.Fatal(err)
		}
		rows, err := tx.QueryContext(ctx, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "+s.Rebind(search),
			`"news"`, masthead.StatusPublished, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), bound+1)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, line)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		read := false
		for _, line := range plan {
			m := actualRows.FindStringSubmatch(line)
			if m == nil || !strings.Contains(line, "article_search") {
				continue
			}
			read = true
			if n, _ := strconv.Atoi(m[1]); n > bound+1 {
				t.Errorf("a node reads %d rows of article_search for a word in %d articles, bound %d:\n%s", n, common, bound, strings.Join(plan, "\n"))
			}
		}
		if !read {
			t.Errorf("no node reads article_search:\n%s", strings.Join(plan, "\n"))
		}
	})
}

// actualRows finds the rows a node of EXPLAIN ANALYZE produced.
var actualRows = regexp.MustCompile(`actual rows=(\d+)`)

// TestSearchOutOfTime checks that a search that runs out of its time is
// stopped with a message for the reader, while a search its reader gave
// up on ends as the cancelled request it is.
func TestSearchOutOfTime(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		s := open()
		site := newBulkSite(t, s)
		if err := s.CreateArticles(ctx, site.articles); err != nil {
			t.Fatal(err)
		}
		s.SearchBudget = time.Nanosecond
		_, _, _, err := s.SearchArticles(ctx, "ferry", 10, 0)
		var e *masthead.Error
		if !errors.As(err, &e) || e.Code != masthead.EUNAVAILABLE || !strings.Contains(e.Message, "took too long") {
			t.Errorf("out of time: %v, want EUNAVAILABLE saying the search took too long", err)
		}
		s.SearchBudget = time.Minute
		gone, cancel := context.WithCancel(ctx)
		cancel()
		if _, _, _, err := s.SearchArticles(gone, "ferry", 10, 0); err == nil || errors.As(err, &e) && e.Code == masthead.EUNAVAILABLE {
			t.Errorf("reader gone: %v, want the cancellation, not the message for the reader", err)
		}
		if _, total, _, err := s.SearchArticles(ctx, "ferry", 10, 0); err != nil || total == 0 {
			t.Errorf("in time: %d results, %v", total, err)
		}
	})
}

// fts5LowerBound finds a lower bound on the rowid in the plan of an FTS5
// query, as in "SCAN article_search VIRTUAL TABLE INDEX 0:M3>".
var fts5LowerBound = regexp.MustCompile(`VIRTUAL TABLE INDEX \d+:[^;]*>`)
