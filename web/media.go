package web

import (
	"errors"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"masthead/media"
)

// handleMediaFile serves "GET /media/{name}": a stored image, cached for a
// year, since its name changes with its content.
func (s *Server) handleMediaFile(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if s.media == nil || !media.ValidName(name) {
		s.handleNotFound(w, r)
		return
	}
	f, err := s.media.Open(r.Context(), name)
	if errors.Is(err, fs.ErrNotExist) {
		// An image imported from another Masthead site was encoded
		// anew, and its old address redirects to the new file.
		if !s.redirectMoved(w, r) {
			s.handleNotFound(w, r)
		}
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	defer f.Close()
	ctype := "image/jpeg"
	if strings.HasSuffix(name, ".png") {
		ctype = "image/png"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	// The name is the hash of the content, so it is the best validator.
	w.Header().Set("ETag", `"`+name+`"`)
	http.ServeContent(w, r, "", time.Time{}, f)
}
