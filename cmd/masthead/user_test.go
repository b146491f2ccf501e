package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead"
)

func TestUserAdd(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	cli := func(stdin string, args ...string) (string, error) {
		var out bytes.Buffer
		err := runWithInput(ctx, append(args, "--data", data), noEnv, strings.NewReader(stdin), &out, io.Discard)
		return out.String(), err
	}
	out, err := cli("a long enough password\n", "user", "add", "--email", "eda@staff.example", "--name", "Eda Editor", "--role", "editor", "--password-stdin")
	if err != nil || !strings.Contains(out, "Added Eda Editor (eda@staff.example) as editor") {
		t.Fatalf("user add: %q, %v", out, err)
	}
	for _, tt := range []struct {
		stdin    string
		args     []string
		wantText string
	}{
		{"a long enough password\n", []string{"user", "add", "--email", "eda@staff.example", "--name", "Eda Again", "--role", "editor", "--password-stdin"}, "already belongs"},
		{"short\n", []string{"user", "add", "--email", "x@staff.example", "--name", "X", "--role", "author", "--password-stdin"}, "at least 10 characters"},
		{"", []string{"user", "add", "--email", "x@staff.example", "--name", "X", "--role", "author", "--password-stdin"}, "found no password"},
		{"a long enough password\n", []string{"user", "add", "--email", "x@staff.example", "--name", "X", "--role", "chief", "--password-stdin"}, `"chief" is not a role`},
		{"a long enough password\n", []string{"user", "add", "--name", "X", "--role", "admin", "--password-stdin"}, "--email is required"},
		{"", []string{"user", "add", "--email", "x@staff.example", "--name", "X", "--role", "admin"}, "not a terminal"},
		{"", []string{"user", "remove"}, "masthead user add"},
	} {
		if _, err := cli(tt.stdin, tt.args...); err == nil || !strings.Contains(err.Error(), tt.wantText) {
			t.Errorf("%v: %v, want %q", tt.args, err, tt.wantText)
		}
	}
}

// TestServePrintsSetupLink starts a site with no admin: serve prints a
// link to the first-admin page, and the link works.
func TestServePrintsSetupLink(t *testing.T) {
	data := t.TempDir()
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", data}, noEnv, pw, io.Discard)
		pw.Close()
	}()
	var lines []string
	buf := make([]byte, 4096)
	for !strings.Contains(strings.Join(lines, ""), "No admin yet") {
		n, err := pr.Read(buf)
		if err != nil {
			t.Fatalf("serve ended: %v", err)
		}
		lines = append(lines, string(buf[:n]))
	}
	go io.Copy(io.Discard, pr)
	link := regexp.MustCompile(`(http://\S+/admin/setup\?token=\S+) `).FindStringSubmatch(strings.Join(lines, ""))
	if link == nil {
		t.Fatalf("no setup link in %q", lines)
	}
	res, err := http.Get(link[1])
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("the setup link answers %d", res.StatusCode)
	}
	u, _ := url.Parse(link[1])
	res, err = http.Get(u.Scheme + "://" + u.Host + "/admin/setup?token=forged")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Fatalf("a forged token answers %d", res.StatusCode)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestUserDisableAndEnable(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	cli := func(stdin string, args ...string) (string, error) {
		var out bytes.Buffer
		err := runWithInput(ctx, append(args, "--data", data), noEnv, strings.NewReader(stdin), &out, io.Discard)
		return out.String(), err
	}
	for _, add := range [][]string{
		{"user", "add", "--email", "ada@staff.example", "--name", "Ada Admin", "--role", "admin", "--password-stdin"},
		{"user", "add", "--email", "eda@staff.example", "--name", "Eda Editor", "--role", "editor", "--password-stdin"},
	} {
		if _, err := cli("a long enough password\n", add...); err != nil {
			t.Fatal(err)
		}
	}
	store, err := openStore(ctx, config{dataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	eda, _, err := store.FindAuthorByEmail(ctx, "eda@staff.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := store.CreateSession(ctx, &masthead.Session{TokenHash: "eda-laptop", AuthorID: eda.ID, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}

	out, err := cli("", "user", "disable", "eda@staff.example")
	if err != nil || !strings.Contains(out, "Disabled Eda Editor (eda@staff.example)") {
		t.Fatalf("user disable: %q, %v", out, err)
	}
	if got, _, _ := store.FindAuthorByEmail(ctx, eda.Email); !got.Disabled() {
		t.Fatal("the account is not disabled")
	}
	if _, _, err := store.FindSession(ctx, "eda-laptop"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("the disabled account's session survived: %v", err)
	}
	if _, err := cli("", "user", "disable", "eda@staff.example"); err != nil {
		t.Fatalf("disabling a disabled account: %v", err)
	}
	out, err = cli("", "user", "enable", "eda@staff.example")
	if err != nil || !strings.Contains(out, "Enabled Eda Editor") {
		t.Fatalf("user enable: %q, %v", out, err)
	}
	if got, _, _ := store.FindAuthorByEmail(ctx, eda.Email); got.Disabled() {
		t.Fatal("the account is still disabled")
	}

	for _, tt := range []struct {
		args     []string
		wantText string
		wantCode int
	}{
		{[]string{"user", "disable", "ada@staff.example"}, "cannot disable ada@staff.example: this is the last active admin", 1},
		{[]string{"user", "enable", "nobody@staff.example"}, "no staff account has the email address nobody@staff.example", 1},
		{[]string{"user", "disable"}, "needs the email address of one staff account", 2},
		{[]string{"user", "disable", "ada@staff.example", "eda@staff.example"}, "needs the email address of one staff account", 2},
		{[]string{"user", "enable", "--verbose", "eda@staff.example"}, "flag provided but not defined", 2},
		{[]string{"user"}, "user needs an action first", 2},
	} {
		_, err := cli("", tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.wantText) || exitCode(err) != tt.wantCode {
			t.Errorf("%v: %v (exit %d), want %q and exit %d", tt.args, err, exitCode(err), tt.wantText, tt.wantCode)
		}
	}
	if got, _, _ := store.FindAuthorByEmail(ctx, "ada@staff.example"); got.Disabled() {
		t.Fatal("the last admin was disabled")
	}
}
