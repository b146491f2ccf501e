package wpimport

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/media"
	"masthead/web"
	"masthead/wxr"
)

// writeUploads makes the uploads directory of media.xml: real images
// drawn here (a wide JPEG that gets two smaller widths, a PNG with
// transparency, a tall JPEG), and a "notes.jpg" that is text. The file of
// attachment 304 is missing and the PDF is there, as a newsroom's copy
// would have it.
func writeUploads(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	drawn := func(w, h int, alpha uint8) image.Image {
		img := image.NewNRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				img.SetNRGBA(x, y, color.NRGBA{R: uint8(x), G: uint8(y), B: 120, A: alpha})
			}
		}
		return img
	}
	var harbour, gull, lighthouse bytes.Buffer
	if err := jpeg.Encode(&harbour, drawn(1200, 600, 255), nil); err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(&gull, drawn(400, 300, 128)); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&lighthouse, drawn(300, 400, 255), nil); err != nil {
		t.Fatal(err)
	}
	write("2024/05/harbour-dawn.jpg", harbour.Bytes())
	write("2024/05/gull.png", gull.Bytes())
	write("2024/04/lighthouse.jpg", lighthouse.Bytes())
	write("2024/05/harbour-report.pdf", []byte("%PDF-1.4 the council's report"))
	write("2024/05/notes.jpg", []byte("not a picture at all"))
	return dir
}

// mediaOptions are the options of an import with uploads into a media
// directory of its own.
func mediaOptions(t *testing.T, uploads string) (Options, media.Dir) {
	storage := media.Dir(t.TempDir())
	return Options{Uploads: os.DirFS(uploads), Media: storage}, storage
}

// articleOf returns the article a WordPress post became.
func articleOf(t *testing.T, s masthead.Store, post int64) *masthead.Article {
	t.Helper()
	ctx := context.Background()
	ext := externalID("post", post)
	ids, err := s.FindExternalIDs(ctx, masthead.ExternalArticle, []string{ext})
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.FindArticleByID(ctx, ids[ext])
	if err != nil {
		t.Fatalf("post %d: %v", post, err)
	}
	return a
}

// variantPath returns the address of m's file that is width pixels wide,
// so that tests name the width they mean rather than a position that
// moves whenever media.Widths changes.
func variantPath(t *testing.T, m *masthead.Media, width int) string {
	t.Helper()
	for _, v := range m.Variants {
		if v.Width == width {
			return "/media/" + v.Name
		}
	}
	t.Fatalf("%s has no variant %d pixels wide, only %+v", m.Name, width, m.Variants)
	return ""
}

// widthsBelow returns the widths of media.Widths narrower than width:
// the variants an image that wide is given.
func widthsBelow(width int) []int {
	var out []int
	for _, w := range media.Widths {
		if w < width {
			out = append(out, w)
		}
	}
	return out
}

// variantWidths returns the widths of m's variants, narrowest first.
func variantWidths(m *masthead.Media) []int {
	var out []int
	for _, v := range m.Variants {
		out = append(out, v.Width)
	}
	return out
}

// mediaOf returns the image a WordPress attachment became.
func mediaOf(t *testing.T, s masthead.Store, attachment int64) *masthead.Media {
	t.Helper()
	ctx := context.Background()
	ext := externalID("attachment", attachment)
	ids, err := s.FindExternalIDs(ctx, masthead.ExternalMedia, []string{ext})
	if err != nil {
		t.Fatal(err)
	}
	id, ok := ids[ext]
	if !ok {
		t.Fatalf("attachment %d was not imported", attachment)
	}
	m, err := s.FindMediaByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestImportMedia(t *testing.T) {
	checkMediaImport(t, newStore(t))
}

func TestImportMediaPostgres(t *testing.T) {
	s := newPostgresStore(t)
	checkMediaImport(t, s)
}

// checkMediaImport imports media.xml with its uploads: images in the
// library with their alternative text and caption, featured images (also
// from an attachment that comes after its post), bodies pointing at the
// new files, every old file address and attachment page answering one 301
// to a page or file that answers 200, and a second run that changes
// nothing.
func checkMediaImport(t *testing.T, s masthead.Store) {
	ctx := context.Background()
	opts, storage := mediaOptions(t, writeUploads(t))
	sum := importFile(t, s, "media.xml", opts)
	notes := strings.Join(sum.Notes, "\n")

	if sum.Media != 6 || sum.Added.Media != 3 || sum.Found.Media != 0 {
		t.Errorf("media: %d in the export, %d added, %d found; want 6, 3, 0", sum.Media, sum.Added.Media, sum.Found.Media)
	}
	for _, want := range []string{
		"Attachment 304's file 2024/05/gone.jpg is not in the uploads directory, so it was not imported.",
		"Attachment 306 (2024/05/notes.jpg) was not imported: the file is not a JPEG, PNG, GIF or WebP image.",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("the notes do not say %q:\n%s", want, notes)
		}
	}
	if n := sum.Skipped["files that are not images (documents, audio, video) are not imported yet: links to them keep their original addresses"]; n != 1 {
		t.Errorf("the summary counts %d documents, want 1: %v", n, sum.Skipped)
	}
	if sum.MediaWithoutAlt != 1 {
		t.Errorf("%d images without alternative text, want 1 (the gull)", sum.MediaWithoutAlt)
	}
	if sum.KeptMediaURLs != 1 {
		t.Errorf("%d body addresses kept, want 1 (the report)", sum.KeptMediaURLs)
	}
	var out bytes.Buffer
	sum.WriteTo(&out)
	for _, want := range []string{"media           3 added (of 6 attachments in the export)", "1 address of an image or file in a body keeps its original URL, since its file was not imported."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the summary does not say %q:\n%s", want, out.String())
		}
	}

	// The library.
	harbour, gull, lighthouse := mediaOf(t, s, 301), mediaOf(t, s, 302), mediaOf(t, s, 305)
	if harbour.AltText != "Fishing boats in the harbour at dawn" || harbour.Caption != "The harbour on its first morning." ||
		harbour.OriginalName != "harbour-dawn.jpg" || harbour.Width != 1200 || fmt.Sprint(variantWidths(harbour)) != fmt.Sprint(widthsBelow(1200)) || harbour.Type != "image/jpeg" {
		t.Errorf("harbour = %+v", harbour)
	}
	if gull.AltText != "Gull" || gull.Type != "image/png" || len(gull.Variants) != 0 {
		t.Errorf("gull = %+v (its title describes it, and it keeps its transparency)", gull)
	}
	if lighthouse.AltText != "The lighthouse at Port Alder" || lighthouse.UploadedBy == 0 {
		t.Errorf("lighthouse = %+v", lighthouse)
	}
	for _, m := range []*masthead.Media{harbour, gull, lighthouse} {
		for _, name := range m.Files() {
			f, err := storage.Open(ctx, name)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			f.Close()
		}
	}
	if _, total, err := s.FindMedia(ctx, masthead.MediaFilter{}); err != nil || total != 3 {
		t.Errorf("the library holds %d images, %v", total, err)
	}

	// Featured images: 301 came before its post, 302 after it, 305 before
	// a draft.
	for post, want := range map[int64]*masthead.Media{310: harbour, 311: gull, 312: lighthouse} {
		if a := articleOf(t, s, post); a.FeaturedImage == nil || a.FeaturedImage.ID != want.ID {
			t.Errorf("post %d leads with %+v, want %s", post, a.FeaturedImage, want.Name)
		}
	}

	// Bodies: the medium copy shows the 480 wide file, the link to the
	// full size leads to it, a copy WordPress did not list finds its
	// image by its name, and the document and another site's image keep
	// their addresses.
	harbourOpens := articleOf(t, s, 310)
	for _, want := range []string{"(/media/" + harbour.Variants[0].Name + ")", "(" + harbour.Path() + ")",
		"https://observer.example/wp-content/uploads/2024/05/harbour-report.pdf", "https://elsewhere.example/wp-content/uploads/2024/05/harbour-dawn.jpg"} {
		if !strings.Contains(harbourOpens.BodySource, want) {
			t.Errorf("post 310's body does not hold %q:\n%s", want, harbourOpens.BodySource)
		}
	}
	if strings.Count(harbourOpens.BodySource, "/media/"+harbour.Variants[0].Name) != 2 || strings.Contains(harbourOpens.BodySource, "observer.example/wp-content/uploads/2024/05/harbour-dawn") {
		t.Errorf("post 310's body still leads to the old images:\n%s", harbourOpens.BodySource)
	}
	if !strings.Contains(harbourOpens.BodyHTML, `src="/media/`+harbour.Variants[0].Name+`"`) {
		t.Errorf("post 310's page does not show the new image:\n%s", harbourOpens.BodyHTML)
	}
	// The gull came after its post: the second pass pointed the body at
	// it, and the article keeps WordPress's modified date.
	gulls := articleOf(t, s, 311)
	if !strings.Contains(gulls.BodySource, gull.Path()) || strings.Contains(gulls.BodySource, "wp-content") || !strings.Contains(gulls.BodyHTML, `src="`+gull.Path()+`"`) {
		t.Errorf("post 311's body:\n%s\n%s", gulls.BodySource, gulls.BodyHTML)
	}
	if want := time.Date(2024, 5, 7, 8, 30, 0, 0, time.UTC); !gulls.UpdatedAt.Equal(want) {
		t.Errorf("post 311 was updated at %v, want WordPress's %v", gulls.UpdatedAt, want)
	}

	// Old addresses through the web server.
	srv, err := web.NewServer(s, web.Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }, MediaStorage: storage})
	if err != nil {
		t.Fatal(err)
	}
	harbourPath, gullsPath := harbourOpens.Path(time.UTC), gulls.Path(time.UTC)
	for from, to := range map[string]string{
		"/wp-content/uploads/2024/05/harbour-dawn.jpg":          harbour.Path(),
		"/wp-content/uploads/2024/05/harbour-dawn-150x150.jpg":  "/media/" + harbour.Variants[0].Name,
		"/wp-content/uploads/2024/05/harbour-dawn-300x150.jpg":  "/media/" + harbour.Variants[0].Name,
		"/wp-content/uploads/2024/05/harbour-dawn-1024x512.jpg": harbour.Path(), // wider than any smaller width
		"/wp-content/uploads/2024/05/gull.png":                  gull.Path(),
		"/wp-content/uploads/2024/05/gull-300x225.png":          gull.Path(),
		"/wp-content/uploads/2024/04/lighthouse.jpg":            lighthouse.Path(),
		"/2024/05/04/harbour-opens/harbour-dawn/":               harbourPath, // before its article in the export
		"/?attachment_id=301":                                   harbourPath,
		"/?attachment_id=302":                                   gullsPath,
		"/lighthouse/":                                          lighthouse.Path(), // uploaded to no article
		"/?attachment_id=305":                                   lighthouse.Path(),
	} {
		statuses, final := follow(t, srv, from)
		if final != to || fmt.Sprint(statuses) != "[301 200]" {
			t.Errorf("%s answers %v and ends at %s, want one 301 to %s", from, statuses, final, to)
		}
	}
	for _, missing := range []string{"/wp-content/uploads/2024/05/gone.jpg", "/?attachment_id=304", "/?attachment_id=x"} {
		if statuses, _ := follow(t, srv, missing); fmt.Sprint(statuses) != "[404]" {
			t.Errorf("%s answers %v, want 404", missing, statuses)
		}
	}

	// A second run changes nothing.
	before := countSite(t, s)
	revision := articleOf(t, s, 311).Revision
	again := importFile(t, s, "media.xml", opts)
	if again.Added != (Counts{}) || again.Found.Media != 3 {
		t.Errorf("the second run added %+v and found %d images", again.Added, again.Found.Media)
	}
	if after := countSite(t, s); after != before {
		t.Errorf("the second run went from %+v to %+v", before, after)
	}
	if _, total, _ := s.FindMedia(ctx, masthead.MediaFilter{}); total != 3 {
		t.Errorf("the library holds %d images after a second run", total)
	}
	if got := articleOf(t, s, 311).Revision; got != revision {
		t.Errorf("the second run saved post 311 again: revision %d, was %d", got, revision)
	}
}

// TestImportMediaResumed imports an export that stops after the post
// whose image comes later, as a run stopped there leaves the site, then
// the whole one. The stopped run brought the gull in from the post's
// body; the whole one lets its attachment adopt that image, finishes the
// post's featured image, and adds nothing twice.
func TestImportMediaResumed(t *testing.T) {
	s := newStore(t)
	opts, _ := mediaOptions(t, writeUploads(t))
	if _, err := Import(context.Background(), s, bytes.NewReader(cutExport(t, "media.xml", 3)), opts); err != nil {
		t.Fatal(err)
	}
	early := imageNamed(t, s, "gull.png")
	if a := articleOf(t, s, 311); a.FeaturedImage != nil || !strings.Contains(a.BodySource, early.Path()) || early.ExternalID != "wordpress:file:2024/05/gull.png" {
		t.Fatalf("post 311 before its image's attachment: %+v; the gull %+v", a, early)
	}
	sum := importFile(t, s, "media.xml", opts)
	if sum.Added.Articles != 1 || sum.Found.Articles != 2 || sum.Added.Media != 1 || sum.Found.Media != 2 {
		t.Errorf("the whole export added %+v and found %+v", sum.Added, sum.Found)
	}
	gull := mediaOf(t, s, 302)
	if a := articleOf(t, s, 311); gull.ID != early.ID || a.FeaturedImage == nil || a.FeaturedImage.ID != gull.ID || !strings.Contains(a.BodySource, gull.Path()) {
		t.Errorf("post 311 after the whole export: featured %+v, body %q; the gull %+v, was %+v", a.FeaturedImage, a.BodySource, gull, early)
	}
	if _, total, _ := s.FindMedia(context.Background(), masthead.MediaFilter{}); total != 3 {
		t.Errorf("the library holds %d images, want 3", total)
	}
}

// TestImportMediaWithoutUploads: without the uploads directory nothing
// comes into the library, bodies keep the original addresses, and the
// summary says how many.
func TestImportMediaWithoutUploads(t *testing.T) {
	s := newStore(t)
	sum := importFile(t, s, "media.xml", Options{})
	if sum.Added.Media != 0 || sum.Media != 6 || sum.KeptMediaURLs != 5 {
		t.Errorf("media %+v, %d in the export, %d addresses kept; want none added, 6, 5", sum.Added, sum.Media, sum.KeptMediaURLs)
	}
	var out bytes.Buffer
	sum.WriteTo(&out)
	for _, want := range []string{"media           6 in the export, not imported without --uploads",
		"5 addresses of images and files in bodies keep their original URLs"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the summary does not say %q:\n%s", want, out.String())
		}
	}
	if a := articleOf(t, s, 310); a.FeaturedImage != nil || !strings.Contains(a.BodySource, "https://observer.example/wp-content/uploads/2024/05/harbour-dawn-300x150.jpg") {
		t.Errorf("post 310 without uploads: featured %+v, body %q", a.FeaturedImage, a.BodySource)
	}
	if _, total, _ := s.FindMedia(context.Background(), masthead.MediaFilter{}); total != 0 {
		t.Errorf("the library holds %d images", total)
	}
}

// TestImportMediaDryRun checks the images without storing any.
func TestImportMediaDryRun(t *testing.T) {
	s := newStore(t)
	before := countSite(t, s)
	sum := importFile(t, s, "media.xml", Options{DryRun: true, Uploads: os.DirFS(writeUploads(t))})
	if sum.Added.Media != 3 || !strings.Contains(strings.Join(sum.Notes, " "), "Attachment 306 (2024/05/notes.jpg) was not imported") {
		t.Errorf("the dry run said %+v, %q", sum.Added, sum.Notes)
	}
	if after := countSite(t, s); after != before {
		t.Errorf("the dry run wrote: %+v, then %+v", before, after)
	}
	if _, total, _ := s.FindMedia(context.Background(), masthead.MediaFilter{}); total != 0 {
		t.Errorf("the dry run stored %d images", total)
	}
}

// TestSameImageTwice: two attachments of the same file, or a file already
// uploaded by hand, are one image in the library.
func TestSameImageTwice(t *testing.T) {
	s := newStore(t)
	uploads := writeUploads(t)
	b, err := os.ReadFile("testdata/media.xml")
	if err != nil {
		t.Fatal(err)
	}
	// Attachment 305 names the harbour's file too.
	twice := bytes.Replace(b, []byte("uploads/2024/04/lighthouse.jpg"), []byte("uploads/2024/05/harbour-dawn.jpg"), 1)
	opts, _ := mediaOptions(t, uploads)
	sum, err := Import(context.Background(), s, bytes.NewReader(twice), opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added.Media != 2 || !strings.Contains(strings.Join(sum.Notes, " "), "Attachment 305 is the same image as one already in the library") {
		t.Errorf("added %d images; notes %q", sum.Added.Media, sum.Notes)
	}
	if a := articleOf(t, s, 312); a.FeaturedImage == nil || a.FeaturedImage.ID != mediaOf(t, s, 301).ID {
		t.Errorf("post 312 leads with %+v, want the harbour", a.FeaturedImage)
	}
	srv, err := web.NewServer(s, web.Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }, MediaStorage: opts.Media})
	if err != nil {
		t.Fatal(err)
	}
	if statuses, final := follow(t, srv, "/?attachment_id=305"); final != mediaOf(t, s, 301).Path() || fmt.Sprint(statuses) != "[301 200]" {
		t.Errorf("/?attachment_id=305 answers %v and ends at %s", statuses, final)
	}
}

func TestAttachedFile(t *testing.T) {
	for _, tt := range []struct {
		file, url, want string
	}{
		{"2024/05/photo.jpg", "https://observer.example/wp-content/uploads/2024/05/photo.jpg", "2024/05/photo.jpg"},
		{"", "https://observer.example/blog/wp-content/uploads/2024/05/photo.jpg", "2024/05/photo.jpg"},
		{"/home/observer/public_html/wp-content/uploads/2008/03/old.jpg", "", "2008/03/old.jpg"}, // WordPress 2.x
		{"", "https://observer.files.wordpress.com/2024/05/photo.jpg", "2024/05/photo.jpg"},
		{"../../etc/passwd", "", ""},
		{"", "https://observer.example/photo.jpg", ""},
	} {
		it := &wxr.Item{AttachmentURL: tt.url}
		if tt.file != "" {
			it.Meta = []wxr.Meta{{Key: "_wp_attached_file", Value: tt.file}}
		}
		got, ok := attachedFile(it)
		if got != tt.want && ok || ok != (tt.want != "") {
			t.Errorf("attachedFile(%q, %q) = %q, %v; want %q", tt.file, tt.url, got, ok, tt.want)
		}
	}
}
