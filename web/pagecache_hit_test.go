package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead"
)

// hitWriter is a ResponseWriter that keeps nothing but the status and the
// byte count, and reuses its header map, so that measuring a hit measures
// the server's work and not a recorder's.
type hitWriter struct {
	header http.Header
	status int
	n      int
}

func (w *hitWriter) Header() http.Header { return w.header }
func (w *hitWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *hitWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.n += len(b)
	return len(b), nil
}

// reset readies w for the next response.
func (w *hitWriter) reset() {
	clear(w.header)
	w.status, w.n = 0, 0
}

// hitRig is a fixture site with the page cache on and its lead article
// cached, for measuring and checking hits.
type hitRig struct {
	server *Server
	path   string
}

func newHitRig(t testing.TB) *hitRig {
	t.Helper()
	f := newFixture(t)
	srv, err := NewServer(f.store, Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }, PageCacheBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.WatchChanges(ctx, announcer{}) }()
	t.Cleanup(func() { cancel(); <-done })
	deadline := time.Now().Add(5 * time.Second)
	for !srv.watching() {
		if time.Now().After(deadline) {
			t.Fatal("the watcher did not start")
		}
		time.Sleep(time.Millisecond)
	}
	rig := &hitRig{server: srv, path: f.lead.Path(time.UTC)}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", rig.path, nil))
	if rec.Code != http.StatusOK || rec.Header().Get("X-Cache") != "miss" {
		t.Fatalf("the first request: status %d, X-Cache %q", rec.Code, rec.Header().Get("X-Cache"))
	}
	return rig
}

// BenchmarkCachedPageHit serves a cached article as wrk asks for it (no
// Accept-Encoding) and as a browser does, through the whole handler.
func BenchmarkCachedPageHit(b *testing.B) {
	rig := newHitRig(b)
	for _, bc := range []struct{ name, acceptEncoding string }{{"identity", ""}, {"browser", "gzip, deflate, br, zstd"}} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", rig.path, nil)
			if bc.acceptEncoding != "" {
				req.Header.Set("Accept-Encoding", bc.acceptEncoding)
			}
			w := &hitWriter{header: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				w.reset()
				rig.server.ServeHTTP(w, req)
				if w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
			}
		})
	}
}

// withoutPerResponse returns a copy of h without the headers that
// differ between two answers by nature: the date, and X-Cache, which
// says which of the two it was.
func withoutPerResponse(h http.Header) http.Header {
	h = h.Clone()
	h.Del("Date")
	h.Del("X-Cache")
	return h
}

// withoutEncoding returns a copy of h without the headers of the body's
// encoding. A fill compresses gzip alone and the first hit adds brotli
// and zstd, so a miss and the hit after it may send the page in two
// encodings.
func withoutEncoding(h http.Header) http.Header {
	h = h.Clone()
	h.Del("Content-Encoding")
	h.Del("Content-Length")
	h.Del("Etag")
	return h
}

// TestHitHeadersAreTheMissHeaders: a hit, answered before the rest of
// the chain, carries exactly the headers of the miss that stored the page
// (the security headers, HSTS over https only, Cache-Control,
// Surrogate-Key, Vary ...) but for X-Cache and the body's encoding, and
// every later hit exactly those of the first, on every kind of page and
// for every encoding, over the wire.
func TestHitHeadersAreTheMissHeaders(t *testing.T) {
	for _, base := range []string{"https://observer.example", "http://observer.example"} {
		t.Run(base, func(t *testing.T) {
			rig := newCommentRig(t, withPageCache, func(o *Options) { o.BaseURL = base })
			watch(t, rig.server, announcer{})
			ts := httptest.NewServer(rig.server)
			t.Cleanup(ts.Close)
			site := &cachedSite{commentRig: rig, http: ts}
			for _, path := range []string{rig.path, "/", "/category/local/", "/feed/", "/sitemap.xml", "/robots.txt",
				"/api/v1/articles", "/search/?q=harbour"} {
				for _, enc := range []string{"", "br", "gzip, deflate, br, zstd", "gzip"} {
					site.server.Purge([]masthead.ChangeKey{masthead.KeyAll})
					header := map[string]string{"Accept-Encoding": enc}
					// A page with a query is stored from its second request
					// on: the last miss before the first hit stored it.
					miss := site.fetch(t, "GET", path, header)
					hit := site.fetch(t, "GET", path, header)
					if hit.cache() == "miss" && strings.Contains(path, "?") {
						miss, hit = hit, site.fetch(t, "GET", path, header)
					}
					if miss.cache() != "miss" || hit.cache() != "hit" {
						t.Fatalf("%s (%q): X-Cache %q then %q", path, enc, miss.cache(), hit.cache())
					}
					if want, got := withoutEncoding(withoutPerResponse(miss.header)), withoutEncoding(withoutPerResponse(hit.header)); !reflect.DeepEqual(want, got) {
						t.Errorf("%s (%q): the hit's headers\n%v\ndiffer from the miss's\n%v", path, enc, got, want)
					}
					if again := site.fetch(t, "GET", path, header); !reflect.DeepEqual(withoutPerResponse(again.header), withoutPerResponse(hit.header)) {
						t.Errorf("%s (%q): the second hit's headers\n%v\ndiffer from the first's\n%v", path, enc, again.header, hit.header)
					}
					// robots.txt is too small to be worth compressing.
					if want := map[string]string{"": "", "br": "br", "gzip": "gzip", "gzip, deflate, br, zstd": "br"}[enc]; path != "/robots.txt" && hit.header.Get("Content-Encoding") != want {
						t.Errorf("%s (%q): a hit in %q, want %q", path, enc, hit.header.Get("Content-Encoding"), want)
					}
					hsts := hit.header.Get("Strict-Transport-Security")
					if https := strings.HasPrefix(base, "https:"); https != (hsts != "") {
						t.Errorf("%s on %s: Strict-Transport-Security %q", path, base, hsts)
					}
					if hit.header.Get("Content-Security-Policy") != contentSecurityPolicy || hit.header.Get("X-Frame-Options") != "DENY" {
						t.Errorf("%s: a hit lacks the security headers: %v", path, hit.header)
					}
				}
			}
		})
	}
}

// TestHitsAreLoggedAndPassTheGates: a hit is logged at debug level,
// the miss before it at info, and it is served while every place for
// renders is taken, since it renders nothing.
func TestHitsAreLoggedAndPassTheGates(t *testing.T) {
	var logged syncBuffer
	rig := newCommentRig(t, withPageCache, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
		o.Capacity = Capacity{Pages: GateLimits{InFlight: 1, Queue: 1, Wait: 20 * time.Millisecond}}
	})
	watch(t, rig.server, announcer{})
	if res := get(t, rig.server, "GET", rig.path); res.status != 200 || res.header.Get("X-Cache") != "miss" {
		t.Fatalf("the first request: %d, X-Cache %q", res.status, res.header.Get("X-Cache"))
	}
	leave, err := rig.server.gates.pages.Enter(context.Background())
	must(t, err)
	defer leave()
	if res := get(t, rig.server, "GET", rig.path); res.status != 200 || res.header.Get("X-Cache") != "hit" {
		t.Fatalf("a hit while the gate is full: %d, X-Cache %q", res.status, res.header.Get("X-Cache"))
	}
	if res := get(t, rig.server, "GET", "/"); res.status != http.StatusServiceUnavailable {
		t.Errorf("a page to render while the gate is full: %d, want 503", res.status)
	}
	for level, want := range map[string]int{"INFO": 1, "DEBUG": 1} {
		line := "level=" + level + " msg=request method=GET path=" + rig.path + " status=200 duration="
		if n := strings.Count(logged.String(), line); n != want {
			t.Errorf("%d %s lines for %s, want %d:\n%s", n, level, rig.path, want, logged.String())
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestPersonalCookiesAmongOthers: the personal cookies make a request
// bypass the cache wherever they stand among a reader's other cookies,
// and cookies that only look like them do not.
func TestPersonalCookiesAmongOthers(t *testing.T) {
	for _, tc := range []struct {
		cookies  []string
		personal bool
	}{
		{nil, false},
		{[]string{"_ga=GA1.2.3; consent=yes"}, false},
		{[]string{regularCookie + "=abc"}, false},
		{[]string{sessionCookie + "x=1", "x" + pendingCookie + "=1"}, false},
		{[]string{"_ga=GA1.2.3; " + pendingCookie + "=1~x; consent=yes"}, true},
		{[]string{"_ga=1", " " + commenterCookie + "=n%3DFay"}, true},
		{[]string{sessionCookie + "=token"}, true},
		{[]string{"a=1;" + sessionCookie + "="}, true},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		for _, c := range tc.cookies {
			r.Header.Add("Cookie", c)
		}
		if got := hasPersonalCookie(r); got != tc.personal {
			t.Errorf("Cookie %q: personal %v, want %v", tc.cookies, got, tc.personal)
		}
	}
	site := newCachedSite(t, announcer{})
	site.get(t, site.path)
	for _, line := range []string{"_ga=GA1.2.3; " + pendingCookie + "=1~x", "_ga=GA1.2.3; consent=yes"} {
		res := site.fetch(t, "GET", site.path, map[string]string{"Cookie": line})
		want := "hit"
		if strings.Contains(line, pendingCookie) {
			want = "bypass"
		}
		if res.cache() != want {
			t.Errorf("Cookie %q: X-Cache %q, want %q", line, res.cache(), want)
		}
	}
}

// TestHitAllocatesNothing: serving a cached page, security headers and
// log line included, allocates nothing of its own.
func TestHitAllocatesNothing(t *testing.T) {
	rig := newHitRig(t)
	for _, enc := range []string{"", "gzip, deflate, br, zstd"} {
		req := httptest.NewRequest("GET", rig.path, nil)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		w := &hitWriter{header: http.Header{}}
		allocs := testing.AllocsPerRun(200, func() {
			w.reset()
			rig.server.ServeHTTP(w, req)
		})
		if w.status != http.StatusOK || w.header.Get("X-Cache") != "hit" {
			t.Fatalf("status %d, X-Cache %q", w.status, w.header.Get("X-Cache"))
		}
		if allocs > 0 {
			t.Errorf("a hit (Accept-Encoding %q) allocates %.0f times", enc, allocs)
		}
	}
}
