package masthead

import (
	"strings"
	"testing"
	"time"
)

func TestSignInDelay(t *testing.T) {
	p := DefaultSignInPolicy
	for failures, want := range map[int]time.Duration{
		0: 0, 4: 0, 5: time.Second, 6: 2 * time.Second, 7: 4 * time.Second, 14: 512 * time.Second,
		15: 15 * time.Minute, 16: 15 * time.Minute, 1000: 15 * time.Minute,
	} {
		if got := p.Delay(failures); got != want {
			t.Errorf("Delay(%d) = %v, want %v", failures, got, want)
		}
	}
}

func TestSignInWait(t *testing.T) {
	p := DefaultSignInPolicy
	at := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		h    SignInHistory
		want time.Duration
	}{
		{"no history", SignInHistory{}, 0},
		{"free failures", SignInHistory{PairFailures: 4, PairLast: at}, 0},
		{"first delay", SignInHistory{PairFailures: 5, PairLast: at.Add(-300 * time.Millisecond)}, 700 * time.Millisecond},
		{"delay over", SignInHistory{PairFailures: 6, PairLast: at.Add(-2 * time.Second)}, 0},
		{"network cap", SignInHistory{NetworkNth: at.Add(-10 * time.Minute)}, 5 * time.Minute},
		{"account cap", SignInHistory{AccountNth: at.Add(-14 * time.Minute)}, time.Minute},
		{"the longest wins", SignInHistory{PairFailures: 5, PairLast: at, AccountNth: at.Add(-14 * time.Minute)}, time.Minute},
	}
	for _, tt := range tests {
		if got := p.Wait(tt.h, at); got != tt.want {
			t.Errorf("%s: Wait = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSignInThrottled(t *testing.T) {
	for wait, want := range map[time.Duration]string{
		300 * time.Millisecond: "wait 1 second and",
		2 * time.Second:        "wait 2 seconds and",
		61 * time.Second:       "wait 2 minutes and",
		15 * time.Minute:       "wait 15 minutes and",
	} {
		err := SignInThrottled(wait)
		var e *Error
		if ErrorCode(err) != ERATELIMIT || !strings.Contains(ErrorMessage(err), want) {
			t.Errorf("SignInThrottled(%v) = %v, want ERATELIMIT saying %q", wait, err, want)
		}
		if e, _ = err.(*Error); e.RetryAfter < wait || e.RetryAfter%time.Second != 0 {
			t.Errorf("SignInThrottled(%v).RetryAfter = %v", wait, e.RetryAfter)
		}
	}
}

func TestSignInAccount(t *testing.T) {
	a, err := SignInAccount("Ed@Staff.Example")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := SignInAccount("  ed@staff.example "); a != b {
		t.Error("the key depends on case or spaces")
	}
	if len(a) != 64 || strings.Contains(a, "ed") {
		t.Errorf("key %q is not a hash", a)
	}
	longest := strings.Repeat("a", MaxEmailBytes-len("@x.example")) + "@x.example"
	if _, err := SignInAccount(longest); err != nil {
		t.Errorf("an email of %d bytes: %v", len(longest), err)
	}
	_, err = SignInAccount("a" + longest)
	if ErrorCode(err) != EINVALID || ErrorField(err) != "email" {
		t.Errorf("an email of %d bytes: %v, want EINVALID at the email", len(longest)+1, err)
	}
}
