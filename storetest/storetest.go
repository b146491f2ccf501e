// Package storetest is the conformance suite every masthead.Store must
// pass. It is written once and run against each database, so that SQLite
// and PostgreSQL behave the same.
package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead"
	"masthead/related"
)

// Opener returns a new, empty, migrated store whose clock is now. The
// store is closed by the opener's own cleanup.
type Opener func(t *testing.T, now func() time.Time) masthead.Store

// Epoch is the pinned time the suite runs at.
var Epoch = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

// Run runs every conformance test against stores made by open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, open Opener)
	}{
		{"Site", testSite},
		{"Authors", testAuthors},
		{"Taxonomy", testTaxonomy},
		{"CreateAndFindArticle", testCreateAndFindArticle},
		{"FindArticleHead", testFindArticleHead},
		{"CreateArticles", testCreateArticles},
		{"UpdateArticle", testUpdateArticle},
		{"ArticleValidationAndConflicts", testArticleConflicts},
		{"Visibility", testVisibility},
		{"Pagination", testPagination},
		{"ListTotals", testListTotals},
		{"Filters", testFilters},
		{"Related", testRelated},
		{"SectionFronts", testSectionFronts},
		{"Comments", testComments},
		{"CommentRateLimit", testCommentRateLimit},
		{"ApproveParentWithReply", testApproveParentWithReply},
		{"SubmitComments", testSubmitComments},
		{"FormNonces", testFormNonces},
		{"CommenterKeys", testCommenterKeys},
		{"CommenterHistory", testCommenterHistory},
		{"CommentThreads", testCommentThreads},
		{"CommentLastPage", testCommentLastPage},
		{"CommentCounts", testCommentCounts},
		{"Sitemaps", testSitemaps},
		{"Search", testSearch},
		{"SearchRenames", testSearchRenames},
		{"Accounts", testAccounts},
		{"CreateStaff", testCreateStaff},
		{"DisableStaff", testDisableStaff},
		{"LastAdminRace", testLastAdminRace},
		{"SignInThrottle", testSignInThrottle},
		{"SignInBurst", testSignInBurst},
		{"SetupTokens", testSetupTokens},
		{"SessionLastSeen", testSessionLastSeen},
		{"RevisionsAndConflicts", testRevisions},
		{"PublishDue", testPublishDue},
		{"Corrections", testCorrections},
		{"Media", testMedia},
		{"BodyMedia", testBodyMedia},
		{"UpdateMedia", testUpdateMedia},
		{"BrandImages", testBrandImages},
		{"Redirects", testRedirects},
		{"SitemapModifiedAfterPublication", testSitemapModifiedAfterPublication},
		{"AdminArticleFilters", testAdminArticleFilters},
		{"ExcerptGenerated", testExcerptGenerated},
		{"GeneratedSlugs", testGeneratedSlugs},
		{"Creators", testCreators},
		{"PublishedSlugMoves", testPublishedSlugMoves},
		{"PagesKeptApart", testPagesKeptApart},
		{"PageHierarchy", testPageHierarchy},
		{"PageMoves", testPageMoves},
		{"Menus", testMenus},
		{"Pins", testPins},
		{"PinnedListPages", testPinnedListPages},
		{"Breaking", testBreaking},
		{"Imports", testImports},
		{"ImportRuns", testImportRuns},
		{"ArticleChanges", testArticleChanges},
		{"CommentChanges", testCommentChanges},
		{"PeopleAndTermChanges", testPeopleAndTermChanges},
		{"CancelImportRun", testCancelImportRun},
		{"PreviewLinks", testPreviewLinks},
		{"Autosaves", testAutosaves},
		{"Outbox", testOutbox},
		{"OutboxRace", testOutboxRace},
		{"OutboxLeases", testOutboxLeases},
		{"OutboxClaimCap", testOutboxClaimCap},
		{"OutboxRefusesBadMail", testOutboxRefusesBadMail},
		{"PasswordResets", testPasswordResets},
		{"PasswordResetNeedsAPassword", testPasswordResetNeedsAPassword},
		{"LinksEndWithPasswordOrDisable", testLinksEndWithPasswordOrDisable},
		{"Invitations", testInvitations},
		{"CommenterExport", testCommenterExport},
		{"CommenterSubscriptions", testCommenterSubscriptions},
		{"EraseCommenter", testEraseCommenter},
		{"EraseAtomic", testEraseAtomic},
		{"PrivacyRequests", testPrivacyRequests},
		{"Retention", testRetention},
		{"RetentionEndsTokens", testRetentionEndsTokens},
		{"FollowUps", testFollowUps},
		{"HeldDigest", testHeldDigest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open) })
	}
}

// clock is a settable clock for stores under test.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func newStore(t *testing.T, open Opener) (masthead.Store, *clock) {
	t.Helper()
	c := &clock{now: Epoch}
	return open(t, c.Now), c
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := masthead.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func mustAuthor(t *testing.T, s masthead.Store, name string) *masthead.Author {
	t.Helper()
	a := &masthead.Author{Name: name, Slug: masthead.Slugify(name), Role: masthead.RoleAuthor,
		Email: masthead.Slugify(name) + "@example.com", Bio: "Writes about " + name + "."}
	if err := s.CreateAuthor(context.Background(), a); err != nil {
		t.Fatalf("create author %q: %v", name, err)
	}
	return a
}

func mustCategory(t *testing.T, s masthead.Store, name string) *masthead.Category {
	t.Helper()
	c := &masthead.Category{Name: name, Slug: masthead.Slugify(name), Description: "All about " + name + "."}
	if err := s.CreateCategory(context.Background(), c); err != nil {
		t.Fatalf("create category %q: %v", name, err)
	}
	return c
}

func mustTag(t *testing.T, s masthead.Store, name string) *masthead.Tag {
	t.Helper()
	tag, err := s.EnsureTag(context.Background(), name)
	if err != nil {
		t.Fatalf("ensure tag %q: %v", name, err)
	}
	return tag
}

// newArticle returns a published article that is not stored yet.
func newArticle(headline string, published time.Time, authors ...*masthead.Author) *masthead.Article {
	return &masthead.Article{
		Slug: masthead.Slugify(headline), Headline: headline, Dek: "Dek of " + headline,
		BodySource: "Body of " + headline, BodyHTML: "<p>Body of " + headline + "</p>", Excerpt: "Excerpt",
		Status: masthead.StatusPublished, PublishedAt: published, UpdatedAt: published,
		Authors: authors, CommentsOpen: true,
	}
}

func mustArticle(t *testing.T, s masthead.Store, a *masthead.Article) *masthead.Article {
	t.Helper()
	if err := s.CreateArticle(context.Background(), a); err != nil {
		t.Fatalf("create article %q: %v", a.Headline, err)
	}
	return a
}

func headlines(articles []*masthead.Article) []string {
	out := make([]string, len(articles))
	for i, a := range articles {
		out[i] = a.Headline
	}
	return out
}

func testSite(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	got, err := s.FindSite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(masthead.DefaultSite(), got); diff != "" {
		t.Fatalf("fresh site differs from defaults (-want +got):\n%s", diff)
	}
	want := &masthead.Site{Title: "Observer", Tagline: "Port Alder's paper", Language: "en-GB",
		TimeZone: "Europe/Lisbon", CommentDepth: 3, PageSize: 15,
		CommentModeration: masthead.ModerateHoldAll, CommentMinSeconds: 5, CommentMaxLinks: 1,
		CommentHoldWords: "casino\nloan", CommentSpamWords: "cheap watches",
		CommentPages: masthead.CommentPagesOff, CommentPageSize: 20, CommentDefaultPage: masthead.CommentPageFirst, CommentOrder: masthead.CommentsNewestFirst}
	if err := s.UpdateSite(ctx, want); err != nil {
		t.Fatal(err)
	}
	want.Title = "Observer Daily" // a second update replaces, not duplicates
	if err := s.UpdateSite(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err = s.FindSite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("site after update (-want +got):\n%s", diff)
	}
	for name, edit := range map[string]func(*masthead.Site){
		"no title":    func(s *masthead.Site) { s.Title = "" },
		"bad zone":    func(s *masthead.Site) { s.TimeZone = "Mars/Olympus" },
		"bad policy":  func(s *masthead.Site) { s.CommentModeration = "maybe" },
		"deep thread": func(s *masthead.Site) { s.CommentDepth = 50 },
	} {
		bad := masthead.DefaultSite()
		edit(bad)
		if got := masthead.ErrorCode(s.UpdateSite(ctx, bad)); got != masthead.EINVALID {
			t.Errorf("%s: code %q, want %q", name, got, masthead.EINVALID)
		}
	}

	secret, err := s.SiteSecret(ctx)
	if err != nil || len(secret) < 16 {
		t.Fatalf("SiteSecret = %x, %v", secret, err)
	}
	again, err := s.SiteSecret(ctx)
	if err != nil || string(again) != string(secret) {
		t.Fatalf("SiteSecret changed between calls: %x then %x (%v)", secret, again, err)
	}
	if got, _ := s.FindSite(ctx); got.Title != want.Title {
		t.Fatalf("creating the secret disturbed the settings: %+v", got)
	}
}

func testAuthors(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	if ana.ID == 0 || !ana.CreatedAt.Equal(Epoch) {
		t.Fatalf("created author id=%d created=%v, want an id and %v", ana.ID, ana.CreatedAt, Epoch)
	}
	got, err := s.FindAuthorBySlug(ctx, "ana-lima")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ana, got); diff != "" {
		t.Fatalf("FindAuthorBySlug (-want +got):\n%s", diff)
	}
	got, err = s.FindAuthorByID(ctx, ana.ID)
	if err != nil || got.Slug != "ana-lima" {
		t.Fatalf("FindAuthorByID = %v, %v", got, err)
	}
	_, err = s.FindAuthorBySlug(ctx, "nobody")
	wantCode(t, err, masthead.ENOTFOUND)
	_, err = s.FindAuthorByID(ctx, 999)
	wantCode(t, err, masthead.ENOTFOUND)

	dup := &masthead.Author{Name: "Ana Two", Slug: "ana-lima", Role: masthead.RoleAuthor}
	wantCode(t, s.CreateAuthor(ctx, dup), masthead.ECONFLICT)
	dupEmail := &masthead.Author{Name: "Other", Slug: "other", Role: masthead.RoleAuthor, Email: ana.Email}
	wantCode(t, s.CreateAuthor(ctx, dupEmail), masthead.ECONFLICT)
	wantCode(t, s.CreateAuthor(ctx, &masthead.Author{Name: "Bad", Slug: "Bad Slug", Role: masthead.RoleAuthor}), masthead.EINVALID)
	wantCode(t, s.CreateAuthor(ctx, &masthead.Author{Name: "Bad", Slug: "bad", Role: "king"}), masthead.EINVALID)
	// Authors without a login address may coexist: the uniqueness of email
	// only binds addresses that are set.
	for _, name := range []string{"Guest One", "Guest Two"} {
		if err := s.CreateAuthor(ctx, &masthead.Author{Name: name, Slug: masthead.Slugify(name), Role: masthead.RoleContributor}); err != nil {
			t.Fatalf("author without email: %v", err)
		}
	}

	ana.Bio = "Now the politics editor."
	ana.Role = masthead.RoleEditor
	if err := s.UpdateAuthor(ctx, ana); err != nil {
		t.Fatal(err)
	}
	got, _ = s.FindAuthorByID(ctx, ana.ID)
	if got.Bio != ana.Bio || got.Role != masthead.RoleEditor {
		t.Fatalf("after update bio=%q role=%q", got.Bio, got.Role)
	}
	// A staff member's own language for the newsroom's pages: kept, changed
	// back to the site's (empty), and refused when it is no language tag.
	ana.Language = "de-AT"
	if err := s.UpdateAuthor(ctx, ana); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.FindAuthorByID(ctx, ana.ID); got.Language != "de-AT" {
		t.Fatalf("after setting the language, it is %q", got.Language)
	}
	ana.Language = "not a tag"
	wantCode(t, s.UpdateAuthor(ctx, ana), masthead.EINVALID)
	ana.Language = ""
	if err := s.UpdateAuthor(ctx, ana); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.FindAuthorByID(ctx, ana.ID); got.Language != "" {
		t.Fatalf("after clearing the language, it is %q", got.Language)
	}
	other, _ := newStore(t, open) // a store of its own, so that the counts below stay
	withLanguage := &masthead.Author{Name: "Farah Aziz", Slug: "farah-aziz", Role: masthead.RoleAuthor, Language: "ar"}
	if err := other.CreateAuthor(ctx, withLanguage); err != nil {
		t.Fatal(err)
	}
	if got, _ = other.FindAuthorByID(ctx, withLanguage.ID); got.Language != "ar" {
		t.Fatalf("a staff member created with Arabic has the language %q", got.Language)
	}
	wantCode(t, s.UpdateAuthor(ctx, &masthead.Author{ID: 999, Name: "X", Slug: "x", Role: masthead.RoleAuthor}), masthead.ENOTFOUND)

	page, total, err := s.FindAuthors(ctx, masthead.AuthorFilter{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || len(page) != 2 || page[0].Name != "Ana Lima" || page[1].Name != "Guest One" {
		t.Fatalf("FindAuthors page 1 = %v (total %d)", page, total)
	}
	page, total, _ = s.FindAuthors(ctx, masthead.AuthorFilter{Limit: 2, Offset: 2})
	if total != 3 || len(page) != 1 || page[0].Name != "Guest Two" {
		t.Fatalf("FindAuthors page 2 = %v (total %d)", page, total)
	}
	page, total, _ = s.FindAuthors(ctx, masthead.AuthorFilter{Limit: 2, Offset: 10})
	if total != 3 || len(page) != 0 {
		t.Fatalf("FindAuthors past the end = %v (total %d), want none of 3", page, total)
	}
	page, _, _ = s.FindAuthors(ctx, masthead.AuthorFilter{IDs: []int64{ana.ID}})
	if len(page) != 1 || page[0].ID != ana.ID {
		t.Fatalf("FindAuthors by ids = %v", page)
	}
}

func testTaxonomy(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	sport := mustCategory(t, s, "Sport")
	mustCategory(t, s, "Business")
	wantCode(t, s.CreateCategory(ctx, &masthead.Category{Name: "Sport again", Slug: "sport"}), masthead.ECONFLICT)
	wantCode(t, s.CreateCategory(ctx, &masthead.Category{Name: "", Slug: "empty"}), masthead.EINVALID)
	got, err := s.FindCategoryBySlug(ctx, "sport")
	if err != nil || got.ID != sport.ID || got.Description != sport.Description {
		t.Fatalf("FindCategoryBySlug = %+v, %v", got, err)
	}
	_, err = s.FindCategoryBySlug(ctx, "weather")
	wantCode(t, err, masthead.ENOTFOUND)
	cats, err := s.FindCategories(ctx, 10)
	if err != nil || len(cats) != 2 || cats[0].Name != "Business" {
		t.Fatalf("FindCategories = %v, %v", cats, err)
	}
	sport.Name, sport.Description = "Sports", "Games, races and results."
	if err := s.UpdateCategory(ctx, sport); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindCategoryBySlug(ctx, "sport"); got.Name != "Sports" || got.Description != sport.Description {
		t.Fatalf("after UpdateCategory: %+v", got)
	}
	wantCode(t, s.UpdateCategory(ctx, &masthead.Category{ID: sport.ID, Name: "X", Slug: "business"}), masthead.ECONFLICT)
	wantCode(t, s.UpdateCategory(ctx, &masthead.Category{ID: 999, Name: "X", Slug: "x"}), masthead.ENOTFOUND)

	harbour := mustTag(t, s, "Harbour Works")
	again := mustTag(t, s, "harbour works")
	if harbour.ID == 0 || again.ID != harbour.ID || again.Name != "Harbour Works" || again.Slug != "harbour-works" {
		t.Fatalf("EnsureTag twice = %+v then %+v, want the same tag", harbour, again)
	}
	_, err = s.EnsureTag(ctx, " !! ")
	wantCode(t, err, masthead.EINVALID)
	found, err := s.FindTagBySlug(ctx, "harbour-works")
	if err != nil || found.ID != harbour.ID {
		t.Fatalf("FindTagBySlug = %+v, %v", found, err)
	}
	_, err = s.FindTagBySlug(ctx, "nothing")
	wantCode(t, err, masthead.ENOTFOUND)
	renamed := &masthead.Tag{ID: harbour.ID, Name: "Harbour Works", Slug: "harbour-works"}
	if err := s.UpdateTag(ctx, renamed); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.UpdateTag(ctx, &masthead.Tag{ID: 999, Name: "X", Slug: "x"}), masthead.ENOTFOUND)

	mustTag(t, s, "Budget")
	mustTag(t, s, "Ferries")
	tags, total, err := s.FindTags(ctx, masthead.TagFilter{Limit: 2})
	if err != nil || total != 3 || len(tags) != 2 || tags[0].Name != "Budget" || tags[1].Name != "Ferries" {
		t.Fatalf("FindTags = %v (total %d), %v", tags, total, err)
	}
	if tags, total, _ := s.FindTags(ctx, masthead.TagFilter{Limit: 2, Offset: 2}); total != 3 || len(tags) != 1 || tags[0].Slug != "harbour-works" {
		t.Fatalf("FindTags page 2 = %v (total %d)", tags, total)
	}
	ana := mustAuthor(t, s, "Ana Lima")
	mustAuthor(t, s, "Idle Writer")
	a := newArticle("Budget day", Epoch.Add(-time.Hour), ana)
	a.Tags = []*masthead.Tag{tags[0]}
	mustArticle(t, s, a)
	d := newArticle("Draft on ferries", time.Time{}, ana)
	d.Status, d.Tags = masthead.StatusDraft, []*masthead.Tag{harbour}
	mustArticle(t, s, d)
	if tags, total, _ := s.FindTags(ctx, masthead.TagFilter{Published: true}); total != 1 || tags[0].Slug != "budget" {
		t.Fatalf("published tags = %v (total %d), want only budget", tags, total)
	}
	if authors, total, _ := s.FindAuthors(ctx, masthead.AuthorFilter{Published: true}); total != 1 || authors[0].Slug != "ana-lima" {
		t.Fatalf("published authors = %v (total %d), want only Ana", authors, total)
	}
}

func testCreateAndFindArticle(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana, ben := mustAuthor(t, s, "Ana Lima"), mustAuthor(t, s, "Ben Ortiz")
	cat := mustCategory(t, s, "Local")
	tags := []*masthead.Tag{mustTag(t, s, "Budget"), mustTag(t, s, "Ferries")} // name order, as stores return them
	a := newArticle("Ferry fares rise", Epoch.Add(-time.Hour), ben, ana)
	a.Category, a.Tags = cat, tags
	a.Dateline, a.SourceName, a.SourceURL = "PORT ALDER", "Coast Wire", "https://example.org/wire"
	mustArticle(t, s, a)
	if a.ID == 0 || !a.CreatedAt.Equal(Epoch) {
		t.Fatalf("created article id=%d created=%v", a.ID, a.CreatedAt)
	}

	for name, find := range map[string]func() (*masthead.Article, error){
		"by slug": func() (*masthead.Article, error) { return s.FindArticleBySlug(ctx, "ferry-fares-rise") },
		"by id":   func() (*masthead.Article, error) { return s.FindArticleByID(ctx, a.ID) },
	} {
		got, err := find()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(a, got, ignoreEmails()); diff != "" {
			t.Fatalf("%s (-want +got):\n%s", name, diff)
		}
		if got.Authors[0].Name != "Ben Ortiz" {
			t.Fatalf("%s: byline order %q first, want Ben Ortiz", name, got.Authors[0].Name)
		}
		if got.Authors[0].Email != "" {
			t.Fatalf("%s: byline carries the private email %q", name, got.Authors[0].Email)
		}
	}
	_, err := s.FindArticleBySlug(ctx, "missing")
	wantCode(t, err, masthead.ENOTFOUND)
	_, err = s.FindArticleByID(ctx, 12345)
	wantCode(t, err, masthead.ENOTFOUND)
}

// ignoreEmails compares authors without their private email, which bylines
// deliberately leave out.
func ignoreEmails() cmp.Option {
	return cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().String() == ".Email"
	}, cmp.Ignore())
}

func testUpdateArticle(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana, ben := mustAuthor(t, s, "Ana Lima"), mustAuthor(t, s, "Ben Ortiz")
	a := newArticle("Council meets", Epoch.Add(-time.Hour), ana)
	a.Tags = []*masthead.Tag{mustTag(t, s, "Council")}
	mustArticle(t, s, a)

	clk.now = Epoch.Add(2 * time.Hour)
	a.Headline = "Council meets late"
	a.Authors = []*masthead.Author{ben, ana}
	a.Tags = []*masthead.Tag{mustTag(t, s, "Night")}
	a.CommentsOpen = false
	if err := s.UpdateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindArticleByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Headline != "Council meets late" || got.CommentsOpen || !got.UpdatedAt.Equal(clk.now) {
		t.Fatalf("after update headline=%q open=%v updated=%v", got.Headline, got.CommentsOpen, got.UpdatedAt)
	}
	if diff := cmp.Diff([]string{"Ben Ortiz", "Ana Lima"}, []string{got.Authors[0].Name, got.Authors[1].Name}); diff != "" || len(got.Authors) != 2 {
		t.Fatalf("authors after update (-want +got):\n%s", diff)
	}
	if len(got.Tags) != 1 || got.Tags[0].Name != "Night" {
		t.Fatalf("tags after update = %v, want only Night", got.Tags)
	}
	if !got.WasUpdated() {
		t.Fatal("WasUpdated = false after an update two hours later")
	}
	wantCode(t, s.UpdateArticle(ctx, &masthead.Article{ID: 999, Slug: "x", Headline: "X", Status: masthead.StatusDraft, Authors: []*masthead.Author{ana}}), masthead.ENOTFOUND)

	// A change that is no edit (an import pointing the body at its images)
	// keeps the time the article was last updated, and still keeps a
	// revision.
	clk.now = Epoch.Add(5 * time.Hour)
	kept := got.UpdatedAt
	got.BodySource, got.KeepUpdatedAt = "With the image.", true
	if err := s.UpdateArticle(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, err := s.FindArticleByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !again.UpdatedAt.Equal(kept) || again.BodySource != "With the image." || again.Revision != got.Revision {
		t.Fatalf("after a kept-time update: updated=%v (want %v), body=%q, revision %d (want %d)", again.UpdatedAt, kept, again.BodySource, again.Revision, got.Revision)
	}
}

func testArticleConflicts(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	mustArticle(t, s, newArticle("Tide tables", Epoch, ana))
	// A slug someone chose is refused when taken, for its form field.
	err := s.CreateArticle(ctx, newArticle("Tide tables", Epoch, ana))
	wantCode(t, err, masthead.ECONFLICT)
	if masthead.ErrorField(err) != "slug" {
		t.Errorf("a taken slug is refused for the field %q, want slug", masthead.ErrorField(err))
	}
	ghost := &masthead.Author{ID: 4242, Name: "Ghost"}
	wantCode(t, s.CreateArticle(ctx, newArticle("Ghost story", Epoch, ghost)), masthead.ECONFLICT)
	if _, err := s.FindArticleBySlug(ctx, "ghost-story"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("a failed create left the article behind (err=%v)", err)
	}
	for name, a := range map[string]*masthead.Article{
		"no headline": newArticle("", Epoch, ana),
		"bad slug":    {Slug: "Not A Slug", Headline: "X", Status: masthead.StatusDraft, Authors: []*masthead.Author{ana}},
		"no authors":  newArticle("Lonely", Epoch),
		"no time":     {Slug: "x", Headline: "X", Status: masthead.StatusPublished, Authors: []*masthead.Author{ana}},
		"bad source":  {Slug: "y", Headline: "Y", Status: masthead.StatusDraft, Authors: []*masthead.Author{ana}, SourceURL: "javascript:alert(1)"},
		"bad status":  {Slug: "z", Headline: "Z", Status: "gone", Authors: []*masthead.Author{ana}},
	} {
		if a.Slug == "" {
			a.Slug = "untitled"
		}
		if got := masthead.ErrorCode(s.CreateArticle(ctx, a)); got != masthead.EINVALID {
			t.Errorf("%s: code %q, want %q", name, got, masthead.EINVALID)
		}
	}
}

func testVisibility(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	mustArticle(t, s, newArticle("Visible", Epoch.Add(-time.Minute), ana))
	future := mustArticle(t, s, newArticle("Future", Epoch.Add(time.Hour), ana))
	draft := newArticle("Draft", time.Time{}, ana)
	draft.Status = masthead.StatusDraft
	mustArticle(t, s, draft)
	pending := newArticle("Pending", Epoch.Add(-time.Hour), ana)
	pending.Status = masthead.StatusPending
	mustArticle(t, s, pending)
	scheduled := newArticle("Scheduled", Epoch.Add(-time.Hour), ana)
	scheduled.Status = masthead.StatusScheduled
	mustArticle(t, s, scheduled)

	got, total, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Visible"}, headlines(got)); diff != "" || total != 1 {
		t.Fatalf("visible at epoch (-want +got):\n%s total=%d", diff, total)
	}
	clk.now = future.PublishedAt
	got, _, _ = s.FindArticles(ctx, masthead.ArticleFilter{Visible: true})
	if diff := cmp.Diff([]string{"Future", "Visible"}, headlines(got)); diff != "" {
		t.Fatalf("visible once the publish time has come (-want +got):\n%s", diff)
	}
	got, total, _ = s.FindArticles(ctx, masthead.ArticleFilter{})
	if len(got) != 5 || total != 5 {
		t.Fatalf("unfiltered list has %d of %d, want all 5", len(got), total)
	}
	got, _, _ = s.FindArticles(ctx, masthead.ArticleFilter{Status: masthead.StatusDraft})
	if diff := cmp.Diff([]string{"Draft"}, headlines(got)); diff != "" {
		t.Fatalf("drafts (-want +got):\n%s", diff)
	}
	if a, _ := s.FindArticleBySlug(ctx, "draft"); a.VisibleAt(clk.now) {
		t.Fatal("a draft reports itself visible")
	}
}

func testPagination(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	var want []string
	for i := range 25 {
		h := fmt.Sprintf("Story %02d", i)
		mustArticle(t, s, newArticle(h, Epoch.Add(-time.Duration(i)*time.Hour), ana))
		want = append(want, h)
	}
	var got []string
	for offset := 0; offset < 30; offset += 10 {
		page, total, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 10, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		if total != 25 {
			t.Fatalf("offset %d: total %d, want 25", offset, total)
		}
		got = append(got, headlines(page)...)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("pages in order (-want +got):\n%s", diff)
	}
	page, total, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 10, Offset: 40})
	if err != nil || len(page) != 0 || total != 25 {
		t.Fatalf("past the end: %d articles, total %d, err %v; want none of 25", len(page), total, err)
	}
}

func testFilters(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana, ben := mustAuthor(t, s, "Ana Lima"), mustAuthor(t, s, "Ben Ortiz")
	local, sport := mustCategory(t, s, "Local"), mustCategory(t, s, "Sport")
	rowing := mustTag(t, s, "Rowing")

	a1 := newArticle("March regatta", time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), ana, ben)
	a1.Category, a1.Tags = sport, []*masthead.Tag{rowing}
	a2 := newArticle("February budget", time.Date(2026, 2, 20, 10, 0, 0, 0, time.UTC), ana)
	a2.Category = local
	a3 := newArticle("January rowing club", time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC), ben)
	a3.Category, a3.Tags = local, []*masthead.Tag{rowing}
	for _, a := range []*masthead.Article{a1, a2, a3} {
		mustArticle(t, s, a)
	}
	tests := []struct {
		name string
		f    masthead.ArticleFilter
		want []string
	}{
		{"author ana", masthead.ArticleFilter{AuthorID: ana.ID}, []string{"March regatta", "February budget"}},
		{"author ben", masthead.ArticleFilter{AuthorID: ben.ID}, []string{"March regatta", "January rowing club"}},
		{"category local", masthead.ArticleFilter{CategoryID: local.ID}, []string{"February budget", "January rowing club"}},
		{"tag rowing", masthead.ArticleFilter{TagID: rowing.ID}, []string{"March regatta", "January rowing club"}},
		{"february", masthead.ArticleFilter{
			PublishedFrom: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), PublishedBefore: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		}, []string{"February budget"}},
		{"from march 1 inclusive", masthead.ArticleFilter{PublishedFrom: a1.PublishedAt}, []string{"March regatta"}},
		{"author and tag", masthead.ArticleFilter{AuthorID: ana.ID, TagID: rowing.ID}, []string{"March regatta"}},
		{"nothing", masthead.ArticleFilter{AuthorID: ben.ID, CategoryID: local.ID, PublishedFrom: a1.PublishedAt}, []string{}},
		{"ids", masthead.ArticleFilter{IDs: []int64{a3.ID, a1.ID, 9999}}, []string{"March regatta", "January rowing club"}},
		{"no ids", masthead.ArticleFilter{IDs: []int64{}}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.f.Visible = true
			got, total, err := s.FindArticles(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, headlines(got)); diff != "" || total != len(tt.want) {
				t.Fatalf("(-want +got):\n%s total=%d", diff, total)
			}
		})
	}
	got, _, _ := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, TagID: rowing.ID})
	if len(got[0].Authors) != 2 || got[0].Category == nil || got[0].Category.Slug != "sport" || got[0].Tags[0].Slug != "rowing" {
		t.Fatalf("list entries lack their links: %+v", got[0])
	}
}

func testRelated(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	local, sport := mustCategory(t, s, "Local"), mustCategory(t, s, "Sport")
	ferry, budget := mustTag(t, s, "Ferry"), mustTag(t, s, "Budget")
	mk := func(h string, age time.Duration, cat *masthead.Category, tags ...*masthead.Tag) *masthead.Article {
		a := newArticle(h, Epoch.Add(-age), ana)
		a.Category, a.Tags = cat, tags
		return mustArticle(t, s, a)
	}
	base := mk("Base", time.Hour, local, ferry, budget)
	mk("Both tags", 10*time.Hour, sport, ferry, budget)
	mk("One tag", 2*time.Hour, sport, ferry)
	mk("Same section", 3*time.Hour, local)
	mk("Unrelated", 4*time.Hour, sport)
	draft := newArticle("Draft sibling", time.Time{}, ana)
	draft.Status, draft.Category, draft.Tags = masthead.StatusDraft, local, []*masthead.Tag{ferry, budget}
	mustArticle(t, s, draft)

	// The lists the related articles are chosen from are kept between
	// pages and dropped by the store's change keys: every change below
	// shows at once.
	finder := related.New(s)
	finder.Keep(true)
	if a, ok := s.(masthead.ChangeAnnouncer); ok {
		a.OnChange(finder.Purge)
	}
	find := func(a *masthead.Article, limit int) []string {
		t.Helper()
		got, err := finder.Find(ctx, a, limit)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range got {
			if r.Category == nil || r.BodyHTML != "" || r.Slug == "" {
				t.Errorf("related %q: section %v, slug %q, body %d bytes", r.Headline, r.Category, r.Slug, len(r.BodyHTML))
			}
		}
		return headlines(got)
	}
	want := func(what string, got, want []string) {
		t.Helper()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("related %s (-want +got):\n%s", what, diff)
		}
	}
	want("at first", find(base, 5), []string{"Both tags", "One tag", "Same section"})
	if got := find(base, 1); len(got) != 1 {
		t.Fatalf("limit 1 gave %d", len(got))
	}
	if _, ok := s.(masthead.ChangeAnnouncer); ok {
		if finder.Len() == 0 {
			t.Fatal("no list is kept")
		}
		// A newer article sharing both tags leads; publishing it is a
		// change to the lists of its section and tags.
		mk("Newer, both tags", 30*time.Minute, sport, ferry, budget)
		want("after a publication", find(base, 5), []string{"Newer, both tags", "Both tags", "One tag", "Same section"})
		// An article that gains a tag ranks by it, though only its own key
		// and the tag's list changed, not its section's list.
		same, err := s.FindArticleBySlug(ctx, "same-section")
		if err != nil {
			t.Fatal(err)
		}
		same.Tags = []*masthead.Tag{ferry, budget}
		if err := s.UpdateArticle(ctx, same); err != nil {
			t.Fatal(err)
		}
		want("after a tag was added", find(base, 5), []string{"Newer, both tags", "Same section", "Both tags", "One tag"})
		// A withdrawn article leaves at once.
		both, err := s.FindArticleBySlug(ctx, "both-tags")
		if err != nil {
			t.Fatal(err)
		}
		both.Status = masthead.StatusDraft
		if err := s.UpdateArticle(ctx, both); err != nil {
			t.Fatal(err)
		}
		want("after an unpublication", find(base, 5), []string{"Newer, both tags", "Same section", "One tag"})
	}
	lonely := mk("Lonely", 5*time.Hour, nil)
	if got := find(lonely, 5); len(got) != 0 {
		t.Fatalf("related of an article with no tags or section = %v", got)
	}
	// The cards of a list of ids come in its order, the invisible left out.
	cards, err := s.FindArticleCards(ctx, []int64{lonely.ID, draft.ID, base.ID, lonely.ID})
	if err != nil {
		t.Fatal(err)
	}
	want("cards by id", headlines(cards), []string{"Lonely", "Base"})
}

func testComments(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	a := mustArticle(t, s, newArticle("Open thread", Epoch.Add(-time.Hour), ana))
	b := mustArticle(t, s, newArticle("Other thread", Epoch.Add(-2*time.Hour), ana))
	newComment := func(article, parent int64, name string, status masthead.CommentStatus) *masthead.Comment {
		return &masthead.Comment{ArticleID: article, ParentID: parent, AuthorName: name,
			AuthorEmail: masthead.Slugify(name) + "@example.net", Body: "Comment by " + name, Status: status, IP: "203.0.113.0"}
	}
	top := newComment(a.ID, 0, "Reader One", masthead.CommentApproved)
	top.Reason = "kept for the record"
	if err := s.CreateComment(ctx, top); err != nil {
		t.Fatal(err)
	}
	clk.now = Epoch.Add(time.Minute)
	reply := newComment(a.ID, top.ID, "Reader Two", masthead.CommentApproved)
	if err := s.CreateComment(ctx, reply); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateComment(ctx, newComment(a.ID, 0, "Held Reader", masthead.CommentPending)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CreateComment(ctx, newComment(b.ID, top.ID, "Cross Thread", masthead.CommentApproved)), masthead.ECONFLICT)
	wantCode(t, s.CreateComment(ctx, newComment(a.ID, 9999, "No Parent", masthead.CommentApproved)), masthead.ECONFLICT)
	wantCode(t, s.CreateComment(ctx, newComment(4242, 0, "No Article", masthead.CommentApproved)), masthead.ECONFLICT)
	bad := newComment(a.ID, 0, "Bad Email", masthead.CommentApproved)
	bad.AuthorEmail = "not an email"
	wantCode(t, s.CreateComment(ctx, bad), masthead.EINVALID)

	got, err := s.FindCommentByID(ctx, reply.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(reply, got); diff != "" {
		t.Fatalf("FindCommentByID (-want +got):\n%s", diff)
	}
	_, err = s.FindCommentByID(ctx, 777)
	wantCode(t, err, masthead.ENOTFOUND)

	approved, total, err := s.FindComments(ctx, masthead.CommentFilter{ArticleID: a.ID, Status: masthead.CommentApproved})
	if err != nil || total != 2 || len(approved) != 2 || approved[0].ID != top.ID || approved[1].ParentID != top.ID {
		t.Fatalf("approved comments = %v (total %d), %v", approved, total, err)
	}
	art, _ := s.FindArticleByID(ctx, a.ID)
	if art.CommentCount != 2 {
		t.Fatalf("comment count = %d, want 2 approved", art.CommentCount)
	}
	if err := s.UpdateCommentStatus(ctx, reply.ID, masthead.CommentSpam); err != nil {
		t.Fatal(err)
	}
	list, _, _ := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true})
	if list[0].CommentCount != 1 || list[1].CommentCount != 0 {
		t.Fatalf("comment counts in a list = %d, %d; want 1, 0", list[0].CommentCount, list[1].CommentCount)
	}
	wantCode(t, s.UpdateCommentStatus(ctx, reply.ID, "deleted"), masthead.EINVALID)
	wantCode(t, s.UpdateCommentStatus(ctx, 777, masthead.CommentTrash), masthead.ENOTFOUND)
	pending, total, _ := s.FindComments(ctx, masthead.CommentFilter{Status: masthead.CommentPending})
	if total != 1 || pending[0].AuthorName != "Held Reader" {
		t.Fatalf("pending = %v (total %d)", pending, total)
	}

	clk.now = Epoch.Add(2 * time.Minute)
	later := newComment(b.ID, 0, "Reader One", masthead.CommentPending)
	if err := s.CreateComment(ctx, later); err != nil {
		t.Fatal(err)
	}
	byPerson, total, err := s.FindComments(ctx, masthead.CommentFilter{AuthorName: "Reader One", AuthorEmail: top.AuthorEmail, Newest: true})
	if err != nil || total != 2 || byPerson[0].ID != later.ID || byPerson[1].ID != top.ID {
		t.Fatalf("comments by one person, newest first = %v (total %d), %v", byPerson, total, err)
	}
	approvedByPerson, total, _ := s.FindComments(ctx, masthead.CommentFilter{AuthorName: "Reader One", AuthorEmail: top.AuthorEmail, Status: masthead.CommentApproved, Limit: 1})
	if total != 1 || approvedByPerson[0].Reason != "kept for the record" {
		t.Fatalf("approved comments by one person = %v (total %d)", approvedByPerson, total)
	}
	if _, total, _ := s.FindComments(ctx, masthead.CommentFilter{AuthorName: "Someone Else", AuthorEmail: top.AuthorEmail}); total != 0 {
		t.Fatalf("name and email filter matched %d comments of another name", total)
	}
	hidden := newArticle("Hidden thread", time.Time{}, ana)
	hidden.Status = masthead.StatusDraft
	mustArticle(t, s, hidden)
	if err := s.CreateComment(ctx, newComment(hidden.ID, 0, "Early Reader", masthead.CommentApproved)); err != nil {
		t.Fatal(err)
	}
	onVisible, total, _ := s.FindComments(ctx, masthead.CommentFilter{Status: masthead.CommentApproved, OnVisibleArticles: true})
	if total != 1 || onVisible[0].ID != top.ID {
		t.Fatalf("approved comments on visible articles = %v (total %d), want only the first", onVisible, total)
	}
	byID, _, _ := s.FindComments(ctx, masthead.CommentFilter{IDs: []int64{later.ID, reply.ID}})
	if len(byID) != 2 || byID[0].ID != reply.ID || byID[1].ID != later.ID {
		t.Fatalf("comments by id = %v", byID)
	}
	if none, _, _ := s.FindComments(ctx, masthead.CommentFilter{IDs: []int64{}}); len(none) != 0 {
		t.Fatalf("an empty id list matched %d comments", len(none))
	}

	// A network's recent comments, oldest first, for rate limits.
	recent, n, err := s.FindComments(ctx, masthead.CommentFilter{IP: "203.0.113.0", CreatedAfter: Epoch.Add(30 * time.Second), Limit: 1})
	if err != nil || n != 4 || recent[0].ID != reply.ID { // reply, held, later, and the comment on the hidden article
		t.Fatalf("recent comments of a network = %v (total %d), %v", recent, n, err)
	}
	if _, n, _ := s.FindComments(ctx, masthead.CommentFilter{IP: "198.51.100.0"}); n != 0 {
		t.Fatalf("another network has %d comments", n)
	}

	// Deleting a comment keeps its replies, one level up.
	grandchild := newComment(a.ID, reply.ID, "Reader Three", masthead.CommentApproved)
	if err := s.CreateComment(ctx, grandchild); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteComment(ctx, reply.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindCommentByID(ctx, reply.ID); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("the deleted comment is still there: %v", err)
	}
	if moved, err := s.FindCommentByID(ctx, grandchild.ID); err != nil || moved.ParentID != top.ID {
		t.Fatalf("the reply of a deleted comment = %+v, %v; want it under %d", moved, err, top.ID)
	}
	if err := s.DeleteComment(ctx, top.ID); err != nil {
		t.Fatal(err)
	}
	if moved, _ := s.FindCommentByID(ctx, grandchild.ID); moved.ParentID != 0 {
		t.Fatalf("the reply of a deleted top-level comment has parent %d, want none", moved.ParentID)
	}
	wantCode(t, s.DeleteComment(ctx, top.ID), masthead.ENOTFOUND)
}

func testApproveParentWithReply(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	a := mustArticle(t, s, newArticle("Answered thread", Epoch.Add(-time.Hour), ana))
	held := &masthead.Comment{ArticleID: a.ID, AuthorName: "Reader", AuthorEmail: "reader@example.net", Body: "A question.",
		Status: masthead.CommentPending, ExternalID: "taken"}
	if err := s.CreateComment(ctx, held); err != nil {
		t.Fatal(err)
	}
	reply := func(external string) error {
		return s.SubmitComment(ctx, &masthead.Comment{ArticleID: a.ID, ParentID: held.ID, AuthorName: "Ana Lima", AuthorEmail: "ana@example.com",
			Body: "The answer.", Status: masthead.CommentApproved, ExternalID: external}, masthead.SubmitOptions{ApproveParent: true})
	}
	// A reply that cannot be stored leaves its parent held.
	wantCode(t, reply("taken"), masthead.ECONFLICT)
	if got, _ := s.FindCommentByID(ctx, held.ID); got.Status != masthead.CommentPending {
		t.Fatalf("a failed reply approved its parent: %s", got.Status)
	}
	if err := reply(""); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindCommentByID(ctx, held.ID); got.Status != masthead.CommentApproved {
		t.Fatalf("the answered comment is %s", got.Status)
	}
}

func testCommentRateLimit(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	a := mustArticle(t, s, newArticle("Busy thread", Epoch.Add(-time.Hour), ana))
	limit := masthead.RateLimit{Max: 3, Window: time.Minute}
	post := func(network, body string, at time.Time) error {
		return s.SubmitComment(ctx, &masthead.Comment{ArticleID: a.ID, AuthorName: "Reader", AuthorEmail: "reader@example.net",
			Body: body, Status: masthead.CommentPending, IP: network, CreatedAt: at}, masthead.SubmitOptions{Limit: limit})
	}
	for i := range 3 {
		if err := post("203.0.113.0", fmt.Sprint("comment ", i), Epoch.Add(time.Duration(i)*10*time.Second)); err != nil {
			t.Fatalf("comment %d: %v", i, err)
		}
	}
	err := post("203.0.113.0", "one too many", Epoch.Add(25*time.Second))
	wantCode(t, err, masthead.ERATELIMIT)
	var e *masthead.Error
	// The first of the three leaves the window a minute after it was posted.
	if !errors.As(err, &e) || e.RetryAfter != 35*time.Second || !strings.Contains(e.Message, "35 seconds") {
		t.Fatalf("rate limit error %#v, want RetryAfter 35s and a message saying so", e)
	}
	if err := post("198.51.100.0", "another network", Epoch.Add(25*time.Second)); err != nil {
		t.Fatalf("another network is limited too: %v", err)
	}
	if err := post("203.0.113.0", "after the window", Epoch.Add(61*time.Second)); err != nil {
		t.Fatalf("after the first left the window: %v", err)
	}
	if _, n, _ := s.FindComments(ctx, masthead.CommentFilter{ArticleID: a.ID}); n != 5 {
		t.Fatalf("%d comments stored, want 5", n)
	}
	// Posts at the same moment from one network cannot all slip under the
	// limit between counting and storing.
	const posters = 15
	errs := make(chan error, posters)
	for i := range posters {
		go func() { errs <- post("192.0.2.0", fmt.Sprint("burst ", i), Epoch.Add(2*time.Minute)) }()
	}
	stored := 0
	for range posters {
		switch err := <-errs; masthead.ErrorCode(err) {
		case "":
			stored++
		case masthead.ERATELIMIT:
		default:
			t.Errorf("concurrent post: %v", err)
		}
	}
	if stored != limit.Max {
		t.Fatalf("%d of %d concurrent posts were stored, want exactly %d", stored, posters, limit.Max)
	}
}

func testSitemaps(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana, ben := mustAuthor(t, s, "Ana Lima"), mustAuthor(t, s, "Ben Ortiz")
	local, _ := mustCategory(t, s, "Local"), mustCategory(t, s, "Empty Section")
	rowing, secret := mustTag(t, s, "Rowing"), mustTag(t, s, "Secret")
	march := newArticle("March piece", time.Date(2026, 3, 1, 0, 30, 0, 0, time.UTC), ana)
	march.Category, march.Tags = local, []*masthead.Tag{rowing}
	march.UpdatedAt = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	feb1 := newArticle("February one", time.Date(2026, 2, 28, 23, 59, 0, 0, time.UTC), ana)
	feb2 := newArticle("February two", time.Date(2026, 2, 3, 12, 0, 0, 0, time.UTC), ben)
	feb2.Category = local
	draft := newArticle("Draft", time.Time{}, ben)
	draft.Status, draft.Tags = masthead.StatusDraft, []*masthead.Tag{secret}
	future := newArticle("Future", Epoch.Add(time.Hour), ben)
	for _, a := range []*masthead.Article{march, feb1, feb2, draft, future} {
		mustArticle(t, s, a)
	}

	months, err := s.FindSitemapMonths(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []masthead.SitemapMonth{
		{Start: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Count: 1, Modified: march.UpdatedAt},
		{Start: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), Count: 2, Modified: feb1.UpdatedAt},
	}
	if diff := cmp.Diff(want, months); diff != "" {
		t.Fatalf("months (-want +got):\n%s", diff)
	}
	entries, err := s.FindSitemapArticles(ctx, months[1].Start, months[0].Start, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Slug != "february-one" || entries[1].Title != "February two" || !entries[0].Modified.Equal(feb1.UpdatedAt) {
		t.Fatalf("february entries = %+v", entries)
	}
	if one, _ := s.FindSitemapArticles(ctx, months[1].Start, months[0].Start, 1); len(one) != 1 {
		t.Fatalf("limit 1 gave %d", len(one))
	}

	for kind, want := range map[string][]string{
		masthead.TermCategory: {"local 2026-03-02T08:00:00Z"},
		masthead.TermTag:      {"rowing 2026-03-02T08:00:00Z"},
		masthead.TermAuthor:   {"ana-lima 2026-03-02T08:00:00Z", "ben-ortiz 2026-02-03T12:00:00Z"},
	} {
		terms, err := s.FindSitemapTerms(ctx, kind)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range terms {
			got = append(got, e.Slug+" "+e.Modified.Format(time.RFC3339))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s terms (-want +got):\n%s", kind, diff)
		}
	}
	_, err = s.FindSitemapTerms(ctx, "planet")
	wantCode(t, err, masthead.EINVALID)
}

func testSearch(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana, zoe := mustAuthor(t, s, "Ana Lima"), mustAuthor(t, s, "Zoë Marchetti")
	mk := func(headline, dek, body string, age time.Duration, tags ...string) *masthead.Article {
		a := newArticle(headline, Epoch.Add(-age), ana)
		a.Dek, a.BodySource, a.BodyHTML = dek, body, "<p>"+body+"</p>"
		for _, name := range tags {
			a.Tags = append(a.Tags, mustTag(t, s, name))
		}
		return mustArticle(t, s, a)
	}
	mk("Ferry fares rise again", "Commuters face higher prices.", "The harbour board raised fares on the island route.", 5*time.Hour)
	ferryBody := mk("Council budget agreed", "A late vote.", "Among other things, ferry subsidies were cut and the Café Marée closes.", time.Hour, "Budget")
	mk("Rowing club wins regatta", "A fine race.", "The crew rowed past the old lighthouse on the bay.", 2*time.Hour, "Rowing")
	older := mk("Ferry timetable changes", "Winter schedule.", "The ferry leaves earlier from the pier.", 10*time.Hour)
	byZoe := mk("Tide tables explained", "How tides work.", "A guide to the moon and the sea.", 3*time.Hour)
	byZoe.Authors = []*masthead.Author{zoe}
	if err := s.UpdateArticle(ctx, byZoe); err != nil {
		t.Fatal(err)
	}
	draft := newArticle("Secret ferry merger", time.Time{}, ana)
	draft.Status, draft.BodyHTML = masthead.StatusDraft, "<p>The unpublished ferry merger, with the word zanzibar.</p>"
	mustArticle(t, s, draft)
	future := mk("Embargoed ferry story", "Not yet.", "It mentions quokka.", -time.Hour)

	find := func(q string) []string {
		t.Helper()
		hits, total, _, err := s.SearchArticles(ctx, q, 20, 0)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if total != len(hits) {
			t.Fatalf("search %q: total %d for %d hits", q, total, len(hits))
		}
		var out []string
		for _, h := range hits {
			out = append(out, h.Article.Headline)
		}
		return out
	}
	tests := []struct {
		q    string
		want []string
	}{
		{"rowed", []string{"Rowing club wins regatta"}},
		{"FERRY Fares", []string{"Ferry fares rise again"}},
		{"cafe", []string{"Council budget agreed"}},
		{"marée", []string{"Council budget agreed"}},
		{`"old lighthouse"`, []string{"Rowing club wins regatta"}},
		{`"lighthouse old"`, nil},
		{"ferry -subsidies -timetable", []string{"Ferry fares rise again"}},
		{"zoe", []string{"Tide tables explained"}},
		{"Marchetti tides", []string{"Tide tables explained"}},
		{"budget", []string{"Council budget agreed"}},
		{"zanzibar", nil},
		{"merger", nil},
		{"quokka", nil},
		{"", nil},
		{`"" - ;`, nil},
		{"nonexistentword", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, find(tt.q)); diff != "" {
			t.Errorf("search %q (-want +got):\n%s", tt.q, diff)
		}
	}
	// Matches in the headline rank above matches in the body alone.
	ranked := find("ferry")
	if len(ranked) != 3 || ranked[2] != "Council budget agreed" {
		t.Errorf("ferry ranks %v, want the two ferry headlines before the body match", ranked)
	}
	// "or" is a word like any other, on every database.
	if got := find("lighthouse or pier"); got != nil {
		t.Errorf("lighthouse or pier = %v, want nothing: no article has all three words", got)
	}
	// Among equal matches, the newer article comes first.
	mk("Twin alpha report", "Same.", "Identical words about walruses.", 7*time.Hour)
	mk("Twin gamma report", "Same.", "Identical words about walruses.", 6*time.Hour)
	if diff := cmp.Diff([]string{"Twin gamma report", "Twin alpha report"}, find("walruses")); diff != "" {
		t.Errorf("equal matches (-want +got):\n%s", diff)
	}

	hits, _, _, err := s.SearchArticles(ctx, "subsidies", 10, 0)
	if err != nil || len(hits) != 1 {
		t.Fatalf("subsidies: %v, %v", hits, err)
	}
	if snip := hits[0].Snippet; !strings.Contains(snip, masthead.MarkStart+"subsidies"+masthead.MarkEnd) || hits[0].Article.Authors[0].Name != "Ana Lima" {
		t.Errorf("snippet %q lacks the marked word, or the hit lacks its links", snip)
	}

	// Pages.
	page2, total, _, err := s.SearchArticles(ctx, "ferry", 2, 2)
	if err != nil || total != 3 || len(page2) != 1 || page2[0].Article.ID != ferryBody.ID {
		t.Fatalf("page 2 of ferry = %d hits of %d, %v", len(page2), total, err)
	}
	if past, total, _, _ := s.SearchArticles(ctx, "ferry", 2, 10); len(past) != 0 || total != 3 {
		t.Fatalf("past the end: %d hits, total %d", len(past), total)
	}

	// The index follows every change: an edit, an unpublish, a rename, and
	// the clock reaching a scheduled time.
	ferryBody.BodySource, ferryBody.BodyHTML = "Now about kelp only.", "<p>Now about kelp only.</p>"
	if err := s.UpdateArticle(ctx, ferryBody); err != nil {
		t.Fatal(err)
	}
	if got := find("subsidies"); got != nil {
		t.Errorf("an edited-out word is still found: %v", got)
	}
	if got := find("kelp"); len(got) != 1 {
		t.Errorf("an edited-in word is not found: %v", got)
	}
	older.Status = masthead.StatusDraft
	if err := s.UpdateArticle(ctx, older); err != nil {
		t.Fatal(err)
	}
	if got := find("timetable"); got != nil {
		t.Errorf("an unpublished article is found: %v", got)
	}
	budget, _ := s.FindTagBySlug(ctx, "budget")
	if err := s.UpdateTag(ctx, &masthead.Tag{ID: budget.ID, Name: "Municipal Finances", Slug: "municipal-finances"}); err != nil {
		t.Fatal(err)
	}
	if got := find("municipal"); len(got) != 1 {
		t.Errorf("a renamed tag does not find its article: %v", got)
	}
	zoe.Name = "Zoë Castellan"
	if err := s.UpdateAuthor(ctx, zoe); err != nil {
		t.Fatal(err)
	}
	if got, old := find("castellan"), find("marchetti"); len(got) != 1 || old != nil {
		t.Errorf("after a rename: new name finds %v, old name %v", got, old)
	}
	clk.now = future.PublishedAt
	if got := find("quokka"); len(got) != 1 {
		t.Errorf("a scheduled article is not found once its time has come: %v", got)
	}
}

func testAccounts(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	if n, err := s.CountAdmins(ctx); err != nil || n != 0 {
		t.Fatalf("CountAdmins = %d, %v", n, err)
	}
	admin := &masthead.Author{Name: "Chief", Slug: "chief", Role: masthead.RoleAdmin, Email: "chief@observer.example"}
	if err := s.CreateAuthor(ctx, admin); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountAdmins(ctx); n != 1 {
		t.Fatalf("CountAdmins = %d, want 1", n)
	}
	if err := s.SetPassword(ctx, ana.ID, "$argon2id$hash"); err != nil {
		t.Fatal(err)
	}
	got, hash, err := s.FindAuthorByEmail(ctx, ana.Email)
	if err != nil || got.ID != ana.ID || hash != "$argon2id$hash" {
		t.Fatalf("FindAuthorByEmail = %v, %q, %v", got, hash, err)
	}
	_, _, err = s.FindAuthorByEmail(ctx, "nobody@observer.example")
	wantCode(t, err, masthead.ENOTFOUND)
	_, _, err = s.FindAuthorByEmail(ctx, "")
	wantCode(t, err, masthead.ENOTFOUND)
	wantCode(t, s.SetPassword(ctx, 999, "x"), masthead.ENOTFOUND)

	sess := &masthead.Session{TokenHash: "abc", AuthorID: ana.ID, ExpiresAt: Epoch.Add(time.Hour), IP: "192.0.2.0"}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CreateSession(ctx, &masthead.Session{TokenHash: "abc", AuthorID: ana.ID, ExpiresAt: Epoch.Add(time.Hour)}), masthead.ECONFLICT)
	other := &masthead.Session{TokenHash: "def", AuthorID: ana.ID, ExpiresAt: Epoch.Add(time.Hour)}
	if err := s.CreateSession(ctx, other); err != nil {
		t.Fatal(err)
	}
	found, who, err := s.FindSession(ctx, "abc")
	if err != nil || found.AuthorID != ana.ID || who.Name != "Ana Lima" || found.IP != "192.0.2.0" {
		t.Fatalf("FindSession = %+v, %+v, %v", found, who, err)
	}
	clk.now = Epoch.Add(2 * time.Hour)
	_, _, err = s.FindSession(ctx, "abc")
	wantCode(t, err, masthead.ENOTFOUND)
	clk.now = Epoch
	if err := s.DeleteSessionsOf(ctx, ana.ID, "abc"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.FindSession(ctx, "def"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("another session survived DeleteSessionsOf: %v", err)
	}
	if _, _, err := s.FindSession(ctx, "abc"); err != nil {
		t.Fatalf("the kept session was ended: %v", err)
	}
	if err := s.DeleteSession(ctx, "abc"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.FindSession(ctx, "abc"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("a deleted session is found: %v", err)
	}

	// A success forgets the account's failures from its own network only.
	policy := masthead.SignInPolicy{FreeFailures: 3, FirstDelay: time.Second, MaxDelay: time.Minute, PairWindow: time.Hour}
	here := masthead.SignInAttempt{Account: "ana-hash", Network: "192.0.2.0"}
	there := masthead.SignInAttempt{Account: "ana-hash", Network: "198.51.100.0"}
	for range 3 {
		if err := s.ReserveSignIn(ctx, here, policy); err != nil {
			t.Fatal(err)
		}
		if err := s.ReserveSignIn(ctx, there, policy); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, s.ReserveSignIn(ctx, here, policy), masthead.ERATELIMIT)
	if err := s.ClearSignIns(ctx, here); err != nil {
		t.Fatal(err)
	}
	if err := s.ReserveSignIn(ctx, here, policy); err != nil {
		t.Fatalf("after clearing the account's network: %v", err)
	}
	wantCode(t, s.ReserveSignIn(ctx, there, policy), masthead.ERATELIMIT)
}

func testRevisions(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana, ben := mustAuthor(t, s, "Ana Lima"), mustAuthor(t, s, "Ben Ortiz")
	a := newArticle("First words", Epoch.Add(-time.Hour), ana)
	a.EditedBy = ana.ID
	mustArticle(t, s, a)
	if a.Revision != 1 {
		t.Fatalf("a new article has revision %d", a.Revision)
	}
	// Two editors open revision 1.
	mine, _ := s.FindArticleByID(ctx, a.ID)
	theirs, _ := s.FindArticleByID(ctx, a.ID)
	clk.now = Epoch.Add(time.Minute)
	mine.Headline, mine.EditedBy = "Second words", ben.ID
	if err := s.UpdateArticle(ctx, mine); err != nil {
		t.Fatal(err)
	}
	if mine.Revision != 2 {
		t.Fatalf("after a save: revision %d, want 2", mine.Revision)
	}
	theirs.Headline = "Clashing words"
	err := s.UpdateArticle(ctx, theirs)
	wantCode(t, err, masthead.ECONFLICT)
	// Callers tell a stale save from a taken slug by the field, never by
	// the message.
	if masthead.ErrorField(err) != "revision" {
		t.Fatalf("a stale save is refused for the field %q, want revision", masthead.ErrorField(err))
	}
	if got, _ := s.FindArticleByID(ctx, a.ID); got.Headline != "Second words" || got.Revision != 2 {
		t.Fatalf("a refused save changed the article: %q rev %d", got.Headline, got.Revision)
	}
	// A save that carries no revision is not checked (imports, scripts).
	theirs.Revision = 0
	if err := s.UpdateArticle(ctx, theirs); err != nil || theirs.Revision != 3 {
		t.Fatalf("an unchecked save: %v, revision %d", err, theirs.Revision)
	}
	revs, err := s.FindRevisions(ctx, a.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if revs[0].Revision != 3 {
		t.Fatalf("newest revision %d", revs[0].Revision)
	}
	var got []string
	for _, r := range revs {
		got = append(got, fmt.Sprintf("%d %s %s", r.Revision, r.EditorName, r.Headline))
	}
	if diff := cmp.Diff([]string{"3  Clashing words", "2 Ben Ortiz Second words", "1 Ana Lima First words"}, got); diff != "" {
		t.Fatalf("revisions (-want +got):\n%s", diff)
	}
	if !revs[1].CreatedAt.Equal(Epoch.Add(time.Minute)) || revs[1].EditorID != ben.ID {
		t.Fatalf("revision 2 = %+v", revs[1])
	}
	if one, _ := s.FindRevisions(ctx, a.ID, 1); len(one) != 1 {
		t.Fatalf("limit 1 gave %d", len(one))
	}
}

func testPublishDue(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	soon := newArticle("Embargo lifts soon", Epoch.Add(time.Hour), ana)
	soon.Status = masthead.StatusScheduled
	soon.BodyHTML = "<p>The zeppelin lands.</p>"
	later := newArticle("Embargo lifts later", Epoch.Add(3*time.Hour), ana)
	later.Status = masthead.StatusScheduled
	mustArticle(t, s, soon)
	mustArticle(t, s, later)
	if n, err := s.PublishDueArticles(ctx); err != nil || n != 0 {
		t.Fatalf("before the time: %d published, %v", n, err)
	}
	clk.now = Epoch.Add(time.Hour)
	if n, err := s.PublishDueArticles(ctx); err != nil || n != 1 {
		t.Fatalf("at the time: %d published, %v", n, err)
	}
	got, _ := s.FindArticleByID(ctx, soon.ID)
	if got.Status != masthead.StatusPublished || !got.PublishedAt.Equal(soon.PublishedAt) || !got.VisibleAt(clk.now) {
		t.Fatalf("the due article: status %s at %v", got.Status, got.PublishedAt)
	}
	if hits, _, _, _ := s.SearchArticles(ctx, "zeppelin", 10, 0); len(hits) != 1 {
		t.Fatal("a published scheduled article is not in the search index")
	}
	if n, _ := s.PublishDueArticles(ctx); n != 0 {
		t.Fatalf("a second run published %d again", n)
	}
	if other, _ := s.FindArticleByID(ctx, later.ID); other.Status != masthead.StatusScheduled {
		t.Fatalf("the later article is %s", other.Status)
	}
}

func testCorrections(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	a := mustArticle(t, s, newArticle("Fares rise", Epoch.Add(-time.Hour), ana))
	draft := newArticle("Draft piece", time.Time{}, ana)
	draft.Status = masthead.StatusDraft
	mustArticle(t, s, draft)

	clk.now = Epoch.Add(time.Hour)
	c1 := &masthead.Correction{ArticleID: a.ID, Kind: masthead.CorrectionKind, Text: "An earlier version gave the wrong fare.", AuthorID: ana.ID}
	if err := s.AddCorrection(ctx, c1); err != nil {
		t.Fatal(err)
	}
	clk.now = Epoch.Add(2 * time.Hour)
	c2 := &masthead.Correction{ArticleID: a.ID, Kind: masthead.UpdateKind, Text: "The board confirmed the date."}
	if err := s.AddCorrection(ctx, c2); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindArticleByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Corrections) != 2 || got.Corrections[0].Text != c1.Text || got.Corrections[1].Kind != masthead.UpdateKind ||
		!got.Corrections[0].CreatedAt.Equal(Epoch.Add(time.Hour)) || got.Corrections[0].AuthorID != ana.ID {
		t.Fatalf("corrections = %+v", got.Corrections)
	}
	if !got.UpdatedAt.Equal(Epoch.Add(2 * time.Hour)) {
		t.Fatalf("updated at %v, want the last note's time", got.UpdatedAt)
	}
	wantCode(t, s.AddCorrection(ctx, &masthead.Correction{ArticleID: draft.ID, Kind: masthead.CorrectionKind, Text: "x"}), masthead.ECONFLICT)
	wantCode(t, s.AddCorrection(ctx, &masthead.Correction{ArticleID: 999, Kind: masthead.CorrectionKind, Text: "x"}), masthead.ENOTFOUND)
	wantCode(t, s.AddCorrection(ctx, &masthead.Correction{ArticleID: a.ID, Kind: "gossip", Text: "x"}), masthead.EINVALID)
	wantCode(t, s.AddCorrection(ctx, &masthead.Correction{ArticleID: a.ID, Kind: masthead.UpdateKind, Text: "  "}), masthead.EINVALID)
}

func testMedia(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	pier := &masthead.Media{Name: "0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Width: 2000, Height: 1000,
		Variants:     []masthead.MediaVariant{{Width: 480, Name: "aa.jpg"}, {Width: 960, Name: "bb.jpg"}},
		OriginalName: "pier-at-dawn.jpg", AltText: "The new pier at dawn", Caption: "The east quay pier", Credit: "Ana Lima", UploadedBy: ana.ID}
	if err := s.CreateMedia(ctx, pier); err != nil {
		t.Fatal(err)
	}
	clk.now = Epoch.Add(time.Minute)
	gull := &masthead.Media{Name: "fedcba9876543210fedcba9876543210.png", Type: "image/png", Width: 300, Height: 300,
		OriginalName: "gull.png", AltText: "A gull on a post"}
	if err := s.CreateMedia(ctx, gull); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CreateMedia(ctx, &masthead.Media{Name: pier.Name, Type: "image/jpeg", Width: 1, Height: 1, AltText: "again"}), masthead.ECONFLICT)
	wantCode(t, s.CreateMedia(ctx, &masthead.Media{Name: "x.jpg", Type: "image/jpeg", Width: 1, Height: 1}), masthead.EINVALID)

	got, err := s.FindMediaByID(ctx, pier.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(pier, got); diff != "" {
		t.Fatalf("FindMediaByID (-want +got):\n%s", diff)
	}
	if byName, err := s.FindMediaByName(ctx, gull.Name); err != nil || byName.ID != gull.ID {
		t.Fatalf("FindMediaByName = %v, %v", byName, err)
	}
	_, err = s.FindMediaByID(ctx, 999)
	wantCode(t, err, masthead.ENOTFOUND)
	list, total, err := s.FindMedia(ctx, masthead.MediaFilter{})
	if err != nil || total != 2 || list[0].ID != gull.ID {
		t.Fatalf("FindMedia = %v (total %d), %v", list, total, err)
	}
	for q, want := range map[string]int{"PIER": 1, "gull": 1, "east quay": 1, "ana lima": 1, "100%": 0, "_": 0, "": 2} {
		if _, n, err := s.FindMedia(ctx, masthead.MediaFilter{Query: q}); err != nil || n != want {
			t.Errorf("search %q: %d, %v; want %d", q, n, err, want)
		}
	}

	a := newArticle("Pier opens", Epoch.Add(-time.Hour), ana)
	a.FeaturedImage = pier
	mustArticle(t, s, a)
	one, _ := s.FindArticleByID(ctx, a.ID)
	if one.FeaturedImage == nil || one.FeaturedImage.AltText != pier.AltText || len(one.FeaturedImage.Variants) != 2 {
		t.Fatalf("featured image = %+v", one.FeaturedImage)
	}
	listed, _, _ := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true})
	if listed[0].FeaturedImage == nil || listed[0].FeaturedImage.Name != pier.Name {
		t.Fatalf("a list's featured image = %+v", listed[0].FeaturedImage)
	}
	ana.Avatar = gull
	if err := s.UpdateAuthor(ctx, ana); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindAuthorBySlug(ctx, ana.Slug); got.Avatar == nil || got.Avatar.Name != gull.Name || got.Avatar.AltText != gull.AltText {
		t.Fatalf("avatar = %+v", got.Avatar)
	}
	if one, _ := s.FindArticleByID(ctx, a.ID); one.Authors[0].Avatar == nil || one.Authors[0].Avatar.ID != gull.ID {
		t.Fatalf("the byline's avatar = %+v", one.Authors[0].Avatar)
	}
	// A crop whose smallest size came out identical to the pier's, and an
	// upload of the pier's middle size: files are named by content, so
	// they share files with the pier.
	crop := &masthead.Media{Name: "c0ffee0123456789c0ffee0123456789.jpg", Type: "image/jpeg", Width: 1000, Height: 500, AltText: "The pier, cropped",
		Variants: []masthead.MediaVariant{{Width: 480, Name: "aa.jpg"}}}
	middle := &masthead.Media{Name: "bb.jpg", Type: "image/jpeg", Width: 960, Height: 480, AltText: "The pier, smaller"}
	for _, m := range []*masthead.Media{crop, middle} {
		if err := s.CreateMedia(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	unused, err := s.DeleteMedia(ctx, pier.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(unused, []string{pier.Name}) {
		t.Fatalf("the pier's unused files = %v, want its original only: the crop and the upload use the others", unused)
	}
	if one, _ := s.FindArticleByID(ctx, a.ID); one.FeaturedImage != nil {
		t.Fatal("an article still shows a deleted image")
	}
	_, err = s.DeleteMedia(ctx, pier.ID)
	wantCode(t, err, masthead.ENOTFOUND)
	if unused, err := s.DeleteMedia(ctx, crop.ID); err != nil || !slices.Equal(unused, []string{crop.Name, "aa.jpg"}) {
		t.Fatalf("the crop's unused files = %v, %v", unused, err)
	}
}

func testRedirects(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	for _, move := range [][2]string{{"/old/", "/mid/"}, {"/mid/", "/new/"}, {"/2019/01/02/story/", "/2019/01/02/story-renamed/"}} {
		if err := s.AddRedirect(ctx, move[0], move[1]); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		prefixes     []string
		from, to     string
		wantNotFound bool
	}{
		{[]string{"/old/feed/", "/old/"}, "/old/", "/new/", false},
		{[]string{"/mid/"}, "/mid/", "/new/", false},
		{[]string{"/2019/01/02/story/", "/2019/01/02/", "/2019/01/", "/2019/"}, "/2019/01/02/story/", "/2019/01/02/story-renamed/", false},
		{[]string{"/new/"}, "", "", true},
		{nil, "", "", true},
	} {
		from, to, err := s.FindRedirect(ctx, tt.prefixes)
		if tt.wantNotFound {
			wantCode(t, err, masthead.ENOTFOUND)
			continue
		}
		if err != nil || from != tt.from || to != tt.to {
			t.Errorf("FindRedirect(%v) = %q, %q, %v; want %q, %q", tt.prefixes, from, to, err, tt.from, tt.to)
		}
	}
	// Moving back makes the old address a page again.
	if err := s.AddRedirect(ctx, "/new/", "/old/"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.FindRedirect(ctx, []string{"/old/"}); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("a page that came back still redirects: %v", err)
	}
	list, total, err := s.FindRedirects(ctx, 10, 0)
	if err != nil || total != 3 || list[0].From != "/2019/01/02/story/" {
		t.Fatalf("FindRedirects = %v (total %d), %v", list, total, err)
	}
	if err := s.DeleteRedirect(ctx, "/mid/"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteRedirect(ctx, "/mid/"), masthead.ENOTFOUND)
	wantCode(t, s.AddRedirect(ctx, "http://elsewhere.example/", "/x/"), masthead.EINVALID)
	wantCode(t, s.AddRedirect(ctx, "/x/", "//elsewhere.example/"), masthead.EINVALID)
}

// generated returns a draft whose slug was made from its headline.
func generated(headline string, authors ...*masthead.Author) *masthead.Article {
	a := newArticle(headline, time.Time{}, authors...)
	a.Status, a.SlugGenerated = masthead.StatusDraft, true
	return a
}

func testGeneratedSlugs(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	var got []string
	for range 3 {
		got = append(got, mustArticle(t, s, generated("Tide tables", ana)).Slug)
	}
	if diff := cmp.Diff([]string{"tide-tables", "tide-tables-2", "tide-tables-3"}, got); diff != "" {
		t.Fatalf("generated slugs (-want +got):\n%s", diff)
	}
	// A chosen slug is never numbered.
	chosen := newArticle("Tide tables", Epoch, ana)
	chosen.Slug = "tide-tables-2"
	err := s.CreateArticle(ctx, chosen)
	wantCode(t, err, masthead.ECONFLICT)
	if masthead.ErrorField(err) != "slug" {
		t.Errorf("a taken chosen slug: field %q, want slug", masthead.ErrorField(err))
	}

	// Saving again keeps an article's own slug; a generated one that
	// another article holds is numbered on update too.
	second, _ := s.FindArticleBySlug(ctx, "tide-tables-2")
	second.SlugGenerated = true
	if err := s.UpdateArticle(ctx, second); err != nil || second.Slug != "tide-tables-2" {
		t.Fatalf("saving again: slug %q, %v", second.Slug, err)
	}
	other := mustArticle(t, s, generated("Harbour news", ana))
	other.Slug, other.SlugGenerated = "tide-tables", true
	if err := s.UpdateArticle(ctx, other); err != nil || other.Slug != "tide-tables-4" {
		t.Fatalf("a generated slug on update: %q, %v; want tide-tables-4", other.Slug, err)
	}
	if stored, _ := s.FindArticleByID(ctx, other.ID); stored.Slug != "tide-tables-4" {
		t.Fatalf("stored slug %q", stored.Slug)
	}

	// Several saves at once each get a slug of their own: a save that
	// loses the race for a number takes the next.
	const n = 6
	errs := make(chan error, n)
	slugs := make(chan string, n)
	for range n {
		go func() {
			a := generated("Busy day", ana)
			errs <- s.CreateArticle(ctx, a)
			slugs <- a.Slug
		}()
	}
	seen := map[string]bool{}
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("a concurrent save: %v", err)
		}
		seen[<-slugs] = true
	}
	for i := 1; i <= n; i++ {
		if !seen[masthead.NumberedSlug("busy-day", i)] {
			t.Errorf("after %d concurrent saves, no article has %q (have %v)", n, masthead.NumberedSlug("busy-day", i), seen)
		}
	}
}

func testCreators(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana, ben, eda := mustAuthor(t, s, "Ana Lima"), mustAuthor(t, s, "Ben Ortiz"), mustAuthor(t, s, "Eda Editor")
	// Written in the editor by Eda, credited to Ben.
	byEda := generated("Written by Eda", ben)
	byEda.EditedBy = eda.ID
	mustArticle(t, s, byEda)
	// Imported or seeded: nobody saved it, so its first author created it.
	seeded := mustArticle(t, s, generated("Seeded", ana, ben))
	for _, tt := range []struct {
		a    *masthead.Article
		want int64
	}{{byEda, eda.ID}, {seeded, ana.ID}} {
		got, err := s.FindArticleByID(ctx, tt.a.ID)
		if err != nil || got.CreatedBy != tt.want {
			t.Fatalf("%q: creator %d, %v; want %d", tt.a.Headline, got.CreatedBy, err, tt.want)
		}
	}
	// The byline changes, the creator stays.
	byEda.Authors, byEda.CreatedBy, byEda.EditedBy = []*masthead.Author{ana}, ben.ID, ana.ID
	if err := s.UpdateArticle(ctx, byEda); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindArticleByID(ctx, byEda.ID); got.CreatedBy != eda.ID || byEda.CreatedBy != eda.ID {
		t.Fatalf("after an update the creator is %d (in memory %d), want %d", got.CreatedBy, byEda.CreatedBy, eda.ID)
	}
	// Owners are creators and byline authors alike.
	for _, tt := range []struct {
		owner *masthead.Author
		want  []string
	}{
		{eda, []string{"Written by Eda"}},
		{ana, []string{"Seeded", "Written by Eda"}},
		{ben, []string{"Seeded"}},
	} {
		got, total, err := s.FindArticles(ctx, masthead.ArticleFilter{OwnerID: tt.owner.ID})
		if err != nil {
			t.Fatal(err)
		}
		names := headlines(got)
		sort.Strings(names)
		if diff := cmp.Diff(tt.want, names); diff != "" || total != len(tt.want) {
			t.Errorf("articles owned by %s (-want +got):\n%s (total %d)", tt.owner.Name, diff, total)
		}
	}
}

func testPublishedSlugMoves(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	site, err := s.FindSite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Addresses carry the date in the site's time zone: 23:30 UTC on the
	// 13th is already the 14th in Auckland.
	site.TimeZone = "Pacific/Auckland"
	if err := s.UpdateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	ana := mustAuthor(t, s, "Ana Lima")
	a := mustArticle(t, s, newArticle("Ferry strike", time.Date(2026, 3, 13, 23, 30, 0, 0, time.UTC), ana))
	a.Slug = "ferry-strike-ends"
	if err := s.UpdateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	from, to, err := s.FindRedirect(ctx, []string{"/2026/03/14/ferry-strike/feed/", "/2026/03/14/ferry-strike/"})
	if err != nil || from != "/2026/03/14/ferry-strike/" || to != "/2026/03/14/ferry-strike-ends/" {
		t.Fatalf("the old address leads to %q from %q, %v", to, from, err)
	}
	// Moving on again collapses the chain.
	a.Slug = "ferry-strike-over"
	if err := s.UpdateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, to, _ := s.FindRedirect(ctx, []string{"/2026/03/14/ferry-strike/"}); to != "/2026/03/14/ferry-strike-over/" {
		t.Errorf("the first address leads to %q", to)
	}
	// A draft has no readers' links to keep.
	d := mustArticle(t, s, generated("Draft story", ana))
	draftPath := d.Path(site.Location())
	d.Slug, d.SlugGenerated = "draft-story-renamed", false
	if err := s.UpdateArticle(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.FindRedirect(ctx, []string{draftPath}); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("a renamed draft left a redirect behind: %v", err)
	}
	_, total, _ := s.FindRedirects(ctx, 10, 0)
	if total != 2 {
		t.Errorf("%d redirects, want the two of the published article", total)
	}
	// Unpublished, the article keeps its readers' links: renaming the
	// draft and publishing it again still leaves the old address answering.
	a.Status = masthead.StatusDraft
	if err := s.UpdateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	a.Slug = "ferry-strike-settled"
	if err := s.UpdateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, to, _ := s.FindRedirect(ctx, []string{"/2026/03/14/ferry-strike-over/"}); to != "/2026/03/14/ferry-strike-settled/" {
		t.Errorf("the address before unpublishing leads to %q", to)
	}
	// A new date moves the address too.
	a.Status, a.PublishedAt = masthead.StatusPublished, time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	if err := s.UpdateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, to, _ := s.FindRedirect(ctx, []string{"/2026/03/14/ferry-strike/"}); to != "/2026/03/10/ferry-strike-settled/" {
		t.Errorf("after a new date, the first address leads to %q", to)
	}
}

func testCreateStaff(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	eda := &masthead.Author{Name: "Eda Editor", Slug: "eda-editor", Role: masthead.RoleEditor, Email: "eda@observer.example"}
	if err := s.CreateStaff(ctx, eda, "$argon2id$eda"); err != nil {
		t.Fatal(err)
	}
	if eda.ID == 0 || !eda.CreatedAt.Equal(Epoch) {
		t.Fatalf("CreateStaff set id %d and created %v", eda.ID, eda.CreatedAt)
	}
	got, hash, err := s.FindAuthorByEmail(ctx, eda.Email)
	if err != nil || got.ID != eda.ID || hash != "$argon2id$eda" || got.Disabled() {
		t.Fatalf("FindAuthorByEmail = %+v, %q, %v", got, hash, err)
	}

	// A refused account leaves nothing behind: no author without a password.
	refused := []struct {
		name string
		a    *masthead.Author
		hash string
		code string
	}{
		{"a taken email", &masthead.Author{Name: "Eda Twin", Slug: "eda-twin", Role: masthead.RoleAuthor, Email: eda.Email}, "$argon2id$twin", masthead.ECONFLICT},
		{"a taken slug", &masthead.Author{Name: "Eda Editor", Slug: "eda-editor", Role: masthead.RoleAuthor, Email: "other@observer.example"}, "$argon2id$other", masthead.ECONFLICT},
		{"no email", &masthead.Author{Name: "No Email", Slug: "no-email", Role: masthead.RoleAuthor}, "$argon2id$none", masthead.EINVALID},
		{"no password", &masthead.Author{Name: "No Password", Slug: "no-password", Role: masthead.RoleAuthor, Email: "nopw@observer.example"}, "", masthead.EINVALID},
		{"a bad role", &masthead.Author{Name: "Bad Role", Slug: "bad-role", Role: "king", Email: "king@observer.example"}, "$argon2id$king", masthead.EINVALID},
	}
	for _, tt := range refused {
		if code := masthead.ErrorCode(s.CreateStaff(ctx, tt.a, tt.hash)); code != tt.code {
			t.Errorf("%s: code %q, want %q", tt.name, code, tt.code)
		}
	}
	if _, total, _ := s.FindAuthors(ctx, masthead.AuthorFilter{Limit: 10}); total != 1 {
		t.Fatalf("%d authors after the refused accounts, want only Eda", total)
	}
	if _, _, err := s.FindAuthorByEmail(ctx, "other@observer.example"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("the account refused for its slug was stored: %v", err)
	}
}

func testDisableStaff(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	chief := &masthead.Author{Name: "Chief", Slug: "chief", Role: masthead.RoleAdmin, Email: "chief@observer.example"}
	if err := s.CreateStaff(ctx, chief, "$argon2id$chief"); err != nil {
		t.Fatal(err)
	}
	story := mustArticle(t, s, newArticle("Harbour story", Epoch.Add(-time.Hour), ana))
	for _, token := range []string{"ana-phone", "ana-laptop"} {
		if err := s.CreateSession(ctx, &masthead.Session{TokenHash: token, AuthorID: ana.ID, ExpiresAt: Epoch.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateSession(ctx, &masthead.Session{TokenHash: "chief-desk", AuthorID: chief.ID, ExpiresAt: Epoch.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}

	clk.now = Epoch.Add(time.Minute)
	if err := s.DisableStaff(ctx, ana.ID); err != nil {
		t.Fatal(err)
	}
	for _, token := range []string{"ana-phone", "ana-laptop"} {
		if _, _, err := s.FindSession(ctx, token); masthead.ErrorCode(err) != masthead.ENOTFOUND {
			t.Fatalf("session %s survived disabling: %v", token, err)
		}
	}
	if _, _, err := s.FindSession(ctx, "chief-desk"); err != nil {
		t.Fatalf("another account's session ended: %v", err)
	}
	got, err := s.FindAuthorByID(ctx, ana.ID)
	if err != nil || !got.Disabled() || !got.DisabledAt.Equal(Epoch.Add(time.Minute)) {
		t.Fatalf("after DisableStaff: %+v, %v", got, err)
	}
	if byEmail, _, err := s.FindAuthorByEmail(ctx, ana.Email); err != nil || !byEmail.Disabled() {
		t.Fatalf("FindAuthorByEmail of a disabled account = %+v, %v", byEmail, err)
	}
	// A session made as the account was disabled does not open it either.
	if err := s.CreateSession(ctx, &masthead.Session{TokenHash: "ana-late", AuthorID: ana.ID, ExpiresAt: Epoch.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.FindSession(ctx, "ana-late"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("a disabled account's session is found: %v", err)
	}
	// What the account published stays, with its byline and author page.
	if a, err := s.FindArticleByID(ctx, story.ID); err != nil || len(a.Authors) != 1 || a.Authors[0].ID != ana.ID {
		t.Fatalf("the article of a disabled author = %+v, %v", a, err)
	}
	if authors, _, _ := s.FindAuthors(ctx, masthead.AuthorFilter{Published: true}); len(authors) != 1 || authors[0].ID != ana.ID {
		t.Fatalf("published authors = %v, want the disabled Ana still", authors)
	}
	// Saving the profile does not re-enable the account.
	got.Bio = "Former harbour reporter."
	if err := s.UpdateAuthor(ctx, got); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.FindAuthorByID(ctx, ana.ID); !again.Disabled() {
		t.Fatal("UpdateAuthor re-enabled the account")
	}
	clk.now = Epoch.Add(2 * time.Minute)
	if err := s.DisableStaff(ctx, ana.ID); err != nil {
		t.Fatalf("disabling twice: %v", err)
	}
	if again, _ := s.FindAuthorByID(ctx, ana.ID); !again.DisabledAt.Equal(Epoch.Add(time.Minute)) {
		t.Fatalf("disabling twice moved the time to %v", again.DisabledAt)
	}
	wantCode(t, s.DisableStaff(ctx, 999), masthead.ENOTFOUND)

	// The last active admin stays; a second one can be disabled, and is no
	// longer counted.
	wantCode(t, s.DisableStaff(ctx, chief.ID), masthead.ECONFLICT)
	if _, _, err := s.FindSession(ctx, "chief-desk"); err != nil {
		t.Fatalf("the refused disabling ended the admin's session: %v", err)
	}
	deputy := &masthead.Author{Name: "Deputy", Slug: "deputy", Role: masthead.RoleAdmin, Email: "deputy@observer.example"}
	if err := s.CreateStaff(ctx, deputy, "$argon2id$deputy"); err != nil {
		t.Fatal(err)
	}
	if err := s.DisableStaff(ctx, chief.ID); err != nil {
		t.Fatalf("disabling one of two admins: %v", err)
	}
	if n, _ := s.CountAdmins(ctx); n != 1 {
		t.Fatalf("CountAdmins = %d, want the one active admin", n)
	}
	wantCode(t, s.DisableStaff(ctx, deputy.ID), masthead.ECONFLICT)
	// Nor may the last active admin be made an editor; the disabled one
	// may, since it does not count.
	deputy.Role = masthead.RoleEditor
	wantCode(t, s.UpdateAuthor(ctx, deputy), masthead.ECONFLICT)
	if got, _ := s.FindAuthorByID(ctx, deputy.ID); got.Role != masthead.RoleAdmin {
		t.Fatalf("the refused demotion left the role %s", got.Role)
	}
	deputy.Role = masthead.RoleAdmin
	if got, _ := s.FindAuthorByID(ctx, chief.ID); got != nil {
		got.Role = masthead.RoleEditor
		if err := s.UpdateAuthor(ctx, got); err != nil {
			t.Fatalf("demoting a disabled admin: %v", err)
		}
	}

	if err := s.EnableStaff(ctx, ana.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindAuthorByID(ctx, ana.ID); got.Disabled() {
		t.Fatal("EnableStaff left the account disabled")
	}
	if err := s.CreateSession(ctx, &masthead.Session{TokenHash: "ana-back", AuthorID: ana.ID, ExpiresAt: Epoch.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, who, err := s.FindSession(ctx, "ana-back"); err != nil || who.ID != ana.ID {
		t.Fatalf("the re-enabled account's new session = %v, %v", who, err)
	}
	if err := s.EnableStaff(ctx, ana.ID); err != nil {
		t.Fatalf("enabling an active account: %v", err)
	}
	wantCode(t, s.EnableStaff(ctx, 999), masthead.ENOTFOUND)
}

// manyArticles is more articles than the store indexes in one batch, so
// that what is tested of batches holds past the first.
const manyArticles = 250

func searchTotal(t *testing.T, s masthead.Store, q string) int {
	t.Helper()
	_, total, _, err := s.SearchArticles(context.Background(), q, 1, 0)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return total
}

// testSearchRenames renames an author and a tag of many articles: every
// article is found by the new name and none by the old, and the names of
// the other authors on the byline stay in the index.
func testSearchRenames(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	quill, ines := mustAuthor(t, s, "Quill Hawthorne"), mustAuthor(t, s, "Ines Pemberton")
	works := mustTag(t, s, "Harbour Works")
	coBylined := 0
	for i := range manyArticles {
		a := newArticle(fmt.Sprintf("Dispatch number %d", i), Epoch.Add(-time.Duration(i+1)*time.Minute), quill)
		if i%5 == 0 {
			a.Authors = append(a.Authors, ines)
			coBylined++
		}
		a.Tags = []*masthead.Tag{works}
		mustArticle(t, s, a)
	}
	draft := newArticle("Unpublished dispatch", time.Time{}, quill)
	draft.Status, draft.Tags = masthead.StatusDraft, []*masthead.Tag{works}
	mustArticle(t, s, draft)

	quill.Name = "Quill Ashgrove"
	if err := s.UpdateAuthor(ctx, quill); err != nil {
		t.Fatal(err)
	}
	works.Name = "Dockyard Projects"
	if err := s.UpdateTag(ctx, works); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{
		"ashgrove":           manyArticles,
		`"quill ashgrove"`:   manyArticles,
		"hawthorne":          0,
		"ashgrove pemberton": coBylined,
		"dockyard":           manyArticles,
		"harbour":            0,
		"unpublished":        0,
	} {
		if got := searchTotal(t, s, q); got != want {
			t.Errorf("search %q after the renames finds %d articles, want %d", q, got, want)
		}
	}
}

// RefoldOpener opens the store of one and the same database each time it
// is called, migrating it, with its clock at now; it also returns the
// store's write pool, for writing what an older Masthead wrote.
type RefoldOpener func(t *testing.T, now func() time.Time) (masthead.Store, *sql.DB)

// SearchRefold checks that the migration which refolds the search index
// makes articles indexed with an older folding findable with today's, on
// the next start. stale writes an article's index row as an older Masthead
// did, from its headline, not folded the way Masthead folds now.
func SearchRefold(t *testing.T, open RefoldOpener, stale func(db *sql.DB, id int64, headline string) error) {
	ctx := context.Background()
	now := func() time.Time { return Epoch }
	s, db := open(t, now)
	ana := mustAuthor(t, s, "Ana Lima")
	for i := range manyArticles {
		mustArticle(t, s, newArticle(fmt.Sprintf("Filler piece %d", i), Epoch.Add(-time.Duration(i+2)*time.Minute), ana))
	}
	a := newArticle("Đường Nguyễn Thị Minh Khai reopens", Epoch.Add(-time.Minute), ana)
	a.BodyHTML = "<p>The Straße café in Łódź, and Știri from Timișoara.</p>"
	mustArticle(t, s, a)
	if got := searchTotal(t, s, "duong"); got != 1 {
		t.Fatalf("a new article is found %d times by a folded word, want once", got)
	}
	if err := stale(db, a.ID, a.Headline); err != nil {
		t.Fatal(err)
	}
	if got := searchTotal(t, s, "duong"); got != 0 {
		t.Fatalf("the stale index still finds the article %d times: the test proves nothing", got)
	}

	// Undo the migration's record and its table, as before an upgrade.
	for _, q := range []string{`DELETE FROM schema_migrations WHERE name LIKE '%search_refold%'`, `DROP TABLE search_rebuild`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s, db = open(t, now)
	for q, want := range map[string]int{
		"duong": 1, "nguyen khai": 1, "strasse lodz": 1, "stiri timisoara": 1, "Łódź": 1, "filler": manyArticles,
	} {
		if got := searchTotal(t, s, q); got != want {
			t.Errorf("after the refold, search %q finds %d articles, want %d", q, got, want)
		}
	}
	var pending int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_rebuild`).Scan(&pending); err != nil || pending != 0 {
		t.Errorf("the rebuild request is still there (%d rows, %v)", pending, err)
	}
}

// testSitemapModifiedAfterPublication checks that a scheduled article last
// edited before its publish time counts as modified when it appeared.
func testSitemapModifiedAfterPublication(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	local, rowing := mustCategory(t, s, "Local"), mustTag(t, s, "Rowing")
	a := newArticle("Embargo lifts", Epoch.Add(time.Hour), ana)
	a.Status, a.UpdatedAt = masthead.StatusScheduled, Epoch.Add(-2*time.Hour)
	a.Category, a.Tags = local, []*masthead.Tag{rowing}
	mustArticle(t, s, a)
	clk.now = Epoch.Add(time.Hour)
	if n, err := s.PublishDueArticles(ctx); err != nil || n != 1 {
		t.Fatalf("PublishDueArticles = %d, %v", n, err)
	}
	want := a.PublishedAt.Format(time.RFC3339)
	months, err := s.FindSitemapMonths(ctx)
	if err != nil || len(months) != 1 {
		t.Fatalf("months = %+v, %v", months, err)
	}
	got := []string{"month " + months[0].Modified.Format(time.RFC3339)}
	entries, err := s.FindSitemapArticles(ctx, months[0].Start, months[0].Start.AddDate(0, 1, 0), 10)
	if err != nil || len(entries) != 1 {
		t.Fatalf("entries = %+v, %v", entries, err)
	}
	got = append(got, "article "+entries[0].Modified.Format(time.RFC3339))
	for _, kind := range []string{masthead.TermCategory, masthead.TermTag, masthead.TermAuthor} {
		terms, err := s.FindSitemapTerms(ctx, kind)
		if err != nil || len(terms) != 1 {
			t.Fatalf("%s terms = %+v, %v", kind, terms, err)
		}
		got = append(got, kind+" "+terms[0].Modified.Format(time.RFC3339))
	}
	wantAll := []string{"month " + want, "article " + want, "category " + want, "tag " + want, "author " + want}
	if diff := cmp.Diff(wantAll, got); diff != "" {
		t.Fatalf("modified times (-want +got):\n%s", diff)
	}
}

// testAdminArticleFilters covers what the admin article list combines:
// status, section, author and a headline search that ignores case (beyond
// ASCII) and treats LIKE's wildcards as plain characters, page by page.
func testAdminArticleFilters(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana, ben := mustAuthor(t, s, "Ana Lima"), mustAuthor(t, s, "Ben Ortiz")
	local, sport := mustCategory(t, s, "Local"), mustCategory(t, s, "Sport")
	add := func(headline string, status masthead.Status, published time.Time, c *masthead.Category, au *masthead.Author) {
		a := newArticle(headline, published, au)
		a.Status, a.Category = status, c
		mustArticle(t, s, a)
	}
	add("Über die Brücke: the bridge vote", masthead.StatusPublished, Epoch.Add(-1*time.Hour), local, ana)
	add("Bridge works are 80% complete", masthead.StatusPublished, Epoch.Add(-2*time.Hour), local, ben)
	add("Rowing club buys a new boat", masthead.StatusPublished, Epoch.Add(-3*time.Hour), sport, ben)
	add("BRIDGE closure, draft", masthead.StatusDraft, time.Time{}, local, ana)
	add("Bridge reopens next week", masthead.StatusScheduled, Epoch.Add(24*time.Hour), sport, ben)
	add("Notes_on_the_budget", masthead.StatusPending, time.Time{}, nil, ana)

	tests := []struct {
		name string
		f    masthead.ArticleFilter
		want []string
	}{
		{"search ignores case", masthead.ArticleFilter{HeadlineContains: "bridge"}, []string{
			"Bridge reopens next week", "BRIDGE closure, draft", "Über die Brücke: the bridge vote", "Bridge works are 80% complete"}},
		{"search folds letters beyond ASCII", masthead.ArticleFilter{HeadlineContains: "über DIE brücke"}, []string{"Über die Brücke: the bridge vote"}},
		{"percent is a character", masthead.ArticleFilter{HeadlineContains: "80%"}, []string{"Bridge works are 80% complete"}},
		{"percent alone matches only a percent", masthead.ArticleFilter{HeadlineContains: "%"}, []string{"Bridge works are 80% complete"}},
		{"underscore is a character", masthead.ArticleFilter{HeadlineContains: "s_on_"}, []string{"Notes_on_the_budget"}},
		{"underscore matches no space", masthead.ArticleFilter{HeadlineContains: "new_boat"}, []string{}},
		{"blank search selects all", masthead.ArticleFilter{HeadlineContains: "  ", Status: masthead.StatusPublished}, []string{
			"Über die Brücke: the bridge vote", "Bridge works are 80% complete", "Rowing club buys a new boat"}},
		{"search and status", masthead.ArticleFilter{HeadlineContains: "Bridge", Status: masthead.StatusPublished}, []string{
			"Über die Brücke: the bridge vote", "Bridge works are 80% complete"}},
		{"search, section and author", masthead.ArticleFilter{HeadlineContains: "bridge", CategoryID: local.ID, AuthorID: ana.ID}, []string{
			"BRIDGE closure, draft", "Über die Brücke: the bridge vote"}},
		{"section and status", masthead.ArticleFilter{CategoryID: sport.ID, Status: masthead.StatusScheduled}, []string{"Bridge reopens next week"}},
		{"no match", masthead.ArticleFilter{HeadlineContains: "zeppelin"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.FindArticles(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, headlines(got)); diff != "" || total != len(tt.want) {
				t.Fatalf("(-want +got):\n%s total=%d", diff, total)
			}
		})
	}
	var pages []string
	for offset := 0; offset < 4; offset += 2 {
		got, total, err := s.FindArticles(ctx, masthead.ArticleFilter{HeadlineContains: "bridge", Limit: 2, Offset: offset})
		if err != nil || total != 4 {
			t.Fatalf("offset %d: total %d, %v; want 4", offset, total, err)
		}
		pages = append(pages, headlines(got)...)
	}
	if diff := cmp.Diff(tests[0].want, pages); diff != "" {
		t.Fatalf("the search page by page (-want +got):\n%s", diff)
	}
}

// testExcerptGenerated checks that whether an excerpt was generated is
// stored with it, through a create and an update.
func testExcerptGenerated(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	a := newArticle("Generated", Epoch, mustAuthor(t, s, "Ana Lima"))
	a.ExcerptGenerated = true
	mustArticle(t, s, a)
	if got, err := s.FindArticleByID(ctx, a.ID); err != nil || !got.ExcerptGenerated {
		t.Fatalf("after create: generated=%v, %v", got != nil && got.ExcerptGenerated, err)
	}
	a.Excerpt, a.ExcerptGenerated = "Written by the desk.", false
	if err := s.UpdateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.FindArticles(ctx, masthead.ArticleFilter{IDs: []int64{a.ID}})
	if err != nil || len(got) != 1 || got[0].ExcerptGenerated || got[0].Excerpt != "Written by the desk." {
		t.Fatalf("after update: %+v, %v", got, err)
	}
}

// testImports covers what importers need: articles that keep the ids they
// had, tags with chosen slugs and descriptions, and finding records again
// by the ids of the system they came from.
func testImports(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	if max, err := s.MaxArticleID(ctx); err != nil || max != 0 {
		t.Fatalf("MaxArticleID of an empty site = %d, %v; want 0", max, err)
	}
	ana := mustAuthor(t, s, "Ana Import")
	ana.ExternalID = "wordpress:author:ana"
	if err := s.UpdateAuthor(ctx, ana); err != nil {
		t.Fatal(err)
	}

	kept := newArticle("Kept id", Epoch, ana)
	kept.ID, kept.ExternalID = 184, "wordpress:post:184"
	if err := s.CreateArticle(ctx, kept); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindArticleByID(ctx, 184); err != nil || got.Slug != "kept-id" {
		t.Fatalf("article 184 = %+v, %v", got, err)
	}
	// Ids the store makes later go past the chosen one, on every database.
	next := mustArticle(t, s, newArticle("Made id", Epoch, ana))
	if next.ID <= 184 {
		t.Errorf("the next generated id is %d, want more than 184", next.ID)
	}
	taken := newArticle("Taken id", Epoch, ana)
	taken.ID = 184
	err := s.CreateArticle(ctx, taken)
	wantCode(t, err, masthead.ECONFLICT)
	if f := masthead.ErrorField(err); f != "id" {
		t.Errorf("a taken id is refused for the field %q, want \"id\"", f)
	}
	// A generated slug with a chosen id still takes the next free number.
	twin := newArticle("Kept id", Epoch, ana)
	twin.ID, twin.SlugGenerated = 500, true
	if err := s.CreateArticle(ctx, twin); err != nil || twin.Slug != "kept-id-2" {
		t.Fatalf("twin = %q, %v; want kept-id-2", twin.Slug, err)
	}
	// An export numbers its other records after the highest id, kept or
	// made, whatever the order of creation.
	if max, err := s.MaxArticleID(ctx); err != nil || max != 500 {
		t.Errorf("MaxArticleID = %d, %v; want 500", max, err)
	}

	tag := &masthead.Tag{Name: "Cafés", Slug: "cafes", Description: "Where the town meets.", ExternalID: "wordpress:tag:cafes"}
	if err := s.CreateTag(ctx, tag); err != nil || tag.ID == 0 {
		t.Fatalf("create tag: %v", err)
	}
	if got, err := s.FindTagBySlug(ctx, "cafes"); err != nil || got.Description != "Where the town meets." || got.ExternalID != tag.ExternalID {
		t.Fatalf("tag = %+v, %v", got, err)
	}
	wantCode(t, s.CreateTag(ctx, &masthead.Tag{Name: "Cafes", Slug: "cafes"}), masthead.ECONFLICT)
	wantCode(t, s.CreateTag(ctx, &masthead.Tag{Name: "Bad", Slug: "Bad Slug"}), masthead.EINVALID)

	cat := &masthead.Category{Name: "World", Slug: "world", ExternalID: "wordpress:category:world"}
	if err := s.CreateCategory(ctx, cat); err != nil {
		t.Fatal(err)
	}
	c := &masthead.Comment{ArticleID: kept.ID, AuthorName: "Kim", AuthorEmail: "kim@example.com", Body: "Hello.",
		Status: masthead.CommentApproved, ExternalID: "wordpress:comment:1795"}
	if err := s.CreateComment(ctx, c); err != nil {
		t.Fatal(err)
	}
	img := &masthead.Media{Name: "00112233445566778899aabbccddeeff.jpg", Type: "image/jpeg", Width: 40, Height: 30,
		AltText: "A gull", ExternalID: "wordpress:attachment:12"}
	if err := s.CreateMedia(ctx, img); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindMediaByID(ctx, img.ID); err != nil || got.ExternalID != img.ExternalID {
		t.Fatalf("media = %+v, %v", got, err)
	}
	// Two images never share an external id.
	wantCode(t, s.CreateMedia(ctx, &masthead.Media{Name: "ffeeddccbbaa99887766554433221100.jpg", Type: "image/jpeg", Width: 40, Height: 30,
		AltText: "Another gull", ExternalID: img.ExternalID}), masthead.ECONFLICT)
	for _, tt := range []struct {
		kind masthead.ExternalKind
		ext  string
		id   int64
	}{
		{masthead.ExternalAuthor, ana.ExternalID, ana.ID},
		{masthead.ExternalArticle, kept.ExternalID, kept.ID},
		{masthead.ExternalTag, tag.ExternalID, tag.ID},
		{masthead.ExternalCategory, cat.ExternalID, cat.ID},
		{masthead.ExternalComment, c.ExternalID, c.ID},
		{masthead.ExternalMedia, img.ExternalID, img.ID},
	} {
		got, err := s.FindExternalIDs(ctx, tt.kind, []string{tt.ext, "wordpress:missing:1", ""})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int64{tt.ext: tt.id}; !cmp.Equal(got, want) {
			t.Errorf("%s: FindExternalIDs = %v, want %v", tt.kind, got, want)
		}
	}
	// Many ids at once are looked up in batches.
	many := make([]string, 1200)
	for i := range many {
		many[i] = fmt.Sprintf("wordpress:post:%d", i)
	}
	if got, err := s.FindExternalIDs(ctx, masthead.ExternalArticle, many); err != nil || len(got) != 1 || got["wordpress:post:184"] != 184 {
		t.Errorf("FindExternalIDs of 1200 = %v, %v", got, err)
	}
	_, err = s.FindExternalIDs(ctx, masthead.ExternalKind("sessions"), []string{"x"})
	wantCode(t, err, masthead.EINVALID)
}
