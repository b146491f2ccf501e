package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"masthead"
)

// newMail returns a message ready to queue, as package mail composes one.
func newMail(n int, kind masthead.MailKind) *masthead.OutboxMessage {
	return &masthead.OutboxMessage{
		Kind: kind, To: fmt.Sprintf("reader%d@example.com", n), ToName: "Reader", FromName: "Observer",
		Subject: fmt.Sprintf("Message %d", n), Text: "Plain text.\n", HTML: "<p>HTML.</p>",
		MessageID: fmt.Sprintf("m%d.test@observer.example", n), Date: Epoch, Language: "en",
		Headers: []masthead.MailHeader{{Name: "List-Unsubscribe", Value: "<https://observer.example/u>"}},
	}
}

// announcements records the keys a store announces to its own process.
type announcements struct {
	mu   sync.Mutex
	keys []masthead.ChangeKey
}

func (a *announcements) hear(keys []masthead.ChangeKey) {
	a.mu.Lock()
	a.keys = append(a.keys, keys...)
	a.mu.Unlock()
}

func (a *announcements) heard(k masthead.ChangeKey) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Contains(a.keys, k)
}

// testOutbox checks the outbox: queued whole or not at all, claimed under
// a lease that keeps a second claim off until it runs out, marked sent
// or failed only under the lease that holds it, retried when due, and
// listed, counted, retried, discarded and pruned by status.
func testOutbox(t *testing.T, open Opener) {
	s, clock := newStore(t, open)
	ctx := context.Background()
	heard := &announcements{}
	if a, ok := s.(masthead.ChangeAnnouncer); ok {
		a.OnChange(heard.hear)
	}

	bad := newMail(0, masthead.MailTest)
	bad.To = ""
	wantCode(t, s.QueueMail(ctx, newMail(1, masthead.MailTest), bad), masthead.EINVALID)
	if got, total, err := s.FindOutbox(ctx, masthead.OutboxFilter{}); err != nil || total != 0 {
		t.Fatalf("after a refused batch the outbox holds %d (%v), want none", len(got), err)
	}
	if heard.heard(masthead.KeyOutbox) {
		t.Fatal("a refused batch announced the outbox")
	}

	reset := newMail(1, masthead.MailPasswordReset)
	reset.Sensitive = true
	if err := s.QueueMail(ctx, reset); err != nil {
		t.Fatal(err)
	}
	if reset.ID == 0 || !reset.CreatedAt.Equal(Epoch) || !reset.NextAttemptAt.Equal(Epoch) || !reset.GiveUpAt.Equal(Epoch.Add(masthead.DefaultMailRetry.GiveUpAfter)) {
		t.Fatalf("queued message: id %d, created %v, next %v, give up %v", reset.ID, reset.CreatedAt, reset.NextAttemptAt, reset.GiveUpAt)
	}
	if _, ok := s.(masthead.ChangeAnnouncer); ok && !heard.heard(masthead.KeyOutbox) {
		t.Fatal("queueing mail did not announce the outbox")
	}
	wantCode(t, s.QueueMail(ctx, newMail(1, masthead.MailTest)), masthead.ECONFLICT) // the same Message-ID
	clock.now = Epoch.Add(time.Second)
	later := newMail(2, masthead.MailTest)
	if err := s.QueueMail(ctx, later); err != nil {
		t.Fatal(err)
	}

	wantCode(t, func() error { _, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 0, Lease: time.Minute}); return err }(), masthead.EINVALID)
	claimed, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 10, Lease: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if len(claimed) != 2 || claimed[0].ID != reset.ID || claimed[1].ID != later.ID {
		t.Fatalf("claimed %v, want the two messages oldest first", ids(claimed))
	}
	got := claimed[0]
	if got.To != reset.To || got.ToName != "Reader" || got.FromName != "Observer" || got.Subject != reset.Subject || got.Text != reset.Text ||
		got.HTML != reset.HTML || got.MessageID != reset.MessageID || !got.Date.Equal(Epoch) || got.Language != "en" || !got.Sensitive ||
		len(got.Headers) != 1 || got.Headers[0] != reset.Headers[0] || got.Kind != masthead.MailPasswordReset {
		t.Fatalf("claimed message = %+v, want it as queued", got)
	}
	if got.Lease == "" || !got.LeaseUntil.Equal(clock.now.Add(10*time.Minute)) {
		t.Fatalf("lease %q until %v", got.Lease, got.LeaseUntil)
	}
	if again, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 10, Lease: time.Minute}); err != nil || len(again) != 0 {
		t.Fatalf("a second claim while the lease holds took %v (%v)", ids(again), err)
	}

	// The first sender's lease runs out; another claims the message.
	clock.now = clock.now.Add(10 * time.Minute)
	retaken, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 1, Lease: 10 * time.Minute})
	if err != nil || len(retaken) != 1 || retaken[0].ID != reset.ID || retaken[0].Lease == got.Lease {
		t.Fatalf("after the lease ran out: claimed %v (%v), want the oldest under a new lease", ids(retaken), err)
	}
	wantCode(t, s.MarkMailSent(ctx, reset.ID, got.Lease), masthead.ECONFLICT)
	if err := s.MarkMailSent(ctx, reset.ID, retaken[0].Lease); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.MarkMailSent(ctx, reset.ID, retaken[0].Lease), masthead.ECONFLICT)
	sent, _, err := s.FindOutbox(ctx, masthead.OutboxFilter{Status: masthead.MailSent})
	if err != nil || len(sent) != 1 || sent[0].ID != reset.ID || !sent[0].SentAt.Equal(clock.now) {
		t.Fatalf("sent messages: %v (%v)", ids(sent), err)
	}
	if sent[0].Text != "" || sent[0].HTML != "" {
		t.Fatal("a sensitive message kept its body after it was sent")
	}

	// The later message: its lease ran out too; a failed try puts it off.
	retry, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 5, Lease: time.Minute})
	if err != nil || len(retry) != 1 || retry[0].ID != later.ID {
		t.Fatalf("claimed %v (%v), want the later message", ids(retry), err)
	}
	wantCode(t, s.MarkMailFailed(ctx, later.ID, "not the lease", "refused", clock.now.Add(time.Minute)), masthead.ECONFLICT)
	if err := s.MarkMailFailed(ctx, later.ID, retry[0].Lease, "connection refused", clock.now.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	clock.now = clock.now.Add(2*time.Minute - time.Second)
	if early, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 5, Lease: time.Minute}); err != nil || len(early) != 0 {
		t.Fatalf("a message was claimed before its retry was due: %v (%v)", ids(early), err)
	}
	clock.now = clock.now.Add(time.Second)
	due, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 5, Lease: time.Minute})
	if err != nil || len(due) != 1 || due[0].Attempts != 1 || due[0].LastError != "connection refused" {
		t.Fatalf("at its retry: claimed %+v (%v), want one attempt with its error", due, err)
	}
	if err := s.MarkMailFailed(ctx, later.ID, due[0].Lease, "mailbox unavailable", time.Time{}); err != nil {
		t.Fatal(err)
	}
	counts, err := s.CountOutbox(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts[masthead.MailQueued] != 0 || counts[masthead.MailSent] != 1 || counts[masthead.MailFailed] != 1 {
		t.Fatalf("counts = %v, want one sent and one failed", counts)
	}
	failed, _, err := s.FindOutbox(ctx, masthead.OutboxFilter{Status: masthead.MailFailed})
	if err != nil || len(failed) != 1 || failed[0].Status() != masthead.MailFailed || failed[0].Attempts != 2 || failed[0].Text == "" {
		t.Fatalf("failed messages: %+v (%v)", failed, err)
	}
	wantCode(t, func() error { _, _, err := s.FindOutbox(ctx, masthead.OutboxFilter{Status: "lost"}); return err }(), masthead.EINVALID)

	// Retried by hand it is due at once, counted afresh.
	wantCode(t, s.RetryMail(ctx, reset.ID), masthead.ECONFLICT)
	wantCode(t, s.RetryMail(ctx, 99999), masthead.ENOTFOUND)
	if err := s.RetryMail(ctx, later.ID); err != nil {
		t.Fatal(err)
	}
	back, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 5, Lease: time.Minute})
	if err != nil || len(back) != 1 || back[0].Attempts != 0 || !back[0].FailedAt.IsZero() || !back[0].GiveUpAt.Equal(clock.now.Add(masthead.DefaultMailRetry.GiveUpAfter)) {
		t.Fatalf("after a retry: claimed %+v (%v)", back, err)
	}

	wantCode(t, s.DiscardMail(ctx, reset.ID), masthead.ECONFLICT)
	wantCode(t, s.DiscardMail(ctx, 99999), masthead.ENOTFOUND)
	wantCode(t, s.DiscardMail(ctx, later.ID), masthead.ECONFLICT) // claimed a moment ago
	clock.now = clock.now.Add(time.Minute)
	if err := s.DiscardMail(ctx, later.ID); err != nil {
		t.Fatal(err)
	}
	if all, total, err := s.FindOutbox(ctx, masthead.OutboxFilter{}); err != nil || total != 1 || all[0].ID != reset.ID {
		t.Fatalf("after discarding: %v of %d (%v)", ids(all), total, err)
	}

	if n, err := s.PruneOutbox(ctx, clock.now.Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("pruning before the message was sent removed %d (%v)", n, err)
	}
	if n, err := s.PruneOutbox(ctx, clock.now.Add(time.Second)); err != nil || n != 1 {
		t.Fatalf("pruning removed %d (%v), want the sent message", n, err)
	}
}

// testOutboxRace has two senders claim one outbox at the same moment,
// over and over: no message is claimed twice.
func testOutboxRace(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	const n = 40
	for i := range n {
		if err := s.QueueMail(ctx, newMail(i, masthead.MailTest)); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			for {
				msgs, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 3, Lease: time.Hour})
				if err != nil {
					errs <- err
					return
				}
				if len(msgs) == 0 {
					return
				}
				mu.Lock()
				for _, m := range msgs {
					seen[m.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(seen) != n {
		t.Fatalf("%d messages were claimed, want %d", len(seen), n)
	}
	for id, times := range seen {
		if times != 1 {
			t.Errorf("message %d was claimed %d times", id, times)
		}
	}
}

func ids(msgs []*masthead.OutboxMessage) []int64 {
	out := make([]int64, len(msgs))
	for i, m := range msgs {
		out[i] = m.ID
	}
	return out
}

// testOutboxLeases checks what a live lease protects: the admin can
// neither retry nor discard a message being sent (ECONFLICT), a claim
// released by its holder is due again at once with no attempt counted,
// and a released or lost claim cannot be released or marked again.
func testOutboxLeases(t *testing.T, open Opener) {
	s, clock := newStore(t, open)
	ctx := context.Background()
	m := newMail(1, masthead.MailTest)
	if err := s.QueueMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	claimed, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 1, Lease: 10 * time.Minute})
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claimed %v (%v)", ids(claimed), err)
	}
	wantCode(t, s.RetryMail(ctx, m.ID), masthead.ECONFLICT)
	wantCode(t, s.DiscardMail(ctx, m.ID), masthead.ECONFLICT)

	wantCode(t, s.ReleaseMail(ctx, m.ID, "not the lease"), masthead.ECONFLICT)
	if err := s.ReleaseMail(ctx, m.ID, claimed[0].Lease); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ReleaseMail(ctx, m.ID, claimed[0].Lease), masthead.ECONFLICT)
	wantCode(t, s.MarkMailSent(ctx, m.ID, claimed[0].Lease), masthead.ECONFLICT)
	again, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 1, Lease: 10 * time.Minute})
	if err != nil || len(again) != 1 || again[0].Attempts != 0 || again[0].LastError != "" {
		t.Fatalf("after a release: claimed %+v (%v), want the message at once, untried", again, err)
	}

	// Once the lease runs out, the message is the admin's again.
	clock.now = clock.now.Add(10 * time.Minute)
	if err := s.RetryMail(ctx, m.ID); err != nil {
		t.Fatalf("retry after the lease ran out: %v", err)
	}
	if _, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 1, Lease: time.Minute}); err != nil {
		t.Fatal(err)
	}
	clock.now = clock.now.Add(time.Minute)
	if err := s.DiscardMail(ctx, m.ID); err != nil {
		t.Fatalf("discard after the lease ran out: %v", err)
	}
}

// testOutboxClaimCap queues more than MaxMailClaim messages: one claim
// takes MaxMailClaim of them, oldest first, whatever its limit asks.
func testOutboxClaimCap(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	msgs := make([]*masthead.OutboxMessage, masthead.MaxMailClaim+1)
	for i := range msgs {
		msgs[i] = newMail(i, masthead.MailTest)
	}
	if err := s.QueueMail(ctx, msgs...); err != nil {
		t.Fatal(err)
	}
	claimed, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 2 * masthead.MaxMailClaim, Lease: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if len(claimed) != masthead.MaxMailClaim {
		t.Fatalf("claimed %d, want MaxMailClaim (%d)", len(claimed), masthead.MaxMailClaim)
	}
	for i, m := range claimed {
		if m.ID != msgs[i].ID || m.Lease == "" || m.Lease != claimed[0].Lease {
			t.Fatalf("claim %d is message %d under lease %q, want message %d under the claim's one lease", i, m.ID, m.Lease, msgs[i].ID)
		}
	}
	rest, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 10, Lease: time.Hour})
	if err != nil || len(rest) != 1 || rest[0].ID != msgs[len(msgs)-1].ID {
		t.Fatalf("the second claim took %v (%v), want the last message", ids(rest), err)
	}
}

// testOutboxRefusesBadMail refuses, with EINVALID, a message that could
// not be sent as it is, and stores nothing of it.
func testOutboxRefusesBadMail(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	for name, spoil := range map[string]func(m *masthead.OutboxMessage){
		"no recipient":           func(m *masthead.OutboxMessage) { m.To = "" },
		"a recipient with junk":  func(m *masthead.OutboxMessage) { m.To = "reader@example.com, other@example.com" },
		"no subject":             func(m *masthead.OutboxMessage) { m.Subject = " " },
		"a subject of two lines": func(m *masthead.OutboxMessage) { m.Subject = "Hello\r\nBcc: victim@example.com" },
		"a name of two lines":    func(m *masthead.OutboxMessage) { m.ToName = "Reader\nBcc: victim@example.com" },
		"a header of two lines": func(m *masthead.OutboxMessage) {
			m.Headers = []masthead.MailHeader{{Name: "List-Unsubscribe", Value: "<https://x>\r\nBcc: victim@example.com"}}
		},
		"a header without a name": func(m *masthead.OutboxMessage) { m.Headers = []masthead.MailHeader{{Name: "Bad Name", Value: "x"}} },
	} {
		m := newMail(1, masthead.MailTest)
		spoil(m)
		if err := s.QueueMail(ctx, m); masthead.ErrorCode(err) != masthead.EINVALID || masthead.ErrorMessage(err) == "" {
			t.Errorf("%s: %v, want EINVALID with a sentence", name, err)
		}
	}
	if n := outboxSize(t, s); n != 0 {
		t.Fatalf("the outbox holds %d refused messages", n)
	}
}
