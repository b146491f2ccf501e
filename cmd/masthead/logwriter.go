package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// logFlushEvery is the longest a line of the server's log waits in its
// buffer.
const logFlushEvery = 100 * time.Millisecond

// logBufferBytes is the log buffer's size: a burst of lines larger than
// that goes out at once.
const logBufferBytes = 64 << 10

// batchedLog gathers the server's log lines and writes them in batches:
// one line a request is a write to the log a request, which at the rate
// of cached pages cost as much as answering. Lines wait at most
// logFlushEvery; a warning or an error, and everything before it, goes
// out at once (see flushOnWarnings), and Close writes what is left.
type batchedLog struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

// newBatchedLog returns a batchedLog writing to w, which it flushes
// every so often (logFlushEvery for the server) until Close.
func newBatchedLog(w io.Writer, every time.Duration) *batchedLog {
	l := &batchedLog{buf: bufio.NewWriterSize(w, logBufferBytes), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-l.stop:
				return
			case <-tick.C:
				l.Flush()
			}
		}
	}()
	return l
}

// Write adds p, a whole line as slog writes them, to the buffer.
func (l *batchedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// Flush writes what the buffer holds.
func (l *batchedLog) Flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Flush()
}

// Close stops the flushing and writes what is left.
func (l *batchedLog) Close() error {
	close(l.stop)
	<-l.done
	return l.Flush()
}

// flushOnWarnings is a slog.Handler that flushes the batched log after
// every record of level Warn or above, so that what goes wrong is seen
// when it happens, in order with the lines before it.
type flushOnWarnings struct {
	slog.Handler
	log *batchedLog
}

func (h flushOnWarnings) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		h.log.Flush()
	}
	return err
}

func (h flushOnWarnings) WithAttrs(attrs []slog.Attr) slog.Handler {
	return flushOnWarnings{Handler: h.Handler.WithAttrs(attrs), log: h.log}
}

func (h flushOnWarnings) WithGroup(name string) slog.Handler {
	return flushOnWarnings{Handler: h.Handler.WithGroup(name), log: h.log}
}
