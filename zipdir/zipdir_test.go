package zipdir

import (
	"archive/zip"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// archive makes a zip of the files by name; a name ending in "@" is
// stored as a link to its content.
func archive(t *testing.T, files ...[2]string) *bytes.Reader {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range files {
		h := &zip.FileHeader{Name: f[0], Method: zip.Deflate}
		if name, ok := strings.CutSuffix(f[0], "@"); ok {
			h.Name = name
			h.SetMode(fs.ModeSymlink | 0o777)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b.Bytes())
}

var roomy = Limits{Files: 10, Bytes: 1 << 20}

func TestExtract(t *testing.T) {
	dir := t.TempDir()
	zr := archive(t,
		[2]string{"wp-content/uploads/2024/05/photo.jpg", "jpeg"},
		[2]string{`wp-content\uploads\2024\05\gull.png`, "png"}, // made on Windows
		[2]string{"wp-content/uploads/2024/", ""},
		[2]string{"__MACOSX/wp-content/._photo.jpg", "finder"},
		[2]string{"wp-content/uploads/.DS_Store", "finder"},
		[2]string{"wp-content/uploads/2024/05/link.jpg@", "/etc/passwd"},
	)
	if err := Extract(zr, zr.Size(), dir, roomy); err != nil {
		t.Fatal(err)
	}
	var got []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if want := "[wp-content/uploads/2024/05/gull.png wp-content/uploads/2024/05/photo.jpg]"; strings.Join(got, " ") != strings.Trim(want, "[]") {
		t.Errorf("unpacked %v, want %s", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "wp-content/uploads/2024/05/photo.jpg")); string(b) != "jpeg" {
		t.Errorf("photo.jpg holds %q", b)
	}
}

func TestExtractRefuses(t *testing.T) {
	for _, tt := range []struct {
		name  string
		zr    *bytes.Reader
		lim   Limits
		want  error
		check bool // Check alone refuses it, before anything is written
	}{
		{"zip slip", archive(t, [2]string{"2024/ok.jpg", "x"}, [2]string{"../../evil.jpg", "x"}), roomy, ErrUnsafeName, true},
		{"zip slip by backslashes", archive(t, [2]string{`..\evil.jpg`, "x"}), roomy, ErrUnsafeName, true},
		{"an absolute name", archive(t, [2]string{"/etc/cron.d/evil", "x"}), roomy, ErrUnsafeName, true},
		{"a drive", archive(t, [2]string{"C:/evil.jpg", "x"}), roomy, ErrUnsafeName, true},
		{"too many files", archive(t, [2]string{"a.jpg", "x"}, [2]string{"b.jpg", "x"}, [2]string{"c.jpg", "x"}), Limits{Files: 2, Bytes: 100}, ErrTooManyFiles, true},
		{"too many bytes", archive(t, [2]string{"a.jpg", strings.Repeat("x", 60)}, [2]string{"b.jpg", strings.Repeat("y", 60)}), Limits{Files: 5, Bytes: 100}, ErrTooLarge, true},
		{"not a zip", bytes.NewReader([]byte("<?xml version=\"1.0\"?><rss/>")), roomy, ErrNotZip, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "into")
			if err := os.Mkdir(dir, 0o750); err != nil {
				t.Fatal(err)
			}
			if err := Check(tt.zr, tt.zr.Size(), tt.lim); tt.check && !errors.Is(err, tt.want) {
				t.Errorf("Check = %v, want %v", err, tt.want)
			}
			if err := Extract(tt.zr, tt.zr.Size(), dir, tt.lim); !errors.Is(err, tt.want) {
				t.Errorf("Extract = %v, want %v", err, tt.want)
			}
			entries, _ := os.ReadDir(parent)
			if len(entries) != 1 {
				t.Errorf("something was written beside the directory: %v", entries)
			}
			if tt.check {
				if inside, _ := os.ReadDir(dir); len(inside) != 0 {
					t.Errorf("a refused archive left %v", inside)
				}
			}
		})
	}
}

// TestExtractLyingSizes: an archive whose entry declares fewer bytes than
// it holds is not unpacked past its declared size.
func TestExtractLyingSizes(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	content := strings.Repeat("z", 500)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "bomb.jpg", Method: zip.Store, CompressedSize64: 500, UncompressedSize64: 10})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(content))
	zw.Close()
	dir := t.TempDir()
	zr := bytes.NewReader(b.Bytes())
	if err := Extract(zr, zr.Size(), dir, Limits{Files: 5, Bytes: 100}); err == nil {
		t.Fatal("an archive that lies about its sizes was unpacked")
	}
	if info, err := os.Stat(filepath.Join(dir, "bomb.jpg")); err == nil && info.Size() > 100 {
		t.Errorf("%d bytes were written past the limit", info.Size())
	}
}
