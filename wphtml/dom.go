package wphtml

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Elements of the tree this package builds for the converter: rawElement
// holds HTML to keep as it is, embedElement a web address to keep alone on
// its line. Neither name can come from a body, whose elements are replaced
// or unwrapped before these are added.
const (
	rawElement   = "masthead-raw"
	embedElement = "masthead-embed"
	// figureElement holds, as its md attribute, the Markdown of a figure
	// of a library image with its caption, written as it is.
	figureElement = "masthead-figure"
	// creditElement marks, inside a figure's caption, the credit a
	// Masthead export writes as <span class="credit">.
	creditElement = "masthead-credit"
)

// attachmentAttr marks, until cleaning, a link that points at an uploaded
// file whatever its address: an audio or video player's file, a file
// block's link.
const (
	attachmentAttr = "data-masthead-file"
	attachmentMark = attachmentAttr + `=""`
)

// removedElements can run script, submit data or only draw, and go with
// what they hold.
var removedElements = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "object": true, "embed": true,
	"applet": true, "param": true, "svg": true, "canvas": true, "link": true, "meta": true, "base": true,
	"title": true, "head": true, "frame": true, "frameset": true, "input": true, "button": true,
	"select": true, "option": true, "textarea": true, "datalist": true, "output": true, "dialog": true,
	"slot": true, "map": true, "area": true, "source": true, "track": true,
}

// unwrappedElements go but leave what they hold.
var unwrappedElements = map[string]bool{
	"form": true, "label": true, "fieldset": true, "legend": true, "math": true, "picture": true,
	"html": true, "body": true, "font": true, "center": true,
}

// keptInline lists the inline elements Markdown has no syntax for, kept
// as HTML inside the Markdown of their paragraph, with the attributes each
// may keep.
var keptInline = map[string][]string{
	"cite": nil, "sub": nil, "sup": nil, "mark": nil, "abbr": {"title"}, "u": nil,
	"ins": nil, "small": nil, "q": nil, "dfn": nil, "var": nil, "samp": nil,
}

// inlineElements do not end a line of text: a table cell holding only
// these can be a Markdown cell.
var inlineElements = map[string]bool{
	"a": true, "em": true, "i": true, "strong": true, "b": true, "code": true, "img": true, "span": true,
	"s": true, "del": true, "strike": true, "time": true, "tt": true, "wbr": true, "bdi": true, "bdo": true,
}

// keptAttrs lists the attributes each element may keep; every other
// attribute, on* handlers, style and class included, goes.
var keptAttrs = map[string][]string{
	"a": {"href", "title"}, "img": {"src", "alt", "title"}, "td": {"colspan", "rowspan"},
	"th": {"colspan", "rowspan", "scope"}, "ol": {"start"}, "code": {"class"}, "time": {"datetime"},
	"h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
	embedElement: {"url"},
}

var (
	bareURL      = regexp.MustCompile(`^https?://[^\s<>"]+$`)
	codeLanguage = regexp.MustCompile(`(?:^|\s)(language-[A-Za-z0-9_+#.-]+)`)
	whiteSpace   = regexp.MustCompile(`\s+`)
)

// parseBody reads a body as a browser reads the inside of <body>. The
// parser refuses elements nested more than 512 deep; such a body is read
// again without the tags below maxDepth levels, keeping all its text, and
// if even that fails, as its text alone. The second result says whether
// the body was so simplified.
func parseBody(body string) (*html.Node, bool) {
	if root, err := parseFragment(body); err == nil {
		return root, false
	}
	if root, err := parseFragment(limitDepth(body, maxDepth)); err == nil {
		return root, true
	}
	root := &html.Node{Type: html.DocumentNode}
	root.AppendChild(&html.Node{Type: html.TextNode, Data: textOfBody(body)})
	return root, true
}

// maxDepth is how deeply a body too deep for the parser may still nest.
const maxDepth = 100

func parseFragment(body string) (*html.Node, error) {
	context := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(body), context)
	if err != nil {
		return nil, err
	}
	root := &html.Node{Type: html.DocumentNode}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root, nil
}

// limitDepth drops the start tags that would open an element more than
// max levels deep, counting as if every element were closed by its end tag.
func limitDepth(body string, max int) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(body))
	depth := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidElements[string(name)] {
				break
			}
			depth++
			if depth > max {
				continue
			}
		case html.EndTagToken:
			if depth--; depth >= max {
				continue
			}
		}
		b.Write(z.Raw())
	}
}

// voidElements have no end tag, so they never nest.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// textOfBody returns the text of a body without any of its tags.
func textOfBody(body string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
}

// structure rewrites what WordPress's blocks and shortcodes made into the
// plain HTML it means: embeds, galleries, pull quotes, buttons, files and
// players; and removes what can run script.
func (c *conversion) structure(parent *html.Node) {
	for n := parent.FirstChild; n != nil; {
		next := n.NextSibling
		c.structureNode(n)
		n = next
	}
}

func (c *conversion) structureNode(n *html.Node) {
	switch n.Type {
	case html.CommentNode, html.DoctypeNode:
		n.Parent.RemoveChild(n)
		return
	case html.ElementNode:
	default:
		return
	}
	if removedElements[n.Data] {
		n.Parent.RemoveChild(n)
		return
	}
	if unwrappedElements[n.Data] {
		c.structure(n)
		unwrap(n)
		return
	}
	switch n.Data {
	case "iframe":
		if src := strings.TrimSpace(attr(n, "src")); bareURL.MatchString(src) {
			replace(n, newEmbed(src))
		} else {
			n.Parent.RemoveChild(n)
		}
		return
	case "audio", "video":
		c.player(n)
		return
	case "figure":
		switch {
		case hasClass(n, "wp-block-embed") || findElement(n, func(e *html.Node) bool { return hasClass(e, "wp-block-embed__wrapper") }) != nil:
			c.embedFigure(n)
			return
		case hasClass(n, "wp-block-gallery") || hasClass(n, "blocks-gallery-grid"):
			c.gallery(n)
			return
		case hasClass(n, "wp-block-pullquote"):
			c.structure(n)
			unwrap(n)
			return
		}
		// The credit of a Masthead export's caption keeps its place
		// apart from the caption; cleaning would take its class.
		for _, sp := range findElements(n, func(e *html.Node) bool {
			return e.Data == "span" && hasClass(e, "credit") && e.Parent != nil && e.Parent.Data == "figcaption"
		}) {
			sp.Data, sp.DataAtom, sp.Attr = creditElement, 0, nil
		}
	case "div":
		switch {
		case hasClass(n, "wp-block-button"):
			n.Data, n.DataAtom = "p", atom.P
		case hasClass(n, "wp-block-file"):
			for _, a := range findElements(n, func(e *html.Node) bool { return e.Data == "a" }) {
				if hasClass(a, "wp-block-file__button") {
					a.Parent.RemoveChild(a)
				} else {
					setAttr(a, attachmentAttr, "")
				}
			}
			n.Data, n.DataAtom = "p", atom.P
		}
	case "p":
		if u, ok := onlyURL(n); ok {
			replace(n, newEmbed(u))
			return
		}
	}
	c.structure(n)
}

// onlyURL reports whether a paragraph holds nothing but a web address,
// which WordPress turns into an embed when it shows the post.
func onlyURL(p *html.Node) (string, bool) {
	text := p.FirstChild
	if text == nil || text.NextSibling != nil || text.Type != html.TextNode {
		return "", false
	}
	u := strings.TrimSpace(text.Data)
	return u, bareURL.MatchString(u)
}

// embedFigure replaces an embed block by its address, and its caption by
// a paragraph after it.
func (c *conversion) embedFigure(fig *html.Node) {
	var u string
	if w := findElement(fig, func(e *html.Node) bool { return hasClass(e, "wp-block-embed__wrapper") }); w != nil {
		u = strings.TrimSpace(textOf(w))
	}
	if !bareURL.MatchString(u) {
		u = ""
		if e := findElement(fig, func(e *html.Node) bool { return e.Data == "iframe" || e.Data == "a" }); e != nil {
			u = strings.TrimSpace(attr(e, "src") + attr(e, "href"))
		}
	}
	if !bareURL.MatchString(u) {
		c.structure(fig)
		unwrap(fig)
		return
	}
	insertBefore(fig, newEmbed(u))
	if caption := findElement(fig, func(e *html.Node) bool { return e.Data == "figcaption" }); caption != nil && strings.TrimSpace(textOf(caption)) != "" {
		caption.Data, caption.DataAtom = "p", atom.P
		caption.Parent.RemoveChild(caption)
		insertBefore(fig, caption)
		c.structureNode(caption)
	}
	fig.Parent.RemoveChild(fig)
}

// gallery replaces a gallery block by a list of its images, each with its
// caption, and the gallery's own caption by a paragraph after the list.
func (c *conversion) gallery(fig *html.Node) {
	type item struct{ image, caption *html.Node }
	var items []item
	for _, img := range findElements(fig, func(e *html.Node) bool { return e.Data == "img" }) {
		image := img
		if img.Parent.Data == "a" {
			image = img.Parent
		}
		it := item{image: image}
		for a := image.Parent; a != nil && a != fig; a = a.Parent {
			if a.Data == "figure" {
				it.caption = findElement(a, func(e *html.Node) bool { return e.Data == "figcaption" })
				break
			}
		}
		items = append(items, it)
	}
	var caption *html.Node
	for e := fig.FirstChild; e != nil; e = e.NextSibling {
		if e.Type == html.ElementNode && e.Data == "figcaption" {
			caption = e
		}
	}
	list := element("ul")
	for _, it := range items {
		li := element("li")
		it.image.Parent.RemoveChild(it.image)
		if it.caption != nil && strings.TrimSpace(textOf(it.caption)) != "" {
			figure := element("figure")
			it.caption.Parent.RemoveChild(it.caption)
			figure.AppendChild(it.image)
			figure.AppendChild(it.caption)
			li.AppendChild(figure)
		} else {
			li.AppendChild(it.image)
		}
		list.AppendChild(li)
	}
	if len(items) > 0 {
		insertBefore(fig, list)
		c.structure(list)
	}
	if caption != nil && strings.TrimSpace(textOf(caption)) != "" {
		caption.Data, caption.DataAtom = "p", atom.P
		caption.Parent.RemoveChild(caption)
		insertBefore(fig, caption)
		c.structureNode(caption)
	}
	fig.Parent.RemoveChild(fig)
}

// player replaces an <audio> or <video> by a link to the file it plays.
func (c *conversion) player(n *html.Node) {
	src := strings.TrimSpace(attr(n, "src"))
	if src == "" {
		if s := findElement(n, func(e *html.Node) bool { return e.Data == "source" && attr(e, "src") != "" }); s != nil {
			src = strings.TrimSpace(attr(s, "src"))
		}
	}
	if src == "" {
		n.Parent.RemoveChild(n)
		return
	}
	a := element("a")
	setAttr(a, "href", src)
	setAttr(a, attachmentAttr, "")
	a.AppendChild(&html.Node{Type: html.TextNode, Data: fileName(src)})
	replace(n, a)
}

// clean keeps of each element only the attributes it needs, sends every
// URL through Options.Rewrite, and drops links and images whose address
// could run script.
func (c *conversion) clean(parent *html.Node) {
	for n := parent.FirstChild; n != nil; {
		next := n.NextSibling
		if n.Type == html.ElementNode {
			c.cleanNode(n)
		}
		n = next
	}
}

func (c *conversion) cleanNode(n *html.Node) {
	file := hasAttr(n, attachmentAttr)
	allowed := keptAttrs[n.Data]
	if names, ok := keptInline[n.Data]; ok {
		allowed = names
	}
	kept := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Namespace == "" && contains(allowed, a.Key) {
			kept = append(kept, a)
		}
	}
	n.Attr = kept

	switch n.Data {
	case "a":
		href := strings.TrimSpace(attr(n, "href"))
		if href == "" || !safeURL(href) {
			c.clean(n)
			unwrap(n)
			return
		}
		kind := Link
		if file || uploaded(href) {
			kind = File
		}
		setAttr(n, "href", c.rewrite(href, kind))
	case "img":
		src := strings.TrimSpace(attr(n, "src"))
		if src == "" || !safeURL(src) {
			if alt := strings.TrimSpace(attr(n, "alt")); alt != "" {
				replace(n, &html.Node{Type: html.TextNode, Data: alt})
			} else {
				n.Parent.RemoveChild(n)
			}
			return
		}
		setAttr(n, "src", c.rewrite(src, Image))
		for _, name := range []string{"alt", "title"} {
			if hasAttr(n, name) {
				setAttr(n, name, strings.TrimSpace(whiteSpace.ReplaceAllString(attr(n, name), " ")))
			}
		}
	case embedElement:
		u := attr(n, "url")
		setAttr(n, "url", c.rewrite(u, Link))
	case "td", "th", "ol":
		numbers := n.Attr[:0]
		for _, a := range n.Attr {
			if _, err := strconv.Atoi(strings.TrimSpace(a.Val)); err == nil || a.Key == "scope" {
				numbers = append(numbers, a)
			}
		}
		n.Attr = numbers
	case "code":
		if m := codeLanguage.FindStringSubmatch(attr(n, "class")); m != nil {
			setAttr(n, "class", m[1])
		} else {
			removeAttr(n, "class")
		}
	case "h1", "h2", "h3", "h4", "h5", "h6":
		if strings.TrimSpace(attr(n, "id")) == "" {
			removeAttr(n, "id")
		}
	}
	c.clean(n)
}

// safeURL reports whether a URL is relative or uses a scheme that cannot
// run script: browsers ignore tabs, line breaks and case in the scheme, so
// this does too.
func safeURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, u)
	colon := strings.IndexByte(u, ':')
	if colon < 0 || strings.ContainsAny(u[:colon], "/?#") {
		return true
	}
	switch strings.ToLower(u[:colon]) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

// uploaded reports whether a URL points into a WordPress uploads
// directory: wp-content/uploads on any WordPress site (sites/N/ below it on
// a multisite), or a WordPress.com files host.
func uploaded(u string) bool {
	if strings.Contains(u, "/wp-content/uploads/") {
		return true
	}
	rest, ok := strings.CutPrefix(strings.ToLower(u), "https://")
	if !ok {
		rest, ok = strings.CutPrefix(strings.ToLower(u), "http://")
	}
	if !ok {
		return false
	}
	host, _, _ := strings.Cut(rest, "/")
	return strings.HasSuffix(host, ".files.wordpress.com")
}

// decide marks what must stay HTML, since Markdown cannot say it, and
// turns figures without a caption into the paragraph they amount to.
func (c *conversion) decide(parent *html.Node) {
	for n := parent.FirstChild; n != nil; {
		next := n.NextSibling
		if n.Type == html.ElementNode {
			c.decideNode(n)
		}
		n = next
	}
}

func (c *conversion) decideNode(n *html.Node) {
	switch n.Data {
	case "table":
		if !markdownTable(n) {
			keepHTML(n)
			return
		}
	case "figure":
		caption := findElement(n, func(e *html.Node) bool { return e.Data == "figcaption" })
		if caption != nil && strings.TrimSpace(textOf(caption)) != "" {
			if md, ok := libraryFigure(n, caption); ok {
				fig := element(figureElement)
				setAttr(fig, "md", md)
				replace(n, fig)
				return
			}
			keepHTML(n)
			return
		}
		if caption != nil {
			caption.Parent.RemoveChild(caption)
		}
		c.decide(n)
		if allInline(n) {
			n.Data, n.DataAtom = "p", atom.P
		} else {
			unwrap(n)
		}
		return
	case "pre":
		if !isCode(n) {
			keepHTML(n)
			return
		}
	case "h1", "h2", "h3", "h4", "h5", "h6":
		if hasAttr(n, "id") {
			keepHTML(n)
			return
		}
	case "dl", "details":
		keepHTML(n)
		return
	}
	c.decide(n)
}

// markdownTable reports whether a GitHub-flavoured Markdown table says
// everything a table says: one header row first, no header cells after
// it, no merged cells, footer or caption, and only inline content in
// each cell.
func markdownTable(table *html.Node) bool {
	if findElement(table, func(e *html.Node) bool {
		return e.Data == "caption" || e.Data == "tfoot" || (e.Data == "table" && e != table)
	}) != nil {
		return false
	}
	rows := findElements(table, func(e *html.Node) bool { return e.Data == "tr" })
	if len(rows) == 0 {
		return false
	}
	for i, row := range rows {
		inHead := row.Parent != nil && row.Parent.Data == "thead"
		if inHead && i > 0 {
			return false
		}
		cells := findElements(row, func(e *html.Node) bool { return e.Data == "td" || e.Data == "th" })
		if len(cells) == 0 {
			return false
		}
		for _, cell := range cells {
			header := cell.Data == "th" || inHead
			if header != (i == 0) {
				return false
			}
			if attr(cell, "colspan") != "" && attr(cell, "colspan") != "1" ||
				attr(cell, "rowspan") != "" && attr(cell, "rowspan") != "1" {
				return false
			}
			if findElement(cell, func(e *html.Node) bool { return !inlineElements[e.Data] && !isKeptInline(e.Data) }) != nil {
				return false
			}
		}
	}
	return true
}

func isKeptInline(name string) bool {
	_, ok := keptInline[name]
	return ok
}

// isCode reports whether a <pre> holds code (a <code> and nothing else but
// white space), which a fenced code block says; other preformatted text may
// hold emphasis and links, which a code block would lose.
func isCode(pre *html.Node) bool {
	code := false
	for n := pre.FirstChild; n != nil; n = n.NextSibling {
		switch {
		case n.Type == html.ElementNode && n.Data == "code" && !code:
			code = true
			if findElement(n, func(*html.Node) bool { return true }) != nil {
				return false
			}
		case n.Type == html.TextNode && strings.TrimSpace(n.Data) == "":
		default:
			return false
		}
	}
	return code
}

// allInline reports whether an element holds only text and inline
// elements.
func allInline(n *html.Node) bool {
	return findElement(n, func(e *html.Node) bool { return !inlineElements[e.Data] && !isKeptInline(e.Data) && e.Data != "br" }) == nil
}

// keepHTML marks an element to be written as HTML.
func keepHTML(n *html.Node) {
	raw := element(rawElement)
	replace(n, raw)
	raw.AppendChild(n)
}

func newEmbed(u string) *html.Node {
	e := element(embedElement)
	setAttr(e, "url", u)
	return e
}

func element(name string) *html.Node {
	return &html.Node{Type: html.ElementNode, Data: name, DataAtom: atom.Lookup([]byte(name))}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func removeAttr(n *html.Node, key string) {
	kept := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Key != key {
			kept = append(kept, a)
		}
	}
	n.Attr = kept
}

func hasClass(n *html.Node, class string) bool {
	return contains(strings.Fields(attr(n, "class")), class)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// findElement returns the first element below n, in document order, that
// match accepts.
func findElement(n *html.Node, match func(*html.Node) bool) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if match(c) {
			return c
		}
		if found := findElement(c, match); found != nil {
			return found
		}
	}
	return nil
}

// findElements returns every element below n, in document order, that
// match accepts, without looking inside those it returns.
func findElements(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var found []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if match(c) {
			found = append(found, c)
			continue
		}
		found = append(found, findElements(c, match)...)
	}
	return found
}

func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c))
	}
	return b.String()
}

// unwrap replaces n by its children.
func unwrap(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		n.Parent.InsertBefore(c, n)
		c = next
	}
	n.Parent.RemoveChild(n)
}

func replace(old, new *html.Node) {
	old.Parent.InsertBefore(new, old)
	old.Parent.RemoveChild(old)
}

func insertBefore(old, new *html.Node) {
	old.Parent.InsertBefore(new, old)
}
