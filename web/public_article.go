package web

import (
	"net/http"

	"masthead"
)

// relatedLimit is how many related articles an article page shows.
const relatedLimit = 4

// commentLimit bounds the approved comments one article page shows.
const commentLimit = 500

// articlePage is the data of an article page.
type articlePage struct {
	layout
	Article  articleView
	Related  []articleView
	Comments []*commentNode
	// CommentsShown is how many of the approved comments are on the page.
	CommentsShown int
}

// handleArticle serves "GET /{yyyy}/{mm}/{dd}/{slug}/": one article. An
// article readers may not see yet is not found; a right slug under a wrong
// date is sent to the right address.
func (s *Server) handleArticle(w http.ResponseWriter, r *http.Request) {
	_, ok1 := pathNumber(r, "yyyy", 4, 1, 9999)
	_, ok2 := pathNumber(r, "mm", 2, 1, 12)
	_, ok3 := pathNumber(r, "dd", 2, 1, 31)
	if !ok1 || !ok2 || !ok3 {
		s.handleNotFound(w, r)
		return
	}
	ctx := r.Context()
	a, err := s.store.FindArticleBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !a.VisibleAt(s.now()) {
		s.handleNotFound(w, r)
		return
	}
	lay, err := s.layout(r, a.Headline)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if path := a.Path(lay.Loc); path != r.URL.Path {
		http.Redirect(w, r, path, http.StatusMovedPermanently)
		return
	}
	related, err := s.store.FindRelatedArticles(ctx, a, relatedLimit)
	if err != nil {
		s.error(w, r, err)
		return
	}
	comments, _, err := s.store.FindComments(ctx, masthead.CommentFilter{ArticleID: a.ID, Status: masthead.CommentApproved, Limit: commentLimit})
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay.Description = a.Excerpt
	if a.Dek != "" {
		lay.Description = a.Dek
	}
	page := articlePage{
		layout:        lay,
		Article:       views([]*masthead.Article{a}, lay.Loc)[0],
		Related:       views(related, lay.Loc),
		Comments:      threadComments(comments, lay.Site.CommentDepth, lay.Loc),
		CommentsShown: len(comments),
	}
	s.render(w, r, http.StatusOK, "article", &page)
}
