package web

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/i18n"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// clock is a settable clock for the server under test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// commentRig is a fixture site whose server clock moves, so that forms can
// be filled in as slowly as people do.
type commentRig struct {
	*fixture
	clock  *clock
	server *Server
	path   string // the lead article's URL
}

func newCommentRig(t *testing.T, opts ...func(*Options)) *commentRig {
	t.Helper()
	return newCommentRigOn(t, newStore(t), opts...)
}

// newCommentRigOn is newCommentRig on an empty store of the caller's.
func newCommentRigOn(t *testing.T, store *sqlstore.Store, opts ...func(*Options)) *commentRig {
	t.Helper()
	f := newFixtureOn(t, store)
	clk := &clock{t: now}
	o := Options{BaseURL: "https://observer.example", Now: clk.Now, CommentEvery: -1}
	for _, opt := range opts {
		opt(&o)
	}
	srv, err := NewServer(f.store, o)
	if err != nil {
		t.Fatal(err)
	}
	return &commentRig{fixture: f, clock: clk, server: srv, path: f.lead.Path(time.UTC)}
}

// do sends a request with cookies and returns the response.
func (rig *commentRig) do(t *testing.T, req *http.Request, cookies []*http.Cookie) *http.Response {
	t.Helper()
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	rig.server.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pageToken fetches the article page and returns the comment token the
// page itself carries, the same for every reader.
func (rig *commentRig) pageToken(t *testing.T, path string) string {
	t.Helper()
	res := rig.do(t, httptest.NewRequest("GET", path, nil), nil)
	doc := parse(t, body(t, res))
	for _, in := range findAll(doc, byTag("input")) {
		if attr(in, "name") == "token" {
			return attr(in, "value")
		}
	}
	t.Fatalf("%s has no comment form token", path)
	return ""
}

// token fetches the article page and then, as the comments script does
// when the reader starts writing, a reader token of their own from the
// address the form names.
func (rig *commentRig) token(t *testing.T, path string) string {
	t.Helper()
	res := rig.do(t, httptest.NewRequest("GET", path, nil), nil)
	form := first(t, parse(t, body(t, res)), byID("commentform"), "the comment form of "+path)
	tokenURL := attr(form, "data-token-url")
	if tokenURL == "" {
		t.Fatalf("the comment form of %s names no address for a reader token", path)
	}
	res = rig.do(t, httptest.NewRequest("GET", tokenURL, nil), nil)
	token := body(t, res)
	if res.StatusCode != http.StatusOK || token == "" {
		t.Fatalf("%s: status %d, %q", tokenURL, res.StatusCode, token)
	}
	return token
}

// post fills in the form of path as a person would: it fetches the page,
// waits a few seconds, and posts the values with the page's token.
func (rig *commentRig) post(t *testing.T, path string, values url.Values, cookies ...*http.Cookie) *http.Response {
	t.Helper()
	if values.Get("token") == "" {
		values.Set("token", rig.token(t, path))
	}
	rig.clock.Add(5 * time.Second)
	req := httptest.NewRequest("POST", path, strings.NewReader(values.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return rig.do(t, req, cookies)
}

func validComment(text string) url.Values {
	return url.Values{"comment": {text}, "author": {"Fay Quinn"}, "email": {"fay.quinn@reader.example"}, "url": {"https://fay.example.org/"}}
}

// newestComment returns the newest stored comment.
func (rig *commentRig) newestComment(t *testing.T) *masthead.Comment {
	t.Helper()
	list, _, err := rig.store.FindComments(context.Background(), masthead.CommentFilter{Newest: true, Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("no comments: %v", err)
	}
	return list[0]
}

func cookieNamed(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestCommentFormMarkup(t *testing.T) {
	rig := newCommentRig(t)
	doc := parse(t, body(t, rig.do(t, httptest.NewRequest("GET", rig.path, nil), nil)))
	respond := first(t, doc, byID("respond"), "#respond")
	if got := text(first(t, respond, byTag("h3"), "form heading")); !strings.HasPrefix(got, "Leave a Reply") {
		t.Errorf("form heading = %q", got)
	}
	if got := text(first(t, respond, byClass("comment-notes"), "notes")); got != "Your email address will not be published. Required fields are marked *" {
		t.Errorf("notes = %q", got)
	}
	labels := map[string]string{}
	for _, l := range findAll(respond, byTag("label")) {
		labels[attr(l, "for")] = text(l)
	}
	fields := []struct{ id, label, tag, typ, autocomplete string }{
		{"comment", "Comment *", "textarea", "", ""},
		{"author", "Name *", "input", "text", "name"},
		{"email", "Email *", "input", "email", "email"},
		{"url", "Website", "input", "url", "url"},
		{"remember", "Save my name, email, and website in this browser for the next time I comment.", "input", "checkbox", ""},
	}
	for _, f := range fields {
		if labels[f.id] != f.label {
			t.Errorf("label for %s = %q, want %q", f.id, labels[f.id], f.label)
		}
		el := first(t, respond, byID(f.id), "#"+f.id)
		if el.Data != f.tag || attr(el, "type") != f.typ || attr(el, "autocomplete") != f.autocomplete {
			t.Errorf("#%s is <%s type=%q autocomplete=%q>, want <%s type=%q autocomplete=%q>",
				f.id, el.Data, attr(el, "type"), attr(el, "autocomplete"), f.tag, f.typ, f.autocomplete)
		}
	}
	if attr(first(t, respond, byID("remember"), "checkbox"), "checked") != "" || hasAttr(first(t, respond, byID("remember"), "checkbox"), "checked") {
		t.Error("the remember box is ticked for a new reader")
	}
	if got := attr(first(t, respond, byID("submit"), "submit"), "value"); got != "Post Comment" {
		t.Errorf("submit = %q", got)
	}
	form := first(t, respond, byTag("form"), "form")
	if attr(form, "method") != "post" || attr(form, "action") != rig.path+"#respond" {
		t.Errorf("form posts %s to %s", attr(form, "method"), attr(form, "action"))
	}
}

func hasAttr(n *html.Node, name string) bool {
	for _, a := range n.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}

// TestPostCommentFlow follows a first-time commenter: posted, redirected to
// the comment, shown as awaiting moderation to them alone, approved, then
// shown to all; their second comment is approved at once.
func TestPostCommentFlow(t *testing.T) {
	rig := newCommentRig(t)
	ctx := context.Background()
	res := rig.post(t, rig.path, validComment("A first comment.\n\nIn two paragraphs, see https://example.org/pier."))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303:\n%s", res.StatusCode, body(t, res))
	}
	c := rig.newestComment(t)
	if want := rig.path + fmt.Sprintf("#comment-%d", c.ID); res.Header.Get("Location") != want {
		t.Fatalf("Location = %q, want %q", res.Header.Get("Location"), want)
	}
	if c.Status != masthead.CommentPending || c.Reason == "" || c.IP != "192.0.2.0" {
		t.Fatalf("stored comment: status %s, reason %q, ip %q", c.Status, c.Reason, c.IP)
	}
	if c.AuthorEmail != "fay.quinn@reader.example" || c.Body != "A first comment.\n\nIn two paragraphs, see https://example.org/pier." {
		t.Fatalf("stored comment = %+v", c)
	}
	pending := cookieNamed(res, pendingCookie)
	if pending == nil || !pending.HttpOnly {
		t.Fatal("no HttpOnly cookie remembers the held comment")
	}
	regular := cookieNamed(res, regularCookie)
	if regular == nil || !regular.HttpOnly {
		t.Fatal("no HttpOnly cookie gives the browser its key")
	}

	anchor := fmt.Sprintf("comment-%d", c.ID)
	mine := rig.do(t, httptest.NewRequest("GET", rig.path, nil), []*http.Cookie{pending})
	if cc := mine.Header.Get("Cache-Control"); !strings.Contains(cc, "private") || !strings.Contains(cc, "no-store") {
		t.Errorf("a page with the reader's own held comment has Cache-Control %q", cc)
	}
	doc := parse(t, body(t, mine))
	li := first(t, doc, byID(anchor), "the held comment, for its writer")
	if got := text(first(t, li, byClass("awaiting"), "notice")); got != "Your comment is awaiting moderation." {
		t.Errorf("notice = %q", got)
	}
	link := first(t, first(t, li, byClass("comment-body"), "body"), byTag("a"), "auto-link")
	if attr(link, "href") != "https://example.org/pier" || attr(link, "rel") != "nofollow ugc noopener" {
		t.Errorf("auto-link href=%q rel=%q", attr(link, "href"), attr(link, "rel"))
	}
	if n := len(findAll(li, byClass("comment-reply-link"))); n != 0 {
		t.Error("a held comment offers a Reply link")
	}

	// Forged or foreign cookies show nothing.
	forged := &http.Cookie{Name: pendingCookie, Value: fmt.Sprintf("%d~AAAA", c.ID)}
	for name, cookies := range map[string][]*http.Cookie{"nobody": nil, "forged": {forged}} {
		other := body(t, rig.do(t, httptest.NewRequest("GET", rig.path, nil), cookies))
		if strings.Contains(other, anchor) || strings.Contains(other, "A first comment.") {
			t.Errorf("%s sees the held comment", name)
		}
	}

	if err := rig.store.UpdateCommentStatus(ctx, c.ID, masthead.CommentApproved); err != nil {
		t.Fatal(err)
	}
	doc = parse(t, body(t, rig.do(t, httptest.NewRequest("GET", rig.path, nil), nil)))
	li = first(t, doc, byID(anchor), "the approved comment")
	if len(findAll(li, byClass("awaiting"))) != 0 {
		t.Error("the approved comment still says it awaits moderation")
	}
	if got := text(first(t, doc, byID("comments-heading"), "count")); got != "4 Comments" {
		t.Errorf("count after approval = %q, want 4 Comments", got)
	}

	res = rig.post(t, rig.path, validComment("My second comment."), regular)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second comment: status %d", res.StatusCode)
	}
	if second := rig.newestComment(t); second.Status != masthead.CommentApproved {
		t.Fatalf("a known commenter's second comment is %s (%s)", second.Status, second.Reason)
	}
}

// TestCommentValidation posts faulty forms and checks that each comes back
// with 422, a message at each faulty field and every value still in place.
func TestCommentValidation(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name       string
		edit       func(url.Values)
		wantFields []string
	}{
		{"no comment", func(v url.Values) { v.Set("comment", "   ") }, []string{"comment"}},
		{"no name", func(v url.Values) { v.Set("author", "") }, []string{"author"}},
		{"no email", func(v url.Values) { v.Set("email", "") }, []string{"email"}},
		{"bad email", func(v url.Values) { v.Set("email", "fay at reader") }, []string{"email"}},
		{"script website", func(v url.Values) { v.Set("url", "javascript:alert(1)") }, []string{"url"}},
		{"ftp website", func(v url.Values) { v.Set("url", "ftp://example.org/") }, []string{"url"}},
		{"long name", func(v url.Values) { v.Set("author", long(246)) }, []string{"author"}},
		{"long email", func(v url.Values) { v.Set("email", long(95)+"@a.example") }, []string{"email"}},
		{"long website", func(v url.Values) { v.Set("url", "https://example.org/"+long(190)) }, []string{"url"}},
		{"long comment", func(v url.Values) { v.Set("comment", long(65526)) }, []string{"comment"}},
		{"everything wrong", func(v url.Values) {
			v.Set("comment", "")
			v.Set("author", "")
			v.Set("email", "x")
			v.Set("url", "nope")
		},
			[]string{"comment", "author", "email", "url"}},
	}
	rig := newCommentRig(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values := validComment("Kept text with <b>markup</b> & \"quotes\".")
			values.Set("remember", "yes")
			tt.edit(values)
			res := rig.post(t, rig.path, values)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			doc := parse(t, body(t, res))
			form := first(t, doc, byID("commentform"), "the form")
			for _, field := range tt.wantFields {
				msg := first(t, form, byID(field+"-error"), "the message of "+field)
				if text(msg) == "" {
					t.Errorf("%s: empty message", field)
				}
				if attr(first(t, form, byID(field), field), "aria-invalid") != "true" {
					t.Errorf("%s is not marked invalid", field)
				}
			}
			if got := len(findAll(form, byClass("field-error"))); got != len(tt.wantFields) {
				t.Errorf("%d field messages, want %d", got, len(tt.wantFields))
			}
			if got := text(first(t, form, byID("comment"), "textarea")); got != strings.Join(strings.Fields(values.Get("comment")), " ") {
				t.Errorf("the comment came back as %q", got)
			}
			for _, field := range []string{"author", "email", "url"} {
				if got := attr(first(t, form, byID(field), field), "value"); got != values.Get(field) {
					t.Errorf("%s came back as %q, want %q", field, got, values.Get(field))
				}
			}
			if !hasAttr(first(t, form, byID("remember"), "remember"), "checked") {
				t.Error("the remember box came back unticked")
			}
		})
	}
	if _, n, _ := rig.store.FindComments(context.Background(), masthead.CommentFilter{ArticleID: rig.lead.ID}); n != 5 {
		t.Fatalf("faulty forms stored comments: %d in all, want the fixture's 5", n)
	}
}

func TestCommentRefusals(t *testing.T) {
	rig := newCommentRig(t)
	ctx := context.Background()
	held := rig.comments[3]
	other := &masthead.Comment{ArticleID: rig.draft.ID, AuthorName: "Elsewhere", AuthorEmail: "e@reader.example", Body: "Other thread", Status: masthead.CommentApproved}
	if err := rig.store.CreateComment(ctx, other); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		values     func() url.Values
		wantStatus int
		wantText   string
	}{
		{"reply to a held comment", func() url.Values {
			v := validComment("Reply to held")
			v.Set("comment_parent", fmt.Sprint(held.ID))
			return v
		}, 422, "The comment you are replying to is not available."},
		{"reply into another article", func() url.Values {
			v := validComment("Reply across")
			v.Set("comment_parent", fmt.Sprint(other.ID))
			return v
		}, 422, "The comment you are replying to is not available."},
		{"no token", func() url.Values { v := validComment("No token"); v.Set("token", "x"); return v }, 422, "could not be verified"},
		{"forged token", func() url.Values {
			v := validComment("Forged")
			v.Set("token", formToken([]byte("not the site secret at all"), rig.lead.ID, now))
			return v
		}, 422, "could not be verified"},
		{"token of another article", func() url.Values {
			v := validComment("Elsewhere")
			secret, _ := rig.server.secret(ctx)
			v.Set("token", formToken(secret, rig.draft.ID, now))
			return v
		}, 422, "could not be verified"},
		{"too old", func() url.Values {
			v := validComment("Old")
			secret, _ := rig.server.secret(ctx)
			v.Set("token", formToken(secret, rig.lead.ID, rig.clock.Now().Add(-8*24*time.Hour)))
			return v
		}, 422, "open for too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values := tt.values()
			res := rig.post(t, rig.path, values)
			b := body(t, res)
			if res.StatusCode != tt.wantStatus || !strings.Contains(b, tt.wantText) {
				t.Fatalf("status %d, want %d with %q", res.StatusCode, tt.wantStatus, tt.wantText)
			}
			if got := text(first(t, parse(t, b), byID("comment"), "textarea")); got != values.Get("comment") {
				t.Fatalf("the comment came back as %q", got)
			}
		})
	}

	t.Run("too fast", func(t *testing.T) {
		v := validComment("Fast")
		v.Set("token", rig.token(t, rig.path))
		req := httptest.NewRequest("POST", rig.path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res := rig.do(t, req, nil) // no time passes
		if b := body(t, res); res.StatusCode != 422 || !strings.Contains(b, "quicker than anyone can write") {
			t.Fatalf("status %d", res.StatusCode)
		}
	})

	t.Run("duplicate", func(t *testing.T) {
		v := validComment("Said once.")
		if res := rig.post(t, rig.path, v); res.StatusCode != 303 {
			t.Fatalf("first: status %d", res.StatusCode)
		}
		v.Del("token")
		res := rig.post(t, rig.path, v)
		if b := body(t, res); res.StatusCode != 422 || !strings.Contains(b, "already posted this comment") {
			t.Fatalf("duplicate: status %d", res.StatusCode)
		}
	})

	t.Run("cross-site post", func(t *testing.T) {
		v := validComment("From elsewhere")
		v.Set("token", rig.token(t, rig.path))
		rig.clock.Add(5 * time.Second)
		req := httptest.NewRequest("POST", rig.path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if res := rig.do(t, req, nil); res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", res.StatusCode)
		}
	})
}

func TestCommentsClosed(t *testing.T) {
	rig := newCommentRig(t)
	ctx := context.Background()
	rig.lead.CommentsOpen = false
	if err := rig.store.UpdateArticle(ctx, rig.lead); err != nil {
		t.Fatal(err)
	}
	doc := parse(t, body(t, rig.do(t, httptest.NewRequest("GET", rig.path, nil), nil)))
	if got := text(first(t, doc, byClass("comments-closed"), "closed notice")); got != "Comments are closed." {
		t.Errorf("notice = %q", got)
	}
	if len(findAll(doc, byID("commentform"))) != 0 || len(findAll(doc, byClass("comment-reply-link"))) != 0 {
		t.Error("a closed article still offers a form or reply links")
	}
	if len(findAll(doc, byClass("comment"))) != 3 {
		t.Error("closing comments hid the approved ones")
	}
	v := validComment("Too late")
	v.Set("token", "anything")
	res := rig.post(t, rig.path, v)
	if b := body(t, res); res.StatusCode != http.StatusForbidden || !strings.Contains(b, "Comments are closed.") {
		t.Fatalf("status %d, want 403 with the sentence", res.StatusCode)
	}
}

func TestCommentRateLimit(t *testing.T) {
	rig := newCommentRig(t, func(o *Options) { o.CommentEvery, o.CommentBurst = time.Minute, 2 })
	for i := range 2 {
		if res := rig.post(t, rig.path, validComment(fmt.Sprint("Comment ", i))); res.StatusCode != 303 {
			t.Fatalf("comment %d: status %d", i, res.StatusCode)
		}
	}
	res := rig.post(t, rig.path, validComment("One too many"))
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", res.StatusCode)
	}
	if ra := res.Header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Fatalf("Retry-After = %q", ra)
	}
	doc := parse(t, body(t, res))
	if got := text(first(t, doc, byID("comment"), "textarea")); got != "One too many" {
		t.Fatalf("the comment came back as %q", got)
	}
	// Another network is not affected.
	v := validComment("From elsewhere")
	v.Set("token", rig.token(t, rig.path))
	rig.clock.Add(5 * time.Second)
	req := httptest.NewRequest("POST", rig.path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "198.51.100.7:4000"
	if res := rig.do(t, req, nil); res.StatusCode != 303 {
		t.Fatalf("another network: status %d", res.StatusCode)
	}
	rig.clock.Add(2 * time.Minute)
	if res := rig.post(t, rig.path, validComment("After waiting")); res.StatusCode != 303 {
		t.Fatalf("after waiting: status %d", res.StatusCode)
	}
}

func TestModerationPolicies(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		site       func(*masthead.Site)
		values     func(url.Values)
		wantStatus masthead.CommentStatus
		wantReason string
	}{
		{"approve all", func(s *masthead.Site) { s.CommentModeration = masthead.ModerateApproveAll }, nil, masthead.CommentApproved, ""},
		{"hold all", func(s *masthead.Site) { s.CommentModeration = masthead.ModerateHoldAll }, nil, masthead.CommentPending, "every comment"},
		{"hold first", nil, nil, masthead.CommentPending, "first comment"},
		{"too many links", func(s *masthead.Site) { s.CommentModeration = masthead.ModerateApproveAll },
			func(v url.Values) { v.Set("comment", "https://a.example https://b.example https://c.example") }, masthead.CommentPending, "3 links"},
		{"held word", func(s *masthead.Site) {
			s.CommentModeration = masthead.ModerateApproveAll
			s.CommentHoldWords = "casino\nlottery"
		},
			func(v url.Values) { v.Set("comment", "Is there a Lottery?") }, masthead.CommentPending, "lottery"},
		{"spam word", func(s *masthead.Site) {
			s.CommentModeration = masthead.ModerateApproveAll
			s.CommentSpamWords = "cheap watches"
		},
			func(v url.Values) { v.Set("author", "Cheap Watches Ltd") }, masthead.CommentSpam, "cheap watches"},
		{"honeypot", func(s *masthead.Site) { s.CommentModeration = masthead.ModerateApproveAll },
			func(v url.Values) { v.Set(honeypotField, "555-0100") }, masthead.CommentSpam, "hidden field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rig := newCommentRig(t)
			site, _ := rig.store.FindSite(ctx)
			if tt.site != nil {
				tt.site(site)
			}
			must(t, rig.store.UpdateSite(ctx, site))
			v := validComment("Plain words.")
			if tt.values != nil {
				tt.values(v)
			}
			res := rig.post(t, rig.path, v)
			if res.StatusCode != 303 {
				t.Fatalf("status %d", res.StatusCode)
			}
			c := rig.newestComment(t)
			if c.Status != tt.wantStatus || !strings.Contains(c.Reason, tt.wantReason) {
				t.Fatalf("status %s reason %q, want %s with %q", c.Status, c.Reason, tt.wantStatus, tt.wantReason)
			}
			if (c.Status == masthead.CommentApproved) == (cookieNamed(res, pendingCookie) != nil) {
				t.Fatalf("status %s with pending cookie %v", c.Status, cookieNamed(res, pendingCookie))
			}
		})
	}
}

func TestRememberCommenter(t *testing.T) {
	rig := newCommentRig(t)
	v := validComment("Remember me.")
	v.Set("remember", "yes")
	res := rig.post(t, rig.path, v)
	saved := cookieNamed(res, commenterCookie)
	if saved == nil || saved.MaxAge <= 0 || !saved.HttpOnly {
		t.Fatalf("no lasting cookie after ticking the box: %v", saved)
	}
	res = rig.do(t, httptest.NewRequest("GET", rig.path, nil), []*http.Cookie{saved})
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
		t.Errorf("a pre-filled form has Cache-Control %q", cc)
	}
	form := first(t, parse(t, body(t, res)), byID("commentform"), "form")
	for field, want := range map[string]string{"author": "Fay Quinn", "email": "fay.quinn@reader.example", "url": "https://fay.example.org/"} {
		if got := attr(first(t, form, byID(field), field), "value"); got != want {
			t.Errorf("%s pre-filled with %q, want %q", field, got, want)
		}
	}
	if !hasAttr(first(t, form, byID("remember"), "box"), "checked") {
		t.Error("the box is not ticked for a remembered reader")
	}

	v = validComment("Forget me now.")
	res = rig.post(t, rig.path, v, saved)
	if gone := cookieNamed(res, commenterCookie); gone == nil || gone.MaxAge >= 0 {
		t.Fatalf("unticking the box did not delete the cookie: %v", gone)
	}
	v = validComment("Never remembered.")
	if res := rig.post(t, rig.path, v); cookieNamed(res, commenterCookie) != nil {
		t.Fatal("a cookie was set without the box ticked")
	}
}

func TestReplyLinksAndDepth(t *testing.T) {
	rig := newCommentRig(t)
	ctx := context.Background()
	site, _ := rig.store.FindSite(ctx)
	site.CommentDepth = 3
	must(t, rig.store.UpdateSite(ctx, site))
	doc := parse(t, body(t, rig.do(t, httptest.NewRequest("GET", rig.path, nil), nil)))
	deepest := first(t, doc, byID(fmt.Sprintf("comment-%d", rig.comments[2].ID)), "depth 3 comment")
	if len(findAll(deepest, byClass("comment-reply-link"))) != 0 {
		t.Error("a comment at the deepest level offers a Reply link")
	}
	top := first(t, doc, byID(fmt.Sprintf("comment-%d", rig.comments[0].ID)), "top comment")
	link := first(t, top, byClass("comment-reply-link"), "reply link")
	if want := fmt.Sprintf("?replytocom=%d#respond", rig.comments[0].ID); attr(link, "href") != want {
		t.Errorf("reply link = %q, want %q", attr(link, "href"), want)
	}

	doc = parse(t, body(t, rig.do(t, httptest.NewRequest("GET", rig.path+fmt.Sprintf("?replytocom=%d", rig.comments[0].ID), nil), nil)))
	if got := attr(first(t, doc, byID("comment_parent"), "parent"), "value"); got != fmt.Sprint(rig.comments[0].ID) {
		t.Errorf("comment_parent = %q", got)
	}
	if got := text(first(t, doc, byID("reply-title"), "title")); !strings.HasPrefix(got, "Leave a Reply to Cora Diaz") {
		t.Errorf("title = %q", got)
	}
	doc = parse(t, body(t, rig.do(t, httptest.NewRequest("GET", rig.path+fmt.Sprintf("?replytocom=%d", rig.comments[3].ID), nil), nil)))
	if got := attr(first(t, doc, byID("comment_parent"), "parent"), "value"); got != "0" {
		t.Errorf("replytocom of a held comment set comment_parent = %q", got)
	}

	v := validComment("A reply.")
	v.Set("comment_parent", fmt.Sprint(rig.comments[1].ID))
	if res := rig.post(t, rig.path, v); res.StatusCode != 303 {
		t.Fatalf("reply: status %d", res.StatusCode)
	}
	if c := rig.newestComment(t); c.ParentID != rig.comments[1].ID {
		t.Fatalf("reply stored with parent %d", c.ParentID)
	}
}

// xssPayloads are classic cross-site scripting attempts.
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`"><script>alert(2)</script>`,
	`<img src=x onerror=alert(3)>`,
	`<svg/onload=alert(4)>`,
	`javascript:alert(5)`,
	`' onmouseover='alert(6)`,
	`<a href="javascript:alert(7)">x</a>`,
	`<iframe src="javascript:alert(8)"></iframe>`,
	`https://example.org/"onmouseover="alert(9)`,
	`https://example.org/<script>alert(10)</script>`,
	`</textarea><script>alert(11)</script>`,
	`{{.}}<!--<script>-->`,
}

func TestCommentXSS(t *testing.T) {
	rig := newCommentRig(t)
	ctx := context.Background()
	site, _ := rig.store.FindSite(ctx)
	site.CommentModeration, site.CommentMaxLinks = masthead.ModerateApproveAll, 100
	must(t, rig.store.UpdateSite(ctx, site))
	for i, p := range xssPayloads {
		v := url.Values{"comment": {"Text " + p + " end"}, "author": {"Name " + p}, "email": {fmt.Sprintf("x%d@reader.example", i)}}
		// The website must be a real web address, so the payload rides in
		// its path and query.
		v.Set("url", "https://example.org/?q="+url.QueryEscape(p))
		res := rig.post(t, rig.path, v)
		if res.StatusCode != 303 {
			t.Fatalf("payload %d: status %d: %s", i, res.StatusCode, body(t, res))
		}
		// The same payloads in a form that comes back with an error.
		v.Set("email", "not-an-email "+p)
		v.Del("token")
		if res := rig.post(t, rig.path, v); res.StatusCode != 422 {
			t.Fatalf("payload %d with a bad email: status %d", i, res.StatusCode)
		} else {
			checkNoScript(t, body(t, res), fmt.Sprintf("error form %d", i))
		}
	}
	b := body(t, rig.do(t, httptest.NewRequest("GET", rig.path, nil), nil))
	checkNoScript(t, b, "article")
	doc := parse(t, b)
	all := text(first(t, doc, byID("comments"), "comments"))
	for _, p := range xssPayloads {
		if !strings.Contains(all, strings.Join(strings.Fields("Text "+p+" end"), " ")) {
			t.Errorf("the payload %q is not shown as text", p)
		}
	}
}

// ourScript reports whether a <script> is one Masthead writes: a static
// file of ours, or a JSON-LD data block that holds nothing but JSON.
func ourScript(n *html.Node) bool {
	if attr(n, "type") == "application/ld+json" {
		return n.FirstChild != nil && n.FirstChild == n.LastChild && json.Valid([]byte(n.FirstChild.Data)) && attr(n, "src") == ""
	}
	return strings.HasPrefix(attr(n, "src"), "/static/js/") && n.FirstChild == nil
}

// checkNoScript fails when a page holds script of any kind that is not our
// own static file.
func checkNoScript(t *testing.T, page, where string) {
	t.Helper()
	doc := parse(t, page)
	for _, n := range findAll(doc, func(*html.Node) bool { return true }) {
		if n.Data == "script" && !ourScript(n) {
			t.Errorf("%s: a foreign <script>", where)
		}
		if n.Data == "iframe" || n.Data == "img" && attr(n, "src") == "x" {
			t.Errorf("%s: a <%s> from a payload", where, n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("%s: <%s %s=%q>", where, n.Data, a.Key, a.Val)
			}
			if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
				t.Errorf("%s: <%s %s=%q>", where, n.Data, a.Key, a.Val)
			}
		}
	}
}

// TestNoCommenterEmailLeaks posts comments with unique emails through the
// form, approves them, then crawls every public page, feed, sitemap and
// API answer, with drafts, a held comment and spam present, and asserts
// that no email of a commenter or a staff member, and no common hash of
// one, appears in any body (HTML comments, attributes, JSON fields and
// XML included) or header.
func TestNoCommenterEmailLeaks(t *testing.T) {
	rig := newCommentRig(t)
	ctx := context.Background()
	var secrets []string
	known := map[string]bool{}
	addSecret := func(e string) {
		for _, e := range []string{e, strings.ToLower(e)} {
			if known[e] {
				continue
			}
			known[e] = true
			m, s1, s2 := md5.Sum([]byte(e)), sha1.Sum([]byte(e)), sha256.Sum256([]byte(e))
			secrets = append(secrets, e, hex.EncodeToString(m[:]), hex.EncodeToString(s1[:]), hex.EncodeToString(s2[:]))
		}
	}
	for i := range 6 {
		email := fmt.Sprintf("Leak.Test%d@private-reader.example", i)
		v := url.Values{"comment": {fmt.Sprint("Comment number ", i)}, "author": {fmt.Sprint("Leak Tester ", i)}, "email": {email}}
		res := rig.post(t, rig.path, v)
		if res.StatusCode != 303 {
			t.Fatalf("post %d: status %d", i, res.StatusCode)
		}
		c := rig.newestComment(t)
		must(t, rig.store.UpdateCommentStatus(ctx, c.ID, masthead.CommentApproved))
		addSecret(email)
		// The browser's key is as private, and so is its stored hash
		// (the SHA-256 that addSecret adds).
		addSecret(cookieNamed(res, regularCookie).Value)
	}
	// Held and spam comments (the fixture's, and one more of each
	// through the form), and every staff member, editors and
	// contributors without articles included.
	for _, status := range []masthead.CommentStatus{masthead.CommentPending, masthead.CommentSpam} {
		email := fmt.Sprintf("Unseen.%s@private-reader.example", status)
		if res := rig.post(t, rig.path, url.Values{"comment": {"Held back " + string(status)}, "author": {"Unseen Reader"}, "email": {email}}); res.StatusCode != 303 {
			t.Fatalf("post %s: status %d", status, res.StatusCode)
		}
		must(t, rig.store.UpdateCommentStatus(ctx, rig.newestComment(t).ID, status))
		addSecret(email)
	}
	for _, c := range rig.comments {
		addSecret(c.AuthorEmail)
	}
	staff, _, err := rig.store.FindAuthors(ctx, masthead.AuthorFilter{Limit: 100})
	must(t, err)
	for _, a := range staff {
		if a.Email != "" {
			addSecret(a.Email)
		}
	}
	if len(staff) < 3 {
		t.Fatalf("the fixture has %d staff members", len(staff))
	}

	lead := rig.path
	queue := []string{"/", lead, "/no-such-page/", lead + "?replytocom=1", lead + "?replytocom=" + itoa(rig.comments[3].ID),
		"/feed/", "/feed/atom/", "/feed/json/", "/comments/feed/", "/comments/feed/atom/", "/comments/feed/json/",
		lead + "feed/", lead + "feed/atom/", lead + "feed/json/", "/author/ana-lima/feed/", "/author/ben-ortiz/feed/json/",
		"/category/local/feed/atom/", "/tag/harbour/feed/", "/sitemap.xml", "/news-sitemap.xml", "/robots.txt", "/opensearch.xml",
		"/search/?q=reader.example", "/search/?q=private", "/search/?q=Held", "/search/?q=observer.example", "/?s=ana",
		"/api/v1/openapi.json", "/api/v1/articles", "/api/v1/articles?author=ana-lima", "/api/v1/articles/" + itoa(rig.lead.ID),
		"/api/v1/articles/" + itoa(rig.lead.ID) + "/comments", "/api/v1/articles/" + itoa(rig.draft.ID),
		"/api/v1/authors", "/api/v1/authors/ana-lima", "/api/v1/authors/new-hire", "/api/v1/categories", "/api/v1/tags",
		"/author/new-hire/", "/admin/login", "/?p=" + itoa(rig.draft.ID), "/?author=" + itoa(rig.ana.ID),
	}
	// Links in pages, and addresses of the site in feeds, sitemaps and
	// API answers, are followed.
	siteURL := regexp.MustCompile(`(?:https://observer\.example|"|')(/[^"'<>\s\\]*)`)
	seen := map[string]bool{}
	kinds := map[string]int{}
	for len(queue) > 0 && len(seen) < 400 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] || strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/media/") {
			continue
		}
		seen[p] = true
		res := rig.do(t, httptest.NewRequest("GET", p, nil), nil)
		b := body(t, res)
		var headers strings.Builder
		for k, v := range res.Header {
			fmt.Fprintf(&headers, "%s: %s\n", k, strings.Join(v, " "))
		}
		ct := res.Header.Get("Content-Type")
		kind, _, _ := strings.Cut(ct, ";")
		kinds[kind]++
		// Read as the raw bytes, as HTML or XML unescaped, and as JSON
		// unescaped, so that no encoding hides an address.
		plain := strings.ToLower(b + "\n" + html.UnescapeString(b) + "\n" + headers.String())
		if strings.Contains(kind, "json") {
			var v any
			if json.Unmarshal([]byte(b), &v) == nil {
				flat, _ := json.Marshal(v)
				plain += strings.ToLower(fmt.Sprint(v)) + string(flat)
			}
		}
		for _, s := range secrets {
			if strings.Contains(plain, strings.ToLower(s)) {
				t.Errorf("%s reveals %q", p, s)
			}
		}
		if strings.HasPrefix(ct, "text/html") {
			for _, a := range findAll(parse(t, b), byTag("a")) {
				href := attr(a, "href")
				if strings.HasPrefix(href, "?") {
					href = strings.SplitN(p, "?", 2)[0] + href
				}
				if strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "//") {
					queue = append(queue, strings.SplitN(href, "#", 2)[0])
				}
			}
		}
		for _, m := range siteURL.FindAllStringSubmatch(html.UnescapeString(b), -1) {
			if u := strings.SplitN(m[1], "#", 2)[0]; !strings.HasPrefix(u, "//") && len(u) > 1 {
				queue = append(queue, u)
			}
		}
	}
	t.Logf("crawled %d addresses: %v", len(seen), kinds)
	if len(seen) < 80 {
		t.Fatalf("the crawl reached only %d addresses", len(seen))
	}
	for _, kind := range []string{"text/html", "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json", "application/xml"} {
		if kinds[kind] == 0 {
			t.Errorf("the crawl reached nothing served as %s: %v", kind, kinds)
		}
	}
}

func TestAvatars(t *testing.T) {
	secret := []byte("site secret")
	a, b := newAvatar(secret, "Cora Diaz", "cora@reader.example"), newAvatar(secret, "Cora D.", "CORA@reader.example")
	if a.Colour != b.Colour {
		t.Errorf("the same email gave colours %s and %s", a.Colour, b.Colour)
	}
	if a.Initials != "CD" {
		t.Errorf("initials = %q", a.Initials)
	}
	if other := newAvatar([]byte("another site"), "Cora Diaz", "cora@reader.example"); other.Colour == a.Colour && newAvatar([]byte("third"), "x", "cora@reader.example").Colour == a.Colour {
		t.Error("the colour does not depend on the site secret")
	}
	if got := newAvatar(secret, "  ", "x@reader.example").Initials; got != "?" {
		t.Errorf("initials of a blank name = %q", got)
	}
}

func TestCommentHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"one\n\ntwo\nlines", "<p>one</p>\n<p>two<br>\nlines</p>\n"},
		{"see https://example.org/a.", `<p>see <a href="https://example.org/a" rel="nofollow ugc noopener">https://example.org/a</a>.</p>` + "\n"},
		{"<b>&</b>", "<p>&lt;b&gt;&amp;&lt;/b&gt;</p>\n"},
		{"(https://example.org/x?a=1&b=2)", `<p>(<a href="https://example.org/x?a=1&amp;b=2" rel="nofollow ugc noopener">https://example.org/x?a=1&amp;b=2</a>)</p>` + "\n"},
	}
	for _, tt := range tests {
		if got := string(commentHTML(tt.in)); got != tt.want {
			t.Errorf("commentHTML(%q) =\n%q, want\n%q", tt.in, got, tt.want)
		}
	}
}

// TestClientAddressBehindProxy: behind a trusted proxy the client is the
// address the proxy added to X-Forwarded-For; otherwise that header is
// ignored, since anyone can send it.
func TestClientAddressBehindProxy(t *testing.T) {
	for _, tt := range []struct {
		trust bool
		want  string
	}{{false, "192.0.2.0"}, {true, "198.51.100.0"}} {
		rig := newCommentRig(t, func(o *Options) { o.TrustProxy = tt.trust })
		v := validComment("Through the proxy.")
		v.Set("token", rig.token(t, rig.path))
		rig.clock.Add(5 * time.Second)
		req := httptest.NewRequest("POST", rig.path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "203.0.113.9, 198.51.100.77")
		res := rig.do(t, req, nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
		if got := rig.newestComment(t).IP; got != tt.want {
			t.Errorf("trust=%v: stored %q, want %q", tt.trust, got, tt.want)
		}
		if c := cookieNamed(res, pendingCookie); c == nil || !c.Secure {
			t.Errorf("the cookie of an https site is not Secure: %+v", c)
		}
	}
}

// TestCommentFormUnreadable: a body that is not a form is a broken
// request and says so; only one over the bound is "too long".
func TestCommentFormUnreadable(t *testing.T) {
	rig := newCommentRig(t)
	for _, tt := range []struct {
		name, body, want, notWant string
	}{
		{"bad escape", "comment=%zz&author=Fay", "could not be read", "too long"},
		{"over the bound", "comment=" + strings.Repeat("a", maxCommentPost+1), "too long to post", "could not be read"},
	} {
		req := httptest.NewRequest("POST", rig.path, strings.NewReader(tt.body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res := rig.do(t, req, nil)
		text := body(t, res)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text, tt.want) || strings.Contains(text, tt.notWant) {
			t.Errorf("%s: status %d, want 422 saying %q", tt.name, res.StatusCode, tt.want)
		}
	}
}

// TestCommentHostileText: a NUL or bytes that are not UTF-8 are refused
// with the form as typed; direction overrides leave the name, and the
// name is isolated on the page, so it cannot turn the text around it.
func TestCommentHostileText(t *testing.T) {
	rig := newCommentRig(t)
	res := rig.post(t, rig.path, validComment("Hello\x00there"))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body(t, res), "control character") {
		t.Fatalf("a NUL in a comment: status %d", res.StatusCode)
	}
	v := validComment("A fair point about the pier.")
	v.Set("author", "Fay \u202eyaF\u202c Quinn")
	if res := rig.post(t, rig.path, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a comment with a direction override in the name: status %d", res.StatusCode)
	}
	c := rig.newestComment(t)
	if c.AuthorName != "Fay yaF Quinn" {
		t.Errorf("stored name %q still holds direction controls", c.AuthorName)
	}
	must(t, rig.store.UpdateCommentStatus(context.Background(), c.ID, masthead.CommentApproved))
	doc := parse(t, body(t, rig.do(t, httptest.NewRequest("GET", rig.path, nil), nil)))
	isolated := false
	for _, n := range findAll(doc, byClass("comment-author")) {
		for _, b := range findAll(n, byTag("bdi")) {
			if strings.Contains(text(b), "Fay yaF Quinn") {
				isolated = true
			}
		}
	}
	if !isolated {
		t.Error("the commenter's name is not isolated with <bdi>")
	}
}

// TestRefusedCommentIsSmall checks that a refused comment on an article
// with a long thread gets a small page (the form with what was typed and
// why it was refused, and a link back to the article) rather than the
// whole article with every comment: a bot posting again and again must
// cost little.
func TestRefusedCommentIsSmall(t *testing.T) {
	rig := newCommentRig(t, func(o *Options) { o.CommentEvery, o.CommentBurst = time.Minute, 1 })
	ctx := context.Background()
	var thread []masthead.BatchComment
	for i := range 2000 {
		thread = append(thread, masthead.BatchComment{Comment: &masthead.Comment{ArticleID: rig.lead.ID, AuthorName: fmt.Sprint("Reader ", i),
			AuthorEmail: "reader@reader.example", Body: "A comment long enough to weigh something on the article page, as most do.",
			Status: masthead.CommentApproved, IP: "203.0.113.0", CreatedAt: now.Add(-time.Hour)}})
	}
	if err := rig.store.SubmitComments(ctx, thread, masthead.SubmitOptions{}); err != nil {
		t.Fatal(err)
	}
	// One long page of comments, as a site without comment pages shows.
	site, err := rig.store.FindSite(ctx)
	must(t, err)
	site.CommentPages = masthead.CommentPagesOff
	must(t, rig.store.UpdateSite(ctx, site))
	if size := len(body(t, rig.do(t, httptest.NewRequest("GET", rig.path, nil), nil))); size < 100<<10 {
		t.Fatalf("the article page weighs %d bytes: too little for the thread to be on it", size)
	}
	const maxRefused = 20 << 10
	check := func(t *testing.T, res *http.Response, typed, wantError string) {
		t.Helper()
		b := body(t, res)
		if len(b) > maxRefused {
			t.Errorf("the refusal weighs %d bytes, want at most %d", len(b), maxRefused)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("Cache-Control = %q, want private, no-store", cc)
		}
		doc := parse(t, b)
		if n := len(findAll(doc, byClass("comment"))); n != 0 {
			t.Errorf("the refusal shows %d comments, want none", n)
		}
		form := first(t, doc, byID("commentform"), "the form")
		if got := text(first(t, form, byID("comment"), "textarea")); got != typed {
			t.Errorf("the comment came back as %q, want %q", got, typed)
		}
		if got := attr(form, "action"); got != rig.path+"#respond" {
			t.Errorf("the form posts to %q, want the article", got)
		}
		if !strings.Contains(text(doc), wantError) {
			t.Errorf("the refusal does not say %q", wantError)
		}
		back := false
		for _, a := range findAll(doc, byTag("a")) {
			back = back || attr(a, "href") == rig.path+"#comments"
		}
		if !back {
			t.Error("the refusal has no link back to the article's comments")
		}
	}
	t.Run("fields", func(t *testing.T) {
		v := validComment("Typed, then refused.")
		v.Set("author", "")
		res := rig.post(t, rig.path, v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.StatusCode)
		}
		check(t, res, "Typed, then refused.", "Please enter your name.")
	})
	t.Run("rate limit", func(t *testing.T) {
		if res := rig.post(t, rig.path, validComment("The one allowed.")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("first comment: status %d", res.StatusCode)
		}
		res := rig.post(t, rig.path, validComment("One too many."))
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("status %d, want 429", res.StatusCode)
		}
		if ra := res.Header.Get("Retry-After"); ra == "" || ra == "0" {
			t.Errorf("Retry-After = %q", ra)
		}
		check(t, res, "One too many.", "too quickly")
	})
}

// TestCommentWhileDatabaseLocked: while another process holds the
// database's write lock past the wait, a comment gets a 503 with the form
// as typed and Retry-After, pages still read, nothing is stored, and the
// same comment goes in once the lock is gone, without a restart.
func TestCommentWhileDatabaseLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "masthead.db")
	store, err := sqlite.OpenWith(context.Background(), path, sqlite.Options{BusyTimeout: 200 * time.Millisecond})
	must(t, err)
	store.Now = func() time.Time { return now }
	t.Cleanup(func() { store.Close() })
	f := newFixtureOn(t, store)
	clk := &clock{t: now}
	srv, err := NewServer(f.store, Options{BaseURL: "https://observer.example", Now: clk.Now, CommentEvery: -1})
	must(t, err)
	rig := &commentRig{fixture: f, clock: clk, server: srv, path: f.lead.Path(time.UTC)}
	token := rig.token(t, rig.path)
	before := rig.newestComment(t).ID

	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(100)")
	must(t, err)
	defer other.Close()
	lock, err := other.Conn(context.Background())
	must(t, err)
	_, err = lock.ExecContext(context.Background(), "BEGIN IMMEDIATE")
	must(t, err)

	v := validComment("Typed while the database was busy.")
	v.Set("token", token)
	res := rig.post(t, rig.path, v)
	page := body(t, res)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" ||
		!strings.Contains(page, "Typed while the database was busy.") || !strings.Contains(page, "try again") {
		t.Fatalf("a comment while the database is locked: status %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if res := rig.do(t, httptest.NewRequest("GET", rig.path, nil), nil); res.StatusCode != http.StatusOK {
		t.Errorf("reading the article while the database is locked: status %d", res.StatusCode)
	}

	_, err = lock.ExecContext(context.Background(), "ROLLBACK")
	must(t, err)
	lock.Close()
	if got := rig.newestComment(t).ID; got != before {
		t.Fatalf("a comment was stored while the database was locked")
	}
	if res := rig.post(t, rig.path, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the same comment once the lock is gone: status %d", res.StatusCode)
	}
}

// TestCommentThreadMarkup checks the thread's markup written in Go: the
// nesting, the held comment's notice, the Reply link only where a reply
// may go, every value escaped, and a stored address that is not a web
// one (an old import's) shown without a link.
func TestCommentThreadMarkup(t *testing.T) {
	created := time.Date(2026, 3, 4, 5, 6, 0, 0, time.UTC)
	hostile := `<script>alert(1)</script>"' onmouseover=x`
	child := &commentNode{ID: 2, AuthorName: "Reply " + hostile, AuthorURL: "javascript:alert(1)", Body: "Second & last",
		Anchor: "comment-2", Created: created, Depth: 2, Pending: true, Avatar: avatar{Initials: "R<", Colour: `hsl(1 2% 3%)"`}}
	root := &commentNode{ID: 1, AuthorName: "Root " + hostile, AuthorURL: "https://reader.example/?a=1&b=\"2\"", Body: "First <b>line</b>\n\nSee https://example.org/x.",
		Anchor: "comment-1", Created: created, Depth: 1, CanReply: true, Avatar: avatar{Initials: "R", Colour: "hsl(10 50% 40%)"},
		Children: []*commentNode{child}}
	out := string(commentThread(i18n.Default(), []*commentNode{root}))
	checkNoScript(t, "<!DOCTYPE html><ol>"+out+"</ol>", "thread")
	doc := parse(t, "<!DOCTYPE html><ol>"+out+"</ol>")
	one := first(t, doc, byID("comment-1"), "the first comment")
	if got := attr(one, "class"); got != "comment depth-1" {
		t.Errorf("first comment's class %q", got)
	}
	two := first(t, one, byID("comment-2"), "the reply inside the first comment")
	if got := attr(two, "class"); got != "comment depth-2 pending" {
		t.Errorf("reply's class %q", got)
	}
	if two.Parent == nil || attr(two.Parent, "class") != "children" {
		t.Errorf("the reply is not in the first comment's list of children")
	}
	if !strings.Contains(text(two), "Your comment is awaiting moderation.") {
		t.Errorf("the held reply has no notice: %q", text(two))
	}
	if strings.Contains(text(one), "Your comment is awaiting moderation.") && !strings.Contains(text(two), "moderation") {
		t.Errorf("the notice is on the wrong comment")
	}
	var links []string
	for _, a := range findAll(doc, func(n *html.Node) bool { return n.Data == "a" }) {
		links = append(links, attr(a, "href"))
	}
	want := []string{"https://reader.example/?a=1&b=\"2\"", "#comment-1", "https://example.org/x", "?replytocom=1#respond", "#comment-2"}
	if !slices.Equal(links, want) {
		t.Errorf("links %q, want %q (the reply's javascript: address unlinked, no Reply on a held reply)", links, want)
	}
	reply := first(t, one, func(n *html.Node) bool { return attr(n, "class") == "comment-reply-link" }, "the Reply link")
	if attr(reply, "data-author") != root.AuthorName || attr(reply, "aria-label") != "Reply to "+root.AuthorName {
		t.Errorf("Reply link's name %q, label %q", attr(reply, "data-author"), attr(reply, "aria-label"))
	}
	art := first(t, one, func(n *html.Node) bool { return n.Data == "article" }, "the first comment's article")
	if attr(art, "aria-label") != "Comment by "+root.AuthorName {
		t.Errorf("aria-label %q", attr(art, "aria-label"))
	}
	if !strings.Contains(text(one), "First <b>line</b>") || !strings.Contains(text(two), "Second & last") {
		t.Errorf("bodies not shown as text: %q", text(one))
	}
	tm := first(t, one, func(n *html.Node) bool { return n.Data == "time" }, "the time")
	if attr(tm, "datetime") != "2026-03-04T05:06:00Z" || text(tm) != i18n.Default().DateTime(created) {
		t.Errorf("time %q %q", attr(tm, "datetime"), text(tm))
	}
}
