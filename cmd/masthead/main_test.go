package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func noEnv(string) string { return "" }

func TestRunCommandLineErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	data := t.TempDir()
	notADir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notADir, []byte("x"), 0o600)

	tests := []struct {
		name     string
		args     []string
		wantText string
		wantCode int
	}{
		{"no command", nil, "no command given", 2},
		{"unknown command", []string{"publish"}, `"publish" is not a masthead command`, 2},
		{"unknown flag", []string{"serve", "--port", "80"}, "flag provided but not defined: -port", 2},
		{"stray argument", []string{"demo", "--data", data, "extra"}, `unexpected argument "extra"`, 2},
		{"bad base URL", []string{"serve", "--data", data, "--base-url", "news.example.org"}, "must be an absolute http or https URL", 2},
		{"unknown SQLite sync setting", []string{"serve", "--data", data, "--sqlite-sync", "off"}, `"off" is not a SQLite sync setting: use full or normal`, 2},
		{"base URL with a path", []string{"serve", "--data", data, "--base-url", "https://example.org/news"}, "without a path", 2},
		{"address in use", []string{"serve", "--data", data, "--addr", busy.Addr().String()}, "cannot listen on " + busy.Addr().String(), 1},
		{"data is a file", []string{"serve", "--data", notADir, "--addr", "127.0.0.1:0"}, "cannot open the database in " + notADir, 1},
		{"bad purge webhook", []string{"serve", "--data", data, "--purge-webhook", "cdn.example/purge"}, "--purge-webhook must be an absolute http or https URL", 2},
		{"language without the demo", []string{"serve", "--data", data, "--language", "de"}, "--language sets the demo site's language and needs --demo", 2},
		{"language that is no tag", []string{"demo", "--data", data, "--language", "deutsch!"}, `--language "deutsch!" is not a language tag`, 2},
		{"bad page cache size", []string{"serve", "--data", data, "--page-cache", "lots"}, `"lots" is not a size such as 64MB or 0`, 2},
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
			if strings.Contains(msg, "\n") || strings.Contains(msg, "goroutine") {
				t.Fatalf("error is not one sentence: %q", msg)
			}
			if got := exitCode(err); got != tt.wantCode {
				t.Fatalf("exit code %d, want %d", got, tt.wantCode)
			}
		})
	}
}

func TestRunVersionAndHelp(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, noEnv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "masthead ") {
		t.Fatalf("version printed %q", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"help", "serve"}, noEnv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"-addr", "-data", "-base-url", "-demo", "MASTHEAD_ADDR", "MASTHEAD_DATA", "MASTHEAD_BASE_URL"} {
		if !strings.Contains(out.String(), flag) {
			t.Errorf("help serve does not mention %s:\n%s", flag, out.String())
		}
	}
	// Without the flag the site's base_url setting decides, else the
	// listen address (web.Server.base); never a request's Host header.
	if want := "default: the base_url setting, else the listen address"; !strings.Contains(strings.Join(strings.Fields(out.String()), " "), want) {
		t.Errorf("help serve does not give the --base-url default %q:\n%s", want, out.String())
	}
}

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// buildBinary builds the real masthead binary once for the tests that run it.
func buildBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "masthead-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "masthead")
		if out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// TestMain removes the binary built for the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

var servingLine = regexp.MustCompile(`Masthead is serving (http://\S+)`)

// waitForAddress reads output lines until the server names its address.
func waitForAddress(t *testing.T, r io.Reader) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				io.Copy(io.Discard, r) // keep draining so the server never blocks
				return
			}
		}
		close(found)
	}()
	select {
	case addr, ok := <-found:
		if !ok {
			t.Fatal("the server ended without serving")
		}
		return addr
	case <-time.After(60 * time.Second):
		t.Fatal("the server did not start within a minute")
	}
	return ""
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestServeInProcess runs serve with settings from the environment, as a
// container would, and stops it through its context.
func TestServeInProcess(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"MASTHEAD_ADDR": "127.0.0.1:0", "MASTHEAD_DATA": data, "MASTHEAD_BASE_URL": "https://observer.example"}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo"}, func(k string) string { return env[k] }, pw, io.Discard)
		pw.Close()
	}()
	base := waitForAddress(t, pr)
	if status, body := fetch(t, base+"/healthz"); status != 200 || body != "ok\n" {
		t.Fatalf("healthz: %d %q", status, body)
	}
	status, body := fetch(t, base+"/")
	if status != 200 || !strings.Contains(body, "<title>Observer</title>") {
		t.Fatalf("home: status %d", status)
	}
	if !strings.Contains(body, `<link rel="canonical" href="https://observer.example/">`) {
		t.Error("the base URL from the environment is not used for canonical links")
	}
	if _, err := os.Stat(filepath.Join(data, "masthead.db")); err != nil {
		t.Fatalf("no database in the data directory: %v", err)
	}
	// The server caches the settings; a change from the command line still
	// shows at once.
	if err := run(context.Background(), []string{"settings", "set", "title", "The Alder Gazette", "--data", data}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	eventually(t, time.Second, "the new title showing", func() bool {
		_, body := fetch(t, base+"/")
		return strings.Contains(body, "<title>The Alder Gazette</title>")
	})
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after a graceful stop", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestBinary builds the real binary, fills a site with the demo command,
// serves it on a free port and reads the pages a newcomer would open.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	data := t.TempDir()

	out, err := exec.Command(bin, "demo", "--data", data).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Added the demo site") {
		t.Fatalf("masthead demo: %v\n%s", err, out)
	}
	out, err = exec.Command(bin, "demo", "--data", data).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "added nothing") {
		t.Fatalf("a second masthead demo: %v\n%s", err, out)
	}

	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data, "--demo")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	base := waitForAddress(t, stdout)

	status, home := fetch(t, base+"/")
	if status != 200 || !strings.Contains(home, "<title>Observer</title>") {
		t.Fatalf("home: status %d", status)
	}
	links := map[string]*regexp.Regexp{
		"article":  regexp.MustCompile(`href="(/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/)"`),
		"author":   regexp.MustCompile(`href="(/author/[a-z0-9-]+/)"`),
		"category": regexp.MustCompile(`href="(/category/[a-z0-9-]+/)"`),
	}
	for kind, re := range links {
		m := re.FindStringSubmatch(home)
		if m == nil {
			t.Fatalf("the home page links to no %s page", kind)
		}
		status, body := fetch(t, base+m[1])
		if status != 200 || !strings.Contains(body, "<h1>") {
			t.Fatalf("%s page %s: status %d", kind, m[1], status)
		}
	}
	if status, _ := fetch(t, base+"/no-such-page/"); status != 404 {
		t.Fatalf("unknown page: status %d", status)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("serve exited with %d after SIGTERM:\n%s", exit.ExitCode(), stderr.String())
		}
		t.Fatal(err)
	}
}

// TestServeWithoutBaseURL: with no base URL anywhere, serve says so in one
// sentence and links name the listen address, whatever Host a request
// claims.
func TestServeWithoutBaseURL(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, noEnv, &out, io.Discard)
	}()
	var base string
	for deadline := time.Now().Add(60 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := servingLine.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("the server did not start:\n%s", out.String())
	}
	if want := "No base URL is set, so links in pages, feeds and sitemaps name " + base + ": set --base-url"; !strings.Contains(out.String(), want) {
		t.Errorf("start-up does not say %q:\n%s", want, out.String())
	}
	req, _ := http.NewRequest("GET", base+"/", nil)
	req.Host = "evil.example"
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if strings.Contains(string(body), "evil.example") || !strings.Contains(string(body), `href="`+base+`/"`) {
		t.Errorf("links follow the Host header:\n%.600s", body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a bytes.Buffer a server may write to while a test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
