package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"masthead"
)

// TestCommentInBrowser follows two readers in a real browser: the first
// fills in the form by its labels, posts and sees their comment awaiting
// moderation; a moderator approves it; the second reader, with cookies of
// their own, sees it, replies under it through the Reply link and sees the
// reply nested under it. The first reader does not see the held reply.
func TestCommentInBrowser(t *testing.T) {
	rig := newCommentRig(t)
	ctx := context.Background()
	site, _ := rig.store.FindSite(ctx)
	site.CommentMinSeconds = 0 // a test types faster than a person
	must(t, rig.store.UpdateSite(ctx, site))
	ts := httptest.NewServer(rig.server)
	defer ts.Close()
	article := ts.URL + rig.path

	first := newBrowser(t)
	do := func(ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	eval := func(ctx context.Context, js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	fill := func(ctx context.Context, label, value string) {
		t.Helper()
		l, _ := json.Marshal(label)
		id := eval(ctx, fmt.Sprintf(`(() => {
			const l = [...document.querySelectorAll("#respond label")].find(l => l.textContent.replace(/\s+/g, " ").trim() === %s);
			return l ? l.htmlFor : "";
		})()`, l))
		if id == "" {
			t.Fatalf("no field is labelled %q", label)
		}
		do(ctx, chromedp.SendKeys(chromedp.CSS("#"+id), value))
	}
	post := func(ctx context.Context) {
		t.Helper()
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("#submit"))); err != nil {
			t.Fatal(err)
		}
	}

	do(first, chromedp.Navigate(article))
	fill(first, "Comment *", "Seen from the ferry: the new pier is already busy.")
	fill(first, "Name *", "Gil Harper")
	fill(first, "Email *", "gil.harper@reader.example")
	fill(first, "Website", "https://gil.example.org/")
	post(first)
	if got := eval(first, `location.hash`); !strings.HasPrefix(got, "#comment-") {
		t.Fatalf("after posting, the page is at %q, want the new comment", got)
	}
	gil := rig.newestComment(t)
	anchor := fmt.Sprintf("comment-%d", gil.ID)
	if got := eval(first, `document.querySelector("#`+anchor+` .awaiting")?.textContent ?? ""`); got != "Your comment is awaiting moderation." {
		t.Fatalf("the writer sees %q", got)
	}

	must(t, rig.store.UpdateCommentStatus(ctx, gil.ID, masthead.CommentApproved))

	second, cancel := chromedp.NewContext(first, chromedp.WithNewBrowserContext())
	defer cancel()
	do(second, chromedp.Navigate(article))
	if got := eval(second, `document.querySelector("#`+anchor+` .comment-body")?.textContent.trim() ?? ""`); got != "Seen from the ferry: the new pier is already busy." {
		t.Fatalf("the second reader sees %q", got)
	}
	if got := eval(second, `document.getElementById("author").value`); got != "" {
		t.Fatalf("the second reader's form is pre-filled with %q", got)
	}
	do(second, chromedp.Click(chromedp.CSS("#"+anchor+" .comment-reply-link")),
		chromedp.Click(chromedp.CSS("#cancel-comment-reply-link")))
	if got := eval(second, `document.getElementById("respond").parentElement.id + " " + document.getElementById("comment_parent").value`); got != "comments 0" {
		t.Fatalf("after Cancel reply the form is in %q", got)
	}
	do(second, chromedp.Click(chromedp.CSS("#"+anchor+" .comment-reply-link")))
	if got := eval(second, `document.getElementById("respond").closest("li")?.id ?? "not moved"`); got != anchor {
		t.Fatalf("after Reply the form sits in %q, want under %s", got, anchor)
	}
	if got := eval(second, `document.getElementById("comment_parent").value + " " + document.getElementById("reply-title").textContent.replace(/\s+/g, " ").trim()`); got != fmt.Sprintf("%d Leave a Reply to Gil Harper Cancel reply", gil.ID) {
		t.Fatalf("reply form state = %q", got)
	}
	fill(second, "Comment *", "Agreed, and the timetable finally works.")
	fill(second, "Name *", "Ivo Brandt")
	fill(second, "Email *", "ivo.brandt@reader.example")
	post(second)
	ivo := rig.newestComment(t)
	if ivo.ParentID != gil.ID {
		t.Fatalf("the reply was stored under %d, want %d", ivo.ParentID, gil.ID)
	}
	reply := fmt.Sprintf("comment-%d", ivo.ID)
	if got := eval(second, `document.querySelector("#`+reply+`")?.parentElement.closest("li")?.id ?? ""`); got != anchor {
		t.Fatalf("the reply is nested under %q, want %s", got, anchor)
	}
	if got := eval(second, `document.querySelector("#`+reply+` .awaiting")?.textContent ?? ""`); got != "Your comment is awaiting moderation." {
		t.Fatalf("the replier sees %q", got)
	}

	do(first, chromedp.Reload())
	if got := eval(first, `String(!!document.getElementById("`+reply+`"))`); got != "false" {
		t.Fatal("the first reader sees the second reader's held reply")
	}
}

// TestReplyWithoutJavaScript replies in a browser with scripts turned off:
// the Reply link reloads the page with the parent set, and the reply lands
// under its parent.
func TestReplyWithoutJavaScript(t *testing.T) {
	rig := newCommentRig(t)
	ctx := context.Background()
	site, _ := rig.store.FindSite(ctx)
	site.CommentMinSeconds = 0
	must(t, rig.store.UpdateSite(ctx, site))
	ts := httptest.NewServer(rig.server)
	defer ts.Close()

	b := newBrowser(t)
	if _, err := chromedp.Call(b, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	parent := rig.comments[0]
	anchor := fmt.Sprintf("comment-%d", parent.ID)
	if err := chromedp.Do(b, chromedp.Navigate(ts.URL+rig.path)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS("#"+anchor+" .comment-reply-link"))); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(b, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("?replytocom=%d#respond", parent.ID); !strings.HasSuffix(loc, want) {
		t.Fatalf("the Reply link went to %q, want …%s", loc, want)
	}
	title, err := chromedp.Run(b, chromedp.Text(chromedp.CSS("#reply-title")))
	if err != nil || !strings.HasPrefix(title, "Leave a Reply to Cora Diaz") {
		t.Fatalf("title = %q, %v", title, err)
	}
	err = chromedp.Do(b,
		chromedp.SendKeys(chromedp.CSS("#comment"), "Replying without scripts."),
		chromedp.SendKeys(chromedp.CSS("#author"), "Jo Lind"),
		chromedp.SendKeys(chromedp.CSS("#email"), "jo.lind@reader.example"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS("#submit"))); err != nil {
		t.Fatal(err)
	}
	// Without scripts the page's own token is all the form has, and the
	// server asks the reader to confirm, with everything still typed in.
	notice, err := chromedp.Run(b, chromedp.Text(chromedp.CSS("#form-errors")))
	if err != nil || !strings.Contains(notice, "Please check your comment and press Post Comment again.") {
		t.Fatalf("after the first press the form says %q, %v", notice, err)
	}
	typed, err := chromedp.Run(b, chromedp.Value(chromedp.CSS("#comment")))
	if err != nil || typed != "Replying without scripts." {
		t.Fatalf("after the first press the comment is %q, %v", typed, err)
	}
	if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS("#submit"))); err != nil {
		t.Fatal(err)
	}
	reply := rig.newestComment(t)
	if reply.ParentID != parent.ID || reply.Body != "Replying without scripts." {
		t.Fatalf("stored reply = %+v", reply)
	}
	nested, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(fmt.Sprintf("#%s .children #comment-%d .awaiting", anchor, reply.ID))))
	if err != nil || nested != "Your comment is awaiting moderation." {
		t.Fatalf("the reply under its parent says %q, %v", nested, err)
	}
}

// TestCommentInOnePressWithScripts: with scripts, the form gets a token
// of the reader's own as they start writing, so that one press posts the
// comment, and the minimum time counts from when they started: the page
// itself was rendered long before (it could have come from the cache).
func TestCommentInOnePressWithScripts(t *testing.T) {
	rig := newCommentRig(t)
	posts := 0
	var mu sync.Mutex
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			mu.Lock()
			posts++
			mu.Unlock()
		}
		rig.server.ServeHTTP(w, r)
	}))
	defer ts.Close()

	b := newBrowser(t)
	if err := chromedp.Do(b, chromedp.Navigate(ts.URL+rig.path)); err != nil {
		t.Fatal(err)
	}
	pageToken, err := chromedp.Run(b, chromedp.Evaluate[string](`document.getElementById("comment-token").value`))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(b,
		chromedp.SendKeys(chromedp.CSS("#comment"), "Posted in one press."),
		chromedp.SendKeys(chromedp.CSS("#author"), "Kai Moss"),
		chromedp.SendKeys(chromedp.CSS("#email"), "kai.moss@reader.example"),
	)
	if err != nil {
		t.Fatal(err)
	}
	readerToken := ""
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		readerToken, err = chromedp.Run(b, chromedp.Evaluate[string](`document.getElementById("comment-token").value`))
		if err != nil {
			t.Fatal(err)
		}
		if readerToken != pageToken {
			break
		}
	}
	if readerToken == pageToken {
		t.Fatal("the form still holds the page's token after the reader typed")
	}
	// The reader takes a while to write, as people do.
	rig.clock.Add(10 * time.Second)
	if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS("#submit"))); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(b, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	c := rig.newestComment(t)
	if c.Body != "Posted in one press." || !strings.HasSuffix(loc, fmt.Sprintf("#comment-%d", c.ID)) {
		t.Fatalf("after one press the page is at %q and the newest comment is %q", loc, c.Body)
	}
	mu.Lock()
	defer mu.Unlock()
	if posts != 1 {
		t.Fatalf("posting took %d presses, want 1", posts)
	}
}
