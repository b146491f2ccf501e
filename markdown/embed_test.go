package markdown

import (
	"slices"
	"strings"
	"testing"

	nethtml "golang.org/x/net/html"

	"masthead/embed"
)

// facadeOf is what a test reads of a rendered facade.
type facadeOf struct {
	src, title, allow, sandbox, class string
	provider, shownTitle, button      string
	buttonHidden                      bool
	link                              string
}

// findFacades parses rendered HTML and returns its facades.
func findFacades(t *testing.T, h string) []facadeOf {
	t.Helper()
	doc, err := nethtml.Parse(strings.NewReader(h))
	if err != nil {
		t.Fatal(err)
	}
	var out []facadeOf
	var walk func(n *nethtml.Node, f *facadeOf)
	walk = func(n *nethtml.Node, f *facadeOf) {
		if n.Type == nethtml.ElementNode {
			a := attrs(n)
			switch {
			case n.Data == "figure" && a["data-embed-src"] != "":
				out = append(out, facadeOf{src: a["data-embed-src"], title: a["data-embed-title"], allow: a["data-embed-allow"],
					sandbox: a["data-embed-sandbox"], class: a["class"]})
				f = &out[len(out)-1]
			case f != nil && a["class"] == "embed-provider":
				f.provider = textOf(n)
			case f != nil && a["class"] == "embed-title":
				f.shownTitle = textOf(n)
			case f != nil && n.Data == "button":
				f.button, f.buttonHidden = a["aria-label"], hasAttr(n, "hidden")
			case f != nil && n.Data == "a":
				f.link = a["href"]
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, f)
		}
	}
	walk(doc, nil)
	return out
}

func attrs(n *nethtml.Node) map[string]string {
	m := map[string]string{}
	for _, a := range n.Attr {
		m[a.Key] = a.Val
	}
	return m
}

func hasAttr(n *nethtml.Node, key string) bool {
	return slices.ContainsFunc(n.Attr, func(a nethtml.Attribute) bool { return a.Key == key })
}

func textOf(n *nethtml.Node) string {
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
	return b.String()
}

func TestEmbedSyntax(t *testing.T) {
	tests := []struct {
		name, src, link, title string
	}{
		{"bare URL", "Before.\n\nhttps://youtu.be/dQw4w9WgXcQ?t=30\n\nAfter.", "https://youtu.be/dQw4w9WgXcQ?t=30", "YouTube video"},
		{"angle brackets", "<https://www.youtube.com/watch?v=dQw4w9WgXcQ>", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube video"},
		{"link with a title", `[The harbour "tour", it's here](https://vimeo.com/76979871)`, "https://vimeo.com/76979871", "The harbour “tour”, it’s here"},
		{"link whose text is its URL", "[https://vimeo.com/76979871](https://vimeo.com/76979871)", "https://vimeo.com/76979871", "Vimeo video"},
		{"www link", "www.youtube.com/watch?v=dQw4w9WgXcQ", "http://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube video"},
		{"markup in the title is text", "[<b>Bold</b> *map* & more](https://www.openstreetmap.org/#map=12/51.5/-0.1)",
			"https://www.openstreetmap.org/#map=12/51.5/-0.1", "Bold map & more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Render(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			got := findFacades(t, h)
			if len(got) != 1 {
				t.Fatalf("Render(%q) has %d embeds, want 1:\n%s", tt.src, len(got), h)
			}
			f := got[0]
			want, _ := embed.Lookup(tt.link)
			if f.src != want.Src || f.title != tt.title || f.shownTitle != tt.title || f.link != tt.link || f.provider != want.Provider {
				t.Errorf("facade = %+v, want src %q, title %q, link %q, provider %q", f, want.Src, tt.title, tt.link, want.Provider)
			}
			if f.class != "embed embed-"+string(want.Shape) || f.sandbox != want.Sandbox || f.allow != want.Allow {
				t.Errorf("facade = %+v, want class for %s, sandbox %q, allow %q", f, want.Shape, want.Sandbox, want.Allow)
			}
			if !f.buttonHidden || f.button != want.Action+": "+tt.title {
				t.Errorf("button %q (hidden %v), want %q hidden until the script shows it", f.button, f.buttonHidden, want.Action+": "+tt.title)
			}
			if strings.Contains(h, "masthead-embed-") {
				t.Errorf("a placeholder was left in:\n%s", h)
			}
		})
	}
}

// TestEmbedsStayLinks holds what is not an embed: a link among other
// words, inside a quotation or a list, two links, unknown and hostile
// addresses.
func TestEmbedsStayLinks(t *testing.T) {
	for _, src := range []string{
		"Watch https://youtu.be/dQw4w9WgXcQ now.",
		"https://youtu.be/dQw4w9WgXcQ https://youtu.be/dQw4w9WgXcQ",
		"Intro line\nhttps://youtu.be/dQw4w9WgXcQ",
		"> https://youtu.be/dQw4w9WgXcQ",
		"- https://youtu.be/dQw4w9WgXcQ",
		"**https://youtu.be/dQw4w9WgXcQ**",
		"https://example.org/watch?v=dQw4w9WgXcQ",
		"https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
		"<https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ>",
		"[video](javascript:alert(1))",
		"<javascript:alert(1)//youtu.be/dQw4w9WgXcQ>",
		"[x](data:text/html,<script>alert(1)</script>)",
		"<someone@youtube.com>",
		"    https://youtu.be/dQw4w9WgXcQ",
		"```\nhttps://youtu.be/dQw4w9WgXcQ\n```",
	} {
		h, err := Render(src)
		if err != nil {
			t.Fatal(err)
		}
		if f := findFacades(t, h); len(f) != 0 || HasEmbeds(h) {
			t.Errorf("Render(%q) made an embed:\n%s", src, h)
		}
	}
}

// TestEmbedsCannotBeForged: a body's own HTML can only ever be sanitised
// HTML, whatever it imitates: a facade leading elsewhere, an iframe, or
// the placeholder the renderer uses.
func TestEmbedsCannotBeForged(t *testing.T) {
	for _, src := range []string{
		`<figure class="embed embed-16x9" data-embed-src="https://evil.example/" data-embed-title="x"><button type="button" class="embed-load">Play</button></figure>`,
		`<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>`,
		`<p data-embed-src="javascript:alert(1)">x</p>`,
		"<p>masthead-embed-AAAAAAAAAAAAAAAAAAAAAAAAAA-0</p>\n\nmasthead-embed-AAAAAAAAAAAAAAAAAAAAAAAAAA-0",
	} {
		h, err := Render(src)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(h, "data-embed") || strings.Contains(h, "<button") || strings.Contains(h, "<iframe") || HasEmbeds(h) {
			t.Errorf("Render(%q) kept a forged embed:\n%s", src, h)
		}
	}
	// The placeholder of a real embed is drawn afresh for each rendering:
	// a body that holds another rendering's placeholder gets no facade
	// for it.
	h, _ := Render("https://youtu.be/dQw4w9WgXcQ")
	h2, _ := Render("https://youtu.be/dQw4w9WgXcQ\n\nmasthead-embed-0-0\n\n<p>masthead-embed-x-0</p>")
	if len(findFacades(t, h)) != 1 || len(findFacades(t, h2)) != 1 {
		t.Errorf("want exactly one facade each:\n%s\n%s", h, h2)
	}
	a, b := newEmbedSet(), newEmbedSet()
	if a.placeholder(0) == b.placeholder(0) {
		t.Errorf("two renderings share the placeholder %q", a.placeholder(0))
	}
}

func TestSeveralEmbeds(t *testing.T) {
	h, err := Render("https://youtu.be/dQw4w9WgXcQ\n\nText between.\n\nhttps://www.openstreetmap.org/#map=14/50.1/8.6\n\nhttps://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC")
	if err != nil {
		t.Fatal(err)
	}
	var providers []string
	for _, f := range findFacades(t, h) {
		providers = append(providers, f.provider)
	}
	if want := []string{"YouTube", "OpenStreetMap", "Spotify"}; !slices.Equal(providers, want) {
		t.Errorf("providers = %v, want %v in the body's order", providers, want)
	}
	checkSafeHTML(t, h, renderedElements)
}

func TestEmbedsAsLinks(t *testing.T) {
	h, err := Render("Before.\n\n[Harbour tour](https://vimeo.com/76979871)\n\nhttps://youtu.be/dQw4w9WgXcQ?t=30\n\nAfter & done.")
	if err != nil {
		t.Fatal(err)
	}
	got := EmbedsAsLinks(h)
	want := "<p>Before.</p>\n<p><a href=\"https://vimeo.com/76979871\">Harbour tour</a></p>\n" +
		"<p><a href=\"https://youtu.be/dQw4w9WgXcQ?t=30\">https://youtu.be/dQw4w9WgXcQ?t=30</a></p>\n<p>After &amp; done.</p>\n"
	if got != want {
		t.Errorf("EmbedsAsLinks =\n%s\nwant\n%s", got, want)
	}
	if plain := EmbedsAsLinks("<p>No embed.</p>"); plain != "<p>No embed.</p>" {
		t.Errorf("EmbedsAsLinks changed a body without embeds: %q", plain)
	}
	if got, want := Excerpt(h, 200), "Before. Harbour tour. https://youtu.be/dQw4w9WgXcQ?t=30. After & done."; got != want {
		t.Errorf("Excerpt = %q, want %q: the facade's button and note are no part of the text", got, want)
	}
	if got, want := PlainText(h), "Before. Harbour tour https://youtu.be/dQw4w9WgXcQ?t=30 After & done."; got != want {
		t.Errorf("PlainText = %q, want %q", got, want)
	}
}

// TestLocalizeEmbeds: a stored facade is written again with its text
// through the translator, the writer's title kept and the provider's
// generic one translated, the frame's attributes as they were, the rest of
// the body untouched; with the identity translator it is the stored body.
func TestLocalizeEmbeds(t *testing.T) {
	h, err := Render("Before.\n\n[Harbour tour](https://vimeo.com/76979871)\n\nhttps://youtu.be/dQw4w9WgXcQ?t=30\n\nAfter & done.")
	if err != nil {
		t.Fatal(err)
	}
	if got := LocalizeEmbeds(h, english); got != h {
		t.Errorf("in English the body changed:\n%s\nwant\n%s", got, h)
	}
	german := map[string]string{
		"Play video": "Video abspielen", "YouTube video": "YouTube-Video", "%s: %s": "%s: %s",
		"Nothing is loaded from %s until you ask for it.": "Von %s wird nichts geladen, bevor du es anforderst.",
		"Open on %s": "Auf %s öffnen",
	}
	tr := func(key string, args ...any) string {
		if de, ok := german[key]; ok {
			key = de
		}
		return english(key, args...)
	}
	got := LocalizeEmbeds(h, tr)
	before, after := findFacades(t, h), findFacades(t, got)
	if len(after) != 2 {
		t.Fatalf("%d facades after, want 2", len(after))
	}
	want := []facadeOf{before[0], before[1]}
	want[0].button, want[1].button = "Video abspielen: Harbour tour", "Video abspielen: YouTube-Video"
	want[1].title, want[1].shownTitle = "YouTube-Video", "YouTube-Video"
	for i := range want {
		if after[i] != want[i] {
			t.Errorf("facade %d = %+v, want %+v", i, after[i], want[i])
		}
	}
	for _, s := range []string{"Von Vimeo wird nichts geladen, bevor du es anforderst.", ">Auf YouTube öffnen</a>", `aria-label="Video abspielen: Harbour tour"`,
		"<p>Before.</p>", "<p>After &amp; done.</p>"} {
		if !strings.Contains(got, s) {
			t.Errorf("the localized body lacks %q:\n%s", s, got)
		}
	}
	if plain := LocalizeEmbeds("<p>No embed.</p>", tr); plain != "<p>No embed.</p>" {
		t.Errorf("LocalizeEmbeds changed a body without embeds: %q", plain)
	}
}

// BenchmarkLocalizeEmbeds measures writing the facades of a body with two
// embeds and a few paragraphs again in another language: what a page with
// embeds costs once more when it is rendered (a cached page costs nothing).
func BenchmarkLocalizeEmbeds(b *testing.B) {
	h, err := Render(strings.Repeat("A paragraph of the story, long enough to read.\n\n", 20) +
		"[Harbour tour](https://vimeo.com/76979871)\n\nhttps://youtu.be/dQw4w9WgXcQ?t=30\n\nAfter & done.")
	if err != nil {
		b.Fatal(err)
	}
	tr := func(key string, args ...any) string { return english(key, args...) }
	b.ReportAllocs()
	for b.Loop() {
		LocalizeEmbeds(h, tr)
	}
}
