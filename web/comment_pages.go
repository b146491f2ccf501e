package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"masthead"
)

// Comment pages follow WordPress: /YYYY/MM/DD/slug/comment-page-N/, pages
// numbered from the oldest threads, the default page (the last or the
// first, as set) at the article's own address. Page addresses are made
// and read only here.

// commentPagePrefix begins the path segment of a comment page.
const commentPagePrefix = "comment-page-"

// commentPageNumber reads the segment of a comment page, "comment-page-2":
// ok is false for anything else, a number with leading zeros included, so
// that each page has one address.
func commentPageNumber(segment string) (n int, ok bool) {
	digits, found := strings.CutPrefix(segment, commentPagePrefix)
	if !found {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 1 || strconv.Itoa(n) != digits {
		return 0, false
	}
	return n, true
}

// commentPageSuffix is what follows an article's address on comment page
// n: "comment-page-2/".
func commentPageSuffix(n int) string {
	return commentPagePrefix + strconv.Itoa(n) + "/"
}

// commentPageURL returns the address that shows comment page n of the
// article at articlePath: the article's own for the default page.
func commentPageURL(articlePath string, n, defaultPage int) string {
	if n == defaultPage {
		return articlePath
	}
	return articlePath + commentPageSuffix(n)
}

// commentAnchor is the fragment of a comment on its page.
func commentAnchor(id int64) string { return "#comment-" + strconv.FormatInt(id, 10) }

// commentLink returns the address of a comment on the page that shows it
// now: the article's own while the comment is on the default page. With
// the last page the default, such a link leads to the article's newest
// threads once a newer page begins, as a link to any moving list does;
// WordPress names the page in every link instead, at the price of links
// that redirect, and of the article's own address in none of them.
func commentLink(articlePath string, paging masthead.CommentPaging, place masthead.CommentPlace, id int64) string {
	if !paging.Paged() {
		return articlePath + commentAnchor(id)
	}
	n := paging.PageOf(place.Position, place.Threads)
	return commentPageURL(articlePath, n, paging.DefaultPage(place.Threads)) + commentAnchor(id)
}

// commentLinks returns the address of each comment (commentLink) on the
// articles given by id, comments on others left out, with one query for
// their places.
func (s *Server) commentLinks(ctx context.Context, site *masthead.Site, comments []*masthead.Comment, articles map[int64]*masthead.Article) (map[int64]string, error) {
	paging := site.CommentPaging()
	links := make(map[int64]string, len(comments))
	var places map[int64]masthead.CommentPlace
	if paging.Paged() {
		ids := make([]int64, 0, len(comments))
		for _, c := range comments {
			if articles[c.ArticleID] != nil {
				ids = append(ids, c.ID)
			}
		}
		var err error
		if places, err = s.store.FindCommentPlaces(ctx, ids); err != nil {
			return nil, err
		}
	}
	loc := site.Location()
	for _, c := range comments {
		if a := articles[c.ArticleID]; a != nil {
			links[c.ID] = commentLink(a.Path(loc), paging, places[c.ID], c.ID)
		}
	}
	return links, nil
}

// postedCommentLink returns the address of a comment just posted
// (commentLink), without a query when the writer's transaction found that
// it starts a thread on the last page (lastPage, see
// masthead.BatchComment.LastPage) and the last page is at the article's
// own address, as it is by default; otherwise its place is read.
func (s *Server) postedCommentLink(ctx context.Context, site *masthead.Site, a *masthead.Article, c *masthead.Comment, lastPage bool) (string, error) {
	if paging := site.CommentPaging(); !paging.Paged() || lastPage && paging.LastByDefault {
		return a.Path(site.Location()) + commentAnchor(c.ID), nil
	}
	links, err := s.commentLinks(ctx, site, []*masthead.Comment{c}, map[int64]*masthead.Article{a.ID: a})
	return links[c.ID], err
}

// commentNav is the navigation between an article's comment pages.
type commentNav struct {
	Page, Pages  int
	Older, Newer string // addresses, empty at the ends
	Links        []commentPageLink
}

// commentPageLink is one entry of the page numbers: a page, or a gap
// standing for the pages left out.
type commentPageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// newCommentNav returns the navigation of page n of pages, or nil when
// there is one page. Like WordPress's numbered links, it names the first
// and the last page and two on each side of this one, so that its size
// does not grow with the number of pages.
func newCommentNav(articlePath string, n, pages, defaultPage int) *commentNav {
	if pages <= 1 {
		return nil
	}
	link := func(n int) string { return commentPageURL(articlePath, n, defaultPage) + "#comments" }
	nav := &commentNav{Page: n, Pages: pages}
	if n > 1 {
		nav.Older = link(n - 1)
	}
	if n < pages {
		nav.Newer = link(n + 1)
	}
	shown := []int{1}
	for i := max(2, n-2); i <= min(pages, n+2); i++ {
		shown = append(shown, i)
	}
	if shown[len(shown)-1] != pages {
		shown = append(shown, pages)
	}
	for k, i := range shown {
		if k > 0 && i > shown[k-1]+1 {
			nav.Links = append(nav.Links, commentPageLink{Gap: true})
		}
		nav.Links = append(nav.Links, commentPageLink{N: i, URL: link(i), Current: i == n})
	}
	return nav
}

// commentPageView is what an article page shows of its comments.
type commentPageView struct {
	comments []*masthead.Comment
	pending  map[int64]bool
	nav      *commentNav
}

// loadCommentPage loads comment page n of an article (0: the page at its
// own address) with the reader's own held comments that belong on it, or
// answers the request itself: 404 past the last page, a redirect from the
// default page's own address to the article's.
func (s *Server) loadCommentPage(w http.ResponseWriter, r *http.Request, a *masthead.Article, lay *layout, secret []byte, n int) (commentPageView, bool) {
	ctx := r.Context()
	paging := lay.Site.CommentPaging()
	articlePath := a.Path(lay.Loc)
	if !paging.Paged() {
		if n != 0 {
			// Every comment is on the article's page, until pages are
			// turned on again: a redirect for now.
			http.Redirect(w, r, articlePath, http.StatusFound)
			return commentPageView{}, false
		}
		comments, pending, err := s.loadThread(r, a, secret)
		if err != nil {
			s.error(w, r, err)
			return commentPageView{}, false
		}
		return commentPageView{comments: comments, pending: pending}, true
	}
	want := n
	if n == 0 && !paging.LastByDefault {
		want = 1
	}
	comments, threads, err := s.store.FindCommentThreads(ctx, masthead.ThreadPage{ArticleID: a.ID, PerPage: paging.PerPage, Page: want})
	if err != nil {
		s.error(w, r, err)
		return commentPageView{}, false
	}
	pages, defaultPage := paging.Pages(threads), paging.DefaultPage(threads)
	switch {
	case n > pages:
		s.handleNotFound(w, r)
		return commentPageView{}, false
	case n == defaultPage && !paging.LastByDefault:
		// The first page is the default for good.
		http.Redirect(w, r, articlePath, http.StatusMovedPermanently)
		return commentPageView{}, false
	case n == defaultPage:
		// The last page is the default only until a newer one begins; a
		// permanent redirect, kept by browsers, would then hide it.
		http.Redirect(w, r, articlePath, http.StatusFound)
		return commentPageView{}, false
	case n == 0:
		n = defaultPage
	default:
		lay.Title += " – Comment page " + strconv.Itoa(n)
	}
	view := commentPageView{comments: comments, nav: newCommentNav(articlePath, n, pages, defaultPage)}
	if ids := pendingIDs(r, secret); len(ids) > 0 {
		if view.comments, view.pending, err = s.addOwnPending(ctx, view.comments, a, ids, paging, threads, n); err != nil {
			s.error(w, r, err)
			return commentPageView{}, false
		}
	}
	return view, true
}

// addOwnPending adds to page n's comments the reader's own comments (ids)
// that await moderation and belong on that page: replies in its threads,
// and new threads in the place they will take.
func (s *Server) addOwnPending(ctx context.Context, comments []*masthead.Comment, a *masthead.Article, ids []int64,
	paging masthead.CommentPaging, threads, n int) ([]*masthead.Comment, map[int64]bool, error) {
	own, _, err := s.store.FindComments(ctx, masthead.CommentFilter{IDs: ids, ArticleID: a.ID, Limit: maxPendingShown})
	if err != nil {
		return nil, nil, err
	}
	var held []int64
	for _, c := range own {
		if c.Status == masthead.CommentPending || c.Status == masthead.CommentSpam {
			held = append(held, c.ID)
		}
	}
	if len(held) == 0 {
		return comments, nil, nil
	}
	places, err := s.store.FindCommentPlaces(ctx, held)
	if err != nil {
		return nil, nil, err
	}
	pending := map[int64]bool{}
	for _, c := range own {
		if place, ok := places[c.ID]; ok && paging.PageOf(place.Position, threads) == n {
			pending[c.ID] = true
			comments = append(comments, c)
		}
	}
	sortComments(comments)
	return comments, pending, nil
}

// sortComments orders comments oldest first, as threadComments needs.
func sortComments(comments []*masthead.Comment) {
	slices.SortStableFunc(comments, func(x, y *masthead.Comment) int {
		if c := x.CreatedAt.Compare(y.CreatedAt); c != 0 {
			return c
		}
		return int(x.ID - y.ID)
	})
}
