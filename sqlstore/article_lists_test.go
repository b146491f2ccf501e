package sqlstore_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead"
	"masthead/sqlstore"
)

// queryPlan returns the database's plan for query, whatever its
// arguments: EXPLAIN QUERY PLAN's steps on SQLite (with NULL arguments,
// which it plans like any other), and on PostgreSQL the generic plan of
// the prepared query, which no argument's value folds away, with
// sequential scans priced out, so that one in the plan means that no index
// can answer the query.
func queryPlan(t *testing.T, s *sqlstore.Store, query string) string {
	t.Helper()
	ctx := context.Background()
	n := strings.Count(query, "?")
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var rows *sql.Rows
	if s.DialectName() == "postgres" {
		for _, stmt := range []string{`SET LOCAL enable_seqscan = off`, `SET LOCAL plan_cache_mode = force_generic_plan`,
			`PREPARE plan_probe AS ` + s.Rebind(query)} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
		defer tx.ExecContext(ctx, `DEALLOCATE plan_probe`)
		nulls := strings.TrimSuffix(strings.Repeat("NULL, ", n), ", ")
		rows, err = tx.QueryContext(ctx, `EXPLAIN EXECUTE plan_probe(`+nulls+`)`)
	} else {
		rows, err = tx.QueryContext(ctx, `EXPLAIN QUERY PLAN `+query, make([]any, n)...)
	}
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var steps []string
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		detail := values[len(values)-1]
		if b, ok := detail.([]byte); ok {
			detail = string(b)
		}
		steps = append(steps, strings.TrimSpace(detail.(string)))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(steps, "; ")
}

// readsList reports whether a plan reads a list's entries rather than one
// row for it: a scan, the range of the visible articles up to now, or a
// tag's or author's entries (an index searched by the tag or author
// alone, not with the article).
func readsList(plan string) bool {
	plan = strings.ReplaceAll(plan, "SCAN CONSTANT ROW", "") // the one row a SELECT without FROM makes
	for _, sign := range []string{"SCAN", "Seq Scan", "published_at<", "published_at <",
		"(tag_id=?)", "(author_id=?)", "Index Cond: (tag_id = $", "Index Cond: (author_id = $"} {
		if strings.Contains(plan, sign) {
			return true
		}
	}
	return false
}

// TestListTotalsReadNoList checks that the total of the home page's, a
// section's, a tag's and an author's list is read from the list's kept
// length, not counted from an index entry per article.
func TestListTotalsReadNoList(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		s := open()
		site := newBulkSite(t, s)
		if err := s.CreateArticles(ctx, site.articles); err != nil {
			t.Fatal(err)
		}
		a := site.articles[0]
		for name, f := range map[string]masthead.ArticleFilter{"home": {}, "section": {CategoryID: a.Category.ID},
			"tag": {TagID: a.Tags[0].ID}, "author": {AuthorID: a.Authors[0].ID}} {
			var queries []string
			s.OnQuery = func(q string) { queries = append(queries, q) }
			f.Visible, f.WithoutBody, f.Limit = true, true, 5
			_, total, err := s.FindArticles(ctx, f)
			s.OnQuery = nil
			if err != nil {
				t.Fatal(err)
			}
			if total == 0 {
				t.Fatalf("%s: no articles", name)
			}
			counts := 0
			for _, q := range queries {
				if !strings.Contains(q, "COUNT(") {
					continue
				}
				counts++
				if plan := queryPlan(t, s, q); readsList(plan) {
					t.Errorf("%s: the total reads the list:\n%s\n%s", name, q, plan)
				}
			}
			if counts != 1 {
				t.Errorf("%s: %d queries count, want 1: %q", name, counts, queries)
			}
		}
	})
}

// TestListsAfterCopy checks that a copied site has the lists' lengths of
// its source.
func TestListsAfterCopy(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		src, dst := open(), open()
		site := newBulkSite(t, src)
		if err := src.CreateArticles(ctx, site.articles); err != nil {
			t.Fatal(err)
		}
		if _, err := sqlstore.CopyAll(ctx, src, dst); err != nil {
			t.Fatal(err)
		}
		want, got := dumpSite(t, src)["article_lists"], dumpSite(t, dst)["article_lists"]
		if len(want) == 0 {
			t.Fatal("the source has no lists")
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("the copy's lists differ (-source +copy):\n%s", diff)
		}
	})
}

// TestArticleListsMigration: the migration that keeps the lists' lengths
// counts the articles already stored: published ordinary articles only,
// in their sections, tags, bylines and months.
func TestArticleListsMigration(t *testing.T) {
	onOldDatabases(t, 30, testArticleListsMigration)
}

func testArticleListsMigration(t *testing.T, s *sqlstore.Store, d sqlstore.Dialect) {
	ctx := context.Background()
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	exec := execer(t, s, d)
	exec(`INSERT INTO authors (id, slug, name, email, role, created_at, updated_at) VALUES
		(1, 'ana', 'Ana', 'ana@example.org', 'author', ?, ?), (2, 'ben', 'Ben', 'ben@example.org', 'author', ?, ?)`, now, now, now, now)
	exec(`INSERT INTO categories (id, slug, name) VALUES (1, 'harbour', 'Harbour'), (2, 'council', 'Council')`)
	exec(`INSERT INTO tags (id, slug, name) VALUES (1, 'ferries', 'Ferries'), (2, 'tides', 'Tides')`)
	feb, mar := time.Date(2026, 2, 10, 8, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	exec(`INSERT INTO articles (id, slug, headline, status, category_id, published_at, created_at, updated_at, kind) VALUES
		(1, 'one', 'One', 'published', 1, ?, ?, ?, 'article'),
		(2, 'two', 'Two', 'published', 2, ?, ?, ?, 'article'),
		(3, 'three', 'Three', 'published', 1, ?, ?, ?, 'article'),
		(4, 'draft', 'Draft', 'draft', 1, NULL, ?, ?, 'article'),
		(5, 'about', 'About', 'published', 1, ?, ?, ?, 'page')`,
		feb, feb, feb, mar, mar, mar, mar, mar, mar, now, now, feb, feb, feb)
	exec(`INSERT INTO article_authors (article_id, author_id, position) VALUES (1, 1, 0), (2, 1, 0), (2, 2, 1), (3, 2, 0), (4, 1, 0), (5, 1, 0)`)
	exec(`INSERT INTO article_tags (article_id, tag_id) VALUES (1, 1), (2, 1), (2, 2), (4, 2)`)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		f    masthead.ArticleFilter
		want int
	}{
		"home": {masthead.ArticleFilter{}, 3}, "harbour": {masthead.ArticleFilter{CategoryID: 1}, 2},
		"council": {masthead.ArticleFilter{CategoryID: 2}, 1}, "ferries": {masthead.ArticleFilter{TagID: 1}, 2},
		"tides": {masthead.ArticleFilter{TagID: 2}, 1}, "ana": {masthead.ArticleFilter{AuthorID: 1}, 2},
		"ben": {masthead.ArticleFilter{AuthorID: 2}, 2},
	} {
		c.f.Visible = true
		if _, total, err := s.FindArticles(ctx, c.f); err != nil || total != c.want {
			t.Errorf("%s: total %d (%v), want %d", name, total, err, c.want)
		}
	}
	months, err := s.FindSitemapMonths(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range months {
		got = append(got, m.Start.Format("2006-01")+" "+m.Modified.Format(time.RFC3339)+" "+string(rune('0'+m.Count)))
	}
	want := []string{"2026-03 " + mar.Format(time.RFC3339) + " 2", "2026-02 " + feb.Format(time.RFC3339) + " 1"}
	if !cmp.Equal(got, want) {
		t.Errorf("sitemap months %q, want %q", got, want)
	}
}

// TestSitemapIndexReadsNoArticles checks that the sitemap index's months
// and the sections', tags' and authors' sitemaps read one row a month or
// term, not an index entry per article, and that a month's sitemap reads
// that month's entries alone.
func TestSitemapIndexReadsNoArticles(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		s := open()
		site := newBulkSite(t, s)
		if err := s.CreateArticles(ctx, site.articles); err != nil {
			t.Fatal(err)
		}
		reads := map[string]func() (int, error){
			"months": func() (int, error) { m, err := s.FindSitemapMonths(ctx); return len(m), err },
		}
		for _, kind := range []string{masthead.TermCategory, masthead.TermTag, masthead.TermAuthor} {
			reads[kind] = func() (int, error) { e, err := s.FindSitemapTerms(ctx, kind); return len(e), err }
		}
		for name, read := range reads {
			var queries []string
			s.OnQuery = func(q string) { queries = append(queries, q) }
			n, err := read()
			s.OnQuery = nil
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Fatalf("%s: nothing listed", name)
			}
			for _, q := range queries {
				if plan := queryPlan(t, s, q); readsList(plan) {
					t.Errorf("%s reads the articles:\n%s\n%s", name, q, plan)
				}
			}
		}
		var queries []string
		s.OnQuery = func(q string) { queries = append(queries, q) }
		month := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		if _, err := s.FindSitemapArticles(ctx, month, month.AddDate(0, 1, 0), 50000); err != nil {
			t.Fatal(err)
		}
		s.OnQuery = nil
		for _, q := range queries {
			plan := queryPlan(t, s, q)
			if strings.Contains(plan, "SCAN") || strings.Contains(plan, "Seq Scan") ||
				!strings.Contains(plan, "published_at>? AND published_at<?") && !strings.Contains(plan, "(published_at >= $") {
				t.Errorf("a month's sitemap reads more than the month:\n%s\n%s", q, plan)
			}
		}
	})
}
