package hitserver

import "strings"

// Request is what the fast path reads of a request head: its method and
// path, and the header values that choose a cached answer. Its strings
// share one copy of the head.
type Request struct {
	Method          string // "GET" or "HEAD"
	Path            string // the request target: a path, with no query
	AcceptEncoding  string
	IfNoneMatch     string
	IfModifiedSince string
	// Cookie is the request's Cookie header, "" without one.
	Cookie string
}

// parseHead reads a complete request head (the request line, the header
// lines and the empty line that ends them, each ending in CRLF) into req,
// and reports whether the fast path may answer it. It says no to
// anything it is not sure of, which net/http then answers: another
// method or version, a target that is not a plain path, a body,
// headers net/http acts on itself (Connection but keep-alive, Expect,
// Upgrade, Transfer-Encoding ...), conditions other than If-None-Match
// and If-Modified-Since, ranges, repeated headers of those it reads, a
// missing or odd Host, and any line net/http might read differently.
func parseHead(head string, req *Request) bool {
	*req = Request{}
	line, rest, ok := strings.Cut(head, "\r\n")
	if !ok {
		return false
	}
	method, line, ok := strings.Cut(line, " ")
	if !ok || method != "GET" && method != "HEAD" {
		return false
	}
	target, proto, ok := strings.Cut(line, " ")
	if !ok || proto != "HTTP/1.1" || !isPlainPath(target) {
		return false
	}
	req.Method, req.Path = method, target
	hosts := 0
	seen := 0 // a bit for each header read, to refuse repeats
	for {
		line, rest, ok = strings.Cut(rest, "\r\n")
		if !ok {
			return false
		}
		if line == "" {
			return rest == "" && hosts == 1
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || !isToken(name) || !isFieldValue(value) {
			return false
		}
		value = strings.Trim(value, " \t")
		var into *string
		var bit int
		switch {
		case strings.EqualFold(name, "Host"):
			hosts++
			if !isHost(value) {
				return false
			}
			continue
		case strings.EqualFold(name, "Accept-Encoding"):
			into, bit = &req.AcceptEncoding, 1
		case strings.EqualFold(name, "If-None-Match"):
			into, bit = &req.IfNoneMatch, 2
		case strings.EqualFold(name, "If-Modified-Since"):
			into, bit = &req.IfModifiedSince, 4
		case strings.EqualFold(name, "Cookie"):
			into, bit = &req.Cookie, 8
		case strings.EqualFold(name, "Connection"):
			// keep-alive is HTTP/1.1's default; anything else (close,
			// upgrade) changes what net/http sends.
			if !strings.EqualFold(value, "keep-alive") {
				return false
			}
			continue
		case strings.EqualFold(name, "Content-Length"):
			if value != "0" || seen&16 != 0 {
				return false
			}
			seen |= 16
			continue
		case isRefused(name):
			return false
		default:
			continue // a header no answer depends on
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		*into = value
	}
}

// refused are the headers that keep a request off the fast path: what
// net/http acts on itself (a body, an upgrade, an expectation) and the
// conditions and ranges the page cache does not answer.
var refused = []string{"Transfer-Encoding", "Expect", "Upgrade", "Te", "Trailer", "Http2-Settings",
	"Range", "If-Range", "If-Match", "If-Unmodified-Since"}

// isRefused reports whether name, in any case, is one of refused.
func isRefused(name string) bool {
	for _, r := range refused {
		if strings.EqualFold(name, r) {
			return true
		}
	}
	return false
}

// isPlainPath reports whether target is a path net/http reads as it is:
// a slash and then only characters that need no decoding, with no query
// and no fragment.
func isPlainPath(target string) bool {
	return target != "" && target[0] == '/' && onlyLettersDigitsAnd(target, "/-._~!$&'()*+,;=:@")
}

// isToken reports whether s is a header name (RFC 9110's token).
func isToken(s string) bool {
	return s != "" && onlyLettersDigitsAnd(s, "!#$%&'*+-.^_`|~")
}

// isFieldValue reports whether s holds only what a header value may:
// visible characters, spaces and tabs, and bytes above ASCII.
func isFieldValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// isHost reports whether s is a Host value with nothing unusual in it:
// a name or an address, and a port.
func isHost(s string) bool {
	return s != "" && onlyLettersDigitsAnd(s, "-._:[]")
}

// onlyLettersDigitsAnd reports whether s holds only ASCII letters and
// digits and the bytes of extra.
func onlyLettersDigitsAnd(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte(extra, c) >= 0:
		default:
			return false
		}
	}
	return true
}

// mayBeFastRequest reports whether b, the first bytes of a request, may
// still begin a request the fast path answers; when it may not, the
// connection goes to net/http at once, without waiting for the rest of
// the head (a POST's, a TLS handshake's).
func mayBeFastRequest(b []byte) bool {
	for _, method := range []string{"GET ", "HEAD "} {
		n := min(len(b), len(method))
		if string(b[:n]) == method[:n] {
			return true
		}
	}
	return false
}
