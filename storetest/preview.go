package storetest

import (
	"context"
	"testing"
	"time"

	"masthead"
)

// testPreviewLinks checks preview links: stored by their token's hash,
// found whether they work or not (so that an ended link can say so),
// listed per article while they work, newest first, and revoked at once
// for good, only through their own article.
func testPreviewLinks(t *testing.T, open Opener) {
	s, clock := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	draft := newArticle("Embargoed budget", time.Time{}, ana)
	draft.Status = masthead.StatusDraft
	mustArticle(t, s, draft)
	other := mustArticle(t, s, newArticle("Another story", Epoch.Add(-time.Hour), ana))

	wantCode(t, s.CreatePreviewLink(ctx, &masthead.PreviewLink{ArticleID: draft.ID, ExpiresAt: Epoch.Add(time.Hour)}), masthead.EINVALID)
	wantCode(t, s.CreatePreviewLink(ctx, &masthead.PreviewLink{ArticleID: draft.ID, TokenHash: "h0", ExpiresAt: Epoch}), masthead.EINVALID)
	wantCode(t, s.CreatePreviewLink(ctx, &masthead.PreviewLink{ArticleID: 99999, TokenHash: "h0", ExpiresAt: Epoch.Add(time.Hour)}), masthead.ECONFLICT)

	first := &masthead.PreviewLink{ArticleID: draft.ID, TokenHash: "hash-one", CreatedBy: ana.ID, ExpiresAt: Epoch.Add(48 * time.Hour)}
	if err := s.CreatePreviewLink(ctx, first); err != nil {
		t.Fatal(err)
	}
	if first.ID == 0 || !first.CreatedAt.Equal(Epoch) {
		t.Fatalf("created link: id %d, created %v", first.ID, first.CreatedAt)
	}
	wantCode(t, s.CreatePreviewLink(ctx, &masthead.PreviewLink{ArticleID: draft.ID, TokenHash: "hash-one", ExpiresAt: Epoch.Add(time.Hour)}), masthead.ECONFLICT)
	clock.now = clock.now.Add(time.Minute)
	second := &masthead.PreviewLink{ArticleID: draft.ID, TokenHash: "hash-two", CreatedBy: ana.ID, ExpiresAt: Epoch.Add(time.Hour)}
	if err := s.CreatePreviewLink(ctx, second); err != nil {
		t.Fatal(err)
	}
	elsewhere := &masthead.PreviewLink{ArticleID: other.ID, TokenHash: "hash-other", ExpiresAt: Epoch.Add(time.Hour)}
	if err := s.CreatePreviewLink(ctx, elsewhere); err != nil {
		t.Fatal(err)
	}

	got, err := s.FindPreviewLink(ctx, "hash-one")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != first.ID || got.ArticleID != draft.ID || got.CreatedBy != ana.ID || !got.ExpiresAt.Equal(first.ExpiresAt) || !got.RevokedAt.IsZero() {
		t.Fatalf("found %+v, want %+v", got, first)
	}
	_, err = s.FindPreviewLink(ctx, "no-such-hash")
	wantCode(t, err, masthead.ENOTFOUND)

	ids := func() []int64 {
		t.Helper()
		links, err := s.FindPreviewLinks(ctx, draft.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, l := range links {
			out = append(out, l.ID)
		}
		return out
	}
	if got := ids(); len(got) != 2 || got[0] != second.ID || got[1] != first.ID {
		t.Fatalf("links of the draft: %v, want %d then %d", got, second.ID, first.ID)
	}

	// Revoking goes through the link's own article only.
	wantCode(t, s.RevokePreviewLink(ctx, other.ID, first.ID), masthead.ENOTFOUND)
	if err := s.RevokePreviewLink(ctx, draft.ID, first.ID); err != nil {
		t.Fatal(err)
	}
	clock.now = clock.now.Add(time.Minute)
	if err := s.RevokePreviewLink(ctx, draft.ID, first.ID); err != nil {
		t.Fatalf("revoking twice: %v", err)
	}
	got, err = s.FindPreviewLink(ctx, "hash-one")
	if err != nil {
		t.Fatal(err)
	}
	if !got.RevokedAt.Equal(Epoch.Add(time.Minute)) || got.Usable(clock.Now()) {
		t.Fatalf("revoked link: revoked at %v, usable %v; want the first revocation and unusable", got.RevokedAt, got.Usable(clock.Now()))
	}
	if got := ids(); len(got) != 1 || got[0] != second.ID {
		t.Fatalf("links after revoking: %v, want only %d", got, second.ID)
	}

	// An expired link leaves the list but is still found, until it has
	// been over for the retention time.
	clock.now = clock.now.Add(time.Hour)
	if got := ids(); len(got) != 0 {
		t.Fatalf("links after the second expired: %v, want none", got)
	}
	if l, err := s.FindPreviewLink(ctx, "hash-two"); err != nil || l.Usable(clock.Now()) {
		t.Fatalf("expired link: %v, %v; want it found and unusable", l, err)
	}
	clock.now = clock.now.Add(masthead.PreviewLinkRetention + time.Hour)
	if err := s.CreatePreviewLink(ctx, &masthead.PreviewLink{ArticleID: draft.ID, TokenHash: "hash-three", ExpiresAt: clock.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for _, hash := range []string{"hash-one", "hash-two", "hash-other"} {
		_, err := s.FindPreviewLink(ctx, hash)
		wantCode(t, err, masthead.ENOTFOUND)
	}
}

// testAutosaves checks the editor's autosave slots: one per staff member
// and article, the new article's among them, replaced by each save, kept
// apart from the article itself, and emptied on demand.
func testAutosaves(t *testing.T, open Opener) {
	s, clock := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	ben := mustAuthor(t, s, "Ben Ortiz")
	a := mustArticle(t, s, newArticle("Harbour vote", Epoch.Add(-time.Hour), ana))

	_, err := s.FindAutosave(ctx, a.ID, ana.ID)
	wantCode(t, err, masthead.ENOTFOUND)
	wantCode(t, s.SaveAutosave(ctx, &masthead.Autosave{ArticleID: 99999, AuthorID: ana.ID}), masthead.ECONFLICT)
	wantCode(t, s.SaveAutosave(ctx, &masthead.Autosave{ArticleID: a.ID, AuthorID: 99999}), masthead.ECONFLICT)

	mine := &masthead.Autosave{ArticleID: a.ID, AuthorID: ana.ID, BaseRevision: a.Revision, Headline: "Harbour vote, updated",
		Dek: "A dek", Body: "Typed so far.", Excerpt: "Short."}
	if err := s.SaveAutosave(ctx, mine); err != nil {
		t.Fatal(err)
	}
	if !mine.SavedAt.Equal(Epoch) {
		t.Fatalf("saved at %v, want %v", mine.SavedAt, Epoch)
	}
	theirs := &masthead.Autosave{ArticleID: a.ID, AuthorID: ben.ID, BaseRevision: a.Revision, Headline: "Ben's take", Body: "Ben typed this."}
	if err := s.SaveAutosave(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	fresh := &masthead.Autosave{AuthorID: ana.ID, Headline: "Not saved yet", Body: "A new article."}
	if err := s.SaveAutosave(ctx, fresh); err != nil {
		t.Fatalf("the new article's slot: %v", err)
	}

	clock.now = clock.now.Add(30 * time.Second)
	mine.Body, mine.BaseRevision = "Typed some more.", a.Revision+1
	if err := s.SaveAutosave(ctx, mine); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindAutosave(ctx, a.ID, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := masthead.Autosave{ArticleID: a.ID, AuthorID: ana.ID, BaseRevision: a.Revision + 1, Headline: "Harbour vote, updated",
		Dek: "A dek", Body: "Typed some more.", Excerpt: "Short.", SavedAt: Epoch.Add(30 * time.Second)}
	if *got != want {
		t.Fatalf("autosave = %+v, want %+v", *got, want)
	}
	if got, err := s.FindAutosave(ctx, a.ID, ben.ID); err != nil || got.Body != "Ben typed this." {
		t.Fatalf("another staff member's slot: %+v, %v", got, err)
	}
	if got, err := s.FindAutosave(ctx, 0, ana.ID); err != nil || got.Headline != "Not saved yet" {
		t.Fatalf("the new article's slot: %+v, %v", got, err)
	}
	stored, err := s.FindArticleByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Headline != "Harbour vote" || stored.Revision != a.Revision {
		t.Fatalf("autosaving changed the article: %q at revision %d", stored.Headline, stored.Revision)
	}

	if err := s.DeleteAutosave(ctx, a.ID, ana.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAutosave(ctx, a.ID, ana.ID); err != nil {
		t.Fatalf("emptying an empty slot: %v", err)
	}
	_, err = s.FindAutosave(ctx, a.ID, ana.ID)
	wantCode(t, err, masthead.ENOTFOUND)
	if _, err := s.FindAutosave(ctx, a.ID, ben.ID); err != nil {
		t.Fatalf("emptying one slot emptied another: %v", err)
	}
}
