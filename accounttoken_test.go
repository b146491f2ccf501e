package masthead

import (
	"testing"
	"time"
)

func TestCheckInvite(t *testing.T) {
	admin := &Author{ID: 1, Role: RoleAdmin}
	disabledAdmin := &Author{ID: 2, Role: RoleAdmin, DisabledAt: time.Unix(1, 0)}
	for _, tc := range []struct {
		who  *Author
		role Role
		want string
	}{
		{admin, RoleAdmin, ""},
		{admin, RoleContributor, ""},
		{nil, RoleEditor, ""}, // the command line
		{&Author{ID: 3, Role: RoleEditor}, RoleAuthor, EFORBIDDEN},
		{&Author{ID: 4, Role: RoleAuthor}, RoleContributor, EFORBIDDEN},
		{disabledAdmin, RoleAuthor, EFORBIDDEN},
		{admin, Role("owner"), EINVALID},
	} {
		if got := ErrorCode(CheckInvite(tc.who, tc.role)); got != tc.want {
			t.Errorf("CheckInvite(%v, %q) = %q, want %q", tc.who, tc.role, got, tc.want)
		}
	}
}

func TestAccountTokens(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	token, tok, err := NewAccountToken(TokenInvitation, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(token) < 40 || tok.Hash != HashToken(token) || tok.Hash == token || !tok.ExpiresAt.Equal(now.Add(7*24*time.Hour)) {
		t.Fatalf("token %q, stored %+v", token, tok)
	}
	other, _, _ := NewAccountToken(TokenPasswordReset, now)
	if other == token {
		t.Fatal("two tokens are the same")
	}
	if TokenPasswordReset.Lifetime() != time.Hour {
		t.Fatalf("a reset link lasts %v, want an hour", TokenPasswordReset.Lifetime())
	}
	reset, err := PasswordResetAttempt(" Ed@Example.org ", "192.0.2.0")
	if err != nil {
		t.Fatal(err)
	}
	signIn, _ := SignInAccount("ed@example.org")
	if reset.Account == signIn || reset.Network == "192.0.2.0" {
		t.Fatalf("a reset is counted as a sign-in: %+v", reset)
	}
	if same, _ := PasswordResetAttempt("ed@example.org", "192.0.2.0"); same != reset {
		t.Fatal("a reset's address is not folded as a sign-in's")
	}
	if _, err := PasswordResetAttempt(string(make([]byte, 300)), "192.0.2.0"); ErrorCode(err) != EINVALID {
		t.Fatalf("an overlong address: %v", err)
	}
	msg := ErrorMessage(PasswordResetThrottled(SignInThrottled(90 * time.Second)))
	if msg != "Too many password reset requests: please wait 2 minutes and try again." {
		t.Fatalf("throttled: %q", msg)
	}
}

func TestMailRetry(t *testing.T) {
	p := DefaultMailRetry
	var got []time.Duration
	for n := 1; n <= 10; n++ {
		got = append(got, p.Delay(n))
	}
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute,
		64 * time.Minute, 128 * time.Minute, 4 * time.Hour, 4 * time.Hour}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("delays = %v, want %v", got, want)
		}
	}
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	m := &OutboxMessage{Attempts: 1, GiveUpAt: now.Add(90 * time.Second)}
	if next, ok := p.Next(m, now); !ok || !next.Equal(now.Add(time.Minute)) {
		t.Fatalf("Next = %v, %v; want a minute on", next, ok)
	}
	m.Attempts = 2
	if _, ok := p.Next(m, now); ok {
		t.Fatal("a retry after the time to give up was allowed")
	}
}
