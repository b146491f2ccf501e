package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead/sqlite"
	"masthead/web"
)

// lockedBuffer is a bytes.Buffer that the log's flusher and the test may
// use at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestBatchedLogFlushes: a line waits in the buffer no longer than the
// flush interval, and goes out whole.
func TestBatchedLogFlushes(t *testing.T) {
	var out lockedBuffer
	batched := newBatchedLog(&out, 10*time.Millisecond)
	defer batched.Close()
	logger := slog.New(flushOnWarnings{Handler: slog.NewTextHandler(batched, nil), log: batched})
	logger.Info("first", "n", 1)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "msg=first n=1\n") {
		if time.Now().After(deadline) {
			t.Fatalf("an info line was not written within 5s: %q", out.String())
		}
		time.Sleep(time.Millisecond)
	}
}

// TestBatchedLogWarnings: a warning goes out at once, after the lines
// before it and in their order, through loggers with attributes and
// groups too; Close writes whatever is left.
func TestBatchedLogWarnings(t *testing.T) {
	var out lockedBuffer
	batched := newBatchedLog(&out, time.Hour)
	logger := slog.New(flushOnWarnings{Handler: slog.NewTextHandler(batched, nil), log: batched}).With("node", "a").WithGroup("g")
	logger.Info("first")
	if s := out.String(); s != "" {
		t.Fatalf("an info line went out before its time: %q", s)
	}
	logger.Warn("trouble")
	s := out.String()
	if i, j := strings.Index(s, "msg=first node=a"), strings.Index(s, "msg=trouble node=a"); i < 0 || j < i {
		t.Fatalf("the warning did not go out at once after the line before it: %q", s)
	}
	logger.Info("last")
	if err := batched.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "msg=last") {
		t.Fatalf("Close did not write the last line: %q", out.String())
	}
}

// TestPageCacheCountsAreLogged: the page cache's counts are logged at
// the end of a period in which it served pages, and not after one in
// which nothing moved.
func TestPageCacheCountsAreLogged(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	srv, err := web.NewServer(store, web.Options{BaseURL: "https://news.example", PageCacheBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	watched := make(chan error, 1)
	go func() { watched <- srv.WatchChanges(ctx, sqlite.Watcher{Store: store}) }()
	defer func() { cancel(); <-watched }()
	var out lockedBuffer
	logger := slog.New(slog.NewTextHandler(&out, nil))
	logged := make(chan struct{})
	go func() { defer close(logged); logPageCacheCounts(ctx, srv, logger, 20*time.Millisecond) }()
	// Ask until the first hit (the watcher's first report turns the
	// cache on), then ask no more.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if time.Now().After(deadline) {
			t.Fatal("robots.txt was never served from the cache")
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", "/robots.txt", nil))
		if rec.Header().Get("X-Cache") == "hit" {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	for !strings.Contains(out.String(), `msg="page cache" hits=1 `) {
		if time.Now().After(deadline) {
			t.Fatalf("the hit was not logged: %q", out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // five periods with nothing new
	if n := strings.Count(out.String(), "hits=1 "); n != 1 {
		t.Errorf("the same counts were logged %d times:\n%s", n, out.String())
	}
	cancel()
	<-logged
}
