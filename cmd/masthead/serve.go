package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"masthead"
	"masthead/demo"
	"masthead/hitserver"
	"masthead/i18n"
	"masthead/jobs"
	"masthead/mail"
	"masthead/media"
	"masthead/notify"
	"masthead/pagecache"
	"masthead/postgres"
	"masthead/sqlite"
	"masthead/sqlstore"
	"masthead/web"
)

// config is what the commands need from flags and environment.
type config struct {
	addr       string
	dataDir    string
	database   string // a PostgreSQL URL; empty for SQLite in dataDir
	replica    string // a read-only PostgreSQL replica for public pages
	baseURL    string
	demo       bool
	jobEvery   time.Duration
	mediaDir   string
	trustProxy bool
	fastHits   bool
	pageCache  byteSize
	purgeHook  string
	sqliteSync sqlite.Sync   // when a SQLite commit waits for the disk
	theme      string        // a theme directory, or builtin:NAME
	smtp       mail.Settings // the --smtp-* flags, which win over the mail settings
	language   string        // the demo's language setting, a BCP 47 tag
}

// mailFlags registers the flags of outgoing mail, which win over the
// site's mail settings field by field. It refuses a MASTHEAD_SMTP_PORT
// that is not a port.
func mailFlags(fs *flag.FlagSet, c *config, getenv func(string) string) error {
	fs.StringVar(&c.smtp.Host, "smtp-host", envOr(getenv, "MASTHEAD_SMTP_HOST", ""), "SMTP server `host` to send mail through (env MASTHEAD_SMTP_HOST; default: the smtp_host setting)")
	setPort := func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q is not a port between 1 and 65535", v)
		}
		c.smtp.Port = n
		return nil
	}
	if v := getenv("MASTHEAD_SMTP_PORT"); v != "" {
		if err := setPort(v); err != nil {
			return usageError{"MASTHEAD_SMTP_PORT: " + err.Error()}
		}
	}
	fs.Func("smtp-port", "SMTP server `port` (env MASTHEAD_SMTP_PORT; default: the smtp_port setting, else 587 for starttls, 465 for tls, 25 for none)", setPort)
	fs.StringVar(&c.smtp.Security, "smtp-security", envOr(getenv, "MASTHEAD_SMTP_SECURITY", ""), "`security` of the SMTP connection: starttls, tls or none (env MASTHEAD_SMTP_SECURITY; default: the smtp_security setting, else starttls)")
	fs.StringVar(&c.smtp.User, "smtp-user", envOr(getenv, "MASTHEAD_SMTP_USER", ""), "`user` to sign in to the SMTP server with (env MASTHEAD_SMTP_USER; default: the smtp_user setting)")
	c.smtp.Password = masthead.Secret(envOr(getenv, "MASTHEAD_SMTP_PASSWORD", ""))
	fs.Func("smtp-password", "`password` for the SMTP user; prefer the environment, which other users of the machine cannot list (env MASTHEAD_SMTP_PASSWORD; default: the smtp_password setting)", func(v string) error {
		c.smtp.Password = masthead.Secret(v)
		return nil
	})
	fs.StringVar(&c.smtp.From, "mail-from", envOr(getenv, "MASTHEAD_MAIL_FROM", ""), "`address` mail comes from, such as news@example.org (env MASTHEAD_MAIL_FROM; default: the mail_from setting)")
	return nil
}

// checkMail refuses mail flags that cannot be used, in a sentence.
func (c config) checkMail() error {
	if err := c.smtp.Check(); err != nil {
		return usageError{strings.TrimSuffix(masthead.ErrorMessage(err), ".")}
	}
	return nil
}

// languageFlag registers --language, for the commands that fill the demo.
func languageFlag(fs *flag.FlagSet, c *config, getenv func(string) string) {
	fs.StringVar(&c.language, "language", envOr(getenv, "MASTHEAD_LANGUAGE", ""),
		"BCP 47 `tag` of the demo site's language, such as de, fr, es or ar: its interface is shown in it (env MASTHEAD_LANGUAGE; default: the language setting)")
}

// checkLanguage refuses a --language that is no BCP 47 tag.
func (c config) checkLanguage() error {
	if c.language == "" {
		return nil
	}
	if _, err := language.Parse(c.language); err != nil {
		return usageError{fmt.Sprintf("--language %q is not a language tag such as de, fr-CA or ar", c.language)}
	}
	return nil
}

// mailSettings returns the settings mail is sent with: the flags over the
// site's settings, read afresh, so that a change on the Settings page
// serves at once.
func (c config) mailSettings(store masthead.SiteStore) func(ctx context.Context) (mail.Settings, error) {
	return func(ctx context.Context) (mail.Settings, error) {
		site, err := store.FindSite(ctx)
		if err != nil {
			return mail.Settings{}, err
		}
		return c.smtp.Over(mail.FromSite(site)), nil
	}
}

// languageNotice is the sentence that says a language has no catalog, so
// that the interface is in English; empty when it has one.
func languageNotice(tag string) string {
	if _, ok := i18n.Match(tag); ok {
		return ""
	}
	return fmt.Sprintf("Masthead has no translation for the language %q, so its interface is shown in English; it speaks %s.\n", tag, strings.Join(i18n.Languages(), ", "))
}

// dataFlags registers the flags every command that opens the site shares.
func dataFlags(fs *flag.FlagSet, c *config, getenv func(string) string) {
	fs.StringVar(&c.dataDir, "data", envOr(getenv, "MASTHEAD_DATA", "./masthead-data"),
		"data `directory`: the SQLite database, unless --database is given (env MASTHEAD_DATA)")
	fs.StringVar(&c.database, "database", envOr(getenv, "MASTHEAD_DATABASE_URL", ""),
		"PostgreSQL `URL` such as postgres://user:pass@host/db, instead of SQLite (env MASTHEAD_DATABASE_URL)")
}

// mediaFlag registers --media-dir, for the commands that store images:
// serve, and import and demo, which must put them where serve finds them.
func mediaFlag(fs *flag.FlagSet, c *config, getenv func(string) string) {
	fs.StringVar(&c.mediaDir, "media-dir", envOr(getenv, "MASTHEAD_MEDIA_DIR", ""),
		"`directory` for uploaded images, shared by every node (env MASTHEAD_MEDIA_DIR; default: media in the data directory)")
}

// mediaDirectory is where images are stored: --media-dir, else media in
// the data directory.
func (c config) mediaDirectory() string {
	if c.mediaDir != "" {
		return c.mediaDir
	}
	return filepath.Join(c.dataDir, "media")
}

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&c.addr, "addr", envOr(getenv, "MASTHEAD_ADDR", "127.0.0.1:8080"), "`address` to listen on (env MASTHEAD_ADDR)")
	dataFlags(fs, &c, getenv)
	fs.StringVar(&c.baseURL, "base-url", envOr(getenv, "MASTHEAD_BASE_URL", ""),
		"public `URL` of the site, e.g. https://news.example.org (env MASTHEAD_BASE_URL; default: the base_url setting, else the listen address)")
	fs.StringVar(&c.replica, "database-replica", envOr(getenv, "MASTHEAD_DATABASE_REPLICA_URL", ""),
		"read-only PostgreSQL replica `URL` for public pages (env MASTHEAD_DATABASE_REPLICA_URL)")
	mediaFlag(fs, &c, getenv)
	fs.BoolVar(&c.trustProxy, "trust-proxy", envOr(getenv, "MASTHEAD_TRUST_PROXY", "") == "1",
		"take client addresses from X-Forwarded-For, behind a load balancer or proxy (env MASTHEAD_TRUST_PROXY=1)")
	fs.BoolVar(&c.fastHits, "fast-hits", envOr(getenv, "MASTHEAD_FAST_HITS", "1") != "0",
		"answer the page cache's hits from ready bytes below net/http; false leaves every request to net/http (env MASTHEAD_FAST_HITS=0 turns it off)")
	c.pageCache = web.DefaultPageCacheBytes
	if v := getenv("MASTHEAD_PAGE_CACHE"); v != "" {
		if err := c.pageCache.Set(v); err != nil {
			return usageError{"MASTHEAD_PAGE_CACHE: " + err.Error()}
		}
	}
	fs.Var(&c.pageCache, "page-cache", "`size` of the in-memory cache of public pages, such as 64MB or 512KB; 0 turns it off (env MASTHEAD_PAGE_CACHE)")
	fs.StringVar(&c.purgeHook, "purge-webhook", envOr(getenv, "MASTHEAD_PURGE_WEBHOOK", ""),
		"`URL` to POST the keys of every page cache purge to, for a CDN in front (env MASTHEAD_PURGE_WEBHOOK)")
	fs.DurationVar(&c.jobEvery, "job-interval", 10*time.Second, "how often to publish scheduled articles whose time has come")
	fs.Func("sqlite-sync", "when a SQLite commit waits for the disk: `full` (every acknowledged write survives a power cut) or normal (it survives a crash of the process; the last writes may be lost in a power cut, for an fsync less per commit) (env MASTHEAD_SQLITE_SYNC; default full)",
		func(v string) (err error) { c.sqliteSync, err = sqlite.ParseSync(v); return err })
	if v := envOr(getenv, "MASTHEAD_SQLITE_SYNC", ""); v != "" {
		var err error
		if c.sqliteSync, err = sqlite.ParseSync(v); err != nil {
			return usageError{"MASTHEAD_SQLITE_SYNC: " + err.Error()}
		}
	}
	fs.StringVar(&c.theme, "theme", envOr(getenv, "MASTHEAD_THEME", ""),
		"theme `directory` whose templates/ and static/ override the built-in files of the same names, or builtin:NAME for a built-in look; it wins over the theme setting (env MASTHEAD_THEME)")
	fs.BoolVar(&c.demo, "demo", envOr(getenv, "MASTHEAD_DEMO", "") == "1", "fill an empty site with demo content before serving (env MASTHEAD_DEMO=1)")
	if err := mailFlags(fs, &c, getenv); err != nil {
		return err
	}
	languageFlag(fs, &c, getenv)
	if help, err := parseFlags(fs, args, stdout); help || err != nil {
		return err
	}
	if err := c.checkMail(); err != nil {
		return err
	}
	if err := c.checkLanguage(); err != nil {
		return err
	}
	if c.language != "" && !c.demo {
		return usageError{"--language sets the demo site's language and needs --demo; set the language setting for any other site"}
	}
	if c.baseURL != "" {
		if err := checkBaseURL(c.baseURL); err != nil {
			return err
		}
	}
	if c.purgeHook != "" {
		if u, err := url.Parse(c.purgeHook); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageError{"--purge-webhook must be an absolute http or https URL"}
		}
	}
	if c.replica != "" && c.database == "" {
		return usageError{"--database-replica needs --database: a replica only exists beside a PostgreSQL primary"}
	}

	defer debug.SetMemoryLimit(softMemoryLimit(getenv, int64(c.pageCache)))
	store, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close()
	// The log is written in batches (see batchedLog); everything the
	// server logs goes out before it returns.
	batched := newBatchedLog(stderr, logFlushEvery)
	defer batched.Close()
	logger := slog.New(flushOnWarnings{Handler: slog.NewTextHandler(batched, nil), log: batched})
	if c.demo {
		if err := seedDemo(ctx, store, c.demoMedia(), c.language, stdout); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", c.addr, unwrapNetError(err))
	}
	defer ln.Close()
	// Without --base-url the base_url setting decides, else the listen
	// address: never the Host header a request claims.
	fallbackURL := listenURL(ln.Addr().(*net.TCPAddr))
	site, err := store.FindSite(ctx)
	if err != nil {
		return err
	}
	shownURL := c.baseURL
	if shownURL == "" {
		shownURL = strings.TrimRight(site.BaseURL, "/")
	}
	baseNotice := ""
	if shownURL == "" {
		shownURL = fallbackURL
		baseNotice = fmt.Sprintf("No base URL is set, so links in pages, feeds and sitemaps name %s: set --base-url or the base_url setting to the site's public address.\n", fallbackURL)
	}
	// mailBase is the address mail links to, worked out as pages' links
	// are: the flag, else the setting as it stands, else the listener.
	mailBase := func(site *masthead.Site) string {
		if c.baseURL != "" {
			return c.baseURL
		}
		if b := strings.TrimRight(site.BaseURL, "/"); b != "" {
			return b
		}
		return fallbackURL
	}
	c.mediaDir = c.mediaDirectory()
	if err := os.MkdirAll(c.mediaDir, 0o750); err != nil {
		return fmt.Errorf("cannot create the media directory %s: %w", c.mediaDir, err)
	}
	// Uploaded exports wait in the spool folder while they are imported.
	// Nothing imports on this node yet, so whatever is left there was left
	// by a run that died with its process.
	spoolDir := filepath.Join(c.dataDir, "spool")
	if err := os.MkdirAll(spoolDir, 0o750); err != nil {
		return fmt.Errorf("cannot create the spool folder %s: %w", spoolDir, err)
	}
	if left, err := filepath.Glob(filepath.Join(spoolDir, "import-*")); err == nil {
		for _, name := range left {
			os.RemoveAll(name) // exports, zips of uploads, and the uploads unpacked
		}
	}
	srv, err := web.NewServer(store, web.Options{BaseURL: c.baseURL, Logger: logger, FallbackBaseURL: fallbackURL, MediaDir: c.mediaDir, TrustProxy: c.trustProxy,
		MaxBodyBytes: 8 << 20, SpoolDir: spoolDir, Import: wordpressImporter(store, media.Dir(c.mediaDir)),
		PageCacheBytes: int64(c.pageCache), PurgeWebhook: c.purgeHook, Theme: c.theme, Mail: c.smtp,
		PrivacyLinks: &mail.PrivacyLinks{Store: store, Settings: c.mailSettings(store), BaseURL: mailBase}})
	if err != nil {
		return err
	}
	// Imports running in the background stop with the server, each
	// recording how far it got; importing the file again finishes it.
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			logger.Warn("imports did not stop in time", "error", err)
		}
	}()
	httpServer := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	var served net.Listener = ln
	if c.fastHits && c.pageCache > 0 {
		// Cached pages are answered below net/http, with the server's
		// own limits; every other connection goes on to httpServer.
		served = hitserver.Listen(ln, hitserver.AnswerFunc(srv.AnswerHit), hitserver.Options{
			ReadHeaderTimeout: httpServer.ReadHeaderTimeout, IdleTimeout: httpServer.IdleTimeout,
			WriteTimeout: httpServer.WriteTimeout, MaxHeaderBytes: httpServer.MaxHeaderBytes, ErrorLog: httpServer.ErrorLog,
		})
	}
	// The first line names the address actually bound, so that scripts and
	// tests that ask for port 0 can find the server.
	where := "data " + c.dataDir
	if c.database != "" {
		where = "database " + redactURL(c.database)
	}
	fmt.Fprintf(stdout, "Masthead is serving http://%s (site %s, %s)\n", ln.Addr(), shownURL, where)
	fmt.Fprint(stdout, baseNotice)
	fmt.Fprint(stdout, languageNotice(site.Language))
	// The last steps of start-up are a few statements: a stop asked for
	// while they run waits for them, and is then served like any other,
	// rather than ending serve with the cancelled context's error.
	startup := context.WithoutCancel(ctx)
	if admins, err := store.CountAdmins(startup); err != nil {
		return err
	} else if admins == 0 {
		token, err := srv.NewSetupToken(startup)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "No admin yet: create the first one at %s/admin/setup?token=%s within 24 hours (or run \"masthead user add --role admin\").\n", shownURL, token)
	}

	if c.jobEvery <= 0 {
		return usageError{"--job-interval must be positive"}
	}
	// Mail goes out from the node that runs the jobs: at once when any
	// node, or the command line, queues some (the outbox's key reaches
	// this process through the store and the change watcher), else at
	// the job interval.
	outbox := &mail.Outbox{Store: store, Settings: c.mailSettings(store), Logger: logger}
	// Follow-ups and held-comment digests are queued in the same job,
	// just before the outbox sends, so that they go out in its round.
	notifyJobs := &notify.Jobs{Store: store, Origin: func(_ context.Context, site *masthead.Site) mail.Origin {
		return mail.OriginOf(site, mailBase(site))
	}, CanSend: func(ctx context.Context, site *masthead.Site) bool {
		return c.smtp.Over(mail.FromSite(site)).Configured()
	}}
	store.OnChange(outbox.Changed)
	if settings, err := outbox.Settings(startup); err != nil {
		return err
	} else if settings.Configured() {
		fmt.Fprintf(stdout, "Mail goes out through %s from %s.\n", settings.Where(), settings.From)
	} else {
		fmt.Fprintln(stdout, "Mail is not set up, so the site sends none: set the SMTP settings, or give --smtp-host and --mail-from.")
	}
	var leader jobs.Leader = jobs.Solo{}
	if c.database != "" {
		leader = postgres.NewLeader(store.DB(), postgres.JobsLockKey)
	}
	jobsDone, watchDone := make(chan struct{}), make(chan struct{})
	jobsCtx, stopJobs := context.WithCancel(ctx)
	defer func() { stopJobs(); <-jobsDone; <-watchDone }()
	// Pages cache the settings and sections while a watcher reports every
	// change: LISTEN/NOTIFY across PostgreSQL nodes, SQLite's data version
	// for the command line.
	var watcher masthead.ChangeWatcher = sqlite.Watcher{Store: store}
	if c.database != "" {
		watcher = postgres.Watcher{DSN: c.database}
	}
	go func() {
		defer close(watchDone)
		if err := srv.WatchChanges(jobsCtx, alsoTell{watcher, outbox.Changed}); err != nil {
			logger.Warn("change watcher stopped; pages read the settings afresh", "error", err)
		}
	}()
	go func() {
		defer close(jobsDone)
		jobs.Run(jobsCtx, leader, c.jobEvery, logger, func(lead bool) {
			if lead {
				fmt.Fprintln(stdout, "This node runs the scheduled jobs.")
			} else {
				fmt.Fprintln(stdout, "This node no longer runs the scheduled jobs.")
			}
		}, jobs.Job{Name: "publish scheduled articles", Run: store.PublishDueArticles},
			jobs.Job{Name: "end expired pins and breaking strip", Run: store.ExpireCuration},
			jobs.Job{Name: "send mail", Run: func(ctx context.Context) (int, error) {
				if _, err := notifyJobs.Run(ctx); err != nil {
					logger.Warn("follow-up and digest mail not queued", "error", err)
				}
				return outbox.SendDue(ctx)
			}, Wake: outbox.Woken()},
			jobs.Job{Name: "apply data retention", Every: retentionEvery, Run: func(ctx context.Context) (int, error) {
				return masthead.ApplyRetention(ctx, store)
			}})
	}()

	countsCtx, stopCounts := context.WithCancel(ctx)
	defer stopCounts()
	countsDone := make(chan struct{})
	go func() { defer close(countsDone); logPageCacheCounts(countsCtx, srv, logger, pageCacheLogEvery) }()
	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(served) }()
	select {
	case err := <-errc:
		return fmt.Errorf("server stopped: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	stopCounts()
	<-countsDone
	if st, ok := srv.PageCacheStats(); ok {
		logPageCache(logger, st)
	}
	fmt.Fprintln(stdout, "Masthead stopped.")
	return nil
}

// alsoTell is a change watcher that also tells another listener of every
// change it reports: the outbox, woken by mail queued on other nodes.
type alsoTell struct {
	masthead.ChangeWatcher
	also func([]masthead.ChangeKey)
}

// WatchChanges reports every change to changed and to the other listener.
func (w alsoTell) WatchChanges(ctx context.Context, changed func([]masthead.ChangeKey)) error {
	return w.ChangeWatcher.WatchChanges(ctx, func(keys []masthead.ChangeKey) {
		changed(keys)
		w.also(keys)
	})
}

// memoryHeadroom is the memory the server's Go heap is given beside the
// page cache: about twice what the rest of it keeps live under load (25
// to 35 MB on a 100,000-article site), so that collections stay rare.
const memoryHeadroom = 96 << 20

// softMemoryLimit sets the Go runtime's soft memory limit to the page
// cache's bound plus memoryHeadroom, unless GOMEMLIMIT sets one, and
// returns the limit it replaced. Without it the collector lets the heap
// grow to twice what is live, and a full cache is most of what is live:
// at 64 MB the server's memory reached 270 MB serving random articles,
// 195 MB with the limit, at the same rate.
func softMemoryLimit(getenv func(string) string, pageCacheBytes int64) (previous int64) {
	if getenv("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1)
	}
	return debug.SetMemoryLimit(pageCacheBytes + memoryHeadroom)
}

// pageCacheLogEvery is how often serve logs the page cache's counts, when
// they moved: hits are not logged one by one (web.Server logs them at
// debug level), so this is where the log shows them.
const pageCacheLogEvery = time.Minute

// retentionEvery is how often the retention settings are applied: they
// count in days, so an hour late is on time, and the first round after
// a start applies them at once.
const retentionEvery = time.Hour

// logPageCacheCounts logs the page cache's counts at the end of every
// period of length every in which it served or rendered a page, until
// ctx ends.
func logPageCacheCounts(ctx context.Context, srv *web.Server, logger *slog.Logger, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	var last pagecache.Stats
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		st, ok := srv.PageCacheStats()
		if !ok {
			return
		}
		if st.Hits != last.Hits || st.Shared != last.Shared || st.Renders != last.Renders {
			logPageCache(logger, st)
		}
		last = st
	}
}

// logPageCache logs what the page cache did since the server started.
func logPageCache(logger *slog.Logger, st pagecache.Stats) {
	logger.Info("page cache", "hits", st.Hits, "shared", st.Shared, "renders", st.Renders, "stored", st.Stored,
		"dropped", st.Dropped, "evictions", st.Evictions, "purged", st.Purged, "entries", st.Entries, "bytes", st.Bytes)
}

func runDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c config
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	dataFlags(fs, &c, getenv)
	mediaFlag(fs, &c, getenv) // the picture story's images go where serve finds them
	languageFlag(fs, &c, getenv)
	if help, err := parseFlags(fs, args, stdout); help || err != nil {
		return err
	}
	if err := c.checkLanguage(); err != nil {
		return err
	}
	store, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close()
	return seedDemo(ctx, store, c.demoMedia(), c.language, stdout)
}

// openStore opens, creating and migrating, the site's database: the
// PostgreSQL one when a URL is given, else the SQLite file in the data
// directory.
func openStore(ctx context.Context, c config) (*sqlstore.Store, error) {
	if c.database != "" {
		if !strings.HasPrefix(c.database, "postgres://") && !strings.HasPrefix(c.database, "postgresql://") {
			return nil, usageError{"the database URL must start with postgres:// (SQLite needs no URL: use --data)"}
		}
		store, err := postgres.Open(ctx, c.database, c.replica)
		if err != nil {
			return nil, fmt.Errorf("cannot open the PostgreSQL database %s: %w", redactURL(c.database), err)
		}
		return store, nil
	}
	store, err := sqlite.OpenWith(ctx, filepath.Join(c.dataDir, "masthead.db"), sqlite.Options{Sync: c.sqliteSync})
	if err != nil {
		return nil, fmt.Errorf("cannot open the database in %s: %w", c.dataDir, err)
	}
	return store, nil
}

// redactURL hides the password of a database URL in messages.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unreadable URL)"
	}
	return u.Redacted()
}

// demoMedia is where the demo's pictures go: the site's media directory
// when it is sure to be the site's, that is beside its SQLite database or
// named with --media-dir. A PostgreSQL site without --media-dir gets no
// pictures, rather than a directory made wherever the command ran, which
// its other nodes may never see.
func (c config) demoMedia() media.Storage {
	if c.database != "" && c.mediaDir == "" {
		return nil
	}
	return media.Dir(c.mediaDirectory())
}

// seedDemo fills an empty site with the demo and, when lang is given, sets
// its language setting, whether or not the demo was added now: the
// demo's interface is then in that language, its articles in English.
func seedDemo(ctx context.Context, store *sqlstore.Store, files media.Storage, lang string, stdout io.Writer) error {
	now := time.Now()
	sum, added, err := demo.SeedWithMedia(ctx, store, files, now)
	if err != nil {
		return fmt.Errorf("cannot add the demo content: %w", err)
	}
	if added {
		// The logo and the picture story are pictures too: none where the
		// demo has no media.
		if files != nil {
			if err := demo.Brand(ctx, store, files); err != nil {
				return fmt.Errorf("cannot add the demo's logo: %w", err)
			}
			if err := demo.SeedPictureStory(ctx, store, files, now); err != nil {
				return fmt.Errorf("cannot add the demo's picture story: %w", err)
			}
			sum.Articles++
		}
		fmt.Fprintf(stdout, "Added the demo site: %s.\n", sum)
	} else {
		fmt.Fprintln(stdout, "The site already has content, so the demo added nothing.")
	}
	if lang == "" {
		return nil
	}
	site, err := store.FindSite(ctx)
	if err != nil {
		return fmt.Errorf("cannot read the settings: %w", err)
	}
	site.Language = lang
	if err := store.UpdateSite(ctx, site); err != nil {
		return fmt.Errorf("cannot set the demo's language: %w", err)
	}
	fmt.Fprintf(stdout, "The site's language is now %q.\n", lang)
	return nil
}

// checkBaseURL accepts an absolute http or https URL at the root of a host.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError{fmt.Sprintf("the base URL %q must be an absolute http or https URL such as https://news.example.org", raw)}
	}
	if strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
		return usageError{fmt.Sprintf("the base URL %q must be the root of a host, without a path", raw)}
	}
	return nil
}

// listenURL is the listen address as a URL: the public address when no
// other is set. An address on every interface has no one name, so it
// becomes localhost on that port.
func listenURL(addr *net.TCPAddr) string {
	if addr.IP == nil || addr.IP.IsUnspecified() {
		return "http://" + net.JoinHostPort("localhost", strconv.Itoa(addr.Port))
	}
	return "http://" + addr.String()
}

// unwrapNetError drops the "listen tcp" prefix so the sentence reads well.
func unwrapNetError(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}

// byteSize is a flag's size in bytes, written as a number with an
// optional unit: 0, 65536, 512KB, 64MB, 1GB (units of 1024).
type byteSize int64

func (b *byteSize) String() string {
	switch n := int64(*b); {
	case n != 0 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + "GB"
	case n != 0 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + "MB"
	case n != 0 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + "KB"
	default:
		return strconv.FormatInt(n, 10)
	}
}

func (b *byteSize) Set(s string) error {
	v := strings.ToUpper(strings.TrimSpace(s))
	unit := int64(1)
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(v, u.suffix); ok {
			v, unit = strings.TrimSpace(rest), u.size
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/unit {
		return fmt.Errorf("%q is not a size such as 64MB or 0", s)
	}
	*b = byteSize(n * unit)
	return nil
}
