package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead"
	"masthead/sqlite"
)

// TestImportCommandUploads imports an export with its uploads directory:
// the images land in the media directory serve uses by default (media in
// the data directory), and a second run adds none.
func TestImportCommandUploads(t *testing.T) {
	uploads := t.TempDir()
	write := func(name string, img image.Image, encode func(*bytes.Buffer, image.Image) error) {
		var b bytes.Buffer
		if err := encode(&b, img); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(uploads, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	solid := func(w, h int, c color.Color) image.Image {
		img := image.NewNRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				img.Set(x, y, c)
			}
		}
		return img
	}
	asJPEG := func(b *bytes.Buffer, img image.Image) error { return jpeg.Encode(b, img, nil) }
	asPNG := func(b *bytes.Buffer, img image.Image) error { return png.Encode(b, img) }
	write("2024/05/harbour-dawn.jpg", solid(640, 320, color.NRGBA{20, 60, 120, 255}), asJPEG)
	write("2024/05/gull.png", solid(200, 150, color.NRGBA{200, 200, 200, 100}), asPNG)
	write("2024/04/lighthouse.jpg", solid(300, 400, color.NRGBA{220, 40, 40, 255}), asJPEG)

	data := t.TempDir()
	export := "../../wpimport/testdata/media.xml"
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "wordpress", export, "--uploads", uploads, "--data", data}, noEnv, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "media           3 added (of 6 attachments in the export)") {
		t.Errorf("the import printed:\n%s", out.String())
	}
	s, err := sqlite.Open(context.Background(), filepath.Join(data, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	images, total, err := s.FindMedia(context.Background(), masthead.MediaFilter{})
	s.Close()
	if err != nil || total != 3 {
		t.Fatalf("the library holds %d images, %v", total, err)
	}
	for _, m := range images {
		for _, name := range m.Files() {
			if _, err := os.Stat(filepath.Join(data, "media", name[:2], name)); err != nil {
				t.Errorf("%s is not in the data directory's media: %v", name, err)
			}
		}
	}

	out.Reset()
	if err := run(context.Background(), []string{"import", "wordpress", export, "--uploads", uploads, "--data", data}, noEnv, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "media           0 added, 3 already there") {
		t.Errorf("the second import printed:\n%s", out.String())
	}
}
