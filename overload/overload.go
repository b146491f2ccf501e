// Package overload bounds the work a server takes on at once. Requests are
// sorted into classes (rendering pages, posting comments, uploading,
// working in the admin), and each class has a gate: a fixed number of
// requests in flight, a short queue behind them that waits a bounded
// time, and beyond that an immediate refusal that tells the client when
// to come back. A flood then costs a refusal each, not a goroutine, a
// buffer and a database connection each, and the server recovers by
// itself as soon as the flood stops, since nothing piles up.
package overload

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// ErrBusy is why a gate turned a request away.
var ErrBusy = errors.New("The site is busy; please try again in a moment.")

// Gate admits at most InFlight requests of its class at once and lets at
// most Queue more wait, each for at most Wait, for a free place.
type Gate struct {
	name    string
	slots   chan struct{}
	waiting chan struct{}
	wait    time.Duration

	admitted, refused atomic.Int64
}

// NewGate returns a gate for the class called name.
func NewGate(name string, inFlight, queue int, wait time.Duration) *Gate {
	return &Gate{name: name, slots: make(chan struct{}, max(1, inFlight)), waiting: make(chan struct{}, max(0, queue)), wait: wait}
}

// Enter admits the caller, who must call leave when done, or returns
// ErrBusy when every place and every queue position is taken, or when
// the wait ran out, or ctx's error when the caller gave up first.
func (g *Gate) Enter(ctx context.Context) (leave func(), err error) {
	select {
	case g.slots <- struct{}{}:
		g.admitted.Add(1)
		return g.leave, nil
	default:
	}
	select {
	case g.waiting <- struct{}{}:
	default:
		g.refused.Add(1)
		return nil, ErrBusy
	}
	defer func() { <-g.waiting }()
	timer := time.NewTimer(g.wait)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
		g.admitted.Add(1)
		return g.leave, nil
	case <-timer.C:
		g.refused.Add(1)
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (g *Gate) leave() { <-g.slots }

// RetryAfter is how long a refused client should wait: the queue's wait,
// at least a second.
func (g *Gate) RetryAfter() time.Duration { return max(time.Second, g.wait) }

// Stats is what a gate has done, for logs and status pages.
type Stats struct {
	Name               string
	InFlight, Waiting  int
	Admitted, Refused  int64
	MaxInFlight, Queue int
}

// Stats reports the gate's counts now.
func (g *Gate) Stats() Stats {
	return Stats{Name: g.name, InFlight: len(g.slots), Waiting: len(g.waiting), Admitted: g.admitted.Load(), Refused: g.refused.Load(),
		MaxInFlight: cap(g.slots), Queue: cap(g.waiting)}
}
