// Package archive benchmarks, below HTTP, the store reads of a page load
// whose cost could follow the size of the archive: a list's total (the
// home page's, a section's, a tag's, an author's), the sitemap index's
// months and the tags' sitemap, and searches for a common word and a rare
// one. The site is filled through Store.BulkLoad, so that an archive of
// 100,000 articles takes a minute or two, not an hour.
//
//	BENCH_ARCHIVE_SIZE=100000 go test -run '^$' -bench . -benchtime 50x ./bench/archive/
//
// BENCH_ARCHIVE_SIZE is the number of articles (10,000 by default).
// BENCH_ARCHIVE_DIR keeps the SQLite site there and uses it again, and
// BENCH_ARCHIVE_POSTGRES (a DSN whose search_path names an existing
// schema) keeps the PostgreSQL site there: the same site can then be timed
// by two versions of the store.
package archive

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/content"
	"masthead/postgres"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// words the invented articles are written with: "news" is in nearly
// every article, "lighthouse" in about one in a thousand.
var words = strings.Fields(`the council said on monday that plans for the new bridge would go ahead after a long
	consultation with residents who had raised concerns about traffic noise and the cost of the work which
	is expected to take two years and will be paid for by a grant from the regional fund news of the school
	board budget teachers parents weather forecasters warned of strong winds along the coast ferries harbour`)

func size(b *testing.B) int {
	n, err := strconv.Atoi(os.Getenv("BENCH_ARCHIVE_SIZE"))
	if err != nil || n < 1 {
		return 10000
	}
	return n
}

func BenchmarkArchive(b *testing.B) {
	ctx := context.Background()
	n := size(b)
	stores := map[string]func() (*sqlstore.Store, error){
		"sqlite": func() (*sqlstore.Store, error) {
			dir := os.Getenv("BENCH_ARCHIVE_DIR")
			if dir == "" {
				dir = b.TempDir()
			}
			return sqlite.Open(ctx, filepath.Join(dir, fmt.Sprintf("archive-%d.db", n)))
		},
	}
	if dsn := os.Getenv("BENCH_ARCHIVE_POSTGRES"); dsn != "" {
		stores["postgres"] = func() (*sqlstore.Store, error) { return postgres.Open(ctx, dsn, "") }
	}
	for _, db := range []string{"sqlite", "postgres"} {
		open, ok := stores[db]
		if !ok {
			continue
		}
		b.Run(fmt.Sprintf("%s/articles=%d", db, n), func(b *testing.B) {
			s, err := open()
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if max, err := s.MaxArticleID(ctx); err != nil {
				b.Fatal(err)
			} else if max == 0 {
				start := time.Now()
				if err := fill(ctx, s, n); err != nil {
					b.Fatal(err)
				}
				b.Logf("filled %d articles in %s", n, time.Since(start).Round(time.Second))
				if db == "postgres" {
					if _, err := s.DB().ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
						b.Fatal(err)
					}
				}
			}
			benchReads(b, s)
		})
	}
}

func benchReads(b *testing.B, s *sqlstore.Store) {
	ctx := context.Background()
	section, err := s.FindCategoryBySlug(ctx, "local")
	if err != nil {
		b.Fatal(err)
	}
	tag, err := s.FindTagBySlug(ctx, "topic-0")
	if err != nil {
		b.Fatal(err)
	}
	author, err := s.FindAuthorBySlug(ctx, "reporter-0")
	if err != nil {
		b.Fatal(err)
	}
	lists := []struct {
		name string
		f    masthead.ArticleFilter
	}{
		{"total-home", masthead.ArticleFilter{}},
		{"total-section", masthead.ArticleFilter{CategoryID: section.ID}},
		{"total-tag", masthead.ArticleFilter{TagID: tag.ID}},
		{"total-author", masthead.ArticleFilter{AuthorID: author.ID}},
	}
	for _, l := range lists {
		b.Run(l.name, func(b *testing.B) {
			f := l.f
			f.Visible, f.WithoutBody, f.Limit = true, true, 10
			timeCPU(b, func() {
				if _, total, err := s.FindArticles(ctx, f); err != nil || total == 0 {
					b.Fatalf("%d, %v", total, err)
				}
			})
		})
	}
	b.Run("sitemap-months", func(b *testing.B) {
		timeCPU(b, func() {
			if m, err := s.FindSitemapMonths(ctx); err != nil || len(m) == 0 {
				b.Fatalf("%d months, %v", len(m), err)
			}
		})
	})
	b.Run("sitemap-tags", func(b *testing.B) {
		timeCPU(b, func() {
			if e, err := s.FindSitemapTerms(ctx, masthead.TermTag); err != nil || len(e) == 0 {
				b.Fatalf("%d tags, %v", len(e), err)
			}
		})
	})
	for _, q := range []string{"news", "lighthouse"} {
		b.Run("search-"+q, func(b *testing.B) {
			total := 0
			timeCPU(b, func() {
				hits, n, _, err := s.SearchArticles(ctx, q, 10, 0)
				if err != nil || len(hits) == 0 {
					b.Fatalf("%d hits, %v", len(hits), err)
				}
				total = n
			})
			b.ReportMetric(float64(total), "results")
		})
	}
}

// timeCPU runs read for the benchmark's iterations and reports the
// process's processor time per read beside the wall-clock time: on a
// shared machine it varies far less. On PostgreSQL it is the client's
// share only; the server's is its own process's.
func timeCPU(b *testing.B, read func()) {
	start := cpuTime()
	for b.Loop() {
		read()
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// fill loads n articles of about 2 KB through the bulk load: 16 sections,
// 300 tags, 25 reporters, one article every 37 minutes back from now.
func fill(ctx context.Context, s *sqlstore.Store, n int) error {
	r := rand.New(rand.NewPCG(uint64(n), 11))
	var authors []*masthead.Author
	for i := range 25 {
		a := &masthead.Author{Name: fmt.Sprintf("Reporter %d", i), Slug: fmt.Sprintf("reporter-%d", i), Role: masthead.RoleAuthor,
			Email: fmt.Sprintf("reporter%d@staff.example.org", i)}
		if err := s.CreateAuthor(ctx, a); err != nil {
			return err
		}
		authors = append(authors, a)
	}
	var sections []*masthead.Category
	for _, name := range []string{"Local", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather", "Schools",
		"Health", "Transport", "Environment", "Courts", "Arts", "Food", "Science", "Letters"} {
		c := &masthead.Category{Name: name, Slug: masthead.Slugify(name)}
		if err := s.CreateCategory(ctx, c); err != nil {
			return err
		}
		sections = append(sections, c)
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
	return s.BulkLoad(ctx, func(l *sqlstore.BulkLoader) error {
		var batch []*masthead.Article
		for i := range n {
			published := newest.Add(-time.Duration(n-1-i) * 37 * time.Minute)
			var body strings.Builder
			for p := range 4 {
				for range 60 {
					body.WriteString(words[r.IntN(len(words))])
					body.WriteByte(' ')
				}
				if p == 1 && r.IntN(1000) == 0 {
					body.WriteString("lighthouse ")
				}
				body.WriteString(".\n\n")
			}
			a := &masthead.Article{
				Headline:   fmt.Sprintf("Story number %d about the %s", i, words[r.IntN(len(words))]),
				Slug:       fmt.Sprintf("story-%d", i),
				Dek:        "A dek that sums the story up in one line.",
				BodySource: body.String(), Status: masthead.StatusPublished, PublishedAt: published,
				CreatedAt: published, UpdatedAt: published, CommentsOpen: true,
				Category: sections[r.IntN(len(sections))],
				Authors:  []*masthead.Author{authors[r.IntN(len(authors))]},
				Tags:     []*masthead.Tag{tags[r.IntN(20)], tags[20+r.IntN(280)]},
			}
			if err := content.PrepareArticle(a); err != nil {
				return err
			}
			batch = append(batch, a)
			if len(batch) == 500 || i == n-1 {
				if err := l.CreateArticles(ctx, batch); err != nil {
					return err
				}
				batch = nil
			}
		}
		return nil
	})
}
