package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"masthead"
)

// ReserveSignIn counts an attempt's history, asks the policy, and stores
// the attempt, in one write transaction. On PostgreSQL the transaction
// first takes the key locks of the account and of the network, always in
// that order, so that attempts sharing either are decided one after the
// other and two of them never wait for each other; SQLite's write
// transactions run one at a time already.
func (s *Store) ReserveSignIn(ctx context.Context, a masthead.SignInAttempt, p masthead.SignInPolicy) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := t.reserveSignIn(ctx, a, p); err != nil {
		return err
	}
	return t.Commit()
}

// reserveSignIn is ReserveSignIn inside t, for the requests that count
// under the throttle's pattern and do more in the same transaction (a
// password reset).
func (t *tx) reserveSignIn(ctx context.Context, a masthead.SignInAttempt, p masthead.SignInPolicy) error {
	if lock := t.s.dialect.KeyLock; lock != "" {
		for _, key := range []string{"sign-in-account:" + a.Account, "sign-in-network:" + a.Network} {
			if _, err := t.exec(ctx, lock, key); err != nil {
				return fmt.Errorf("reserve sign-in: lock: %w", err)
			}
		}
	}
	h, err := t.signInHistory(ctx, a, p)
	if err != nil {
		return fmt.Errorf("reserve sign-in: %w", err)
	}
	if wait := p.Wait(h, t.now); wait > 0 {
		return masthead.SignInThrottled(wait)
	}
	// Attempts older than any window are forgotten as new ones come, so
	// the table stays the size of a day's attempts.
	if keep := p.Keep(); keep > 0 {
		if _, err := t.exec(ctx, `DELETE FROM sign_in_attempts WHERE at < ?`, timeArg(t.now.Add(-keep))); err != nil {
			return fmt.Errorf("reserve sign-in: %w", err)
		}
	}
	if _, err := t.exec(ctx, `INSERT INTO sign_in_attempts (account, network, at) VALUES (?, ?, ?)`, a.Account, a.Network, timeArg(t.now)); err != nil {
		return fmt.Errorf("reserve sign-in: %w", err)
	}
	return nil
}

// signInHistory counts the stored attempts that concern a.
func (t *tx) signInHistory(ctx context.Context, a masthead.SignInAttempt, p masthead.SignInPolicy) (masthead.SignInHistory, error) {
	var h masthead.SignInHistory
	since := timeArg(t.now.Add(-p.PairWindow))
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM sign_in_attempts WHERE account = ? AND network = ? AND at > ?`,
		a.Account, a.Network, since).Scan(&h.PairFailures); err != nil {
		return h, err
	}
	if h.PairFailures > 0 {
		if err := t.queryRow(ctx, `SELECT at FROM sign_in_attempts WHERE account = ? AND network = ? AND at > ? ORDER BY at DESC LIMIT 1`,
			a.Account, a.Network, since).Scan(&h.PairLast); err != nil {
			return h, err
		}
		h.PairLast = h.PairLast.UTC()
	}
	var err error
	if h.NetworkNth, err = t.nthNewestAttempt(ctx, "network", a.Network, p.NetworkMax, p.Window); err != nil {
		return h, err
	}
	if h.AccountNth, err = t.nthNewestAttempt(ctx, "account", a.Account, p.AccountMax, p.Window); err != nil {
		return h, err
	}
	return h, nil
}

// nthNewestAttempt returns the time of the n-th newest attempt within
// window whose column (account or network, never a value from outside)
// is value, or the zero time when there are fewer or n is not positive.
func (t *tx) nthNewestAttempt(ctx context.Context, column, value string, n int, window time.Duration) (time.Time, error) {
	if n <= 0 {
		return time.Time{}, nil
	}
	var at time.Time
	err := t.queryRow(ctx, `SELECT at FROM sign_in_attempts WHERE `+column+` = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?`,
		value, timeArg(t.now.Add(-window)), n-1).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return at.UTC(), err
}

// ClearSignIns forgets an account's attempts from a network.
func (s *Store) ClearSignIns(ctx context.Context, a masthead.SignInAttempt) error {
	return s.execOne(ctx, "clear sign-ins", `DELETE FROM sign_in_attempts WHERE account = ? AND network = ?`, a.Account, a.Network)
}

// CreateSetupToken stores a set-up token's hash.
func (s *Store) CreateSetupToken(ctx context.Context, tokenHash string, expiresAt time.Time) error {
	if tokenHash == "" {
		return masthead.Errorf(masthead.EINVALID, "A set-up token cannot be empty.")
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if _, err := t.exec(ctx, `DELETE FROM setup_tokens WHERE expires_at <= ?`, timeArg(t.now)); err != nil {
		return fmt.Errorf("create setup token: %w", err)
	}
	if _, err := t.exec(ctx, `INSERT INTO setup_tokens (token_hash, expires_at) VALUES (?, ?)`, tokenHash, timeArg(expiresAt)); err != nil {
		return t.classify(fmt.Errorf("create setup token: %w", err), "That set-up token already exists.")
	}
	return t.Commit()
}

// CheckSetupToken reads whether a set-up token is good, without writing.
func (s *Store) CheckSetupToken(ctx context.Context, tokenHash string) error {
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	return t.checkSetupToken(ctx, tokenHash)
}

// errSetupToken refuses a set-up token that is unknown, used, expired, or
// no longer needed.
var errSetupToken = masthead.Errorf(masthead.ENOTFOUND, "This set-up link is not valid: it may have been used, have expired, or the site may have an admin already.")

func (t *tx) checkSetupToken(ctx context.Context, tokenHash string) error {
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM setup_tokens WHERE token_hash = ? AND expires_at > ?`, tokenHash, timeArg(t.now)).Scan(&n); err != nil {
		return fmt.Errorf("check setup token: %w", err)
	}
	if n == 0 {
		return errSetupToken
	}
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM authors WHERE role = ? AND disabled_at IS NULL`, masthead.RoleAdmin).Scan(&n); err != nil {
		return fmt.Errorf("check setup token: %w", err)
	}
	if n > 0 {
		return errSetupToken
	}
	return nil
}

// CreateFirstAdmin uses up a set-up token and creates the admin. The
// token's row is deleted in the transaction that stores the admin, under
// lockAdmins, so that of two requests with one token (or two tokens) at
// once the second finds it gone, or finds the admin, and makes none.
func (s *Store) CreateFirstAdmin(ctx context.Context, tokenHash string, a *masthead.Author, passwordHash string) error {
	if a.Role != masthead.RoleAdmin {
		return masthead.FieldErrorf("role", "The first account of a site must be an admin.")
	}
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
	if err := t.lockAdmins(ctx); err != nil {
		return err
	}
	if err := t.checkSetupToken(ctx, tokenHash); err != nil {
		return err
	}
	res, err := t.exec(ctx, `DELETE FROM setup_tokens WHERE token_hash = ?`, tokenHash)
	if err != nil {
		return fmt.Errorf("use setup token: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return errSetupToken
	}
	if err := insertAuthor(ctx, t, a, passwordHash); err != nil {
		a.ID = 0
		return err
	}
	// Set-up is done: every other token it printed goes too.
	if _, err := t.exec(ctx, `DELETE FROM setup_tokens`); err != nil {
		return fmt.Errorf("use setup token: %w", err)
	}
	return t.Commit()
}
