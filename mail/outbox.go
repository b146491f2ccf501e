package mail

import (
	"cmp"
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"

	"masthead"
)

// Defaults of an Outbox.
const (
	// DefaultBatch is how many messages one claim takes: sent over one
	// connection.
	DefaultBatch = 10
	// DefaultLease is how long a claim holds: far above what a batch
	// takes (a connection and ten messages, each bounded by the 30-second
	// timeout), so that a live sender never loses its claim, and short
	// enough that a crashed one's messages go out within minutes.
	DefaultLease = 10 * time.Minute
	// DefaultKeep is how long sent and failed messages stay listed.
	DefaultKeep = 30 * 24 * time.Hour
	// maxBatchesPerRound bounds one round, so that other jobs get their
	// turn during a large send.
	maxBatchesPerRound = 50
)

// Outbox sends what the outbox holds: SendDue is the job the node that
// runs the jobs runs, and Wake (or Changed) starts it at once when mail is
// queued. Delivery is at least once: a message is marked sent only after
// the SMTP server accepted it, so a crash in between sends it again, under
// its lease's expiry, with the same Message-ID.
type Outbox struct {
	Store masthead.OutboxStore
	// Settings returns the SMTP settings to send with, read afresh each
	// round, so that a changed setting serves at once; while they are
	// not Configured, messages wait.
	Settings func(ctx context.Context) (Settings, error)
	// Send sends a batch; nil means SendSMTP.
	Send SendFunc
	// Retry is the back-off; zero means masthead.DefaultMailRetry.
	Retry masthead.MailRetry
	// Now is the clock; nil means time.Now. It must be the store's.
	Now func() time.Time
	// Logger hears of failures; nil discards.
	Logger *slog.Logger
	// Batch, Lease and Keep default to DefaultBatch, DefaultLease and
	// DefaultKeep.
	Batch int
	Lease time.Duration
	Keep  time.Duration

	once      sync.Once
	wake      chan struct{}
	lastPrune time.Time
}

func (o *Outbox) init() {
	o.once.Do(func() { o.wake = make(chan struct{}, 1) })
}

// Woken is the channel a job runner waits on besides its interval: it
// receives after each Wake.
func (o *Outbox) Woken() <-chan struct{} {
	o.init()
	return o.wake
}

// Wake asks for a round at once; it never blocks, and wakes queued while
// a round runs make one more round.
func (o *Outbox) Wake() {
	o.init()
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Changed wakes the outbox when keys announce queued mail (KeyOutbox, or
// KeyAll, which may hide it): subscribe it to the store's changes and to
// the change watcher's, so that mail queued on any node or from the
// command line goes out at once.
func (o *Outbox) Changed(keys []masthead.ChangeKey) {
	if slices.Contains(keys, masthead.KeyOutbox) || slices.Contains(keys, masthead.KeyAll) {
		o.Wake()
	}
}

func (o *Outbox) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *Outbox) logger() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// recordTimeout bounds the writes that record a batch's outcome, which
// run even when the round's context has ended.
const recordTimeout = 30 * time.Second

// SendDue sends the messages that are due and returns how many the server
// accepted. Messages that fail are retried later with back-off, or given
// up on; the error is only for what kept the round from running (the
// database, the settings, the end of ctx).
//
// The round ends at once when the server cannot be used at all
// (Unreachable): the messages of that batch are retried, the rest wait
// for the next round. When ctx ends mid-batch (a shutdown), the outcome
// of what was tried is still recorded, and the messages not tried, or
// whose try the shutdown cut short, are released for the next sender at
// once, with no attempt counted. A message whose claim was lost (its
// lease ran out and another sender took it) is left to that sender.
func (o *Outbox) SendDue(ctx context.Context) (int, error) {
	settings, err := o.Settings(ctx)
	if err != nil {
		return 0, err
	}
	if err := o.prune(ctx); err != nil {
		return 0, err
	}
	if !settings.Configured() {
		return 0, nil // the outbox keeps them until mail is set up
	}
	send := o.Send
	if send == nil {
		send = SendSMTP
	}
	sent := 0
	for range maxBatchesPerRound {
		msgs, err := o.Store.ClaimMail(ctx, masthead.MailClaim{Limit: cmp.Or(o.Batch, DefaultBatch), Lease: cmp.Or(o.Lease, DefaultLease)})
		if err != nil {
			return sent, err
		}
		if len(msgs) == 0 {
			break
		}
		errs := send(ctx, settings, msgs)
		n, unreachable, err := o.record(ctx, settings, msgs, errs)
		sent += n
		if err != nil {
			return sent, err
		}
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		if unreachable {
			break // the next round tries again, after the back-off
		}
	}
	return sent, nil
}

// record stores the outcome of one batch: sent, failed (with its error,
// the password redacted), or released when ctx ended before or during its
// try. It reports how many were sent and whether the server could not be
// used at all.
func (o *Outbox) record(ctx context.Context, settings Settings, msgs []*masthead.OutboxMessage, errs []error) (sent int, unreachable bool, err error) {
	stopping := ctx.Err() != nil
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	retry := o.Retry
	if retry == (masthead.MailRetry{}) {
		retry = masthead.DefaultMailRetry
	}
	for i, m := range msgs {
		var sendErr error
		if i < len(errs) {
			sendErr = errs[i]
		}
		var markErr error
		switch {
		case sendErr == nil:
			markErr = o.Store.MarkMailSent(rctx, m.ID, m.Lease)
			sent++
		case stopping && !Permanent(sendErr), errors.As(sendErr, new(notTriedError)):
			markErr = o.Store.ReleaseMail(rctx, m.ID, m.Lease)
		default:
			unreachable = unreachable || Unreachable(sendErr)
			m.Attempts++
			next, again := retry.Next(m, o.now())
			if Permanent(sendErr) {
				next, again = time.Time{}, false
			}
			text := settings.Redact(sendErr.Error())
			o.logger().Warn("mail not sent", "message", m.ID, "kind", m.Kind, "attempts", m.Attempts, "retry", again, "error", text)
			markErr = o.Store.MarkMailFailed(rctx, m.ID, m.Lease, text, next)
		}
		if masthead.ErrorCode(markErr) == masthead.ECONFLICT {
			// The lease ran out during the try and another sender
			// claimed the message: what it records stands.
			o.logger().Warn("mail claim lost to another sender", "message", m.ID, "kind", m.Kind)
			continue
		}
		if markErr != nil {
			return sent, unreachable, markErr
		}
	}
	return sent, unreachable, nil
}

// prune forgets old messages, at most once an hour.
func (o *Outbox) prune(ctx context.Context) error {
	now := o.now()
	if !o.lastPrune.IsZero() && now.Sub(o.lastPrune) < time.Hour {
		return nil
	}
	if _, err := o.Store.PruneOutbox(ctx, now.Add(-cmp.Or(o.Keep, DefaultKeep))); err != nil {
		return err
	}
	o.lastPrune = now
	return nil
}
