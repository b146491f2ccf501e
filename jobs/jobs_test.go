package jobs

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// scripted leads in the rounds its script says.
type scripted struct {
	mu       sync.Mutex
	script   []bool
	round    int
	released bool
}

func (s *scripted) Lead(context.Context) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	lead := s.script[min(s.round, len(s.script)-1)]
	s.round++
	return lead, nil
}

func (s *scripted) Release() { s.mu.Lock(); s.released = true; s.mu.Unlock() }

// TestRunOnlyWhileLeading runs a job for six rounds while leadership comes
// and goes, and checks that it ran in exactly the leading rounds.
func TestRunOnlyWhileLeading(t *testing.T) {
	leader := &scripted{script: []bool{false, true, true, false, true, false}}
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	runs, rounds := 0, 0
	var changes []bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		Run(ctx, leader, time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)),
			func(lead bool) { mu.Lock(); changes = append(changes, lead); mu.Unlock() },
			Job{Name: "count", Run: func(context.Context) (int, error) {
				mu.Lock()
				defer mu.Unlock()
				runs++
				return 1, nil
			}})
	}()
	for {
		leader.mu.Lock()
		rounds = leader.round
		leader.mu.Unlock()
		if rounds >= 6 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if runs != 3 {
		t.Errorf("the job ran %d times in the first six rounds, want the 3 leading ones", runs)
	}
	if len(changes) < 4 || !changes[0] || changes[1] || !changes[2] || changes[3] {
		t.Errorf("leadership changes = %v, want won, lost, won, lost", changes)
	}
	if !leader.released {
		t.Error("Run did not release leadership when it stopped")
	}
}

func TestSoloAlwaysLeads(t *testing.T) {
	if lead, err := (Solo{}).Lead(context.Background()); !lead || err != nil {
		t.Fatalf("Solo.Lead = %v, %v", lead, err)
	}
}

// TestWakeRunsAtOnce wakes a job between rounds of a long interval: it
// runs at once, while the process leads, and the other job does not.
func TestWakeRunsAtOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wake := make(chan struct{}, 1)
	ran := make(chan string, 10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		Run(ctx, Solo{}, time.Hour, slog.New(slog.NewTextHandler(io.Discard, nil)), nil,
			Job{Name: "publish", Run: func(context.Context) (int, error) { ran <- "publish"; return 0, nil }},
			Job{Name: "mail", Wake: wake, Run: func(context.Context) (int, error) { ran <- "mail"; return 0, nil }})
	}()
	// The first round runs both.
	for _, want := range []string{"publish", "mail"} {
		if got := <-ran; got != want {
			t.Fatalf("first round ran %q, want %q", got, want)
		}
	}
	wake <- struct{}{}
	select {
	case got := <-ran:
		if got != "mail" {
			t.Fatalf("a wake ran %q, want the woken job", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a wake did not run its job before the next round")
	}
	cancel()
	<-done
}

// TestEvery runs a job that may run once an hour for many quick rounds,
// beside one that runs every round, and checks that it ran once.
func TestEvery(t *testing.T) {
	leader := &scripted{script: []bool{true}}
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	hourly, always := 0, 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		Run(ctx, leader, time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)), nil,
			Job{Name: "hourly", Every: time.Hour, Run: func(context.Context) (int, error) { mu.Lock(); hourly++; mu.Unlock(); return 0, nil }},
			Job{Name: "always", Run: func(context.Context) (int, error) { mu.Lock(); always++; mu.Unlock(); return 0, nil }})
	}()
	for {
		mu.Lock()
		n := always
		mu.Unlock()
		if n >= 5 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	if hourly != 1 {
		t.Errorf("the hourly job ran %d times in %d rounds, want once", hourly, always)
	}
}
