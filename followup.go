package masthead

import (
	"context"
	"time"
)

// Reader mail beyond the staff's: "Notify me of follow-up comments by
// email" and the digest of held comments to editors. The store keeps the
// subscriptions and what was sent; package notify composes the messages
// and runs the jobs that queue them.

// More kinds of mail (see MailKind).
const (
	// MailFollowUpConfirm asks a reader to confirm a subscription to an
	// article's comments.
	MailFollowUpConfirm MailKind = "followup_confirm"
	// MailFollowUp tells a subscriber of a new approved comment.
	MailFollowUp MailKind = "followup"
	// MailHeldDigest lists newly held comments for an editor or admin.
	MailHeldDigest MailKind = "held_digest"
	// MailPrivacyLink carries the confirmation link of a reader's
	// request for their data or its erasure.
	MailPrivacyLink MailKind = "privacy_link"
)

// FollowUpConfirmLifetime is how long a subscription waits for its
// confirmation link, and how long a second request for the same article
// and address is answered without another mail, so that the form cannot
// be used to flood someone's mailbox.
const FollowUpConfirmLifetime = 24 * time.Hour

// CommentSubscription is a reader's subscription to the comments of one
// article: it counts once its confirmation link was followed
// (ConfirmedAt). Email is the reader's address in CommenterEmail's form;
// it is private, as every commenter's address is.
type CommentSubscription struct {
	ID          int64
	ArticleID   int64
	Email       string
	CreatedAt   time.Time
	ConfirmedAt time.Time
}

// Confirmed reports whether the subscription's link was followed.
func (s *CommentSubscription) Confirmed() bool { return !s.ConfirmedAt.IsZero() }

// FollowUp is one follow-up mail that is due: an approved comment, and a
// confirmed subscriber of its article who did not write it.
type FollowUp struct {
	Comment      *Comment
	Subscription *CommentSubscription
}

// The held-comment digest (the held_digest setting): when editors and
// admins get a mail listing the comments newly held for moderation.
const (
	HeldDigestImmediately = "immediately"
	HeldDigestHourly      = "hourly"
	HeldDigestDaily       = "daily"
	HeldDigestNever       = "never"
)

// HeldDigestDue reports whether a digest may go out at now under the
// setting, the last having gone out at last (zero: never). Immediately
// sends at every job round that finds newly held comments, batching what
// arrived since the round before.
func HeldDigestDue(setting string, last, now time.Time) bool {
	switch setting {
	case HeldDigestImmediately:
		return true
	case HeldDigestHourly:
		return last.IsZero() || !now.Before(last.Add(time.Hour))
	case HeldDigestDaily:
		return last.IsZero() || !now.Before(last.Add(24*time.Hour))
	}
	return false
}

// validHeldDigest checks the held_digest setting.
func validHeldDigest(v string) error {
	switch v {
	case "", HeldDigestImmediately, HeldDigestHourly, HeldDigestDaily, HeldDigestNever:
		return nil
	}
	return FieldErrorf("held_digest", "The held-comment digest must be %q, %q, %q or %q, not %q.",
		HeldDigestImmediately, HeldDigestHourly, HeldDigestDaily, HeldDigestNever, v)
}

// FollowUpStore persists follow-up subscriptions and the mail they cause.
//
// A follow-up is due for every confirmed subscriber of an article (but
// the comment's own writer, by address) when a comment on it becomes
// approved: the store records that in the transaction that approves the
// comment, as a row of its own per comment and subscriber, and
// QueueFollowUps turns due rows into mail, marking each in the
// transaction that queues it. A comment approved, withdrawn and approved
// again, a retried job or a second node thus sends each subscriber one
// mail per comment.
type FollowUpStore interface {
	// SubscribeToComments records s, waiting for its confirmation link
	// (tokenHash is HashToken of the link's token), and queues msg, the
	// mail that carries the link, in the same transaction; it sets s.ID
	// and s.CreatedAt. When the address already has a subscription to
	// the article that is confirmed, or that waits and was asked for
	// within FollowUpConfirmLifetime, nothing changes, no mail is queued
	// and it returns false. Returns EINVALID for a subscription without
	// an article, address or token hash, ECONFLICT for an article that
	// does not exist.
	SubscribeToComments(ctx context.Context, s *CommentSubscription, tokenHash string, msg *OutboxMessage) (bool, error)
	// FindCommentSubscription returns the subscription whose confirmation
	// link has the token hash, while it works (unconfirmed, asked for
	// within FollowUpConfirmLifetime). Returns ENOTFOUND.
	FindCommentSubscription(ctx context.Context, tokenHash string) (*CommentSubscription, error)
	// ConfirmCommentSubscription confirms the subscription whose link has
	// the token hash, and forgets the hash, so that the link works once.
	// Returns ENOTFOUND as FindCommentSubscription does.
	ConfirmCommentSubscription(ctx context.Context, tokenHash string) (*CommentSubscription, error)
	// FindUnsubscribe returns the subscription that a follow-up mail's
	// unsubscribe token (by its hash) belongs to. Returns ENOTFOUND, also
	// once it was ended.
	FindUnsubscribe(ctx context.Context, unsubscribeHash string) (*CommentSubscription, error)
	// Unsubscribe ends the subscription a follow-up mail's unsubscribe
	// token belongs to, with its address, and returns it. Returns
	// ENOTFOUND once it was ended.
	Unsubscribe(ctx context.Context, unsubscribeHash string) (*CommentSubscription, error)
	// QueueFollowUps takes up to limit due follow-ups, oldest comment
	// first, and for each whose comment is still approved calls compose
	// with a fresh unsubscribe token (NewLinkToken; the hash is kept) and
	// queues the message it returns; each follow-up is marked in the
	// transaction that queues its mail, or dropped when its comment is no
	// longer approved. It returns how many messages it queued. An error
	// from compose rolls the whole round back.
	QueueFollowUps(ctx context.Context, limit int, compose func(f *FollowUp, unsubscribeToken string) (*OutboxMessage, error)) (int, error)

	// LastHeldDigest returns when the last held-comment digest went out,
	// zero when none has.
	LastHeldDigest(ctx context.Context) (time.Time, error)
	// QueueHeldDigest takes up to limit held comments that no digest has
	// listed yet, oldest first, and when there are any, calls compose with
	// them, queues the messages it returns and marks the comments as
	// listed, all in one transaction. It returns how many comments it
	// listed.
	QueueHeldDigest(ctx context.Context, limit int, compose func(held []*Comment) ([]*OutboxMessage, error)) (int, error)
}
