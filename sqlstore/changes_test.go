package sqlstore_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead"
	"masthead/postgres"
	"masthead/postgres/pgtest"
	"masthead/sqlite"
	"masthead/sqlstore"
	"masthead/storetest"
)

// TestLongChangeIsKeyAll checks that a change whose keys would not fit a
// notification announces KeyAll, to this process and to the others, and
// that a short one travels as it is.
func TestLongChangeIsKeyAll(t *testing.T) {
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		testLongChange(t, s, sqlite.Watcher{Store: s})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.DSN(t)
		s, err := postgres.Open(ctx, dsn, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		testLongChange(t, s, postgres.Watcher{DSN: dsn})
	})
}

func testLongChange(t *testing.T, s *sqlstore.Store, w masthead.ChangeWatcher) {
	ctx := context.Background()
	reports := storetest.WatchChanges(t, w)
	var mu sync.Mutex
	var heard [][]masthead.ChangeKey
	s.OnChange(func(keys []masthead.ChangeKey) {
		mu.Lock()
		defer mu.Unlock()
		heard = append(heard, slices.Clone(keys))
	})
	announce := func(what string, keys []masthead.ChangeKey, want ...masthead.ChangeKey) {
		t.Helper()
		mu.Lock()
		heard = nil
		mu.Unlock()
		if err := s.Announce(ctx, keys...); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		got := heard
		mu.Unlock()
		if diff := cmp.Diff([][]masthead.ChangeKey{want}, got); diff != "" {
			t.Errorf("%s: this process heard (-want +got):\n%s", what, diff)
		}
		storetest.WantReport(t, what, reports, 2*time.Second, want...)
	}
	var many []masthead.ChangeKey
	for id := range int64(2000) {
		many = append(many, masthead.ArticleKey(id+1))
	}
	announce("a change of 2000 articles", many, masthead.KeyAll)
	announce("a change of one article", []masthead.ChangeKey{masthead.KeyFront, masthead.ArticleKey(7), masthead.ArticleKey(7)},
		masthead.ArticleKey(7), masthead.KeyFront)
}

// TestChangesAfterGaps checks how a SQLite watcher reads the changes
// table: the keys of every change after the last it saw, in order, and
// KeyAll when rows it had not seen were pruned or when too many came at
// once.
func TestChangesAfterGaps(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Now()
	s.Now = func() time.Time { return now }
	conn, err := s.ReadDB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	after := func(what string, from, wantLast int64, want ...masthead.ChangeKey) {
		t.Helper()
		keys, last, err := s.ChangesAfter(ctx, conn, from)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, keys); diff != "" || last != wantLast {
			t.Errorf("%s: changes after %d are %v up to %d, want %v up to %d", what, from, keys, last, want, wantLast)
		}
	}
	for id := range int64(3) {
		if err := s.Announce(ctx, masthead.ArticleKey(id+1)); err != nil {
			t.Fatal(err)
		}
	}
	if last, err := s.LastChange(ctx, conn); err != nil || last != 3 {
		t.Fatalf("LastChange = %d, %v; want 3", last, err)
	}
	after("three changes", 0, 3, masthead.ArticleKey(1), masthead.ArticleKey(2), masthead.ArticleKey(3))
	after("nothing new", 3, 3)

	// Two minutes on, the hundredth change prunes those older than a
	// minute: a reader that had not seen them learns that it missed some.
	now = now.Add(2 * time.Minute)
	for range 97 {
		if err := s.Announce(ctx, masthead.KeyComments); err != nil {
			t.Fatal(err)
		}
	}
	var kept int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM changes`).Scan(&kept); err != nil || kept != 97 {
		t.Fatalf("the changes table keeps %d rows (%v), want the 97 of the last minute", kept, err)
	}
	after("pruned changes", 1, 100, masthead.KeyAll)
	after("the changes since the pruned ones", 3, 100, masthead.KeyComments)

	for range 1001 {
		if err := s.Announce(ctx, masthead.KeyFront); err != nil {
			t.Fatal(err)
		}
	}
	after("a burst of changes", 100, 1101, masthead.KeyAll)
}
