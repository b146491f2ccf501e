// Package listings benchmarks the public pages whose cost could grow with
// the archive: the home page, a deep page of it, feeds, a search, a tag
// page, the API's list, sitemaps and an article with a long thread, and a
// refused comment on that article, served by the real handler
// (httptest) from a site filled through the store, at two sizes. Times that
// stay flat from the small site to the large one show pages that do not
// scan what the archive adds.
//
//	go test -run '^$' -bench . -benchtime 50x ./bench/listings/
//
// BENCH_LISTINGS_SIZES changes the sizes (articles, comma-separated;
// /page/500/ needs at least 5,000). BENCH_LISTINGS_DIR keeps the filled
// SQLite sites in that directory and uses them again in later runs, which
// saves the fill and leaves the databases to examine (EXPLAIN QUERY PLAN).
// With MASTHEAD_TEST_POSTGRES set, every size runs on PostgreSQL too, each
// in a schema of its own.
package listings

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/content"
	"masthead/postgres"
	"masthead/postgres/pgtest"
	"masthead/sqlite"
	"masthead/sqlstore"
	"masthead/web"
)

// threadSize is how many approved comments the busiest article has.
const threadSize = 10000

// sizes returns the numbers of articles to fill sites with.
func sizes(b *testing.B) []int {
	spec := os.Getenv("BENCH_LISTINGS_SIZES")
	if spec == "" {
		spec = "5000,50000"
	}
	var out []int
	for _, f := range strings.Split(spec, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("BENCH_LISTINGS_SIZES: %q is not a number of articles", f)
		}
		out = append(out, n)
	}
	return out
}

// site is a filled site and the addresses the benchmark asks for.
type site struct {
	server http.Handler
	store  *sqlstore.Store
	thread string // the article with threadSize comments
	tag    string // a tag page deep in its list
}

func BenchmarkPages(b *testing.B) {
	databases := []string{"sqlite"}
	if os.Getenv("MASTHEAD_TEST_POSTGRES") != "" {
		databases = append(databases, "postgres")
	}
	for _, db := range databases {
		for _, n := range sizes(b) {
			b.Run(fmt.Sprintf("%s/articles=%d", db, n), func(b *testing.B) {
				st := filled(b, db, n)
				pages := []struct{ name, path string }{
					{"home", "/"},
					{"page500", "/page/500/"},
					{"feed", "/feed/"},
					{"comments-feed", "/comments/feed/"},
					{"search", "/search/?q=harbour"},
					{"tag", st.tag},
					{"api", "/api/v1/articles?page=100"},
					{"sitemap", "/sitemap.xml"},
					{"sitemap-tags", "/sitemaps/tags.xml"},
					{"thread", st.thread},
				}
				for _, p := range pages {
					b.Run(p.name, func(b *testing.B) { benchGet(b, st.server, p.path) })
				}
				b.Run("refused-comment", func(b *testing.B) { benchRefusedComment(b, st) })
			})
		}
	}
}

// benchGet times GET path, which must answer 200. One request first,
// untimed, reads what the page needs into the operating system's cache,
// as on a site that has been serving for a while.
func benchGet(b *testing.B, h http.Handler, path string) {
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	size := 0
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: status %d", path, rec.Code)
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes/page")
}

var tokenField = regexp.MustCompile(`name="token" value="([^"]+)"`)

// benchRefusedComment times a comment POST that is refused for a missing
// name (422) on the article with the long thread: what a spammer's bot
// costs the site.
func benchRefusedComment(b *testing.B, st *site) {
	rec := httptest.NewRecorder()
	st.server.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, st.thread, nil))
	m := tokenField.FindStringSubmatch(rec.Body.String())
	if m == nil {
		b.Fatal("the article page has no comment form")
	}
	form := url.Values{"comment": {"First!"}, "email": {"reader@example.org"}, "token": {m[1]}}.Encode()
	size := 0
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, st.thread, strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		st.server.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnprocessableEntity {
			b.Fatalf("POST %s: status %d, want 422", st.thread, rec.Code)
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes/page")
}

// filled returns a site of n articles on db. A benchmark that runs
// sub-benchmarks runs once, so each site is filled once.
func filled(b *testing.B, db string, n int) *site {
	ctx := context.Background()
	var s *sqlstore.Store
	var err error
	switch db {
	case "sqlite":
		dir := os.Getenv("BENCH_LISTINGS_DIR")
		if dir == "" {
			dir = b.TempDir()
		}
		path := filepath.Join(dir, fmt.Sprintf("listings-%d.db", n))
		_, statErr := os.Stat(path)
		reuse := statErr == nil
		s, err = sqlite.Open(ctx, path)
		if err == nil && reuse {
			st, err := locate(ctx, s)
			if err != nil {
				b.Fatal(err)
			}
			return serve(b, st)
		}
	case "postgres":
		s, err = postgres.Open(ctx, pgtest.DSN(b), "")
	}
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := fill(ctx, s, n); err != nil {
		b.Fatal(err)
	}
	b.Logf("filled %s with %d articles in %s", db, n, time.Since(start).Round(time.Second))
	if db == "postgres" {
		// A running site has its statistics and visibility map from
		// autovacuum; a site filled a moment ago has neither, and the
		// planner would guess.
		if _, err := s.DB().ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	st, err := locate(ctx, s)
	if err != nil {
		b.Fatal(err)
	}
	return serve(b, st)
}

// serve puts the real handler in front of a site.
func serve(b *testing.B, st *site) *site {
	s := st.store
	srv, err := web.NewServer(s, web.Options{BaseURL: "https://news.example.org"})
	if err != nil {
		b.Fatal(err)
	}
	st.server = srv
	b.Cleanup(func() { s.Close() })
	return st
}

// Words the invented articles are written with. "harbour" is among them,
// so that a search for it finds about one article in ten, as a word a
// local paper uses often does.
var (
	words = strings.Fields(`the council said on monday that plans for the new bridge would go ahead after a long
		consultation with residents who had raised concerns about traffic noise and the cost of the work which
		is expected to take two years and will be paid for by a grant from the regional fund officials added that
		the road will stay open during the day while crews work at night and that local businesses will be told
		well in advance of any closures the school board met again to discuss the budget for next year teachers
		asked for more support in classrooms while parents spoke about the state of the playing fields weather
		forecasters warned of strong winds along the coast fishing boats stayed in port and ferries were cancelled`)
	sections = []string{"Local", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather", "Schools",
		"Health", "Transport", "Environment", "Courts", "Arts", "Food", "Science", "Letters"}
)

// fill writes n articles through the store, a few comments on most, and
// threadSize on the newest.
func fill(ctx context.Context, s *sqlstore.Store, n int) error {
	r := rand.New(rand.NewPCG(uint64(n), 7))
	var authors []*masthead.Author
	for i := range 25 {
		a := &masthead.Author{Name: fmt.Sprintf("Reporter %d", i), Slug: fmt.Sprintf("reporter-%d", i), Role: masthead.RoleAuthor,
			Email: fmt.Sprintf("reporter%d@staff.example.org", i)}
		if err := s.CreateAuthor(ctx, a); err != nil {
			return err
		}
		authors = append(authors, a)
	}
	var categories []*masthead.Category
	for _, name := range sections {
		c := &masthead.Category{Name: name, Slug: masthead.Slugify(name)}
		if err := s.CreateCategory(ctx, c); err != nil {
			return err
		}
		categories = append(categories, c)
	}
	var tags []*masthead.Tag
	for i := range 300 {
		t, err := s.EnsureTag(ctx, fmt.Sprintf("topic %d", i))
		if err != nil {
			return err
		}
		tags = append(tags, t)
	}
	newest := time.Now().UTC().Add(-time.Hour).Truncate(time.Minute)
	var batch []masthead.BatchComment
	flush := func() error {
		err := s.SubmitComments(ctx, batch, masthead.SubmitOptions{})
		batch = batch[:0]
		return err
	}
	for i := range n {
		published := newest.Add(-time.Duration(i) * 37 * time.Minute)
		var body strings.Builder
		harbour := r.IntN(10) == 0
		for p := range 6 {
			for w := range 80 {
				if harbour && p == 2 && w == 40 {
					body.WriteString("harbour ")
				}
				body.WriteString(words[r.IntN(len(words))])
				body.WriteByte(' ')
			}
			body.WriteString(".\n\n")
		}
		a := &masthead.Article{
			Headline:   fmt.Sprintf("Story number %d about the %s", i, words[r.IntN(len(words))]),
			Dek:        "A dek that sums the story up in one line.",
			BodySource: body.String(), Status: masthead.StatusPublished, PublishedAt: published,
			CreatedAt: published, UpdatedAt: published, CommentsOpen: true,
			Category: categories[r.IntN(len(categories))],
			Authors:  []*masthead.Author{authors[r.IntN(len(authors))]},
			Tags:     []*masthead.Tag{tags[r.IntN(20)], tags[20+r.IntN(280)]},
		}
		if err := content.PrepareArticle(a); err != nil {
			return err
		}
		if err := s.CreateArticle(ctx, a); err != nil {
			return fmt.Errorf("article %d: %w", i, err)
		}
		comments := r.IntN(7)
		if i == 0 {
			comments = threadSize
		}
		for c := range comments {
			batch = append(batch, masthead.BatchComment{Comment: &masthead.Comment{
				ArticleID: a.ID, AuthorName: fmt.Sprintf("Reader %d", c), AuthorEmail: fmt.Sprintf("reader%d@example.org", c),
				Body: "I was there and it was exactly as the story says.", Status: masthead.CommentApproved,
				IP: "192.0.2.0", CreatedAt: published.Add(time.Duration(c+1) * time.Second),
			}})
			if len(batch) == 1000 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// locate finds the addresses the benchmark loads on a filled site: the
// newest article, which has the long thread, and the last page of the
// first tag, one of the most common.
func locate(ctx context.Context, s *sqlstore.Store) (*site, error) {
	newest, _, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(newest) == 0 {
		return nil, fmt.Errorf("the site has no articles")
	}
	tag, err := s.FindTagBySlug(ctx, "topic-0")
	if err != nil {
		return nil, err
	}
	_, total, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, TagID: tag.ID, Limit: 1})
	if err != nil {
		return nil, err
	}
	tagPage := tag.Path()
	if last := (total + 9) / 10; last > 1 {
		tagPage += "page/" + strconv.Itoa(last) + "/"
	}
	return &site{store: s, thread: newest[0].Path(time.UTC), tag: tagPage}, nil
}

// The benchmark's pages must answer as it expects; this runs with the
// tests, on a small site, so that a change to a page breaks it visibly.
func TestPagesAnswer(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a site")
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := fill(ctx, s, 30); err != nil {
		t.Fatal(err)
	}
	st, err := locate(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.NewServer(s, web.Options{BaseURL: "https://news.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/page/2/", "/feed/", "/comments/feed/", "/search/?q=harbour", st.tag,
		"/api/v1/articles?page=2", "/sitemap.xml", "/sitemaps/tags.xml", st.thread} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			body, _ := io.ReadAll(rec.Body)
			t.Errorf("GET %s: status %d, want 200: %.200s", path, rec.Code, body)
		}
	}
}
