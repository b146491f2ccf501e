package web

import (
	"net/http"

	"masthead"
)

// handleHome serves "GET /" and "GET /page/{n}/": the latest articles.
// "/?s=words", WordPress's search address, goes to the search page, and
// WordPress's other query-string addresses (short links, archives) to
// theirs: see wordpress_links.go.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	if s.redirectWordPressSearch(w, r) || s.redirectWordPressQuery(w, r) {
		return
	}
	lay, err := s.layout(r, "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	pinned, err := s.store.FindPinnedArticles(r.Context(), 0)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.serveList(w, r, "/", masthead.ArticleFilter{}, listPage{
		layout:      lay,
		Heading:     lay.T("Latest news"),
		EmptyNotice: lay.T("Nothing has been published yet."),
		pinned:      pinned,
		Front:       true, SectionBlocks: true,
	}, masthead.KeyFront, masthead.KeyHomePins)
}
