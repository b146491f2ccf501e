package main

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
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
