package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"masthead"
	"masthead/content"
	"masthead/sqlite"
)

// TestScheduledPublishing schedules an article on a SQLite site and waits
// for the running server to publish it on time.
func TestScheduledPublishing(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(data, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	au := &masthead.Author{Name: "Ana Lima", Slug: "ana-lima", Role: masthead.RoleAuthor}
	if err := store.CreateAuthor(ctx, au); err != nil {
		t.Fatal(err)
	}
	a := &masthead.Article{Headline: "Embargoed until now", BodySource: "Text.", Status: masthead.StatusScheduled,
		PublishedAt: time.Now().Add(3 * time.Second), Authors: []*masthead.Author{au}}
	if err := content.PrepareArticle(a); err != nil {
		t.Fatal(err)
	}
	if err := store.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	store.Close()

	serveCtx, stop := context.WithCancel(ctx)
	defer stop()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(serveCtx, []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--job-interval", "100ms"}, noEnv, pw, io.Discard)
		pw.Close()
	}()
	base := waitForAddress(t, pr)
	// Three seconds leave a loaded machine time to start the server before
	// the article is due, so that "not yet" is really checked before its time.
	if status, _ := fetch(t, base+"/api/v1/articles/"+a.Slug); status != 404 && time.Now().Before(a.PublishedAt) {
		t.Fatalf("before its time the article answers %d", status)
	}
	eventually(t, 10*time.Second, "the scheduled article being published", func() bool {
		status, _ := fetch(t, base+"/api/v1/articles/"+a.Slug)
		return status == 200
	})
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
