package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"masthead"
	"masthead/sqlite"
)

// navEntry is a link of a navigation landmark as a reader meets it.
type navEntry struct {
	Label, Href string
	Current     bool
	Nested      bool // inside a drop-down or a nested list
}

// navigation returns the landmark named label and its links, in order.
func navigation(t *testing.T, doc *html.Node, label string) (*html.Node, []navEntry) {
	t.Helper()
	navs := findAll(doc, func(n *html.Node) bool { return n.Data == "nav" && attr(n, "aria-label") == label })
	if len(navs) == 0 {
		return nil, nil
	}
	var out []navEntry
	for _, a := range findAll(navs[0], byTag("a")) {
		nested := false
		for p := a.Parent; p != navs[0]; p = p.Parent {
			nested = nested || p.Data == "details" || p.Data == "ul" && p.Parent != nil && p.Parent.Data == "li"
		}
		out = append(out, navEntry{Label: text(a), Href: attr(a, "href"), Current: attr(a, "aria-current") == "page", Nested: nested})
	}
	return navs[0], out
}

// saveMenu stores a menu through the store, as another process would.
func saveMenu(t *testing.T, s masthead.Store, loc masthead.MenuLocation, items ...*masthead.MenuItem) {
	t.Helper()
	must(t, s.SaveMenu(context.Background(), &masthead.Menu{Location: loc, Items: items}))
}

func sectionItem(c *masthead.Category) *masthead.MenuItem {
	return &masthead.MenuItem{Label: c.Name, Kind: masthead.TargetSection, SectionID: c.ID}
}

func articleItem(label string, a *masthead.Article, children ...*masthead.MenuItem) *masthead.MenuItem {
	return &masthead.MenuItem{Label: label, Kind: masthead.TargetArticle, ArticleID: a.ID, Children: children}
}

func urlItem(label, u string) *masthead.MenuItem {
	return &masthead.MenuItem{Label: label, Kind: masthead.TargetURL, URL: u}
}

// TestDefaultNavigation: a site that never saved a menu shows every
// section in the header, and nothing more in the footer than its line.
func TestDefaultNavigation(t *testing.T) {
	f := newFixture(t)
	doc := parse(t, get(t, f.server, "GET", "/category/sport/").body)
	_, links := navigation(t, doc, "Sections")
	want := []navEntry{{"Home", "/", false, false}, {"Local", "/category/local/", false, false}, {"Sport", "/category/sport/", true, false}}
	if diff := cmp.Diff(want, links); diff != "" {
		t.Errorf("the default header (-want +got):\n%s", diff)
	}
	if nav, _ := navigation(t, doc, "Footer"); nav != nil {
		t.Error("a site without a footer menu shows one")
	}
	if footer := first(t, doc, byClass("site-footer"), "footer"); !strings.Contains(text(footer), "Published with Masthead") {
		t.Errorf("the footer line is gone: %q", text(footer))
	}
}

// TestSavedMenus: a saved header menu replaces the sections, its nested
// items in a disclosure, the page being shown marked; the footer menu
// shows in the footer; items whose target is gone or hidden are left out.
func TestSavedMenus(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	about := f.lead
	saveMenu(t, f.store, masthead.MenuHeader,
		sectionItem(f.local),
		articleItem("About", about, sectionItem(f.sport), urlItem("Wire", "https://wire.example/"), articleItem("Draft", f.draft)),
		articleItem("Embargoed", f.future),
		urlItem("Search", "/search/"),
	)
	saveMenu(t, f.store, masthead.MenuFooter, urlItem("Contact", "/contact/"), sectionItem(f.local))

	doc := parse(t, get(t, f.server, "GET", "/category/sport/").body)
	if nav, _ := navigation(t, doc, "Sections"); nav != nil {
		t.Error("the sections still show beside the saved menu")
	}
	nav, links := navigation(t, doc, "Site")
	want := []navEntry{
		{"Local", "/category/local/", false, false},
		{"About", about.Path(time.UTC), false, true},
		{"Sport", "/category/sport/", true, true},
		{"Wire", "https://wire.example/", false, true},
		{"Search", "/search/", false, false},
	}
	if diff := cmp.Diff(want, links); diff != "" {
		t.Errorf("the header menu (-want +got):\n%s", diff)
	}
	// The nested items open from their parent's summary, with no script;
	// the drop-down holding the page being shown says so.
	details := findAll(nav, byTag("details"))
	if len(details) != 1 {
		t.Fatalf("%d drop-downs, want 1", len(details))
	}
	if s := first(t, details[0], byTag("summary"), "summary"); text(s) != "About" {
		t.Errorf("the drop-down is labelled %q", text(s))
	}
	if attr(details[0], "class") != "holds-current" {
		t.Errorf("the drop-down holding the current page has class %q", attr(details[0], "class"))
	}
	_, footer := navigation(t, doc, "Footer")
	if diff := cmp.Diff([]navEntry{{"Contact", "/contact/", false, false}, {"Local", "/category/local/", false, false}}, footer); diff != "" {
		t.Errorf("the footer menu (-want +got):\n%s", diff)
	}

	// A removed section and an unpublished article leave their items out,
	// with nothing broken in their place.
	if _, err := f.store.DB().ExecContext(ctx, `DELETE FROM categories WHERE id = ?`, f.sport.ID); err != nil {
		t.Fatal(err)
	}
	about.Status = masthead.StatusDraft
	must(t, f.store.UpdateArticle(ctx, about))
	_, links = navigation(t, parse(t, get(t, f.server, "GET", "/").body), "Site")
	want = []navEntry{
		{"Local", "/category/local/", false, false},
		{"Wire", "https://wire.example/", false, false}, // its parent is gone: it takes its place
		{"Search", "/search/", false, false},
	}
	if diff := cmp.Diff(want, links); diff != "" {
		t.Errorf("the header menu after its targets went (-want +got):\n%s", diff)
	}
	// The item stays stored, and the admin says why readers miss it.
	m, err := f.store.FindMenu(ctx, masthead.MenuHeader)
	must(t, err)
	if it := m.Items[1].Children[0]; it.Kind != masthead.TargetSection || it.Section != nil {
		t.Errorf("the item of the removed section: %+v", it)
	}
}

// menuForm is a posted menu form: rows of fields by name.
func menuForm(loc masthead.MenuLocation, action string, rows ...map[string]string) url.Values {
	v := url.Values{"location": {string(loc)}, "rows": {fmt.Sprint(len(rows))}, "action": {action}}
	for n, row := range rows {
		for name, value := range row {
			v.Set(fmt.Sprintf("rows.%d.%s", n, name), value)
		}
	}
	return v
}

// fieldByName returns the form control named name.
func fieldByName(t *testing.T, doc *html.Node, name string) *html.Node {
	t.Helper()
	return first(t, doc, func(n *html.Node) bool { return attr(n, "name") == name }, "field "+name)
}

// fieldMessage returns the message a field points at, "" when none.
func fieldMessage(doc, field *html.Node) string {
	if attr(field, "aria-invalid") != "true" {
		return ""
	}
	if msgs := findAll(doc, byID(attr(field, "aria-describedby"))); len(msgs) > 0 {
		return text(msgs[0])
	}
	return "(no message)"
}

// selected returns the value of a select's chosen option.
func selected(sel *html.Node) string {
	for _, o := range findAll(sel, byTag("option")) {
		for _, a := range o.Attr {
			if a.Key == "selected" {
				return attr(o, "value")
			}
		}
	}
	return ""
}

func TestMenusAdmin(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ed := signIn(t, f.server, addStaff(t, f.store, "Eda Editor", masthead.RoleEditor).Email)

	// A header never saved starts from the sections, and the admin's
	// navigation leads here.
	res := send(t, f.server, "GET", "/admin/menus", nil, ed)
	if res.StatusCode != 200 {
		t.Fatalf("the menus page: status %d", res.StatusCode)
	}
	doc := parse(t, body(t, res))
	if v := attr(fieldByName(t, doc, "rows.0.label"), "value"); v != "Local" {
		t.Errorf("the first row is %q, want the first section", v)
	}
	if v := selected(fieldByName(t, doc, "rows.1.section")); v != itoa(f.sport.ID) {
		t.Errorf("the second row leads to section %q, want %d", v, f.sport.ID)
	}
	if links := findAll(doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == "/admin/menus" }); len(links) == 0 || attr(links[0], "aria-current") != "page" {
		t.Error("the admin navigation does not lead to the menus page")
	}

	// A refused save comes back with every value as typed and a message
	// beside each faulty field.
	bad := menuForm(masthead.MenuHeader, "save",
		map[string]string{"label": "", "kind": "url", "url": "/ok/", "position": "1"},
		map[string]string{"label": "Script", "kind": "url", "url": "javascript:alert(1)", "position": "2"},
		map[string]string{"label": "Team", "kind": "article", "article": "twelve", "position": "x"},
		map[string]string{"label": "Deep", "kind": "url", "url": "/deep/", "parent": "5"},
		map[string]string{"label": "Under Deep", "kind": "url", "url": "/under/", "parent": "4"},
	)
	res = send(t, f.server, "POST", "/admin/menus", bad, ed)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a refused menu: status %d", res.StatusCode)
	}
	doc = parse(t, body(t, res))
	for name, want := range map[string]string{
		"rows.0.label": "Give the item a label.", "rows.1.url": "The address must be a path of this site",
		"rows.2.article": "Give the number of the article or page", "rows.2.position": "The position must be a whole number",
		"rows.3.parent": "one level of nesting", "rows.4.parent": "one level of nesting",
		"rows.1.label": "", "rows.0.url": "",
	} {
		got := fieldMessage(doc, fieldByName(t, doc, name))
		if want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("%s: message %q, want %q", name, got, want)
		}
	}
	for name, want := range map[string]string{"rows.1.url": "javascript:alert(1)", "rows.2.article": "twelve", "rows.2.position": "x", "rows.4.label": "Under Deep"} {
		if got := attr(fieldByName(t, doc, name), "value"); got != want {
			t.Errorf("%s came back as %q, want %q", name, got, want)
		}
	}
	if got := selected(fieldByName(t, doc, "rows.4.parent")); got != "4" {
		t.Errorf("rows.4.parent came back as %q, want 4", got)
	}
	if _, err := f.store.FindMenu(ctx, masthead.MenuHeader); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("a refused form saved a menu: %v", err)
	}

	// What only the store can tell, a number no article has, comes back
	// beside the row it was typed in, whatever the menu's order.
	res = send(t, f.server, "POST", "/admin/menus", menuForm(masthead.MenuHeader, "save",
		map[string]string{"label": "Later", "kind": "article", "article": "99999", "position": "2"},
		map[string]string{"label": "First", "kind": "url", "url": "/first/", "position": "1"},
	), ed)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a missing article: status %d", res.StatusCode)
	}
	doc = parse(t, body(t, res))
	if got := fieldMessage(doc, fieldByName(t, doc, "rows.0.article")); !strings.Contains(got, "99999") {
		t.Errorf("the missing article's message: %q", got)
	}

	// "Add rows" shows the form again, longer, and saves nothing.
	res = send(t, f.server, "POST", "/admin/menus", menuForm(masthead.MenuHeader, "add", map[string]string{"label": "Kept", "kind": "url", "url": "/kept/"}), ed)
	if res.StatusCode != 200 {
		t.Fatalf("adding rows: status %d", res.StatusCode)
	}
	doc = parse(t, body(t, res))
	if got := attr(fieldByName(t, doc, "rows"), "value"); got != fmt.Sprint(1+blankMenuRows) {
		t.Errorf("after adding rows the form has %s rows", got)
	}
	if got := attr(fieldByName(t, doc, "rows.0.label"), "value"); got != "Kept" {
		t.Errorf("adding rows lost the typed label: %q", got)
	}

	// A good save: ordered by position, nested by parent, removed and
	// empty rows left out, a kind left unchosen taken from the target.
	good := menuForm(masthead.MenuHeader, "save",
		map[string]string{"label": "Local", "section": itoa(f.local.ID), "position": "3"},
		map[string]string{"label": "About", "kind": "article", "article": itoa(f.lead.ID), "position": "1"},
		map[string]string{"label": "Gone", "kind": "url", "url": "/gone/", "remove": "1"},
		map[string]string{"label": "Jobs", "kind": "url", "url": "https://jobs.example/", "parent": "2", "position": "2"},
		map[string]string{"label": "History", "kind": "url", "url": "/history/", "parent": "2", "position": "1"},
		map[string]string{},
		map[string]string{"label": "Sport", "kind": "section", "section": itoa(f.sport.ID), "position": "2"},
	)
	res = send(t, f.server, "POST", "/admin/menus", good, ed)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a good menu: status %d: %s", res.StatusCode, body(t, res))
	}
	m, err := f.store.FindMenu(ctx, masthead.MenuHeader)
	must(t, err)
	var got []string
	m.Walk(func(_ int, it *masthead.MenuItem, parent *masthead.MenuItem) {
		if parent != nil {
			got = append(got, parent.Label+" > "+it.Label)
		} else {
			got = append(got, it.Label)
		}
	})
	if diff := cmp.Diff([]string{"About", "About > History", "About > Jobs", "Sport", "Local"}, got); diff != "" {
		t.Errorf("the saved menu (-want +got):\n%s", diff)
	}
	// The page shows it at once, and the form lists it as saved.
	_, links := navigation(t, parse(t, get(t, f.server, "GET", "/").body), "Site")
	var labels []string
	for _, l := range links {
		labels = append(labels, l.Label)
	}
	if diff := cmp.Diff([]string{"About", "History", "Jobs", "Sport", "Local"}, labels); diff != "" {
		t.Errorf("the header after the save (-want +got):\n%s", diff)
	}
	doc = parse(t, body(t, send(t, f.server, "GET", "/admin/menus", nil, ed)))
	if got := attr(fieldByName(t, doc, "rows.2.label"), "value"); got != "Jobs" {
		t.Errorf("the third row of the saved menu is %q", got)
	}
	if got := selected(fieldByName(t, doc, "rows.2.parent")); got != "1" {
		t.Errorf("the third row is nested under %q, want row 1", got)
	}

	// Emptying every row goes back to the default.
	res = send(t, f.server, "POST", "/admin/menus", menuForm(masthead.MenuHeader, "save", map[string]string{}), ed)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("an emptied menu: status %d", res.StatusCode)
	}
	if nav, _ := navigation(t, parse(t, get(t, f.server, "GET", "/").body), "Sections"); nav == nil {
		t.Error("an emptied header menu does not bring the sections back")
	}

	// The footer has its own form.
	res = send(t, f.server, "POST", "/admin/menus", menuForm(masthead.MenuFooter, "save", map[string]string{"label": "Contact", "url": "/contact/"}), ed)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") == "" || !strings.Contains(res.Header.Get("Location"), "location=footer") {
		t.Fatalf("the footer menu: status %d, to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, footer := navigation(t, parse(t, get(t, f.server, "GET", "/").body), "Footer"); len(footer) != 1 || footer[0].Href != "/contact/" {
		t.Errorf("the footer after its save: %+v", footer)
	}
	if res := send(t, f.server, "GET", "/admin/menus?location=sidebar", nil, ed); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown location: status %d", res.StatusCode)
	}
}

// TestMenusNeedAnEditor: only editors and admins change menus, checked on
// the server for the page and the save alike.
func TestMenusNeedAnEditor(t *testing.T) {
	f := newFixture(t)
	form := menuForm(masthead.MenuHeader, "save", map[string]string{"label": "Mine", "kind": "url", "url": "/mine/"})
	for _, role := range []masthead.Role{masthead.RoleContributor, masthead.RoleAuthor} {
		c := signIn(t, f.server, addStaff(t, f.store, "A "+string(role), role).Email)
		if res := send(t, f.server, "GET", "/admin/menus", nil, c); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s opening the menus: status %d", role, res.StatusCode)
		}
		if res := send(t, f.server, "POST", "/admin/menus", form, c); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s saving a menu: status %d", role, res.StatusCode)
		}
		doc := parse(t, body(t, send(t, f.server, "GET", "/admin/", nil, c)))
		if links := findAll(doc, func(n *html.Node) bool { return attr(n, "href") == "/admin/menus" }); len(links) > 0 {
			t.Errorf("%s is offered the menus page", role)
		}
	}
	if _, err := f.store.FindMenu(context.Background(), masthead.MenuHeader); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("a refused save stored a menu: %v", err)
	}
	res := send(t, f.server, "GET", "/admin/menus", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("signed out: status %d", res.StatusCode)
	}
	admin := signIn(t, f.server, addStaff(t, f.store, "Ada Admin", masthead.RoleAdmin).Email)
	if res := send(t, f.server, "POST", "/admin/menus", form, admin); res.StatusCode != http.StatusSeeOther {
		t.Errorf("an admin saving a menu: status %d", res.StatusCode)
	}
}

// TestMenuCache: with a change watcher the menus are cached, so a page
// reads none, and every change reaches the next page: a save in the
// admin at once, a change from elsewhere (another process, the command
// line, an unpublished article) as the watcher hears of it.
func TestMenuCache(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- f.server.WatchChanges(ctx, sqlite.Watcher{Store: f.store}) }()
	defer func() { cancel(); <-done }()
	ed := signIn(t, f.server, addStaff(t, f.store, "Eda Editor", masthead.RoleEditor).Email)

	var menuReads atomic.Int64
	f.store.OnQuery = func(q string) {
		if strings.Contains(q, "FROM menus") {
			menuReads.Add(1)
		}
	}
	header := func() []navEntry {
		t.Helper()
		_, links := navigation(t, parse(t, get(t, f.server, "GET", "/").body), "Site")
		return links
	}
	eventually := func(what string, ok func([]navEntry) bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for links := header(); !ok(links); links = header() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: the header still shows %+v", what, links)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	eventually("the default", func(l []navEntry) bool { return l == nil })
	before := menuReads.Load()
	header()
	header()
	if n := menuReads.Load() - before; n != 0 {
		t.Errorf("two pages read the menus %d times with a watcher running", n)
	}

	res := send(t, f.server, "POST", "/admin/menus", menuForm(masthead.MenuHeader, "save",
		map[string]string{"label": "About", "kind": "article", "article": itoa(f.lead.ID)}), ed)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving: status %d", res.StatusCode)
	}
	if links := header(); len(links) != 1 || links[0].Label != "About" {
		t.Fatalf("the page after the save shows %+v", links)
	}
	// Changed from elsewhere, through the store alone.
	saveMenu(t, f.store, masthead.MenuHeader, articleItem("About", f.lead), urlItem("Contact", "/contact/"))
	eventually("a menu saved elsewhere", func(l []navEntry) bool { return len(l) == 2 })
	f.lead.Status = masthead.StatusDraft
	must(t, f.store.UpdateArticle(context.Background(), f.lead))
	eventually("an unpublished article", func(l []navEntry) bool { return len(l) == 1 && l[0].Label == "Contact" })
}
