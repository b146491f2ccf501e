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
