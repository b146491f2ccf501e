package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead"
	"masthead/i18n"
)

// menusPage is the data of the menus page (editors): one location's menu
// as rows of a form, which works without JavaScript.
type menusPage struct {
	layout
	Location  masthead.MenuLocation
	Locations []masthead.MenuLocation
	Saved     bool // the location has a saved menu; else it shows its default
	Rows      []menuRow
	Sections  []*masthead.Category
	// Errors holds messages by field ("rows.3.label"), and "" for the
	// menu as a whole.
	Errors map[string]string
	Notice string
}

// menuRow is one row of the menu form, as stored or as typed.
type menuRow struct {
	N          int // its index, which names its fields (rows.N.label)
	Label      string
	Kind       masthead.MenuTargetKind
	Section    int64
	Article    string // as typed, to come back as typed
	URL        string
	Position   string
	Parent     int    // the row number (from 1) it is nested under; 0 at the top
	Target     string // what a stored target is now, for the editor's eye
	ExternalID string
}

// Error returns the message for field name of row n, if any.
func (p *menusPage) Error(n int, name string) string {
	return p.Errors[rowField(n, name)]
}

// ErrorID returns the id of the message for field name of row n, which
// the field names with aria-describedby.
func (p *menusPage) ErrorID(n int, name string) string {
	return fmt.Sprintf("row-%d-%s-error", n, name)
}

// Invalid returns the attributes that mark field name of row n as in
// error and point at its message, or nothing.
func (p *menusPage) Invalid(n int, name string) template.HTMLAttr {
	if p.Error(n, name) == "" {
		return ""
	}
	return template.HTMLAttr(` aria-invalid="true" aria-describedby="` + p.ErrorID(n, name) + `"`)
}

// LocationName is how the page names a location's menu.
func (p *menusPage) LocationName(loc masthead.MenuLocation) string {
	switch loc {
	case masthead.MenuHeader:
		return p.T("Header menu")
	case masthead.MenuFooter:
		return p.T("Footer menu")
	}
	return string(loc)
}

func rowField(n int, name string) string { return "rows." + strconv.Itoa(n) + "." + name }

// blankMenuRows is how many empty rows the form offers for new items, and
// how many more "Add rows" brings.
const blankMenuRows = 3

// maxMenuFormRows bounds the rows a posted form is read for.
const maxMenuFormRows = masthead.MaxMenuItems + 50

// menuLocation reads the location a request names, the header by default.
func menuLocation(v string) (masthead.MenuLocation, bool) {
	if v == "" {
		return masthead.MenuHeader, true
	}
	loc := masthead.MenuLocation(v)
	return loc, loc.Valid()
}

func (s *Server) renderMenus(w http.ResponseWriter, r *http.Request, status int, page *menusPage) {
	lay, err := s.adminLayout(r, i18n.Key("Menus"), "menus")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.layout = lay
	page.Locations = masthead.MenuLocations
	if page.Sections, err = s.store.FindCategories(r.Context(), 500); err != nil {
		s.error(w, r, err)
		return
	}
	if page.Errors == nil {
		page.Errors = map[string]string{}
	}
	for i := range page.Rows {
		page.Rows[i].N = i
	}
	s.render(w, r, status, "admin_menus", page)
}

// handleMenus serves "GET /admin/menus?location=header": a location's
// menu as a form. A header never saved starts from what it shows today,
// every section, so that saving it unchanged changes nothing readers see
// but the missing Home link, which the site's name gives already.
func (s *Server) handleMenus(w http.ResponseWriter, r *http.Request) {
	loc, ok := menuLocation(r.URL.Query().Get("location"))
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	page := &menusPage{Location: loc, Notice: r.URL.Query().Get("notice")}
	menu, err := s.store.FindMenu(masthead.WithPrimary(r.Context()), loc)
	switch {
	case err == nil:
		page.Saved = true
		site, err := s.site(r.Context())
		if err != nil {
			s.error(w, r, err)
			return
		}
		page.Rows = storedMenuRows(menu, site.Location(), s.now, s.staffLocale(r))
	case masthead.ErrorCode(err) == masthead.ENOTFOUND:
		if loc == masthead.MenuHeader {
			sections, err := s.store.FindCategories(r.Context(), navLimit)
			if err != nil {
				s.error(w, r, err)
				return
			}
			for i, c := range sections {
				page.Rows = append(page.Rows, menuRow{Label: c.Name, Kind: masthead.TargetSection, Section: c.ID, Position: strconv.Itoa(i + 1)})
			}
		}
	default:
		s.error(w, r, err)
		return
	}
	page.Rows = append(page.Rows, make([]menuRow, blankMenuRows)...)
	s.renderMenus(w, r, http.StatusOK, page)
}

// storedMenuRows lists a stored menu as form rows: each item followed by
// its children, numbered by position among their siblings.
func storedMenuRows(m *masthead.Menu, loc *time.Location, now func() time.Time, tr *i18n.Locale) []menuRow {
	var rows []menuRow
	for i, it := range m.Items {
		parent := len(rows) + 1
		rows = append(rows, itemRow(it, i+1, 0, loc, now, tr))
		for j, c := range it.Children {
			rows = append(rows, itemRow(c, j+1, parent, loc, now, tr))
		}
	}
	return rows
}

func itemRow(it *masthead.MenuItem, position, parent int, loc *time.Location, now func() time.Time, tr *i18n.Locale) menuRow {
	row := menuRow{Label: it.Label, Kind: it.Kind, Section: it.SectionID, URL: it.URL, Position: strconv.Itoa(position),
		Parent: parent, ExternalID: it.ExternalID}
	switch it.Kind {
	case masthead.TargetSection:
		if it.Section == nil {
			row.Target = tr.T("The section it led to no longer exists: readers do not see this item.")
		}
	case masthead.TargetArticle:
		if it.ArticleID != 0 {
			row.Article = strconv.FormatInt(it.ArticleID, 10)
		}
		switch a := it.Article; {
		case a == nil:
			row.Target = tr.T("The article or page it led to no longer exists: readers do not see this item.")
		case !a.VisibleAt(now()):
			row.Target = tr.T("“%s” is not published: readers do not see this item until it is.", a.Headline)
		default:
			row.Target = tr.T("Leads to “%s”, %s.", a.Headline, a.Path(loc))
		}
	}
	return row
}

// handleSaveMenu serves "POST /admin/menus": saves a location's menu from
// the form's rows, or, for "Add rows", shows the form again with more.
func (s *Server) handleSaveMenu(w http.ResponseWriter, r *http.Request) {
	loc, ok := menuLocation(r.PostFormValue("location"))
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	page := &menusPage{Location: loc, Saved: r.PostFormValue("saved") == "1", Errors: map[string]string{}}
	tr := s.staffLocale(r)
	page.Rows = postedMenuRows(r)
	if r.PostFormValue("action") == "add" {
		page.Rows = append(page.Rows, make([]menuRow, blankMenuRows)...)
		s.renderMenus(w, r, http.StatusOK, page)
		return
	}
	page.Rows = dropBlankMenuRows(page.Rows)
	domainRows := make([]masthead.MenuRow, len(page.Rows))
	for n, row := range page.Rows {
		dr := masthead.MenuRow{Label: row.Label, Kind: row.Kind, SectionID: row.Section, URL: row.URL, Parent: row.Parent, ExternalID: row.ExternalID}
		// A row without a position keeps its place after those with one.
		dr.Position = masthead.MaxMenuItems + n
		if p := strings.TrimSpace(row.Position); p != "" {
			if v, err := strconv.Atoi(p); err == nil {
				dr.Position = v
			} else {
				page.Errors[rowField(n, "position")] = tr.T("The position must be a whole number, such as 3.")
			}
		}
		if row.Kind == masthead.TargetArticle && strings.TrimSpace(row.Article) != "" {
			if v, err := strconv.ParseInt(strings.TrimSpace(row.Article), 10, 64); err == nil && v > 0 {
				dr.ArticleID = v
			} else {
				page.Errors[rowField(n, "article")] = tr.T("Give the number of the article or page, such as 42: it is in the address of its editor.")
			}
		}
		domainRows[n] = dr
	}
	menu, err := masthead.BuildMenu(loc, domainRows)
	if err == nil && len(page.Errors) == 0 {
		err = s.store.SaveMenu(r.Context(), menu)
		if err == nil {
			s.invalidate()
			notice := menuSavedNotice(tr, loc, len(menu.Items) == 0)
			http.Redirect(w, r, "/admin/menus?"+url.Values{"location": {string(loc)}, "notice": {notice}}.Encode(), http.StatusSeeOther)
			return
		}
	}
	if err != nil && masthead.ErrorCode(err) != masthead.EINVALID {
		s.error(w, r, err)
		return
	}
	var problems masthead.Problems
	var single *masthead.Error
	switch {
	case errors.As(err, &problems):
	case errors.As(err, &single):
		problems = masthead.Problems{single}
	}
	for _, e := range problems {
		field := e.Field
		if menu != nil {
			field = menu.RowField(field) // the store names items, the form rows
		}
		if field == "items" {
			field = ""
		}
		if _, taken := page.Errors[field]; !taken {
			page.Errors[field] = s.staffMessage(r, e)
		}
	}
	page.Rows = append(page.Rows, make([]menuRow, blankMenuRows)...)
	s.renderMenus(w, r, http.StatusUnprocessableEntity, page)
}

// postedMenuRows reads the form's rows as typed, and leaves out those
// ticked for removal. Rows nested under a removed row move to the top.
func postedMenuRows(r *http.Request) []menuRow {
	count, _ := strconv.Atoi(r.PostFormValue("rows"))
	count = min(max(count, 0), maxMenuFormRows)
	var rows []menuRow
	newIndex := make([]int, count+1) // old row number → new row number, 0 when removed
	parents := make([]int, 0, count)
	for n := range count {
		v := func(name string) string { return r.PostFormValue(rowField(n, name)) }
		if v("remove") != "" {
			continue
		}
		row := menuRow{Label: v("label"), Kind: masthead.MenuTargetKind(v("kind")), Article: v("article"), URL: strings.TrimSpace(v("url")),
			Position: v("position"), ExternalID: v("external_id")}
		row.Section, _ = strconv.ParseInt(v("section"), 10, 64)
		parent, _ := strconv.Atoi(v("parent"))
		if row.Kind == "" {
			row.Kind = impliedKind(row)
		}
		rows = append(rows, row)
		newIndex[n+1] = len(rows)
		parents = append(parents, parent)
	}
	for i, p := range parents {
		if p > 0 && p <= count {
			rows[i].Parent = newIndex[p]
		} else if p != 0 {
			rows[i].Parent = -1 // no such row: BuildMenu says so
		}
	}
	return rows
}

// impliedKind is the kind of a row whose kind was left unchosen, when
// exactly one of its targets was filled in.
func impliedKind(row menuRow) masthead.MenuTargetKind {
	var kinds []masthead.MenuTargetKind
	if row.Section != 0 {
		kinds = append(kinds, masthead.TargetSection)
	}
	if strings.TrimSpace(row.Article) != "" {
		kinds = append(kinds, masthead.TargetArticle)
	}
	if row.URL != "" {
		kinds = append(kinds, masthead.TargetURL)
	}
	if len(kinds) == 1 {
		return kinds[0]
	}
	return ""
}

// dropBlankMenuRows leaves out the rows nobody filled in, renumbering the
// parents of the others.
func dropBlankMenuRows(rows []menuRow) []menuRow {
	var out []menuRow
	newIndex := make([]int, len(rows)+1)
	for n, row := range rows {
		if strings.TrimSpace(row.Label) == "" && row.Section == 0 && strings.TrimSpace(row.Article) == "" && row.URL == "" {
			continue
		}
		out = append(out, row)
		newIndex[n+1] = len(out)
	}
	for i := range out {
		if p := out[i].Parent; p > 0 && p <= len(rows) {
			out[i].Parent = newIndex[p]
		}
	}
	return out
}
