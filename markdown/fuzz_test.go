package markdown

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"masthead/embed"
)

// allowedElements is what the sanitiser promises an article body may
// hold: bluemonday's UGC policy and the figure this package adds. The
// list is written out here, not read from the policy, so that a policy
// that starts letting more through fails the fuzzer.
var allowedElements = map[string]bool{"nav": true}

func init() {
	for _, e := range strings.Fields(`a abbr acronym area article aside b bdi bdo big blockquote br caption cite code col
		colgroup dd del details dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hgroup hr i img ins li map mark
		meter ol p pre progress q rp rt ruby s samp section small span strike strong sub summary sup table tbody td
		tfoot th thead time tr tt u ul var wbr`) {
		allowedElements[e] = true
	}
}

// renderedElements is what a rendered body may hold: what the sanitiser
// lets through, and the button of an embed's facade, which Render adds
// after it.
var renderedElements = map[string]bool{"button": true}

func init() {
	for e := range allowedElements {
		renderedElements[e] = true
	}
}

// urlAttributes are the attributes a browser follows or loads;
// data-embed-src is the address embed.js frames.
var urlAttributes = map[string]bool{"href": true, "src": true, "cite": true, "action": true, "formaction": true,
	"srcset": true, "poster": true, "background": true, "xlink:href": true, "data-embed-src": true}

// checkSafeHTML fails t when h, parsed as a browser parses a fragment of
// a page's body, holds an element outside allowed, an event attribute, a
// style, or a URL with a scheme that runs or carries script.
func checkSafeHTML(t *testing.T, h string, allowed map[string]bool) {
	t.Helper()
	body := &nethtml.Node{Type: nethtml.ElementNode, Data: "div", DataAtom: atom.Div}
	check := func(tag string, attrs []nethtml.Attribute) {
		if !allowed[tag] {
			t.Fatalf("the HTML holds a <%s> element:\n%.2000s", tag, h)
		}
		for _, a := range attrs {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") || key == "style" || key == "formaction" {
				t.Fatalf("<%s> carries the attribute %s=%q:\n%.2000s", tag, a.Key, a.Val, h)
			}
			if urlAttributes[key] && unsafeURL(a.Val) {
				t.Fatalf("<%s %s=%q> leads to script or inline data:\n%.2000s", tag, a.Key, a.Val, h)
			}
			if key == "data-embed-src" && !onFrameHost(a.Val) {
				t.Fatalf("<%s %s=%q> frames something off the embed hosts:\n%.2000s", tag, a.Key, a.Val, h)
			}
		}
	}
	nodes, err := nethtml.ParseFragment(strings.NewReader(h), body)
	if err != nil {
		// The parser gives up past 512 open elements, where browsers
		// stop nesting too; the tokenizer still sees every tag.
		z := nethtml.NewTokenizer(strings.NewReader(h))
		for tt := z.Next(); tt != nethtml.ErrorToken; tt = z.Next() {
			if tt == nethtml.StartTagToken || tt == nethtml.SelfClosingTagToken {
				tok := z.Token()
				check(tok.Data, tok.Attr)
			}
		}
		return
	}
	var walk func(*nethtml.Node)
	walk = func(n *nethtml.Node) {
		if n.Type == nethtml.ElementNode {
			check(n.Data, n.Attr)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
}

// unsafeURL reports whether a URL, as a browser reads it (ignoring case,
// and the white space and control characters it strips), has a scheme
// that runs script or embeds a document.
func unsafeURL(v string) bool {
	var b strings.Builder
	for _, r := range strings.ToLower(v) {
		if r > ' ' && r != 0x7f {
			b.WriteRune(r)
		}
	}
	s := b.String()
	for _, scheme := range []string{"javascript:", "vbscript:", "data:", "livescript:"} {
		if strings.HasPrefix(s, scheme) {
			return true
		}
	}
	return false
}

// onFrameHost reports whether a frame's address is https on one of the
// hosts the Content-Security-Policy allows frames from.
func onFrameHost(src string) bool {
	u, err := url.Parse(src)
	return err == nil && u.Scheme == "https" && u.User == nil && slices.Contains(embed.FrameHosts(), u.Host)
}

// FuzzRender checks that no Markdown body, however hostile, renders into
// anything but the elements the sanitiser promises, without event
// attributes or script URLs, and that rendering never fails.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"# Title\n\nA [link](https://example.org/) and ![a picture](https://example.org/a.jpg \"Title\").",
		"[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](&#106;avascript:alert(1)) [w](java\tscript:alert(1))",
		"[d](data:text/html;base64,PHNjcmlwdD4=) [v](vbscript:msgbox(1)) <a href=\"  javascript:x\">a</a>",
		"<script>alert(1)</script><img src=x onerror=alert(1)><svg onload=alert(1)><iframe src=//evil.example>",
		"GIF89a<script>alert(1)</script>", "<p style=\"background:url(javascript:x)\" onclick=\"x\">p</p>",
		"<figure><img src=\"/media/a.jpg\" alt=\"Photo: the pier at dawn?\"><figcaption>Pier</figcaption></figure>",
		"| a | b |\n|---|---|\n| <b onmouseover=x>1</b> | 2 |", "a\x00b", "\u202eevil\u202c", "\xff\xfe",
		strings.Repeat(">", 10000) + " deep", strings.Repeat("[", 10000), strings.Repeat("*", 5000) + "x",
		strings.Repeat("- ", 2000) + "list", "<details open><summary>s</summary>x</details>",
		"<a href=\"//evil.example/x\">x</a> <a href=\"/%5Cevil.example/x\">y</a>", "<math><mi xlink:href=\"javascript:x\">m</mi></math>",
		"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "<!--><script>x</script>-->",
		"<form action=\"javascript:x\"><button formaction=\"javascript:x\">b</button></form>",
		"https://youtu.be/dQw4w9WgXcQ?t=1m", "[<img src=x onerror=alert(1)>](https://vimeo.com/1)", "<https://x.com/a/status/1>",
		"<figure class=\"embed embed-16x9\" data-embed-src=\"https://evil.example/\"><button>b</button></figure>",
		"https://www.openstreetmap.org/?mlat=1&mlon=2#map=3/4/5\n\n[\"t\"](https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC)",
		"![\" onerror=\"alert(1)](/media/0123456789abcdef0123456789abcdef.jpg \"<script>x</script> — <b>c</b>\")\n![](/media/../x.jpg)",
		"> [!factbox] <script>alert(1)</script>\n> - [a](javascript:alert(1))\n\n> [!related] \" onclick=\"x\n> [!pullquote]",
		"<img src=\"/media/a.jpg\" srcset=\"javascript:alert(1) 1w\" sizes=\"url(javascript:x)\"><aside class=\"pullquote x\">a</aside>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, err := Render(src)
		if err != nil {
			t.Fatalf("Render(%q): %v", src, err)
		}
		checkSafeHTML(t, out, renderedElements)
	})
}

// FuzzSanitize checks the sanitiser alone, on HTML that no Markdown
// parser touched first, as imported bodies reach it.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"<img src=x onerror=alert(1)>", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<svg><script>x</script></svg>",
		"<style>*{}</style><object data=x></object><embed src=x>", "<table><td onclick=x>c</td></table>",
		strings.Repeat("<div>", 10000) + "deep", "<base href=//evil.example/><meta http-equiv=refresh content=0;url=//evil.example>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		checkSafeHTML(t, Sanitize(h), allowedElements)
	})
}
