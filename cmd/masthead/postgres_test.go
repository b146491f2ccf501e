package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"

	"masthead/postgres/pgtest"
)

// TestMoveToPostgres fills a SQLite site with the demo, copies it to
// PostgreSQL with migrate-data, serves the copy, and reads the same pages.
func TestMoveToPostgres(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	dsn := pgtest.DSN(t)
	cli := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, args, noEnv, &out, io.Discard)
		return out.String(), err
	}
	if _, err := cli("demo", "--data", data); err != nil {
		t.Fatal(err)
	}
	out, err := cli("migrate-data", "--from", "sqlite:"+data, "--to", dsn)
	if err != nil {
		t.Fatalf("migrate-data: %v", err)
	}
	// The demo's 45 articles and 5 pages share the articles table.
	if !regexp.MustCompile(`articles\s+50\n`).MatchString(out) || !strings.Contains(out, "checked the counts") {
		t.Fatalf("migrate-data printed:\n%s", out)
	}
	if _, err := cli("migrate-data", "--from", "sqlite:"+data, "--to", dsn); err == nil || !strings.Contains(err.Error(), "nothing was copied") {
		t.Fatalf("a second copy: %v", err)
	}

	pages := map[string]string{}
	for _, backend := range [][]string{{"--data", data}, {"--database", dsn}} {
		serveCtx, stop := context.WithCancel(ctx)
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() {
			done <- run(serveCtx, append([]string{"serve", "--addr", "127.0.0.1:0", "--base-url", "https://observer.example"}, backend...), noEnv, pw, io.Discard)
			pw.Close()
		}()
		base := waitForAddress(t, pr)
		for _, p := range []string{"/", "/page/2/", "/category/politics/", "/author/helen-marsh/"} {
			status, body := fetch(t, base+p)
			if status != 200 {
				t.Fatalf("%s %s: status %d", backend[0], p, status)
			}
			if prev, ok := pages[p]; ok && prev != body {
				t.Errorf("%s reads differently on PostgreSQL", p)
			}
			pages[p] = body
		}
		stop()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}

	if out, err := cli("comments", "list", "--status", "pending", "--database", dsn); err != nil || strings.Count(out, "pending") != 2 {
		t.Fatalf("comments list on PostgreSQL: %q, %v", out, err)
	}
	for _, tt := range []struct {
		args     []string
		wantText string
	}{
		{[]string{"migrate-data", "--to", dsn}, "--from must name the SQLite site"},
		{[]string{"migrate-data", "--from", "sqlite:" + t.TempDir(), "--to", dsn}, "there is no Masthead database"},
		{[]string{"migrate-data", "--from", "sqlite:" + data}, "--to must name the PostgreSQL database"},
		{[]string{"serve", "--database", "mysql://x"}, "must start with postgres://"},
		{[]string{"serve", "--data", data, "--database-replica", dsn}, "--database-replica needs --database"},
	} {
		if _, err := cli(tt.args...); err == nil || !strings.Contains(err.Error(), tt.wantText) {
			t.Errorf("%v: %v, want %q", tt.args, err, tt.wantText)
		}
	}
}
