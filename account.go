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
	// LastSeenAt is when the session was last used, to the minute: it is
	// written at most once a minute, so that reading a session stays a
	// read.
	LastSeenAt time.Time
}

// SessionTouchEvery is how stale a session's LastSeenAt may grow before
// FindSession writes it again.
const SessionTouchEvery = time.Minute

// AccountStore persists staff passwords, sessions, sign-in attempts and
// set-up tokens: in the database, so that every node of a site agrees on
// them.
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
	// the last active admin, so that a site always keeps one, also when two
	// admins are disabled or demoted at the same moment.
	DisableStaff(ctx context.Context, authorID int64) error
	// EnableStaff lets a disabled account sign in again. Returns ENOTFOUND.
	EnableStaff(ctx context.Context, authorID int64) error
	// FindAuthorByEmail returns the staff member with the login email, with
	// the password hash, whether or not the account is disabled. It reads
	// the latest password without taking a writer. Returns ENOTFOUND.
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
	// staff member. It only reads, so that a junk cookie costs no write,
	// but for a session whose LastSeenAt is SessionTouchEvery old, which
	// it moves to now. Returns ENOTFOUND, also for a disabled account's.
	FindSession(ctx context.Context, tokenHash string) (*Session, *Author, error)
	// DeleteSession ends one session; ending a missing one is no error.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteSessionsOf ends every session of a staff member but keep.
	DeleteSessionsOf(ctx context.Context, authorID int64, keep string) error

	// ReserveSignIn decides whether an attempt may check a password now,
	// and if so stores it as a failure until ClearSignIns says otherwise,
	// all in one write transaction that attempts for the same account or
	// network wait for: it counts their history (SignInHistory), asks
	// p.Wait, and stores the attempt. So a burst of concurrent guesses gets
	// no more checks than p allows, and a check that never finishes counts
	// as failed. Returns ERATELIMIT from SignInThrottled when the attempt
	// must wait, having stored nothing.
	ReserveSignIn(ctx context.Context, a SignInAttempt, p SignInPolicy) error
	// ClearSignIns forgets the failures of an account from a network, the
	// reserved attempt among them, once its password was right; those from
	// other networks stay.
	ClearSignIns(ctx context.Context, a SignInAttempt) error

	// CreateSetupToken stores the hash of a new token for the first-admin
	// set-up page, good for one use until expiresAt, and forgets expired
	// ones.
	CreateSetupToken(ctx context.Context, tokenHash string, expiresAt time.Time) error
	// CheckSetupToken returns ENOTFOUND unless a token with the hash is
	// stored and unexpired and the site has no active admin.
	CheckSetupToken(ctx context.Context, tokenHash string) error
	// CreateFirstAdmin uses up a set-up token and stores the admin as
	// CreateStaff does, in one transaction, so that a token makes one admin
	// at most, even when sent twice at once. Returns ENOTFOUND as
	// CheckSetupToken does, EINVALID for an author who is not an admin,
	// and CreateStaff's errors, in which case the token stays for the
	// corrected form.
	CreateFirstAdmin(ctx context.Context, tokenHash string, a *Author, passwordHash string) error

	// RequestPasswordReset carries out a "Forgot your password?" request
	// in one write transaction (see PasswordResetRequest): it reserves
	// r.Attempt under r.Policy as ReserveSignIn does, and then, only for
	// an active staff account with r.Email, replaces the account's earlier
	// reset links with r.Token and queues r.Mail to the account's address.
	// Returns ERATELIMIT when the request must wait, having stored
	// nothing, and nil whether or not an account matched.
	RequestPasswordReset(ctx context.Context, r PasswordResetRequest) error
	// InviteStaff stores a new staff account without a password, the
	// invitation link tok for it (its AuthorID set from the account) and,
	// unless mail is nil, the invitation mail, in one transaction. Returns
	// CreateStaff's errors, and EINVALID for a token that is not an
	// invitation's; on any error nothing is stored.
	InviteStaff(ctx context.Context, a *Author, tok AccountToken, mail *OutboxMessage) error
	// RenewInvitation replaces the invitation links of the staff account
	// tok.AuthorID with tok and queues mail (unless nil), in one
	// transaction: "send again". Returns ENOTFOUND unless the account
	// exists, is not disabled and has no password yet.
	RenewInvitation(ctx context.Context, tok AccountToken, mail *OutboxMessage) error
	// RevokeInvitation removes the invitation links of a staff account
	// that has no password yet and disables it, so that the account can
	// never be used unless an admin enables it and sets its password.
	// Returns ENOTFOUND unless the account has an invitation link.
	RevokeInvitation(ctx context.Context, authorID int64) error
	// FindInvitations returns the staff accounts that have no password
	// and an invitation link, expired or not, newest first.
	FindInvitations(ctx context.Context) ([]*Invitation, error)
	// FindAccountToken returns the set-password link with the hash and
	// its account, without writing, if the link works now: stored,
	// unexpired, and its account not disabled. Returns ENOTFOUND
	// otherwise.
	FindAccountToken(ctx context.Context, tokenHash string) (*AccountToken, *Author, error)
	// UseAccountToken sets the password of the link's account to
	// passwordHash, removes every set-password link of the account and
	// ends every one of its sessions, in one transaction, and returns the
	// account: a link works once, also when sent twice at the same
	// moment. Returns ENOTFOUND as FindAccountToken does, EINVALID for an
	// empty hash.
	UseAccountToken(ctx context.Context, tokenHash, passwordHash string) (*Author, error)
}
