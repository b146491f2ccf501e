package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"masthead"
)

// handleHome serves "GET /" and "GET /page/{n}/": the latest articles.
// "/?s=words", WordPress's search address, goes to the search page,
// "/?p=ID", its short link to an article, to the article, and
// "/?page_id=ID" to the page, and WordPress's other query-string
// addresses (attachments, categories, tags, authors, months) to theirs.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	if s.redirectWordPressSearch(w, r) || s.redirectWordPressPost(w, r) || s.redirectWordPressPage(w, r) || s.redirectWordPressQuery(w, r) {
		return
	}
	lay, err := s.layout(r, "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.serveList(w, r, "/", masthead.ArticleFilter{}, listPage{
		layout:      lay,
		Heading:     "Latest news",
		EmptyNotice: "Nothing has been published yet.",
	})
}

// storedQueryLinks are WordPress's query-string addresses whose targets
// only an import knows, by WordPress's own ids: the page of an attachment,
// of a category, of an author. The import stores "/?KEY=ID" with the
// other redirects.
var storedQueryLinks = []string{"attachment_id", "cat", "author"}

// redirectWordPressQuery answers WordPress's query-string archive links:
// those an import stored (see storedQueryLinks), "/?tag=slug" (the tag's
// page) and "/?m=YYYYMM" (the month's archive, or the year's for YYYY).
// What they name that does not exist is 404, not the front page.
func (s *Server) redirectWordPressQuery(w http.ResponseWriter, r *http.Request) bool {
	q := r.URL.Query()
	for _, key := range storedQueryLinks {
		if !q.Has(key) {
			continue
		}
		id, err := strconv.ParseInt(q.Get(key), 10, 64)
		if err != nil || id <= 0 {
			s.handleNotFound(w, r)
			return true
		}
		_, to, err := s.store.FindRedirect(r.Context(), []string{"/?" + key + "=" + strconv.FormatInt(id, 10)})
		switch masthead.ErrorCode(err) {
		case "":
			localRedirect(w, r, to, http.StatusMovedPermanently)
		case masthead.ENOTFOUND:
			s.handleNotFound(w, r)
		default:
			s.error(w, r, err)
		}
		return true
	}
	if q.Has("tag") {
		slug, _, _ := strings.Cut(q.Get("tag"), ",") // "a,b" lists tags; the first leads
		if slug = strings.TrimSpace(slug); !masthead.ValidSlug(slug) {
			s.handleNotFound(w, r)
			return true
		}
		localRedirect(w, r, "/tag/"+slug+"/", http.StatusMovedPermanently)
		return true
	}
	if q.Has("m") {
		m := q.Get("m")
		year, err := strconv.Atoi(m[:min(4, len(m))])
		switch {
		case err != nil || year < 1 || len(m) != 4 && len(m) < 6:
			s.handleNotFound(w, r)
		case len(m) == 4:
			localRedirect(w, r, fmt.Sprintf("/%04d/", year), http.StatusMovedPermanently)
		default:
			month, err := strconv.Atoi(m[4:6])
			if err != nil || month < 1 || month > 12 {
				s.handleNotFound(w, r)
				return true
			}
			localRedirect(w, r, fmt.Sprintf("/%04d/%02d/", year, month), http.StatusMovedPermanently)
		}
		return true
	}
	return false
}

// redirectWordPressPost answers WordPress's short link "/?p=ID", which old
// links carry and our feeds give as each article's GUID: a 301 to the
// permalink of an article readers may see, and 404 for anything else (a
// draft, a scheduled article, an unknown or malformed id) rather than the
// front page, so that a feed reader following a GUID is not misled and
// nothing tells an unpublished article from a missing one. An import that
// could not keep a WordPress post's id stores where "/?p=ID" went instead,
// and that stored redirect comes first. As in WordPress, it leads to pages
// too, which also have a short link of their own, "/?page_id=ID".
func (s *Server) redirectWordPressPost(w http.ResponseWriter, r *http.Request) bool {
	q := r.URL.Query()
	if !q.Has("p") {
		return false
	}
	id, err := strconv.ParseInt(q.Get("p"), 10, 64)
	if err != nil || id <= 0 {
		s.handleNotFound(w, r)
		return true
	}
	_, to, err := s.store.FindRedirect(r.Context(), []string{"/?p=" + strconv.FormatInt(id, 10)})
	if err == nil {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return true
	} else if masthead.ErrorCode(err) != masthead.ENOTFOUND {
		s.error(w, r, err)
		return true
	}
	a, err := s.store.FindArticleByID(r.Context(), id)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND || err == nil && !a.VisibleAt(s.now()) {
		s.handleNotFound(w, r)
		return true
	} else if err != nil {
		s.error(w, r, err)
		return true
	}
	site, err := s.site(r.Context())
	if err != nil {
		s.error(w, r, err)
		return true
	}
	http.Redirect(w, r, a.Path(site.Location()), http.StatusMovedPermanently)
	return true
}
