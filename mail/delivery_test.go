package mail_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"masthead"
	mmail "masthead/mail"
	"masthead/mail/mailtest"
)

// queue composes and queues a message to addr with the given name and
// subject.
func queue(t *testing.T, s masthead.OutboxStore, o mmail.Origin, to, name, subject string) *masthead.OutboxMessage {
	t.Helper()
	m, err := mmail.Compose(o, mmail.Draft{Kind: masthead.MailTest, To: to, ToName: name, Subject: subject, Text: "Body.\n"}, epoch)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.QueueMail(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	return m
}

// byID reads one message of the outbox.
func byID(t *testing.T, s masthead.OutboxStore, id int64) *masthead.OutboxMessage {
	t.Helper()
	all, _, err := s.FindOutbox(context.Background(), masthead.OutboxFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("message %d is not in the outbox", id)
	return nil
}

// TestHeadersEncodeNamesAndFoldLines sends names with quotes, commas and
// letters beyond ASCII, and a subject and names with line breaks meant to
// add a Bcc: the receiver reads each name as it was, each subject on one
// line, and no header the text tried to write.
func TestHeadersEncodeNamesAndFoldLines(t *testing.T) {
	c := &clock{now: epoch}
	s := newStore(t, c)
	server := mailtest.Start(t, mailtest.Options{})
	o := origin
	o.SiteName = `The "Port, Alder" Observer`
	names := []string{`Zoë "Z" Reader, Jr.`, "Ünal Çelik <admin@evil.example>", "Eve\r\nBcc: victim@example.com"}
	subjects := []string{"Straße, \"Hafen\" und Möwen", "Harbour news\r\nBcc: victim@example.com", "Plain"}
	var queued []*masthead.OutboxMessage
	for i := range names {
		queued = append(queued, queue(t, s, o, "reader"+string(rune('a'+i))+"@example.com", names[i], subjects[i]))
	}
	if n, err := newOutbox(s, c, server.Settings()).SendDue(context.Background()); err != nil || n != len(names) {
		t.Fatalf("SendDue = %d, %v", n, err)
	}
	got := server.Wait(t, len(names), 5*time.Second)
	dec := new(mime.WordDecoder)
	for i, m := range got {
		if _, ok := m.Header["Bcc"]; ok || bytes.Contains(bytes.ToLower(m.Raw), []byte("\nbcc:")) || len(m.To) != 1 {
			t.Errorf("message %d: a Bcc header or a second recipient got through (to %v):\n%s", i, m.To, m.Raw)
		}
		from, err := mail.ParseAddress(m.Header.Get("From"))
		if err != nil || from.Name != o.SiteName {
			t.Errorf("message %d: From %q reads as %v (%v), want the name %q", i, m.Header.Get("From"), from, err, o.SiteName)
		}
		to, err := mail.ParseAddress(m.Header.Get("To"))
		if want := masthead.OneLine(names[i]); err != nil || to.Name != want || to.Address != queued[i].To {
			t.Errorf("message %d: To %q reads as %v (%v), want %q <%s>", i, m.Header.Get("To"), to, err, want, queued[i].To)
		}
		subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
		if want := masthead.OneLine(subjects[i]); err != nil || subject != want {
			t.Errorf("message %d: Subject %q, want %q", i, subject, want)
		}
	}
}

// TestDraftCheck refuses, before anything is queued, a draft without a
// recipient, with one that does not parse, without a subject, or with a
// header value that carries a line break; each with a sentence.
func TestDraftCheck(t *testing.T) {
	good := mmail.Draft{Kind: masthead.MailTest, To: "reader@example.com", Subject: "News", Text: "Body.\n"}
	if err := good.Check(); err != nil {
		t.Fatalf("a good draft: %v", err)
	}
	for name, spoil := range map[string]func(d *mmail.Draft){
		"no recipient":            func(d *mmail.Draft) { d.To = "" },
		"a recipient not parsing": func(d *mmail.Draft) { d.To = "reader at example" },
		"two recipients":          func(d *mmail.Draft) { d.To = "a@example.com, b@example.com" },
		"a named recipient":       func(d *mmail.Draft) { d.To = "Reader <reader@example.com>" },
		"an empty subject":        func(d *mmail.Draft) { d.Subject = " \r\n " },
		"a header with CR LF": func(d *mmail.Draft) {
			d.Headers = []masthead.MailHeader{{Name: "List-Unsubscribe", Value: "<https://x.example/u>\r\nBcc: victim@example.com"}}
		},
		"a header with LF":           func(d *mmail.Draft) { d.Headers = []masthead.MailHeader{{Name: "X-Note", Value: "a\nb"}} },
		"a header name with a colon": func(d *mmail.Draft) { d.Headers = []masthead.MailHeader{{Name: "Bcc: x", Value: "y"}} },
	} {
		d := good
		spoil(&d)
		err := d.Check()
		if masthead.ErrorCode(err) != masthead.EINVALID || !strings.HasSuffix(masthead.ErrorMessage(err), ".") {
			t.Errorf("%s: Check = %v, want EINVALID with a sentence", name, err)
		}
		if _, cerr := mmail.Compose(origin, d, epoch); masthead.ErrorCode(cerr) != masthead.EINVALID {
			t.Errorf("%s: Compose = %v, want EINVALID", name, cerr)
		}
	}
	// A subject or a name with a line break comes from people: folded.
	d := good
	d.Subject, d.ToName = "Harbour\r\nnews", "Zoë\nReader"
	m, err := mmail.Compose(origin, d, epoch)
	if err != nil || m.Subject != "Harbour news" || m.ToName != "Zoë Reader" {
		t.Fatalf("Compose = %+v, %v; want the subject and name on one line", m, err)
	}
}

// TestShutdownMidBatch cancels the round's context while the server takes
// the second message of five: what the server took is marked sent, the
// message in flight is not marked failed, and the ones not yet tried are
// released at once (no lease, no attempt) rather than held until their
// lease runs out.
func TestShutdownMidBatch(t *testing.T) {
	for _, tc := range []struct {
		name string
		// inFlight is what the server answers the message it was taking
		// when the shutdown came.
		inFlight error
		wantSent int
	}{
		{"the message in flight is taken", nil, 2},
		{"the message in flight is cut short", &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Shutting down."}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &clock{now: epoch}
			s := newStore(t, c)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			server := mailtest.Start(t, mailtest.Options{OnData: func(n int, _ *mailtest.Message) error {
				if n == 2 {
					cancel()
					return tc.inFlight
				}
				return nil
			}})
			var queued []*masthead.OutboxMessage
			for i := range 5 {
				queued = append(queued, queue(t, s, origin, "reader"+string(rune('a'+i))+"@example.com", "Reader", "News"))
			}
			n, err := newOutbox(s, c, server.Settings()).SendDue(ctx)
			if !errors.Is(err, context.Canceled) || n != tc.wantSent {
				t.Fatalf("SendDue = %d, %v; want %d sent and the context's end", n, err, tc.wantSent)
			}
			for i, q := range queued {
				m := byID(t, s, q.ID)
				if i < tc.wantSent {
					if m.Status() != masthead.MailSent {
						t.Errorf("message %d: %s, want sent", i+1, m.Status())
					}
					continue
				}
				if m.Status() != masthead.MailQueued || m.Lease != "" || !m.LeaseUntil.IsZero() || m.Attempts != 0 || m.LastError != "" {
					t.Errorf("message %d: %s, lease %q until %v, %d attempts, error %q; want it released untried",
						i+1, m.Status(), m.Lease, m.LeaseUntil, m.Attempts, m.LastError)
				}
			}
			// The next sender takes them at once, without waiting for a lease.
			claimed, err := s.ClaimMail(context.Background(), masthead.MailClaim{Limit: 10, Lease: time.Minute})
			if err != nil || len(claimed) != 5-tc.wantSent {
				t.Fatalf("the next claim took %d (%v), want %d", len(claimed), err, 5-tc.wantSent)
			}
		})
	}
}

// TestLostClaim holds node A in the middle of sending a message until
// its lease has run out and node B has claimed and sent the message;
// then A's try fails: A's outcome must not overwrite B's, and A's round
// goes on without an error.
func TestLostClaim(t *testing.T) {
	c := &clock{now: epoch}
	s := newStore(t, c)
	ctx := context.Background()
	holding, release := make(chan struct{}), make(chan struct{})
	server := mailtest.Start(t, mailtest.Options{OnData: func(n int, _ *mailtest.Message) error {
		if n == 1 { // node A's try
			close(holding)
			<-release
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later."}
		}
		return nil
	}})
	m := queue(t, s, origin, "reader@example.com", "Reader", "News")
	var logs bytes.Buffer
	a := newOutbox(s, c, server.Settings())
	a.Lease = time.Minute
	a.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	b := newOutbox(s, c, server.Settings())
	type result struct {
		n   int
		err error
	}
	done := make(chan result, 1)
	go func() {
		n, err := a.SendDue(ctx)
		done <- result{n, err}
	}()
	<-holding
	c.Add(2 * time.Minute) // A's lease runs out
	if n, err := b.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("node B: SendDue = %d, %v; want the message sent", n, err)
	}
	close(release)
	if r := <-done; r.err != nil || r.n != 0 {
		t.Fatalf("node A: SendDue = %d, %v; want nothing sent and no error", r.n, r.err)
	}
	got := byID(t, s, m.ID)
	if got.Status() != masthead.MailSent || got.Attempts != 0 || got.LastError != "" {
		t.Fatalf("the message: %s, %d attempts, error %q; want B's sent record untouched", got.Status(), got.Attempts, got.LastError)
	}
	if !strings.Contains(logs.String(), "claim lost") {
		t.Errorf("node A did not log the lost claim: %s", logs.String())
	}
}

// TestRefusals sends one batch in which the server refuses one recipient
// for good (550) and one for now (451): the first fails at once, the
// second is retried with back-off, and the rest of the batch goes out.
func TestRefusals(t *testing.T) {
	c := &clock{now: epoch}
	s := newStore(t, c)
	server := mailtest.Start(t, mailtest.Options{Refuse: map[string]int{"gone@example.com": 550, "busy@example.com": 451}})
	ok1 := queue(t, s, origin, "first@example.com", "First", "News")
	gone := queue(t, s, origin, "gone@example.com", "Gone", "News")
	busy := queue(t, s, origin, "busy@example.com", "Busy", "News")
	ok2 := queue(t, s, origin, "last@example.com", "Last", "News")
	if n, err := newOutbox(s, c, server.Settings()).SendDue(context.Background()); err != nil || n != 2 {
		t.Fatalf("SendDue = %d, %v; want 2 sent", n, err)
	}
	for _, m := range []*masthead.OutboxMessage{ok1, ok2} {
		if got := byID(t, s, m.ID); got.Status() != masthead.MailSent {
			t.Errorf("%s: %s, want sent", m.To, got.Status())
		}
	}
	if got := byID(t, s, gone.ID); got.Status() != masthead.MailFailed || got.Attempts != 1 || !strings.Contains(got.LastError, "550") {
		t.Errorf("the refused recipient: %s after %d attempts (%q), want failed at once", got.Status(), got.Attempts, got.LastError)
	}
	got := byID(t, s, busy.ID)
	if got.Status() != masthead.MailQueued || got.Attempts != 1 || !got.NextAttemptAt.Equal(epoch.Add(time.Minute)) || !strings.Contains(got.LastError, "451") {
		t.Errorf("the busy recipient: %s, %d attempts, next %v (%q); want queued for a minute later", got.Status(), got.Attempts, got.NextAttemptAt, got.LastError)
	}
	if n := len(server.Messages()); n != 2 {
		t.Errorf("the server received %d messages, want 2", n)
	}
}

// TestDeadServerEndsTheRound queues three batches' worth against a port
// where nothing listens: the round tries the first batch only, whose
// messages wait for their back-off, and leaves the rest untouched.
func TestDeadServerEndsTheRound(t *testing.T) {
	c := &clock{now: epoch}
	s := newStore(t, c)
	var queued []*masthead.OutboxMessage
	for i := range 25 {
		queued = append(queued, queue(t, s, origin, "reader"+string(rune('a'+i))+"@example.com", "Reader", "News"))
	}
	o := newOutbox(s, c, mailtest.Unreachable(t))
	o.Batch = 10
	if n, err := o.SendDue(context.Background()); err != nil || n != 0 {
		t.Fatalf("SendDue = %d, %v", n, err)
	}
	tried := 0
	for _, q := range queued {
		m := byID(t, s, q.ID)
		if m.Attempts > 0 {
			tried++
			if m.Status() != masthead.MailQueued || !strings.Contains(m.LastError, "cannot reach") {
				t.Errorf("a tried message: %s (%q), want it queued for a retry", m.Status(), m.LastError)
			}
		}
	}
	if tried != 10 {
		t.Fatalf("%d messages were tried against a dead server, want one batch (10)", tried)
	}
}

// TestErrorsHidePassword signs in with a wrong password to a server that
// repeats what it was given in its refusal: the error stored in the
// outbox and logged says the sign-in failed, never the password.
func TestErrorsHidePassword(t *testing.T) {
	c := &clock{now: epoch}
	s := newStore(t, c)
	server := mailtest.Start(t, mailtest.Options{Security: masthead.MailSecurityStartTLS, User: "newsroom", Password: "right-one", EchoSignIn: true})
	settings := server.Settings()
	settings.Password = "hunter2-wrong"
	m := queue(t, s, origin, "reader@example.com", "Reader", "News")
	var logs bytes.Buffer
	o := newOutbox(s, c, settings)
	o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	if n, err := o.SendDue(context.Background()); err != nil || n != 0 {
		t.Fatalf("SendDue = %d, %v", n, err)
	}
	got := byID(t, s, m.ID)
	if got.LastError == "" || !strings.Contains(got.LastError, "535") {
		t.Fatalf("last error %q, want the server's refusal", got.LastError)
	}
	for where, text := range map[string]string{"the outbox": got.LastError, "the log": logs.String()} {
		if strings.Contains(text, "hunter2-wrong") {
			t.Errorf("%s holds the SMTP password: %s", where, text)
		}
	}
}

// TestMessageIDOnTheSendersDomain sends from an address whose domain is
// not ASCII: the Message-ID the server receives is on that domain in
// IDNA form, and the message has its Date and Auto-Submitted headers.
func TestMessageIDOnTheSendersDomain(t *testing.T) {
	c := &clock{now: epoch}
	s := newStore(t, c)
	server := mailtest.Start(t, mailtest.Options{})
	settings := server.Settings()
	settings.From = "redaktion@zeitung-münchen.example"
	o := origin
	o.Sender = settings.From
	m := queue(t, s, o, "reader@example.com", "Reader", "News")
	if n, err := newOutbox(s, c, settings).SendDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("SendDue = %d, %v", n, err)
	}
	got := server.Wait(t, 1, 5*time.Second)[0]
	id := got.Header.Get("Message-ID")
	if id != "<"+m.MessageID+">" || !strings.HasSuffix(id, "@xn--zeitung-mnchen-osb.example>") {
		t.Errorf("Message-ID = %q, want one on the sender's domain in IDNA", id)
	}
	if date, err := got.Header.Date(); err != nil || !date.Equal(epoch) {
		t.Errorf("Date = %q (%v), want %v", got.Header.Get("Date"), err, epoch)
	}
	if h := got.Header.Get("Auto-Submitted"); h != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", h)
	}
	if got.From != "redaktion@xn--zeitung-mnchen-osb.example" {
		t.Errorf("envelope sender %q, want the domain in IDNA", got.From)
	}
}

// TestConnectionLostMidBatch drops the connection in the middle of the
// second message of a batch of four: the first stays sent, the second
// and the rest of the batch are retried with back-off, and the round ends
// there, leaving the next batch untried.
func TestConnectionLostMidBatch(t *testing.T) {
	c := &clock{now: epoch}
	s := newStore(t, c)
	server := mailtest.Start(t, mailtest.Options{DropAt: 2})
	var queued []*masthead.OutboxMessage
	for i := range 6 {
		queued = append(queued, queue(t, s, origin, "reader"+string(rune('a'+i))+"@example.com", "Reader", "News"))
	}
	o := newOutbox(s, c, server.Settings())
	o.Batch = 4
	if n, err := o.SendDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("SendDue = %d, %v; want the first message sent", n, err)
	}
	for i, q := range queued {
		m := byID(t, s, q.ID)
		switch {
		case i == 0:
			if m.Status() != masthead.MailSent {
				t.Errorf("message 1: %s, want sent", m.Status())
			}
		case i < 4:
			if m.Status() != masthead.MailQueued || m.Attempts != 1 || !m.NextAttemptAt.Equal(epoch.Add(time.Minute)) || m.Lease != "" {
				t.Errorf("message %d: %s, %d attempts, next %v, lease %q; want it retried in a minute", i+1, m.Status(), m.Attempts, m.NextAttemptAt, m.Lease)
			}
		default:
			if m.Attempts != 0 {
				t.Errorf("message %d of the next batch was tried (%d attempts, %q) after the connection broke", i+1, m.Attempts, m.LastError)
			}
		}
	}
}
