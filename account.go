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
	// FindAuthorByEmail returns the staff member with the login email, with
	// the password hash. Returns ENOTFOUND.
	FindAuthorByEmail(ctx context.Context, email string) (*Author, string, error)
	// SetPassword stores a new password hash. Returns ENOTFOUND.
	SetPassword(ctx context.Context, authorID int64, hash string) error
	// CountAdmins returns how many staff members have the admin role.
	CountAdmins(ctx context.Context) (int, error)

	// CreateSession stores a new session. Returns ECONFLICT for a token
	// hash in use.
	CreateSession(ctx context.Context, s *Session) error
	// FindSession returns the unexpired session with the token hash and its
	// staff member. Returns ENOTFOUND.
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
