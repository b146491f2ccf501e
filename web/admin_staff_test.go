package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/password"
)

func TestStaffPage(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	boss := addStaff(t, f.store, "Ada Admin", masthead.RoleAdmin)
	admin := signIn(t, f.server, boss.Email)
	editor := signIn(t, f.server, addStaff(t, f.store, "Eda Editor", masthead.RoleEditor).Email)
	if res := send(t, f.server, "GET", "/admin/staff", nil, editor); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an editor opening the staff page: status %d", res.StatusCode)
	}
	res := send(t, f.server, "POST", "/admin/staff", url.Values{"name": {"New Reporter"}, "email": {"reporter@staff.example"}, "role": {"author"}, "password": {"short"}}, admin)
	if res.StatusCode != 422 {
		t.Fatalf("a short password: status %d", res.StatusCode)
	}
	doc := parse(t, body(t, res))
	if attr(first(t, doc, byID("name"), "name"), "value") != "New Reporter" || attr(first(t, doc, byID("email"), "email"), "value") != "reporter@staff.example" {
		t.Error("the form lost what was typed")
	}
	res = send(t, f.server, "POST", "/admin/staff", url.Values{"name": {"New Reporter"}, "email": {"reporter@staff.example"}, "role": {"author"}, "password": {staffPassword}}, admin)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("adding staff: status %d", res.StatusCode)
	}
	signIn(t, f.server, "reporter@staff.example")
	res = send(t, f.server, "POST", "/admin/staff", url.Values{"name": {"Twin Reporter"}, "email": {"reporter@staff.example"}, "role": {"author"}, "password": {staffPassword}}, admin)
	if res.StatusCode != 422 || !strings.Contains(body(t, res), "already belongs") {
		t.Fatalf("a taken email: status %d", res.StatusCode)
	}

	reporter, _, _ := f.store.FindAuthorByEmail(ctx, "reporter@staff.example")
	if res := send(t, f.server, "POST", fmt.Sprintf("/admin/staff/%d/role", reporter.ID), url.Values{"role": {"editor"}}, admin); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("changing a role: status %d", res.StatusCode)
	}
	if a, _ := f.store.FindAuthorByID(ctx, reporter.ID); a.Role != masthead.RoleEditor {
		t.Fatalf("role = %s", a.Role)
	}
	res = send(t, f.server, "POST", fmt.Sprintf("/admin/staff/%d/role", boss.ID), url.Values{"role": {"author"}}, admin)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("demoting the last admin: status %d", res.StatusCode)
	}

	// A staff member who never had a password (the demo's) gets one.
	if res := send(t, f.server, "POST", fmt.Sprintf("/admin/staff/%d/password", f.ana.ID), url.Values{"password": {"short"}}, admin); res.StatusCode != 422 {
		t.Fatalf("a short password: status %d", res.StatusCode)
	}
	if res := send(t, f.server, "POST", fmt.Sprintf("/admin/staff/%d/password", f.ana.ID), url.Values{"password": {staffPassword}}, admin); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("setting a password: status %d", res.StatusCode)
	}
	signIn(t, f.server, f.ana.Email)
}

func TestProfilePage(t *testing.T) {
	f := newFixture(t)
	// Ben Ortiz of the fixture signs in with a password of his own.
	setPassword(t, f, f.ben)
	c := signIn(t, f.server, f.ben.Email)
	res := send(t, f.server, "POST", "/admin/profile", url.Values{"name": {"Benedict Ortiz"}, "slug": {"ana-lima"}, "bio": {"Harbour reporter."}}, c)
	if res.StatusCode != 422 || !strings.Contains(body(t, res), "already has that address") {
		t.Fatalf("a taken address: status %d", res.StatusCode)
	}
	portrait := &masthead.Media{Name: "0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Width: 400, Height: 400,
		Variants: []masthead.MediaVariant{{Width: 240, Name: "fedcba9876543210fedcba9876543210.jpg"}}, OriginalName: "ben.jpg", AltText: "Ben Ortiz, smiling"}
	must(t, f.store.CreateMedia(context.Background(), portrait))
	res = send(t, f.server, "POST", "/admin/profile", url.Values{"name": {"Benedict Ortiz"}, "slug": {"ben-ortiz"},
		"bio": {"Harbour reporter since 2019."}, "avatar": {fmt.Sprint(portrait.ID)}}, c)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the profile: status %d", res.StatusCode)
	}
	page := get(t, f.server, "GET", "/author/ben-ortiz/")
	if !strings.Contains(page.body, "Benedict Ortiz") || !strings.Contains(page.body, "Harbour reporter since 2019.") {
		t.Error("the author page does not show the new name and bio")
	}
	if !strings.Contains(get(t, f.server, "GET", f.lead.Path(time.UTC)).body, "Benedict Ortiz") {
		t.Error("the byline does not show the new name")
	}
	photo := first(t, parse(t, page.body), byClass("author-photo"), "author picture")
	if attr(photo, "src") != "/media/fedcba9876543210fedcba9876543210.jpg" || attr(photo, "alt") != "Ben Ortiz, smiling" {
		t.Errorf("author picture = %v", photo.Attr)
	}
	box := first(t, parse(t, get(t, f.server, "GET", f.lead.Path(time.UTC)).body), byClass("author-box"), "author box")
	if len(findAll(box, byClass("author-photo"))) != 1 {
		t.Error("the author box has no picture for Ben")
	}
}

// setPassword gives an existing staff member the test password.
func setPassword(t *testing.T, f *fixture, a *masthead.Author) {
	t.Helper()
	hash, err := password.Hash(staffPassword)
	must(t, err)
	must(t, f.store.SetPassword(context.Background(), a.ID, hash))
}

// TestDisableStaff disables an account from the staff page: its open
// session stops working at once, it cannot sign in, its byline and author
// page stay, and it can be enabled again.
func TestDisableStaff(t *testing.T) {
	f := newFixture(t)
	boss := addStaff(t, f.store, "Ada Admin", masthead.RoleAdmin)
	admin := signIn(t, f.server, boss.Email)
	editor := signIn(t, f.server, addStaff(t, f.store, "Eda Editor", masthead.RoleEditor).Email)
	setPassword(t, f, f.ben)
	ben := signIn(t, f.server, f.ben.Email)
	disable := fmt.Sprintf("/admin/staff/%d/disable", f.ben.ID)

	if res := send(t, f.server, "POST", disable, url.Values{}, editor); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an editor disabling an account: status %d", res.StatusCode)
	}
	if res := send(t, f.server, "GET", "/admin/", nil, ben); res.StatusCode != 200 {
		t.Fatalf("an editor's refused attempt touched Ben's session: status %d", res.StatusCode)
	}
	if res := send(t, f.server, "POST", disable, url.Values{}, admin); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disabling: status %d", res.StatusCode)
	}
	if res := send(t, f.server, "GET", "/admin/", nil, ben); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/login" {
		t.Fatalf("the disabled account's open session: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}

	// Only someone with the password learns that the account is disabled.
	res := send(t, f.server, "POST", "/admin/login", url.Values{"email": {f.ben.Email}, "password": {"not his password"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(parse(t, body(t, res))), "is not right") {
		t.Fatalf("a wrong password for a disabled account: status %d", res.StatusCode)
	}
	res = send(t, f.server, "POST", "/admin/login", url.Values{"email": {f.ben.Email}, "password": {staffPassword}})
	if res.StatusCode != http.StatusForbidden || cookieNamed(res, sessionCookie) != nil {
		t.Fatalf("signing in to a disabled account: status %d, cookie %v", res.StatusCode, cookieNamed(res, sessionCookie))
	}
	if msg := text(first(t, parse(t, body(t, res)), byTag("main"), "main")); !strings.Contains(msg, "has been disabled") {
		t.Errorf("the sign-in page says %q", msg)
	}

	if res := get(t, f.server, "GET", "/author/ben-ortiz/"); res.status != 200 {
		t.Fatalf("the disabled author's page: status %d", res.status)
	}
	byline := first(t, parse(t, get(t, f.server, "GET", f.lead.Path(time.UTC)).body), byClass("byline"), "byline")
	if !strings.Contains(text(byline), "Ben Ortiz") {
		t.Errorf("the byline lost the disabled author: %q", text(byline))
	}

	page := parse(t, body(t, send(t, f.server, "GET", "/admin/staff", nil, admin)))
	row := first(t, page, byID(fmt.Sprintf("staff-%d", f.ben.ID)), "Ben's row")
	if forms := findAll(row, byTag("form")); attr(forms[len(forms)-1], "action") != fmt.Sprintf("/admin/staff/%d/enable", f.ben.ID) {
		t.Errorf("Ben's row offers %q, want the enable form", attr(forms[len(forms)-1], "action"))
	}
	if !strings.Contains(text(row), "Disabled since 14 March 2026") {
		t.Errorf("Ben's row says %q", text(row))
	}
	own := first(t, page, byID(fmt.Sprintf("staff-%d", boss.ID)), "the admin's own row")
	for _, form := range findAll(own, byTag("form")) {
		if strings.HasSuffix(attr(form, "action"), "/disable") {
			t.Error("the admin's own row offers to disable it")
		}
	}

	// An admin cannot disable themself, and stays signed in.
	res = send(t, f.server, "POST", fmt.Sprintf("/admin/staff/%d/disable", boss.ID), url.Values{}, admin)
	if res.StatusCode != http.StatusConflict || !strings.Contains(body(t, res), "your own account") {
		t.Fatalf("an admin disabling themself: status %d", res.StatusCode)
	}
	if res := send(t, f.server, "GET", "/admin/staff", nil, admin); res.StatusCode != 200 {
		t.Fatalf("the admin after the refusal: status %d", res.StatusCode)
	}
	if res := send(t, f.server, "POST", "/admin/staff/999/disable", url.Values{}, admin); res.StatusCode != http.StatusNotFound {
		t.Fatalf("disabling an unknown account: status %d", res.StatusCode)
	}

	if res := send(t, f.server, "POST", fmt.Sprintf("/admin/staff/%d/enable", f.ben.ID), url.Values{}, editor); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an editor enabling an account: status %d", res.StatusCode)
	}
	if res := send(t, f.server, "POST", fmt.Sprintf("/admin/staff/%d/enable", f.ben.ID), url.Values{}, admin); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enabling: status %d", res.StatusCode)
	}
	signIn(t, f.server, f.ben.Email)
}
