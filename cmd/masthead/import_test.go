package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead"
	"masthead/sqlite"
)

const fixtureExport = "../../wpimport/testdata/export-small.xml"

func TestImportCommandLineErrors(t *testing.T) {
	data := t.TempDir()
	notXML := filepath.Join(t.TempDir(), "notes.xml")
	os.WriteFile(notXML, []byte("just some notes"), 0o600)
	fixture, err := os.ReadFile(fixtureExport)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.xml")
	os.WriteFile(cut, fixture[:len(fixture)/3], 0o600)
	tests := []struct {
		name     string
		args     []string
		wantText string
		wantCode int
	}{
		{"no kind", []string{"import"}, "import needs the kind of export first", 2},
		{"unknown kind", []string{"import", "ghost", "x.xml"}, `"ghost" is not a kind of export`, 2},
		{"no file", []string{"import", "wordpress", "--data", data}, "needs the export file", 2},
		{"two files", []string{"import", "wordpress", "a.xml", "b.xml"}, "takes one export file, not 2", 2},
		{"missing uploads", []string{"import", "wordpress", fixtureExport, "--uploads", "/no/such/uploads", "--data", data}, "cannot read the uploads directory /no/such/uploads: no such file or directory", 1},
		{"uploads not a directory", []string{"import", "wordpress", fixtureExport, "--uploads", notXML, "--data", data}, "is not a directory; --uploads takes a copy of wp-content/uploads", 2},
		{"unknown flag", []string{"import", "wordpress", fixtureExport, "--fast"}, "flag provided but not defined: -fast", 2},
		{"missing file", []string{"import", "wordpress", "/no/such/export.xml", "--data", data}, "cannot open the export /no/such/export.xml: no such file or directory", 1},
		{"not an export", []string{"import", "wordpress", notXML, "--data", data}, "the file is not XML, so it is not a WordPress export", 1},
		{"cut short", []string{"import", "wordpress", cut, "--data", data}, "the file ends early, at line", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, noEnv, &stdout, &stderr)
			if err == nil {
				t.Fatal("run succeeded, want an error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.wantText) {
				t.Fatalf("error %q does not say %q", msg, tt.wantText)
			}
			if strings.Contains(msg, "\n") {
				t.Fatalf("error is not one sentence: %q", msg)
			}
			if got := exitCode(err); got != tt.wantCode {
				t.Fatalf("exit code %d, want %d", got, tt.wantCode)
			}
		})
	}
}

// siteTotals opens a site's database and counts its articles and comments.
func siteTotals(t *testing.T, data string) (articles, comments int) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(data, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, articles, err = s.FindArticles(context.Background(), masthead.ArticleFilter{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if _, comments, err = s.FindComments(context.Background(), masthead.CommentFilter{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	return articles, comments
}

// TestImportCommand imports the fixture from the command line: a dry run
// writes nothing, the import prints its summary, and a second one adds
// nothing.
func TestImportCommand(t *testing.T) {
	data := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "wordpress", "--dry-run", fixtureExport, "--data", data}, noEnv, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Checked (dry run, nothing was written)") || !strings.Contains(out.String(), "articles       20 added") {
		t.Errorf("the dry run printed:\n%s", out.String())
	}
	if a, c := siteTotals(t, data); a != 0 || c != 0 {
		t.Fatalf("the dry run wrote %d articles and %d comments", a, c)
	}

	out.Reset()
	if err := run(context.Background(), []string{"import", "wordpress", fixtureExport, "--data", data}, noEnv, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`Imported: the WordPress export of "Observer" (WXR 1.2).`, "articles       20 added (20 published)",
		"comments      219 added (219 approved)", "authors         3 added"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the import does not say %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "@") {
		t.Errorf("the summary shows an address:\n%s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"import", "wordpress", fixtureExport, "--data", data}, noEnv, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "articles        0 added, 20 already there") || !strings.Contains(out.String(), "comments        0 added, 219 already there") {
		t.Errorf("the second import printed:\n%s", out.String())
	}
	if a, c := siteTotals(t, data); a != 20 || c != 219 {
		t.Errorf("the site holds %d articles and %d comments, want 20 and 219", a, c)
	}

	out.Reset()
	if err := run(context.Background(), []string{"help", "import"}, noEnv, &out, &out); err != nil || !strings.Contains(out.String(), "masthead import wordpress FILE.xml") {
		t.Errorf("help import: %v\n%s", err, out.String())
	}
}
