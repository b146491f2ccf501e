package overload

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// TestGateBounds: with every place taken, the queue waits, and the
// caller beyond the queue is refused at once; a freed place goes to a
// waiter.
func TestGateBounds(t *testing.T) {
	g := NewGate("test", 2, 1, time.Second)
	var leaves []func()
	for range 2 {
		leave, err := g.Enter(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		leaves = append(leaves, leave)
	}
	queued := make(chan error, 1)
	go func() {
		leave, err := g.Enter(context.Background())
		if err == nil {
			leave()
		}
		queued <- err
	}()
	for g.Stats().Waiting == 0 {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	if _, err := g.Enter(context.Background()); !errors.Is(err, ErrBusy) {
		t.Fatalf("beyond the queue: %v, want ErrBusy", err)
	}
	if waited := time.Since(start); waited > 100*time.Millisecond {
		t.Errorf("the refusal took %v: it must not wait", waited)
	}
	leaves[0]()
	if err := <-queued; err != nil {
		t.Fatalf("the waiter was not admitted when a place freed: %v", err)
	}
	leaves[1]()
	if s := g.Stats(); s.InFlight != 0 || s.Admitted != 3 || s.Refused != 1 {
		t.Errorf("stats = %+v", s)
	}
}

// TestGateWaitRunsOut: a waiter whose wait ends without a free place is
// refused, and one whose client goes away leaves the queue.
func TestGateWaitRunsOut(t *testing.T) {
	g := NewGate("test", 1, 2, 50*time.Millisecond)
	leave, _ := g.Enter(context.Background())
	defer leave()
	if _, err := g.Enter(context.Background()); !errors.Is(err, ErrBusy) {
		t.Fatalf("after the wait: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.Enter(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled waiter: %v", err)
	}
	if s := g.Stats(); s.Waiting != 0 {
		t.Errorf("%d still waiting", s.Waiting)
	}
}

// TestGateUnderFlood: however many arrive at once, no more than the
// limit are ever in flight, and everyone is answered.
func TestGateUnderFlood(t *testing.T) {
	g := NewGate("test", 4, 8, 20*time.Millisecond)
	var inFlight, most, admitted, refused int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 500 {
		wg.Go(func() {
			leave, err := g.Enter(context.Background())
			mu.Lock()
			if err != nil {
				refused++
				mu.Unlock()
				return
			}
			admitted++
			inFlight++
			most = max(most, inFlight)
			mu.Unlock()
			time.Sleep(time.Millisecond)
			mu.Lock()
			inFlight--
			mu.Unlock()
			leave()
		})
	}
	wg.Wait()
	if most > 4 || admitted+refused != 500 || admitted < 4 || refused == 0 {
		t.Errorf("most in flight %d, admitted %d, refused %d", most, admitted, refused)
	}
}
