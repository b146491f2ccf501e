package storetest

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead"
)

// changeRecorder keeps what a store announced to its own process through
// masthead.ChangeAnnouncer.
type changeRecorder struct {
	mu    sync.Mutex
	calls [][]masthead.ChangeKey
}

// recordChanges subscribes to the changes s announces.
func recordChanges(t *testing.T, s masthead.Store) *changeRecorder {
	t.Helper()
	announcer, ok := s.(masthead.ChangeAnnouncer)
	if !ok {
		t.Fatal("the store does not announce its changes: it is no masthead.ChangeAnnouncer")
	}
	r := &changeRecorder{}
	announcer.OnChange(func(keys []masthead.ChangeKey) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.calls = append(r.calls, slices.Clone(keys))
	})
	return r
}

// during runs write and returns what the store announced before write
// returned: the keys of its one announcement, or nil for none. More than
// one announcement for one write fails the test.
func (r *changeRecorder) during(t *testing.T, what string, write func() error) []masthead.ChangeKey {
	t.Helper()
	r.mu.Lock()
	r.calls = nil
	r.mu.Unlock()
	err := write()
	r.mu.Lock()
	calls := r.calls
	r.calls = nil
	r.mu.Unlock()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if len(calls) > 1 {
		t.Fatalf("%s announced %d changes %v, want one", what, len(calls), calls)
	}
	if len(calls) == 0 {
		return nil
	}
	return calls[0]
}

// expect runs write and checks that it announced exactly want (nothing
// when want is empty) before it returned.
func (r *changeRecorder) expect(t *testing.T, what string, write func() error, want ...masthead.ChangeKey) {
	t.Helper()
	wantKeys(t, what, r.during(t, what, write), want...)
}

// expectRefused runs write, checks that it fails with code, and that it
// announced nothing: a write that rolls back changes nothing.
func (r *changeRecorder) expectRefused(t *testing.T, what string, code string, write func() error) {
	t.Helper()
	got := r.during(t, what, func() error {
		err := write()
		if c := masthead.ErrorCode(err); c != code {
			t.Fatalf("%s: error code %q (%v), want %q", what, c, err, code)
		}
		return nil
	})
	wantKeys(t, what, got)
}

// wantKeys compares announced keys with want, in any order.
func wantKeys(t *testing.T, what string, got []masthead.ChangeKey, want ...masthead.ChangeKey) {
	t.Helper()
	want = slices.Clone(want)
	slices.Sort(want)
	want = slices.Compact(want)
	if len(want) == 0 {
		want = nil
	}
	if !slices.IsSorted(got) {
		t.Errorf("%s announced %v, not sorted", what, got)
	}
	sorted := slices.Clone(got)
	slices.Sort(sorted)
	if diff := cmp.Diff(want, sorted); diff != "" {
		t.Errorf("%s announced the wrong keys (-want +got):\n%s", what, diff)
	}
}

// listKeys returns the keys of the lists a public article is in: the
// site-wide one, its section's, its tags' and its authors'.
func listKeys(section *masthead.Category, tags []*masthead.Tag, authors ...*masthead.Author) []masthead.ChangeKey {
	keys := []masthead.ChangeKey{masthead.KeyFront}
	if section != nil {
		keys = append(keys, masthead.SectionListKey(section.ID))
	}
	for _, tag := range tags {
		keys = append(keys, masthead.TagListKey(tag.ID))
	}
	for _, au := range authors {
		keys = append(keys, masthead.AuthorListKey(au.ID))
	}
	return keys
}

// testArticleChanges checks what article and page writes announce: their
// own key always, and the lists they leave or join while readers see
// them.
func testArticleChanges(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana, ben, cy := mustAuthor(t, s, "Ana Lima"), mustAuthor(t, s, "Ben Ortiz"), mustAuthor(t, s, "Cy Young")
	local, sport := mustCategory(t, s, "Local"), mustCategory(t, s, "Sport")
	harbour, ferries, tides := mustTag(t, s, "Harbour"), mustTag(t, s, "Ferries"), mustTag(t, s, "Tides")
	rec := recordChanges(t, s)

	a := newArticle("Harbour plan", time.Time{}, ana)
	a.Status, a.Category, a.Tags = masthead.StatusDraft, local, []*masthead.Tag{harbour, ferries}
	wantKeys(t, "a new draft", rec.during(t, "a new draft", func() error { return s.CreateArticle(ctx, a) }), masthead.ArticleKey(a.ID))
	own := masthead.ArticleKey(a.ID)
	update := func() error { return s.UpdateArticle(ctx, a) }

	a.Dek = "A second go."
	rec.expect(t, "a draft saved again", update, own)

	a.Status, a.PublishedAt, a.Authors = masthead.StatusPublished, Epoch.Add(-time.Hour), []*masthead.Author{ana, ben}
	rec.expect(t, "publishing", update, append(listKeys(local, a.Tags, ana, ben), own)...)

	// A public article that moves section, changes a tag and an author
	// leaves lists and joins others: all of them change.
	a.Category, a.Tags, a.Authors = sport, []*masthead.Tag{harbour, tides}, []*masthead.Author{ana, cy}
	rec.expect(t, "moving a public article", update, append(listKeys(local, []*masthead.Tag{harbour, ferries, tides}, ana, ben, cy),
		own, masthead.SectionListKey(sport.ID))...)
	public := append(listKeys(sport, a.Tags, ana, cy), own)

	a.Slug = "harbour-plan-revised" // the old address redirects; the redirect itself is no page
	rec.expect(t, "a new address", update, public...)
	rec.expect(t, "a correction", func() error {
		return s.AddCorrection(ctx, &masthead.Correction{ArticleID: a.ID, Kind: masthead.CorrectionKind, Text: "The plan was revised in May."})
	}, public...)

	stale := *a
	stale.Revision = 1
	rec.expectRefused(t, "a save from an old revision", masthead.ECONFLICT, func() error { return s.UpdateArticle(ctx, &stale) })

	a.Status = masthead.StatusDraft
	rec.expect(t, "unpublishing", update, public...)

	a.Status, a.PublishedAt = masthead.StatusScheduled, Epoch.Add(time.Hour)
	rec.expect(t, "scheduling", update, own)
	rec.expect(t, "publishing before anything is due", func() error {
		_, err := s.PublishDueArticles(ctx)
		return err
	})
	clk.now = Epoch.Add(time.Hour)
	rec.expect(t, "publishing a scheduled article on time", func() error {
		n, err := s.PublishDueArticles(ctx)
		if err == nil && n != 1 {
			t.Errorf("PublishDueArticles published %d, want 1", n)
		}
		return err
	}, public...)

	future := newArticle("Published later", Epoch.Add(24*time.Hour), ben)
	wantKeys(t, "a published article whose time has not come", rec.during(t, "a future article", func() error {
		return s.CreateArticle(ctx, future)
	}), masthead.ArticleKey(future.ID))
	now := newArticle("Published now", Epoch.Add(-time.Minute), ben)
	now.Category, now.Tags = local, []*masthead.Tag{tides}
	got := rec.during(t, "a new public article", func() error { return s.CreateArticle(ctx, now) })
	wantKeys(t, "a new public article", got, append(listKeys(local, now.Tags, ben), masthead.ArticleKey(now.ID))...)

	// A page is in no section's, tag's or author's list; those below a
	// page that moves move with it.
	about := newArticle("About us", Epoch.Add(-time.Hour), ana)
	about.Kind, about.Slug = masthead.KindPage, "about"
	got = rec.during(t, "a new page", func() error { return s.CreateArticle(ctx, about) })
	wantKeys(t, "a new page", got, masthead.ArticleKey(about.ID), masthead.KeyFront)
	team := newArticle("Our team", Epoch.Add(-time.Hour), ana)
	team.Kind, team.Slug, team.ParentID = masthead.KindPage, "team", about.ID
	got = rec.during(t, "a page below it", func() error { return s.CreateArticle(ctx, team) })
	wantKeys(t, "a page below it", got, masthead.ArticleKey(team.ID), masthead.KeyFront)
	about.Slug = "about-us"
	rec.expect(t, "a page that moves", func() error { return s.UpdateArticle(ctx, about) },
		masthead.ArticleKey(about.ID), masthead.ArticleKey(team.ID), masthead.KeyFront)
	about.Kind = masthead.KindArticle
	rec.expectRefused(t, "a page made an article", masthead.EINVALID, func() error { return s.UpdateArticle(ctx, about) })
	about.Kind = masthead.KindPage

	// Menus are on every page, with the addresses and visibility of the
	// articles they lead to.
	menu := &masthead.Menu{Location: masthead.MenuFooter, Items: []*masthead.MenuItem{{Label: "About", Kind: masthead.TargetArticle, ArticleID: about.ID}}}
	rec.expect(t, "a saved menu", func() error { return s.SaveMenu(ctx, menu) }, masthead.KeyAll)
	about.Headline = "About the Observer"
	rec.expect(t, "a page a menu leads to", func() error { return s.UpdateArticle(ctx, about) }, masthead.KeyAll)
}

// testCommentChanges checks that comment writes announce a change exactly
// when an approved comment appears, changes or goes.
func testCommentChanges(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	a := mustArticle(t, s, newArticle("Ferry fares", Epoch.Add(-time.Hour), ana))
	b := mustArticle(t, s, newArticle("Tide tables", Epoch.Add(-time.Hour), ana))
	rec := recordChanges(t, s)
	onA := []masthead.ChangeKey{masthead.ArticleKey(a.ID), masthead.KeyComments}
	onB := []masthead.ChangeKey{masthead.ArticleKey(b.ID), masthead.KeyComments}
	comment := func(article *masthead.Article, status masthead.CommentStatus) *masthead.Comment {
		return &masthead.Comment{ArticleID: article.ID, AuthorName: "Reader", AuthorEmail: "reader@example.net",
			Body: "A thought.", Status: status, IP: "203.0.113.0"}
	}
	status := func(c *masthead.Comment, to masthead.CommentStatus) func() error {
		return func() error { return s.UpdateCommentStatus(ctx, c.ID, to) }
	}

	held := comment(a, masthead.CommentPending)
	rec.expect(t, "a held comment", func() error { return s.CreateComment(ctx, held) })
	approved := comment(a, masthead.CommentApproved)
	rec.expect(t, "an approved comment", func() error { return s.CreateComment(ctx, approved) }, onA...)
	rec.expect(t, "approving a held comment", status(held, masthead.CommentApproved), onA...)
	rec.expect(t, "approving it again", status(held, masthead.CommentApproved))
	rec.expect(t, "marking an approved comment as spam", status(held, masthead.CommentSpam), onA...)
	rec.expect(t, "moving spam to the trash", status(held, masthead.CommentTrash))
	rec.expect(t, "deleting a trashed comment", func() error { return s.DeleteComment(ctx, held.ID) })
	rec.expect(t, "deleting an approved comment", func() error { return s.DeleteComment(ctx, approved.ID) }, onA...)
	rec.expectRefused(t, "moderating a comment that does not exist", masthead.ENOTFOUND, status(&masthead.Comment{ID: 999}, masthead.CommentApproved))

	// The approved replies of a held comment move up when it goes.
	parent := comment(a, masthead.CommentPending)
	rec.expect(t, "another held comment", func() error { return s.CreateComment(ctx, parent) })
	reply := comment(a, masthead.CommentApproved)
	reply.ParentID = parent.ID
	rec.expect(t, "an approved reply to it", func() error { return s.CreateComment(ctx, reply) }, onA...)
	rec.expect(t, "deleting the held parent of an approved reply", func() error { return s.DeleteComment(ctx, parent.ID) }, onA...)

	// A staff reply approves the comment it answers.
	question := comment(b, masthead.CommentPending)
	rec.expect(t, "a held question", func() error { return s.CreateComment(ctx, question) })
	answer := comment(b, masthead.CommentApproved)
	answer.ParentID = question.ID
	rec.expect(t, "a staff reply", func() error {
		return s.SubmitComment(ctx, answer, masthead.SubmitOptions{ApproveParent: true})
	}, onB...)
	heldAgain := comment(b, masthead.CommentPending)
	rec.expect(t, "a held comment", func() error { return s.CreateComment(ctx, heldAgain) })
	heldReply := comment(b, masthead.CommentPending)
	heldReply.ParentID = heldAgain.ID
	rec.expect(t, "a held reply that approves its held parent", func() error {
		return s.SubmitComment(ctx, heldReply, masthead.SubmitOptions{ApproveParent: true})
	}, onB...)

	batch := []masthead.BatchComment{{Comment: comment(a, masthead.CommentApproved)}, {Comment: comment(b, masthead.CommentPending)},
		{Comment: comment(b, masthead.CommentApproved)}}
	rec.expect(t, "a batch over two articles", func() error { return s.SubmitComments(ctx, batch, masthead.SubmitOptions{}) },
		masthead.ArticleKey(a.ID), masthead.ArticleKey(b.ID), masthead.KeyComments)
	rec.expect(t, "a batch of held comments", func() error {
		return s.SubmitComments(ctx, []masthead.BatchComment{{Comment: comment(a, masthead.CommentPending)}, {Comment: comment(b, masthead.CommentSpam)}},
			masthead.SubmitOptions{})
	})
	// The first comment of this batch would show, but the second answers
	// a comment of another article, so none is stored and nothing changed.
	stray := comment(a, masthead.CommentApproved)
	stray.ParentID = answer.ID
	rec.expectRefused(t, "a batch refused after an approved comment", masthead.ECONFLICT, func() error {
		return s.SubmitComments(ctx, []masthead.BatchComment{{Comment: comment(a, masthead.CommentApproved)}, {Comment: stray}}, masthead.SubmitOptions{})
	})
}

// testPeopleAndTermChanges checks what writes to authors, staff accounts,
// tags, sections, settings, media, redirects and import runs announce.
func testPeopleAndTermChanges(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	rec := recordChanges(t, s)

	ana := &masthead.Author{Name: "Ana Lima", Slug: "ana-lima", Role: masthead.RoleAuthor, Email: "ana@example.com"}
	wantKeys(t, "a new author", rec.during(t, "a new author", func() error { return s.CreateAuthor(ctx, ana) }), masthead.AuthorKey(ana.ID))
	eda := &masthead.Author{Name: "Eda Editor", Slug: "eda-editor", Role: masthead.RoleEditor, Email: "eda@example.com"}
	wantKeys(t, "a new staff account", rec.during(t, "a new staff account", func() error {
		return s.CreateStaff(ctx, eda, "$argon2id$hash")
	}), masthead.AuthorKey(eda.ID))
	ana.Name, ana.Slug, ana.Bio = "Ana Lima-Ortiz", "ana-lima-ortiz", "Covers the harbour."
	rec.expect(t, "a renamed author", func() error { return s.UpdateAuthor(ctx, ana) }, masthead.AuthorKey(ana.ID))
	taken := *ana
	taken.Slug = eda.Slug
	rec.expectRefused(t, "an author given a slug in use", masthead.ECONFLICT, func() error { return s.UpdateAuthor(ctx, &taken) })
	// Bylines and author pages stay while an account is disabled.
	rec.expect(t, "a disabled account", func() error { return s.DisableStaff(ctx, eda.ID) })
	rec.expect(t, "an enabled account", func() error { return s.EnableStaff(ctx, eda.ID) })
	rec.expect(t, "a new password", func() error { return s.SetPassword(ctx, eda.ID, "$argon2id$other") })
	rec.expect(t, "a session", func() error {
		return s.CreateSession(ctx, &masthead.Session{TokenHash: "abc", AuthorID: eda.ID, ExpiresAt: Epoch.Add(time.Hour)})
	})
	rec.expect(t, "a reserved sign-in", func() error {
		return s.ReserveSignIn(ctx, masthead.SignInAttempt{Account: "eda-hash", Network: "192.0.2.0"},
			masthead.DefaultSignInPolicy)
	})

	tag := &masthead.Tag{Name: "Harbour", Slug: "harbour"}
	wantKeys(t, "a new tag", rec.during(t, "a new tag", func() error { return s.CreateTag(ctx, tag) }), masthead.TagKey(tag.ID))
	rec.expect(t, "a tag ensured that exists", func() error {
		_, err := s.EnsureTag(ctx, "Harbour")
		return err
	})
	var ensured *masthead.Tag
	got := rec.during(t, "a tag ensured that did not exist", func() error {
		var err error
		ensured, err = s.EnsureTag(ctx, "Tides")
		return err
	})
	wantKeys(t, "a tag ensured that did not exist", got, masthead.TagKey(ensured.ID))
	tag.Name, tag.Slug = "The harbour", "the-harbour"
	rec.expect(t, "a renamed tag", func() error { return s.UpdateTag(ctx, tag) }, masthead.TagKey(tag.ID))
	ensured.Slug = tag.Slug
	rec.expectRefused(t, "a tag given a slug in use", masthead.ECONFLICT, func() error { return s.UpdateTag(ctx, ensured) })

	// Sections are in every page's navigation, and settings on every page.
	local := &masthead.Category{Name: "Local", Slug: "local"}
	rec.expect(t, "a new section", func() error { return s.CreateCategory(ctx, local) }, masthead.KeyAll)
	local.Description = "News from the town."
	rec.expect(t, "a described section", func() error { return s.UpdateCategory(ctx, local) }, masthead.KeyAll)
	rec.expectRefused(t, "a section whose slug is taken", masthead.ECONFLICT, func() error {
		return s.CreateCategory(ctx, &masthead.Category{Name: "Local again", Slug: "local"})
	})
	site := masthead.DefaultSite()
	site.Title = "The Observer"
	rec.expect(t, "new settings", func() error { return s.UpdateSite(ctx, site) }, masthead.KeyAll)
	rec.expect(t, "the site secret", func() error {
		_, err := s.SiteSecret(ctx)
		return err
	})

	// No cached page is a redirect: a redirect answers only addresses
	// that no page has.
	rec.expect(t, "a new redirect", func() error { return s.AddRedirect(ctx, "/old/", "/new/") })
	rec.expect(t, "a removed redirect", func() error { return s.DeleteRedirect(ctx, "/old/") })

	run := &masthead.ImportRun{StartedBy: eda.ID, FileName: "observer.xml"}
	rec.expect(t, "a started import", func() error { return s.StartImportRun(ctx, run) })
	rec.expect(t, "an import's progress", func() error { return s.UpdateImportRun(ctx, run.ID, masthead.ImportRunning, 10, 100) })
	run.State = masthead.ImportDone
	rec.expect(t, "a finished import", func() error { return s.FinishImportRun(ctx, run) })

	// An image shows nowhere until an article or author refers to it,
	// which announces that change; a deleted one leaves them all.
	pier := &masthead.Media{Name: "0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Width: 200, Height: 100,
		OriginalName: "pier.jpg", AltText: "The pier at dawn"}
	rec.expect(t, "an uploaded image", func() error { return s.CreateMedia(ctx, pier) })
	pier.Caption = "The pier at dawn, from the east quay"
	rec.expect(t, "an image's new caption", func() error { return s.UpdateMedia(ctx, pier) }, masthead.MediaKey(pier.ID))
	a := newArticle("Pier opens", Epoch.Add(-time.Hour), ana)
	a.FeaturedImage = pier
	mustArticle(t, s, a)
	ana.Avatar = pier
	rec.expect(t, "an author's new picture", func() error { return s.UpdateAuthor(ctx, ana) }, masthead.AuthorKey(ana.ID))
	rec.expect(t, "a deleted image", func() error { _, err := s.DeleteMedia(ctx, pier.ID); return err },
		masthead.MediaKey(pier.ID), masthead.ArticleKey(a.ID), masthead.AuthorKey(ana.ID))
	rec.expectRefused(t, "an image deleted twice", masthead.ENOTFOUND, func() error { _, err := s.DeleteMedia(ctx, pier.ID); return err })
}
