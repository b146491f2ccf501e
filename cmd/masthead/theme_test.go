package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeRefusesABrokenTheme: a theme template that does not parse,
// that html/template cannot escape, or that names a field or method its
// page's value does not have (or gives a partial a value it cannot use),
// stops serve at start-up with one sentence naming the file and the line,
// before any reader asks for it.
func TestServeRefusesABrokenTheme(t *testing.T) {
	tests := []struct {
		name, file, src, want string
	}{
		{"a parse error", "templates/pages/article.html", "{{define \"main\"}}\n<h1>{{.Headline</h1>\n{{end}}\n", "line 2"},
		{"an unknown function", "templates/partials/pagination.html", "{{define \"pagination\"}}\n\n{{nope .}}\n{{end}}\n", "line 3"},
		{"an escaping error", "templates/pages/list.html", "{{define \"main\"}}\n{{if .Title}}<a href=\"x{{end}}\n{{end}}\n", "line 2"},
		{"a page that does not exist", "templates/pages/articel.html", "{{define \"main\"}}{{end}}\n", "overrides no page"},
		{"a misspelt field", "templates/pages/list.html", "{{define \"main\"}}\n<h1>{{.Heading}}</h1>\n<p>{{.Nope}}</p>\n{{end}}\n", "line 3: .Nope would fail"},
		{"a misspelt field inside a range", "templates/pages/article.html", "{{define \"main\"}}\n{{range .Related}}\n<a href=\"{{.URL}}\">{{.Article.Headlin}}</a>\n{{end}}\n{{end}}\n", "line 3: .Article.Headlin would fail"},
		{"a method that does not exist", "templates/pages/search.html", "{{define \"main\"}}\n<p>{{.Pagination.NextURL 2}}</p>\n{{end}}\n", "line 2: .Pagination.NextURL would fail"},
		{"a partial given the wrong value", "templates/pages/list.html", "{{define \"main\"}}\n{{template \"card\" .Heading}}\n{{end}}\n", "gives the template \"card\" a string at line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, filepath.FromSlash(tt.file))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout strings.Builder
			err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--theme", dir}, noEnv, &stdout, io.Discard)
			if err == nil {
				t.Fatal("serve started with a broken theme")
			}
			msg := err.Error()
			if !strings.Contains(msg, path) || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q does not name %s and %q", msg, path, tt.want)
			}
			if !strings.HasSuffix(msg, ".") || strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "The ") {
				t.Errorf("error %q is not one sentence", msg)
			}
			if strings.Contains(stdout.String(), "Masthead is serving") {
				t.Errorf("serve said it was serving: %q", stdout.String())
			}
		})
	}
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--theme", "builtin:fancy"}, noEnv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "fancy") {
		t.Errorf("serve --theme builtin:fancy = %v, want a refusal naming it", err)
	}
}
