package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead"
	"masthead/zipdir"

	"golang.org/x/net/html"
)

// uploadsZip makes the zip of an old site's wp-content/uploads folder
// that goes with media.xml, as people make it: the folder wp-content
// itself, with what macOS adds to archives.
func uploadsZip(t *testing.T, extra ...string) []byte {
	t.Helper()
	picture := func(w, h int, alpha uint8, asPNG bool) []byte {
		img := image.NewNRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				img.SetNRGBA(x, y, color.NRGBA{R: uint8(x), G: uint8(y), B: 120, A: alpha})
			}
		}
		var b bytes.Buffer
		if asPNG {
			must(t, png.Encode(&b, img))
		} else {
			must(t, jpeg.Encode(&b, img, nil))
		}
		return b.Bytes()
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	files := map[string][]byte{
		"wp-content/uploads/2024/05/harbour-dawn.jpg": picture(1200, 600, 255, false),
		"wp-content/uploads/2024/05/gull.png":         picture(400, 300, 128, true),
		"wp-content/uploads/2024/04/lighthouse.jpg":   picture(300, 400, 255, false),
		"__MACOSX/wp-content/uploads/._gull.png":      []byte("finder"),
	}
	for _, name := range extra {
		files[name] = []byte("extra")
	}
	for name, data := range files {
		w, err := zw.Create(name)
		must(t, err)
		_, err = w.Write(data)
		must(t, err)
	}
	must(t, zw.Close())
	return b.Bytes()
}

// uploadWith posts the import form with the export and the zip of the
// uploads.
func (rig *importRig) uploadWith(t *testing.T, cookie *http.Cookie, export, uploads []byte) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "observer.xml")
	must(t, err)
	_, err = fw.Write(export)
	must(t, err)
	fw, err = mw.CreateFormFile("uploads", "uploads.zip")
	must(t, err)
	_, err = fw.Write(uploads)
	must(t, err)
	must(t, mw.Close())
	req, err := http.NewRequest("POST", rig.ts.URL+"/admin/import", &body)
	must(t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return rig.do(t, req, cookie)
}

func readMediaFixture(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../wpimport/testdata/media.xml")
	must(t, err)
	return b
}

// TestImportFromAdminWithUploads sends an export with the zip of its
// uploads folder: the images come into the library, in the site's media
// storage, the bodies lead to them, and the zip and what it unpacked to
// are gone when the run ends.
func TestImportFromAdminWithUploads(t *testing.T) {
	rig := newImportRig(t, Options{})
	ctx := context.Background()
	_, page := rig.get(t, "/admin/import", rig.admin)
	if input := first(t, parse(t, page), byID("uploads"), "the uploads field"); attr(input, "type") != "file" || attr(input, "accept") != ".zip,application/zip" {
		t.Errorf("the uploads field is %v", input.Attr)
	}

	res, body := rig.uploadWith(t, rig.admin, readMediaFixture(t), uploadsZip(t))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d\n%s", res.StatusCode, body)
	}
	rig.waitForImports()
	_, page = rig.get(t, res.Header.Get("Location"), rig.admin)
	doc := parse(t, page)
	if state, summary := fieldText(doc, "import-state"), fieldText(doc, "import-summary"); state != "done" ||
		!strings.Contains(summary, "media 3 added (of 6 attachments in the export)") {
		t.Fatalf("the run ended %q:\n%s", state, summary)
	}
	images, total, err := rig.store.FindMedia(ctx, masthead.MediaFilter{})
	must(t, err)
	if total != 3 {
		t.Fatalf("the library holds %d images, want 3", total)
	}
	for _, m := range images {
		f, err := rig.media.Open(ctx, m.Name)
		if err != nil {
			t.Errorf("%s (%s) is not in the media storage: %v", m.Name, m.OriginalName, err)
			continue
		}
		f.Close()
	}
	// The old address of an image leads to its new file.
	rec := httptest.NewRecorder()
	rig.server.ServeHTTP(rec, httptest.NewRequest("GET", "/wp-content/uploads/2024/05/gull.png", nil))
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusMovedPermanently || !strings.HasPrefix(loc, "/media/") {
		t.Errorf("the gull's old address answers %d to %q", rec.Code, loc)
	}
	if left := rig.spoolFiles(t); len(left) != 0 {
		t.Errorf("the spool folder still holds %v", left)
	}
}

// TestImportUploadsRefused: a zip that would unpack past the bounds, one
// whose names lead outside it, and a file that is no zip are refused at
// the form, with one sentence at the field, before any run starts.
func TestImportUploadsRefused(t *testing.T) {
	rig := newImportRig(t, Options{UploadsLimits: zipdir.Limits{Files: 4, Bytes: 1 << 20}})
	for _, tt := range []struct {
		name    string
		uploads []byte
		status  int
		want    string
	}{
		{"too many files", uploadsZip(t, "wp-content/uploads/a.txt", "wp-content/uploads/b.txt"), http.StatusRequestEntityTooLarge,
			"The uploads archive holds more than 4 files, the most an import unpacks; import it on the server with the command masthead import wordpress and --uploads instead."},
		{"zip slip", uploadsZip(t, "../../evil.jpg"), http.StatusUnprocessableEntity,
			"The uploads archive holds a file whose name leads outside the archive, so it was refused; make the zip again from the wp-content/uploads folder."},
		{"not a zip", []byte("just some text"), http.StatusUnprocessableEntity,
			"The uploads file is not a zip archive; choose the zip of the old site's wp-content/uploads folder."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, page := rig.uploadWith(t, rig.admin, readMediaFixture(t), tt.uploads)
			doc := parse(t, page)
			if got := fieldText(doc, "field-error"); res.StatusCode != tt.status || got != tt.want {
				t.Errorf("status %d, %q; want %d, %q", res.StatusCode, got, tt.status, tt.want)
			}
			if input := first(t, doc, byID("uploads"), "the uploads field"); attr(input, "aria-invalid") != "true" {
				t.Error("the uploads field is not marked invalid")
			}
			if runs, _, _ := rig.store.FindImportRuns(context.Background(), 10, 0); len(runs) != 0 {
				t.Errorf("a run started: %+v", runs[0])
			}
			if left := rig.spoolFiles(t); len(left) != 0 {
				t.Errorf("the spool folder still holds %v", left)
			}
		})
	}
	big := newImportRig(t, Options{UploadsLimits: zipdir.Limits{Files: 10, Bytes: 1 << 10}})
	res, page := big.uploadWith(t, big.admin, readMediaFixture(t), uploadsZip(t))
	if want := "The uploads archive unpacks to more than 1 KB, the most an import unpacks; import it on the server with the command masthead import wordpress and --uploads instead."; res.StatusCode != http.StatusRequestEntityTooLarge ||
		fieldText(parse(t, page), "field-error") != want {
		t.Errorf("too large unpacked: status %d, %q", res.StatusCode, fieldText(parse(t, page), "field-error"))
	}
}

// largeExport is an export of n short posts, for runs that take a while.
func largeExport(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Ledger</title><link>http://ledger.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>desk</wp:author_login><wp:author_email>desk@ledger.example</wp:author_email><wp:author_display_name>The Desk</wp:author_display_name></wp:author>
`)
	for p := 1; p <= n; p++ {
		fmt.Fprintf(&b, `<item><title>Story %d</title><link>http://ledger.example/archives/%d</link><dc:creator>desk</dc:creator>
<content:encoded><![CDATA[<p>Story %d happened.</p>]]></content:encoded><wp:post_id>%d</wp:post_id>
<wp:post_date_gmt>2020-01-01 09:00:00</wp:post_date_gmt><wp:post_name>story-%d</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
`, p, p, p, p+1000, p)
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

// cancelRig is a site on two nodes sharing one store, whose import calls
// atItem once, from the run, when it has read 100 items.
func cancelRig(t *testing.T, atItem func()) (a, b *importRig) {
	t.Helper()
	a = newImportRig(t, Options{})
	inner := a.server.imports.run
	var once sync.Once
	a.server.imports.run = func(ctx context.Context, r io.Reader, o ImportOptions) (string, error) {
		onItem := o.OnItem
		o.OnItem = func(n int) {
			if n == 100 {
				once.Do(atItem)
			}
			onItem(n)
		}
		return inner(ctx, r, o)
	}
	srv, err := NewServer(a.store, Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }, Import: inner, SpoolDir: t.TempDir()})
	must(t, err)
	b = &importRig{store: a.store, server: srv, ts: httptest.NewServer(srv), admin: a.admin, editor: a.editor}
	t.Cleanup(b.ts.Close)
	return a, b
}

// cancel posts the Cancel button of a run's page.
func (rig *importRig) cancel(t *testing.T, cookie *http.Cookie, runPath string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("POST", rig.ts.URL+runPath+"/cancel", nil)
	must(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, _ := rig.do(t, req, cookie)
	return res
}

// TestCancelImport cancels a running import, once on the node that runs
// it and once on another: the run stops at an item, is marked cancelled
// with what it did, keeps what it imported, and importing the file again
// finishes it with nothing doubled. Only admins cancel, and not from
// another site.
func TestCancelImport(t *testing.T) {
	const posts = 600
	export := largeExport(posts)
	for _, where := range []string{"the node running it", "another node"} {
		t.Run(where, func(t *testing.T) {
			var a, b *importRig
			var runPath string
			var answered *http.Response
			a, b = cancelRig(t, func() {
				runs, _, err := a.store.FindImportRuns(context.Background(), 1, 0)
				must(t, err)
				runPath = fmt.Sprintf("/admin/import/%d", runs[0].ID)
				// From the page of the running import, the Cancel button.
				_, page := a.get(t, runPath, a.admin)
				form := first(t, parse(t, page), func(n *html.Node) bool { return n.Data == "form" && attr(n, "action") == runPath+"/cancel" }, "the cancel form")
				if attr(form, "method") != "post" {
					t.Errorf("the cancel form's method is %q", attr(form, "method"))
				}
				if res := a.cancel(t, a.editor, runPath); res.StatusCode != http.StatusForbidden {
					t.Errorf("an editor cancels: status %d", res.StatusCode)
				}
				if res := a.cancel(t, a.admin, runPath, "Sec-Fetch-Site", "cross-site"); res.StatusCode != http.StatusForbidden {
					t.Errorf("a cross-site cancel: status %d", res.StatusCode)
				}
				node := a
				if where == "another node" {
					node = b
				}
				answered = node.cancel(t, a.admin, runPath)
			})
			a.start(t, a.admin, "ledger.xml", export, false)
			a.waitForImports()
			if answered == nil || answered.StatusCode != http.StatusSeeOther || answered.Header.Get("Location") != runPath {
				t.Fatalf("the cancel answered %+v", answered)
			}
			run, err := a.store.FindImportRun(context.Background(), mustID(t, strings.TrimPrefix(runPath, "/admin/import/")))
			must(t, err)
			articles, _ := siteTotals(t, a.store)
			if run.State != masthead.ImportCancelled || run.Error != "" || !strings.Contains(run.Summary, "articles") || articles == 0 || articles >= posts {
				t.Fatalf("the cancelled run: %+v, %d articles of %d", run, articles, posts)
			}
			// The local cancel stops at the next item; another node's at the
			// run's next report, within importProgressEvery items.
			if run.Items < 100 || run.Items > 100+importProgressEvery+1 {
				t.Errorf("the run stopped after %d items", run.Items)
			}
			_, page := a.get(t, runPath, a.admin)
			doc := parse(t, page)
			if got := fieldText(doc, "import-state"); got != "cancelled" {
				t.Errorf("the run's page says %q", got)
			}
			if got := fieldText(doc, "notice"); !strings.Contains(got, "This import was cancelled.") {
				t.Errorf("the run's page says %q", got)
			}
			if res := a.cancel(t, a.admin, runPath); res.StatusCode != http.StatusSeeOther {
				t.Errorf("cancelling the ended run: status %d", res.StatusCode)
			}
			if got, _ := a.store.FindImportRun(context.Background(), run.ID); got.State != masthead.ImportCancelled {
				t.Errorf("cancelling the ended run changed it to %s", got.State)
			}

			// Run again, the import finishes what the cancelled one began.
			a.server.imports.run = b.server.imports.run
			again := a.start(t, a.admin, "ledger.xml", export, false)
			a.waitForImports()
			_, page = a.get(t, again, a.admin)
			if state := fieldText(parse(t, page), "import-state"); state != "done" {
				t.Fatalf("the second run ended %q", state)
			}
			if articles, _ := siteTotals(t, a.store); articles != posts {
				t.Errorf("after the second run the site has %d articles, want %d", articles, posts)
			}
		})
	}
}
