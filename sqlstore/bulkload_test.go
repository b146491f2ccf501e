package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead"
	"masthead/content"
	"masthead/postgres"
	"masthead/postgres/pgtest"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// bulkDatabases opens a fresh store of each dialect for a subtest, with
// the clock pinned; a test calls open twice for two sites of one dialect.
func bulkDatabases(t *testing.T, run func(t *testing.T, open func() *sqlstore.Store)) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	pin := func(t *testing.T, s *sqlstore.Store) *sqlstore.Store {
		t.Cleanup(func() { s.Close() })
		s.Now = func() time.Time { return now }
		return s
	}
	t.Run("sqlite", func(t *testing.T) {
		run(t, func() *sqlstore.Store {
			s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
			if err != nil {
				t.Fatal(err)
			}
			return pin(t, s)
		})
	})
	t.Run("postgres", func(t *testing.T) {
		run(t, func() *sqlstore.Store {
			s, err := postgres.Open(context.Background(), pgtest.DSN(t), "")
			if err != nil {
				t.Fatal(err)
			}
			return pin(t, s)
		})
	})
}

// bulkSite is a small archive made the same way for every store: its
// people first, then articles and comments to store.
type bulkSite struct {
	articles []*masthead.Article
	// batches are the comments, in the batches they are stored in: the
	// second answers comments of the first by their stored ids.
	batches [][]masthead.BatchComment
}

// newBulkSite creates the staff, sections and tags in s and returns the
// archive that goes with them, with threads, held comments and spam.
func newBulkSite(t *testing.T, s *sqlstore.Store) *bulkSite {
	t.Helper()
	ctx := context.Background()
	var authors []*masthead.Author
	for i := range 3 {
		a := &masthead.Author{Name: fmt.Sprintf("Writer %d", i), Slug: fmt.Sprintf("writer-%d", i), Role: masthead.RoleAuthor,
			Email: fmt.Sprintf("writer%d@example.org", i)}
		if err := s.CreateAuthor(ctx, a); err != nil {
			t.Fatal(err)
		}
		authors = append(authors, a)
	}
	var sections []*masthead.Category
	for _, name := range []string{"Harbour", "Council"} {
		c := &masthead.Category{Name: name, Slug: strings.ToLower(name)}
		if err := s.CreateCategory(ctx, c); err != nil {
			t.Fatal(err)
		}
		sections = append(sections, c)
	}
	var tags []*masthead.Tag
	for _, name := range []string{"ferry", "budget", "Storm", "café"} {
		tag, err := s.EnsureTag(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		tags = append(tags, tag)
	}
	// An image that some bodies show, so that both paths link them.
	pier := &masthead.Media{Name: "0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Width: 1600, Height: 900,
		OriginalName: "pier.jpg", AltText: "The pier", Variants: []masthead.MediaVariant{{Width: 480, Name: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg"}}}
	if err := s.CreateMedia(ctx, pier); err != nil {
		t.Fatal(err)
	}
	site := &bulkSite{}
	published := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	words := []string{"ferry", "harbour", "budget", "storm", "council", "Café"}
	for i := range 24 {
		a := &masthead.Article{
			Headline:     fmt.Sprintf("The %s report number %d", words[i%len(words)], i),
			Slug:         fmt.Sprintf("report-%d", i),
			Dek:          "What the " + words[(i+1)%len(words)] + " means.",
			BodySource:   fmt.Sprintf("First paragraph about the %s.\n\n## More\n\nA second one on the %s, *emphasised*.", words[i%len(words)], words[(i+2)%len(words)]),
			Status:       masthead.StatusPublished,
			PublishedAt:  published.Add(time.Duration(i) * time.Hour),
			CreatedAt:    published.Add(time.Duration(i)*time.Hour - time.Minute),
			UpdatedAt:    published.Add(time.Duration(i) * time.Hour),
			Category:     sections[i%2],
			CommentsOpen: true,
			Authors:      []*masthead.Author{authors[i%3]},
			Tags:         []*masthead.Tag{tags[i%4], tags[(i+1)%4]},
		}
		if i%5 == 0 {
			a.Authors = append(a.Authors, authors[(i+1)%3])
		}
		if i%7 == 3 {
			a.Status, a.PublishedAt = masthead.StatusDraft, time.Time{}
		}
		if i%3 == 1 {
			a.BodySource += "\n\n![](/media/" + pier.Variants[0].Name + ")"
		}
		// The library is handed over as it is, not read from s: a read
		// would keep a connection the load must be alone without.
		if err := content.PrepareArticleWith(ctx, a, knownMedia{pier}); err != nil {
			t.Fatal(err)
		}
		site.articles = append(site.articles, a)
	}
	return site
}

// knownMedia finds images among those it holds, for rendering bodies
// without the store.
type knownMedia []*masthead.Media

func (k knownMedia) FindMediaByFiles(_ context.Context, names []string) ([]*masthead.Media, error) {
	var out []*masthead.Media
	for _, m := range k {
		for _, f := range m.Files() {
			if slices.Contains(names, f) {
				out = append(out, m)
				break
			}
		}
	}
	return out, nil
}

// comments decides the site's comments once its articles have ids.
func (site *bulkSite) comments() {
	at := time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)
	var first []masthead.BatchComment
	for i, a := range site.articles {
		if a.Status != masthead.StatusPublished {
			continue
		}
		for j := range i % 4 {
			at = at.Add(time.Minute)
			c := &masthead.Comment{ArticleID: a.ID, AuthorName: fmt.Sprintf("Reader %d", j), AuthorEmail: fmt.Sprintf("r%d@example.org", j),
				Body: fmt.Sprintf("Comment %d on %d.", j, i), Status: masthead.CommentApproved, IP: "198.18.0.0", CreatedAt: at}
			switch (i + j) % 6 {
			case 1:
				c.Status, c.Reason = masthead.CommentPending, "A first comment waits for a moderator."
			case 2:
				c.Status, c.Reason = masthead.CommentSpam, "The comment contains a word on the site's spam list."
			}
			b := masthead.BatchComment{Comment: c}
			if j > 0 && first[len(first)-1].Comment.ArticleID == a.ID {
				b.Parent = first[len(first)-1].Comment
			}
			first = append(first, b)
		}
	}
	site.batches = [][]masthead.BatchComment{first, nil}
	for _, b := range first[:5] {
		at = at.Add(time.Minute)
		site.batches[1] = append(site.batches[1], masthead.BatchComment{Comment: &masthead.Comment{ArticleID: b.Comment.ArticleID,
			ParentID: 0, AuthorName: "Late Reader", AuthorEmail: "late@example.org", Body: "A later answer.", Status: masthead.CommentApproved,
			IP: "198.18.1.0", CreatedAt: at}})
	}
}

// answerStored points the second batch's comments at the stored first
// comments they answer.
func (site *bulkSite) answerStored() {
	for i, b := range site.batches[1] {
		b.Comment.ParentID = site.batches[0][i].Comment.ID
	}
}

// dumpSite returns every row of the tables a fill writes, and the
// database's indexes, as text to compare.
func dumpSite(t *testing.T, s *sqlstore.Store) map[string][]string {
	t.Helper()
	indexes := `SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`
	if s.DialectName() == "postgres" {
		indexes = `SELECT indexname, replace(indexdef, current_schema() || '.', '') FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`
	}
	queries := map[string]string{"indexes": indexes}
	for _, table := range []string{"articles", "article_authors", "article_tags", "article_revisions", "comments", "article_search", "article_lists", "article_media"} {
		queries[table] = `SELECT * FROM ` + table + ` ORDER BY 1, 2`
	}
	dump := map[string][]string{}
	for name, q := range queries {
		rows, err := s.DB().Query(q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			values := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range values {
				ptrs[i] = &values[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var line []string
			for _, v := range values {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				if tm, ok := v.(time.Time); ok {
					v = tm.UTC().Format(time.RFC3339Nano)
				}
				line = append(line, fmt.Sprint(v))
			}
			dump[name] = append(dump[name], strings.Join(line, " | "))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return dump
}

// TestBulkLoadMatchesOneByOne fills one site through the store's batch
// methods and another through BulkLoad, and checks that they hold the
// same rows, search index, comment counts and indexes, find the same
// articles, and go on numbering articles and comments alike.
func TestBulkLoadMatchesOneByOne(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		normal, bulk := open(), open()

		site := newBulkSite(t, normal)
		if err := normal.CreateArticles(ctx, site.articles); err != nil {
			t.Fatal(err)
		}
		site.comments()
		for i, batch := range site.batches {
			if i == 1 {
				site.answerStored()
			}
			if err := normal.SubmitComments(ctx, batch, masthead.SubmitOptions{}); err != nil {
				t.Fatal(err)
			}
		}

		// The settings the load changes on SQLite, as they are outside
		// it: the writer's, and the search index's own.
		synchronous := func() string {
			var v, journal, search string
			if bulk.DialectName() == "sqlite" {
				if err := bulk.DB().QueryRow(`PRAGMA synchronous`).Scan(&v); err != nil {
					t.Fatal(err)
				}
				if err := bulk.DB().QueryRow(`PRAGMA journal_mode`).Scan(&journal); err != nil {
					t.Fatal(err)
				}
				if err := bulk.DB().QueryRow(`SELECT COALESCE(group_concat(k || '=' || v), '') FROM article_search_config`).Scan(&search); err != nil {
					t.Fatal(err)
				}
			}
			return v + " " + journal + " " + search
		}
		before := synchronous()
		var heard [][]masthead.ChangeKey
		bulk.OnChange(func(keys []masthead.ChangeKey) { heard = append(heard, keys) })
		site = newBulkSite(t, bulk)
		// Counts the loader is told beforehand, right for some articles
		// and wrong for others, which the load must correct.
		for i, a := range site.articles {
			a.CommentCount = i % 4
		}
		heard = nil
		err := bulk.BulkLoad(ctx, func(l *sqlstore.BulkLoader) error {
			if err := l.CreateArticles(ctx, site.articles[:10]); err != nil {
				return err
			}
			// A batch prepared elsewhere, as a loader prepares the next
			// while the writer stores one.
			prepared := make(chan *sqlstore.BulkArticles, 1)
			go func() {
				b, err := sqlstore.PrepareBulkArticles(site.articles[10:])
				if err != nil {
					t.Error(err)
				}
				prepared <- b
			}()
			if err := l.CreatePrepared(ctx, <-prepared); err != nil {
				return err
			}
			site.comments()
			for i, batch := range site.batches {
				if i == 1 {
					site.answerStored()
				}
				if err := l.SubmitComments(ctx, batch); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if after := synchronous(); after != before {
			t.Errorf("synchronous, journal mode and search settings are %s after the load, want %s as before", after, before)
		}
		if len(heard) == 0 || !cmp.Equal(heard[len(heard)-1], []masthead.ChangeKey{masthead.KeyAll}) {
			t.Errorf("the load announced %v, want everything changed at its end", heard)
		}

		bulkDump := dumpSite(t, bulk)
		if diff := cmp.Diff(dumpSite(t, normal), bulkDump); diff != "" {
			t.Errorf("the bulk-loaded site differs from the one stored one by one (-normal +bulk):\n%s", diff)
		}
		if n := len(bulkDump["article_media"]); n != 8 {
			t.Errorf("the load linked %d bodies to the image they show, want 8", n)
		}
		for _, q := range []string{"ferry", "cafe", "writer", "storm council"} {
			want, wantTotal, _, err := normal.SearchArticles(ctx, q, 10, 0)
			if err != nil {
				t.Fatal(err)
			}
			got, total, _, err := bulk.SearchArticles(ctx, q, 10, 0)
			if err != nil {
				t.Fatal(err)
			}
			if total != wantTotal || total == 0 || !cmp.Equal(hitIDs(got), hitIDs(want)) {
				t.Errorf("search %q: %v of %d, want %v of %d", q, hitIDs(got), total, hitIDs(want), wantTotal)
			}
		}

		// Both go on numbering alike after the load.
		for _, s := range []*sqlstore.Store{normal, bulk} {
			a := &masthead.Article{Headline: "After the load", Slug: "after-the-load", BodySource: "Later.", Status: masthead.StatusDraft,
				Authors: site.articles[0].Authors}
			if err := content.PrepareArticle(a); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
			c := &masthead.Comment{ArticleID: site.articles[0].ID, AuthorName: "Next", AuthorEmail: "next@example.org", Body: "Next one.",
				Status: masthead.CommentApproved, IP: "198.18.2.0"}
			if err := s.CreateComment(ctx, c); err != nil {
				t.Fatal(err)
			}
			if want := int64(len(site.articles) + 1); a.ID != want {
				t.Errorf("%s: the next article has id %d, want %d", s.DialectName(), a.ID, want)
			}
			if want := int64(len(site.batches[0]) + len(site.batches[1]) + 1); c.ID != want {
				t.Errorf("%s: the next comment has id %d, want %d", s.DialectName(), c.ID, want)
			}
		}
	})
}

func hitIDs(hits []masthead.SearchHit) []int64 {
	var ids []int64
	for _, h := range hits {
		ids = append(ids, h.Article.ID)
	}
	return ids
}

// TestBulkLoadRefusals checks that a bulk load is refused on a site with
// articles, that a refused batch stores nothing of itself, and that the
// site is whole after a load that failed: its indexes built, its counts
// right.
func TestBulkLoadRefusals(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		s := open()
		indexesBefore := dumpSite(t, s)["indexes"]
		site := newBulkSite(t, s)
		err := s.BulkLoad(ctx, func(l *sqlstore.BulkLoader) error {
			if err := l.CreateArticles(ctx, site.articles[:2]); err != nil {
				return err
			}
			c := &masthead.Comment{ArticleID: site.articles[0].ID, AuthorName: "Reader", AuthorEmail: "r@example.org", Body: "First.",
				Status: masthead.CommentApproved, IP: "198.18.0.0"}
			if err := l.SubmitComments(ctx, []masthead.BatchComment{{Comment: c}}); err != nil {
				return err
			}
			generated := *site.articles[2]
			generated.SlugGenerated = true
			for _, b := range [][]*masthead.Article{{{Headline: ""}}, {&generated}, {site.articles[0]}} {
				if err := l.CreateArticles(ctx, b); masthead.ErrorCode(err) != masthead.EINVALID {
					t.Errorf("CreateArticles(%+v) = %v, want EINVALID", b[0], err)
				}
			}
			taken := *site.articles[2]
			taken.Slug = site.articles[0].Slug
			err := l.CreateArticles(ctx, []*masthead.Article{site.articles[3], &taken})
			if masthead.ErrorCode(err) != masthead.ECONFLICT {
				t.Errorf("a taken slug: %v, want ECONFLICT", err)
			}
			if site.articles[3].ID != 0 {
				t.Errorf("an article of a refused batch kept the id %d", site.articles[3].ID)
			}
			wrong := &masthead.Comment{ArticleID: site.articles[1].ID, ParentID: c.ID, AuthorName: "Reader", AuthorEmail: "r@example.org",
				Body: "Elsewhere.", Status: masthead.CommentApproved, IP: "198.18.0.0"}
			if err := l.SubmitComments(ctx, []masthead.BatchComment{{Comment: wrong}}); masthead.ErrorCode(err) != masthead.ECONFLICT {
				t.Errorf("a reply on another article: %v, want ECONFLICT", err)
			}
			return fmt.Errorf("the source ran dry")
		})
		if err == nil || !strings.Contains(err.Error(), "the source ran dry") {
			t.Fatalf("BulkLoad = %v, want the load's own error", err)
		}
		if diff := cmp.Diff(indexesBefore, dumpSite(t, s)["indexes"]); diff != "" {
			t.Errorf("indexes after a failed load (-before +after):\n%s", diff)
		}
		got, err := s.FindArticleByID(ctx, site.articles[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.CommentCount != 1 {
			t.Errorf("comment count %d after the failed load, want 1", got.CommentCount)
		}
		if _, n, err := s.FindArticles(ctx, masthead.ArticleFilter{Limit: 1}); err != nil || n != 2 {
			t.Errorf("%d articles stored (%v), want the first batch's 2", n, err)
		}
		if err := s.BulkLoad(ctx, func(*sqlstore.BulkLoader) error { return nil }); masthead.ErrorCode(err) != masthead.ECONFLICT {
			t.Errorf("a bulk load on a site with articles: %v, want ECONFLICT", err)
		}
	})
}

// TestBulkLoadCountsCommentsFromElsewhere checks that an approved comment
// stored while a load runs, but not through it, is counted when it ends,
// though the loader keeps its own count.
func TestBulkLoadCountsCommentsFromElsewhere(t *testing.T) {
	bulkDatabases(t, func(t *testing.T, open func() *sqlstore.Store) {
		ctx := context.Background()
		s := open()
		site := newBulkSite(t, s)
		err := s.BulkLoad(ctx, func(l *sqlstore.BulkLoader) error {
			site.articles[0].CommentCount = 1
			if err := l.CreateArticles(ctx, site.articles[:2]); err != nil {
				return err
			}
			c := &masthead.Comment{ArticleID: site.articles[0].ID, AuthorName: "Reader", AuthorEmail: "r@example.org", Body: "First.",
				Status: masthead.CommentApproved, IP: "198.18.0.0"}
			if err := l.SubmitComments(ctx, []masthead.BatchComment{{Comment: c}}); err != nil {
				return err
			}
			_, err := s.DB().ExecContext(ctx, fmt.Sprintf(`INSERT INTO comments (id, article_id, author_name, author_email, body, status, created_at)
				VALUES (1000, %d, 'Elsewhere', 'e@example.org', 'Written meanwhile.', 'approved', CURRENT_TIMESTAMP)`, site.articles[1].ID))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []int{1, 1} {
			got, err := s.FindArticleByID(ctx, site.articles[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.CommentCount != want {
				t.Errorf("article %d: comment count %d, want %d", i, got.CommentCount, want)
			}
		}
	})
}
