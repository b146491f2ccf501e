package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"masthead"
)

// wordPressIDLinks are WordPress's query-string addresses that name a
// record by its WordPress id. An import stores "/?KEY=ID" with the other
// redirects where Masthead's id differs (or, for attachments, categories
// and authors, always, since only the export knows their WordPress ids);
// for "p" and "page_id" the import keeps WordPress's ids where it can, so
// that the article of that id answers too.
var wordPressIDLinks = []struct {
	key string
	// article tells whether the article of the id answers when no
	// redirect is stored, and pages says whether only pages do.
	article, pages bool
}{
	{key: "p", article: true},                    // a post, or a page, as in WordPress
	{key: "page_id", article: true, pages: true}, // a page
	{key: "attachment_id"},
	{key: "cat"},
	{key: "author"},
}

// redirectWordPressQuery answers WordPress's query-string addresses with a
// 301 to their Masthead page: the id links above, "/?tag=slug" (the tag's
// page) and "/?m=YYYYMM" (the month's archive, or the year's for YYYY).
// What they name that does not exist, or that readers may not see yet (a
// draft, a scheduled article), answers 404 rather than the front page, so
// that a feed reader following a GUID is not misled and nothing tells an
// unpublished article from a missing one. It reports whether it answered.
func (s *Server) redirectWordPressQuery(w http.ResponseWriter, r *http.Request) bool {
	q := r.URL.Query()
	for _, link := range wordPressIDLinks {
		if q.Has(link.key) {
			s.redirectWordPressID(w, r, link.key, q.Get(link.key), link.article, link.pages)
			return true
		}
	}
	switch {
	case q.Has("tag"):
		slug, _, _ := strings.Cut(q.Get("tag"), ",") // "a,b" lists tags; the first leads
		if slug = strings.TrimSpace(slug); !masthead.ValidSlug(slug) {
			s.handleNotFound(w, r)
			return true
		}
		localRedirect(w, r, "/tag/"+slug+"/", http.StatusMovedPermanently)
	case q.Has("m"):
		target, ok := monthArchive(q.Get("m"))
		if !ok {
			s.handleNotFound(w, r)
			return true
		}
		localRedirect(w, r, target, http.StatusMovedPermanently)
	default:
		return false
	}
	return true
}

// redirectWordPressID answers "/?key=value": the stored redirect, else,
// where article says so, the visible article (or page) of that id.
func (s *Server) redirectWordPressID(w http.ResponseWriter, r *http.Request, key, value string, article, pages bool) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil || id <= 0 {
		s.handleNotFound(w, r)
		return
	}
	_, to, err := s.store.FindRedirect(r.Context(), []string{"/?" + key + "=" + strconv.FormatInt(id, 10)})
	switch code := masthead.ErrorCode(err); {
	case code == "":
		localRedirect(w, r, to, http.StatusMovedPermanently)
		return
	case code != masthead.ENOTFOUND:
		s.error(w, r, err)
		return
	case !article:
		s.handleNotFound(w, r)
		return
	}
	a, err := s.store.FindArticleByID(r.Context(), id)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND || err == nil && (pages && !a.IsPage() || !a.VisibleAt(s.now())) {
		s.handleNotFound(w, r)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	site, err := s.site(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	localRedirect(w, r, a.Path(site.Location()), http.StatusMovedPermanently)
}

// monthArchive turns WordPress's "m" (YYYY, YYYYMM or longer) into the
// address of the year's or the month's archive.
func monthArchive(m string) (string, bool) {
	if len(m) != 4 && len(m) < 6 {
		return "", false
	}
	year, err := strconv.Atoi(m[:4])
	if err != nil || year < 1 {
		return "", false
	}
	if len(m) == 4 {
		return fmt.Sprintf("/%04d/", year), true
	}
	month, err := strconv.Atoi(m[4:6])
	if err != nil || month < 1 || month > 12 {
		return "", false
	}
	return fmt.Sprintf("/%04d/%02d/", year, month), true
}
