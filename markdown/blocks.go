package markdown

import (
	"html"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// boxMarker is the first line of a quotation that is a box of the story
// instead: "> [!pullquote]", "> [!factbox] Title", "> [!related] Title",
// the way GitHub marks its alerts.
var boxMarker = regexp.MustCompile(`(?i)^\s*\[!(pullquote|factbox|related)\][ \t]*(.*?)\s*$`)

// kindBox is a pull quote, a fact box or a list of related links.
var kindBox = ast.NewNodeKind("Box")

type boxNode struct {
	ast.BaseBlock
	box   string // "pullquote", "factbox" or "related"
	title string // the heading written after the marker, as plain text
}

func (n *boxNode) Kind() ast.NodeKind { return kindBox }

func (n *boxNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// boxTransformer turns marked quotations into boxes, their marker line
// removed and the rest of their content kept as written.
type boxTransformer struct{}

func (boxTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		first, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || first.Lines().Len() == 0 {
			continue
		}
		line := first.Lines().At(0)
		m := boxMarker.FindSubmatch(line.Value(source))
		if m == nil {
			continue
		}
		box := &boxNode{box: strings.ToLower(string(m[1])), title: string(m[2])}
		removeFirstLine(first, line.Stop)
		if first.ChildCount() == 0 {
			q.RemoveChild(q, first)
		}
		for c := q.FirstChild(); c != nil; {
			next := c.NextSibling()
			box.AppendChild(box, c)
			c = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, box)
	}
}

// removeFirstLine removes the inline nodes of a paragraph's first line,
// which ends at stop in the source: every node up to the one whose text
// breaks the line, or up to one that starts past it.
func removeFirstLine(p *ast.Paragraph, stop int) {
	for c := p.FirstChild(); c != nil; {
		if t, ok := c.(*ast.Text); ok && t.Segment.Start >= stop {
			return
		}
		next := c.NextSibling()
		p.RemoveChild(p, c)
		if breaksLine(c) {
			return
		}
		c = next
	}
}

// breaksLine reports whether an inline node's last text ends its line.
func breaksLine(n ast.Node) bool {
	for n.LastChild() != nil {
		n = n.LastChild()
	}
	t, ok := n.(*ast.Text)
	return ok && (t.SoftLineBreak() || t.HardLineBreak())
}

// boxRenderer writes boxes as asides: what they hold is the story's,
// rendered as the rest of the body is.
type boxRenderer struct{}

func (boxRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindBox, renderBox)
}

func renderBox(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	b := n.(*boxNode)
	title := html.EscapeString(b.title)
	if !entering {
		if b.box == "related" {
			w.WriteString("</nav>\n")
		}
		w.WriteString("</aside>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<aside class="` + b.box + `">` + "\n")
	switch b.box {
	case "factbox":
		if title != "" {
			w.WriteString("<h2>" + title + "</h2>\n")
		}
	case "related":
		if title == "" {
			title = "Related"
		}
		w.WriteString(`<nav aria-label="` + title + `">` + "\n<h2>" + title + "</h2>\n")
	}
	return ast.WalkContinue, nil
}

// allowStoryMarkup lets through the sanitiser the attributes that figures,
// galleries and boxes carry, on the elements that carry them and with the
// values this package writes: a class names one of its own styles, and an
// image's sizes point only into the media library.
func allowStoryMarkup(p *bluemonday.Policy) {
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^gallery$`)).OnElements("figure")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^credit$`)).OnElements("span")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^(pullquote|factbox|related)$`)).OnElements("aside")
	p.AllowElements("nav")
	p.AllowAttrs("aria-label").OnElements("nav")
	p.AllowAttrs("srcset").Matching(regexp.MustCompile(`^/media/[0-9a-f]{32}\.(jpg|png) [0-9]{1,5}w(, /media/[0-9a-f]{32}\.(jpg|png) [0-9]{1,5}w)*$`)).OnElements("img")
	p.AllowAttrs("sizes").Matching(regexp.MustCompile(`^[0-9a-z() :.,-]{1,200}$`)).OnElements("img")
	p.AllowAttrs("width", "height").Matching(regexp.MustCompile(`^[0-9]{1,5}$`)).OnElements("img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img")
	p.AllowAttrs("decoding").Matching(regexp.MustCompile(`^async$`)).OnElements("img")
}
