package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/content"
	"masthead/postgres"
	"masthead/postgres/pgtest"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// sentBack reads the form a refused post came back with: its message,
// the comment as typed and its token.
func sentBack(t *testing.T, res *http.Response) (message, comment, token string) {
	t.Helper()
	doc := parse(t, body(t, res))
	form := first(t, doc, byID("commentform"), "the form sent back")
	if errs := findAll(form, byID("form-errors")); len(errs) == 1 {
		message = text(errs[0])
	}
	return message, text(first(t, form, byID("comment"), "the comment")), attr(first(t, form, byID("comment-token"), "the token"), "value")
}

// countComments counts the lead article's comments.
func (rig *commentRig) countComments(t *testing.T) int {
	t.Helper()
	_, n, err := rig.store.FindComments(context.Background(), masthead.CommentFilter{ArticleID: rig.lead.ID})
	must(t, err)
	return n
}

// wantReaderToken fails unless token is a valid reader token of the
// lead article once the minimum time has passed.
func (rig *commentRig) wantReaderToken(t *testing.T, token string) checkedToken {
	t.Helper()
	secret, err := rig.server.secret(context.Background())
	must(t, err)
	tok, err := checkFormToken(secret, token, rig.lead.ID, rig.clock.Now().Add(time.Minute), 2*time.Second)
	if err != nil || tok.Nonce == "" {
		t.Fatalf("the token %q is not a reader token: %v", token, err)
	}
	return tok
}

// TestReaderTokenIsSingleUse: the same reader token posted twice stores
// one comment, even with another text; the second post comes back with
// the form as typed and a fresh token, with which it can be sent again.
func TestReaderTokenIsSingleUse(t *testing.T) {
	rig := newCommentRig(t)
	token := rig.token(t, rig.path)
	v := validComment("Said with this form.")
	v.Set("token", token)
	if res := rig.post(t, rig.path, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first post: status %d", res.StatusCode)
	}
	before := rig.countComments(t)
	v.Set("comment", "Something else, with the same form.")
	res := rig.post(t, rig.path, v)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("the same token again: status %d, want 422", res.StatusCode)
	}
	message, comment, fresh := sentBack(t, res)
	if !strings.Contains(message, "This form was already sent.") || comment != "Something else, with the same form." {
		t.Fatalf("the same token again came back saying %q with the comment %q", message, comment)
	}
	if rig.countComments(t) != before {
		t.Fatal("the same token stored a second comment")
	}
	if fresh == token {
		t.Fatal("the form came back with the token it already used")
	}
	rig.wantReaderToken(t, fresh)
	v.Set("token", fresh)
	if res := rig.post(t, rig.path, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sent again with the fresh token: status %d", res.StatusCode)
	}
}

// TestRefusedCommentKeepsItsToken: a comment refused for a field is not
// stored and does not use up its form; corrected, it posts.
func TestRefusedCommentKeepsItsToken(t *testing.T) {
	rig := newCommentRig(t)
	v := validComment("Posted after a correction.")
	v.Set("email", "not an email")
	v.Set("token", rig.token(t, rig.path))
	res := rig.post(t, rig.path, v)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a bad email: status %d", res.StatusCode)
	}
	v.Set("email", "fay.quinn@reader.example")
	if res := rig.post(t, rig.path, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the same token after the correction: status %d", res.StatusCode)
	}
}

// TestReaderTokenPostedAtOnce sends one reader token ten times at once
// over HTTP, on SQLite and on PostgreSQL: one comment is stored, and
// every other post is refused as a form already sent.
func TestReaderTokenPostedAtOnce(t *testing.T) {
	stores := map[string]func(t *testing.T) *sqlstore.Store{
		"sqlite": func(t *testing.T) *sqlstore.Store { return newStore(t) },
		"postgres": func(t *testing.T) *sqlstore.Store {
			s, err := postgres.Open(context.Background(), pgtest.DSN(t), "")
			must(t, err)
			s.Now = func() time.Time { return now }
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			rig := newCommentRigOn(t, open(t))
			ts := httptest.NewServer(rig.server)
			defer ts.Close()
			token := rig.token(t, rig.path)
			rig.clock.Add(5 * time.Second)
			before := rig.countComments(t)
			const posts = 10
			statuses := make([]int, posts)
			var wg sync.WaitGroup
			for i := range posts {
				wg.Go(func() {
					v := validComment(fmt.Sprintf("Double post number %d.", i))
					v.Set("email", fmt.Sprintf("reader%d@reader.example", i))
					v.Set("token", token)
					req, err := http.NewRequest("POST", ts.URL+rig.path, strings.NewReader(v.Encode()))
					if err != nil {
						t.Error(err)
						return
					}
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					res, err := http.DefaultTransport.RoundTrip(req)
					if err != nil {
						t.Error(err)
						return
					}
					b := body(t, res)
					statuses[i] = res.StatusCode
					if res.StatusCode == http.StatusUnprocessableEntity && !strings.Contains(b, "This form was already sent.") {
						t.Errorf("post %d was refused for another reason", i)
					}
				})
			}
			wg.Wait()
			stored := 0
			for _, status := range statuses {
				if status == http.StatusSeeOther {
					stored++
				} else if status != http.StatusUnprocessableEntity {
					t.Errorf("a post got status %d", status)
				}
			}
			if stored != 1 || rig.countComments(t) != before+1 {
				t.Fatalf("%d posts succeeded and %d comments were stored, want 1 and 1", stored, rig.countComments(t)-before)
			}
		})
	}
}

// TestPageTokenAsksToConfirm: a form posted with the page's own token
// (no scripts, or a bot) stores nothing and comes back as typed with a
// reader token and a request to press again; that press, once the
// minimum time has passed since, stores the comment.
func TestPageTokenAsksToConfirm(t *testing.T) {
	rig := newCommentRig(t)
	v := validComment("Posted without scripts.")
	v.Set("token", rig.pageToken(t, rig.path))
	before := rig.countComments(t)
	res := rig.post(t, rig.path, v) // five seconds after the page
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a page token: status %d, want 422", res.StatusCode)
	}
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("the form with a reader token has Cache-Control %q", cc)
	}
	message, comment, token := sentBack(t, res)
	if !strings.Contains(message, "Please check your comment and press Post Comment again.") || comment != "Posted without scripts." {
		t.Fatalf("a page token came back saying %q with the comment %q", message, comment)
	}
	if rig.countComments(t) != before {
		t.Fatal("a page token stored a comment")
	}
	rig.wantReaderToken(t, token)
	v.Set("token", token)

	// At once is too fast: the time counts from the confirmation.
	req := httptest.NewRequest("POST", rig.path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res := rig.do(t, req, nil); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body(t, res), "quicker than anyone can write") {
		t.Fatalf("the confirmation pressed at once: status %d", res.StatusCode)
	}
	if res := rig.post(t, rig.path, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the confirmation: status %d, want 303", res.StatusCode)
	}
	if c := rig.newestComment(t); c.Body != "Posted without scripts." || rig.countComments(t) != before+1 {
		t.Fatalf("the confirmation stored %q", c.Body)
	}
}

// TestCommentTokenEndpoint: the address the script asks issues a reader
// token per request, which no cache may keep, and knows no article that
// does not take comments; the cached article page holds no reader token
// and is the same bytes for every reader.
func TestCommentTokenEndpoint(t *testing.T) {
	site := newCachedSite(t, announcer{})
	ctx := context.Background()
	tokenURL := commentTokenPath + itoa(site.lead.ID)
	one, two := site.get(t, tokenURL), site.get(t, tokenURL)
	for _, res := range []page{one, two} {
		if res.status != http.StatusOK || res.header.Get("Cache-Control") != "no-store" || res.cache() != "" ||
			!strings.HasPrefix(res.header.Get("Content-Type"), "text/plain") {
			t.Fatalf("%s: status %d, Cache-Control %q, X-Cache %q, Content-Type %q", tokenURL, res.status,
				res.header.Get("Cache-Control"), res.cache(), res.header.Get("Content-Type"))
		}
	}
	a, b := site.wantReaderToken(t, string(one.body)), site.wantReaderToken(t, string(two.body))
	if a.Nonce == b.Nonce {
		t.Fatal("two readers got the same nonce")
	}

	articles := []page{site.get(t, site.path), site.get(t, site.path)}
	if articles[1].cache() != "hit" || !bytes.Equal(articles[0].body, articles[1].body) {
		t.Fatalf("the article page is not the same cached bytes for two readers (X-Cache %q)", articles[1].cache())
	}
	form := tokenTestForm(t, articles[1].body)
	if got := attr(form, "data-token-url"); got != tokenURL {
		t.Errorf("the form asks %q for a reader token, want %q", got, tokenURL)
	}
	secret, err := site.server.secret(ctx)
	must(t, err)
	pageToken := attr(first(t, form, byID("comment-token"), "token"), "value")
	if _, err := checkFormToken(secret, pageToken, site.lead.ID, now.Add(time.Minute), 0); err != errTokenConfirm {
		t.Fatalf("the cached page's token is not a page token: %v", err)
	}

	closed := &masthead.Article{Headline: "No comments on this one", BodySource: "Text.", Status: masthead.StatusPublished,
		PublishedAt: now.Add(-time.Hour), Authors: []*masthead.Author{site.ana}}
	must(t, content.PrepareArticle(closed))
	must(t, site.store.CreateArticle(ctx, closed))
	for _, path := range []string{commentTokenPath + itoa(closed.ID), commentTokenPath + itoa(site.draft.ID), commentTokenPath + "999999",
		commentTokenPath + "nope", commentTokenPath + "-1"} {
		if res := site.get(t, path); res.status != http.StatusNotFound || res.header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: status %d, Cache-Control %q; want 404, no-store", path, res.status, res.header.Get("Cache-Control"))
		}
	}
}

// tokenTestForm returns the comment form of a page's body.
func tokenTestForm(t *testing.T, b []byte) *html.Node {
	t.Helper()
	return first(t, parse(t, string(b)), byID("commentform"), "the comment form")
}

// TestRegularCommenterIsKnownByTheirBrowser: under hold_first, a second
// comment from the browser and email of an approved one is approved; the
// same name and email from another browser, or from one with no key, is
// held. The key is stored hashed, never as the browser holds it.
func TestRegularCommenterIsKnownByTheirBrowser(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "masthead.db"))
	must(t, err)
	store.Now = func() time.Time { return now }
	t.Cleanup(func() { store.Close() })
	rig := newCommentRigOn(t, store)
	res := rig.post(t, rig.path, validComment("A regular's first comment."))
	regular := cookieNamed(res, regularCookie)
	if res.StatusCode != http.StatusSeeOther || regular == nil {
		t.Fatalf("first comment: status %d, browser key %v", res.StatusCode, regular)
	}
	if !regular.HttpOnly || !regular.Secure || regular.SameSite != http.SameSiteLaxMode || regular.MaxAge < 364*24*60*60 || regular.Path != "/" {
		t.Errorf("the browser key's cookie is %+v, want HttpOnly, Secure, SameSite=Lax, a year, the whole site", regular)
	}
	held := rig.newestComment(t)
	if held.Status != masthead.CommentPending {
		t.Fatalf("a first comment is %s", held.Status)
	}
	must(t, rig.store.UpdateCommentStatus(ctx, held.ID, masthead.CommentApproved))

	res = rig.post(t, rig.path, validComment("From the same browser."), regular)
	if c := rig.newestComment(t); res.StatusCode != http.StatusSeeOther || c.Status != masthead.CommentApproved {
		t.Fatalf("the regular's browser: status %d, comment %s (%s)", res.StatusCode, c.Status, c.Reason)
	}
	if cookieNamed(res, regularCookie) != nil {
		t.Error("a browser with a key was given another")
	}

	for name, cookies := range map[string][]*http.Cookie{
		"no key":          nil,
		"another browser": {{Name: regularCookie, Value: newRegularKey()}},
		"a malformed key": {{Name: regularCookie, Value: "not-a-key"}},
	} {
		rig.clock.Add(time.Minute)
		res := rig.post(t, rig.path, validComment("Impersonating the regular, "+name+"."), cookies...)
		c := rig.newestComment(t)
		if res.StatusCode != http.StatusSeeOther || c.Status != masthead.CommentPending || c.AuthorName != "Fay Quinn" {
			t.Errorf("%s: status %d, comment %s; want held", name, res.StatusCode, c.Status)
		}
		if got := cookieNamed(res, regularCookie); (got != nil) != (name != "another browser") {
			t.Errorf("%s: the answer sets the browser key %v", name, got)
		}
	}

	// Stored hashed: the key as the browser holds it finds nothing, its
	// hash finds the regular's comments, and the database files never
	// hold the key itself.
	sum := sha256.Sum256([]byte(regular.Value))
	if _, n, _ := rig.store.FindComments(ctx, masthead.CommentFilter{CommenterKey: regular.Value}); n != 0 {
		t.Errorf("the raw key finds %d comments", n)
	}
	if _, n, _ := rig.store.FindComments(ctx, masthead.CommentFilter{CommenterKey: hex.EncodeToString(sum[:])}); n != 2 {
		t.Errorf("the key's hash finds %d comments, want the regular's 2", n)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) == 0 {
		t.Fatal("no database files to read")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		must(t, err)
		if bytes.Contains(b, []byte(regular.Value)) {
			t.Errorf("%s holds the browser key itself", filepath.Base(f))
		}
	}
}

// TestRegularCookieKeepsPagesCached: the browser key personalises nothing,
// so a reader carrying it alone is served the cached pages.
func TestRegularCookieKeepsPagesCached(t *testing.T) {
	site := newCachedSite(t, announcer{})
	key := &http.Cookie{Name: regularCookie, Value: newRegularKey()}
	site.get(t, site.path)
	for _, path := range []string{site.path, "/"} {
		site.get(t, path)
		if res := site.get(t, path, key); res.cache() != "hit" || !strings.Contains(res.header.Get("Cache-Control"), "public") {
			t.Errorf("%s with the browser key: X-Cache %q, Cache-Control %q; want the cached page", path, res.cache(), res.header.Get("Cache-Control"))
		}
	}
}
