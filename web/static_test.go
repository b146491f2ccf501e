package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// TestStaticFilesAreCompressed fetches the stylesheet, which blocks the
// first paint of every page, as browsers do: it comes in brotli or gzip,
// whichever the browser asks for, decodes to the file itself, says that
// it varies with Accept-Encoding, and keeps its year-long cache; a client
// that asks for no coding gets the file as it is, and a second request
// with the ETag gets a 304.
func TestStaticFilesAreCompressed(t *testing.T) {
	f := newFixture(t)
	css := stylesheets(t, get(t, f.server, "GET", "/").body)[0]
	plain := get(t, f.server, "GET", css)
	if plain.status != http.StatusOK || plain.header.Get("Content-Encoding") != "" || !strings.Contains(plain.body, "prefers-color-scheme") {
		t.Fatalf("without Accept-Encoding: status %d, Content-Encoding %q", plain.status, plain.header.Get("Content-Encoding"))
	}
	for coding, decode := range map[string]func(io.Reader) (io.Reader, error){
		"br":   func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
		"gzip": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	} {
		req := httptest.NewRequest("GET", css, nil)
		req.Header.Set("Accept-Encoding", coding)
		rec := httptest.NewRecorder()
		f.server.ServeHTTP(rec, req)
		if got := rec.Header().Get("Content-Encoding"); got != coding {
			t.Fatalf("asking for %s: Content-Encoding %q", coding, got)
		}
		if rec.Body.Len() >= len(plain.body)/2 {
			t.Errorf("in %s the stylesheet is %d bytes of %d, want less than half", coding, rec.Body.Len(), len(plain.body))
		}
		r, err := decode(rec.Body)
		must(t, err)
		decoded, err := io.ReadAll(r)
		must(t, err)
		if string(decoded) != plain.body {
			t.Errorf("in %s the stylesheet does not decode to the file", coding)
		}
		for name, want := range map[string]string{"Vary": "Accept-Encoding", "Cache-Control": "public, max-age=31536000, immutable"} {
			if got := rec.Header().Get(name); got != want {
				t.Errorf("in %s: %s = %q, want %q", coding, name, got, want)
			}
		}
		again := httptest.NewRequest("GET", css, nil)
		again.Header.Set("Accept-Encoding", coding)
		again.Header.Set("If-None-Match", rec.Header().Get("ETag"))
		rec = httptest.NewRecorder()
		f.server.ServeHTTP(rec, again)
		if rec.Code != http.StatusNotModified {
			t.Errorf("in %s with its ETag: status %d, want 304", coding, rec.Code)
		}
	}
}
