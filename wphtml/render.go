package wphtml

import (
	"html"
	"regexp"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	nethtml "golang.org/x/net/html"

	"masthead/markdown"
)

// toMarkdown is shared by every conversion; the library locks what it
// must, so conversions may run at the same time.
var toMarkdown = newConverter()

func newConverter() *converter.Converter {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(),
		strikethrough.NewStrikethroughPlugin(),
		table.NewTablePlugin(table.WithCellPaddingBehavior(table.CellPaddingBehaviorMinimal)),
	))
	conv.Register.RendererFor(rawElement, converter.TagTypeBlock, renderRaw, converter.PriorityEarly)
	conv.Register.RendererFor(embedElement, converter.TagTypeBlock, renderEmbed, converter.PriorityEarly)
	conv.Register.RendererFor(figureElement, converter.TagTypeBlock, renderFigure, converter.PriorityEarly)
	for name := range keptInline {
		conv.Register.RendererFor(name, converter.TagTypeInline, renderInlineHTML, converter.PriorityEarly)
	}
	conv.Register.TextTransformer(escapeEntities, converter.PriorityEarly)
	return conv
}

// markdown converts a body's HTML into Markdown.
func (c *conversion) markdown(body string) (string, error) {
	root, simplified := parseBody(body)
	c.result.Simplified = simplified
	c.structure(root)
	c.clean(root)
	c.decide(root)
	out, err := toMarkdown.ConvertNode(root)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// renderRaw writes an element kept as HTML, sanitised with the policy the
// renderer applies, as an HTML block: it starts a line, and only a <pre>,
// which Markdown reads up to its end tag, may hold a blank line; in any
// other element a blank line would end the block early, so the line
// break is written as a character reference.
func renderRaw(_ converter.Context, w converter.Writer, n *nethtml.Node) converter.RenderStatus {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		_ = nethtml.Render(&b, c)
	}
	h := strings.TrimSpace(markdown.Sanitize(b.String()))
	if n.FirstChild == nil || n.FirstChild.Data != "pre" {
		for strings.Contains(h, "\n\n") {
			h = strings.ReplaceAll(h, "\n\n", "\n&#10;")
		}
	}
	w.WriteString("\n\n")
	w.WriteString(h)
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// renderEmbed writes a web address alone on its line, as written: the
// converter would escape its underscores, which would cut the link short.
func renderEmbed(_ converter.Context, w converter.Writer, n *nethtml.Node) converter.RenderStatus {
	w.WriteString("\n\n")
	w.WriteString(attr(n, "url"))
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// renderFigure writes a library figure's Markdown, made by
// libraryFigure, alone in its paragraph.
func renderFigure(_ converter.Context, w converter.Writer, n *nethtml.Node) converter.RenderStatus {
	w.WriteString("\n\n")
	w.WriteString(attr(n, "md"))
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// renderInlineHTML writes an inline element Markdown has no syntax for as
// its HTML tags around the Markdown of what it holds.
func renderInlineHTML(ctx converter.Context, w converter.Writer, n *nethtml.Node) converter.RenderStatus {
	w.WriteString("<" + n.Data)
	for _, a := range n.Attr {
		w.WriteString(" " + a.Key + `="` + html.EscapeString(a.Val) + `"`)
	}
	w.WriteString(">")
	ctx.RenderChildNodes(ctx, w, n)
	w.WriteString("</" + n.Data + ">")
	return converter.RenderSuccess
}

// entityLike matches text that Markdown would read as a character
// reference: "&copy;" written out in a body must not become "©".
var entityLike = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)

func escapeEntities(_ converter.Context, text string) string {
	if !strings.Contains(text, "&") {
		return text
	}
	return entityLike.ReplaceAllString(text, "&amp;$1;")
}
