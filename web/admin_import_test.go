package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/media"
	"masthead/sqlstore"
	"masthead/wpimport"
	"masthead/wxr"
)

// importRig is a site served over real HTTP, with an admin and an editor
// signed in, whose uploads wait in a spool folder of their own.
type importRig struct {
	store         *sqlstore.Store
	server        *Server
	ts            *httptest.Server
	spool         string
	media         media.Dir
	admin, editor *http.Cookie
}

func newImportRig(t *testing.T, opts Options) *importRig {
	t.Helper()
	store := newStore(t)
	rig := &importRig{store: store, spool: t.TempDir(), media: media.Dir(t.TempDir())}
	opts.BaseURL, opts.Now, opts.SpoolDir = "https://observer.example", func() time.Time { return now }, rig.spool
	opts.Import, opts.MediaStorage = wordpressImporter(store, rig.media), rig.media
	srv, err := NewServer(store, opts)
	if err != nil {
		t.Fatal(err)
	}
	rig.server = srv
	rig.ts = httptest.NewServer(srv)
	t.Cleanup(func() {
		rig.ts.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Error(err)
		}
	})
	rig.admin = signIn(t, srv, addStaff(t, store, "Ada Admin", masthead.RoleAdmin).Email)
	rig.editor = signIn(t, srv, addStaff(t, store, "Eda Editor", masthead.RoleEditor).Email)
	return rig
}

// wordpressImporter is the command's import of WordPress exports, as
// cmd/masthead gives it to the server, with the images of an uploads
// folder stored in storage.
func wordpressImporter(store masthead.Store, storage media.Storage) ImportFunc {
	return func(ctx context.Context, r io.Reader, o ImportOptions) (string, error) {
		opts := wpimport.Options{DryRun: o.DryRun, OnItem: o.OnItem}
		if o.Uploads != "" {
			opts.Uploads, opts.Media = os.DirFS(o.Uploads), storage
		}
		sum, err := wpimport.Import(ctx, store, r, opts)
		if sum == nil {
			return "", err
		}
		var b strings.Builder
		sum.WriteTo(&b)
		return b.String(), err
	}
}

// do sends a request over HTTP without following redirects.
func (rig *importRig) do(t *testing.T, req *http.Request, cookie *http.Cookie) (*http.Response, string) {
	t.Helper()
	if cookie != nil {
		req.AddCookie(cookie)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func (rig *importRig) get(t *testing.T, path string, cookie *http.Cookie) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", rig.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rig.do(t, req, cookie)
}

// upload posts the import form: a file under name with its content, and
// the dry-run box ticked or not.
func (rig *importRig) upload(t *testing.T, cookie *http.Cookie, name string, content []byte, dryRun bool) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if dryRun {
		must(t, mw.WriteField("dry_run", "1"))
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		must(t, err)
		_, err = fw.Write(content)
		must(t, err)
	}
	must(t, mw.Close())
	req, err := http.NewRequest("POST", rig.ts.URL+"/admin/import", &body)
	must(t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return rig.do(t, req, cookie)
}

// start uploads a file, checks that the upload was accepted and returns
// its run's page.
func (rig *importRig) start(t *testing.T, cookie *http.Cookie, name string, content []byte, dryRun bool) string {
	t.Helper()
	res, body := rig.upload(t, cookie, name, content, dryRun)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/import/") {
		t.Fatalf("upload: status %d, Location %q\n%s", res.StatusCode, loc, body)
	}
	return loc
}

// waitForImports waits until every run this server started has recorded
// its end.
func (rig *importRig) waitForImports() { rig.server.imports.running.Wait() }

// spoolFiles lists what is left in the spool folder.
func (rig *importRig) spoolFiles(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(rig.spool)
	must(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func readFixture(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/wordpress-export-small.xml")
	must(t, err)
	return b
}

// fieldText is the text of the element with the given class, or "".
func fieldText(doc *html.Node, class string) string {
	if n := findAll(doc, byClass(class)); len(n) > 0 {
		return strings.TrimSpace(text(n[0]))
	}
	return ""
}

// refreshes reports whether a page reloads itself.
func refreshes(doc *html.Node) bool {
	return len(findAll(doc, func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "meta" && attr(n, "http-equiv") == "refresh"
	})) > 0
}

func siteTotals(t *testing.T, s masthead.Store) (articles, comments int) {
	t.Helper()
	ctx := context.Background()
	_, articles, err := s.FindArticles(ctx, masthead.ArticleFilter{Limit: 1})
	must(t, err)
	_, comments, err = s.FindComments(ctx, masthead.CommentFilter{Limit: 1})
	must(t, err)
	return articles, comments
}

// TestImportFromAdmin uploads the fixture export through the admin, first
// as a dry run, which writes nothing, then for real, and reads the result
// on the run's page, in the list and in the store.
func TestImportFromAdmin(t *testing.T) {
	rig := newImportRig(t, Options{})
	fixture := readFixture(t)

	res, page := rig.get(t, "/admin/import", rig.admin)
	if res.StatusCode != 200 {
		t.Fatalf("import page: status %d", res.StatusCode)
	}
	doc := parse(t, page)
	form := first(t, doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "action") == "/admin/import" }, "the upload form")
	if attr(form, "enctype") != "multipart/form-data" || attr(form, "method") != "post" {
		t.Errorf("the upload form is %s %s", attr(form, "method"), attr(form, "enctype"))
	}
	first(t, form, byID("dry_run"), "the dry-run box")
	if refreshes(doc) {
		t.Error("the import page reloads itself while nothing runs")
	}

	// A dry run checks everything and writes nothing.
	runPath := rig.start(t, rig.admin, "observer.WordPress.xml", fixture, true)
	rig.waitForImports()
	if articles, comments := siteTotals(t, rig.store); articles != 0 || comments != 0 {
		t.Errorf("after a dry run the site holds %d articles and %d comments, want none", articles, comments)
	}
	_, page = rig.get(t, runPath, rig.admin)
	doc = parse(t, page)
	if got := fieldText(doc, "import-state"); got != "checked" {
		t.Errorf("the dry run's state reads %q, want checked", got)
	}
	if summary := fieldText(doc, "import-summary"); !strings.HasPrefix(summary, "Checked (dry run, nothing was written)") ||
		!strings.Contains(summary, "articles 20 added") {
		t.Errorf("the dry run's summary reads:\n%s", summary)
	}

	// The import itself.
	runPath = rig.start(t, rig.admin, "observer.WordPress.xml", fixture, false)
	rig.waitForImports()
	if articles, comments := siteTotals(t, rig.store); articles != 20 || comments != 219 {
		t.Errorf("after the import the site holds %d articles and %d comments, want 20 and 219", articles, comments)
	}
	_, page = rig.get(t, runPath, rig.admin)
	doc = parse(t, page)
	if refreshes(doc) {
		t.Error("a finished run's page reloads itself")
	}
	summary := fieldText(doc, "import-summary")
	for _, want := range []string{"Imported: the WordPress export", "authors 3 added", "articles 20 added (20 published)", "comments 219 added (219 approved)"} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q:\n%s", want, summary)
		}
	}
	if got := fieldText(doc, "import-state"); got != "done" {
		t.Errorf("the run's state reads %q, want done", got)
	}
	id := strings.TrimPrefix(runPath, "/admin/import/")
	stored, err := rig.store.FindImportRun(context.Background(), mustID(t, id))
	must(t, err)
	if stored.State != masthead.ImportDone || stored.Items == 0 || stored.BytesRead != int64(len(fixture)) ||
		stored.FileBytes != int64(len(fixture)) || stored.FileName != "observer.WordPress.xml" || stored.DryRun {
		t.Errorf("the stored run = %+v", stored)
	}
	if got := fieldText(doc, "import-items"); got != fmt.Sprint(stored.Items) {
		t.Errorf("the page says %q items, the store %d", got, stored.Items)
	}

	// Both runs are listed, newest first, and their files are gone.
	_, page = rig.get(t, "/admin/import", rig.admin)
	rows := findAll(parse(t, page), func(n *html.Node) bool { return n.Data == "tr" && strings.HasPrefix(attr(n, "id"), "run-") })
	if len(rows) != 2 || attr(rows[0], "id") != "run-"+id || fieldText(rows[0], "import-state") != "done" || fieldText(rows[1], "import-state") != "checked" {
		t.Errorf("the list of runs has %d rows", len(rows))
	}
	if left := rig.spoolFiles(t); len(left) != 0 {
		t.Errorf("the spool folder still holds %v", left)
	}
	// The same file again adds nothing.
	rig.start(t, rig.admin, "observer.WordPress.xml", fixture, false)
	rig.waitForImports()
	if articles, comments := siteTotals(t, rig.store); articles != 20 || comments != 219 {
		t.Errorf("after a second import the site holds %d articles and %d comments", articles, comments)
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscan(s, &id); err != nil {
		t.Fatalf("id %q: %v", s, err)
	}
	return id
}

// TestImportOneAtATime holds a run in progress: its page reloads itself
// and shows its progress, a second upload is refused with a sentence
// beside the file field, and the first then finishes.
func TestImportOneAtATime(t *testing.T) {
	rig := newImportRig(t, Options{})
	holding, release := make(chan struct{}), make(chan struct{})
	rig.server.imports.beforeRun = func(ctx context.Context, run *masthead.ImportRun) {
		close(holding)
		<-release
	}
	fixture := readFixture(t)
	runPath := rig.start(t, rig.admin, "first.xml", fixture, false)
	<-holding

	for _, path := range []string{runPath, "/admin/import"} {
		res, page := rig.get(t, path, rig.admin)
		doc := parse(t, page)
		if res.StatusCode != 200 || !refreshes(doc) {
			t.Errorf("%s while a run is queued: status %d, reloads itself %v", path, res.StatusCode, refreshes(doc))
		}
		if len(findAll(doc, byID("file"))) != 0 {
			t.Errorf("%s offers the upload form while a run is in progress", path)
		}
	}
	res, page := rig.upload(t, rig.admin, "second.xml", fixture, false)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("a second upload while one runs: status %d", res.StatusCode)
	}
	if got := fieldText(parse(t, page), "field-error"); got != "Another import is running; wait until it finishes, then import this file." {
		t.Errorf("the second upload is refused with %q", got)
	}
	if left := rig.spoolFiles(t); len(left) != 1 {
		t.Errorf("the spool folder holds %v, want the first run's file alone", left)
	}
	close(release)
	rig.waitForImports()
	_, page = rig.get(t, runPath, rig.admin)
	if got := fieldText(parse(t, page), "import-state"); got != "done" {
		t.Errorf("the first run ends %q", got)
	}
	runs, total, err := rig.store.FindImportRuns(context.Background(), 10, 0)
	must(t, err)
	if total != 1 || runs[0].FileName != "first.xml" {
		t.Errorf("runs = %d, %+v", total, runs)
	}
}

// TestImportRefusals covers who may import and what is not an import.
func TestImportRefusals(t *testing.T) {
	rig := newImportRig(t, Options{MaxImportBytes: 4 << 10})

	// Only admins, whatever they ask.
	run := &masthead.ImportRun{FileName: "old.xml"}
	must(t, rig.store.StartImportRun(context.Background(), run))
	run.State = masthead.ImportDone
	must(t, rig.store.FinishImportRun(context.Background(), run))
	for _, path := range []string{"/admin/import", fmt.Sprintf("/admin/import/%d", run.ID)} {
		if res, _ := rig.get(t, path, rig.editor); res.StatusCode != http.StatusForbidden {
			t.Errorf("an editor opens %s: status %d", path, res.StatusCode)
		}
	}
	if res, _ := rig.upload(t, rig.editor, "site.xml", readFixture(t)[:1000], false); res.StatusCode != http.StatusForbidden {
		t.Errorf("an editor uploads: status %d", res.StatusCode)
	}
	if res, _ := rig.upload(t, nil, "site.xml", []byte("<rss/>"), false); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
		t.Errorf("an upload without signing in: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := rig.get(t, "/admin/import/999", rig.admin); res.StatusCode != http.StatusNotFound {
		t.Errorf("a run that does not exist: status %d", res.StatusCode)
	}

	// No file, and a file past the bound, are refused at once.
	res, page := rig.upload(t, rig.admin, "", nil, true)
	if res.StatusCode != http.StatusUnprocessableEntity || fieldText(parse(t, page), "field-error") != "Choose a WordPress export file (.xml) to import." {
		t.Errorf("no file: status %d, %q", res.StatusCode, fieldText(parse(t, page), "field-error"))
	}
	doc := parse(t, page)
	if box := first(t, doc, byID("dry_run"), "the dry-run box"); !hasAttr(box, "checked") {
		t.Error("the refused form forgets that the dry-run box was ticked")
	}
	res, page = rig.upload(t, rig.admin, "huge.xml", bytes.Repeat([]byte("x"), 8<<10), false)
	if want := "The export is larger than 4 KB, the most an upload may be; import it on the server with the command masthead import wordpress instead."; res.StatusCode != http.StatusRequestEntityTooLarge ||
		fieldText(parse(t, page), "field-error") != want {
		t.Errorf("too large: status %d, %q", res.StatusCode, fieldText(parse(t, page), "field-error"))
	}

	// A file that is not an export fails with the reader's sentence.
	notExport := []byte("Dear editor, this is a letter, not an export.")
	_, werr := wxr.NewReader(bytes.NewReader(notExport)).Next()
	var want *wxr.Error
	if !errors.As(werr, &want) {
		t.Fatalf("the reader takes the letter: %v", werr)
	}
	runPath := rig.start(t, rig.admin, "letter.xml", notExport, false)
	rig.waitForImports()
	_, page = rig.get(t, runPath, rig.admin)
	doc = parse(t, page)
	if got := fieldText(doc, "import-state"); got != "failed" {
		t.Errorf("the letter's run ends %q", got)
	}
	if got := fieldText(doc, "import-error"); got != want.Msg {
		t.Errorf("the letter's run says %q, want %q", got, want.Msg)
	}
	if left := rig.spoolFiles(t); len(left) != 0 {
		t.Errorf("the spool folder still holds %v", left)
	}
}

// TestImportInterrupted leaves a run behind as a node that died would: it
// shows as interrupted once silent long enough, stops refusing others,
// and is given up when the next one starts.
func TestImportInterrupted(t *testing.T) {
	rig := newImportRig(t, Options{})
	rig.store.Now = func() time.Time { return now.Add(-masthead.ImportStaleAfter - time.Minute) }
	dead := &masthead.ImportRun{FileName: "dead.xml"}
	must(t, rig.store.StartImportRun(context.Background(), dead))
	rig.store.Now = func() time.Time { return now }

	_, page := rig.get(t, fmt.Sprintf("/admin/import/%d", dead.ID), rig.admin)
	doc := parse(t, page)
	if got := fieldText(doc, "import-state"); got != "interrupted" || refreshes(doc) {
		t.Errorf("the dead run reads %q, reloads itself %v", got, refreshes(doc))
	}
	_, page = rig.get(t, "/admin/import", rig.admin)
	first(t, parse(t, page), byID("file"), "the upload form beside an interrupted run")

	rig.start(t, rig.admin, "again.xml", readFixture(t), true)
	rig.waitForImports()
	got, err := rig.store.FindImportRun(context.Background(), dead.ID)
	must(t, err)
	if got.State != masthead.ImportFailed || got.Error != masthead.ImportInterrupted {
		t.Errorf("the dead run = %+v", got)
	}
}

// TestImportStopsWithTheServer shuts the server down under a running
// import: Shutdown waits for it to record that it stopped, and removes
// its file; importing again would finish it.
func TestImportStopsWithTheServer(t *testing.T) {
	rig := newImportRig(t, Options{})
	holding := make(chan struct{})
	rig.server.imports.beforeRun = func(ctx context.Context, run *masthead.ImportRun) {
		close(holding)
		<-ctx.Done()
	}
	runPath := rig.start(t, rig.admin, "observer.xml", readFixture(t), false)
	<-holding
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	must(t, rig.server.Shutdown(ctx))
	got, err := rig.store.FindImportRun(context.Background(), mustID(t, strings.TrimPrefix(runPath, "/admin/import/")))
	must(t, err)
	if got.State != masthead.ImportFailed ||
		got.Error != "The import stopped because the server shut down; import the file again to finish it, nothing will be doubled." {
		t.Errorf("the stopped run = %+v", got)
	}
	if left := rig.spoolFiles(t); len(left) != 0 {
		t.Errorf("the spool folder still holds %v", left)
	}
	res, page := rig.upload(t, rig.admin, "observer.xml", readFixture(t), false)
	if res.StatusCode != http.StatusServiceUnavailable || fieldText(parse(t, page), "field-error") != "The server is shutting down; import the file again in a moment." {
		t.Errorf("an upload after shutdown: status %d", res.StatusCode)
	}
}

// TestImportPassesTheBodyLimit checks that the bound on request bodies
// holds for every route but those with their own: the upload of an
// export, and of an image (bound by the media library's limit).
func TestImportPassesTheBodyLimit(t *testing.T) {
	rig := newImportRig(t, Options{MaxBodyBytes: 4 << 10, MediaDir: t.TempDir()})
	fixture := readFixture(t)
	if len(fixture) <= 4<<10 {
		t.Fatalf("the fixture is only %d bytes", len(fixture))
	}
	rig.start(t, rig.admin, "observer.xml", fixture, true)
	rig.waitForImports()
	res := upload(t, rig.server, rig.admin, "big.jpg", bytes.Repeat([]byte{0xFF}, media.MaxBytes+2<<20), map[string]string{"alt": "Big"})
	if got := fieldText(parse(t, body(t, res)), "field-error"); res.StatusCode != http.StatusUnprocessableEntity || !strings.HasPrefix(got, "The upload could not be read") {
		t.Errorf("a media upload past the media limit: status %d, %q", res.StatusCode, got)
	}
	for _, tt := range []struct {
		path string
		want int64
	}{
		{"/admin/settings", 4 << 10}, {"/2026/03/14/pier/", 4 << 10}, {importPath, 0},
		{"/admin/media", media.MaxBytes + 1<<20}, {"/admin/login", credentialsFormBytes}, {"/admin/setup", credentialsFormBytes},
	} {
		if got := rig.server.bodyLimit(httptest.NewRequest("POST", tt.path, nil)); got != tt.want {
			t.Errorf("POST %s may carry %d bytes, want %d", tt.path, got, tt.want)
		}
	}
}

// importPages writes every state of Tools → Import into dir, as an admin
// sees it, for the HTML validator: the form refused, the list, a run in
// progress, a finished one with its summary and a failed one.
func importPages(t *testing.T, h http.Handler, store masthead.Store, admin *http.Cookie, dir string) []string {
	t.Helper()
	ctx := context.Background()
	var files []string
	write := func(name string, res *http.Response) {
		t.Helper()
		file := filepath.Join(dir, name+".html")
		must(t, os.WriteFile(file, []byte(body(t, res)), 0o600))
		files = append(files, file)
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	must(t, mw.WriteField("dry_run", "1"))
	must(t, mw.Close())
	req := httptest.NewRequest("POST", "/admin/import", &form)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(admin)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("the import form without a file: status %d", rec.Code)
	}
	write("admin-import-errors", rec.Result())

	done := &masthead.ImportRun{FileName: "observer.WordPress.2026-03-14.xml", FileBytes: 4096}
	must(t, store.StartImportRun(ctx, done))
	done.State, done.Items, done.BytesRead = masthead.ImportDone, 240, 4096
	done.Summary = "Imported: the WordPress export of \"Observer\" (WXR 1.2).\n  authors         3 added\n  articles       20 added (20 published)\n"
	must(t, store.FinishImportRun(ctx, done))
	failed := &masthead.ImportRun{FileName: "letter.xml", FileBytes: 40, DryRun: true}
	must(t, store.StartImportRun(ctx, failed))
	failed.State, failed.Error = masthead.ImportFailed, "The file is not XML, so it is not a WordPress export."
	must(t, store.FinishImportRun(ctx, failed))
	running := &masthead.ImportRun{FileName: "archive.xml", FileBytes: 1 << 20}
	must(t, store.StartImportRun(ctx, running))
	must(t, store.UpdateImportRun(ctx, running.ID, masthead.ImportRunning, 500, 1<<19))
	for name, path := range map[string]string{
		"admin-import":         "/admin/import",
		"admin-import-done":    fmt.Sprintf("/admin/import/%d", done.ID),
		"admin-import-failed":  fmt.Sprintf("/admin/import/%d", failed.ID),
		"admin-import-running": fmt.Sprintf("/admin/import/%d", running.ID),
	} {
		res := send(t, h, "GET", path, nil, admin)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		write(name, res)
	}
	return files
}

// importRunsToShow stores a finished run and a failed one, with long
// names and lines, and returns their ids, for the layout test.
func importRunsToShow(t *testing.T, store masthead.Store, by int64, longName, longURL string) []int64 {
	t.Helper()
	ctx := context.Background()
	done := &masthead.ImportRun{StartedBy: by, FileName: longName + ".WordPress.2026-03-14.xml", FileBytes: 1 << 20}
	must(t, store.StartImportRun(ctx, done))
	done.State, done.Items, done.BytesRead = masthead.ImportDone, 1200, 1<<20
	done.Summary = "Imported: the WordPress export of \"" + longName + "\" (WXR 1.2).\n  articles       20 added (20 published)\nNotes:\n  The post at " +
		longURL + " links to an image that stays at its old address.\n"
	must(t, store.FinishImportRun(ctx, done))
	failed := &masthead.ImportRun{StartedBy: by, FileName: longName + ".xml", FileBytes: 40, DryRun: true}
	must(t, store.StartImportRun(ctx, failed))
	failed.State, failed.Error = masthead.ImportFailed, "The file ends before its last element closes, at line 4182; it was cut short, so export it again."
	must(t, store.FinishImportRun(ctx, failed))
	return []int64{done.ID, failed.ID}
}

// TestImportWithoutImporter checks that a server given no importer says
// so on the page and refuses uploads.
func TestImportWithoutImporter(t *testing.T) {
	store := newStore(t)
	srv, err := NewServer(store, Options{SpoolDir: t.TempDir()})
	must(t, err)
	admin := signIn(t, srv, addStaff(t, store, "Ada Admin", masthead.RoleAdmin).Email)
	want := "This server was started without an importer, so it cannot import files; use the command masthead import wordpress instead."
	doc := parse(t, body(t, send(t, srv, "GET", "/admin/import", nil, admin)))
	if got := fieldText(doc, "notice"); got != want || len(findAll(doc, byID("file"))) != 0 {
		t.Errorf("the page says %q", got)
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, err := mw.CreateFormFile("file", "observer.xml")
	must(t, err)
	fw.Write(readFixture(t))
	must(t, mw.Close())
	req := httptest.NewRequest("POST", "/admin/import", &form)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(admin)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if got := fieldText(parse(t, rec.Body.String()), "notice"); rec.Code != http.StatusServiceUnavailable || got != want {
		t.Errorf("an upload: status %d, %q", rec.Code, got)
	}
}
