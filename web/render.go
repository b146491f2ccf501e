package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"time"

	"masthead"
	"masthead/i18n"
)

//go:embed templates
var templateFS embed.FS

// layout is the data every page shares: the site, the navigation and the
// document's head. Pages embed it in their own typed struct.
type layout struct {
	Site        *masthead.Site
	Title       string // the document title, "Page – Site"
	Description string
	Canonical   string               // absolute URL of this page
	Nav         []*masthead.Category // the sections, for a header without a saved menu
	// HeaderMenu is the header's saved menu as readers may follow it,
	// shown in place of the sections when HasHeaderMenu; FooterMenu is
	// the footer's.
	HeaderMenu    []navLink
	HasHeaderMenu bool
	FooterMenu    []navLink
	Loc           *time.Location
	Year          int
	NoIndex       bool // error pages ask search engines not to index them
	Path          string
	Feeds         []feedLink // autodiscovery: the site's feeds, then the page's own
	Social        socialMeta
	// Brand is the logo, icons and accent colour the settings give.
	Brand brandView
	Query string    // the search box's text
	Admin *adminNav // set on admin pages
	// Breaking is the breaking-news strip while it is on, nil otherwise;
	// admin pages leave it out.
	Breaking *masthead.Breaking
	// Refresh, when not zero, reloads the page after that many seconds:
	// how a page follows work in progress without JavaScript.
	Refresh int
	// Embeds says that the page shows an embed's facade, and so loads
	// the script that turns it into its frame.
	Embeds bool
	// Lang and Dir are the page's language, as a BCP 47 tag, and its
	// writing direction ("ltr" or "rtl"), for <html lang dir>: the
	// site's language on public pages, the staff member's on admin pages.
	Lang, Dir string
	// locale is the language the page's interface is written in: Lang's
	// catalog, or English when Masthead has none for it.
	locale *i18n.Locale
}

// navLimit bounds the sections shown in the navigation bar.
const navLimit = 12

// layout loads what every page needs: the site settings, the sections and
// the menus.
func (s *Server) layout(r *http.Request, title string) (layout, error) {
	site, nav, err := s.siteAndNav(r.Context())
	if err != nil {
		return layout{}, err
	}
	menus, err := s.menus(r.Context())
	if err != nil {
		return layout{}, err
	}
	brand, err := s.brandImages(r.Context(), site)
	if err != nil {
		return layout{}, err
	}
	lay := s.plainLayout(r, site, title)
	lay.Nav = nav
	lay.Brand = s.brandView(r, site, brand)
	if brand.social != nil {
		// Pages without a picture of their own (the home page, sections,
		// an article without a featured image) show the site's.
		lay.Social.Image, lay.Social.LargeImage = s.absURL(r, brand.social.Path()), true
	}
	now := s.now()
	if header := menus[masthead.MenuHeader]; header != nil {
		lay.HeaderMenu, lay.HasHeaderMenu = lay.navLinks(header.Links(now, lay.Loc)), true
	}
	lay.FooterMenu = lay.navLinks(menus[masthead.MenuFooter].Links(now, lay.Loc))
	if site.Breaking.On(now) {
		lay.Breaking = &site.Breaking
	}
	return lay, nil
}

// navLink is a menu entry as the layout shows it.
type navLink struct {
	Label, Href string
	Current     bool // it leads to the page being shown
	// HoldsCurrent says that one of the children leads to the page being
	// shown, so that its drop-down says where the reader is.
	HoldsCurrent bool
	Children     []navLink
}

// navLinks turns menu links into the layout's entries, marking those that
// lead to the page being shown.
func (lay *layout) navLinks(links []masthead.MenuLink) []navLink {
	if len(links) == 0 {
		return nil
	}
	out := make([]navLink, len(links))
	for i, l := range links {
		out[i] = navLink{Label: l.Label, Href: l.Href, Current: lay.isCurrent(l.Href), Children: lay.navLinks(l.Children)}
		for _, c := range out[i].Children {
			out[i].HoldsCurrent = out[i].HoldsCurrent || c.Current
		}
	}
	return out
}

// isCurrent reports whether href leads to the page being shown, written
// as a path or as the page's full address.
func (lay *layout) isCurrent(href string) bool {
	return href == lay.Path || href == lay.Canonical
}

// plainLayout builds a layout without touching the database.
func (s *Server) plainLayout(r *http.Request, site *masthead.Site, title string) layout {
	full := site.Title
	if title != "" {
		full = title + " – " + site.Title
	}
	loc := site.Location()
	pageTitle := title
	if pageTitle == "" {
		pageTitle = site.Title
	}
	lay := layout{
		Social:      socialMeta{Type: "website", PageTitle: pageTitle, Image: s.logoURL(r)},
		Site:        site,
		Title:       full,
		Description: site.Tagline,
		Canonical:   s.absURL(r, r.URL.Path),
		Loc:         loc,
		Year:        s.now().In(loc).Year(),
		Path:        r.URL.Path,
		Feeds:       feedLinks(site.Title, "/feed/"),
	}
	lay.setLanguage(s, site.Language)
	return lay
}

// setTitle gives the page a title of its own, as layout would have: for
// a title written in the page's language, which layout does not know yet.
func (lay *layout) setTitle(title string) {
	lay.Title, lay.Social.PageTitle = title+" – "+lay.Site.Title, title
}

// absURL returns the absolute URL of a path on this site.
func (s *Server) absURL(r *http.Request, p string) string {
	return s.base(r) + p
}

type baseKey struct{}

// baseHolder keeps a request's base URL once worked out.
type baseHolder struct{ url string }

// withBase gives each request a place to keep its base URL, so that it is
// worked out at most once however many links a page has.
func (s *Server) withBase(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), baseKey{}, &baseHolder{})))
	})
}

// base is the site's public address: the --base-url flag, else the
// base_url setting, else the fallback (the listen address), never the
// request's Host header.
func (s *Server) base(r *http.Request) string {
	holder, _ := r.Context().Value(baseKey{}).(*baseHolder)
	if holder != nil && holder.url != "" {
		return holder.url
	}
	base := s.baseURL
	if base == "" {
		if site, _, err := s.siteAndNav(r.Context()); err == nil && site.BaseURL != "" {
			base = strings.TrimRight(site.BaseURL, "/")
		}
	}
	if base == "" {
		base = s.fallbackBaseURL
	}
	if holder != nil {
		holder.url = base
	}
	return base
}

// templateFuncs are the helpers templates may call, in the locale's
// language (English for nil).
func (s *Server) templateFuncs(loc *i18n.Locale) template.FuncMap {
	if loc == nil {
		loc = i18n.Default()
	}
	return template.FuncMap{
		// asset and hasAsset are each theme's own (loadTheme).
		"asset":    func(string) string { return "" },
		"hasAsset": func(string) bool { return false },
		"isoTime":  isoTime,
		// t, tn and tparts translate; date, dateTime and number write in
		// the language's names and digits.
		"t":         loc.T,
		"tn":        loc.N,
		"tparts":    func(key string) textParts { return splitTranslation(loc, key) },
		"number":    loc.Number,
		"roleName":  func(r masthead.Role) string { return roleName(loc, r) },
		"date":      loc.Date,
		"dateTime":  loc.DateTime,
		"timeOfDay": loc.Time,
		// statusName names an article's status; articleBody is a stored
		// body with its embeds' facades in the language.
		"statusName":  func(st masthead.Status) string { return articleStatusName(loc, st) },
		"articleBody": func(h string) template.HTML { return bodyIn(loc, h) },
		"paragraphs":  paragraphs,
		"add":         func(a, b int) int { return a + b },
		"plural":      plural,
		"commentHTML": commentHTML,
		// commentThread is the built-in markup of a page's comments.
		"commentThread": func(nodes []*commentNode) template.HTML { return commentThread(loc, nodes) },
		// trusted marks HTML that was sanitised before it was stored.
		"trusted":     func(s string) template.HTML { return template.HTML(s) },
		"inZone":      func(t time.Time, loc *time.Location) time.Time { return t.In(loc) },
		"bodySnippet": bodySnippet,
		"thumb": func(m *masthead.Media) string {
			if len(m.Variants) > 0 {
				return "/media/" + m.Variants[0].Name
			}
			return m.Path()
		},
	}
}

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	pages, err := s.themeFor(name, data).pagesIn(localeOf(data))
	if err != nil {
		s.renderFailed(w, r, fmt.Errorf("templates of %s: %w", name, err))
		return
	}
	t, ok := pages[name]
	if !ok {
		s.renderFailed(w, r, fmt.Errorf("no page template %q", name))
		return
	}
	// Start-up checked the page's templates against this type alone.
	if want := pageValueTypes[name]; want != nil && reflect.TypeOf(data) != want {
		s.renderFailed(w, r, fmt.Errorf("render %s: the page is given a %T, and its templates were checked for a %s", name, data, want))
		return
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		s.renderFailed(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// pageBuffers holds the buffers pages were rendered into, for the next
// pages: a buffer grown anew for every page was a quarter of the bytes an
// uncached article page allocated, and so of the collector's work.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledPage bounds the buffers kept for reuse, so that one very long
// page does not keep its memory for good.
const maxPooledPage = 1 << 20

// putPageBuffer gives buf back for another page once it was written out.
func putPageBuffer(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledPage {
		return
	}
	buf.Reset()
	pageBuffers.Put(buf)
}

// renderFailed answers when a template itself failed, without templates.
func (s *Server) renderFailed(w http.ResponseWriter, r *http.Request, err error) {
	s.logger.LogAttrs(r.Context(), slog.LevelError, "render failed", slog.String("path", r.URL.Path), slog.Any("error", err))
	http.Error(w, "Internal error.", http.StatusInternalServerError)
}

// paragraphs splits plain text, as readers type it, into paragraphs of
// lines, for templates that show each paragraph in a <p> with line breaks.
func paragraphs(text string) [][]string {
	text = strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n")
	var out [][]string
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		out = append(out, strings.Split(para, "\n"))
	}
	return out
}

// Layout returns the layout, for the layout template, which reads its
// fields from it directly: a field read through a page that embeds the
// layout is searched for among the page's own fields at every use, which
// was a twentieth of an article page's time.
func (l layout) Layout() *layout { return &l }
