package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"
)

// serveConditional answers with body, or 304 Not Modified when the
// client's ETag or date still matches.
func serveConditional(w http.ResponseWriter, r *http.Request, contentType string, modified time.Time, body []byte) {
	sum := sha256.Sum256(body)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "public, max-age=300")
	http.ServeContent(w, r, "", modified.Truncate(time.Second), bytes.NewReader(body))
}
