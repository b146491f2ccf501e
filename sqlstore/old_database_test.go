package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"masthead/postgres"
	"masthead/postgres/pgtest"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// onOldDatabases runs fn on a site as a version before migration below
// left it, on a fresh SQLite file and a fresh PostgreSQL schema: opened
// raw, with every earlier migration applied and the one under test not
// yet, so that fn can store rows in the old shape and then migrate.
func onOldDatabases(t *testing.T, below int, fn func(t *testing.T, s *sqlstore.Store, d sqlstore.Dialect)) {
	run := func(t *testing.T, db *sql.DB, d sqlstore.Dialect) {
		t.Cleanup(func() { db.Close() })
		s := sqlstore.New(db, db, d)
		if err := s.MigrateBelow(context.Background(), below); err != nil {
			t.Fatal(err)
		}
		fn(t, s, d)
	}
	t.Run("sqlite", func(t *testing.T) {
		db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "old.db")+"?_pragma=foreign_keys(1)&_time_format=sqlite")
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		run(t, db, sqlite.Dialect)
	})
	t.Run("postgres", func(t *testing.T) {
		db, err := sql.Open("pgx", pgtest.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		run(t, db, postgres.Dialect)
	})
}

// execer returns a function that runs one statement on s's database, in
// d's placeholders, and fails the test on an error.
func execer(t *testing.T, s *sqlstore.Store, d sqlstore.Dialect) func(q string, args ...any) {
	return func(q string, args ...any) {
		t.Helper()
		if _, err := s.DB().ExecContext(context.Background(), d.Rebind(q), args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}
