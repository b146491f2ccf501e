package web

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead"
)

// TestForgotPasswordInBrowser goes the whole way in Chromium: the sign-in
// page's "Forgot your password?", the form, the mail arriving at a real
// SMTP server, its link opened, a new password set, and the staff member
// signed in.
func TestForgotPasswordInBrowser(t *testing.T) {
	rig := newMailRig(t, false)
	ed := addStaff(t, rig.store, "Eda Editor", masthead.RoleEditor)
	ts := httptest.NewServer(rig.server)
	defer ts.Close()
	b := newBrowser(t)
	eval := evaluator(t, b)
	if err := chromedp.Do(b, chromedp.Navigate(ts.URL+"/admin/login")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS(`a[href="/admin/forgot"]`))); err != nil {
		t.Fatal(err)
	}
	if got := eval(`document.querySelector("h1").textContent`); got != "Forgot your password?" {
		t.Fatalf("the link led to %q", got)
	}
	if err := chromedp.Do(b, chromedp.SendKeys(chromedp.CSS("#email"), ed.Email)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS(".admin-form button[type=submit]"))); err != nil {
		t.Fatal(err)
	}
	if got := eval(`document.querySelector("[role=status]").textContent`); got != resetSentence {
		t.Fatalf("the answer reads %q", got)
	}

	// The outbox sends, as the jobs node does when woken.
	if _, err := rig.outbox.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	m := rig.smtp.Wait(t, 1, 10*time.Second)[0]
	link := linkIn(t, m)
	if err := chromedp.Do(b, chromedp.Navigate(ts.URL+sitePath(t, link))); err != nil {
		t.Fatal(err)
	}
	if got := eval(`document.querySelector("h1").textContent`); got != "Set a new password" {
		t.Fatalf("the mail's link opened %q", got)
	}
	const fresh = "the ferry leaves at nine"
	if err := chromedp.Do(b, chromedp.SendKeys(chromedp.CSS("#password"), fresh), chromedp.SendKeys(chromedp.CSS("#password2"), fresh)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS(".admin-form button[type=submit]"))); err != nil {
		t.Fatal(err)
	}
	if got := eval(`location.pathname + " " + document.querySelector(".signed-in").textContent`); !strings.HasPrefix(got, "/admin/ ") || !strings.Contains(got, "Eda Editor") {
		t.Fatalf("after setting the password the browser shows %q", got)
	}
	if _, hash, err := rig.store.FindAuthorByEmail(context.Background(), ed.Email); err != nil || !rig.server.verifyPassword(fresh, hash) {
		t.Fatalf("the new password was not stored (%v)", err)
	}
}

// TestInvitationInBrowser goes the whole way of an invitation in
// Chromium: an admin adds a staff member without a password on the Staff
// page, the invitation arrives at a real SMTP server, the invitee opens
// its link in a browser of their own, chooses a password and is signed
// in, and the link then works no more.
func TestInvitationInBrowser(t *testing.T) {
	rig := newMailRig(t, false)
	admin := addStaff(t, rig.store, "Ada Admin", masthead.RoleAdmin)
	ts := httptest.NewServer(rig.server)
	defer ts.Close()
	b := newBrowser(t)
	eval := evaluator(t, b)
	signInBrowser(t, b, ts.URL+"/admin/staff", admin.Email)
	if err := chromedp.Do(b, chromedp.SendKeys(chromedp.CSS("#name"), "Nia Reporter"),
		chromedp.SendKeys(chromedp.CSS("#email"), "nia@staff.example"),
		chromedp.SetValue(chromedp.CSS("#new-role"), string(masthead.RoleAuthor))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS(`form[action="/admin/staff"] button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	if got := eval(`document.querySelector("[role=status]")?.textContent ?? ""`); !strings.Contains(got, "An invitation is on its way to Nia Reporter") {
		t.Fatalf("after inviting, the Staff page says %q", got)
	}

	// The outbox sends, as the jobs node does when woken.
	m := rig.deliver(t, 1)[0]
	if len(m.To) != 1 || m.To[0] != "nia@staff.example" {
		t.Fatalf("the invitation went to %v", m.To)
	}
	link := linkIn(t, m)

	// The invitee opens the link in a browser of their own.
	invitee := newBrowser(t)
	if err := chromedp.Do(invitee, chromedp.Navigate(ts.URL+sitePath(t, link))); err != nil {
		t.Fatal(err)
	}
	const chosen = "lanterns on the quay at dusk"
	if err := chromedp.Do(invitee, chromedp.SendKeys(chromedp.CSS("#password"), chosen), chromedp.SendKeys(chromedp.CSS("#password2"), chosen)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(invitee, chromedp.Click(chromedp.CSS(".admin-form button[type=submit]"))); err != nil {
		t.Fatal(err)
	}
	signedIn, err := chromedp.Run(invitee, chromedp.Evaluate[string](`location.pathname + " " + (document.querySelector(".signed-in")?.textContent ?? "")`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(signedIn, "/admin/ ") || !strings.Contains(signedIn, "Nia Reporter") {
		t.Fatalf("after choosing a password the invitee's browser shows %q", signedIn)
	}
	if _, hash, err := rig.store.FindAuthorByEmail(context.Background(), "nia@staff.example"); err != nil || !rig.server.verifyPassword(chosen, hash) {
		t.Fatalf("the chosen password was not stored (%v)", err)
	}
	// The link worked once: opened again, it leads nowhere.
	if err := chromedp.Do(invitee, chromedp.Navigate(ts.URL+sitePath(t, link))); err != nil {
		t.Fatal(err)
	}
	if n, err := chromedp.Run(invitee, chromedp.Evaluate[int](`document.querySelectorAll("#password2").length`)); err != nil || n != 0 {
		t.Fatalf("the used link still offers the password form (%v)", err)
	}
}
