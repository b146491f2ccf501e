package masthead

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fields returns the fields err names, in order.
func fields(err error) []string {
	var p Problems
	if errors.As(err, &p) {
		out := make([]string, len(p))
		for i, e := range p {
			out[i] = e.Field
		}
		return out
	}
	if f := ErrorField(err); f != "" {
		return []string{f}
	}
	if err != nil {
		return []string{"(" + ErrorCode(err) + ")"}
	}
	return nil
}

func TestMenuValidate(t *testing.T) {
	section := func(label string) *MenuItem { return &MenuItem{Label: label, Kind: TargetSection, SectionID: 1} }
	link := func(u string) *MenuItem { return &MenuItem{Label: "Link", Kind: TargetURL, URL: u} }
	many := make([]*MenuItem, MaxMenuItems+1)
	for i := range many {
		many[i] = section("Item")
	}
	tests := []struct {
		name string
		menu *Menu
		want []string
	}{
		{"good", &Menu{Location: MenuHeader, Items: []*MenuItem{
			section("News"), {Label: "About", Kind: TargetArticle, ArticleID: 7, Children: []*MenuItem{link("/about/team/"), link("https://example.org/x?y=1#z")}},
		}}, nil},
		{"empty menu", &Menu{Location: MenuFooter}, nil},
		{"unknown location", &Menu{Location: "sidebar"}, []string{"(invalid)"}},
		{"no label", &Menu{Location: MenuHeader, Items: []*MenuItem{section("  ")}}, []string{"items.0.label"}},
		{"long label", &Menu{Location: MenuHeader, Items: []*MenuItem{section(strings.Repeat("é", MaxMenuLabelLength+1))}}, []string{"items.0.label"}},
		{"label at the limit", &Menu{Location: MenuHeader, Items: []*MenuItem{section(strings.Repeat("é", MaxMenuLabelLength))}}, nil},
		{"no section", &Menu{Location: MenuHeader, Items: []*MenuItem{{Label: "X", Kind: TargetSection}}}, []string{"items.0.section"}},
		{"no article", &Menu{Location: MenuHeader, Items: []*MenuItem{{Label: "X", Kind: TargetArticle}}}, []string{"items.0.article"}},
		{"no kind", &Menu{Location: MenuHeader, Items: []*MenuItem{{Label: "X", URL: "/x/"}}}, []string{"items.0.kind"}},
		{"child counted after its parent", &Menu{Location: MenuHeader, Items: []*MenuItem{
			{Label: "A", Kind: TargetURL, URL: "/a/", Children: []*MenuItem{link("/b/"), link("javascript:alert(1)")}}, link("/c/"),
		}}, []string{"items.2.url"}},
		{"two levels", &Menu{Location: MenuHeader, Items: []*MenuItem{
			{Label: "A", Kind: TargetURL, URL: "/a/", Children: []*MenuItem{{Label: "B", Kind: TargetURL, URL: "/b/", Children: []*MenuItem{link("/c/")}}}},
		}}, []string{"items.1.parent"}},
		{"too many", &Menu{Location: MenuHeader, Items: many}, []string{"items"}},
		{"every problem at once", &Menu{Location: MenuHeader, Items: []*MenuItem{section(""), link("//evil.example/")}},
			[]string{"items.0.label", "items.1.url"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, fields(tt.menu.Validate())); diff != "" {
			t.Errorf("%s: fields (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestCheckMenuURL(t *testing.T) {
	tests := []struct {
		url  string
		good bool
	}{
		{"/", true},
		{"/about/", true},
		{"/search/?q=harbour#results", true},
		{"https://example.org/", true},
		{"http://example.org/page", true},
		{"", false},
		{"//evil.example/", false},
		{"/\\evil.example/", false},
		{"/\t/evil.example/", false},
		{"/a b/", false},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{" javascript:alert(1)", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"vbscript:msgbox", false},
		{"mailto:desk@example.org", false},
		{"https://", false},
		{"about", false},
		{"/" + strings.Repeat("a", MaxMenuURLLength), false},
	}
	for _, tt := range tests {
		err := CheckMenuURL(tt.url)
		if got := err == nil; got != tt.good {
			t.Errorf("CheckMenuURL(%q) = %v, want good %v", tt.url, err, tt.good)
		}
		if err != nil && (err.Field != "url" || err.Code != EINVALID) {
			t.Errorf("CheckMenuURL(%q): field %q, code %q", tt.url, err.Field, err.Code)
		}
	}
}

func TestBuildMenu(t *testing.T) {
	url := func(label string, pos, parent int) MenuRow {
		return MenuRow{Label: label, Kind: TargetURL, URL: "/" + strings.ToLower(label) + "/", Position: pos, Parent: parent}
	}
	// Rows as a form gives them: out of order, children before parents,
	// siblings ordered by position, ties kept in the order given.
	m, err := BuildMenu(MenuHeader, []MenuRow{
		url("Sport", 2, 0),
		url("Team", 2, 3),
		url("About", 1, 0),
		url("History", 1, 3),
		url("Contact", 2, 0),
		{Label: " Local ", Kind: TargetSection, SectionID: 4, URL: "/ignored/", Position: 9},
	})
	if err != nil {
		t.Fatal(err)
	}
	type shape struct {
		Label, URL string
		Section    int64
		Row        int
		Children   []shape
	}
	var walk func([]*MenuItem) []shape
	walk = func(items []*MenuItem) []shape {
		var out []shape
		for _, it := range items {
			out = append(out, shape{it.Label, it.URL, it.SectionID, it.Row, walk(it.Children)})
		}
		return out
	}
	want := []shape{
		{"About", "/about/", 0, 2, []shape{{"History", "/history/", 0, 3, nil}, {"Team", "/team/", 0, 1, nil}}},
		{"Sport", "/sport/", 0, 0, nil},
		{"Contact", "/contact/", 0, 4, nil},
		{"Local", "", 4, 5, nil},
	}
	if diff := cmp.Diff(want, walk(m.Items)); diff != "" {
		t.Errorf("menu (-want +got):\n%s", diff)
	}
	if err := m.Validate(); err != nil {
		t.Errorf("a built menu does not validate: %v", err)
	}
	// Fields of items map back to the rows they came from.
	for field, row := range map[string]string{"items.0.label": "rows.2.label", "items.2.article": "rows.1.article", "items.5.section": "rows.5.section", "items": "items"} {
		if got := m.RowField(field); got != row {
			t.Errorf("RowField(%q) = %q, want %q", field, got, row)
		}
	}

	bad := []struct {
		name string
		rows []MenuRow
		want []string
	}{
		{"nested under itself", []MenuRow{url("A", 1, 1)}, []string{"rows.0.parent"}},
		{"nested under a missing row", []MenuRow{url("A", 1, 0), url("B", 1, 5)}, []string{"rows.1.parent"}},
		{"two levels", []MenuRow{url("A", 1, 0), url("B", 1, 1), url("C", 1, 2)}, []string{"rows.2.parent"}},
		{"a loop", []MenuRow{url("A", 1, 2), url("B", 1, 1)}, []string{"rows.0.parent", "rows.1.parent"}},
		{"unsafe address and no label", []MenuRow{url("A", 1, 0), {Kind: TargetURL, URL: "javascript:alert(1)"}}, []string{"rows.1.label"}},
		{"unsafe address", []MenuRow{{Label: "X", Kind: TargetURL, URL: "javascript:alert(1)"}}, []string{"rows.0.url"}},
		{"too many", make([]MenuRow, MaxMenuItems+1), nil}, // checked below
	}
	for _, tt := range bad {
		_, err := BuildMenu(MenuHeader, tt.rows)
		got := fields(err)
		if tt.want == nil {
			if len(got) == 0 || got[0] != "items" {
				t.Errorf("%s: fields %v, want items first", tt.name, got)
			}
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: fields (-want +got):\n%s", tt.name, diff)
		}
	}
	if _, err := BuildMenu("sidebar", nil); ErrorCode(err) != EINVALID {
		t.Errorf("an unknown location: %v", err)
	}
}

func TestMenuLinks(t *testing.T) {
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	published := &Article{Slug: "about", Status: StatusPublished, PublishedAt: now.Add(-time.Hour)}
	later := &Article{Slug: "later", Status: StatusPublished, PublishedAt: now.Add(time.Hour)}
	draft := &Article{Slug: "draft", Status: StatusDraft, CreatedAt: now}
	local := &Category{ID: 1, Slug: "local", Name: "Local"}
	m := &Menu{Location: MenuHeader, Items: []*MenuItem{
		{Label: "Local", Kind: TargetSection, SectionID: 1, Section: local},
		{Label: "Gone", Kind: TargetSection, SectionID: 2},
		{Label: "About", Kind: TargetArticle, ArticleID: 3, Article: published, Children: []*MenuItem{
			{Label: "Draft", Kind: TargetArticle, ArticleID: 4, Article: draft},
			{Label: "Later", Kind: TargetArticle, ArticleID: 5, Article: later},
			{Label: "Deleted", Kind: TargetArticle, ArticleID: 6},
			{Label: "Wire", Kind: TargetURL, URL: "https://wire.example/"},
		}},
		{Label: "Unpublished parent", Kind: TargetArticle, ArticleID: 4, Article: draft, Children: []*MenuItem{
			{Label: "Orphan", Kind: TargetURL, URL: "/orphan/"},
		}},
	}}
	want := []MenuLink{
		{Label: "Local", Href: "/category/local/"},
		{Label: "About", Href: "/2026/03/14/about/", Children: []MenuLink{{Label: "Wire", Href: "https://wire.example/"}}},
		{Label: "Orphan", Href: "/orphan/"},
	}
	if diff := cmp.Diff(want, m.Links(now, time.UTC)); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
	// Once its time comes, the scheduled page shows without a new read.
	if links := m.Links(now.Add(2*time.Hour), time.UTC); len(links[1].Children) != 2 || links[1].Children[0].Label != "Later" {
		t.Errorf("two hours later: %+v", links[1].Children)
	}
	if (*Menu)(nil).Links(now, time.UTC) != nil {
		t.Error("no menu has links")
	}
}
