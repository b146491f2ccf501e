package web

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"masthead"
)

// TestInsertImageInBrowser: in the editor, an image's Insert button puts
// its line into the body at the cursor, in a paragraph of its own, and
// the live preview shows the figure.
func TestInsertImageInBrowser(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	author := rig.staff[masthead.RoleAuthor]
	m := &masthead.Media{Name: "0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Width: 1200, Height: 800,
		OriginalName: "quay.jpg", AltText: "Boats at the east quay", Caption: "Morning at the quay", UploadedBy: author.ID}
	must(t, rig.store.CreateMedia(ctx, m))
	srv, err := NewServer(rig.store, Options{BaseURL: "https://observer.example", Now: rig.clock.Now, CommentEvery: -1, MediaDir: t.TempDir()})
	must(t, err)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	b := newBrowser(t)
	signInBrowser(t, b, ts.URL+"/admin/articles/new", author.Email)
	err = chromedp.Do(b,
		chromedp.WaitVisible(chromedp.CSS(`#body`)),
		chromedp.SetValue(chromedp.CSS(`#body`), "First paragraph.\nSecond paragraph."),
		chromedp.Click(chromedp.CSS(`.body-images summary`)),
		// The cursor goes after "First paragraph.".
		chromedp.Evaluate[chromedp.Void](`document.getElementById("body").setSelectionRange(16, 16)`),
		chromedp.Click(chromedp.CSS(`.image-picker button.insert-image`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	body, err := chromedp.Run(b, chromedp.Value(chromedp.CSS(`#body`)))
	if err != nil {
		t.Fatal(err)
	}
	caption, err := chromedp.Run(b, chromedp.Poll[string](`document.querySelector(".preview figcaption")?.textContent`))
	if err != nil {
		t.Fatal(err)
	}
	want := "First paragraph.\n\n![](/media/" + m.Name + ")\n\nSecond paragraph."
	if body != want {
		t.Errorf("after Insert the body reads %q, want %q", body, want)
	}
	if !strings.Contains(caption, "Morning at the quay") {
		t.Errorf("the live preview's caption = %q", caption)
	}
	label, err := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector(".image-picker button.insert-image").getAttribute("aria-label")`))
	if err != nil {
		t.Fatal(err)
	}
	if label != "Insert Boats at the east quay into the body" {
		t.Errorf("the button is labelled %q", label)
	}
}
