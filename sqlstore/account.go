package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"masthead"
)

// CreateStaff stores a new staff account and its password hash in one
// statement of one transaction: the account exists with its password or
// not at all.
func (s *Store) CreateStaff(ctx context.Context, a *masthead.Author, passwordHash string) error {
	if err := a.ValidateStaff(); err != nil {
		return err
	}
	if passwordHash == "" {
		return masthead.FieldErrorf("password", "A staff account needs a password.")
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := insertAuthor(ctx, t, a, passwordHash); err != nil {
		return err
	}
	return t.Commit()
}

// DisableStaff disables an account and ends its sessions in the same
// transaction, so that no request signed in as it succeeds after the call.
// It announces no change, nor does EnableStaff: the account's bylines and
// author page stay as they were either way.
// The last-admin check runs under lockAdmins.
func (s *Store) DisableStaff(ctx context.Context, authorID int64) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := t.lockAdmins(ctx); err != nil {
		return err
	}
	var role masthead.Role
	var disabled sql.NullTime
	err = t.queryRow(ctx, `SELECT role, disabled_at FROM authors WHERE id = ?`+t.s.dialect.ForUpdate, authorID).Scan(&role, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "Author not found.")
	} else if err != nil {
		return fmt.Errorf("disable staff: %w", err)
	}
	if disabled.Valid {
		return nil
	}
	if role == masthead.RoleAdmin {
		others, err := t.otherActiveAdmins(ctx, authorID)
		if err != nil {
			return fmt.Errorf("disable staff: %w", err)
		}
		if others == 0 {
			return masthead.Errorf(masthead.ECONFLICT, "This is the last active admin; make someone else an admin first.")
		}
	}
	if _, err := t.exec(ctx, `UPDATE authors SET disabled_at = ? WHERE id = ?`, timeArg(t.now), authorID); err != nil {
		return fmt.Errorf("disable staff: %w", err)
	}
	if _, err := t.exec(ctx, `DELETE FROM sessions WHERE author_id = ?`, authorID); err != nil {
		return fmt.Errorf("disable staff: %w", err)
	}
	if err := t.forgetAccountTokens(ctx, authorID); err != nil {
		return err
	}
	return t.Commit()
}

// EnableStaff lets a disabled account sign in again.
func (s *Store) EnableStaff(ctx context.Context, authorID int64) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	res, err := t.exec(ctx, `UPDATE authors SET disabled_at = NULL WHERE id = ?`, authorID)
	if err != nil {
		return fmt.Errorf("enable staff: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "Author not found.")
	}
	return t.Commit()
}

// FindAuthorByEmail returns the staff member with the login email and the
// password hash.
func (s *Store) FindAuthorByEmail(ctx context.Context, email string) (*masthead.Author, string, error) {
	if email == "" {
		return nil, "", masthead.Errorf(masthead.ENOTFOUND, "No staff member has that email address.")
	}
	t, err := s.beginCurrent(ctx) // a sign-in must see the latest password
	if err != nil {
		return nil, "", err
	}
	defer t.Rollback()
	var a masthead.Author
	var hash string
	err = scanAuthor(t.queryRow(ctx, `SELECT `+authorColumns+`, au.password_hash`+authorFrom+` WHERE au.email = ?`, email), &a, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", masthead.Errorf(masthead.ENOTFOUND, "No staff member has that email address.")
	} else if err != nil {
		return nil, "", fmt.Errorf("find author by email: %w", err)
	}
	return &a, hash, nil
}

// SetPassword stores a new password hash.
func (s *Store) SetPassword(ctx context.Context, authorID int64, hash string) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	res, err := t.exec(ctx, `UPDATE authors SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, timeArg(t.now), authorID)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "Author not found.")
	}
	// A set-password link mailed before must not undo the new password.
	if err := t.forgetAccountTokens(ctx, authorID); err != nil {
		return err
	}
	return t.Commit()
}

// CountAdmins returns how many active staff members are admins.
func (s *Store) CountAdmins(ctx context.Context) (int, error) {
	t, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer t.Rollback()
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM authors WHERE role = ? AND disabled_at IS NULL`, masthead.RoleAdmin).Scan(&n); err != nil {
		return 0, fmt.Errorf("count admins: %w", err)
	}
	return n, nil
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, sess *masthead.Session) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if sess.CreatedAt.IsZero() {
		sess.CreatedAt = t.now
	}
	// Expired sessions go whenever a new one starts, so the table stays
	// the size of the newsroom.
	if _, err := t.exec(ctx, `DELETE FROM sessions WHERE expires_at < ?`, timeArg(t.now)); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	sess.LastSeenAt = sess.CreatedAt
	if _, err := t.exec(ctx, `INSERT INTO sessions (token_hash, author_id, created_at, expires_at, ip, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)`,
		sess.TokenHash, sess.AuthorID, timeArg(sess.CreatedAt), timeArg(sess.ExpiresAt), sess.IP, timeArg(sess.LastSeenAt)); err != nil {
		return t.classify(fmt.Errorf("create session: %w", err), "That session already exists.")
	}
	return t.Commit()
}

// FindSession returns the unexpired session with the token hash. It reads
// on a connection that sees every commit without being the writer, so that
// any cookie, a junk one too, costs one read: on SQLite a write would wait
// for, and hold up, the one writer connection. Only a real session seen
// less often than SessionTouchEvery writes its LastSeenAt. A disabled
// account's sessions are deleted when it is disabled; the check here also
// covers a sign-in that raced with the disabling.
func (s *Store) FindSession(ctx context.Context, tokenHash string) (*masthead.Session, *masthead.Author, error) {
	sess, a, err := s.readSession(ctx, tokenHash)
	if err != nil {
		return nil, nil, err
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	if now.Sub(sess.LastSeenAt) < masthead.SessionTouchEvery {
		return sess, a, nil
	}
	// Another node may have touched it since the read: the condition keeps
	// that from being written twice.
	if err := s.execOne(ctx, "touch session", `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND (last_seen_at IS NULL OR last_seen_at <= ?)`,
		timeArg(now), tokenHash, timeArg(now.Add(-masthead.SessionTouchEvery))); err != nil {
		return nil, nil, err
	}
	sess.LastSeenAt = now
	return sess, a, nil
}

// readSession reads a session and its staff member, without writing.
func (s *Store) readSession(ctx context.Context, tokenHash string) (*masthead.Session, *masthead.Author, error) {
	t, err := s.beginCurrent(ctx) // a session made a moment ago must count
	if err != nil {
		return nil, nil, err
	}
	defer t.Rollback()
	var sess masthead.Session
	var a masthead.Author
	var lastSeen sql.NullTime
	row := t.queryRow(ctx, `SELECT `+authorColumns+`, s.token_hash, s.author_id, s.created_at, s.expires_at, s.ip, s.last_seen_at
		FROM sessions s JOIN authors au ON au.id = s.author_id LEFT JOIN media am ON am.id = au.avatar_media_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND au.disabled_at IS NULL`, tokenHash, timeArg(t.now))
	err = scanAuthor(row, &a, &sess.TokenHash, &sess.AuthorID, &sess.CreatedAt, &sess.ExpiresAt, &sess.IP, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, masthead.Errorf(masthead.ENOTFOUND, "Session not found.")
	} else if err != nil {
		return nil, nil, fmt.Errorf("find session: %w", err)
	}
	sess.CreatedAt, sess.ExpiresAt = sess.CreatedAt.UTC(), sess.ExpiresAt.UTC()
	sess.LastSeenAt = nullTime(lastSeen)
	if sess.LastSeenAt.IsZero() {
		sess.LastSeenAt = sess.CreatedAt
	}
	return &sess, &a, nil
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.execOne(ctx, "delete session", `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
}

// DeleteSessionsOf ends every session of a staff member but keep.
func (s *Store) DeleteSessionsOf(ctx context.Context, authorID int64, keep string) error {
	return s.execOne(ctx, "delete sessions", `DELETE FROM sessions WHERE author_id = ? AND token_hash <> ?`, authorID, keep)
}

// execOne runs one statement in its own transaction.
func (s *Store) execOne(ctx context.Context, what, query string, args ...any) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if _, err := t.exec(ctx, query, args...); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return t.Commit()
}

// lockAdmins makes every other transaction that may change who the active
// admins are wait until this one ends: two admins demoting or disabling
// each other at once are then decided one after the other, the second
// seeing the first's change, instead of both seeing two admins and leaving
// none. It runs before any row is locked, so that such transactions never
// hold rows that the other waits for (which PostgreSQL would end as a
// deadlock). SQLite needs no lock: its write transactions run one at a
// time.
func (t *tx) lockAdmins(ctx context.Context) error {
	if lock := t.s.dialect.KeyLock; lock != "" {
		if _, err := t.exec(ctx, lock, "active-admins"); err != nil {
			return fmt.Errorf("lock admins: %w", err)
		}
	}
	return nil
}

// otherActiveAdmins counts the active admins other than authorID, locking
// them while they are counted; callers hold lockAdmins, so that the count
// stays true until they commit.
func (t *tx) otherActiveAdmins(ctx context.Context, authorID int64) (int, error) {
	rows, err := t.query(ctx, `SELECT id FROM authors WHERE role = ? AND disabled_at IS NULL`+t.s.dialect.ForUpdate, masthead.RoleAdmin)
	if err != nil {
		return 0, err
	}
	others := 0
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		if id != authorID {
			others++
		}
	}
	return others, closeRows(rows, "count admins")
}
