package web

import (
	"fmt"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead"
)

// TestPinFlowInABrowser curates the front as an editor does, without
// script: find a story by its headline and pin it, pin another by its
// number, reorder, unpin, and switch the breaking strip on; the home page
// follows each step.
func TestPinFlowInABrowser(t *testing.T) {
	f := newFixture(t)
	editor := addStaff(t, f.store, "Eda Editor", masthead.RoleEditor)
	story := storyPath(t, f.store, "story-number-07")
	ts := httptest.NewServer(f.server)
	defer ts.Close()
	b := newBrowser(t)
	signInBrowser(t, b, ts.URL+"/admin/front", editor.Email)
	eval := evaluator(t, b)
	click := func(what, sel string) {
		t.Helper()
		if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if notice := eval(`document.querySelector(".notice")?.textContent ?? ""`); notice == "" {
			t.Fatalf("%s: no notice on %s", what, eval(`location.href`))
		}
	}
	// homeOrder returns the first articles of the home page, as a reader
	// gets it.
	homeOrder := func(n int) []string {
		t.Helper()
		v, err := chromedp.Run(b, chromedp.Evaluate[[]string](fmt.Sprintf(`(async () => {
			const res = await fetch("/", {credentials: "omit"}); const doc = new DOMParser().parseFromString(await res.text(), "text/html");
			const seen = [];
			for (const a of doc.querySelectorAll("main a[href]")) {
				const p = new URL(a.href).pathname;
				if (/^\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/.test(p) && !seen.includes(p)) seen.push(p);
			}
			return seen.slice(0, %d);
		})()`, n), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	lead := f.lead.Path(time.UTC)
	if got := homeOrder(1); !slices.Equal(got, []string{lead}) {
		t.Fatalf("before any pin the home page starts with %v, want the newest story", got)
	}

	// Find by headline, then pin from the results.
	if err := chromedp.Do(b, chromedp.SendKeys(chromedp.CSS("#q"), "Story number 07")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS(`form[action="/admin/front"] button`))); err != nil {
		t.Fatal(err)
	}
	click("pinning a found story", `form.inline-form[action="/admin/front/pins"] button`)
	if got := homeOrder(2); !slices.Equal(got, []string{story, lead}) {
		t.Errorf("after pinning story 7 the home page starts with %v", got)
	}

	// Pin by number, then move it up.
	if err := chromedp.Do(b, chromedp.SetValue(chromedp.CSS("#article"), itoa(f.lead.ID))); err != nil {
		t.Fatal(err)
	}
	click("pinning by number", `form.admin-form[action="/admin/front/pins"] button[type="submit"]`)
	click("moving the second pin up", `#pins-0 ~ table button[value="up"]`)
	if got := homeOrder(2); !slices.Equal(got, []string{lead, story}) {
		t.Errorf("after moving the lead up the home page starts with %v", got)
	}
	click("unpinning the first", `#pins-0 ~ table form[action$="/delete"] button`)
	if got := homeOrder(1); !slices.Equal(got, []string{story}) {
		t.Errorf("after unpinning the lead the home page starts with %v", got)
	}

	// The breaking strip.
	if err := chromedp.Do(b, chromedp.SetValue(chromedp.CSS("#breaking_text"), "Ferry pier approved"),
		chromedp.SetValue(chromedp.CSS("#breaking_url"), lead)); err != nil {
		t.Fatal(err)
	}
	click("switching the strip on", `form[action="/admin/front/breaking"] button:not([name])`)
	if err := chromedp.Do(b, chromedp.Navigate(ts.URL+"/category/sport/")); err != nil {
		t.Fatal(err)
	}
	if got := eval(`document.querySelector("aside.breaking-strip a")?.textContent ?? ""`); got != "Ferry pier approved" {
		t.Errorf("the sport page's strip reads %q", got)
	}
}
