package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"masthead"
)

// TestEditorComfortInBrowser: in real Chromium, the word count follows
// typing, leaving a field autosaves the text into the writer's slot (and
// says so, and says when someone else saved meanwhile), and leaving the
// page with unsaved changes asks first, but not after a save.
func TestEditorComfortInBrowser(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	author := rig.staff[masthead.RoleAuthor]
	id := savedID(t, rig.save(t, masthead.RoleAuthor, "/admin/articles/new", articleValues("Ferry timetable", author), "save"))
	edit := fmt.Sprintf("/admin/articles/%d", id)
	ts := httptest.NewServer(rig.server)
	defer ts.Close()
	b := newBrowser(t)
	signInBrowser(t, b, ts.URL+edit, author.Email)
	eval := evaluator(t, b)
	poll := func(js, what string) string {
		t.Helper()
		v, err := chromedp.Run(b, chromedp.Poll[string](js, chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil {
			t.Fatalf("waiting for %s: %v (last %q)", what, err, eval(`document.getElementById("autosave-status").textContent + " | " + document.getElementById("body-stats").textContent`))
		}
		return v
	}

	// The count as the server made it, then live.
	if got := eval(`document.getElementById("body-stats").textContent`); got != "7 words · 1 min read" {
		t.Fatalf("the server's count: %q", got)
	}
	eval(`document.getElementById("body").value = ""`)
	if err := chromedp.Do(b, chromedp.SendKeys(chromedp.CSS("#body"), "Ferries run hourly - from *May* on.")); err != nil {
		t.Fatal(err)
	}
	poll(`document.getElementById("body-stats").textContent === "6 words · 1 min read" ? "" : "x"`, "the word count to settle")
	if err := chromedp.Do(b, chromedp.SendKeys(chromedp.CSS("#body"), " Two more.")); err != nil {
		t.Fatal(err)
	}
	poll(`document.getElementById("body-stats").textContent === "8 words · 1 min read" ? "ok" : ""`, "the live count of 8 words")

	// Leaving the body autosaves it, and the article stays as saved.
	if err := chromedp.Do(b, chromedp.Focus(chromedp.CSS("#dek"))); err != nil {
		t.Fatal(err)
	}
	poll(`document.getElementById("autosave-status").textContent.startsWith("Autosaved at ") ? "ok" : ""`, "the autosave")
	save, err := rig.store.FindAutosave(ctx, id, author.ID)
	if err != nil || save.Body != "Ferries run hourly - from *May* on. Two more." || save.BaseRevision != 1 {
		t.Fatalf("the autosave slot holds %+v, %v", save, err)
	}
	if a, _ := rig.store.FindArticleByID(ctx, id); a.Revision != 1 || strings.Contains(a.BodySource, "Ferries") {
		t.Fatalf("autosaving saved the article: revision %d", a.Revision)
	}

	// An editor saves meanwhile; the next autosave says so.
	theirs := articleValues("Ferry timetable", author)
	theirs.Set("revision", "1")
	theirs.Set("body", "The editor's take.")
	savedID(t, rig.save(t, masthead.RoleEditor, edit, theirs, "save"))
	if err := chromedp.Do(b, chromedp.SendKeys(chromedp.CSS("#dek"), "Timetables change."), chromedp.Focus(chromedp.CSS("#headline"))); err != nil {
		t.Fatal(err)
	}
	poll(`document.getElementById("autosave-status").textContent.includes("someone else saved this article") ? "ok" : ""`, "the conflict warning")

	// Leaving now asks first: the dialog is dismissed, and the page stays.
	dialogs := make(chan cdppage.DialogType, 4)
	if err := chromedp.Listen(b, func(ev any) {
		if e, ok := ev.(*cdppage.EventJavascriptDialogOpening); ok {
			select {
			case dialogs <- e.Type:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	// The click returns only once the dialog is answered, so it runs on
	// its own while the dialog is awaited here.
	clicked := make(chan error, 1)
	go func() { clicked <- chromedp.Do(b, chromedp.Click(chromedp.CSS(`.admin-nav a[href="/admin/"]`))) }()
	select {
	case typ := <-dialogs:
		if typ != cdppage.DialogTypeBeforeunload {
			t.Fatalf("leaving opened a %s dialog", typ)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("leaving with unsaved changes did not ask first")
	}
	if _, err := chromedp.Call(b, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false}); err != nil {
		t.Fatal(err)
	}
	if err := <-clicked; err != nil {
		t.Fatal(err)
	}
	if got := eval(`location.pathname`); got != edit {
		t.Fatalf("after staying, the browser is at %q", got)
	}

	// A save is no leaving: no dialog, and the slot is emptied. The form
	// carries revision 1, so the save is refused as late, with both texts.
	if _, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS(`button[value="save"]`))); err != nil {
		t.Fatal(err)
	}
	select {
	case typ := <-dialogs:
		t.Fatalf("saving opened a %s dialog", typ)
	case <-time.After(500 * time.Millisecond):
	}
	if got := eval(`document.querySelector(".form-errors")?.textContent ?? ""`); !strings.Contains(got, "Someone else saved this article") {
		t.Fatalf("the late save says %q", got)
	}
}
