package wphtml

import "testing"

// TestAutop checks the classic editor's paragraphs as WordPress's wpautop
// makes them.
func TestAutop(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", " \n\n ", ""},
		{"lines and paragraphs", "Line one\nline two\n\nSecond paragraph", "<p>Line one<br />\nline two</p>\n<p>Second paragraph</p>\n"},
		{"many blank lines", "One\n\n\n\nTwo\r\n\r\nThree", "<p>One</p>\n<p>Two</p>\n<p>Three</p>\n"},
		{"list between paragraphs", "Intro:\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>\nAfter the list.",
			"<p>Intro:</p>\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>\n<p>After the list.</p>\n"},
		{"pre untouched", "Look:\n\n<pre>a\n\nb\nc</pre>\n\nDone.", "<p>Look:</p>\n<pre>a\n\nb\nc</pre>\n<p>Done.</p>\n"},
		{"two pre", "<pre>x\n\ny</pre>\ntext\n<pre>z\n\n</pre>", "<pre>x\n\ny</pre>\n<p>text</p>\n<pre>z\n\n</pre>\n"},
		{"double br is a paragraph", "One<br><br />Two", "<p>One</p>\n<p>Two</p>\n"},
		{"hand-written br kept", "One<br />\nTwo", "<p>One<br />\nTwo</p>\n"},
		{"newline inside a tag", "<a\nhref=\"x\">link</a> text", "<p><a\nhref=\"x\">link</a> text</p>\n"},
		{"blockquote", "<blockquote>Quoted\n\nMore</blockquote>", "<blockquote><p>Quoted</p>\n<p>More</p></blockquote>\n"},
		{"div keeps its text", "<div>text</div>", "<div>text</div>\n"},
		{"rule", "Above<hr />Below", "<p>Above</p>\n<hr />\n<p>Below</p>\n"},
		{"heading", "<h2>Title</h2>\nText", "<h2>Title</h2>\n<p>Text</p>\n"},
		{"video sources", "<video controls>\n<source src=\"a.mp4\">\n</video>", "<p><video controls><source src=\"a.mp4\"></video></p>\n"},
		{"options", "Pick: <select>\n<option>A</option>\n<option>B</option>\n</select>", "<p>Pick: <select><option>A</option><option>B</option></select></p>\n"},
		{"figure caption", "<figure><img src=\"a.jpg\">\n<figcaption>Cap</figcaption>\n</figure>", "<figure><img src=\"a.jpg\"><figcaption>Cap</figcaption></figure>\n"},
		{"bare URL line", "Watch:\nhttps://youtu.be/x\nThen.", "<p>Watch:</p>\n<p>https://youtu.be/x</p>\n<p>Then.</p>\n"},
		{"URL in a sentence", "See https://example.org/ today.", "<p>See https://example.org/ today.</p>\n"},
		{"script newlines", "<script>a\nb</script>", "<p><script>a\nb</script></p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := autop(tt.in); got != tt.want {
				t.Errorf("autop(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
