package markdown

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		want      []string // fragments that must appear
		forbidden []string // fragments that must not
	}{
		{"typographic quotes", `"Hello," she said. It's here.`, []string{"“Hello,” she said", "It’s here"}, nil},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		{"link keeps its spaces", "before [the link](https://example.org/x) after",
			[]string{`before <a href="https://example.org/x">the link</a> after`}, []string{"nofollow"}},
		{"heading id", "## Section one", []string{`<h2 id="section-one">Section one</h2>`}, nil},
		{"blockquote", "> quoted words", []string{"<blockquote>", "quoted words"}, nil},
		{"script removed", "hi <script>alert(1)</script>", nil, []string{"<script", "alert(1)"}},
		{"event handler removed", `<img src="x.png" onerror="alert(1)">`, nil, []string{"onerror"}},
		{"javascript link removed", `[click](javascript:alert(1))`, nil, []string{"javascript:"}},
		{"raw javascript href removed", `<a href="javascript:alert(1)">x</a>`, nil, []string{"javascript:"}},
		{"iframe removed", `<iframe src="https://example.com"></iframe>`, nil, []string{"<iframe"}},
		{"style removed", `<p style="position:fixed">x</p>`, nil, []string{"style="}},
		{"figure kept", "<figure><img src=\"/a.png\" alt=\"A\"><figcaption>Cap</figcaption></figure>", []string{"<figure>", "<figcaption>Cap</figcaption>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Render(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Render(%q) = %q, want it to contain %q", tt.src, got, w)
				}
			}
			for _, f := range tt.forbidden {
				if strings.Contains(got, f) {
					t.Errorf("Render(%q) = %q, must not contain %q", tt.src, got, f)
				}
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>One <a href=x>two</a> three.</p><p>Four</p>", "One two three. Four"},
		{"<h2>Head</h2><ul><li>a</li><li>b</li></ul>", "Head a b"},
		{"<p>em<em>phasis</em> stays glued</p>", "emphasis stays glued"},
		{"<p>&ldquo;Quoted&rdquo; &amp; escaped</p>", "“Quoted” & escaped"},
	}
	for _, tt := range tests {
		if got := PlainText(tt.in); got != tt.want {
			t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"<p>Short text.</p>", 50, "Short text."},
		{"<p>The harbour board met on Tuesday, again.</p>", 22, "The harbour board met…"},
		{"<p>Supercalifragilistic</p>", 5, "Super…"},
		{"<p>The plan was approved in the spring.</p><h2>What we know</h2><ul><li>Construction is 80% complete</li><li>The budget grew</li></ul>", 200,
			"The plan was approved in the spring. What we know. Construction is 80% complete. The budget grew."},
		{"<h2>Why?</h2><p>Because: </p><blockquote><p>“We waited long enough.”</p></blockquote><p>Done!</p>", 200,
			"Why? Because: “We waited long enough.” Done!"},
		{"<p>One<br>line, <em>two</em></p><table><tr><td>a</td><td>b</td></tr></table>", 200, "One line, two. a b."},
		{"<h2>What we know</h2><p>Construction is 80% complete</p>", 28, "What we know. Construction…"},
	}
	for _, tt := range tests {
		if got := Excerpt(tt.in, tt.max); got != tt.want {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestAltTextKept(t *testing.T) {
	got, err := Render(`![Photo: the pier at dawn? "Calm", she said.](https://example.org/pier.jpg)`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, `alt="Photo: the pier at dawn? “Calm”, she said."`) {
		t.Errorf("the alt text was dropped or changed: %s", got)
	}
	got, _ = Render(`<img src="https://example.org/x.jpg" alt="x" onerror="alert(1)">`)
	if strings.Contains(got, "onerror") {
		t.Errorf("an event attribute survived: %s", got)
	}
}
