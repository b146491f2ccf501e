package masthead

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// AccountTokenKind names what a set-password link is for.
type AccountTokenKind string

// The kinds of set-password link.
const (
	// TokenPasswordReset is a link a staff member asked for with "Forgot
	// your password?".
	TokenPasswordReset AccountTokenKind = "password_reset"
	// TokenInvitation is the link an admin's invitation sends a new staff
	// member.
	TokenInvitation AccountTokenKind = "invitation"
)

// How long each kind of link works: a reset link is asked for by the
// person who uses it, a moment before; an invitation waits for someone
// who may be away for days.
const (
	PasswordResetLifetime = time.Hour
	InvitationLifetime    = 7 * 24 * time.Hour
)

// Lifetime returns how long a link of the kind works.
func (k AccountTokenKind) Lifetime() time.Duration {
	if k == TokenInvitation {
		return InvitationLifetime
	}
	return PasswordResetLifetime
}

// AccountToken is a set-password link as stored: only the SHA-256 of its
// random token, so that a copy of the database opens no account. It works
// once, until ExpiresAt, for an account that is not disabled; using it
// ends every session of the account.
type AccountToken struct {
	// Hash is HashToken of the token the link carries.
	Hash     string
	Kind     AccountTokenKind
	AuthorID int64
	// CreatedBy is the admin who sent an invitation, 0 for a reset or an
	// invitation from the command line.
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// NewAccountToken returns a fresh random token for a link of kind,
// created at now, and the AccountToken to store for it.
func NewAccountToken(kind AccountTokenKind, now time.Time) (string, AccountToken, error) {
	token, hash, err := NewLinkToken()
	if err != nil {
		return "", AccountToken{}, err
	}
	return token, AccountToken{Hash: hash, Kind: kind, CreatedAt: now, ExpiresAt: now.Add(kind.Lifetime())}, nil
}

// NewLinkToken returns a fresh random token (256 bits, URL-safe) for a
// session or a link that is mailed or printed, and the hash the store
// keeps of it, so that a copy of the database opens nothing.
func NewLinkToken() (token, hash string, err error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(raw)
	return token, HashToken(token), nil
}

// HashToken returns how a token is stored and looked up: sessions,
// set-up links, set-password links and readers' confirmation links.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Invitation is a staff account waiting for its first password, with the
// link it was sent.
type Invitation struct {
	Author    *Author
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Expired reports whether the invitation's link no longer works at now.
func (i *Invitation) Expired(now time.Time) bool { return !now.Before(i.ExpiresAt) }

// CheckInvite returns EFORBIDDEN unless u may invite a new staff member
// with role: those who manage staff (admins) invite anyone, any role, as
// they may add accounts; nobody else invites. u is nil for the command
// line, which the site's operator runs and which may do anything.
func CheckInvite(u *Author, role Role) error {
	if !role.Valid() {
		return FieldErrorf("role", "Choose a role.")
	}
	if u != nil && (!Can(u.Role, ActManageStaff) || u.Disabled()) {
		return Errorf(EFORBIDDEN, "Your role does not allow this.")
	}
	return nil
}

// PasswordResetPolicy throttles "Forgot your password?" on the sign-in
// throttle's pattern and tables: each request is stored, under the
// address it names and the network it comes from, before anything is
// looked up. 3 requests per address and network are free, then each
// waits a minute after the latest, 2, 4 ... up to an hour; one network
// may ask 20 times an hour for all addresses, and one address receives at
// most 10 reset mails an hour, so that nobody can fill a staff member's
// mailbox. A failure counts for a day, as a sign-in's does.
var PasswordResetPolicy = SignInPolicy{
	FreeFailures: 3,
	FirstDelay:   time.Minute,
	MaxDelay:     time.Hour,
	PairWindow:   24 * time.Hour,
	NetworkMax:   20,
	AccountMax:   10,
	Window:       time.Hour,
}

// PasswordResetAttempt returns the attempt under which a reset request for
// email from network is counted: apart from sign-ins (the account and the
// network carry a prefix of their own), so that asking for a link never
// slows down signing in, nor the other way round. Returns EINVALID as
// SignInAccount does.
func PasswordResetAttempt(email, network string) (SignInAttempt, error) {
	account, err := SignInAccount(email)
	if err != nil {
		return SignInAttempt{}, err
	}
	return SignInAttempt{Account: "reset:" + account, Network: "reset:" + network}, nil
}

// PasswordResetThrottled is the ERATELIMIT that refuses a reset request
// which must wait, worded for the form.
func PasswordResetThrottled(err error) error {
	e, ok := err.(*Error)
	if !ok || e.Code != ERATELIMIT {
		return err
	}
	secs := max(1, int((e.RetryAfter+time.Second-1)/time.Second))
	return &Error{Code: ERATELIMIT, RetryAfter: e.RetryAfter,
		Message: "Too many password reset requests: please wait " + waitWords(secs) + " and try again."}
}

// PasswordResetRequest is a "Forgot your password?" form, as the store
// carries it out in one transaction: it counts the request under Attempt
// and Policy, looks up the active staff account with Email, and, only
// when there is one, stores Token for it and queues Mail to its address.
// Whether or not an account matched, the same work of one write is done
// and the same answer given, so that neither the answer nor its timing
// tells who is staff.
type PasswordResetRequest struct {
	Attempt SignInAttempt
	Policy  SignInPolicy
	Email   string
	// Token is the link's token, without its AuthorID, which the store
	// sets from the account.
	Token AccountToken
	// Mail is the message carrying the link, composed before the lookup
	// for every request alike; the store sets its To and ToName from the
	// account. Nil queues nothing (a site that cannot send mail).
	Mail *OutboxMessage
}
