package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead/export"
	"masthead/wxr"
)

func TestExportCommandLineErrors(t *testing.T) {
	data := t.TempDir()
	if err := run(context.Background(), []string{"demo", "--data", data}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	notADir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notADir, []byte("x"), 0o600)
	tests := []struct {
		name     string
		args     []string
		stdout   io.Writer
		wantText string
		wantCode int
	}{
		{"no kind", []string{"export"}, nil, "export needs the kind of export first", 2},
		{"flag before the kind", []string{"export", "--data", data}, nil, "export needs the kind of export first", 2},
		{"unknown kind", []string{"export", "rss"}, nil, `"rss" is not a kind of export masthead writes; use wordpress or json`, 2},
		{"a file name", []string{"export", "wordpress", "site.xml", "--data", data}, nil, "takes no file: it writes to standard output", 2},
		{"unknown flag", []string{"export", "json", "--base-url", "https://news.example.org"}, nil, "flag provided but not defined: -base-url", 2},
		{"no public address", []string{"export", "wordpress", "--data", data}, nil, "needs the site's public address for its links: give it with --base-url", 2},
		{"a bad public address", []string{"export", "wordpress", "--data", data, "--base-url", "news.example.org"}, nil, `"news.example.org" is not a site's public address`, 2},
		{"not PostgreSQL", []string{"export", "json", "--database", "mysql://db/news"}, nil, "the database URL must start with postgres://", 2},
		{"data is a file", []string{"export", "json", "--data", notADir}, nil, "cannot open the database in " + notADir, 1},
		{"output fails", []string{"export", "wordpress", "--data", data, "--base-url", "https://news.example.org"}, failingOutput{},
			"cannot export the site, so the file is incomplete: no space left on the device", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout io.Writer = io.Discard
			if tt.stdout != nil {
				stdout = tt.stdout
			}
			err := run(context.Background(), tt.args, noEnv, stdout, io.Discard)
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

type failingOutput struct{}

func (failingOutput) Write([]byte) (int, error) { return 0, errors.New("no space left on the device") }

// TestExportCommand writes the demo site in both formats to standard
// output, says on standard error what it wrote, and takes the public
// address from the environment as serve does.
func TestExportCommand(t *testing.T) {
	data := t.TempDir()
	if err := run(context.Background(), []string{"demo", "--data", data}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	env := func(name string) string {
		if name == "MASTHEAD_BASE_URL" {
			return "https://observer.example"
		}
		return ""
	}
	var xmlOut, stderr bytes.Buffer
	if err := run(context.Background(), []string{"export", "wordpress", "--data", data}, env, &xmlOut, &stderr); err != nil {
		t.Fatal(err)
	}
	if got := stderr.String(); !strings.HasPrefix(got, "Exported 5 authors, 6 sections, ") || !strings.HasSuffix(got, ".\n") || strings.Count(got, "\n") != 1 {
		t.Errorf("standard error says %q, want one sentence of what was exported", got)
	}
	rd := wxr.NewReader(&xmlOut)
	items := 0
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch r := rec.(type) {
		case *wxr.Channel:
			if r.Link != "https://observer.example" || !strings.HasPrefix(r.Generator, "Masthead ") {
				t.Errorf("channel %+v", r)
			}
		case *wxr.Item:
			// Images are items of their own, which the JSON dump lists
			// apart from the articles.
			if r.Type != "attachment" {
				items++
			}
		}
	}
	if items == 0 {
		t.Error("the WordPress export has no items")
	}

	var jsonOut bytes.Buffer
	stderr.Reset()
	if err := run(context.Background(), []string{"export", "json", "--data", data}, noEnv, &jsonOut, &stderr); err != nil {
		t.Fatal(err)
	}
	var dump struct {
		Format   string            `json:"format"`
		Articles []json.RawMessage `json:"articles"`
	}
	if err := json.Unmarshal(jsonOut.Bytes(), &dump); err != nil {
		t.Fatalf("the JSON export does not parse: %v", err)
	}
	if dump.Format != export.Format || len(dump.Articles) != items {
		t.Errorf("format %q with %d articles, want %q with %d", dump.Format, len(dump.Articles), export.Format, items)
	}

	var help bytes.Buffer
	if err := run(context.Background(), []string{"help", "export"}, noEnv, &help, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"masthead export wordpress", "masthead export json", "--base-url", "MASTHEAD_BASE_URL", "keep the files private"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("help export does not mention %q:\n%s", want, help.String())
		}
	}
	help.Reset()
	run(context.Background(), []string{"help"}, noEnv, &help, io.Discard)
	if !strings.Contains(help.String(), "masthead export wordpress|json") {
		t.Errorf("help does not list export:\n%s", help.String())
	}
}
