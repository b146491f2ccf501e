package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"masthead"
	"masthead/sitemap"
)

const xmlContentType = "application/xml; charset=utf-8"

// newsWindow is how far back the Google News sitemap reaches.
const newsWindow = 48 * time.Hour

// handleSitemapIndex serves "GET /sitemap.xml": an index of one sitemap per
// month of articles, one each for sections, tags and authors, and one for
// the site's pages when it has any.
func (s *Server) handleSitemapIndex(w http.ResponseWriter, r *http.Request) {
	months, err := s.store.FindSitemapMonths(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	pages, err := s.store.FindSitemapPages(r.Context(), sitemap.MaxURLs)
	if err != nil {
		s.error(w, r, err)
		return
	}
	markCacheable(r, masthead.KeyFront)
	for _, p := range pages {
		pageShows(r, masthead.ArticleKey(p.ID))
	}
	var children []sitemap.URL
	var newest time.Time
	for _, m := range months {
		children = append(children, sitemap.URL{Loc: s.absURL(r, m.Start.Format("/sitemaps/articles-2006-01.xml")), Modified: m.Modified})
		newest = latest(newest, m.Modified)
	}
	for _, kind := range []string{"categories", "tags", "authors"} {
		children = append(children, sitemap.URL{Loc: s.absURL(r, "/sitemaps/"+kind+".xml"), Modified: newest})
	}
	if len(pages) > 0 {
		var changed time.Time
		for _, p := range pages {
			changed = latest(changed, p.Modified)
		}
		children = append(children, sitemap.URL{Loc: s.absURL(r, "/sitemaps/pages.xml"), Modified: changed})
		newest = latest(newest, changed)
	}
	s.writeSitemap(w, r, newest, func(b *bytes.Buffer) error { return sitemap.WriteIndex(b, children) })
}

// handleSitemapChild serves "GET /sitemaps/{file}": the articles of one
// month (articles-2026-11.xml), or the sections, tags, authors or pages.
func (s *Server) handleSitemapChild(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	file := r.PathValue("file")
	site, err := s.site(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	loc := site.Location()
	var urls []sitemap.URL
	var newest time.Time
	if month, ok := strings.CutPrefix(file, "articles-"); ok {
		start, err := time.Parse("2006-01.xml", month)
		if err != nil {
			s.handleNotFound(w, r)
			return
		}
		entries, err := s.store.FindSitemapArticles(ctx, start, start.AddDate(0, 1, 0), sitemap.MaxURLs)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if len(entries) == 0 {
			s.handleNotFound(w, r)
			return
		}
		for _, e := range entries {
			pageShows(r, masthead.ArticleKey(e.ID))
			a := masthead.Article{Slug: e.Slug, PublishedAt: e.Published}
			urls = append(urls, sitemap.URL{Loc: s.absURL(r, a.Path(loc)), Modified: e.Modified})
			newest = latest(newest, e.Modified)
		}
	} else if file == "pages.xml" {
		entries, err := s.store.FindSitemapPages(ctx, sitemap.MaxURLs)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if len(entries) == 0 {
			s.handleNotFound(w, r)
			return
		}
		for _, e := range entries {
			pageShows(r, masthead.ArticleKey(e.ID))
			urls = append(urls, sitemap.URL{Loc: s.absURL(r, e.Path), Modified: e.Modified})
			newest = latest(newest, e.Modified)
		}
	} else {
		kinds := map[string]string{"categories.xml": masthead.TermCategory, "tags.xml": masthead.TermTag, "authors.xml": masthead.TermAuthor}
		kind, ok := kinds[file]
		if !ok {
			s.handleNotFound(w, r)
			return
		}
		entries, err := s.store.FindSitemapTerms(ctx, kind)
		if err != nil {
			s.error(w, r, err)
			return
		}
		for _, e := range entries {
			switch kind {
			case masthead.TermTag:
				pageShows(r, masthead.TagKey(e.ID))
			case masthead.TermAuthor:
				pageShows(r, masthead.AuthorKey(e.ID))
			}
			urls = append(urls, sitemap.URL{Loc: s.absURL(r, "/"+kind+"/"+e.Slug+"/"), Modified: e.Modified})
			newest = latest(newest, e.Modified)
		}
	}
	// Every sitemap follows the articles: which months, sections, tags
	// and authors have any, and when each last changed.
	markCacheable(r, masthead.KeyFront)
	s.writeSitemap(w, r, newest, func(b *bytes.Buffer) error { return sitemap.WriteURLSet(b, urls) })
}

// handleNewsSitemap serves "GET /news-sitemap.xml": the articles of the
// last two days in the Google News format.
func (s *Server) handleNewsSitemap(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site, err := s.site(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	now := s.now()
	entries, err := s.store.FindSitemapArticles(ctx, now.Add(-newsWindow), now.Add(time.Second), 1000)
	if err != nil {
		s.error(w, r, err)
		return
	}
	loc := site.Location()
	var urls []sitemap.NewsURL
	var newest time.Time
	markCacheable(r, masthead.KeyFront)
	for _, e := range entries {
		pageShows(r, masthead.ArticleKey(e.ID))
		a := masthead.Article{Slug: e.Slug, PublishedAt: e.Published}
		urls = append(urls, sitemap.NewsURL{Loc: s.absURL(r, a.Path(loc)), Title: e.Title, Published: e.Published})
		newest = latest(newest, e.Modified)
	}
	language, _, _ := strings.Cut(site.Language, "-")
	s.writeSitemap(w, r, newest, func(b *bytes.Buffer) error { return sitemap.WriteNews(b, site.Title, language, urls) })
}

func (s *Server) writeSitemap(w http.ResponseWriter, r *http.Request, modified time.Time, write func(*bytes.Buffer) error) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		s.error(w, r, err)
		return
	}
	serveConditional(w, r, xmlContentType, modified, buf.Bytes())
}

// handleRobots serves "GET /robots.txt", naming the sitemaps.
func (s *Server) handleRobots(w http.ResponseWriter, r *http.Request) {
	markCacheable(r)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "User-agent: *\nAllow: /\nDisallow: /admin/\nDisallow: /*?replytocom=\n\nSitemap: %s\nSitemap: %s\n",
		s.absURL(r, "/sitemap.xml"), s.absURL(r, "/news-sitemap.xml"))
}
