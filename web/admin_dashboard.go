package web

import (
	"net/http"

	"masthead"
)

// dashboardPage is what the newsroom sees first.
type dashboardPage struct {
	layout
	Pending   []articleView // submitted for review
	Scheduled []articleView
	Drafts    []articleView // the user's own, or everyone's for editors
	Published []articleView
	HeldCount int // -1 when the role cannot moderate
}

// handleDashboard serves "GET /admin/": what waits for review, what is
// scheduled, held comments and the newest published articles.
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	user := currentUser(ctx)
	lay, err := s.adminLayout(r, "Dashboard", "dashboard")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &dashboardPage{layout: lay, HeldCount: lay.Admin.Pending}
	mine := int64(0)
	if !masthead.Can(user.Role, masthead.ActEditAny) {
		mine = user.ID // contributors and authors see their own work
	}
	for _, list := range []struct {
		dst *[]articleView
		f   masthead.ArticleFilter
	}{
		{&page.Pending, masthead.ArticleFilter{Status: masthead.StatusPending, AuthorID: mine, Limit: 10}},
		{&page.Scheduled, masthead.ArticleFilter{Status: masthead.StatusScheduled, AuthorID: mine, Limit: 10}},
		{&page.Drafts, masthead.ArticleFilter{Status: masthead.StatusDraft, AuthorID: mine, Limit: 10}},
		{&page.Published, masthead.ArticleFilter{Visible: true, Limit: 5}},
	} {
		articles, _, err := s.store.FindArticles(ctx, list.f)
		if err != nil {
			s.error(w, r, err)
			return
		}
		*list.dst = views(articles, lay.Loc)
	}
	s.render(w, r, http.StatusOK, "admin_dashboard", page)
}
