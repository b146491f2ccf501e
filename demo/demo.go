// Package demo fills an empty site with an invented newspaper, the
// Observer of Port Alder, written through masthead.Store like any other
// content. Every name, place and event in it is made up.
package demo

import (
	"context"
	"fmt"
	"time"

	"masthead"
	"masthead/content"
	"masthead/media"
	"masthead/moderation"
)

// Summary says what Seed added.
type Summary struct {
	Authors, Categories, Articles, Pages, Comments, Images int
}

// String reads as a sentence for the command line.
func (s Summary) String() string {
	return fmt.Sprintf("%d authors, %d sections, %d articles, %d pages, %d comments and %d images", s.Authors, s.Categories, s.Articles, s.Pages, s.Comments, s.Images)
}

// Site returns the settings of the demo site.
func Site() *masthead.Site {
	site := masthead.DefaultSite()
	site.Title = "Observer"
	site.Tagline = "Independent news from Port Alder and the Alder coast"
	site.TimeZone = "Europe/London"
	site.CommentSpamWords = "cheap watches\nreplica handbags"
	return site
}

// Seed writes the demo site into s, with the newest article published a
// little before now, without pictures. On a site that already has
// articles or staff it adds nothing and reports false.
func Seed(ctx context.Context, s masthead.Store, now time.Time) (Summary, bool, error) {
	return SeedWithMedia(ctx, s, nil, now)
}

// SeedWithMedia is Seed with pictures: the demo's images are drawn,
// stored in files and set as most articles' featured images; every fifth
// article has none, as some stories do. files may be nil for none.
func SeedWithMedia(ctx context.Context, s masthead.Store, files media.Storage, now time.Time) (Summary, bool, error) {
	var sum Summary
	// Whether there is any article (or page) at all is the highest id,
	// one index entry to read, where counting them would read every one.
	if last, err := s.MaxArticleID(ctx); err != nil || last > 0 {
		return sum, false, err
	}
	if _, n, err := s.FindAuthors(ctx, masthead.AuthorFilter{Limit: 1}); err != nil || n > 0 {
		return sum, false, err
	}
	if err := s.UpdateSite(ctx, Site()); err != nil {
		return sum, false, fmt.Errorf("demo settings: %w", err)
	}
	authors := map[string]*masthead.Author{}
	for _, spec := range demoAuthors {
		a := &masthead.Author{Name: spec.Name, Slug: spec.Slug, Bio: spec.Bio, Role: masthead.Role(spec.Role),
			Email: spec.Slug + "@observer.example"}
		if err := s.CreateAuthor(ctx, a); err != nil {
			return sum, false, fmt.Errorf("demo author %s: %w", spec.Slug, err)
		}
		authors[spec.Slug] = a
		sum.Authors++
	}
	categories := map[string]*masthead.Category{}
	for _, spec := range demoCategories {
		c := &masthead.Category{Name: spec.Name, Slug: spec.Slug, Description: spec.Description}
		if err := s.CreateCategory(ctx, c); err != nil {
			return sum, false, fmt.Errorf("demo category %s: %w", spec.Slug, err)
		}
		categories[spec.Slug] = c
		sum.Categories++
	}
	var images []*masthead.Media
	if files != nil {
		var err error
		if images, err = seedImages(ctx, s, files, authors[demoAuthors[0].Slug].ID); err != nil {
			return sum, false, err
		}
		sum.Images = len(images)
	}
	newest := now.Add(-2 * time.Hour).Truncate(time.Minute)
	byHeadline := map[string]*masthead.Article{}
	for i, spec := range demoArticles {
		// One article every 31 hours or so lands stories at every time of
		// day, across two months of archives.
		published := newest.Add(-time.Duration(i) * 31 * time.Hour)
		a := &masthead.Article{
			Headline: spec.Headline, Dek: spec.Dek, BodySource: spec.Body,
			Status: masthead.StatusPublished, PublishedAt: published, CreatedAt: published.Add(-3 * time.Hour),
			UpdatedAt: published, Category: categories[spec.Category], Dateline: spec.Dateline,
			SourceName: spec.SourceName, SourceURL: spec.SourceURL, CommentsOpen: i%9 != 8,
		}
		if i%7 == 3 {
			a.UpdatedAt = published.Add(150 * time.Minute) // some stories were updated later
		}
		// Four of five stories have a picture, and the pinned ones, which
		// lead their fronts, always do.
		if len(images) > 0 && (i%5 != 4 || demoPinned(spec.Headline)) {
			a.FeaturedImage = images[i%len(images)]
		}
		for _, slug := range spec.Authors {
			au, ok := authors[slug]
			if !ok {
				return sum, false, fmt.Errorf("demo article %q names unknown author %q", spec.Headline, slug)
			}
			a.Authors = append(a.Authors, au)
		}
		for _, name := range spec.Tags {
			tag, err := s.EnsureTag(ctx, name)
			if err != nil {
				return sum, false, fmt.Errorf("demo tag %q: %w", name, err)
			}
			a.Tags = append(a.Tags, tag)
		}
		if err := content.PrepareArticle(a); err != nil {
			return sum, false, err
		}
		if err := s.CreateArticle(ctx, a); err != nil {
			return sum, false, fmt.Errorf("demo article %q: %w", spec.Headline, err)
		}
		sum.Articles++
		byHeadline[a.Headline] = a
		n, err := seedComments(ctx, s, a, spec.Comments)
		if err != nil {
			return sum, false, err
		}
		sum.Comments += n
	}
	if err := seedCuration(ctx, s, byHeadline, categories, now); err != nil {
		return sum, false, err
	}
	n, err := seedModerationQueue(ctx, s, now)
	if err != nil {
		return sum, false, err
	}
	sum.Comments += n
	oldest := newest.Add(-time.Duration(len(demoArticles)) * 31 * time.Hour)
	if sum.Pages, err = seedPages(ctx, s, authors[demoAuthors[0].Slug], oldest); err != nil {
		return sum, false, err
	}
	return sum, true, nil
}

// demoPins are the desk's choices on the demo's front: an older story
// that leads the home page above the newer ones, and one that leads its
// section for a few days.
var demoPins = []struct {
	Section  string // "" for the home page
	Headline string
	Expires  time.Duration // from the seed's time; 0 for never
}{
	{"", "Mayor Arkwright Outlines Housing Plan in Annual State of the City Address", 0},
	{"local", "Fernhill Parents Petition for Safer Crossing Near Primary School", 72 * time.Hour},
}

// demoPinned reports whether the desk pins the story of headline.
func demoPinned(headline string) bool {
	for _, p := range demoPins {
		if p.Headline == headline {
			return true
		}
	}
	return false
}

// demoBreaking is the strip the demo shows, so that readers see what it
// looks like; it switches itself off a month after the seed.
var demoBreaking = struct {
	Text, Headline string
	Expires        time.Duration
}{"Harbour Bridge down to one lane until early summer: what it means for your journey",
	"Harbour Bridge Lane Closures to Last Into Early Summer", 30 * 24 * time.Hour}

// seedCuration pins the demo's chosen stories and switches its breaking
// strip on.
func seedCuration(ctx context.Context, s masthead.Store, articles map[string]*masthead.Article, sections map[string]*masthead.Category, now time.Time) error {
	for _, spec := range demoPins {
		a, ok := articles[spec.Headline]
		if !ok {
			return fmt.Errorf("demo pin names unknown article %q", spec.Headline)
		}
		p := &masthead.Pin{ArticleID: a.ID}
		if spec.Section != "" {
			p.SectionID = sections[spec.Section].ID
		}
		if spec.Expires != 0 {
			p.ExpiresAt = now.Add(spec.Expires)
		}
		if err := s.AddPin(ctx, p); err != nil {
			return fmt.Errorf("demo pin %q: %w", spec.Headline, err)
		}
	}
	a, ok := articles[demoBreaking.Headline]
	if !ok {
		return fmt.Errorf("the demo's breaking strip names unknown article %q", demoBreaking.Headline)
	}
	site, err := s.FindSite(ctx)
	if err != nil {
		return err
	}
	b := masthead.Breaking{Text: demoBreaking.Text, URL: a.Path(site.Location()), ExpiresAt: now.Add(demoBreaking.Expires)}
	if err := s.SaveBreaking(ctx, b); err != nil {
		return fmt.Errorf("the demo's breaking strip: %w", err)
	}
	return nil
}

// heldComments give the moderation queue something to show: comments on
// the newest article that a moderator has not seen yet, and one that a
// spam rule caught. The site's own rules decide which is which.
var heldComments = []struct {
	Name, Email, Body string
}{
	{"Marguerite Osei", "m.osei@example.net", "Does anyone know whether the night buses will divert while the bridge is down to one lane?"},
	{"Dara Whelan", "dara.whelan@example.org", "The engineers' report is here: https://example.org/bridge-report and the summary is at https://example.org/bridge-summary with photos at https://example.org/bridge-photos"},
	{"Best Deals Online", "deals@example.com", "Cheap watches and bags, visit our shop today!"},
}

func seedModerationQueue(ctx context.Context, s masthead.Store, now time.Time) (int, error) {
	newest, _, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 1})
	if err != nil || len(newest) == 0 {
		return 0, err
	}
	// The demo's readers post like any reader, through the same rules,
	// without the rate limit (they all write from one network).
	policy := moderation.Policy{Site: Site()}
	for i, h := range heldComments {
		c := &masthead.Comment{AuthorName: h.Name, AuthorEmail: h.Email, Body: h.Body}
		sub := moderation.Submission{Article: newest[0], Comment: c, Network: "198.51.100.0", Now: now.Add(-time.Duration(30-i) * time.Minute)}
		if err := moderation.Submit(ctx, s, sub, policy); err != nil {
			return i, fmt.Errorf("demo held comment: %w", err)
		}
	}
	return len(heldComments), nil
}

// seedComments writes an article's comments depth first, so that every
// reply comes after its parent, a few minutes apart.
func seedComments(ctx context.Context, s masthead.Store, a *masthead.Article, specs []commentSpec) (int, error) {
	n := 0
	var walk func(parent int64, specs []commentSpec) error
	walk = func(parent int64, specs []commentSpec) error {
		for _, spec := range specs {
			n++
			c := &masthead.Comment{
				ArticleID: a.ID, ParentID: parent, AuthorName: spec.Name, AuthorEmail: spec.Email,
				AuthorURL: spec.Website, Body: spec.Body, Status: masthead.CommentApproved,
				IP: "203.0.113.0", CreatedAt: a.PublishedAt.Add(time.Duration(n) * 7 * time.Minute),
			}
			if err := s.CreateComment(ctx, c); err != nil {
				return fmt.Errorf("demo comment by %s on %q: %w", spec.Name, a.Headline, err)
			}
			if err := walk(c.ID, spec.Replies); err != nil {
				return err
			}
		}
		return nil
	}
	return n, walk(0, specs)
}
