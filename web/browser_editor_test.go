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

// TestWriteAndScheduleInBrowser: an author signs in, writes an article,
// previews it, schedules it, and it appears on the site at its time.
func TestWriteAndScheduleInBrowser(t *testing.T) {
	rig := newEditorRig(t)
	author := rig.staff[masthead.RoleAuthor]
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
	click := func(sel string) {
		t.Helper()
		if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(b, chromedp.Navigate(ts.URL+"/admin/articles/new"),
		chromedp.SendKeys(chromedp.CSS("#email"), author.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), staffPassword)); err != nil {
		t.Fatal(err)
	}
	click(".admin-form button[type=submit]")
	if got := eval(`location.pathname`); got != "/admin/articles/new" {
		t.Fatalf("after sign-in the browser is at %q", got)
	}
	err := chromedp.Do(b,
		chromedp.SendKeys(chromedp.CSS("#headline"), "Lighthouse keepers return"),
		chromedp.SendKeys(chromedp.CSS("#body"), "The keepers are *back* at the point.\n\nThey start on Monday."),
		chromedp.SendKeys(chromedp.CSS("#tags"), "Lighthouse"),
		chromedp.SetValue(chromedp.CSS("#publish_at"), now.Add(time.Hour).Format(datetimeLocal)),
	)
	if err != nil {
		t.Fatal(err)
	}
	click(`button[value="preview"]`)
	if got := eval(`document.querySelector(".preview em")?.textContent ?? ""`); got != "back" {
		t.Fatalf("the preview shows %q", got)
	}
	if got := eval(`document.getElementById("headline").value`); got != "Lighthouse keepers return" {
		t.Fatalf("after the preview the headline is %q", got)
	}
	click(`button[value="schedule"]`)
	if got := eval(`document.getElementById("article-status").textContent + " " + document.querySelector(".notice").textContent`); got != "scheduled Scheduled." {
		t.Fatalf("after scheduling: %q", got)
	}
	rig.clock.Add(2 * time.Hour)
	if _, err := rig.store.PublishDueArticles(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b, chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if got := eval(`document.querySelector(".card-headline")?.textContent ?? ""`); !strings.Contains(got, "Lighthouse keepers return") {
		t.Fatalf("the front page leads with %q", got)
	}
}

// TestConflictInTwoTabs: the same editor opens an article in two tabs;
// the second tab's save gets the conflict message and keeps its text.
func TestConflictInTwoTabs(t *testing.T) {
	rig := newEditorRig(t)
	editor := rig.staff[masthead.RoleEditor]
	ts := httptest.NewServer(rig.server)
	defer ts.Close()
	tab1 := newBrowser(t)
	if err := chromedp.Do(tab1, chromedp.Navigate(ts.URL+"/admin/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), editor.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), staffPassword)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(tab1, chromedp.Click(chromedp.CSS(".admin-form button[type=submit]"))); err != nil {
		t.Fatal(err)
	}
	tab2, cancel := chromedp.NewContext(tab1) // same browser, same cookies
	defer cancel()
	edit := ts.URL + "/admin/articles/" + itoa(rig.lead.ID)
	for _, tab := range []context.Context{tab1, tab2} {
		if err := chromedp.Do(tab, chromedp.Navigate(edit)); err != nil {
			t.Fatal(err)
		}
	}
	save := func(tab context.Context, text string) {
		t.Helper()
		if err := chromedp.Do(tab, chromedp.SetValue(chromedp.CSS("#body"), text)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(`button[value="save"]`))); err != nil {
			t.Fatal(err)
		}
	}
	save(tab1, "Words from the first tab.")
	save(tab2, "Words from the second tab.")
	msg, err := chromedp.Run(tab2, chromedp.Evaluate[string](`document.querySelector(".form-errors")?.textContent ?? ""`))
	if err != nil || !strings.Contains(msg, "Someone else saved this article") {
		t.Fatalf("the second tab says %q, %v", msg, err)
	}
	kept, _ := chromedp.Run(tab2, chromedp.Evaluate[string](`document.getElementById("body").value + " | " + document.querySelector(".their-body").textContent`))
	if kept != "Words from the second tab. | Words from the first tab." {
		t.Fatalf("the second tab shows %q", kept)
	}
}
