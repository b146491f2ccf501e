package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"masthead"
	"masthead/i18n"
)

// editorKind is what differs between the editor of articles and the editor
// of pages, which share one form, one save and one history: the addresses,
// and the rule on who may use it (pick chooses between their messages).
type editorKind struct {
	Kind   masthead.Kind
	Prefix string // the admin addresses, "/admin/articles"
	Nav    string // the entry of the admin navigation it belongs to
}

var (
	articleEditor = editorKind{Kind: masthead.KindArticle, Prefix: "/admin/articles", Nav: "articles"}
	pageEditor    = editorKind{Kind: masthead.KindPage, Prefix: "/admin/pages", Nav: "pages"}
)

// IsPage reports whether this is the page editor.
func (ek editorKind) IsPage() bool { return ek.Kind == masthead.KindPage }

// URL is the editor's address for the article or page with id.
func (ek editorKind) URL(id int64) string { return ek.Prefix + "/" + strconv.FormatInt(id, 10) }

// check reports whether u may do act to stored (nil for a new one), by
// the workflow's rules and, for pages, by the rule that only editors and
// admins work on them.
func (ek editorKind) check(u *masthead.Author, stored *masthead.Article, act masthead.EditorialAction) error {
	if ek.IsPage() {
		return masthead.CheckPageAction(u, stored, act)
	}
	return masthead.CheckAction(u, stored, act)
}

// notSaved heads an editor form that came back with marked fields.
func (p *editorPage) notSaved() string {
	return p.T(p.Editor.pick(i18n.Key("The article was not saved: please correct the marked fields."), i18n.Key("The page was not saved: please correct the marked fields.")))
}

// notSavedBecause heads an editor form that came back with a rule's
// refusal.
func (p *editorPage) notSavedBecause(err error) string {
	return p.T(p.Editor.pick(i18n.Key("The article was not saved. %s"), i18n.Key("The page was not saved. %s")), p.message(err))
}

// applyPageForm copies onto a page what the page editor has instead of a
// byline, section, tags, dateline and source: its parent. A page speaks
// for the site, so it is credited to whoever created it, it takes no
// comments, and what only articles show is cleared.
func applyPageForm(a, stored *masthead.Article, user *masthead.Author, f articleForm) {
	a.Kind, a.ParentID = masthead.KindPage, f.ParentID
	if stored == nil {
		a.Authors = []*masthead.Author{user}
	}
	a.Category, a.Tags, a.FeaturedImage = nil, nil, nil
	a.Dateline, a.SourceName, a.SourceURL, a.CommentsOpen = "", "", "", false
}

// parentChoice is a page the parent select offers.
type parentChoice struct {
	ID    int64
	Label string // the headline and address, "Our team (/about/team/)"
}

// parentLimit bounds the pages the parent select offers.
const parentLimit = 500

// parentChoices returns the pages that page (nil for a new one) may sit
// under, in the order of their addresses, so that children follow their
// parents: every page but itself and those below it. The store refuses
// those anyway; leaving them out keeps the choice honest.
func (s *Server) parentChoices(ctx context.Context, page *masthead.Article) ([]parentChoice, error) {
	pages, _, err := s.store.FindArticles(ctx, masthead.ArticleFilter{Kind: masthead.KindPage, Limit: parentLimit})
	if err != nil {
		return nil, err
	}
	var own string
	if page != nil {
		own = page.Path(time.UTC)
	}
	slices.SortFunc(pages, func(a, b *masthead.Article) int { return strings.Compare(a.Path(time.UTC), b.Path(time.UTC)) })
	var out []parentChoice
	for _, p := range pages {
		path := p.Path(time.UTC)
		if own != "" && strings.HasPrefix(path, own) {
			continue
		}
		out = append(out, parentChoice{ID: p.ID, Label: p.Headline + " (" + path + ")"})
	}
	return out, nil
}

// pageListPage is the data of the admin list of pages.
type pageListPage struct {
	layout
	Pages       []articleView
	Total       int
	First, Last int
	Pagination  pagination
}

// handlePageList serves "GET /admin/pages?page=N": the site's pages,
// newest change first, with their addresses. Only editors and admins get
// here (the route asks for masthead.ActEditAny, as CanEditPages does).
func (s *Server) handlePageList(w http.ResponseWriter, r *http.Request) {
	n, ok := queryPageNumber(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	lay, err := s.adminLayout(r, "", pageEditor.Nav)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay.setTitle(lay.listTitle(i18n.Key("Pages"), n))
	pages, total, err := s.store.FindArticles(r.Context(), masthead.ArticleFilter{Kind: masthead.KindPage,
		Limit: adminListSize, Offset: (n - 1) * adminListSize})
	if err != nil {
		s.error(w, r, err)
		return
	}
	last := max(1, (total+adminListSize-1)/adminListSize)
	if n > last {
		s.handleNotFound(w, r)
		return
	}
	list := &pageListPage{layout: lay, Pages: views(pages, lay.Loc), Total: total,
		First: (n-1)*adminListSize + 1, Last: (n-1)*adminListSize + len(pages)}
	list.Pagination = newPagination(n, last, func(n int) string {
		if n == 1 {
			return pageEditor.Prefix
		}
		return pageEditor.Prefix + "?page=" + strconv.Itoa(n)
	})
	s.render(w, r, http.StatusOK, "admin_pages", list)
}

// handleNewPage serves "GET /admin/pages/new".
func (s *Server) handleNewPage(w http.ResponseWriter, r *http.Request) {
	s.newInEditor(w, r, pageEditor)
}

// handleEditPage serves "GET /admin/pages/{id}".
func (s *Server) handleEditPage(w http.ResponseWriter, r *http.Request) {
	s.editInEditor(w, r, pageEditor)
}

// handleSavePage serves "POST /admin/pages/new" and "POST /admin/pages/{id}":
// the article editor's actions, for a page.
func (s *Server) handleSavePage(w http.ResponseWriter, r *http.Request) {
	s.saveFromEditor(w, r, pageEditor)
}

// handlePageRevisions serves "GET /admin/pages/{id}/revisions?from=A&to=B".
func (s *Server) handlePageRevisions(w http.ResponseWriter, r *http.Request) {
	s.compareRevisions(w, r, pageEditor)
}

// handleRestorePageRevision serves "POST /admin/pages/{id}/revisions/{rev}/restore".
func (s *Server) handleRestorePageRevision(w http.ResponseWriter, r *http.Request) {
	s.restoreRevision(w, r, pageEditor)
}
