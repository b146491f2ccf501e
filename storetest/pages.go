package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead"
	"masthead/related"
)

// newPage returns a published page that is not stored yet.
func newPage(headline, slug string, parent *masthead.Article, author *masthead.Author) *masthead.Article {
	p := newArticle(headline, Epoch.Add(-24*time.Hour), author)
	p.Kind, p.Slug, p.CommentsOpen = masthead.KindPage, slug, false
	if parent != nil {
		p.ParentID = parent.ID
	}
	return p
}

// testPagesKeptApart: pages are articles of another kind, and no list,
// archive, related list or sitemap of articles shows one, while search
// and the scheduler take both.
func testPagesKeptApart(t *testing.T, open Opener) {
	s, clk := newStore(t, open)
	ctx := context.Background()
	ana, eda := mustAuthor(t, s, "Ana Lima"), mustAuthor(t, s, "Eda Page")
	local, rowing := mustCategory(t, s, "Local"), mustTag(t, s, "Rowing")
	story := newArticle("About the regatta", Epoch.Add(-time.Hour), ana)
	story.Slug, story.Category, story.Tags = "about", local, []*masthead.Tag{rowing}
	mustArticle(t, s, story)
	other := newArticle("Rowing results", Epoch.Add(-2*time.Hour), ana)
	other.Category, other.Tags = local, []*masthead.Tag{rowing}
	mustArticle(t, s, other)
	// Pages by a writer of nothing else, in the same section and tag, with
	// the article's slug: none of it may make them show as articles.
	about := newPage("About the Observer", "about", nil, eda)
	about.Category, about.Tags = local, []*masthead.Tag{rowing}
	about.BodyHTML = "<p>The Observer is written by volunteers of the marmalade guild.</p>"
	mustArticle(t, s, about)
	if about.Kind != masthead.KindPage {
		t.Fatalf("created page kind %q", about.Kind)
	}
	if story.Kind != masthead.KindArticle {
		t.Fatalf("an article created with no kind has kind %q, want %q", story.Kind, masthead.KindArticle)
	}
	scheduled := newPage("Privacy", "privacy-policy", nil, eda)
	scheduled.Status, scheduled.PublishedAt = masthead.StatusScheduled, Epoch.Add(time.Hour)
	mustArticle(t, s, scheduled)

	lists := []struct {
		name string
		f    masthead.ArticleFilter
		want []string
	}{
		{"every article", masthead.ArticleFilter{}, []string{"About the regatta", "Rowing results"}},
		{"visible", masthead.ArticleFilter{Visible: true}, []string{"About the regatta", "Rowing results"}},
		{"section", masthead.ArticleFilter{CategoryID: local.ID}, []string{"About the regatta", "Rowing results"}},
		{"tag", masthead.ArticleFilter{TagID: rowing.ID}, []string{"About the regatta", "Rowing results"}},
		{"author of pages only", masthead.ArticleFilter{AuthorID: eda.ID}, []string{}},
		{"owner of pages only", masthead.ArticleFilter{OwnerID: eda.ID}, []string{}},
		{"headline", masthead.ArticleFilter{HeadlineContains: "about"}, []string{"About the regatta"}},
		{"ids", masthead.ArticleFilter{IDs: []int64{about.ID, story.ID}}, []string{"About the regatta"}},
		{"archive", masthead.ArticleFilter{PublishedFrom: Epoch.Add(-48 * time.Hour), PublishedBefore: Epoch}, []string{"About the regatta", "Rowing results"}},
		{"pages", masthead.ArticleFilter{Kind: masthead.KindPage}, []string{"Privacy", "About the Observer"}},
		{"visible pages", masthead.ArticleFilter{Kind: masthead.KindPage, Visible: true}, []string{"About the Observer"}},
		{"both kinds", masthead.ArticleFilter{Kind: masthead.AnyKind, IDs: []int64{about.ID, story.ID}}, []string{"About the regatta", "About the Observer"}},
	}
	for _, tt := range lists {
		got, total, err := s.FindArticles(ctx, tt.f)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.want, headlines(got)); diff != "" || total != len(tt.want) {
			t.Errorf("%s: total %d (-want +got):\n%s", tt.name, total, diff)
		}
	}
	if got, err := s.FindArticleBySlug(ctx, "about"); err != nil || got.ID != story.ID {
		t.Errorf("FindArticleBySlug(about) = %v, %v; want the article, never the page", got, err)
	}
	if got, err := s.FindArticleByID(ctx, about.ID); err != nil || !got.IsPage() {
		t.Errorf("FindArticleByID(page) = %v, %v; want the page", got, err)
	}
	rel, err := related.New(s).Find(ctx, other, 5)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"About the regatta"}, headlines(rel)); diff != "" {
		t.Errorf("related (-want +got):\n%s", diff)
	}

	months, err := s.FindSitemapMonths(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(months) != 1 || months[0].Count != 2 {
		t.Errorf("sitemap months = %+v, want one month of two articles", months)
	}
	entries, err := s.FindSitemapArticles(ctx, Epoch.Add(-72*time.Hour), Epoch, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Errorf("sitemap articles = %+v, want the two articles", entries)
	}
	for _, kind := range []string{masthead.TermCategory, masthead.TermTag, masthead.TermAuthor} {
		terms, err := s.FindSitemapTerms(ctx, kind)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range terms {
			if e.Slug == eda.Slug || !e.Modified.Equal(story.PublishedAt) {
				t.Errorf("sitemap %s: %+v, want only the articles' terms, modified with the newest article", kind, e)
			}
		}
	}
	pages, err := s.FindSitemapPages(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1 || pages[0].Path != "/about/" || pages[0].Title != "About the Observer" {
		t.Errorf("sitemap pages = %+v, want the visible page at /about/", pages)
	}

	hits, total, _, err := s.SearchArticles(ctx, "marmalade", 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || len(hits) != 1 || hits[0].Article.ID != about.ID || hits[0].Article.Path(time.UTC) != "/about/" {
		t.Errorf("search for a page's word: %d hits %+v, want the page", total, hits)
	}
	if _, total, _, _ := s.SearchArticles(ctx, "Eda Page", 10, 0); total != 0 {
		t.Errorf("search for a page's writer found %d, want none: a page has no byline", total)
	}

	clk.now = Epoch.Add(2 * time.Hour)
	if n, err := s.PublishDueArticles(ctx); err != nil || n != 1 {
		t.Fatalf("PublishDueArticles = %d, %v; want the scheduled page", n, err)
	}
	if got, _ := s.FindArticleByID(ctx, scheduled.ID); got.Status != masthead.StatusPublished {
		t.Errorf("scheduled page status %q after its time", got.Status)
	}

	story.Kind = masthead.KindPage
	if err := s.UpdateArticle(ctx, story); masthead.ErrorCode(err) != masthead.EINVALID || masthead.ErrorField(err) != "kind" {
		t.Errorf("turning an article into a page: %v, want EINVALID for kind", err)
	}
}

// testPageHierarchy: a page's address is its place among pages, slugs are
// unique among siblings only, and no page may end up below itself.
func testPageHierarchy(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	eda := mustAuthor(t, s, "Eda Page")
	about := mustArticle(t, s, newPage("About us", "about", nil, eda))
	team := mustArticle(t, s, newPage("Our team", "team", about, eda))
	contact := mustArticle(t, s, newPage("Contact", "contact", nil, eda))
	// WordPress has /about/team/ and /contact/team/ side by side.
	contactTeam := mustArticle(t, s, newPage("Contact the team", "team", contact, eda))
	draft := newPage("Jobs", "jobs", about, eda)
	draft.Status, draft.PublishedAt = masthead.StatusDraft, time.Time{}
	mustArticle(t, s, draft)

	if got := team.Path(time.UTC); got != "/about/team/" {
		t.Errorf("created child page path %q, want /about/team/", got)
	}
	for path, want := range map[string]*masthead.Article{
		"/about/": about, "/about/team/": team, "/contact/team/": contactTeam, "/about/jobs/": draft,
	} {
		got, err := s.FindPageByPath(ctx, path)
		if err != nil {
			t.Errorf("FindPageByPath(%s): %v", path, err)
			continue
		}
		if got.ID != want.ID || got.Path(time.UTC) != path {
			t.Errorf("FindPageByPath(%s) = %q at %s, want %q", path, got.Headline, got.Path(time.UTC), want.Headline)
		}
	}
	for _, path := range []string{"/team/", "/contact/jobs/", "/about/team/more/", "/feed/", "/", "/about"} {
		if _, err := s.FindPageByPath(ctx, path); masthead.ErrorCode(err) != masthead.ENOTFOUND {
			t.Errorf("FindPageByPath(%s): %v, want ENOTFOUND", path, err)
		}
	}
	pages, _, err := s.FindArticles(ctx, masthead.ArticleFilter{Kind: masthead.KindPage, IDs: []int64{team.ID, contactTeam.ID}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if want := map[int64]string{team.ID: "/about/team/", contactTeam.ID: "/contact/team/"}[p.ID]; p.Path(time.UTC) != want {
			t.Errorf("listed %q at %s, want %s", p.Headline, p.Path(time.UTC), want)
		}
	}

	// A chosen slug taken by a sibling is refused; a generated one is numbered.
	err = s.CreateArticle(ctx, newPage("Another team", "team", about, eda))
	if masthead.ErrorCode(err) != masthead.ECONFLICT || masthead.ErrorField(err) != "slug" {
		t.Errorf("a sibling's slug: %v, want ECONFLICT for slug", err)
	}
	numbered := newPage("Team", "team", about, eda)
	numbered.SlugGenerated = true
	mustArticle(t, s, numbered)
	if numbered.Slug != "team-2" {
		t.Errorf("generated slug beside a sibling's: %q, want team-2", numbered.Slug)
	}
	top := newPage("Team", "team", nil, eda)
	top.SlugGenerated = true
	mustArticle(t, s, top)
	if top.Slug != "team" || top.Path(time.UTC) != "/team/" {
		t.Errorf("top-level page: %q at %s, want team at /team/", top.Slug, top.Path(time.UTC))
	}

	// Parents: a page, not the page itself or one below it.
	story := mustArticle(t, s, newArticle("A story", Epoch.Add(-time.Hour), eda))
	refuse := func(name string, p *masthead.Article, parent int64) {
		t.Helper()
		moved := *p
		moved.ParentID = parent
		err := s.UpdateArticle(ctx, &moved)
		if masthead.ErrorCode(err) != masthead.EINVALID || masthead.ErrorField(err) != "parent" {
			t.Errorf("%s: %v, want EINVALID for parent", name, err)
		}
	}
	refuse("its own parent", about, about.ID)
	refuse("under its child", about, team.ID)
	refuse("under an article", contact, story.ID)
	refuse("under nothing", contact, 99999)
	if err := s.CreateArticle(ctx, newPage("Orphan", "orphan", &masthead.Article{ID: story.ID}, eda)); masthead.ErrorField(err) != "parent" {
		t.Errorf("a new page under an article: %v, want a parent error", err)
	}
	if got, _ := s.FindArticleByID(ctx, about.ID); got.ParentID != 0 {
		t.Fatalf("a refused move was stored: parent %d", got.ParentID)
	}

	// Depth: a chain MaxPageDepth deep is the most there can be.
	chain := []*masthead.Article{about}
	for len(chain) < masthead.MaxPageDepth {
		slug := fmt.Sprint("level-", len(chain)+1)
		chain = append(chain, mustArticle(t, s, newPage(slug, slug, chain[len(chain)-1], eda)))
	}
	if err := s.CreateArticle(ctx, newPage("Too deep", "too-deep", chain[len(chain)-1], eda)); masthead.ErrorField(err) != "parent" {
		t.Errorf("a page below the deepest level: %v, want a parent error", err)
	}
	refuse("moving a tree so that its leaves sink too deep", contact, chain[len(chain)-2].ID)
	deepest, err := s.FindPageByPath(ctx, chain[len(chain)-1].Path(time.UTC))
	if err != nil || deepest.ID != chain[len(chain)-1].ID {
		t.Errorf("the deepest page at %s: %v", chain[len(chain)-1].Path(time.UTC), err)
	}
}

// testPageMoves: a published page whose slug or parent changes leaves a
// redirect at its old address, which also covers the pages below it.
func testPageMoves(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	eda := mustAuthor(t, s, "Eda Page")
	about := mustArticle(t, s, newPage("About us", "about", nil, eda))
	mustArticle(t, s, newPage("Our team", "team", about, eda))
	contact := mustArticle(t, s, newPage("Contact", "contact", nil, eda))
	desk := mustArticle(t, s, newPage("News desk", "desk", contact, eda))
	draft := newPage("Draft", "draft", nil, eda)
	draft.Status, draft.PublishedAt = masthead.StatusDraft, time.Time{}
	mustArticle(t, s, draft)

	team, err := s.FindPageByPath(ctx, "/about/team/")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveMenu(ctx, &masthead.Menu{Location: masthead.MenuFooter, Items: []*masthead.MenuItem{
		{Label: "Team", Kind: masthead.TargetArticle, ArticleID: team.ID},
	}}); err != nil {
		t.Fatal(err)
	}
	menuPath := func() string {
		t.Helper()
		m, err := s.FindMenu(ctx, masthead.MenuFooter)
		if err != nil {
			t.Fatal(err)
		}
		return m.Items[0].Href(Epoch, time.UTC)
	}
	if got := menuPath(); got != "/about/team/" {
		t.Errorf("a menu leads to the child page at %q, want /about/team/", got)
	}

	about.Slug = "about-us"
	if err := s.UpdateArticle(ctx, about); err != nil {
		t.Fatal(err)
	}
	if got := menuPath(); got != "/about-us/team/" {
		t.Errorf("after its parent moved, a menu leads to the child page at %q, want /about-us/team/", got)
	}
	desk.ParentID = about.ID
	if err := s.UpdateArticle(ctx, desk); err != nil {
		t.Fatal(err)
	}
	if got := desk.Path(time.UTC); got != "/about-us/desk/" {
		t.Errorf("moved page path %q, want /about-us/desk/", got)
	}
	draft.Slug = "draft-2"
	if err := s.UpdateArticle(ctx, draft); err != nil {
		t.Fatal(err)
	}
	redirects, _, err := s.FindRedirects(ctx, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []masthead.Redirect{{From: "/about/", To: "/about-us/"}, {From: "/contact/desk/", To: "/about-us/desk/"}}
	if diff := cmp.Diff(want, redirects); diff != "" {
		t.Errorf("redirects (-want +got):\n%s", diff)
	}
	from, to, err := s.FindRedirect(ctx, []string{"/about/team/", "/about/"})
	if err != nil || from != "/about/" || to != "/about-us/" {
		t.Errorf("the old address of a page below the moved one: %q -> %q (%v)", from, to, err)
	}
	if got, err := s.FindPageByPath(ctx, "/about-us/team/"); err != nil || got.Headline != "Our team" {
		t.Errorf("the child of a renamed page at its new address: %v", err)
	}
}
