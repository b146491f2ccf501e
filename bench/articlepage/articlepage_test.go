// Package articlepage benchmarks the uncached article page on a large
// site: random articles of a site that `go run ./bench/site -keep` filled
// (100,000 articles and a million comments at -sizes 100000), served by
// the real handler (httptest) with the page cache off and the settings
// cached as serve caches them, one request at a time and 32 at once. It
// reports the statements a page runs and the processor time a page takes
// (cpu-ns/op, steadier than the wall-clock time on a shared machine)
// beside the time and allocations, so that a profile (-cpuprofile,
// -memprofile) can be read per page.
//
//	BENCH_SITE_DIR=/tmp/masthead-bench-NNN/site-100000 \
//	  go test -run '^$' -bench . -benchtime 2000x ./bench/articlepage/
//
// BENCH_SITE_DIR is the kept site's folder, holding data/masthead.db and
// articles.txt (the addresses of the load). Without it the benchmark is
// skipped: it measures a filled archive, not a fresh one.
package articlepage

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"masthead/sqlite"
	"masthead/web"
)

func BenchmarkArticle(b *testing.B) {
	dir := os.Getenv("BENCH_SITE_DIR")
	if dir == "" {
		b.Skip("BENCH_SITE_DIR names no site kept by bench/site -keep")
	}
	ctx := context.Background()
	list, err := os.ReadFile(filepath.Join(dir, "articles.txt"))
	if err != nil {
		b.Fatal(err)
	}
	paths := strings.Fields(string(list))
	store, err := sqlite.Open(ctx, filepath.Join(dir, "data", "masthead.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	srv, err := web.NewServer(store, web.Options{BaseURL: "http://127.0.0.1"})
	if err != nil {
		b.Fatal(err)
	}
	watchCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.WatchChanges(watchCtx, sqlite.Watcher{Store: store}) }()
	defer func() { stop(); <-done }()
	var statements atomic.Int64
	store.OnQuery = func(string) { statements.Add(1) }
	serve := func(r *rand.Rand) int {
		rec := httptest.NewRecorder()
		path := paths[r.IntN(len(paths))]
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: status %d", path, rec.Code)
		}
		return rec.Body.Len()
	}
	// The settings' cache fills with the watcher's first report.
	warm := rand.New(rand.NewPCG(1, 1))
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		serve(warm)
		if statements.Swap(0) < 30 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	for range 50 {
		serve(warm)
	}
	b.Run("one-at-a-time", func(b *testing.B) {
		r := rand.New(rand.NewPCG(2, 3))
		statements.Store(0)
		bytes := 0
		b.ReportAllocs()
		start := cpuTime()
		for b.Loop() {
			bytes += serve(r)
		}
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(statements.Load())/float64(b.N), "statements/page")
		b.ReportMetric(float64(bytes)/float64(b.N), "bytes/page")
	})
	b.Run("32-at-once", func(b *testing.B) {
		statements.Store(0)
		b.SetParallelism(16) // 32 on two cores
		b.ReportAllocs()
		var seed atomic.Uint64
		start := cpuTime()
		b.RunParallel(func(pb *testing.PB) {
			r := rand.New(rand.NewPCG(seed.Add(1), 7))
			for pb.Next() {
				serve(r)
			}
		})
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(statements.Load())/float64(b.N), "statements/page")
	})
}
