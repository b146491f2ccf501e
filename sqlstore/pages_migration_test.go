package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"masthead"
	"masthead/sqlstore"
)

// TestPagesMigration: the migration that lets pages share slugs rebuilds
// the articles table on SQLite. Every row that refers to an article (its
// byline, tags, revisions, corrections, comments) must come through it,
// foreign keys must be on again afterwards, and articles' slugs must stay
// unique.
func TestPagesMigration(t *testing.T) {
	onOldDatabases(t, 16, testPagesMigration)
}

func testPagesMigration(t *testing.T, s *sqlstore.Store, d sqlstore.Dialect) {
	ctx := context.Background()
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	exec := execer(t, s, d)
	exec(`INSERT INTO authors (id, slug, name, role, created_at, updated_at) VALUES (1, 'ana', 'Ana', 'editor', ?, ?)`, now, now)
	exec(`INSERT INTO categories (id, slug, name) VALUES (1, 'local', 'Local')`)
	exec(`INSERT INTO tags (id, slug, name) VALUES (1, 'harbour', 'Harbour')`)
	exec(`INSERT INTO articles (id, slug, headline, status, category_id, published_at, created_at, updated_at, created_by, revision)
		VALUES (10, 'pier-vote', 'Pier vote', 'published', 1, ?, ?, ?, 1, 2), (11, 'draft', 'Draft', 'draft', NULL, NULL, ?, ?, 1, 1)`,
		now, now, now, now, now)
	exec(`INSERT INTO article_authors (article_id, author_id, position) VALUES (10, 1, 0), (11, 1, 0)`)
	exec(`INSERT INTO article_tags (article_id, tag_id) VALUES (10, 1)`)
	exec(`INSERT INTO article_revisions (article_id, revision, editor_id, created_at, headline, dek, body_source, excerpt, status)
		VALUES (10, 1, 1, ?, 'Pier vote', '', '', '', 'draft'), (10, 2, 1, ?, 'Pier vote', '', '', '', 'published')`, now, now)
	exec(`INSERT INTO corrections (id, article_id, kind, body, author_id, created_at) VALUES (1, 10, 'update', 'Counted again.', 1, ?)`, now)
	exec(`INSERT INTO comments (id, article_id, parent_id, author_name, author_email, body, status, created_at)
		VALUES (1, 10, NULL, 'Cora', 'cora@example.org', 'Finally.', 'approved', ?), (2, 10, 1, 'Dev', 'dev@example.org', 'Agreed.', 'approved', ?)`,
		now, now)
	counts := func() map[string]int {
		out := map[string]int{}
		for _, table := range []string{"articles", "article_authors", "article_tags", "article_revisions", "corrections", "comments"} {
			var n int
			if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			out[table] = n
		}
		return out
	}
	before := counts()

	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	after := counts()
	for table, n := range before {
		if after[table] != n {
			t.Errorf("%s: %d rows after the migration, %d before", table, after[table], n)
		}
	}
	a, err := s.FindArticleBySlug(ctx, "pier-vote")
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != masthead.KindArticle || a.ParentID != 0 || a.Category == nil || len(a.Tags) != 1 || len(a.Corrections) != 1 || a.CommentCount != 2 {
		t.Fatalf("after the migration: kind %q, parent %d, category %v, tags %v, corrections %d, comments %d",
			a.Kind, a.ParentID, a.Category, a.Tags, len(a.Corrections), a.CommentCount)
	}
	// Articles' slugs are still unique, and references are checked again.
	if _, err := s.DB().ExecContext(ctx, d.Rebind(`INSERT INTO articles (slug, headline, status, created_at, updated_at) VALUES ('draft', 'Again', 'draft', ?, ?)`), now, now); err == nil {
		t.Error("a second article took the slug draft")
	}
	if _, err := s.DB().ExecContext(ctx, d.Rebind(`INSERT INTO comments (article_id, author_name, author_email, body, status, created_at)
		VALUES (999, 'X', 'x@example.org', 'Orphan.', 'approved', ?)`), now); err == nil {
		t.Error("a comment on an article that does not exist was stored: foreign keys are off")
	}
	if d.Name == "sqlite" {
		var on int
		if err := s.DB().QueryRow(`PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
			t.Fatalf("foreign keys after the migration: %d (%v), want on", on, err)
		}
	}
}
