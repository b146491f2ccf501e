package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/content"
)

// listRows fetches an admin article list as role and returns the
// headlines of its rows and the parsed page.
func (rig *editorRig) listRows(t *testing.T, role masthead.Role, path string) ([]string, *html.Node) {
	t.Helper()
	res := send(t, rig.server, "GET", path, nil, rig.cookies[role])
	page := body(t, res)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d", path, res.StatusCode)
	}
	doc := parse(t, page)
	var rows []string
	for _, table := range findAll(doc, byClass("admin-table")) {
		for _, tr := range findAll(table, byTag("tr")) {
			if cells := findAll(tr, byTag("td")); len(cells) > 0 {
				rows = append(rows, text(cells[0]))
			}
		}
	}
	return rows, doc
}

// pageLink returns the href of the pagination link with rel, or "".
func pageLink(doc *html.Node, rel string) string {
	for _, nav := range findAll(doc, byClass("pagination")) {
		for _, a := range findAll(nav, byTag("a")) {
			if attr(a, "rel") == rel {
				return attr(a, "href")
			}
		}
	}
	return ""
}

// addArchive stores published articles older than the fixture's, the
// oldest last, named "Archive story N" from first on.
func (rig *editorRig) addArchive(t *testing.T, first, n int) {
	t.Helper()
	for i := range n {
		a := &masthead.Article{Headline: fmt.Sprintf("Archive story %d", first+i), BodySource: "From the archive.",
			Status: masthead.StatusPublished, PublishedAt: now.Add(-time.Duration(100+first+i) * time.Hour),
			Authors: []*masthead.Author{rig.ben}, Category: rig.sport}
		must(t, content.PrepareArticle(a))
		must(t, rig.store.CreateArticle(context.Background(), a))
	}
}

func TestAdminArticleListPages(t *testing.T) {
	rig := newEditorRig(t)
	rig.addArchive(t, 29, 23) // the fixture has 28 articles: now there are 51

	rows, doc := rig.listRows(t, masthead.RoleEditor, "/admin/articles")
	if len(rows) != 50 || rows[49] == "Archive story 51" {
		t.Fatalf("page 1 has %d rows, the last %q; want 50 without the 51st", len(rows), rows[len(rows)-1])
	}
	if got := text(first(t, doc, byID("list-count"), "the count")); got != "Articles 1–50 of 51." {
		t.Errorf("count = %q", got)
	}
	if next := pageLink(doc, "next"); next != "/admin/articles?page=2" {
		t.Fatalf("next page link = %q", next)
	}
	rows, doc = rig.listRows(t, masthead.RoleEditor, "/admin/articles?page=2")
	if len(rows) != 1 || rows[0] != "Archive story 51" {
		t.Fatalf("page 2 rows = %q, want the 51st article", rows)
	}
	if prev := pageLink(doc, "prev"); prev != "/admin/articles" {
		t.Errorf("previous page link = %q", prev)
	}
	for _, path := range []string{"/admin/articles?page=3", "/admin/articles?page=0", "/admin/articles?page=two", "/admin/articles?section=x"} {
		if res := send(t, rig.server, "GET", path, nil, rig.cookies[masthead.RoleEditor]); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, res.StatusCode)
		}
	}

	// Filters stay in the page links and the tabs.
	rig.addArchive(t, 52, 2)
	filtered := "/admin/articles?q=STORY&status=published"
	rows, doc = rig.listRows(t, masthead.RoleEditor, filtered)
	if len(rows) != 50 {
		t.Fatalf("%s: %d rows on page 1, want 50", filtered, len(rows))
	}
	next := pageLink(doc, "next")
	if next != "/admin/articles?page=2&q=STORY&status=published" {
		t.Fatalf("filtered next link = %q", next)
	}
	rows, doc = rig.listRows(t, masthead.RoleEditor, next)
	if len(rows) != 1 || rows[0] != "Archive story 53" {
		t.Fatalf("filtered page 2 = %q", rows)
	}
	if got := text(first(t, doc, byID("list-count"), "the count")); got != "Articles 51–51 of 51 match the filters." {
		t.Errorf("count = %q", got)
	}
	tabs := map[string]string{}
	for _, a := range findAll(first(t, doc, byClass("tabs"), "the tabs"), byTag("a")) {
		tabs[text(a)] = attr(a, "href")
	}
	if tabs["Drafts"] != "/admin/articles?q=STORY&status=draft" || tabs["All"] != "/admin/articles?q=STORY" {
		t.Errorf("tabs = %v", tabs)
	}
}

func TestAdminArticleListFilters(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	contrib := rig.staff[masthead.RoleContributor]
	own := &masthead.Article{Headline: "Contributor's harbour notes", BodySource: "Notes.", Status: masthead.StatusDraft,
		Authors: []*masthead.Author{contrib}}
	must(t, content.PrepareArticle(own))
	must(t, rig.store.CreateArticle(ctx, own))
	ana := itoa(rig.ana.ID)

	tests := []struct {
		name string
		role masthead.Role
		path string
		want []string
	}{
		{"search ignores case", masthead.RoleEditor, "/admin/articles?q=HARBOUR", []string{
			"Contributor's harbour notes", "Unpublished draft about the harbour", "Harbour board approves the new ferry pier"}},
		{"status and section", masthead.RoleEditor, "/admin/articles?status=published&section=" + itoa(rig.local.ID), []string{
			"Tomorrow's embargoed story", "Harbour board approves the new ferry pier"}},
		{"author", masthead.RoleEditor, "/admin/articles?author=" + ana, []string{
			"Tomorrow's embargoed story", "Unpublished draft about the harbour", "Harbour board approves the new ferry pier"}},
		{"everything at once", masthead.RoleEditor, "/admin/articles?status=published&section=" + itoa(rig.local.ID) + "&author=" + ana + "&q=ferry",
			[]string{"Harbour board approves the new ferry pier"}},
		{"nothing matches", masthead.RoleEditor, "/admin/articles?q=zeppelin", nil},
		{"a contributor sees their own", masthead.RoleContributor, "/admin/articles", []string{"Contributor's harbour notes"}},
		{"a contributor naming another author still sees their own", masthead.RoleContributor, "/admin/articles?author=" + ana,
			[]string{"Contributor's harbour notes"}},
		{"an author naming another author sees their own, which is nothing", masthead.RoleAuthor, "/admin/articles?author=" + ana, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, doc := rig.listRows(t, tt.role, tt.path)
			if fmt.Sprint(rows) != fmt.Sprint(tt.want) {
				t.Fatalf("rows = %q, want %q", rows, tt.want)
			}
			authorFilter := findAll(doc, byID("filter-author"))
			if editor := tt.role == masthead.RoleEditor; editor != (len(authorFilter) == 1) {
				t.Errorf("the author filter is offered: %v, to an editor: %v", len(authorFilter) == 1, editor)
			}
			if len(tt.want) == 0 {
				if got := text(first(t, doc, byClass("empty"), "the empty notice")); got == "" {
					t.Error("an empty list says nothing")
				}
			}
			if len(tt.want) == 1 && strings.Contains(tt.path, "?") && tt.role == masthead.RoleEditor {
				if got := text(first(t, doc, byID("list-count"), "the count")); got != "1 article matches the filters." {
					t.Errorf("the count says %q", got)
				}
			}
		})
	}
	_, doc := rig.listRows(t, masthead.RoleEditor, "/admin/articles?q=ferry")
	if q := attr(first(t, doc, byID("filter-q"), "the search box"), "value"); q != "ferry" {
		t.Errorf("the search box holds %q after a search", q)
	}
}

func TestDashboardLinksToTheEditor(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	pending := &masthead.Article{Headline: "Waiting piece", BodySource: "Text.", Status: masthead.StatusPending, Authors: []*masthead.Author{rig.ana}}
	scheduled := &masthead.Article{Headline: "Scheduled piece", BodySource: "Text.", Status: masthead.StatusScheduled,
		PublishedAt: now.Add(2 * time.Hour), Authors: []*masthead.Author{rig.ana}}
	for _, a := range []*masthead.Article{pending, scheduled} {
		must(t, content.PrepareArticle(a))
		must(t, rig.store.CreateArticle(ctx, a))
	}
	res := send(t, rig.server, "GET", "/admin/", nil, rig.cookies[masthead.RoleEditor])
	doc := parse(t, body(t, res))
	for _, tt := range []struct {
		panel string
		a     *masthead.Article
	}{{"pending-heading", pending}, {"scheduled-heading", scheduled}, {"drafts-heading", rig.draft}} {
		var links []string
		for _, section := range findAll(doc, func(n *html.Node) bool { return n.Data == "section" && attr(n, "aria-labelledby") == tt.panel }) {
			for _, li := range findAll(section, byTag("li")) {
				if a := findAll(li, byTag("a")); len(a) > 0 { // the headline; the byline's links follow
					links = append(links, text(a[0])+" "+attr(a[0], "href"))
				}
			}
		}
		if want := fmt.Sprintf("%s /admin/articles/%d", tt.a.Headline, tt.a.ID); fmt.Sprint(links) != "["+want+"]" {
			t.Errorf("%s links = %q, want [%s]", tt.panel, links, want)
		}
	}

	// A contributor's own article, scheduled by the desk, is no longer
	// theirs to edit: the dashboard names it without a link that would
	// answer 403.
	contrib := rig.staff[masthead.RoleContributor]
	theirs := &masthead.Article{Headline: "Contributor's piece on the schedule", BodySource: "Text.", Status: masthead.StatusScheduled,
		PublishedAt: now.Add(3 * time.Hour), Authors: []*masthead.Author{contrib}}
	must(t, content.PrepareArticle(theirs))
	must(t, rig.store.CreateArticle(ctx, theirs))
	dash := body(t, send(t, rig.server, "GET", "/admin/", nil, rig.cookies[masthead.RoleContributor]))
	if !strings.Contains(dash, "Contributor&#39;s piece on the schedule") || strings.Contains(dash, fmt.Sprintf(`href="/admin/articles/%d"`, theirs.ID)) {
		t.Error("the contributor's dashboard links to an article they may not edit, or leaves it out")
	}
}
