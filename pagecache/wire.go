package pagecache

import (
	"bytes"
	"net/http"
	"sync/atomic"
)

// WireProfiles is how many sets of extra headers Wire keeps answers for
// (a site's answers over http and over https, say).
const WireProfiles = 2

// Wire is one answer of an entry as HTTP/1.1 puts it on the connection,
// made once and then written as it is: a server that writes these bytes
// formats nothing per request but the Date header.
type Wire struct {
	// Status is the status line, "HTTP/1.1 200 OK\r\n".
	Status []byte
	// Fields are every header line of the answer but Date, in the form
	// net/http writes them, and the empty line that ends the head.
	Fields []byte
	// Body is the body of a GET; nil for a 304.
	Body []byte
}

// wires are an entry's answers made so far, by profile, encoding and
// whether they are a 304. They live and die with the entry, so a purge
// that drops the entry drops them.
type wires [WireProfiles][numEncodings][2]atomic.Pointer[Wire]

// Wire returns the answer c as bytes, with the headers extra sets beside
// the entry's own (the same for every call with the same profile, which
// must be below WireProfiles). It is made at the first call for each
// profile and choice and kept with the entry. Wire returns nil for an
// entry without a Content-Type, to which net/http would add a sniffed
// one.
func (e *Entry) Wire(c Choice, profile int, extra func(http.Header)) *Wire {
	nm := 0
	if c.notModified {
		nm = 1
	}
	slot := &e.wires[profile][c.enc][nm]
	if w := slot.Load(); w != nil {
		return w
	}
	if !e.hasField("Content-Type") {
		return nil
	}
	h := http.Header{}
	extra(h)
	e.setHeaders(h, c)
	var fields bytes.Buffer
	// Header.Write is what net/http writes a response's header map
	// with: the same names, order and cleaned values.
	h.Write(&fields)
	fields.WriteString("\r\n")
	w := &Wire{Status: []byte("HTTP/1.1 200 OK\r\n"), Fields: fields.Bytes()}
	if c.notModified {
		w.Status = []byte("HTTP/1.1 304 Not Modified\r\n")
	} else {
		w.Body = e.variants[c.enc].body
	}
	slot.Store(w)
	return w
}

// hasField reports whether the entry's own headers hold name, given in
// canonical form.
func (e *Entry) hasField(name string) bool {
	for _, f := range e.fields {
		if f.name == name {
			return true
		}
	}
	return false
}
