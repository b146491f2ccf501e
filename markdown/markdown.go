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
		goldmark.WithExtensions(extension.GFM, extension.Typographer, embedExtension{}, storyExtension{}),
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
	// The UGC policy keeps alt text only when it is words and a few
	// punctuation marks, which drops "Photo: the pier at dawn?"; alt text
	// is escaped like any attribute, so any text is safe in it.
	p.AllowAttrs("alt", "title").OnElements("img")
	allowStoryMarkup(p)
	return p
}

// Render converts Markdown source into sanitised HTML, with the facades
// of its embeds (see embed.go) added after the sanitiser.
func Render(src string) (string, error) {
	return RenderWith(src, nil)
}

// RenderWith is Render for a body that shows images of the media library:
// lib holds those MediaFiles names, and their figures carry its sizes,
// descriptions, captions and credits. A library image lib lacks still
// becomes a figure, with what the Markdown says of it.
func RenderWith(src string, lib Library) (string, error) {
	var buf bytes.Buffer
	embeds := newEmbedSet()
	pc := embeds.context()
	pc.Set(libraryKey, lib)
	if err := md.Convert([]byte(src), &buf, parser.WithContext(pc)); err != nil {
		return "", err
	}
	return embeds.insert(Sanitize(buf.String())), nil
}

// Sanitize removes from HTML everything that could run script or break out
// of the article body, keeping ordinary formatting.
func Sanitize(h string) string {
	return policy.Sanitize(h)
}

// PlainText returns the text of an HTML fragment with tags removed and runs
// of white space collapsed. Block ends become spaces, so that words from two
// paragraphs never run together. An embed counts as the link it was
// written as.
func PlainText(h string) string {
	h = EmbedsAsLinks(h)
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

// Excerpt returns the start of an HTML fragment's text, at most max runes
// long, cut at a word boundary and marked with an ellipsis when cut. Each
// block (a heading, paragraph, list item, quotation) ends as a sentence, so
// that a heading does not run into the paragraph after it: "What we know.
// Construction is 80% complete." rather than "What we know Construction".
// Figures and boxes (pull quotes, fact boxes, related links) are left out.
func Excerpt(h string, max int) string {
	return Truncate(Sentences(h), max)
}

// Sentences returns the text of an HTML fragment as PlainText does, except
// that every block ends with a full stop unless it already ends with
// terminal punctuation. Table cells and line breaks only separate words.
// An embed counts as the link it was written as.
func Sentences(h string) string {
	h = EmbedsAsLinks(h)
	var out, block strings.Builder
	flush := func() {
		text := strings.Join(strings.Fields(block.String()), " ")
		block.Reset()
		if text == "" {
			return
		}
		if out.Len() > 0 {
			out.WriteByte(' ')
		}
		out.WriteString(text)
		if !endsSentence(text) {
			out.WriteByte('.')
		}
	}
	z := nethtml.NewTokenizer(strings.NewReader(h))
	aside := 0 // how deep in figures and boxes the tokenizer is
	for {
		switch tt := z.Next(); tt {
		case nethtml.ErrorToken:
			flush()
			return out.String()
		case nethtml.TextToken:
			if aside == 0 {
				block.Write(z.Text())
			}
		case nethtml.StartTagToken, nethtml.EndTagToken, nethtml.SelfClosingTagToken:
			name, _ := z.TagName()
			if beside[string(name)] {
				if tt == nethtml.StartTagToken {
					aside++
				} else if tt == nethtml.EndTagToken && aside > 0 {
					aside--
				}
			}
			switch {
			case inline[string(name)]:
			case wordBreak[string(name)]:
				block.WriteByte(' ')
			default:
				flush()
			}
		}
	}
}

// beside lists the elements whose text is not the story's running text:
// a figure's caption or a box beside the story would make a poor start of
// an excerpt.
var beside = map[string]bool{"figure": true, "aside": true}

// wordBreak lists the elements that separate words without ending a
// sentence.
var wordBreak = map[string]bool{"br": true, "wbr": true, "td": true, "th": true, "img": true}

// endsSentence reports whether text ends with terminal punctuation, looking
// past closing quotation marks and brackets: `He said “no.”` ends one.
func endsSentence(text string) bool {
	trimmed := strings.TrimRightFunc(text, func(r rune) bool {
		return strings.ContainsRune("\"'”’»)]", r)
	})
	if trimmed == "" {
		return false
	}
	last := []rune(trimmed)[len([]rune(trimmed))-1]
	return strings.ContainsRune(".!?…:;", last)
}

// Truncate returns text cut to at most max runes at a word boundary, with
// an ellipsis when it was cut.
func Truncate(text string, max int) string {
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
