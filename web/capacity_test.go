package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestBusyClassAnswers503: when a class's places and queue are taken, its
// requests are answered 503 with Retry-After at once and without a
// query, while the health check and the other classes still answer.
func TestBusyClassAnswers503(t *testing.T) {
	f := newFixture(t)
	srv, err := NewServer(f.store, Options{BaseURL: "https://observer.example",
		Capacity: Capacity{Pages: GateLimits{InFlight: 1, Queue: 1, Wait: 20 * time.Millisecond}}})
	must(t, err)
	leave, err := srv.gates.pages.Enter(context.Background())
	must(t, err)
	for _, path := range []string{"/", f.lead.Path(time.UTC), "/feed/", "/api/v1/articles"} {
		res := get(t, srv, "GET", path)
		if res.status != http.StatusServiceUnavailable || res.header.Get("Retry-After") == "" {
			t.Errorf("%s while pages are full: status %d, Retry-After %q", path, res.status, res.header.Get("Retry-After"))
		}
	}
	if res := get(t, srv, "GET", "/api/v1/articles"); !strings.Contains(res.body, `"busy"`) {
		t.Errorf("the API's busy answer is not its JSON error: %s", res.body)
	}
	for _, path := range []string{"/healthz", "/admin/login", "/static/css/site.css"} {
		if res := get(t, srv, "GET", path); res.status == http.StatusServiceUnavailable {
			t.Errorf("%s is turned away when only pages are full", path)
		}
	}
	leave()
	if res := get(t, srv, "GET", "/"); res.status != http.StatusOK {
		t.Errorf("the home page once a place is free: %d", res.status)
	}
}

// overloadHeapBound is the most the heap may hold while a thousand
// readers arrive at once, test client included; README states it.
const overloadHeapBound = 128 << 20

// TestOverloadSheds: a thousand readers at once on an article get either
// the page or a quick 503, the health check keeps answering quickly
// through it, and the server serves normally as soon as they are gone.
func TestOverloadSheds(t *testing.T) {
	if testing.Short() {
		t.Skip("a thousand connections")
	}
	f := newFixture(t)
	srv, err := NewServer(f.store, Options{BaseURL: "https://observer.example",
		Capacity: Capacity{Pages: GateLimits{InFlight: 4, Queue: 16, Wait: 50 * time.Millisecond}}})
	must(t, err)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 0, MaxIdleConnsPerHost: 1000}, Timeout: 30 * time.Second}
	article := ts.URL + f.lead.Path(time.UTC)
	var ok, shed, other atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 1000 {
		wg.Go(func() {
			<-start
			res, err := client.Get(article)
			if err != nil {
				other.Add(1)
				return
			}
			res.Body.Close()
			switch {
			case res.StatusCode == http.StatusOK:
				ok.Add(1)
			case res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("Retry-After") != "":
				shed.Add(1)
			default:
				other.Add(1)
			}
		})
	}
	// The heap is sampled through the flood: refusing is meant to cost
	// next to nothing, so it stays far below the bound README states.
	var peak atomic.Uint64
	sampling := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-sampling:
				return
			case <-time.After(10 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
		}
	}()
	close(start)
	var slowest time.Duration
	for range 5 {
		began := time.Now()
		res, err := client.Get(ts.URL + "/healthz")
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("healthz during the flood: %v %v", res, err)
		}
		res.Body.Close()
		slowest = max(slowest, time.Since(began))
		time.Sleep(20 * time.Millisecond)
	}
	wg.Wait()
	close(sampling)
	if peak.Load() > overloadHeapBound {
		t.Errorf("the heap reached %d MB during the flood, over the %d MB bound", peak.Load()>>20, overloadHeapBound>>20)
	}
	if other.Load() != 0 || ok.Load() == 0 || shed.Load() == 0 {
		t.Errorf("of 1,000: %d pages, %d shed, %d other answers or errors", ok.Load(), shed.Load(), other.Load())
	}
	if slowest > 3*time.Second {
		t.Errorf("the health check took %v during the flood", slowest)
	}
	if res, err := client.Get(article); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("after the flood: %v %v", res, err)
	} else {
		res.Body.Close()
	}
	t.Logf("of 1,000 at once: %d served, %d shed; slowest health check %v; peak heap %d MB (test client included)",
		ok.Load(), shed.Load(), slowest, peak.Load()>>20)
}
