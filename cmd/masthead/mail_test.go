package main

import (
	"context"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/mail"
	"masthead/mail/mailtest"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// TestServeSendsMail runs the server with the --smtp-* flags and a job
// interval of an hour, queues a message from another process, as the
// command line does, and receives it at once: the queueing woke the
// outbox through the change watcher.
func TestServeSendsMail(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	server := mailtest.Start(t, mailtest.Options{})
	serveCtx, stop := context.WithCancel(ctx)
	defer stop()
	pr, pw := io.Pipe()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(serveCtx, []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--job-interval", "1h",
			"--smtp-host", server.Host, "--smtp-port", strconv.Itoa(server.Port), "--smtp-security", "none", "--mail-from", "news@observer.example"},
			noEnv, io.MultiWriter(pw, &out), io.Discard)
		pw.Close()
	}()
	waitForAddress(t, pr)

	store := openTestStore(t, data)
	// The first message may go out with the first round, which runs at
	// start; the second, queued after it arrived, goes out only when the
	// queueing wakes the outbox.
	for i, subject := range []string{"First", "Second"} {
		m, err := mail.Compose(mail.Origin{SiteName: "Observer", Language: "en", BaseURL: "https://observer.example"},
			mail.Draft{Kind: masthead.MailTest, To: "ana@observer.example", Subject: subject, Text: "Hello.\n"}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := store.QueueMail(ctx, m); err != nil {
			t.Fatal(err)
		}
		got := server.Wait(t, i+1, 10*time.Second)
		if got[i].Header.Get("Message-ID") != "<"+m.MessageID+">" {
			t.Fatalf("received %q, want %q", got[i].Header.Get("Message-ID"), m.MessageID)
		}
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Mail goes out through 127.0.0.1:"+strconv.Itoa(server.Port)+" (none) from news@observer.example.") {
		t.Fatalf("serve did not say where mail goes:\n%s", out.String())
	}
}

// TestServeMailFlagErrors refuses mail flags that cannot work, in a
// sentence.
func TestServeMailFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--smtp-security", "ssl"}, nil, "The SMTP security must be"},
		{[]string{"--mail-from", "Newsroom <news@example.org>"}, nil, "The sender address must be an email address"},
		{[]string{"--smtp-port", "99999"}, nil, "is not a port between 1 and 65535"},
		{nil, map[string]string{"MASTHEAD_SMTP_PORT": "smtp"}, "MASTHEAD_SMTP_PORT"},
	} {
		args := append([]string{"serve", "--data", t.TempDir()}, tc.args...)
		err := run(context.Background(), args, func(k string) string { return tc.env[k] }, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one saying %q", tc.args, err, tc.want)
		}
	}
}

// openTestStore opens the SQLite site in data until the test ends.
func openTestStore(t *testing.T, data string) *sqlstore.Store {
	t.Helper()
	store, err := sqlite.Open(context.Background(), filepath.Join(data, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// TestUserInvite invites staff from the command line: on a site that
// cannot send mail the link is printed, and it works; on one that can, the
// invitation is queued and no link is printed.
func TestUserInvite(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	cli := func(args ...string) (string, error) {
		var out strings.Builder
		err := run(ctx, append(args, "--data", data), noEnv, &out, io.Discard)
		return out.String(), err
	}
	if _, err := cli("user", "invite", "--email", "nia@observer.example", "--name", "Nia Reporter", "--role", "author"); err == nil ||
		!strings.Contains(err.Error(), "needs the site's public address") {
		t.Fatalf("without a base URL: %v", err)
	}
	if _, err := cli("user", "invite", "--email", "nia@observer.example", "--name", "Nia Reporter", "--role", "owner", "--base-url", "https://observer.example"); err == nil ||
		!strings.Contains(err.Error(), "--role must be") {
		t.Fatalf("a bad role: %v", err)
	}
	out, err := cli("user", "invite", "--email", "nia@observer.example", "--name", "Nia Reporter", "--role", "author", "--base-url", "https://observer.example")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token, ok := strings.CutPrefix(lines[len(lines)-1], "https://observer.example/admin/set-password?token=")
	if !ok || !strings.Contains(out, "cannot send mail") {
		t.Fatalf("output:\n%s", out)
	}
	store := openTestStore(t, data)
	if _, a, err := store.FindAccountToken(ctx, masthead.HashToken(token)); err != nil || a.Email != "nia@observer.example" {
		t.Fatalf("the printed link: %v, %v", a, err)
	}
	if _, err := cli("user", "invite", "--email", "nia@observer.example", "--name", "Nia Again", "--role", "author", "--base-url", "https://observer.example"); err == nil ||
		!strings.Contains(err.Error(), "cannot invite nia@observer.example") {
		t.Fatalf("a taken address: %v", err)
	}

	for _, set := range [][]string{{"smtp_host", "smtp.observer.example"}, {"mail_from", "news@observer.example"}, {"base_url", "https://observer.example"}} {
		if _, err := cli("settings", "set", set[0], set[1]); err != nil {
			t.Fatal(err)
		}
	}
	out, err = cli("user", "invite", "--email", "omar@observer.example", "--name", "Omar Writer", "--role", "editor")
	if err != nil || strings.Contains(out, "token=") || !strings.Contains(out, "the invitation is in the outbox") {
		t.Fatalf("with mail: %q, %v", out, err)
	}
	queued, _, err := store.FindOutbox(ctx, masthead.OutboxFilter{Status: masthead.MailQueued})
	if err != nil || len(queued) != 1 || queued[0].To != "omar@observer.example" || queued[0].Kind != masthead.MailInvitation || !queued[0].Sensitive {
		t.Fatalf("queued %+v (%v)", queued, err)
	}
}
