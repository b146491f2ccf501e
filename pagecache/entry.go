package pagecache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"

	"masthead"
)

// Compression settings. A page is compressed once per fill and served
// many times, but a burst of fills after a purge must not cost more than
// the renders did: on an article page brotli 5 takes a few milliseconds
// and is within 1 % of brotli 9's size, while brotli 11 takes about
// forty times longer for 15 % less; gzip gains nothing above its default.
const (
	gzipLevel     = gzip.DefaultCompression
	brotliQuality = 5
	// minCompress is the smallest body worth compressing: below it the
	// framing eats the gain.
	minCompress = 256
)

// zstdEncoder is shared: EncodeAll may be called concurrently. The
// window stays within the 8 MB that RFC 8878 asks of zstd on the web.
var zstdEncoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression),
	zstd.WithWindowSize(8<<20), zstd.WithEncoderConcurrency(1))

// Entry is a stored page: its headers, its body in every encoding that
// makes it smaller, and the keys it is tagged with.
type Entry struct {
	key    string
	header http.Header
	keys   []masthead.ChangeKey
	// tag is the strong validator of the identity body; each encoding's
	// ETag adds its name, since each is a representation of its own.
	tag      string
	bodies   [numEncodings][]byte
	size     int64
	filled   time.Time
	modified time.Time // from Last-Modified, zero without one

	newer, older *Entry
}

// newEntry builds the entry of page, compressing its body.
func newEntry(key string, page Page, now time.Time) *Entry {
	sum := sha256.Sum256(page.Body)
	e := &Entry{key: key, header: http.Header(page.Header).Clone(), tag: hex.EncodeToString(sum[:12]), filled: now}
	if e.header == nil {
		e.header = http.Header{}
	}
	for _, h := range []string{"Content-Length", "Content-Encoding", "Etag", "Vary", "Date", "Set-Cookie"} {
		e.header.Del(h)
	}
	if lm := e.header.Get("Last-Modified"); lm != "" {
		e.modified, _ = http.ParseTime(lm)
	}
	seen := map[masthead.ChangeKey]bool{}
	for _, k := range page.Keys {
		if !seen[k] {
			seen[k] = true
			e.keys = append(e.keys, k)
		}
	}
	e.bodies[identity] = page.Body
	if len(page.Body) >= minCompress {
		for enc := identity + 1; enc < numEncodings; enc++ {
			if b := compress(enc, page.Body); len(b) < len(page.Body) {
				e.bodies[enc] = b
			}
		}
	}
	e.size = entryOverhead + int64(len(key))
	for _, b := range e.bodies {
		e.size += int64(len(b))
	}
	for _, k := range e.keys {
		e.size += int64(len(k)) + 64
	}
	for name, values := range e.header {
		e.size += int64(len(name))
		for _, v := range values {
			e.size += int64(len(v))
		}
	}
	return e
}

// NewEntry builds an entry outside any cache, for a body that never
// changes, such as a static file under a content-hashed name: it is then
// served compressed, with an ETag and 304s, exactly as a cached page is.
func NewEntry(key string, page Page) *Entry {
	return newEntry(key, page, time.Now())
}

// compress returns body in enc, or nil if it could not be compressed.
func compress(enc encoding, body []byte) []byte {
	var buf bytes.Buffer
	switch enc {
	case encGzip:
		w, _ := gzip.NewWriterLevel(&buf, gzipLevel)
		w.Write(body)
		if w.Close() != nil {
			return nil
		}
	case encBrotli:
		w := brotli.NewWriterLevel(&buf, brotliQuality)
		w.Write(body)
		if w.Close() != nil {
			return nil
		}
	case encZstd:
		return zstdEncoder.EncodeAll(body, make([]byte, 0, len(body)/3))
	}
	return buf.Bytes()
}

// Keys returns the keys the entry is tagged with, for a CDN's
// Surrogate-Key header. Callers must not change them.
func (e *Entry) Keys() []masthead.ChangeKey { return e.keys }

// Size returns the bytes the entry is counted for.
func (e *Entry) Size() int64 { return e.size }

// Body returns the entry's body in a content coding ("identity", "gzip",
// "br" or "zstd"), or nil when it is not kept in that one.
func (e *Entry) Body(contentEncoding string) []byte {
	for enc := range numEncodings {
		if encodingNames[enc] == contentEncoding {
			return e.bodies[enc]
		}
	}
	return nil
}

// etag returns the strong validator of the entry in an encoding.
func (e *Entry) etag(enc encoding) string {
	if enc == identity {
		return `"` + e.tag + `"`
	}
	return `"` + e.tag + "-" + encodingNames[enc] + `"`
}

// Serve answers r with the entry: the encoding r accepts best, its ETag,
// and 304 Not Modified when r's validators still match. Headers already
// set on w (Cache-Control, say) are kept.
func (e *Entry) Serve(w http.ResponseWriter, r *http.Request) {
	var available [numEncodings]bool
	for enc, b := range e.bodies {
		available[enc] = b != nil
	}
	enc := negotiate(r.Header.Get("Accept-Encoding"), available)
	h := w.Header()
	for name, values := range e.header {
		h[name] = values
	}
	h.Set("Vary", "Accept-Encoding")
	etag := e.etag(enc)
	h.Set("ETag", etag)
	if notModified(r, etag, e.modified) {
		h.Del("Content-Type")
		h.Del("Content-Length")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if enc != identity {
		h.Set("Content-Encoding", encodingNames[enc])
	}
	body := e.bodies[enc]
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// notModified reports whether r's If-None-Match names etag or, without
// If-None-Match, its If-Modified-Since is not before modified. ETags are
// compared weakly, as RFC 9110 asks for If-None-Match, so that a proxy
// that weakened the tag still gets its 304.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == etag {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !modified.IsZero() {
		since, err := http.ParseTime(ims)
		return err == nil && !modified.Truncate(time.Second).After(since)
	}
	return false
}
