package readerdata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
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
		},
		Subscriptions: []masthead.CommenterSubscription{
			{ArticleID: 3, ArticleHeadline: "Harbour board approves the pier", ArticleURL: "https://observer.example/2026/03/14/pier/",
				CreatedAt: at.Add(-50 * time.Minute), ConfirmedAt: at.Add(-45 * time.Minute)},
			{ArticleID: 4, ArticleHeadline: "-5 degrees, the ferry waits", ArticleURL: "https://observer.example/2026/03/14/ferry/",
				CreatedAt: at.Add(-2 * time.Minute)},
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
		Subscriptions []struct {
			Article     struct{ ID int64 } `json:"article"`
			Confirmed   bool               `json:"confirmed"`
			ConfirmedAt *time.Time         `json:"confirmed_at"`
		} `json:"subscriptions"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || doc.Format != Format || len(doc.Comments) != 2 || doc.Comments[0].Text != sample().Comments[0].Text {
		t.Errorf("the JSON reads back as %+v, %v", doc, err)
	}
	if subs := doc.Subscriptions; len(subs) != 2 || subs[0].Article.ID != 3 || !subs[0].Confirmed || subs[0].ConfirmedAt == nil ||
		subs[1].Confirmed || subs[1].ConfirmedAt != nil {
		t.Errorf("the JSON's subscriptions read back as %+v", subs)
	}
}

// TestJSONEmpty writes an address without comments as an empty list, not
// null, so that a reader's software need not tell the two apart.
func TestJSONEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, &masthead.CommenterData{Email: "none@example.org"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"comments": []`)) || !bytes.Contains(buf.Bytes(), []byte(`"subscriptions": []`)) {
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
	if len(rows) != 5 || rows[1][0] != "comment" || rows[1][10] != sample().Comments[0].Text || rows[2][6] != "8" {
		t.Fatalf("the CSV reads back as %q", rows)
	}
	if rows[2][7] != `'=HYPERLINK("x")` || rows[2][10] != "'-1 for the ferry" || rows[4][4] != "'-5 degrees, the ferry waits" {
		t.Errorf("cells a spreadsheet would run are written %q, %q and %q", rows[2][7], rows[2][10], rows[4][4])
	}
	if got := strings.Join(rows[3], "|"); got != "subscription||2026-03-14T14:19:26Z|confirmed|Harbour board approves the pier|https://observer.example/2026/03/14/pier/||||||2026-03-14T14:24:26Z" {
		t.Errorf("a confirmed subscription's row is %s", got)
	}
	if rows[4][0] != "subscription" || rows[4][3] != "unconfirmed" || rows[4][11] != "" {
		t.Errorf("an unconfirmed subscription's row is %q", rows[4])
	}
}
