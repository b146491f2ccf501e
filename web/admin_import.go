package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"masthead"
	"masthead/wxr"
)

// ImportFunc imports an export read from r into the site: everything, or
// with dryRun only checks it. It calls onItem with how many items it has
// read so far, and returns the summary of what it did, for people, even
// when it stops with an error. The command passes WordPress's importer
// (package wpimport), which web does not import: the importer's own tests
// serve its results through web.
type ImportFunc func(ctx context.Context, r io.Reader, dryRun bool, onItem func(items int)) (summary string, err error)

// importPath is where exports are uploaded (Tools → Import).
const importPath = "/admin/import"

// DefaultMaxImportBytes bounds an uploaded export unless
// Options.MaxImportBytes says otherwise: generous, since a newspaper's
// archive makes exports of hundreds of megabytes, yet finite, since the
// file waits on the server's disk while it is imported.
const DefaultMaxImportBytes = 2 << 30

const (
	// importProgressEvery is how many items an import reads between two
	// reports of its progress to the database: often enough for a page
	// that refreshes every few seconds, rarely enough to cost nothing.
	importProgressEvery = 250
	// importRefreshSeconds is how often a page showing a running import
	// reloads itself.
	importRefreshSeconds = 3
	// importUploadIdle is how long an upload may send nothing before the
	// server gives up on it; the server's own read timeout, meant for
	// ordinary requests, would cut a large upload short.
	importUploadIdle = time.Minute
	importPageSize   = 20
)

// importRunner runs the imports this server received, in the background,
// one goroutine each, and lets the server wait for them when it stops.
type importRunner struct {
	run      ImportFunc // nil: this server takes no imports
	spoolDir string
	maxBytes int64
	ctx      context.Context
	stop     context.CancelFunc

	mu      sync.Mutex // guards closed, so that no run starts once Shutdown waits
	closed  bool
	running sync.WaitGroup

	// beforeRun, when set, is called by a run before it reads its file;
	// tests hold a run in progress with it.
	beforeRun func(ctx context.Context, run *masthead.ImportRun)
}

func (ir *importRunner) init(run ImportFunc, spoolDir string, maxBytes int64) {
	ir.run = run
	if spoolDir == "" {
		spoolDir = os.TempDir()
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxImportBytes
	}
	ir.spoolDir, ir.maxBytes = spoolDir, maxBytes
	ir.ctx, ir.stop = context.WithCancel(context.Background())
}

// Shutdown stops the imports running in the background and waits until
// each has recorded how far it got, or until ctx ends. A stopped import
// is resumable: importing the same file again finishes it. The server
// starts no import afterwards. The purge webhook, if any, sends what is
// left of its purges.
func (s *Server) Shutdown(ctx context.Context) error {
	if s.pageCache.webhook != nil {
		defer s.pageCache.webhook.Close()
	}
	s.imports.mu.Lock()
	s.imports.closed = true
	s.imports.mu.Unlock()
	s.imports.stop()
	done := make(chan struct{})
	go func() { s.imports.running.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("imports still stopping: %w", ctx.Err())
	}
}

// importPage is the data of Tools → Import.
type importPage struct {
	layout
	Runs       []importRunView
	Active     *importRunView // a run in progress, which refuses another
	DryRun     bool
	CanImport  bool // the server has an importer
	Errors     map[string]string
	MaxSize    string
	Pagination pagination
}

// importRunView is a run as pages show it.
type importRunView struct {
	*masthead.ImportRun
	Interrupted bool
}

// StateLabel names the run's state for people.
func (v importRunView) StateLabel() string {
	switch {
	case v.Interrupted:
		return "interrupted"
	case v.State == masthead.ImportDone && v.DryRun:
		return "checked"
	}
	return string(v.State)
}

// Live reports whether the run is still going, so that its page reloads.
func (v importRunView) Live() bool { return v.Active() && !v.Interrupted }

func (s *Server) viewRun(run *masthead.ImportRun) importRunView {
	return importRunView{ImportRun: run, Interrupted: run.Interrupted(s.now())}
}

// importRunPage is the data of one run's page.
type importRunPage struct {
	layout
	Run importRunView
}

// handleImports serves "GET /admin/import?page=" (admins): the upload
// form and the recent runs.
func (s *Server) handleImports(w http.ResponseWriter, r *http.Request) {
	s.renderImports(w, r, http.StatusOK, &importPage{})
}

func (s *Server) renderImports(w http.ResponseWriter, r *http.Request, status int, page *importPage) {
	lay, err := s.adminLayout(r, "Import", "import")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.layout = lay
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n = max(1, n)
	runs, total, err := s.store.FindImportRuns(r.Context(), importPageSize, (n-1)*importPageSize)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, run := range runs {
		page.Runs = append(page.Runs, s.viewRun(run))
	}
	// Only the newest run can be in progress: a run starts only while no
	// other is.
	if n == 1 && len(page.Runs) > 0 && page.Runs[0].Live() {
		page.Active = &page.Runs[0]
		page.layout.Refresh = importRefreshSeconds
	}
	pages := max(1, (total+importPageSize-1)/importPageSize)
	page.Pagination = pagination{Page: n, TotalPages: pages}
	if n > 1 {
		page.Pagination.Prev = importPath + "?page=" + strconv.Itoa(n-1)
	}
	if n < pages {
		page.Pagination.Next = importPath + "?page=" + strconv.Itoa(n+1)
	}
	page.MaxSize, page.CanImport = formatBytes(s.imports.maxBytes), s.imports.run != nil
	if page.Errors == nil {
		page.Errors = map[string]string{}
	}
	s.render(w, r, status, "admin_import", page)
}

// handleImportRun serves "GET /admin/import/{id}" (admins): one run, its
// progress while it runs (the page reloads itself) and its summary or
// error once it ends.
func (s *Server) handleImportRun(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.handleNotFound(w, r)
		return
	}
	run, err := s.store.FindImportRun(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay, err := s.adminLayout(r, "Import of "+run.FileName, "import")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &importRunPage{layout: lay, Run: s.viewRun(run)}
	if page.Run.Live() {
		page.layout.Refresh = importRefreshSeconds
	}
	s.render(w, r, http.StatusOK, "admin_import_run", page)
}

// handleStartImport serves "POST /admin/import" (admins): a WordPress
// export, streamed to a file in the spool folder as it arrives (never held
// in memory), then imported in the background on this node. The browser
// is sent to the run's page at once.
func (s *Server) handleStartImport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	page := &importPage{Errors: map[string]string{}}
	refuse := func(status int, msg string) {
		page.Errors["file"] = msg
		s.renderImports(w, r, status, page)
	}
	tooBig := fmt.Sprintf("The export is larger than %s, the most an upload may be; import it on the server with the command masthead import wordpress instead.",
		formatBytes(s.imports.maxBytes))
	if s.imports.run == nil {
		refuse(http.StatusServiceUnavailable, "This server was started without an importer, so it cannot import files; use the command masthead import wordpress instead.")
		return
	}
	// The form's other fields and the multipart framing are small; the
	// file itself is bounded exactly as it is copied.
	const overhead = 1 << 20
	if r.ContentLength > s.imports.maxBytes+overhead {
		refuse(http.StatusRequestEntityTooLarge, tooBig)
		return
	}
	// While another import runs, say so before the file crosses the
	// network. StartImportRun checks again, for uploads that race.
	if runs, _, err := s.store.FindImportRuns(ctx, 1, 0); err != nil {
		s.error(w, r, err)
		return
	} else if len(runs) > 0 && s.viewRun(runs[0]).Live() {
		refuse(http.StatusConflict, "Another import is running; wait until it finishes, then import this file.")
		return
	}
	rc := http.NewResponseController(w)
	r.Body = http.MaxBytesReader(w, &idleDeadlineReader{r: r.Body, rc: rc}, s.imports.maxBytes+overhead)
	mr, err := r.MultipartReader()
	if err != nil {
		refuse(http.StatusUnprocessableEntity, "The upload could not be read; choose the export file and send it again.")
		return
	}
	if err := os.MkdirAll(s.imports.spoolDir, 0o750); err != nil {
		s.error(w, r, fmt.Errorf("create the spool folder: %w", err))
		return
	}
	var spooled *os.File
	var name string
	var size int64
	defer func() {
		if spooled != nil { // not handed to a run
			spooled.Close()
			os.Remove(spooled.Name())
		}
	}()
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				refuse(http.StatusRequestEntityTooLarge, tooBig)
			} else {
				refuse(http.StatusUnprocessableEntity, "The upload was cut short; choose the export file and send it again.")
			}
			return
		}
		switch {
		case part.FormName() == "dry_run":
			page.DryRun = true
		case part.FormName() == "file" && part.FileName() != "" && spooled == nil:
			if spooled, err = os.CreateTemp(s.imports.spoolDir, "import-*.xml"); err != nil {
				s.error(w, r, fmt.Errorf("spool the export: %w", err))
				return
			}
			name = uploadedName(part.FileName())
			size, err = io.Copy(spooled, io.LimitReader(part, s.imports.maxBytes+1))
			var tooLarge *http.MaxBytesError
			switch {
			case errors.As(err, &tooLarge) || size > s.imports.maxBytes:
				refuse(http.StatusRequestEntityTooLarge, tooBig)
				return
			case isSpoolError(err):
				s.error(w, r, fmt.Errorf("spool the export: %w", err))
				return
			case err != nil:
				refuse(http.StatusUnprocessableEntity, "The upload was cut short; choose the export file and send it again.")
				return
			}
		}
		part.Close()
	}
	if spooled == nil || size == 0 {
		refuse(http.StatusUnprocessableEntity, "Choose a WordPress export file (.xml) to import.")
		return
	}
	if err := spooled.Close(); err != nil {
		s.error(w, r, fmt.Errorf("spool the export: %w", err))
		return
	}
	// The upload may have taken longer than the server's write timeout
	// allows a whole request; the answer is short.
	_ = rc.SetWriteDeadline(time.Now().Add(importUploadIdle))
	run := &masthead.ImportRun{StartedBy: currentUser(ctx).ID, FileName: name, FileBytes: size, DryRun: page.DryRun}
	if err := s.store.StartImportRun(ctx, run); err != nil {
		var e *masthead.Error
		if errors.As(err, &e) && e.Field == "file" {
			refuse(statusOf[e.Code], e.Message)
			return
		}
		s.error(w, r, err)
		return
	}
	path := spooled.Name()
	spooled = nil
	if !s.startImport(run, path) {
		os.Remove(path)
		s.finishRun(run, "", errServerStopping)
		refuse(http.StatusServiceUnavailable, "The server is shutting down; import the file again in a moment.")
		return
	}
	http.Redirect(w, r, importPath+"/"+strconv.FormatInt(run.ID, 10), http.StatusSeeOther)
}

// errServerStopping is why a run ends when the server stops under it.
var errServerStopping = errors.New("the server is stopping")

// startImport runs the import of the spooled file at path in the
// background, and removes the file when the run ends. It reports false,
// starting nothing, once the server is shutting down.
func (s *Server) startImport(run *masthead.ImportRun, path string) bool {
	s.imports.mu.Lock()
	defer s.imports.mu.Unlock()
	if s.imports.closed {
		return false
	}
	s.imports.running.Add(1)
	go func() {
		defer s.imports.running.Done()
		defer os.Remove(path)
		s.runImport(s.imports.ctx, run, path)
	}()
	return true
}

// runImport imports the file at path and records the run's progress as
// it goes: every importProgressEvery items, and every
// masthead.ImportHeartbeat whatever happens, so that every node can tell
// a slow run from a dead one.
func (s *Server) runImport(ctx context.Context, run *masthead.ImportRun, path string) {
	if hook := s.imports.beforeRun; hook != nil {
		hook(ctx, run)
	}
	f, err := os.Open(path)
	if err != nil {
		s.finishRun(run, "", fmt.Errorf("open the spooled export: %w", err))
		return
	}
	defer f.Close()
	in := &countingReader{r: f}
	var items atomic.Int64
	report := func() {
		if err := s.store.UpdateImportRun(ctx, run.ID, masthead.ImportRunning, int(items.Load()), in.n.Load()); err != nil && ctx.Err() == nil {
			s.logger.Warn("record import progress", "run", run.ID, "error", err)
		}
	}
	report()
	stopBeat, beatDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(beatDone)
		tick := time.NewTicker(masthead.ImportHeartbeat)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				report()
			case <-stopBeat:
				return
			}
		}
	}()
	reported := 0
	sum, err := s.imports.run(ctx, in, run.DryRun, func(n int) {
		items.Store(int64(n))
		if n-reported >= importProgressEvery {
			reported = n
			report()
		}
	})
	close(stopBeat)
	<-beatDone
	run.Items, run.BytesRead = int(items.Load()), in.n.Load()
	if ctx.Err() != nil && err != nil {
		err = errServerStopping
	}
	s.finishRun(run, sum, err)
}

// finishRun records how a run ended, even while the server stops.
func (s *Server) finishRun(run *masthead.ImportRun, summary string, err error) {
	run.State, run.Error, run.Summary = masthead.ImportDone, "", summary
	if err != nil {
		run.State, run.Error = masthead.ImportFailed, s.importFailure(run, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.store.FinishImportRun(ctx, run); err != nil {
		s.logger.Error("record the end of an import", "run", run.ID, "error", err)
	}
}

// importFailure is the one sentence that says why a run failed.
func (s *Server) importFailure(run *masthead.ImportRun, err error) string {
	var werr *wxr.Error
	var merr *masthead.Error
	switch {
	case errors.Is(err, errServerStopping):
		return "The import stopped because the server shut down; import the file again to finish it, nothing will be doubled."
	case errors.As(err, &werr):
		return sentence(werr.Msg)
	case errors.As(err, &merr) && merr.Code != masthead.EINTERNAL:
		return sentence(merr.Message)
	}
	s.logger.Error("import", "run", run.ID, "file", run.FileName, "error", err)
	return "The import stopped because of an error on the server, written to its log; import the file again to finish it, nothing will be doubled."
}

// sentence ends s with a full stop unless it ends already.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// uploadedName is the base name a browser sent for a file, as valid
// UTF-8 of at most 200 bytes: it is shown, never used as a path.
func uploadedName(name string) string {
	name = strings.ToValidUTF8(name, "�")
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "." || name == "/" || strings.TrimSpace(name) == "" {
		return "export.xml"
	}
	return name
}

// isSpoolError reports whether a failed copy failed on the server's side,
// writing the spool file, rather than reading the upload.
func isSpoolError(err error) bool {
	var pe *os.PathError
	return errors.As(err, &pe)
}

// formatBytes writes a size as people read it: "2 GB", "700 MB".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// idleDeadlineReader moves the connection's read deadline forward as an
// upload arrives, so that a large file sent steadily is never cut short
// while one that stops sending is given up after importUploadIdle.
type idleDeadlineReader struct {
	r    io.ReadCloser
	rc   *http.ResponseController
	last time.Time
}

func (d *idleDeadlineReader) Read(p []byte) (int, error) {
	if now := time.Now(); now.Sub(d.last) > time.Second {
		d.last = now
		// Servers that cannot move deadlines (tests' recorders) keep
		// their own.
		_ = d.rc.SetReadDeadline(now.Add(importUploadIdle))
	}
	return d.r.Read(p)
}

func (d *idleDeadlineReader) Close() error { return d.r.Close() }

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
