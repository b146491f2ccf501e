package web

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead"
)

// TestWriteAndScheduleInBrowser: an author signs in, uploads an image,
// writes an article led by it, previews it, schedules it, and it appears
// on the site at its time, image and all.
func TestWriteAndScheduleInBrowser(t *testing.T) {
	rig := newEditorRig(t)
	author := rig.staff[masthead.RoleAuthor]
	srv, err := NewServer(rig.store, Options{BaseURL: "https://observer.example", Now: rig.clock.Now, CommentEvery: -1, MediaDir: t.TempDir()})
	must(t, err)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	photo := filepath.Join(t.TempDir(), "keepers.jpg")
	must(t, os.WriteFile(photo, testJPEG(t, 1000, 600), 0o600))
	b := newBrowser(t)
	eval := evaluator(t, b)
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
	err = chromedp.Do(b, chromedp.Navigate(ts.URL+"/admin/media"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{photo}),
		chromedp.SendKeys(chromedp.CSS("#alt"), "Two keepers at the lamp room door"),
		chromedp.SendKeys(chromedp.CSS("#credit"), "Staff photographer"))
	if err != nil {
		t.Fatal(err)
	}
	click(`.upload button[type=submit]`)
	if got := eval(`document.querySelector(".notice")?.textContent ?? document.body.textContent`); got != "The image was added to the library." {
		t.Fatalf("after the upload: %q", got)
	}
	if err := chromedp.Do(b, chromedp.Navigate(ts.URL+"/admin/articles/new")); err != nil {
		t.Fatal(err)
	}
	imageID := eval(`[...document.querySelectorAll("#featured option")].find(o => o.textContent.includes("keepers.jpg"))?.value ?? ""`)
	if imageID == "" {
		t.Fatal("the editor does not offer the uploaded image")
	}
	err = chromedp.Do(b,
		chromedp.SetValue(chromedp.CSS("#featured"), imageID),
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
	click(".card-headline a")
	// naturalWidth is 0 for an image that failed to load.
	if got := eval(`(document.querySelector(".lead-image img")?.alt ?? "") + " | " + (document.querySelector(".lead-image img")?.naturalWidth > 0)`); got != "Two keepers at the lamp room door | true" {
		t.Fatalf("the article's image: %q", got)
	}

	// The newsroom's pages work in a narrow phone window.
	for _, path := range []string{"/admin/", "/admin/articles", "/admin/articles/new", "/admin/media", "/admin/password"} {
		if err := chromedp.Do(b, chromedp.EmulateViewport(320, 800), chromedp.Navigate(ts.URL+path)); err != nil {
			t.Fatal(err)
		}
		if w := eval(`String(document.documentElement.scrollWidth)`); w != "320" {
			t.Errorf("%s at 320 px is %s px wide", path, w)
		}
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
	signInBrowser(t, tab1, ts.URL+"/admin/login", editor.Email)
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

// TestLivePreview types into the editor and watches the preview follow.
func TestLivePreview(t *testing.T) {
	rig := newEditorRig(t)
	author := rig.staff[masthead.RoleAuthor]
	ts := httptest.NewServer(rig.server)
	defer ts.Close()
	b := newBrowser(t)
	signInBrowser(t, b, ts.URL+"/admin/articles/new", author.Email)
	if err := chromedp.Do(b, chromedp.SendKeys(chromedp.CSS("#body"), "Live **bold** words <script>window.pwned=1</script>")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(b, chromedp.Poll[string](`(document.querySelector(".preview strong")?.textContent ?? "") + (window.pwned ? " PWNED" : "")`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	if got != "bold" {
		t.Fatalf("the live preview shows %q", got)
	}
}

// TestContributorCannotPublishInBrowser: a contributor's editor offers no
// way to publish, and a hand-made publish request is refused.
func TestContributorCannotPublishInBrowser(t *testing.T) {
	rig := newEditorRig(t)
	contrib := rig.staff[masthead.RoleContributor]
	ts := httptest.NewServer(rig.server)
	defer ts.Close()
	b := newBrowser(t)
	signInBrowser(t, b, ts.URL+"/admin/articles/new", contrib.Email)
	buttons, err := chromedp.Run(b, chromedp.Evaluate[string](`[...document.querySelectorAll(".editor-actions button")].map(b => b.value).join(" ")`))
	if err != nil {
		t.Fatal(err)
	}
	if buttons != "preview save submit" {
		t.Fatalf("a contributor's editor offers %q", buttons)
	}
	// The same form, with a publish button added by hand, is refused.
	status, err := chromedp.Run(b, chromedp.Evaluate[string](`(async () => {
		const form = new FormData(document.querySelector("form.editor-form"));
		form.set("headline", "Sneaky"); form.set("action", "publish");
		const res = await fetch("/admin/articles/new", {method: "POST", body: new URLSearchParams(form)});
		return String(res.status);
	})()`, chromedp.EvalAwaitPromise))
	if err != nil || status != "403" {
		t.Fatalf("a hand-made publish: %q, %v", status, err)
	}
}
