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
	"masthead/i18n"
	"masthead/wxr"
	"masthead/zipdir"
)

// ImportFunc imports an export read from r into the site, as opts say,
// and returns the summary of what it did, for people, even when it stops
// with an error; it stops at the next item once ctx is done. The command
// passes WordPress's importer (package wpimport), which web does not
// import: the importer's own tests serve its results through web.
type ImportFunc func(ctx context.Context, r io.Reader, opts ImportOptions) (summary string, err error)

// ImportOptions say how to run one import.
type ImportOptions struct {
	// DryRun only checks the export, writing nothing.
	DryRun bool
	// Uploads, when not empty, is a directory holding a copy of the old
	// site's wp-content/uploads, unpacked from the zip sent with the
	// export; it is removed once the import ends.
	Uploads string
	// OnItem is called with how many items were read so far.
	OnItem func(items int)
}

// importPath is where exports are uploaded (Tools → Import).
const importPath = "/admin/import"

// DefaultMaxImportBytes bounds an uploaded export unless
// Options.MaxImportBytes says otherwise: generous, since a newspaper's
// archive makes exports of hundreds of megabytes, yet finite, since the
// file waits on the server's disk while it is imported.
const DefaultMaxImportBytes = 2 << 30

// DefaultMaxUploadsBytes bounds the zip of an old site's uploads folder
// unless Options.MaxUploadsBytes says otherwise: a newsroom's pictures
// take more room than its texts.
const DefaultMaxUploadsBytes = 8 << 30

// DefaultUploadsLimits bound what the zip of the uploads unpacks to,
// unless Options.UploadsLimits says otherwise: pictures hardly compress,
// so twice the zip's bound is room enough, and an archive that would
// unpack to more, or to more files, is a mistake or an attack.
var DefaultUploadsLimits = zipdir.Limits{Files: 500000, Bytes: 2 * DefaultMaxUploadsBytes}

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

	// maxUploads bounds the zip of the uploads, and unpacked what it may
	// unpack to.
	maxUploads int64
	unpacked   zipdir.Limits

	// cancels stop the runs of this node by id, when an admin cancels
	// one; guarded by mu.
	cancels map[int64]context.CancelCauseFunc

	// beforeRun, when set, is called by a run before it reads its file;
	// tests hold a run in progress with it.
	beforeRun func(ctx context.Context, run *masthead.ImportRun)
}

func (ir *importRunner) initUploads(maxBytes int64, lim zipdir.Limits) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxUploadsBytes
	}
	if lim.Files <= 0 {
		lim.Files = DefaultUploadsLimits.Files
	}
	if lim.Bytes <= 0 {
		lim.Bytes = DefaultUploadsLimits.Bytes
	}
	ir.maxUploads, ir.unpacked = maxBytes, lim
	ir.cancels = map[int64]context.CancelCauseFunc{}
}

// errCancelled is why a run's context ends when an admin cancels it.
var errCancelled = errors.New("the import was cancelled")

// cancel stops a run of this node at once, and reports whether this
// node runs it.
func (ir *importRunner) cancel(id int64) bool {
	ir.mu.Lock()
	defer ir.mu.Unlock()
	stop, ok := ir.cancels[id]
	if ok {
		stop(errCancelled)
	}
	return ok
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
	MaxUploads string
	Pagination pagination
	// refusals are the form's errors by field, each a message and its
	// values, which the page writes into Errors in its language.
	refusals map[string]importRefusal
}

// importRefusal is why an upload was refused: a catalog message and its
// values.
type importRefusal struct {
	key  string
	args []any
}

// importRunView is a run as pages show it.
type importRunView struct {
	*masthead.ImportRun
	Interrupted bool
	// StateName names the run's state in the page's language.
	StateName string
}

// importStateNames name the states of a run for people.
var importStateNames = map[string]string{
	"interrupted":                    i18n.Key("interrupted"),
	"checked":                        i18n.Key("checked"),
	string(masthead.ImportQueued):    i18n.Key("queued"),
	string(masthead.ImportRunning):   i18n.Key("running"),
	string(masthead.ImportDone):      i18n.Key("done"),
	string(masthead.ImportFailed):    i18n.Key("failed"),
	string(masthead.ImportCancelled): i18n.Key("cancelled"),
}

// StateLabel names the run's state, in English.
func (v importRunView) StateLabel() string {
	switch {
	case v.Interrupted:
		return "interrupted"
	case v.State == masthead.ImportDone && v.DryRun:
		return "checked"
	}
	return string(v.State)
}

// Size is the size of the run's file, as people read it.
func (v importRunView) Size() string { return formatBytes(v.FileBytes) }

// Live reports whether the run is still going, so that its page reloads.
func (v importRunView) Live() bool { return v.Active() && !v.Interrupted }

// viewRun is a run as a page in lay's language shows it (English for a
// nil lay).
func (s *Server) viewRun(lay *layout, run *masthead.ImportRun) importRunView {
	v := importRunView{ImportRun: run, Interrupted: run.Interrupted(s.now())}
	v.StateName = v.StateLabel()
	if key, ok := importStateNames[v.StateName]; ok {
		v.StateName = lay.T(key)
	}
	return v
}

// importRunPage is the data of one run's page.
type importRunPage struct {
	layout
	Run importRunView
	// Error is why the run failed, in the page's language when it is a
	// sentence of the catalogs (a run stores it in English).
	Error string
}

// importSentences are the sentences a failed run may store, which its
// page translates: masthead.ImportInterrupted and those of importFailure
// and uploadsRefusal that carry no value.
var importSentences = []string{
	i18n.Key("The import was interrupted before it finished; import the file again to finish it, nothing will be doubled."),
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
	n, ok := queryPageNumber(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	runs, total, err := s.store.FindImportRuns(r.Context(), importPageSize, (n-1)*importPageSize)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, run := range runs {
		page.Runs = append(page.Runs, s.viewRun(&lay, run))
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
	page.MaxUploads = formatBytes(s.imports.maxUploads)
	if page.Errors == nil {
		page.Errors = map[string]string{}
	}
	for field, why := range page.refusals {
		page.Errors[field] = lay.T(why.key, why.args...)
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
	lay, err := s.adminLayout(r, "", "import")
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay.setTitle(lay.T("Import of %s", run.FileName))
	page := &importRunPage{layout: lay, Run: s.viewRun(&lay, run), Error: lay.T(run.Error)}
	if page.Run.Live() {
		page.layout.Refresh = importRefreshSeconds
	}
	s.render(w, r, http.StatusOK, "admin_import_run", page)
}

// handleCancelImport serves "POST /admin/import/{id}/cancel" (admins): it
// asks the run to stop, at once on this node, and at its next report on
// the node running it otherwise. The run ends cancelled; what it imported
// stays, and importing the file again goes on from there.
func (s *Server) handleCancelImport(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.handleNotFound(w, r)
		return
	}
	switch err := s.store.CancelImportRun(r.Context(), id); masthead.ErrorCode(err) {
	case "":
		s.imports.cancel(id)
	case masthead.ECONFLICT: // it ended meanwhile: its page says how
	default:
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, importPath+"/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// handleStartImport serves "POST /admin/import" (admins): a WordPress
// export, streamed to a file in the spool folder as it arrives (never held
// in memory), then imported in the background on this node. The browser
// is sent to the run's page at once.
func (s *Server) handleStartImport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	page := &importPage{Errors: map[string]string{}, refusals: map[string]importRefusal{}}
	refuseField := func(field string, status int, key string, args ...any) {
		page.refusals[field] = importRefusal{key: key, args: args}
		s.renderImports(w, r, status, page)
	}
	refuse := func(status int, key string, args ...any) { refuseField("file", status, key, args...) }
	refuseUploads := func(status int, key string, args ...any) { refuseField("uploads", status, key, args...) }
	tooBig := func() {
		refuse(http.StatusRequestEntityTooLarge, i18n.Key("The export is larger than %s, the most an upload may be; import it on the server with the command masthead import wordpress instead."),
			formatBytes(s.imports.maxBytes))
	}
	if s.imports.run == nil {
		refuse(http.StatusServiceUnavailable, i18n.Key("This server was started without an importer, so it cannot import files; use the command masthead import wordpress instead."))
		return
	}
	// The form's other fields and the multipart framing are small; the
	// files themselves are bounded exactly as they are copied.
	const overhead = 1 << 20
	if r.ContentLength > s.imports.maxBytes+s.imports.maxUploads+overhead {
		tooBig()
		return
	}
	// While another import runs, say so before the file crosses the
	// network. StartImportRun checks again, for uploads that race.
	if runs, _, err := s.store.FindImportRuns(ctx, 1, 0); err != nil {
		s.error(w, r, err)
		return
	} else if len(runs) > 0 && s.viewRun(nil, runs[0]).Live() {
		refuse(http.StatusConflict, i18n.Key("Another import is running; wait until it finishes, then import this file."))
		return
	}
	rc := http.NewResponseController(w)
	r.Body = http.MaxBytesReader(w, &idleDeadlineReader{r: r.Body, rc: rc}, s.imports.maxBytes+s.imports.maxUploads+overhead)
	mr, err := r.MultipartReader()
	if err != nil {
		refuse(http.StatusUnprocessableEntity, i18n.Key("The upload could not be read; choose the export file and send it again."))
		return
	}
	if err := os.MkdirAll(s.imports.spoolDir, 0o750); err != nil {
		s.error(w, r, fmt.Errorf("create the spool folder: %w", err))
		return
	}
	var spooled, uploads *os.File
	var name string
	var size, uploadsSize int64
	defer func() {
		for _, f := range []*os.File{spooled, uploads} {
			if f != nil { // not handed to a run
				f.Close()
				os.Remove(f.Name())
			}
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
				tooBig()
			} else {
				refuse(http.StatusUnprocessableEntity, i18n.Key("The upload was cut short; choose the export file and send it again."))
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
				tooBig()
				return
			case isSpoolError(err):
				s.error(w, r, fmt.Errorf("spool the export: %w", err))
				return
			case err != nil:
				refuse(http.StatusUnprocessableEntity, i18n.Key("The upload was cut short; choose the export file and send it again."))
				return
			}
		case part.FormName() == "uploads" && part.FileName() != "" && uploads == nil:
			if uploads, err = os.CreateTemp(s.imports.spoolDir, "import-*.zip"); err != nil {
				s.error(w, r, fmt.Errorf("spool the uploads: %w", err))
				return
			}
			uploadsSize, err = io.Copy(uploads, io.LimitReader(part, s.imports.maxUploads+1))
			var tooLarge *http.MaxBytesError
			switch {
			case errors.As(err, &tooLarge) || uploadsSize > s.imports.maxUploads:
				refuseUploads(http.StatusRequestEntityTooLarge, i18n.Key("The uploads archive is larger than %s, the most an upload may be; import it on the server with the command masthead import wordpress and --uploads instead."),
					formatBytes(s.imports.maxUploads))
				return
			case isSpoolError(err):
				s.error(w, r, fmt.Errorf("spool the uploads: %w", err))
				return
			case err != nil:
				refuseUploads(http.StatusUnprocessableEntity, i18n.Key("The upload was cut short; choose the files and send them again."))
				return
			}
		}
		part.Close()
	}
	if spooled == nil || size == 0 {
		refuse(http.StatusUnprocessableEntity, i18n.Key("Choose a WordPress export file (.xml) to import."))
		return
	}
	if err := spooled.Close(); err != nil {
		s.error(w, r, fmt.Errorf("spool the export: %w", err))
		return
	}
	if uploads != nil {
		// The archive's directory says at once whether it can be
		// unpacked within the bounds; the run unpacks it, checking again
		// what it writes.
		if uploadsSize == 0 {
			refuseUploads(http.StatusUnprocessableEntity, i18n.Key("The uploads archive is empty; choose the zip of the old site's wp-content/uploads folder, or none."))
			return
		}
		if err := zipdir.Check(uploads, uploadsSize, s.imports.unpacked); err != nil {
			key, args := s.uploadsRefusal(err)
			refuseUploads(uploadsRefusalStatus(err), key, args...)
			return
		}
		if err := uploads.Close(); err != nil {
			s.error(w, r, fmt.Errorf("spool the uploads: %w", err))
			return
		}
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
	path, uploadsPath := spooled.Name(), ""
	spooled = nil
	if uploads != nil {
		uploadsPath, uploads = uploads.Name(), nil
	}
	if !s.startImport(run, path, uploadsPath) {
		os.Remove(path)
		if uploadsPath != "" {
			os.Remove(uploadsPath)
		}
		s.finishRun(context.Background(), run, "", errServerStopping)
		refuse(http.StatusServiceUnavailable, i18n.Key("The server is shutting down; import the file again in a moment."))
		return
	}
	http.Redirect(w, r, importPath+"/"+strconv.FormatInt(run.ID, 10), http.StatusSeeOther)
}

// errServerStopping is why a run ends when the server stops under it.
var errServerStopping = errors.New("the server is stopping")

// uploadsRefusal says in a sentence, an English message and its values,
// why the zip of the uploads cannot be unpacked.
func (s *Server) uploadsRefusal(err error) (string, []any) {
	switch {
	case errors.Is(err, zipdir.ErrTooManyFiles):
		return i18n.Key("The uploads archive holds more than %d files, the most an import unpacks; import it on the server with the command masthead import wordpress and --uploads instead."), []any{s.imports.unpacked.Files}
	case errors.Is(err, zipdir.ErrTooLarge):
		return i18n.Key("The uploads archive unpacks to more than %s, the most an import unpacks; import it on the server with the command masthead import wordpress and --uploads instead."), []any{formatBytes(s.imports.unpacked.Bytes)}
	case errors.Is(err, zipdir.ErrUnsafeName):
		return i18n.Key("The uploads archive holds a file whose name leads outside the archive, so it was refused; make the zip again from the wp-content/uploads folder."), nil
	case errors.Is(err, zipdir.ErrNotZip):
		return i18n.Key("The uploads file is not a zip archive; choose the zip of the old site's wp-content/uploads folder."), nil
	}
	return i18n.Key("The uploads archive could not be unpacked; make the zip again from the wp-content/uploads folder."), nil
}

// uploadsRefusalStatus is the status of a refused uploads archive: too
// large, or not one the import can take.
func uploadsRefusalStatus(err error) int {
	if errors.Is(err, zipdir.ErrTooManyFiles) || errors.Is(err, zipdir.ErrTooLarge) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusUnprocessableEntity
}

// startImport runs the import of the spooled file at path, with the zip
// of the uploads at uploads when not empty, in the background, and
// removes both when the run ends. It reports false, starting nothing,
// once the server is shutting down.
func (s *Server) startImport(run *masthead.ImportRun, path, uploads string) bool {
	s.imports.mu.Lock()
	defer s.imports.mu.Unlock()
	if s.imports.closed {
		return false
	}
	ctx, cancel := context.WithCancelCause(s.imports.ctx)
	s.imports.cancels[run.ID] = cancel
	s.imports.running.Add(1)
	go func() {
		defer s.imports.running.Done()
		defer func() {
			s.imports.mu.Lock()
			delete(s.imports.cancels, run.ID)
			s.imports.mu.Unlock()
			cancel(nil)
		}()
		defer os.Remove(path)
		if uploads != "" {
			defer os.Remove(uploads)
		}
		s.runImport(ctx, run, path, uploads)
	}()
	return true
}

// unpackUploads unpacks the zip of the uploads into a folder of the spool
// and returns the folder the uploads are in, with the function that
// removes it all.
func (s *Server) unpackUploads(zipPath string) (dir string, remove func(), err error) {
	tmp, err := os.MkdirTemp(s.imports.spoolDir, "import-uploads-*")
	if err != nil {
		return "", nil, fmt.Errorf("make a folder for the uploads: %w", err)
	}
	remove = func() { os.RemoveAll(tmp) }
	f, err := os.Open(zipPath)
	if err != nil {
		remove()
		return "", nil, fmt.Errorf("open the spooled uploads: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err == nil {
		err = zipdir.Extract(f, info.Size(), tmp, s.imports.unpacked)
	}
	if err != nil {
		remove()
		key, args := s.uploadsRefusal(err)
		return "", nil, &uploadsError{msg: fmt.Sprintf(key, args...), err: err}
	}
	return uploadsRoot(tmp), remove, nil
}

// uploadsError is an uploads archive the run could not unpack.
type uploadsError struct {
	msg string
	err error
}

func (e *uploadsError) Error() string { return e.msg }
func (e *uploadsError) Unwrap() error { return e.err }

// uploadsRoot is the folder of an unpacked archive that holds the uploads
// themselves: people zip the uploads folder, or wp-content, or the
// files in it, so the folders that hold nothing but one folder are gone
// through, down to the one that holds the year folders (or a Masthead
// media directory's two-letter ones).
func uploadsRoot(dir string) string {
	for range 4 {
		entries, err := os.ReadDir(dir)
		if err != nil || len(entries) != 1 || !entries[0].IsDir() || isYear(entries[0].Name()) {
			return dir
		}
		dir = filepath.Join(dir, entries[0].Name())
	}
	return dir
}

// isYear reports whether a folder name is one of WordPress's year folders
// (2024), which hold the uploads rather than a folder around them.
func isYear(name string) bool {
	if len(name) != 4 {
		return false
	}
	for _, c := range name {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// runImport imports the file at path and records the run's progress as
// it goes: every importProgressEvery items, and every
// masthead.ImportHeartbeat whatever happens, so that every node can tell
// a slow run from a dead one.
func (s *Server) runImport(ctx context.Context, run *masthead.ImportRun, path, uploadsZip string) {
	if hook := s.imports.beforeRun; hook != nil {
		hook(ctx, run)
	}
	opts := ImportOptions{DryRun: run.DryRun}
	if uploadsZip != "" {
		dir, remove, err := s.unpackUploads(uploadsZip)
		if err != nil {
			s.finishRun(ctx, run, "", err)
			return
		}
		defer remove()
		opts.Uploads = dir
	}
	f, err := os.Open(path)
	if err != nil {
		s.finishRun(ctx, run, "", fmt.Errorf("open the spooled export: %w", err))
		return
	}
	defer f.Close()
	in := &countingReader{r: f}
	var items atomic.Int64
	// Each report also asks whether an admin cancelled the run, on
	// whichever node: the import then stops at its next item.
	report := func() {
		if err := s.store.UpdateImportRun(ctx, run.ID, masthead.ImportRunning, int(items.Load()), in.n.Load()); err != nil && ctx.Err() == nil {
			s.logger.Warn("record import progress", "run", run.ID, "error", err)
		}
		if now, err := s.store.FindImportRun(ctx, run.ID); err == nil && now.CancelRequested {
			s.imports.cancel(run.ID)
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
	opts.OnItem = func(n int) {
		items.Store(int64(n))
		if n-reported >= importProgressEvery {
			reported = n
			report()
		}
	}
	sum, err := s.imports.run(ctx, in, opts)
	close(stopBeat)
	<-beatDone
	run.Items, run.BytesRead = int(items.Load()), in.n.Load()
	s.finishRun(ctx, run, sum, err)
}

// finishRun records how a run ended, even while the server stops: done,
// cancelled when an admin stopped it (what it imported stays), or failed.
// ctx is the run's, which says why it stopped.
func (s *Server) finishRun(ctx context.Context, run *masthead.ImportRun, summary string, err error) {
	run.State, run.Error, run.Summary = masthead.ImportDone, "", summary
	switch {
	case err != nil && errors.Is(context.Cause(ctx), errCancelled):
		run.State = masthead.ImportCancelled
	case ctx.Err() != nil && err != nil:
		run.State, run.Error = masthead.ImportFailed, s.importFailure(run, errServerStopping)
	case err != nil:
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
	var uerr *uploadsError
	switch {
	case errors.As(err, &uerr):
		return uerr.msg
	case errors.Is(err, errServerStopping):
		return i18n.Key("The import stopped because the server shut down; import the file again to finish it, nothing will be doubled.")
	case errors.As(err, &werr):
		return sentence(werr.Msg)
	case errors.As(err, &merr) && merr.Code != masthead.EINTERNAL:
		return sentence(merr.Message)
	}
	s.logger.Error("import", "run", run.ID, "file", run.FileName, "error", err)
	return i18n.Key("The import stopped because of an error on the server, written to its log; import the file again to finish it, nothing will be doubled.")
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
