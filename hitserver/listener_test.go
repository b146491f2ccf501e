package hitserver

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// pages is an Answerer that holds one ready answer per path.
type pages struct {
	mu      sync.Mutex
	answers map[string]Answer
}

func (p *pages) Answer(req *Request) (Answer, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a, ok := p.answers[req.Path]
	if ok && req.Method == http.MethodHead {
		a.Body = nil
	}
	return a, ok
}

// hitBody is the body of the answer the tests' Answerer holds for /hit.
const hitBody = "a ready page"

func newPages() *pages {
	return &pages{answers: map[string]Answer{
		"/hit": {
			Status: []byte("HTTP/1.1 200 OK\r\n"),
			Fields: []byte("Content-Length: " + fmt.Sprint(len(hitBody)) + "\r\nContent-Type: text/plain\r\nX-Cache: hit\r\n\r\n"),
			Body:   []byte(hitBody),
		},
	}}
}

// rig is a Listener on 127.0.0.1 in front of an http.Server whose
// handler echoes the method, path and body of what it is handed.
type rig struct {
	listener *Listener
	server   *http.Server
	addr     string
}

func newRig(t *testing.T, opts Options) *rig {
	t.Helper()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := Listen(inner, newPages(), opts)
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			w.Header().Set("X-Cache", "net/http")
			fmt.Fprintf(w, "%s %s %s", r.Method, r.URL.RequestURI(), b)
		}),
		ReadHeaderTimeout: opts.ReadHeaderTimeout,
		IdleTimeout:       opts.IdleTimeout,
		WriteTimeout:      opts.WriteTimeout,
		MaxHeaderBytes:    opts.MaxHeaderBytes,
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
	})
	return &rig{listener: l, server: srv, addr: inner.Addr().String()}
}

// dial opens a connection to the rig, with a deadline far longer than
// any the tests wait for, so that a hang fails rather than blocks.
func (r *rig) dial(t *testing.T) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", r.addr)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	t.Cleanup(func() { c.Close() })
	return c
}

// exchange writes raw on c and reads one response for each method.
func exchange(t *testing.T, c net.Conn, raw string, methods ...string) []*http.Response {
	t.Helper()
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	var out []*http.Response
	for _, m := range methods {
		res, err := http.ReadResponse(br, &http.Request{Method: m})
		if err != nil {
			t.Fatalf("reading the answer to %s: %v", m, err)
		}
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		res.Body = io.NopCloser(strings.NewReader(string(b)))
		out = append(out, res)
	}
	return out
}

func bodyOf(t *testing.T, res *http.Response) string {
	t.Helper()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

var limits = Options{ReadHeaderTimeout: 5 * time.Second, IdleTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second, MaxHeaderBytes: 4096}

// TestHitsAnsweredAndTheRestHandedOff: on one kept connection, a hit is
// answered from ready bytes with a Date; a miss, then a POST with its
// body, go to net/http with every byte; after a hand-off net/http
// answers everything, hits too.
func TestHitsAnsweredAndTheRestHandedOff(t *testing.T) {
	r := newRig(t, limits)
	c := r.dial(t)
	res := exchange(t, c, "GET /hit HTTP/1.1\r\nHost: a\r\n\r\n", "GET")[0]
	if res.StatusCode != 200 || bodyOf(t, res) != hitBody || res.Header.Get("X-Cache") != "hit" {
		t.Fatalf("a hit: %d %v", res.StatusCode, res.Header)
	}
	if _, err := http.ParseTime(res.Header.Get("Date")); err != nil {
		t.Errorf("a hit's Date %q: %v", res.Header.Get("Date"), err)
	}
	if st := r.listener.Stats(); st.Answered != 1 || st.HandedOff != 0 {
		t.Errorf("after a hit: %+v", st)
	}
	head := exchange(t, c, "HEAD /hit HTTP/1.1\r\nHost: a\r\n\r\n", "HEAD")[0]
	if head.StatusCode != 200 || head.ContentLength != int64(len(hitBody)) || bodyOf(t, head) != "" {
		t.Errorf("HEAD: %d, length %d", head.StatusCode, head.ContentLength)
	}
	got := exchange(t, c, "GET /miss HTTP/1.1\r\nHost: a\r\n\r\n", "GET")[0]
	if b := bodyOf(t, got); b != "GET /miss " {
		t.Errorf("a miss: %q", b)
	}
	post := exchange(t, c, "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nx=1&y", "POST")[0]
	if b := bodyOf(t, post); b != "POST /form x=1&y" {
		t.Errorf("a POST after a hand-off: %q", b)
	}
	after := exchange(t, c, "GET /hit HTTP/1.1\r\nHost: a\r\n\r\n", "GET")[0]
	if after.Header.Get("X-Cache") != "net/http" {
		t.Errorf("a hit after the hand-off was not net/http's: %v", after.Header)
	}
	if st := r.listener.Stats(); st.Answered != 2 || st.HandedOff != 1 {
		t.Errorf("at the end: %+v", st)
	}
}

// TestPipelinedRequestsAnsweredInOrder: requests sent in one write are
// answered in their order, the hits below net/http and the first that
// is not by net/http, with what followed it.
func TestPipelinedRequestsAnsweredInOrder(t *testing.T) {
	r := newRig(t, limits)
	c := r.dial(t)
	raw := "GET /hit HTTP/1.1\r\nHost: a\r\n\r\n" + "HEAD /hit HTTP/1.1\r\nHost: a\r\n\r\n" + "GET /hit HTTP/1.1\r\nHost: a\r\n\r\n" +
		"POST /one HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc" + "GET /two HTTP/1.1\r\nHost: a\r\n\r\n"
	got := exchange(t, c, raw, "GET", "HEAD", "GET", "POST", "GET")
	want := []string{hitBody, "", hitBody, "POST /one abc", "GET /two "}
	for i, res := range got {
		if b := bodyOf(t, res); b != want[i] {
			t.Errorf("answer %d: %q, want %q", i, b, want[i])
		}
	}
	if st := r.listener.Stats(); st.Answered != 3 || st.HandedOff != 1 {
		t.Errorf("%+v", st)
	}
}

// TestDoubtfulRequestsGoToNetHTTP: whatever the fast path is not sure of
// reaches net/http exactly as sent.
func TestDoubtfulRequestsGoToNetHTTP(t *testing.T) {
	r := newRig(t, limits)
	for _, tc := range []struct{ raw, want string }{
		{"GET /hit?x=1 HTTP/1.1\r\nHost: a\r\n\r\n", "GET /hit?x=1 "},
		{"GET /hit HTTP/1.1\r\nHost: a\r\nRange: bytes=0-1\r\n\r\n", "GET /hit "},
		{"GET /hit HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "GET /hit "},
		{"GET /hit HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nab", "GET /hit ab"},
		{"GET /hit HTTP/1.0\r\nHost: a\r\n\r\n", "GET /hit "},
		{"GET /h%69t HTTP/1.1\r\nHost: a\r\n\r\n", "GET /h%69t "},
		{"GET /hit HTTP/1.1\nHost: a\n\n", "GET /hit "},
		{"GET /hit HTTP/1.1\r\nHost: a\r\nAccept-Encoding: br\r\nAccept-Encoding: gzip\r\n\r\n", "GET /hit "},
	} {
		c := r.dial(t)
		res := exchange(t, c, tc.raw, "GET")[0]
		if b := bodyOf(t, res); b != tc.want {
			t.Errorf("%q: %q, want %q", tc.raw, b, tc.want)
		}
	}
	if st := r.listener.Stats(); st.Answered != 0 {
		t.Errorf("%+v", st)
	}
}

// TestBadHeadsAreRefusedByNetHTTP: a malformed request line, a missing
// Host and a head over the limit get net/http's own refusals, and no
// connection hangs.
func TestBadHeadsAreRefusedByNetHTTP(t *testing.T) {
	r := newRig(t, limits)
	for _, tc := range []struct {
		raw  string
		want int
	}{
		{"GET /hit HTTP/1.1 extra\r\nHost: a\r\n\r\n", 400},
		{"GET /hit\r\nHost: a\r\n\r\n", 400},
		{"GET /hit HTTP/1.1\r\n\r\n", 400},
		{"GET /hit HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n", 400},
		{"GET /hit HTTP/1.1\r\nHost: a\r\nX-Big: " + strings.Repeat("b", 16<<10) + "\r\n\r\n", 431},
		{"garbage\r\n\r\n", 400},
	} {
		c := r.dial(t)
		res := exchange(t, c, tc.raw, "GET")[0]
		if res.StatusCode != tc.want {
			t.Errorf("%.60q: %d, want %d", tc.raw, res.StatusCode, tc.want)
		}
	}
}

// waitClosed reads c until it ends, and fails if that takes longer than
// within.
func waitClosed(t *testing.T, c net.Conn, within time.Duration) {
	t.Helper()
	start := time.Now()
	c.SetReadDeadline(start.Add(within))
	_, err := io.ReadAll(c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the connection was still open after %v", within)
	}
}

// TestSlowAndIdleClientsAreCut: a head that does not arrive within the
// header timeout, and a kept connection idle past the idle timeout, are
// closed, as net/http closes them.
func TestSlowAndIdleClientsAreCut(t *testing.T) {
	r := newRig(t, Options{ReadHeaderTimeout: 200 * time.Millisecond, IdleTimeout: 300 * time.Millisecond, WriteTimeout: time.Second})
	slow := r.dial(t)
	io.WriteString(slow, "GET /hit HTTP/1.1\r\nHo")
	waitClosed(t, slow, 5*time.Second)

	idle := r.dial(t)
	exchange(t, idle, "GET /hit HTTP/1.1\r\nHost: a\r\n\r\n", "GET")
	waitClosed(t, idle, 5*time.Second)
	if st := r.listener.Stats(); st.Answered != 1 || st.HandedOff != 0 {
		t.Errorf("%+v", st)
	}
}

// TestShutdownEndsIdleConnections: http.Server.Shutdown closes the
// Listener, which ends the kept connections it reads.
func TestShutdownEndsIdleConnections(t *testing.T) {
	r := newRig(t, limits)
	c := r.dial(t)
	exchange(t, c, "GET /hit HTTP/1.1\r\nHost: a\r\n\r\n", "GET")
	if err := r.server.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	waitClosed(t, c, 5*time.Second)
	if _, err := r.listener.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Accept after Close: %v", err)
	}
}
