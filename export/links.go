package export

import (
	"strings"

	"golang.org/x/net/html"
)

// urlAttributes are the attributes that hold addresses in the HTML a
// body may keep after sanitising.
var urlAttributes = map[string]bool{"href": true, "src": true, "poster": true, "cite": true}

// absoluteURLs returns body with every site path in a link, image or
// srcset made an absolute address on base, as WordPress writes bodies:
// WordPress's importer, fetching attachments, replaces the old addresses
// of files with the new ones, and search-and-replace tools move a site
// by its addresses. Everything else is kept byte for byte.
func absoluteURLs(body, base string) string {
	if !strings.Contains(body, `="/`) && !strings.Contains(body, `='/`) && !strings.Contains(body, "srcset") {
		return body // nothing to change, as in most bodies
	}
	var b strings.Builder
	b.Grow(len(body) + 256)
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return b.String()
		}
		raw := z.Raw()
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			b.Write(raw)
			continue
		}
		tok := z.Token()
		changed := false
		for i, a := range tok.Attr {
			switch {
			case a.Namespace != "":
			case urlAttributes[a.Key] && sitePath(a.Val):
				tok.Attr[i].Val, changed = base+a.Val, true
			case a.Key == "srcset":
				if v := absoluteSrcset(a.Val, base); v != a.Val {
					tok.Attr[i].Val, changed = v, true
				}
			}
		}
		if changed {
			b.WriteString(tok.String())
		} else {
			b.Write(raw)
		}
	}
}

// sitePath reports whether an address is a path of this site: one
// leading slash, not two (which names another host).
func sitePath(v string) bool {
	return strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//")
}

// absoluteSrcset makes the site paths of a srcset, "/media/a.jpg 480w,
// /media/b.jpg 960w", absolute on base.
func absoluteSrcset(v, base string) string {
	parts := strings.Split(v, ",")
	for i, p := range parts {
		trimmed := strings.TrimLeft(p, " \t\n")
		if sitePath(trimmed) {
			parts[i] = p[:len(p)-len(trimmed)] + base + trimmed
		}
	}
	return strings.Join(parts, ",")
}
