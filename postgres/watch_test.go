package postgres_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"masthead"
	"masthead/postgres"
	"masthead/postgres/pgtest"
)

// TestWatcher hears a change made on another connection, and reports a
// change again after its connection is cut, as notifications may have been
// lost in between.
func TestWatcher(t *testing.T) {
	dsn := pgtest.DSN(t)
	store, err := postgres.Open(context.Background(), dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var calls atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- postgres.Watcher{DSN: dsn}.WatchChanges(ctx, func() { calls.Add(1) }) }()
	wait := func(what string, n int64) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for calls.Load() < n {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d calls, want %d", what, calls.Load(), n)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	wait("the first call", 1)

	site := masthead.DefaultSite()
	site.Title = "Changed elsewhere"
	if err := store.UpdateSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	wait("a change on another connection", 2)

	// Cut the listening connection, as a network fault or a restart would.
	if _, err := store.DB().Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'`); err != nil {
		t.Fatal(err)
	}
	wait("the flush after reconnecting", 3)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
