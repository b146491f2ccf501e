package markdown

import (
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"masthead"
)

// Library holds the images of the media library a body shows, by the name
// of each of their files (the full size and every width), so that a body
// naming any file of an image finds it.
type Library map[string]*masthead.Media

// NewLibrary indexes images by the names of all their files.
func NewLibrary(images []*masthead.Media) Library {
	lib := Library{}
	for _, m := range images {
		for _, name := range m.Files() {
			lib[name] = m
		}
	}
	return lib
}

// libraryPath is the address of a file of the media library, as the
// library's snippets and the WordPress importer write it. Only names the
// library gives files (a content hash) qualify, so that "/media/../x"
// stays an ordinary image.
var libraryPath = regexp.MustCompile(`^/media/([0-9a-f]{32}\.(?:jpg|png))$`)

// libraryMention finds a library file's address anywhere in a body.
var libraryMention = regexp.MustCompile(`/media/([0-9a-f]{32}\.(?:jpg|png))\b`)

// LibraryFiles returns, each once and in order, the names of the library
// files a body mentions anywhere: in figures, inline images, links and
// raw HTML alike. What it names is what deleting an image would break, so
// the store links the body to those images.
func LibraryFiles(src string) []string {
	var names []string
	for _, m := range libraryMention.FindAllStringSubmatch(src, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	return names
}

// figureImage is one picture of a figure: what the Markdown says of it and,
// when the library has it, the library's record.
type figureImage struct {
	file    string // the file name after /media/
	alt     string // the Markdown's alt text; empty takes the library's
	caption string // the article's caption; empty takes the library's
	credit  string // the article's credit; empty takes the library's
	media   *masthead.Media
}

// kindFigure is a paragraph of library images alone: one becomes a figure,
// several a gallery.
var kindFigure = ast.NewNodeKind("Figure")

type figureNode struct {
	ast.BaseBlock
	images []figureImage
}

func (n *figureNode) Kind() ast.NodeKind { return kindFigure }

func (n *figureNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// libraryKey carries the Library of one rendering through the parser.
var libraryKey = parser.NewContextKey()

// figureTransformer turns every paragraph that holds only library images
// (on one line or on consecutive lines) into a figure or a gallery.
type figureTransformer struct{}

func (figureTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	lib, _ := pc.Get(libraryKey).(Library)
	source := reader.Source()
	var blocks []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.(type) {
		case *ast.Paragraph, *ast.List:
			if entering {
				blocks = append(blocks, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range blocks {
		var images []figureImage
		ok := false
		switch b := n.(type) {
		case *ast.Paragraph:
			images, ok = libraryImages(b, source)
		case *ast.List:
			images, ok = listImages(b, source)
		}
		if !ok || n.Parent() == nil {
			continue
		}
		for i := range images {
			images[i].media = lib[images[i].file]
		}
		n.Parent().ReplaceChild(n.Parent(), n, &figureNode{images: images})
	}
}

// listImages returns the images of a list of library images, one an item,
// as the WordPress importer writes a gallery: a list of two or more items
// that hold nothing else.
func listImages(l *ast.List, source []byte) ([]figureImage, bool) {
	var images []figureImage
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		text := item.FirstChild()
		if text == nil || text.NextSibling() != nil {
			return nil, false
		}
		switch text.(type) {
		case *ast.Paragraph, *ast.TextBlock:
		default:
			return nil, false
		}
		more, ok := libraryImages(text, source)
		if !ok || len(more) != 1 {
			return nil, false
		}
		images = append(images, more...)
	}
	return images, len(images) > 1
}

// libraryImages returns the images of a paragraph (or a list item's text)
// that holds nothing but library images and the white space between them.
func libraryImages(p ast.Node, source []byte) ([]figureImage, bool) {
	var images []figureImage
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch n := c.(type) {
		case *ast.Image:
			m := libraryPath.FindSubmatch(n.Destination)
			if m == nil {
				return nil, false
			}
			caption, credit := splitTitle(string(n.Title))
			images = append(images, figureImage{file: string(m[1]), alt: strings.TrimSpace(inlineText(n, source)), caption: caption, credit: credit})
		case *ast.Text:
			if strings.TrimSpace(string(n.Segment.Value(source))) != "" {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return images, len(images) > 0
}

// splitTitle reads an image's title text as the article's caption and
// credit for its use of the image: "Caption — Credit" sets both, "—
// Credit" the credit alone, "Caption" the caption alone; " -- " works as
// the dash too. What is left empty shows the library's words.
func splitTitle(title string) (caption, credit string) {
	t := " " + strings.TrimSpace(title) + " "
	for _, dash := range []string{" — ", " -- "} {
		if i := strings.LastIndex(t, dash); i >= 0 {
			return strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+len(dash):])
		}
	}
	return strings.TrimSpace(t), ""
}

// figureRenderer writes figures and galleries.
type figureRenderer struct{}

func (figureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindFigure, renderFigure)
}

// The widths a figure takes in the story column, for the browser's choice
// among an image's files: the column is 42rem at most, and on a phone
// the window less the page's 1rem of padding a side. A gallery's images
// are cropped to 4:3 and so need a little more than their box; 50vw
// leaves that margin.
const (
	figureSizes  = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
	gallerySizes = "(min-width: 44rem) 21rem, 50vw"
)

func renderFigure(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	fig := n.(*figureNode)
	if len(fig.images) == 1 {
		writeFigure(w, fig.images[0], figureSizes)
		return ast.WalkSkipChildren, nil
	}
	w.WriteString(`<figure class="gallery">` + "\n")
	for _, img := range fig.images {
		writeFigure(w, img, gallerySizes)
	}
	w.WriteString("</figure>\n")
	return ast.WalkSkipChildren, nil
}

// writeFigure writes one image with its caption and credit: the article's
// words where it gave them, else the library's.
func writeFigure(w util.BufWriter, img figureImage, sizes string) {
	alt, caption, credit := img.alt, img.caption, img.credit
	src := "/media/" + img.file
	w.WriteString("<figure>")
	w.WriteString(`<img src="`)
	if m := img.media; m != nil {
		alt, caption, credit = firstOf(alt, m.AltText), firstOf(caption, m.Caption), firstOf(credit, m.Credit)
		// src stays the file the Markdown names, the fallback of browsers
		// without srcset and what an export carries; srcset offers every
		// width.
		var set []string
		for _, v := range m.Variants {
			set = append(set, "/media/"+v.Name+" "+strconv.Itoa(v.Width)+"w")
		}
		set = append(set, m.Path()+" "+strconv.Itoa(m.Width)+"w")
		w.WriteString(html.EscapeString(src))
		w.WriteString(`" srcset="` + html.EscapeString(strings.Join(set, ", ")) + `" sizes="` + sizes + `" width="` +
			strconv.Itoa(m.Width) + `" height="` + strconv.Itoa(m.Height))
	} else {
		w.WriteString(html.EscapeString(src))
	}
	w.WriteString(`" alt="` + html.EscapeString(alt) + `" loading="lazy" decoding="async">`)
	if caption != "" || credit != "" {
		// The article's own words may hold inline Markdown (a link,
		// emphasis), as an imported WordPress caption does; the
		// library's are plain text.
		words := func(own, shown string) string {
			if own != "" && own == shown {
				return inlineHTML(own)
			}
			return html.EscapeString(shown)
		}
		w.WriteString("<figcaption>" + words(img.caption, caption))
		if credit != "" {
			if caption != "" {
				w.WriteString(" ")
			}
			w.WriteString(`<span class="credit">` + words(img.credit, credit) + "</span>")
		}
		w.WriteString("</figcaption>")
	}
	w.WriteString("</figure>\n")
}

// inlineMarkdown renders the words an article gives a figure: inline
// Markdown only, raw HTML left out, sanitised with the rest of the body.
var inlineMarkdown = goldmark.New(goldmark.WithExtensions(extension.Strikethrough))

// inlineHTML renders src as inline Markdown. Words that Markdown would
// read as a block (a heading, a list) are shown as the text they are.
func inlineHTML(src string) string {
	var b strings.Builder
	if err := inlineMarkdown.Convert([]byte(src), &b); err != nil {
		return html.EscapeString(src)
	}
	out := strings.TrimSpace(b.String())
	inner, ok := strings.CutPrefix(out, "<p>")
	if inner, ok2 := strings.CutSuffix(inner, "</p>"); ok && ok2 && !strings.Contains(inner, "<p>") {
		return inner
	}
	return html.EscapeString(src)
}

func firstOf(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// MediaFiles returns the names of the library files that src shows as
// figures, for the caller to look them up before RenderWith.
func MediaFiles(src string) []string {
	doc := md.Parser().Parse(text.NewReader([]byte(src)))
	var names []string
	seen := map[string]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if fig, ok := n.(*figureNode); ok && entering {
			for _, img := range fig.images {
				if !seen[img.file] {
					seen[img.file] = true
					names = append(names, img.file)
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return names
}

// storyExtension adds the story's figures, galleries and boxes to
// goldmark. Boxes are found first (goldmark runs lower priorities first),
// so that an image alone under a box's marker line becomes a figure.
type storyExtension struct{}

func (storyExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		util.Prioritized(figureTransformer{}, 500),
		util.Prioritized(boxTransformer{}, 400),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(figureRenderer{}, 500),
		util.Prioritized(boxRenderer{}, 510),
	))
}
