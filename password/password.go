// Package password hashes staff passwords with argon2id and checks them,
// in the PHC string format ("$argon2id$v=19$m=...,t=...,p=...$salt$hash"),
// so that the parameters can be raised later without breaking old hashes.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's costs. The defaults follow OWASP's recommendation
// for argon2id (19 MiB, two passes, one lane).
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// Default is what new hashes use.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// MinLength is the shortest password accepted; length beats complexity
// rules, as NIST's guidance has it.
const MinLength = 10

// MaxLength bounds the work a single login can cause.
const MaxLength = 1024

var b64 = base64.RawStdEncoding

// A CheckError says what is wrong with a new password in a sentence: its
// Format, an English sentence, and the Args formatted into it, so that a
// page can show it translated.
type CheckError struct {
	Format string
	Args   []any
}

// Error returns the sentence in English.
func (e *CheckError) Error() string { return fmt.Sprintf(e.Format, e.Args...) }

// Check reports what is wrong with a new password, as a *CheckError, or
// nil.
func Check(pw string) error {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinLength:
		return &CheckError{"The password must be at least %d characters long.", []any{MinLength}}
	case len(pw) > MaxLength:
		return &CheckError{"The password may be at most %d bytes long.", []any{MaxLength}}
	}
	return nil
}

// Hash returns the PHC string of pw with a fresh random salt.
func Hash(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	p := Default
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrMalformed is returned for a stored hash that is not argon2id's.
var ErrMalformed = errors.New("password hash is not an argon2id PHC string")

// Verify reports whether pw matches the stored hash, in constant time.
func Verify(pw, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrMalformed
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrMalformed
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || p.Time == 0 || p.Threads == 0 {
		return false, ErrMalformed
	}
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, ErrMalformed
	}
	if len(pw) > MaxLength {
		return false, nil
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is the hash of no one's password. It is made on first use, not
// when the package loads, so that every command and test that never checks
// a password does not pay for an argon2id hash (Default.Memory and tens of
// milliseconds) at start-up.
var dummyHash = sync.OnceValue(func() string {
	h, _ := Hash("not a real password, only for timing") // crypto/rand does not fail
	return h
})

// Matches reports whether pw matches the stored hash, and always does the
// work of one argon2id check: when the hash is empty or malformed (an
// unknown email, an account that has no password yet) it checks pw against
// a hash that is no one's, so that neither timing nor load tells which
// emails belong to staff, or which staff have a password.
func Matches(pw, encoded string) bool {
	ok, err := Verify(pw, encoded)
	if err != nil {
		return VerifyNone(pw)
	}
	return ok
}

// VerifyNone spends the time of one Verify of pw, against a hash that is no
// one's, and reports false. A sign-in with an unknown email calls it so
// that it takes as long as one with a known email, and timing does not
// tell which emails belong to staff.
func VerifyNone(pw string) bool {
	Verify(pw, dummyHash())
	return false
}
