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
	"masthead/mail/mailtest"
	"masthead/notify"
)

// TestFollowUpsInBrowser goes the whole way in Chromium, with mail
// received by a real SMTP server: a reader ticks "Notify me of follow-up
// comments by email" and posts; the confirmation mail's link opens a page
// whose button confirms; another reader's comment is held, and the
// editor's held-comment digest arrives, whose link opens the moderation
// queue, where the editor approves it; the follow-up arrives, and its
// unsubscribe link's button ends the subscription.
func TestFollowUpsInBrowser(t *testing.T) {
	rig := newFollowRig(t)
	ctx := context.Background()
	site, err := rig.store.FindSite(ctx)
	must(t, err)
	site.HeldDigest = masthead.HeldDigestImmediately
	must(t, rig.store.UpdateSite(ctx, site))
	// The fixture's staff have no address of their own; the editor who
	// gets the digest has one.
	editor := addStaff(t, rig.store, "Eda Editor", masthead.RoleEditor)
	ts := httptest.NewServer(rig.server)
	defer ts.Close()
	b := newBrowser(t)
	do := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, actions...); err != nil {
			t.Fatal(err)
		}
	}
	press := func(selector string) {
		t.Helper()
		if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS(selector))); err != nil {
			t.Fatal(err)
		}
	}
	eval := evaluator(t, b)

	// The reader opts in with their comment.
	do(chromedp.Navigate(ts.URL + rig.path))
	pageToken := eval(`document.getElementById("comment-token").value`)
	do(chromedp.SendKeys(chromedp.CSS("#comment"), "Please tell me when someone answers."),
		chromedp.SendKeys(chromedp.CSS("#author"), "Fay Quinn"),
		chromedp.SendKeys(chromedp.CSS("#email"), "fay.quinn@reader.example"),
		chromedp.Click(chromedp.CSS("#notify")),
		// The comments script swaps in the reader's own token as they type.
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.getElementById("comment-token").value !== %q`, pageToken), chromedp.WithPollingTimeout(5*time.Second)))
	rig.clock.Add(10 * time.Second)
	press("#submit")

	// The fixture's editor and admin with an address (Ana Lima, and Eda)
	// also get a digest of the comments held so far, Fay's among them.
	confirm := siteLink(t, mailTo(t, rig.deliver(t, 3), "fay.quinn@reader.example", notify.FollowPath).Text, notify.FollowPath)
	do(chromedp.Navigate(ts.URL + confirm))
	if got := eval(`document.querySelector("h1").textContent`); got != "Confirm follow-up comments" {
		t.Fatalf("the confirmation link opened %q", got)
	}
	press(".followup .comment-form button[type=submit]")
	if got := eval(`location.pathname + " " + document.querySelector("[role=status]").textContent`); !strings.HasPrefix(got, followingPath) {
		t.Fatalf("after confirming the browser shows %q", got)
	}

	// Another reader's first comment is held; the digest tells the editor.
	gus := validComment("An answer to Fay, from Gus.")
	gus.Set("author", "Gus Hale")
	gus.Set("email", "gus@reader.example")
	rig.post(t, rig.path, gus)
	held := rig.newestComment(t)
	digest := mailTo(t, rig.deliver(t, 5), editor.Email, "An answer to Fay, from Gus.")
	if strings.Contains(digest.Text, "Please tell me when someone answers.") {
		t.Errorf("the second digest lists Fay's comment again:\n%s", digest.Text)
	}
	queue := "https://observer.example" + notify.QueuePath
	if !strings.Contains(digest.Text, queue) || !strings.Contains(digest.HTML, `href="`+strings.ReplaceAll(queue, "&", "&amp;")+`"`) {
		t.Fatalf("the digest does not link to %s:\n%s", queue, digest.Text)
	}
	signInBrowser(t, b, ts.URL+"/admin/login", editor.Email)
	do(chromedp.Navigate(ts.URL + sitePath(t, queue)))
	if got := eval(`document.querySelector("h1").textContent + " " + document.querySelector("#moderate-` + fmt.Sprint(held.ID) + ` .comment-body").textContent`); !strings.Contains(got, "An answer to Fay, from Gus.") {
		t.Fatalf("the digest's link opened %q", got)
	}
	press(fmt.Sprintf(`#moderate-%d button[value=approve]`, held.ID))
	if c, err := rig.store.FindCommentByID(ctx, held.ID); err != nil || c.Status != masthead.CommentApproved {
		t.Fatalf("after the editor's approval the comment is %v (%v)", c, err)
	}

	// The follow-up arrives; its unsubscribe link works in the browser.
	follow := mailTo(t, rig.deliver(t, 6), "fay.quinn@reader.example", "Gus Hale")
	do(chromedp.Navigate(ts.URL + siteLink(t, follow.Text, notify.UnsubscribePath)))
	press(".followup .comment-form button[type=submit]")
	if got := eval(`location.pathname + " " + document.querySelector("[role=status]").textContent`); got != unsubscribedPath+" You get no more emails about new comments from this subscription." {
		t.Fatalf("after unsubscribing the browser shows %q", got)
	}
	if n := countOutbox(t, rig); n != 6 {
		t.Fatalf("%d messages, want 6", n)
	}
}

// mailTo returns the one message of msgs to the address whose text
// contains want.
func mailTo(t *testing.T, msgs []*mailtest.Message, to, want string) *mailtest.Message {
	t.Helper()
	var found []*mailtest.Message
	for _, m := range msgs {
		if len(m.To) == 1 && m.To[0] == to && strings.Contains(m.Text, want) {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d messages to %s say %q, want 1", len(found), to, want)
	}
	return found[0]
}
