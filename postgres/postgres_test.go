package postgres_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/postgres"
	"masthead/postgres/pgtest"
	"masthead/sqlstore"
	"masthead/storetest"
)

// openFresh opens a store in a new, empty schema of the test server.
func openFresh(t *testing.T) *sqlstore.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), pgtest.DSN(t), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) masthead.Store {
		s := openFresh(t)
		s.Now = now
		return s
	})
}

// TestSearchRefold checks that the refold migration rebuilds an index whose
// documents were made from text folded the old way.
func TestSearchRefold(t *testing.T) {
	dsn := pgtest.DSN(t)
	storetest.SearchRefold(t, func(t *testing.T, now func() time.Time) (masthead.Store, *sql.DB) {
		s, err := postgres.Open(context.Background(), dsn, "")
		if err != nil {
			t.Fatal(err)
		}
		s.Now = now
		t.Cleanup(func() { s.Close() })
		return s, s.DB()
	}, func(db *sql.DB, id int64, headline string) error {
		_, err := db.Exec(`UPDATE article_search SET document = to_tsvector('simple', $2) WHERE article_id = $1`, id, strings.ToLower(headline))
		return err
	})
}

// TestConcurrentMigrations starts several processes' worth of stores on
// one empty database at once, as nodes of a cluster do after an upgrade.
func TestConcurrentMigrations(t *testing.T) {
	dsn := pgtest.DSN(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := postgres.Open(context.Background(), dsn, "")
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatalf("a concurrent start failed: %v", err)
		}
	}
}

// TestPoolKeepsConnections sends two bursts of 32 concurrent reads through
// each pool of a store and checks that the second burst finds the first's
// connections open, rather than opening them again: a pool that keeps
// fewer idle connections than it opens churns through new PostgreSQL
// connections under steady load.
func TestPoolKeepsConnections(t *testing.T) {
	dsn := pgtest.DSN(t)
	s, err := postgres.Open(context.Background(), dsn, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, db := range map[string]*sql.DB{"primary": s.DB(), "replica": s.ReadDB()} {
		t.Run(name, func(t *testing.T) {
			burst := func() {
				t.Helper()
				errs := make(chan error, 32)
				for range 32 {
					go func() {
						_, err := db.Exec(`SELECT pg_sleep(0.05)`)
						errs <- err
					}()
				}
				for range 32 {
					if err := <-errs; err != nil {
						t.Fatal(err)
					}
				}
			}
			// opened is how many connections the pool has opened so far:
			// those open now and those it closed.
			opened := func() int64 {
				st := db.Stats()
				return int64(st.OpenConnections) + st.MaxIdleClosed + st.MaxIdleTimeClosed + st.MaxLifetimeClosed
			}
			burst()
			first := opened()
			burst()
			if again := opened() - first; again > 2 {
				t.Errorf("the second burst opened %d new connections after the first opened %d, want the first's kept", again, first)
			}
			if closed := db.Stats().MaxIdleClosed; closed != 0 {
				t.Errorf("the pool closed %d connections for having too many idle", closed)
			}
		})
	}
}
