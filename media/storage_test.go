package media

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestDir(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	d := Dir(root)
	name := "0123456789abcdef0123456789abcdef.jpg"
	if err := d.Put(ctx, name, []byte("image bytes")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "01", name)); err != nil {
		t.Fatalf("the file is not in its folder: %v", err)
	}
	f, err := d.Open(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(f)
	f.Close()
	if string(got) != "image bytes" {
		t.Fatalf("read %q", got)
	}
	if err := d.Delete(ctx, name); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(ctx, name); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("open after delete: %v", err)
	}
	if err := d.Delete(ctx, name); err != nil {
		t.Fatalf("deleting a missing file: %v", err)
	}
	// Names that Process never gives reach nothing, inside or outside.
	for _, bad := range []string{"../../etc/passwd", "0123456789abcdef0123456789abcdef.svg", "x", ""} {
		if err := d.Put(ctx, bad, nil); err == nil {
			t.Errorf("Put(%q) was accepted", bad)
		}
		if _, err := d.Open(ctx, bad); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q) = %v, want not found", bad, err)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(root, "01"))
	if len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
}
