package web

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead"
)

func TestRoutes(t *testing.T) {
	f := newFixture(t)
	leadPath := f.lead.Path(f.lead.PublishedAt.Location())
	tests := []struct {
		name         string
		method, path string
		wantStatus   int
		wantLocation string
		wantH1       string
		wantCards    int // article cards on a list page; -1 to skip
	}{
		{"home", "GET", "/", 200, "", "Latest news", 10},
		{"home head", "HEAD", "/", 200, "", "", -1},
		{"home page 2", "GET", "/page/2/", 200, "", "Latest news", 10},
		{"home last page", "GET", "/page/3/", 200, "", "Latest news", 6},
		{"home past the end", "GET", "/page/4/", 404, "", "Page not found", -1},
		{"home page 1 redirects", "GET", "/page/1/", 301, "/", "", -1},
		{"home page 0", "GET", "/page/0/", 404, "", "Page not found", -1},
		{"home page not a number", "GET", "/page/two/", 404, "", "Page not found", -1},
		{"home page with leading zero", "GET", "/page/02/", 404, "", "Page not found", -1},
		{"home page whose offset overflows", "GET", "/page/9223372036854775807/", 404, "", "Page not found", -1},
		{"search page whose offset overflows", "GET", "/search/?q=harbour&page=9223372036854775807", 404, "", "Page not found", -1},
		{"home page without slash", "GET", "/page/2", 301, "/page/2/", "", -1},

		{"article", "GET", leadPath, 200, "", f.lead.Headline, -1},
		{"article without slash", "GET", strings.TrimSuffix(leadPath, "/"), 301, leadPath, "", -1},
		{"article under a wrong date", "GET", "/2025/01/01/" + f.lead.Slug + "/", 301, leadPath, "", -1},
		{"article with a bad date", "GET", "/2026/13/01/" + f.lead.Slug + "/", 404, "", "Page not found", -1},
		{"article with a short year", "GET", "/26/03/14/" + f.lead.Slug + "/", 404, "", "Page not found", -1},
		{"unknown article", "GET", "/2026/03/14/no-such-story/", 404, "", "Page not found", -1},
		{"draft", "GET", "/2026/03/14/" + f.draft.Slug + "/", 404, "", "Page not found", -1},
		{"scheduled for later", "GET", f.future.Path(f.future.PublishedAt.Location()), 404, "", "Page not found", -1},

		{"author", "GET", "/author/ben-ortiz/", 200, "", "Ben Ortiz", 10},
		{"author page 3", "GET", "/author/ben-ortiz/page/3/", 200, "", "Ben Ortiz", 6},
		{"author past the end", "GET", "/author/ben-ortiz/page/4/", 404, "", "Page not found", -1},
		{"author page 1 redirects", "GET", "/author/ben-ortiz/page/1/", 301, "/author/ben-ortiz/", "", -1},
		{"author with one article", "GET", "/author/ana-lima/", 200, "", "Ana Lima", 1},
		{"unknown author", "GET", "/author/nobody/", 404, "", "Page not found", -1},
		{"author who published nothing", "GET", "/author/new-hire/", 404, "", "Page not found", -1},

		{"category", "GET", "/category/sport/", 200, "", "Sport", 10},
		{"category page 3", "GET", "/category/sport/page/3/", 200, "", "Sport", 5},
		{"category past the end", "GET", "/category/sport/page/4/", 404, "", "Page not found", -1},
		{"category hides scheduled", "GET", "/category/local/", 200, "", "Local", 1},
		{"unknown category", "GET", "/category/weather/", 404, "", "Page not found", -1},
		{"tag", "GET", "/tag/harbour/", 200, "", "Harbour", 10},
		{"tag page 2", "GET", "/tag/harbour/page/2/", 200, "", "Harbour", 4},
		{"unknown tag", "GET", "/tag/nothing/", 404, "", "Page not found", -1},
		{"tag only on a draft", "GET", "/tag/secret-merger/", 404, "", "Page not found", -1},

		{"year", "GET", "/2026/", 200, "", "2026", 10},
		{"year page 3", "GET", "/2026/page/3/", 200, "", "2026", 6},
		{"empty year", "GET", "/1999/", 404, "", "Page not found", -1},
		{"month", "GET", "/2026/03/", 200, "", "March 2026", 10},
		{"month page 2", "GET", "/2026/03/page/2/", 200, "", "March 2026", 10},
		{"empty month", "GET", "/2026/02/", 404, "", "Page not found", -1},
		{"bad month", "GET", "/2026/13/", 404, "", "Page not found", -1},
		{"month not two digits", "GET", "/2026/3/", 404, "", "Page not found", -1},
		{"not a year", "GET", "/abcd/", 404, "", "Page not found", -1},

		{"health", "GET", "/healthz", 200, "", "", -1},
		{"unknown path", "GET", "/no/such/page/here/at/all/", 404, "", "Page not found", -1},
		{"unknown file", "GET", "/wp-login.php", 404, "", "Page not found", -1},
		{"unhashed stylesheet", "GET", "/static/css/site.css", 404, "", "", -1},

		{"post home", "POST", "/", 405, "", "", -1},
		{"put article", "PUT", leadPath, 405, "", "", -1},
		{"delete author", "DELETE", "/author/ana-lima/", 405, "", "", -1},
		{"put category", "PUT", "/category/local/", 405, "", "", -1},
		{"post archive", "POST", "/2026/", 405, "", "", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := get(t, f.server, tt.method, tt.path)
			if res.status != tt.wantStatus {
				t.Fatalf("%s %s: status %d, want %d", tt.method, tt.path, res.status, tt.wantStatus)
			}
			if tt.wantLocation != "" {
				if got := res.header.Get("Location"); got != tt.wantLocation {
					t.Fatalf("Location = %q, want %q", got, tt.wantLocation)
				}
			}
			if tt.wantStatus == 405 && res.header.Get("Allow") == "" {
				t.Fatal("405 without an Allow header")
			}
			if tt.wantH1 == "" {
				return
			}
			if ct := res.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Fatalf("Content-Type = %q", ct)
			}
			doc := parse(t, res.body)
			h1s := findAll(doc, byTag("h1"))
			if len(h1s) != 1 {
				t.Fatalf("page has %d <h1>, want exactly one", len(h1s))
			}
			if got := text(h1s[0]); got != tt.wantH1 {
				t.Fatalf("<h1> = %q, want %q", got, tt.wantH1)
			}
			if tt.wantCards >= 0 {
				if got := len(findAll(doc, byClass("card"))); got != tt.wantCards {
					t.Fatalf("%d article cards, want %d", got, tt.wantCards)
				}
			}
		})
	}
}

func TestStaticAssets(t *testing.T) {
	f := newFixture(t)
	res := get(t, f.server, "GET", "/")
	doc := parse(t, res.body)
	var css string
	for _, l := range findAll(doc, byTag("link")) {
		if attr(l, "rel") == "stylesheet" {
			css = attr(l, "href")
		}
	}
	if !strings.HasPrefix(css, "/static/css/site.") || css == "/static/css/site.css" {
		t.Fatalf("stylesheet href %q is not content-hashed", css)
	}
	res = get(t, f.server, "GET", css)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: status %d", css, res.status)
	}
	if got := res.header.Get("Cache-Control"); !strings.Contains(got, "immutable") || !strings.Contains(got, "max-age=31536000") {
		t.Fatalf("Cache-Control = %q, want a year, immutable", got)
	}
	if got := res.header.Get("Content-Type"); !strings.HasPrefix(got, "text/css") {
		t.Fatalf("Content-Type = %q", got)
	}
	if !strings.Contains(res.body, "prefers-color-scheme: dark") {
		t.Fatal("the stylesheet has no dark mode")
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/", "/no-such-page/"} {
		res := get(t, f.server, "GET", path)
		csp := res.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: Content-Security-Policy = %q", path, csp)
		}
		if res.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", path)
		}
		if pp := res.header.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "geolocation=()") {
			t.Errorf("%s: Permissions-Policy = %q", path, pp)
		}
		// The fixture's base URL is https: browsers are told to stay on it.
		if hsts := res.header.Get("Strict-Transport-Security"); !strings.HasPrefix(hsts, "max-age=") {
			t.Errorf("%s: Strict-Transport-Security = %q", path, hsts)
		}
	}
	// Over plain http, HSTS means nothing and is not sent.
	plain, err := NewServer(f.store, Options{BaseURL: "http://observer.example"})
	if err != nil {
		t.Fatal(err)
	}
	if res := get(t, plain, "GET", "/"); res.header.Get("Strict-Transport-Security") != "" {
		t.Errorf("HSTS over http: %q", res.header.Get("Strict-Transport-Security"))
	}
}

// TestEmptySite opens a fresh site, as a new operator sees it before any
// article exists.
func TestEmptySite(t *testing.T) {
	s := newStore(t)
	srv := newServer(t, s)
	res := get(t, srv, "GET", "/")
	if res.status != http.StatusOK {
		t.Fatalf("status %d", res.status)
	}
	doc := parse(t, res.body)
	if got := text(first(t, doc, byClass("empty"), "empty notice")); got != "Nothing has been published yet." {
		t.Fatalf("empty notice = %q", got)
	}
	if got := text(first(t, doc, byTag("title"), "title")); got != "Masthead" {
		t.Fatalf("title of a fresh site = %q", got)
	}
	if res := get(t, srv, "GET", "/page/2/"); res.status != http.StatusNotFound {
		t.Fatalf("page 2 of nothing: status %d", res.status)
	}
}

// TestNoOpenRedirects sends the request lines an attacker would, over a
// real connection, and checks that no redirect leads off the site: not the
// trailing-slash one, and not a moved page's, whose remainder is the
// client's.
func TestNoOpenRedirects(t *testing.T) {
	f := newFixture(t)
	if err := f.store.AddRedirect(context.Background(), "/old-section/", "/"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f.server)
	defer srv.Close()
	for _, target := range []string{
		"//evil.example/x",
		"/%5Cevil.example/x",
		"/%09/evil.example/x",
		"/%5C%5Cevil.example",
		"/old-section/%5Cevil.example/",
		"/old-section/%09/evil.example/",
		"/old-section//evil.example/",
	} {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: observer.example\r\nConnection: close\r\n\r\n", target)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		conn.Close()
		loc := res.Header.Get("Location")
		if loc == "" {
			continue
		}
		u, err := url.Parse(loc)
		resolved := (&url.URL{Scheme: "https", Host: "observer.example", Path: "/"}).ResolveReference(u)
		if err != nil || resolved.Host != "observer.example" || strings.ContainsAny(loc, "\\\t") {
			t.Errorf("GET %s: %d to %q, which leaves the site", target, res.StatusCode, loc)
		}
	}
}

// TestRedirectTargetsStayOnSite checks the rule every stored redirect
// passes.
func TestRedirectTargetsStayOnSite(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, to := range []string{"//evil.example/", "/\\evil.example/", "/\t/evil.example/", "https://evil.example/", "evil.example/"} {
		if err := f.store.AddRedirect(ctx, "/somewhere/", to); masthead.ErrorCode(err) != masthead.EINVALID {
			t.Errorf("AddRedirect to %q: %v, want EINVALID", to, err)
		}
	}
}

// TestMovedAddressesInOneHop: an address without its slash below a moved
// one answers with its new home at once, not after a first hop to the
// slash form.
func TestMovedAddressesInOneHop(t *testing.T) {
	f := newFixture(t)
	must(t, f.store.AddRedirect(context.Background(), "/tag/old-harbour/", "/tag/harbour/"))
	must(t, f.store.AddRedirect(context.Background(), "/archives/12/", f.lead.Path(time.UTC)))
	for from, want := range map[string]string{
		"/tag/old-harbour":        "/tag/harbour/",
		"/tag/old-harbour/feed":   "/tag/harbour/feed/",
		"/tag/old-harbour/feed/":  "/tag/harbour/feed/",
		"/archives/12":            f.lead.Path(time.UTC),
		"/tag/old-harbour/page/2": "/tag/harbour/page/2/",
	} {
		res := get(t, f.server, "GET", from)
		if res.status != http.StatusMovedPermanently || res.header.Get("Location") != want {
			t.Errorf("%s: %d to %q, want 301 to %s", from, res.status, res.header.Get("Location"), want)
		}
	}
}

// TestClientGoneIsNotAnError: a reader who leaves before the page is ready
// (their request's context ends) is logged at debug level as a closed
// request, not as an internal error, on pages and on the API alike.
func TestClientGoneIsNotAnError(t *testing.T) {
	f := newFixture(t)
	var logged bytes.Buffer
	srv, err := NewServer(f.store, Options{BaseURL: "https://observer.example",
		Logger: slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{f.lead.Path(time.UTC), "/", "/api/v1/articles"} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil).WithContext(ctx))
		if rec.Code != statusClientClosedRequest {
			t.Errorf("%s: status %d, want %d", path, rec.Code, statusClientClosedRequest)
		}
	}
	if strings.Contains(logged.String(), "level=ERROR") {
		t.Errorf("a closed request was logged as an error:\n%s", logged.String())
	}
	if !strings.Contains(logged.String(), "client closed the request") {
		t.Errorf("the closed request was not logged at debug level:\n%s", logged.String())
	}
}
