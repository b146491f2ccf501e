package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"masthead/postgres"
	"masthead/postgres/pgtest"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// TestCommentCountMigration: the migration that gives articles a kept
// count of approved comments fills it from the comments already stored,
// counting only approved ones, each article its own.
func TestCommentCountMigration(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "old.db")+"?_pragma=foreign_keys(1)&_time_format=sqlite")
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		t.Cleanup(func() { db.Close() })
		testCommentCountMigration(t, sqlstore.New(db, db, sqlite.Dialect), sqlite.Dialect)
	})
	t.Run("postgres", func(t *testing.T) {
		db, err := sql.Open("pgx", pgtest.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		testCommentCountMigration(t, sqlstore.New(db, db, postgres.Dialect), postgres.Dialect)
	})
}

func testCommentCountMigration(t *testing.T, s *sqlstore.Store, d sqlstore.Dialect) {
	ctx := context.Background()
	if err := s.MigrateBelow(ctx, 25); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.DB().ExecContext(ctx, d.Rebind(q), args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
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
