package wphtml

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"
)

// TestRewriteKinds checks that every URL goes through Options.Rewrite
// once, with the kind that says what it points at, and that the result
// lists the originals.
func TestRewriteKinds(t *testing.T) {
	body := `<p><a href="https://old.example.com/2020/01/02/story/">story</a>
<a href="https://old.example.com/wp-content/uploads/2020/01/report.pdf">report</a>
<a href="https://site.files.wordpress.com/2012/05/scan.pdf">scan</a>
<img src="https://old.example.com/wp-content/uploads/2020/01/photo.jpg" alt="photo"></p>
<p>https://www.youtube.com/watch?v=x</p>
<figure class="wp-block-audio"><audio src="https://cdn.example.net/a.mp3"></audio></figure>`
	var calls []string
	res, err := ToMarkdown(body, Options{Rewrite: func(u string, kind Kind) string {
		calls = append(calls, kind.String()+" "+u)
		return "/new/" + filepath.Base(u)
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"link https://old.example.com/2020/01/02/story/",
		"file https://old.example.com/wp-content/uploads/2020/01/report.pdf",
		"file https://site.files.wordpress.com/2012/05/scan.pdf",
		"image https://old.example.com/wp-content/uploads/2020/01/photo.jpg",
		"link https://www.youtube.com/watch?v=x",
		"file https://cdn.example.net/a.mp3",
	}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("Rewrite calls (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"https://old.example.com/wp-content/uploads/2020/01/photo.jpg"}, res.Images); diff != "" {
		t.Errorf("Images (-want +got):\n%s", diff)
	}
	wantFiles := []string{"https://old.example.com/wp-content/uploads/2020/01/report.pdf", "https://site.files.wordpress.com/2012/05/scan.pdf", "https://cdn.example.net/a.mp3"}
	if diff := cmp.Diff(wantFiles, res.Files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
	for _, u := range []string{"/new/story", "/new/report.pdf", "/new/scan.pdf", "/new/photo.jpg", "/new/watch?v=x", "/new/a.mp3"} {
		if !strings.Contains(res.Markdown, u) {
			t.Errorf("the Markdown lacks the rewritten %s:\n%s", u, res.Markdown)
		}
	}
}

// TestShortcodes checks which shortcodes are expanded, which are kept and
// reported, and which bracketed words are left alone unreported.
func TestShortcodes(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // substrings of the Markdown
		kept     []string
	}{
		{"caption in attribute", `[caption caption="Cap"]<img src="a.jpg" alt="A">[/caption]`, []string{"<figcaption>Cap</figcaption>"}, nil},
		{"caption with single quotes", `[caption id='x' width=300]<img src="a.jpg" alt="A"> Cap [/caption]`, []string{"<figcaption>Cap</figcaption>"}, nil},
		{"caption without text", `[caption]<img src="a.jpg" alt="A">[/caption]`, []string{"![A](a.jpg)"}, nil},
		{"escaped", `Write [[caption]] or [[embed]].`, []string{`\[caption]`, `\[embed]`}, nil},
		{"embed", `[embed]https://vimeo.com/1[/embed]`, []string{"https://vimeo.com/1"}, nil},
		{"video with format attribute", `[video mp4="https://cdn.example.net/v.mp4"][/video]`, []string{"[v.mp4](https://cdn.example.net/v.mp4)"}, nil},
		{"audio without a source", `[audio]`, []string{`\[audio]`}, []string{"audio"}},
		{"gallery without lookup", `[gallery ids="7"]`, nil, nil},
		{"plugin with attributes", `[contact id="1"]`, []string{`\[contact id="1"]`}, []string{"contact"}},
		{"plugin self-closed", `[tweet/]`, nil, []string{"tweet"}},
		{"plugin enclosing", `[box]Text[/box]`, []string{"Text"}, []string{"box"}},
		{"plugin name", `[mc4wp_form]`, nil, []string{"mc4wp_form"}},
		{"prose brackets", `He said [sic] that [1] of them [Updated] left [not a link].`, []string{"sic", "Updated"}, nil},
		{"no name", `[ ] [] [=x] [/]`, nil, nil},
		{"unterminated", `[caption id="1" <img src="a.jpg">`, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ToMarkdown(tt.in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.want {
				if !strings.Contains(res.Markdown, s) {
					t.Errorf("the Markdown lacks %q:\n%s", s, res.Markdown)
				}
			}
			if diff := cmp.Diff(tt.kept, res.KeptShortcodes); diff != "" {
				t.Errorf("KeptShortcodes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestGalleryMissing checks that attachments the lookup does not know are
// reported and left out.
func TestGalleryMissing(t *testing.T) {
	res, err := ToMarkdown(`[gallery ids="5,6" exclude="5"] [gallery exclude="8"]`, Options{
		Attachment: func(id int64) (Attachment, bool) {
			if id == 6 {
				return Attachment{URL: "six.jpg", Alt: "Six"}, true
			}
			return Attachment{}, false
		},
		ChildAttachments: []int64{8, 9},
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{5, 9}, res.MissingAttachments); diff != "" {
		t.Errorf("MissingAttachments (-want +got):\n%s", diff)
	}
	if !strings.Contains(res.Markdown, "![Six](six.jpg)") {
		t.Errorf("the gallery lacks the known image:\n%s", res.Markdown)
	}
}

// TestNothingUnsafe converts hostile bodies and renders the Markdown
// without the renderer's sanitiser: the conversion itself must produce no
// script, style, frame, object, form, event handler or script URL.
func TestNothingUnsafe(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", "unsafe.html"))
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"corpus":            string(b),
		"classic":           "Text\n\n<script>alert(1)</script>\n\n<a href=\"javascript:alert(1)\">x</a>",
		"in a caption":      `[caption]<img src="javascript:alert(1)" onerror="alert(2)"> <a href="javascript:x">cap</a>[/caption]`,
		"in a table":        `<table><tr><td><iframe src="https://x.example/"></iframe></td><td style="x" onclick="y">z</td></tr></table>`,
		"entity script":     `<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>`,
		"in a figure":       `<figure><img src="a.jpg" onload="x()"><figcaption onclick="y()"><script>z()</script>Cap</figcaption></figure>`,
		"in preformatted":   `<pre onclick="x"><script>alert(1)</script><b onmouseover="y">b</b></pre>`,
		"gallery lookup":    `[gallery ids="1"]`,
		"embed":             `<p>javascript:alert(1)</p><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">javascript:alert(2)</div></figure>`,
		"markdown in text":  `<p>[x](javascript:alert(1)) ![y](javascript:alert(2)) <a href="https://ok.example/">[z](javascript:alert(3))</a></p>`,
		"raw html in attrs": `<img src="a.jpg" alt="&quot;><script>alert(1)</script>">`,
	} {
		t.Run(name, func(t *testing.T) {
			res, err := ToMarkdown(body, Options{Attachment: func(int64) (Attachment, bool) {
				return Attachment{URL: `javascript:alert(1)`, Caption: `<script>alert(2)</script>`}, true
			}})
			if err != nil {
				t.Fatal(err)
			}
			assertNothingUnsafe(t, res.Markdown)
		})
	}
}

// unsanitised renders Markdown as the site does but without the
// sanitiser, to see what the conversion alone produced.
var unsanitised = goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe()))

var unsafeElements = []string{"script", "style", "iframe", "object", "embed", "form", "input", "button", "textarea", "select", "svg", "math", "link", "meta", "base", "frame", "frameset", "applet", "template", "noscript"}

func assertNothingUnsafe(t *testing.T, md string) {
	t.Helper()
	var buf bytes.Buffer
	if err := unsanitised.Convert([]byte(md), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if slices.Contains(unsafeElements, n.Data) {
				t.Errorf("the Markdown makes a <%s>:\n%s", n.Data, md)
			}
			for _, a := range n.Attr {
				switch {
				case strings.HasPrefix(a.Key, "on"), a.Key == "style", a.Key == "srcdoc", a.Key == "formaction":
					t.Errorf("the Markdown makes a %s attribute on <%s>:\n%s", a.Key, n.Data, md)
				case (a.Key == "href" || a.Key == "src" || a.Key == "cite" || a.Key == "action") && !safeURL(a.Val):
					t.Errorf("the Markdown makes a %s=%q on <%s>:\n%s", a.Key, a.Val, n.Data, md)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

// FuzzToMarkdown feeds the converter arbitrary bodies: it must never
// panic or fail, and what it writes must never make anything unsafe.
// go test -fuzz FuzzToMarkdown -fuzztime 30s ./wphtml/
func FuzzToMarkdown(f *testing.F) {
	for _, dir := range []string{"fixture", "corpus"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.html"))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Add("[caption]<img src=x>[/caption][gallery ids=1][embed]https://x.example/[/embed]")
	f.Add("<!-- wp:shortcode -->[audio src=\"a.mp3\"]<!-- /wp:shortcode --><!-- wp:latest-posts /-->")
	f.Fuzz(func(t *testing.T, body string) {
		res, err := ToMarkdown(body, testOptions())
		if err != nil {
			t.Fatalf("ToMarkdown(%q): %v", body, err)
		}
		assertNothingUnsafe(t, res.Markdown)
	})
}

// TestDeepNesting checks that a body nested deeper than the HTML parser
// follows still converts, keeping its text, and says it was simplified.
func TestDeepNesting(t *testing.T) {
	body := strings.Repeat("<blockquote><div>", 600) + "deep words" + strings.Repeat("</div></blockquote>", 600) + "<p>after</p>"
	res, err := ToMarkdown(body, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Simplified {
		t.Error("Simplified is false for a body nested 1200 deep")
	}
	for _, word := range []string{"deep words", "after"} {
		if !strings.Contains(res.Markdown, word) {
			t.Errorf("the Markdown lacks %q", word)
		}
	}
	if res, _ := ToMarkdown("<blockquote><p>shallow</p></blockquote>", Options{}); res.Simplified {
		t.Error("Simplified is true for an ordinary body")
	}
}

// BenchmarkToMarkdown converts the fixture's bodies, for the importer's
// throughput.
func BenchmarkToMarkdown(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("testdata", "fixture", "*.html"))
	var bodies []string
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, string(body))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ToMarkdown(bodies[i%len(bodies)], testOptions()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRewriteEmpty checks that a Rewrite with nothing to say about a URL
// keeps it rather than emptying the link.
func TestRewriteEmpty(t *testing.T) {
	res, err := ToMarkdown(`<p><a href="https://example.org/">x</a> <img src="a.jpg" alt="a"></p>`, Options{
		Rewrite: func(string, Kind) string { return "" },
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "[x](https://example.org/) ![a](a.jpg)"; res.Markdown != want {
		t.Errorf("got %q, want %q", res.Markdown, want)
	}
}

// TestShortcodeBlocks checks that a Shortcode block's text gets
// WordPress's paragraphs once, even inside another Shortcode block, and
// that the text outside blocks of a block-editor body gets none.
func TestShortcodeBlocks(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"one", "<!-- wp:shortcode -->\na\nb\n\nc\n<!-- /wp:shortcode -->", "a  \nb\n\nc"},
		{"nested", "<!-- wp:shortcode -->\na\nb\n\n<!-- wp:shortcode -->c<!-- /wp:shortcode -->\n<!-- /wp:shortcode -->", "a  \nb\n\nc"},
		{"freeform", "<!-- wp:paragraph --><p>p</p><!-- /wp:paragraph -->\na\n\nb", "p\n\na b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ToMarkdown(tt.in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Markdown != tt.want {
				t.Errorf("got %q, want %q", res.Markdown, tt.want)
			}
		})
	}
}
