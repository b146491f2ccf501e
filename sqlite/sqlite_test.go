package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/sqlite"
	"masthead/sqlstore"
	"masthead/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) masthead.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
		if err != nil {
			t.Fatal(err)
		}
		s.Now = now
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestMigrateTwice checks that reopening a database applies nothing twice.
func TestMigrateTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "masthead.db")
	for range 2 {
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n < 1 {
			t.Fatalf("recorded migrations = %d, %v", n, err)
		}
		s.Close()
	}
}

// TestPragmas checks the settings every connection must run with.
func TestPragmas(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// synchronous 2 is FULL: a commit is on disk before it returns.
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000", "temp_store": "2", "synchronous": "2"} {
		var got string
		if err := s.DB().QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}
}

// TestSyncNormal checks that the writer's durability can be traded for an
// fsync per commit, and that only the two known settings are taken.
func TestSyncNormal(t *testing.T) {
	s, err := sqlite.OpenWith(context.Background(), filepath.Join(t.TempDir(), "masthead.db"), sqlite.Options{Sync: sqlite.SyncNormal})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got string
	if err := s.DB().QueryRow("PRAGMA synchronous").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "1" {
		t.Errorf("PRAGMA synchronous = %q with SyncNormal, want 1 (NORMAL)", got)
	}
	if _, err := sqlite.ParseSync("off"); err == nil || !strings.Contains(err.Error(), "use full or normal") {
		t.Errorf("ParseSync(off) = %v, want a refusal naming the settings", err)
	}
	for _, name := range []string{"full", "FULL", "normal"} {
		if _, err := sqlite.ParseSync(name); err != nil {
			t.Errorf("ParseSync(%q): %v", name, err)
		}
	}
}

// TestSearchRefold checks that the refold migration rebuilds an index that
// SQLite's own tokenizer filled from unfolded text, as Masthead once did.
func TestSearchRefold(t *testing.T) {
	path := filepath.Join(t.TempDir(), "masthead.db")
	storetest.SearchRefold(t, func(t *testing.T, now func() time.Time) (masthead.Store, *sql.DB) {
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		s.Now = now
		t.Cleanup(func() { s.Close() })
		return s, s.DB()
	}, func(db *sql.DB, id int64, headline string) error {
		if _, err := db.Exec(`DELETE FROM article_search WHERE rowid = ?`, id); err != nil {
			return err
		}
		_, err := db.Exec(`INSERT INTO article_search (rowid, headline, summary, body) VALUES (?, ?, '', '')`, id, headline)
		return err
	})
}

// TestRenameReindexesInBatches checks that renaming the author of many
// articles costs a few statements per batch of articles, not several per
// article.
func TestRenameReindexesInBatches(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	author := &masthead.Author{Name: "Quill Hawthorne", Slug: "quill-hawthorne", Role: masthead.RoleAuthor, Email: "quill@example.com"}
	if err := s.CreateAuthor(ctx, author); err != nil {
		t.Fatal(err)
	}
	const articles = 450
	for i := range articles {
		slug := fmt.Sprintf("dispatch-%d", i)
		a := &masthead.Article{Slug: slug, Headline: slug, BodyHTML: "<p>Body.</p>", Status: masthead.StatusPublished,
			PublishedAt: time.Now().Add(-time.Hour), Authors: []*masthead.Author{author}}
		if err := s.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	var statements []string
	s.OnQuery = func(q string) { statements = append(statements, q) }
	author.Name = "Quill Ashgrove"
	if err := s.UpdateAuthor(ctx, author); err != nil {
		t.Fatal(err)
	}
	s.OnQuery = nil
	if len(statements) > 25 {
		t.Errorf("renaming the author of %d articles ran %d statements, want a few per batch:\n%s",
			articles, len(statements), strings.Join(statements[:25], "\n"))
	}
	if _, total, _, err := s.SearchArticles(ctx, "ashgrove", 1, 0); err != nil || total != articles {
		t.Errorf("the new name finds %d articles (%v), want %d", total, err, articles)
	}
	// A new role or bio touches no article's index.
	statements = nil
	s.OnQuery = func(q string) { statements = append(statements, q) }
	author.Role, author.Bio = masthead.RoleEditor, "Now on the desk."
	if err := s.UpdateAuthor(ctx, author); err != nil {
		t.Fatal(err)
	}
	s.OnQuery = nil
	for _, q := range statements {
		if strings.Contains(q, "article_search") {
			t.Errorf("a role change ran %q", q)
		}
	}
}

// TestMigrationMarksGeneratedExcerpts takes a database back to before
// migration 13 and migrates it again: excerpts the generator made become
// generated, and up to date; an excerpt somebody wrote stays as written.
func TestMigrationMarksGeneratedExcerpts(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	au := &masthead.Author{Name: "Ana Lima", Slug: "ana-lima", Role: masthead.RoleAuthor, Email: "ana@example.com"}
	if err := s.CreateAuthor(ctx, au); err != nil {
		t.Fatal(err)
	}
	body := "<h2>What we know</h2><p>Construction is 80% complete</p>"
	excerpts := map[string]string{"old-generated": "What we know Construction is 80% complete", "written": "Written by the desk.", "empty": ""}
	ids := map[string]int64{}
	for slug, excerpt := range excerpts {
		a := &masthead.Article{Slug: slug, Headline: slug, BodyHTML: body, Excerpt: excerpt, Status: masthead.StatusDraft, Authors: []*masthead.Author{au}}
		if err := s.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		ids[slug] = a.ID
	}
	// The index of cards (migration 37) holds the column, so it goes
	// first and comes back with its migration.
	for _, q := range []string{`DROP INDEX articles_card`, `ALTER TABLE articles DROP COLUMN excerpt_generated`,
		`DELETE FROM schema_migrations WHERE version IN (13, 37)`} {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"old-generated": "What we know. Construction is 80% complete.", "written": "Written by the desk.",
		"empty": "What we know. Construction is 80% complete."}
	for slug, id := range ids {
		a, err := s.FindArticleByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Excerpt != want[slug] || a.ExcerptGenerated != (slug != "written") {
			t.Errorf("%s: excerpt %q generated=%v, want %q generated=%v", slug, a.Excerpt, a.ExcerptGenerated, want[slug], slug != "written")
		}
	}
}

// TestMigrationWritesReasonsAsSentences takes a database back to before
// migration 15: the reason fragments Masthead once stored become whole
// sentences, and a reason it did not write stays as it is.
func TestMigrationWritesReasonsAsSentences(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	au := &masthead.Author{Name: "Ana Lima", Slug: "ana-lima", Role: masthead.RoleAuthor, Email: "ana@example.com"}
	if err := s.CreateAuthor(ctx, au); err != nil {
		t.Fatal(err)
	}
	a := &masthead.Article{Slug: "thread", Headline: "Thread", BodyHTML: "<p>Body.</p>", Status: masthead.StatusPublished,
		PublishedAt: time.Now().Add(-time.Hour), Authors: []*masthead.Author{au}}
	if err := s.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"first comment from this name and email":        "Held because it is the first comment from this name and email address.",
		"every comment is held for moderation":          "Held because every comment waits for a moderator on this site.",
		"holds 3 links, more than 2":                    "Held because it holds 3 links, more than 2.",
		`contains the held word "lottery"`:              `Held because it contains the held word "lottery".`,
		`contains the spam word "cheap watches"`:        `Marked as spam because it contains the spam word "cheap watches".`,
		"filled in the hidden field that only bots see": "Marked as spam because it filled in the hidden field that only bots see.",
		"written by staff":                              "Written by staff.",
		"Held in WordPress":                             "Held in WordPress",
	}
	ids := map[string]int64{}
	for old := range want {
		c := &masthead.Comment{ArticleID: a.ID, AuthorName: "Reader", AuthorEmail: "reader@example.net", Body: old,
			Status: masthead.CommentPending, Reason: old}
		if err := s.CreateComment(ctx, c); err != nil {
			t.Fatal(err)
		}
		ids[old] = c.ID
	}
	if _, err := s.DB().Exec(`DELETE FROM schema_migrations WHERE version = 15`); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for old, id := range ids {
		c, err := s.FindCommentByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Reason != want[old] {
			t.Errorf("%q became %q, want %q", old, c.Reason, want[old])
		}
	}
}

// TestImportLookupsUseIndexes checks that the queries an import runs for
// every post read an index, not the whole table: an import of a large
// archive would otherwise slow down with every post it adds.
func TestImportLookupsUseIndexes(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var queries []string
	s.OnQuery = func(q string) { queries = append(queries, q) }
	ctx := context.Background()
	for _, kind := range []masthead.ExternalKind{masthead.ExternalAuthor, masthead.ExternalCategory, masthead.ExternalTag,
		masthead.ExternalArticle, masthead.ExternalComment} {
		if _, err := s.FindExternalIDs(ctx, kind, []string{"wordpress:x:1", "wordpress:x:2"}); err != nil {
			t.Fatal(err)
		}
	}
	s.OnQuery = nil
	if len(queries) != 5 {
		t.Fatalf("%d queries, want one per kind: %q", len(queries), queries)
	}
	for _, q := range queries {
		args := make([]any, strings.Count(q, "?"))
		for i := range args {
			args[i] = fmt.Sprint("wordpress:x:", i)
		}
		if plan := queryPlan(t, s.DB(), q, args...); strings.Contains(plan, "SCAN") {
			t.Errorf("%s\nreads a whole table: %s", q, plan)
		}
	}
}

// queryPlan returns SQLite's plan for a query, its steps joined by "; ".
func queryPlan(t *testing.T, db *sql.DB, query string, args ...any) string {
	t.Helper()
	rows, err := db.Query(`EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var steps []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(steps, "; ")
}

// TestCommenterHistoryUsesIndexes checks that the lookups the rules make
// for every new comment each read the one index made for them, with no
// sort: through FindComments, the check of a regular walked every approved
// comment of the site in date order, and the duplicate check every
// comment of the article, so that each post cost more than the last.
func TestCommenterHistoryUsesIndexes(t *testing.T) {
	s, a := storeWithArticle(t)
	var queries []string
	s.OnQuery = func(q string) { queries = append(queries, q) }
	_, err := s.FindCommenterHistory(context.Background(), a.ID, "reader@example.net", "key")
	s.OnQuery = nil
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"comments_article_author", "comments_commenter_key"}
	if len(queries) != len(want) {
		t.Fatalf("%d queries, want %d: %q", len(queries), len(want), queries)
	}
	for i, q := range queries {
		args := []any{a.ID, "reader@example.net"}
		if i == 1 {
			args = []any{"key", "reader@example.net", masthead.CommentApproved}
		}
		plan := queryPlan(t, s.DB(), q, args...)
		if !strings.Contains(plan, "INDEX "+want[i]+" ") || strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "SCAN") {
			t.Errorf("%s\nis planned as %q, want a search of %s and no sort", q, plan, want[i])
		}
	}
}

// TestCommentBatchStatements checks that a batch of comments costs one
// insert per comment: parents in the batch are known in memory, and stored
// parents are read in one query for the whole batch. The batch's change is
// recorded once, whatever its size.
func TestCommentBatchStatements(t *testing.T) {
	s, a := storeWithArticle(t)
	ctx := context.Background()
	// thread makes n comments, the i-th answering what parent(i) says:
	// a comment of the batch or the id of a stored one.
	thread := func(n int, parent func(i int, batch []masthead.BatchComment) (*masthead.Comment, int64)) []masthead.BatchComment {
		var batch []masthead.BatchComment
		for i := range n {
			inBatch, stored := parent(i, batch)
			batch = append(batch, masthead.BatchComment{Parent: inBatch, Comment: &masthead.Comment{ArticleID: a.ID, ParentID: stored,
				AuthorName: "Reader", AuthorEmail: "reader@example.net", Body: fmt.Sprint("Reply ", i), Status: masthead.CommentApproved}})
		}
		return batch
	}
	count := func(batch []masthead.BatchComment) map[string]int {
		counts := map[string]int{}
		s.OnQuery = func(q string) {
			if strings.HasPrefix(q, "INSERT INTO changes ") {
				counts["change record"]++
				return
			}
			counts[strings.Fields(q)[0]]++
		}
		defer func() { s.OnQuery = nil }()
		if err := s.SubmitComments(ctx, batch, masthead.SubmitOptions{}); err != nil {
			t.Fatal(err)
		}
		return counts
	}
	inBatch := thread(20, func(i int, batch []masthead.BatchComment) (*masthead.Comment, int64) {
		if i == 0 {
			return nil, 0
		}
		return batch[i-1].Comment, 0
	})
	// One update keeps the article's count of approved comments, and one
	// insert records their follow-ups, whatever the batch's size.
	if got := count(inBatch); got["INSERT"] != 21 || got["UPDATE"] != 1 || got["change record"] != 1 || len(got) != 3 {
		t.Errorf("a thread of 20 in one batch ran %v, want 20 inserts, one update of the article's count, one insert of follow-ups, one change record and nothing else", got)
	}
	toStored := thread(10, func(i int, _ []masthead.BatchComment) (*masthead.Comment, int64) {
		return nil, inBatch[i].Comment.ID
	})
	if got := count(toStored); got["INSERT"] != 11 || got["SELECT"] != 1 || got["UPDATE"] != 1 || got["change record"] != 1 || len(got) != 4 {
		t.Errorf("10 replies to stored comments ran %v, want 10 inserts and one of follow-ups, one select, one update of the article's count and one change record", got)
	}
}

// TestArticleLinksInOneStatement checks that an article's byline and tags
// are written with one statement each, whatever their number.
func TestArticleLinksInOneStatement(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	a := &masthead.Article{Headline: "Many tags", Slug: "many-tags", BodySource: "Text.", BodyHTML: "<p>Text.</p>", Status: masthead.StatusDraft}
	for i := range 2 {
		au := &masthead.Author{Name: fmt.Sprint("Writer ", i), Slug: fmt.Sprint("writer-", i), Role: masthead.RoleAuthor}
		if err := s.CreateAuthor(ctx, au); err != nil {
			t.Fatal(err)
		}
		a.Authors = append(a.Authors, au)
	}
	for i := range 6 {
		tag := &masthead.Tag{Name: fmt.Sprint("Tag ", i), Slug: fmt.Sprint("tag-", i)}
		if err := s.CreateTag(ctx, tag); err != nil {
			t.Fatal(err)
		}
		a.Tags = append(a.Tags, tag)
	}
	counts := map[string]int{}
	s.OnQuery = func(q string) {
		if f := strings.Fields(q); len(f) > 2 && f[0] == "INSERT" {
			counts[f[2]]++
		}
	}
	err = s.CreateArticle(ctx, a)
	s.OnQuery = nil
	if err != nil {
		t.Fatal(err)
	}
	if counts["article_authors"] != 1 || counts["article_tags"] != 1 {
		t.Errorf("inserts by table: %v, want one into article_authors and one into article_tags", counts)
	}
	got, err := s.FindArticleByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Authors) != 2 || got.Authors[0].ID != a.Authors[0].ID || got.Authors[1].ID != a.Authors[1].ID || len(got.Tags) != 6 {
		t.Errorf("stored byline %v and %d tags, want both writers in order and 6 tags", got.Authors, len(got.Tags))
	}
}

// TestCommentPagesUseIndexes checks that a comment page, its count of
// threads and the place of a comment read indexes and never a whole table
// or an article's every comment, so that a page costs the same on an
// article with ten comments or ten thousand.
func TestCommentPagesUseIndexes(t *testing.T) {
	s, a := storeWithArticle(t)
	ctx := context.Background()
	var batch []masthead.BatchComment
	for i := range 30 {
		c := masthead.BatchComment{Comment: &masthead.Comment{ArticleID: a.ID, AuthorName: "Reader", AuthorEmail: "reader@example.net",
			Body: fmt.Sprint("Comment ", i), Status: masthead.CommentApproved}}
		if i%3 != 0 {
			c.Parent = batch[i-1].Comment
		}
		batch = append(batch, c)
	}
	if err := s.SubmitComments(ctx, batch, masthead.SubmitOptions{}); err != nil {
		t.Fatal(err)
	}
	type query struct {
		sql  string
		args []any
	}
	var queries []query
	s.OnQuery = func(q string) { queries = append(queries, query{sql: q}) }
	for _, page := range []int{2, 0} {
		if _, _, err := s.FindCommentThreads(ctx, masthead.ThreadPage{ArticleID: a.ID, PerPage: 3, Page: page}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.FindCommentPlaces(ctx, []int64{batch[4].Comment.ID, batch[29].Comment.ID}); err != nil {
		t.Fatal(err)
	}
	s.OnQuery = nil
	if len(queries) != 4 {
		t.Fatalf("%d queries, want one for each page and two for the places", len(queries))
	}
	for _, q := range queries {
		args := make([]any, strings.Count(q.sql, "?"))
		for i := range args {
			args[i] = a.ID
		}
		plan := queryPlan(t, s.DB(), q.sql, args...)
		for _, step := range strings.Split(plan, "; ") {
			// Scans of the query's own tables (the count, the walk) are
			// its work.
			if strings.HasPrefix(step, "SCAN ") && !slices.Contains([]string{"SCAN thread", "SCAN up", "SCAN roots", "SCAN counted"}, step) {
				t.Errorf("%s\nreads a whole table: %s", q.sql, plan)
			}
			if strings.Contains(step, "comments_article_status") || strings.HasSuffix(step, "(article_id=?)") {
				t.Errorf("%s\nreads every comment of the article: %s", q.sql, plan)
			}
		}
	}
}

// storeWithArticle opens a fresh site with one author and one draft
// article, for tests of what comments on an article cost.
func storeWithArticle(t *testing.T) (*sqlstore.Store, *masthead.Article) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	au := &masthead.Author{Name: "Ana Lima", Slug: "ana-lima", Role: masthead.RoleAuthor}
	if err := s.CreateAuthor(ctx, au); err != nil {
		t.Fatal(err)
	}
	a := &masthead.Article{Headline: "Thread", Slug: "thread", BodySource: "Text.", BodyHTML: "<p>Text.</p>",
		Status: masthead.StatusDraft, Authors: []*masthead.Author{au}}
	if err := s.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	return s, a
}

// TestPinLookupsUseIndexes checks that what a home or section page reads
// of its pins goes through indexes: the pins by their list, the articles
// by id, so that the lookup costs the same on any archive.
func TestPinLookupsUseIndexes(t *testing.T) {
	s, _ := storeWithArticle(t)
	ctx := context.Background()
	section := &masthead.Category{Name: "Local", Slug: "local"}
	if err := s.CreateCategory(ctx, section); err != nil {
		t.Fatal(err)
	}
	var queries []string
	s.OnQuery = func(q string) { queries = append(queries, q) }
	for _, id := range []int64{0, section.ID} {
		if _, err := s.FindPinnedArticles(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	s.OnQuery = nil
	if len(queries) != 2 {
		t.Fatalf("%d queries, want one per list without pins: %q", len(queries), queries)
	}
	for _, q := range queries {
		args := make([]any, strings.Count(q, "?"))
		for i := range args {
			args[i] = 1
		}
		plan := queryPlan(t, s.DB(), q, args...)
		if strings.Contains(plan, "SCAN") || !strings.Contains(plan, "pins_list") {
			t.Errorf("%s\ndoes not read the pins through pins_list and the articles by id: %s", q, plan)
		}
	}
}

// TestImageBodiesUseIndexes: finding the bodies that show an image, for
// its deletion or an edit of its words, reads article_media through its
// index on the image and the articles by id, never the bodies.
func TestImageBodiesUseIndexes(t *testing.T) {
	s, _ := storeWithArticle(t)
	ctx := context.Background()
	m := &masthead.Media{Name: "0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Width: 20, Height: 10, OriginalName: "pier.jpg", AltText: "The pier"}
	if err := s.CreateMedia(ctx, m); err != nil {
		t.Fatal(err)
	}
	var queries []string
	s.OnQuery = func(q string) { queries = append(queries, q) }
	if _, err := s.DeleteMedia(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	s.OnQuery = nil
	var found bool
	for _, q := range queries {
		if !strings.Contains(q, "article_media") {
			continue
		}
		found = true
		args := make([]any, strings.Count(q, "?"))
		for i := range args {
			args[i] = 1
		}
		plan := queryPlan(t, s.DB(), q, args...)
		if strings.Contains(plan, "SCAN") || !strings.Contains(plan, "article_media_media") {
			t.Errorf("%s\ndoes not read article_media through article_media_media and the articles by id: %s", q, plan)
		}
	}
	if !found {
		t.Fatalf("deleting an image did not ask article_media which bodies show it: %q", queries)
	}
}

// TestFollowUpQueriesUseIndexes: what an approved comment's post and a
// proven regular's post add, the follow-ups' insert and the address's
// approved comment, are index searches, never a scan of the comments or
// the subscriptions.
func TestFollowUpQueriesUseIndexes(t *testing.T) {
	s, a := storeWithArticle(t)
	ctx := context.Background()
	c := &masthead.Comment{ArticleID: a.ID, AuthorName: "Ann", AuthorEmail: "ann@example.org", Body: "Hello.", Status: masthead.CommentApproved}
	var queries []string
	s.OnQuery = func(q string) { queries = append(queries, q) }
	if err := s.SubmitComments(ctx, []masthead.BatchComment{{Comment: c}}, masthead.SubmitOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.HasApprovedComment(ctx, "ann@example.org"); err != nil {
		t.Fatal(err)
	}
	s.OnQuery = nil
	var insert, lookup string
	for _, q := range queries {
		switch {
		case strings.HasPrefix(q, "INSERT INTO comment_followups"):
			insert = q[strings.Index(q, "SELECT"):strings.Index(q, "ON CONFLICT")]
		case strings.Contains(q, "FROM comments WHERE author_email = ? AND status = ?"):
			lookup = q
		}
	}
	if insert == "" || lookup == "" {
		t.Fatalf("the follow-ups' insert or the approved-comment lookup did not run: %q", queries)
	}
	for _, tc := range []struct {
		query string
		args  []any
		want  []string
	}{
		{insert, []any{c.ID}, []string{"SEARCH c USING INTEGER PRIMARY KEY", "SEARCH s USING INDEX comment_subscriptions_article_email"}},
		{lookup, []any{"ann@example.org", masthead.CommentApproved}, []string{"comments_author"}},
	} {
		plan := queryPlan(t, s.DB(), tc.query, tc.args...)
		for _, w := range tc.want {
			if !strings.Contains(plan, w) || strings.Contains(plan, "SCAN") {
				t.Errorf("%s\nis planned as %q, want a search of %s", tc.query, plan, w)
			}
		}
	}
}
