package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead"
	"masthead/i18n"
)

// frontPage is the data of the front page's curation (editors): the
// breaking strip, and the pins of the home page and of each section.
type frontPage struct {
	layout
	Lists    []pinListView
	Sections []*masthead.Category
	Add      pinForm
	// StripForm is the breaking strip's form. It is not named Breaking:
	// that name is the layout's strip, shown on every page while on, and
	// a field of that name here would hide it, showing an empty strip.
	StripForm breakingForm
	// BreakingPreview is the strip as readers would see it, while on.
	BreakingPreview *masthead.Breaking
	// Query and Found are the article search that finds what to pin.
	Query  string
	Found  []*masthead.Article
	Errors map[string]string
	Notice string
	// typedExpiry is a pin's expiry as typed into a form that came back,
	// and why, by the pin's id.
	typedExpiry map[int64]typedValue
	// breakingTyped says that StripForm holds the strip's form as typed,
	// not the stored strip.
	breakingTyped bool
}

// typedValue is a field as typed, with the sentence that refused it.
type typedValue struct{ value, err string }

// pinListView is one list's pins as the page shows them.
type pinListView struct {
	SectionID int64
	Name      string
	Path      string
	Pins      []pinRow
}

// pinRow is one pin, with what readers see of it now.
type pinRow struct {
	*masthead.Pin
	// Absent says why readers do not see the pin now; empty while they do.
	Absent string
	// Expires is the expiry as the form shows it, in the site's time zone.
	Expires     string
	Error       string
	First, Last bool
}

// pinForm is the form that adds a pin, as typed.
type pinForm struct {
	Section, Article, Expires string
}

// breakingForm is the breaking strip's form, as typed.
type breakingForm struct {
	Text, URL, Expires string
}

// maxPinSections bounds the sections the page lists, far above what a
// newsroom has.
const maxPinSections = 500

// localInput formats t for a datetime-local field in loc; "" for zero.
func localInput(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(datetimeLocal)
}

// parseExpiry reads an optional expiry typed in the site's time zone.
func parseExpiry(v, field string, loc *time.Location) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(datetimeLocal, v, loc)
	if err != nil {
		return time.Time{}, masthead.FieldErrorf(field, "Write the expiry as a date and a time, such as 2026-03-14T18:00.")
	}
	return t, nil
}

// pinAbsence says why readers do not see p at now, or "" when they do.
func pinAbsence(p *masthead.Pin, now time.Time, lay *layout) string {
	a := p.Article
	switch {
	case !p.ShowsAt(now):
		return lay.T("Expired; it is being removed.")
	case a == nil:
		return lay.T("The article no longer exists.")
	case a.Status == masthead.StatusScheduled:
		return lay.T("Shows from %s, when the article is published.", lay.tr().DateTime(a.PublishedAt.In(lay.Loc)))
	case !a.VisibleAt(now):
		return lay.T("Not shown: the article is not published.")
	case p.SectionID != 0 && (a.Category == nil || a.Category.ID != p.SectionID):
		return lay.T("Not shown: the article is now in another section.")
	}
	return ""
}

// renderFront fills page with the pins, the sections and the search and
// renders it with status.
func (s *Server) renderFront(w http.ResponseWriter, r *http.Request, status int, page *frontPage) {
	ctx := r.Context()
	lay, err := s.adminLayout(r, i18n.Key("Front page"), "front")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.layout = lay
	now := s.now()
	if page.Sections, err = s.store.FindCategories(ctx, maxPinSections); err != nil {
		s.error(w, r, err)
		return
	}
	pins, err := s.store.FindPins(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.Lists = []pinListView{{Name: lay.T("Home page"), Path: "/"}}
	for _, c := range page.Sections {
		page.Lists = append(page.Lists, pinListView{SectionID: c.ID, Name: c.Name, Path: c.Path()})
	}
	index := map[int64]int{}
	for i, l := range page.Lists {
		index[l.SectionID] = i
	}
	for _, p := range pins {
		i, ok := index[p.SectionID]
		if !ok {
			continue
		}
		row := pinRow{Pin: p, Absent: pinAbsence(p, now, &lay), Expires: localInput(p.ExpiresAt, lay.Loc)}
		if typed, ok := page.typedExpiry[p.ID]; ok {
			row.Expires, row.Error = typed.value, typed.err
		}
		page.Lists[i].Pins = append(page.Lists[i].Pins, row)
	}
	for i := range page.Lists {
		if n := len(page.Lists[i].Pins); n > 0 {
			page.Lists[i].Pins[0].First, page.Lists[i].Pins[n-1].Last = true, true
		}
	}
	site := lay.Site
	if !page.breakingTyped {
		page.StripForm = breakingForm{Text: site.Breaking.Text, URL: site.Breaking.URL, Expires: localInput(site.Breaking.ExpiresAt, lay.Loc)}
	}
	if site.Breaking.On(now) {
		page.BreakingPreview = &site.Breaking
	}
	if q := strings.TrimSpace(page.Query); q != "" {
		for _, st := range []masthead.Status{masthead.StatusPublished, masthead.StatusScheduled} {
			found, _, err := s.store.FindArticles(ctx, masthead.ArticleFilter{HeadlineContains: q, Status: st, WithoutBody: true, SkipTotal: true, Limit: 10})
			if err != nil {
				s.error(w, r, err)
				return
			}
			page.Found = append(page.Found, found...)
		}
	}
	s.render(w, r, status, "admin_front", page)
}

// frontNotice sends the browser back to the front page's curation with a
// sentence saying what was done.
func (s *Server) frontNotice(w http.ResponseWriter, r *http.Request, notice string) {
	http.Redirect(w, r, "/admin/front?"+url.Values{"notice": {s.staffLocale(r).T(notice)}}.Encode(), http.StatusSeeOther)
}

// handleFront serves "GET /admin/front": the breaking strip, the pins of
// the home page and of each section, and a search for articles to pin.
func (s *Server) handleFront(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.renderFront(w, r, http.StatusOK, &frontPage{Notice: q.Get("notice"), Query: q.Get("q"), Add: pinForm{Section: q.Get("section")}})
}

// findPinArticle reads the article field of the pin form: an article's
// number, or its address on this site.
func (s *Server) findPinArticle(r *http.Request, v string) (int64, error) {
	v = strings.TrimSpace(v)
	if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
		return id, nil
	}
	if p := s.sitePath(r, v); strings.HasPrefix(p, "/") {
		parts := strings.Split(strings.Trim(p, "/"), "/")
		if a, err := s.store.FindArticleBySlug(r.Context(), parts[len(parts)-1]); err == nil {
			return a.ID, nil
		} else if masthead.ErrorCode(err) != masthead.ENOTFOUND {
			return 0, err
		}
		return 0, masthead.FieldErrorf("article", "No article has the address %s.", p)
	}
	return 0, masthead.FieldErrorf("article", "Give the article's number or its address, or find it by its headline below.")
}

// handleAddPin serves "POST /admin/front/pins": it pins an article last
// in the home page's list or a section's.
func (s *Server) handleAddPin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	page := &frontPage{Add: pinForm{Section: r.PostFormValue("section"), Article: r.PostFormValue("article"), Expires: r.PostFormValue("expires")},
		Query: r.PostFormValue("q")}
	fail := func(err error) {
		if code := masthead.ErrorCode(err); code != masthead.EINVALID && code != masthead.ECONFLICT {
			s.error(w, r, err)
			return
		}
		field := masthead.ErrorField(err)
		if field == "" {
			field = "article"
		}
		page.Errors = map[string]string{field: s.staffMessage(r, err)}
		s.renderFront(w, r, http.StatusUnprocessableEntity, page)
	}
	site, _, err := s.siteAndNav(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	pin := &masthead.Pin{CreatedBy: currentUser(ctx).ID}
	if page.Add.Section != "" && page.Add.Section != "0" {
		if pin.SectionID, err = strconv.ParseInt(page.Add.Section, 10, 64); err != nil || pin.SectionID <= 0 {
			fail(masthead.FieldErrorf("section", "Choose the home page or a section."))
			return
		}
	}
	if pin.ArticleID, err = s.findPinArticle(r, page.Add.Article); err != nil {
		fail(err)
		return
	}
	if pin.ExpiresAt, err = parseExpiry(page.Add.Expires, "expires", site.Location()); err != nil {
		fail(err)
		return
	}
	if err := s.store.AddPin(ctx, pin); err != nil {
		fail(err)
		return
	}
	s.frontNotice(w, r, i18n.Key("The article is pinned."))
}

// pinID reads the {id} of a pin's route.
func pinID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, masthead.Errorf(masthead.ENOTFOUND, "That pin no longer exists.")
	}
	return id, nil
}

// handleUpdatePin serves "POST /admin/front/pins/{id}": "move" up or down
// moves the pin one place in its list; otherwise the expiry is stored as
// typed.
func (s *Server) handleUpdatePin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pinID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	pins, err := s.store.FindPins(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var pin *masthead.Pin
	for _, p := range pins {
		if p.ID == id {
			pin = p
		}
	}
	if pin == nil {
		s.error(w, r, masthead.Errorf(masthead.ENOTFOUND, "That pin no longer exists."))
		return
	}
	site, _, err := s.siteAndNav(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	notice := i18n.Key("The pin's expiry is saved.")
	switch r.PostFormValue("move") {
	case "up":
		pin.Position, notice = pin.Position-1, i18n.Key("The pin moved up.")
	case "down":
		pin.Position, notice = pin.Position+1, i18n.Key("The pin moved down.")
	case "":
		typed := r.PostFormValue("expires")
		if pin.ExpiresAt, err = parseExpiry(typed, "expires", site.Location()); err == nil {
			err = s.store.UpdatePin(ctx, pin)
		}
		if code := masthead.ErrorCode(err); code == masthead.EINVALID {
			s.renderFront(w, r, http.StatusUnprocessableEntity, &frontPage{typedExpiry: map[int64]typedValue{id: {typed, s.staffMessage(r, err)}}})
			return
		} else if err != nil {
			s.error(w, r, err)
			return
		}
		s.frontNotice(w, r, notice)
		return
	default:
		s.error(w, r, masthead.Errorf(masthead.EINVALID, "A pin moves up or down."))
		return
	}
	if err := s.store.UpdatePin(ctx, pin); err != nil {
		s.error(w, r, err)
		return
	}
	s.frontNotice(w, r, notice)
}

// handleDeletePin serves "POST /admin/front/pins/{id}/delete".
func (s *Server) handleDeletePin(w http.ResponseWriter, r *http.Request) {
	id, err := pinID(r)
	if err == nil {
		err = s.store.DeletePin(r.Context(), id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.frontNotice(w, r, i18n.Key("The pin is removed; the list shows the newest articles in its place."))
}

// handleSaveBreaking serves "POST /admin/front/breaking": it switches the
// breaking strip on with its text, address and expiry, or off ("off", or
// an empty text).
func (s *Server) handleSaveBreaking(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	form := breakingForm{Text: strings.TrimSpace(r.PostFormValue("breaking_text")), URL: strings.TrimSpace(r.PostFormValue("breaking_url")),
		Expires: r.PostFormValue("breaking_expires")}
	if r.PostFormValue("off") != "" {
		form = breakingForm{}
	}
	site, _, err := s.siteAndNav(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	b := masthead.Breaking{Text: form.Text, URL: form.URL}
	if b.ExpiresAt, err = parseExpiry(form.Expires, "breaking_expires", site.Location()); err == nil {
		if b.Text == "" {
			b = masthead.Breaking{} // off is off, whatever else was typed
		}
		err = s.store.SaveBreaking(ctx, b)
	}
	if code := masthead.ErrorCode(err); code == masthead.EINVALID {
		s.renderFront(w, r, http.StatusUnprocessableEntity, &frontPage{StripForm: form, breakingTyped: true,
			Errors: map[string]string{masthead.ErrorField(err): s.staffMessage(r, err)}})
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	if b.Text == "" {
		s.frontNotice(w, r, i18n.Key("The breaking strip is off."))
		return
	}
	s.frontNotice(w, r, i18n.Key("The breaking strip is on at the top of every page."))
}

// PinTo reports whether the add form names the list of sectionID (0 for
// the home page, which an untouched form names).
func (p *frontPage) PinTo(sectionID int64) bool {
	if sectionID == 0 {
		return p.Add.Section == "" || p.Add.Section == "0"
	}
	return p.Add.Section == strconv.FormatInt(sectionID, 10)
}
