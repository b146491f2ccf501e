package web

import (
	"net/http"
	"path"
	"strings"
)

// routes wires every route and middleware in one place.
//
// WordPress-shaped public routes start with a wildcard (/{yyyy}/...), which
// conflicts with prefix routes such as /static/ in a single ServeMux. So the
// root mux splits off the fixed prefixes first and hands the rest to the
// public mux.
func (s *Server) routes() http.Handler {
	pub := http.NewServeMux()
	pub.HandleFunc("GET /{$}", s.handleHome)
	pub.HandleFunc("GET /page/{n}/{$}", s.handleHome)
	pub.HandleFunc("GET /{yyyy}/{$}", s.handleYearArchive)
	pub.HandleFunc("GET /{yyyy}/page/{n}/{$}", s.handleYearArchive)
	pub.HandleFunc("GET /{yyyy}/{mm}/{$}", s.handleMonthArchive)
	pub.HandleFunc("GET /{yyyy}/{mm}/page/{n}/{$}", s.handleMonthArchive)
	pub.HandleFunc("GET /{yyyy}/{mm}/{dd}/{slug}/{$}", s.handleArticle)
	pub.HandleFunc("POST /{yyyy}/{mm}/{dd}/{slug}/{$}", s.handlePostComment)
	pub.HandleFunc("GET /healthz", s.handleHealth)
	pub.HandleFunc("GET /robots.txt", s.handleRobots)
	pub.HandleFunc("GET /search/{$}", s.handleSearch)
	pub.HandleFunc("GET /opensearch.xml", s.handleOpenSearch)
	pub.HandleFunc("GET /sitemap.xml", s.handleSitemapIndex)
	pub.HandleFunc("GET /news-sitemap.xml", s.handleNewsSitemap)
	routeFeeds(pub, "GET /feed/", s.handleSiteFeed)
	routeFeeds(pub, "GET /comments/feed/", s.handleCommentsFeed)
	routeFeeds(pub, "GET /{yyyy}/{mm}/{dd}/{slug}/feed/", s.handleArticleCommentsFeed)
	pub.HandleFunc("GET /", s.handleNotFound) // least specific: the styled 404

	sections := http.NewServeMux()
	sections.HandleFunc("GET /author/{slug}/{$}", s.handleAuthor)
	sections.HandleFunc("GET /author/{slug}/page/{n}/{$}", s.handleAuthor)
	sections.HandleFunc("GET /category/{slug}/{$}", s.handleCategory)
	sections.HandleFunc("GET /category/{slug}/page/{n}/{$}", s.handleCategory)
	sections.HandleFunc("GET /tag/{slug}/{$}", s.handleTag)
	sections.HandleFunc("GET /tag/{slug}/page/{n}/{$}", s.handleTag)
	routeFeeds(sections, "GET /author/{slug}/feed/", s.handleAuthorFeed)
	routeFeeds(sections, "GET /category/{slug}/feed/", s.handleCategoryFeed)
	routeFeeds(sections, "GET /tag/{slug}/feed/", s.handleTagFeed)
	sections.HandleFunc("GET /", s.handleNotFound)

	root := http.NewServeMux()
	root.Handle("GET /static/", http.StripPrefix("/static/", s.assets))
	root.HandleFunc("GET /sitemaps/{file}", s.handleSitemapChild)
	root.HandleFunc("GET /media/{name}", s.handleMediaFile)
	root.Handle(apiPrefix, s.apiRoutes())
	root.Handle("/admin/", s.adminRoutes())
	root.Handle("/author/", sections)
	root.Handle("/category/", sections)
	root.Handle("/tag/", sections)
	root.Handle("/", pub)
	// Browsers say where a request comes from; a state-changing request
	// from another site is refused before any handler sees it.
	csrf := http.NewCrossOriginProtection()
	return s.recoverPanics(s.logRequests(s.secureHeaders(csrf.Handler(s.withBase(s.canonicalSlash(root))))))
}

// exactPaths are the routes whose address has no trailing slash.
var exactPaths = map[string]bool{"/healthz": true, "/robots.txt": true, "/sitemap.xml": true, "/news-sitemap.xml": true, "/opensearch.xml": true}

// canonicalSlash gives every page one address, as WordPress does: a page
// path without its trailing slash is sent to the slash form with a 301
// (ServeMux would answer 307, and only for some paths), and a file-like path
// that is not a route is simply not found.
func (s *Server) canonicalSlash(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.HasSuffix(p, "/") || exactPaths[p] || strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/sitemaps/") || strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/admin/") || strings.HasPrefix(p, "/media/") ||
			(r.Method != http.MethodGet && r.Method != http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		if strings.Contains(path.Base(p), ".") {
			s.handleNotFound(w, r)
			return
		}
		target := p + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
	})
}
