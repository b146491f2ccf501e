package pagecache

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"masthead"
	"masthead/demo"
	"masthead/sqlite"
	"masthead/web"
)

// BenchmarkArticle serves the demo's article pages, one after another,
// as a browser asks for them (brotli accepted), with the page cache and
// without it.
func BenchmarkArticle(b *testing.B) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "masthead.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	if _, _, err := demo.Seed(ctx, store, time.Now()); err != nil {
		b.Fatal(err)
	}
	articles, _, err := store.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 20})
	if err != nil || len(articles) == 0 {
		b.Fatalf("no demo articles: %v", err)
	}
	site, err := store.FindSite(ctx)
	if err != nil {
		b.Fatal(err)
	}
	paths := make([]string, len(articles))
	for i, a := range articles {
		paths[i] = a.Path(site.Location())
	}
	for _, bc := range []struct {
		name  string
		bytes int64
	}{{"uncached", 0}, {"cached", web.DefaultPageCacheBytes}} {
		b.Run(bc.name, func(b *testing.B) {
			srv, err := web.NewServer(store, web.Options{BaseURL: "https://observer.example", PageCacheBytes: bc.bytes})
			if err != nil {
				b.Fatal(err)
			}
			// The settings are cached in both runs: only pages differ.
			watchCtx, stop := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- srv.WatchChanges(watchCtx, sqlite.Watcher{Store: store}) }()
			defer func() { stop(); <-done }()
			serve := func(path string) {
				req := httptest.NewRequest("GET", path, nil)
				req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: status %d", path, rec.Code)
				}
			}
			for _, p := range paths { // warm: templates, settings and, when on, the pages
				serve(p)
			}
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				serve(paths[i%len(paths)])
				i++
			}
		})
	}
}
