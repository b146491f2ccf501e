package sqlstore

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"masthead"
)

// outboxColumns are the columns scanOutbox reads, in its order.
const outboxColumns = `id, kind, recipient, recipient_name, from_name, subject, text_body, html_body, message_id, date, language,
	headers, sensitive, created_at, next_attempt_at, give_up_at, attempts, last_error, lease, lease_until, sent_at, failed_at`

func scanOutbox(sc scanner) (*masthead.OutboxMessage, error) {
	var m masthead.OutboxMessage
	var headers string
	var leaseUntil, sent, failed sql.NullTime
	if err := sc.Scan(&m.ID, &m.Kind, &m.To, &m.ToName, &m.FromName, &m.Subject, &m.Text, &m.HTML, &m.MessageID, &m.Date, &m.Language,
		&headers, &m.Sensitive, &m.CreatedAt, &m.NextAttemptAt, &m.GiveUpAt, &m.Attempts, &m.LastError, &m.Lease, &leaseUntil, &sent, &failed); err != nil {
		return nil, err
	}
	m.Date, m.CreatedAt, m.NextAttemptAt, m.GiveUpAt = m.Date.UTC(), m.CreatedAt.UTC(), m.NextAttemptAt.UTC(), m.GiveUpAt.UTC()
	m.LeaseUntil, m.SentAt, m.FailedAt = nullTime(leaseUntil), nullTime(sent), nullTime(failed)
	var pairs [][2]string
	if err := json.Unmarshal([]byte(headers), &pairs); err != nil {
		return nil, fmt.Errorf("outbox message %d: headers: %w", m.ID, err)
	}
	for _, p := range pairs {
		m.Headers = append(m.Headers, masthead.MailHeader{Name: p[0], Value: p[1]})
	}
	return &m, nil
}

// QueueMail stores messages in one transaction: all or, if one is
// refused (queueMail checks each), none.
func (s *Store) QueueMail(ctx context.Context, msgs ...*masthead.OutboxMessage) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	for _, m := range msgs {
		if err := t.queueMail(ctx, m); err != nil {
			for _, m := range msgs {
				m.ID = 0
			}
			return err
		}
	}
	return t.Commit()
}

// queueMail stores one message inside t, which announces KeyOutbox when
// it commits: every store method whose change causes mail calls it in
// its own transaction, so that the mail is queued if and only if the
// change commits.
func (t *tx) queueMail(ctx context.Context, m *masthead.OutboxMessage) error {
	if err := masthead.CheckMail(m); err != nil {
		return err
	}
	pairs := make([][2]string, 0, len(m.Headers))
	for _, h := range m.Headers {
		pairs = append(pairs, [2]string{h.Name, h.Value})
	}
	headers, err := json.Marshal(pairs)
	if err != nil {
		return err
	}
	m.CreatedAt, m.NextAttemptAt = t.now, t.now
	if m.GiveUpAt.IsZero() {
		m.GiveUpAt = t.now.Add(masthead.DefaultMailRetry.GiveUpAfter)
	}
	m.Attempts, m.LastError, m.SentAt, m.FailedAt, m.Lease, m.LeaseUntil = 0, "", time.Time{}, time.Time{}, "", time.Time{}
	err = t.queryRow(ctx, `INSERT INTO mail_outbox (kind, recipient, recipient_name, from_name, subject, text_body, html_body, message_id, date,
		language, headers, sensitive, created_at, next_attempt_at, give_up_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.Kind, m.To, m.ToName, m.FromName, m.Subject, m.Text, m.HTML, m.MessageID, timeArg(m.Date), m.Language, string(headers), m.Sensitive,
		timeArg(m.CreatedAt), timeArg(m.NextAttemptAt), timeArg(m.GiveUpAt)).Scan(&m.ID)
	if err != nil {
		return t.classify(fmt.Errorf("queue mail: %w", err), "A message with that Message-ID is queued already.")
	}
	t.changed(masthead.KeyOutbox)
	return nil
}

// ClaimMail claims due messages under a fresh lease, in one UPDATE whose
// subquery picks them: on PostgreSQL FOR UPDATE SKIP LOCKED, so that two
// nodes claiming at the same moment take different rows rather than
// waiting for each other; SQLite's write transactions run one at a time.
func (s *Store) ClaimMail(ctx context.Context, c masthead.MailClaim) ([]*masthead.OutboxMessage, error) {
	if c.Limit <= 0 || c.Lease <= 0 {
		return nil, masthead.Errorf(masthead.EINVALID, "A claim needs a limit and a lease.")
	}
	limit := min(c.Limit, masthead.MaxMailClaim)
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	lease := hex.EncodeToString(raw)
	t, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	until := t.now.Add(c.Lease)
	rows, err := t.query(ctx, `UPDATE mail_outbox SET lease = ?, lease_until = ?
		WHERE id IN (SELECT id FROM mail_outbox
			WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
			ORDER BY next_attempt_at, id LIMIT ?`+s.dialect.SkipLocked+`)
		RETURNING `+outboxColumns, lease, timeArg(until), timeArg(t.now), timeArg(t.now), limit)
	if err != nil {
		return nil, fmt.Errorf("claim mail: %w", err)
	}
	var msgs []*masthead.OutboxMessage
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("claim mail: %w", err)
		}
		msgs = append(msgs, m)
	}
	if err := closeRows(rows, "claim mail"); err != nil {
		return nil, err
	}
	// RETURNING keeps no order: the oldest due goes first.
	slices.SortFunc(msgs, func(a, b *masthead.OutboxMessage) int {
		return cmp.Or(a.NextAttemptAt.Compare(b.NextAttemptAt), cmp.Compare(a.ID, b.ID))
	})
	return msgs, t.Commit()
}

// ReleaseMail clears a claim without counting an attempt.
func (s *Store) ReleaseMail(ctx context.Context, id int64, lease string) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	res, err := t.exec(ctx, `UPDATE mail_outbox SET lease = '', lease_until = NULL
		WHERE id = ? AND lease = ? AND lease <> '' AND sent_at IS NULL AND failed_at IS NULL`, id, lease)
	if err != nil {
		return fmt.Errorf("release mail: %w", err)
	}
	if err := oneRow(res, errLeaseLost); err != nil {
		return err
	}
	t.changed(masthead.KeyOutbox)
	return t.Commit()
}

// errLeaseLost refuses to record the outcome of a send whose lease is no
// longer the message's.
var errLeaseLost = masthead.Errorf(masthead.ECONFLICT, "The message is no longer claimed by this sender.")

// MarkMailSent records a sent message.
func (s *Store) MarkMailSent(ctx context.Context, id int64, lease string) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	// A sensitive message's body (a live link) is kept only while it may
	// still be sent.
	res, err := t.exec(ctx, `UPDATE mail_outbox SET sent_at = ?, lease = '', lease_until = NULL,
		text_body = CASE WHEN sensitive THEN '' ELSE text_body END, html_body = CASE WHEN sensitive THEN '' ELSE html_body END
		WHERE id = ? AND lease = ? AND lease <> '' AND sent_at IS NULL AND failed_at IS NULL`, timeArg(t.now), id, lease)
	if err != nil {
		return fmt.Errorf("mark mail sent: %w", err)
	}
	if err := oneRow(res, errLeaseLost); err != nil {
		return err
	}
	return t.Commit()
}

// MarkMailFailed records a failed try.
func (s *Store) MarkMailFailed(ctx context.Context, id int64, lease, lastError string, retryAt time.Time) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	const maxError = 1000
	if len(lastError) > maxError {
		lastError = strings.ToValidUTF8(lastError[:maxError], "")
	}
	var res sql.Result
	if retryAt.IsZero() {
		res, err = t.exec(ctx, `UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, failed_at = ?, lease = '', lease_until = NULL,
			text_body = CASE WHEN sensitive THEN '' ELSE text_body END, html_body = CASE WHEN sensitive THEN '' ELSE html_body END
			WHERE id = ? AND lease = ? AND lease <> '' AND sent_at IS NULL AND failed_at IS NULL`, lastError, timeArg(t.now), id, lease)
	} else {
		res, err = t.exec(ctx, `UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease = '', lease_until = NULL
			WHERE id = ? AND lease = ? AND lease <> '' AND sent_at IS NULL AND failed_at IS NULL`, lastError, timeArg(retryAt), id, lease)
	}
	if err != nil {
		return fmt.Errorf("mark mail failed: %w", err)
	}
	if err := oneRow(res, errLeaseLost); err != nil {
		return err
	}
	return t.Commit()
}

// oneRow returns notOne unless res changed exactly one row.
func oneRow(res sql.Result, notOne error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return notOne
	}
	return nil
}

// outboxWhere is the condition of a status filter.
func outboxWhere(status masthead.MailStatus) (string, error) {
	switch status {
	case "":
		return "", nil
	case masthead.MailQueued:
		return ` WHERE sent_at IS NULL AND failed_at IS NULL`, nil
	case masthead.MailSent:
		return ` WHERE sent_at IS NOT NULL`, nil
	case masthead.MailFailed:
		return ` WHERE failed_at IS NOT NULL`, nil
	}
	return "", masthead.Errorf(masthead.EINVALID, "%q is not a status of the outbox.", status)
}

// FindOutbox returns one page of messages, newest first.
func (s *Store) FindOutbox(ctx context.Context, f masthead.OutboxFilter) ([]*masthead.OutboxMessage, int, error) {
	where, err := outboxWhere(f.Status)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := pageBounds(f.Limit, f.Offset)
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	msgs, total, err := queryPage(ctx, t, `SELECT `+outboxColumns+` FROM mail_outbox`+where+` ORDER BY created_at DESC, id DESC`,
		`SELECT COUNT(*) FROM mail_outbox`+where, nil, limit, offset, scanOutbox)
	if err != nil {
		return nil, 0, fmt.Errorf("find outbox: %w", err)
	}
	return msgs, total, nil
}

// CountOutbox counts the messages of each status.
func (s *Store) CountOutbox(ctx context.Context) (map[masthead.MailStatus]int, error) {
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	counts := map[masthead.MailStatus]int{}
	for _, status := range []masthead.MailStatus{masthead.MailQueued, masthead.MailSent, masthead.MailFailed} {
		where, _ := outboxWhere(status)
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM mail_outbox`+where).Scan(&n); err != nil {
			return nil, fmt.Errorf("count outbox: %w", err)
		}
		counts[status] = n
	}
	return counts, nil
}

// outboxState reads whether a message exists, was sent, or is being sent
// (under a lease that has not run out), inside t.
func (t *tx) outboxState(ctx context.Context, id int64) error {
	var sent, leaseUntil sql.NullTime
	err := t.queryRow(ctx, `SELECT sent_at, lease_until FROM mail_outbox WHERE id = ?`+t.s.dialect.ForUpdate, id).Scan(&sent, &leaseUntil)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return masthead.Errorf(masthead.ENOTFOUND, "There is no such message in the outbox.")
	case err != nil:
		return err
	case sent.Valid:
		return masthead.Errorf(masthead.ECONFLICT, "That message was sent already.")
	case leaseUntil.Valid && leaseUntil.Time.After(t.now):
		return masthead.Errorf(masthead.ECONFLICT, "That message is being sent at this moment; look again in a few minutes.")
	}
	return nil
}

// RetryMail makes a message due now.
func (s *Store) RetryMail(ctx context.Context, id int64) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := t.outboxState(ctx, id); err != nil {
		return fmt.Errorf("retry mail: %w", err)
	}
	// A message given up on may have lost its body (a sensitive one):
	// it cannot be sent again, only discarded.
	var text string
	if err := t.queryRow(ctx, `SELECT text_body FROM mail_outbox WHERE id = ?`, id).Scan(&text); err != nil {
		return fmt.Errorf("retry mail: %w", err)
	}
	if text == "" {
		return masthead.Errorf(masthead.ECONFLICT, "That message held a link that was forgotten when the outbox gave up on it, so it cannot be sent again: ask for a new one.")
	}
	if _, err := t.exec(ctx, `UPDATE mail_outbox SET failed_at = NULL, attempts = 0, next_attempt_at = ?, give_up_at = ?, lease = '', lease_until = NULL
		WHERE id = ?`, timeArg(t.now), timeArg(t.now.Add(masthead.DefaultMailRetry.GiveUpAfter)), id); err != nil {
		return fmt.Errorf("retry mail: %w", err)
	}
	t.changed(masthead.KeyOutbox)
	return t.Commit()
}

// DiscardMail removes a message that was not sent.
func (s *Store) DiscardMail(ctx context.Context, id int64) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := t.outboxState(ctx, id); err != nil {
		return fmt.Errorf("discard mail: %w", err)
	}
	if _, err := t.exec(ctx, `DELETE FROM mail_outbox WHERE id = ?`, id); err != nil {
		return fmt.Errorf("discard mail: %w", err)
	}
	return t.Commit()
}

// PruneOutbox forgets old sent and failed messages.
func (s *Store) PruneOutbox(ctx context.Context, before time.Time) (int, error) {
	t, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer t.Rollback()
	res, err := t.exec(ctx, `DELETE FROM mail_outbox WHERE (sent_at IS NOT NULL AND sent_at < ?) OR (failed_at IS NOT NULL AND failed_at < ?)`,
		timeArg(before), timeArg(before))
	if err != nil {
		return 0, fmt.Errorf("prune outbox: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	return int(n), t.Commit()
}
