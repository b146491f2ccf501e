package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"masthead"
)

// testSubmitComments checks batches of comments: stored in order with
// replies to comments of the same batch, all of them or none.
func testSubmitComments(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	a := mustArticle(t, s, newArticle("Long thread", Epoch.Add(-time.Hour), ana))
	other := mustArticle(t, s, newArticle("Other thread", Epoch.Add(-time.Hour), ana))
	n := 0
	comment := func(article int64, status masthead.CommentStatus) *masthead.Comment {
		n++
		return &masthead.Comment{ArticleID: article, AuthorName: fmt.Sprint("Reader ", n), AuthorEmail: fmt.Sprintf("reader%d@example.net", n),
			Body: fmt.Sprint("Comment ", n), Status: status, IP: "203.0.113.0", ExternalID: fmt.Sprint("batch:", n),
			CreatedAt: Epoch.Add(time.Duration(n) * time.Minute)}
	}
	stored := comment(a.ID, masthead.CommentApproved)
	if err := s.CreateComment(ctx, stored); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		t.Helper()
		_, total, err := s.FindComments(ctx, masthead.CommentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}

	top := comment(a.ID, masthead.CommentApproved)
	reply := comment(a.ID, masthead.CommentPending)
	toStored := comment(a.ID, masthead.CommentSpam)
	toStored.ParentID = stored.ID
	deeper := comment(a.ID, masthead.CommentApproved)
	batch := []masthead.BatchComment{{Comment: top}, {Comment: reply, Parent: top}, {Comment: toStored}, {Comment: deeper, Parent: reply}}
	if err := s.SubmitComments(ctx, batch, masthead.SubmitOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		c      *masthead.Comment
		parent int64
	}{{top, 0}, {reply, top.ID}, {toStored, stored.ID}, {deeper, reply.ID}} {
		got, err := s.FindCommentByID(ctx, tt.c.ID)
		if err != nil {
			t.Fatalf("%s: %v", tt.c.Body, err)
		}
		if got.ParentID != tt.parent || tt.c.ParentID != tt.parent || got.Status != tt.c.Status || got.ExternalID != tt.c.ExternalID ||
			!got.CreatedAt.Equal(tt.c.CreatedAt) {
			t.Errorf("%s stored as %+v, want the parent %d and the fields it was given", tt.c.Body, got, tt.parent)
		}
	}
	if top.ID >= reply.ID || reply.ID >= toStored.ID || toStored.ID >= deeper.ID {
		t.Errorf("ids %d, %d, %d, %d are not in the batch's order", top.ID, reply.ID, toStored.ID, deeper.ID)
	}

	// A batch that fails stores nothing, and no comment keeps an id.
	before := count()
	refusals := []struct {
		name  string
		batch func() []masthead.BatchComment
		code  string
	}{
		{"a taken external id", func() []masthead.BatchComment {
			first, second, taken := comment(a.ID, masthead.CommentApproved), comment(a.ID, masthead.CommentApproved), comment(a.ID, masthead.CommentApproved)
			taken.ExternalID = top.ExternalID
			return []masthead.BatchComment{{Comment: first}, {Comment: second, Parent: first}, {Comment: taken}}
		}, masthead.ECONFLICT},
		{"a parent on another article", func() []masthead.BatchComment {
			first, elsewhere := comment(a.ID, masthead.CommentApproved), comment(other.ID, masthead.CommentApproved)
			return []masthead.BatchComment{{Comment: first}, {Comment: elsewhere, Parent: first}}
		}, masthead.ECONFLICT},
		{"a stored parent on another article", func() []masthead.BatchComment {
			first, elsewhere := comment(a.ID, masthead.CommentApproved), comment(other.ID, masthead.CommentApproved)
			elsewhere.ParentID = top.ID
			return []masthead.BatchComment{{Comment: first}, {Comment: elsewhere}}
		}, masthead.ECONFLICT},
		{"a stored parent that does not exist", func() []masthead.BatchComment {
			first, orphan := comment(a.ID, masthead.CommentApproved), comment(a.ID, masthead.CommentApproved)
			orphan.ParentID = 987654
			return []masthead.BatchComment{{Comment: first}, {Comment: orphan}}
		}, masthead.ECONFLICT},
		{"an article that does not exist", func() []masthead.BatchComment {
			return []masthead.BatchComment{{Comment: comment(a.ID, masthead.CommentApproved)}, {Comment: comment(987654, masthead.CommentApproved)}}
		}, masthead.ECONFLICT},
		{"a parent later in the batch", func() []masthead.BatchComment {
			early, late := comment(a.ID, masthead.CommentApproved), comment(a.ID, masthead.CommentApproved)
			return []masthead.BatchComment{{Comment: early, Parent: late}, {Comment: late}}
		}, masthead.EINVALID},
		{"an invalid comment", func() []masthead.BatchComment {
			bad := comment(a.ID, masthead.CommentApproved)
			bad.AuthorEmail = "not an email"
			return []masthead.BatchComment{{Comment: comment(a.ID, masthead.CommentApproved)}, {Comment: bad}}
		}, masthead.EINVALID},
	}
	for _, tt := range refusals {
		batch := tt.batch()
		wantCode(t, s.SubmitComments(ctx, batch, masthead.SubmitOptions{}), tt.code)
		for i, b := range batch {
			if b.Comment.ID != 0 || b.Parent != nil && b.Comment.ParentID != 0 {
				t.Errorf("%s: comment %d kept the id %d and parent %d", tt.name, i, b.Comment.ID, b.Comment.ParentID)
			}
		}
		if got := count(); got != before {
			t.Fatalf("%s: %d comments stored, want still %d", tt.name, got, before)
		}
	}

	// A staff reply approves a held parent of the same batch with it.
	held, answer := comment(a.ID, masthead.CommentPending), comment(a.ID, masthead.CommentApproved)
	if err := s.SubmitComments(ctx, []masthead.BatchComment{{Comment: held}, {Comment: answer, Parent: held}},
		masthead.SubmitOptions{ApproveParent: true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindCommentByID(ctx, held.ID); got.Status != masthead.CommentApproved || held.Status != masthead.CommentApproved {
		t.Errorf("the answered comment is stored %s and given back %s, want approved", got.Status, held.Status)
	}

	// The rate limit counts the batch's own earlier comments.
	limit := masthead.RateLimit{Max: 2, Window: time.Hour}
	var burst []masthead.BatchComment
	for range 3 {
		c := comment(a.ID, masthead.CommentPending)
		c.IP, c.CreatedAt = "198.51.100.0", Epoch
		burst = append(burst, masthead.BatchComment{Comment: c})
	}
	before = count()
	wantCode(t, s.SubmitComments(ctx, burst, masthead.SubmitOptions{Limit: limit}), masthead.ERATELIMIT)
	if got := count(); got != before {
		t.Fatalf("a batch over the rate limit stored %d comments", got-before)
	}
	if err := s.SubmitComments(ctx, burst[:2], masthead.SubmitOptions{Limit: limit}); err != nil {
		t.Fatalf("a batch under the rate limit: %v", err)
	}
	if err := s.SubmitComments(ctx, nil, masthead.SubmitOptions{}); err != nil {
		t.Fatalf("an empty batch: %v", err)
	}
}

// testCommentCounts checks that an article's count of approved comments,
// which the store keeps rather than counts, stays exact through every way
// comments arrive, change status and go: a comment, a batch (as imports
// send), a batch that fails, a staff reply approving its parent, every
// moderator's action and deletion.
func testCommentCounts(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	a := mustArticle(t, s, newArticle("Counted thread", Epoch.Add(-time.Hour), ana))
	other := mustArticle(t, s, newArticle("Other thread", Epoch.Add(-2*time.Hour), ana))
	n := 0
	comment := func(article int64, status masthead.CommentStatus) *masthead.Comment {
		n++
		return &masthead.Comment{ArticleID: article, AuthorName: fmt.Sprint("Reader ", n), AuthorEmail: fmt.Sprintf("reader%d@example.net", n),
			Body: fmt.Sprint("Comment ", n), Status: status, IP: "203.0.113.0", ExternalID: fmt.Sprint("count:", n),
			CreatedAt: Epoch.Add(time.Duration(n) * time.Minute)}
	}
	// expect checks the kept count of each article against the one wanted
	// and against the approved comments actually stored, on a single
	// article and in a list.
	expect := func(step string, want map[*masthead.Article]int) {
		t.Helper()
		list, _, err := s.FindArticles(ctx, masthead.ArticleFilter{IDs: []int64{a.ID, other.ID}, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		listed := map[int64]int{}
		for _, l := range list {
			listed[l.ID] = l.CommentCount
		}
		for art, n := range want {
			got, err := s.FindArticleByID(ctx, art.ID)
			if err != nil {
				t.Fatal(err)
			}
			_, stored, err := s.FindComments(ctx, masthead.CommentFilter{ArticleID: art.ID, Status: masthead.CommentApproved})
			if err != nil {
				t.Fatal(err)
			}
			if got.CommentCount != n || listed[art.ID] != n || stored != n {
				t.Errorf("after %s, %q counts %d approved comments (%d in a list), %d are stored; want %d",
					step, art.Headline, got.CommentCount, listed[art.ID], stored, n)
			}
		}
	}
	expect("nothing", map[*masthead.Article]int{a: 0, other: 0})

	first := comment(a.ID, masthead.CommentApproved)
	if err := s.CreateComment(ctx, first); err != nil {
		t.Fatal(err)
	}
	held := comment(a.ID, masthead.CommentPending)
	if err := s.SubmitComment(ctx, held, masthead.SubmitOptions{}); err != nil {
		t.Fatal(err)
	}
	expect("an approved and a held comment", map[*masthead.Article]int{a: 1, other: 0})

	top := comment(a.ID, masthead.CommentApproved)
	batch := []masthead.BatchComment{
		{Comment: top},
		{Comment: comment(a.ID, masthead.CommentApproved), Parent: top},
		{Comment: comment(a.ID, masthead.CommentSpam)},
		{Comment: comment(other.ID, masthead.CommentApproved)},
		{Comment: comment(a.ID, masthead.CommentTrash)},
	}
	if err := s.SubmitComments(ctx, batch, masthead.SubmitOptions{}); err != nil {
		t.Fatal(err)
	}
	expect("a batch on two articles", map[*masthead.Article]int{a: 3, other: 1})

	// A batch that fails on its last comment (an external id taken) adds
	// nothing, not even for the comments before it.
	taken := comment(a.ID, masthead.CommentApproved)
	taken.ExternalID = first.ExternalID
	failing := []masthead.BatchComment{{Comment: comment(a.ID, masthead.CommentApproved)}, {Comment: comment(other.ID, masthead.CommentApproved)}, {Comment: taken}}
	if err := s.SubmitComments(ctx, failing, masthead.SubmitOptions{}); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Fatalf("a batch with a taken external id: %v, want ECONFLICT", err)
	}
	expect("a failed batch", map[*masthead.Article]int{a: 3, other: 1})

	moves := []struct {
		c    *masthead.Comment
		to   masthead.CommentStatus
		want int
	}{
		{held, masthead.CommentApproved, 4},          // approve
		{held, masthead.CommentApproved, 4},          // approve again: no change
		{held, masthead.CommentPending, 3},           // unapprove
		{first, masthead.CommentSpam, 2},             // spam an approved comment
		{top, masthead.CommentTrash, 1},              // trash an approved comment
		{top, masthead.CommentPending, 1},            // restore
		{held, masthead.CommentTrash, 1},             // trash a held comment
		{first, masthead.CommentApproved, 2},         // approve from spam
		{batch[2].Comment, masthead.CommentTrash, 2}, // spam to trash
	}
	for _, m := range moves {
		if err := s.UpdateCommentStatus(ctx, m.c.ID, m.to); err != nil {
			t.Fatal(err)
		}
		expect(fmt.Sprintf("%s becomes %s", m.c.Body, m.to), map[*masthead.Article]int{a: m.want, other: 1})
	}
	if err := s.UpdateCommentStatus(ctx, 1<<40, masthead.CommentApproved); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("moving a comment that does not exist: %v, want ENOTFOUND", err)
	}

	// A staff reply to a held comment approves both.
	if err := s.UpdateCommentStatus(ctx, top.ID, masthead.CommentPending); err != nil {
		t.Fatal(err)
	}
	reply := comment(a.ID, masthead.CommentApproved)
	reply.ParentID = top.ID
	if err := s.SubmitComment(ctx, reply, masthead.SubmitOptions{ApproveParent: true}); err != nil {
		t.Fatal(err)
	}
	expect("a staff reply approving its parent", map[*masthead.Article]int{a: 4, other: 1})

	// Deleting an approved comment takes it off the count; deleting a
	// trashed one changes nothing.
	if err := s.DeleteComment(ctx, reply.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteComment(ctx, batch[2].Comment.ID); err != nil {
		t.Fatal(err)
	}
	expect("deletions", map[*masthead.Article]int{a: 3, other: 1})
}
