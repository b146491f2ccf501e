package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"masthead"
	"masthead/notify"
	"masthead/pagecache"
)

// The page cache: public pages rendered once and served to every reader
// from memory until a change announces a key they show. Package pagecache
// keeps the pages; this file decides which requests may share one, and
// the handlers say what each page shows (markCacheable, pageShows).

// DefaultPageCacheBytes is the page cache's size unless told otherwise:
// room for a few thousand pages with their compressed copies.
const DefaultPageCacheBytes = 64 << 20

// Cache lifetimes of shared pages. Browsers keep a page a minute, which
// they cannot be told to drop; a CDN in front keeps it five minutes and
// may serve it a minute longer while it asks again, and can be told to
// drop it at once by its Surrogate-Key (see the README). The server's own
// copy is exact: it is dropped by the change that makes it stale, and at
// the latest after pageMaxAge, for what changes with the clock alone (the
// news sitemap's two days, the year in the footer, the age of the
// comment form's token).
const (
	pageCacheControl = "public, max-age=60, s-maxage=300, stale-while-revalidate=60"
	pageMaxAge       = 10 * time.Minute
	// maxSurrogateKeys bounds the Surrogate-Key header, which proxies must
	// fit in their header buffers; a page that shows more (a sitemap of
	// every tag) names only the lists it is.
	maxSurrogateKeys = 1024
	// fillTimeout bounds a render for the cache, which goes on when the
	// reader who asked first leaves, since others may be waiting for it.
	fillTimeout = 30 * time.Second
)

// notPages are the prefixes the page cache never sees: the admin, files
// with their own caching (the brand's icons and manifest too), the health
// check, the comment form's reader tokens, each of which is one reader's,
// and preview and privacy confirmation links, whose pages must never be
// shared.
var notPages = []string{"/admin/", "/static/", "/media/", "/brand/", "/manifest.webmanifest", "/healthz", commentTokenPath, previewLinkPath,
	privacyConfirmPath, "/comments/follow", "/comments/unsubscribe", notify.CommentPath}

// personalCookies are the cookies that make a reader's pages their own:
// a staff session, the list of their held comments, their remembered
// name. Their pages are rendered for them and never shared. The browser
// key of a regular commenter (regularCookie) is not among them: it
// changes nothing on a page, only how the next comment is moderated.
var personalCookies = []string{sessionCookie, pendingCookie, commenterCookie}

// identityParams are the query parameters that are part of a page's
// identity, by path: any other parameter (but the trackers' below) makes
// the request bypass the cache, since the page may depend on it
// (?replytocom=) or a redirect may (?p=).
var identityParams = map[string][]string{
	"/search/":         {"q", "page"},
	"/api/v1/articles": {"page", "per_page", "category", "tag", "author", "from", "to"},
	"/api/v1/authors":  {"page", "per_page"},
	"/api/v1/tags":     {"page", "per_page"},
}

// isTracker reports whether a query parameter only tells analytics where
// a reader came from. Links shared on social sites carry them, so the
// page is served as if they were not there rather than rendered afresh
// for every reader of a spike.
func isTracker(name string) bool {
	switch name {
	case "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "twclid":
		return true
	}
	return strings.HasPrefix(name, "utm_")
}

// maxSeenQueries bounds the doorkeeper's memory of query strings.
const maxSeenQueries = 4096

// pageCacheState is the server's page cache, with what it needs beside
// the pages.
type pageCacheState struct {
	pages   *pagecache.Cache   // nil: no page cache
	webhook *pagecache.Webhook // nil: nobody in front to tell
	// seen holds the pages with a query string asked for once: such a
	// page is stored only when asked for again, so that a stream of
	// made-up searches cannot push the real pages out.
	seenMu sync.Mutex
	seen   map[string]struct{}
}

// Purge drops what the changes named by keys make stale: every cached
// page that shows one of them, and with masthead.KeyAll every page and
// the cached settings, sections and menus. The store calls it for every
// write of this process before the write returns, and the change watcher
// for those of other processes and nodes.
func (s *Server) Purge(keys []masthead.ChangeKey) {
	// The outbox's key names no page: neither this cache nor a CDN has
	// anything to drop, and a purge would end the sharing of renders in
	// progress for every queued mail.
	if slices.Contains(keys, masthead.KeyOutbox) {
		keys = slices.DeleteFunc(slices.Clone(keys), func(k masthead.ChangeKey) bool { return k == masthead.KeyOutbox })
	}
	if len(keys) == 0 {
		return
	}
	if slices.Contains(keys, masthead.KeyAll) {
		s.invalidate()
	}
	s.related.Purge(keys)
	if s.pageCache.pages != nil {
		s.pageCache.pages.Purge(keys)
	}
	if s.pageCache.webhook != nil {
		s.pageCache.webhook.Notify(keys)
	}
}

// PageCacheStats returns what the page cache did so far, and false when
// the server has none.
func (s *Server) PageCacheStats() (pagecache.Stats, bool) {
	if s.pageCache.pages == nil {
		return pagecache.Stats{}, false
	}
	return s.pageCache.pages.Stats(), true
}

type pageKeysKey struct{}

// pageKeys collects, while a page renders for the cache, the keys of what
// it shows. Only a page whose handler called markCacheable is stored.
type pageKeys struct {
	mu        sync.Mutex
	cacheable bool
	keys      []masthead.ChangeKey
}

// markCacheable says that the page rendering for r is the same for every
// reader and may be cached, tagged with keys. A handler calls it once it
// knows what the page is; a page rendered without it is never stored.
func markCacheable(r *http.Request, keys ...masthead.ChangeKey) {
	if pk, _ := r.Context().Value(pageKeysKey{}).(*pageKeys); pk != nil {
		pk.mu.Lock()
		pk.cacheable = true
		pk.keys = append(pk.keys, keys...)
		pk.mu.Unlock()
	}
}

// pageShows adds keys of what the page rendering for r shows.
func pageShows(r *http.Request, keys ...masthead.ChangeKey) {
	if pk, _ := r.Context().Value(pageKeysKey{}).(*pageKeys); pk != nil {
		pk.mu.Lock()
		pk.keys = append(pk.keys, keys...)
		pk.mu.Unlock()
	}
}

// articleKeys are the keys of what a card, feed item or article page
// shows of each article: the article, its authors, tags and featured
// image. Sections are in every page's navigation, so KeyAll covers them.
func articleKeys(articles ...*masthead.Article) []masthead.ChangeKey {
	var keys []masthead.ChangeKey
	for _, a := range articles {
		keys = append(keys, masthead.ArticleKey(a.ID))
		for _, au := range a.Authors {
			keys = append(keys, masthead.AuthorKey(au.ID))
			if au.Avatar != nil {
				keys = append(keys, masthead.MediaKey(au.Avatar.ID))
			}
		}
		for _, t := range a.Tags {
			keys = append(keys, masthead.TagKey(t.ID))
		}
		if a.FeaturedImage != nil {
			keys = append(keys, masthead.MediaKey(a.FeaturedImage.ID))
		}
	}
	return keys
}

// serveHits answers the requests the page cache holds a page for before
// anything else sees them: a hit needs no route, no admission gate and
// no per-request context, so it gets none of them, and it sends what
// the whole chain would have sent (the security headers). Whatever it
// cannot answer from memory at once (a query string, a personal cookie,
// a page not stored, a site whose address is not known yet) goes down
// the chain, where cachePages decides.
//
// A hit's log line is at debug level: at the rates of a spike a line
// per hit cost a sixth of serving it, and a system log drops lines at
// such rates anyway. The cache counts its hits instead
// (PageCacheStats), which the serve command logs every minute.
func (s *Server) serveHits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead || s.pageCache.pages == nil ||
			r.URL.RawQuery != "" || !isPagePath(r.URL.Path) || hasPersonalCookie(r) {
			next.ServeHTTP(w, r)
			return
		}
		base, ok := s.knownBase()
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		e := s.pageCache.pages.Lookup(base, r.URL.Path)
		if e == nil {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		setSecurityHeaders(w.Header(), r.TLS != nil || strings.HasPrefix(base, "https://"))
		status := servePageEntry(w, r, e, xCacheHit)
		s.logRequest(r, slog.LevelDebug, status, start)
	})
}

// knownBase returns the site's public address, as base would, when the
// caches are on and it is known without a query or an allocation; ok is
// false otherwise.
func (s *Server) knownBase() (base string, ok bool) {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	switch {
	case !s.cache.on:
		return "", false
	case s.baseURL != "":
		return s.baseURL, true
	case !s.cache.valid:
		return "", false
	}
	if base := strings.TrimRight(s.cache.site.BaseURL, "/"); base != "" {
		return base, true
	}
	return s.fallbackBaseURL, true
}

// cachePages serves public GET and HEAD requests from the page cache.
// Writes need nothing here: the store announces each one to Purge before
// it returns (see NewServer).
func (s *Server) cachePages(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method != http.MethodGet && r.Method != http.MethodHead,
			s.pageCache.pages == nil || !s.watching() || !isPagePath(r.URL.Path):
			next.ServeHTTP(w, r)
			return
		}
		if hasPersonalCookie(r) {
			// Staff and commenters see their own pages: rendered for them,
			// never stored, and kept out of shared caches.
			w.Header().Set("X-Cache", "bypass")
			w.Header().Set("Cache-Control", "private, no-store")
			next.ServeHTTP(w, r)
			return
		}
		r, query, ok := pageIdentity(r)
		if !ok {
			w.Header().Set("X-Cache", "bypass")
			next.ServeHTTP(w, r)
			return
		}
		key := s.base(r) + r.URL.Path
		if query != "" {
			key += "?" + query
			if !s.seenBefore(key) {
				if e := s.pageCache.pages.Get(key); e != nil {
					servePageEntry(w, r, e, xCacheHit)
					return
				}
				w.Header().Set("X-Cache", "miss")
				next.ServeHTTP(w, r)
				return
			}
		}
		var rec *recording
		e, outcome := s.pageCache.pages.Fill(key, func() (pagecache.Page, bool) {
			var page pagecache.Page
			var ok bool
			rec, page, ok = s.renderForCache(next, r)
			return page, ok
		})
		switch {
		case e != nil && outcome == pagecache.Rendered:
			servePageEntry(w, r, e, xCacheMiss)
		case e != nil:
			servePageEntry(w, r, e, xCacheHit)
		case rec != nil:
			// This request rendered a page that may not be shared (an
			// error, a redirect): it gets what was rendered for it.
			w.Header().Set("X-Cache", "miss")
			rec.replay(w, r)
		default:
			// The render this request waited for may not be shared.
			w.Header().Set("X-Cache", "miss")
			next.ServeHTTP(w, r)
		}
	})
}

// watching reports whether a change watcher keeps the caches honest;
// without one nothing is cached, since changes made elsewhere would go
// unseen.
func (s *Server) watching() bool {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	return s.cache.on
}

// isPagePath reports whether p may be a cached page.
func isPagePath(p string) bool {
	for _, prefix := range notPages {
		if strings.HasPrefix(p, prefix) {
			return false
		}
	}
	return true
}

// hasPersonalCookie reports whether r carries one of personalCookies.
// It reads the Cookie headers in place rather than through r.Cookie,
// which parses every cookie into a new value for each name asked about:
// readers arrive with analytics cookies, and every request asks. A
// cookie whose value r.Cookie would refuse still counts here, which errs
// towards rendering a page for its reader alone.
func hasPersonalCookie(r *http.Request) bool {
	for _, line := range r.Header["Cookie"] {
		if isPersonalCookieLine(line) {
			return true
		}
	}
	return false
}

// isPersonalCookieLine reports whether a Cookie header's value holds one
// of personalCookies.
func isPersonalCookieLine(line string) bool {
	for rest := line; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, ";")
		name, _, _ := strings.Cut(strings.TrimSpace(pair), "=")
		if slices.Contains(personalCookies, name) {
			return true
		}
	}
	return false
}

// pageIdentity returns r without its trackers' parameters, and the
// parameters that make the page, encoded in a stable order; ok is false
// when r has a parameter that is neither, or a query that cannot be
// read.
func pageIdentity(r *http.Request) (_ *http.Request, query string, ok bool) {
	if r.URL.RawQuery == "" {
		return r, "", true
	}
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return r, "", false
	}
	allowed := identityParams[r.URL.Path]
	tracked := false
	for name := range values {
		switch {
		case isTracker(name):
			delete(values, name)
			tracked = true
		case !slices.Contains(allowed, name):
			return r, "", false
		}
	}
	query = values.Encode()
	if tracked {
		u := *r.URL
		u.RawQuery = query
		r2 := *r
		r2.URL = &u
		r2.RequestURI = u.RequestURI()
		r = &r2
	}
	return r, query, true
}

// seenBefore records key and reports whether it was asked for before.
func (s *Server) seenBefore(key string) bool {
	s.pageCache.seenMu.Lock()
	defer s.pageCache.seenMu.Unlock()
	if _, ok := s.pageCache.seen[key]; ok {
		return true
	}
	if len(s.pageCache.seen) >= maxSeenQueries {
		clear(s.pageCache.seen)
	}
	s.pageCache.seen[key] = struct{}{}
	return false
}

// renderForCache renders the page r asks for as every reader would get
// it: without r's validators (the cache answers those), as a GET, and
// with a context that outlives r, since other readers may be waiting for
// the page. It reports whether the page may be stored.
func (s *Server) renderForCache(next http.Handler, r *http.Request) (*recording, pagecache.Page, bool) {
	keys := &pageKeys{}
	ctx, cancel := context.WithTimeout(context.WithValue(context.WithoutCancel(r.Context()), pageKeysKey{}, keys), fillTimeout)
	defer cancel()
	fill := r.Clone(ctx)
	fill.Method = http.MethodGet
	for _, h := range []string{"If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range", "Range"} {
		fill.Header.Del(h)
	}
	rec := &recording{header: http.Header{}}
	next.ServeHTTP(rec, fill)
	keys.mu.Lock()
	defer keys.mu.Unlock()
	cc := rec.header.Get("Cache-Control")
	if !keys.cacheable || rec.status != http.StatusOK || len(rec.header.Values("Set-Cookie")) > 0 ||
		strings.Contains(cc, "private") || strings.Contains(cc, "no-store") {
		return rec, pagecache.Page{}, false
	}
	// What every reader of a shared page gets is stored with it, worked
	// out once: its lifetime for browsers and proxies, and its keys for
	// a CDN.
	header := rec.header.Clone()
	header.Del("X-Cache")
	header.Set("Cache-Control", pageCacheControl)
	header.Del("Surrogate-Key")
	if sk := surrogateKeys(uniqueKeys(keys.keys)); sk != "" {
		header.Set("Surrogate-Key", sk)
	}
	return rec, pagecache.Page{Header: header, Body: rec.body.Bytes(), Keys: keys.keys}, true
}

// uniqueKeys returns keys without repeats, in the order of their first
// appearance, as the page cache keeps them.
func uniqueKeys(keys []masthead.ChangeKey) []masthead.ChangeKey {
	seen := make(map[masthead.ChangeKey]bool, len(keys))
	out := make([]masthead.ChangeKey, 0, len(keys))
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// The X-Cache values of pages the cache answers, made once (see
// setSecurityHeaders).
var (
	xCacheHit  = []string{"hit"}
	xCacheMiss = []string{"miss"}
)

// servePageEntry answers r from a cached page, saying with how whether
// it was a hit or a miss, and returns the status it sent. The page
// carries its Cache-Control and Surrogate-Key headers with it.
func servePageEntry(w http.ResponseWriter, r *http.Request, e *pagecache.Entry, how []string) int {
	w.Header()["X-Cache"] = how
	return e.Serve(w, r)
}

// surrogateKeys is the Surrogate-Key header of a page: its keys, or, for
// a page that shows too many to name, only the lists it is.
func surrogateKeys(keys []masthead.ChangeKey) string {
	var b strings.Builder
	for _, k := range keys {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(k))
	}
	if b.Len() <= maxSurrogateKeys {
		return b.String()
	}
	b.Reset()
	for _, k := range keys {
		if isListKey(k) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(string(k))
		}
	}
	return b.String()
}

// isListKey reports whether k names a list rather than one thing.
func isListKey(k masthead.ChangeKey) bool {
	return k == masthead.KeyFront || k == masthead.KeyComments || strings.HasPrefix(string(k), "l")
}

// recording is a response rendered for the cache.
type recording struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (rec *recording) Header() http.Header { return rec.header }

func (rec *recording) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
}

func (rec *recording) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.body.Write(b)
}

// replay sends the recorded response to the reader it was rendered for.
func (rec *recording) replay(w http.ResponseWriter, r *http.Request) {
	for name, values := range rec.header {
		w.Header()[name] = values
	}
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(rec.body.Bytes())
	}
}
