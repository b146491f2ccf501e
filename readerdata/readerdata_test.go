package readerdata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"masthead"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sample is a commenter's data with a reply, a held comment, a website,
// text that needs quoting and a name a spreadsheet would run.
func sample() *masthead.CommenterData {
	at := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	return &masthead.CommenterData{Email: "ann@example.org", Site: "Observer", SiteURL: "https://observer.example/", ExportedAt: at,
		Comments: []masthead.CommenterComment{
			{ID: 7, ArticleID: 3, ArticleHeadline: "Harbour board approves the pier", ArticleURL: "https://observer.example/2026/03/14/pier/",
				Name: "Ann Reader", Website: "https://ann.example.org/", Text: "I saw it, \"at last\".\n\nA second paragraph, with a comma.",
				Status: masthead.CommentApproved, Network: "198.51.100.0", CreatedAt: at.Add(-time.Hour)},
			{ID: 9, ArticleID: 3, ArticleHeadline: "Harbour board approves the pier", ArticleURL: "https://observer.example/2026/03/14/pier/",
				ParentID: 8, Name: "=HYPERLINK(\"x\")", Text: "-1 for the ferry", Status: masthead.CommentPending, CreatedAt: at.Add(-time.Minute)},
		}}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from its golden file:\n%s", name, got)
	}
}

func TestJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "data.json.golden", buf.Bytes())
	var doc struct {
		Format   string `json:"format"`
		Comments []struct {
			Text string `json:"text"`
		} `json:"comments"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || doc.Format != Format || len(doc.Comments) != 2 || doc.Comments[0].Text != sample().Comments[0].Text {
		t.Errorf("the JSON reads back as %+v, %v", doc, err)
	}
}

// TestJSONEmpty writes an address without comments as an empty list, not
// null, so that a reader's software need not tell the two apart.
func TestJSONEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, &masthead.CommenterData{Email: "none@example.org"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"comments": []`)) {
		t.Errorf("an empty export is %s", buf.Bytes())
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "data.csv.golden", buf.Bytes())
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][9] != sample().Comments[0].Text || rows[2][5] != "8" {
		t.Fatalf("the CSV reads back as %q", rows)
	}
	if rows[2][6] != `'=HYPERLINK("x")` || rows[2][9] != "'-1 for the ferry" {
		t.Errorf("cells a spreadsheet would run are written %q and %q", rows[2][6], rows[2][9])
	}
}
