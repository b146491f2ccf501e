package sqlstore_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	modernc "modernc.org/sqlite"

	"masthead"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// preparingConn is what the statement cache tests need of a driver
// connection: SQLite's, with its prepares counted.
type preparingConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
}

// countingDriver is SQLite's driver, counting by query the times its
// connections parse a statement: a prepare, or a statement run without
// one (which the driver prepares and finalizes at every call); and the
// times SQLite compiles one, which it also does by itself when it finds a
// prepared statement expired at a run, out of sight of the driver.
type countingDriver struct {
	modernc.Driver
	mu       sync.Mutex
	parses   map[string]int
	compiles map[string]int
}

func (d *countingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.Driver.Open(name)
	if err != nil {
		return nil, err
	}
	cc := &countingConn{preparingConn: c.(preparingConn), d: d}
	// SQLite asks the authorizer about every statement it compiles, and
	// asks again when it compiles a prepared one anew at a run; a
	// compilation starts with its first question after a statement of the
	// connection began to run (the driver runs nothing in between).
	err = c.(modernc.AuthorizerRegisterer).RegisterAuthorizer(func(modernc.AuthorizerActionCode, string, string, string, string) modernc.AuthorizerReturnCode {
		d.mu.Lock()
		if !cc.compiling {
			cc.compiling = true
			d.compiles[cc.running]++
		}
		d.mu.Unlock()
		return modernc.AuthorizerOK
	})
	if err != nil {
		c.Close()
		return nil, err
	}
	return cc, nil
}

// parsesOf returns how many times a query starting with prefix was
// parsed.
func (d *countingDriver) parsesOf(prefix string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for q, k := range d.parses {
		if strings.HasPrefix(q, prefix) {
			n += k
		}
	}
	return n
}

// compilesOf returns how many times SQLite compiled a query starting
// with prefix, prepares and compilations of expired statements alike.
func (d *countingDriver) compilesOf(prefix string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for q, k := range d.compiles {
		if strings.HasPrefix(q, prefix) {
			n += k
		}
	}
	return n
}

// compileCounts returns a copy of the compilations by query.
func (d *countingDriver) compileCounts() map[string]int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return maps.Clone(d.compiles)
}

type countingConn struct {
	preparingConn
	d *countingDriver
	// running is the query the connection last began to prepare or run,
	// and compiling whether SQLite compiled it since; both under d.mu.
	running   string
	compiling bool
}

// BeginTx begins a transaction, whose BEGIN, COMMIT and ROLLBACK the
// driver runs out of sight of the counts, and tells the connection so.
func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	c.runs("BEGIN")
	t, err := c.preparingConn.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: t, c: c}, nil
}

// countingTx is a transaction that tells its connection when it ends.
type countingTx struct {
	driver.Tx
	c *countingConn
}

func (t *countingTx) Commit() error {
	t.c.runs("COMMIT")
	return t.Tx.Commit()
}

func (t *countingTx) Rollback() error {
	t.c.runs("ROLLBACK")
	return t.Tx.Rollback()
}

func (c *countingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	c.d.parsed(query)
	c.runs(query)
	st, err := c.preparingConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return &countingStmt{Stmt: st, c: c, query: query}, nil
}

func (c *countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.d.parsed(query)
	c.runs(query)
	return c.preparingConn.ExecContext(ctx, query, args)
}

func (c *countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.d.parsed(query)
	c.runs(query)
	return c.preparingConn.QueryContext(ctx, query, args)
}

// runs notes that the connection begins to prepare or run query.
func (c *countingConn) runs(query string) {
	c.d.mu.Lock()
	c.running, c.compiling = query, false
	c.d.mu.Unlock()
}

// countingStmt is a prepared statement that tells its connection when it
// runs, so that a compilation SQLite makes at the run is its query's.
type countingStmt struct {
	driver.Stmt
	c     *countingConn
	query string
}

func (s *countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.c.runs(s.query)
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (s *countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.c.runs(s.query)
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
}

func (d *countingDriver) parsed(query string) {
	d.mu.Lock()
	d.parses[query]++
	d.mu.Unlock()
}

var registerCounting sync.Once

// theCountingDriver is registered once, as database/sql wants.
var theCountingDriver = &countingDriver{parses: map[string]int{}, compiles: map[string]int{}}

// openCounting opens a store on a fresh SQLite file as sqlite.Open does,
// one writer connection and a pool of readers, through the counting
// driver, and returns it with an article to comment on.
func openCounting(t *testing.T) (*sqlstore.Store, string, *masthead.Article) {
	t.Helper()
	registerCounting.Do(func() { sql.Register("sqlite-counting", theCountingDriver) })
	path := filepath.Join(t.TempDir(), "masthead.db")
	common := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_time_format=sqlite"
	w, err := sql.Open("sqlite-counting", common+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite-counting", common+"&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	r.SetMaxOpenConns(4)
	s := sqlstore.New(w, r, sqlite.Dialect)
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	au := &masthead.Author{Name: "Ana Lima", Slug: "ana-lima", Role: masthead.RoleAuthor}
	if err := s.CreateAuthor(ctx, au); err != nil {
		t.Fatal(err)
	}
	a := &masthead.Article{Headline: "Thread", Slug: "thread", BodySource: "Text.", BodyHTML: "<p>Text.</p>",
		Status: masthead.StatusPublished, PublishedAt: time.Now().Add(-time.Hour), CommentsOpen: true, Authors: []*masthead.Author{au}}
	if err := s.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	return s, path, a
}

// submit stores a comment on a from a network of its own, under the rate
// limit, as the comment form does.
func submit(t *testing.T, s *sqlstore.Store, a *masthead.Article, n int) *masthead.Comment {
	t.Helper()
	c := &masthead.Comment{ArticleID: a.ID, AuthorName: "Reader", AuthorEmail: fmt.Sprintf("reader%d@example.net", n),
		Body: fmt.Sprintf("Comment %d.", n), Status: masthead.CommentApproved, IP: fmt.Sprintf("10.0.%d.0", n%250)}
	if err := s.SubmitComment(context.Background(), c, masthead.SubmitOptions{Limit: masthead.RateLimit{Max: 1000, Window: time.Minute}}); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestStatementCacheReusesStatements checks that the statements of a
// comment post are parsed once on the writer's connection and then
// reused by every later transaction, where before the comment insert was
// prepared in each transaction and every other statement parsed at each
// run.
func TestStatementCacheReusesStatements(t *testing.T) {
	s, _, a := openCounting(t)
	d := theCountingDriver
	// The first runs meet the statements; the next transaction prepares
	// them.
	for i := range 3 {
		submit(t, s, a, i)
	}
	inserts, counts, ratelimits := d.parsesOf("INSERT INTO comments"), d.parsesOf("UPDATE articles SET comment_count"), d.parsesOf("SELECT created_at FROM comments WHERE ip")
	for i := 3; i < 23; i++ {
		c := submit(t, s, a, i)
		if got, err := s.FindCommentByID(context.Background(), c.ID); err != nil || got.Body != c.Body {
			t.Fatalf("comment %d read back as %+v (%v)", c.ID, got, err)
		}
	}
	if got := d.parsesOf("INSERT INTO comments") - inserts; got != 0 {
		t.Errorf("20 more comments parsed their insert %d more times, want none", got)
	}
	if got := d.parsesOf("UPDATE articles SET comment_count") - counts; got != 0 {
		t.Errorf("20 more comments parsed the count's update %d more times, want none", got)
	}
	if got := d.parsesOf("SELECT created_at FROM comments WHERE ip") - ratelimits; got != 0 {
		t.Errorf("20 more comments parsed the rate limit's count %d more times, want none", got)
	}
	// A read is parsed the first time, then on the pool, then once on
	// each of the four readers at most.
	if got := d.parsesOf("SELECT id, article_id, parent_id"); got > 6 {
		t.Errorf("20 reads of a comment parsed it %d times, want at most 6: uncached, on the pool and once a connection", got)
	}
	if s.CachedStatements() == 0 {
		t.Error("the writer's cache holds no statement")
	}
}

// TestStatementCacheAfterSchemaChange changes the schema under cached
// statements, from another connection as another process would, and
// checks that they read and write by the new schema; and that a
// migration empties the cache.
func TestStatementCacheAfterSchemaChange(t *testing.T) {
	s, path, a := openCounting(t)
	ctx := context.Background()
	var ids []int64
	for i := range 3 {
		ids = append(ids, submit(t, s, a, i).ID)
	}
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	// A new column before nothing the store reads, and the index the
	// rate limit's count reads dropped: the cached statements must not
	// use the columns' old places nor an index that is gone.
	for _, q := range []string{
		`ALTER TABLE comments ADD COLUMN extra TEXT NOT NULL DEFAULT 'x'`,
		`DROP INDEX comments_ip_created`,
	} {
		if _, err := other.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for i := 3; i < 6; i++ {
		ids = append(ids, submit(t, s, a, i).ID)
	}
	for i, id := range ids {
		c, err := s.FindCommentByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("Comment %d.", i); c.Body != want || c.ArticleID != a.ID {
			t.Errorf("comment %d read back as %q on article %d, want %q on %d", id, c.Body, c.ArticleID, want, a.ID)
		}
	}
	if _, err := other.Exec(`CREATE INDEX comments_ip_created ON comments (ip, created_at)`); err != nil {
		t.Fatal(err)
	}
	if s.CachedStatements() == 0 {
		t.Fatal("the writer's cache holds no statement")
	}
	if err := s.MigrateBelow(ctx, 1); err != nil { // applies nothing, changes nothing
		t.Fatal(err)
	}
	if s.CachedStatements() == 0 {
		t.Error("a migration that applied nothing emptied the cache")
	}
	// Undo migration 29, which made comments_article_author, and run it
	// again.
	if _, err := s.DB().Exec(`DELETE FROM schema_migrations WHERE version = 29`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`DROP INDEX comments_article_author`); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// The migration empties the cache; the migrations checked after it
	// (found applied) may leave their own two bookkeeping statements.
	if n := s.CachedStatements(); n > 2 {
		t.Errorf("after a migration the cache holds %d statements, want at most the 2 of the later migrations' checks", n)
	}
	submit(t, s, a, 6)
}

// TestStatementCacheConcurrency posts and reads comments from many
// goroutines at once through a cache too small for the store's
// statements, so that statements are evicted and closed while other
// transactions run them; every comment must be stored once and read
// back. Run it with -race.
func TestStatementCacheConcurrency(t *testing.T) {
	s, _, a := openCounting(t)
	s.LimitCachedStatements(3)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 15 {
				n := g*100 + i
				c := &masthead.Comment{ArticleID: a.ID, AuthorName: "Reader", AuthorEmail: fmt.Sprintf("reader%d@example.net", n),
					Body: fmt.Sprintf("Comment %d.", n), Status: masthead.CommentApproved, IP: fmt.Sprintf("10.%d.%d.0", g, i)}
				if err := s.SubmitComment(ctx, c, masthead.SubmitOptions{Limit: masthead.RateLimit{Max: 5, Window: time.Minute}}); err != nil {
					errs <- err
					return
				}
				got, err := s.FindCommentByID(ctx, c.ID)
				if err != nil || got.Body != c.Body {
					errs <- fmt.Errorf("comment %d read back as %+v (%v)", c.ID, got, err)
					return
				}
				if _, _, err := s.FindComments(ctx, masthead.CommentFilter{ArticleID: a.ID, Newest: true, Limit: 1 + i%4}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	_, total, err := s.FindComments(ctx, masthead.CommentFilter{ArticleID: a.ID})
	if err != nil || total != 16*15 {
		t.Errorf("%d comments stored (%v), want %d", total, err, 16*15)
	}
	if n := s.CachedStatements(); n > 3 {
		t.Errorf("the cache holds %d statements, over its bound of 3", n)
	}
}

// TestLookupsByAddressStayPrepared checks that finding an article by its
// slug (whole, or its head as a comment post does), or a page by its
// path, compiles nothing once its statements are
// prepared, on the readers and on the writer (where a comment post looks
// its article up). SQLite compiled the lookup anew at every run while the
// kind was a bound parameter, since the slug indexes are partial indexes
// on the kind.
func TestLookupsByAddressStayPrepared(t *testing.T) {
	s, _, a := openCounting(t)
	ctx := context.Background()
	page := &masthead.Article{Kind: masthead.KindPage, Headline: "About", Slug: "about", BodySource: "Text.", BodyHTML: "<p>Text.</p>",
		Status: masthead.StatusPublished, PublishedAt: a.PublishedAt, Authors: a.Authors}
	if err := s.CreateArticle(ctx, page); err != nil {
		t.Fatal(err)
	}
	// One reader, so that every lookup runs on the connection that
	// prepared its statements.
	s.ReadDB().SetMaxOpenConns(1)
	d := theCountingDriver
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		lookUp func(context.Context) (*masthead.Article, error)
		want   int64
	}{
		{"article, on a reader", ctx, func(ctx context.Context) (*masthead.Article, error) { return s.FindArticleBySlug(ctx, a.Slug) }, a.ID},
		{"article, on the writer", masthead.WithPrimary(ctx), func(ctx context.Context) (*masthead.Article, error) { return s.FindArticleBySlug(ctx, a.Slug) }, a.ID},
		{"article head, on the writer", masthead.WithPrimary(ctx), func(ctx context.Context) (*masthead.Article, error) { return s.FindArticleHeadBySlug(ctx, a.Slug) }, a.ID},
		{"page, on a reader", ctx, func(ctx context.Context) (*masthead.Article, error) { return s.FindPageByPath(ctx, "/about/") }, page.ID},
		{"page, on the writer", masthead.WithPrimary(ctx), func(ctx context.Context) (*masthead.Article, error) { return s.FindPageByPath(ctx, "/about/") }, page.ID},
	} {
		// Each kind of lookup by itself: SQLite also plans a statement
		// again when an id bound to it changes to or from 0 or 1, which a
		// lookup of article 1 between those of another would do.
		lookUp := func() {
			t.Helper()
			if got, err := tc.lookUp(tc.ctx); err != nil || got.ID != tc.want {
				t.Fatalf("%s: found %+v (%v), want id %d", tc.name, got, err, tc.want)
			}
		}
		// The first lookup meets the statements, the next prepares them.
		for range 3 {
			lookUp()
		}
		before := d.compileCounts()
		for range 5 {
			lookUp()
		}
		for q, n := range d.compileCounts() {
			if q == "BEGIN" || q == "ROLLBACK" {
				continue // the driver's, never prepared
			}
			if more := n - before[q]; more > 0 {
				t.Errorf("%s: 5 more lookups compiled %.60q %d times, want none", tc.name, q, more)
			}
		}
	}
}
