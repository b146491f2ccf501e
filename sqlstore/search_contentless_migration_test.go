package sqlstore_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"masthead"
	"masthead/sqlstore"
)

// TestSearchContentlessMigration: migration 38 moves SQLite's full-text
// index into a table that keeps no copy of the text. Articles indexed
// before it are still found by every field, the copy is gone, and an
// article reindexed or unpublished afterwards leaves no stale entry.
func TestSearchContentlessMigration(t *testing.T) {
	onOldDatabases(t, 38, func(t *testing.T, s *sqlstore.Store, d sqlstore.Dialect) {
		ctx := context.Background()
		now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
		ana := &masthead.Author{Slug: "ana", Name: "Ana Lima", Role: masthead.RoleEditor}
		if err := s.CreateAuthor(ctx, ana); err != nil {
			t.Fatal(err)
		}
		mk := func(slug, headline, dek, body string) *masthead.Article {
			a := &masthead.Article{Slug: slug, Headline: headline, Dek: dek, BodySource: body, BodyHTML: "<p>" + body + "</p>",
				Status: masthead.StatusPublished, PublishedAt: now, Authors: []*masthead.Author{ana}}
			if err := s.CreateArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
			return a
		}
		ferry := mk("ferry", "Ferry fares rise", "Commuters pay more.", "The harbour board raised fares.")
		lighthouse := mk("lighthouse", "Lighthouse repainted", "A fresh coat.", "Volunteers climbed with brushes.")
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		find := func(q string) []int64 {
			t.Helper()
			hits, _, _, err := s.SearchArticles(ctx, q, 10, 0)
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			var ids []int64
			for _, h := range hits {
				ids = append(ids, h.Article.ID)
			}
			return ids
		}
		for q, want := range map[string]int64{"ferry": ferry.ID, "commuters": ferry.ID, "harbour": ferry.ID, "lighthouse": lighthouse.ID, "ana lima": 0} {
			got := find(q)
			if want == 0 && len(got) != 2 || want != 0 && (len(got) != 1 || got[0] != want) {
				t.Errorf("search %q after the migration: %v, want %v", q, got, want)
			}
		}
		if d.Name == "sqlite" {
			var headline sql.NullString
			if err := s.DB().QueryRowContext(ctx, `SELECT headline FROM article_search WHERE rowid = ?`, ferry.ID).Scan(&headline); err != nil {
				t.Fatal(err)
			}
			if headline.Valid {
				t.Errorf("the index still keeps the text: %q", headline.String)
			}
		}
		ferry.Headline, ferry.BodySource, ferry.BodyHTML = "Ferry fares frozen", "The council stepped in.", "<p>The council stepped in.</p>"
		if err := s.UpdateArticle(ctx, ferry); err != nil {
			t.Fatal(err)
		}
		if got := find("harbour"); len(got) != 0 {
			t.Errorf("an edited article is still found by its old body: %v", got)
		}
		if got := find("council"); len(got) != 1 || got[0] != ferry.ID {
			t.Errorf("an edited article is not found by its new body: %v", got)
		}
		lighthouse.Status = masthead.StatusDraft
		if err := s.UpdateArticle(ctx, lighthouse); err != nil {
			t.Fatal(err)
		}
		if got := find("lighthouse"); len(got) != 0 {
			t.Errorf("an unpublished article is still found: %v", got)
		}
		if d.Name == "sqlite" {
			var n int
			if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM article_search WHERE article_search MATCH 'lighthouse OR harbour'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%d stale entries left in the index", n)
			}
		}
	})
}
