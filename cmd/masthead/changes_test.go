package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"masthead"
	"masthead/sqlite"
	"masthead/storetest"
)

// TestCommandLineChangesReachAServer moderates a comment and changes a
// setting from the command line, another process on the site's file, and
// checks that a serving process's watcher hears exactly what changed
// within a second.
func TestCommandLineChangesReachAServer(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	cli := func(args ...string) {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, append(args, "--data", data), noEnv, &out, io.Discard); err != nil {
			t.Fatalf("masthead %v: %v", args, err)
		}
	}
	cli("demo")
	server, err := sqlite.Open(ctx, filepath.Join(data, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	held, _, err := server.FindComments(ctx, masthead.CommentFilter{Status: masthead.CommentPending, Limit: 1})
	if err != nil || len(held) == 0 {
		t.Fatalf("the demo has no held comment: %v", err)
	}
	reports := storetest.WatchChanges(t, sqlite.Watcher{Store: server})

	cli("comments", "approve", strconv.FormatInt(held[0].ID, 10))
	storetest.WantReport(t, "a comment approved from the command line", reports, time.Second,
		masthead.ArticleKey(held[0].ArticleID), masthead.KeyComments)
	cli("settings", "set", "title", "The Evening Observer")
	storetest.WantReport(t, "a setting changed from the command line", reports, time.Second, masthead.KeyAll)
}
