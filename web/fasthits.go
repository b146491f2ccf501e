package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"masthead/hitserver"
)

// AnswerHit answers a request that package hitserver read below
// net/http, from the page cache, when serveHits would have answered it
// from there: the same page under the same conditions (a public page
// with no query string, no personal cookie, a site whose address is
// known), the same choice of encoding and 304, and the same headers,
// made once per page and encoding as bytes (pagecache.Entry.Wire). A
// hit is counted by the cache and logged at debug level, as serveHits
// does. Anything else is answered by net/http.
func (s *Server) AnswerHit(req *hitserver.Request) (hitserver.Answer, bool) {
	if s.pageCache.pages == nil || !isPagePath(req.Path) || isPersonalCookieLine(req.Cookie) {
		return hitserver.Answer{}, false
	}
	base, ok := s.knownBase()
	if !ok {
		return hitserver.Answer{}, false
	}
	start := time.Now()
	e := s.pageCache.pages.Lookup(base, req.Path)
	if e == nil {
		return hitserver.Answer{}, false
	}
	c := e.Choose(req.AcceptEncoding, req.IfNoneMatch, req.IfModifiedSince)
	// A connection read below net/http carries no TLS: https is the
	// base URL's, as it is for serveHits behind a proxy.
	profile, extra := 0, hitHeaders
	if strings.HasPrefix(base, "https://") {
		profile, extra = 1, hitHeadersHTTPS
	}
	w := e.Wire(c, profile, extra)
	if w == nil {
		return hitserver.Answer{}, false
	}
	answer := hitserver.Answer{Status: w.Status, Fields: w.Fields, Body: w.Body}
	if req.Method == http.MethodHead {
		answer.Body = nil
	}
	status := http.StatusOK
	if c.NotModified() {
		status = http.StatusNotModified
	}
	s.logLine(context.Background(), slog.LevelDebug, req.Method, req.Path, status, start)
	return answer, true
}

// hitHeaders and hitHeadersHTTPS set what serveHits adds to a cached
// page's own headers, over http and over https.
func hitHeaders(h http.Header) {
	setSecurityHeaders(h, false)
	h["X-Cache"] = xCacheHit
}

func hitHeadersHTTPS(h http.Header) {
	setSecurityHeaders(h, true)
	h["X-Cache"] = xCacheHit
}
