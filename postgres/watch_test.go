package postgres_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"masthead"
	"masthead/postgres"
	"masthead/postgres/pgtest"
	"masthead/storetest"
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

// TestWatcherKeys checks that the watcher reports the keys that another
// node's commit announced, in commit order, and nothing for a write that
// rolled back.
func TestWatcherKeys(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	node, err := postgres.Open(ctx, dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()
	reports := storetest.WatchChanges(t, postgres.Watcher{DSN: dsn})

	harbour := &masthead.Tag{Name: "Harbour", Slug: "harbour"}
	tides := &masthead.Tag{Name: "Tides", Slug: "tides"}
	for _, tag := range []*masthead.Tag{harbour, tides} {
		if err := node.CreateTag(ctx, tag); err != nil {
			t.Fatal(err)
		}
	}
	storetest.WantReport(t, "the first tag", reports, time.Second, masthead.TagKey(harbour.ID))
	storetest.WantReport(t, "the second tag", reports, time.Second, masthead.TagKey(tides.ID))

	// The batch's first comment would show, but its second answers a
	// comment that does not exist: nothing is stored, nothing announced.
	ana := &masthead.Author{Name: "Ana Lima", Slug: "ana-lima", Role: masthead.RoleAuthor}
	if err := node.CreateAuthor(ctx, ana); err != nil {
		t.Fatal(err)
	}
	storetest.WantReport(t, "an author", reports, time.Second, masthead.AuthorKey(ana.ID))
	draft := &masthead.Article{Slug: "draft", Headline: "Draft", Status: masthead.StatusDraft, Authors: []*masthead.Author{ana}}
	if err := node.CreateArticle(ctx, draft); err != nil {
		t.Fatal(err)
	}
	storetest.WantReport(t, "a draft", reports, time.Second, masthead.ArticleKey(draft.ID))
	comment := func(parent int64) masthead.BatchComment {
		return masthead.BatchComment{Comment: &masthead.Comment{ArticleID: draft.ID, ParentID: parent, AuthorName: "Reader",
			AuthorEmail: "reader@example.net", Body: "A thought.", Status: masthead.CommentApproved}}
	}
	if err := node.SubmitComments(ctx, []masthead.BatchComment{comment(0), comment(999)}, masthead.SubmitOptions{}); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Fatalf("a batch with a reply to nothing: %v, want ECONFLICT", err)
	}
	tides.Name = "Tide tables"
	if err := node.UpdateTag(ctx, tides); err != nil {
		t.Fatal(err)
	}
	storetest.WantReport(t, "a renamed tag after a refused batch", reports, time.Second, masthead.TagKey(tides.ID))
}

// TestWatcherHearsItsOwnSchema: sites in two schemas of one database share
// the notification channel; each watcher reports only its own site's
// changes.
func TestWatcherHearsItsOwnSchema(t *testing.T) {
	ctx := context.Background()
	dsn, otherDSN := pgtest.DSN(t), pgtest.DSN(t)
	node, err := postgres.Open(ctx, dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()
	other, err := postgres.Open(ctx, otherDSN, "")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	reports := storetest.WatchChanges(t, postgres.Watcher{DSN: dsn})
	// Another key than ours would be, so that hearing it shows.
	if err := other.CreateAuthor(ctx, &masthead.Author{Name: "Theirs", Slug: "theirs", Role: masthead.RoleAuthor}); err != nil {
		t.Fatal(err)
	}
	ours := &masthead.Tag{Name: "Ours", Slug: "ours"}
	if err := node.CreateTag(ctx, ours); err != nil {
		t.Fatal(err)
	}
	storetest.WantReport(t, "a tag of this site after one of another schema's", reports, 2*time.Second, masthead.TagKey(ours.ID))
}
