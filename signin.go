package masthead

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// MaxEmailBytes is the longest email address there can be: a mail path
// holds at most 256 bytes, two of them the angle brackets (RFC 5321).
const MaxEmailBytes = 254

// SignInAttempt is one try at a staff password, from the browser's sign-in
// form, the password page or any later path that checks a password (a
// reset, a token): it is counted under the account it names and the
// network it comes from.
type SignInAttempt struct {
	// Account is SignInAccount of the email the attempt names, whether or
	// not a staff member has it.
	Account string
	// Network is the client's network (a /24 or /48), never its address.
	Network string
}

// SignInAccount returns the key under which attempts to sign in as email
// are counted: a hash of the address, trimmed and in lower case, so that
// the table of attempts holds no email and "Ed@X" is counted with "ed@x".
// An address over MaxEmailBytes is refused with EINVALID for the "email"
// field before anything is counted, so that no request can store or make
// the server hash an unbounded value.
func SignInAccount(email string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if len(email) > MaxEmailBytes {
		return "", FieldErrorf("email", "An email address is at most %d characters long.", MaxEmailBytes)
	}
	sum := sha256.Sum256([]byte(email))
	return hex.EncodeToString(sum[:]), nil
}

// SignInPolicy is the sign-in throttle. Each attempt is reserved, counted
// as a failure, before its password is checked, and forgotten only when the
// password was right; so concurrent guesses cannot all slip in before the
// first of them is counted. A stranger's failures slow down only the
// stranger: the delays grow per account and network together, and the caps
// that span every account of a network, or every network of an account,
// are far above what a person mistyping reaches.
type SignInPolicy struct {
	// FreeFailures is how many failures an account and network may have
	// before each further attempt from there must wait.
	FreeFailures int
	// FirstDelay is the wait after FreeFailures failures, counted from the
	// latest; it doubles with each further failure, up to MaxDelay.
	FirstDelay, MaxDelay time.Duration
	// PairWindow is how long a failure counts for its account and network.
	PairWindow time.Duration
	// NetworkMax and AccountMax cap the failures within Window from one
	// network for all accounts, and for one account from all networks;
	// zero means no cap. At the cap, attempts wait until the oldest of
	// those failures leaves the window.
	NetworkMax, AccountMax int
	Window                 time.Duration
}

// DefaultSignInPolicy is the throttle the server applies: 5 free failures
// per account and network, then waits of 1 s, 2 s, 4 s ... up to 15
// minutes, failures counting for 24 hours; and at most 50 failures in 15
// minutes from one network, and 100 for one account from all networks.
var DefaultSignInPolicy = SignInPolicy{
	FreeFailures: 5,
	FirstDelay:   time.Second,
	MaxDelay:     15 * time.Minute,
	PairWindow:   24 * time.Hour,
	NetworkMax:   50,
	AccountMax:   100,
	Window:       15 * time.Minute,
}

// SignInHistory is what a store counted of the recent failures (attempts
// not known to have succeeded) that concern one attempt.
type SignInHistory struct {
	// PairFailures are the failures of the account from the network within
	// PairWindow, and PairLast the time of the latest.
	PairFailures int
	PairLast     time.Time
	// NetworkNth is the time of the NetworkMax-th newest failure from the
	// network within Window, and AccountNth of the AccountMax-th newest
	// for the account; zero when there are fewer.
	NetworkNth, AccountNth time.Time
}

// Delay is how long after the latest of failures an attempt must wait.
func (p SignInPolicy) Delay(failures int) time.Duration {
	if failures < p.FreeFailures || p.FirstDelay <= 0 {
		return 0
	}
	d := p.FirstDelay
	for range failures - p.FreeFailures {
		if d >= p.MaxDelay {
			break
		}
		d *= 2
	}
	return min(d, p.MaxDelay)
}

// Keep is how long a failure may still count, so that stores can forget
// older ones.
func (p SignInPolicy) Keep() time.Duration {
	return max(p.PairWindow, p.Window)
}

// Wait is how long an attempt must wait at now, given its history: zero
// when it may go ahead.
func (p SignInPolicy) Wait(h SignInHistory, now time.Time) time.Duration {
	var until time.Time
	later := func(t time.Time) {
		if t.After(until) {
			until = t
		}
	}
	if h.PairFailures >= p.FreeFailures {
		later(h.PairLast.Add(p.Delay(h.PairFailures)))
	}
	if p.NetworkMax > 0 && !h.NetworkNth.IsZero() {
		later(h.NetworkNth.Add(p.Window))
	}
	if p.AccountMax > 0 && !h.AccountNth.IsZero() {
		later(h.AccountNth.Add(p.Window))
	}
	return max(0, until.Sub(now))
}

// SignInThrottled is the ERATELIMIT that refuses an attempt which must
// wait, with a sentence saying how long and RetryAfter in whole seconds.
func SignInThrottled(wait time.Duration) error {
	secs := max(1, int((wait+time.Second-1)/time.Second))
	return &Error{Code: ERATELIMIT, RetryAfter: time.Duration(secs) * time.Second,
		Message: fmt.Sprintf("Too many failed sign-ins: please wait %s and try again.", waitWords(secs))}
}

// waitWords writes a wait of secs seconds as people say it: in seconds
// under a minute, else in whole minutes rounded up.
func waitWords(secs int) string {
	unit, n := "second", secs
	if secs >= 60 {
		unit, n = "minute", (secs+59)/60
	}
	if n != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", n, unit)
}
