package postgres_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"masthead"
	"masthead/postgres"
	"masthead/postgres/pgtest"
)

// TestWatcher hears a change made on another connection, and reports a
// change again after its connection is cut, as notifications may have been
// lost in between.
func TestWatcher(t *testing.T) {
	dsn := pgtest.DSN(t)
	store, err := postgres.Open(context.Background(), dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var calls atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- postgres.Watcher{DSN: dsn}.WatchChanges(ctx, func([]masthead.ChangeKey) { calls.Add(1) })
	}()
	wait := func(what string, n int64) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for calls.Load() < n {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d calls, want %d", what, calls.Load(), n)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	wait("the first call", 1)

	site := masthead.DefaultSite()
	site.Title = "Changed elsewhere"
	if err := store.UpdateSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	wait("a change on another connection", 2)

	// Cut the listening connection, as a network fault or a restart would.
	if _, err := store.DB().Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'`); err != nil {
		t.Fatal(err)
	}
	wait("the flush after reconnecting", 3)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestMenuChangesNotify hears every change that a cached menu depends on:
// a saved menu, and a change to an article a menu leads to, whether an
// editor or the scheduler made it.
func TestMenuChangesNotify(t *testing.T) {
	dsn := pgtest.DSN(t)
	store, err := postgres.Open(context.Background(), dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	ben := &masthead.Author{Name: "Ben Ortiz", Slug: "ben-ortiz", Role: masthead.RoleAuthor}
	if err := store.CreateAuthor(ctx, ben); err != nil {
		t.Fatal(err)
	}
	about := &masthead.Article{Slug: "about", Headline: "About us", Status: masthead.StatusPublished,
		PublishedAt: time.Now().Add(-time.Hour), Authors: []*masthead.Author{ben}}
	later := &masthead.Article{Slug: "later", Headline: "Later", Status: masthead.StatusScheduled,
		PublishedAt: time.Now().Add(-time.Minute), Authors: []*masthead.Author{ben}}
	for _, a := range []*masthead.Article{about, later} {
		if err := store.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}

	var calls atomic.Int64
	watchCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go postgres.Watcher{DSN: dsn}.WatchChanges(watchCtx, func([]masthead.ChangeKey) { calls.Add(1) })
	wait := func(what string, n int64) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for calls.Load() < n {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d calls, want %d", what, calls.Load(), n)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	wait("the first call", 1)
	menu := &masthead.Menu{Location: masthead.MenuFooter, Items: []*masthead.MenuItem{
		{Label: "About", Kind: masthead.TargetArticle, ArticleID: about.ID},
		{Label: "Later", Kind: masthead.TargetArticle, ArticleID: later.ID},
	}}
	if err := store.SaveMenu(ctx, menu); err != nil {
		t.Fatal(err)
	}
	wait("a saved menu", 2)
	about.Status = masthead.StatusDraft
	if err := store.UpdateArticle(ctx, about); err != nil {
		t.Fatal(err)
	}
	wait("an unpublished page of the menu", 3)
	if n, err := store.PublishDueArticles(ctx); err != nil || n != 1 {
		t.Fatalf("PublishDueArticles = %d, %v", n, err)
	}
	wait("a page of the menu published on time", 4)
}

// TestEveryWriteNotifies: a write of what only pages show (a comment, an
// article) reaches the other nodes' page caches too, while a round of
// the scheduler that publishes nothing announces nothing.
func TestEveryWriteNotifies(t *testing.T) {
	dsn := pgtest.DSN(t)
	store, err := postgres.Open(context.Background(), dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	ben := &masthead.Author{Name: "Ben Ortiz", Slug: "ben-ortiz", Role: masthead.RoleAuthor}
	if err := store.CreateAuthor(ctx, ben); err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int64
	watchCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- postgres.Watcher{DSN: dsn}.WatchChanges(watchCtx, func([]masthead.ChangeKey) { calls.Add(1) })
	}()
	defer func() { cancel(); <-done }()
	wait := func(what string, n int64) {
		t.Helper()
		deadline := time.Now().Add(time.Second)
		for calls.Load() < n {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d calls within 1 s, want %d", what, calls.Load(), n)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	wait("the first call", 1)
	a := &masthead.Article{Slug: "ferry", Headline: "Ferry", Status: masthead.StatusPublished,
		PublishedAt: time.Now().Add(-time.Hour), Authors: []*masthead.Author{ben}, CommentsOpen: true}
	if err := store.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	wait("a new article", 2)
	c := &masthead.Comment{ArticleID: a.ID, AuthorName: "Cora", AuthorEmail: "cora@reader.example", Body: "Good.", Status: masthead.CommentApproved}
	if err := store.CreateComment(ctx, c); err != nil {
		t.Fatal(err)
	}
	wait("a new comment", 3)
	if n, err := store.PublishDueArticles(ctx); err != nil || n != 0 {
		t.Fatalf("PublishDueArticles = %d, %v", n, err)
	}
	if _, err := store.FindArticleBySlug(ctx, "ferry"); err != nil {
		t.Fatal(err)
	}
	// A write after them shows that they were heard of, had they been
	// announced, before it.
	site := masthead.DefaultSite()
	if err := store.UpdateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	wait("a settings change", 4)
	if got := calls.Load(); got != 4 {
		t.Fatalf("%d calls; a scheduler round with nothing due and a read announced a change", got)
	}
}
