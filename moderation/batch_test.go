package moderation_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/moderation"
	"masthead/sqlstore"
)

// TestSubmitAllStoresAThreadAtOnce checks that a batch under the import
// policy keeps each comment's status and threads replies to comments of
// the same batch, reading nothing per comment; the batch's change is
// recorded once.
func TestSubmitAllStoresAThreadAtOnce(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.article.CommentsOpen = false // imports bring old discussions in
	var subs []moderation.Submission
	var prev *masthead.Comment
	for i := range 12 {
		c := reader(fmt.Sprint("Reply number ", i))
		c.Status = masthead.CommentApproved
		if i%4 == 3 {
			c.Status, c.Reason = masthead.CommentPending, "Held in WordPress."
		}
		subs = append(subs, moderation.Submission{Article: r.article, Comment: c, Network: "192.0.2.0",
			Now: now.Add(time.Duration(i-100) * time.Minute), Parent: prev})
		prev = c
	}
	var queries []string
	changeRecords := 0
	r.store.(*sqlstore.Store).OnQuery = func(q string) {
		if strings.HasPrefix(q, "INSERT INTO changes ") {
			changeRecords++
			return
		}
		queries = append(queries, strings.Fields(q)[0])
	}
	err := moderation.SubmitAll(ctx, r.store, subs, moderation.ImportPolicy(r.site))
	r.store.(*sqlstore.Store).OnQuery = nil
	if err != nil {
		t.Fatal(err)
	}
	// One update keeps the article's count of approved comments, and one
	// insert records the follow-ups the approved ones cause for the
	// article's subscribers, for the whole batch.
	if want := strings.Repeat("INSERT ", 12) + "UPDATE INSERT "; strings.Join(queries, " ")+" " != want || changeRecords != 1 {
		t.Errorf("a thread of 12 ran %v and %d change records, want 12 inserts, one update of the article's count, one insert of follow-ups, one change record and nothing else", queries, changeRecords)
	}
	for i, sub := range subs {
		got, err := r.store.FindCommentByID(ctx, sub.Comment.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantParent := int64(0)
		if i > 0 {
			wantParent = subs[i-1].Comment.ID
		}
		if got.ParentID != wantParent || got.Status != sub.Comment.Status || got.Reason != sub.Comment.Reason || !got.CreatedAt.Equal(sub.Now) {
			t.Errorf("comment %d stored as %+v, want parent %d, status %s and its own time", i, got, wantParent, sub.Comment.Status)
		}
	}
}

// TestSubmitAllRefusesAsSubmitDoes checks that a batch passes every rule
// that Submit applies, one comment after the other, and that a refusal
// stores nothing of the batch.
func TestSubmitAllRefusesAsSubmitDoes(t *testing.T) {
	ctx := context.Background()
	count := func(t *testing.T, r *rig) int {
		t.Helper()
		_, n, err := r.store.FindComments(ctx, masthead.CommentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	t.Run("bad fields and replies to them", func(t *testing.T) {
		r := newRig(t)
		good, bad, reply, other := reader("Fine."), reader("Also fine."), reader("A reply to the bad one."), reader("Unrelated.")
		bad.AuthorEmail = "not an email"
		for _, c := range []*masthead.Comment{good, bad, reply, other} {
			c.Status = masthead.CommentApproved
		}
		subs := []moderation.Submission{
			{Article: r.article, Comment: good, Now: now}, {Article: r.article, Comment: bad, Now: now},
			{Article: r.article, Comment: reply, Now: now, Parent: bad}, {Article: r.article, Comment: other, Now: now, Parent: good},
		}
		err := moderation.SubmitAll(ctx, r.store, subs, moderation.ImportPolicy(r.site))
		var refused moderation.Refused
		if !errors.As(err, &refused) || len(refused) != 2 || masthead.ErrorField(refused[1]) != "email" || masthead.ErrorField(refused[2]) != "parent" {
			t.Fatalf("error %v, want the email of the second and the parent of the third refused", err)
		}
		if masthead.ErrorCode(err) != masthead.EINVALID {
			t.Errorf("the refusals have the code %s, want %s", masthead.ErrorCode(err), masthead.EINVALID)
		}
		if n := count(t, r); n != 0 || good.ID != 0 {
			t.Fatalf("a refused batch stored %d comments", n)
		}
		// Without the bad one and with its reply on its own, the rest goes in.
		subs[2].Parent = nil
		if err := moderation.SubmitAll(ctx, r.store, []moderation.Submission{subs[0], subs[2], subs[3]}, moderation.ImportPolicy(r.site)); err != nil {
			t.Fatal(err)
		}
		if n := count(t, r); n != 3 || other.ParentID != good.ID {
			t.Fatalf("%d comments stored, the last under %d; want 3, the last under %d", n, other.ParentID, good.ID)
		}
	})
	t.Run("reader rules across the batch", func(t *testing.T) {
		r := newRig(t)
		r.site.CommentModeration = masthead.ModerateHoldAll
		first, again, reply := reader("Same words."), reader("Same words."), reader("Answering a held comment.")
		subs := []moderation.Submission{
			{Article: r.article, Comment: first, Network: "192.0.2.0", Now: now},
			{Article: r.article, Comment: again, Network: "192.0.2.0", Now: now.Add(time.Second)},
			{Article: r.article, Comment: reply, Network: "192.0.2.0", Now: now.Add(2 * time.Second), Parent: first},
		}
		err := moderation.SubmitAll(ctx, r.store, subs, moderation.ReaderPolicy(r.site, masthead.RateLimit{Max: 3, Window: time.Minute}))
		var refused moderation.Refused
		if !errors.As(err, &refused) || len(refused) != 2 || masthead.ErrorField(refused[1]) != "comment" || masthead.ErrorField(refused[2]) != "parent" {
			t.Fatalf("error %v, want the duplicate and the reply to a held comment refused", err)
		}
		if first.Status != masthead.CommentPending {
			t.Errorf("the first comment is %s, want held as the site says", first.Status)
		}
		r.article.CommentsOpen = false
		err = moderation.SubmitAll(ctx, r.store, subs[:1], moderation.ReaderPolicy(r.site, masthead.RateLimit{}))
		if masthead.ErrorCode(err) != masthead.EFORBIDDEN {
			t.Fatalf("a batch on a closed article: %v", err)
		}
		if n := count(t, r); n != 0 {
			t.Fatalf("refused batches stored %d comments", n)
		}
	})
	t.Run("rate limit over the batch", func(t *testing.T) {
		r := newRig(t)
		var subs []moderation.Submission
		for i := range 4 {
			subs = append(subs, moderation.Submission{Article: r.article, Comment: reader(fmt.Sprint("Burst ", i)), Network: "192.0.2.0", Now: now})
		}
		err := moderation.SubmitAll(ctx, r.store, subs, moderation.ReaderPolicy(r.site, masthead.RateLimit{Max: 3, Window: time.Minute}))
		if masthead.ErrorCode(err) != masthead.ERATELIMIT {
			t.Fatalf("four comments at once under a limit of three: %v", err)
		}
		if n := count(t, r); n != 0 {
			t.Fatalf("a batch over the limit stored %d comments", n)
		}
	})
}
