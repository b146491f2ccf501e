// Package pgtest gives tests a fresh PostgreSQL schema on the throwaway
// server that the README's test command starts.
package pgtest

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

var seq atomic.Int64

// DSN returns the URL of a new, empty schema on the test server, dropped
// when the test ends. Without a server it skips the test, or fails it when
// MASTHEAD_REQUIRE_TOOLS=1 (the test command sets it: CI never passes by
// skipping).
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("MASTHEAD_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("MASTHEAD_REQUIRE_TOOLS") == "1" {
			t.Fatal("MASTHEAD_TEST_POSTGRES is not set, and the test command requires PostgreSQL")
		}
		t.Skip("set MASTHEAD_TEST_POSTGRES to a throwaway server (the README's test command starts one)")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("test_%d_%d", os.Getpid(), seq.Add(1))
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if admin, err := sql.Open("pgx", dsn); err == nil {
			admin.Exec("DROP SCHEMA " + schema + " CASCADE")
			admin.Close()
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
