package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"masthead/demo"
	"masthead/media"
)

// BenchmarkHomePage renders the demo site's home page, with its pictures,
// its lead and its section blocks, without the page cache: what every
// reader's first request after a change costs.
//
//	go test -run '^$' -bench HomePage ./web/
func BenchmarkHomePage(b *testing.B) {
	store := newStore(b)
	dir := b.TempDir()
	if _, _, err := demo.SeedWithMedia(context.Background(), store, media.Dir(dir), now); err != nil {
		b.Fatal(err)
	}
	srv, err := NewServer(store, Options{BaseURL: "http://127.0.0.1", Now: func() time.Time { return now }, MediaDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
