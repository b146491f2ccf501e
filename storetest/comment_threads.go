package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"masthead"
)

// testCommentThreads checks comment pages: a page of approved top-level
// comments with every approved reply below them, whichever end of the
// thread list it is read from, and the place of a comment among threads.
func testCommentThreads(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	a := mustArticle(t, s, newArticle("Busy thread", Epoch.Add(-48*time.Hour), ana))
	other := mustArticle(t, s, newArticle("Quiet thread", Epoch.Add(-48*time.Hour), ana))
	n := 0
	add := func(article int64, parent *masthead.Comment, status masthead.CommentStatus, at time.Time) *masthead.Comment {
		t.Helper()
		n++
		c := &masthead.Comment{ArticleID: article, AuthorName: fmt.Sprint("Reader ", n), AuthorEmail: fmt.Sprintf("reader%d@example.net", n),
			Body: fmt.Sprint("Comment ", n), Status: status, CreatedAt: at}
		if parent != nil {
			c.ParentID = parent.ID
		}
		if err := s.CreateComment(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	minute := func(m int) time.Time { return Epoch.Add(-24*time.Hour + time.Duration(m)*time.Minute) }

	// Seven approved threads, the last two posted at the same moment, so
	// that their ids decide their order.
	var roots []*masthead.Comment
	for m := 10; m <= 50; m += 10 {
		roots = append(roots, add(a.ID, nil, masthead.CommentApproved, minute(m)))
	}
	roots = append(roots, add(a.ID, nil, masthead.CommentApproved, minute(100)), add(a.ID, nil, masthead.CommentApproved, minute(100)))
	// Replies three deep in the first thread, one arriving after later
	// threads began; a held reply, and an approved reply below a spam one.
	reply := add(a.ID, roots[0], masthead.CommentApproved, minute(55))
	deeper := add(a.ID, reply, masthead.CommentApproved, minute(56))
	deepest := add(a.ID, deeper, masthead.CommentApproved, minute(200))
	add(a.ID, roots[0], masthead.CommentPending, minute(57))
	spam := add(a.ID, roots[4], masthead.CommentSpam, minute(60))
	add(a.ID, spam, masthead.CommentApproved, minute(61))
	lastReply := add(a.ID, roots[6], masthead.CommentApproved, minute(300))
	// Held and spam top-level comments are no threads; nor is another
	// article's.
	held := add(a.ID, nil, masthead.CommentPending, minute(400))
	add(a.ID, nil, masthead.CommentSpam, minute(401))
	add(other.ID, nil, masthead.CommentApproved, minute(5))

	ids := func(cs []*masthead.Comment) []int64 {
		out := []int64{}
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	// Oldest first by time, then by id.
	sorted := func(cs ...*masthead.Comment) []int64 {
		cs = slices.Clone(cs)
		slices.SortFunc(cs, func(x, y *masthead.Comment) int {
			if c := x.CreatedAt.Compare(y.CreatedAt); c != 0 {
				return c
			}
			return int(x.ID - y.ID)
		})
		return ids(cs)
	}
	for _, tt := range []struct {
		page int
		want []int64
	}{
		{1, sorted(roots[0], roots[1], roots[2], reply, deeper, deepest)},
		{2, sorted(roots[3], roots[4], roots[5])},
		{3, sorted(roots[6], lastReply)},
		{0, sorted(roots[6], lastReply)},
		{4, []int64{}},
	} {
		got, threads, err := s.FindCommentThreads(ctx, masthead.ThreadPage{ArticleID: a.ID, PerPage: 3, Page: tt.page})
		if err != nil {
			t.Fatal(err)
		}
		if threads != 7 {
			t.Errorf("page %d: %d threads, want 7", tt.page, threads)
		}
		if fmt.Sprint(ids(got)) != fmt.Sprint(tt.want) {
			t.Errorf("page %d = %v, want %v", tt.page, ids(got), tt.want)
		}
	}
	// Two threads a page: a page in the middle.
	got, _, err := s.FindCommentThreads(ctx, masthead.ThreadPage{ArticleID: a.ID, PerPage: 2, Page: 3})
	if err != nil {
		t.Fatal(err)
	}
	if want := sorted(roots[4], roots[5]); fmt.Sprint(ids(got)) != fmt.Sprint(want) {
		t.Errorf("page 3 of 4 = %v, want %v", ids(got), want)
	}
	if got, threads, err := s.FindCommentThreads(ctx, masthead.ThreadPage{ArticleID: 999999, PerPage: 3}); err != nil || len(got) != 0 || threads != 0 {
		t.Errorf("an article without comments: %v, %d threads, %v", ids(got), threads, err)
	}
	_, _, err = s.FindCommentThreads(ctx, masthead.ThreadPage{ArticleID: a.ID})
	wantCode(t, err, masthead.EINVALID)

	places, err := s.FindCommentPlaces(ctx, []int64{roots[0].ID, deepest.ID, roots[2].ID, roots[6].ID, lastReply.ID, held.ID, 999999})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		c        *masthead.Comment
		position int
	}{
		{"the first thread", roots[0], 0},
		{"a reply three deep", deepest, 0},
		{"the third thread", roots[2], 2},
		{"a thread after one of the same moment", roots[6], 6},
		{"a reply in the last thread", lastReply, 6},
		{"a held comment newer than every thread", held, 7},
	} {
		if got, want := places[tt.c.ID], (masthead.CommentPlace{ArticleID: a.ID, Position: tt.position, Threads: 7}); got != want {
			t.Errorf("%s: place %+v, want %+v", tt.name, got, want)
		}
	}
	if _, ok := places[999999]; ok || len(places) != 6 {
		t.Errorf("places = %v, want the six comments that exist", places)
	}
	if places, err := s.FindCommentPlaces(ctx, nil); err != nil || len(places) != 0 {
		t.Errorf("no ids: %v, %v", places, err)
	}
}

// testCommentLastPage checks BatchComment.LastPage, which tells a writer's
// redirect that a new comment starts a thread on its article's last page:
// a held thread always, an approved one unless an approved thread of the
// article comes after it (by time, then id), as of the commit; a reply
// never.
func testCommentLastPage(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	a := mustArticle(t, s, newArticle("Busy thread", Epoch.Add(-48*time.Hour), ana))
	other := mustArticle(t, s, newArticle("Quiet thread", Epoch.Add(-48*time.Hour), ana))
	minute := func(m int) time.Time { return Epoch.Add(-24*time.Hour + time.Duration(m)*time.Minute) }
	n := 0
	comment := func(article int64, parent *masthead.Comment, status masthead.CommentStatus, at time.Time) *masthead.Comment {
		n++
		c := &masthead.Comment{ArticleID: article, AuthorName: fmt.Sprint("Reader ", n), AuthorEmail: fmt.Sprintf("reader%d@example.net", n),
			Body: fmt.Sprint("Comment ", n), Status: status, CreatedAt: at}
		if parent != nil {
			c.ParentID = parent.ID
		}
		return c
	}
	// submit stores the comments in one batch and returns the LastPage of
	// each.
	submit := func(cs ...*masthead.Comment) []bool {
		t.Helper()
		last := make([]bool, len(cs))
		batch := make([]masthead.BatchComment, len(cs))
		for i, c := range cs {
			last[i] = !last[i] // a value the store must set either way
			batch[i] = masthead.BatchComment{Comment: c, LastPage: &last[i]}
		}
		if err := s.SubmitComments(ctx, batch, masthead.SubmitOptions{}); err != nil {
			t.Fatal(err)
		}
		return last
	}
	first := comment(a.ID, nil, masthead.CommentApproved, minute(10))
	if got := submit(first); !got[0] {
		t.Error("the first thread of an article is not on its last page")
	}
	later := comment(a.ID, nil, masthead.CommentApproved, minute(20))
	if got := submit(later); !got[0] {
		t.Error("the newest approved thread is not on the last page")
	}
	for _, tc := range []struct {
		name    string
		comment *masthead.Comment
		want    bool
	}{
		{"an approved thread older than another", comment(a.ID, nil, masthead.CommentApproved, minute(15)), false},
		{"a held thread, whenever it was posted", comment(a.ID, nil, masthead.CommentPending, minute(1)), true},
		{"a spam thread", comment(a.ID, nil, masthead.CommentSpam, minute(1)), true},
		{"an approved thread at the same time as the newest, stored after it", comment(a.ID, nil, masthead.CommentApproved, minute(20)), true},
		{"a reply to the newest thread", comment(a.ID, later, masthead.CommentApproved, minute(30)), false},
		{"an approved thread older than another article's", comment(other.ID, nil, masthead.CommentApproved, minute(1)), true},
	} {
		if got := submit(tc.comment); got[0] != tc.want {
			t.Errorf("%s: LastPage %v, want %v", tc.name, got[0], tc.want)
		}
	}
	// In one batch, the answer holds once the whole batch is stored: of
	// two threads at the same moment the second comes last.
	both := submit(comment(a.ID, nil, masthead.CommentApproved, minute(40)), comment(a.ID, nil, masthead.CommentApproved, minute(40)))
	if both[0] || !both[1] {
		t.Errorf("two threads of one batch at one moment: LastPage %v, want [false true]", both)
	}
	// A batch that does not ask is stored as before.
	if err := s.SubmitComments(ctx, []masthead.BatchComment{{Comment: comment(a.ID, nil, masthead.CommentApproved, minute(50))}}, masthead.SubmitOptions{}); err != nil {
		t.Fatal(err)
	}
}
