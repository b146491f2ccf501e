// Package zipdir unpacks a zip archive into a directory safely: no entry
// may reach outside the directory (zip slip), links and other special
// files are left out, and the number of files and the bytes they unpack
// to are bounded, checked against what the archive declares before
// anything is written and against what is actually written, since an
// archive's declared sizes may lie.
package zipdir

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Limits bound what an archive may unpack to.
type Limits struct {
	Files int   // the most files
	Bytes int64 // the most bytes, all files together
}

// Reasons an archive is refused; the errors returned wrap them.
var (
	ErrNotZip       = errors.New("not a zip archive")
	ErrTooManyFiles = errors.New("too many files")
	ErrTooLarge     = errors.New("too many bytes unpacked")
	ErrUnsafeName   = errors.New("a name that reaches outside the archive")
)

// skipped reports whether an entry is left out: folders (made as their
// files need them), what macOS adds to archives it makes, links and
// other files that are not plain files.
func skipped(f *zip.File, name string) bool {
	base := path.Base(name)
	return strings.HasSuffix(f.Name, "/") || f.Mode().IsDir() || !f.Mode().IsRegular() ||
		name == "__MACOSX" || strings.HasPrefix(name, "__MACOSX/") || base == ".DS_Store" || strings.HasPrefix(base, "._")
}

// entryName is an entry's path inside the archive with forward slashes
// (archives made on Windows may use backslashes), or an error when it
// would reach outside the directory it is unpacked into.
func entryName(f *zip.File) (string, error) {
	name := strings.TrimSuffix(strings.ReplaceAll(f.Name, `\`, "/"), "/")
	if name == "" || !fs.ValidPath(name) || strings.Contains(name, ":") {
		return "", fmt.Errorf("%w: %q", ErrUnsafeName, f.Name)
	}
	return name, nil
}

// open reads the archive's directory. Names that reach outside are
// refused by entryName, whatever the zip package's own setting says.
func open(r io.ReaderAt, size int64) (*zip.Reader, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		return nil, fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	return zr, nil
}

// Check reads the archive's directory only and reports whether it can be
// unpacked within lim, as far as its declared sizes tell.
func Check(r io.ReaderAt, size int64, lim Limits) error {
	zr, err := open(r, size)
	if err != nil {
		return err
	}
	files, total := 0, uint64(0)
	for _, f := range zr.File {
		name, err := entryName(f)
		if err != nil {
			return err
		}
		if skipped(f, name) {
			continue
		}
		files++
		total += f.UncompressedSize64
		if files > lim.Files {
			return fmt.Errorf("%w: more than %d", ErrTooManyFiles, lim.Files)
		}
		if total > uint64(lim.Bytes) {
			return fmt.Errorf("%w: more than %d", ErrTooLarge, lim.Bytes)
		}
	}
	return nil
}

// Extract unpacks the archive into dir, which must exist, within lim.
// On an error, what was unpacked stays for the caller to remove with dir.
func Extract(r io.ReaderAt, size int64, dir string, lim Limits) error {
	if err := Check(r, size, lim); err != nil {
		return err
	}
	zr, err := open(r, size)
	if err != nil {
		return err
	}
	left := lim.Bytes
	for _, f := range zr.File {
		name, err := entryName(f)
		if err != nil {
			return err
		}
		if skipped(f, name) {
			continue
		}
		n, err := extractFile(f, filepath.Join(dir, filepath.FromSlash(name)), left)
		if err != nil {
			return err
		}
		left -= n
	}
	return nil
}

// extractFile writes one entry to target, at most limit bytes.
func extractFile(f *zip.File, target string, limit int64) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return 0, err
	}
	rc, err := f.Open()
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	defer rc.Close()
	// O_EXCL: an archive that names a file twice cannot overwrite it,
	// and nothing is written through a link left behind.
	out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, io.LimitReader(rc, limit+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		return n, fmt.Errorf("unpack %s: %w", f.Name, err)
	case n > limit:
		return n, fmt.Errorf("%w: more than declared", ErrTooLarge)
	}
	return n, nil
}
