package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"masthead"
)

// testFormNonces checks that a form nonce stores one comment at most:
// a second comment with it is refused with an ECONFLICT on "token", in a
// batch as alone, however many arrive at once, while comments without a
// nonce never conflict and a refused comment does not use its nonce up.
func testFormNonces(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	a := mustArticle(t, s, newArticle("Busy thread", Epoch.Add(-time.Hour), ana))
	n := 0
	comment := func() *masthead.Comment {
		n++
		return &masthead.Comment{ArticleID: a.ID, AuthorName: "Reader", AuthorEmail: fmt.Sprintf("reader%d@example.net", n),
			Body: fmt.Sprint("Comment ", n), Status: masthead.CommentPending, IP: fmt.Sprintf("203.0.%d.0", n%250),
			CreatedAt: Epoch.Add(time.Duration(n) * time.Second)}
	}
	submit := func(c *masthead.Comment, nonce string, opts masthead.SubmitOptions) error {
		return s.SubmitComments(ctx, []masthead.BatchComment{{Comment: c, FormNonce: nonce}}, opts)
	}
	count := func() int {
		t.Helper()
		_, total, err := s.FindComments(ctx, masthead.CommentFilter{ArticleID: a.ID})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	wantSent := func(err error) {
		t.Helper()
		var e *masthead.Error
		if !errors.As(err, &e) || e.Code != masthead.ECONFLICT || e.Field != "token" || e.Message != "This form was already sent." {
			t.Fatalf("a second comment with a used nonce: %v, want ECONFLICT on token saying the form was already sent", err)
		}
	}

	if err := submit(comment(), "nonce-one", masthead.SubmitOptions{}); err != nil {
		t.Fatal(err)
	}
	again := comment()
	wantSent(submit(again, "nonce-one", masthead.SubmitOptions{}))
	if again.ID != 0 || count() != 1 {
		t.Fatalf("the refused comment has id %d and %d comments are stored, want 0 and 1", again.ID, count())
	}
	// Comments from no form have no nonce, and any number of them is fine.
	for range 3 {
		if err := submit(comment(), "", masthead.SubmitOptions{}); err != nil {
			t.Fatalf("a comment without a nonce: %v", err)
		}
	}
	// A batch with a used nonce stores none of its comments.
	first := comment()
	wantSent(s.SubmitComments(ctx, []masthead.BatchComment{{Comment: first, FormNonce: "nonce-two"}, {Comment: comment(), FormNonce: "nonce-one"}},
		masthead.SubmitOptions{}))
	if first.ID != 0 || count() != 4 {
		t.Fatalf("a refused batch stored its first comment (id %d, %d comments)", first.ID, count())
	}
	if err := submit(comment(), "nonce-two", masthead.SubmitOptions{}); err != nil {
		t.Fatalf("the nonce of a refused batch was used up: %v", err)
	}
	// A comment refused by the rate limit does not use its nonce up either.
	limited := comment()
	limited.IP = "198.51.100.0"
	limit := masthead.SubmitOptions{Limit: masthead.RateLimit{Max: 1, Window: time.Hour}}
	if err := submit(limited, "", limit); err != nil {
		t.Fatal(err)
	}
	over := comment()
	over.IP = limited.IP
	wantCode(t, submit(over, "nonce-three", limit), masthead.ERATELIMIT)
	over.IP = "192.0.2.0"
	if err := submit(over, "nonce-three", limit); err != nil {
		t.Fatalf("the nonce of a rate-limited comment was used up: %v", err)
	}

	// The same form sent many times at once stores one comment.
	before := count()
	const posts = 10
	errs := make(chan error, posts)
	for range posts {
		c := comment()
		go func() { errs <- submit(c, "nonce-race", masthead.SubmitOptions{}) }()
	}
	stored := 0
	for range posts {
		switch err := <-errs; {
		case err == nil:
			stored++
		default:
			wantSent(err)
		}
	}
	if stored != 1 || count() != before+1 {
		t.Fatalf("%d of %d concurrent posts of one form were stored (%d comments more), want 1", stored, posts, count()-before)
	}
}

// testCommenterKeys checks the filter by which hold_first recognises a
// browser: only comments stored with the key match it, with the other
// filters as usual.
func testCommenterKeys(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	a := mustArticle(t, s, newArticle("Regulars", Epoch.Add(-time.Hour), ana))
	n := 0
	store := func(email, key string, status masthead.CommentStatus) {
		t.Helper()
		n++
		c := &masthead.Comment{ArticleID: a.ID, AuthorName: "Dara Whelan", AuthorEmail: email, Body: fmt.Sprint("Comment ", n),
			Status: status, IP: "203.0.113.0", CreatedAt: Epoch.Add(time.Duration(n) * time.Second)}
		if err := s.SubmitComments(ctx, []masthead.BatchComment{{Comment: c, CommenterKey: key}}, masthead.SubmitOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	store("dara@example.org", "key-of-daras-browser", masthead.CommentApproved)
	store("dara@example.org", "key-of-daras-browser", masthead.CommentPending)
	store("dara@example.org", "", masthead.CommentApproved)
	store("dara@example.org", "key-of-another-browser", masthead.CommentPending)
	store("other@example.org", "key-of-daras-browser", masthead.CommentApproved)
	for _, tt := range []struct {
		name string
		f    masthead.CommentFilter
		want int
	}{
		{"the browser and email, approved", masthead.CommentFilter{CommenterKey: "key-of-daras-browser", AuthorEmail: "dara@example.org", Status: masthead.CommentApproved}, 1},
		{"the browser and email", masthead.CommentFilter{CommenterKey: "key-of-daras-browser", AuthorEmail: "dara@example.org"}, 2},
		{"the browser", masthead.CommentFilter{CommenterKey: "key-of-daras-browser"}, 3},
		{"another browser, approved", masthead.CommentFilter{CommenterKey: "key-of-another-browser", AuthorEmail: "dara@example.org", Status: masthead.CommentApproved}, 0},
		{"a browser never seen", masthead.CommentFilter{CommenterKey: "key-never-seen", AuthorEmail: "dara@example.org"}, 0},
		{"the email alone", masthead.CommentFilter{AuthorEmail: "dara@example.org", Status: masthead.CommentApproved}, 2},
	} {
		if _, total, err := s.FindComments(ctx, tt.f); err != nil || total != tt.want {
			t.Errorf("%s: %d comments (%v), want %d", tt.name, total, err, tt.want)
		}
	}
}

// testCommenterHistory checks what the rules for a new comment learn of
// its writer: the newest comment under the email on that article (not on
// another, nor under another email), and whether the browser key has an
// approved comment under the same email.
func testCommenterHistory(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	a := mustArticle(t, s, newArticle("History", Epoch.Add(-time.Hour), ana))
	other := mustArticle(t, s, newArticle("Elsewhere", Epoch.Add(-time.Hour), ana))
	n := 0
	store := func(article *masthead.Article, email, key string, status masthead.CommentStatus) *masthead.Comment {
		t.Helper()
		n++
		c := &masthead.Comment{ArticleID: article.ID, AuthorName: "Dara Whelan", AuthorEmail: email, Body: fmt.Sprint("Comment ", n),
			Status: status, IP: "203.0.113.0", CreatedAt: Epoch.Add(time.Duration(n) * time.Second)}
		if err := s.SubmitComments(ctx, []masthead.BatchComment{{Comment: c, CommenterKey: key}}, masthead.SubmitOptions{}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	h, err := s.FindCommenterHistory(ctx, a.ID, "dara@example.org", "key-of-daras-browser")
	if err != nil || h.Last != nil || h.Known {
		t.Fatalf("before any comment: %+v (%v), want no last comment and not known", h, err)
	}
	store(a, "dara@example.org", "key-of-daras-browser", masthead.CommentApproved)
	last := store(a, "dara@example.org", "key-of-another-browser", masthead.CommentPending)
	store(other, "dara@example.org", "", masthead.CommentApproved)
	store(a, "other@example.org", "key-of-daras-browser", masthead.CommentApproved)
	for _, tt := range []struct {
		name      string
		email     string
		key       string
		wantLast  int64
		wantKnown bool
	}{
		{"the browser with an approved comment", "dara@example.org", "key-of-daras-browser", last.ID, true},
		{"a browser with a held comment only", "dara@example.org", "key-of-another-browser", last.ID, false},
		{"no browser key", "dara@example.org", "", last.ID, false},
		{"the browser under an email it never used", "new@example.org", "key-of-daras-browser", 0, false},
	} {
		h, err := s.FindCommenterHistory(ctx, a.ID, tt.email, tt.key)
		if err != nil {
			t.Fatal(err)
		}
		var gotLast int64
		if h.Last != nil {
			gotLast = h.Last.ID
			if h.Last.Body != last.Body || h.Last.Status != masthead.CommentPending {
				t.Errorf("%s: last comment %q (%s), want %q (pending)", tt.name, h.Last.Body, h.Last.Status, last.Body)
			}
		}
		if gotLast != tt.wantLast || h.Known != tt.wantKnown {
			t.Errorf("%s: last comment %d, known %v; want %d, %v", tt.name, gotLast, h.Known, tt.wantLast, tt.wantKnown)
		}
	}
}
