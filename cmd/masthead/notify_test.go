package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/content"
	"masthead/mail"
	"masthead/mail/mailtest"
	"masthead/notify"
	"masthead/sqlite"
)

// linkIn returns the first address in text that starts with prefix.
func linkIn(t *testing.T, text, prefix string) string {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(prefix) + `[^\s"<>]+`).FindString(text)
	if m == "" {
		t.Fatalf("no link starting %s in:\n%s", prefix, text)
	}
	return m
}

// TestServeMailsReaders runs serve with mail set up and checks, as a
// receiver sees it over SMTP, every mail the site sends readers and
// editors without a staff action: the confirmation link of a data
// request made at /privacy/request/, the confirmation of follow-up mail
// and, once it is confirmed over HTTP, the follow-up of another reader's
// approved comment with its one-click unsubscribe, which works when POSTed
// by a mail provider from elsewhere; and the held-comment digest, whose
// link leads to the moderation queue.
func TestServeMailsReaders(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(data, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	editor := &masthead.Author{Name: "Eda Editor", Slug: "eda", Role: masthead.RoleEditor, Email: "eda@observer.example"}
	if err := store.CreateAuthor(ctx, editor); err != nil {
		t.Fatal(err)
	}
	a := &masthead.Article{Headline: "Harbour reopens", BodySource: "Text.", Status: masthead.StatusPublished, CommentsOpen: true,
		PublishedAt: time.Now().Add(-time.Hour), Authors: []*masthead.Author{editor}}
	if err := content.PrepareArticle(a); err != nil {
		t.Fatal(err)
	}
	if err := store.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	site, err := store.FindSite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	site.HeldDigest = masthead.HeldDigestImmediately
	if err := store.UpdateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	store.Close()

	smtp := mailtest.Start(t, mailtest.Options{})
	serveCtx, stop := context.WithCancel(ctx)
	defer stop()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(serveCtx, []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--job-interval", "100ms",
			"--smtp-host", smtp.Host, "--smtp-port", strconv.Itoa(smtp.Port), "--smtp-security", "none", "--mail-from", "news@observer.example"},
			noEnv, pw, io.Discard)
		pw.Close()
	}()
	addr := waitForAddress(t, pr) // http://127.0.0.1:PORT
	base := addr
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(target string, form url.Values, origin string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
			req.Header.Set("Sec-Fetch-Site", "cross-site")
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}

	// Readers' data: the request mails its link.
	if res := post(base+"/privacy/request/", url.Values{"email": {"ann@example.org"}, "kind": {"export"}}, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /privacy/request/: %d, want 303", res.StatusCode)
	}
	msgs := smtp.Wait(t, 1, 10*time.Second)
	if msgs[0].To[0] != "ann@example.org" || !strings.Contains(msgs[0].Text, base+"/privacy/confirm/") {
		t.Fatalf("privacy mail to %v:\n%s", msgs[0].To, msgs[0].Text)
	}
	if res, err := client.Get(linkIn(t, msgs[0].Text, base+"/privacy/confirm/")); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("the mailed privacy link: %v, %v", res, err)
	}

	// Follow-ups: asked for, confirmed over HTTP, sent for Bob's comment.
	store = openTestStore(t, data)
	site, err = store.FindSite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := notify.Subscribe(ctx, store, mail.OriginOf(site, base), a, "ann@example.org", time.Now()); err != nil {
		t.Fatal(err)
	}
	msgs = smtp.Wait(t, 2, 10*time.Second)
	confirm := linkIn(t, msgs[1].Text, base+notify.FollowPath)
	if res := post(confirm, nil, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST the confirmation link: %d, want 303", res.StatusCode)
	}
	bob := &masthead.Comment{ArticleID: a.ID, AuthorName: "Bob Neighbour", AuthorEmail: "bob@example.net", Body: "The ferry is back.",
		Status: masthead.CommentApproved}
	if err := store.SubmitComments(ctx, []masthead.BatchComment{{Comment: bob}}, masthead.SubmitOptions{}); err != nil {
		t.Fatal(err)
	}
	msgs = smtp.Wait(t, 3, 10*time.Second)
	follow := msgs[2]
	if follow.To[0] != "ann@example.org" || !strings.Contains(follow.Text, "Bob Neighbour") || !strings.Contains(follow.Text, "The ferry is back.") {
		t.Fatalf("follow-up to %v:\n%s", follow.To, follow.Text)
	}
	if strings.Contains(string(follow.Raw), "bob@example.net") {
		t.Error("the follow-up names the commenter's address")
	}
	if got := follow.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", got)
	}
	unsubscribe := strings.Trim(follow.Header.Get("List-Unsubscribe"), "<>")
	if !strings.HasPrefix(unsubscribe, base+notify.UnsubscribePath) {
		t.Fatalf("List-Unsubscribe = %q", follow.Header.Get("List-Unsubscribe"))
	}
	link := linkIn(t, follow.Text, base+notify.CommentPath)
	res, err := client.Get(link)
	if err != nil || res.StatusCode != http.StatusFound || !strings.HasSuffix(res.Header.Get("Location"), "#comment-"+strconv.FormatInt(bob.ID, 10)) {
		t.Fatalf("the comment's link %s: %v, %v", link, res, err)
	}
	// The one-click POST comes from the mail provider, not from the site.
	if res := post(unsubscribe, url.Values{"List-Unsubscribe": {"One-Click"}}, "https://mail.example.com"); res.StatusCode != http.StatusOK {
		t.Fatalf("one-click unsubscribe: %d, want 200", res.StatusCode)
	}
	if _, err := store.FindUnsubscribe(ctx, masthead.HashToken(strings.TrimPrefix(unsubscribe, base+notify.UnsubscribePath))); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("after one-click unsubscribe the subscription is still there: %v", err)
	}

	// The digest: a held comment reaches the editor within a round.
	held := &masthead.Comment{ArticleID: a.ID, AuthorName: "Cleo", AuthorEmail: "cleo@example.com", Body: "Held for a moderator.",
		Status: masthead.CommentPending, Reason: "Held because every comment waits for a moderator on this site."}
	if err := store.SubmitComments(ctx, []masthead.BatchComment{{Comment: held}}, masthead.SubmitOptions{}); err != nil {
		t.Fatal(err)
	}
	msgs = smtp.Wait(t, 4, 10*time.Second)
	digest := msgs[3]
	if digest.To[0] != "eda@observer.example" || !strings.Contains(digest.Text, "Held for a moderator.") ||
		!strings.Contains(digest.Text, base+notify.QueuePath) {
		t.Fatalf("digest to %v:\n%s", digest.To, digest.Text)
	}
	if len(smtp.Messages()) != 4 {
		t.Fatalf("%d messages, want 4: nothing was sent twice", len(smtp.Messages()))
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := len(smtp.Messages()); n != 4 {
		t.Fatalf("%d messages after stopping, want 4", n)
	}
}
