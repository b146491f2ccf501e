package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"masthead"
)

// Follow-up subscriptions, the follow-up mail they cause and the digest
// of held comments (masthead.FollowUpStore).

const subscriptionColumns = `id, article_id, email, created_at, confirmed_at`

func scanSubscription(sc scanner) (*masthead.CommentSubscription, error) {
	var s masthead.CommentSubscription
	var confirmed sql.NullTime
	if err := sc.Scan(&s.ID, &s.ArticleID, &s.Email, &s.CreatedAt, &confirmed); err != nil {
		return nil, err
	}
	s.CreatedAt, s.ConfirmedAt = s.CreatedAt.UTC(), nullTime(confirmed)
	return &s, nil
}

// errNoSubscription answers a confirmation or unsubscribe token that
// names nothing (any more).
var errNoSubscription = masthead.Errorf(masthead.ENOTFOUND, "This link does not work: it may have been used already or be more than a day old.")

// SubscribeToComments records a subscription waiting for its link and
// queues the mail that carries it.
func (s *Store) SubscribeToComments(ctx context.Context, sub *masthead.CommentSubscription, tokenHash string, msg *masthead.OutboxMessage) (bool, error) {
	email := strings.ToLower(strings.TrimSpace(sub.Email))
	if sub.ArticleID == 0 || email == "" || tokenHash == "" {
		return false, masthead.Errorf(masthead.EINVALID, "A subscription needs an article, an address and a token.")
	}
	t, err := s.begin(ctx)
	if err != nil {
		return false, err
	}
	defer t.Rollback()
	old, err := scanSubscription(t.queryRow(ctx, `SELECT `+subscriptionColumns+` FROM comment_subscriptions
		WHERE article_id = ? AND email = ?`+s.dialect.ForUpdate, sub.ArticleID, email))
	switch {
	case err == nil:
		if old.Confirmed() || old.CreatedAt.After(t.now.Add(-masthead.FollowUpConfirmLifetime)) {
			*sub = *old
			return false, nil
		}
		// The link of an old request no longer works: a new one replaces it.
		if _, err := t.exec(ctx, `UPDATE comment_subscriptions SET confirm_token_hash = ?, created_at = ? WHERE id = ?`,
			tokenHash, timeArg(t.now), old.ID); err != nil {
			return false, fmt.Errorf("subscribe to comments: %w", err)
		}
		sub.ID = old.ID
	case errors.Is(err, sql.ErrNoRows):
		err = t.queryRow(ctx, `INSERT INTO comment_subscriptions (article_id, email, confirm_token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			sub.ArticleID, email, tokenHash, timeArg(t.now)).Scan(&sub.ID)
		if err != nil {
			return false, t.classify(fmt.Errorf("subscribe to comments: %w", err), "That address is subscribed to this article already.")
		}
	default:
		return false, fmt.Errorf("subscribe to comments: %w", err)
	}
	sub.Email, sub.CreatedAt, sub.ConfirmedAt = email, t.now, time.Time{}
	if msg != nil {
		if err := t.queueMail(ctx, msg); err != nil {
			return false, err
		}
	}
	return true, t.Commit()
}

// findPendingSubscription reads the subscription a confirmation link
// names while the link works.
func (t *tx) findPendingSubscription(ctx context.Context, tokenHash string, lock string) (*masthead.CommentSubscription, error) {
	if tokenHash == "" {
		return nil, errNoSubscription
	}
	sub, err := scanSubscription(t.queryRow(ctx, `SELECT `+subscriptionColumns+` FROM comment_subscriptions
		WHERE confirm_token_hash = ? AND confirmed_at IS NULL AND created_at > ?`+lock,
		tokenHash, timeArg(t.now.Add(-masthead.FollowUpConfirmLifetime))))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoSubscription
	} else if err != nil {
		return nil, fmt.Errorf("find subscription: %w", err)
	}
	return sub, nil
}

// FindCommentSubscription returns the subscription a working
// confirmation link names.
func (s *Store) FindCommentSubscription(ctx context.Context, tokenHash string) (*masthead.CommentSubscription, error) {
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	return t.findPendingSubscription(ctx, tokenHash, "")
}

// ConfirmCommentSubscription confirms a subscription by its link, once.
func (s *Store) ConfirmCommentSubscription(ctx context.Context, tokenHash string) (*masthead.CommentSubscription, error) {
	t, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	sub, err := t.findPendingSubscription(ctx, tokenHash, s.dialect.ForUpdate)
	if err != nil {
		return nil, err
	}
	if _, err := t.exec(ctx, `UPDATE comment_subscriptions SET confirmed_at = ?, confirm_token_hash = NULL WHERE id = ?`,
		timeArg(t.now), sub.ID); err != nil {
		return nil, fmt.Errorf("confirm subscription: %w", err)
	}
	sub.ConfirmedAt = t.now
	return sub, t.Commit()
}

// findUnsubscribe reads the subscription an unsubscribe token's hash
// belongs to.
func (t *tx) findUnsubscribe(ctx context.Context, hash, lock string) (*masthead.CommentSubscription, error) {
	if hash == "" {
		return nil, errNoSubscription
	}
	sub, err := scanSubscription(t.queryRow(ctx, `SELECT `+subscriptionColumns+` FROM comment_subscriptions
		WHERE id = (SELECT subscription_id FROM comment_followups WHERE unsubscribe_hash = ?)`+lock, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoSubscription
	} else if err != nil {
		return nil, fmt.Errorf("find subscription: %w", err)
	}
	return sub, nil
}

// FindUnsubscribe returns the subscription an unsubscribe token belongs to.
func (s *Store) FindUnsubscribe(ctx context.Context, unsubscribeHash string) (*masthead.CommentSubscription, error) {
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	return t.findUnsubscribe(ctx, unsubscribeHash, "")
}

// Unsubscribe deletes the subscription, with its address and the records
// of its follow-ups.
func (s *Store) Unsubscribe(ctx context.Context, unsubscribeHash string) (*masthead.CommentSubscription, error) {
	t, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	sub, err := t.findUnsubscribe(ctx, unsubscribeHash, s.dialect.ForUpdate)
	if err != nil {
		return nil, err
	}
	if _, err := t.exec(ctx, `DELETE FROM comment_followups WHERE subscription_id = ?`, sub.ID); err != nil {
		return nil, fmt.Errorf("unsubscribe: %w", err)
	}
	if _, err := t.exec(ctx, `DELETE FROM comment_subscriptions WHERE id = ?`, sub.ID); err != nil {
		return nil, fmt.Errorf("unsubscribe: %w", err)
	}
	return sub, t.Commit()
}

// followUpsDue records, in the transaction that approves the comments
// ids, a follow-up for every confirmed subscriber of their article but
// the comment's writer. It is one statement for a whole batch of
// comments, whatever the number of subscribers, read through
// comment_subscriptions_article_email, and a comment approved before
// keeps its rows, so that approving it again sends nothing more.
func (t *tx) followUpsDue(ctx context.Context, ids ...int64) error {
	for batch := range slices.Chunk(ids, externalBatch) {
		if _, err := t.exec(ctx, `INSERT INTO comment_followups (comment_id, subscription_id)
			SELECT c.id, s.id FROM comments c JOIN comment_subscriptions s ON s.article_id = c.article_id
			WHERE c.id IN (`+placeholders(len(batch))+`) AND s.confirmed_at IS NOT NULL AND s.email <> lower(c.author_email)
			ON CONFLICT DO NOTHING`, int64s(batch)...); err != nil {
			return fmt.Errorf("record follow-ups: %w", err)
		}
	}
	return nil
}

// QueueFollowUps turns due follow-ups into mail, each once.
func (s *Store) QueueFollowUps(ctx context.Context, limit int,
	compose func(f *masthead.FollowUp, unsubscribeToken string) (*masthead.OutboxMessage, error)) (int, error) {
	if limit <= 0 {
		return 0, masthead.Errorf(masthead.EINVALID, "A round of follow-ups needs a limit.")
	}
	t, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer t.Rollback()
	// The rows are locked as they are read, so that a second node's
	// round waits or passes them by instead of queueing them again.
	rows, err := t.query(ctx, `SELECT comment_id, subscription_id FROM comment_followups WHERE queued_at IS NULL
		ORDER BY comment_id, subscription_id LIMIT ?`+s.dialect.SkipLocked, limit)
	if err != nil {
		return 0, fmt.Errorf("queue follow-ups: %w", err)
	}
	type due struct{ comment, subscription int64 }
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.comment, &d.subscription); err != nil {
			rows.Close()
			return 0, fmt.Errorf("queue follow-ups: %w", err)
		}
		list = append(list, d)
	}
	if err := closeRows(rows, "queue follow-ups"); err != nil {
		return 0, err
	}
	queued := 0
	for _, d := range list {
		var c masthead.Comment
		if err := scanComment(t.queryRow(ctx, `SELECT `+commentColumns+` FROM comments WHERE id = ?`, d.comment), &c); err != nil {
			return 0, fmt.Errorf("queue follow-ups: %w", err)
		}
		sub, err := scanSubscription(t.queryRow(ctx, `SELECT `+subscriptionColumns+` FROM comment_subscriptions WHERE id = ?`, d.subscription))
		if err != nil {
			return 0, fmt.Errorf("queue follow-ups: %w", err)
		}
		if c.Status != masthead.CommentApproved {
			// Withdrawn before its mail went out: approving it again
			// records the follow-up afresh.
			if _, err := t.exec(ctx, `DELETE FROM comment_followups WHERE comment_id = ? AND subscription_id = ?`, d.comment, d.subscription); err != nil {
				return 0, fmt.Errorf("queue follow-ups: %w", err)
			}
			continue
		}
		token, hash, err := masthead.NewLinkToken()
		if err != nil {
			return 0, err
		}
		msg, err := compose(&masthead.FollowUp{Comment: &c, Subscription: sub}, token)
		if err != nil {
			return 0, err
		}
		if err := t.queueMail(ctx, msg); err != nil {
			return 0, err
		}
		if _, err := t.exec(ctx, `UPDATE comment_followups SET queued_at = ?, unsubscribe_hash = ? WHERE comment_id = ? AND subscription_id = ?`,
			timeArg(t.now), hash, d.comment, d.subscription); err != nil {
			return 0, fmt.Errorf("queue follow-ups: %w", err)
		}
		queued++
	}
	return queued, t.Commit()
}

// LastHeldDigest returns when the newest digest went out.
func (s *Store) LastHeldDigest(ctx context.Context) (time.Time, error) {
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return time.Time{}, err
	}
	defer t.Rollback()
	var last time.Time
	err = t.queryRow(ctx, `SELECT digested_at FROM held_digest_marks ORDER BY digested_at DESC LIMIT 1`).Scan(&last)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	} else if err != nil {
		return time.Time{}, fmt.Errorf("last held digest: %w", err)
	}
	return last.UTC(), nil
}

// QueueHeldDigest lists held comments no digest has listed, queues the
// digest and marks them, in one transaction. Held comments are few (a
// moderator empties the queue), and the marks are read by primary key.
func (s *Store) QueueHeldDigest(ctx context.Context, limit int, compose func(held []*masthead.Comment) ([]*masthead.OutboxMessage, error)) (int, error) {
	if limit <= 0 {
		return 0, masthead.Errorf(masthead.EINVALID, "A digest needs a limit.")
	}
	t, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer t.Rollback()
	rows, err := t.query(ctx, `SELECT `+commentColumns+` FROM comments WHERE status = ?
		AND NOT EXISTS (SELECT 1 FROM held_digest_marks m WHERE m.comment_id = comments.id)
		ORDER BY created_at, id LIMIT ?`, masthead.CommentPending, limit)
	if err != nil {
		return 0, fmt.Errorf("held digest: %w", err)
	}
	var held []*masthead.Comment
	for rows.Next() {
		var c masthead.Comment
		if err := scanComment(rows, &c); err != nil {
			rows.Close()
			return 0, fmt.Errorf("held digest: %w", err)
		}
		held = append(held, &c)
	}
	if err := closeRows(rows, "held digest"); err != nil {
		return 0, err
	}
	if len(held) == 0 {
		return 0, nil
	}
	msgs, err := compose(held)
	if err != nil {
		return 0, err
	}
	for _, m := range msgs {
		if err := t.queueMail(ctx, m); err != nil {
			return 0, err
		}
	}
	for _, c := range held {
		// A second node that read the same comments fails here on the
		// primary key and queues nothing.
		if _, err := t.exec(ctx, `INSERT INTO held_digest_marks (comment_id, digested_at) VALUES (?, ?)`, c.ID, timeArg(t.now)); err != nil {
			return 0, t.classify(fmt.Errorf("held digest: %w", err), "Another digest listed these comments already.")
		}
	}
	return len(held), t.Commit()
}
