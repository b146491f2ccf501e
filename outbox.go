package masthead

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode"
)

// MailKind names why a message was sent, so that the outbox can say it and
// later features can find their own messages.
type MailKind string

// The kinds of mail Masthead sends.
const (
	// MailPasswordReset carries a link that sets a new password.
	MailPasswordReset MailKind = "password_reset"
	// MailInvitation invites a new staff member to set their password.
	MailInvitation MailKind = "invitation"
	// MailTest is the admin's "Send a test email".
	MailTest MailKind = "test"
)

// MailHeader is one header of a message beyond those every message has
// (From, To, Subject, Date, Message-ID, Content-Language, Auto-Submitted,
// MIME-Version): List-Unsubscribe and the like.
type MailHeader struct {
	Name, Value string
}

// OneLine folds text meant for one header line (a subject, a person's
// or the site's name) to a single line: every run of line breaks, tabs
// and other control characters becomes one space, and the ends are
// trimmed. Names and subjects come from people, and a line break in a
// header would let them write headers of their own (Bcc: ...); every
// header value Masthead builds from such text goes through it.
func OneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == '\u2028' || r == '\u2029' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// CheckRecipient returns EINVALID unless addr is one bare email address
// (no name, no list) that mail can be sent to.
func CheckRecipient(addr string) error {
	if strings.TrimSpace(addr) == "" {
		return Errorf(EINVALID, "A message needs a recipient.")
	}
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr || strings.ContainsAny(addr, "\r\n") {
		return Errorf(EINVALID, "%q is not an email address that mail can be sent to.", addr)
	}
	return nil
}

// CheckMailHeader returns EINVALID for a header that cannot be written as
// it is: a name that is not a header field name, or a value that holds a
// line break (which would start a header of its own).
func CheckMailHeader(h MailHeader) error {
	if h.Name == "" || strings.ContainsFunc(h.Name, func(r rune) bool { return r <= ' ' || r >= 0x7f || r == ':' }) {
		return Errorf(EINVALID, "%q is not a name a mail header can have.", h.Name)
	}
	if strings.ContainsAny(h.Value, "\r\n") {
		return Errorf(EINVALID, "The mail header %s holds a line break, which would let it write headers of its own.", h.Name)
	}
	return nil
}

// CheckMail returns EINVALID, in a sentence, for a message that must not
// be queued: no recipient or one that does not parse, an empty subject,
// a line break in its subject or names, a header that cannot be written,
// no plain-text part, no Message-ID or date, or no kind. Package mail
// checks every draft with it before composing, and the store every
// message before queueing.
func CheckMail(m *OutboxMessage) error {
	if m == nil {
		return Errorf(EINVALID, "There is no message to queue.")
	}
	if err := CheckRecipient(m.To); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(m.Subject) == "":
		return Errorf(EINVALID, "A message needs a subject.")
	case strings.ContainsAny(m.Subject+m.ToName+m.FromName, "\r\n"):
		return Errorf(EINVALID, "A message's subject and names must be one line each (see OneLine).")
	case m.Text == "":
		return Errorf(EINVALID, "A message needs a plain-text part.")
	case m.MessageID == "" || m.Date.IsZero():
		return Errorf(EINVALID, "A message needs a Message-ID and a date: compose it with package mail.")
	case m.Kind == "":
		return Errorf(EINVALID, "A message needs a kind.")
	}
	for _, h := range m.Headers {
		if err := CheckMailHeader(h); err != nil {
			return err
		}
	}
	return nil
}

// OutboxMessage is one email in the outbox: composed whole when it is
// queued (package mail composes it), so that sending it again after a
// crash sends the same bytes under the same Message-ID, and a receiver
// can tell a repeat from a new message.
type OutboxMessage struct {
	ID   int64
	Kind MailKind
	// To is the recipient's address and ToName their name, which may be
	// empty.
	To, ToName string
	// FromName is the sender's name, the site's title when composed. The
	// sender's address is the SMTP settings', read when the message is
	// sent, so that a corrected address serves what waits.
	FromName string
	Subject  string
	// Text and HTML are the two parts of the message; HTML may be empty.
	Text, HTML string
	// MessageID is the Message-ID header without its angle brackets,
	// unique on the site's host. Date is the message's Date header.
	MessageID string
	Date      time.Time
	// Language is the Content-Language header, the site's language.
	Language string
	// Headers are the message's further headers, in order.
	Headers []MailHeader
	// Sensitive marks a message whose body holds a live secret, such as
	// a set-password link: the admin never shows its body, and the store
	// forgets the body once the message was sent or discarded.
	Sensitive bool

	// CreatedAt is when the message was queued; NextAttemptAt when it is
	// due to be sent (again); GiveUpAt when retrying stops.
	CreatedAt, NextAttemptAt, GiveUpAt time.Time
	// Attempts counts the tries that failed; LastError says why the
	// latest did.
	Attempts  int
	LastError string
	// SentAt is when the SMTP server accepted the message, and FailedAt
	// when the outbox gave up on it; both zero while it is queued.
	SentAt, FailedAt time.Time
	// Lease identifies the claim under which a sender holds the message
	// (ClaimMail), and LeaseUntil when that claim runs out.
	Lease      string
	LeaseUntil time.Time
}

// MailStatus is where a message stands in the outbox.
type MailStatus string

// The statuses of an outbox message.
const (
	MailQueued MailStatus = "queued"
	MailSent   MailStatus = "sent"
	MailFailed MailStatus = "failed"
)

// Status returns where the message stands.
func (m *OutboxMessage) Status() MailStatus {
	switch {
	case !m.SentAt.IsZero():
		return MailSent
	case !m.FailedAt.IsZero():
		return MailFailed
	}
	return MailQueued
}

// MailRetry is how the outbox retries a message that could not be sent:
// after FirstDelay, then twice as long each time up to MaxDelay, until
// GiveUpAfter has passed since it was queued (or last retried by hand).
type MailRetry struct {
	FirstDelay, MaxDelay, GiveUpAfter time.Duration
}

// DefaultMailRetry retries after 1 minute, 2, 4 ... up to 4 hours between
// tries, and gives up after 2 days: long enough for a mail server that is
// down for a weekend's morning, short enough that a password-reset link is
// not mailed days after it expired.
var DefaultMailRetry = MailRetry{FirstDelay: time.Minute, MaxDelay: 4 * time.Hour, GiveUpAfter: 48 * time.Hour}

// Delay returns how long to wait after the attempts-th failed try (the
// first is 1) before the next.
func (p MailRetry) Delay(attempts int) time.Duration {
	d := p.FirstDelay
	for i := 1; i < attempts && d < p.MaxDelay; i++ {
		d *= 2
	}
	return min(d, p.MaxDelay)
}

// Next returns when to try m again after a failed try at now, with
// m.Attempts counting that try, and false when the outbox should give up:
// its GiveUpAt has come, or would have come before the next try.
func (p MailRetry) Next(m *OutboxMessage, now time.Time) (time.Time, bool) {
	next := now.Add(p.Delay(m.Attempts))
	if !m.GiveUpAt.IsZero() && next.After(m.GiveUpAt) {
		return time.Time{}, false
	}
	return next, true
}

// OutboxFilter selects outbox messages for the admin's list.
type OutboxFilter struct {
	// Status keeps one status; empty keeps all.
	Status MailStatus
	Limit  int
	Offset int
}

// MaxMailClaim is the most messages one ClaimMail takes, whatever its
// Limit: a claim is one statement, and a lease must be long enough for
// everything claimed under it to be sent.
const MaxMailClaim = 500

// MailClaim asks ClaimMail for due messages.
type MailClaim struct {
	// Limit is how many messages to claim at most; above MaxMailClaim,
	// MaxMailClaim.
	Limit int
	// Lease is how long the claim holds: a message whose claim ran out
	// before it was marked sent or failed is due again, so that a sender
	// that died mid-batch loses nothing. It must be well above the time
	// a batch takes to send.
	Lease time.Duration
}

// OutboxStore persists the mail outbox. Mail is queued in the transaction
// of the change that causes it (the store method making the change takes
// the message, as RequestPasswordReset and InviteStaff do), so that a mail
// is queued if and only if its cause committed; QueueMail queues mail that
// has no other cause. Every queueing announces KeyOutbox, which wakes the
// sender on whichever node runs the jobs.
//
// Delivery is at least once: a message is claimed under a lease, sent,
// then marked sent. A sender that dies between the SMTP server's answer
// and MarkMailSent leaves the message to be claimed again once its lease
// runs out, and sent again with the same Message-ID, by which receivers
// may tell the repeat; no message is ever lost, and no message is sent by
// two senders at once.
type OutboxStore interface {
	// QueueMail stores messages to be sent as soon as possible, all or
	// none, and sets their ID, CreatedAt, NextAttemptAt and (when zero)
	// GiveUpAt from DefaultMailRetry. Returns EINVALID for a message
	// CheckMail refuses.
	QueueMail(ctx context.Context, msgs ...*OutboxMessage) error
	// ClaimMail claims up to c.Limit queued messages that are due (their
	// NextAttemptAt has come and no unexpired lease holds them), oldest
	// first, under a fresh lease that it sets on each, in one statement.
	// Two stores on one database never claim the same message while its
	// lease holds.
	ClaimMail(ctx context.Context, c MailClaim) ([]*OutboxMessage, error)
	// ReleaseMail gives up a claim on a message that was not tried, or
	// whose try was cut short by a shutdown: its lease is cleared, with
	// no attempt counted, so that it is due again at once rather than
	// when the lease would have run out. Returns ECONFLICT when the lease
	// is no longer the message's.
	ReleaseMail(ctx context.Context, id int64, lease string) error
	// MarkMailSent records that the SMTP server accepted a claimed
	// message, forgetting the body of a Sensitive one. Returns ECONFLICT
	// when the lease is no longer the message's (it ran out and another
	// sender claimed it).
	MarkMailSent(ctx context.Context, id int64, lease string) error
	// MarkMailFailed records a failed try at a claimed message: one more
	// attempt, its error, and either the time of the next try or, when
	// retryAt is zero, that the outbox gave up. Returns ECONFLICT as
	// MarkMailSent does.
	MarkMailFailed(ctx context.Context, id int64, lease, lastError string, retryAt time.Time) error
	// FindOutbox returns one page of messages, newest first, and how many
	// match.
	FindOutbox(ctx context.Context, f OutboxFilter) ([]*OutboxMessage, int, error)
	// CountOutbox returns how many messages have each status.
	CountOutbox(ctx context.Context) (map[MailStatus]int, error)
	// RetryMail makes a queued or failed message due now, with its
	// attempts counted afresh and DefaultMailRetry's time to give up from
	// now. Returns ENOTFOUND, or ECONFLICT for a message already sent or
	// under a live lease (being sent at this moment).
	RetryMail(ctx context.Context, id int64) error
	// DiscardMail removes a message that was not sent. Returns ENOTFOUND,
	// or ECONFLICT for a message already sent or under a live lease.
	DiscardMail(ctx context.Context, id int64) error
	// PruneOutbox forgets the messages sent or given up on before before,
	// and returns how many.
	PruneOutbox(ctx context.Context, before time.Time) (int, error)
}

// KeyOutbox is announced by every transaction that queues mail. It names
// no page: it wakes the outbox's sender, on this node at once and on the
// others through the change watcher.
const KeyOutbox ChangeKey = "outbox"
