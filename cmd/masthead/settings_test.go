package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestSettingsCommand(t *testing.T) {
	data := t.TempDir()
	cli := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append(args, "--data", data), noEnv, &out, io.Discard)
		return out.String(), err
	}
	out, err := cli("settings")
	if err != nil || !strings.Contains(out, `title = "Masthead"`) || !strings.Contains(out, `comment_moderation = "hold_first"`) {
		t.Fatalf("settings = %q, %v", out, err)
	}
	if out, err := cli("settings", "set", "title", "The Harbour Light"); err != nil || out != "title is now \"The Harbour Light\".\n" {
		t.Fatalf("set title: %q, %v", out, err)
	}
	if _, err := cli("settings", "set", "comment_spam_words", `casino\nreplica bags`); err != nil {
		t.Fatal(err)
	}
	out, _ = cli("settings")
	if !strings.Contains(out, `title = "The Harbour Light"`) || !strings.Contains(out, `comment_spam_words = "casino\nreplica bags"`) {
		t.Fatalf("settings after changes:\n%s", out)
	}
	for _, tt := range []struct {
		args     []string
		wantText string
	}{
		{[]string{"settings", "set", "colour", "red"}, `There is no setting called "colour"`},
		{[]string{"settings", "set", "page_size", "ten"}, "must be a whole number"},
		{[]string{"settings", "set", "page_size", "0"}, "between 1 and 100"},
		{[]string{"settings", "set", "time_zone", "Moon/Base"}, "not a known time zone"},
		{[]string{"settings", "set", "comment_moderation", "sometimes"}, "not a moderation policy"},
		{[]string{"settings", "set", "title"}, "masthead settings set NAME VALUE"},
		{[]string{"settings", "set", "comment_pages", "yes"}, `must be "on" or "off"`},
		{[]string{"settings", "set", "comment_page_size", "1000"}, "between 1 and 500"},
		{[]string{"settings", "set", "comment_default_page", "newest"}, `must be "last" or "first"`},
		{[]string{"settings", "set", "comment_order", "asc"}, `must be "oldest" or "newest"`},
	} {
		_, err := cli(tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.wantText) || exitCode(err) != 2 || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: %v, want one sentence with %q", tt.args, err, tt.wantText)
		}
	}
	if out, _ := cli("settings"); !strings.Contains(out, `page_size = "10"`) || !strings.Contains(out, `comment_page_size = "50"`) {
		t.Fatalf("a refused change was stored:\n%s", out)
	}
	for name, value := range map[string]string{"comment_pages": "off", "comment_page_size": "20", "comment_default_page": "first", "comment_order": "newest"} {
		if out, err := cli("settings", "set", name, value); err != nil || out != fmt.Sprintf("%s is now %q.\n", name, value) {
			t.Errorf("set %s: %q, %v", name, out, err)
		}
	}
}

// TestSettingsSMTPPassword sets the SMTP password from the command line:
// it is stored (the mail settings read it) but never printed.
func TestSettingsSMTPPassword(t *testing.T) {
	data := t.TempDir()
	cli := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append(args, "--data", data), noEnv, &out, io.Discard)
		return out.String(), err
	}
	if out, err := cli("settings"); err != nil || !strings.Contains(out, "smtp_password = (not set)\n") {
		t.Fatalf("settings = %q, %v", out, err)
	}
	for _, set := range [][]string{{"smtp_host", "smtp.example.org"}, {"smtp_port", "2525"}, {"smtp_security", "tls"}, {"smtp_user", "news"}, {"mail_from", "news@example.org"}} {
		if _, err := cli("settings", "set", set[0], set[1]); err != nil {
			t.Fatal(err)
		}
	}
	out, err := cli("settings", "set", "smtp_password", "hunter2-smtp")
	if err != nil || strings.Contains(out, "hunter2") || out != "smtp_password is now \"(set)\".\n" {
		t.Fatalf("set smtp_password: %q, %v", out, err)
	}
	// Port, security and sender may change under the password.
	if out, err := cli("settings", "set", "smtp_port", "2525"); err != nil || strings.Contains(out, "cleared") {
		t.Fatalf("set smtp_port: %q, %v", out, err)
	}
	out, _ = cli("settings")
	if strings.Contains(out, "hunter2") || !strings.Contains(out, "smtp_password = (set)\n") || !strings.Contains(out, `smtp_host = "smtp.example.org"`) {
		t.Fatalf("settings:\n%s", out)
	}
	store := openTestStore(t, data)
	site, err := store.FindSite(context.Background())
	if err != nil || site.SMTPPassword.Reveal() != "hunter2-smtp" || site.SMTPPort != 2525 || site.SMTPSecurity != "tls" {
		t.Fatalf("stored mail settings: %v, %v", site, err)
	}

	// Another server: the password typed for the old one goes.
	out, err = cli("settings", "set", "smtp_host", "smtp.elsewhere.example")
	if err != nil || !strings.Contains(out, "password was cleared") {
		t.Fatalf("set smtp_host: %q, %v", out, err)
	}
	if out, _ := cli("settings"); !strings.Contains(out, "smtp_password = (not set)\n") {
		t.Fatalf("after a new server the settings say:\n%s", out)
	}
}
