package storetest

import (
	"context"
	"testing"
	"time"

	"masthead"
)

// outboxSize counts the messages of every status.
func outboxSize(t *testing.T, s masthead.Store) int {
	t.Helper()
	_, n, err := s.FindOutbox(context.Background(), masthead.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func resetRequest(t *testing.T, email, network string, token string, now time.Time) masthead.PasswordResetRequest {
	t.Helper()
	attempt, err := masthead.PasswordResetAttempt(email, network)
	if err != nil {
		t.Fatal(err)
	}
	mail := newMail(0, masthead.MailPasswordReset)
	mail.MessageID = token + "@observer.example"
	mail.To, mail.ToName = "", ""
	mail.Sensitive = true
	return masthead.PasswordResetRequest{Attempt: attempt, Policy: masthead.PasswordResetPolicy, Email: email, Mail: mail,
		Token: masthead.AccountToken{Hash: masthead.HashToken(token), Kind: masthead.TokenPasswordReset, CreatedAt: now, ExpiresAt: now.Add(masthead.PasswordResetLifetime)}}
}

// testPasswordResets checks "Forgot your password?": a request is counted
// whoever it names, a link and its mail are stored only for an active
// account, the newest link replaces older ones, and a link sets the
// password once, within its hour, ending every session.
func testPasswordResets(t *testing.T, open Opener) {
	s, clock := newStore(t, open)
	ctx := context.Background()
	ed := &masthead.Author{Name: "Eda Editor", Slug: "eda", Role: masthead.RoleEditor, Email: "eda@observer.example"}
	if err := s.CreateStaff(ctx, ed, "old-hash"); err != nil {
		t.Fatal(err)
	}
	gone := &masthead.Author{Name: "Gone Reporter", Slug: "gone", Role: masthead.RoleAuthor, Email: "gone@observer.example"}
	if err := s.CreateStaff(ctx, gone, "gone-hash"); err != nil {
		t.Fatal(err)
	}
	if err := s.DisableStaff(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}

	// Unknown and disabled addresses: answered alike, nothing queued.
	for i, email := range []string{"nobody@observer.example", "gone@observer.example"} {
		if err := s.RequestPasswordReset(ctx, resetRequest(t, email, "192.0.2.0", "unknown-"+string(rune('a'+i)), clock.now)); err != nil {
			t.Fatalf("%s: %v", email, err)
		}
	}
	if n := outboxSize(t, s); n != 0 {
		t.Fatalf("requests for no active account queued %d messages", n)
	}
	if _, _, err := s.FindAccountToken(ctx, masthead.HashToken("unknown-b")); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("a disabled account's link: %v, want ENOTFOUND", err)
	}

	if err := s.RequestPasswordReset(ctx, resetRequest(t, "eda@observer.example", "198.51.100.0", "first", clock.now)); err != nil {
		t.Fatal(err)
	}
	queued, _, err := s.FindOutbox(ctx, masthead.OutboxFilter{})
	if err != nil || len(queued) != 1 || queued[0].To != "eda@observer.example" || queued[0].ToName != "Eda Editor" || queued[0].Kind != masthead.MailPasswordReset {
		t.Fatalf("queued %+v (%v), want the reset mail to the account's address", queued, err)
	}
	tok, who, err := s.FindAccountToken(ctx, masthead.HashToken("first"))
	if err != nil || who.ID != ed.ID || tok.Kind != masthead.TokenPasswordReset || !tok.ExpiresAt.Equal(clock.now.Add(time.Hour)) {
		t.Fatalf("link: %+v for %v (%v)", tok, who, err)
	}
	clock.now = clock.now.Add(time.Minute)
	if err := s.RequestPasswordReset(ctx, resetRequest(t, "eda@observer.example", "198.51.100.0", "second", clock.now)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.FindAccountToken(ctx, masthead.HashToken("first")); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("an older link still works: %v", err)
	}

	// Throttled per address and network: the third request is free, the
	// fourth from there must wait; another network is not slowed.
	if err := s.RequestPasswordReset(ctx, resetRequest(t, "eda@observer.example", "198.51.100.0", "third", clock.now)); err != nil {
		t.Fatal(err)
	}
	err = s.RequestPasswordReset(ctx, resetRequest(t, "eda@observer.example", "198.51.100.0", "fourth", clock.now))
	if masthead.ErrorCode(err) != masthead.ERATELIMIT {
		t.Fatalf("a fourth request at once: %v, want ERATELIMIT", err)
	}
	if _, _, err := s.FindAccountToken(ctx, masthead.HashToken("fourth")); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatal("a throttled request stored a link")
	}
	if err := s.RequestPasswordReset(ctx, resetRequest(t, "eda@observer.example", "203.0.113.0", "elsewhere", clock.now)); err != nil {
		t.Fatalf("another network: %v", err)
	}
	// Sign-ins are counted apart: the account still signs in at once.
	account, _ := masthead.SignInAccount("eda@observer.example")
	if err := s.ReserveSignIn(ctx, masthead.SignInAttempt{Account: account, Network: "198.51.100.0"}, masthead.DefaultSignInPolicy); err != nil {
		t.Fatalf("resets slowed down signing in: %v", err)
	}

	sess := &masthead.Session{TokenHash: "sess", AuthorID: ed.ID, ExpiresAt: clock.now.Add(time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	wantCode(t, func() error { _, err := s.UseAccountToken(ctx, masthead.HashToken("elsewhere"), ""); return err }(), masthead.EINVALID)
	used, err := s.UseAccountToken(ctx, masthead.HashToken("elsewhere"), "new-hash")
	if err != nil || used.ID != ed.ID {
		t.Fatalf("use: %v, %v", used, err)
	}
	if _, hash, err := s.FindAuthorByEmail(ctx, "eda@observer.example"); err != nil || hash != "new-hash" {
		t.Fatalf("password hash %q (%v), want the new one", hash, err)
	}
	if _, _, err := s.FindSession(ctx, "sess"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("a session outlived the new password: %v", err)
	}
	wantCode(t, func() error { _, err := s.UseAccountToken(ctx, masthead.HashToken("elsewhere"), "again"); return err }(), masthead.ENOTFOUND)
	// Using one link removed every other link of the account.
	wantCode(t, func() error { _, _, err := s.FindAccountToken(ctx, masthead.HashToken("third")); return err }(), masthead.ENOTFOUND)

	// A link expires after its hour.
	clock.now = clock.now.Add(24 * time.Hour)
	if err := s.RequestPasswordReset(ctx, resetRequest(t, "eda@observer.example", "192.0.2.0", "late", clock.now)); err != nil {
		t.Fatal(err)
	}
	clock.now = clock.now.Add(time.Hour)
	wantCode(t, func() error { _, err := s.UseAccountToken(ctx, masthead.HashToken("late"), "late-hash"); return err }(), masthead.ENOTFOUND)

	// A link of an account disabled after it was mailed no longer works.
	if err := s.RequestPasswordReset(ctx, resetRequest(t, "eda@observer.example", "192.0.2.0", "before-disable", clock.now)); err != nil {
		t.Fatal(err)
	}
	other := &masthead.Author{Name: "Other Admin", Slug: "other", Role: masthead.RoleAdmin, Email: "other@observer.example"}
	if err := s.CreateStaff(ctx, other, "h"); err != nil {
		t.Fatal(err)
	}
	if err := s.DisableStaff(ctx, ed.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, func() error { _, err := s.UseAccountToken(ctx, masthead.HashToken("before-disable"), "x"); return err }(), masthead.ENOTFOUND)
}

// testInvitations checks invitations: the account, its link and its mail
// are stored together or not at all, listed while the account has no
// password, sent again with a new link, revoked, and used like a reset.
func testInvitations(t *testing.T, open Opener) {
	s, clock := newStore(t, open)
	ctx := context.Background()
	admin := &masthead.Author{Name: "Ada Admin", Slug: "ada", Role: masthead.RoleAdmin, Email: "ada@observer.example"}
	if err := s.CreateStaff(ctx, admin, "h"); err != nil {
		t.Fatal(err)
	}
	invite := func(name, email, token string, mail bool) (*masthead.Author, error) {
		a := &masthead.Author{Name: name, Slug: masthead.Slugify(name), Role: masthead.RoleAuthor, Email: email}
		tok := masthead.AccountToken{Hash: masthead.HashToken(token), Kind: masthead.TokenInvitation, CreatedBy: admin.ID, ExpiresAt: clock.now.Add(masthead.InvitationLifetime)}
		var m *masthead.OutboxMessage
		if mail {
			m = newMail(0, masthead.MailInvitation)
			m.To, m.MessageID = email, token+"@observer.example"
		}
		return a, s.InviteStaff(ctx, a, tok, m)
	}
	nia, err := invite("Nia Reporter", "nia@observer.example", "nia-1", true)
	if err != nil {
		t.Fatal(err)
	}
	if nia.ID == 0 || outboxSize(t, s) != 1 {
		t.Fatalf("invited: id %d, outbox %d", nia.ID, outboxSize(t, s))
	}
	if _, hash, err := s.FindAuthorByEmail(ctx, "nia@observer.example"); err != nil || hash != "" {
		t.Fatalf("the invited account has password hash %q (%v), want none", hash, err)
	}
	// A taken address stores nothing: no account, no link, no mail.
	if _, err := invite("Nia Again", "nia@observer.example", "nia-dup", true); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Fatalf("a taken address: %v, want ECONFLICT", err)
	}
	if outboxSize(t, s) != 1 {
		t.Fatal("a refused invitation queued its mail")
	}
	wantCode(t, func() error { _, _, err := s.FindAccountToken(ctx, masthead.HashToken("nia-dup")); return err }(), masthead.ENOTFOUND)
	// Without mail (a site that cannot send), the link alone.
	clock.now = clock.now.Add(time.Minute)
	omar, err := invite("Omar Writer", "omar@observer.example", "omar-1", false)
	if err != nil || outboxSize(t, s) != 1 {
		t.Fatalf("an invitation without mail: %v, outbox %d", err, outboxSize(t, s))
	}

	invs, err := s.FindInvitations(ctx)
	if err != nil || len(invs) != 2 || invs[0].Author.ID != omar.ID || invs[1].Author.ID != nia.ID || invs[1].CreatedBy != admin.ID ||
		!invs[1].ExpiresAt.Equal(Epoch.Add(masthead.InvitationLifetime)) {
		t.Fatalf("invitations = %+v (%v), want Omar's then Nia's", invs, err)
	}

	// Sent again: a new link replaces the old.
	renewed := masthead.AccountToken{Hash: masthead.HashToken("nia-2"), Kind: masthead.TokenInvitation, AuthorID: nia.ID, ExpiresAt: clock.now.Add(masthead.InvitationLifetime)}
	again := newMail(0, masthead.MailInvitation)
	again.MessageID = "nia-2@observer.example"
	if err := s.RenewInvitation(ctx, renewed, again); err != nil {
		t.Fatal(err)
	}
	wantCode(t, func() error { _, _, err := s.FindAccountToken(ctx, masthead.HashToken("nia-1")); return err }(), masthead.ENOTFOUND)
	if outboxSize(t, s) != 2 {
		t.Fatal("sending again queued no mail")
	}
	if _, err := s.UseAccountToken(ctx, masthead.HashToken("nia-2"), "nia-hash"); err != nil {
		t.Fatal(err)
	}
	renewed.Hash = masthead.HashToken("nia-3")
	wantCode(t, s.RenewInvitation(ctx, renewed, nil), masthead.ENOTFOUND) // she has a password now
	if invs, _ := s.FindInvitations(ctx); len(invs) != 1 || invs[0].Author.ID != omar.ID {
		t.Fatalf("after Nia set her password the invitations are %+v", invs)
	}

	// Revoked: the link goes and the account is disabled.
	if err := s.RevokeInvitation(ctx, omar.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.RevokeInvitation(ctx, omar.ID), masthead.ENOTFOUND)
	wantCode(t, s.RevokeInvitation(ctx, nia.ID), masthead.ENOTFOUND)
	wantCode(t, func() error { _, _, err := s.FindAccountToken(ctx, masthead.HashToken("omar-1")); return err }(), masthead.ENOTFOUND)
	if got, err := s.FindAuthorByID(ctx, omar.ID); err != nil || !got.Disabled() {
		t.Fatalf("the revoked account: %+v (%v), want it disabled", got, err)
	}
	if invs, _ := s.FindInvitations(ctx); len(invs) != 0 {
		t.Fatalf("invitations after revoking: %+v", invs)
	}
	wantCode(t, s.InviteStaff(ctx, &masthead.Author{Name: "X", Slug: "x", Role: masthead.RoleAuthor, Email: "x@observer.example"},
		masthead.AccountToken{Hash: "h", Kind: masthead.TokenPasswordReset}, nil), masthead.EINVALID)
}

// testPasswordResetNeedsAPassword asks for a reset for an invited account
// that never set a password: it is answered as any other request, and
// gets no link and no mail (its invitation is the way in).
func testPasswordResetNeedsAPassword(t *testing.T, open Opener) {
	s, clock := newStore(t, open)
	ctx := context.Background()
	invited := &masthead.Author{Name: "Nia Reporter", Slug: "nia", Role: masthead.RoleAuthor, Email: "nia@observer.example"}
	tok := masthead.AccountToken{Hash: masthead.HashToken("nia-invite"), Kind: masthead.TokenInvitation, ExpiresAt: clock.now.Add(masthead.InvitationLifetime)}
	if err := s.InviteStaff(ctx, invited, tok, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPasswordReset(ctx, resetRequest(t, invited.Email, "192.0.2.0", "nia-reset", clock.now)); err != nil {
		t.Fatal(err)
	}
	if n := outboxSize(t, s); n != 0 {
		t.Fatalf("an account without a password was sent %d reset mails", n)
	}
	wantCode(t, func() error { _, _, err := s.FindAccountToken(ctx, masthead.HashToken("nia-reset")); return err }(), masthead.ENOTFOUND)
	if _, _, err := s.FindAccountToken(ctx, masthead.HashToken("nia-invite")); err != nil {
		t.Fatalf("the invitation stopped working: %v", err)
	}
}

// testLinksEndWithPasswordOrDisable checks that every set-password link
// of an account goes when its password is set by any path, and when it
// is disabled, so that enabling it again does not revive an old link.
func testLinksEndWithPasswordOrDisable(t *testing.T, open Opener) {
	s, clock := newStore(t, open)
	ctx := context.Background()
	ed := &masthead.Author{Name: "Eda Editor", Slug: "eda", Role: masthead.RoleEditor, Email: "eda@observer.example"}
	if err := s.CreateStaff(ctx, ed, "old-hash"); err != nil {
		t.Fatal(err)
	}
	works := func(token string) bool {
		t.Helper()
		_, _, err := s.FindAccountToken(ctx, masthead.HashToken(token))
		if err != nil && masthead.ErrorCode(err) != masthead.ENOTFOUND {
			t.Fatal(err)
		}
		return err == nil
	}
	if err := s.RequestPasswordReset(ctx, resetRequest(t, ed.Email, "192.0.2.0", "before-password", clock.now)); err != nil {
		t.Fatal(err)
	}
	if !works("before-password") {
		t.Fatal("the link does not work")
	}
	if err := s.SetPassword(ctx, ed.ID, "new-hash"); err != nil {
		t.Fatal(err)
	}
	if works("before-password") {
		t.Fatal("a reset link still works after the password was set on the password page")
	}

	if err := s.RequestPasswordReset(ctx, resetRequest(t, ed.Email, "198.51.100.0", "before-disable", clock.now)); err != nil {
		t.Fatal(err)
	}
	if err := s.DisableStaff(ctx, ed.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.EnableStaff(ctx, ed.ID); err != nil {
		t.Fatal(err)
	}
	if works("before-disable") {
		t.Fatal("a link mailed before the account was disabled works again once it is enabled")
	}
}
