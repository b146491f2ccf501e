package web

import (
	"bufio"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/hitserver"
)

// bothWays serves one Server twice over 127.0.0.1: through net/http
// alone (plain), and with hitserver answering the page cache's hits
// below net/http (fast), with the same limits.
type bothWays struct {
	*commentRig
	plain, fast string
	hits        *hitserver.Listener
}

func newBothWays(t *testing.T, limits hitserver.Options) *bothWays {
	t.Helper()
	rig := newCommentRig(t, withPageCache)
	watch(t, rig.server, announcer{})
	serve := func(ln net.Listener) {
		srv := &http.Server{Handler: rig.server, ReadHeaderTimeout: limits.ReadHeaderTimeout, IdleTimeout: limits.IdleTimeout,
			WriteTimeout: limits.WriteTimeout, MaxHeaderBytes: limits.MaxHeaderBytes}
		done := make(chan error, 1)
		go func() { done <- srv.Serve(ln) }()
		t.Cleanup(func() {
			srv.Close()
			if err := <-done; !errors.Is(err, http.ErrServerClosed) {
				t.Errorf("Serve: %v", err)
			}
		})
	}
	listen := func() net.Listener {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		must(t, err)
		return ln
	}
	plain, fast := listen(), listen()
	hits := hitserver.Listen(fast, hitserver.AnswerFunc(rig.server.AnswerHit), limits)
	serve(plain)
	serve(hits)
	return &bothWays{commentRig: rig, plain: plain.Addr().String(), fast: fast.Addr().String(), hits: hits}
}

var testLimits = hitserver.Options{ReadHeaderTimeout: 5 * time.Second, IdleTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second, MaxHeaderBytes: 8 << 10}

// wireAnswer is a response as read off the connection.
type wireAnswer struct {
	status int
	header http.Header
	body   string
}

// exchange sends raw on a new connection to addr and reads an answer
// for each method; a connection that hangs fails the test.
func exchange(t *testing.T, addr, raw string, methods ...string) []wireAnswer {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	must(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	var out []wireAnswer
	for _, m := range methods {
		res, err := http.ReadResponse(br, &http.Request{Method: m})
		if err != nil {
			t.Fatalf("reading the answer to %s: %v", m, err)
		}
		b, err := io.ReadAll(res.Body)
		must(t, err)
		out = append(out, wireAnswer{status: res.StatusCode, header: res.Header, body: string(b)})
	}
	return out
}

// request is a raw HTTP/1.1 request head for path with extra header
// lines.
func request(method, path string, lines ...string) string {
	return method + " " + path + " HTTP/1.1\r\nHost: observer.example\r\n" + strings.Join(append(lines, ""), "\r\n") + "\r\n"
}

// sameAnswers fails unless a and b have the same status, headers (but
// Date, which both must have) and body.
func sameAnswers(t *testing.T, what string, fast, plain wireAnswer) {
	t.Helper()
	for _, a := range []wireAnswer{fast, plain} {
		if _, err := http.ParseTime(a.header.Get("Date")); err != nil || len(a.header["Date"]) != 1 {
			t.Errorf("%s: Date %q", what, a.header["Date"])
		}
	}
	fh, ph := fast.header.Clone(), plain.header.Clone()
	fh.Del("Date")
	ph.Del("Date")
	if fast.status != plain.status || !reflect.DeepEqual(fh, ph) || fast.body != plain.body {
		t.Errorf("%s: below net/http %d %v (%d bytes), net/http %d %v (%d bytes)", what,
			fast.status, fh, len(fast.body), plain.status, ph, len(plain.body))
	}
}

// TestFastHitsAreNetHTTPsAnswers fetches the same pages from the same
// server with hits answered below net/http and without, and compares
// status, headers and body, for every encoding, 304s, HEAD and
// pipelined requests; what must not be a shared hit (a personal
// cookie, a staff session, a miss) is left to net/http.
func TestFastHitsAreNetHTTPsAnswers(t *testing.T) {
	site := newBothWays(t, testLimits)
	editor := addStaff(t, site.store, "Eda Editor", masthead.RoleEditor)
	session := signIn(t, site.server, editor.Email)
	for _, path := range []string{site.path, "/", "/feed/", "/api/v1/articles", "/robots.txt"} {
		exchange(t, site.plain, request("GET", path), "GET") // fills the cache
		etag := exchange(t, site.plain, request("GET", path, "Accept-Encoding: br"), "GET")[0].header.Get("Etag")
		for _, tc := range []struct {
			name, method string
			lines        []string
			fast         bool // whether the fast path answers it
		}{
			{"identity", "GET", nil, true},
			{"gzip", "GET", []string{"Accept-Encoding: gzip"}, true},
			{"br", "GET", []string{"Accept-Encoding: br"}, true},
			{"browser", "GET", []string{"Accept-Encoding: gzip, deflate, br, zstd"}, true},
			{"q-values", "GET", []string{"Accept-Encoding: br;q=0.2, gzip;q=0.8, *;q=0"}, true},
			{"304", "GET", []string{"Accept-Encoding: br", "If-None-Match: " + etag}, true},
			{"stale tag", "GET", []string{"Accept-Encoding: br", `If-None-Match: "other"`}, true},
			{"HEAD", "HEAD", []string{"Accept-Encoding: gzip"}, true},
			{"analytics cookie", "GET", []string{"Cookie: _ga=GA1.2.3"}, true},
			{"personal cookie", "GET", []string{"Cookie: _ga=1; " + commenterCookie + "=" + url.Values{"n": {"Fay"}}.Encode()}, false},
			{"staff session", "GET", []string{"Cookie: " + session.Name + "=" + session.Value}, false},
		} {
			what := path + " " + tc.name
			before := site.hits.Stats()
			fast := exchange(t, site.fast, request(tc.method, path, tc.lines...), tc.method)[0]
			after := site.hits.Stats()
			plain := exchange(t, site.plain, request(tc.method, path, tc.lines...), tc.method)[0]
			sameAnswers(t, what, fast, plain)
			if answered := after.Answered - before.Answered; answered != 0 && !tc.fast || answered != 1 && tc.fast {
				t.Errorf("%s: %d answered below net/http", what, answered)
			}
			if !tc.fast && fast.header.Get("X-Cache") != "bypass" {
				t.Errorf("%s: X-Cache %q", what, fast.header.Get("X-Cache"))
			}
		}
	}

	// Pipelined: both answers, in order, the same as net/http's.
	pair := request("GET", site.path, "Accept-Encoding: gzip") + request("HEAD", "/")
	before := site.hits.Stats()
	fast := exchange(t, site.fast, pair, "GET", "HEAD")
	plain := exchange(t, site.plain, pair, "GET", "HEAD")
	for i := range fast {
		sameAnswers(t, "pipelined", fast[i], plain[i])
	}
	if n := site.hits.Stats().Answered - before.Answered; n != 2 {
		t.Errorf("pipelined: %d answered below net/http, want 2", n)
	}
}

// TestFastHitsMissAndPurge: a page not cached goes to net/http, which
// fills the cache, and the next request is a hit below net/http; a
// change that purges the page reaches the ready bytes, so that the
// next reader gets the new page, not the stale one.
func TestFastHitsMissAndPurge(t *testing.T) {
	site := newBothWays(t, testLimits)
	editor := addStaff(t, site.store, "Eda Editor", masthead.RoleEditor)
	session := signIn(t, site.server, editor.Email)
	get := func() (wireAnswer, int64) {
		before := site.hits.Stats().Answered
		// gzip, which a fill makes: the miss and the hit send the same bytes.
		a := exchange(t, site.fast, request("GET", site.path, "Accept-Encoding: gzip"), "GET")[0]
		return a, site.hits.Stats().Answered - before
	}
	if a, fast := get(); a.header.Get("X-Cache") != "miss" || fast != 0 {
		t.Fatalf("the first request: X-Cache %q, %d answered below net/http", a.header.Get("X-Cache"), fast)
	}
	if a, fast := get(); a.header.Get("X-Cache") != "hit" || fast != 1 {
		t.Fatalf("the second request: X-Cache %q, %d answered below net/http", a.header.Get("X-Cache"), fast)
	}
	var held *masthead.Comment
	for _, c := range site.comments {
		if c.Status == masthead.CommentPending {
			held = c
		}
	}
	res := send(t, site.server, "POST", "/admin/comments", url.Values{"action": {"approve"}, "id": {itoa(held.ID)}}, session)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approving: status %d", res.StatusCode)
	}
	a, fast := get()
	if a.header.Get("X-Cache") != "miss" || fast != 0 {
		t.Fatalf("after the purge: X-Cache %q, %d answered below net/http", a.header.Get("X-Cache"), fast)
	}
	if b, fast := get(); fast != 1 || b.body != a.body {
		t.Fatalf("the hit after the purge: %d answered below net/http, same body %v", fast, b.body == a.body)
	}
}

// TestFastHitsBadRequests: a slow head is cut at the header timeout, an
// oversized head and a malformed request line get net/http's refusals
// (431, 400), on both servers alike, and nothing hangs.
func TestFastHitsBadRequests(t *testing.T) {
	limits := testLimits
	limits.ReadHeaderTimeout = 300 * time.Millisecond
	site := newBothWays(t, limits)
	exchange(t, site.plain, request("GET", site.path), "GET")
	for _, tc := range []struct{ name, raw string }{
		{"oversized", request("GET", site.path, "X-Big: "+strings.Repeat("b", 32<<10))},
		{"malformed", "GET " + site.path + " HTTP/1.1 x\r\nHost: a\r\n\r\n"},
		{"no host", "GET " + site.path + " HTTP/1.1\r\n\r\n"},
	} {
		sameStatus := exchange(t, site.fast, tc.raw, "GET")[0].status == exchange(t, site.plain, tc.raw, "GET")[0].status
		if !sameStatus {
			t.Errorf("%s: the two servers answered differently", tc.name)
		}
	}
	for _, addr := range []string{site.fast, site.plain} {
		c, err := net.Dial("tcp", addr)
		must(t, err)
		io.WriteString(c, "GET "+site.path+" HTTP/1.1\r\nHo")
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err = io.ReadAll(c)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Errorf("%s: a slow head was not cut within 5 s", addr)
		}
		c.Close()
	}
	if n := site.hits.Stats().Answered; n != 0 {
		t.Errorf("%d answered below net/http", n)
	}
}

// TestFastHitsAreLoggedAndCounted: a hit answered below net/http is
// counted by the page cache and logged at debug level, as serveHits
// logs one.
func TestFastHitsAreLoggedAndCounted(t *testing.T) {
	var logged syncBuffer
	rig := newCommentRig(t, withPageCache, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	watch(t, rig.server, announcer{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	hits := hitserver.Listen(ln, hitserver.AnswerFunc(rig.server.AnswerHit), testLimits)
	srv := &http.Server{Handler: rig.server}
	go srv.Serve(hits)
	t.Cleanup(func() { srv.Close() })
	addr := ln.Addr().String()
	exchange(t, addr, request("GET", rig.path), "GET")
	before, _ := rig.server.PageCacheStats()
	exchange(t, addr, request("HEAD", rig.path), "HEAD")
	after, _ := rig.server.PageCacheStats()
	if hits.Stats().Answered != 1 || after.Hits != before.Hits+1 {
		t.Errorf("answered below net/http %d, cache hits %d then %d", hits.Stats().Answered, before.Hits, after.Hits)
	}
	line := "level=DEBUG msg=request method=HEAD path=" + rig.path + " status=200 duration="
	if !strings.Contains(logged.String(), line) {
		t.Errorf("no debug line for the hit:\n%s", logged.String())
	}
}
