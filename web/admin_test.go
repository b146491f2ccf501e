package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/password"
)

// staffPassword is every test account's password.
const staffPassword = "correct horse battery"

// addStaff creates a staff member with a password.
func addStaff(t *testing.T, s masthead.Store, name string, role masthead.Role) *masthead.Author {
	t.Helper()
	a := &masthead.Author{Name: name, Slug: masthead.Slugify(name), Role: role, Email: masthead.Slugify(name) + "@staff.example"}
	hash, err := password.Hash(staffPassword)
	must(t, err)
	must(t, s.CreateStaff(context.Background(), a, hash))
	return a
}

// send makes a request with cookies and form values (POST when values is
// not nil).
func send(t *testing.T, h http.Handler, method, path string, values url.Values, cookies ...*http.Cookie) *http.Response {
	t.Helper()
	var req *http.Request
	if values != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(values.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	for _, c := range cookies {
		if c != nil {
			req.AddCookie(c)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// signIn signs a staff member in and returns their session cookie.
func signIn(t *testing.T, h http.Handler, email string) *http.Cookie {
	t.Helper()
	res := send(t, h, "POST", "/admin/login", url.Values{"email": {email}, "password": {staffPassword}})
	c := cookieNamed(res, sessionCookie)
	if res.StatusCode != http.StatusSeeOther || c == nil {
		t.Fatalf("sign-in of %s: status %d, cookie %v", email, res.StatusCode, c)
	}
	return c
}

func TestSignIn(t *testing.T) {
	f := newFixture(t)
	ed := addStaff(t, f.store, "Eda Editor", masthead.RoleEditor)

	res := send(t, f.server, "GET", "/admin/comments", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/login?next=%2Fadmin%2Fcomments" {
		t.Fatalf("anonymous: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	res = send(t, f.server, "POST", "/admin/login", url.Values{"email": {ed.Email}, "password": {"wrong password!"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong password: status %d", res.StatusCode)
	}
	doc := parse(t, body(t, res))
	if attr(first(t, doc, byID("email"), "email"), "value") != ed.Email || !strings.Contains(text(doc), "is not right") {
		t.Error("the sign-in form lost the email or says nothing")
	}
	if cookieNamed(res, sessionCookie) != nil {
		t.Fatal("a failed sign-in set a session")
	}

	planted := &http.Cookie{Name: sessionCookie, Value: "planted-by-someone-else"}
	res = send(t, f.server, "POST", "/admin/login", url.Values{"email": {ed.Email}, "password": {staffPassword}, "next": {"/admin/comments"}}, planted)
	c := cookieNamed(res, sessionCookie)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/comments" {
		t.Fatalf("sign-in: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Value == planted.Value || len(c.Value) < 40 {
		t.Fatalf("session cookie = %+v", c)
	}
	res = send(t, f.server, "GET", "/admin/", nil, c)
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("dashboard: status %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if !strings.Contains(body(t, res), "Eda Editor (editor)") {
		t.Error("the dashboard does not say who is signed in")
	}

	res = send(t, f.server, "POST", "/admin/logout", url.Values{}, c)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: status %d", res.StatusCode)
	}
	if res := send(t, f.server, "GET", "/admin/", nil, c); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the session still works after logout: status %d", res.StatusCode)
	}

	for _, next := range []string{"//evil.example/admin/", "https://evil.example/", "/admin/\r\nX: y"} {
		res := send(t, f.server, "POST", "/admin/login", url.Values{"email": {ed.Email}, "password": {staffPassword}, "next": {next}})
		if loc := res.Header.Get("Location"); loc != "/admin/" {
			t.Errorf("next=%q sends to %q", next, loc)
		}
	}
}

func TestSignInThrottle(t *testing.T) {
	f := newFixture(t)
	ed := addStaff(t, f.store, "Eda Editor", masthead.RoleEditor)
	for i := range masthead.DefaultSignInPolicy.FreeFailures {
		if res := send(t, f.server, "POST", "/admin/login", url.Values{"email": {ed.Email}, "password": {fmt.Sprint("guess ", i)}}); res.StatusCode != 422 {
			t.Fatalf("attempt %d: status %d", i, res.StatusCode)
		}
	}
	res := send(t, f.server, "POST", "/admin/login", url.Values{"email": {ed.Email}, "password": {staffPassword}})
	if res.StatusCode != http.StatusTooManyRequests || cookieNamed(res, sessionCookie) != nil {
		t.Fatalf("after %d failures the right password gives status %d", masthead.DefaultSignInPolicy.FreeFailures, res.StatusCode)
	}
	if !strings.Contains(body(t, res), "Too many failed sign-ins") {
		t.Error("no clear message")
	}
	// Another account from another network is not affected.
	other := addStaff(t, f.store, "Other Editor", masthead.RoleEditor)
	req := httptest.NewRequest("POST", "/admin/login", strings.NewReader(url.Values{"email": {other.Email}, "password": {staffPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "198.51.100.9:5000"
	rec := httptest.NewRecorder()
	f.server.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("another account: status %d", rec.Code)
	}
}

// TestRoles checks every admin route against every role, on the server.
func TestRoles(t *testing.T) {
	f := newFixture(t)
	cookies := map[masthead.Role]*http.Cookie{}
	for _, role := range []masthead.Role{masthead.RoleContributor, masthead.RoleAuthor, masthead.RoleEditor, masthead.RoleAdmin} {
		a := addStaff(t, f.store, "Staff "+string(role), role)
		cookies[role] = signIn(t, f.server, a.Email)
	}
	held := f.comments[3]
	tests := []struct {
		method, path string
		form         url.Values
		allowed      map[masthead.Role]bool
	}{
		{"GET", "/admin/", nil, map[masthead.Role]bool{masthead.RoleContributor: true, masthead.RoleAuthor: true, masthead.RoleEditor: true, masthead.RoleAdmin: true}},
		{"GET", "/admin/password", nil, map[masthead.Role]bool{masthead.RoleContributor: true, masthead.RoleAuthor: true, masthead.RoleEditor: true, masthead.RoleAdmin: true}},
		{"GET", "/admin/comments", nil, map[masthead.Role]bool{masthead.RoleEditor: true, masthead.RoleAdmin: true}},
		{"POST", "/admin/comments", url.Values{"id": {fmt.Sprint(held.ID)}, "action": {"trash"}}, map[masthead.Role]bool{masthead.RoleEditor: true, masthead.RoleAdmin: true}},
		{"GET", "/admin/menus", nil, map[masthead.Role]bool{masthead.RoleEditor: true, masthead.RoleAdmin: true}},
		{"GET", "/admin/import", nil, map[masthead.Role]bool{masthead.RoleAdmin: true}},
		{"POST", "/admin/menus", url.Values{"location": {"footer"}, "rows": {"1"}, "rows.0.label": {"Contact"}, "rows.0.kind": {"url"}, "rows.0.url": {"/contact/"}},
			map[masthead.Role]bool{masthead.RoleEditor: true, masthead.RoleAdmin: true}},
	}
	for _, tt := range tests {
		for role, c := range cookies {
			res := send(t, f.server, tt.method, tt.path, tt.form, c)
			ok := res.StatusCode == 200 || res.StatusCode == http.StatusSeeOther
			if ok != tt.allowed[role] {
				t.Errorf("%s %s as %s: status %d", tt.method, tt.path, role, res.StatusCode)
			}
		}
	}
	if got, _ := f.store.FindCommentByID(context.Background(), held.ID); got.Status != masthead.CommentTrash {
		t.Fatalf("held comment is %s", got.Status)
	}
	// The badge shows only to those who can moderate.
	for role, c := range cookies {
		page := body(t, send(t, f.server, "GET", "/admin/", nil, c))
		if has := strings.Contains(page, `href="/admin/comments"`); has != masthead.Can(role, masthead.ActModerateComments) {
			t.Errorf("%s sees the comments link: %v", role, has)
		}
	}
}

func TestModerationScreen(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ed := signIn(t, f.server, addStaff(t, f.store, "Eda Editor", masthead.RoleEditor).Email)
	held, spam := f.comments[3], f.comments[4]
	must(t, f.store.UpdateCommentStatus(ctx, held.ID, masthead.CommentPending))

	doc := parse(t, body(t, send(t, f.server, "GET", "/admin/comments", nil, ed)))
	if got := text(first(t, doc, byClass("badge"), "badge")); !strings.HasPrefix(got, "1") {
		t.Errorf("badge = %q", got)
	}
	row := first(t, doc, byID(fmt.Sprintf("moderate-%d", held.ID)), "held comment")
	if !strings.Contains(text(row), "held.reader@reader.example") || !strings.Contains(text(row), "Awaiting moderation text.") {
		t.Errorf("the queue row lacks the email or text: %q", text(row))
	}
	if strings.Contains(text(doc), "Cora Diaz") {
		t.Error("the pending queue shows an approved comment")
	}

	public := f.lead.Path(time.UTC)
	if strings.Contains(get(t, f.server, "GET", public).body, "Awaiting moderation text.") {
		t.Fatal("the held comment is public before approval")
	}
	res := send(t, f.server, "POST", "/admin/comments", url.Values{"id": {fmt.Sprint(held.ID)}, "action": {"approve"}, "status": {"pending"}}, ed)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "notice=1+comment+approved.") {
		t.Fatalf("approve: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if !strings.Contains(get(t, f.server, "GET", public).body, "Awaiting moderation text.") {
		t.Fatal("the approved comment is not public")
	}
	if got := text(first(t, parse(t, get(t, f.server, "GET", public).body), byID("comments-heading"), "count")); got != "4 Comments" {
		t.Errorf("count after approval = %q", got)
	}

	// Bulk: two comments at once to the trash, then restore one and delete
	// the other for good.
	res = send(t, f.server, "POST", "/admin/comments", url.Values{"id": {fmt.Sprint(held.ID), fmt.Sprint(spam.ID)}, "action": {"trash"}, "status": {"approved"}}, ed)
	if !strings.Contains(res.Header.Get("Location"), "2+comments+moved+to+the+trash") {
		t.Errorf("bulk trash: %q", res.Header.Get("Location"))
	}
	trash := parse(t, body(t, send(t, f.server, "GET", "/admin/comments?status=trash", nil, ed)))
	if n := len(findAll(trash, byClass("moderated"))); n != 2 {
		t.Fatalf("trash has %d comments, want 2", n)
	}
	send(t, f.server, "POST", "/admin/comments", url.Values{"id": {fmt.Sprint(held.ID)}, "action": {"restore"}, "status": {"trash"}}, ed)
	send(t, f.server, "POST", "/admin/comments", url.Values{"id": {fmt.Sprint(spam.ID)}, "action": {"delete"}, "status": {"trash"}}, ed)
	if c, _ := f.store.FindCommentByID(ctx, held.ID); c.Status != masthead.CommentPending {
		t.Errorf("restored comment is %s", c.Status)
	}
	if _, err := f.store.FindCommentByID(ctx, spam.ID); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("a comment deleted for good is still there: %v", err)
	}

	// A cross-site form cannot moderate.
	req := httptest.NewRequest("POST", "/admin/comments", strings.NewReader(url.Values{"id": {fmt.Sprint(held.ID)}, "action": {"approve"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(ed)
	rec := httptest.NewRecorder()
	f.server.ServeHTTP(rec, req)
	if c, _ := f.store.FindCommentByID(ctx, held.ID); rec.Code != http.StatusForbidden || c.Status != masthead.CommentPending {
		t.Fatalf("cross-site moderation: status %d, comment %s", rec.Code, c.Status)
	}
	if res := send(t, f.server, "POST", "/admin/comments", url.Values{"id": {"1"}, "action": {"publish"}}, ed); res.StatusCode != 422 {
		t.Errorf("an unknown action: status %d", res.StatusCode)
	}
}

func TestFirstAdminSetup(t *testing.T) {
	s := newStore(t)
	srv := newServer(t, s)
	token, err := srv.NewSetupToken(context.Background())
	must(t, err)
	if res := send(t, srv, "GET", "/admin/setup?token=wrong", nil); res.StatusCode != 404 {
		t.Fatalf("a wrong token: status %d", res.StatusCode)
	}
	if res := send(t, srv, "GET", "/admin/setup?token="+token, nil); res.StatusCode != 200 {
		t.Fatalf("the setup page: status %d", res.StatusCode)
	}
	res := send(t, srv, "POST", "/admin/setup", url.Values{"token": {token}, "name": {"Nora Chief"}, "email": {"nora@staff.example"}, "password": {"short"}, "password2": {"short"}})
	if res.StatusCode != 422 {
		t.Fatalf("a short password: status %d", res.StatusCode)
	}
	doc := parse(t, body(t, res))
	if attr(first(t, doc, byID("name"), "name"), "value") != "Nora Chief" || attr(first(t, doc, byID("email"), "email"), "value") != "nora@staff.example" {
		t.Error("the setup form lost what was typed")
	}
	if text(first(t, doc, byID("password-error"), "message")) == "" {
		t.Error("no message at the password")
	}
	// An email a staff member already has is refused at the field, and no
	// admin is left behind.
	addStaff(t, s, "Tom Taken", masthead.RoleContributor)
	res = send(t, srv, "POST", "/admin/setup", url.Values{"token": {token}, "name": {"Nora Chief"}, "email": {"tom-taken@staff.example"}, "password": {staffPassword}, "password2": {staffPassword}})
	if res.StatusCode != 422 || text(first(t, parse(t, body(t, res)), byID("email-error"), "message")) == "" {
		t.Fatalf("a taken email: status %d", res.StatusCode)
	}
	if n, _ := s.CountAdmins(context.Background()); n != 0 {
		t.Fatalf("%d admins after the refused setup", n)
	}
	res = send(t, srv, "POST", "/admin/setup", url.Values{"token": {token}, "name": {"Nora Chief"}, "email": {"nora@staff.example"}, "password": {staffPassword}, "password2": {staffPassword}})
	c := cookieNamed(res, sessionCookie)
	if res.StatusCode != http.StatusSeeOther || c == nil {
		t.Fatalf("setup: status %d", res.StatusCode)
	}
	if res := send(t, srv, "GET", "/admin/", nil, c); res.StatusCode != 200 {
		t.Fatalf("the new admin's dashboard: status %d", res.StatusCode)
	}
	if res := send(t, srv, "GET", "/admin/setup?token="+token, nil); res.StatusCode != 404 {
		t.Fatalf("setup still open after the first admin: status %d", res.StatusCode)
	}
	signIn(t, srv, "nora@staff.example")
}

func TestPasswordChange(t *testing.T) {
	f := newFixture(t)
	au := addStaff(t, f.store, "Ada Author", masthead.RoleAuthor)
	here, elsewhere := signIn(t, f.server, au.Email), signIn(t, f.server, au.Email)
	for _, tt := range []struct {
		form  url.Values
		field string
	}{
		{url.Values{"current": {"wrong"}, "new": {"a brand new password"}, "new2": {"a brand new password"}}, "current"},
		{url.Values{"current": {staffPassword}, "new": {"short"}, "new2": {"short"}}, "new"},
		{url.Values{"current": {staffPassword}, "new": {"a brand new password"}, "new2": {"another new password"}}, "new2"},
	} {
		res := send(t, f.server, "POST", "/admin/password", tt.form, here)
		if res.StatusCode != 422 || len(findAll(parse(t, body(t, res)), byID(tt.field+"-error"))) != 1 {
			t.Errorf("%v: status %d, want 422 with a message at %s", tt.form, res.StatusCode, tt.field)
		}
	}
	res := send(t, f.server, "POST", "/admin/password", url.Values{"current": {staffPassword}, "new": {"a brand new password"}, "new2": {"a brand new password"}}, here)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: status %d", res.StatusCode)
	}
	if res := send(t, f.server, "GET", "/admin/", nil, here); res.StatusCode != 200 {
		t.Error("the session that changed the password was ended")
	}
	if res := send(t, f.server, "GET", "/admin/", nil, elsewhere); res.StatusCode != http.StatusSeeOther {
		t.Error("another session survived the password change")
	}
	if res := send(t, f.server, "POST", "/admin/login", url.Values{"email": {au.Email}, "password": {"a brand new password"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the new password does not work: status %d", res.StatusCode)
	}
}

func TestStaffReply(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ed := addStaff(t, f.store, "Eda Editor", masthead.RoleEditor)
	c := signIn(t, f.server, ed.Email)
	held := f.comments[3]
	must(t, f.store.UpdateCommentStatus(ctx, held.ID, masthead.CommentPending))
	res := send(t, f.server, "POST", fmt.Sprintf("/admin/comments/%d/reply", held.ID), url.Values{"text": {"Thanks, we have corrected the date."}}, c)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: status %d", res.StatusCode)
	}
	if got, _ := f.store.FindCommentByID(ctx, held.ID); got.Status != masthead.CommentApproved {
		t.Fatalf("the answered comment is %s", got.Status)
	}
	doc := parse(t, get(t, f.server, "GET", f.lead.Path(time.UTC)).body)
	li := first(t, doc, byID(fmt.Sprintf("comment-%d", held.ID)), "answered comment")
	children := findAll(li, byClass("children"))
	if len(children) != 1 || !strings.Contains(text(children[0]), "Eda Editor") || !strings.Contains(text(children[0]), "corrected the date") {
		t.Fatal("the staff reply is not nested under the comment")
	}
	if strings.Contains(get(t, f.server, "GET", f.lead.Path(time.UTC)).body, ed.Email) {
		t.Fatal("the staff email shows on the page")
	}
}
