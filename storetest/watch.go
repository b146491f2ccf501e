package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead"
)

// WatchChanges runs w until the test ends and returns what it reports,
// one report at a time, once its first report (KeyAll, at the start) has
// come.
func WatchChanges(t *testing.T, w masthead.ChangeWatcher) <-chan []masthead.ChangeKey {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reports := make(chan []masthead.ChangeKey, 1000)
	done := make(chan error, 1)
	go func() {
		done <- w.WatchChanges(ctx, func(keys []masthead.ChangeKey) { reports <- slices.Clone(keys) })
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("the watcher stopped with %v", err)
		}
	})
	WantReport(t, "the watcher's start", reports, 5*time.Second, masthead.KeyAll)
	return reports
}

// WantReport waits at most within for the next report of a watcher and
// checks that it holds exactly want, in order.
func WantReport(t *testing.T, what string, reports <-chan []masthead.ChangeKey, within time.Duration, want ...masthead.ChangeKey) {
	t.Helper()
	select {
	case got := <-reports:
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s: the watcher reported the wrong keys (-want +got):\n%s", what, diff)
		}
	case <-time.After(within):
		t.Fatalf("%s: the watcher reported nothing within %v, want %v", what, within, want)
	}
}
