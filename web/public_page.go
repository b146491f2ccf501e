package web

import (
	"net/http"
	"strings"
	"time"

	"masthead"
	"masthead/markdown"
)

// pagePage is the data of one of the site's pages.
type pagePage struct {
	layout
	Page articleView
	// Preview, when set, marks the page as a preview for the newsroom or
	// a preview link, under a banner.
	Preview *previewBanner
}

// servePages answers a GET or HEAD for the address of a visible page,
// such as /about/ or /about/team/, before the public routes, and hands
// everything else to them. A page's top-level slug is never one of the
// site's own (masthead.ReservedPageSlug, which a test checks against these
// routes), so any address a page may have is one no route serves: looking
// the page up first is the public mux's fallback, only placed where the
// date archives' wildcards (/{yyyy}/, /{yyyy}/{mm}/) cannot take the
// address for a malformed date first. A draft, scheduled or unknown page
// goes on to the routes, which answer it as not found (or as moved, when
// a redirect names it).
func (s *Server) servePages(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			if _, ok := masthead.PagePathSlugs(r.URL.Path); ok && s.servePage(w, r) {
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// servePage renders the visible page at r's address and reports whether
// it answered the request.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request) bool {
	p, err := s.store.FindPageByPath(r.Context(), r.URL.Path)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND || err == nil && !p.VisibleAt(s.now()) {
		return false
	} else if err != nil {
		s.error(w, r, err)
		return true
	}
	lay, err := s.layout(r, p.Headline)
	if err != nil {
		s.error(w, r, err)
		return true
	}
	lay.Description = p.Excerpt
	if p.Dek != "" {
		lay.Description = p.Dek
	}
	s.pageSocial(r, &lay, p)
	s.markPageCacheable(r, p)
	s.renderPage(w, r, p, lay, nil)
	return true
}

// renderPage renders one of the site's pages for readers or, with
// preview set, as the newsroom's preview of it: the same data and
// template under a banner, never cached or indexed.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, p *masthead.Article, lay layout, preview *previewBanner) {
	lay.Embeds = markdown.HasEmbeds(p.BodyHTML)
	if preview != nil {
		setPreviewHeaders(w)
		lay.NoIndex = true
	}
	s.render(w, r, http.StatusOK, "page", &pagePage{layout: lay, Page: views([]*masthead.Article{p}, lay.Loc)[0], Preview: preview})
}

// markPageCacheable tags the page being rendered with the page and every
// page above it, whose slugs make its address, for the page cache. Only
// a render for the cache looks the ancestors up; if that fails, the page
// is served but not cached.
func (s *Server) markPageCacheable(r *http.Request, p *masthead.Article) {
	if pk, _ := r.Context().Value(pageKeysKey{}).(*pageKeys); pk == nil {
		return
	}
	keys := articleKeys(p)
	if p.ParentID != 0 {
		keys = append(keys, masthead.ArticleKey(p.ParentID))
		// The grandparents and up, when the page sits deeper.
		for parent := p.ParentPath; strings.Count(parent, "/") > 2; {
			parent = parent[:strings.LastIndex(strings.TrimSuffix(parent, "/"), "/")+1]
			above, err := s.store.FindPageByPath(r.Context(), parent)
			if err != nil {
				return
			}
			keys = append(keys, masthead.ArticleKey(above.ID))
		}
	}
	markCacheable(r, keys...)
}

// pageSocial fills the structured data of a page: a WebPage of the site,
// with no article facts (a page has no byline, section or dateline).
func (s *Server) pageSocial(r *http.Request, lay *layout, p *masthead.Article) {
	url := s.absURL(r, p.Path(lay.Loc))
	page := map[string]any{
		"@context":     "https://schema.org",
		"@type":        "WebPage",
		"url":          url,
		"name":         p.Headline,
		"dateModified": p.ModifiedAt().In(lay.Loc).Format(time.RFC3339),
		"inLanguage":   lay.Site.Language,
		"isPartOf":     map[string]any{"@type": "WebSite", "name": lay.Site.Title, "url": s.absURL(r, "/")},
		"publisher":    s.publisherLD(r, lay.Site),
	}
	if lay.Description != "" {
		page["description"] = lay.Description
	}
	lay.Social.JSONLD = append(lay.Social.JSONLD, ldJSON(page))
}
