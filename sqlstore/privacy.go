package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"masthead"
)

// commenterMatch selects the comments of one address: stored addresses
// are as their writers typed them, so they are compared in lower case
// (the dialect's Lower, which folds as Go does) with the address in
// masthead.CommenterEmail's form. No index serves it: a request for a
// commenter's data is rare, and reads the comments once.
func (t *tx) commenterMatch() string {
	return t.s.dialect.Lower(`author_email`) + ` = ?`
}

// FindCommenterComments returns every comment of an address, oldest first.
func (s *Store) FindCommenterComments(ctx context.Context, email string) ([]*masthead.Comment, error) {
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	rows, err := t.query(ctx, `SELECT `+commentColumns+` FROM comments WHERE `+t.commenterMatch()+` ORDER BY created_at, id`, email)
	if err != nil {
		return nil, fmt.Errorf("find commenter comments: %w", err)
	}
	var out []*masthead.Comment
	for rows.Next() {
		var c masthead.Comment
		if err := scanComment(rows, &c); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find commenter comments: %w", err)
		}
		out = append(out, &c)
	}
	return out, closeRows(rows, "find commenter comments")
}

// CountCommenterComments counts the comments of an address.
func (s *Store) CountCommenterComments(ctx context.Context, email string) (int, error) {
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return 0, err
	}
	defer t.Rollback()
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM comments WHERE `+t.commenterMatch(), email).Scan(&n); err != nil {
		return 0, fmt.Errorf("count commenter comments: %w", err)
	}
	return n, nil
}

// FindCommenterSubscriptions returns every follow-up subscription of an
// address, oldest first. Subscriptions are stored in lower case, so the
// address is folded too and read through comment_subscriptions_email.
func (s *Store) FindCommenterSubscriptions(ctx context.Context, email string) ([]*masthead.CommentSubscription, error) {
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	rows, err := t.query(ctx, `SELECT `+subscriptionColumns+` FROM comment_subscriptions WHERE email = ? ORDER BY created_at, id`,
		strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return nil, fmt.Errorf("find commenter subscriptions: %w", err)
	}
	out := []*masthead.CommentSubscription{}
	for rows.Next() {
		sub, err := scanSubscription(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("find commenter subscriptions: %w", err)
		}
		out = append(out, sub)
	}
	return out, closeRows(rows, "find commenter subscriptions")
}

// EraseCommenter anonymises every comment of an address in one
// transaction: the comments are read and locked first, then changed by
// their ids, a batch at a time, and the record written last, so that
// whatever fails on the way leaves every comment as it was.
func (s *Store) EraseCommenter(ctx context.Context, email, tokenHash string, e *masthead.Erasure) error {
	if e.Mode != masthead.ErasureRemoveText && e.Mode != masthead.ErasureKeepText {
		return masthead.FieldErrorf("erasure_mode", "%q is not an erasure mode.", e.Mode)
	}
	if e.ByCommenter == (e.RequestedBy != 0) {
		return masthead.Errorf(masthead.EINVALID, "An erasure is asked for either by an admin or by the commenter.")
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if tokenHash != "" {
		if err := t.usePrivacyRequest(ctx, tokenHash, masthead.PrivacyErase); err != nil {
			return err
		}
	}
	rows, err := t.query(ctx, `SELECT id, article_id, status FROM comments WHERE `+t.commenterMatch()+` ORDER BY id`+t.s.dialect.ForUpdate, email)
	if err != nil {
		return fmt.Errorf("erase commenter: %w", err)
	}
	var ids []int64
	shown := map[int64]bool{} // articles whose public comments change
	for rows.Next() {
		var id, article int64
		var status masthead.CommentStatus
		if err := rows.Scan(&id, &article, &status); err != nil {
			rows.Close()
			return fmt.Errorf("erase commenter: %w", err)
		}
		ids = append(ids, id)
		if status == masthead.CommentApproved {
			shown[article] = true
		}
	}
	if err := closeRows(rows, "erase commenter"); err != nil {
		return err
	}
	set := `author_name = ?, author_email = '', author_url = '', ip = '', commenter_key = NULL`
	args := []any{masthead.ErasedCommentName}
	if e.Mode == masthead.ErasureRemoveText {
		set += `, body = ?`
		args = append(args, masthead.ErasedCommentText)
	}
	for batch := range slices.Chunk(ids, externalBatch) {
		if _, err := t.exec(ctx, `UPDATE comments SET `+set+` WHERE id IN (`+placeholders(len(batch))+`)`,
			append(slices.Clip(args), int64s(batch)...)...); err != nil {
			return fmt.Errorf("erase commenter: %w", err)
		}
	}
	for _, article := range slices.Sorted(maps.Keys(shown)) {
		t.commentsChanged(article)
	}
	// The address's follow-up subscriptions go with it (their follow-ups
	// by the foreign key).
	if _, err := t.exec(ctx, `DELETE FROM comment_followups WHERE subscription_id IN (SELECT id FROM comment_subscriptions WHERE email = ?)`, email); err != nil {
		return fmt.Errorf("erase commenter: %w", err)
	}
	if _, err := t.exec(ctx, `DELETE FROM comment_subscriptions WHERE email = ?`, email); err != nil {
		return fmt.Errorf("erase commenter: %w", err)
	}
	var requestedBy any
	if e.RequestedBy != 0 {
		requestedBy = e.RequestedBy
	}
	e.At, e.Comments = t.now, len(ids)
	err = t.queryRow(ctx, `INSERT INTO erasures (erased_at, comments, mode, requested_by, by_commenter, address_key)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, timeArg(t.now), e.Comments, e.Mode, requestedBy, e.ByCommenter, e.AddressKey).Scan(&e.ID)
	if err != nil {
		e.ID, e.Comments = 0, 0
		if t.isForeignKeyViolation(err) {
			return masthead.Errorf(masthead.ECONFLICT, "The staff member who asked for the erasure does not exist.")
		}
		return fmt.Errorf("erase commenter: %w", err)
	}
	if err := t.Commit(); err != nil {
		e.ID, e.Comments = 0, 0
		return err
	}
	return nil
}

// isForeignKeyViolation reports whether err is a foreign-key violation.
func (t *tx) isForeignKeyViolation(err error) bool {
	d := t.s.dialect
	return err != nil && d.IsForeignKeyViolation != nil && d.IsForeignKeyViolation(err)
}

// FindErasures returns one page of the erasure log, newest first, with
// the name of the admin who asked.
func (s *Store) FindErasures(ctx context.Context, f masthead.ErasureFilter) ([]*masthead.Erasure, int, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	limit, offset := pageBounds(f.Limit, f.Offset)
	where, args := "", []any{}
	if f.AddressKey != "" {
		where, args = ` WHERE e.address_key = ?`, append(args, f.AddressKey)
	}
	out, total, err := queryPage(ctx, t, `SELECT e.id, e.erased_at, e.comments, e.mode, e.requested_by, e.by_commenter, e.address_key, a.name
		FROM erasures e LEFT JOIN authors a ON a.id = e.requested_by`+where+` ORDER BY e.erased_at DESC, e.id DESC`,
		`SELECT COUNT(*) FROM erasures e`+where, args, limit, offset,
		func(sc scanner) (*masthead.Erasure, error) {
			var e masthead.Erasure
			var by sql.NullInt64
			var name sql.NullString
			if err := sc.Scan(&e.ID, &e.At, &e.Comments, &e.Mode, &by, &e.ByCommenter, &e.AddressKey, &name); err != nil {
				return nil, err
			}
			e.At, e.RequestedBy, e.RequestedByName = e.At.UTC(), by.Int64, name.String
			return &e, nil
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find erasures: %w", err)
	}
	return out, total, nil
}

// CreatePrivacyRequest stores a reader's request under the throttle.
func (s *Store) CreatePrivacyRequest(ctx context.Context, r *masthead.PrivacyRequest, p masthead.PrivacyRequestPolicy) error {
	if r.TokenHash == "" || !r.Kind.Valid() {
		return masthead.Errorf(masthead.EINVALID, "A request needs a token and a kind.")
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if !r.ExpiresAt.After(t.now) {
		return masthead.Errorf(masthead.EINVALID, "A request must expire after it is made.")
	}
	if lock := t.s.dialect.KeyLock; lock != "" {
		for _, key := range []string{"privacy-address:" + r.AddressKey, "privacy-network:" + r.Network} {
			if _, err := t.exec(ctx, lock, key); err != nil {
				return fmt.Errorf("create privacy request: lock: %w", err)
			}
		}
	}
	if err := t.forgetPrivacyRequests(ctx, p.Window); err != nil {
		return err
	}
	var wait time.Duration
	for _, limit := range []struct {
		column, value string
		max           int
	}{{"address_key", r.AddressKey, p.AddressMax}, {"network", r.Network, p.NetworkMax}} {
		if limit.max <= 0 || p.Window <= 0 {
			continue
		}
		var oldest time.Time
		err := t.queryRow(ctx, `SELECT created_at FROM privacy_requests WHERE `+limit.column+` = ? AND created_at > ?
			ORDER BY created_at DESC LIMIT 1 OFFSET ?`, limit.value, timeArg(t.now.Add(-p.Window)), limit.max-1).Scan(&oldest)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return fmt.Errorf("create privacy request: %w", err)
		}
		wait = max(wait, oldest.Add(p.Window).Sub(t.now))
	}
	if wait > 0 {
		return privacyThrottled(wait)
	}
	r.CreatedAt = t.now
	if _, err := t.exec(ctx, `INSERT INTO privacy_requests (token_hash, kind, email, address_key, network, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, r.TokenHash, r.Kind, r.Email, r.AddressKey, r.Network, timeArg(t.now), timeArg(r.ExpiresAt)); err != nil {
		r.CreatedAt = time.Time{}
		return t.classify(fmt.Errorf("create privacy request: %w", err), "That request token is taken.")
	}
	return t.Commit()
}

// privacyThrottled refuses a request over the throttle, in words.
func privacyThrottled(wait time.Duration) error {
	hours := max(1, int((wait+time.Hour-1)/time.Hour))
	unit := "hours"
	if hours == 1 {
		unit = "hour"
	}
	return &masthead.Error{Code: masthead.ERATELIMIT, RetryAfter: time.Duration(hours) * time.Hour,
		Message: fmt.Sprintf("Too many requests came for this address or from your network: please try again in %d %s.", hours, unit)}
}

// forgetPrivacyRequests deletes the requests that neither work nor count
// for a throttle of window any more.
func (t *tx) forgetPrivacyRequests(ctx context.Context, window time.Duration) error {
	keep := max(window, masthead.PrivacyRequestLifetime)
	if _, err := t.exec(ctx, `DELETE FROM privacy_requests WHERE created_at < ? AND expires_at < ?`,
		timeArg(t.now.Add(-keep)), timeArg(t.now)); err != nil {
		return fmt.Errorf("forget privacy requests: %w", err)
	}
	return nil
}

// privacyRequestColumns are the columns scanPrivacyRequest reads.
const privacyRequestColumns = `token_hash, kind, email, address_key, network, created_at, expires_at`

func scanPrivacyRequest(sc scanner) (*masthead.PrivacyRequest, error) {
	var r masthead.PrivacyRequest
	if err := sc.Scan(&r.TokenHash, &r.Kind, &r.Email, &r.AddressKey, &r.Network, &r.CreatedAt, &r.ExpiresAt); err != nil {
		return nil, err
	}
	r.CreatedAt, r.ExpiresAt = r.CreatedAt.UTC(), r.ExpiresAt.UTC()
	return &r, nil
}

// errPrivacyRequest refuses a token that names no request that works.
func errPrivacyRequest() error {
	return masthead.Errorf(masthead.ENOTFOUND, "This request does not exist, was used or has expired.")
}

// FindPrivacyRequest reads a request that still works, as it stands now.
func (s *Store) FindPrivacyRequest(ctx context.Context, tokenHash string) (*masthead.PrivacyRequest, error) {
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	r, err := scanPrivacyRequest(t.queryRow(ctx, `SELECT `+privacyRequestColumns+` FROM privacy_requests
		WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`, tokenHash, timeArg(t.now)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errPrivacyRequest()
	} else if err != nil {
		return nil, fmt.Errorf("find privacy request: %w", err)
	}
	return r, nil
}

// UsePrivacyRequest uses a request up and forgets its address.
func (s *Store) UsePrivacyRequest(ctx context.Context, tokenHash string) (*masthead.PrivacyRequest, error) {
	t, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	r, err := scanPrivacyRequest(t.queryRow(ctx, `SELECT `+privacyRequestColumns+` FROM privacy_requests
		WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`+t.s.dialect.ForUpdate, tokenHash, timeArg(t.now)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errPrivacyRequest()
	} else if err != nil {
		return nil, fmt.Errorf("use privacy request: %w", err)
	}
	if err := t.usePrivacyRequest(ctx, tokenHash, r.Kind); err != nil {
		return nil, err
	}
	return r, t.Commit()
}

// usePrivacyRequest marks a working request of kind used and empties its
// address, in t; ENOTFOUND when there is none, so that of two uses at
// once one finds it gone.
func (t *tx) usePrivacyRequest(ctx context.Context, tokenHash string, kind masthead.PrivacyRequestKind) error {
	res, err := t.exec(ctx, `UPDATE privacy_requests SET used_at = ?, email = '' WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?`,
		timeArg(t.now), tokenHash, kind, timeArg(t.now))
	if err != nil {
		return fmt.Errorf("use privacy request: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("use privacy request: %w", err)
	} else if n == 0 {
		return errPrivacyRequest()
	}
	return nil
}

// retentionBatch bounds the comments one transaction of retention
// changes or deletes, so that a first run on an old site (an import of
// a million comments, each with its network) holds the writer for
// moments, not minutes: ApplyRetention commits a batch at a time and goes
// on until a batch comes back short. A variable, so that tests can make
// batches small.
var retentionBatch = 500

// ApplyRetention clears and deletes what the retention settings no longer
// keep, a batch at a time (retentionBatch), each batch in a transaction
// of its own, until nothing is left to do or ctx ends.
func (s *Store) ApplyRetention(ctx context.Context, r masthead.Retention) (int, error) {
	total := 0
	for {
		n, more, err := s.applyRetentionBatch(ctx, r)
		total += n
		if err != nil || !more {
			return total, err
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

// applyRetentionBatch applies r to at most a batch of comments of each
// kind, in one transaction, and reports whether a batch was full, so
// that more may be left.
func (s *Store) applyRetentionBatch(ctx context.Context, r masthead.Retention) (int, bool, error) {
	t, err := s.begin(ctx)
	if err != nil {
		return 0, false, err
	}
	defer t.Rollback()
	changed, more := 0, false
	run := func(what, query string, args ...any) (int, error) {
		res, err := t.exec(ctx, query, args...)
		if err != nil {
			return 0, fmt.Errorf("retention: %s: %w", what, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("retention: %s: %w", what, err)
		}
		changed += int(n)
		return int(n), nil
	}
	before := func(days int) any { return timeArg(t.now.Add(-time.Duration(days) * 24 * time.Hour)) }
	if r.NetworksDays > 0 {
		// The condition is the partial index's own, so that only comments
		// still holding a network or key are read.
		n, err := run("comment networks", `UPDATE comments SET ip = '', commenter_key = NULL WHERE id IN (
			SELECT id FROM comments WHERE created_at < ? AND (ip <> '' OR commenter_key IS NOT NULL) ORDER BY created_at LIMIT ?)`,
			before(r.NetworksDays), retentionBatch)
		if err != nil {
			return 0, false, err
		}
		more = more || n >= retentionBatch
	}
	if r.SignInsDays > 0 {
		// Attempts are a day's worth at most (the throttle forgets older
		// ones as new ones come), so one statement takes them all.
		if _, err := run("sign-in attempts", `DELETE FROM sign_in_attempts WHERE at < ?`, before(r.SignInsDays)); err != nil {
			return 0, false, err
		}
	}
	for _, old := range []struct {
		days     int
		statuses []masthead.CommentStatus
	}{{r.SpamDays, []masthead.CommentStatus{masthead.CommentSpam, masthead.CommentTrash}}, {r.HeldDays, []masthead.CommentStatus{masthead.CommentPending}}} {
		if old.days <= 0 {
			continue
		}
		n, err := t.deleteOldComments(ctx, old.statuses, before(old.days))
		if err != nil {
			return 0, false, err
		}
		changed += n
		more = more || n >= retentionBatch
	}
	now := timeArg(t.now)
	ended := timeArg(t.now.Add(-masthead.PreviewLinkRetention))
	if _, err := run("preview links", `DELETE FROM preview_links WHERE expires_at < ? OR revoked_at < ?`, ended, ended); err != nil {
		return 0, false, err
	}
	keep := max(masthead.DefaultPrivacyRequestPolicy.Window, masthead.PrivacyRequestLifetime)
	if _, err := run("privacy requests", `DELETE FROM privacy_requests WHERE created_at < ? AND expires_at < ?`,
		timeArg(t.now.Add(-keep)), now); err != nil {
		return 0, false, err
	}
	// A request that ended before it was used keeps no address a moment
	// longer than its link could be followed.
	if _, err := run("privacy request addresses", `UPDATE privacy_requests SET email = '' WHERE expires_at <= ? AND email <> ''`, now); err != nil {
		return 0, false, err
	}
	// So does a follow-up subscription whose confirmation link ran out.
	if _, err := run("unconfirmed subscriptions", `DELETE FROM comment_subscriptions WHERE confirmed_at IS NULL AND created_at < ?`,
		timeArg(t.now.Add(-masthead.FollowUpConfirmLifetime))); err != nil {
		return 0, false, err
	}
	return changed, more, t.Commit()
}

// deleteOldComments deletes up to retentionBatch comments of the statuses
// created before a time, oldest first, each as DeleteComment does: its
// replies move up to its parent, and the article's page is announced
// when approved replies moved. None of them is approved, so no count
// changes.
func (t *tx) deleteOldComments(ctx context.Context, statuses []masthead.CommentStatus, before any) (int, error) {
	args := []any{before}
	for _, st := range statuses {
		args = append(args, st)
	}
	rows, err := t.query(ctx, `SELECT id FROM comments WHERE created_at < ? AND status IN (`+placeholders(len(statuses))+`)
		ORDER BY created_at, id LIMIT ?`, append(args, retentionBatch)...)
	if err != nil {
		return 0, fmt.Errorf("retention: old comments: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, fmt.Errorf("retention: old comments: %w", err)
		}
		ids = append(ids, id)
	}
	if err := closeRows(rows, "retention: old comments"); err != nil {
		return 0, err
	}
	for _, id := range ids {
		var parent sql.NullInt64
		var article int64
		if err := t.queryRow(ctx, `SELECT parent_id, article_id FROM comments WHERE id = ?`, id).Scan(&parent, &article); err != nil {
			return 0, fmt.Errorf("retention: delete comment: %w", err)
		}
		var replies int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM comments WHERE parent_id = ? AND status = ?`, id, masthead.CommentApproved).Scan(&replies); err != nil {
			return 0, fmt.Errorf("retention: delete comment: %w", err)
		}
		if replies > 0 {
			t.commentsChanged(article)
		}
		var newParent any
		if parent.Valid {
			newParent = parent.Int64
		}
		if _, err := t.exec(ctx, `UPDATE comments SET parent_id = ? WHERE parent_id = ?`, newParent, id); err != nil {
			return 0, fmt.Errorf("retention: delete comment: %w", err)
		}
		if _, err := t.exec(ctx, `DELETE FROM comments WHERE id = ?`, id); err != nil {
			return 0, fmt.Errorf("retention: delete comment: %w", err)
		}
	}
	return len(ids), nil
}
