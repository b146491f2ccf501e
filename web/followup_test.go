package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/mail"
	"masthead/mail/mailtest"
	"masthead/notify"
)

// followRig is a comment rig whose site sends mail to a test SMTP server,
// with the outbox and the follow-up job that serve runs, run by the test.
type followRig struct {
	*commentRig
	smtp   *mailtest.Server
	outbox *mail.Outbox
	jobs   *notify.Jobs
}

func newFollowRig(t *testing.T) *followRig {
	t.Helper()
	smtp := mailtest.Start(t, mailtest.Options{})
	settings := smtp.Settings()
	rig := &followRig{commentRig: newCommentRig(t, func(o *Options) { o.Mail = settings }), smtp: smtp}
	storeNow := func() time.Time { return now }
	rig.outbox = &mail.Outbox{Store: rig.store, Now: storeNow, Settings: func(context.Context) (mail.Settings, error) { return settings, nil }}
	rig.jobs = &notify.Jobs{Store: rig.store, Now: storeNow,
		Origin: func(_ context.Context, site *masthead.Site) mail.Origin {
			return mail.OriginOf(site, "https://observer.example")
		}}
	site, err := rig.store.FindSite(context.Background())
	must(t, err)
	site.CommentModeration = masthead.ModerateHoldFirst
	must(t, rig.store.UpdateSite(context.Background(), site))
	return rig
}

// deliver runs the follow-up job and the outbox, and returns every
// message that has arrived once want have.
func (rig *followRig) deliver(t *testing.T, want int) []*mailtest.Message {
	t.Helper()
	if _, err := rig.jobs.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := rig.outbox.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	return rig.smtp.Wait(t, want, 5*time.Second)
}

// siteLink returns the path of the first link to the site in text that
// starts with prefix.
func siteLink(t *testing.T, text, prefix string) string {
	t.Helper()
	m := regexp.MustCompile(`https://observer\.example(` + regexp.QuoteMeta(prefix) + `[A-Za-z0-9_-]+)`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no link to %s in:\n%s", prefix, text)
	}
	return m[1]
}

// TestFollowUpBox: the comment form offers the box, with its label, only
// on a site that sends mail; ticked without an address, the form comes
// back with what was typed and a message beside the address.
func TestFollowUpBox(t *testing.T) {
	plain := newCommentRig(t)
	doc := parse(t, body(t, plain.do(t, httptest.NewRequest("GET", plain.path, nil), nil)))
	if len(findAll(doc, byID("notify"))) != 0 {
		t.Error("a site that sends no mail offers follow-up mail")
	}
	rig := newFollowRig(t)
	doc = parse(t, body(t, rig.do(t, httptest.NewRequest("GET", rig.path, nil), nil)))
	box := first(t, doc, byID("notify"), "the follow-up box")
	if attr(box, "type") != "checkbox" || attr(box, "name") != "notify" {
		t.Errorf("the follow-up box is %s %s", attr(box, "type"), attr(box, "name"))
	}
	labelled := false
	for _, l := range findAll(doc, byTag("label")) {
		if attr(l, "for") == "notify" && strings.Contains(text(l), "Notify me of follow-up comments by email.") {
			labelled = true
		}
	}
	if !labelled {
		t.Error("the follow-up box has no label")
	}

	v := validComment("Tell me when someone answers.")
	v.Set("email", "")
	v.Set("notify", "yes")
	res := rig.post(t, rig.path, v)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("ticked without an address: %d, want 422", res.StatusCode)
	}
	doc = parse(t, body(t, res))
	if got := text(first(t, doc, byID("email-error"), "the address's message")); !strings.Contains(got, "follow-up comments") {
		t.Errorf("the address's message is %q", got)
	}
	if !hasAttr(first(t, doc, byID("notify"), "the box sent back"), "checked") {
		t.Error("the box came back unticked")
	}
	if n := countOutbox(t, rig); n != 0 {
		t.Errorf("%d messages queued for a refused comment", n)
	}
}

func countOutbox(t *testing.T, rig *followRig) int {
	t.Helper()
	_, n, err := rig.store.FindOutbox(context.Background(), masthead.OutboxFilter{Limit: 1})
	must(t, err)
	return n
}

// TestFollowUpsByMail goes the whole way through real HTTP and SMTP: the
// box ticked, the confirmation mail received and its page's button
// pressed, another reader's held comment approved by a moderator, the
// follow-up received once with one-click unsubscribe headers and without
// the other reader's address, and the unsubscribe page's button, after
// which nothing more is sent. The confirmation also makes the reader's
// address a proven one for hold_first.
func TestFollowUpsByMail(t *testing.T) {
	rig := newFollowRig(t)
	ctx := context.Background()
	v := validComment("Tell me when someone answers.")
	v.Set("notify", "yes")
	if res := rig.post(t, rig.path, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the comment: %d", res.StatusCode)
	}
	fay := rig.newestComment(t)
	msgs := rig.deliver(t, 1)
	if msgs[0].To[0] != "fay.quinn@reader.example" || msgs[0].Header.Get("Auto-Submitted") != "auto-generated" {
		t.Fatalf("confirmation to %v, %v", msgs[0].To, msgs[0].Header)
	}
	confirm := siteLink(t, msgs[0].Text, notify.FollowPath)
	if !strings.Contains(msgs[0].HTML, `href="https://observer.example`+confirm+`"`) {
		t.Errorf("the HTML part does not link to %s", confirm)
	}
	// The link opens a page whose button confirms; the link alone does not.
	res := rig.do(t, httptest.NewRequest("GET", confirm, nil), nil)
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("the confirmation page: %d, %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	form := first(t, parse(t, body(t, res)), byClass("comment-form"), "the confirmation form")
	if attr(form, "action") != confirm || attr(form, "method") != "post" {
		t.Fatalf("the confirmation form posts to %s %s", attr(form, "method"), attr(form, "action"))
	}
	res = send(t, rig.server, "POST", confirm, url.Values{})
	proof := cookieNamed(res, addressCookie)
	if res.StatusCode != http.StatusSeeOther || proof == nil || !proof.HttpOnly {
		t.Fatalf("confirming: %d, address cookie %v", res.StatusCode, proof)
	}
	if res := send(t, rig.server, "POST", confirm, url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("the link confirmed twice: %d, want 404", res.StatusCode)
	}

	// Gus's first comment is held; a moderator approves it.
	gus := validComment("An answer to Fay.")
	gus.Set("author", "Gus Hale")
	gus.Set("email", "gus@reader.example")
	if res := rig.post(t, rig.path, gus); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Gus's comment: %d", res.StatusCode)
	}
	held := rig.newestComment(t)
	if held.Status != masthead.CommentPending {
		t.Fatalf("Gus's first comment is %s", held.Status)
	}
	if _, err := rig.jobs.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if n := countOutbox(t, rig); n != 1 {
		t.Fatalf("%d messages queued before the approval, want the confirmation alone", n)
	}
	must(t, rig.store.UpdateCommentStatus(ctx, held.ID, masthead.CommentApproved))
	msgs = rig.deliver(t, 2)
	follow := msgs[1]
	if follow.To[0] != "fay.quinn@reader.example" || !strings.Contains(follow.Text, "Gus Hale") || !strings.Contains(follow.Text, "An answer to Fay.") {
		t.Fatalf("follow-up to %v:\n%s", follow.To, follow.Text)
	}
	if strings.Contains(string(follow.Raw), "gus@reader.example") {
		t.Error("the follow-up names Gus's address")
	}
	unsubscribe := siteLink(t, follow.Text, notify.UnsubscribePath)
	if got := follow.Header.Get("List-Unsubscribe"); got != "<https://observer.example"+unsubscribe+">" {
		t.Errorf("List-Unsubscribe = %q", got)
	}
	if got := follow.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", got)
	}
	// Approving it again, or another round, sends nothing more.
	must(t, rig.store.UpdateCommentStatus(ctx, held.ID, masthead.CommentPending))
	must(t, rig.store.UpdateCommentStatus(ctx, held.ID, masthead.CommentApproved))
	if _, err := rig.jobs.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if n := countOutbox(t, rig); n != 2 {
		t.Fatalf("%d messages after approving again, want 2", n)
	}

	// The unsubscribe page and its button.
	res = rig.do(t, httptest.NewRequest("GET", unsubscribe, nil), nil)
	form = first(t, parse(t, body(t, res)), byClass("comment-form"), "the unsubscribe form")
	if res.StatusCode != http.StatusOK || attr(form, "action") != unsubscribe {
		t.Fatalf("the unsubscribe page: %d, form to %s", res.StatusCode, attr(form, "action"))
	}
	if res := send(t, rig.server, "POST", unsubscribe, url.Values{}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != unsubscribedPath {
		t.Fatalf("unsubscribing: %d to %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := send(t, rig.server, "POST", unsubscribe, url.Values{"List-Unsubscribe": {"One-Click"}}); res.StatusCode != http.StatusOK {
		t.Errorf("a repeated one-click unsubscribe: %d, want 200", res.StatusCode)
	}
	must(t, rig.store.UpdateCommentStatus(ctx, fay.ID, masthead.CommentApproved))
	more := validComment("Another answer.")
	more.Set("author", "Gus Hale")
	more.Set("email", "gus@reader.example")
	rig.post(t, rig.path, more)
	must(t, rig.store.UpdateCommentStatus(ctx, rig.newestComment(t).ID, masthead.CommentApproved))
	if _, err := rig.jobs.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if n := countOutbox(t, rig); n != 2 {
		t.Fatalf("%d messages after unsubscribing, want 2", n)
	}

	// Fay, now with an approved comment, writes from a new browser: typed
	// alone her name and address are held; with the confirmation's proof
	// they are hers.
	for _, tc := range []struct {
		name    string
		cookies []*http.Cookie
		want    masthead.CommentStatus
	}{
		{"typed", nil, masthead.CommentPending},
		{"proven", []*http.Cookie{proof}, masthead.CommentApproved},
	} {
		if res := rig.post(t, rig.path, validComment("From a new browser, "+tc.name+"."), tc.cookies...); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", tc.name, res.StatusCode)
		}
		if got := rig.newestComment(t).Status; got != tc.want {
			t.Errorf("Fay's comment %s in a new browser is %s, want %s", tc.name, got, tc.want)
		}
	}
}
