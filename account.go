package masthead

import (
	"context"
	"time"
)

// Session is a staff member's signed-in browser. The store keeps only a
// hash of the session's secret token, so a copy of the database opens no
// session.
type Session struct {
	TokenHash string
	AuthorID  int64
	CreatedAt time.Time
	ExpiresAt time.Time
	// IP is the reduced address the session signed in from.
	IP string
}

// AccountStore persists staff passwords, sessions and failed logins: in
// the database, so that every node of a site agrees on them.
type AccountStore interface {
	// CreateStaff stores a new staff account with its password hash in one
	// transaction, so that no account is ever left without its password,
	// and sets the author's ID and times. The password is hashed by the
	// caller (package password), outside the transaction. Returns EINVALID
	// (an author ValidateStaff refuses, or an empty hash), or ECONFLICT when
	// the slug or email is taken; on any error nothing is stored.
	CreateStaff(ctx context.Context, a *Author, passwordHash string) error
	// DisableStaff disables a staff account and ends all its sessions in
	// the same transaction; its bylines and author page stay. Disabling a
	// disabled account changes nothing. Returns ENOTFOUND, or ECONFLICT for
	// the last active admin, so that a site always keeps one.
	DisableStaff(ctx context.Context, authorID int64) error
	// EnableStaff lets a disabled account sign in again. Returns ENOTFOUND.
	EnableStaff(ctx context.Context, authorID int64) error
	// FindAuthorByEmail returns the staff member with the login email, with
	// the password hash, whether or not the account is disabled. Returns
	// ENOTFOUND.
	FindAuthorByEmail(ctx context.Context, email string) (*Author, string, error)
	// SetPassword stores a new password hash. Returns ENOTFOUND.
	SetPassword(ctx context.Context, authorID int64, hash string) error
	// CountAdmins returns how many active (not disabled) staff members have
	// the admin role.
	CountAdmins(ctx context.Context) (int, error)

	// CreateSession stores a new session. Returns ECONFLICT for a token
	// hash in use.
	CreateSession(ctx context.Context, s *Session) error
	// FindSession returns the unexpired session with the token hash and its
	// staff member. Returns ENOTFOUND, also for a disabled account's.
	FindSession(ctx context.Context, tokenHash string) (*Session, *Author, error)
	// DeleteSession ends one session; ending a missing one is no error.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteSessionsOf ends every session of a staff member but keep.
	DeleteSessionsOf(ctx context.Context, authorID int64, keep string) error

	// RecordLoginFailure notes a failed login under each key (an account,
	// a network) and returns, for each key, the failures since since.
	RecordLoginFailure(ctx context.Context, keys []string, since time.Time) ([]int, error)
	// CountLoginFailures returns, for each key, the failures since since.
	CountLoginFailures(ctx context.Context, keys []string, since time.Time) ([]int, error)
	// ClearLoginFailures forgets the failures of a key, after a success.
	ClearLoginFailures(ctx context.Context, key string) error
}
