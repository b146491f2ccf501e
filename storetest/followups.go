package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"masthead"
)

// followUpMail composes a stand-in follow-up, as package notify would,
// and records what it was given.
type followUpMail struct {
	n      int
	got    []*masthead.FollowUp
	tokens []string
}

func (m *followUpMail) compose(f *masthead.FollowUp, token string) (*masthead.OutboxMessage, error) {
	m.n++
	m.got = append(m.got, f)
	m.tokens = append(m.tokens, token)
	msg := newMail(1000+m.n, masthead.MailFollowUp)
	msg.To = f.Subscription.Email
	msg.MessageID = fmt.Sprintf("followup%d.%d@observer.example", f.Comment.ID, f.Subscription.ID)
	return msg, nil
}

// countMail returns how many messages of kind the outbox holds.
func countMail(t *testing.T, s masthead.Store, kind masthead.MailKind) int {
	t.Helper()
	msgs, _, err := s.FindOutbox(context.Background(), masthead.OutboxFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range msgs {
		if m.Kind == kind {
			n++
		}
	}
	return n
}

// testFollowUps checks follow-up subscriptions: they count only once
// confirmed, a second request within a day sends nothing, each approved
// comment causes one mail per confirmed subscriber but its writer, however
// often it is approved or the job runs, and the unsubscribe token ends the
// subscription.
func testFollowUps(t *testing.T, open Opener) {
	s, clock := newStore(t, open)
	ctx := context.Background()
	author := mustAuthor(t, s, "Ada Admin")
	a := mustArticle(t, s, newArticle("Harbour thread", Epoch.Add(-time.Hour), author))
	post := func(name, email string, status masthead.CommentStatus) *masthead.Comment {
		t.Helper()
		clock.now = clock.now.Add(time.Second)
		c := &masthead.Comment{ArticleID: a.ID, AuthorName: name, AuthorEmail: email, Body: "On the harbour, by " + name, Status: status}
		if err := s.SubmitComments(ctx, []masthead.BatchComment{{Comment: c}}, masthead.SubmitOptions{}); err != nil {
			t.Fatal(err)
		}
		return c
	}

	confirmMail := newMail(1, masthead.MailFollowUpConfirm)
	sub := &masthead.CommentSubscription{ArticleID: a.ID, Email: "Ann@Example.org"}
	if sent, err := s.SubscribeToComments(ctx, sub, "hash-ann", confirmMail); err != nil || !sent {
		t.Fatalf("SubscribeToComments = %v, %v; want a mail queued", sent, err)
	}
	if sub.ID == 0 || sub.Email != "ann@example.org" || sub.Confirmed() {
		t.Fatalf("subscription = %+v, want an id, the address in lower case, unconfirmed", sub)
	}
	again := &masthead.CommentSubscription{ArticleID: a.ID, Email: "ann@example.org"}
	if sent, err := s.SubscribeToComments(ctx, again, "hash-ann-2", newMail(2, masthead.MailFollowUpConfirm)); err != nil || sent {
		t.Fatalf("second SubscribeToComments within a day = %v, %v; want nothing sent", sent, err)
	}
	if n := countMail(t, s, masthead.MailFollowUpConfirm); n != 1 {
		t.Fatalf("%d confirmation mails queued, want 1", n)
	}
	if _, err := s.SubscribeToComments(ctx, &masthead.CommentSubscription{ArticleID: a.ID + 1000, Email: "x@example.org"}, "hash-x", nil); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Fatalf("subscription to a missing article: %v, want ECONFLICT", err)
	}

	// Before confirmation, comments cause nothing.
	post("Bob", "bob@example.net", masthead.CommentApproved)
	m := &followUpMail{}
	if n, err := s.QueueFollowUps(ctx, 10, m.compose); err != nil || n != 0 {
		t.Fatalf("QueueFollowUps before confirmation = %d, %v; want 0", n, err)
	}
	if _, err := s.FindCommentSubscription(ctx, "hash-ann-2"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("FindCommentSubscription with the refused second hash: %v, want ENOTFOUND", err)
	}
	if found, err := s.FindCommentSubscription(ctx, "hash-ann"); err != nil || found.ID != sub.ID {
		t.Fatalf("FindCommentSubscription = %+v, %v", found, err)
	}
	confirmed, err := s.ConfirmCommentSubscription(ctx, "hash-ann")
	if err != nil || !confirmed.Confirmed() || confirmed.Email != "ann@example.org" {
		t.Fatalf("ConfirmCommentSubscription = %+v, %v", confirmed, err)
	}
	if _, err := s.ConfirmCommentSubscription(ctx, "hash-ann"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("second confirmation: %v, want ENOTFOUND", err)
	}

	// Ann's own comment, in other capitals, tells her nothing; Bob's
	// approved comment does, once; a held one only once approved.
	post("Ann", "ANN@example.org", masthead.CommentApproved)
	bob := post("Bob", "bob@example.net", masthead.CommentApproved)
	held := post("Cleo", "cleo@example.com", masthead.CommentPending)
	if n, err := s.QueueFollowUps(ctx, 10, m.compose); err != nil || n != 1 {
		t.Fatalf("QueueFollowUps = %d, %v; want Bob's comment for Ann", n, err)
	}
	if m.got[0].Comment.ID != bob.ID || m.got[0].Subscription.Email != "ann@example.org" || m.tokens[0] == "" {
		t.Fatalf("follow-up = comment %d to %s, want Bob's %d to Ann with a token", m.got[0].Comment.ID, m.got[0].Subscription.Email, bob.ID)
	}
	if n, err := s.QueueFollowUps(ctx, 10, m.compose); err != nil || n != 0 {
		t.Fatalf("second round = %d, %v; want nothing more", n, err)
	}
	if err := s.UpdateCommentStatus(ctx, held.ID, masthead.CommentApproved); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateCommentStatus(ctx, bob.ID, masthead.CommentPending); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateCommentStatus(ctx, bob.ID, masthead.CommentApproved); err != nil {
		t.Fatal(err)
	}
	if n, err := s.QueueFollowUps(ctx, 10, m.compose); err != nil || n != 1 || m.got[1].Comment.ID != held.ID {
		t.Fatalf("after approving Cleo's and Bob's again: %d, %v; want Cleo's comment alone", n, err)
	}
	// Approved, withdrawn before the round: nothing goes out.
	late := post("Dan", "dan@example.com", masthead.CommentApproved)
	if err := s.UpdateCommentStatus(ctx, late.ID, masthead.CommentSpam); err != nil {
		t.Fatal(err)
	}
	if n, err := s.QueueFollowUps(ctx, 10, m.compose); err != nil || n != 0 {
		t.Fatalf("round after a withdrawn comment = %d, %v; want 0", n, err)
	}
	if n := countMail(t, s, masthead.MailFollowUp); n != 2 {
		t.Fatalf("%d follow-up mails in the outbox, want 2", n)
	}

	// The unsubscribe token of a mail ends the subscription, once.
	token := masthead.HashToken(m.tokens[0])
	if found, err := s.FindUnsubscribe(ctx, token); err != nil || found.ID != sub.ID {
		t.Fatalf("FindUnsubscribe = %+v, %v", found, err)
	}
	if _, err := s.Unsubscribe(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Unsubscribe(ctx, token); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("second Unsubscribe: %v, want ENOTFOUND", err)
	}
	post("Bob", "bob@example.net", masthead.CommentApproved)
	if n, err := s.QueueFollowUps(ctx, 10, m.compose); err != nil || n != 0 {
		t.Fatalf("round after unsubscribing = %d, %v; want 0", n, err)
	}

	// An old unconfirmed request is replaced by a new one, with a mail.
	s2 := &masthead.CommentSubscription{ArticleID: a.ID, Email: "eve@example.com"}
	if _, err := s.SubscribeToComments(ctx, s2, "hash-eve", nil); err != nil {
		t.Fatal(err)
	}
	clock.now = clock.now.Add(masthead.FollowUpConfirmLifetime + time.Minute)
	if _, err := s.FindCommentSubscription(ctx, "hash-eve"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("an expired link: %v, want ENOTFOUND", err)
	}
	if sent, err := s.SubscribeToComments(ctx, &masthead.CommentSubscription{ArticleID: a.ID, Email: "eve@example.com"}, "hash-eve-2", nil); err != nil || !sent {
		t.Fatalf("asking again after a day = %v, %v; want a new link", sent, err)
	}
	if _, err := s.ConfirmCommentSubscription(ctx, "hash-eve-2"); err != nil {
		t.Fatal(err)
	}

	// Retention forgets a subscription whose link ran out, address and
	// all, and keeps the confirmed ones.
	zed := &masthead.CommentSubscription{ArticleID: a.ID, Email: "zed@example.com"}
	if _, err := s.SubscribeToComments(ctx, zed, "hash-zed", nil); err != nil {
		t.Fatal(err)
	}
	clock.now = clock.now.Add(masthead.FollowUpConfirmLifetime + time.Minute)
	if n, err := s.ApplyRetention(ctx, masthead.Retention{}); err != nil || n != 1 {
		t.Fatalf("ApplyRetention = %d, %v; want Zed's unconfirmed subscription deleted", n, err)
	}
	if n, err := s.ApplyRetention(ctx, masthead.Retention{}); err != nil || n != 0 {
		t.Fatalf("ApplyRetention again = %d, %v; want nothing more", n, err)
	}

	// Erasing a commenter ends their subscriptions.
	if _, err := s.SubscribeToComments(ctx, &masthead.CommentSubscription{ArticleID: a.ID, Email: "bob@example.net"}, "hash-bob", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ConfirmCommentSubscription(ctx, "hash-bob"); err != nil {
		t.Fatal(err)
	}
	if err := s.EraseCommenter(ctx, "bob@example.net", "", &masthead.Erasure{RequestedBy: author.ID, Mode: masthead.ErasureKeepText, AddressKey: "k"}); err != nil {
		t.Fatal(err)
	}
	post("Fay", "fay@example.com", masthead.CommentApproved)
	m2 := &followUpMail{}
	if n, err := s.QueueFollowUps(ctx, 10, m2.compose); err != nil || n != 1 || m2.got[0].Subscription.Email != "eve@example.com" {
		t.Fatalf("round after erasing Bob = %d, %v; want Eve's mail alone", n, err)
	}
}

// testHeldDigest checks the held-comment digest: each held comment is
// listed once, the round queues what compose returns with the marks, and
// LastHeldDigest says when it went out.
func testHeldDigest(t *testing.T, open Opener) {
	s, clock := newStore(t, open)
	ctx := context.Background()
	author := mustAuthor(t, s, "Ada Admin")
	a := mustArticle(t, s, newArticle("Harbour thread", Epoch.Add(-time.Hour), author))
	hold := func(name string) *masthead.Comment {
		t.Helper()
		clock.now = clock.now.Add(time.Second)
		c := &masthead.Comment{ArticleID: a.ID, AuthorName: name, AuthorEmail: name + "@example.org", Body: "Held text", Status: masthead.CommentPending}
		if err := s.SubmitComments(ctx, []masthead.BatchComment{{Comment: c}}, masthead.SubmitOptions{}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	if last, err := s.LastHeldDigest(ctx); err != nil || !last.IsZero() {
		t.Fatalf("LastHeldDigest before any = %v, %v", last, err)
	}
	first, second := hold("ann"), hold("bob")
	var listed [][]*masthead.Comment
	compose := func(held []*masthead.Comment) ([]*masthead.OutboxMessage, error) {
		listed = append(listed, held)
		msg := newMail(2000+len(listed), masthead.MailHeldDigest)
		return []*masthead.OutboxMessage{msg}, nil
	}
	if n, err := s.QueueHeldDigest(ctx, 10, compose); err != nil || n != 2 {
		t.Fatalf("QueueHeldDigest = %d, %v; want 2", n, err)
	}
	if len(listed) != 1 || listed[0][0].ID != first.ID || listed[0][1].ID != second.ID {
		t.Fatalf("listed %v, want Ann's and Bob's, oldest first", listed)
	}
	if last, err := s.LastHeldDigest(ctx); err != nil || !last.Equal(clock.now) {
		t.Fatalf("LastHeldDigest = %v, %v; want %v", last, err, clock.now)
	}
	if n, err := s.QueueHeldDigest(ctx, 10, compose); err != nil || n != 0 || len(listed) != 1 {
		t.Fatalf("second QueueHeldDigest = %d, %v (compose called %d times); want nothing", n, err, len(listed))
	}
	// An approved comment is no longer held; a new held one is listed.
	if err := s.UpdateCommentStatus(ctx, first.ID, masthead.CommentApproved); err != nil {
		t.Fatal(err)
	}
	third := hold("cleo")
	if n, err := s.QueueHeldDigest(ctx, 10, compose); err != nil || n != 1 || listed[1][0].ID != third.ID {
		t.Fatalf("third QueueHeldDigest = %d, %v; want Cleo's alone", n, err)
	}
	if n := countMail(t, s, masthead.MailHeldDigest); n != 2 {
		t.Fatalf("%d digests in the outbox, want 2", n)
	}
}
