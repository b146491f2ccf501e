package pagecache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"maps"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"masthead"
)

// Compression settings. A page is compressed once per fill and served
// many times, but a burst of fills after a purge must not cost more than
// the renders did. On a 28 KB article page: brotli 5 takes about 1 ms
// and is within 1 % of brotli 9's size, while brotli 11 takes about
// forty times longer for 15 % less; gzip is klauspost's, about 0.15 ms
// at its default level against 0.66 ms for the standard library's, for
// 2 % more bytes; zstd takes 0.2 ms.
const (
	gzipLevel     = gzip.DefaultCompression
	brotliQuality = 5
	// minCompress is the smallest body worth compressing: below it the
	// framing eats the gain.
	minCompress = 256
)

// zstdEncoder is shared: EncodeAll may be called concurrently, and calls
// take turns with its one encoder (4 MB of tables; browsers that take
// zstd prefer brotli, so it is seldom chosen). An encoder keeps a history
// buffer of about twice its window, so the window is 1 MB, larger than
// any page and within the 8 MB that RFC 8878 asks of zstd on the web: an
// 8 MB window held 16 MB of history for no smaller page.
var zstdEncoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression),
	zstd.WithWindowSize(1<<20), zstd.WithEncoderConcurrency(1))

// Entry is a stored page: its headers, its body in every encoding that
// makes it smaller, and the keys it is tagged with. Everything a hit
// sends is worked out when the entry is filled, down to the header
// values, so that serving it formats nothing and allocates nothing.
type Entry struct {
	key string
	// fields are the page's headers under their canonical names, each
	// value slice clipped to its length so that an Add on a response
	// copies it rather than writing into the entry.
	fields []field
	keys   []masthead.ChangeKey
	// tag is the strong validator of the identity body; each encoding's
	// ETag adds its name, since each is a representation of its own.
	tag      string
	variants [numEncodings]variant
	// available says which encodings are kept, for negotiate; pending,
	// which a partial entry's first hit is to add. A pending encoding's
	// ETag is known (it names the identity body), so a reader holding
	// that encoding from before a purge that changed nothing still gets
	// its 304 from the partial entry.
	available [numEncodings]bool
	pending   [numEncodings]bool
	size      int64
	filled    time.Time
	modified  time.Time // from Last-Modified, zero without one
	// wires are the answers made for servers that write bytes (Wire).
	wires wires
	// partial says that the encodings a fill leaves out (brotli, zstd)
	// are still to be made, at the entry's first hit; completing, guarded
	// by the cache's lock, that a hit is making them.
	partial    bool
	completing bool

	newer, older *Entry
}

// field is one header of a stored page, ready to be assigned into a
// response's header map.
type field struct {
	name   string
	values []string
}

// variant is the entry's body in one encoding with the header values
// that go with it; body is nil when the encoding is not kept.
type variant struct {
	body     []byte
	etag     []string // {`"tag-enc"`}
	length   []string // {len(body)}
	encoding []string // {"br"}; nil for identity
}

// Header values every entry shares, allocated once. Each slice has the
// capacity of its length, so that a response that adds to one of these
// headers gets a copy.
var varyAcceptEncoding = []string{"Accept-Encoding"}

// fillEncodings are the encodings a cache's fill compresses at once:
// gzip, which every browser accepts and which takes about 0.15 ms for a
// 28 KB page. Brotli and zstd (about 1.2 ms together) are made at the
// page's first hit, so that a page read only once, as a crawler reads
// the archive, never pays for them.
var fillEncodings = [numEncodings]bool{identity: true, encGzip: true}

// allEncodings are every encoding an entry can keep.
var allEncodings = [numEncodings]bool{identity: true, encGzip: true, encBrotli: true, encZstd: true}

// newEntry builds the entry of page, compressing its body in every
// encoding.
func newEntry(key string, page Page, now time.Time) *Entry {
	return newEntryIn(key, page, now, allEncodings)
}

// newEntryIn builds the entry of page, compressing its body in the
// encodings of which; the entry is partial when some are left out.
func newEntryIn(key string, page Page, now time.Time, which [numEncodings]bool) *Entry {
	sum := sha256.Sum256(page.Body)
	e := &Entry{key: key, tag: hex.EncodeToString(sum[:12]), filled: now}
	header := http.Header{}
	for name, values := range page.Header {
		// Canonical names, as Set would store them, so that the values
		// can be assigned into a response's header map as they are.
		name = textproto.CanonicalMIMEHeaderKey(name)
		header[name] = append(header[name], values...)
	}
	for _, h := range []string{"Content-Length", "Content-Encoding", "Etag", "Vary", "Date", "Set-Cookie"} {
		delete(header, h)
	}
	if lm := header.Get("Last-Modified"); lm != "" {
		e.modified, _ = http.ParseTime(lm)
	}
	for _, name := range slices.Sorted(maps.Keys(header)) {
		e.fields = append(e.fields, field{name: name, values: slices.Clip(slices.Clone(header[name]))})
	}
	seen := map[masthead.ChangeKey]bool{}
	for _, k := range page.Keys {
		if !seen[k] {
			seen[k] = true
			e.keys = append(e.keys, k)
		}
	}
	body := page.Body
	if cap(body)-len(body) > len(body)/8 {
		// A body recorded by doubling a buffer would hold its spare
		// capacity for as long as the entry lives.
		body = bytes.Clone(body)
	}
	e.size = entryOverhead + int64(len(key))
	e.addVariant(identity, body)
	if len(body) >= minCompress {
		for enc := identity + 1; enc < numEncodings; enc++ {
			if which[enc] {
				e.addVariant(enc, compress(enc, body))
			} else {
				e.partial, e.pending[enc] = true, true
				e.variants[enc].etag = []string{e.etag(enc)}
			}
		}
	}
	for _, k := range e.keys {
		e.size += int64(len(k)) + 64
	}
	for _, f := range e.fields {
		e.size += int64(len(f.name))
		for _, v := range f.values {
			e.size += int64(len(v))
		}
	}
	return e
}

// addVariant keeps b as the body in enc, unless compressing did not make
// it smaller.
func (e *Entry) addVariant(enc encoding, b []byte) {
	if b == nil || enc != identity && len(b) >= len(e.variants[identity].body) {
		return
	}
	v := variant{body: b, etag: []string{e.etag(enc)}, length: []string{strconv.Itoa(len(b))}}
	if enc != identity {
		v.encoding = []string{encodingNames[enc]}
	}
	e.variants[enc], e.available[enc] = v, true
	// The capacity is what the body holds in memory.
	e.size += int64(cap(b)) + int64(len(v.etag[0])+len(v.length[0]))
}

// completed returns a copy of a partial entry with every encoding: a new
// entry, since served entries are read without a lock. Its answers for
// byte-writing servers are made afresh.
func (e *Entry) completed() *Entry {
	c := &Entry{key: e.key, fields: e.fields, keys: e.keys, tag: e.tag, variants: e.variants, available: e.available,
		size: e.size, filled: e.filled, modified: e.modified}
	body := e.variants[identity].body
	for enc := identity + 1; enc < numEncodings; enc++ {
		if !fillEncodings[enc] {
			c.addVariant(enc, compress(enc, body))
		}
	}
	return c
}

// NewEntry builds an entry outside any cache, for a body that never
// changes, such as a static file under a content-hashed name: it is then
// served compressed, with an ETag and 304s, exactly as a cached page is.
func NewEntry(key string, page Page) *Entry {
	return newEntry(key, page, time.Now())
}

// compress returns body in enc, or nil if it could not be compressed.
// The writers and the scratch buffer come from pools: a gzip or brotli
// writer holds hundreds of kilobytes of tables, which a miss storm would
// otherwise allocate and drop at every fill. The result is copied out at
// its exact length, so that an entry holds no spare capacity.
func compress(enc encoding, body []byte) []byte {
	buf := compressBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			compressBuffers.Put(buf)
		}
	}()
	switch enc {
	case encGzip:
		w := gzipWriters.Get().(*gzip.Writer)
		defer gzipWriters.Put(w)
		w.Reset(buf)
		w.Write(body)
		if w.Close() != nil {
			return nil
		}
	case encBrotli:
		w := brotliWriters.Get().(*brotli.Writer)
		defer brotliWriters.Put(w)
		w.Reset(buf)
		w.Write(body)
		if w.Close() != nil {
			return nil
		}
	case encZstd:
		b := zstdEncoder.EncodeAll(body, buf.AvailableBuffer())
		return bytes.Clone(b)
	}
	return bytes.Clone(buf.Bytes())
}

var (
	gzipWriters = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(io.Discard, gzipLevel)
		return w
	}}
	brotliWriters   = sync.Pool{New: func() any { return brotli.NewWriterLevel(io.Discard, brotliQuality) }}
	compressBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// maxPooledBuffer is the largest scratch buffer given back to the pool:
// one very large page should not keep its buffer for ever.
const maxPooledBuffer = 1 << 20

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
			return e.variants[enc].body
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

// Choice is how an entry answers one request: in which encoding, and
// whether with 304 Not Modified.
type Choice struct {
	enc         encoding
	notModified bool
}

// NotModified reports whether the choice is a 304 Not Modified.
func (c Choice) NotModified() bool { return c.notModified }

// Choose picks the answer to a request with these Accept-Encoding,
// If-None-Match and If-Modified-Since values: the encoding the request
// accepts best, and 304 Not Modified when its validators still match.
// Serve chooses with it, and so does any server that answers from the
// entry's Wire.
func (e *Entry) Choose(acceptEncoding, ifNoneMatch, ifModifiedSince string) Choice {
	enc := negotiate(acceptEncoding, e.available)
	if notModified(ifNoneMatch, ifModifiedSince, e.variants[enc].etag[0], e.modified) {
		return Choice{enc: enc, notModified: true}
	}
	if ifNoneMatch != "" {
		// The page's first hit adds encodings its fill left out, so a
		// reader may hold another encoding of the same page than the one
		// chosen now, or one this entry has yet to make: one it accepts
		// is still current.
		for other := range numEncodings {
			if other == enc || !e.available[other] && !e.pending[other] || !notModified(ifNoneMatch, "", e.variants[other].etag[0], e.modified) {
				continue
			}
			var only [numEncodings]bool
			only[other] = true
			if negotiate(acceptEncoding, only) == other {
				return Choice{enc: other, notModified: true}
			}
		}
	}
	return Choice{enc: enc}
}

// setHeaders puts the headers of the answer c into h, as assigned
// slices of the entry's own.
func (e *Entry) setHeaders(h http.Header, c Choice) {
	v := &e.variants[c.enc]
	for _, f := range e.fields {
		h[f.name] = f.values
	}
	h["Vary"] = varyAcceptEncoding
	h["Etag"] = v.etag
	if c.notModified {
		delete(h, "Content-Type")
		delete(h, "Content-Length")
		return
	}
	if v.encoding != nil {
		h["Content-Encoding"] = v.encoding
	}
	h["Content-Length"] = v.length
}

// Serve answers r with the entry: the encoding r accepts best, its ETag,
// and 304 Not Modified when r's validators still match. Headers already
// set on w (Cache-Control, say) are kept, but for those the entry sets.
// It returns the status it sent. The header values are the entry's own,
// assigned rather than set, so a hit formats and allocates nothing.
func (e *Entry) Serve(w http.ResponseWriter, r *http.Request) int {
	c := e.Choose(headerValue(r.Header, "Accept-Encoding"), headerValue(r.Header, "If-None-Match"), headerValue(r.Header, "If-Modified-Since"))
	e.setHeaders(w.Header(), c)
	if c.notModified {
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(e.variants[c.enc].body)
	}
	return http.StatusOK
}

// headerValue is Header.Get for a name already in canonical form, as
// net/http stores the headers of every request it reads: it skips the
// canonicalisation Get does on every call.
func headerValue(h http.Header, canonicalName string) string {
	if v := h[canonicalName]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// notModified reports whether If-None-Match inm names etag or, without
// one, If-Modified-Since ims is not before modified. ETags are
// compared weakly, as RFC 9110 asks for If-None-Match, so that a proxy
// that weakened the tag still gets its 304.
func notModified(inm, ims, etag string, modified time.Time) bool {
	if inm != "" {
		for rest := inm; rest != ""; {
			var t string
			t, rest, _ = strings.Cut(rest, ",")
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == etag {
				return true
			}
		}
		return false
	}
	if ims != "" && !modified.IsZero() {
		since, err := http.ParseTime(ims)
		return err == nil && !modified.Truncate(time.Second).After(since)
	}
	return false
}
