package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"masthead"
)

// hostileSeeds are the attack strings of the trust review; every fuzzer
// of this package starts from them, so the normal suite runs them.
var hostileSeeds = []string{
	"", "//evil.example/x", "/%5Cevil.example/x", "/%09/evil.example/x", "/\\evil.example/x", "\\\\evil.example",
	"https://evil.example/", "javascript:alert(1)", "GIF89a<script>alert(1)</script>", "a\x00b", "\x00",
	"\u202eevil\u202c", "\u2066isolate\u2069", "9223372036854775807", "-9223372036854775808", "-1", "0", "01", "1e3",
	"\xff\xfe", "%zz", "%00", "../../etc/passwd", strings.Repeat("9", 400), strings.Repeat("[", 10000), strings.Repeat(">", 10000),
	"\"quoted\" -excluded words", "'; DROP TABLE articles; --", "<img src=x onerror=alert(1)>",
}

// FuzzCommentHTML checks that no comment text renders into anything but
// paragraphs, line breaks and links to web addresses, each link passing
// no ranking (rel has nofollow and ugc), and nothing with an event
// attribute or a script URL.
func FuzzCommentHTML(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	for _, s := range []string{
		"see https://example.org/a. and http://x.example/\"onmouseover=alert(1)", "https://example.org/<script>alert(1)</script>",
		"https://a.example/?q=<b>&x='y'", "javascript://example.org/%0aalert(1)", "one\n\ntwo\r\nthree", "https://\u202eexample.org",
		"data:text/html,<script>alert(1)</script> https://ok.example/", "https://example.org/`onclick`",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		out := string(commentHTML(text))
		nodes, err := html.ParseFragment(strings.NewReader(out), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
		if err != nil {
			t.Fatalf("commentHTML(%q) does not parse: %v", text, err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "p", "br":
					if len(n.Attr) > 0 {
						t.Fatalf("commentHTML(%q) gives <%s> attributes: %q", text, n.Data, out)
					}
				case "a":
					for _, a := range n.Attr {
						switch a.Key {
						case "href":
							if !masthead.IsWebURL(a.Val) || !strings.HasPrefix(a.Val, "http") {
								t.Fatalf("commentHTML(%q) links to %q", text, a.Val)
							}
						case "rel":
							if rel := strings.Fields(a.Val); !contains(rel, "nofollow") || !contains(rel, "ugc") {
								t.Fatalf("commentHTML(%q) has a link with rel=%q", text, a.Val)
							}
						default:
							t.Fatalf("commentHTML(%q) gives a link the attribute %s=%q", text, a.Key, a.Val)
						}
					}
					if attr(n, "rel") == "" || attr(n, "href") == "" {
						t.Fatalf("commentHTML(%q) has a link without href or rel: %q", text, out)
					}
				default:
					t.Fatalf("commentHTML(%q) holds a <%s> element: %q", text, n.Data, out)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		for _, n := range nodes {
			walk(n)
		}
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// FuzzFormToken checks that reading a comment form token or the signed
// held-comments cookie never panics, and that nothing but a token the
// server signed for this article verifies: not random strings, not one
// signed for another article, not one with a byte changed.
func FuzzFormToken(f *testing.F) {
	secret := []byte("a site secret of the right length!")
	issued := now.Add(-time.Minute)
	page := formToken(secret, 7, issued)
	// The nonce is fixed: the fuzzer's workers build the seeds again.
	nonce := []byte("sixteen byte nce")
	reader := readerTokenWithNonce(secret, 7, issued, nonce)
	for _, good := range []string{page, reader} {
		f.Add(good, int64(7))
		f.Add(good+"A", int64(7))
		f.Add(good[:len(good)-1], int64(7))
		f.Add(strings.ToUpper(good), int64(7))
	}
	f.Add(formToken(secret, 8, issued), int64(7))
	f.Add(readerTokenWithNonce(secret, 8, issued, nonce), int64(7))
	f.Add(formToken([]byte("another site"), 7, issued), int64(7))
	f.Add(readerTokenWithNonce([]byte("another site"), 7, issued, nonce), int64(7))
	// A page token's signature under a reader token's length, and the
	// other way round.
	f.Add(page+reader[:len(reader)-len(page)], int64(7))
	f.Add(reader[:len(page)], int64(7))
	for _, s := range hostileSeeds {
		f.Add(s, int64(7))
	}
	f.Fuzz(func(t *testing.T, token string, articleID int64) {
		tok, err := checkFormToken(secret, token, articleID, now, 3*time.Second)
		// Only the reader token verifies, and only the page token asks
		// for a confirmation.
		if err == nil && (token != reader || articleID != 7 || tok.Nonce == "") {
			t.Fatalf("the token %q verifies for article %d", token, articleID)
		}
		if err == errTokenConfirm && (token != page || articleID != 7) {
			t.Fatalf("the token %q passes as the page token of article %d", token, articleID)
		}
		if err == nil || err == errTokenConfirm {
			return
		}
		if err != errTokenForged && err != errTokenTooFast && err != errTokenTooOld {
			t.Fatalf("checkFormToken(%q) = %v, not one of the four sentences", token, err)
		}
		req := httptest.NewRequest("GET", "/", nil)
		req.AddCookie(&http.Cookie{Name: pendingCookie, Value: url.QueryEscape(token)})
		if ids := pendingIDs(req, secret); len(ids) > 0 {
			t.Fatalf("the cookie %q, never signed, shows the held comments %v", token, ids)
		}
	})
}

// allTargets makes FuzzQueryParameters send every address of an input.
const allTargets uint8 = 255

// FuzzQueryParameters sends every public list, the search, the API and
// the WordPress query-string addresses arbitrary query values and page
// numbers: whatever they are, the answer is never a server error.
func FuzzQueryParameters(f *testing.F) {
	fx := newFixture(f)
	// The seeds send every address (which is allTargets); the fuzzer
	// then mostly picks one address per input, which is many times
	// faster.
	for _, s := range hostileSeeds {
		f.Add(allTargets, s, s)
	}
	f.Add(allTargets, "2", "harbour")
	f.Add(allTargets, "500", "local")
	f.Add(allTargets, "1000000", "2026-03-14")
	f.Add(allTargets, "1000001", "9999-12-31")
	f.Fuzz(func(t *testing.T, which uint8, page, value string) {
		q := func(pairs ...string) string {
			v := url.Values{}
			for i := 0; i+1 < len(pairs); i += 2 {
				v.Add(pairs[i], pairs[i+1])
			}
			return v.Encode()
		}
		seg := url.PathEscape(page)
		targets := []string{
			"/?" + q("page", page, "paged", value), "/page/" + seg + "/", "/category/local/page/" + seg + "/",
			"/author/ben-ortiz/page/" + seg + "/", "/tag/harbour/page/" + seg + "/", "/2026/page/" + seg + "/",
			"/" + seg + "/", "/2026/" + seg + "/", "/category/" + url.PathEscape(value) + "/",
			"/search/?" + q("q", value, "page", page), "/search/page/" + seg + "/?" + q("q", value), "/?" + q("s", value),
			"/?" + q("p", page), "/?" + q("page_id", page), "/?" + q("cat", value), "/?" + q("tag", value), "/?" + q("m", page),
			"/?" + q("author", page), "/?" + q("attachment_id", page), "/feed/?" + q("paged", page, "s", value),
			"/comments/feed/?" + q("page", page), "/sitemap.xml?" + q("page", page), "/sitemaps/" + seg,
			"/api/v1/articles?" + q("page", page, "per_page", value), "/api/v1/articles?" + q("per_page", page),
			"/api/v1/articles?" + q("category", value, "tag", value, "author", value, "from", value, "to", page),
			"/api/v1/articles?" + q("from", page, "to", value), "/api/v1/articles/" + seg, "/api/v1/articles/" + seg + "/comments?" + q("page", value),
			"/api/v1/authors?" + q("page", page, "per_page", value), "/api/v1/authors/" + url.PathEscape(value),
			"/api/v1/categories?" + q("page", page), "/api/v1/tags?" + q("page", page, "per_page", value),
			fx.lead.Path(time.UTC) + "?" + q("replytocom", page, "cpage", value),
		}
		if which != allTargets {
			targets = targets[int(which)%len(targets):][:1]
		}
		for _, target := range targets {
			u, err := url.ParseRequestURI(target)
			if err != nil {
				continue // no client can send it
			}
			req := httptest.NewRequest("GET", "/", nil)
			req.URL, req.RequestURI = u, target
			rec := httptest.NewRecorder()
			fx.server.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("GET %s: status %d: %.300s", target, rec.Code, rec.Body.String())
			}
		}
	})
}

// FuzzSiteRedirects checks every redirect the server builds from what a
// client sent (the trailing-slash redirect, a stored redirect with what
// followed the moved part, WordPress's query addresses) through the real
// handler: for any request path and any redirect target the store
// accepts, the Location stays on the site.
func FuzzSiteRedirects(f *testing.F) {
	fx := newFixture(f)
	ctx := context.Background()
	for _, s := range hostileSeeds {
		f.Add("/moved"+s, s)
		f.Add(s, "/new/")
	}
	f.Add("/moved/a/b", "/x/")
	f.Add("/moved//evil.example", "/")
	f.Add("/moved/%5C%5Cevil.example", "/")
	f.Add("/moved%2F%2Fevil.example", "/")
	f.Add("/%2F%2Fevil.example", "/")
	f.Add("/.%2E/%2E%2E//evil.example", "/")
	f.Fuzz(func(t *testing.T, requestPath, to string) {
		if err := fx.store.AddRedirect(ctx, "/moved/", to); err != nil {
			if masthead.ErrorCode(err) != masthead.EINVALID {
				t.Fatalf("AddRedirect(%q): %v", to, err)
			}
		} else if !masthead.IsSitePath(to) {
			t.Fatalf("the store accepts the redirect target %q", to)
		}
		u, err := url.ParseRequestURI(requestPath)
		if err != nil {
			return // no client can send it
		}
		req := httptest.NewRequest("GET", "/", nil)
		req.URL, req.RequestURI = u, requestPath
		rec := httptest.NewRecorder()
		fx.server.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("GET %q: status %d", requestPath, rec.Code)
		}
		loc := rec.Header().Get("Location")
		if loc == "" {
			return
		}
		checkOnSite(t, requestPath, loc)
	})
}

// checkOnSite fails t when a Location, read as a browser reads it, leaves
// https://site.example.
func checkOnSite(t *testing.T, requestPath, loc string) {
	t.Helper()
	base, _ := url.Parse("https://site.example/some/page/")
	if strings.ContainsAny(loc, "\\\t\r\n\x00") {
		t.Fatalf("GET %q sends to %q, which a browser reads differently", requestPath, loc)
	}
	ref, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("GET %q sends to %q, which is not a URL: %v", requestPath, loc, err)
	}
	got := base.ResolveReference(ref)
	if got.Host != "site.example" && got.Host != "observer.example" {
		t.Fatalf("GET %q sends to %q, which leads to %s", requestPath, loc, got)
	}
}

// TestFormTokenNeverVerifiesRandom is the fuzzer's promise at a larger
// scale than seeds: thousands of random tokens of the right length.
func TestFormTokenNeverVerifiesRandom(t *testing.T) {
	secret := []byte("a site secret of the right length!")
	b := make([]byte, 32)
	for range 5000 {
		rand.Read(b)
		if _, err := checkFormToken(secret, base64.RawURLEncoding.EncodeToString(b), 7, now, 0); err != errTokenForged {
			t.Fatalf("a random token gave %v, want the forged sentence", err)
		}
	}
}
