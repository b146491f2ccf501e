package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"masthead"
	"masthead/markdown"
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
	// CommentNav leads to the other comment pages; nil when there is one.
	CommentNav *commentNav
	// Form is the "Leave a Reply" form, nil when comments are closed.
	Form *commentForm
	// Preview, when set, marks the page as a preview for the newsroom or
	// a preview link: the same page readers will see, under a banner,
	// with a placeholder where the comments will be.
	Preview *previewBanner
}

// handleArticle serves "GET /{yyyy}/{mm}/{dd}/{slug}/": one article with
// its default comment page, and "GET /{yyyy}/{mm}/{dd}/{slug}/{cpage}/"
// for its other comment pages, {cpage} being "comment-page-N".
func (s *Server) handleArticle(w http.ResponseWriter, r *http.Request) {
	page, suffix := 0, ""
	if segment := r.PathValue("cpage"); segment != "" {
		n, ok := commentPageNumber(segment)
		if !ok {
			s.handleNotFound(w, r)
			return
		}
		page, suffix = n, commentPageSuffix(n)
	}
	if _, err := r.Cookie(pendingCookie); err == nil {
		// The reader has just posted: read their comment where it was
		// written, not from a replica that may lag behind.
		r = r.WithContext(masthead.WithPrimary(r.Context()))
	}
	a, lay, ok := s.findVisibleArticle(w, r, suffix)
	if !ok {
		return
	}
	var form *commentForm
	if a.CommentsOpen {
		secret, err := s.secret(r.Context())
		if err != nil {
			s.error(w, r, err)
			return
		}
		// The page may be cached for every reader, so it carries a page
		// token and where the comments script gets the reader's own.
		form = &commentForm{Token: formToken(secret, a.ID, s.now()), TokenURL: commentTokenPath + strconv.FormatInt(a.ID, 10),
			CanNotify: s.mailSettings(lay.Site).Configured()}
		if name, email, website, ok := rememberedCommenter(r); ok {
			form.Author, form.Email, form.URL, form.Remember = name, email, website, true
		}
		if id, err := strconv.ParseInt(r.URL.Query().Get("replytocom"), 10, 64); err == nil {
			// A reply link without JavaScript: reply to that comment if it
			// can take replies, and otherwise offer a plain comment.
			if parent, err := s.store.FindCommentByID(r.Context(), id); err == nil &&
				parent.ArticleID == a.ID && parent.Status == masthead.CommentApproved {
				form.ParentID, form.ParentName = parent.ID, parent.AuthorName
			}
		}
	}
	s.renderArticle(w, r, a, lay, form, http.StatusOK, page)
}

// findVisibleArticle finds the article of an article URL (followed by
// suffix, such as "feed/") and the page layout, or answers the request
// itself: 404 for an article readers may not see yet, 301 for a right slug
// under a wrong date.
func (s *Server) findVisibleArticle(w http.ResponseWriter, r *http.Request, suffix string) (*masthead.Article, layout, bool) {
	a, lay, ok := s.findArticleAt(w, r, suffix, s.store.FindArticleBySlug)
	if !ok {
		return nil, layout{}, false
	}
	lay.Description = a.Excerpt
	if a.Dek != "" {
		lay.Description = a.Dek
	}
	lay.Feeds = append(lay.Feeds, feedLinks(lay.T("Comments on: %s", a.Headline), a.Path(lay.Loc)+"feed/")...)
	lay.Embeds = markdown.HasEmbeds(a.BodyHTML)
	s.articleSocial(r, &lay, a)
	return a, lay, true
}

// findCommentedArticle is findVisibleArticle for a comment post: the
// article without its body and links (FindArticleHeadBySlug), with the
// plain layout, which is all that a post's redirect or the small page of
// a refused comment shows.
func (s *Server) findCommentedArticle(w http.ResponseWriter, r *http.Request) (*masthead.Article, layout, bool) {
	return s.findArticleAt(w, r, "", s.store.FindArticleHeadBySlug)
}

// findArticleAt finds, through find, the article of an article URL
// followed by suffix and the page layout, or answers the request itself
// as findVisibleArticle says.
func (s *Server) findArticleAt(w http.ResponseWriter, r *http.Request, suffix string,
	find func(ctx context.Context, slug string) (*masthead.Article, error)) (*masthead.Article, layout, bool) {
	_, ok1 := pathNumber(r, "yyyy", 4, 1, 9999)
	_, ok2 := pathNumber(r, "mm", 2, 1, 12)
	_, ok3 := pathNumber(r, "dd", 2, 1, 31)
	if !ok1 || !ok2 || !ok3 {
		s.handleNotFound(w, r)
		return nil, layout{}, false
	}
	a, err := find(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return nil, layout{}, false
	}
	if !a.VisibleAt(s.now()) {
		s.handleNotFound(w, r)
		return nil, layout{}, false
	}
	lay, err := s.layout(r, a.Headline)
	if err != nil {
		s.error(w, r, err)
		return nil, layout{}, false
	}
	if path := a.Path(lay.Loc) + suffix; path != r.URL.Path {
		if r.Method == http.MethodPost {
			s.handleNotFound(w, r) // a redirect would turn the POST into a GET and lose the comment
			return nil, layout{}, false
		}
		// A stored move of this very address (an imported post whose
		// slug another article had) is surer than a guess by the slug.
		if s.redirectMoved(w, r) {
			return nil, layout{}, false
		}
		http.Redirect(w, r, path, http.StatusMovedPermanently)
		return nil, layout{}, false
	}
	return a, lay, true
}

// renderArticle renders an article page with comment page n of its
// thread (0: the page at the article's own address) and the form.
func (s *Server) renderArticle(w http.ResponseWriter, r *http.Request, a *masthead.Article, lay layout, form *commentForm, status, n int) {
	s.renderArticlePage(w, r, a, lay, form, status, n, nil)
}

// renderArticlePage renders an article page, or with a banner its
// preview: the same data and template, but a preview shows no comments,
// is never cached and asks search engines to leave it alone.
func (s *Server) renderArticlePage(w http.ResponseWriter, r *http.Request, a *masthead.Article, lay layout, form *commentForm, status, n int,
	preview *previewBanner) {
	ctx := r.Context()
	related, err := s.related.Find(ctx, a, relatedLimit)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if preview != nil {
		setPreviewHeaders(w)
		lay.NoIndex = true
		page := articlePage{layout: lay, Article: views([]*masthead.Article{a}, lay.Loc)[0], Related: views(related, lay.Loc), Preview: preview}
		s.render(w, r, status, "article", &page)
		return
	}
	secret, err := s.secret(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	comments, ok := s.loadCommentPage(w, r, a, &lay, secret, n)
	if !ok {
		return
	}
	// A page that shows a reader's own held comment or details is theirs
	// alone: no shared cache may keep it.
	if len(comments.pending) > 0 || form != nil && (form.Author != "" || form.HasErrors()) {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	// The page shows the article and its comments, and its related
	// articles, which the lists of its section and tags decide.
	markCacheable(r, articleKeys(a)...)
	pageShows(r, articleKeys(related...)...)
	if a.Category != nil {
		pageShows(r, masthead.SectionListKey(a.Category.ID))
	}
	for _, t := range a.Tags {
		pageShows(r, masthead.TagListKey(t.ID))
	}
	thread := threadComments(comments.comments, lay.Site.CommentDepth, lay.Loc, secret, comments.pending)
	if lay.Site.CommentOrder == masthead.CommentsNewestFirst {
		// Only the threads turn round; replies still follow their parent.
		slices.Reverse(thread)
	}
	if form == nil {
		forbidReplies(thread)
	} else {
		form.Action, form.Here = a.Path(lay.Loc), r.URL.Path
	}
	page := articlePage{
		layout:     lay,
		Article:    views([]*masthead.Article{a}, lay.Loc)[0],
		Related:    views(related, lay.Loc),
		Comments:   thread,
		CommentNav: comments.nav,
		Form:       form,
	}
	s.render(w, r, status, "article", &page)
}

// isoTime formats a time for a <time datetime> attribute.
func isoTime(t time.Time) string { return t.Format(time.RFC3339) }
