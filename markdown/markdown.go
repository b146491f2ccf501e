// Package markdown renders the Markdown the newsroom writes into safe HTML:
// goldmark for CommonMark with GitHub tables and typographic quotes, then
// bluemonday so that nothing in a body can run script in a reader's browser.
package markdown

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	nethtml "golang.org/x/net/html"
)

var (
	md = goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		// Raw HTML passes through goldmark so that editors can embed a
		// figure or a table, and the sanitiser below decides what stays.
		goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
	)
	policy = newPolicy()
)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	// Links in staff-written bodies are editorial, not user-generated.
	p.RequireNoFollowOnLinks(false)
	p.AllowAttrs("id").Matching(bluemonday.Paragraph).OnElements("h1", "h2", "h3", "h4", "h5", "h6")
	p.AllowElements("figure", "figcaption")
	return p
}

// Render converts Markdown source into sanitised HTML.
func Render(src string) (string, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	return Sanitize(buf.String()), nil
}

// Sanitize removes from HTML everything that could run script or break out
// of the article body, keeping ordinary formatting.
func Sanitize(h string) string {
	return policy.Sanitize(h)
}

// PlainText returns the text of an HTML fragment with tags removed and runs
// of white space collapsed. Block ends become spaces, so that words from two
// paragraphs never run together.
func PlainText(h string) string {
	var b strings.Builder
	z := nethtml.NewTokenizer(strings.NewReader(h))
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case nethtml.TextToken:
			b.Write(z.Text())
		case nethtml.StartTagToken, nethtml.EndTagToken, nethtml.SelfClosingTagToken:
			name, _ := z.TagName()
			if !inline[string(name)] {
				b.WriteByte(' ')
			}
		}
	}
}

// inline lists the elements that do not separate words.
var inline = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true, "code": true, "data": true,
	"del": true, "dfn": true, "em": true, "i": true, "ins": true, "kbd": true, "mark": true, "q": true,
	"s": true, "samp": true, "small": true, "span": true, "strong": true, "sub": true, "sup": true,
	"time": true, "u": true, "var": true,
}

// Excerpt returns the first words of an HTML fragment's text, at most max
// runes long, cut at a word boundary and marked with an ellipsis when cut.
func Excerpt(h string, max int) string {
	text := PlainText(h)
	if len([]rune(text)) <= max {
		return text
	}
	runes := []rune(text)[:max]
	cut := len(runes)
	for cut > 0 && !unicode.IsSpace(runes[cut-1]) {
		cut--
	}
	if cut == 0 {
		cut = len(runes)
	}
	return strings.TrimRightFunc(string(runes[:cut]), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	}) + "…"
}
