package wphtml

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// libraryFile matches the address of a file of Masthead's media library,
// which an image imported into the library has once its address is
// rewritten, and which a Masthead export's bodies show.
var libraryFile = regexp.MustCompile(`^/media/[0-9a-f]{32}\.(?:jpg|png)$`)

// captionElements are the elements a caption may hold for its figure to
// become a library figure: those inline Markdown says in full.
var captionElements = map[string]bool{"a": true, "em": true, "i": true, "strong": true, "b": true, "code": true,
	"del": true, "s": true, "br": true}

// libraryFigure returns the Markdown of a figure with a caption when it
// shows one image of the media library: the image, perhaps in a link to
// a file of the library, and a caption of text, links and emphasis. The
// figure becomes the library's own (its sizes, and its description when
// the figure gives none), the caption, markup and all, the article's
// words for it in the image's title, and a Masthead export's credit the
// credit there. Any other figure stays HTML.
func libraryFigure(fig, caption *html.Node) (string, bool) {
	var img *html.Node
	for n := fig.FirstChild; n != nil; n = n.NextSibling {
		switch {
		case n.Type == html.TextNode && strings.TrimSpace(n.Data) == "":
		case n == caption:
		case n.Type == html.ElementNode && img == nil && n.Data == "img":
			img = n
		case n.Type == html.ElementNode && img == nil && n.Data == "a" && libraryFile.MatchString(attr(n, "href")):
			img = onlyImage(n)
			if img == nil {
				return "", false
			}
		default:
			return "", false
		}
	}
	if img == nil || !libraryFile.MatchString(attr(img, "src")) {
		return "", false
	}
	var credit *html.Node
	for n := caption.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.Data == creditElement && credit == nil {
			credit = n
			continue
		}
		if !inlineOnly(n) {
			return "", false
		}
	}
	if credit != nil {
		for n := credit.FirstChild; n != nil; n = n.NextSibling {
			if !inlineOnly(n) {
				return "", false
			}
		}
		credit.Parent.RemoveChild(credit)
	}
	words, ok := inlineMarkdown(caption)
	if !ok {
		return "", false
	}
	title := words
	if credit != nil {
		by, ok := inlineMarkdown(credit)
		if !ok {
			return "", false
		}
		title = strings.TrimSpace(words + " — " + by)
	} else if strings.Contains(" "+words+" ", " — ") || strings.Contains(" "+words+" ", " -- ") {
		// The last dash of a title starts its credit: one at the end,
		// with no credit after it, keeps the caption's own dashes.
		title += " —"
	}
	return "![" + escapePunctuation(attr(img, "alt")) + "](" + attr(img, "src") + ` "` + escapeTitle(title) + `")`, true
}

// onlyImage returns the image a link holds when it holds nothing else.
func onlyImage(a *html.Node) *html.Node {
	var img *html.Node
	for n := a.FirstChild; n != nil; n = n.NextSibling {
		switch {
		case n.Type == html.TextNode && strings.TrimSpace(n.Data) == "":
		case n.Type == html.ElementNode && n.Data == "img" && img == nil:
			img = n
		default:
			return nil
		}
	}
	return img
}

// inlineOnly reports whether n is text, or an element inline Markdown
// says in full holding only such.
func inlineOnly(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		return true
	case html.ElementNode:
		if !captionElements[n.Data] {
			return false
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !inlineOnly(c) {
				return false
			}
		}
		return true
	}
	return false
}

// inlineMarkdown converts what an element holds into Markdown on one
// line.
func inlineMarkdown(n *html.Node) (string, bool) {
	p := element("p")
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		p.AppendChild(c)
		c = next
	}
	out, err := toMarkdown.ConvertNode(p)
	if err != nil {
		return "", false
	}
	return strings.Join(strings.Fields(string(out)), " "), true
}

// escapePunctuation makes every ASCII punctuation mark of s literal in
// Markdown, for an image's alt text.
func escapePunctuation(s string) string {
	var b strings.Builder
	for _, r := range strings.Join(strings.Fields(s), " ") {
		if r < 128 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// escapeTitle writes Markdown as the text of an image's title so that the
// title's text is that Markdown again: a title reads backslash escapes
// and character references, which the caption's Markdown must keep.
func escapeTitle(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "&", `\&`).Replace(s)
}
