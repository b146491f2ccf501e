// Package web serves Masthead over HTTP: the public site now, the admin and
// the API later. It is the only package with handlers, middleware and
// templates, and it talks to storage only through masthead.Store.
package web

import (
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"masthead"
)

// Options configure a Server. Zero values are usable.
type Options struct {
	// BaseURL is the public address of the site, e.g.
	// "https://news.example.org"; canonical links are built from it.
	BaseURL string
	// Logger receives request and error logs; nil discards them.
	Logger *slog.Logger
	// Now returns the current time; it defaults to time.Now.
	Now func() time.Time
	// TrustProxy takes the client's address from X-Forwarded-For, as the
	// load balancer or proxy in front of Masthead sets it. Leave it off
	// when clients reach Masthead directly, or they could claim any address.
	TrustProxy bool
	// MediaDir is where uploaded images are stored: a directory of its
	// own, which several nodes may share. Empty turns uploads off.
	MediaDir string
	// CommentEvery and CommentBurst limit comments per network (a /24 or
	// /48): a burst, then one every CommentEvery. Zero means one a
	// minute after a burst of 5; a negative CommentEvery turns the limit
	// off.
	CommentEvery time.Duration
	CommentBurst int
}

// Server is the HTTP face of a Masthead site.
type Server struct {
	store   masthead.Store
	baseURL string
	logger  *slog.Logger
	now     func() time.Time

	pages   map[string]*template.Template
	assets  *assets
	handler http.Handler

	commentLimiter *ipLimiter
	mediaDir       string
	trustProxy     bool

	secretMu   sync.Mutex
	siteSecret []byte
}

// NewServer returns a Server for store. It parses every template and hashes
// every static file up front, so that a broken template fails at start-up
// rather than on a reader's request.
func NewServer(store masthead.Store, opts Options) (*Server, error) {
	s := &Server{
		store:   store,
		baseURL: strings.TrimRight(opts.BaseURL, "/"),
		logger:  opts.Logger,
		now:     opts.Now,
	}
	s.mediaDir, s.trustProxy = opts.MediaDir, opts.TrustProxy
	if s.logger == nil {
		s.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	every, burst := opts.CommentEvery, opts.CommentBurst
	if every == 0 {
		every = time.Minute
	}
	if burst <= 0 {
		burst = 5
	}
	s.commentLimiter = newIPLimiter(every, burst)
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// secure reports whether cookies should be marked Secure: the request came
// over TLS, or the site's public address is https (TLS ends at a proxy).
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.baseURL, "https://")
}
