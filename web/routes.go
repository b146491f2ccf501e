package web

import (
	"bytes"
	"net/http"
	"path"
	"strings"

	"masthead"
	"masthead/feed"
	"masthead/notify"
)

// routes wires every route and middleware in one place: the public site,
// its feeds, the admin and the API.
//
// WordPress-shaped public routes start with a wildcard (/{yyyy}/...), which
// conflicts with prefix routes such as /static/ in a single ServeMux. So the
// root mux splits off the fixed prefixes first and hands the rest to the
// public mux.
func (s *Server) routes() http.Handler {
	asIs := &servedAsIs{paths: map[string]bool{}}

	pub := http.NewServeMux()
	pub.HandleFunc("GET /{$}", s.handleHome)
	pub.HandleFunc("GET /page/{n}/{$}", s.handleHome)
	pub.HandleFunc("GET /{yyyy}/{$}", s.handleYearArchive)
	pub.HandleFunc("GET /{yyyy}/page/{n}/{$}", s.handleYearArchive)
	pub.HandleFunc("GET /{yyyy}/{mm}/{$}", s.handleMonthArchive)
	pub.HandleFunc("GET /{yyyy}/{mm}/page/{n}/{$}", s.handleMonthArchive)
	pub.HandleFunc("GET /{yyyy}/{mm}/{dd}/{slug}/{$}", s.handleArticle)
	pub.HandleFunc("GET /{yyyy}/{mm}/{dd}/{slug}/{cpage}/{$}", s.handleArticle) // comment-page-N
	pub.HandleFunc("POST /{yyyy}/{mm}/{dd}/{slug}/{$}", s.handlePostComment)
	pub.HandleFunc("GET /search/{$}", s.handleSearch)
	pub.HandleFunc("GET /privacy/{$}", s.handlePrivacy)
	pub.HandleFunc("GET /privacy/request/{$}", s.handlePrivacyRequestForm)
	pub.HandleFunc("POST /privacy/request/{$}", s.handlePrivacyRequest)
	pub.HandleFunc("GET /privacy/erased/{$}", s.handlePrivacyErased)
	asIs.handle(pub, "GET /healthz", s.handleHealth)
	asIs.handle(pub, "GET /robots.txt", s.handleRobots)
	asIs.handle(pub, "GET /opensearch.xml", s.handleOpenSearch)
	asIs.handle(pub, "GET /manifest.webmanifest", s.handleManifest)
	asIs.handle(pub, "GET /sitemap.xml", s.handleSitemapIndex)
	asIs.handle(pub, "GET /news-sitemap.xml", s.handleNewsSitemap)
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
	asIs.mount(root, "GET /static/", http.StripPrefix("/static/", s.assets))
	asIs.mount(root, "GET /sitemaps/{file}", http.HandlerFunc(s.handleSitemapChild))
	asIs.mount(root, "GET /media/{name}", http.HandlerFunc(s.handleMediaFile))
	asIs.mount(root, "GET /brand/icon/{size}/{file}", http.HandlerFunc(s.handleIcon))
	asIs.mount(root, "GET /brand/accent/{file}", http.HandlerFunc(s.handleAccentCSS))
	asIs.mount(root, "GET "+commentTokenPath+"{id}", http.HandlerFunc(s.handleCommentToken))
	asIs.mount(root, "GET "+previewLinkPath+"{token}", http.HandlerFunc(s.handlePreviewLink))
	asIs.mount(root, "GET "+privacyConfirmPath+"{token}", http.HandlerFunc(s.handlePrivacyConfirm))
	asIs.mount(root, "POST "+privacyConfirmPath+"{token}", http.HandlerFunc(s.handlePrivacyConfirmed))
	asIs.mount(root, "GET "+notify.FollowPath+"{token}", http.HandlerFunc(s.handleFollowForm))
	asIs.mount(root, "POST "+notify.FollowPath+"{token}", http.HandlerFunc(s.handleFollow))
	asIs.mount(root, "GET "+followingPath+"{id}", http.HandlerFunc(s.handleFollowing))
	asIs.mount(root, "GET "+notify.UnsubscribePath+"{token}", http.HandlerFunc(s.handleUnsubscribeForm))
	asIs.mount(root, "POST "+notify.UnsubscribePath+"{token}", http.HandlerFunc(s.handleUnsubscribe))
	asIs.mount(root, "GET "+unsubscribedPath, http.HandlerFunc(s.handleUnsubscribed))
	asIs.mount(root, "GET "+notify.CommentPath+"{id}", http.HandlerFunc(s.handleCommentLink))
	asIs.mount(root, apiPrefix, s.apiRoutes())
	asIs.mount(root, "/admin/", s.adminRoutes())
	root.Handle("/author/", sections)
	root.Handle("/category/", sections)
	root.Handle("/tag/", sections)
	root.Handle("/", s.servePages(pub))
	// Browsers say where a request comes from; a state-changing request
	// from another site is refused before any handler sees it.
	csrf := http.NewCrossOriginProtection()
	// The one exception: a mail program's one-click unsubscribe (RFC 8058)
	// is POSTed by the mail provider's servers, which may say they come
	// from elsewhere; the secret token in the address authorises it, and
	// all it can do is end the subscription that token belongs to.
	csrf.AddInsecureBypassPattern("POST " + notify.UnsubscribePath + "{token}")
	// A page the cache holds is answered first, by serveHits, which sets
	// the security headers and writes the log line itself: it needs
	// nothing else below. The page cache answers before the gates too: a
	// page it holds costs no render, so only what must be rendered waits
	// for a place. The base URL is worked out once per request, by the
	// first that asks for it: the security headers do (HSTS depends on
	// https), and every link after them reuses it.
	return s.recoverPanics(s.serveHits(s.logRequests(s.withBase(s.secureHeaders(s.cachePages(s.admit(s.limitBodies(csrf.Handler(s.canonicalSlash(asIs, root))))))))))
}

// adminRoutes returns every /admin/ route. Every page but sign-in and
// set-up needs a signed-in staff member; each action checks the role.
func (s *Server) adminRoutes() http.Handler {
	mux := http.NewServeMux()
	// user: any signed-in staff member; can: those whose role grants a.
	user := func(h http.HandlerFunc) http.Handler { return s.requireUser(h) }
	can := func(a masthead.Action, h http.HandlerFunc) http.Handler { return s.requireCan(a, h) }
	mux.HandleFunc("GET /admin/login", s.handleLoginForm)
	mux.HandleFunc("POST /admin/login", s.handleLogin)
	mux.HandleFunc("GET /admin/setup", s.handleSetupForm)
	mux.HandleFunc("POST /admin/setup", s.handleSetup)
	mux.HandleFunc("GET /admin/forgot", s.handleForgotForm)
	mux.HandleFunc("POST /admin/forgot", s.handleForgot)
	mux.HandleFunc("GET /admin/set-password", s.handleSetPasswordForm)
	mux.HandleFunc("POST /admin/set-password", s.handleSetPassword)
	mux.Handle("POST /admin/logout", user(s.handleLogout))
	mux.Handle("GET /admin/{$}", user(s.handleDashboard))
	mux.Handle("GET /admin/password", user(s.handlePasswordForm))
	mux.Handle("POST /admin/password", user(s.handlePasswordChange))
	mux.Handle("GET /admin/profile", user(s.handleProfileForm))
	mux.Handle("POST /admin/profile", user(s.handleProfile))

	mux.Handle("GET /admin/articles", can(masthead.ActWriteDrafts, s.handleArticleList))
	mux.Handle("GET /admin/articles/new", can(masthead.ActWriteDrafts, s.handleNewArticle))
	mux.Handle("POST /admin/articles/new", can(masthead.ActWriteDrafts, s.handleSaveArticle))
	mux.Handle("GET /admin/articles/{id}", can(masthead.ActWriteDrafts, s.handleEditArticle))
	mux.Handle("POST /admin/articles/{id}", can(masthead.ActWriteDrafts, s.handleSaveArticle))
	mux.Handle("POST /admin/preview", can(masthead.ActWriteDrafts, s.handlePreview))
	mux.Handle("GET /admin/articles/{id}/revisions", can(masthead.ActWriteDrafts, s.handleRevisions))
	mux.Handle("POST /admin/articles/{id}/revisions/{rev}/restore", can(masthead.ActWriteDrafts, s.handleRestoreRevision))
	mux.Handle("POST /admin/articles/{id}/corrections", can(masthead.ActEditAny, s.handleAddCorrection))
	mux.Handle("GET /admin/articles/{id}/preview", can(masthead.ActWriteDrafts, s.handleArticlePreview))
	mux.Handle("POST /admin/articles/{id}/preview-links", can(masthead.ActWriteDrafts, s.handleCreatePreviewLink))
	mux.Handle("POST /admin/articles/{id}/preview-links/{link}/revoke", can(masthead.ActWriteDrafts, s.handleRevokePreviewLink))
	mux.Handle("POST /admin/articles/new/autosave", can(masthead.ActWriteDrafts, s.handleAutosave))
	mux.Handle("POST /admin/articles/{id}/autosave", can(masthead.ActWriteDrafts, s.handleAutosave))
	mux.Handle("POST /admin/articles/new/autosave/discard", can(masthead.ActWriteDrafts, s.handleDiscardAutosave))
	mux.Handle("POST /admin/articles/{id}/autosave/discard", can(masthead.ActWriteDrafts, s.handleDiscardAutosave))

	// Pages are the site's own: only those who may edit every article.
	mux.Handle("GET /admin/pages", can(masthead.ActEditAny, s.handlePageList))
	mux.Handle("GET /admin/pages/new", can(masthead.ActEditAny, s.handleNewPage))
	mux.Handle("POST /admin/pages/new", can(masthead.ActEditAny, s.handleSavePage))
	mux.Handle("GET /admin/pages/{id}", can(masthead.ActEditAny, s.handleEditPage))
	mux.Handle("POST /admin/pages/{id}", can(masthead.ActEditAny, s.handleSavePage))
	mux.Handle("GET /admin/pages/{id}/revisions", can(masthead.ActEditAny, s.handlePageRevisions))
	mux.Handle("POST /admin/pages/{id}/revisions/{rev}/restore", can(masthead.ActEditAny, s.handleRestorePageRevision))
	mux.Handle("GET /admin/pages/{id}/preview", can(masthead.ActEditAny, s.handlePagePreview))
	mux.Handle("POST /admin/pages/{id}/preview-links", can(masthead.ActEditAny, s.handleCreatePagePreviewLink))
	mux.Handle("POST /admin/pages/{id}/preview-links/{link}/revoke", can(masthead.ActEditAny, s.handleRevokePagePreviewLink))

	mux.Handle("GET /admin/media", can(masthead.ActWriteDrafts, s.handleMediaLibrary))
	mux.Handle("POST /admin/media", can(masthead.ActUploadMedia, s.handleUploadMedia))
	mux.Handle("POST /admin/media/{id}", can(masthead.ActUploadMedia, s.handleEditMedia))
	mux.Handle("POST /admin/media/{id}/delete", can(masthead.ActEditAny, s.handleDeleteMedia))

	mux.Handle("GET /admin/comments", can(masthead.ActModerateComments, s.handleModerationQueue))
	mux.Handle("POST /admin/comments", can(masthead.ActModerateComments, s.handleModerate))
	mux.Handle("POST /admin/comments/{id}/reply", can(masthead.ActModerateComments, s.handleStaffReply))

	mux.Handle("GET /admin/sections", can(masthead.ActManageTaxonomy, s.handleTaxonomy))
	mux.Handle("POST /admin/sections", can(masthead.ActManageTaxonomy, s.handleSaveSection))
	mux.Handle("POST /admin/sections/{id}", can(masthead.ActManageTaxonomy, s.handleSaveSection))
	mux.Handle("POST /admin/tags/{id}", can(masthead.ActManageTaxonomy, s.handleSaveTag))
	mux.Handle("GET /admin/menus", can(masthead.ActManageMenus, s.handleMenus))
	mux.Handle("POST /admin/menus", can(masthead.ActManageMenus, s.handleSaveMenu))
	mux.Handle("GET /admin/front", can(masthead.ActCurateFront, s.handleFront))
	mux.Handle("POST /admin/front/pins", can(masthead.ActCurateFront, s.handleAddPin))
	mux.Handle("POST /admin/front/pins/{id}", can(masthead.ActCurateFront, s.handleUpdatePin))
	mux.Handle("POST /admin/front/pins/{id}/delete", can(masthead.ActCurateFront, s.handleDeletePin))
	mux.Handle("POST /admin/front/breaking", can(masthead.ActCurateFront, s.handleSaveBreaking))
	mux.Handle("GET /admin/redirects", can(masthead.ActManageTaxonomy, s.handleRedirects))
	mux.Handle("POST /admin/redirects", can(masthead.ActManageTaxonomy, s.handleAddRedirect))
	mux.Handle("POST /admin/redirects/delete", can(masthead.ActManageTaxonomy, s.handleDeleteRedirect))

	mux.Handle("GET /admin/staff", can(masthead.ActManageStaff, s.handleStaff))
	mux.Handle("POST /admin/staff", can(masthead.ActManageStaff, s.handleAddStaff))
	mux.Handle("POST /admin/staff/{id}/role", can(masthead.ActManageStaff, s.handleStaffRole))
	mux.Handle("POST /admin/staff/{id}/password", can(masthead.ActManageStaff, s.handleStaffPassword))
	mux.Handle("POST /admin/staff/{id}/disable", can(masthead.ActManageStaff, s.handleDisableStaff))
	mux.Handle("POST /admin/staff/{id}/enable", can(masthead.ActManageStaff, s.handleEnableStaff))
	mux.Handle("POST /admin/staff/{id}/invite", can(masthead.ActManageStaff, s.handleInviteAgain))
	mux.Handle("POST /admin/staff/{id}/revoke", can(masthead.ActManageStaff, s.handleRevokeInvitation))
	mux.Handle("GET /admin/import", can(masthead.ActImportContent, s.handleImports))
	mux.Handle("POST /admin/import", can(masthead.ActImportContent, s.handleStartImport))
	mux.Handle("GET /admin/import/{id}", can(masthead.ActImportContent, s.handleImportRun))
	mux.Handle("POST /admin/import/{id}/cancel", can(masthead.ActImportContent, s.handleCancelImport))
	mux.Handle("GET /admin/privacy", can(masthead.ActManageReaderData, s.handleAdminPrivacy))
	mux.Handle("POST /admin/privacy", can(masthead.ActManageReaderData, s.handleAdminPrivacyLookup))
	mux.Handle("POST /admin/privacy/export", can(masthead.ActManageReaderData, s.handleAdminPrivacyExport))
	mux.Handle("POST /admin/privacy/erase", can(masthead.ActManageReaderData, s.handleAdminPrivacyErase))
	mux.Handle("GET /admin/settings", can(masthead.ActManageSettings, s.handleSettingsForm))
	mux.Handle("POST /admin/settings", can(masthead.ActManageSettings, s.handleSettings))
	mux.Handle("POST /admin/settings/test-email", can(masthead.ActManageSettings, s.handleTestEmail))
	mux.Handle("GET /admin/outbox", can(masthead.ActManageSettings, s.handleOutbox))
	mux.Handle("POST /admin/outbox/{id}/retry", can(masthead.ActManageSettings, s.handleRetryMail))
	mux.Handle("POST /admin/outbox/{id}/discard", can(masthead.ActManageSettings, s.handleDiscardMail))
	mux.Handle("/admin/", s.requireUser(http.HandlerFunc(s.handleNotFound)))
	return s.withSession(noStore(mux))
}

// apiRoutes returns the API's mux. Every path under /api/v1/ answers JSON,
// errors included.
func (s *Server) apiRoutes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/articles", s.handleAPIArticles)
	mux.HandleFunc("GET /api/v1/articles/{ref}", s.handleAPIArticle)
	mux.HandleFunc("GET /api/v1/articles/{ref}/comments", s.handleAPIComments)
	mux.HandleFunc("GET /api/v1/authors", s.handleAPIAuthors)
	mux.HandleFunc("GET /api/v1/authors/{slug}", s.handleAPIAuthor)
	mux.HandleFunc("GET /api/v1/categories", s.handleAPICategories)
	mux.HandleFunc("GET /api/v1/tags", s.handleAPITags)
	mux.HandleFunc("GET /api/v1/openapi.json", s.handleOpenAPI)
	mux.HandleFunc("/api/v1/", s.handleAPIFallback)
	return apiCORS(mux)
}

// routeFeeds registers the three formats of one feed on mux: pattern is the
// RSS route, e.g. "GET /category/{slug}/feed/".
func routeFeeds(mux *http.ServeMux, pattern string, build func(w http.ResponseWriter, r *http.Request) (*feed.Feed, bool)) {
	for _, f := range feedFormats {
		mux.HandleFunc(pattern+f.suffix+"{$}", func(w http.ResponseWriter, r *http.Request) {
			doc, ok := build(w, r)
			if !ok {
				return
			}
			var buf bytes.Buffer
			if err := f.write(&buf, doc); err != nil {
				http.Error(w, "Internal error.", http.StatusInternalServerError)
				return
			}
			serveConditional(w, r, f.contentType, doc.Updated, buf.Bytes())
		})
	}
}

// servedAsIs records, as routes are registered, the addresses that are
// not pages and so keep the form they were asked for: files such as
// /robots.txt, and whole prefixes such as /static/ or /admin/.
type servedAsIs struct {
	paths    map[string]bool
	prefixes []string
}

// handle registers an exact route, such as "GET /robots.txt".
func (a *servedAsIs) handle(mux *http.ServeMux, pattern string, h http.HandlerFunc) {
	mux.HandleFunc(pattern, h)
	a.paths[patternPath(pattern)] = true
}

// mount registers a route for a whole folder, such as "GET /static/" or
// "GET /media/{name}", whose addresses the handler answers as they are.
func (a *servedAsIs) mount(mux *http.ServeMux, pattern string, h http.Handler) {
	mux.Handle(pattern, h)
	prefix, _, _ := strings.Cut(patternPath(pattern), "{")
	a.prefixes = append(a.prefixes, prefix)
}

// covers reports whether p is served as it is.
func (a *servedAsIs) covers(p string) bool {
	if a.paths[p] {
		return true
	}
	for _, prefix := range a.prefixes {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// patternPath is the path of a ServeMux pattern: "GET /x/" is "/x/".
func patternPath(pattern string) string {
	if _, p, ok := strings.Cut(pattern, " "); ok {
		return p
	}
	return pattern
}

// canonicalSlash gives every page one address, as WordPress does: a page
// path without its trailing slash is sent to the slash form with a 301
// (ServeMux would answer 307, and only for some paths), and a file-like path
// that is not a route is simply not found.
func (s *Server) canonicalSlash(asIs *servedAsIs, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.HasSuffix(p, "/") || asIs.covers(p) || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		if strings.Contains(path.Base(p), ".") || !masthead.IsSitePath(p) {
			s.handleNotFound(w, r)
			return
		}
		// An old address that moved (an imported post's /archives/12, or
		// anything below a renamed section) answers with its new one at
		// once, rather than after a first hop to the slash form.
		if s.redirectMoved(w, r) {
			return
		}
		target := r.URL.EscapedPath() + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		localRedirect(w, r, target, http.StatusMovedPermanently)
	})
}

// localRedirect redirects to a target on this site, and answers 404 to a
// request whose target would leave it: every redirect built from what a
// client sent goes through here.
func localRedirect(w http.ResponseWriter, r *http.Request, target string, code int) {
	p, _, _ := strings.Cut(target, "?")
	p, _, _ = strings.Cut(p, "#")
	if !masthead.IsSitePath(p) {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, target, code)
}
