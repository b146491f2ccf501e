package pagecache

import (
	"strconv"
	"strings"
)

// encoding is a content coding the cache keeps bodies in.
type encoding int

// The encodings, in the order the cache prefers them when a client
// accepts several equally: the smallest first.
const (
	identity encoding = iota
	encBrotli
	encZstd
	encGzip
	numEncodings
)

// encodingNames are the encodings' names in Accept-Encoding and
// Content-Encoding.
var encodingNames = [numEncodings]string{identity: "identity", encBrotli: "br", encZstd: "zstd", encGzip: "gzip"}

// preference ranks the encodings when a client weighs them equally.
var preference = [numEncodings]int{encBrotli: 3, encZstd: 2, encGzip: 1, identity: 0}

// negotiate picks the encoding to send for an Accept-Encoding header
// among the available ones (identity always is): the one with the
// highest q-value, ties going to the smallest. A request without the
// header gets identity, as old clients and scripts expect; so does one
// that refuses every encoding there is, since a page is better than a
// 406.
func negotiate(header string, available [numEncodings]bool) encoding {
	if strings.TrimSpace(header) == "" {
		return identity
	}
	q := [numEncodings]float64{}
	listed := [numEncodings]bool{}
	star, starListed := 0.0, false
	// The list is walked in place, with no slice of its parts: a hit
	// negotiates on every request.
	for rest := header; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		weight := 1.0
		for params != "" {
			var p string
			p, params, _ = strings.Cut(params, ";")
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
					weight = f
				} else {
					weight = 0 // a malformed weight accepts nothing
				}
			}
		}
		if strings.EqualFold(name, "x-gzip") {
			name = "gzip"
		}
		if name == "*" {
			star, starListed = weight, true
			continue
		}
		for enc, n := range encodingNames {
			if strings.EqualFold(n, name) && (!listed[enc] || weight > q[enc]) {
				q[enc], listed[enc] = weight, true
			}
		}
	}
	for enc := range numEncodings {
		if listed[enc] {
			continue
		}
		switch {
		case starListed:
			q[enc] = star
		case enc == identity:
			// Identity is acceptable unless refused by name or by *, but
			// any coding the client names is preferred to it.
			q[enc] = 0.0001
		}
	}
	best := identity
	bestQ := -1.0
	for enc := range numEncodings {
		if !available[enc] && enc != identity || q[enc] <= 0 {
			continue
		}
		if q[enc] > bestQ || q[enc] == bestQ && preference[enc] > preference[best] {
			best, bestQ = enc, q[enc]
		}
	}
	return best
}
