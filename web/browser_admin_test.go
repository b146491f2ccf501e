package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead"
)

// TestModerateInBrowser: an editor signs in through the form, approves a
// held comment from the queue, and readers see it on the article.
func TestModerateInBrowser(t *testing.T) {
	f := newFixture(t)
	ed := addStaff(t, f.store, "Eda Editor", masthead.RoleEditor)
	held := f.comments[3]
	ts := httptest.NewServer(f.server)
	defer ts.Close()
	b := newBrowser(t)
	eval := evaluator(t, b)
	// The queue asks for a sign-in first, then comes back.
	signInBrowser(t, b, ts.URL+"/admin/comments", ed.Email)
	if got := eval(`location.pathname + " " + document.querySelector("h1").textContent`); got != "/admin/comments Comments" {
		t.Fatalf("after sign-in the browser is at %q", got)
	}
	row := fmt.Sprintf("#moderate-%d", held.ID)
	if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS(row+` button[value="approve"]`))); err != nil {
		t.Fatal(err)
	}
	if got := eval(`document.querySelector(".notice").textContent`); got != "1 comment approved." {
		t.Fatalf("notice = %q", got)
	}
	if c, _ := f.store.FindCommentByID(context.Background(), held.ID); c.Status != masthead.CommentApproved {
		t.Fatalf("the comment is %s", c.Status)
	}
	if err := chromedp.Do(b, chromedp.Navigate(ts.URL+f.lead.Path(time.UTC))); err != nil {
		t.Fatal(err)
	}
	if got := eval(fmt.Sprintf(`document.querySelector("#comment-%d .comment-body")?.textContent ?? ""`, held.ID)); !strings.Contains(got, "Awaiting moderation text.") {
		t.Fatalf("the approved comment on the article reads %q", got)
	}
}

// signInBrowser opens page, which asks for a sign-in, and signs in through
// the form as a person does; the browser ends on page.
func signInBrowser(t *testing.T, b context.Context, page, email string) {
	t.Helper()
	if err := chromedp.Do(b, chromedp.Navigate(page),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), staffPassword)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS(".admin-form button[type=submit]"))); err != nil {
		t.Fatal(err)
	}
}
