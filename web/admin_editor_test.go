package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead"
)

// editorRig is a fixture with staff of every role signed in, and a server
// clock that moves with the store's.
type editorRig struct {
	*commentRig
	staff   map[masthead.Role]*masthead.Author
	cookies map[masthead.Role]*http.Cookie
}

func newEditorRig(t *testing.T) *editorRig {
	t.Helper()
	rig := &editorRig{commentRig: newCommentRig(t), staff: map[masthead.Role]*masthead.Author{}, cookies: map[masthead.Role]*http.Cookie{}}
	rig.store.Now = rig.clock.Now
	for _, role := range []masthead.Role{masthead.RoleContributor, masthead.RoleAuthor, masthead.RoleEditor} {
		a := addStaff(t, rig.store, "Staff "+string(role), role)
		rig.staff[role] = a
		rig.cookies[role] = signIn(t, rig.server, a.Email)
	}
	return rig
}

func articleValues(headline string, authors ...*masthead.Author) url.Values {
	v := url.Values{"headline": {headline}, "dek": {"A dek."}, "body": {"First paragraph about " + headline + ".\n\nSecond paragraph."},
		"tags": {"Harbour, Fresh Tag"}, "comments_open": {"yes"}}
	for i, a := range authors {
		v.Set(fmt.Sprintf("author%d", i+1), fmt.Sprint(a.ID))
	}
	return v
}

// save posts the editor form with an action and returns the response.
func (rig *editorRig) save(t *testing.T, role masthead.Role, path string, v url.Values, action string) *http.Response {
	t.Helper()
	v.Set("action", action)
	return send(t, rig.server, "POST", path, v, rig.cookies[role])
}

// savedID reads the article id from a save's redirect.
func savedID(t *testing.T, res *http.Response) int64 {
	t.Helper()
	var id int64
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d: %s", res.StatusCode, body(t, res))
	}
	if _, err := fmt.Sscanf(res.Header.Get("Location"), "/admin/articles/%d", &id); err != nil {
		t.Fatalf("save redirected to %q", res.Header.Get("Location"))
	}
	return id
}

func TestEditorRoles(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	contrib, author, editor := rig.staff[masthead.RoleContributor], rig.staff[masthead.RoleAuthor], rig.staff[masthead.RoleEditor]

	id := savedID(t, rig.save(t, masthead.RoleContributor, "/admin/articles/new", articleValues("Contributor draft", contrib), "save"))
	a, err := rig.store.FindArticleByID(ctx, id)
	if err != nil || a.Status != masthead.StatusDraft || a.Authors[0].ID != contrib.ID || len(a.Tags) != 2 {
		t.Fatalf("the draft = %+v, %v", a, err)
	}
	path := fmt.Sprintf("/admin/articles/%d", id)
	if res := rig.save(t, masthead.RoleContributor, path, articleValues("Contributor draft", contrib), "publish"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a contributor publishing: status %d", res.StatusCode)
	}
	if res := rig.save(t, masthead.RoleContributor, "/admin/articles/new", articleValues("Straight out", contrib), "publish"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a contributor publishing a new article: status %d", res.StatusCode)
	}
	v := articleValues("Contributor draft", contrib)
	v.Set("revision", "1")
	savedID(t, rig.save(t, masthead.RoleContributor, path, v, "submit"))
	if a, _ := rig.store.FindArticleByID(ctx, id); a.Status != masthead.StatusPending {
		t.Fatalf("after submit: %s", a.Status)
	}
	if res := send(t, rig.server, "GET", path, nil, rig.cookies[masthead.RoleAuthor]); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an author opening someone else's article: status %d", res.StatusCode)
	}

	// The editor publishes the contributor's piece; the contributor can
	// no longer change it.
	v.Set("revision", "2")
	savedID(t, rig.save(t, masthead.RoleEditor, path, v, "publish"))
	if a, _ := rig.store.FindArticleByID(ctx, id); a.Status != masthead.StatusPublished || !a.VisibleAt(rig.clock.Now()) {
		t.Fatalf("after the editor published: %s", a.Status)
	}
	if res := send(t, rig.server, "GET", path, nil, rig.cookies[masthead.RoleContributor]); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a contributor editing a published article: status %d", res.StatusCode)
	}

	// An author publishes their own, under their own name; the desk then
	// makes it a two-name byline, in order.
	id2 := savedID(t, rig.save(t, masthead.RoleAuthor, "/admin/articles/new", articleValues("Author piece", author), "publish"))
	revs, _ := rig.store.FindRevisions(ctx, id2, 5)
	if len(revs) != 1 || revs[0].EditorID != author.ID {
		t.Fatalf("revisions = %+v", revs)
	}
	v2 := articleValues("Author piece", editor, author)
	v2.Set("revision", "1")
	savedID(t, rig.save(t, masthead.RoleEditor, fmt.Sprintf("/admin/articles/%d", id2), v2, "save"))
	a2, _ := rig.store.FindArticleByID(ctx, id2)
	if a2.Status != masthead.StatusPublished || a2.Authors[0].ID != editor.ID || a2.Authors[1].ID != author.ID {
		t.Fatalf("the author's piece: %s by %v", a2.Status, a2.Authors)
	}
	if res := get(t, rig.server, "GET", a2.Path(time.UTC)); res.status != 200 || !strings.Contains(res.body, "Second paragraph.") {
		t.Fatalf("the published piece answers %d", res.status)
	}
	list := body(t, send(t, rig.server, "GET", "/admin/articles", nil, rig.cookies[masthead.RoleContributor]))
	if strings.Contains(list, "Author piece") || !strings.Contains(list, "Contributor draft") {
		t.Error("a contributor's list shows others' articles, or not their own")
	}
}

func TestEditorFormsAndPreview(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	author := rig.staff[masthead.RoleAuthor]
	_, before, _ := rig.store.FindArticles(ctx, masthead.ArticleFilter{})

	v := articleValues("Preview me", author)
	v.Set("body", "Some *emphasis* and <script>alert(1)</script>.")
	res := rig.save(t, masthead.RoleAuthor, "/admin/articles/new", v, "preview")
	b := body(t, res)
	if res.StatusCode != 200 || !strings.Contains(b, "<em>emphasis</em>") {
		t.Fatalf("preview: status %d", res.StatusCode)
	}
	checkNoScript(t, b, "preview")
	if _, after, _ := rig.store.FindArticles(ctx, masthead.ArticleFilter{}); after != before {
		t.Fatal("a preview saved the article")
	}
	doc := parse(t, b)
	if got := text(first(t, doc, byID("body"), "body")); got != "Some *emphasis* and <script>alert(1)</script>." {
		t.Errorf("the body came back as %q", got)
	}

	v = articleValues("", author)
	v.Set("source_url", "ftp://example.org/")
	res = rig.save(t, masthead.RoleAuthor, "/admin/articles/new", v, "save")
	if res.StatusCode != 422 {
		t.Fatalf("an empty headline: status %d", res.StatusCode)
	}
	doc = parse(t, body(t, res))
	if len(findAll(doc, byID("headline-error"))) != 1 || !strings.Contains(text(first(t, doc, byID("body"), "body")), "Second paragraph.") ||
		attr(first(t, doc, byID("tags"), "tags"), "value") != "Harbour, Fresh Tag" {
		t.Error("the faulty form lost a message or what was typed")
	}

	v = articleValues("Schedule me", author)
	v.Set("publish_at", now.Add(-time.Hour).Format(datetimeLocal))
	if res := rig.save(t, masthead.RoleAuthor, "/admin/articles/new", v, "schedule"); res.StatusCode != 422 {
		t.Fatalf("scheduling in the past: status %d", res.StatusCode)
	}
	v.Set("publish_at", now.Add(time.Hour).Format(datetimeLocal))
	id := savedID(t, rig.save(t, masthead.RoleAuthor, "/admin/articles/new", v, "schedule"))
	a, _ := rig.store.FindArticleByID(ctx, id)
	if a.Status != masthead.StatusScheduled || !a.PublishedAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("scheduled: %s at %v", a.Status, a.PublishedAt)
	}
	if res := get(t, rig.server, "GET", a.Path(time.UTC)); res.status != 404 {
		t.Fatalf("a scheduled article is public before its time: %d", res.status)
	}
	rig.clock.Add(2 * time.Hour)
	if n, err := rig.store.PublishDueArticles(ctx); err != nil || n != 1 {
		t.Fatalf("publish due: %d, %v", n, err)
	}
	if res := get(t, rig.server, "GET", a.Path(time.UTC)); res.status != 200 {
		t.Fatalf("the scheduled article after its time: %d", res.status)
	}

	// The address of a published article stays.
	path := fmt.Sprintf("/admin/articles/%d", id)
	v.Set("slug", "a-new-address")
	v.Set("revision", "2")
	res = rig.save(t, masthead.RoleAuthor, path, v, "save")
	if res.StatusCode != 422 || !strings.Contains(body(t, res), "stays as it is") {
		t.Fatalf("changing a published slug: status %d", res.StatusCode)
	}
}

// TestEditConflict: two people open the same revision; the second save is
// refused, and the page shows both texts.
func TestEditConflict(t *testing.T) {
	rig := newEditorRig(t)
	editor, author := rig.staff[masthead.RoleEditor], rig.staff[masthead.RoleAuthor]
	id := savedID(t, rig.save(t, masthead.RoleAuthor, "/admin/articles/new", articleValues("Shared story", author), "save"))
	path := fmt.Sprintf("/admin/articles/%d", id)
	revision := attr(first(t, parse(t, body(t, send(t, rig.server, "GET", path, nil, rig.cookies[masthead.RoleAuthor]))), byTag("input"), "revision"), "value")
	if revision != "1" {
		t.Fatalf("the form carries revision %q", revision)
	}
	theirs := articleValues("Shared story", author)
	theirs.Set("body", "The editor's version.")
	theirs.Set("revision", revision)
	savedID(t, rig.save(t, masthead.RoleEditor, path, theirs, "save"))

	mine := articleValues("Shared story", author)
	mine.Set("body", "The author's version.")
	mine.Set("revision", revision)
	res := rig.save(t, masthead.RoleAuthor, path, mine, "save")
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("a stale save: status %d", res.StatusCode)
	}
	doc := parse(t, body(t, res))
	if got := text(first(t, doc, byID("body"), "body")); got != "The author's version." {
		t.Errorf("my text came back as %q", got)
	}
	if got := text(first(t, doc, byClass("their-body"), "their text")); got != "The editor's version." {
		t.Errorf("their text is %q", got)
	}
	if !strings.Contains(text(doc), "Someone else saved this article") {
		t.Error("no clear message")
	}
	// Having seen both, the author saves again, deliberately.
	var next string
	for _, in := range findAll(doc, byTag("input")) {
		if attr(in, "name") == "revision" {
			next = attr(in, "value")
		}
	}
	mine.Set("revision", next)
	savedID(t, rig.save(t, masthead.RoleAuthor, path, mine, "save"))

	// A slug another article holds is a field to correct, not a save that
	// came too late: the store tells them apart by the error's field.
	other := savedID(t, rig.save(t, masthead.RoleAuthor, "/admin/articles/new", articleValues("Other story", author), "save"))
	clash := articleValues("Other story", author)
	clash.Set("slug", "shared-story")
	clash.Set("revision", "1")
	res = rig.save(t, masthead.RoleAuthor, fmt.Sprintf("/admin/articles/%d", other), clash, "save")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a taken slug on update: status %d", res.StatusCode)
	}
	doc = parse(t, body(t, res))
	if len(findAll(doc, byID("slug-error"))) != 1 || len(findAll(doc, byClass("their-body"))) != 0 {
		t.Error("a taken slug was not marked on its field, or was shown as someone else's save")
	}

	// A page left open offers an action that no longer applies: the save
	// is refused with the reason and the typed text kept.
	stale := articleValues("Shared story", author)
	stale.Set("body", "Typed on a page left open.")
	stale.Set("revision", "3")
	savedID(t, rig.save(t, masthead.RoleEditor, path, stale, "publish"))
	stale.Set("revision", "4")
	res = rig.save(t, masthead.RoleEditor, path, stale, "publish")
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("publishing what is already published: status %d", res.StatusCode)
	}
	doc = parse(t, body(t, res))
	if got := text(first(t, doc, byID("body"), "body")); got != "Typed on a page left open." {
		t.Errorf("the typed text came back as %q", got)
	}
	if !strings.Contains(text(first(t, doc, byClass("form-errors"), "the message")), "already published") {
		t.Error("no reason given")
	}
	_ = editor
}

func TestRevisionDiffAndRestore(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	author := rig.staff[masthead.RoleAuthor]
	v := articleValues("Changing story", author)
	v.Set("body", "Line one.\n\nThe old line.")
	id := savedID(t, rig.save(t, masthead.RoleAuthor, "/admin/articles/new", v, "save"))
	path := fmt.Sprintf("/admin/articles/%d", id)
	v.Set("body", "Line one.\n\nThe new line.")
	v.Set("revision", "1")
	savedID(t, rig.save(t, masthead.RoleAuthor, path, v, "save"))

	res := send(t, rig.server, "GET", path+"/revisions?from=1&to=2", nil, rig.cookies[masthead.RoleAuthor])
	if res.StatusCode != 200 {
		t.Fatalf("the comparison: status %d", res.StatusCode)
	}
	doc := parse(t, body(t, res))
	var dels, inss []string
	for _, d := range findAll(doc, byTag("del")) {
		dels = append(dels, text(d))
	}
	for _, i := range findAll(doc, byTag("ins")) {
		inss = append(inss, text(i))
	}
	if strings.Join(dels, "|") != "- The old line." || strings.Join(inss, "|") != "+ The new line." {
		t.Fatalf("removed %v, added %v", dels, inss)
	}
	if res := send(t, rig.server, "GET", path+"/revisions?from=1&to=9", nil, rig.cookies[masthead.RoleAuthor]); res.StatusCode != 404 {
		t.Errorf("a missing revision: status %d", res.StatusCode)
	}
	if res := send(t, rig.server, "GET", path+"/revisions", nil, rig.cookies[masthead.RoleContributor]); res.StatusCode != http.StatusForbidden {
		t.Errorf("someone else's contributor reading the history: status %d", res.StatusCode)
	}

	res = send(t, rig.server, "POST", path+"/revisions/1/restore", url.Values{}, rig.cookies[masthead.RoleAuthor])
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: status %d", res.StatusCode)
	}
	a, _ := rig.store.FindArticleByID(ctx, id)
	if a.BodySource != "Line one.\n\nThe old line." || a.Revision != 3 || !strings.Contains(a.BodyHTML, "The old line.") {
		t.Fatalf("after restoring: revision %d, body %q", a.Revision, a.BodySource)
	}
}
