package web

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"masthead"
	"masthead/password"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// countVerifies wraps the server's password check so that the test knows
// how many checks ran.
func countVerifies(srv *Server) *atomic.Int64 {
	var n atomic.Int64
	verify := srv.verifyPassword
	srv.verifyPassword = func(pw, hash string) bool {
		n.Add(1)
		return verify(pw, hash)
	}
	return &n
}

// signInFrom posts the sign-in form from a client address.
func signInFrom(t *testing.T, h http.Handler, remote, email, pw string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("POST", "/admin/login", strings.NewReader(url.Values{"email": {email}, "password": {pw}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = remote
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// attemptRows returns every stored sign-in attempt as its columns.
func attemptRows(t *testing.T, s *sqlstore.Store) [][2]string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT account, network FROM sign_in_attempts`)
	must(t, err)
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var r [2]string
		must(t, rows.Scan(&r[0], &r[1]))
		out = append(out, r)
	}
	must(t, rows.Err())
	return out
}

// TestSignInBurst sends 29 wrong guesses for one account at once over
// HTTP, the checks held up until the burst is over: only the policy's free
// failures are checked, the rest are answered 429 at once, and the right
// password sent while they are checked does not get in either.
func TestSignInBurst(t *testing.T) {
	f := newFixture(t)
	ed := addStaff(t, f.store, "Eda Editor", masthead.RoleEditor)
	var checks atomic.Int64
	held := make(chan struct{})
	verify := f.server.verifyPassword
	f.server.verifyPassword = func(pw, hash string) bool {
		checks.Add(1)
		if pw != staffPassword {
			<-held
		}
		return verify(pw, hash)
	}
	ts := httptest.NewServer(f.server)
	defer ts.Close()
	post := func(pw string) (int, string) {
		res, err := ts.Client().PostForm(ts.URL+"/admin/login", url.Values{"email": {ed.Email}, "password": {pw}})
		if err != nil {
			t.Error(err)
			return 0, ""
		}
		defer res.Body.Close()
		return res.StatusCode, res.Header.Get("Retry-After")
	}
	const guesses = 29
	free := masthead.DefaultSignInPolicy.FreeFailures
	statuses := make(chan int, guesses)
	var wg sync.WaitGroup
	for i := range guesses {
		wg.Go(func() {
			status, _ := post(fmt.Sprint("wrong guess ", i))
			statuses <- status
		})
	}
	defer func() {
		select {
		case <-held:
		default:
			close(held)
		}
	}()
	got := map[int]int{}
	deadline := time.After(20 * time.Second)
	for got[http.StatusTooManyRequests] < guesses-free {
		select {
		case status := <-statuses:
			got[status]++
		case <-deadline:
			t.Fatalf("while %d checks run, only %v of the other guesses were answered", checks.Load(), got)
		}
	}
	if status, retry := post(staffPassword); status != http.StatusTooManyRequests || retry == "" {
		t.Errorf("the right password inside the burst: status %d, Retry-After %q; want 429 with a Retry-After", status, retry)
	}
	close(held)
	wg.Wait()
	close(statuses)
	for status := range statuses {
		got[status]++
	}
	if n := checks.Load(); n != int64(free) {
		t.Errorf("%d passwords were checked, want %d", n, free)
	}
	if got[http.StatusUnprocessableEntity] != free || got[http.StatusTooManyRequests] != guesses-free {
		t.Errorf("statuses %v, want %d of 422 and %d of 429", got, free, guesses-free)
	}
}

// TestSignInStrangerCannotLockOut has a stranger fail again and again for
// someone's account: the stranger waits longer and longer, while the owner
// signs in from their own network at once.
func TestSignInStrangerCannotLockOut(t *testing.T) {
	f := newFixture(t)
	ed := addStaff(t, f.store, "Eda Editor", masthead.RoleEditor)
	clock := now
	f.store.Now = func() time.Time { return clock }
	checks := countVerifies(f.server)
	const stranger, owner = "203.0.113.7:4000", "198.51.100.9:5000"
	for i := range masthead.DefaultSignInPolicy.FreeFailures {
		if res := signInFrom(t, f.server, stranger, ed.Email, fmt.Sprint("guess ", i)); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("guess %d: status %d", i, res.StatusCode)
		}
	}
	for _, wait := range []int{1, 2, 4, 8} {
		before := checks.Load()
		res := signInFrom(t, f.server, stranger, ed.Email, "one more guess")
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != strconv.Itoa(wait) {
			t.Fatalf("the stranger: status %d, Retry-After %q, want 429 and %d", res.StatusCode, res.Header.Get("Retry-After"), wait)
		}
		if checks.Load() != before {
			t.Fatal("a throttled attempt checked the password")
		}
		doc := parse(t, body(t, res))
		if attr(first(t, doc, byID("email"), "email"), "value") != ed.Email {
			t.Error("the throttled form lost the email")
		}
		want := fmt.Sprintf("please wait %d second", wait)
		if msg := text(first(t, doc, byClass("form-errors"), "message")); !strings.Contains(msg, want) {
			t.Errorf("the throttled form says %q, want it to say %q", msg, want)
		}
		clock = clock.Add(time.Duration(wait) * time.Second)
		if res := signInFrom(t, f.server, stranger, ed.Email, "one more guess"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("after waiting %d s the stranger's guess: status %d", wait, res.StatusCode)
		}
	}
	if res := signInFrom(t, f.server, owner, ed.Email, staffPassword); res.StatusCode != http.StatusSeeOther || cookieNamed(res, sessionCookie) == nil {
		t.Fatalf("the owner from their own network: status %d", res.StatusCode)
	}
	// The owner's success forgets their own network's failures only.
	if res := signInFrom(t, f.server, stranger, ed.Email, "one more guess"); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the stranger after the owner signed in: status %d", res.StatusCode)
	}
}

// TestSignInBoundsTheEmail sends an email of 7 MB, and one of 255 bytes:
// neither is counted, stored or shown again, and a server that bounds
// bodies refuses the large one before reading it.
func TestSignInBoundsTheEmail(t *testing.T) {
	f := newFixture(t)
	checks := countVerifies(f.server)
	huge := strings.Repeat("a", 7<<20) + "@staff.example"
	long := strings.Repeat("a", masthead.MaxEmailBytes-len("@staff.example")+1) + "@staff.example"
	for _, email := range []string{huge, long} {
		res := send(t, f.server, "POST", "/admin/login", url.Values{"email": {email}, "password": {staffPassword}})
		page := body(t, res)
		if strings.Contains(page, strings.Repeat("a", 200)) || len(page) > 64<<10 {
			t.Errorf("an email of %d bytes is shown again (a page of %d bytes)", len(email), len(page))
		}
		// The large one may meet a body bound before its length is
		// checked; either way it is refused with a sentence.
		doc := parse(t, page)
		switch {
		case res.StatusCode == http.StatusRequestEntityTooLarge && len(email) > 16<<10:
			if msg := text(first(t, doc, byTag("main"), "main")); !strings.Contains(msg, "larger than this server accepts") {
				t.Errorf("an email of %d bytes: message %q", len(email), msg)
			}
		case res.StatusCode == http.StatusUnprocessableEntity:
			if v := attr(first(t, doc, byID("email"), "email"), "value"); v != "" {
				t.Errorf("the form shows %d bytes of the email again", len(v))
			}
			if msg := text(first(t, doc, byClass("form-errors"), "message")); !strings.Contains(msg, "at most 254 characters") {
				t.Errorf("message %q", msg)
			}
		default:
			t.Errorf("an email of %d bytes: status %d", len(email), res.StatusCode)
		}
	}
	if rows := attemptRows(t, f.store); len(rows) != 0 || checks.Load() != 0 {
		t.Fatalf("%d attempts were stored and %d passwords checked for emails too long to be one", len(rows), checks.Load())
	}
	// The longest email there can be is an ordinary attempt.
	longest := long[1:]
	if res := send(t, f.server, "POST", "/admin/login", url.Values{"email": {longest}, "password": {staffPassword}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an email of %d bytes: status %d", len(longest), res.StatusCode)
	}
	if rows := attemptRows(t, f.store); len(rows) != 1 || checks.Load() != 1 {
		t.Fatalf("an email of %d bytes: %d attempts stored, %d checks", len(longest), len(rows), checks.Load())
	}

	bounded, err := NewServer(f.store, Options{Now: func() time.Time { return now }, MaxBodyBytes: 16 << 10})
	must(t, err)
	for _, path := range []string{"/admin/login", "/admin/setup"} {
		res := send(t, bounded, "POST", path, url.Values{"email": {huge}, "password": {staffPassword}, "token": {"x"}})
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("%s with a 7 MB body: status %d", path, res.StatusCode)
		}
		msg := text(first(t, parse(t, body(t, res)), byTag("main"), "main"))
		if !strings.Contains(msg, "larger than this server accepts") {
			t.Errorf("%s with a 7 MB body says %q", path, msg)
		}
	}
	if rows := attemptRows(t, f.store); len(rows) != 1 {
		t.Fatalf("%d attempts stored after refused bodies, want the one before", len(rows))
	}
}

// TestSignInKeysAreHashes checks that the attempts table holds a hash of
// the email, whatever its case, and never the email.
func TestSignInKeysAreHashes(t *testing.T) {
	f := newFixture(t)
	ed := addStaff(t, f.store, "Eda Editor", masthead.RoleEditor)
	for _, email := range []string{ed.Email, strings.ToUpper(ed.Email), " " + ed.Email + " ", "stranger@elsewhere.example"} {
		send(t, f.server, "POST", "/admin/login", url.Values{"email": {email}, "password": {"not the password"}})
	}
	want, err := masthead.SignInAccount(ed.Email)
	must(t, err)
	rows := attemptRows(t, f.store)
	if len(rows) != 4 {
		t.Fatalf("%d attempts stored, want 4", len(rows))
	}
	same := 0
	for _, r := range rows {
		for _, col := range r {
			if strings.Contains(col, "@") || strings.Contains(strings.ToLower(col), "eda") || strings.Contains(col, "stranger") {
				t.Errorf("the attempts table holds %q", col)
			}
		}
		if r[0] == want {
			same++
		}
		if len(r[0]) != 64 {
			t.Errorf("account key %q is not a SHA-256 in hex", r[0])
		}
	}
	if same != 3 {
		t.Errorf("%d attempts counted for the account in its three spellings, want 3", same)
	}
}

// TestSignInChecksEveryPath checks that a password is checked, at the
// cost of a real check, whether the email is unknown, the account has no
// password yet, or the password is wrong, so that timing tells none of
// them apart.
func TestSignInChecksEveryPath(t *testing.T) {
	f := newFixture(t)
	ed := addStaff(t, f.store, "Eda Editor", masthead.RoleEditor)
	var hashes []string
	f.server.verifyPassword = func(pw, hash string) bool {
		hashes = append(hashes, hash)
		return password.Matches(pw, hash)
	}
	for _, tt := range []struct{ name, email, hash string }{
		{"an unknown email", "nobody@staff.example", ""},
		{"an account without a password", f.ana.Email, ""},
		{"a wrong password", ed.Email, "$argon2id$"},
	} {
		hashes = nil
		res := signInFrom(t, f.server, "192.0.2.10:4000", tt.email, "not the password")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d", tt.name, res.StatusCode)
		}
		if len(hashes) != 1 || !strings.HasPrefix(hashes[0], tt.hash) {
			t.Errorf("%s: checked against %q, want one check against %q...", tt.name, hashes, tt.hash)
		}
	}
}

func TestPasswordChangeThrottle(t *testing.T) {
	f := newFixture(t)
	au := addStaff(t, f.store, "Ada Author", masthead.RoleAuthor)
	c := signIn(t, f.server, au.Email)
	checks := countVerifies(f.server)
	change := func(current string) *http.Response {
		return send(t, f.server, "POST", "/admin/password", url.Values{"current": {current}, "new": {"a brand new password"}, "new2": {"a brand new password"}}, c)
	}
	for i := range masthead.DefaultSignInPolicy.FreeFailures {
		if res := change(fmt.Sprint("wrong ", i)); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("wrong current password %d: status %d", i, res.StatusCode)
		}
	}
	res := change(staffPassword)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "1" {
		t.Fatalf("after %d wrong current passwords: status %d, Retry-After %q", masthead.DefaultSignInPolicy.FreeFailures, res.StatusCode, res.Header.Get("Retry-After"))
	}
	if msg := text(first(t, parse(t, body(t, res)), byID("current-error"), "message")); !strings.Contains(msg, "please wait 1 second") {
		t.Errorf("the message at the current password: %q", msg)
	}
	if n := checks.Load(); n != int64(masthead.DefaultSignInPolicy.FreeFailures) {
		t.Errorf("%d current passwords checked, want %d", n, masthead.DefaultSignInPolicy.FreeFailures)
	}
	// The sign-in form counts the same failures.
	if res := send(t, f.server, "POST", "/admin/login", url.Values{"email": {au.Email}, "password": {staffPassword}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("sign-in after the wrong current passwords: status %d", res.StatusCode)
	}
}

// TestSetupToken checks the first-admin link: random, stored as a hash,
// good once and for a day, and the link of old (a fixed signature of the
// site secret) no longer opens the page.
func TestSetupToken(t *testing.T) {
	s := newStore(t)
	clock := now
	s.Now = func() time.Time { return clock }
	srv := newServer(t, s)
	ctx := context.Background()
	one, err := srv.NewSetupToken(ctx)
	must(t, err)
	two, err := srv.NewSetupToken(ctx)
	must(t, err)
	if one == two || len(one) < 40 {
		t.Fatalf("set-up tokens %q and %q", one, two)
	}
	var stored []string
	rows, err := s.DB().Query(`SELECT token_hash FROM setup_tokens`)
	must(t, err)
	for rows.Next() {
		var h string
		must(t, rows.Scan(&h))
		stored = append(stored, h)
	}
	rows.Close()
	if len(stored) != 2 || strings.Contains(strings.Join(stored, " "), one) || !strings.Contains(strings.Join(stored, " "), masthead.HashToken(one)) {
		t.Fatalf("setup_tokens holds %q", stored)
	}
	secret, err := srv.secret(ctx)
	must(t, err)
	old := base64.RawURLEncoding.EncodeToString(sign(secret, "first-admin-setup"))
	if res := send(t, srv, "GET", "/admin/setup?token="+old, nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("the old signed link: status %d", res.StatusCode)
	}
	if res := send(t, srv, "GET", "/admin/setup?token="+one, nil); res.StatusCode != http.StatusOK {
		t.Fatalf("a fresh link: status %d", res.StatusCode)
	}
	clock = now.Add(setupTokenLifetime)
	if res := send(t, srv, "GET", "/admin/setup?token="+one, nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("a link a day old: status %d", res.StatusCode)
	}
	clock = now.Add(time.Hour)
	form := func(token, email string) url.Values {
		return url.Values{"token": {token}, "name": {"Nora Chief"}, "email": {email}, "password": {staffPassword}, "password2": {staffPassword}}
	}
	long := strings.Repeat("n", masthead.MaxEmailBytes) + "@staff.example"
	res := send(t, srv, "POST", "/admin/setup", form(one, long))
	doc := parse(t, body(t, res))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(first(t, doc, byID("email-error"), "message")), "at most 254") ||
		attr(first(t, doc, byID("email"), "email"), "value") != "" {
		t.Fatalf("set-up with an email of %d bytes: status %d", len(long), res.StatusCode)
	}
	if res := send(t, srv, "POST", "/admin/setup", form(one, "nora@staff.example")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set-up: status %d", res.StatusCode)
	}
	// The link is used up. Even with no admin left, it and its sibling
	// stay closed.
	admin, _, err := s.FindAuthorByEmail(ctx, "nora@staff.example")
	must(t, err)
	_, err = s.DB().Exec(`UPDATE authors SET role = 'editor' WHERE id = ?`, admin.ID)
	must(t, err)
	for _, token := range []string{one, two} {
		if res := send(t, srv, "POST", "/admin/setup", form(token, "again@staff.example")); res.StatusCode != http.StatusNotFound {
			t.Errorf("a used set of links: status %d", res.StatusCode)
		}
	}
	if n, _ := s.CountAdmins(ctx); n != 0 {
		t.Fatalf("%d admins made by used links", n)
	}
}

// TestJunkSessionTakesNoWriter holds SQLite's write lock from another
// connection while requests with a junk session cookie, and with a session
// seen a moment ago, come in: both are answered, since reading a session
// writes nothing.
func TestJunkSessionTakesNoWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "masthead.db")
	s, err := sqlite.Open(context.Background(), path)
	must(t, err)
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return now }
	srv := newServer(t, s)
	ed := addStaff(t, s, "Eda Editor", masthead.RoleEditor)
	session := signIn(t, srv, ed.Email)
	junk := &http.Cookie{Name: sessionCookie, Value: "junk"}
	send(t, srv, "GET", "/admin/login", nil, junk) // the site secret and the like exist

	other, err := sql.Open("sqlite", "file:"+path)
	must(t, err)
	defer other.Close()
	conn, err := other.Conn(context.Background())
	must(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(context.Background(), "BEGIN IMMEDIATE")
	must(t, err)
	defer conn.ExecContext(context.Background(), "ROLLBACK")

	for _, tt := range []struct {
		path   string
		cookie *http.Cookie
	}{{"/admin/login", junk}, {"/admin/", junk}, {"/admin/", session}} {
		done := make(chan int, 1)
		go func() { done <- send(t, srv, "GET", tt.path, nil, tt.cookie).StatusCode }()
		select {
		case status := <-done:
			if status != http.StatusOK && status != http.StatusSeeOther {
				t.Errorf("GET %s with cookie %s: status %d", tt.path, tt.cookie.Value[:4], status)
			}
		case <-time.After(3 * time.Second):
			t.Fatalf("GET %s with cookie %s waited for the writer", tt.path, tt.cookie.Value[:4])
		}
	}
}
