package related

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"masthead"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// countingStore is a real SQLite store that counts the reads of lists.
type countingStore struct {
	*sqlstore.Store
	reads atomic.Int64
}

func (s *countingStore) FindRelatedCandidates(ctx context.Context, lists []masthead.RelatedList, n int) (map[masthead.RelatedList][]masthead.RelatedCandidate, error) {
	s.reads.Add(1)
	return s.Store.FindRelatedCandidates(ctx, lists, n)
}

// newSite opens a fresh SQLite store with a section, a tag and three
// articles in both, and returns the store and the newest article.
func newSite(t *testing.T) (*countingStore, *masthead.Article) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	author := &masthead.Author{Name: "Ana Lima", Slug: "ana-lima", Role: masthead.RoleAuthor}
	section := &masthead.Category{Name: "Local", Slug: "local"}
	if err := s.CreateAuthor(ctx, author); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateCategory(ctx, section); err != nil {
		t.Fatal(err)
	}
	tag, err := s.EnsureTag(ctx, "Ferry")
	if err != nil {
		t.Fatal(err)
	}
	var newest *masthead.Article
	for i, h := range []string{"Oldest", "Middle", "Newest"} {
		a := &masthead.Article{Slug: masthead.Slugify(h), Headline: h, BodySource: h, BodyHTML: "<p>" + h + "</p>",
			Status: masthead.StatusPublished, PublishedAt: time.Now().Add(time.Duration(i-10) * time.Hour),
			Authors: []*masthead.Author{author}, Category: section, Tags: []*masthead.Tag{tag}}
		if err := s.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		newest = a
	}
	return &countingStore{Store: s}, newest
}

// TestListsAreKeptOnlyWhileHeard checks that a Finder reads its lists
// once while it keeps them, reads them at every page while it does not
// (no change watcher), reads again after MaxAge, and keeps no list that
// a purge overtook while it was read.
func TestListsAreKeptOnlyWhileHeard(t *testing.T) {
	ctx := context.Background()
	s, newest := newSite(t)
	f := New(s)
	find := func() {
		t.Helper()
		got, err := f.Find(ctx, newest, 4)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Headline != "Middle" || got[1].Headline != "Oldest" {
			t.Fatalf("related: %v", got)
		}
	}
	find()
	find()
	if n := s.reads.Load(); n != 2 || f.Len() != 0 {
		t.Fatalf("not keeping: %d reads, %d lists kept", n, f.Len())
	}
	f.Keep(true)
	find()
	find()
	if n := s.reads.Load(); n != 3 || f.Len() != 2 {
		t.Fatalf("keeping: %d reads, %d lists kept (the section's and the tag's)", n, f.Len())
	}
	clock := time.Now().Add(MaxAge + time.Second)
	f.now = func() time.Time { return clock }
	find()
	if n := s.reads.Load(); n != 4 {
		t.Fatalf("a list older than MaxAge was not read again: %d reads", n)
	}
	// A purge while a list is read: what was read serves once.
	f.Purge([]masthead.ChangeKey{masthead.KeyAll})
	f.store = purgingStore{countingStore: s, purge: func() { f.Purge([]masthead.ChangeKey{masthead.TagListKey(99)}) }}
	find()
	if f.Len() != 0 {
		t.Fatalf("%d lists kept that a purge overtook", f.Len())
	}
	f.Keep(false)
	if f.Len() != 0 {
		t.Fatal("lists kept after Keep(false)")
	}
}

// purgingStore purges during every read of lists, as a change of another
// writer may arrive while one is read.
type purgingStore struct {
	*countingStore
	purge func()
}

func (s purgingStore) FindRelatedCandidates(ctx context.Context, lists []masthead.RelatedList, n int) (map[masthead.RelatedList][]masthead.RelatedCandidate, error) {
	s.purge()
	return s.countingStore.FindRelatedCandidates(ctx, lists, n)
}
