package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"masthead"
)

// bylineOptions returns the staff ids the first byline select offers.
func bylineOptions(t *testing.T, page string) []string {
	t.Helper()
	var ids []string
	for _, o := range findAll(first(t, parse(t, page), byID("author1"), "the first byline select"), byTag("option")) {
		if v := attr(o, "value"); v != "0" {
			ids = append(ids, v)
		}
	}
	return ids
}

// TestBylineBelongsToTheDesk: a contributor cannot credit someone else,
// and the creator of an article reaches it whatever the desk does to its
// byline.
func TestBylineBelongsToTheDesk(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	contrib, author, editor := rig.staff[masthead.RoleContributor], rig.staff[masthead.RoleAuthor], rig.staff[masthead.RoleEditor]
	_, before, _ := rig.store.FindArticles(ctx, masthead.ArticleFilter{})

	// The new-article form offers a contributor their own name only.
	page := body(t, send(t, rig.server, "GET", "/admin/articles/new", nil, rig.cookies[masthead.RoleContributor]))
	if got := bylineOptions(t, page); !slices.Equal(got, []string{itoa(contrib.ID)}) {
		t.Errorf("a contributor's byline offers %v, want only themself", got)
	}
	// A request made by hand is refused, and the form keeps what was typed.
	res := rig.save(t, masthead.RoleContributor, "/admin/articles/new", articleValues("Under a borrowed name", editor, contrib), "save")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("a contributor crediting an editor: status %d", res.StatusCode)
	}
	doc := parse(t, body(t, res))
	if len(findAll(doc, byID("authors-error"))) != 1 || attr(first(t, doc, byID("headline"), "headline"), "value") != "Under a borrowed name" {
		t.Error("the refused form has no byline message, or lost the headline")
	}
	if _, after, _ := rig.store.FindArticles(ctx, masthead.ArticleFilter{}); after != before {
		t.Fatal("the refused article was saved")
	}
	// An author cannot add a colleague to their own article either.
	if res := rig.save(t, masthead.RoleAuthor, "/admin/articles/new", articleValues("With a friend", author, contrib), "save"); res.StatusCode != http.StatusForbidden {
		t.Errorf("an author crediting a colleague: status %d", res.StatusCode)
	}

	// The contributor's own draft; the desk credits it to someone else,
	// first, and then to them alone.
	id := savedID(t, rig.save(t, masthead.RoleContributor, "/admin/articles/new", articleValues("Contributor scoop", contrib), "save"))
	path := fmt.Sprintf("/admin/articles/%d", id)
	v := articleValues("Contributor scoop", editor, contrib)
	v.Set("revision", "1")
	savedID(t, rig.save(t, masthead.RoleEditor, path, v, "save"))
	// Someone else first on the byline: the contributor still saves their
	// draft and finds it again.
	v.Set("revision", "2")
	v.Set("body", "A better first paragraph.")
	savedID(t, rig.save(t, masthead.RoleContributor, path, v, "save"))
	if res := send(t, rig.server, "GET", path, nil, rig.cookies[masthead.RoleContributor]); res.StatusCode != http.StatusOK {
		t.Fatalf("the contributor opening their draft with someone else first: status %d", res.StatusCode)
	}
	v = articleValues("Contributor scoop", author)
	v.Set("revision", "3")
	savedID(t, rig.save(t, masthead.RoleEditor, path, v, "save"))
	res = send(t, rig.server, "GET", path, nil, rig.cookies[masthead.RoleContributor])
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the creator opening their draft credited to someone else: status %d", res.StatusCode)
	}
	if got := bylineOptions(t, body(t, res)); !slices.Equal(got, []string{itoa(author.ID)}) {
		t.Errorf("the creator's byline offers %v, want the names already on it", got)
	}
	list := parse(t, body(t, send(t, rig.server, "GET", "/admin/articles", nil, rig.cookies[masthead.RoleContributor])))
	if !strings.Contains(text(list), "Contributor scoop") {
		t.Error("the draft disappeared from its creator's list")
	}
	dash := body(t, send(t, rig.server, "GET", "/admin/", nil, rig.cookies[masthead.RoleContributor]))
	if !strings.Contains(dash, `href="`+path+`"`) {
		t.Error("the draft is missing from its creator's dashboard")
	}
	// Keeping the desk's byline, the creator saves and submits it.
	v.Set("revision", "4")
	savedID(t, rig.save(t, masthead.RoleContributor, path, v, "submit"))
	// Taking the credited author off is the desk's decision, not theirs.
	v = articleValues("Contributor scoop", contrib)
	v.Set("revision", "5")
	if res := rig.save(t, masthead.RoleContributor, path, v, "save"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a contributor changing who is on the byline: status %d", res.StatusCode)
	}
	a, _ := rig.store.FindArticleByID(ctx, id)
	if a.Status != masthead.StatusPending || len(a.Authors) != 1 || a.Authors[0].ID != author.ID || a.CreatedBy != contrib.ID {
		t.Fatalf("the article: %s by %v, created by %d", a.Status, a.Authors, a.CreatedBy)
	}
	// A colleague who neither created it nor is credited cannot reach it.
	if res := send(t, rig.server, "GET", path, nil, signIn(t, rig.server, addStaff(t, rig.store, "Other Contributor", masthead.RoleContributor).Email)); res.StatusCode != http.StatusForbidden {
		t.Errorf("another contributor opening it: status %d", res.StatusCode)
	}
}

// TestGeneratedSlugs: a second article with the same headline gets the
// next free address; a typed address that is taken is refused beside its
// field.
func TestGeneratedSlugs(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	author := rig.staff[masthead.RoleAuthor]
	var paths []string
	for range 2 {
		id := savedID(t, rig.save(t, masthead.RoleAuthor, "/admin/articles/new", articleValues("Storm warning", author), "publish"))
		a, _ := rig.store.FindArticleByID(ctx, id)
		paths = append(paths, a.Path(time.UTC))
	}
	if !strings.HasSuffix(paths[0], "/storm-warning/") || !strings.HasSuffix(paths[1], "/storm-warning-2/") {
		t.Fatalf("the two addresses are %v", paths)
	}
	for _, p := range paths {
		if res := get(t, rig.server, "GET", p); res.status != 200 {
			t.Errorf("%s answers %d", p, res.status)
		}
	}

	v := articleValues("A different story", author)
	v.Set("slug", "storm-warning-2")
	res := rig.save(t, masthead.RoleAuthor, "/admin/articles/new", v, "save")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a taken typed slug: status %d", res.StatusCode)
	}
	doc := parse(t, body(t, res))
	if got := text(first(t, doc, byID("slug-error"), "the slug message")); !strings.Contains(got, "already uses that address") {
		t.Errorf("the slug message is %q", got)
	}
	if attr(first(t, doc, byID("slug"), "slug"), "value") != "storm-warning-2" || len(findAll(doc, byClass("theirs"))) != 0 {
		t.Error("the refused form lost the typed slug, or took it for a save that came too late")
	}
}

// TestEditorMovesPublishedAddress: an editor may change a published
// article's address; the old one answers 301 to the new one, which feeds
// and sitemaps then use.
func TestEditorMovesPublishedAddress(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	author := rig.staff[masthead.RoleAuthor]
	id := savedID(t, rig.save(t, masthead.RoleAuthor, "/admin/articles/new", articleValues("Bridge closes", author), "publish"))
	a, _ := rig.store.FindArticleByID(ctx, id)
	oldPath := a.Path(time.UTC)

	v := articleValues("Bridge closes", author)
	v.Set("slug", "bridge-reopens")
	v.Set("revision", "1")
	savedID(t, rig.save(t, masthead.RoleEditor, fmt.Sprintf("/admin/articles/%d", id), v, "save"))
	a, _ = rig.store.FindArticleByID(ctx, id)
	newPath := a.Path(time.UTC)
	if a.Slug != "bridge-reopens" || a.Status != masthead.StatusPublished {
		t.Fatalf("after the move: %q, %s", a.Slug, a.Status)
	}
	for from, to := range map[string]string{oldPath: newPath, oldPath + "feed/": newPath + "feed/"} {
		res := get(t, rig.server, "GET", from)
		if res.status != http.StatusMovedPermanently || res.header.Get("Location") != to {
			t.Errorf("%s: %d to %q, want 301 to %s", from, res.status, res.header.Get("Location"), to)
		}
	}
	if res := get(t, rig.server, "GET", newPath); res.status != 200 {
		t.Fatalf("the new address answers %d", res.status)
	}

	base := "https://observer.example"
	var rss struct {
		Links []string `xml:"channel>item>link"`
	}
	if err := xml.Unmarshal([]byte(get(t, rig.server, "GET", "/feed/").body), &rss); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(rss.Links, base+newPath) || slices.Contains(rss.Links, base+oldPath) {
		t.Errorf("the feed links %v, want %s and not the old address", rss.Links, base+newPath)
	}
	var news urlset
	if err := xml.Unmarshal([]byte(get(t, rig.server, "GET", "/news-sitemap.xml").body), &news); err != nil {
		t.Fatal(err)
	}
	var locs []string
	for _, u := range news.URLs {
		locs = append(locs, u.Loc)
	}
	if !slices.Contains(locs, base+newPath) || slices.Contains(locs, base+oldPath) {
		t.Errorf("the news sitemap lists %v, want %s and not the old address", locs, base+newPath)
	}

	// An author still cannot move it.
	v.Set("slug", "bridge-news")
	v.Set("revision", "2")
	res := rig.save(t, masthead.RoleAuthor, fmt.Sprintf("/admin/articles/%d", id), v, "save")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(first(t, parse(t, body(t, res)), byID("slug-error"), "slug message")), "stays as it is") {
		t.Fatalf("an author moving a published article: status %d", res.StatusCode)
	}
}

// TestRefusedSaveKeepsTheText: a save the server refuses (the article was
// published by the desk meanwhile, or the request asks for more than the
// role allows) comes back as the filled form with 403, and stores nothing.
func TestRefusedSaveKeepsTheText(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	contrib := rig.staff[masthead.RoleContributor]
	id := savedID(t, rig.save(t, masthead.RoleContributor, "/admin/articles/new", articleValues("Quay works", contrib), "submit"))
	path := fmt.Sprintf("/admin/articles/%d", id)

	textOf := func(res *http.Response) string {
		return text(first(t, parse(t, body(t, res)), byID("body"), "the body field"))
	}
	// A hand-made publish from a contributor.
	v := articleValues("Quay works", contrib)
	v.Set("body", "Words typed before pressing a button the role lacks.")
	res := rig.save(t, masthead.RoleContributor, path, v, "publish")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("a contributor publishing: status %d", res.StatusCode)
	}
	if got := textOf(res); got != "Words typed before pressing a button the role lacks." {
		t.Fatalf("the refused form came back with body %q", got)
	}

	// The desk publishes it while the contributor is still writing.
	a, err := rig.store.FindArticleByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	a.Status, a.PublishedAt = masthead.StatusPublished, rig.clock.Now().Add(-time.Minute)
	if err := rig.store.UpdateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	v = articleValues("Quay works", contrib)
	v.Set("body", "The contributor's last paragraph, which must not be lost.")
	res = rig.save(t, masthead.RoleContributor, path, v, "save")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("saving an article the desk published: status %d", res.StatusCode)
	}
	if got := textOf(res); got != "The contributor's last paragraph, which must not be lost." {
		t.Fatalf("the refused form came back with body %q", got)
	}
	if stored, _ := rig.store.FindArticleByID(ctx, id); strings.Contains(stored.BodySource, "last paragraph") {
		t.Fatal("the refused save was stored")
	}
	// Someone with no part in the article gets no form at all.
	other := addStaff(t, rig.store, "Other Contributor", masthead.RoleContributor)
	res = send(t, rig.server, "POST", path, v, signIn(t, rig.server, other.Email))
	if res.StatusCode != http.StatusForbidden || strings.Contains(body(t, res), "Quay works") {
		t.Fatalf("a stranger's save: status %d", res.StatusCode)
	}
}
