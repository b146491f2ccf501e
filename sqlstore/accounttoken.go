package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"masthead"
)

// errAccountToken refuses a set-password link that is unknown, used,
// expired, or whose account was disabled.
var errAccountToken = masthead.Errorf(masthead.ENOTFOUND,
	"This link to set a password does not work: it may have been used or have expired, or the account may have been disabled. Ask for a new one.")

// RequestPasswordReset counts the request, looks the account up and, for
// an active one, stores the link and queues its mail, all in one write
// transaction: the request is stored whether or not an account matched,
// so that both answers cost one commit.
func (s *Store) RequestPasswordReset(ctx context.Context, r masthead.PasswordResetRequest) error {
	if r.Token.Hash == "" || r.Token.Kind != masthead.TokenPasswordReset {
		return masthead.Errorf(masthead.EINVALID, "A password reset needs a reset token.")
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := t.reserveSignIn(ctx, r.Attempt, r.Policy); err != nil {
		return err
	}
	// Only an account that can sign in gets a link: active, and with a
	// password (an invited account sets its first one through its
	// invitation, which an admin sends again).
	var id int64
	var email, name string
	err = t.queryRow(ctx, `SELECT id, email, name FROM authors WHERE email = ? AND email <> '' AND disabled_at IS NULL AND password_hash <> ''`,
		r.Email).Scan(&id, &email, &name)
	if errors.Is(err, sql.ErrNoRows) {
		id = 0
	} else if err != nil {
		return fmt.Errorf("request password reset: %w", err)
	}
	// Both answers do the same writes but the two inserts: the attempt,
	// and the sweep of expired links that storing a link does.
	if err := t.forgetExpiredAccountTokens(ctx); err != nil {
		return err
	}
	if id == 0 {
		return t.Commit()
	}
	tok := r.Token
	tok.AuthorID = id
	if err := t.replaceAccountTokens(ctx, tok); err != nil {
		return err
	}
	if r.Mail != nil {
		r.Mail.To, r.Mail.ToName = email, masthead.OneLine(name)
		if err := t.queueMail(ctx, r.Mail); err != nil {
			return err
		}
	}
	return t.Commit()
}

// forgetExpiredAccountTokens removes the reset links of every account
// that can no longer be used.
func (t *tx) forgetExpiredAccountTokens(ctx context.Context) error {
	if _, err := t.exec(ctx, `DELETE FROM account_tokens WHERE kind = ? AND expires_at <= ?`, masthead.TokenPasswordReset, timeArg(t.now)); err != nil {
		return fmt.Errorf("forget expired account tokens: %w", err)
	}
	return nil
}

// forgetAccountTokens removes every set-password link of an account: its
// password was set, or it was disabled, and a link mailed before must not
// work afterwards (nor again once the account is enabled).
func (t *tx) forgetAccountTokens(ctx context.Context, authorID int64) error {
	if _, err := t.exec(ctx, `DELETE FROM account_tokens WHERE author_id = ?`, authorID); err != nil {
		return fmt.Errorf("forget account tokens: %w", err)
	}
	return nil
}

// replaceAccountTokens stores tok in place of every earlier link of its
// kind for its account, so that only the newest link works, and forgets
// expired links of every account.
func (t *tx) replaceAccountTokens(ctx context.Context, tok masthead.AccountToken) error {
	if _, err := t.exec(ctx, `DELETE FROM account_tokens WHERE (author_id = ? AND kind = ?) OR (kind = ? AND expires_at <= ?)`,
		tok.AuthorID, tok.Kind, masthead.TokenPasswordReset, timeArg(t.now)); err != nil {
		return fmt.Errorf("store account token: %w", err)
	}
	if tok.CreatedAt.IsZero() {
		tok.CreatedAt = t.now
	}
	var createdBy any
	if tok.CreatedBy != 0 {
		createdBy = tok.CreatedBy
	}
	if _, err := t.exec(ctx, `INSERT INTO account_tokens (token_hash, kind, author_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		tok.Hash, tok.Kind, tok.AuthorID, createdBy, timeArg(tok.CreatedAt), timeArg(tok.ExpiresAt)); err != nil {
		return t.classify(fmt.Errorf("store account token: %w", err), "That link exists already.")
	}
	return nil
}

// InviteStaff creates the account, its invitation link and its mail.
func (s *Store) InviteStaff(ctx context.Context, a *masthead.Author, tok masthead.AccountToken, mail *masthead.OutboxMessage) error {
	if err := a.ValidateStaff(); err != nil {
		return err
	}
	if tok.Hash == "" || tok.Kind != masthead.TokenInvitation {
		return masthead.Errorf(masthead.EINVALID, "An invitation needs an invitation token.")
	}
	if mail != nil {
		if err := masthead.CheckMail(mail); err != nil {
			return err
		}
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := insertAuthor(ctx, t, a, ""); err != nil {
		a.ID = 0
		return err
	}
	tok.AuthorID = a.ID
	if err := t.replaceAccountTokens(ctx, tok); err != nil {
		a.ID = 0
		return err
	}
	if mail != nil {
		if err := t.queueMail(ctx, mail); err != nil {
			a.ID = 0
			return err
		}
	}
	if err := t.Commit(); err != nil {
		a.ID = 0
		return err
	}
	return nil
}

// RenewInvitation sends a pending invitation again with a new link.
func (s *Store) RenewInvitation(ctx context.Context, tok masthead.AccountToken, mail *masthead.OutboxMessage) error {
	if tok.Hash == "" || tok.Kind != masthead.TokenInvitation {
		return masthead.Errorf(masthead.EINVALID, "An invitation needs an invitation token.")
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	var id int64
	err = t.queryRow(ctx, `SELECT id FROM authors WHERE id = ? AND password_hash = '' AND email <> '' AND disabled_at IS NULL`+t.s.dialect.ForUpdate,
		tok.AuthorID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "That staff member has no invitation waiting: they may have set their password already.")
	} else if err != nil {
		return fmt.Errorf("renew invitation: %w", err)
	}
	if err := t.replaceAccountTokens(ctx, tok); err != nil {
		return err
	}
	if mail != nil {
		if err := t.queueMail(ctx, mail); err != nil {
			return err
		}
	}
	return t.Commit()
}

// RevokeInvitation removes a pending invitation and disables its account.
func (s *Store) RevokeInvitation(ctx context.Context, authorID int64) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	res, err := t.exec(ctx, `DELETE FROM account_tokens WHERE author_id = ? AND kind = ?
		AND author_id IN (SELECT id FROM authors WHERE password_hash = '')`, authorID, masthead.TokenInvitation)
	if err != nil {
		return fmt.Errorf("revoke invitation: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "That staff member has no invitation waiting.")
	}
	// An account without a password has never signed in, so it has no
	// sessions and cannot be the last active admin's only stand-in: the
	// site had an admin to revoke the invitation.
	if _, err := t.exec(ctx, `UPDATE authors SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL`, timeArg(t.now), authorID); err != nil {
		return fmt.Errorf("revoke invitation: %w", err)
	}
	return t.Commit()
}

// FindInvitations lists the pending invitations.
func (s *Store) FindInvitations(ctx context.Context) ([]*masthead.Invitation, error) {
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	rows, err := t.query(ctx, `SELECT `+authorColumns+`, k.created_by, k.created_at, k.expires_at`+authorFrom+`
		JOIN account_tokens k ON k.author_id = au.id
		WHERE k.kind = ? AND au.password_hash = '' ORDER BY k.created_at DESC, au.id DESC`, masthead.TokenInvitation)
	if err != nil {
		return nil, fmt.Errorf("find invitations: %w", err)
	}
	var out []*masthead.Invitation
	for rows.Next() {
		inv := &masthead.Invitation{Author: &masthead.Author{}}
		var createdBy sql.NullInt64
		if err := scanAuthor(rows, inv.Author, &createdBy, &inv.CreatedAt, &inv.ExpiresAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find invitations: %w", err)
		}
		inv.CreatedBy, inv.CreatedAt, inv.ExpiresAt = createdBy.Int64, inv.CreatedAt.UTC(), inv.ExpiresAt.UTC()
		out = append(out, inv)
	}
	return out, closeRows(rows, "find invitations")
}

// FindAccountToken reads a working link and its account.
func (s *Store) FindAccountToken(ctx context.Context, tokenHash string) (*masthead.AccountToken, *masthead.Author, error) {
	t, err := s.beginCurrent(ctx) // a link mailed a moment ago must work
	if err != nil {
		return nil, nil, err
	}
	defer t.Rollback()
	return t.findAccountToken(ctx, tokenHash)
}

func (t *tx) findAccountToken(ctx context.Context, tokenHash string) (*masthead.AccountToken, *masthead.Author, error) {
	var tok masthead.AccountToken
	var a masthead.Author
	var createdBy sql.NullInt64
	err := scanAuthor(t.queryRow(ctx, `SELECT `+authorColumns+`, k.token_hash, k.kind, k.author_id, k.created_by, k.created_at, k.expires_at`+authorFrom+`
		JOIN account_tokens k ON k.author_id = au.id
		WHERE k.token_hash = ? AND k.expires_at > ? AND au.disabled_at IS NULL`, tokenHash, timeArg(t.now)),
		&a, &tok.Hash, &tok.Kind, &tok.AuthorID, &createdBy, &tok.CreatedAt, &tok.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errAccountToken
	} else if err != nil {
		return nil, nil, fmt.Errorf("find account token: %w", err)
	}
	tok.CreatedBy, tok.CreatedAt, tok.ExpiresAt = createdBy.Int64, tok.CreatedAt.UTC(), tok.ExpiresAt.UTC()
	return &tok, &a, nil
}

// UseAccountToken sets the password through a link, once.
func (s *Store) UseAccountToken(ctx context.Context, tokenHash, passwordHash string) (*masthead.Author, error) {
	if passwordHash == "" {
		return nil, masthead.FieldErrorf("password", "A staff account needs a password.")
	}
	t, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	_, a, err := t.findAccountToken(ctx, tokenHash)
	if err != nil {
		return nil, err
	}
	// Deleting the link decides which of two uses sent at once wins: the
	// second finds it gone.
	res, err := t.exec(ctx, `DELETE FROM account_tokens WHERE token_hash = ?`, tokenHash)
	if err != nil {
		return nil, fmt.Errorf("use account token: %w", err)
	}
	if err := oneRow(res, errAccountToken); err != nil {
		return nil, err
	}
	if _, err := t.exec(ctx, `UPDATE authors SET password_hash = ?, updated_at = ? WHERE id = ?`, passwordHash, timeArg(t.now), a.ID); err != nil {
		return nil, fmt.Errorf("use account token: %w", err)
	}
	// Every other link of the account goes, and every session ends: a
	// new password shuts out whoever knew the old one.
	if err := t.forgetAccountTokens(ctx, a.ID); err != nil {
		return nil, err
	}
	if _, err := t.exec(ctx, `DELETE FROM sessions WHERE author_id = ?`, a.ID); err != nil {
		return nil, fmt.Errorf("use account token: %w", err)
	}
	return a, t.Commit()
}
