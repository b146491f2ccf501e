// Package xmltext makes any string fit to stand in an XML 1.0 document,
// inside CDATA or out: the encoders of the standard library replace what
// XML forbids in escaped text, but pass CDATA through as it is, so a NUL
// typed into a comment would make a feed that no reader can parse.
package xmltext

import (
	"strings"
	"unicode/utf8"
)

// Clean returns s with bytes that are not UTF-8 and characters XML does
// not allow (control characters, U+FFFE, U+FFFF) replaced by U+FFFD, as
// xml.EscapeText does outside CDATA, and line ends made "\n", which is
// what any XML reader reports for them anyway. Text that needs nothing
// is returned as it is, without copying.
func Clean(s string) string {
	if fits(s) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case !Allowed(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CDATA returns s as CDATA sections: cleaned, and split wherever s
// holds the sequence that would end a section.
func CDATA(s string) string {
	return "<![CDATA[" + strings.ReplaceAll(Clean(s), "]]>", "]]]]><![CDATA[>") + "]]>"
}

func fits(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\r' || !Allowed(r) {
			return false
		}
	}
	return true
}

// Allowed reports whether XML 1.0 allows r in a document.
func Allowed(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
