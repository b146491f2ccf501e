// Package web serves Masthead over HTTP: the public site, its feeds, the
// newsroom's admin and the read-only API. It is the only package with
// handlers, middleware and templates; it parses, signs, renders and
// redirects, talks to storage only through masthead.Store, and leaves the
// rules to the packages that hold them (masthead's permissions, moderation).
package web

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"masthead"
	"masthead/mail"
	"masthead/media"
	"masthead/moderation"
	"masthead/pagecache"
	"masthead/password"
	"masthead/related"
	"masthead/zipdir"
)

// Options configure a Server. Zero values are usable.
type Options struct {
	// BaseURL is the public address of the site, e.g.
	// "https://news.example.org"; canonical links are built from it.
	BaseURL string
	// FallbackBaseURL is the public address when neither BaseURL nor the
	// base_url setting gives one: the address the server listens on.
	// Without it links name http://localhost. The request's Host header
	// is never used: anyone can send any Host, and the pages it made
	// would be kept by caches for every reader.
	FallbackBaseURL string
	// Logger receives request and error logs; nil discards them.
	Logger *slog.Logger
	// Now returns the current time; it defaults to time.Now.
	Now func() time.Time
	// TrustProxy takes the client's address from X-Forwarded-For, as the
	// load balancer or proxy in front of Masthead sets it. Leave it off
	// when clients reach Masthead directly, or they could claim any address.
	TrustProxy bool
	// MediaDir is where uploaded images are stored: a directory of its
	// own, which several nodes may share. It is used when MediaStorage is
	// nil; with neither, uploads are off.
	MediaDir string
	// MediaStorage keeps uploaded images, in place of MediaDir.
	MediaStorage media.Storage
	// CommentEvery and CommentBurst limit comments per network (a /24 or
	// /48): at most CommentBurst within CommentBurst × CommentEvery. Zero
	// means moderation.DefaultRateLimit; a negative CommentEvery turns the
	// limit off. The count is of stored comments, so it holds across every
	// node.
	CommentEvery time.Duration
	CommentBurst int
	// Capacity bounds the work of each class in flight at once; zero
	// values take defaults.
	Capacity Capacity
	// MaxBodyBytes bounds the body of every request but those whose
	// route has its own bound (an image upload: media.MaxBytes and its
	// form; sign-in and password forms: 16 KB; an export's upload:
	// MaxImportBytes); zero sets no bound for the others.
	MaxBodyBytes int64
	// Import imports an uploaded export (Tools → Import); nil refuses
	// uploads.
	Import ImportFunc
	// SpoolDir is where uploaded exports wait while they are imported
	// (a folder of the data directory); empty means the system's
	// temporary directory. MaxImportBytes bounds an upload; zero means
	// DefaultMaxImportBytes.
	SpoolDir       string
	MaxImportBytes int64
	// PageCacheBytes bounds the page cache, which keeps rendered public
	// pages while a change watcher runs (WatchChanges); zero turns it
	// off. DefaultPageCacheBytes is a sensible size.
	PageCacheBytes int64
	// PurgeWebhook, when set, is a URL that hears of every purge: a CDN
	// or proxy in front learns which pages to drop (see
	// pagecache.Webhook). Shutdown sends what is left.
	PurgeWebhook string
	// MaxUploadsBytes bounds the zip of the old site's uploads that may
	// come with an export; zero means DefaultMaxUploadsBytes. UploadsLimits
	// bound the files it unpacks to; a zero field means
	// DefaultUploadsLimits' own.
	MaxUploadsBytes int64
	UploadsLimits   zipdir.Limits
	// Theme, when set, is the look of the public site whatever the theme
	// setting says: a directory whose templates/ and static/ override the
	// built-in files of the same names, or "builtin:NAME" for one of
	// masthead.Themes. Every template is parsed in NewServer, which fails
	// with the file and line of a broken one.
	Theme string
	// Mail is the serve command's --smtp-* flags, which win over the
	// site's mail settings field by field: whether the site can send mail
	// decides what invitations and "Forgot your password?" do.
	Mail mail.Settings
	// PrivacyLinks delivers the confirmation links of readers' requests
	// for their data or its erasure (/privacy/request/); nil means the
	// site cannot send them, which the request form then says.
	PrivacyLinks masthead.LinkSender
}

// Server is the HTTP face of a Masthead site.
type Server struct {
	store masthead.Store
	// related finds an article page's related articles, keeping the
	// lists they are chosen from; Purge keeps it current.
	related *related.Finder
	// unknownLanguages holds the language tags without a catalog that the
	// log has already named.
	unknownLanguages sync.Map
	baseURL          string
	// fallbackBaseURL is used when neither baseURL nor the setting is set.
	fallbackBaseURL string
	logger          *slog.Logger
	now             func() time.Time

	// looks are the built-in themes by name, which the theme setting
	// chooses among; fixedTheme, when set, is the --theme the server was
	// started with, which wins. assets serves every theme's static files.
	looks      map[string]*theme
	fixedTheme *theme
	assets     *assets
	handler    http.Handler

	commentLimit masthead.RateLimit // zero: no limit
	gates        gates
	media        media.Storage // nil: no uploads
	trustProxy   bool

	secretMu   sync.Mutex
	siteSecret []byte

	maxBodyBytes int64
	imports      importRunner
	// privacyLinks sends the confirmation links of readers' requests.
	privacyLinks masthead.LinkSender

	// signInPolicy throttles password checks (masthead.DefaultSignInPolicy).
	signInPolicy masthead.SignInPolicy
	// verifyPassword checks a password against a stored hash, doing the
	// work of a check whatever the hash (password.Matches); tests wrap it
	// to count the checks.
	verifyPassword func(pw, hash string) bool

	// cache holds the site settings, sections and menus, which every
	// page shows and which rarely change, while a change watcher keeps it
	// honest.
	cache siteCache
	// pageCache holds whole public pages, under the same watcher.
	pageCache pageCacheState
	// icons keeps the favicon and touch icons made from the site icon.
	icons icons
	// mailFlags are Options.Mail.
	mailFlags mail.Settings
}

// siteCache is the settings, sections and menus, valid until the next
// change.
type siteCache struct {
	mu    sync.Mutex
	on    bool   // a watcher runs; without one nothing is cached
	gen   uint64 // moves at every change, so a load that raced one is dropped
	site  *masthead.Site
	nav   []*masthead.Category
	valid bool
	// menus holds each location's menu, nil for one never saved. It is
	// loaded apart from the settings, which some requests need alone.
	menus      map[masthead.MenuLocation]*masthead.Menu
	menusValid bool
	// brand holds the images the branding settings named, by their ids
	// (brandFor), loaded when a page first needs them.
	brand      brandImages
	brandFor   [3]int64
	brandValid bool
}

// invalidate drops the cached settings, sections and menus.
func (s *Server) invalidate() {
	s.cache.mu.Lock()
	s.cache.gen++
	s.cache.valid, s.cache.site, s.cache.nav = false, nil, nil
	s.cache.menusValid, s.cache.menus = false, nil
	s.cache.brandValid, s.cache.brand = false, brandImages{}
	s.cache.mu.Unlock()
}

// menus returns every location's menu (nil for a location never saved),
// from the cache when a watcher keeps it. Menus are shared: callers must
// not change them.
func (s *Server) menus(ctx context.Context) (map[masthead.MenuLocation]*masthead.Menu, error) {
	s.cache.mu.Lock()
	on, gen := s.cache.on, s.cache.gen
	if on && s.cache.menusValid {
		menus := s.cache.menus
		s.cache.mu.Unlock()
		return menus, nil
	}
	s.cache.mu.Unlock()
	menus, err := s.store.FindMenus(ctx)
	if err != nil {
		return nil, err
	}
	if on {
		s.cache.mu.Lock()
		if s.cache.on && s.cache.gen == gen {
			s.cache.menus, s.cache.menusValid = menus, true
		}
		s.cache.mu.Unlock()
	}
	return menus, nil
}

// WatchChanges keeps the server's caches (the settings, sections and
// menus; the page cache) while the watcher reports every change, from
// this process, another node or the command line, handing its keys to
// Purge; until ctx ends. Without it the server caches nothing.
func (s *Server) WatchChanges(ctx context.Context, w masthead.ChangeWatcher) error {
	defer func() {
		s.cache.mu.Lock()
		s.cache.on = false
		s.cache.mu.Unlock()
		s.related.Keep(false)
		s.Purge([]masthead.ChangeKey{masthead.KeyAll})
	}()
	// Caching starts with the watcher's first report, which it makes once
	// it listens: a page cached before then could miss a change, and
	// would be dropped by that first report anyway.
	return w.WatchChanges(ctx, func(keys []masthead.ChangeKey) {
		s.Purge(keys)
		s.cache.mu.Lock()
		s.cache.on = ctx.Err() == nil
		s.cache.mu.Unlock()
		s.related.Keep(ctx.Err() == nil)
	})
}

// site returns the settings, from the cache when a watcher keeps it.
func (s *Server) site(ctx context.Context) (*masthead.Site, error) {
	s.cache.mu.Lock()
	on := s.cache.on
	s.cache.mu.Unlock()
	if !on {
		return s.store.FindSite(ctx)
	}
	site, _, err := s.siteAndNav(ctx)
	return site, err
}

// siteAndNav returns the settings and the sections, from the cache when a
// watcher keeps it.
func (s *Server) siteAndNav(ctx context.Context) (*masthead.Site, []*masthead.Category, error) {
	s.cache.mu.Lock()
	on, gen := s.cache.on, s.cache.gen
	if on && s.cache.valid {
		site, nav := s.cache.site, s.cache.nav
		s.cache.mu.Unlock()
		copied := *site // pages may adjust their copy
		return &copied, nav, nil
	}
	s.cache.mu.Unlock()
	site, err := s.store.FindSite(ctx)
	if err != nil {
		return nil, nil, err
	}
	nav, err := s.store.FindCategories(ctx, navLimit)
	if err != nil {
		return nil, nil, err
	}
	if on {
		s.cache.mu.Lock()
		if s.cache.on && s.cache.gen == gen {
			copied := *site
			s.cache.site, s.cache.nav, s.cache.valid = &copied, nav, true
		}
		s.cache.mu.Unlock()
	}
	return site, nav, nil
}

// NewServer returns a Server for store. It parses every template and hashes
// every static file up front, so that a broken template fails at start-up
// rather than on a reader's request.
func NewServer(store masthead.Store, opts Options) (*Server, error) {
	s := &Server{
		store:           store,
		related:         related.New(store),
		baseURL:         strings.TrimRight(opts.BaseURL, "/"),
		fallbackBaseURL: cmp.Or(strings.TrimRight(opts.FallbackBaseURL, "/"), "http://localhost"),
		logger:          opts.Logger,
		now:             opts.Now,
	}
	s.media, s.trustProxy = opts.MediaStorage, opts.TrustProxy
	if s.media == nil && opts.MediaDir != "" {
		s.media = media.Dir(opts.MediaDir)
	}
	if s.logger == nil {
		s.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	if every := opts.CommentEvery; every >= 0 {
		s.commentLimit = moderation.DefaultRateLimit
		if opts.CommentBurst > 0 {
			s.commentLimit.Max = opts.CommentBurst
		}
		if every == 0 {
			every = moderation.DefaultRateLimit.Window / time.Duration(moderation.DefaultRateLimit.Max)
		}
		s.commentLimit.Window = every * time.Duration(s.commentLimit.Max)
	}
	s.maxBodyBytes, s.mailFlags = opts.MaxBodyBytes, opts.Mail
	s.privacyLinks = opts.PrivacyLinks
	if s.privacyLinks == nil {
		s.privacyLinks = noMail{}
	}
	s.gates = newGates(opts.Capacity)
	s.signInPolicy, s.verifyPassword = masthead.DefaultSignInPolicy, password.Matches
	s.imports.init(opts.Import, opts.SpoolDir, opts.MaxImportBytes)
	s.imports.initUploads(opts.MaxUploadsBytes, opts.UploadsLimits)
	if opts.PageCacheBytes > 0 {
		s.pageCache.pages = pagecache.New(pagecache.Options{MaxBytes: opts.PageCacheBytes, MaxAge: pageMaxAge, Now: s.now,
			EveryEncodingAtFill: opts.PurgeWebhook != ""})
		s.pageCache.seen = map[string]struct{}{}
	}
	if opts.PurgeWebhook != "" {
		s.pageCache.webhook = pagecache.NewWebhook(opts.PurgeWebhook, s.logger)
	}
	if err := s.loadThemes(opts.Theme); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	// A write of this process drops what it makes stale before it
	// returns, so that the writer's next page, on this node, shows it.
	if a, ok := store.(masthead.ChangeAnnouncer); ok {
		a.OnChange(s.Purge)
	}
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// secure reports whether cookies should be marked Secure: the request came
// over TLS, or the site's public address is https (TLS ends at a proxy).
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.base(r), "https://")
}
