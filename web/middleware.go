package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"masthead/embed"
	"masthead/mail"
	"masthead/media"
)

// contentSecurityPolicy allows no inline script or style: scripts, when they
// come, live in static files. Images may come from elsewhere because article
// bodies may show them. Frames come only from the embed providers' frame
// hosts, read from their table so that the two cannot drift apart.
var contentSecurityPolicy = "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; frame-src " + frameSources()

// frameSources lists the embed providers' frame hosts as CSP sources.
func frameSources() string {
	var out []string
	for _, h := range embed.FrameHosts() {
		out = append(out, "https://"+h)
	}
	return strings.Join(out, " ")
}

// permissionsPolicy turns off the powerful browser features a news site
// never uses, for its own pages and for anything they might embed. Only
// features every current browser knows are named: an unknown one is
// reported in the console.
const permissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), " +
	"magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()"

// strictTransportSecurity keeps browsers on https for a year once they
// have seen the site over it. It leaves subdomains alone: a newsroom's
// other hosts are not Masthead's to promise.
const strictTransportSecurity = "max-age=31536000"

// The security headers' values as header maps hold them, made once:
// every response carries them, and assigning a ready slice costs
// neither the canonicalisation nor the allocation of Header.Set. Each
// slice has the capacity of its length, so that a handler that adds to
// one of these headers gets a copy rather than changing every response's.
var (
	cspValue                = []string{contentSecurityPolicy}
	permissionsPolicyValue  = []string{permissionsPolicy}
	noSniffValue            = []string{"nosniff"}
	referrerPolicyValue     = []string{"strict-origin-when-cross-origin"}
	frameOptionsValue       = []string{"DENY"}
	transportSecurityValues = []string{strictTransportSecurity}
)

// setSecurityHeaders puts the headers every response carries into h,
// and HSTS when the response goes out over https.
func setSecurityHeaders(h http.Header, https bool) {
	h["Content-Security-Policy"] = cspValue
	h["Permissions-Policy"] = permissionsPolicyValue
	h["X-Content-Type-Options"] = noSniffValue
	h["Referrer-Policy"] = referrerPolicyValue
	h["X-Frame-Options"] = frameOptionsValue
	if https {
		h["Strict-Transport-Security"] = transportSecurityValues
	}
}

// secureHeaders sets the headers every response carries, and HSTS on
// those that go out over https (TLS here, or at a proxy in front of an
// https base URL).
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w.Header(), s.secure(r))
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status a handler wrote, for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests writes one log line per request.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		s.logRequest(r, slog.LevelInfo, rec.status, start)
	})
}

// logRequest writes the log line of a request answered with status, at
// level. It hands the record to the logger's handler itself, without the
// caller's program counter that Logger.LogAttrs looks up for every line
// (a stack walk that cost more than serving a cached page): the line's
// source is always this function.
func (s *Server) logRequest(r *http.Request, level slog.Level, status int, start time.Time) {
	s.logLine(r.Context(), level, r.Method, r.URL.Path, status, start)
}

// logLine is logRequest for a request known by its method and path.
func (s *Server) logLine(ctx context.Context, level slog.Level, method, path string, status int, start time.Time) {
	h := s.logger.Handler()
	if !h.Enabled(ctx, level) {
		return
	}
	now := time.Now()
	rec := slog.NewRecord(now, level, "request", 0)
	rec.AddAttrs(slog.String("method", method), slog.String("path", path),
		slog.Int("status", status), slog.Duration("duration", now.Sub(start)))
	h.Handle(ctx, rec)
}

// recoverPanics turns a panic in a handler into a logged 500 instead of a
// dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.error(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// credentialsFormBytes bounds the forms that carry an email and a
// password: anonymous, and with nothing in them that needs more.
const credentialsFormBytes = 16 << 10

// bodyLimit is the most a request's body may carry, by route: one number
// per route, so that no outer bound is smaller than a handler's promise.
// An export's upload (Tools → Import) is far larger by nature and its
// handler bounds it (Options.MaxImportBytes): zero here.
func (s *Server) bodyLimit(r *http.Request) int64 {
	if r.Method != http.MethodPost {
		return s.maxBodyBytes
	}
	switch r.URL.Path {
	case importPath:
		return 0
	case "/admin/media":
		return media.MaxBytes + 1<<20 // the file and the form around it
	case "/admin/login", "/admin/setup", "/admin/password", "/admin/forgot", mail.SetPasswordPath:
		return credentialsFormBytes
	}
	return s.maxBodyBytes
}

// limitBodies bounds every request body by its route's bodyLimit.
func (s *Server) limitBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n := s.bodyLimit(r); n > 0 {
			r.Body = http.MaxBytesReader(w, r.Body, n)
		}
		next.ServeHTTP(w, r)
	})
}
