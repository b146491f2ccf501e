package web

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"masthead"
)

// The public JSON API, read-only, under /api/v1/. Its contract is the
// OpenAPI document served at /api/v1/openapi.json; tests validate every
// response against it.

//go:embed openapi.json
var openAPIDocument []byte

const apiPrefix = "/api/v1/"

// apiMaxPerPage bounds per_page.
const apiMaxPerPage = 100

// apiCORS lets pages on any site read the API: it is public and read-only.
func apiCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type, If-None-Match")
			w.Header().Set("Access-Control-Max-Age", "86400")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// handleAPIFallback answers what no API route matches: 405 for any method
// but GET (the API is read-only), else 404.
func (s *Server) handleAPIFallback(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		writeAPIError(w, http.StatusMethodNotAllowed, "method_not_allowed", "The API is read-only: use GET.")
		return
	}
	writeAPIError(w, http.StatusNotFound, masthead.ENOTFOUND, "There is nothing at this address.")
}

// apiError is the one shape of every API error body.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeAPIError(w http.ResponseWriter, status int, code, message string) {
	var e apiError
	e.Error.Code, e.Error.Message = code, message
	writeJSON(w, status, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":{"code":"internal","message":"Internal error."}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// apiFail answers an error from the store as JSON.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	if s.clientGone(w, r, err) {
		return
	}
	code := masthead.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
		s.logger.LogAttrs(r.Context(), slog.LevelError, "internal error", slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	writeAPIError(w, status, code, masthead.ErrorMessage(err))
}

// The API's JSON shapes. Emails, IP addresses and drafts never appear.
type (
	apiTerm struct {
		ID          int64  `json:"id"`
		Slug        string `json:"slug"`
		Name        string `json:"name"`
		Description string `json:"description,omitempty"`
		URL         string `json:"url"`
	}
	apiAuthor struct {
		ID   int64  `json:"id"`
		Slug string `json:"slug"`
		Name string `json:"name"`
		Bio  string `json:"bio"`
		URL  string `json:"url"`
	}
	apiSource struct {
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
	apiArticle struct {
		ID           int64       `json:"id"`
		Slug         string      `json:"slug"`
		URL          string      `json:"url"`
		Headline     string      `json:"headline"`
		Dek          string      `json:"dek"`
		Excerpt      string      `json:"excerpt"`
		BodyHTML     string      `json:"body_html,omitempty"`
		PublishedAt  string      `json:"published_at"`
		UpdatedAt    string      `json:"updated_at"`
		Dateline     string      `json:"dateline"`
		Source       *apiSource  `json:"source"`
		Category     *apiTerm    `json:"category"`
		Tags         []apiTerm   `json:"tags"`
		Authors      []apiAuthor `json:"authors"`
		CommentCount int         `json:"comment_count"`
		CommentsOpen bool        `json:"comments_open"`
		// Corrections is set on single articles only.
		Corrections *[]apiCorrection `json:"corrections,omitempty"`
	}
	apiCorrection struct {
		Kind      string `json:"kind"`
		Text      string `json:"text"`
		CreatedAt string `json:"created_at"`
	}
	apiComment struct {
		ID        int64        `json:"id"`
		ParentID  *int64       `json:"parent_id"`
		Author    apiCommenter `json:"author"`
		CreatedAt string       `json:"created_at"`
		BodyHTML  string       `json:"body_html"`
		Replies   []apiComment `json:"replies"`
	}
	apiCommenter struct {
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
	apiMeta struct {
		Total      int `json:"total"`
		Page       int `json:"page"`
		PerPage    int `json:"per_page"`
		TotalPages int `json:"total_pages"`
	}
	apiLinks struct {
		Self string `json:"self"`
		Next string `json:"next,omitempty"`
		Prev string `json:"prev,omitempty"`
	}
	apiList[T any] struct {
		Data  []T      `json:"data"`
		Meta  apiMeta  `json:"meta"`
		Links apiLinks `json:"links"`
	}
)

func (s *Server) apiArticle(r *http.Request, a *masthead.Article, loc *time.Location, withBody bool) apiArticle {
	out := apiArticle{
		ID: a.ID, Slug: a.Slug, URL: s.absURL(r, a.Path(loc)), Headline: a.Headline, Dek: a.Dek, Excerpt: a.Excerpt,
		PublishedAt: a.PublishedAt.In(loc).Format(time.RFC3339), UpdatedAt: a.ModifiedAt().In(loc).Format(time.RFC3339),
		Dateline: a.Dateline, CommentCount: a.CommentCount, CommentsOpen: a.CommentsOpen,
		Tags: []apiTerm{}, Authors: []apiAuthor{},
	}
	if withBody {
		out.BodyHTML = a.BodyHTML
		notes := []apiCorrection{}
		for _, c := range a.Corrections {
			notes = append(notes, apiCorrection{Kind: c.Kind, Text: c.Text, CreatedAt: c.CreatedAt.In(loc).Format(time.RFC3339)})
		}
		out.Corrections = &notes
	}
	if a.SourceName != "" {
		out.Source = &apiSource{Name: a.SourceName, URL: a.SourceURL}
	}
	if c := a.Category; c != nil {
		out.Category = &apiTerm{ID: c.ID, Slug: c.Slug, Name: c.Name, Description: c.Description, URL: s.absURL(r, c.Path())}
	}
	for _, t := range a.Tags {
		out.Tags = append(out.Tags, apiTerm{ID: t.ID, Slug: t.Slug, Name: t.Name, URL: s.absURL(r, t.Path())})
	}
	for _, au := range a.Authors {
		out.Authors = append(out.Authors, s.apiAuthor(r, au))
	}
	return out
}

func (s *Server) apiAuthor(r *http.Request, au *masthead.Author) apiAuthor {
	return apiAuthor{ID: au.ID, Slug: au.Slug, Name: au.Name, Bio: au.Bio, URL: s.absURL(r, au.Path())}
}

// apiPage reads page and per_page, or answers 400 itself.
func apiPage(w http.ResponseWriter, r *http.Request, defaultPerPage int) (page, perPage int, ok bool) {
	q := r.URL.Query()
	page, perPage = 1, defaultPerPage
	for name, dst := range map[string]*int{"page": &page, "per_page": &perPage} {
		v := q.Get(name)
		if v == "" {
			continue
		}
		n, ok := parsePageNumber(v)
		if !ok || name == "per_page" && n > apiMaxPerPage {
			most := maxPageNumber
			if name == "per_page" {
				most = apiMaxPerPage
			}
			writeAPIError(w, http.StatusBadRequest, masthead.EINVALID,
				fmt.Sprintf("%s must be a whole number from 1 to %d.", name, most))
			return 0, 0, false
		}
		*dst = n
	}
	return page, perPage, true
}

// apiPastEnd answers 404 itself for a page after the last one of a list
// of total items, and reports whether it did. The first page of an empty
// list exists: it is empty.
func apiPastEnd(w http.ResponseWriter, page, total, perPage int) bool {
	pages := max(1, (total+perPage-1)/perPage)
	if page <= pages {
		return false
	}
	writeAPIError(w, http.StatusNotFound, masthead.ENOTFOUND,
		fmt.Sprintf("There is no page %d: the list has %d.", page, pages))
	return true
}

// apiListOf wraps one page of a list with its totals and links.
func apiListOf[T any](r *http.Request, items []T, total, page, perPage int) apiList[T] {
	if items == nil {
		items = []T{}
	}
	pages := max(1, (total+perPage-1)/perPage)
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	l := apiList[T]{Data: items, Meta: apiMeta{Total: total, Page: page, PerPage: perPage, TotalPages: pages},
		Links: apiLinks{Self: link(page)}}
	if page < pages {
		l.Links.Next = link(page + 1)
	}
	if page > 1 {
		l.Links.Prev = link(min(page-1, pages))
	}
	return l
}

// handleAPIArticles serves "GET /api/v1/articles": visible articles, newest
// first, filtered by category, tag and author slugs and a date range.
func (s *Server) handleAPIArticles(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	page, perPage, ok := apiPage(w, r, 20)
	if !ok {
		return
	}
	site, err := s.site(ctx)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	loc := site.Location()
	q := r.URL.Query()
	// The list gives no bodies (apiArticle without them).
	f := masthead.ArticleFilter{Visible: true, WithoutBody: true, Limit: perPage, Offset: (page - 1) * perPage}
	if slug := q.Get("category"); slug != "" {
		c, err := s.store.FindCategoryBySlug(ctx, slug)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		f.CategoryID = c.ID
		pageShows(r, masthead.SectionListKey(c.ID))
	}
	if slug := q.Get("tag"); slug != "" {
		t, err := s.store.FindTagBySlug(ctx, slug)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		f.TagID = t.ID
		pageShows(r, masthead.TagListKey(t.ID), masthead.TagKey(t.ID))
	}
	if slug := q.Get("author"); slug != "" {
		au, err := s.store.FindAuthorBySlug(ctx, slug)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		f.AuthorID = au.ID
		pageShows(r, masthead.AuthorListKey(au.ID), masthead.AuthorKey(au.ID))
	}
	for name, dst := range map[string]*time.Time{"from": &f.PublishedFrom, "to": &f.PublishedBefore} {
		v := q.Get(name)
		if v == "" {
			continue
		}
		day, err := time.ParseInLocation("2006-01-02", v, loc)
		if err != nil {
			writeAPIError(w, http.StatusBadRequest, masthead.EINVALID, name+" must be a date such as 2026-11-26.")
			return
		}
		if name == "to" {
			day = day.AddDate(0, 0, 1) // "to" includes its whole day
			if day.Year() > 9999 {
				continue // after the last day there is: no upper bound
			}
		}
		*dst = day
	}
	articles, total, err := s.store.FindArticles(ctx, f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if apiPastEnd(w, page, total, perPage) {
		return
	}
	markCacheable(r, masthead.KeyFront)
	pageShows(r, articleKeys(articles...)...)
	items := make([]apiArticle, len(articles))
	for i, a := range articles {
		items[i] = s.apiArticle(r, a, loc, false)
	}
	writeJSON(w, http.StatusOK, apiListOf(r, items, total, page, perPage))
}

// findAPIArticle finds a visible article by numeric id or by slug.
func (s *Server) findAPIArticle(w http.ResponseWriter, r *http.Request) (*masthead.Article, *masthead.Site, bool) {
	ctx := r.Context()
	ref := r.PathValue("ref")
	var a *masthead.Article
	var err error
	if id, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
		a, err = s.store.FindArticleByID(ctx, id)
	} else {
		a, err = s.store.FindArticleBySlug(ctx, ref)
	}
	if err == nil && (a.IsPage() || !a.VisibleAt(s.now())) {
		err = masthead.Errorf(masthead.ENOTFOUND, "Article not found.")
	}
	if err != nil {
		s.apiFail(w, r, err)
		return nil, nil, false
	}
	site, err := s.site(ctx)
	if err != nil {
		s.apiFail(w, r, err)
		return nil, nil, false
	}
	return a, site, true
}

// handleAPIArticle serves "GET /api/v1/articles/{ref}": one article with
// its body, by id or slug.
func (s *Server) handleAPIArticle(w http.ResponseWriter, r *http.Request) {
	a, site, ok := s.findAPIArticle(w, r)
	if !ok {
		return
	}
	markCacheable(r, articleKeys(a)...)
	writeJSON(w, http.StatusOK, s.apiArticle(r, a, site.Location(), true))
}

// handleAPIComments serves "GET /api/v1/articles/{ref}/comments": the
// approved comments of an article, threaded, without emails or addresses.
func (s *Server) handleAPIComments(w http.ResponseWriter, r *http.Request) {
	a, site, ok := s.findAPIArticle(w, r)
	if !ok {
		return
	}
	comments, _, err := s.store.FindComments(r.Context(), masthead.CommentFilter{ArticleID: a.ID, Status: masthead.CommentApproved, SkipTotal: true, Limit: commentLimit})
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	markCacheable(r, masthead.ArticleKey(a.ID))
	loc := site.Location()
	var convert func(nodes []*commentNode) []apiComment
	convert = func(nodes []*commentNode) []apiComment {
		out := []apiComment{}
		for _, n := range nodes {
			c := apiComment{ID: n.ID, Author: apiCommenter{Name: n.AuthorName, URL: n.AuthorURL},
				CreatedAt: n.Created.Format(time.RFC3339), BodyHTML: string(commentHTML(n.Body)), Replies: convert(n.Children)}
			if n.Comment.ParentID != 0 {
				parent := n.Comment.ParentID
				c.ParentID = &parent
			}
			out = append(out, c)
		}
		return out
	}
	thread := threadComments(comments, site.CommentDepth, loc, nil, nil)
	writeJSON(w, http.StatusOK, map[string]any{"data": convert(thread), "meta": map[string]int{"total": len(comments)}})
}

// handleAPIAuthors serves "GET /api/v1/authors": the authors who have
// published something, by name.
func (s *Server) handleAPIAuthors(w http.ResponseWriter, r *http.Request) {
	page, perPage, ok := apiPage(w, r, 50)
	if !ok {
		return
	}
	authors, total, err := s.store.FindAuthors(r.Context(), masthead.AuthorFilter{Published: true, Limit: perPage, Offset: (page - 1) * perPage})
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if apiPastEnd(w, page, total, perPage) {
		return
	}
	// Authors join the list with their first article.
	markCacheable(r, masthead.KeyFront)
	items := make([]apiAuthor, len(authors))
	for i, au := range authors {
		pageShows(r, masthead.AuthorKey(au.ID))
		items[i] = s.apiAuthor(r, au)
	}
	writeJSON(w, http.StatusOK, apiListOf(r, items, total, page, perPage))
}

// handleAPIAuthor serves "GET /api/v1/authors/{slug}": an author who has
// published something.
func (s *Server) handleAPIAuthor(w http.ResponseWriter, r *http.Request) {
	au, err := s.store.FindAuthorBySlug(r.Context(), r.PathValue("slug"))
	if err == nil {
		// Staff who have published nothing have no public profile.
		var n int
		if _, n, err = s.store.FindAuthors(r.Context(), masthead.AuthorFilter{IDs: []int64{au.ID}, Published: true, Limit: 1}); err == nil && n == 0 {
			err = masthead.Errorf(masthead.ENOTFOUND, "Author not found.")
		}
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	markCacheable(r, masthead.AuthorKey(au.ID), masthead.AuthorListKey(au.ID))
	writeJSON(w, http.StatusOK, s.apiAuthor(r, au))
}

// handleAPICategories serves "GET /api/v1/categories": every section.
func (s *Server) handleAPICategories(w http.ResponseWriter, r *http.Request) {
	cats, err := s.store.FindCategories(r.Context(), 500)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	markCacheable(r) // sections are in every page: KeyAll covers them
	items := make([]apiTerm, len(cats))
	for i, c := range cats {
		items[i] = apiTerm{ID: c.ID, Slug: c.Slug, Name: c.Name, Description: c.Description, URL: s.absURL(r, c.Path())}
	}
	writeJSON(w, http.StatusOK, apiListOf(r, items, len(items), 1, max(1, len(items))))
}

// handleAPITags serves "GET /api/v1/tags": the tags of published articles.
func (s *Server) handleAPITags(w http.ResponseWriter, r *http.Request) {
	page, perPage, ok := apiPage(w, r, 50)
	if !ok {
		return
	}
	tags, total, err := s.store.FindTags(r.Context(), masthead.TagFilter{Published: true, Limit: perPage, Offset: (page - 1) * perPage})
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if apiPastEnd(w, page, total, perPage) {
		return
	}
	// Tags join the list with their first published article.
	markCacheable(r, masthead.KeyFront)
	items := make([]apiTerm, len(tags))
	for i, t := range tags {
		pageShows(r, masthead.TagKey(t.ID))
		items[i] = apiTerm{ID: t.ID, Slug: t.Slug, Name: t.Name, URL: s.absURL(r, t.Path())}
	}
	writeJSON(w, http.StatusOK, apiListOf(r, items, total, page, perPage))
}

// handleOpenAPI serves "GET /api/v1/openapi.json", with this site's address
// as the server.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		s.apiFail(w, r, err)
		return
	}
	markCacheable(r)
	doc["servers"] = []map[string]string{{"url": s.absURL(r, strings.TrimSuffix(apiPrefix, "/"))}}
	writeJSON(w, http.StatusOK, doc)
}
