package wphtml

import (
	"strings"
	"testing"
)

// TestLibraryFigures: a figure with a caption of an image of the media
// library becomes that image's Markdown, the caption and its markup in the
// title, with a Masthead export's credit after the dash; a figure that
// Markdown cannot say (another site's image, a caption with other
// markup, more than one image) stays HTML.
func TestLibraryFigures(t *testing.T) {
	const pier = "/media/0123456789abcdef0123456789abcdef.jpg"
	tests := []struct{ name, in, want string }{
		{"block editor", `<figure class="wp-block-image"><img src="` + pier + `" alt="The pier"/><figcaption>The <a href="/about/">new</a> <em>pier</em></figcaption></figure>`,
			"![The pier](" + pier + ` "The [new](/about/) *pier*")`},
		{"export with credit", `<figure><img src="` + pier + `" srcset="x 480w" alt="A [pier]"><figcaption>Seen &amp; "heard" <span class="credit">Ana <strong>Lima</strong></span></figcaption></figure>`,
			"![A \\[pier\\]](" + pier + ` "Seen \& \"heard\" — Ana **Lima**")`},
		{"caption with a dash", `[caption]<a href="` + pier + `"><img src="` + pier + `" alt="Pier"></a> The pier — at dawn[/caption]`,
			"![Pier](" + pier + ` "The pier — at dawn —")`},
		{"another site's image", `<figure><img src="https://elsewhere.example/a.jpg" alt="A"><figcaption>Cap <em>x</em></figcaption></figure>`,
			`<figure><img src="https://elsewhere.example/a.jpg" alt="A"/><figcaption>Cap <em>x</em></figcaption></figure>`},
		{"other markup", `<figure><img src="` + pier + `" alt="A"><figcaption>H<sub>2</sub>O</figcaption></figure>`,
			`<figcaption>H<sub>2</sub>O</figcaption>`},
		{"link elsewhere", `<figure><a href="https://elsewhere.example/"><img src="` + pier + `" alt="A"></a><figcaption>Cap</figcaption></figure>`,
			`<figcaption>Cap</figcaption>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ToMarkdown(tt.in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			// A figure kept as HTML is checked for the part that
			// shows it was kept; Markdown is checked whole.
			if kept := strings.HasPrefix(tt.want, "<"); kept && !strings.Contains(res.Markdown, tt.want) || !kept && res.Markdown != tt.want {
				t.Errorf("got\n%s\nwant\n%s", res.Markdown, tt.want)
			}
		})
	}
}
