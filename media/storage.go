package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// Storage keeps the bytes of media files by name. Handlers speak only to
// it, so that the local directory, the first Storage, can give way to an
// object store shared by every node without touching them.
type Storage interface {
	// Put stores a file whole: a reader sees all of it or none of it.
	Put(ctx context.Context, name string, data []byte) error
	// Open returns a stored file for reading. A file that is not there
	// gives an error that matches fs.ErrNotExist.
	Open(ctx context.Context, name string) (io.ReadSeekCloser, error)
	// Delete removes a file; a file that is not there is no error.
	Delete(ctx context.Context, name string) error
}

// validName is the shape of every stored file's name: the hash of its
// content and its type's extension, which is also what keeps a name from
// reaching outside the storage.
var validName = regexp.MustCompile(`^[0-9a-f]{32}\.(jpg|png)$`)

// ValidName reports whether name is one that Process gives files.
func ValidName(name string) bool { return validName.MatchString(name) }

// errBadName refuses names that Process never gives.
var errBadName = errors.New("not a media file name")

// Dir is a Storage in a local directory, which several nodes may share
// (a network file system). Files live in folders named by the first two
// characters of their name, so that no folder grows huge.
type Dir string

// path returns where a file lives.
func (d Dir) path(name string) string {
	return filepath.Join(string(d), filepath.FromSlash(DirPath(name)))
}

// DirPath returns where a Dir keeps a file, relative to the directory and
// with slashes ("ab/abcdef....jpg"), so that an import can take a copy of
// a site's media directory as it is. name must be a ValidName.
func DirPath(name string) string { return name[:2] + "/" + name }

// Put writes the file aside, then renames it into place, so that no
// reader ever sees half an image.
func (d Dir) Put(_ context.Context, name string, data []byte) error {
	if !ValidName(name) {
		return fmt.Errorf("store %q: %w", name, errBadName)
	}
	path := d.path(name)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Open opens a stored file.
func (d Dir) Open(_ context.Context, name string) (io.ReadSeekCloser, error) {
	if !ValidName(name) {
		return nil, fmt.Errorf("open %q: %w", name, fs.ErrNotExist)
	}
	return os.Open(d.path(name))
}

// Delete removes a stored file.
func (d Dir) Delete(_ context.Context, name string) error {
	if !ValidName(name) {
		return fmt.Errorf("delete %q: %w", name, errBadName)
	}
	if err := os.Remove(d.path(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
