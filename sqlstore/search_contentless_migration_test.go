package sqlstore_test

import (
	"context"
	"database/sql"
	"strings"
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
		exec := execer(t, s, d)
		exec(`INSERT INTO authors (id, slug, name, role, created_at, updated_at) VALUES (1, 'ana', 'Ana Lima', 'editor', ?, ?)`, now, now)
		mk := func(id int64, slug, headline, dek, body string) *masthead.Article {
			exec(`INSERT INTO articles (id, slug, headline, dek, body_source, body_html, status, published_at, created_at, updated_at, created_by, revision)
				VALUES (?, ?, ?, ?, ?, ?, 'published', ?, ?, ?, 1, 1)`, id, slug, headline, dek, body, "<p>"+body+"</p>", now, now, now)
			exec(`INSERT INTO article_authors (article_id, author_id, position) VALUES (?, 1, 0)`, id)
			exec(`INSERT INTO article_revisions (article_id, revision, editor_id, created_at, headline, dek, body_source, excerpt, status)
				VALUES (?, 1, 1, ?, ?, ?, ?, '', 'published')`, id, now, headline, dek, body)
			// The index as the store wrote it before: folded text.
			if d.Name == "sqlite" {
				exec(`INSERT INTO article_search (rowid, headline, summary, body) VALUES (?, ?, ?, ?)`,
					id, strings.ToLower(headline), strings.ToLower(dek)+" ana lima", strings.ToLower(body))
			} else {
				exec(`INSERT INTO article_search (article_id, document) VALUES (?, to_tsvector('simple', ?))`,
					id, strings.ToLower(headline+" "+dek+" ana lima "+body))
			}
			a, err := s.FindArticleByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		ferry := mk(1, "ferry", "Ferry fares rise", "Commuters pay more.", "The harbour board raised fares.")
		lighthouse := mk(2, "lighthouse", "Lighthouse repainted", "A fresh coat.", "Volunteers climbed with brushes.")
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
