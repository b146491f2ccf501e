package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"masthead/sqlstore"
)

// TestCommentCountMigration: the migration that gives articles a kept
// count of approved comments fills it from the comments already stored,
// counting only approved ones, each article its own.
func TestCommentCountMigration(t *testing.T) {
	onOldDatabases(t, 25, testCommentCountMigration)
}

func testCommentCountMigration(t *testing.T, s *sqlstore.Store, d sqlstore.Dialect) {
	ctx := context.Background()
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	exec := execer(t, s, d)
	exec(`INSERT INTO articles (id, slug, headline, status, published_at, created_at, updated_at)
		VALUES (10, 'busy', 'Busy', 'published', ?, ?, ?), (11, 'quiet', 'Quiet', 'published', ?, ?, ?), (12, 'none', 'None', 'published', ?, ?, ?)`,
		now, now, now, now, now, now, now, now, now)
	exec(`INSERT INTO comments (id, article_id, author_name, author_email, body, status, created_at) VALUES
		(1, 10, 'A', 'a@example.org', 'One.', 'approved', ?), (2, 10, 'B', 'b@example.org', 'Two.', 'approved', ?),
		(3, 10, 'C', 'c@example.org', 'Held.', 'pending', ?), (4, 10, 'D', 'd@example.org', 'Spam.', 'spam', ?),
		(5, 11, 'E', 'e@example.org', 'Three.', 'approved', ?), (6, 11, 'F', 'f@example.org', 'Binned.', 'trash', ?),
		(7, 12, 'G', 'g@example.org', 'Held too.', 'pending', ?)`, now, now, now, now, now, now, now)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[int64]int{10: 2, 11: 1, 12: 0} {
		a, err := s.FindArticleByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.CommentCount != want {
			t.Errorf("%s: %d approved comments after the migration, want %d", a.Slug, a.CommentCount, want)
		}
	}
}
