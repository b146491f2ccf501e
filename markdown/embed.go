package markdown

import (
	"crypto/rand"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	nethtml "golang.org/x/net/html"

	"masthead/embed"
)

// Embeds: a paragraph of the body's top level that holds nothing but one
// link to something a provider frames (a bare URL, <URL>, or
// [Title](URL), whose text becomes the title) is shown as an embed. Any
// other link, and every link to an unknown address, stays a link.
//
// The reader's browser contacts no provider until they ask: the body
// holds a facade, a figure with the provider's name, the title, a button
// that embed.js reveals and that swaps the facade for the frame, a note
// saying so, and a plain link to the original for readers without
// JavaScript and for feeds.
//
// The facade is written after the sanitiser has run, from the embed
// table's checked values, never from the body's HTML: the sanitiser
// strips every data- attribute and button a body holds, so raw HTML
// cannot forge a facade that leads anywhere. Goldmark renders each embed
// as a paragraph holding a placeholder made with a random value drawn for
// this rendering alone, which the sanitiser keeps and no body can guess.

// embedExtension adds the embed rule to goldmark.
type embedExtension struct{}

func (embedExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(embedTransformer{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(embedRenderer{}, 500)))
}

// embedSet collects the embeds of one rendering and the placeholders
// that stand for them until the sanitiser has run.
type embedSet struct {
	nonce string
	items []embedItem
}

type embedItem struct {
	embed.Embed
	title string // the writer's, or the provider's generic one
}

var embedSetKey = parser.NewContextKey()

func newEmbedSet() *embedSet {
	return &embedSet{nonce: rand.Text()}
}

// context is the parser context through which goldmark's transformer
// reaches the set.
func (s *embedSet) context() parser.Context {
	pc := parser.NewContext()
	pc.Set(embedSetKey, s)
	return pc
}

// add records an embed and returns its placeholder.
func (s *embedSet) add(e embed.Embed, title string) string {
	s.items = append(s.items, embedItem{e, title})
	return s.placeholder(len(s.items) - 1)
}

func (s *embedSet) placeholder(i int) string {
	return "masthead-embed-" + s.nonce + "-" + strconv.Itoa(i)
}

// insert replaces each placeholder paragraph of sanitised HTML with its
// facade.
func (s *embedSet) insert(h string) string {
	for i, it := range s.items {
		h = strings.Replace(h, "<p>"+s.placeholder(i)+"</p>", facade(it), 1)
	}
	return h
}

// embedBlock is the AST node of an embed: a block that renders as its
// placeholder.
type embedBlock struct {
	ast.BaseBlock
	placeholder string
}

var kindEmbed = ast.NewNodeKind("Embed")

func (n *embedBlock) Kind() ast.NodeKind { return kindEmbed }

func (n *embedBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Placeholder": n.placeholder}, nil)
}

// embedTransformer turns each top-level paragraph that is one embeddable
// link into an embedBlock.
type embedTransformer struct{}

func (embedTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	set, _ := pc.Get(embedSetKey).(*embedSet)
	if set == nil {
		return
	}
	source := reader.Source()
	for n := doc.FirstChild(); n != nil; {
		next := n.NextSibling()
		if p, ok := n.(*ast.Paragraph); ok {
			if e, title, ok := paragraphEmbed(p, source); ok {
				doc.ReplaceChild(doc, n, &embedBlock{placeholder: set.add(e, title)})
			}
		}
		n = next
	}
}

// paragraphEmbed reports whether p holds only one link to an embed, and
// the title its text gives (the generic one when it has none).
func paragraphEmbed(p *ast.Paragraph, source []byte) (embed.Embed, string, bool) {
	if p.ChildCount() != 1 {
		return embed.Embed{}, "", false
	}
	var link, title string
	switch l := p.FirstChild().(type) {
	case *ast.AutoLink:
		if l.AutoLinkType != ast.AutoLinkURL {
			return embed.Embed{}, "", false
		}
		link = string(l.URL(source))
	case *ast.Link:
		link, title = string(l.Destination), strings.Join(strings.Fields(inlineText(l, source)), " ")
	default:
		return embed.Embed{}, "", false
	}
	e, ok := embed.Lookup(link)
	if !ok {
		return embed.Embed{}, "", false
	}
	if title == "" || title == link {
		title = e.Title
	}
	return e, title, true
}

// inlineText is the text of an inline node's descendants, with the
// typographer's entities read back into characters and markup left out:
// an embed's title, an image's alt text.
func inlineText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(source))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if t.IsCode() {
				b.WriteString(html.UnescapeString(string(t.Value)))
			} else {
				b.Write(t.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// embedRenderer writes an embedBlock as its placeholder paragraph.
type embedRenderer struct{}

func (embedRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindEmbed, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<p>" + n.(*embedBlock).placeholder + "</p>\n")
		}
		return ast.WalkSkipChildren, nil
	})
}

// Translate puts a facade's English text into a reader's language, as
// fmt.Sprintf would format it: an i18n.Locale's T.
type Translate func(key string, args ...any) string

// english writes a facade's text as it is, for the stored body.
func english(key string, args ...any) string { return fmt.Sprintf(key, args...) }

// facade writes an embed's figure in English, as bodies are stored.
func facade(it embedItem) string { return facadeIn(it, false, english) }

// facadeIn writes an embed's figure with its visible text put through tr;
// generic says that the title is the provider's, translated too. Its
// data- attributes are what embed.js builds the frame from; its class
// names the shape, which the stylesheet sizes so that the frame takes the
// facade's place without moving the page.
func facadeIn(it embedItem, generic bool, tr Translate) string {
	esc := html.EscapeString
	title, action := it.title, tr(it.Action)
	if generic {
		title = tr(it.Title)
	}
	var b strings.Builder
	b.WriteString(`<figure class="embed embed-` + esc(string(it.Shape)) + `" data-embed-src="` + esc(it.Src) +
		`" data-embed-title="` + esc(title) + `"`)
	if it.Allow != "" {
		b.WriteString(` data-embed-allow="` + esc(it.Allow) + `"`)
	}
	b.WriteString(` data-embed-sandbox="` + esc(it.Sandbox) + `">` + "\n")
	b.WriteString(`<div class="embed-frame">` + "\n")
	b.WriteString(`<p class="embed-provider">` + esc(it.Provider) + "</p>\n")
	b.WriteString(`<p class="embed-title">` + esc(title) + "</p>\n")
	b.WriteString(`<button type="button" class="embed-load" aria-label="` + esc(tr("%s: %s", action, title)) + `" hidden>` +
		esc(action) + "</button>\n")
	b.WriteString("</div>\n")
	b.WriteString(`<figcaption><span class="embed-note">` + esc(tr("Nothing is loaded from %s until you ask for it.", it.Provider)) +
		`</span> <a href="` + esc(it.URL) + `">` + esc(tr("Open on %s", it.Provider)) + "</a></figcaption>\n")
	b.WriteString("</figure>")
	return b.String()
}

// LocalizeEmbeds returns rendered HTML with each embed's facade written
// again with its text in a reader's language: bodies are stored with the
// facades in English, and each page puts them in its own language when
// it is shown (the page cache keeps the result). A facade whose link is no
// longer an embed stays as it is.
func LocalizeEmbeds(h string, tr Translate) string {
	const open = `<figure class="embed `
	if !HasEmbeds(h) {
		return h
	}
	var out strings.Builder
	out.Grow(len(h) + len(h)/8)
	for {
		// Only the facades are read as HTML; what lies between them is
		// copied as it is.
		i := strings.Index(h, open)
		if i < 0 {
			out.WriteString(h)
			return out.String()
		}
		out.WriteString(h[:i])
		z := nethtml.NewTokenizer(strings.NewReader(h[i:]))
		z.Next()
		var whole strings.Builder
		whole.Write(z.Raw())
		tok := z.Token()
		if attr(tok, "data-embed-src") == "" {
			out.WriteString(whole.String())
			h = h[i+whole.Len():]
			continue
		}
		title, href := readFacadeInto(z, &whole)
		h = h[i+whole.Len():]
		e, ok := embed.Lookup(href)
		if !ok {
			out.WriteString(whole.String())
			continue
		}
		e.URL = href
		out.WriteString(facadeIn(embedItem{e, title}, title == e.Title, tr))
	}
}

// HasEmbeds reports whether rendered HTML holds an embed's facade, so
// that a page loads embed.js only when it has something to do.
func HasEmbeds(h string) bool {
	return strings.Contains(h, `<figure class="embed `)
}

// EmbedsAsLinks returns rendered HTML with each embed's facade replaced
// by a paragraph holding the link as the writer wrote it: its own text
// when it had one, else its address. That is what feed readers, which
// run no script, show, and what excerpts and search read, as they did
// before the link became an embed.
func EmbedsAsLinks(h string) string {
	if !HasEmbeds(h) {
		return h
	}
	var out strings.Builder
	z := nethtml.NewTokenizer(strings.NewReader(h))
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			return out.String()
		}
		raw := string(z.Raw())
		tok := z.Token()
		if tt != nethtml.StartTagToken || tok.Data != "figure" || attr(tok, "data-embed-src") == "" {
			out.WriteString(raw)
			continue
		}
		title, href := readFacadeInto(z, nil)
		if href == "" {
			continue
		}
		text := title
		if e, ok := embed.Lookup(href); !ok || title == e.Title {
			// The provider's generic title: the writer gave none.
			text = href
		}
		out.WriteString(`<p><a href="` + html.EscapeString(href) + `">` + html.EscapeString(text) + "</a></p>")
	}
}

// readFacadeInto reads a facade up to its closing </figure>, returning
// its title and link, and copies what it read to raw unless raw is nil.
func readFacadeInto(z *nethtml.Tokenizer, raw *strings.Builder) (title, href string) {
	var into *string
	for depth := 1; depth > 0; {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			return
		}
		if raw != nil {
			raw.Write(z.Raw())
		}
		tok := z.Token()
		switch tt {
		case nethtml.StartTagToken:
			switch {
			case tok.Data == "figure":
				depth++
			case tok.Data == "a" && href == "":
				href = attr(tok, "href")
			case attr(tok, "class") == "embed-title":
				into = &title
			}
		case nethtml.EndTagToken:
			into = nil
			if tok.Data == "figure" {
				depth--
			}
		case nethtml.TextToken:
			if into != nil {
				*into += tok.Data
			}
		}
	}
	return
}

func attr(tok nethtml.Token, name string) string {
	for _, a := range tok.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}
