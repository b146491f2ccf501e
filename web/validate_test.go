package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/content"
	"masthead/i18n"
)

// TestHTMLIsValid runs every kind of page through the Nu HTML Checker, the
// validator behind validator.w3.org. The README's test command installs it
// and sets MASTHEAD_VNU_JAR; a plain "go test" without it skips this test.
func TestHTMLIsValid(t *testing.T) {
	jar := os.Getenv("MASTHEAD_VNU_JAR")
	if jar == "" {
		requireTool(t, "The Nu HTML Checker (MASTHEAD_VNU_JAR)")
	}
	dir := t.TempDir()
	var files []string
	// Every public and admin page in every language the site speaks,
	// each language on a site of its own, so that what one language's
	// pages change (an erasure, an import) does not empty another's.
	for _, lang := range i18n.Languages() {
		langDir := filepath.Join(dir, lang)
		must(t, os.Mkdir(langDir, 0o700))
		files = append(files, validationPages(t, lang, langDir)...)
	}
	files = append(files, brandedPages(t, dir)...)
	cmd := exec.Command("java", append([]string{"-jar", jar, "--errors-only", "--format", "gnu"}, files...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil || strings.TrimSpace(out.String()) != "" {
		t.Fatalf("the HTML validator reports errors (%v):\n%s", err, out.String())
	}
}

// validationPages writes every kind of page, public and admin, of a
// fixture site speaking lang into dir, and returns the files.
func validationPages(t *testing.T, lang, dir string) []string {
	t.Helper()
	f := newFixture(t)
	sitePages := addPages(t, f)
	// A second thread on a page of its own, so that the article and its
	// first comment page carry the navigation between comment pages.
	site, err := f.store.FindSite(context.Background())
	must(t, err)
	site.CommentPageSize = 1
	must(t, f.store.UpdateSite(context.Background(), site))
	must(t, f.store.CreateComment(context.Background(), &masthead.Comment{ArticleID: f.lead.ID, AuthorName: "Gil Hart",
		AuthorEmail: "gil@reader.example", Body: "A second thread.", Status: masthead.CommentApproved}))
	embeds := addEmbedArticle(t, f)
	story := storyWithEverything(t, f)
	// Every public page with the breaking strip on, and a pinned story.
	must(t, f.store.SaveBreaking(context.Background(), masthead.Breaking{Text: "Ferry pier approved", URL: f.lead.Path(time.UTC)}))
	must(t, f.store.AddPin(context.Background(), &masthead.Pin{ArticleID: f.lead.ID, ExpiresAt: now.Add(time.Hour)}))
	setSiteLanguage(t, f.store, lang)
	pages := map[string]string{
		"embeds":     embeds.Path(time.UTC),
		"story":      story.Path(time.UTC),
		"page":       "/about/",
		"child-page": "/about/team/",
		"privacy":    "/privacy/",
		"privacy-rq": "/privacy/request/",
		"erased":     "/privacy/erased/?comments=2",
		"confirm":    privacyLinkPath(t, f, masthead.PrivacyErase),
		"confirm-dl": privacyLinkPath(t, f, masthead.PrivacyExport),
		"home":       "/",
		"page2":      "/page/2/",
		"article":    f.lead.Path(time.UTC),
		"comments-1": f.lead.Path(time.UTC) + "comment-page-1/",
		"plain":      "/2026/03/14/story-number-25/",
		"author":     "/author/ana-lima/",
		"category":   "/category/local/",
		"tag":        "/tag/harbour/",
		"year":       "/2026/",
		"month":      "/2026/03/",
		"notfound":   "/no-such-page/",
		"search":     "/search/?q=paragraph",
		"nothing":    "/search/?q=zzzz",
		"login":      "/admin/login",
		"forgot":     "/admin/forgot",
	}
	var files []string
	// The article again, with every field of the comment form in error.
	res := get(t, f.server, "POST", f.lead.Path(time.UTC))
	if res.status != 422 {
		t.Fatalf("empty comment form: status %d", res.status)
	}
	errorPage := filepath.Join(dir, "comment-errors.html")
	if err := os.WriteFile(errorPage, []byte(res.body), 0o600); err != nil {
		t.Fatal(err)
	}
	files = append(files, errorPage)
	// A second revision of the draft, for the page comparing them.
	draft, err := f.store.FindArticleByID(context.Background(), f.draft.ID)
	must(t, err)
	draft.BodySource += "\n\nA paragraph added on review."
	must(t, content.PrepareArticle(draft))
	must(t, f.store.UpdateArticle(context.Background(), draft))
	// Admin pages, as an editor sees them.
	ed := signIn(t, f.server, addStaff(t, f.store, "Eda Editor", masthead.RoleEditor).Email)
	for name, path := range map[string]string{"admin-dashboard": "/admin/", "admin-comments": "/admin/comments",
		"admin-trash": "/admin/comments?status=trash", "admin-password": "/admin/password",
		"admin-articles": "/admin/articles", "admin-redirects": "/admin/redirects", "admin-front": "/admin/front?q=story", "admin-sections": "/admin/sections", "admin-new": "/admin/articles/new", "admin-edit": fmt.Sprintf("/admin/articles/%d", f.lead.ID),
		"admin-pages": "/admin/pages", "admin-new-page": "/admin/pages/new", "admin-edit-page": fmt.Sprintf("/admin/pages/%d", sitePages.team.ID),
		"admin-preview": fmt.Sprintf("/admin/articles/%d/preview", f.lead.ID), "admin-draft-preview": fmt.Sprintf("/admin/articles/%d/preview", f.draft.ID),
		"admin-media": "/admin/media", "admin-revisions": fmt.Sprintf("/admin/articles/%d/revisions", f.draft.ID),
		"admin-profile": "/admin/profile", "admin-held": "/admin/comments?status=pending",
		"admin-page-preview": fmt.Sprintf("/admin/pages/%d/preview", sitePages.team.ID)} {
		res := send(t, f.server, "GET", path, nil, ed)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		file := filepath.Join(dir, name+".html")
		if err := os.WriteFile(file, []byte(body(t, res)), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	// The editor showing a preview link just made, and the link's page.
	made := send(t, f.server, "POST", fmt.Sprintf("/admin/articles/%d/preview-links", f.draft.ID), url.Values{}, ed)
	if made.StatusCode != http.StatusCreated {
		t.Fatalf("making a preview link: status %d", made.StatusCode)
	}
	madeBody := body(t, made)
	linkURL := attr(first(t, parse(t, madeBody), byID("new-preview-link"), "the new link"), "value")
	for name, page := range map[string]string{"admin-preview-link-made": madeBody,
		"preview-link": get(t, f.server, "GET", strings.TrimPrefix(linkURL, "https://observer.example")).body} {
		file := filepath.Join(dir, name+".html")
		if err := os.WriteFile(file, []byte(page), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	// The page editor with a field in error.
	refused := send(t, f.server, "POST", "/admin/pages/new", url.Values{"headline": {"Feed"}, "body": {"Typed."}, "action": {"save"}}, ed)
	if refused.StatusCode != 422 {
		t.Fatalf("a page at /feed/: status %d", refused.StatusCode)
	}
	refusedFile := filepath.Join(dir, "admin-page-errors.html")
	if err := os.WriteFile(refusedFile, []byte(body(t, refused)), 0o600); err != nil {
		t.Fatal(err)
	}
	files = append(files, refusedFile)
	// The menus form, as saved and with every field of a row in error.
	for name, res := range map[string]*http.Response{
		"admin-menus":        send(t, f.server, "GET", "/admin/menus", nil, ed),
		"admin-menus-footer": send(t, f.server, "GET", "/admin/menus?location=footer", nil, ed),
		"admin-menus-errors": send(t, f.server, "POST", "/admin/menus", menuForm(masthead.MenuHeader, "save",
			map[string]string{"kind": "article", "article": "x", "position": "y", "parent": "1"}), ed),
	} {
		file := filepath.Join(dir, name+".html")
		if err := os.WriteFile(file, []byte(body(t, res)), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	admin := signIn(t, f.server, addStaff(t, f.store, "Ada Admin", masthead.RoleAdmin).Email)
	settingsRes := send(t, f.server, "GET", "/admin/settings", nil, admin)
	settingsFile := filepath.Join(dir, "admin-settings.html")
	if err := os.WriteFile(settingsFile, []byte(body(t, settingsRes)), 0o600); err != nil {
		t.Fatal(err)
	}
	files = append(files, settingsFile)
	for name, res := range map[string]*http.Response{
		"admin-privacy":         send(t, f.server, "GET", "/admin/privacy", nil, admin),
		"admin-privacy-found":   send(t, f.server, "POST", "/admin/privacy", url.Values{"email": {coraEmail}}, admin),
		"admin-privacy-confirm": send(t, f.server, "POST", "/admin/privacy/erase", url.Values{"email": {coraEmail}}, admin),
		"admin-privacy-erased":  send(t, f.server, "POST", "/admin/privacy/erase", url.Values{"email": {coraEmail}, "confirm": {"yes"}}, admin),
		"privacy-rq-errors":     send(t, f.server, "POST", "/privacy/request/", url.Values{"email": {"x"}}),
	} {
		file := filepath.Join(dir, name+".html")
		if res.StatusCode == http.StatusSeeOther {
			res = send(t, f.server, "GET", res.Header.Get("Location"), nil, admin)
		}
		must(t, os.WriteFile(file, []byte(body(t, res)), 0o600))
		files = append(files, file)
	}
	files = append(files, importPages(t, f.server, f.store, admin, dir)...)
	files = append(files, staffPages(t, f, admin, dir)...)
	for name, path := range pages {
		res := get(t, f.server, "GET", path)
		if res.status != 200 && name != "notfound" {
			t.Fatalf("%s: status %d", path, res.status)
		}
		file := filepath.Join(dir, name+".html")
		if err := os.WriteFile(file, []byte(res.body), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	// Pages again with saved menus: the header's drop-down, the footer's list.
	saveMenu(t, f.store, masthead.MenuHeader, sectionItem(f.local),
		articleItem("About", f.lead, sectionItem(f.sport), urlItem("Wire", "https://wire.example/")), urlItem("Contact", "/contact/"))
	saveMenu(t, f.store, masthead.MenuFooter, urlItem("Privacy", "/privacy/"), articleItem("About", f.lead, urlItem("Team", "/team/")))
	for name, path := range map[string]string{"menus-home": "/", "menus-sport": "/category/sport/", "menus-article": f.lead.Path(time.UTC)} {
		file := filepath.Join(dir, name+".html")
		if err := os.WriteFile(file, []byte(get(t, f.server, "GET", path).body), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	return files
}

// staffPages writes the staff and outbox pages, an invitation shown on a
// site that cannot send mail, the set-password page its link leads to,
// and the first admin's set-up page, into dir.
func staffPages(t *testing.T, f *fixture, admin *http.Cookie, dir string) []string {
	t.Helper()
	var files []string
	write := func(name, page string) {
		t.Helper()
		file := filepath.Join(dir, name+".html")
		must(t, os.WriteFile(file, []byte(page), 0o600))
		files = append(files, file)
	}
	write("admin-staff", body(t, send(t, f.server, "GET", "/admin/staff", nil, admin)))
	write("admin-outbox", body(t, send(t, f.server, "GET", "/admin/outbox", nil, admin)))
	invited := send(t, f.server, "POST", "/admin/staff", url.Values{"name": {"Nia Reporter"}, "email": {"nia@staff.example"}, "role": {"author"}}, admin)
	if invited.StatusCode != http.StatusOK {
		t.Fatalf("inviting: status %d", invited.StatusCode)
	}
	invitation := body(t, invited)
	write("admin-staff-invited", invitation)
	link := attr(first(t, parse(t, invitation), byClass("invitation-address"), "the invitation's link"), "href")
	write("set-password", get(t, f.server, "GET", strings.TrimPrefix(link, "https://observer.example")).body)
	refused := send(t, f.server, "POST", "/admin/staff", url.Values{"name": {""}, "email": {"not an address"}, "role": {"author"}}, admin)
	if refused.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("inviting with nothing right: status %d", refused.StatusCode)
	}
	write("admin-staff-errors", body(t, refused))
	token, err := f.server.NewSetupToken(context.Background())
	must(t, err)
	write("setup", get(t, f.server, "GET", "/admin/setup?token="+token).body)
	return files
}

// brandedPages writes the pages of a site with a logo, a site icon, a
// social image, an accent colour, footer text and the dense theme, and
// its settings page, into dir.
func brandedPages(t *testing.T, dir string) []string {
	t.Helper()
	b := newBrandedFixture(t)
	site, err := b.store.FindSite(context.Background())
	must(t, err)
	site.Theme = masthead.ThemeDense
	must(t, b.store.UpdateSite(context.Background(), site))
	admin := signIn(t, b.srv, addStaff(t, b.store, "Ada Admin", masthead.RoleAdmin).Email)
	var files []string
	for name, page := range map[string]string{
		"branded-home":     get(t, b.srv, "GET", "/").body,
		"branded-article":  get(t, b.srv, "GET", b.lead.Path(time.UTC)).body,
		"branded-settings": body(t, send(t, b.srv, "GET", "/admin/settings", nil, admin)),
	} {
		file := filepath.Join(dir, name+".html")
		must(t, os.WriteFile(file, []byte(page), 0o600))
		files = append(files, file)
	}
	return files
}

// storyWithEverything publishes an article whose body holds a figure of
// a library image, a gallery, a pull quote, a fact box and related links.
func storyWithEverything(t *testing.T, f *fixture) *masthead.Article {
	t.Helper()
	ctx := context.Background()
	pier := &masthead.Media{Name: "0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Width: 1600, Height: 900,
		OriginalName: "pier.jpg", AltText: "The pier at dawn", Caption: "The pier before the storm.", Credit: "Ana Lima",
		Variants: []masthead.MediaVariant{{Width: 480, Name: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg"}}}
	gull := &masthead.Media{Name: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.png", Type: "image/png", Width: 800, Height: 600,
		OriginalName: "gull.png", AltText: "A gull on a post"}
	must(t, f.store.CreateMedia(ctx, pier))
	must(t, f.store.CreateMedia(ctx, gull))
	a := &masthead.Article{Headline: "The pier in pictures", Status: masthead.StatusPublished, PublishedAt: f.lead.PublishedAt.Add(-time.Hour),
		Authors: f.lead.Authors, BodySource: "The pier opened.\n\n![](/media/" + pier.Name + " \"Seen from the ferry — Sam Roe\")\n\n" +
			"![](/media/" + pier.Name + ")\n![](/media/" + gull.Name + ")\n\n> [!pullquote]\n> We waited long enough.\n\n" +
			"> [!factbox] What we know\n> - Twelve boats\n> - One pier\n\n> [!related]\n> - [The vote](" + f.lead.Path(time.UTC) + ")"}
	must(t, content.PrepareArticleWith(ctx, a, f.store))
	must(t, f.store.CreateArticle(ctx, a))
	return a
}
