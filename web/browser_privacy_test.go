package web

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPrivacyRequestInBrowser follows a commenter in a real browser from
// the privacy page to the request form, asks for erasure, follows the
// link the site sent (recorded in place of mail), confirms, and finds
// her comment anonymous under the article, its reply still below it.
func TestPrivacyRequestInBrowser(t *testing.T) {
	f := newFixture(t)
	links := &recordedLinks{}
	ts := httptest.NewServer(privacyServer(t, f, links, false))
	defer ts.Close()
	ctx := newBrowser(t)
	do := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	eval := evaluator(t, ctx)
	submit := func(selector string) {
		t.Helper()
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
			t.Fatal(err)
		}
	}

	do(chromedp.Navigate(ts.URL + "/privacy/"))
	submit(`main a[href="/privacy/request/"]`)
	if got := eval(`location.pathname`); got != "/privacy/request/" {
		t.Fatalf("the privacy page's link leads to %q", got)
	}
	do(chromedp.SendKeys(chromedp.CSS("#email"), coraEmail), chromedp.Click(chromedp.CSS("#kind-erase")))
	submit(`.privacy-form button[type="submit"]`)
	if got := eval(`document.querySelector(".notice")?.textContent ?? ""`); !strings.Contains(got, "a link was sent") {
		t.Fatalf("after the request the page says %q", got)
	}

	do(chromedp.Navigate(ts.URL + links.last(t, coraEmail)))
	if got := eval(`document.querySelector("main").textContent`); !strings.Contains(got, "1 comment was posted under your address") {
		t.Fatalf("the confirmation page says %q", got)
	}
	submit(`main form button[type="submit"]`)
	if got := eval(`location.pathname + location.search`); got != "/privacy/erased/?comments=1" {
		t.Fatalf("after confirming, the page is %q", got)
	}

	do(chromedp.Navigate(ts.URL + f.lead.Path(time.UTC)))
	comments := eval(`document.querySelector("#comments")?.textContent ?? ""`)
	if strings.Contains(comments, "Cora Diaz") || !strings.Contains(comments, "[deleted]") || !strings.Contains(comments, "Anonymous") {
		t.Errorf("after the erasure the comments read %q", comments)
	}
	reply := eval(`(() => {
		const erased = [...document.querySelectorAll("#comments li.comment")].find(li => li.querySelector(".comment-author")?.textContent === "Anonymous");
		return erased?.querySelector(":scope li.comment .comment-author")?.textContent ?? "";
	})()`)
	if reply != "Dev Patel" {
		t.Errorf("the reply under the erased comment is %q, want Dev Patel's", reply)
	}
}
