package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"masthead"
	"masthead/i18n"
)

// statusOf maps domain error codes to HTTP statuses; anything else is 500.
var statusOf = map[string]int{
	masthead.ECONFLICT:     http.StatusConflict,
	masthead.EINVALID:      http.StatusUnprocessableEntity,
	masthead.ENOTFOUND:     http.StatusNotFound,
	masthead.EUNAUTHORIZED: http.StatusUnauthorized,
	masthead.EFORBIDDEN:    http.StatusForbidden,
	masthead.ERATELIMIT:    http.StatusTooManyRequests,
	masthead.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// statusHeadings are the headings of the error pages of the statuses the
// errors map to, as net/http names them, in the catalogs' English.
var statusHeadings = map[int]string{
	http.StatusBadRequest:            i18n.Key("Bad Request"),
	http.StatusUnauthorized:          i18n.Key("Unauthorized"),
	http.StatusForbidden:             i18n.Key("Forbidden"),
	http.StatusMethodNotAllowed:      i18n.Key("Method Not Allowed"),
	http.StatusConflict:              i18n.Key("Conflict"),
	http.StatusRequestEntityTooLarge: i18n.Key("Request Entity Too Large"),
	http.StatusUnprocessableEntity:   i18n.Key("Unprocessable Entity"),
	http.StatusTooManyRequests:       i18n.Key("Too Many Requests"),
	http.StatusServiceUnavailable:    i18n.Key("Service Unavailable"),
}

// statusHeading is the heading of an error page, before translation.
func statusHeading(status int) string {
	if h, ok := statusHeadings[status]; ok {
		return h
	}
	return http.StatusText(status)
}

// statusClientClosedRequest is what the access log records for a request
// whose client went away before the answer was ready (nginx's 499): not a
// fault of the server's.
const statusClientClosedRequest = 499

// clientGone reports whether err is only the client having gone away (its
// request's context cancelled). Such a request is logged at debug level
// and answered with nothing, for nobody is there to read it; internal
// errors stay for real faults.
func (s *Server) clientGone(w http.ResponseWriter, r *http.Request, err error) bool {
	if r.Context().Err() == nil || !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	s.logger.LogAttrs(r.Context(), slog.LevelDebug, "client closed the request",
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
	w.WriteHeader(statusClientClosedRequest)
	return true
}

// setRetryAfter tells the client when to try again after a rate limit.
func setRetryAfter(w http.ResponseWriter, err error) {
	var e *masthead.Error
	if errors.As(err, &e) && (e.Code == masthead.ERATELIMIT || e.Code == masthead.EUNAVAILABLE) && e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((e.RetryAfter+time.Second-1)/time.Second)))
	}
}

// errorPage is the data of the styled error page.
type errorPage struct {
	layout
	Status  int
	Heading string
	Message string
}

// error answers a request that failed with err: internal errors are logged
// and shown as a generic message, the rest with their own message.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	if s.clientGone(w, r, err) {
		return
	}
	if strings.HasPrefix(r.URL.Path, apiPrefix) {
		s.apiFail(w, r, err)
		return
	}
	code := masthead.ErrorCode(err)
	if code == masthead.ENOTFOUND && (r.Method == http.MethodGet || r.Method == http.MethodHead) && s.redirectMoved(w, r) {
		return
	}
	setRetryAfter(w, err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
		s.logger.LogAttrs(r.Context(), slog.LevelError, "internal error",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	// The layout needs the database, which may be what failed: fall back
	// to defaults rather than failing twice.
	lay, lerr := s.layout(r, "")
	if lerr != nil {
		lay = s.plainLayout(r, masthead.DefaultSite(), "")
	}
	if u := currentUser(r.Context()); u != nil && u.Language != "" && strings.HasPrefix(r.URL.Path, "/admin/") {
		// A refusal in the newsroom speaks the staff member's language,
		// as the page it came from did.
		lay.setLanguage(s, u.Language)
	}
	page := errorPage{Status: status, Message: lay.message(err)}
	switch status {
	case http.StatusNotFound:
		page.Heading = lay.T("Page not found")
		page.Message = lay.T("Sorry, there is nothing at this address. It may have moved, or the link may be mistyped.")
	case http.StatusInternalServerError:
		page.Heading = lay.T("Something went wrong")
		page.Message = lay.T("Sorry, the page could not be shown. Please try again in a moment.")
	default:
		page.Heading = lay.T(statusHeading(status))
	}
	lay.setTitle(page.Heading)
	lay.NoIndex = true
	page.layout = lay
	s.render(w, r, status, "error", &page)
}

// handleNotFound serves every path no route matches: "GET /".
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.error(w, r, masthead.Errorf(masthead.ENOTFOUND, "Page not found."))
}

// handleHealth serves "GET /healthz" for load balancers and tests: the
// process is up and its database answers. It costs one trivial read and
// passes no gate, so that a busy server still says it is alive.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := s.store.Ping(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n"))
}

// redirectMoved answers a request for a page that moved (a renamed tag,
// section or author, an imported post's old address) with a permanent
// redirect, keeping what followed the moved part: /tag/old/feed/ goes to
// /tag/new/feed/.
// An old address that names a file (/archives/12.html) matches as a whole.
func (s *Server) redirectMoved(w http.ResponseWriter, r *http.Request) bool {
	p := r.URL.Path
	var prefixes []string
	if !strings.HasSuffix(p, "/") {
		// An address without its slash (/archives/12, /old.html) may have
		// moved as it is or in its slash form: either answers in one hop.
		prefixes = append(prefixes, p+"/", p)
	}
	for i := len(p) - 1; i > 0; i-- {
		if p[i] == '/' {
			prefixes = append(prefixes, p[:i+1])
		}
	}
	from, to, err := s.store.FindRedirect(r.Context(), prefixes)
	if err != nil {
		return false
	}
	// What follows the moved part goes along as the client escaped it, so
	// that a decoded backslash or control character cannot make the target
	// leave the site; localRedirect refuses any target that would.
	rest := strings.TrimPrefix(r.URL.EscapedPath(), from)
	switch {
	case from == p+"/":
		rest = ""
	case !strings.HasPrefix(r.URL.EscapedPath(), from):
		rest = strings.TrimPrefix(p, from)
	}
	// A page's address without its slash gets it here, as canonicalSlash
	// would give it, so that the redirect is the only hop.
	if rest != "" && !strings.HasSuffix(rest, "/") && !strings.Contains(path.Base(rest), ".") {
		rest += "/"
	}
	target := to + rest
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	localRedirect(w, r, target, http.StatusMovedPermanently)
	return true
}
