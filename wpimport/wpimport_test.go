package wpimport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/markdown"
	"masthead/postgres"
	"masthead/postgres/pgtest"
	"masthead/sqlite"
	"masthead/sqlstore"
	"masthead/web"
	"masthead/wxr"
)

// now is the pinned time of every test: after the fixture's posts, before
// the edge cases' scheduled one.
var now = time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)

func newStore(t testing.TB) *sqlstore.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return now }
	t.Cleanup(func() { s.Close() })
	return s
}

// newPostgresStore opens a fresh schema on the test PostgreSQL server,
// with the tests' clock.
func newPostgresStore(t testing.TB) *sqlstore.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), pgtest.DSN(t), "")
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return now }
	t.Cleanup(func() { s.Close() })
	return s
}

func importFile(t testing.TB, s masthead.Store, name string, opts Options) *Summary {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := Import(context.Background(), s, f, opts)
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return sum
}

// readExport reads every item of an export, to compare an import with it.
func readExport(t testing.TB, name string) (*wxr.Channel, []*wxr.Item) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := wxr.NewReader(f)
	var items []*wxr.Item
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return rd.Channel(), items
		}
		if err != nil {
			t.Fatal(err)
		}
		if it, ok := rec.(*wxr.Item); ok {
			items = append(items, it)
		}
	}
}

// siteCounts is what a store holds, to show that a second run adds nothing.
type siteCounts struct {
	Articles, Comments, Replies, Authors, Tags, Sections, Redirects int
}

func countSite(t testing.TB, s masthead.Store) siteCounts {
	t.Helper()
	ctx := context.Background()
	var c siteCounts
	var err error
	if _, c.Articles, err = s.FindArticles(ctx, masthead.ArticleFilter{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	for offset := 0; ; offset += 500 {
		page, total, err := s.FindComments(ctx, masthead.CommentFilter{Limit: 500, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		c.Comments = total
		for _, cm := range page {
			if cm.ParentID != 0 {
				c.Replies++
			}
		}
		if len(page) < 500 {
			break
		}
	}
	if _, c.Authors, err = s.FindAuthors(ctx, masthead.AuthorFilter{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if _, c.Tags, err = s.FindTags(ctx, masthead.TagFilter{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	cats, err := s.FindCategories(ctx, 500)
	if err != nil {
		t.Fatal(err)
	}
	c.Sections = len(cats)
	if _, c.Redirects, err = s.FindRedirects(ctx, 1, 0); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestImportFixture imports the real WordPress export and checks every
// count against the fixture's README and the file itself, the threads, the
// statuses, the dates and what stays private.
func TestImportFixture(t *testing.T) {
	s := newStore(t)
	checkFixtureImport(t, s)
}

// TestImportFixturePostgres runs the same import on PostgreSQL, where
// kept ids must move the id sequence on.
func TestImportFixturePostgres(t *testing.T) {
	s := newPostgresStore(t)
	checkFixtureImport(t, s)
	// A new article after the import gets an id past every kept one.
	au, err := s.FindAuthorBySlug(context.Background(), "ines")
	if err != nil {
		t.Fatal(err)
	}
	a := &masthead.Article{Headline: "After the move", Slug: "after-the-move", Status: masthead.StatusDraft, Authors: []*masthead.Author{au}}
	if err := s.CreateArticle(context.Background(), a); err != nil {
		t.Fatalf("create an article after the import: %v", err)
	}
	_, items := readExport(t, "export-small.xml")
	for _, it := range items {
		if a.ID <= it.ID {
			t.Fatalf("the new article has id %d, not past the kept id %d", a.ID, it.ID)
		}
	}
}

func checkFixtureImport(t *testing.T, s masthead.Store) {
	t.Helper()
	ctx := context.Background()
	sum := importFile(t, s, "export-small.xml", Options{})
	_, items := readExport(t, "export-small.xml")

	categories, tags := map[string]bool{}, map[string]bool{}
	for _, it := range items {
		for _, ref := range it.Terms {
			if ref.Domain == "category" {
				categories[ref.Nicename] = true
			} else {
				tags[ref.Nicename] = true
			}
		}
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"authors", sum.Added.Authors, 3},
		{"articles", sum.Added.Articles, 20},
		{"published articles", sum.ArticlesByStatus[masthead.StatusPublished], 20},
		{"comments", sum.Added.Comments, 219},
		{"approved comments", sum.CommentsByStatus[masthead.CommentApproved], 219},
		{"sections", sum.Added.Sections, len(categories)},
		{"tags", sum.Added.Tags, len(tags)},
		{"orphans", sum.Orphans, 0},
	} {
		if c.got != c.want {
			t.Errorf("summary: %s = %d, want %d", c.what, c.got, c.want)
		}
	}
	if len(sum.Skipped) != 0 || len(sum.Notes) != 0 {
		t.Errorf("the fixture imports whole, but the summary skips %v and notes %q", sum.Skipped, sum.Notes)
	}
	got := countSite(t, s)
	// Every address stays as it was; only WordPress's "/?author=ID" links
	// of the three authors need redirects.
	want := siteCounts{Articles: 20, Comments: 219, Replies: 54, Authors: 3, Tags: len(tags), Sections: len(categories), Redirects: 3}
	if got != want {
		t.Errorf("the site holds %+v, want %+v", got, want)
	}

	for _, it := range items {
		// Each post keeps its WordPress id, so /?p=ID links keep working.
		a, err := s.FindArticleByID(ctx, it.ID)
		if err != nil {
			t.Fatalf("post %d: %v", it.ID, err)
		}
		if a.Headline != it.Title || a.Slug != it.Name || !a.PublishedAt.Equal(it.DateGMT) || !a.UpdatedAt.Equal(it.ModifiedGMT) ||
			a.Status != masthead.StatusPublished || !a.CommentsOpen || a.ExternalID != fmt.Sprintf("wordpress:post:%d", it.ID) {
			t.Errorf("post %d became %+v", it.ID, a)
		}
		if len(a.Authors) != 1 || a.Authors[0].Slug != it.Creator {
			t.Errorf("post %d: byline %v, want %s", it.ID, a.Authors, it.Creator)
		}
		section := ""
		for _, ref := range it.Terms {
			if ref.Domain == "category" && section == "" {
				section = ref.Nicename
			}
		}
		if a.Category == nil || a.Category.Slug != section {
			t.Errorf("post %d: section %v, want %s", it.ID, a.Category, section)
		}
		if len(a.Tags) != len(it.Terms)-1 {
			t.Errorf("post %d: %d tags, want %d", it.ID, len(a.Tags), len(it.Terms)-1)
		}
		if strings.Contains(a.BodySource, "<!-- wp:") || !strings.Contains(a.BodyHTML, "<blockquote") {
			t.Errorf("post %d: the body keeps block comments or lost its quote: %.200s", it.ID, a.BodySource)
		}
		if !a.ExcerptGenerated || a.Excerpt == "" {
			t.Errorf("post %d had no excerpt in WordPress, so one is made: %q, generated %v", it.ID, a.Excerpt, a.ExcerptGenerated)
		}

		// Threads and statuses, comment by comment.
		comments, _, err := s.FindComments(ctx, masthead.CommentFilter{ArticleID: a.ID, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		byExt := map[string]*masthead.Comment{}
		for _, c := range comments {
			byExt[c.ExternalID] = c
		}
		if len(comments) != len(it.Comments) {
			t.Errorf("post %d has %d comments, want %d", it.ID, len(comments), len(it.Comments))
		}
		for _, wc := range it.Comments {
			c := byExt[fmt.Sprintf("wordpress:comment:%d", wc.ID)]
			if c == nil {
				t.Errorf("comment %d is missing", wc.ID)
				continue
			}
			if c.AuthorName != wc.Author || c.AuthorEmail != wc.AuthorEmail || c.AuthorURL != wc.AuthorURL ||
				c.Body != wc.Content || !c.CreatedAt.Equal(wc.DateGMT) || c.Status != masthead.CommentApproved {
				t.Errorf("comment %d became %+v", wc.ID, c)
			}
			if c.IP == wc.AuthorIP || !strings.HasSuffix(c.IP, ".0") {
				t.Errorf("comment %d keeps the address %q, want its /24 network", wc.ID, c.IP)
			}
			if wc.Parent == 0 {
				if c.ParentID != 0 {
					t.Errorf("comment %d is a reply, want top-level", wc.ID)
				}
			} else if parent := byExt[fmt.Sprintf("wordpress:comment:%d", wc.Parent)]; parent == nil || c.ParentID != parent.ID {
				t.Errorf("comment %d does not answer comment %d", wc.ID, wc.Parent)
			}
		}
	}
	// Authors keep their email for the newsroom, and have no password.
	au, hash, err := s.FindAuthorByEmail(ctx, "ines.castellano@observer.example")
	if err != nil || au.Name != "Inés Castellano" || au.Slug != "ines" || hash != "" || au.Role != masthead.RoleAuthor {
		t.Errorf("author ines = %+v, hash %q, %v", au, hash, err)
	}

	// A second run of the same file changes nothing.
	again := importFile(t, s, "export-small.xml", Options{})
	if again.Added != (Counts{}) {
		t.Errorf("a second import added %+v", again.Added)
	}
	if again.Found.Articles != 20 || again.Found.Comments != 219 || again.Found.Authors != 3 {
		t.Errorf("a second import found %+v", again.Found)
	}
	if after := countSite(t, s); after != want {
		t.Errorf("after a second import the site holds %+v, want %+v", after, want)
	}
}

// TestEdgeCases imports an export of every odd case and checks what
// became of each.
func TestEdgeCases(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	sum := importFile(t, s, "edge-cases.xml", Options{})

	status := func(id int64) masthead.Status {
		a, err := s.FindArticleByID(ctx, id)
		if err != nil {
			t.Fatalf("post %d: %v", id, err)
		}
		return a.Status
	}
	for id, want := range map[int64]masthead.Status{
		10: masthead.StatusPublished, 11: masthead.StatusScheduled, 12: masthead.StatusDraft,
		13: masthead.StatusPending, 14: masthead.StatusDraft, // private
	} {
		if got := status(id); got != want {
			t.Errorf("post %d is %s, want %s", id, got, want)
		}
	}
	// The scheduled one keeps its time, to be published by the scheduler.
	if a, _ := s.FindArticleByID(ctx, 11); !a.PublishedAt.Equal(time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("the scheduled post is due at %v", a.PublishedAt)
	}
	// A draft without a date has no publish time.
	if a, _ := s.FindArticleByID(ctx, 12); !a.PublishedAt.IsZero() || a.Slug != "notes-for-the-desk" {
		t.Errorf("the draft = %+v", a)
	}
	// A post without a title gets its first words.
	if a, _ := s.FindArticleByID(ctx, 15); !strings.HasPrefix(a.Headline, "A short aside without a title") {
		t.Errorf("the untitled post's headline is %q", a.Headline)
	}
	// A slug taken by another post takes the next number.
	if a, _ := s.FindArticleByID(ctx, 16); a.Slug != "polls-open-2" {
		t.Errorf("the duplicate slug became %q", a.Slug)
	}
	// A hand-written excerpt is kept as written.
	if a, _ := s.FindArticleByID(ctx, 10); a.Excerpt != "Voters queue from dawn." || a.ExcerptGenerated || a.Category.Slug != "europe" {
		t.Errorf("post 10: excerpt %q (generated %v), section %v", a.Excerpt, a.ExcerptGenerated, a.Category)
	}
	// An author the export does not list is added from the login.
	if a, _ := s.FindArticleByID(ctx, 17); a.Authors[0].Name != "ghost" || a.Authors[0].Email != "" {
		t.Errorf("post 17's author = %+v", a.Authors[0])
	}
	if tag, err := s.FindTagBySlug(ctx, "elections"); err != nil || tag.Description != "Votes everywhere" {
		t.Errorf("tag = %+v, %v", tag, err)
	}
	if cat, err := s.FindCategoryBySlug(ctx, "world"); err != nil || cat.Description != "News from abroad" {
		t.Errorf("section = %+v, %v", cat, err)
	}

	comments, _, err := s.FindComments(ctx, masthead.CommentFilter{ArticleID: 10, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	byExt := map[string]*masthead.Comment{}
	for _, c := range comments {
		byExt[strings.TrimPrefix(c.ExternalID, "wordpress:comment:")] = c
	}
	for id, want := range map[string]masthead.CommentStatus{
		"100": masthead.CommentApproved, "101": masthead.CommentApproved, "102": masthead.CommentPending,
		"103": masthead.CommentSpam, "104": masthead.CommentTrash, "105": masthead.CommentApproved,
	} {
		if c := byExt[id]; c == nil || c.Status != want {
			t.Errorf("comment %s = %+v, want %s", id, c, want)
		}
	}
	if c := byExt["101"]; c == nil || c.ParentID != byExt["100"].ID || c.IP != "2001:db8:1234::" {
		t.Errorf("the reply = %+v", c)
	}
	if c := byExt["102"]; c == nil || c.Reason != "Held on the WordPress site before the import." {
		t.Errorf("the held comment = %+v", c)
	}
	if c := byExt["105"]; c == nil || c.ParentID != 0 {
		t.Errorf("the orphan = %+v, want a top-level comment", c)
	}
	if byExt["106"] != nil || byExt["107"] != nil {
		t.Error("the pingback or the comment without an email was imported")
	}

	if sum.Added.Pages != 2 || sum.Skipped["pingbacks and trackbacks are not imported"] != 1 ||
		sum.Added.Pins != 1 || sum.Orphans != 1 {
		t.Errorf("summary = %+v", sum)
	}
	for _, want := range []string{
		"Post 14 was private, which Masthead's articles cannot be, so it is a draft.",
		`Post 16's address "polls-open" is taken by another article, so it is "polls-open-2".`,
		"Comment 107 on post 10 has no email address, which Masthead needs for every comment, so it was not imported.",
		"Comment 105 on post 10 answers comment 999, which is not in the export or was not imported, so it is a top-level comment.",
		`The author "ghost" is not in the export's list of authors; they were added with their login as their name.`,
	} {
		if !contains(sum.Notes, want) {
			t.Errorf("the notes do not say %q:\n%s", want, strings.Join(sum.Notes, "\n"))
		}
	}
	for _, n := range sum.Notes {
		if !strings.HasSuffix(n, ".") || strings.Contains(n, "@") {
			t.Errorf("note %q is not one sentence without an address", n)
		}
	}
	var out bytes.Buffer
	sum.WriteTo(&out)
	for _, want := range []string{"articles        8 added (4 published, 1 scheduled, 2 drafts, 1 pending)",
		"comments        6 added (3 approved, 1 pending, 1 spam, 1 trash)", "pages           2 added"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the summary does not say %q:\n%s", want, out.String())
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// follow requests path and follows at most one redirect, returning every
// status on the way and the final path.
func follow(t *testing.T, h http.Handler, target string) (statuses []int, final string) {
	t.Helper()
	for range 3 {
		req := httptest.NewRequest("GET", target, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		statuses = append(statuses, rec.Code)
		if rec.Code != http.StatusMovedPermanently {
			return statuses, target
		}
		loc, err := url.Parse(rec.Header().Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		target = loc.RequestURI()
	}
	return statuses, target
}

func newServer(t *testing.T, s masthead.Store) http.Handler {
	t.Helper()
	srv, err := web.NewServer(s, web.Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// TestOldLinks walks every <link> of the fixture and of exports with other
// permalink structures through the web server: each answers 200 where the
// address did not change, or one 301 to a page that answers 200.
func TestOldLinks(t *testing.T) {
	s := newStore(t)
	for _, name := range []string{"export-small.xml", "edge-cases.xml", "wordpress-com.xml", "wxr-1.0.xml"} {
		importFile(t, s, name, Options{})
	}
	srv := newServer(t, s)
	ctx := context.Background()
	for _, name := range []string{"export-small.xml", "edge-cases.xml", "wordpress-com.xml", "wxr-1.0.xml"} {
		_, items := readExport(t, name)
		for _, it := range items {
			if it.Type != "post" || it.Status != "publish" {
				continue
			}
			ids, err := s.FindExternalIDs(ctx, masthead.ExternalArticle, []string{fmt.Sprintf("wordpress:post:%d", it.ID)})
			if err != nil {
				t.Fatal(err)
			}
			a, err := s.FindArticleByID(ctx, ids[fmt.Sprintf("wordpress:post:%d", it.ID)])
			if err != nil {
				t.Fatalf("%s: post %d: %v", name, it.ID, err)
			}
			u, _ := url.Parse(it.Link)
			statuses, final := follow(t, srv, u.RequestURI())
			if final != a.Path(time.UTC) || statuses[len(statuses)-1] != 200 || len(statuses) > 2 {
				t.Errorf("%s: %s answers %v and ends at %s, want at most one 301 to %s", name, u.RequestURI(), statuses, final, a.Path(time.UTC))
			}
			if name != "export-small.xml" && u.Path != a.Path(time.UTC) && len(statuses) != 2 {
				t.Errorf("%s: %s moved, but answers %v", name, u.RequestURI(), statuses)
			}
			// WordPress's short link, and the old feed of the post.
			if statuses, final := follow(t, srv, fmt.Sprintf("/?p=%d", it.ID)); final != a.Path(time.UTC) || fmt.Sprint(statuses) != "[301 200]" {
				t.Errorf("%s: /?p=%d answers %v and ends at %s", name, it.ID, statuses, final)
			}
		}
	}
	for from, to := range map[string]string{
		"/archives/11":                 "", // scheduled: not yet public, but already redirected
		"/world/europe/polls-open/":    "/2024/05/01/polls-open/",
		"/category/world/europe/":      "/category/europe/",
		"/category/world/europe/feed/": "/category/europe/feed/",
		"/tag/cafés/":                  "/tag/cafes/",
		"/tag/cafés/feed/":             "/tag/cafes/feed/",
		"/author/bo.lind/":             "/author/bo-lind/",
		"/blog/archives/7":             "/2009/08/31/river-rises/",
		"/category/news/local/":        "/category/local/",
		// WordPress's query-string archives: by the export's ids, by slug
		// and by month.
		"/?cat=5":         "/category/europe/",
		"/?author=3":      "/author/bo-lind/",
		"/?tag=elections": "/tag/elections/",
		"/?m=202405":      "/2024/05/",
	} {
		target := (&url.URL{Path: from}).RequestURI()
		if strings.HasPrefix(from, "/?") {
			target = from
		}
		statuses, final := follow(t, srv, target)
		if to == "" {
			if statuses[0] != http.StatusMovedPermanently {
				t.Errorf("%s answers %v, want a redirect", from, statuses)
			}
			continue
		}
		if final != to || fmt.Sprint(statuses) != "[301 200]" {
			t.Errorf("%s answers %v and ends at %s, want one 301 to %s", from, statuses, final, to)
		}
	}
}

// TestTakenID imports into a site whose article already has a WordPress
// post's id: the post gets another id, and /?p=ID still reaches it.
func TestTakenID(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	au := &masthead.Author{Name: "Old Hand", Slug: "old-hand", Role: masthead.RoleEditor}
	if err := s.CreateAuthor(ctx, au); err != nil {
		t.Fatal(err)
	}
	mine := &masthead.Article{ID: 184, Headline: "Ours", Slug: "ours", Status: masthead.StatusPublished, PublishedAt: now.Add(-time.Hour), Authors: []*masthead.Author{au}}
	if err := s.CreateArticle(ctx, mine); err != nil {
		t.Fatal(err)
	}
	sum := importFile(t, s, "export-small.xml", Options{})
	if sum.Added.Articles != 20 || !strings.Contains(strings.Join(sum.Notes, " "), "Post 184 could not keep its id") {
		t.Errorf("summary = %+v", sum)
	}
	ids, _ := s.FindExternalIDs(ctx, masthead.ExternalArticle, []string{"wordpress:post:184"})
	moved, err := s.FindArticleByID(ctx, ids["wordpress:post:184"])
	if err != nil || moved.ID == 184 {
		t.Fatalf("post 184 = %+v, %v", moved, err)
	}
	statuses, final := follow(t, newServer(t, s), "/?p=184")
	if final != moved.Path(time.UTC) || fmt.Sprint(statuses) != "[301 200]" {
		t.Errorf("/?p=184 answers %v and ends at %s, want the imported post %s", statuses, final, moved.Path(time.UTC))
	}
}

var emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// TestNoEmailInPublicOutput crawls the imported site, its feeds and its
// API for any address: the commenters' and the authors' emails stay
// private.
func TestNoEmailInPublicOutput(t *testing.T) {
	s := newStore(t)
	importFile(t, s, "export-small.xml", Options{})
	srv := newServer(t, s)
	seen := map[string]bool{}
	queue := []string{"/", "/feed/", "/feed/atom/", "/feed/json/", "/comments/feed/", "/comments/feed/json/",
		"/api/v1/articles", "/api/v1/authors", "/api/v1/articles/184/comments", "/sitemap.xml"}
	for len(queue) > 0 && len(seen) < 150 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		req := httptest.NewRequest("GET", p, nil)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		body := rec.Body.String()
		if found := emailPattern.FindString(body); found != "" {
			t.Errorf("%s shows the address %q", p, found)
		}
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			continue
		}
		doc, err := html.Parse(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "a" {
				for _, a := range n.Attr {
					if a.Key == "href" && strings.HasPrefix(a.Val, "/") && !strings.HasPrefix(a.Val, "//") {
						queue = append(queue, strings.SplitN(a.Val, "#", 2)[0])
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
	if len(seen) < 60 {
		t.Fatalf("the crawl reached only %d pages", len(seen))
	}
	articles := 0
	for p := range seen {
		if strings.HasPrefix(p, "/2023/") && strings.Count(p, "/") == 5 {
			articles++
		}
	}
	if articles < 20 {
		t.Errorf("the crawl reached %d of the 20 articles", articles)
	}
}

// TestDryRun checks everything and writes nothing, and says what a real
// run would add.
func TestDryRun(t *testing.T) {
	s := newStore(t)
	before := countSite(t, s)
	dry := importFile(t, s, "edge-cases.xml", Options{DryRun: true})
	if after := countSite(t, s); after != before {
		t.Fatalf("a dry run wrote: the site went from %+v to %+v", before, after)
	}
	real := importFile(t, s, "edge-cases.xml", Options{})
	if dry.Added != real.Added || fmt.Sprint(dry.Notes) != fmt.Sprint(real.Notes) || fmt.Sprint(dry.Skipped) != fmt.Sprint(real.Skipped) {
		t.Errorf("the dry run said\n%+v\n%q\nbut the import did\n%+v\n%q", dry.Added, dry.Notes, real.Added, real.Notes)
	}
	var out bytes.Buffer
	dry.WriteTo(&out)
	if !strings.HasPrefix(out.String(), "Checked (dry run, nothing was written)") {
		t.Errorf("the dry run's summary starts %q", out.String())
	}
}

// cutAfterItems returns the fixture with only its first n items, closed
// properly, as an earlier export of the same site would be.
func cutAfterItems(t *testing.T, n int) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/export-small.xml")
	if err != nil {
		t.Fatal(err)
	}
	end := 0
	for range n {
		end += bytes.Index(b[end:], []byte("</item>")) + len("</item>")
	}
	return append(append([]byte{}, b[:end]...), "\n</channel>\n</rss>\n"...)
}

// TestLargerExportAddsOnlyNew imports an earlier, smaller export, then the
// whole one: the second run adds only the posts and comments that are new.
func TestLargerExportAddsOnlyNew(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	first, err := Import(ctx, s, bytes.NewReader(cutAfterItems(t, 8)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if first.Added.Articles != 8 {
		t.Fatalf("the smaller export added %d articles", first.Added.Articles)
	}
	second := importFile(t, s, "export-small.xml", Options{})
	if second.Added.Articles != 12 || second.Found.Articles != 8 || second.Added.Authors+second.Found.Authors != 3 ||
		first.Added.Comments+second.Added.Comments != 219 || second.Found.Comments != first.Added.Comments {
		t.Errorf("first %+v, then %+v / %+v", first.Added, second.Added, second.Found)
	}
	if got := countSite(t, s); got.Articles != 20 || got.Comments != 219 || got.Replies != 54 {
		t.Errorf("the site holds %+v", got)
	}
}

// TestTruncatedThenWhole imports a file cut off in the middle: what came
// before the cut is kept, the error says where the file ends, and the
// whole file imported afterwards finishes the job with nothing doubled.
func TestTruncatedThenWhole(t *testing.T) {
	s := newStore(t)
	whole, err := os.ReadFile("testdata/export-small.xml")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Import(context.Background(), s, bytes.NewReader(whole[:len(whole)/2]), Options{})
	var werr *wxr.Error
	if !errors.As(err, &werr) || werr.Kind != wxr.Truncated {
		t.Fatalf("error = %v, want a truncated file", err)
	}
	if sum == nil || sum.Added.Articles == 0 || sum.Added.Articles >= 20 {
		t.Fatalf("a half file added %+v", sum)
	}
	importFile(t, s, "export-small.xml", Options{})
	if got := countSite(t, s); got.Articles != 20 || got.Comments != 219 || got.Replies != 54 {
		t.Errorf("the site holds %+v", got)
	}
}

// TestNotAnExport refuses files that are not WordPress exports with one
// sentence, writing nothing.
func TestNotAnExport(t *testing.T) {
	s := newStore(t)
	for _, in := range []string{"", "hello", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>`} {
		_, err := Import(context.Background(), s, strings.NewReader(in), Options{})
		var werr *wxr.Error
		if !errors.As(err, &werr) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error %v", in, err)
		}
	}
	if got := countSite(t, s); got != (siteCounts{}) {
		t.Errorf("the site holds %+v", got)
	}
}

// TestConvertBody: bodies arrive as Markdown, without the block editor's
// comments, and links to the old site lead to this one.
func TestConvertBody(t *testing.T) {
	in := "<!-- wp:paragraph -->\n<p>One.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:image {\"id\":90,\"sizeSlug\":\"large\"} -->\n<figure><img src=\"a.jpg\" alt=\"\"/></figure>\n<!-- /wp:image -->\n"
	if got, want := StripBlockComments(in), "<p>One.</p>\n\n<figure><img src=\"a.jpg\" alt=\"\"/></figure>"; got != want {
		t.Errorf("StripBlockComments = %q, want %q", got, want)
	}
	s := newStore(t)
	importFile(t, s, "export-small.xml", Options{})
	articles, _, err := s.FindArticles(context.Background(), masthead.ArticleFilter{Limit: 100})
	if err != nil || len(articles) == 0 {
		t.Fatalf("articles: %d, %v", len(articles), err)
	}
	for _, a := range articles {
		if strings.Contains(a.BodySource, "<!-- wp:") || strings.Contains(a.BodySource, "<p>") {
			t.Errorf("article %d kept WordPress markup: %.200q", a.ID, a.BodySource)
		}
		if strings.Contains(a.BodySource, "http://127.0.0.1:8081/") {
			t.Errorf("article %d still links to the old site: %.200q", a.ID, a.BodySource)
		}
		if strings.TrimSpace(markdown.PlainText(a.BodyHTML)) == "" {
			t.Errorf("article %d has no text", a.ID)
		}
	}
}

func TestCommentText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Plain &amp; simple.", "Plain & simple."},
		{"<p>One.</p><p>Two <em>words</em>.</p>", "One.\n\nTwo words."},
		{`See <a href="https://example.org/x">this report</a>.`, "See this report (https://example.org/x)."},
		{`<a href="https://example.org/">https://example.org/</a>`, "https://example.org/"},
		{"Line one<br>line two", "Line one\nline two"},
	} {
		if got := commentText(tt.in); got != tt.want {
			t.Errorf("commentText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPagesAndMenus imports pages that come before their parents, a page
// whose slug the site uses and one whose parent is missing, and two menus
// whose entries lead to pages, a category, addresses and nowhere.
func TestPagesAndMenus(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	sum := importFile(t, s, "pages-menus.xml", Options{})
	if sum.Added.Pages != 5 || sum.Added.Articles != 1 || sum.Added.Menus != 2 {
		t.Fatalf("added %+v", sum.Added)
	}
	srv := newServer(t, s)
	for old, want := range map[string]string{
		"/about/":                    "/about/",
		"/about/team/":               "/about/team/",
		"/about/team/editors/":       "/about/team/editors/",
		"/feed-page-old/":            "/feed-page/",
		"/gone/lost-child/":          "/lost-child/",
		"/?page_id=41":               "/about/team/",
		"/?p=40":                     "/about/",
		"/2024/05/01/harbour-story/": "/2024/05/01/harbour-story/",
	} {
		statuses, final := follow(t, srv, old)
		if final != want || statuses[len(statuses)-1] != 200 || len(statuses) > 2 {
			t.Errorf("%s answers %v and ends at %s, want %s", old, statuses, final, want)
		}
	}
	about, err := s.FindArticleByID(ctx, 40)
	if err != nil || !about.IsPage() || strings.Contains(about.BodySource, "old.example") {
		t.Fatalf("the About page: %+v, %v", about, err)
	}

	header, err := s.FindMenu(ctx, masthead.MenuHeader)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range header.Items {
		entry := it.Label
		for _, c := range it.Children {
			entry += " > " + c.Label
		}
		got = append(got, entry)
	}
	// Editors sat three levels deep in WordPress: it moves up under About
	// us. The "#" holder and the entry leading to a missing post are left
	// out; labels WordPress left empty are the targets' names.
	if want := "[About us > The team > Editors World Harbour Weather]"; fmt.Sprint(got) != want {
		t.Errorf("header menu %v, want %s", got, want)
	}
	if u := header.Items[2].URL; u != "/2024/05/01/harbour-story/" {
		t.Errorf("the custom link to the old site is %q, want a site path", u)
	}
	footer, err := s.FindMenu(ctx, masthead.MenuFooter)
	if err != nil || len(footer.Items) != 1 || footer.Items[0].URL != "/contact/" {
		t.Fatalf("footer menu %+v, %v", footer, err)
	}
	page := get(t, srv, "/")
	for _, want := range []string{`href="/about/team/"`, `href="/category/world/"`, "Weather"} {
		if !strings.Contains(page, want) {
			t.Errorf("the home page's navigation lacks %s", want)
		}
	}

	// A second run adds nothing and leaves the menus as they are.
	again := importFile(t, s, "pages-menus.xml", Options{})
	if again.Added != (Counts{}) || again.Found.Pages != 5 || again.Found.Menus != 2 {
		t.Errorf("a second run added %+v, found %+v", again.Added, again.Found)
	}
	// A dry run into an empty site says the same as the import did.
	dry := importFile(t, newStore(t), "pages-menus.xml", Options{DryRun: true})
	if dry.Added != sum.Added {
		t.Errorf("the dry run added %+v, the import %+v", dry.Added, sum.Added)
	}
}

// get returns the body of a page the server answers.
func get(t *testing.T, h http.Handler, target string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	return rec.Body.String()
}

// TestBylineAndMastheadFields reads a byline of several people as the
// Co-Authors Plus plugin and Masthead's export write it, and the custom
// fields Masthead's export writes for the dek, dateline and source.
func TestBylineAndMastheadFields(t *testing.T) {
	const export = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Site</title><link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>ana</wp:author_login><wp:author_email>ana@old.example</wp:author_email><wp:author_display_name>Ana</wp:author_display_name></wp:author>
<wp:author><wp:author_login>ben</wp:author_login><wp:author_email>ben@old.example</wp:author_email><wp:author_display_name>Ben</wp:author_display_name></wp:author>
<item><title>Shared</title><dc:creator>ana</dc:creator><content:encoded><![CDATA[<p>Body</p>]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_date_gmt>2026-01-02 10:00:00</wp:post_date_gmt><wp:post_name>shared</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="author" nicename="cap-ben">ben</category><category domain="author" nicename="cap-ana">ana</category>
<wp:postmeta><wp:meta_key>masthead_dek</wp:meta_key><wp:meta_value>The dek</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>masthead_dateline</wp:meta_key><wp:meta_value>PORT ALDER</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>masthead_source_name</wp:meta_key><wp:meta_value>Wire</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>masthead_source_url</wp:meta_key><wp:meta_value>https://wire.example/1</wp:meta_value></wp:postmeta>
</item>
<item><title>Guest</title><dc:creator>ana</dc:creator><content:encoded><![CDATA[<p>Body</p>]]></content:encoded>
<wp:post_id>2</wp:post_id><wp:post_date_gmt>2026-01-02 11:00:00</wp:post_date_gmt><wp:post_name>guest</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="author" nicename="cap-carla"><![CDATA[]]></category>
<wp:postmeta><wp:meta_key>masthead_source_url</wp:meta_key><wp:meta_value>javascript:alert(1)</wp:meta_value></wp:postmeta>
</item>
</channel></rss>`
	s := newStore(t)
	sum, err := Import(context.Background(), s, strings.NewReader(export), Options{})
	if err != nil {
		t.Fatal(err)
	}
	byline := func(id int64) (*masthead.Article, []string) {
		a, err := s.FindArticleByID(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		var slugs []string
		for _, au := range a.Authors {
			slugs = append(slugs, au.Slug)
		}
		return a, slugs
	}
	shared, slugs := byline(1)
	if strings.Join(slugs, " ") != "ben ana" {
		t.Errorf("byline %v, want the terms' order: ben ana", slugs)
	}
	if shared.Dek != "The dek" || shared.Dateline != "PORT ALDER" || shared.SourceName != "Wire" || shared.SourceURL != "https://wire.example/1" {
		t.Errorf("dek %q, dateline %q, source %q %q", shared.Dek, shared.Dateline, shared.SourceName, shared.SourceURL)
	}
	// The post's own author leads when the terms leave them out; a
	// co-author the export does not list is made from the slug.
	guest, slugs := byline(2)
	if strings.Join(slugs, " ") != "ana carla" {
		t.Errorf("byline %v, want ana carla", slugs)
	}
	if guest.SourceURL != "" || !slices.ContainsFunc(sum.Notes, func(n string) bool { return strings.Contains(n, "source link is not a web address") }) {
		t.Errorf("an unsafe source link was kept (%q) or not reported: %v", guest.SourceURL, sum.Notes)
	}
}
