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
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(b, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
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
