package hitserver

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
)

// TestParseHead: the heads the fast path takes, with what it reads of
// them, and a sample of those it leaves to net/http.
func TestParseHead(t *testing.T) {
	take := map[string]Request{
		"GET / HTTP/1.1\r\nHost: a\r\n\r\n":                                                  {Method: "GET", Path: "/"},
		"HEAD /2026/12/02/a-b/ HTTP/1.1\r\nhost: news.example:8080\r\nUser-Agent: x\r\n\r\n": {Method: "HEAD", Path: "/2026/12/02/a-b/"},
		"GET /x HTTP/1.1\r\nHost: a\r\naccept-encoding:  gzip, br;q=0.5 \r\nIf-None-Match: \"t\"\r\nIf-Modified-Since: Tue, 01 Dec 2026 10:00:00 GMT\r\nCookie: a=1; b=2\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n": {
			Method: "GET", Path: "/x", AcceptEncoding: "gzip, br;q=0.5", IfNoneMatch: `"t"`,
			IfModifiedSince: "Tue, 01 Dec 2026 10:00:00 GMT", Cookie: "a=1; b=2"},
	}
	for head, want := range take {
		var got Request
		if !parseHead(head, &got) || got != want {
			t.Errorf("%q: %+v, want %+v", head, got, want)
		}
	}
	for _, head := range []string{
		"POST / HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET / HTTP/1.0\r\nHost: a\r\n\r\n",
		"GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /?q=1 HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /%41 HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET / HTTP/1.1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nX y: z\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nCookie: a=1\r\nCookie: b=2\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nrange: bytes=0-\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n",
	} {
		var req Request
		if parseHead(head, &req) {
			t.Errorf("%q was taken: %+v", head, req)
		}
	}
}

// FuzzParseHead: a head the fast path takes is one net/http reads
// without error, as the same GET or HEAD of the same path with no query
// and no body, a Host, and the same values of the headers the fast path
// answers by.
func FuzzParseHead(f *testing.F) {
	for _, seed := range []string{
		"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
		"HEAD /a/b/ HTTP/1.1\r\nHost: a:1\r\nAccept-Encoding: br\r\nCookie: x=1\r\n\r\n",
		"GET /x HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"t\", W/\"u\"\r\nIf-Modified-Since: x\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n",
		"GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: +0\r\n\r\n",
		"GET /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"GET /x HTTP/1.1\r\nHost: [::1]:80\r\nX-\xff: \xfe\r\n\r\n",
		"GET //x HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /x HTTP/1.1\r\nHost:a\r\nAccept-Encoding:\r\n\r\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, head string) {
		var req Request
		if !parseHead(head, &req) {
			return
		}
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(head)))
		if err != nil {
			t.Fatalf("taken, but net/http refuses it: %v", err)
		}
		switch {
		case r.Method != req.Method || r.Method != "GET" && r.Method != "HEAD":
			t.Fatalf("method %q, net/http %q", req.Method, r.Method)
		case r.URL.Path != req.Path || r.URL.RawQuery != "" || r.URL.ForceQuery || r.URL.Host != "" || r.RequestURI != req.Path:
			t.Fatalf("path %q, net/http %+v", req.Path, r.URL)
		case r.ProtoMajor != 1 || r.ProtoMinor != 1 || r.Close:
			t.Fatalf("net/http reads %s, close %v", r.Proto, r.Close)
		case r.Host == "" || r.ContentLength != 0 || len(r.TransferEncoding) > 0:
			t.Fatalf("net/http reads Host %q, length %d, transfer encoding %v", r.Host, r.ContentLength, r.TransferEncoding)
		}
		for name, got := range map[string]string{"Accept-Encoding": req.AcceptEncoding, "If-None-Match": req.IfNoneMatch,
			"If-Modified-Since": req.IfModifiedSince, "Cookie": req.Cookie} {
			if values := r.Header.Values(name); len(values) > 1 || r.Header.Get(name) != got {
				t.Fatalf("%s: %q, net/http %q", name, got, values)
			}
		}
		for _, name := range refused {
			if _, ok := r.Header[name]; ok {
				t.Fatalf("taken with %s", name)
			}
		}
	})
}
