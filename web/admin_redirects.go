package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"masthead"
	"masthead/i18n"
)

// redirectsPage is the data of the redirects page (editors).
type redirectsPage struct {
	layout
	Redirects  []masthead.Redirect
	Total      int
	From, To   string
	Error      string
	Notice     string
	Pagination pagination
}

const redirectsPageSize = 100

func (s *Server) renderRedirects(w http.ResponseWriter, r *http.Request, status int, page *redirectsPage) {
	lay, err := s.adminLayout(r, i18n.Key("Redirects"), "redirects")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.layout = lay
	n, ok := queryPageNumber(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	if page.Redirects, page.Total, err = s.store.FindRedirects(r.Context(), redirectsPageSize, (n-1)*redirectsPageSize); err != nil {
		s.error(w, r, err)
		return
	}
	pages := max(1, (page.Total+redirectsPageSize-1)/redirectsPageSize)
	page.Pagination = pagination{Page: n, TotalPages: pages}
	if n > 1 {
		page.Pagination.Prev = "/admin/redirects?page=" + strconv.Itoa(n-1)
	}
	if n < pages {
		page.Pagination.Next = "/admin/redirects?page=" + strconv.Itoa(n+1)
	}
	s.render(w, r, status, "admin_redirects", page)
}

// handleRedirects serves "GET /admin/redirects": old addresses that
// answer with a permanent redirect.
func (s *Server) handleRedirects(w http.ResponseWriter, r *http.Request) {
	s.renderRedirects(w, r, http.StatusOK, &redirectsPage{Notice: r.URL.Query().Get("notice")})
}

// sitePath reads a path or a URL of this site typed into a form.
func (s *Server) sitePath(r *http.Request, v string) string {
	v = strings.TrimSpace(v)
	if u, err := url.Parse(v); err == nil && u.IsAbs() && s.absURL(r, "") == u.Scheme+"://"+u.Host {
		v = u.Path
	}
	return v
}

// handleAddRedirect serves "POST /admin/redirects".
func (s *Server) handleAddRedirect(w http.ResponseWriter, r *http.Request) {
	page := &redirectsPage{From: s.sitePath(r, r.PostFormValue("from")), To: s.sitePath(r, r.PostFormValue("to"))}
	err := s.store.AddRedirect(r.Context(), page.From, page.To)
	if masthead.ErrorCode(err) == masthead.EINVALID {
		page.Error = s.staffLocale(r).T("Both addresses must be paths of this site, starting with /, such as /old-page/ and /2026/11/26/new-page/.")
		s.renderRedirects(w, r, http.StatusUnprocessableEntity, page)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/redirects?"+url.Values{"notice": {s.staffLocale(r).T("%s now leads to %s.", page.From, page.To)}}.Encode(), http.StatusSeeOther)
}

// handleDeleteRedirect serves "POST /admin/redirects/delete".
func (s *Server) handleDeleteRedirect(w http.ResponseWriter, r *http.Request) {
	from := r.PostFormValue("from")
	if err := s.store.DeleteRedirect(r.Context(), from); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/redirects?"+url.Values{"notice": {s.staffLocale(r).T("%s no longer redirects.", from)}}.Encode(), http.StatusSeeOther)
}
