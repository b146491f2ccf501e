package sqlstore_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"masthead"
	"masthead/sqlstore"
)

// TestRevisionBodiesMigration: migration 39 lets a revision that has its
// article's current body keep none of its own. Every revision still
// reads with the body it was saved with, before and after later saves,
// and only revisions that share the current body are left without a copy.
func TestRevisionBodiesMigration(t *testing.T) {
	onOldDatabases(t, 39, func(t *testing.T, s *sqlstore.Store, d sqlstore.Dialect) {
		ctx := context.Background()
		now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
		exec := execer(t, s, d)
		exec(`INSERT INTO authors (id, slug, name, role, created_at, updated_at) VALUES (1, 'ana', 'Ana Lima', 'editor', ?, ?)`, now, now)
		exec(`INSERT INTO articles (id, slug, headline, body_source, body_html, status, published_at, created_at, updated_at, created_by, revision)
			VALUES (1, 'ferry', 'Ferry fares rise', 'Second draft.', '<p>Second draft.</p>', 'published', ?, ?, ?, 1, 2)`, now, now, now)
		exec(`INSERT INTO article_authors (article_id, author_id, position) VALUES (1, 1, 0)`)
		for rev, body := range map[int]string{1: "First draft.", 2: "Second draft."} {
			exec(`INSERT INTO article_revisions (article_id, revision, editor_id, created_at, headline, dek, body_source, excerpt, status)
				VALUES (1, ?, 1, ?, 'Ferry fares rise', '', ?, '', 'published')`, rev, now, body)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		bodies := func() []string {
			t.Helper()
			revs, err := s.FindRevisions(ctx, 1, 10)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range revs {
				out = append(out, r.BodySource)
			}
			return out
		}
		stored := func() (copies int) {
			t.Helper()
			if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(body_source) FROM article_revisions`).Scan(&copies); err != nil {
				t.Fatal(err)
			}
			return copies
		}
		if got, want := bodies(), []string{"Second draft.", "First draft."}; !slices.Equal(got, want) {
			t.Fatalf("after the migration the revisions read %q, want %q", got, want)
		}
		if n := stored(); n != 1 {
			t.Errorf("%d revisions keep a body of their own, want 1 (the first draft)", n)
		}
		save := func(edit func(a *masthead.Article)) {
			t.Helper()
			a, err := s.FindArticleByID(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			edit(a)
			if err := s.UpdateArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		save(func(a *masthead.Article) { a.BodySource, a.BodyHTML = "Third draft.", "<p>Third draft.</p>" })
		save(func(a *masthead.Article) { a.Headline = "Ferry fares rise again" })
		if got, want := bodies(), []string{"Third draft.", "Third draft.", "Second draft.", "First draft."}; !slices.Equal(got, want) {
			t.Fatalf("after two saves the revisions read %q, want %q", got, want)
		}
		if n := stored(); n != 2 {
			t.Errorf("%d revisions keep a body of their own, want 2 (the first and second drafts)", n)
		}
		var body sql.NullString
		if err := s.DB().QueryRowContext(ctx, d.Rebind(`SELECT body_source FROM article_revisions WHERE article_id = 1 AND revision = 4`)).Scan(&body); err != nil {
			t.Fatal(err)
		}
		if body.Valid {
			t.Errorf("the newest revision keeps a copy of the article's body")
		}
	})
}
