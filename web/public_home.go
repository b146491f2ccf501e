package web

import (
	"net/http"
	"strconv"

	"masthead"
)

// handleHome serves "GET /" and "GET /page/{n}/": the latest articles.
// "/?s=words", WordPress's search address, goes to the search page,
// "/?p=ID", its short link to an article, to the article, and
// "/?page_id=ID" to the page, and "/?attachment_id=ID" where an import
// sent it.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	if s.redirectWordPressSearch(w, r) || s.redirectWordPressPost(w, r) || s.redirectWordPressPage(w, r) || s.redirectWordPressAttachment(w, r) {
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

// redirectWordPressAttachment answers WordPress's address of an
// attachment's page, "/?attachment_id=ID", with the redirect an import
// stored for it (to the article the image was uploaded to, or to the
// file), and 404 when there is none rather than the front page.
func (s *Server) redirectWordPressAttachment(w http.ResponseWriter, r *http.Request) bool {
	q := r.URL.Query()
	if !q.Has("attachment_id") {
		return false
	}
	id, err := strconv.ParseInt(q.Get("attachment_id"), 10, 64)
	if err != nil || id <= 0 {
		s.handleNotFound(w, r)
		return true
	}
	_, to, err := s.store.FindRedirect(r.Context(), []string{"/?attachment_id=" + strconv.FormatInt(id, 10)})
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
