package wpimport

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"masthead"
	"masthead/content"
	"masthead/wxr"
)

// stickyCount is how many published sticky posts the test's export holds:
// more than a list has pins.
const stickyCount = masthead.MaxPins + 3

// stickyExport writes an export with stickyCount published sticky posts,
// whose dates do not follow their order in the file (post 501+i was
// published (i×5 mod 13) hours after the first hour), a sticky draft
// (514) and a post that is not sticky (515).
func stickyExport(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	w := wxr.NewWriter(&b)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(w.WriteChannel(&wxr.Channel{Title: "Sticky Gazette", Link: "https://old.example", BaseSiteURL: "https://old.example", BaseBlogURL: "https://old.example"}))
	must(w.WriteAuthor(&wxr.Author{ID: 2, Login: "ana", Email: "ana@staff.example", DisplayName: "Ana Reyes"}))
	first := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	post := func(id int64, status string, sticky bool, date time.Time) *wxr.Item {
		return &wxr.Item{ID: id, Title: fmt.Sprintf("Story %d", id), Link: fmt.Sprintf("https://old.example/?p=%d", id), Creator: "ana",
			Content: fmt.Sprintf("<p>Body of post %d.</p>", id), Date: date, DateGMT: date, Modified: date, ModifiedGMT: date,
			CommentStatus: "open", PingStatus: "closed", Name: fmt.Sprintf("story-%d", id), Status: status, Type: "post", Sticky: sticky}
	}
	for i := range stickyCount {
		must(w.WriteItem(post(int64(501+i), "publish", true, first.Add(time.Duration(i*5%stickyCount)*time.Hour))))
	}
	must(w.WriteItem(post(514, "draft", true, first.Add(100*time.Hour))))
	must(w.WriteItem(post(515, "publish", false, first.Add(101*time.Hour))))
	must(w.Close())
	return b.Bytes()
}

// homePinSlugs returns the slugs of the home page's pins, in their order.
func homePinSlugs(t *testing.T, s masthead.Store) []string {
	t.Helper()
	pins, err := s.FindPins(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range pins {
		if p.SectionID == 0 {
			out = append(out, p.Article.Slug)
		}
	}
	return out
}

func TestImportStickyPosts(t *testing.T) { checkStickyImport(t, newStore(t)) }

func TestImportStickyPostsPostgres(t *testing.T) { checkStickyImport(t, newPostgresStore(t)) }

// checkStickyImport imports sticky posts into a site whose desk has
// pinned one story already: they become home pins after it, newest first
// as WordPress's front showed them, as many as the list has room for,
// through the pin rule (the draft is not pinned); a dry run says what it
// would pin and pins nothing; a second run leaves the pins as they are.
func checkStickyImport(t *testing.T, s masthead.Store) {
	ctx := context.Background()
	file := stickyExport(t)

	dry, err := Import(ctx, s, bytes.NewReader(file), Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if dry.Added.Pins != masthead.MaxPins || len(homePinSlugs(t, s)) != 0 {
		t.Errorf("the dry run would pin %d posts and pinned %v; want %d and none", dry.Added.Pins, homePinSlugs(t, s), masthead.MaxPins)
	}

	// The desk's own pin, on a story of the site before the import.
	desk := &masthead.Author{Name: "Desk Editor", Slug: "desk-editor", Role: masthead.RoleEditor}
	if err := s.CreateAuthor(ctx, desk); err != nil {
		t.Fatal(err)
	}
	own := &masthead.Article{Headline: "The desk's choice", Status: masthead.StatusPublished, PublishedAt: now.Add(-time.Hour),
		Authors: []*masthead.Author{desk}, BodySource: "Chosen by the desk."}
	if err := content.PrepareArticle(own); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateArticle(ctx, own); err != nil {
		t.Fatal(err)
	}
	if err := s.AddPin(ctx, &masthead.Pin{ArticleID: own.ID}); err != nil {
		t.Fatal(err)
	}

	sum, err := Import(ctx, s, bytes.NewReader(file), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Newest first: post 501+i is i×5 mod 13 hours late, so the latest
	// are 506 (12 h), 511 (11 h), 503 (10 h) and so on, down to the
	// room the desk's pin leaves.
	type dated struct {
		slug  string
		hours int
	}
	var byDate []dated
	for i := range stickyCount {
		byDate = append(byDate, dated{fmt.Sprintf("story-%d", 501+i), i * 5 % stickyCount})
	}
	slices.SortFunc(byDate, func(a, b dated) int { return b.hours - a.hours })
	want := []string{own.Slug}
	for _, d := range byDate[:masthead.MaxPins-1] {
		want = append(want, d.slug)
	}
	if got := homePinSlugs(t, s); !slices.Equal(got, want) {
		t.Errorf("home pins = %v, want %v", got, want)
	}
	if want[1] != "story-506" || want[2] != "story-511" {
		t.Errorf("the newest sticky posts are %v, want story-506 and story-511", want[1:3])
	}
	if sum.Added.Pins != masthead.MaxPins-1 || sum.Skipped[skipStickyOverLimit] != stickyCount-(masthead.MaxPins-1) ||
		sum.Skipped[skipStickyUnpublished] != 1 {
		t.Errorf("the summary counts %d pins added, skipped %v", sum.Added.Pins, sum.Skipped)
	}
	var out bytes.Buffer
	sum.WriteTo(&out)
	if line := fmt.Sprintf("  %-10s %6d added (WordPress's sticky posts)", "home pins", masthead.MaxPins-1); !bytes.Contains(out.Bytes(), []byte(line)) {
		t.Errorf("the summary does not say %q:\n%s", line, out.String())
	}

	again, err := Import(ctx, s, bytes.NewReader(file), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Added.Pins != 0 || again.Found.Pins != masthead.MaxPins-1 {
		t.Errorf("the second run added %d pins and found %d; want 0 and %d", again.Added.Pins, again.Found.Pins, masthead.MaxPins-1)
	}
	if got := homePinSlugs(t, s); !slices.Equal(got, want) {
		t.Errorf("after the second run, home pins = %v, want %v", got, want)
	}
}
