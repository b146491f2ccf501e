package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/media"
)

// testJPEG is a photo with an EXIF block that names a place.
func testJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var buf bytes.Buffer
	must(t, jpeg.Encode(&buf, img, nil))
	jpg := buf.Bytes()
	payload := []byte("Exif\x00\x00GPSLatitude 51.5 N")
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	return append(append(append([]byte{}, jpg[:2]...), append(seg, payload...)...), jpg[2:]...)
}

// upload posts a file to the media library as the cookie's owner.
func upload(t *testing.T, h http.Handler, c *http.Cookie, filename string, data []byte, fields map[string]string) *http.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", filename)
	must(t, err)
	fw.Write(data)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	req := httptest.NewRequest("POST", "/admin/media", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(c)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestMediaLibrary(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	dir := t.TempDir()
	srv, err := NewServer(rig.store, Options{BaseURL: "https://observer.example", Now: rig.clock.Now, CommentEvery: -1, MediaDir: dir})
	must(t, err)
	author, contributor, editor := rig.cookies[masthead.RoleAuthor], rig.cookies[masthead.RoleContributor], rig.cookies[masthead.RoleEditor]
	photo := testJPEG(t, 1200, 800)
	fields := map[string]string{"alt": "Boats at the east quay", "caption": "Morning at the quay", "credit": "Staff photographer"}

	if res := upload(t, srv, contributor, "quay.jpg", photo, fields); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a contributor uploading: status %d", res.StatusCode)
	}
	for name, tt := range map[string]struct {
		file   string
		data   []byte
		fields map[string]string
		want   string
	}{
		"not an image": {"evil.jpg", []byte("<script>alert(1)</script>"), fields, "not a JPEG, PNG, GIF or WebP"},
		"no alt text":  {"quay.jpg", photo, map[string]string{"caption": "kept caption"}, "Describe the image"},
	} {
		res := upload(t, srv, author, tt.file, tt.data, tt.fields)
		b := body(t, res)
		if res.StatusCode != 422 || !strings.Contains(b, tt.want) {
			t.Fatalf("%s: status %d", name, res.StatusCode)
		}
		if name == "no alt text" && attr(first(t, parse(t, b), byID("caption"), "caption"), "value") != "kept caption" {
			t.Error("the upload form lost the caption")
		}
	}
	res := upload(t, srv, author, "quay.jpg", photo, fields)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d: %s", res.StatusCode, body(t, res))
	}
	items, total, _ := rig.store.FindMedia(ctx, masthead.MediaFilter{})
	if total != 1 {
		t.Fatalf("%d images in the library", total)
	}
	m := items[0]
	var widths []int
	for _, v := range m.Variants {
		widths = append(widths, v.Width)
	}
	if m.Width != 1200 || fmt.Sprint(widths) != "[480 720 960]" || m.AltText != fields["alt"] || m.OriginalName != "quay.jpg" {
		t.Fatalf("stored image = %+v", m)
	}
	for _, name := range m.Files() {
		res := get(t, srv, "GET", "/media/"+name)
		if res.status != 200 || res.header.Get("Content-Type") != "image/jpeg" || !strings.Contains(res.header.Get("Cache-Control"), "immutable") {
			t.Fatalf("/media/%s: %d %s %s", name, res.status, res.header.Get("Content-Type"), res.header.Get("Cache-Control"))
		}
		if strings.Contains(res.body, "GPSLatitude") || strings.Contains(res.body, "Exif") {
			t.Fatalf("/media/%s still carries the EXIF block", name)
		}
	}
	if res := upload(t, srv, author, "again.jpg", photo, fields); !strings.Contains(res.Header.Get("Location"), "already+in+the+library") {
		t.Errorf("a second upload of the same image: %q", res.Header.Get("Location"))
	}
	for _, bad := range []string{"/media/../../etc/passwd", "/media/nothing.jpg", "/media/" + strings.Repeat("0", 32) + ".jpg"} {
		if res := get(t, srv, "GET", bad); res.status == 200 {
			t.Errorf("%s answers 200", bad)
		}
	}
	lib := body(t, send(t, srv, "GET", "/admin/media?q=quay", nil, author))
	if !strings.Contains(lib, "Boats at the east quay") {
		t.Error("the library does not find the image")
	}

	// The author leads an article with it; the page shows it in a figure
	// with srcset, and social cards and JSON-LD use it.
	v := articleValues("Boats return to the quay", rig.staff[masthead.RoleAuthor])
	v.Set("featured", fmt.Sprint(m.ID))
	v.Set("action", "publish")
	res = send(t, srv, "POST", "/admin/articles/new", v, author)
	id := savedID(t, res)
	a, _ := rig.store.FindArticleByID(ctx, id)
	doc := parse(t, get(t, srv, "GET", a.Path(time.UTC)).body)
	img := first(t, first(t, doc, byClass("lead-image"), "figure"), byTag("img"), "img")
	if attr(img, "alt") != fields["alt"] || !strings.Contains(attr(img, "srcset"), "480w") || attr(img, "width") != "1200" {
		t.Errorf("lead image = %v", img.Attr)
	}
	if !strings.Contains(text(first(t, doc, byTag("figcaption"), "caption")), "Staff photographer") {
		t.Error("no credit in the caption")
	}
	if og := meta(doc, "og:image"); !strings.HasPrefix(og, "https://observer.example/media/") {
		t.Errorf("og:image = %q", og)
	}

	if res := send(t, srv, "POST", fmt.Sprintf("/admin/media/%d/delete", m.ID), url.Values{}, author); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an author deleting: status %d", res.StatusCode)
	}
	if res := send(t, srv, "POST", fmt.Sprintf("/admin/media/%d/delete", m.ID), url.Values{}, editor); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("an editor deleting: status %d", res.StatusCode)
	}
	for _, name := range m.Files() {
		if _, err := os.Stat(filepath.Join(dir, name[:2], name)); !os.IsNotExist(err) {
			t.Errorf("the deleted image's file %s is still on disk", name)
		}
	}
	if strings.Contains(get(t, srv, "GET", a.Path(time.UTC)).body, "lead-image") {
		t.Error("the article still shows the deleted image")
	}
}

// TestUploadBodyBound: the server's bound on ordinary forms does not cut
// an upload short of the 15 MB the media library promises; beyond it the
// upload is refused with that number.
func TestUploadBodyBound(t *testing.T) {
	rig := newEditorRig(t)
	srv, err := NewServer(rig.store, Options{BaseURL: "https://observer.example", Now: rig.clock.Now, CommentEvery: -1,
		MediaDir: t.TempDir(), MaxBodyBytes: 8 << 20})
	must(t, err)
	editor := rig.cookies[masthead.RoleEditor]
	for _, tt := range []struct {
		size int
		want string
	}{
		{10 << 20, "not a JPEG, PNG, GIF or WebP image"}, // read whole, judged by its bytes
		{media.MaxBytes + 2<<20, "at most 15 MB"},
	} {
		res := upload(t, srv, editor, "big.jpg", bytes.Repeat([]byte("x"), tt.size), map[string]string{"alt": "Big"})
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), tt.want) {
			t.Errorf("%d MB upload: status %d, want 422 saying %q", tt.size>>20, res.StatusCode, tt.want)
		}
	}
}
