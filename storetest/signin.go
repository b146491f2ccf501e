package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"masthead"
)

// retryAfter returns how long a refused attempt was told to wait, failing
// the test when it was not refused by the rate limit.
func retryAfter(t *testing.T, err error) time.Duration {
	t.Helper()
	var e *masthead.Error
	if masthead.ErrorCode(err) != masthead.ERATELIMIT || !errors.As(err, &e) {
		t.Fatalf("error = %v, want ERATELIMIT", err)
	}
	if e.Message == "" || e.RetryAfter <= 0 {
		t.Fatalf("ERATELIMIT without a message or a wait: %+v", e)
	}
	return e.RetryAfter
}

func testSignInThrottle(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	p := masthead.SignInPolicy{FreeFailures: 5, FirstDelay: time.Second, MaxDelay: 8 * time.Second, PairWindow: 24 * time.Hour}
	stranger := masthead.SignInAttempt{Account: "owner-hash", Network: "203.0.113.0"}
	for i := range 5 {
		if err := s.ReserveSignIn(ctx, stranger, p); err != nil {
			t.Fatalf("free attempt %d: %v", i+1, err)
		}
	}
	// Then each attempt waits, twice as long after each failure, up to the
	// cap.
	for _, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second} {
		if got := retryAfter(t, s.ReserveSignIn(ctx, stranger, p)); got != want {
			t.Fatalf("wait = %v, want %v", got, want)
		}
		clk.now = clk.now.Add(want - time.Millisecond)
		retryAfter(t, s.ReserveSignIn(ctx, stranger, p))
		clk.now = clk.now.Add(time.Millisecond)
		if err := s.ReserveSignIn(ctx, stranger, p); err != nil {
			t.Fatalf("after waiting %v: %v", want, err)
		}
	}
	// The owner, from another network, is not slowed down by any of it.
	owner := masthead.SignInAttempt{Account: "owner-hash", Network: "198.51.100.0"}
	if err := s.ReserveSignIn(ctx, owner, p); err != nil {
		t.Fatalf("the owner from their own network: %v", err)
	}
	// Failures older than the window no longer count.
	clk.now = clk.now.Add(24 * time.Hour)
	for i := range 5 {
		if err := s.ReserveSignIn(ctx, stranger, p); err != nil {
			t.Fatalf("a day later, attempt %d: %v", i+1, err)
		}
	}

	// A network is capped across accounts, until its oldest failure in the
	// window leaves it.
	capped := masthead.SignInPolicy{FreeFailures: 100, PairWindow: time.Hour, NetworkMax: 3, AccountMax: 3, Window: 15 * time.Minute}
	clk.now = Epoch.Add(48 * time.Hour)
	start := clk.now
	for i := range 3 {
		if err := s.ReserveSignIn(ctx, masthead.SignInAttempt{Account: fmt.Sprint("account-", i), Network: "192.0.2.0"}, capped); err != nil {
			t.Fatal(err)
		}
		clk.now = clk.now.Add(time.Minute)
	}
	if got, want := retryAfter(t, s.ReserveSignIn(ctx, masthead.SignInAttempt{Account: "account-x", Network: "192.0.2.0"}, capped)),
		start.Add(15*time.Minute).Sub(clk.now); got != want {
		t.Fatalf("a capped network waits %v, want %v", got, want)
	}
	if err := s.ReserveSignIn(ctx, masthead.SignInAttempt{Account: "account-x", Network: "192.0.3.0"}, capped); err != nil {
		t.Fatalf("another network: %v", err)
	}
	clk.now = start.Add(15 * time.Minute)
	if err := s.ReserveSignIn(ctx, masthead.SignInAttempt{Account: "account-y", Network: "192.0.2.0"}, capped); err != nil {
		t.Fatalf("once the oldest failure left the window: %v", err)
	}

	// So is an account across networks.
	clk.now = Epoch.Add(72 * time.Hour)
	for i := range 3 {
		if err := s.ReserveSignIn(ctx, masthead.SignInAttempt{Account: "targeted", Network: fmt.Sprint("10.0.", i, ".0")}, capped); err != nil {
			t.Fatal(err)
		}
	}
	retryAfter(t, s.ReserveSignIn(ctx, masthead.SignInAttempt{Account: "targeted", Network: "10.0.9.0"}, capped))
}

// testSignInBurst sends a burst of concurrent attempts: no more get
// through than the policy allows, since each is counted before the next
// is decided.
func testSignInBurst(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	p := masthead.SignInPolicy{FreeFailures: 5, FirstDelay: time.Second, MaxDelay: time.Minute, PairWindow: time.Hour,
		NetworkMax: 10, Window: 15 * time.Minute}
	burst := func(attempt func(i int) masthead.SignInAttempt) (allowed, refused int) {
		t.Helper()
		const n = 29
		errs := make(chan error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				errs <- s.ReserveSignIn(ctx, attempt(i), p)
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			switch masthead.ErrorCode(err) {
			case "":
				allowed++
			case masthead.ERATELIMIT:
				refused++
			default:
				t.Fatalf("a concurrent attempt failed: %v", err)
			}
		}
		return allowed, refused
	}
	if allowed, refused := burst(func(int) masthead.SignInAttempt {
		return masthead.SignInAttempt{Account: "one-account", Network: "203.0.113.0"}
	}); allowed != 5 || refused != 24 {
		t.Fatalf("one account from one network: %d allowed, %d refused; want 5 and 24", allowed, refused)
	}
	// The network cap holds as well, for guesses at many accounts; the 5
	// above count towards it.
	if allowed, refused := burst(func(i int) masthead.SignInAttempt {
		return masthead.SignInAttempt{Account: fmt.Sprint("account-", i), Network: "203.0.113.0"}
	}); allowed != 5 || refused != 24 {
		t.Fatalf("many accounts from one network: %d allowed, %d refused; want 5 and 24", allowed, refused)
	}
}

// testLastAdminRace has two admins demote or disable each other at the
// same moment, again and again: one of the two changes wins, the other is
// refused as the last admin's, and the site always keeps one admin.
func testLastAdminRace(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	demote := func(a *masthead.Author) error {
		got, err := s.FindAuthorByID(ctx, a.ID)
		if err != nil {
			return err
		}
		got.Role = masthead.RoleEditor
		return s.UpdateAuthor(ctx, got)
	}
	disable := func(a *masthead.Author) error { return s.DisableStaff(ctx, a.ID) }
	ops := []struct {
		name     string
		one, two func(*masthead.Author) error
	}{
		{"demote each other", demote, demote},
		{"disable each other", disable, disable},
		{"demote and disable", demote, disable},
	}
	var survivor *masthead.Author
	round := 0
	for _, op := range ops {
		for range 8 {
			round++
			pair := make([]*masthead.Author, 2)
			for i := range pair {
				pair[i] = &masthead.Author{Name: fmt.Sprint("Admin ", round, " ", i), Slug: fmt.Sprint("admin-", round, "-", i),
					Email: fmt.Sprint("admin-", round, "-", i, "@observer.example"), Role: masthead.RoleAdmin}
				if err := s.CreateStaff(ctx, pair[i], "$argon2id$x"); err != nil {
					t.Fatal(err)
				}
			}
			// The last round's survivor steps down, so that the pair are
			// the only admins.
			if survivor != nil {
				if err := disable(survivor); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := s.CountAdmins(ctx); err != nil || n != 2 {
				t.Fatalf("round %d starts with %d admins, %v", round, n, err)
			}
			start := make(chan struct{})
			errs := make([]error, 2)
			var wg sync.WaitGroup
			wg.Go(func() { <-start; errs[0] = op.one(pair[0]) })
			wg.Go(func() { <-start; errs[1] = op.two(pair[1]) })
			close(start)
			wg.Wait()
			won := -1
			for i, err := range errs {
				switch masthead.ErrorCode(err) {
				case "":
					won = i
				case masthead.ECONFLICT:
				default:
					t.Fatalf("%s, round %d: %v", op.name, round, err)
				}
			}
			if won < 0 || errs[1-won] == nil {
				t.Fatalf("%s, round %d: errors %v, want one change and one refusal", op.name, round, errs)
			}
			if n, err := s.CountAdmins(ctx); err != nil || n != 1 {
				t.Fatalf("%s, round %d: %d admins left, %v", op.name, round, n, err)
			}
			survivor = pair[1-won]
		}
	}
}

func testSetupTokens(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	wantCode(t, s.CheckSetupToken(ctx, "unknown"), masthead.ENOTFOUND)
	if err := s.CreateSetupToken(ctx, "token-hash", Epoch.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckSetupToken(ctx, "token-hash"); err != nil {
		t.Fatalf("a fresh token: %v", err)
	}
	clk.now = Epoch.Add(24 * time.Hour)
	wantCode(t, s.CheckSetupToken(ctx, "token-hash"), masthead.ENOTFOUND)
	admin := func(name string) *masthead.Author {
		return &masthead.Author{Name: name, Slug: masthead.Slugify(name), Email: masthead.Slugify(name) + "@observer.example", Role: masthead.RoleAdmin}
	}
	wantCode(t, s.CreateFirstAdmin(ctx, "token-hash", admin("Late Chief"), "$argon2id$x"), masthead.ENOTFOUND)
	clk.now = Epoch.Add(time.Hour)

	editor := admin("Not An Admin")
	editor.Role = masthead.RoleEditor
	wantCode(t, s.CreateFirstAdmin(ctx, "token-hash", editor, "$argon2id$x"), masthead.EINVALID)
	// A refused form leaves the token for the corrected one.
	mustAuthor(t, s, "Taken Name")
	taken := admin("Chief")
	taken.Email = "taken-name@example.com"
	wantCode(t, s.CreateFirstAdmin(ctx, "token-hash", taken, "$argon2id$x"), masthead.ECONFLICT)
	if err := s.CheckSetupToken(ctx, "token-hash"); err != nil {
		t.Fatalf("the token after a refused form: %v", err)
	}

	// Two requests with the token at once make one admin.
	if err := s.CreateSetupToken(ctx, "other-token", Epoch.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	errs := make([]error, 3)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, token := range []string{"token-hash", "token-hash", "other-token"} {
		wg.Go(func() {
			<-start
			errs[i] = s.CreateFirstAdmin(ctx, token, admin(fmt.Sprint("Chief ", i)), "$argon2id$x")
		})
	}
	close(start)
	wg.Wait()
	made := 0
	for _, err := range errs {
		switch masthead.ErrorCode(err) {
		case "":
			made++
		case masthead.ENOTFOUND:
		default:
			t.Fatal(err)
		}
	}
	if n, _ := s.CountAdmins(ctx); made != 1 || n != 1 {
		t.Fatalf("%d set-ups succeeded and %d admins exist, want 1 and 1 (errors %v)", made, n, errs)
	}
	// Used up, and every other token with it; a new one is no good while
	// the site has an admin.
	wantCode(t, s.CheckSetupToken(ctx, "token-hash"), masthead.ENOTFOUND)
	wantCode(t, s.CheckSetupToken(ctx, "other-token"), masthead.ENOTFOUND)
	if err := s.CreateSetupToken(ctx, "new-token", Epoch.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CheckSetupToken(ctx, "new-token"), masthead.ENOTFOUND)
	wantCode(t, s.CreateFirstAdmin(ctx, "new-token", admin("Second Chief"), "$argon2id$x"), masthead.ENOTFOUND)
}

// testSessionLastSeen checks that reading a session writes its last use
// at most once a minute.
func testSessionLastSeen(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	sess := &masthead.Session{TokenHash: "ana-desk", AuthorID: ana.ID, ExpiresAt: Epoch.Add(time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	if !sess.LastSeenAt.Equal(Epoch) {
		t.Fatalf("a new session was last seen at %v, want its start", sess.LastSeenAt)
	}
	for _, step := range []struct {
		at, want time.Duration
	}{
		{30 * time.Second, 0},
		{61 * time.Second, 61 * time.Second},
		{90 * time.Second, 61 * time.Second},
		{120 * time.Second, 61 * time.Second},
		{121 * time.Second, 121 * time.Second},
	} {
		clk.now = Epoch.Add(step.at)
		found, _, err := s.FindSession(ctx, "ana-desk")
		if err != nil {
			t.Fatal(err)
		}
		if !found.LastSeenAt.Equal(Epoch.Add(step.want)) {
			t.Errorf("at +%v the session was last seen at +%v, want +%v", step.at, found.LastSeenAt.Sub(Epoch), step.want)
		}
	}
}
