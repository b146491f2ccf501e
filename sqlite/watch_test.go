package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"masthead"
	"masthead/sqlite"
	"masthead/storetest"
)

// TestWatcherHearsAnotherProcess checks that a change committed by
// another process on the same file (the command line beside a server)
// reaches the server's watcher with its keys within a second, that a
// commit which changes nothing readers see reports nothing, and that the
// server's own changes are reported too.
func TestWatcherHearsAnotherProcess(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "masthead.db")
	server, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	cli, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	reports := storetest.WatchChanges(t, sqlite.Watcher{Store: server})

	tag := &masthead.Tag{Name: "Harbour", Slug: "harbour"}
	if err := cli.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	storetest.WantReport(t, "a tag made by another process", reports, time.Second, masthead.TagKey(tag.ID))

	// A failed sign-in changes no page, so the next report is the
	// settings change that follows it.
	if err := cli.ReserveSignIn(ctx, masthead.SignInAttempt{Account: "ana-hash", Network: "192.0.2.0"}, masthead.DefaultSignInPolicy); err != nil {
		t.Fatal(err)
	}
	site := masthead.DefaultSite()
	site.Title = "Set from the command line"
	if err := cli.UpdateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	storetest.WantReport(t, "settings changed by another process", reports, time.Second, masthead.KeyAll)

	tag.Name = "The harbour"
	if err := server.UpdateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	storetest.WantReport(t, "a change made by the watching process", reports, time.Second, masthead.TagKey(tag.ID))
	select {
	case extra := <-reports:
		t.Errorf("the watcher reported %v more", extra)
	case <-time.After(600 * time.Millisecond):
	}
}
