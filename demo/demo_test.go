package demo

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/media"
	"masthead/sqlite"
)

func TestSeed(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }

	sum, added, err := Seed(ctx, s, now)
	if err != nil || !added {
		t.Fatalf("Seed = %v, %v", added, err)
	}
	if sum.Authors < 3 || sum.Articles < 40 || sum.Categories < 5 || sum.Comments < 20 {
		t.Fatalf("the demo is too small: %s", sum)
	}
	site, err := s.FindSite(ctx)
	if err != nil || site.Title != "Observer" {
		t.Fatalf("site title = %q, %v", site.Title, err)
	}

	authors, _, err := s.FindAuthors(ctx, masthead.AuthorFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range authors {
		if a.Name == "" || a.Bio == "" || !masthead.ValidSlug(a.Slug) {
			t.Errorf("author %+v lacks a name, bio or slug", a)
		}
	}

	articles, total, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 500})
	if err != nil || total != sum.Articles {
		t.Fatalf("%d visible articles of %d, %v", total, sum.Articles, err)
	}
	sections := map[string]bool{}
	multiAuthor, withComments := 0, 0
	for _, a := range articles {
		// Demo excerpts are generated, so that editing a demo body in the
		// editor refreshes its excerpt.
		if a.Excerpt == "" || !a.ExcerptGenerated {
			t.Errorf("%q has excerpt %q, generated=%v; want a generated one", a.Headline, a.Excerpt, a.ExcerptGenerated)
		}
		if a.Category == nil || len(a.Tags) == 0 {
			t.Errorf("%q lacks a section or tags", a.Headline)
		} else {
			sections[a.Category.Slug] = true
		}
		if len(a.Authors) > 1 {
			multiAuthor++
		}
		if paras := strings.Count(a.BodyHTML, "<p>"); paras < 3 {
			t.Errorf("%q has %d paragraphs", a.Headline, paras)
		}
		if !strings.Contains(a.BodyHTML, "<a href=") {
			t.Errorf("%q has no link", a.Headline)
		}
		if !strings.ContainsAny(a.BodyHTML, "“”") {
			t.Errorf("%q has no quotation", a.Headline)
		}
		if a.CommentCount > 0 {
			withComments++
		}
		if a.PublishedAt.After(now) {
			t.Errorf("%q is published in the future", a.Headline)
		}
	}
	// One story shows embeds, near the top of the front page: a video
	// and a map, each a facade until a reader asks.
	if len(articles) < 2 || !strings.Contains(articles[1].BodyHTML, `data-embed-src="https://www.youtube-nocookie.com/`) ||
		!strings.Contains(articles[1].BodyHTML, `data-embed-src="https://www.openstreetmap.org/export/embed.html?`) {
		t.Errorf("the second newest demo story has no video and map embeds")
	}
	if len(sections) < 5 || multiAuthor < 3 || withComments < 10 {
		t.Errorf("%d sections, %d articles with several authors, %d with comments", len(sections), multiAuthor, withComments)
	}

	// The pages every paper has, one of them under another.
	pages, _, err := s.FindArticles(ctx, masthead.ArticleFilter{Kind: masthead.KindPage, Visible: true, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, p := range pages {
		paths = append(paths, p.Path(time.UTC))
	}
	slices.Sort(paths)
	if want := []string{"/about/", "/about/team/", "/contact/", "/corrections-policy/", "/privacy-policy/"}; !slices.Equal(paths, want) || sum.Pages != len(want) {
		t.Errorf("demo pages at %v (%d counted), want %v", paths, sum.Pages, want)
	}

	comments, _, err := s.FindComments(ctx, masthead.CommentFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	replies, held := 0, 0
	for _, c := range comments {
		if c.Status != masthead.CommentApproved {
			held++
			if c.Reason == "" {
				t.Errorf("held demo comment %d has no reason", c.ID)
			}
		}
		if c.ParentID != 0 {
			replies++
		}
		if c.CreatedAt.After(now) {
			t.Errorf("demo comment %d is dated in the future", c.ID)
		}
	}
	if replies < 5 {
		t.Errorf("only %d threaded replies", replies)
	}
	if held != len(heldComments) {
		t.Errorf("%d comments await moderation, want the %d of the demo queue", held, len(heldComments))
	}

	// The front is curated: a pinned story leads the home page and one a
	// section, and the breaking strip is on.
	for section, want := range map[int64]string{0: demoPins[0].Headline} {
		pinned, err := s.FindPinnedArticles(ctx, section)
		if err != nil || len(pinned) != 1 || pinned[0].Headline != want {
			t.Errorf("the demo home page's pins: %v, %v; want %q", headlinesOf(pinned), err, want)
		}
	}
	pins, err := s.FindPins(ctx)
	if err != nil || len(pins) != len(demoPins) {
		t.Fatalf("the demo has %d pins, %v; want %d", len(pins), err, len(demoPins))
	}
	if section := pins[1]; section.SectionID == 0 || section.ExpiresAt.IsZero() {
		t.Errorf("the demo's section pin: %+v, want a section's pin with an expiry", section)
	}
	if pinned, err := s.FindPinnedArticles(ctx, pins[1].SectionID); err != nil || len(pinned) != 1 {
		t.Errorf("the demo section's pins: %v, %v", headlinesOf(pinned), err)
	}
	if site, err = s.FindSite(ctx); err != nil || !site.Breaking.On(now) || !site.Breaking.On(now.AddDate(0, 0, 7)) {
		t.Errorf("the demo's breaking strip: %+v, %v; want it on for weeks", site.Breaking, err)
	}

	if _, added, err := Seed(ctx, s, now); err != nil || added {
		t.Fatalf("a second Seed = %v, %v; want nothing added", added, err)
	}
	if _, n, _ := s.FindArticles(ctx, masthead.ArticleFilter{Limit: 1}); n != sum.Articles {
		t.Fatalf("a second Seed changed the article count to %d", n)
	}
}

func TestSeedLeavesASiteWithStaffAlone(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CreateAuthor(ctx, &masthead.Author{Name: "Real Editor", Slug: "real-editor", Role: masthead.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	if _, added, err := Seed(ctx, s, time.Now()); err != nil || added {
		t.Fatalf("Seed on a site with staff = %v, %v; want nothing added", added, err)
	}
}

func headlinesOf(articles []*masthead.Article) []string {
	var out []string
	for _, a := range articles {
		out = append(out, a.Headline)
	}
	return out
}

// TestSeedWithMedia: the demo's pictures go through the upload path (so
// they have every size), lead most articles, and leave some without one;
// drawing them keeps `serve --demo` quick to start.
func TestSeedWithMedia(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	start := time.Now()
	sum, added, err := SeedWithMedia(ctx, s, media.Dir(dir), time.Now())
	if err != nil || !added {
		t.Fatalf("SeedWithMedia = %v, %v", added, err)
	}
	t.Logf("the demo with %d images took %v", sum.Images, time.Since(start))
	images, n, err := s.FindMedia(ctx, masthead.MediaFilter{Limit: 50})
	if err != nil || n != len(scenes) || sum.Images != n {
		t.Fatalf("%d images in the library (%v), summary %d; want %d", n, err, sum.Images, len(scenes))
	}
	for _, m := range images {
		if len(m.Variants) != len(media.Widths)-1 || m.AltText == "" || m.Width != imageWidth || m.Height != imageHeight {
			t.Errorf("image %s: %d sizes, alt %q, %d × %d", m.Name, len(m.Variants), m.AltText, m.Width, m.Height)
		}
		for _, name := range m.Files() {
			f, err := media.Dir(dir).Open(ctx, name)
			if err != nil {
				t.Errorf("file %s: %v", name, err)
				continue
			}
			f.Close()
		}
	}
	articles, _, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, WithoutBody: true, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	with := 0
	for _, a := range articles {
		if a.FeaturedImage != nil {
			with++
		}
	}
	if with == 0 || with == len(articles) || articles[0].FeaturedImage == nil {
		t.Errorf("%d of %d articles have an image, the newest %v; want most, not all, the newest among them", with, len(articles), articles[0].FeaturedImage != nil)
	}
}
