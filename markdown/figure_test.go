package markdown

import (
	"slices"
	"strings"
	"testing"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"masthead"
)

const (
	pierFile  = "0123456789abcdef0123456789abcdef.jpg"
	pierSmall = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg"
	gullFile  = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.png"
)

func testLibrary() Library {
	return NewLibrary([]*masthead.Media{
		{ID: 1, Name: pierFile, Width: 2000, Height: 1000, AltText: `The pier at dawn, "calm"`, Caption: "The pier before the storm.",
			Credit: "Ana Lima", Variants: []masthead.MediaVariant{{Width: 480, Name: pierSmall}}},
		{ID: 2, Name: gullFile, Width: 800, Height: 600, AltText: "A gull on a post"},
	})
}

// parseBody parses rendered HTML as a browser parses a fragment of a body.
func parseBody(t *testing.T, h string) *nethtml.Node {
	t.Helper()
	root := &nethtml.Node{Type: nethtml.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := nethtml.ParseFragment(strings.NewReader(h), root)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root
}

func findAll(n *nethtml.Node, match func(*nethtml.Node) bool) []*nethtml.Node {
	var out []*nethtml.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == nethtml.ElementNode && match(c) {
			out = append(out, c)
		}
		out = append(out, findAll(c, match)...)
	}
	return out
}

func tag(name string) func(*nethtml.Node) bool {
	return func(n *nethtml.Node) bool { return n.Data == name }
}

func nodeAttr(n *nethtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func trimmedText(n *nethtml.Node) string {
	var b strings.Builder
	var walk func(*nethtml.Node)
	walk = func(n *nethtml.Node) {
		if n.Type == nethtml.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

func render(t *testing.T, src string, lib Library) *nethtml.Node {
	t.Helper()
	out, err := RenderWith(src, lib)
	if err != nil {
		t.Fatal(err)
	}
	checkSafeHTML(t, out, allowedElements)
	return parseBody(t, out)
}

func TestLibraryImageBecomesFigure(t *testing.T) {
	body := render(t, "Before.\n\n![](/media/"+pierFile+")\n\nAfter.", testLibrary())
	figures := findAll(body, tag("figure"))
	if len(figures) != 1 {
		t.Fatalf("got %d figures, want 1", len(figures))
	}
	if ps := findAll(body, tag("p")); len(ps) != 2 {
		t.Errorf("got %d paragraphs, want the two around the figure", len(ps))
	}
	img := findAll(figures[0], tag("img"))[0]
	for key, want := range map[string]string{
		"src":    "/media/" + pierFile, // the file the Markdown names
		"srcset": "/media/" + pierSmall + " 480w, /media/" + pierFile + " 2000w",
		"sizes":  figureSizes, "width": "2000", "height": "1000",
		"alt":     `The pier at dawn, "calm"`, // the library's, since the Markdown's is empty
		"loading": "lazy", "decoding": "async",
	} {
		if got := nodeAttr(img, key); got != want {
			t.Errorf("img %s = %q, want %q", key, got, want)
		}
	}
	caption := findAll(figures[0], tag("figcaption"))
	if len(caption) != 1 || trimmedText(caption[0]) != "The pier before the storm. Ana Lima" {
		t.Fatalf("figcaption: %v", caption)
	}
	credit := findAll(caption[0], tag("span"))
	if len(credit) != 1 || nodeAttr(credit[0], "class") != "credit" || trimmedText(credit[0]) != "Ana Lima" {
		t.Errorf("the credit is not in its own span: %q", trimmedText(caption[0]))
	}
}

func TestArticleOverridesCaptionAndCredit(t *testing.T) {
	tests := []struct {
		title, caption, credit string
	}{
		{"Seen from the ferry — Sam Roe", "Seen from the ferry", "Sam Roe"},
		{"Seen from the ferry -- Sam Roe", "Seen from the ferry", "Sam Roe"},
		{"Seen from the ferry", "Seen from the ferry", "Ana Lima"},
		{"— Sam Roe", "The pier before the storm.", "Sam Roe"},
		{"A — dash — in the caption — Sam Roe", "A — dash — in the caption", "Sam Roe"},
	}
	for _, tt := range tests {
		body := render(t, `![Own words](/media/`+pierFile+` "`+tt.title+`")`, testLibrary())
		img := findAll(body, tag("img"))[0]
		if got := nodeAttr(img, "alt"); got != "Own words" {
			t.Errorf("%q: alt %q, want the article's", tt.title, got)
		}
		credit := findAll(body, tag("span"))[0]
		caption := strings.TrimSpace(strings.TrimSuffix(trimmedText(findAll(body, tag("figcaption"))[0]), trimmedText(credit)))
		if caption != tt.caption || trimmedText(credit) != tt.credit {
			t.Errorf("%q: caption %q, credit %q; want %q, %q", tt.title, caption, trimmedText(credit), tt.caption, tt.credit)
		}
	}
}

// TestCaptionMarkup: an article's caption and credit may hold inline
// Markdown, as imported WordPress captions do: links and emphasis show as
// such, in a library figure with its srcset; anything that could run
// script is dropped by the sanitiser, and words Markdown would read as a
// block stay words. The library's own words stay plain text.
func TestCaptionMarkup(t *testing.T) {
	body := render(t, `![](/media/`+pierFile+` "The *new* pier, [seen from the ferry](https://example.org/ferry) — **Sam** Roe")`, testLibrary())
	fig := findAll(body, tag("figure"))
	if len(fig) != 1 || nodeAttr(findAll(fig[0], tag("img"))[0], "srcset") == "" {
		t.Fatalf("want one library figure with a srcset, got %d figures", len(fig))
	}
	caption := findAll(fig[0], tag("figcaption"))[0]
	if got := trimmedText(caption); got != "The new pier, seen from the ferry Sam Roe" {
		t.Errorf("caption text %q", got)
	}
	links := findAll(caption, tag("a"))
	if len(links) != 1 || nodeAttr(links[0], "href") != "https://example.org/ferry" || len(findAll(caption, tag("em"))) != 1 {
		t.Errorf("the caption's link and emphasis did not survive: %d links", len(links))
	}
	if credit := findAll(caption, tag("span")); len(credit) != 1 || len(findAll(credit[0], tag("strong"))) != 1 {
		t.Errorf("the credit's emphasis did not survive")
	}
	for title, want := range map[string]string{
		`[x](javascript:alert(1)) <script>alert(2)</script> <img src=x onerror=alert(3)>`: "x",
		`1. Not a list`:   "1. Not a list",
		`# Not a heading`: "# Not a heading",
	} {
		body := render(t, `![](/media/`+pierFile+` "`+strings.ReplaceAll(title, `"`, `\"`)+`")`, testLibrary())
		caption := findAll(body, tag("figcaption"))[0]
		if got := strings.TrimSpace(strings.TrimSuffix(trimmedText(caption), "Ana Lima")); !strings.HasPrefix(got, want) {
			t.Errorf("%q: caption %q, want it to start %q", title, got, want)
		}
		for _, a := range findAll(caption, tag("a")) {
			if strings.Contains(nodeAttr(a, "href"), "javascript") {
				t.Errorf("%q: a script link survived", title)
			}
		}
		if n := len(findAll(caption, tag("img"))) + len(findAll(caption, tag("script"))) + len(findAll(caption, tag("ol"))); n != 0 {
			t.Errorf("%q: the caption holds an image, a script or a list", title)
		}
	}
	lib := NewLibrary([]*masthead.Media{{ID: 1, Name: pierFile, Width: 2000, Height: 1000, Caption: "The *library's* words"}})
	if got := trimmedText(findAll(render(t, `![](/media/`+pierFile+`)`, lib), tag("figcaption"))[0]); got != "The *library's* words" {
		t.Errorf("the library's caption was read as Markdown: %q", got)
	}
}

func TestGallery(t *testing.T) {
	for name, src := range map[string]string{
		"consecutive lines": "![](/media/" + pierFile + ")\n![](/media/" + gullFile + ")",
		"one line":          "![](/media/" + pierFile + ") ![](/media/" + gullFile + ")",
		"imported list":     "- ![](/media/" + pierFile + ")\n- ![](/media/" + gullFile + ")",
	} {
		t.Run(name, func(t *testing.T) {
			body := render(t, src, testLibrary())
			galleries := findAll(body, func(n *nethtml.Node) bool { return n.Data == "figure" && nodeAttr(n, "class") == "gallery" })
			if len(galleries) != 1 {
				t.Fatalf("got %d galleries, want 1", len(galleries))
			}
			var alts []string
			for c := galleries[0].FirstChild; c != nil; c = c.NextSibling {
				if c.Type == nethtml.ElementNode {
					if c.Data != "figure" {
						t.Errorf("the gallery holds a <%s>, want figures only", c.Data)
						continue
					}
					img := findAll(c, tag("img"))[0]
					alts = append(alts, nodeAttr(img, "alt"))
					if nodeAttr(img, "sizes") != gallerySizes {
						t.Errorf("a gallery image's sizes = %q", nodeAttr(img, "sizes"))
					}
				}
			}
			if !slices.Equal(alts, []string{`The pier at dawn, "calm"`, "A gull on a post"}) {
				t.Errorf("gallery images %q", alts)
			}
			if len(findAll(body, tag("ul"))) != 0 || len(findAll(body, tag("p"))) != 0 {
				t.Error("the gallery left a list or a paragraph behind")
			}
		})
	}
}

func TestImagesThatStayImages(t *testing.T) {
	for _, src := range []string{
		"A word and ![](/media/" + pierFile + ")",          // not alone
		"![](https://example.org/media/" + pierFile + ")",  // another site's
		"![](/media/../" + pierFile + ")",                  // not a library name
		"![](/media/" + strings.ToUpper(pierFile) + ")",    // not a name the library gives
		"- ![](/media/" + pierFile + ")\n- and some words", // a list of other things
		"- ![](/media/" + pierFile + ")",                   // a list of one
	} {
		body := render(t, src, testLibrary())
		if figs := findAll(body, tag("figure")); len(figs) != 0 {
			t.Errorf("%q became a figure", src)
		}
		if imgs := findAll(body, tag("img")); len(imgs) != 1 || nodeAttr(imgs[0], "srcset") != "" {
			t.Errorf("%q: images %v, want one plain image", src, imgs)
		}
	}
}

func TestFigureWithoutLibraryStaysReadable(t *testing.T) {
	body := render(t, `![The pier](/media/`+pierFile+` "Caption — Credit")`, nil)
	img := findAll(body, tag("img"))
	if len(img) != 1 || nodeAttr(img[0], "src") != "/media/"+pierFile || nodeAttr(img[0], "alt") != "The pier" || nodeAttr(img[0], "srcset") != "" {
		t.Fatalf("image %v", img)
	}
	if got := trimmedText(findAll(body, tag("figcaption"))[0]); got != "Caption Credit" {
		t.Errorf("caption %q", got)
	}
}

func TestMediaFiles(t *testing.T) {
	src := "![](/media/" + pierFile + ")\n\nText ![](/media/" + gullFile + ")\n\n> [!factbox] Box\n> ![](/media/" + pierSmall + ")\n\n![](/media/" + pierFile + ")"
	if got, want := MediaFiles(src), []string{pierFile, pierSmall}; !slices.Equal(got, want) {
		t.Errorf("MediaFiles = %q, want %q", got, want)
	}
}

func TestBoxes(t *testing.T) {
	src := "> [!pullquote]\n> We waited *long* enough.\n\n" +
		"> [!factbox] What we know\n> - Construction is 80% complete\n> - The budget grew\n\n" +
		"> [!related] More on the pier\n> - [The vote](/2026/01/01/vote/)\n> - [The storm](/2026/01/02/storm/)\n\n" +
		"> [!RELATED]\n> - [Index](/x/)\n\n" +
		"> An ordinary [!quote]\n\n> [!unknown] stays a quotation"
	body := render(t, src, nil)
	asides := findAll(body, tag("aside"))
	var classes []string
	for _, a := range asides {
		classes = append(classes, nodeAttr(a, "class"))
	}
	if !slices.Equal(classes, []string{"pullquote", "factbox", "related", "related"}) {
		t.Fatalf("asides %q", classes)
	}
	if got := trimmedText(asides[0]); got != "We waited long enough." || strings.Contains(got, "[!") {
		t.Errorf("pull quote %q", got)
	}
	if h := findAll(asides[1], tag("h2")); len(h) != 1 || trimmedText(h[0]) != "What we know" {
		t.Errorf("fact box heading %v", h)
	}
	if li := findAll(asides[1], tag("li")); len(li) != 2 {
		t.Errorf("fact box items %d", len(li))
	}
	for i, want := range []string{"More on the pier", "Related"} {
		nav := findAll(asides[2+i], tag("nav"))
		if len(nav) != 1 || nodeAttr(nav[0], "aria-label") != want || len(findAll(nav[0], tag("a"))) == 0 {
			t.Errorf("related box %d: nav %v, want one labelled %q with links", i, nav, want)
		}
	}
	if quotes := findAll(body, tag("blockquote")); len(quotes) != 2 {
		t.Errorf("got %d quotations, want the two unmarked ones", len(quotes))
	}
}

func TestExcerptLeavesOutFiguresAndBoxes(t *testing.T) {
	out, err := RenderWith("![](/media/"+pierFile+")\n\n> [!pullquote]\n> Quoted.\n\nThe story starts here.", testLibrary())
	if err != nil {
		t.Fatal(err)
	}
	if got := Excerpt(out, 200); got != "The story starts here." {
		t.Errorf("Excerpt = %q", got)
	}
}

// TestHostileStoryMarkup feeds figures and boxes the strings an attacker
// would try: nothing may leave the attribute or text it belongs in.
func TestHostileStoryMarkup(t *testing.T) {
	hostile := NewLibrary([]*masthead.Media{{Name: pierFile, Width: 10, Height: 10,
		AltText: `" onerror="alert(1)`, Caption: `<script>alert(1)</script>`, Credit: `</figcaption><img src=x onerror=alert(1)>`}})
	for _, src := range []string{
		"![](/media/" + pierFile + ")",
		`![" onerror="alert(1)](/media/` + pierFile + ` "<script>alert(1)</script> — <img src=x onerror=alert(1)>")`,
		"![](/media/..%2f..%2fetc%2fpasswd.jpg)", "![](/media/../../etc/passwd)",
		"> [!factbox] <script>alert(1)</script>\n> x", `> [!related] " onmouseover="alert(1)` + "\n> - [a](javascript:alert(1))",
		`<figure class="gallery" onclick="x"><img src="/media/x.jpg" srcset="javascript:alert(1) 1w" loading="eager"></figure>`,
		`<aside class="evil pullquote">x</aside><p class="factbox">y</p><span class="credit x">z</span>`,
	} {
		out, err := RenderWith(src, hostile)
		if err != nil {
			t.Fatal(err)
		}
		checkSafeHTML(t, out, allowedElements)
		body := parseBody(t, out)
		if n := len(findAll(body, tag("script"))); n != 0 {
			t.Errorf("%q: a script element survived: %s", src, out)
		}
		for _, n := range findAll(body, func(*nethtml.Node) bool { return true }) {
			if c := nodeAttr(n, "class"); c != "" && !slices.Contains([]string{"gallery", "credit", "pullquote", "factbox", "related"}, c) {
				t.Errorf("%q: <%s class=%q> survived", src, n.Data, c)
			}
			if n.Data == "p" && nodeAttr(n, "class") != "" {
				t.Errorf("%q: a paragraph kept a class", src)
			}
		}
	}
}
