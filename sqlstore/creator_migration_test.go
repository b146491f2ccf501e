package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"masthead/sqlstore"
)

// TestCreatorMigration: articles stored before articles knew their creator
// take the editor of their first revision, or else their first author.
func TestCreatorMigration(t *testing.T) {
	onOldDatabases(t, 12, testCreatorMigration)
}

func testCreatorMigration(t *testing.T, s *sqlstore.Store, d sqlstore.Dialect) {
	ctx := context.Background()
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	exec := execer(t, s, d)
	for id, name := range map[int64]string{1: "ana", 2: "ben", 3: "eda"} {
		exec(`INSERT INTO authors (id, slug, name, role, created_at, updated_at) VALUES (?, ?, ?, 'author', ?, ?)`, id, name, name, now, now)
	}
	// 10: written in the editor by Eda, credited to Ben then Ana.
	// 11: imported (no editor on its first revision), then edited by Eda.
	// 12: older than revisions.
	for _, id := range []int64{10, 11, 12} {
		exec(`INSERT INTO articles (id, slug, headline, status, created_at, updated_at) VALUES (?, ?, 'H', 'draft', ?, ?)`,
			id, fmt.Sprint("article-", id), now, now)
		exec(`INSERT INTO article_authors (article_id, author_id, position) VALUES (?, 2, 0), (?, 1, 1)`, id, id)
	}
	exec(`INSERT INTO article_revisions (article_id, revision, editor_id, created_at, headline, dek, body_source, excerpt, status)
		VALUES (10, 1, 3, ?, 'H', '', '', '', 'draft'), (11, 1, NULL, ?, 'H', '', '', '', 'draft'), (11, 2, 3, ?, 'H', '', '', '', 'draft')`,
		now, now, now)

	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[int64]int64{10: 3, 11: 2, 12: 2} {
		a, err := s.FindArticleByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.CreatedBy != want {
			t.Errorf("article %d: creator %d, want %d", id, a.CreatedBy, want)
		}
	}
}
