package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/sqlite"
	"masthead/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) masthead.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
		if err != nil {
			t.Fatal(err)
		}
		s.Now = now
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestMigrateTwice checks that reopening a database applies nothing twice.
func TestMigrateTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "masthead.db")
	for range 2 {
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n < 1 {
			t.Fatalf("recorded migrations = %d, %v", n, err)
		}
		s.Close()
	}
}

// TestPragmas checks the settings every connection must run with.
func TestPragmas(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000"} {
		var got string
		if err := s.DB().QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}
}

// TestSearchRefold checks that the refold migration rebuilds an index that
// SQLite's own tokenizer filled from unfolded text, as Masthead once did.
func TestSearchRefold(t *testing.T) {
	path := filepath.Join(t.TempDir(), "masthead.db")
	storetest.SearchRefold(t, func(t *testing.T, now func() time.Time) (masthead.Store, *sql.DB) {
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		s.Now = now
		t.Cleanup(func() { s.Close() })
		return s, s.DB()
	}, func(db *sql.DB, id int64, headline string) error {
		if _, err := db.Exec(`DELETE FROM article_search WHERE rowid = ?`, id); err != nil {
			return err
		}
		_, err := db.Exec(`INSERT INTO article_search (rowid, headline, summary, body) VALUES (?, ?, '', '')`, id, headline)
		return err
	})
}

// TestRenameReindexesInBatches checks that renaming the author of many
// articles costs a few statements per batch of articles, not several per
// article.
func TestRenameReindexesInBatches(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	author := &masthead.Author{Name: "Quill Hawthorne", Slug: "quill-hawthorne", Role: masthead.RoleAuthor, Email: "quill@example.com"}
	if err := s.CreateAuthor(ctx, author); err != nil {
		t.Fatal(err)
	}
	const articles = 450
	for i := range articles {
		slug := fmt.Sprintf("dispatch-%d", i)
		a := &masthead.Article{Slug: slug, Headline: slug, BodyHTML: "<p>Body.</p>", Status: masthead.StatusPublished,
			PublishedAt: time.Now().Add(-time.Hour), Authors: []*masthead.Author{author}}
		if err := s.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	var statements []string
	s.OnQuery = func(q string) { statements = append(statements, q) }
	author.Name = "Quill Ashgrove"
	if err := s.UpdateAuthor(ctx, author); err != nil {
		t.Fatal(err)
	}
	s.OnQuery = nil
	if len(statements) > 25 {
		t.Errorf("renaming the author of %d articles ran %d statements, want a few per batch:\n%s",
			articles, len(statements), strings.Join(statements[:25], "\n"))
	}
	if _, total, err := s.SearchArticles(ctx, "ashgrove", 1, 0); err != nil || total != articles {
		t.Errorf("the new name finds %d articles (%v), want %d", total, err, articles)
	}
}
