package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
)

// previewedStory checks that doc is the article page of a preview: the
// banner, the story with the headline, and the comments placeholder in
// place of comments and the form.
func previewedStory(t *testing.T, doc *html.Node, headline, banner string) {
	t.Helper()
	if got := text(first(t, doc, byClass("preview-title"), "the preview banner")); got != banner {
		t.Errorf("the banner says %q, want %q", got, banner)
	}
	story := first(t, doc, byClass("story"), "the story")
	if got := text(first(t, story, byTag("h1"), "the headline")); got != headline {
		t.Errorf("the headline is %q, want %q", got, headline)
	}
	first(t, doc, byClass("comments-placeholder"), "the comments placeholder")
	if n := len(findAll(doc, byClass("comment-form"))) + len(findAll(doc, byID("respond"))); n != 0 {
		t.Error("a preview offers the comment form")
	}
	var robots string
	for _, m := range findAll(doc, byTag("meta")) {
		if attr(m, "name") == "robots" {
			robots = attr(m, "content")
		}
	}
	if robots != "noindex" {
		t.Errorf("robots meta %q, want noindex", robots)
	}
}

func wantPreviewHeaders(t *testing.T, res *http.Response, what string) {
	t.Helper()
	for name, want := range map[string]string{"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow"} {
		if got := res.Header.Get(name); got != want {
			t.Errorf("%s: %s is %q, want %q", what, name, got, want)
		}
	}
}

// TestFullPreview: whoever may edit an article sees it whole, as readers
// will, through the article page's own template, from what is stored and
// from what the form holds before any save, and nothing is written.
func TestFullPreview(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	contrib, author := rig.staff[masthead.RoleContributor], rig.staff[masthead.RoleAuthor]
	v := articleValues("Pier draft", contrib)
	v.Set("body", "The pier *opens* in May.")
	v.Set("dateline", "PORT ALDER")
	id := savedID(t, rig.save(t, masthead.RoleContributor, "/admin/articles/new", v, "save"))
	path := fmt.Sprintf("/admin/articles/%d", id)

	res := send(t, rig.server, "GET", path+"/preview", nil, rig.cookies[masthead.RoleContributor])
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the saved preview: status %d", res.StatusCode)
	}
	wantPreviewHeaders(t, res, "the saved preview")
	doc := parse(t, body(t, res))
	previewedStory(t, doc, "Pier draft", "Preview — not published")
	if got := text(first(t, doc, byClass("dateline"), "the dateline")); got != "PORT ALDER —" {
		t.Errorf("dateline %q", got)
	}
	if got := text(first(t, doc, byClass("byline"), "the byline")); !strings.Contains(got, contrib.Name) {
		t.Errorf("byline %q", got)
	}
	if len(findAll(doc, byClass("admin-nav"))) != 0 || len(findAll(doc, byClass("site-search"))) != 1 {
		t.Error("the preview is not in the public site's layout")
	}
	if strings.Contains(body(t, send(t, rig.server, "GET", path+"/preview", nil, rig.cookies[masthead.RoleContributor])), contrib.Email) {
		t.Error("the preview shows a staff email")
	}

	// Others' drafts are not theirs to preview.
	if res := send(t, rig.server, "GET", path+"/preview", nil, rig.cookies[masthead.RoleAuthor]); res.StatusCode != http.StatusForbidden {
		t.Errorf("another author's preview: status %d, want 403", res.StatusCode)
	}

	// Full preview from the form: what was typed, with a tag that does not
	// exist yet, and nothing stored.
	before, err := rig.store.FindArticleByID(ctx, id)
	must(t, err)
	typed := articleValues("Pier draft, retitled", contrib)
	typed.Set("body", "Typed, not saved.")
	typed.Set("tags", "Brand New Tag")
	typed.Set("revision", fmt.Sprint(before.Revision))
	res = rig.save(t, masthead.RoleContributor, path, typed, "fullpreview")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("full preview of the form: status %d", res.StatusCode)
	}
	wantPreviewHeaders(t, res, "the form's preview")
	doc = parse(t, body(t, res))
	previewedStory(t, doc, "Pier draft, retitled", "Preview — not published")
	if got := text(first(t, doc, byClass("story-body"), "the body")); !strings.Contains(got, "Typed, not saved.") {
		t.Errorf("the body shows %q", got)
	}
	if got := text(first(t, doc, byClass("tag"), "the tag")); got != "Brand New Tag" {
		t.Errorf("the tag shows %q", got)
	}
	if !strings.Contains(text(first(t, doc, byClass("preview-banner"), "banner")), "nothing was saved") {
		t.Error("the banner does not say that nothing was saved")
	}
	after, err := rig.store.FindArticleByID(ctx, id)
	must(t, err)
	if after.Headline != before.Headline || after.Revision != before.Revision {
		t.Errorf("the preview saved the article: %q at revision %d", after.Headline, after.Revision)
	}
	if _, err := rig.store.FindTagBySlug(ctx, "brand-new-tag"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("the preview created its tag: %v", err)
	}
	// A new article, never saved, previews too.
	res = rig.save(t, masthead.RoleAuthor, "/admin/articles/new", articleValues("Never saved", author), "fullpreview")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("full preview of a new article: status %d", res.StatusCode)
	}
	previewedStory(t, parse(t, body(t, res)), "Never saved", "Preview — not published")

	// Scheduled and published articles preview with what the banner must
	// say about them.
	sched := articleValues("Scheduled piece", author)
	sched.Set("publish_at", now.Add(48*time.Hour).In(time.UTC).Format(datetimeLocal))
	sid := savedID(t, rig.save(t, masthead.RoleAuthor, "/admin/articles/new", sched, "schedule"))
	doc = parse(t, body(t, send(t, rig.server, "GET", fmt.Sprintf("/admin/articles/%d/preview", sid), nil, rig.cookies[masthead.RoleAuthor])))
	previewedStory(t, doc, "Scheduled piece", "Preview — not published")
	if !strings.Contains(text(first(t, doc, byClass("preview-banner"), "banner")), "It is scheduled for") {
		t.Error("the banner of a scheduled article does not say when it goes out")
	}
	doc = parse(t, body(t, send(t, rig.server, "GET", fmt.Sprintf("/admin/articles/%d/preview", rig.lead.ID), nil, rig.cookies[masthead.RoleEditor])))
	previewedStory(t, doc, rig.lead.Headline, "Preview of the saved article")
}

// previewLinkOf makes a preview link of an article as role and returns
// its path, read from the editor page that shows it once.
func (rig *editorRig) previewLinkOf(t *testing.T, role masthead.Role, id int64, lifetime string) string {
	t.Helper()
	res := send(t, rig.server, "POST", fmt.Sprintf("/admin/articles/%d/preview-links", id), url.Values{"lifetime": {lifetime}}, rig.cookies[role])
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("making a preview link: status %d", res.StatusCode)
	}
	link := attr(first(t, parse(t, body(t, res)), byID("new-preview-link"), "the new link"), "value")
	u, err := url.Parse(link)
	if err != nil || u.Host != "observer.example" || !strings.HasPrefix(u.Path, previewLinkPath) {
		t.Fatalf("the new link is %q", link)
	}
	return u.Path
}

// TestPreviewLinks: a preview link opens the saved article to someone
// without an account, signed, stored only as a hash, never cached, until
// it expires or is revoked, when it answers 410; a forged one is 404.
func TestPreviewLinks(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	contrib := rig.staff[masthead.RoleContributor]
	id := savedID(t, rig.save(t, masthead.RoleContributor, "/admin/articles/new", articleValues("Embargoed pier", contrib), "save"))
	link := rig.previewLinkOf(t, masthead.RoleContributor, id, "48")

	// Stored as a hash only.
	token, _, _ := strings.Cut(strings.TrimPrefix(link, previewLinkPath), ".")
	if _, err := rig.store.FindPreviewLink(ctx, masthead.HashToken(token)); err != nil {
		t.Fatalf("the link's hash is not stored: %v", err)
	}
	var raw int
	must(t, rig.store.DB().QueryRow(`SELECT COUNT(*) FROM preview_links WHERE token_hash LIKE ?`, "%"+token+"%").Scan(&raw))
	if raw != 0 {
		t.Error("the token is stored as it is")
	}

	res := send(t, rig.server, "GET", link, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("following the link: status %d", res.StatusCode)
	}
	wantPreviewHeaders(t, res, "the preview link")
	b := body(t, res)
	doc := parse(t, b)
	previewedStory(t, doc, "Embargoed pier", "Preview — not published")
	if strings.Contains(b, contrib.Email) || strings.Contains(b, "/admin/") || strings.Contains(b, "revision") {
		t.Error("the preview link shows an email or the newsroom's workings")
	}
	if !strings.Contains(text(first(t, doc, byClass("preview-banner"), "banner")), "The link works until") {
		t.Error("the banner does not say how long the link works")
	}
	// The page cache never sees it, so a link revoked is gone at once.
	if isPagePath(link) {
		t.Error("the page cache would keep preview links")
	}
	// The link shows the saved version: a later save shows at once.
	v := articleValues("Embargoed pier, revised", contrib)
	v.Set("revision", "1")
	savedID(t, rig.save(t, masthead.RoleContributor, fmt.Sprintf("/admin/articles/%d", id), v, "save"))
	previewedStory(t, parse(t, body(t, send(t, rig.server, "GET", link, nil))), "Embargoed pier, revised", "Preview — not published")

	// The editor lists it, and nowhere public names it.
	editorDoc := parse(t, body(t, send(t, rig.server, "GET", fmt.Sprintf("/admin/articles/%d", id), nil, rig.cookies[masthead.RoleContributor])))
	items := findAll(first(t, editorDoc, byClass("preview-link-list"), "the list of links"), byTag("li"))
	if len(items) != 1 {
		t.Fatalf("the editor lists %d links, want 1", len(items))
	}
	for _, p := range []string{"/feed/", "/sitemap.xml", "/news-sitemap.xml"} {
		if strings.Contains(get(t, rig.server, "GET", p).body, previewLinkPath) {
			t.Errorf("%s names a preview link", p)
		}
	}

	// Forged and unknown links are not found; a lifetime past the bound
	// is refused.
	for _, bad := range []string{previewLinkPath + token + ".AAAA", previewLinkPath + token, previewLinkPath + "x.y"} {
		if res := send(t, rig.server, "GET", bad, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", bad, res.StatusCode)
		}
	}
	if res := send(t, rig.server, "POST", fmt.Sprintf("/admin/articles/%d/preview-links", id), url.Values{"lifetime": {"2000"}},
		rig.cookies[masthead.RoleContributor]); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a link for 2000 hours: status %d, want 422", res.StatusCode)
	}

	// Revoked: 410 with a sentence, at once.
	linkID := attr(first(t, items[0], byTag("form"), "the revoke form"), "action")
	res = send(t, rig.server, "POST", linkID, url.Values{}, rig.cookies[masthead.RoleContributor])
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoking: status %d", res.StatusCode)
	}
	res = send(t, rig.server, "GET", link, nil)
	if res.StatusCode != http.StatusGone {
		t.Fatalf("a revoked link: status %d, want 410", res.StatusCode)
	}
	if got := text(first(t, parse(t, body(t, res)), byTag("h1"), "the heading")); got != "This preview link has ended" {
		t.Errorf("a revoked link says %q", got)
	}

	// Expired: 410 too, saying when.
	other := rig.previewLinkOf(t, masthead.RoleContributor, id, "24")
	rig.clock.Add(25 * time.Hour)
	res = send(t, rig.server, "GET", other, nil)
	if res.StatusCode != http.StatusGone || !strings.Contains(body(t, res), "expired on") {
		t.Errorf("an expired link: status %d, want 410 saying it expired", res.StatusCode)
	}
}

// autosave posts v to an autosave endpoint as role and decodes the answer.
func (rig *editorRig) autosave(t *testing.T, role masthead.Role, path string, v url.Values) (int, autosaveAnswer) {
	t.Helper()
	res := send(t, rig.server, "POST", path, v, rig.cookies[role])
	var a autosaveAnswer
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("POST %s answered %s, not JSON", path, res.Header.Get("Content-Type"))
	}
	must(t, json.NewDecoder(res.Body).Decode(&a))
	return res.StatusCode, a
}

// TestAutosave: autosaving keeps the text in the writer's own slot and
// never in the article, so a published article does not change live and
// the revision the next save checks is untouched; an autosave after
// someone else's save says so, and restoring it leads to the conflict
// page rather than overwriting theirs.
func TestAutosave(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	author, editor := rig.staff[masthead.RoleAuthor], rig.staff[masthead.RoleEditor]
	id := savedID(t, rig.save(t, masthead.RoleAuthor, "/admin/articles/new", articleValues("Harbour dredging", author), "publish"))
	path := fmt.Sprintf("/admin/articles/%d", id)
	published, err := rig.store.FindArticleByID(ctx, id)
	must(t, err)
	values := func() url.Values {
		v := articleValues("Harbour dredging", author)
		v.Set("slug", published.Slug) // a published article's address stays
		return v
	}

	mine := values()
	mine.Set("body", "The author's unsaved paragraph.")
	mine.Set("revision", "1")
	status, answer := rig.autosave(t, masthead.RoleAuthor, path+"/autosave", mine)
	if status != http.StatusOK || answer.Conflict || answer.Revision != 1 || !strings.HasPrefix(answer.Message, "Autosaved at ") {
		t.Fatalf("autosave: %d %+v", status, answer)
	}
	a, err := rig.store.FindArticleByID(ctx, id)
	must(t, err)
	if a.Revision != 1 || strings.Contains(a.BodySource, "unsaved") {
		t.Fatalf("autosave changed the published article: revision %d, body %q", a.Revision, a.BodySource)
	}
	if public := get(t, rig.server, "GET", a.Path(time.UTC)).body; strings.Contains(public, "unsaved paragraph") {
		t.Fatal("the public page shows the autosaved text")
	}

	// Its own next save is no false conflict, and empties the slot.
	saved := values()
	saved.Set("body", "The author's saved paragraph.")
	saved.Set("revision", "1")
	savedID(t, rig.save(t, masthead.RoleAuthor, path, saved, "save"))
	if _, err := rig.store.FindAutosave(ctx, id, author.ID); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("the slot after a save: %v, want it empty", err)
	}

	// The author types on, at revision 2, while an editor saves revision 3.
	mine.Set("body", "Typed while the editor saved.")
	mine.Set("revision", "2")
	theirs := values()
	theirs.Set("body", "The editor's version.")
	theirs.Set("revision", "2")
	savedID(t, rig.save(t, masthead.RoleEditor, path, theirs, "save"))
	status, answer = rig.autosave(t, masthead.RoleAuthor, path+"/autosave", mine)
	if status != http.StatusOK || !answer.Conflict || answer.Revision != 3 || !strings.Contains(answer.Message, "someone else saved") {
		t.Fatalf("autosave after someone else's save: %d %+v", status, answer)
	}
	a, err = rig.store.FindArticleByID(ctx, id)
	must(t, err)
	if a.BodySource != "The editor's version." {
		t.Fatalf("autosave overwrote the editor's save: %q", a.BodySource)
	}

	// Opening the editor offers the autosave back, as typed before
	// someone else's save; restoring it puts it in the form at its old
	// revision, so that the save is refused with both texts shown.
	doc := parse(t, body(t, send(t, rig.server, "GET", path, nil, rig.cookies[masthead.RoleAuthor])))
	offer := text(first(t, doc, byClass("autosave-offer"), "the autosave offer"))
	if !strings.Contains(offer, "Someone saved the article after it was typed") {
		t.Errorf("the offer says %q", offer)
	}
	doc = parse(t, body(t, send(t, rig.server, "GET", path+"?autosave=restore", nil, rig.cookies[masthead.RoleAuthor])))
	if got := text(first(t, doc, byID("body"), "body")); got != "Typed while the editor saved." {
		t.Errorf("the restored body is %q", got)
	}
	var rev string
	for _, in := range findAll(doc, byTag("input")) {
		if attr(in, "name") == "revision" {
			rev = attr(in, "value")
		}
	}
	if rev != "2" {
		t.Errorf("the restored form carries revision %q, want 2", rev)
	}
	mine.Set("revision", rev)
	if res := rig.save(t, masthead.RoleAuthor, path, mine, "save"); res.StatusCode != http.StatusConflict {
		t.Errorf("saving the restored autosave over the editor's save: status %d, want 409", res.StatusCode)
	}

	// Discarding empties the slot; the editor's own slot was never touched.
	if res := send(t, rig.server, "POST", path+"/autosave/discard", url.Values{}, rig.cookies[masthead.RoleAuthor]); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("discarding: status %d", res.StatusCode)
	}
	if _, err := rig.store.FindAutosave(ctx, id, author.ID); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("the slot after discarding: %v", err)
	}
	if len(findAll(parse(t, body(t, send(t, rig.server, "GET", path, nil, rig.cookies[masthead.RoleAuthor]))), byClass("autosave-offer"))) != 0 {
		t.Error("a discarded autosave is still offered")
	}
	_ = editor

	// A new article autosaves into the writer's slot for it, which the
	// new article's form offers back and a first save empties.
	fresh := articleValues("Not saved yet", author)
	if status, answer := rig.autosave(t, masthead.RoleAuthor, "/admin/articles/new/autosave", fresh); status != http.StatusOK || answer.Conflict {
		t.Fatalf("autosave of a new article: %d %+v", status, answer)
	}
	doc = parse(t, body(t, send(t, rig.server, "GET", "/admin/articles/new?autosave=restore", nil, rig.cookies[masthead.RoleAuthor])))
	if got := attr(first(t, doc, byID("headline"), "headline"), "value"); got != "Not saved yet" {
		t.Errorf("the new article's restored headline is %q", got)
	}
	savedID(t, rig.save(t, masthead.RoleAuthor, "/admin/articles/new", fresh, "save"))
	if _, err := rig.store.FindAutosave(ctx, 0, author.ID); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("the new article's slot after its first save: %v", err)
	}

	// Someone who may not edit the article cannot autosave it.
	contribDraft := savedID(t, rig.save(t, masthead.RoleContributor, "/admin/articles/new", articleValues("Cal's", rig.staff[masthead.RoleContributor]), "save"))
	if status, answer := rig.autosave(t, masthead.RoleAuthor, fmt.Sprintf("/admin/articles/%d/autosave", contribDraft), fresh); status != http.StatusForbidden || answer.Message == "" {
		t.Errorf("autosaving someone else's draft: %d %+v, want 403 with a sentence", status, answer)
	}
}

// TestEditorWordCount: the editor shows the body's word count and
// reading time without JavaScript, as the server counts them.
func TestEditorWordCount(t *testing.T) {
	rig := newEditorRig(t)
	author := rig.staff[masthead.RoleAuthor]
	v := articleValues("Counted", author)
	v.Set("body", strings.Repeat("word ", 231)+"\n\n- a *list* item")
	id := savedID(t, rig.save(t, masthead.RoleAuthor, "/admin/articles/new", v, "save"))
	doc := parse(t, body(t, send(t, rig.server, "GET", fmt.Sprintf("/admin/articles/%d", id), nil, rig.cookies[masthead.RoleAuthor])))
	if got := text(first(t, doc, byID("body-stats"), "the word count")); got != "234 words · 2 min read" {
		t.Errorf("the word count says %q", got)
	}
	doc = parse(t, body(t, send(t, rig.server, "GET", "/admin/articles/new", nil, rig.cookies[masthead.RoleAuthor])))
	if got := text(first(t, doc, byID("body-stats"), "the word count")); got != "0 words" {
		t.Errorf("an empty body's count says %q", got)
	}
}

// previewedPage checks that doc is the site page's own template under a
// preview banner, not indexed, with the page's title.
func previewedPage(t *testing.T, doc *html.Node, title, banner string) {
	t.Helper()
	if got := text(first(t, doc, byClass("preview-title"), "the preview banner")); got != banner {
		t.Errorf("the banner says %q, want %q", got, banner)
	}
	page := first(t, doc, byClass("site-page"), "the page")
	if got := text(first(t, page, byTag("h1"), "the title")); got != title {
		t.Errorf("the title is %q, want %q", got, title)
	}
	if n := len(findAll(doc, byClass("byline"))) + len(findAll(doc, byClass("comments-placeholder"))); n != 0 {
		t.Error("a page's preview shows an article's byline or comments")
	}
	var robots string
	for _, m := range findAll(doc, byTag("meta")) {
		if attr(m, "name") == "robots" {
			robots = attr(m, "content")
		}
	}
	if robots != "noindex" {
		t.Errorf("robots meta %q, want noindex", robots)
	}
}

// TestPagePreviews: the site's pages (About, Contact ...) have the full
// preview and preview links that articles have: the saved page and the
// form's text in the page's own template under the banner, and a link
// for someone without an account that ends when revoked.
func TestPagePreviews(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	editor := rig.cookies[masthead.RoleEditor]
	v := pageValues("Contact the desk", 0)
	v.Set("body", "Write to the *desk*.")
	id := savedPageID(t, rig.save(t, masthead.RoleEditor, "/admin/pages/new", v, "save"))
	path := fmt.Sprintf("/admin/pages/%d", id)

	// The editor offers both.
	editorDoc := parse(t, body(t, send(t, rig.server, "GET", path, nil, editor)))
	first(t, editorDoc, byClass("full-preview"), "the Full preview button")
	first(t, editorDoc, byClass("preview-links"), "the preview links section")

	res := send(t, rig.server, "GET", path+"/preview", nil, editor)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the saved page's preview: status %d", res.StatusCode)
	}
	wantPreviewHeaders(t, res, "the saved page's preview")
	doc := parse(t, body(t, res))
	previewedPage(t, doc, "Contact the desk", "Preview — not published")
	if got := text(first(t, doc, byClass("preview-banner"), "banner")); !strings.Contains(got, "This shows the page as last saved.") {
		t.Errorf("the banner says %q", got)
	}
	if got := attr(first(t, first(t, doc, byClass("preview-banner"), "banner"), byTag("a"), "the way back"), "href"); got != path {
		t.Errorf("the banner leads back to %q, want %q", got, path)
	}

	// The form's text, unsaved.
	before, err := rig.store.FindArticleByID(ctx, id)
	must(t, err)
	typed := pageValues("Contact us, retitled", 0)
	typed.Set("body", "Typed, not saved.")
	typed.Set("revision", fmt.Sprint(before.Revision))
	res = rig.save(t, masthead.RoleEditor, path, typed, "fullpreview")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("full preview of the page form: status %d", res.StatusCode)
	}
	wantPreviewHeaders(t, res, "the page form's preview")
	doc = parse(t, body(t, res))
	previewedPage(t, doc, "Contact us, retitled", "Preview — not published")
	if got := text(first(t, doc, byClass("story-body"), "the body")); !strings.Contains(got, "Typed, not saved.") {
		t.Errorf("the body shows %q", got)
	}
	if after, err := rig.store.FindArticleByID(ctx, id); err != nil || after.Revision != before.Revision || after.Headline != before.Headline {
		t.Errorf("the page's preview saved it: %+v, %v", after, err)
	}
	res = rig.save(t, masthead.RoleEditor, "/admin/pages/new", pageValues("Never saved page", 0), "fullpreview")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("full preview of a new page: status %d", res.StatusCode)
	}
	previewedPage(t, parse(t, body(t, res)), "Never saved page", "Preview — not published")

	// A preview link of the page, for someone without an account.
	res = send(t, rig.server, "POST", path+"/preview-links", url.Values{"lifetime": {"48"}}, editor)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("making a page's preview link: status %d", res.StatusCode)
	}
	linkDoc := parse(t, body(t, res))
	u, err := url.Parse(attr(first(t, linkDoc, byID("new-preview-link"), "the new link"), "value"))
	must(t, err)
	res = send(t, rig.server, "GET", u.Path, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("following the page's link: status %d", res.StatusCode)
	}
	wantPreviewHeaders(t, res, "the page's preview link")
	doc = parse(t, body(t, res))
	previewedPage(t, doc, "Contact the desk", "Preview — not published")
	if got := text(first(t, doc, byClass("preview-banner"), "banner")); !strings.Contains(got, "This shows the page as the newsroom last saved it") {
		t.Errorf("the link's banner says %q", got)
	}
	if len(findAll(first(t, doc, byClass("preview-banner"), "banner"), byTag("a"))) != 0 {
		t.Error("the link's banner leads into the newsroom")
	}

	// Published, the banner says so; revoked, the link has ended.
	items := findAll(first(t, parse(t, body(t, send(t, rig.server, "GET", path, nil, editor))), byClass("preview-link-list"), "the list of links"), byTag("li"))
	if len(items) != 1 {
		t.Fatalf("the page editor lists %d links, want 1", len(items))
	}
	pub := pageValues("Contact the desk", 0)
	pub.Set("revision", fmt.Sprint(before.Revision))
	savedPageID(t, rig.save(t, masthead.RoleEditor, path, pub, "publish"))
	previewedPage(t, parse(t, body(t, send(t, rig.server, "GET", path+"/preview", nil, editor))), "Contact the desk", "Preview of the saved page")
	res = send(t, rig.server, "POST", attr(first(t, items[0], byTag("form"), "the revoke form"), "action"), url.Values{}, editor)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), path+"?") {
		t.Fatalf("revoking the page's link: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := send(t, rig.server, "GET", u.Path, nil); res.StatusCode != http.StatusGone {
		t.Errorf("a revoked page link: status %d, want 410", res.StatusCode)
	}
}
