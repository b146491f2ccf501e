package wphtml

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead/markdown"
)

var update = flag.Bool("update", false, "rewrite the golden files with the current output")

// testOptions stand for an importer moving the fixture's site
// (127.0.0.1:8081) and the corpus's (old.example.com) to news.example.org,
// with its uploads in the media library.
func testOptions() Options {
	attachments := map[int64]Attachment{
		101: {URL: "https://old.example.com/wp-content/uploads/2023/09/lantern-1.jpg", Alt: "Lanterns on the river", Caption: "Lanterns on the <em>river</em>"},
		102: {URL: "https://old.example.com/wp-content/uploads/2023/09/lantern-2.jpg", Alt: "A child holding a lantern"},
		103: {URL: "https://old.example.com/wp-content/uploads/2023/09/crowd.jpg"},
		120: {URL: "https://old.example.com/wp-content/uploads/2018/02/ep1.mp3", Title: "Episode one"},
		121: {URL: "https://old.example.com/wp-content/uploads/2018/02/ep2.mp3"},
	}
	return Options{
		Rewrite: func(u string, kind Kind) string {
			for _, old := range []string{"http://127.0.0.1:8081", "https://old.example.com", "http://old.example.com"} {
				if rest, ok := strings.CutPrefix(u, old); ok {
					if kind != Link {
						return "https://news.example.org/media/" + filepath.Base(rest)
					}
					return "https://news.example.org" + rest
				}
			}
			return u
		},
		Attachment: func(id int64) (Attachment, bool) {
			a, ok := attachments[id]
			return a, ok
		},
		ChildAttachments: []int64{103, 102},
	}
}

// bodies returns the HTML files of a testdata directory by name.
func bodies(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no bodies in testdata/%s: %v", dir, err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(f, ".html")] = string(b)
	}
	return out
}

// TestGolden converts every fixture body and every body of the corpus and
// compares the Markdown (name.md) and what the result lists (name.json)
// with the golden files; go test -update rewrites them.
func TestGolden(t *testing.T) {
	for _, dir := range []string{"fixture", "corpus"} {
		for name, body := range bodies(t, dir) {
			t.Run(filepath.Base(name), func(t *testing.T) {
				res, err := ToMarkdown(body, testOptions())
				if err != nil {
					t.Fatal(err)
				}
				md := res.Markdown + "\n"
				res.Markdown = ""
				refs, err := json.MarshalIndent(res, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				refs = append(refs, '\n')
				golden(t, name+".md", []byte(md))
				golden(t, name+".json", refs)
			})
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestTextKept renders each fixture body's Markdown as the site does and
// checks that readers get every word of the original, in order.
func TestTextKept(t *testing.T) {
	for name, body := range bodies(t, "fixture") {
		t.Run(filepath.Base(name), func(t *testing.T) {
			assertSameText(t, body, Options{})
		})
	}
}

// TestTextKeptCorpus does the same for the corpus bodies whose text the
// conversion is meant to keep word for word: the others add words (a
// player becomes a link named by its file), drop them (script, forms,
// blocks WordPress draws on each view) or are classic-editor bodies whose
// shortcodes WordPress itself replaces.
func TestTextKeptCorpus(t *testing.T) {
	for _, name := range []string{
		"block-image", "block-quote", "block-list", "block-table", "block-embed", "block-heading-separator",
		"block-code", "block-buttons", "inline", "classic-paragraphs",
	} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "corpus", name+".html"))
			if err != nil {
				t.Fatal(err)
			}
			body := string(b)
			if !hasBlocks(body) {
				body = autop(body)
			}
			assertSameText(t, body, testOptions())
		})
	}
}

func assertSameText(t *testing.T, body string, opts Options) {
	t.Helper()
	res, err := ToMarkdown(body, opts)
	if err != nil {
		t.Fatal(err)
	}
	rendered, err := markdown.Render(res.Markdown)
	if err != nil {
		t.Fatal(err)
	}
	got, want := typography.Replace(markdown.PlainText(rendered)), typography.Replace(markdown.PlainText(body))
	if got != want {
		t.Errorf("the text changed:\ngot:  %s\nwant: %s\nMarkdown:\n%s", got, want, res.Markdown)
	}
}

// typography undoes what the renderer's typographer does to quotes, dashes
// and ellipses written plainly, as WordPress's wptexturize does when it
// shows a post: readers of both sites see "O'Connell" as "O’Connell", and
// the text compared is the same either way.
var typography = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "…", "...", "—", "---", "–", "--", "«", "<<", "»", ">>")
