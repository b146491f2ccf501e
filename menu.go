package masthead

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// MenuLocation names a place on every public page where a menu shows.
type MenuLocation string

// The menu locations. A location without a saved menu shows its default:
// the header every section, the footer nothing beyond its usual line.
const (
	MenuHeader MenuLocation = "header"
	MenuFooter MenuLocation = "footer"
)

// MenuLocations lists every location, in the order the admin offers them.
var MenuLocations = []MenuLocation{MenuHeader, MenuFooter}

// Valid reports whether l is one of the known locations.
func (l MenuLocation) Valid() bool { return slices.Contains(MenuLocations, l) }

// MenuTargetKind says what a menu item leads to.
type MenuTargetKind string

// The kinds of menu target.
const (
	TargetSection MenuTargetKind = "section" // a section's page, by the section's id
	TargetArticle MenuTargetKind = "article" // an article or a page, by its id
	TargetURL     MenuTargetKind = "url"     // a path of this site or an http(s) address
)

// Limits on menus: enough for any newspaper's navigation, small enough
// that every page can carry them.
const (
	MaxMenuItems       = 60
	MaxMenuLabelLength = 80
	MaxMenuURLLength   = 2000
)

// Menu is the navigation of one location, in order. Items may hold
// children, which may not hold children of their own: one level of
// nesting, as a header's drop-downs allow.
type Menu struct {
	Location  MenuLocation
	Items     []*MenuItem
	UpdatedAt time.Time
}

// MenuItem is one entry of a menu: a label and what it leads to.
type MenuItem struct {
	ID        int64
	Label     string
	Kind      MenuTargetKind
	SectionID int64  // for TargetSection
	ArticleID int64  // for TargetArticle
	URL       string // for TargetURL
	// ExternalID names the item where it came from (an import), so that
	// a second import can recognise it.
	ExternalID string
	Children   []*MenuItem

	// Section and Article are the target as it stands, filled on reads:
	// nil when the section or article no longer exists. Article carries
	// what its address needs, not its body.
	Section *Category
	Article *Article
	// Row is the form row the item was built from (BuildMenu), so that a
	// message about the item can be shown beside its row. It is not stored.
	Row int
}

// MenuLink is a menu item as readers get it: a label and an address, with
// the children that are shown.
type MenuLink struct {
	Label    string
	Href     string
	Children []MenuLink
}

// Href returns the address the item leads to at now, with article
// addresses dated in loc; "" when its target is gone or readers may not
// see it, so that no menu shows a broken link.
func (i *MenuItem) Href(now time.Time, loc *time.Location) string {
	switch i.Kind {
	case TargetSection:
		if i.Section != nil {
			return i.Section.Path()
		}
	case TargetArticle:
		if i.Article != nil && i.Article.VisibleAt(now) {
			return i.Article.Path(loc)
		}
	case TargetURL:
		return i.URL
	}
	return ""
}

// Links returns the menu as readers see it at now. An item whose target
// is gone is left out; its children, if any still lead somewhere, take its
// place, so that a deleted section does not hide the pages under it.
func (m *Menu) Links(now time.Time, loc *time.Location) []MenuLink {
	if m == nil {
		return nil
	}
	var out []MenuLink
	for _, it := range m.Items {
		var children []MenuLink
		for _, c := range it.Children {
			if href := c.Href(now, loc); href != "" {
				children = append(children, MenuLink{Label: c.Label, Href: href})
			}
		}
		href := it.Href(now, loc)
		if href == "" {
			out = append(out, children...)
			continue
		}
		out = append(out, MenuLink{Label: it.Label, Href: href, Children: children})
	}
	return out
}

// Walk calls fn with every item, each followed by its children, and its
// index in that order: the index that fields such as "items.3.label" name.
func (m *Menu) Walk(fn func(n int, it *MenuItem, parent *MenuItem)) {
	n := 0
	for _, it := range m.Items {
		fn(n, it, nil)
		n++
		for _, c := range it.Children {
			fn(n, c, it)
			n++
		}
	}
}

// Validate reports every item that cannot be stored, each as a field
// "items.N.name" where N counts items as Walk does: a label that is empty
// or too long, a target that is missing or unsafe, an item nested two
// levels deep, or more than MaxMenuItems items.
func (m *Menu) Validate() error {
	if !m.Location.Valid() {
		return Errorf(EINVALID, "There is no menu location %q.", string(m.Location))
	}
	var problems Problems
	m.Walk(func(n int, it *MenuItem, parent *MenuItem) {
		prefix := "items." + strconv.Itoa(n) + "."
		if e := it.validate(); e != nil {
			e.Field = prefix + e.Field
			problems = append(problems, e)
		}
		if parent != nil && len(it.Children) > 0 {
			problems = append(problems, tooDeep(prefix+"parent"))
		}
	})
	if countItems(m.Items) > MaxMenuItems {
		problems = append(problems, FieldErrorf("items", "A menu holds at most %d items.", MaxMenuItems))
	}
	if len(problems) > 0 {
		return problems
	}
	return nil
}

func countItems(items []*MenuItem) int {
	n := len(items)
	for _, it := range items {
		n += countItems(it.Children)
	}
	return n
}

// tooDeep refuses an item nested under a nested item.
func tooDeep(field string) *Error {
	return FieldErrorf(field, "An item can only be nested under a top-level item: menus have one level of nesting.")
}

// validate reports the first field of the item itself that cannot be
// stored, with the field's bare name.
func (i *MenuItem) validate() *Error {
	label := strings.TrimSpace(i.Label)
	switch bad := textProblem("label", label); {
	case bad != "":
		return FieldErrorf("label", "%s", bad)
	case label == "":
		return FieldErrorf("label", "Give the item a label.")
	case len([]rune(label)) > MaxMenuLabelLength:
		return FieldErrorf("label", "A label may be at most %d characters long.", MaxMenuLabelLength)
	}
	switch i.Kind {
	case TargetSection:
		if i.SectionID <= 0 {
			return FieldErrorf("section", "Choose the section the item leads to.")
		}
	case TargetArticle:
		if i.ArticleID <= 0 {
			return FieldErrorf("article", "Give the number of the article or page the item leads to.")
		}
	case TargetURL:
		if err := CheckMenuURL(i.URL); err != nil {
			return err
		}
	default:
		return FieldErrorf("kind", "Choose what the item leads to: a section, an article or page, or a web address.")
	}
	return nil
}

// CheckMenuURL returns an EINVALID error for the "url" field unless u is
// a safe menu address: a path of this site ("/about/", never "//host",
// which browsers take for another site) or an http or https address.
// Anything else, javascript: and data: above all, could run script or
// mislead readers from the site's own navigation.
func CheckMenuURL(u string) *Error {
	switch {
	case u == "":
		return FieldErrorf("url", "Give the address the item leads to.")
	case len(u) > MaxMenuURLLength:
		return FieldErrorf("url", "An address may be at most %d characters long.", MaxMenuURLLength)
	case strings.ContainsFunc(u, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\\' }):
		// Browsers drop tabs and newlines and read \ as /, so "/\host"
		// and "/\t/host" would lead off the site.
		return FieldErrorf("url", "An address may not hold spaces or backslashes.")
	}
	if strings.HasPrefix(u, "/") {
		if strings.HasPrefix(u, "//") {
			return FieldErrorf("url", "Write an address of another site in full, starting with https://.")
		}
		if _, err := url.Parse(u); err != nil {
			return FieldErrorf("url", "The address is not a valid path.")
		}
		return nil
	}
	if !IsWebURL(u) {
		return FieldErrorf("url", "The address must be a path of this site, such as /about/, or start with http:// or https://.")
	}
	return nil
}

// MenuRow is one menu item as a form or an import lists it: flat, with a
// position among its siblings and the row it is nested under.
type MenuRow struct {
	Label      string
	Kind       MenuTargetKind
	SectionID  int64
	ArticleID  int64
	URL        string
	ExternalID string
	// Position orders the row among the rows with the same parent; rows
	// with the same position keep the order they were given in.
	Position int
	// Parent is the number of the row it is nested under, counting from
	// 1 in the order the rows were given; 0 for a top-level item.
	Parent int
}

// BuildMenu makes the menu of loc from rows, ordering siblings by their
// position. It reports every problem as a field "rows.N.name", N counting
// rows from 0 in the order given, so that a form shows each message beside
// its row; each item's Row says which row it came from.
func BuildMenu(loc MenuLocation, rows []MenuRow) (*Menu, error) {
	m := &Menu{Location: loc}
	if !loc.Valid() {
		return nil, Errorf(EINVALID, "There is no menu location %q.", string(loc))
	}
	var problems Problems
	if len(rows) > MaxMenuItems {
		problems = append(problems, FieldErrorf("items", "A menu holds at most %d items.", MaxMenuItems))
	}
	items := make([]*MenuItem, len(rows))
	for n, r := range rows {
		items[n] = &MenuItem{Label: strings.TrimSpace(r.Label), Kind: r.Kind, ExternalID: r.ExternalID, Row: n}
		switch r.Kind {
		case TargetSection:
			items[n].SectionID = r.SectionID
		case TargetArticle:
			items[n].ArticleID = r.ArticleID
		case TargetURL:
			items[n].URL = strings.TrimSpace(r.URL)
		}
	}
	for n, r := range rows {
		field := func(name string) string { return fmt.Sprintf("rows.%d.%s", n, name) }
		if e := items[n].validate(); e != nil {
			e.Field = field(e.Field)
			problems = append(problems, e)
		}
		switch p := r.Parent; {
		case p == 0:
		case p < 0 || p > len(rows):
			problems = append(problems, FieldErrorf(field("parent"), "The item is nested under a row that does not exist."))
		case p == n+1:
			problems = append(problems, FieldErrorf(field("parent"), "An item cannot be nested under itself."))
		case rows[p-1].Parent != 0:
			problems = append(problems, tooDeep(field("parent")))
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	order := make([]int, len(rows))
	for n := range order {
		order[n] = n
	}
	slices.SortStableFunc(order, func(a, b int) int { return rows[a].Position - rows[b].Position })
	for _, n := range order {
		if rows[n].Parent == 0 {
			m.Items = append(m.Items, items[n])
		}
	}
	for _, n := range order {
		if p := rows[n].Parent; p != 0 {
			items[p-1].Children = append(items[p-1].Children, items[n])
		}
	}
	return m, nil
}

// RowField turns a field of an item of m, as Validate and the store name
// them ("items.N.name"), into the field of the form row the item was built
// from ("rows.R.name"); other fields stay as they are.
func (m *Menu) RowField(field string) string {
	rest, ok := strings.CutPrefix(field, "items.")
	if !ok {
		return field
	}
	num, name, ok := strings.Cut(rest, ".")
	n, err := strconv.Atoi(num)
	if !ok || err != nil {
		return field
	}
	out := field
	m.Walk(func(i int, it *MenuItem, _ *MenuItem) {
		if i == n {
			out = "rows." + strconv.Itoa(it.Row) + "." + name
		}
	})
	return out
}
