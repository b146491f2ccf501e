package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"

	"masthead/pagecache"
)

//go:embed static
var staticFS embed.FS

// assets serves the embedded static files under content-hashed names, such
// as css/site.1a2b3c4d5e.css, so that they can be cached for a year and a
// new release still reaches every reader at once.
type assets struct {
	hashed map[string]string // logical name -> hashed name
	files  map[string][]byte // hashed name -> content
	// served holds each file's pagecache.Entry, made on its first
	// request, so that the stylesheet and scripts travel compressed (the
	// stylesheet blocks the first paint, and is a fifth of its size in
	// brotli) without every server start compressing them all.
	served sync.Map // hashed name -> *pagecache.Entry
}

// add hashes the files under static/ in fsys, each replacing a file of
// the same name added before: a theme's override of a built-in file. A
// layer without static/ adds nothing.
func (a *assets) add(fsys fs.FS, file func(string) string) error {
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == "static" {
			return fs.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		a.hashed[name] = hashed
		a.files[hashed] = b
		return nil
	})
	if err != nil {
		return fmt.Errorf("The static files of %s cannot be read: %w.", file("static"), err)
	}
	return nil
}

// has reports whether the theme has a static file by that logical name,
// so that the layout links a theme's own stylesheet only when it has one.
func (a *assets) has(name string) bool {
	_, ok := a.hashed[name]
	return ok
}

// url returns the public URL of a static file by its logical name. An
// unknown name is a programming error that parseTemplates' callers see at
// once in tests, so it returns a URL that will 404 rather than panicking.
func (a *assets) url(name string) string {
	if h, ok := a.hashed[name]; ok {
		return "/static/" + h
	}
	return "/static/missing/" + name
}

// ServeHTTP serves a hashed static file with a year-long immutable cache,
// in the content coding the client accepts best.
func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, ok := a.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	entry, ok := a.served.Load(r.URL.Path)
	if !ok {
		ctype := mime.TypeByExtension(path.Ext(r.URL.Path))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		entry, _ = a.served.LoadOrStore(r.URL.Path, pagecache.NewEntry(r.URL.Path,
			pagecache.Page{Header: http.Header{"Content-Type": {ctype}}, Body: b}))
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	entry.(*pagecache.Entry).Serve(w, r)
}
