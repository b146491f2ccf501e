package pagecache

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

func TestNegotiate(t *testing.T) {
	all := [numEncodings]bool{true, true, true, true}
	gzipOnly := [numEncodings]bool{identity: true, encGzip: true}
	for _, tc := range []struct {
		header    string
		available [numEncodings]bool
		want      encoding
	}{
		{"", all, identity},
		{"gzip", all, encGzip},
		{"x-gzip", all, encGzip},
		{"gzip, deflate, br, zstd", all, encBrotli},
		{"gzip, deflate, br", gzipOnly, encGzip},
		{"GZIP, BR", all, encBrotli},
		{"gzip;q=1.0, br;q=0.5", all, encGzip},
		{"br;q=0, gzip", all, encGzip},
		{"zstd, gzip;q=0.9", all, encZstd},
		{"deflate", all, identity},
		{"*", all, encBrotli},
		{"*;q=0.5, gzip", all, encGzip},
		{"br;q=0, *", all, encZstd},
		{"identity", all, identity},
		{"identity;q=0, gzip", all, encGzip},
		{"*;q=0, identity", all, identity},
		{"*;q=0", all, identity}, // nothing acceptable: a page beats a 406
		{"identity;q=0", gzipOnly, identity},
		{"gzip;q=bad, br", all, encBrotli},
		{"gzip; q=0.8 , br ; q=0.9", all, encBrotli},
		{"br, br;q=0", all, encBrotli},
		{"X-GZIP", all, encGzip},
		{" , br;q=0.2;level=1,, gzip;q=0.1", all, encBrotli},
		{"gzip;q=", all, identity},
	} {
		if got := negotiate(tc.header, tc.available); got != tc.want {
			t.Errorf("negotiate(%q) = %s, want %s", tc.header, encodingNames[got], encodingNames[tc.want])
		}
	}
}

// article is an HTML page long enough to compress.
var article = "<!doctype html><title>Harbour</title>" + strings.Repeat("<p>The board voted on Tuesday after a long debate.</p>\n", 200)

func serve(e *Entry, method string, header map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/", nil)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	e.Serve(w, r)
	return w
}

func TestEveryEncodingDecodesToTheSameBytes(t *testing.T) {
	e := newEntry("/", page(article), time.Now())
	decoders := map[string]func(io.Reader) (io.Reader, error){
		"":     func(r io.Reader) (io.Reader, error) { return r, nil },
		"gzip": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
		"br":   func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
		"zstd": func(r io.Reader) (io.Reader, error) { d, err := zstd.NewReader(r); return d, err },
	}
	etags := map[string]bool{}
	for accept, decode := range decoders {
		w := serve(e, http.MethodGet, map[string]string{"Accept-Encoding": accept})
		if got := w.Header().Get("Content-Encoding"); got != accept {
			t.Fatalf("Accept-Encoding %q: Content-Encoding %q", accept, got)
		}
		if w.Header().Get("Vary") != "Accept-Encoding" || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("Accept-Encoding %q: headers %v", accept, w.Header())
		}
		if accept != "" && w.Body.Len() >= len(article) {
			t.Errorf("%s body is %d bytes, the page %d", accept, w.Body.Len(), len(article))
		}
		r, err := decode(bytes.NewReader(w.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || string(got) != article {
			t.Fatalf("%s body decodes to %d bytes (%v), want the page's %d", accept, len(got), err, len(article))
		}
		etags[w.Header().Get("ETag")] = true
	}
	if len(etags) != len(decoders) {
		t.Errorf("ETags %v: each encoding needs its own strong tag", etags)
	}
}

func TestSmallBodiesAreNotCompressed(t *testing.T) {
	e := newEntry("/", page(`{"data":[]}`), time.Now())
	w := serve(e, http.MethodGet, map[string]string{"Accept-Encoding": "gzip, br, zstd"})
	if w.Header().Get("Content-Encoding") != "" || w.Body.String() != `{"data":[]}` {
		t.Fatalf("a tiny body was sent as %q", w.Header().Get("Content-Encoding"))
	}
}

func TestConditionalRequests(t *testing.T) {
	p := page(article)
	p.Header["Last-Modified"] = []string{"Sat, 14 Mar 2026 11:00:00 GMT"}
	e := newEntry("/feed/", p, time.Now())
	first := serve(e, http.MethodGet, map[string]string{"Accept-Encoding": "br"})
	etag := first.Header().Get("ETag")
	for _, tc := range []struct {
		name   string
		header map[string]string
		want   int
	}{
		{"matching ETag", map[string]string{"Accept-Encoding": "br", "If-None-Match": etag}, http.StatusNotModified},
		{"weakened ETag", map[string]string{"Accept-Encoding": "br", "If-None-Match": "W/" + etag}, http.StatusNotModified},
		{"one of several", map[string]string{"Accept-Encoding": "br", "If-None-Match": `"old", ` + etag}, http.StatusNotModified},
		{"another encoding's ETag", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": etag}, http.StatusOK},
		{"stale ETag", map[string]string{"Accept-Encoding": "br", "If-None-Match": `"stale"`}, http.StatusOK},
		{"not modified since", map[string]string{"If-Modified-Since": "Sat, 14 Mar 2026 11:00:00 GMT"}, http.StatusNotModified},
		{"modified since", map[string]string{"If-Modified-Since": "Sat, 14 Mar 2026 10:59:59 GMT"}, http.StatusOK},
		{"ETag wins over the date", map[string]string{"If-None-Match": `"stale"`, "If-Modified-Since": "Sat, 14 Mar 2026 11:00:00 GMT"}, http.StatusOK},
	} {
		w := serve(e, http.MethodGet, tc.header)
		if w.Code != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, w.Code, tc.want)
		}
		if w.Code == http.StatusNotModified && (w.Body.Len() != 0 || w.Header().Get("ETag") == "") {
			t.Errorf("%s: a 304 with %d bytes and ETag %q", tc.name, w.Body.Len(), w.Header().Get("ETag"))
		}
	}
}

func TestHeadHasTheHeadersAndNoBody(t *testing.T) {
	e := newEntry("/", page(article), time.Now())
	get := serve(e, http.MethodGet, map[string]string{"Accept-Encoding": "gzip"})
	head := serve(e, http.MethodHead, map[string]string{"Accept-Encoding": "gzip"})
	if head.Code != 200 || head.Body.Len() != 0 {
		t.Fatalf("HEAD: status %d, %d bytes", head.Code, head.Body.Len())
	}
	for _, h := range []string{"Content-Length", "ETag", "Content-Encoding", "Content-Type"} {
		if head.Header().Get(h) != get.Header().Get(h) {
			t.Errorf("HEAD %s = %q, GET %q", h, head.Header().Get(h), get.Header().Get(h))
		}
	}
}

func TestRendererHeadersThatTheCacheOwnsAreDropped(t *testing.T) {
	p := page(article)
	p.Header["Etag"] = []string{`"the renderer's"`}
	p.Header["Content-Length"] = []string{"3"}
	p.Header["Set-Cookie"] = []string{"session=secret"}
	e := newEntry("/", p, time.Now())
	w := serve(e, http.MethodGet, nil)
	if w.Header().Get("Set-Cookie") != "" || w.Header().Get("ETag") == `"the renderer's"` || w.Header().Get("Content-Length") == "3" {
		t.Fatalf("headers %v", w.Header())
	}
}

// TestRendererHeaderNamesAreCanonical: a renderer's header under a name
// written in any case reaches the response under its canonical name, as
// Set would store it, and the headers the cache owns are dropped
// whatever their case.
func TestRendererHeaderNamesAreCanonical(t *testing.T) {
	p := page(article)
	p.Header["x-custom"] = []string{"kept"}
	p.Header["ETAG"] = []string{`"the renderer's"`}
	e := newEntry("/", p, time.Now())
	w := serve(e, http.MethodGet, nil)
	if got := w.Header()["X-Custom"]; len(got) != 1 || got[0] != "kept" {
		t.Errorf("X-Custom: %q in %v", got, w.Header())
	}
	if w.Header().Get("ETag") == `"the renderer's"` || len(w.Header()["ETAG"]) != 0 {
		t.Errorf("the renderer's ETag was kept: %v", w.Header())
	}
}

// TestServingLeavesTheEntryAlone: the header values a hit assigns are
// the entry's own, so a response that adds to one of them must not
// change what the next reader gets.
func TestServingLeavesTheEntryAlone(t *testing.T) {
	p := page(article)
	p.Header["Cache-Control"] = []string{"public"}
	e := newEntry("/", p, time.Now())
	w := serve(e, http.MethodGet, map[string]string{"Accept-Encoding": "br"})
	for _, h := range []string{"Cache-Control", "Content-Type", "Vary", "ETag", "Content-Length", "Content-Encoding"} {
		w.Header().Add(h, "added")
	}
	again := serve(e, http.MethodGet, map[string]string{"Accept-Encoding": "br"})
	for _, h := range []string{"Cache-Control", "Content-Type", "Vary", "ETag", "Content-Length", "Content-Encoding"} {
		if got := again.Header().Values(h); len(got) != 1 || got[0] == "added" {
			t.Errorf("%s after another response added to it: %q", h, got)
		}
	}
}

// discardWriter is a ResponseWriter that keeps its header map for the
// next response and nothing else.
type discardWriter struct{ header http.Header }

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) WriteHeader(int)             {}
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// TestServeAllocatesNothing: a hit's lookup, negotiation, headers and
// body, and its 304, allocate nothing.
func TestServeAllocatesNothing(t *testing.T) {
	c := New(Options{MaxBytes: 1 << 20})
	fill(t, c, "https://news.example/2026/03/14/harbour/", page(article))
	w := &discardWriter{header: http.Header{}}
	for _, header := range []map[string]string{
		nil,
		{"Accept-Encoding": "gzip, deflate, br, zstd"},
		{"Accept-Encoding": "gzip;q=0.8, br;q=0.9", "If-None-Match": `"old", "other"`},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		for k, v := range header {
			r.Header.Set(k, v)
		}
		allocs := testing.AllocsPerRun(100, func() {
			clear(w.header)
			e := c.Lookup("https://news.example", "/2026/03/14/harbour/")
			if e == nil {
				t.Fatal("no entry")
			}
			e.Serve(w, r)
		})
		if allocs > 0 {
			t.Errorf("a hit with %v allocates %.0f times", header, allocs)
		}
	}
}

// TestLookupIsGetOfTheJoinedKey: Lookup finds what Get finds, long keys
// included, and counts a hit as Get does.
func TestLookupIsGetOfTheJoinedKey(t *testing.T) {
	c := New(Options{MaxBytes: 1 << 20})
	long := "/" + strings.Repeat("a", 2*maxStackKey) + "/"
	for _, path := range []string{"/", long} {
		fill(t, c, "https://news.example"+path, page("text of "+path))
		if got, want := c.Lookup("https://news.example", path), c.Get("https://news.example"+path); got == nil || got != want {
			t.Errorf("Lookup of %.20s: %p, Get: %p", path, got, want)
		}
		if c.Lookup("https://news.exampl", path) != nil || c.Lookup("https://news.example", path+"x") != nil {
			t.Errorf("Lookup of %.20s found a page under another key", path)
		}
	}
	if hits := c.Stats().Hits; hits != 4 {
		t.Errorf("%d hits counted, want 4", hits)
	}
}

// TestFillsAllocateLittle: filling an entry allocates about what it
// keeps, not a compressor's tables each time (a gzip writer alone holds
// hundreds of kilobytes), and the entry is counted for the memory its
// bodies hold, spare capacity included.
func TestFillsAllocateLittle(t *testing.T) {
	body := []byte(strings.Repeat(article, 8))
	// A recorded body may come with spare capacity.
	roomy := append(make([]byte, 0, 3*len(body)), body...)
	newEntry("/warm", Page{Header: page(article).Header, Body: roomy}, time.Now())
	// The median fill: a collection during the loop empties the pools,
	// and the fill after it allocates its writers again.
	var perFill []int64
	var e *Entry
	for range 21 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		e = newEntry("/", Page{Header: page(article).Header, Body: roomy}, time.Now())
		runtime.ReadMemStats(&after)
		perFill = append(perFill, int64(after.TotalAlloc-before.TotalAlloc))
	}
	slices.Sort(perFill)
	if median := perFill[len(perFill)/2]; median > 4*int64(len(body)) {
		t.Errorf("a fill of a %d-byte page allocates %d bytes", len(body), median)
	}
	var held int64
	for _, v := range e.variants {
		held += int64(cap(v.body))
		if cap(v.body) > len(v.body)+len(v.body)/8 {
			t.Errorf("a body of %d bytes holds %d", len(v.body), cap(v.body))
		}
	}
	if e.Size() < held {
		t.Errorf("the entry is counted for %d bytes, its bodies hold %d", e.Size(), held)
	}
}

// TestPartialEntryKnowsTheTagsItHasYetToMake: a purge that re-renders a
// page unchanged leaves a partial entry, gzip only; a reader holding the
// page in brotli from before still gets its 304, in brotli's ETag.
func TestPartialEntryKnowsTheTagsItHasYetToMake(t *testing.T) {
	complete := newEntry("/a/", page(article), time.Now())
	brTag := serve(complete, http.MethodGet, map[string]string{"Accept-Encoding": "br"}).Header().Get("ETag")
	partial := newEntryIn("/a/", page(article), time.Now(), fillEncodings)
	if partial.Body("br") != nil {
		t.Fatal("the fill made brotli")
	}
	for _, tc := range []struct {
		name, accept, inm string
		want              int
		wantTag           string
	}{
		{"brotli held", "gzip, br", brTag, http.StatusNotModified, brTag},
		{"brotli held, not accepted now", "gzip", brTag, http.StatusOK, ""},
		{"stale", "gzip, br", `"stale-br"`, http.StatusOK, ""},
	} {
		w := serve(partial, http.MethodGet, map[string]string{"Accept-Encoding": tc.accept, "If-None-Match": tc.inm})
		if w.Code != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, w.Code, tc.want)
		}
		if tc.wantTag != "" && w.Header().Get("ETag") != tc.wantTag {
			t.Errorf("%s: ETag %q, want %q", tc.name, w.Header().Get("ETag"), tc.wantTag)
		}
		if w.Code == http.StatusOK && w.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: a 200 in %q from a gzip-only entry", tc.name, w.Header().Get("Content-Encoding"))
		}
	}
}
