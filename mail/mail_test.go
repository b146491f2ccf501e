package mail_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"mime"
	"net/mail"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead"
	mmail "masthead/mail"
	"masthead/mail/mailtest"
	"masthead/postgres"
	"masthead/postgres/pgtest"
	"masthead/sqlite"
	"masthead/sqlstore"
)

var epoch = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

// clock is a clock the test moves, shared by a store and its outbox.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func newStore(t *testing.T, c *clock) *sqlstore.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = c.Now
	t.Cleanup(func() { s.Close() })
	return s
}

func newOutbox(s masthead.OutboxStore, c *clock, settings mmail.Settings) *mmail.Outbox {
	return &mmail.Outbox{Store: s, Now: c.Now, Settings: func(context.Context) (mmail.Settings, error) { return settings, nil }}
}

var origin = mmail.Origin{SiteName: "The Port Alder Observer", Language: "en-GB", BaseURL: "https://observer.example:8443"}

// compose returns a message of the test's own, with unsubscribe headers.
func compose(t *testing.T, n int) *masthead.OutboxMessage {
	t.Helper()
	m, err := mmail.Compose(origin, mmail.Draft{
		Kind: masthead.MailTest, To: fmt.Sprintf("reader%d@example.com", n), ToName: "Zoë Reader", Subject: fmt.Sprintf("Harbour news %d", n),
		Text: "The pier opens on Friday.\nhttps://observer.example/pier/\n", HTML: `<p>The pier opens on <a href="https://observer.example/pier/">Friday</a>.</p>`,
		Headers: []masthead.MailHeader{
			{Name: "List-Unsubscribe", Value: "<https://observer.example/unsubscribe/abc>"},
			{Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click"},
		},
	}, epoch)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCompose(t *testing.T) {
	m := compose(t, 1)
	if !strings.HasSuffix(m.MessageID, "@observer.example") || strings.ContainsAny(m.MessageID, "<>: ") {
		t.Errorf("Message-ID %q, want one on the site's host, without port or brackets", m.MessageID)
	}
	if other := compose(t, 1); other.MessageID == m.MessageID {
		t.Error("two messages got the same Message-ID")
	}
	if m.FromName != origin.SiteName || m.Language != "en-GB" || !m.Date.Equal(epoch) || m.Kind != masthead.MailTest {
		t.Errorf("composed %+v", m)
	}
	if _, err := mmail.Compose(origin, mmail.Draft{To: "not an address", Subject: "x", Text: "x"}, epoch); masthead.ErrorCode(err) != masthead.EINVALID {
		t.Errorf("a bad address: %v, want EINVALID", err)
	}
	if _, err := mmail.Compose(origin, mmail.Draft{To: "a@example.com", Subject: "x", Text: "x",
		Headers: []masthead.MailHeader{{Name: "X-Evil", Value: "a\r\nBcc: victim@example.com"}}}, epoch); masthead.ErrorCode(err) != masthead.EINVALID {
		t.Errorf("a header with a line break: %v, want EINVALID", err)
	}
}

// TestSendOverSMTP queues a message and sends it to a real SMTP server
// over each kind of connection, signed in where the server wants it: it
// arrives with every header and both parts.
func TestSendOverSMTP(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts mailtest.Options
	}{
		{"plain", mailtest.Options{}},
		{"starttls with sign-in", mailtest.Options{Security: masthead.MailSecurityStartTLS, User: "newsroom", Password: "s3cret pass"}},
		{"tls", mailtest.Options{Security: masthead.MailSecurityTLS}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &clock{now: epoch}
			s := newStore(t, c)
			server := mailtest.Start(t, tc.opts)
			m := compose(t, 1)
			if err := s.QueueMail(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			n, err := newOutbox(s, c, server.Settings()).SendDue(context.Background())
			if err != nil || n != 1 {
				t.Fatalf("SendDue = %d, %v; want 1 sent", n, err)
			}
			got := server.Wait(t, 1, 5*time.Second)[0]
			checkMessage(t, got, m)
			sent, _, err := s.FindOutbox(context.Background(), masthead.OutboxFilter{Status: masthead.MailSent})
			if err != nil || len(sent) != 1 {
				t.Fatalf("sent = %d (%v), want the message marked sent", len(sent), err)
			}
		})
	}
}

// checkMessage checks that got is m as a receiver reads it.
func checkMessage(t *testing.T, got *mailtest.Message, m *masthead.OutboxMessage) {
	t.Helper()
	h := got.Header
	from, err := mail.ParseAddress(h.Get("From"))
	if err != nil || from.Name != origin.SiteName || from.Address != "news@observer.example" {
		t.Errorf("From = %q (%v), want the site's name and the sender address", h.Get("From"), err)
	}
	to, err := mail.ParseAddress(h.Get("To"))
	if err != nil || to.Address != m.To || to.Name != "Zoë Reader" {
		t.Errorf("To = %q (%v)", h.Get("To"), err)
	}
	if len(got.To) != 1 || got.To[0] != m.To || got.From != "news@observer.example" {
		t.Errorf("envelope from %q to %v", got.From, got.To)
	}
	dec := new(mime.WordDecoder)
	if subject, err := dec.DecodeHeader(h.Get("Subject")); err != nil || subject != m.Subject {
		t.Errorf("Subject = %q, want %q", subject, m.Subject)
	}
	if h.Get("Message-ID") != "<"+m.MessageID+">" {
		t.Errorf("Message-ID = %q, want <%s>", h.Get("Message-ID"), m.MessageID)
	}
	if date, err := h.Date(); err != nil || !date.Equal(m.Date) {
		t.Errorf("Date = %q (%v), want %v", h.Get("Date"), err, m.Date)
	}
	for name, want := range map[string]string{
		"Content-Language":      "en-GB",
		"Auto-Submitted":        "auto-generated",
		"List-Unsubscribe":      "<https://observer.example/unsubscribe/abc>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"MIME-Version":          "1.0",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if !strings.HasPrefix(h.Get("Content-Type"), "multipart/alternative") {
		t.Errorf("Content-Type = %q, want multipart/alternative", h.Get("Content-Type"))
	}
	if got.Text != m.Text {
		t.Errorf("text part = %q, want %q", got.Text, m.Text)
	}
	if got.HTML != m.HTML {
		t.Errorf("HTML part = %q, want %q", got.HTML, m.HTML)
	}
}

// TestUnreachableServerBacksOff sends to a port where nothing listens:
// the message stays queued, tried again after 1, 2, 4 ... minutes on a
// clock the test moves, and given up on after two days; a message queued
// meanwhile goes out once the server answers.
func TestUnreachableServerBacksOff(t *testing.T) {
	c := &clock{now: epoch}
	s := newStore(t, c)
	ctx := context.Background()
	var logs bytes.Buffer
	settings := mailtest.Unreachable(t)
	settings.User, settings.Password = "newsroom", "hunter2-smtp"
	o := newOutbox(s, c, settings)
	o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	m := compose(t, 1)
	if err := s.QueueMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	state := func() *masthead.OutboxMessage {
		t.Helper()
		all, _, err := s.FindOutbox(ctx, masthead.OutboxFilter{})
		if err != nil || len(all) != 1 {
			t.Fatalf("outbox holds %d (%v)", len(all), err)
		}
		return all[0]
	}
	var delays []time.Duration
	for try := 1; ; try++ {
		if n, err := o.SendDue(ctx); err != nil || n != 0 {
			t.Fatalf("try %d: SendDue = %d, %v; want nothing sent and no error", try, n, err)
		}
		got := state()
		if got.Attempts != try || got.LastError == "" {
			t.Fatalf("try %d: attempts %d, last error %q", try, got.Attempts, got.LastError)
		}
		if got.Status() == masthead.MailFailed {
			break
		}
		if got.Status() != masthead.MailQueued {
			t.Fatalf("try %d: status %s", try, got.Status())
		}
		delay := got.NextAttemptAt.Sub(c.Now())
		delays = append(delays, delay)
		// Not a moment early: just before it is due, nothing is tried.
		c.Add(delay - time.Second)
		if _, err := o.SendDue(ctx); err != nil || state().Attempts != try {
			t.Fatalf("try %d: a message was tried before it was due (%v)", try, err)
		}
		c.Add(time.Second)
		if try > 100 {
			t.Fatal("the outbox never gave up")
		}
	}
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute,
		64 * time.Minute, 128 * time.Minute, 4 * time.Hour}
	for i, d := range want {
		if i >= len(delays) || delays[i] != d {
			t.Fatalf("delays = %v, want them to start %v", delays, want)
		}
	}
	for _, d := range delays[len(want):] {
		if d != 4*time.Hour {
			t.Fatalf("delays = %v, want at most 4 hours apart", delays)
		}
	}
	if gaveUp := state().FailedAt; gaveUp.Before(epoch.Add(44*time.Hour)) || gaveUp.After(epoch.Add(48*time.Hour)) {
		t.Fatalf("gave up at %v, want about two days after %v", gaveUp, epoch)
	}
	if strings.Contains(logs.String(), "hunter2-smtp") {
		t.Fatal("the log holds the SMTP password")
	}
	if !strings.Contains(logs.String(), "mail not sent") {
		t.Fatalf("the failures were not logged: %s", logs.String())
	}

	// Once a server answers, what is queued goes out.
	server := mailtest.Start(t, mailtest.Options{})
	o = newOutbox(s, c, server.Settings())
	next := compose(t, 2)
	if err := s.QueueMail(ctx, next); err != nil {
		t.Fatal(err)
	}
	if n, err := o.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("SendDue = %d, %v; want the new message sent", n, err)
	}
	if got := server.Wait(t, 1, 5*time.Second); got[0].Header.Get("Message-ID") != "<"+next.MessageID+">" {
		t.Fatalf("sent %q", got[0].Header.Get("Message-ID"))
	}
}

// TestNoPasswordInTheClear refuses to sign in over a connection without
// TLS: the message stays queued, with a sentence saying why.
func TestNoPasswordInTheClear(t *testing.T) {
	c := &clock{now: epoch}
	s := newStore(t, c)
	server := mailtest.Start(t, mailtest.Options{User: "newsroom", Password: "s3cret pass"})
	if err := s.QueueMail(context.Background(), compose(t, 1)); err != nil {
		t.Fatal(err)
	}
	if n, err := newOutbox(s, c, server.Settings()).SendDue(context.Background()); err != nil || n != 0 {
		t.Fatalf("SendDue = %d, %v; want nothing sent", n, err)
	}
	queued, _, _ := s.FindOutbox(context.Background(), masthead.OutboxFilter{Status: masthead.MailQueued})
	if len(queued) != 1 || !strings.Contains(queued[0].LastError, "in the clear") {
		t.Fatalf("queued = %+v, want the message waiting with the reason", queued)
	}
	if len(server.Messages()) != 0 {
		t.Fatal("a message was sent")
	}
}

// TestNotConfiguredWaits leaves mail queued while no server is set.
func TestNotConfiguredWaits(t *testing.T) {
	c := &clock{now: epoch}
	s := newStore(t, c)
	if err := s.QueueMail(context.Background(), compose(t, 1)); err != nil {
		t.Fatal(err)
	}
	if n, err := newOutbox(s, c, mmail.Settings{}).SendDue(context.Background()); err != nil || n != 0 {
		t.Fatalf("SendDue = %d, %v", n, err)
	}
	all, _, _ := s.FindOutbox(context.Background(), masthead.OutboxFilter{Status: masthead.MailQueued})
	if len(all) != 1 || all[0].Attempts != 0 {
		t.Fatalf("queued = %+v, want the message untried", all)
	}
}

// TestCrashBetweenClaimAndSend claims a message as a sender that dies
// before sending it: while the claim's lease holds nobody sends it, and
// once it runs out the message goes out, under the same Message-ID.
func TestCrashBetweenClaimAndSend(t *testing.T) {
	c := &clock{now: epoch}
	s := newStore(t, c)
	ctx := context.Background()
	server := mailtest.Start(t, mailtest.Options{})
	m := compose(t, 1)
	if err := s.QueueMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	claimed, err := s.ClaimMail(ctx, masthead.MailClaim{Limit: 10, Lease: mmail.DefaultLease})
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claimed %d (%v)", len(claimed), err)
	}
	// The process that claimed it is gone; a new one starts.
	restarted := newOutbox(s, c, server.Settings())
	if n, err := restarted.SendDue(ctx); err != nil || n != 0 {
		t.Fatalf("while the lease holds: SendDue = %d, %v; want nothing sent", n, err)
	}
	c.Add(mmail.DefaultLease)
	if n, err := restarted.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("after the lease: SendDue = %d, %v; want the message sent", n, err)
	}
	got := server.Wait(t, 1, 5*time.Second)
	if len(got) != 1 || got[0].Header.Get("Message-ID") != "<"+m.MessageID+">" {
		t.Fatalf("received %d messages, Message-ID %q", len(got), got[0].Header.Get("Message-ID"))
	}
	// The first sender comes back to life and finds its claim gone.
	if err := s.MarkMailSent(ctx, claimed[0].ID, claimed[0].Lease); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Fatalf("the stale claim marked the message: %v", err)
	}
}

// TestTwoNodesNeverSendTwice runs two nodes' outboxes on one PostgreSQL
// database at the same moment, round after round, over one SMTP server:
// every message arrives exactly once.
func TestTwoNodesNeverSendTwice(t *testing.T) {
	dsn := pgtest.DSN(t)
	c := &clock{now: epoch}
	open := func() *sqlstore.Store {
		s, err := postgres.Open(context.Background(), dsn, "")
		if err != nil {
			t.Fatal(err)
		}
		s.Now = c.Now
		t.Cleanup(func() { s.Close() })
		return s
	}
	a, b := open(), open()
	ctx := context.Background()
	const n = 60
	want := map[string]bool{}
	for i := range n {
		m := compose(t, i)
		if err := a.QueueMail(ctx, m); err != nil {
			t.Fatal(err)
		}
		want["<"+m.MessageID+">"] = true
	}
	server := mailtest.Start(t, mailtest.Options{})
	var wg sync.WaitGroup
	for _, s := range []*sqlstore.Store{a, b, a, b} {
		o := newOutbox(s, c, server.Settings())
		o.Batch = 3
		wg.Go(func() {
			for range 10 {
				if _, err := o.SendDue(ctx); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	got := server.Wait(t, n, 10*time.Second)
	seen := map[string]int{}
	for _, m := range got {
		seen[m.Header.Get("Message-ID")]++
	}
	for id := range want {
		if seen[id] != 1 {
			t.Errorf("message %s arrived %d times", id, seen[id])
		}
	}
	if len(got) != n {
		t.Errorf("%d messages arrived, want %d", len(got), n)
	}
}

// TestWake wakes the outbox on the keys that announce mail, and only
// those.
func TestWake(t *testing.T) {
	o := &mmail.Outbox{}
	o.Changed([]masthead.ChangeKey{masthead.ArticleKey(1)})
	select {
	case <-o.Woken():
		t.Fatal("an article's change woke the outbox")
	default:
	}
	o.Changed([]masthead.ChangeKey{masthead.KeyOutbox})
	o.Changed([]masthead.ChangeKey{masthead.KeyAll}) // one wake is kept, not two
	select {
	case <-o.Woken():
	default:
		t.Fatal("queued mail did not wake the outbox")
	}
	select {
	case <-o.Woken():
		t.Fatal("two wakes in a row were kept as two")
	default:
	}
}

// TestSettingsHidePassword prints and encodes settings every way a log
// or a page might: the password never shows.
func TestSettingsHidePassword(t *testing.T) {
	s := mmail.Settings{Host: "smtp.example.org", User: "news", Password: "hunter2-smtp", From: "news@example.org"}
	site := masthead.DefaultSite()
	site.SMTPPassword = "hunter2-smtp"
	js, err := json.Marshal(struct {
		S    mmail.Settings
		Site *masthead.Site
	}{s, site})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("settings", "smtp", s, "site", site)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("settings", "smtp", s, "site", site)
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%+v %#v %s %q", s, s, s.Password, s.Password), string(js), logs.String(),
		site.String(), fmt.Sprintf("%+v", site)} {
		if strings.Contains(out, "hunter2") {
			t.Errorf("the password shows in %s", out)
		}
	}
	if s.Password.Reveal() != "hunter2-smtp" {
		t.Error("Reveal does not return the password")
	}
	if v, _ := site.Get("smtp_password"); v != "(set)" {
		t.Errorf("Get(smtp_password) = %q, want (set)", v)
	}
}

// TestSettingsOver lets flags win over settings field by field.
func TestSettingsOver(t *testing.T) {
	site := masthead.DefaultSite()
	site.SMTPHost, site.SMTPPort, site.SMTPUser, site.SMTPPassword, site.MailFrom = "smtp.site.example", 2525, "site-user", "site-pass", "news@site.example"
	flags := mmail.Settings{Host: "smtp.flag.example", Password: "flag-pass"}
	got := flags.Over(mmail.FromSite(site))
	want := mmail.Settings{Host: "smtp.flag.example", Port: 2525, Security: masthead.MailSecurityStartTLS, User: "site-user", Password: "flag-pass", From: "news@site.example"}
	if got != want {
		t.Fatalf("Over = %+v, want %+v", got, want)
	}
	if !got.Configured() || (mmail.Settings{Host: "x"}).Configured() {
		t.Fatal("Configured wants a host and a sender")
	}
	// A flag that names another server or user, without a password of
	// its own, does not take the site's password there.
	for _, flags := range []mmail.Settings{{Host: "smtp.flag.example"}, {User: "flag-user"}} {
		if got := flags.Over(mmail.FromSite(site)); got.Password != "" {
			t.Errorf("flags %+v over the site's settings kept the site's password", flags)
		}
	}
	if got := (mmail.Settings{Host: "SMTP.site.example", Port: 25}).Over(mmail.FromSite(site)); got.Password.Reveal() != "site-pass" {
		t.Error("a flag naming the site's own server dropped its password")
	}
}
