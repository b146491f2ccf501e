package web

import (
	"net/http"

	"masthead"
)

// dashboardPage is what the newsroom sees first.
type dashboardPage struct {
	layout
	// Lists are, in order: submitted for review, scheduled, drafts (the
	// user's own, or everyone's for editors) and the newest published.
	Lists     []dashboardList
	HeldCount int // -1 when the role cannot moderate
}

// dashboardList is one list of the dashboard.
type dashboardList struct {
	Title, ID, Empty string
	Articles         []dashboardEntry
}

// dashboardEntry is an article of the dashboard: its editor is linked when
// the staff member may open it, its public page otherwise.
type dashboardEntry struct {
	articleView
	Editable bool
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
		dashboardList
		f masthead.ArticleFilter
	}{
		{dashboardList{Title: lay.T("Waiting for review"), ID: "pending-heading", Empty: lay.T("Nothing waits for review.")},
			masthead.ArticleFilter{Status: masthead.StatusPending, OwnerID: mine, Limit: 10}},
		{dashboardList{Title: lay.T("Scheduled"), ID: "scheduled-heading", Empty: lay.T("Nothing is scheduled.")},
			masthead.ArticleFilter{Status: masthead.StatusScheduled, OwnerID: mine, Limit: 10}},
		{dashboardList{Title: lay.T("Drafts"), ID: "drafts-heading", Empty: lay.T("No drafts.")},
			masthead.ArticleFilter{Status: masthead.StatusDraft, OwnerID: mine, Limit: 10}},
		{dashboardList{Title: lay.T("Newest published"), ID: "published-heading", Empty: lay.T("Nothing is published yet.")},
			masthead.ArticleFilter{Visible: true, Limit: 5}},
	} {
		articles, _, err := s.store.FindArticles(ctx, list.f)
		if err != nil {
			s.error(w, r, err)
			return
		}
		for _, v := range views(articles, lay.Loc) {
			list.Articles = append(list.Articles, dashboardEntry{articleView: v, Editable: masthead.CanEditArticle(user, v.Article)})
		}
		page.Lists = append(page.Lists, list.dashboardList)
	}
	s.render(w, r, http.StatusOK, "admin_dashboard", page)
}
