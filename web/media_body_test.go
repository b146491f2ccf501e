package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
)

// TestInlineImagesAndTheirWords: an author puts a library image in a
// body by its snippet; the article shows it as a figure with the
// library's words; the uploader and editors, and nobody else, change
// those words (422 with what was typed when they are wrong), and the
// article shows the new ones; an image a body shows is not deleted.
func TestInlineImagesAndTheirWords(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	srv, err := NewServer(rig.store, Options{BaseURL: "https://observer.example", Now: rig.clock.Now, CommentEvery: -1, MediaDir: t.TempDir()})
	must(t, err)
	author, contributor, editor := rig.cookies[masthead.RoleAuthor], rig.cookies[masthead.RoleContributor], rig.cookies[masthead.RoleEditor]
	fields := map[string]string{"alt": "Boats at the east quay", "caption": "Morning at the quay", "credit": "Staff photographer"}
	if res := upload(t, srv, author, "quay.jpg", testJPEG(t, 1200, 800), fields); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d", res.StatusCode)
	}
	items, _, _ := rig.store.FindMedia(ctx, masthead.MediaFilter{})
	m := items[0]
	snippet := "![](/media/" + m.Name + ")"

	// The library and the editor offer the snippet to copy.
	lib := parse(t, body(t, send(t, srv, "GET", "/admin/media", nil, author)))
	if in := first(t, lib, byID(fmt.Sprintf("snippet-%d", m.ID)), "snippet"); attr(in, "value") != snippet || !hasAttr(in, "readonly") {
		t.Errorf("the library's snippet = %v", in.Attr)
	}
	ed := parse(t, body(t, send(t, srv, "GET", "/admin/articles/new", nil, author)))
	if code := first(t, first(t, ed, byClass("image-picker"), "picker"), byTag("code"), "snippet"); text(code) != snippet {
		t.Errorf("the editor's snippet = %q", text(code))
	}

	v := articleValues("Boats return to the quay", rig.staff[masthead.RoleAuthor])
	v.Set("body", "The boats are back.\n\n"+snippet+"\n\n> [!pullquote]\n> We waited long enough.\n\n> [!factbox] What we know\n> - Twelve boats")
	v.Set("action", "publish")
	a, _ := rig.store.FindArticleByID(ctx, savedID(t, send(t, srv, "POST", "/admin/articles/new", v, author)))
	figure := func() (caption, alt string) {
		t.Helper()
		doc := parse(t, get(t, srv, "GET", a.Path(time.UTC)).body)
		story := first(t, doc, byClass("story-body"), "story body")
		fig := first(t, story, byTag("figure"), "figure")
		img := first(t, fig, byTag("img"), "img")
		if !strings.Contains(attr(img, "srcset"), "480w") || attr(img, "width") != "1200" || attr(img, "loading") != "lazy" {
			t.Errorf("the body's image = %v", img.Attr)
		}
		return text(first(t, fig, byTag("figcaption"), "figcaption")), attr(img, "alt")
	}
	if caption, alt := figure(); caption != "Morning at the quay Staff photographer" || alt != fields["alt"] {
		t.Errorf("the figure shows %q, %q", caption, alt)
	}
	doc := parse(t, get(t, srv, "GET", a.Path(time.UTC)).body)
	for _, class := range []string{"pullquote", "factbox"} {
		if box := findAll(doc, func(n *html.Node) bool { return n.Data == "aside" && attr(n, "class") == class }); len(box) != 1 {
			t.Errorf("%d asides of class %s", len(box), class)
		}
	}

	edit := fmt.Sprintf("/admin/media/%d", m.ID)
	words := url.Values{"alt": {"Fishing boats moored at the east quay"}, "caption": {"Back at the quay"}, "credit": {"Eda Editor"}}
	if res := send(t, srv, "POST", edit, words, contributor); res.StatusCode != http.StatusForbidden {
		t.Errorf("a contributor editing: status %d", res.StatusCode)
	}
	other := addStaff(t, rig.store, "Ora Other", masthead.RoleAuthor)
	if res := send(t, srv, "POST", edit, words, signIn(t, srv, other.Email)); res.StatusCode != http.StatusForbidden {
		t.Errorf("another author editing: status %d", res.StatusCode)
	}
	req := httptest.NewRequest("POST", edit, strings.NewReader(words.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(author)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("a cross-site edit: status %d", rec.Code)
	}

	res := send(t, srv, "POST", edit, url.Values{"alt": {"  "}, "caption": {"Typed caption"}, "credit": {"Typed credit"}}, author)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an edit without a description: status %d", res.StatusCode)
	}
	form := parse(t, body(t, res))
	if got := attr(first(t, form, byID(fmt.Sprintf("caption-%d", m.ID)), "caption"), "value"); got != "Typed caption" {
		t.Errorf("the refused form shows the caption %q, want what was typed", got)
	}
	if e := first(t, form, byID(fmt.Sprintf("alt-%d-error", m.ID)), "alt error"); !strings.Contains(text(e), "Describe the image") {
		t.Errorf("the error says %q", text(e))
	}
	if stored, _ := rig.store.FindMediaByID(ctx, m.ID); stored.Caption != fields["caption"] {
		t.Errorf("a refused edit stored the caption %q", stored.Caption)
	}

	for _, who := range []*http.Cookie{author, editor} {
		if res := send(t, srv, "POST", edit, words, who); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("an edit: status %d: %s", res.StatusCode, body(t, res))
		}
	}
	if caption, alt := figure(); caption != "Back at the quay Eda Editor" || alt != words.Get("alt") {
		t.Errorf("after the edit the figure shows %q, %q", caption, alt)
	}

	res = send(t, srv, "POST", edit+"/delete", url.Values{}, editor)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "shown+in+the+body") {
		t.Errorf("deleting a shown image: status %d, %q", res.StatusCode, loc)
	}
	if _, err := rig.store.FindMediaByID(ctx, m.ID); err != nil {
		t.Errorf("the shown image was deleted: %v", err)
	}
}
