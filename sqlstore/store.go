// Package sqlstore implements masthead.Store on database/sql, once for every
// SQL database Masthead supports. Driver packages (sqlite and postgres) open
// the connections and supply the Dialect.
package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"masthead"
	"masthead/content"
)

//go:embed migrations
var migrations embed.FS

// Store is a masthead.Store on a SQL database.
type Store struct {
	db      *sql.DB // writes, and reads that must see them at once
	rdb     *sql.DB // reads for public pages; may be db itself
	dialect Dialect

	// Now returns the current time. Tests pin it; it defaults to time.Now.
	Now func() time.Time
	// OnQuery, when set, is called with every statement before it runs.
	// Tests use it to count queries; set it before the store is shared.
	OnQuery func(query string)
	// SearchRanked, when above zero, is how many matches a search ranks
	// in place of searchRanked (1,000). Tests lower it; set it before the
	// store is shared.
	SearchRanked int
	// SearchBudget, when above zero, is the longest a search may take in
	// place of searchBudget (2 s). Tests lower it; set it before the store
	// is shared.
	SearchBudget time.Duration

	// commentGroup gathers comment batches into shared transactions
	// where the dialect groups commits.
	commentGroup commentGroup

	// stmts and rstmts keep the prepared statements of db and rdb where
	// the dialect caches statements (the same cache when the pools are
	// one), and are nil where it does not.
	stmts, rstmts *statementCache

	// subscribers are told of every committed change (OnChange).
	subscribers struct {
		sync.RWMutex
		list []func([]masthead.ChangeKey)
	}
}

var _ masthead.Store = (*Store)(nil)

// New returns a Store that writes through db and reads through rdb (pass
// the same pool twice when there is no separate read pool). It does not
// migrate; call Migrate.
func New(db, rdb *sql.DB, d Dialect) *Store {
	if rdb == nil {
		rdb = db
	}
	s := &Store{db: db, rdb: rdb, dialect: d, Now: time.Now}
	if d.CacheStatements {
		s.stmts = newStatementCache(db, defaultCachedStatements)
		s.rstmts = s.stmts
		if rdb != db {
			s.rstmts = newStatementCache(rdb, defaultCachedStatements)
		}
	}
	return s
}

// statementsOf returns the statement cache of the pool db, or nil.
func (s *Store) statementsOf(db *sql.DB) *statementCache {
	if db == s.db {
		return s.stmts
	}
	return s.rstmts
}

// resetStatements closes every cached statement, after a change of the
// schema or before the pools close.
func (s *Store) resetStatements() error {
	var err error
	for _, c := range []*statementCache{s.stmts, s.rstmts} {
		if c != nil {
			err = errors.Join(err, c.reset())
		}
	}
	return err
}

// Ping checks that the read pool reaches the database. The write pool is
// left alone: on SQLite it is one connection, which a health check must
// not queue for.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.rdb.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close closes both pools and their cached statements.
func (s *Store) Close() error {
	err := errors.Join(s.resetStatements(), s.db.Close())
	if s.rdb != s.db {
		err = errors.Join(err, s.rdb.Close())
	}
	return err
}

// ReadDB returns the read pool, for watchers that poll the database.
func (s *Store) ReadDB() *sql.DB { return s.rdb }

// DB returns the write pool, for tools that need raw access (backups,
// data moves). Handlers never use it.
func (s *Store) DB() *sql.DB { return s.db }

// tx is a transaction that rebinds placeholders, reports queries to
// OnQuery, carries the transaction's notion of now and collects the keys
// of what it changes (changed), which it announces when it commits.
type tx struct {
	tx  *sql.Tx
	s   *Store
	now time.Time
	// ctx is the context the transaction began with, which bounds it
	// whole: the announcement of its change runs in it at commit.
	ctx  context.Context
	keys map[masthead.ChangeKey]struct{}
	// lists are the changes to article_lists, written at commit.
	lists map[listKey]listChange
	// after, when set, runs once the transaction has ended, either way.
	after func() error
	// stmts is the statement cache of the transaction's pool, or nil.
	stmts *statementCache
}

// begin starts a read-write transaction.
func (s *Store) begin(ctx context.Context) (*tx, error) {
	return s.beginOn(ctx, s.db)
}

// beginRead starts a transaction for reads only, so that one page load
// sees one consistent snapshot: on the read pool (a replica, or SQLite's
// read-only connections), unless the context asks for the primary and the
// read pool may lag behind it (beginCurrent).
func (s *Store) beginRead(ctx context.Context) (*tx, error) {
	if masthead.ReadsPrimary(ctx) {
		return s.beginCurrent(ctx)
	}
	return s.beginOn(ctx, s.rdb)
}

// beginCurrent starts a transaction for reads that must see every commit
// made so far (a session, a password) without taking a writer: on the read
// pool where it sees commits at once (Dialect.ReadsSeeCommits), else on the
// primary.
func (s *Store) beginCurrent(ctx context.Context) (*tx, error) {
	if s.dialect.ReadsSeeCommits {
		return s.beginOn(ctx, s.rdb)
	}
	return s.beginOn(ctx, s.db)
}

func (s *Store) beginOn(ctx context.Context, db *sql.DB) (*tx, error) {
	stmts := s.statementsOf(db)
	if stmts != nil {
		// Before the transaction takes its connection: preparing takes
		// one of the pool's.
		stmts.prepareWanted(ctx)
	}
	t, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", s.transient(err))
	}
	return &tx{tx: t, s: s, now: s.Now().UTC().Truncate(time.Microsecond), ctx: ctx, stmts: stmts}, nil
}

// Commit writes what the transaction changed in the lists' lengths,
// announces its change to other processes inside it, commits, and then
// tells this process's subscribers, so that they hear of a change before
// the write that made it returns, and only when it committed.
func (t *tx) Commit() error {
	if err := t.writeLists(t.ctx); err != nil {
		return errors.Join(err, t.Rollback())
	}
	keys := t.changeKeys()
	if len(keys) > 0 {
		if err := t.announce(keys); err != nil {
			return errors.Join(err, t.Rollback())
		}
	}
	err := t.s.transient(t.tx.Commit())
	if err == nil && len(keys) > 0 {
		t.s.deliver(keys)
	}
	return t.end(err)
}

// Rollback ends the transaction without a change to announce.
func (t *tx) Rollback() error { return t.end(t.tx.Rollback()) }

// end runs what waits for the transaction's end, once.
func (t *tx) end(err error) error {
	if t.after != nil {
		after := t.after
		t.after = nil
		err = errors.Join(err, after())
	}
	return err
}

func (t *tx) prepare(query string) string {
	if t.s.OnQuery != nil {
		t.s.OnQuery(query)
	}
	return t.s.dialect.Rebind(query)
}

func (t *tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	q := t.prepare(query)
	if st := t.cached(ctx, q); st != nil {
		res, err := st.ExecContext(ctx, args...)
		return res, t.s.transient(err)
	}
	res, err := t.tx.ExecContext(ctx, q, args...)
	return res, t.s.transient(err)
}

func (t *tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q := t.prepare(query)
	if st := t.cached(ctx, q); st != nil {
		rows, err := st.QueryContext(ctx, args...)
		return rows, t.s.transient(err)
	}
	rows, err := t.tx.QueryContext(ctx, q, args...)
	return rows, t.s.transient(err)
}

// cached returns the cached statement of the rebound query q for this
// transaction, on its own connection, or nil when there is none yet.
func (t *tx) cached(ctx context.Context, q string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	st := t.stmts.get(q)
	if st == nil {
		return nil
	}
	return t.tx.StmtContext(ctx, st)
}

// transient turns a driver error that a later try may not meet (a lock
// held past the wait, a full disk) into EUNAVAILABLE, keeping the original
// behind it for the logs; any other error stays as it is. It is applied
// where those errors arise: at begin (SQLite's BEGIN IMMEDIATE takes the
// write lock there, so later statements of the transaction never wait for
// it), at exec and query, and at commit (where a full disk shows); a
// single-row read is a read, which neither lock nor full disk refuses.
func (s *Store) transient(err error) error {
	if err != nil && s.dialect.IsTransient != nil && s.dialect.IsTransient(err) {
		return masthead.Unavailable(err)
	}
	return err
}

func (t *tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	q := t.prepare(query)
	if st := t.cached(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}

// stmt is a statement prepared once in a transaction and run for each row
// of a batch, so that the database parses and plans it once.
type stmt struct {
	st    *sql.Stmt
	t     *tx
	query string
}

// prepareStmt prepares query in the transaction, or takes it from the
// statement cache; the statement ends with the transaction, or at Close.
func (t *tx) prepareStmt(ctx context.Context, query string) (*stmt, error) {
	q := t.s.dialect.Rebind(query)
	if st := t.cached(ctx, q); st != nil {
		return &stmt{st: st, t: t, query: query}, nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return &stmt{st: st, t: t, query: query}, nil
}

// queryRow runs the statement, reporting it to OnQuery like every other.
func (s *stmt) queryRow(ctx context.Context, args ...any) *sql.Row {
	if s.t.s.OnQuery != nil {
		s.t.s.OnQuery(s.query)
	}
	return s.st.QueryRowContext(ctx, args...)
}

// Close releases the statement.
func (s *stmt) Close() error { return s.st.Close() }

// classify turns a driver's constraint error into a domain error with msg,
// and leaves every other error as it is.
func (t *tx) classify(err error, msg string) error {
	d := t.s.dialect
	switch {
	case err == nil:
		return nil
	case d.IsUniqueViolation != nil && d.IsUniqueViolation(err):
		return masthead.Errorf(masthead.ECONFLICT, "%s", msg)
	case d.IsForeignKeyViolation != nil && d.IsForeignKeyViolation(err):
		return masthead.Errorf(masthead.ECONFLICT, "A linked record does not exist.")
	}
	return err
}

// classifyField is classify for a statement whose unique violation one
// form field causes: the ECONFLICT names the field, so that callers can
// put the message beside it without reading the message.
func (t *tx) classifyField(err error, field, msg string) error {
	if t.isUniqueViolation(err) {
		return &masthead.Error{Code: masthead.ECONFLICT, Field: field, Message: msg}
	}
	return t.classify(err, msg)
}

// isUniqueViolation reports whether err is the driver's unique or
// primary-key violation.
func (t *tx) isUniqueViolation(err error) bool {
	d := t.s.dialect
	return err != nil && d.IsUniqueViolation != nil && d.IsUniqueViolation(err)
}

// inSavepoint runs fn so that, when it fails, only what fn did is undone
// and the transaction can go on: PostgreSQL refuses every later statement
// of a transaction in which one failed, unless it rolls back to a
// savepoint. Both databases spell savepoints the same way.
func (t *tx) inSavepoint(ctx context.Context, name string, fn func() error) error {
	if _, err := t.exec(ctx, `SAVEPOINT `+name); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := fn(); err != nil {
		if _, rerr := t.exec(ctx, `ROLLBACK TO SAVEPOINT `+name); rerr != nil {
			return errors.Join(err, fmt.Errorf("roll back to savepoint: %w", rerr))
		}
		return err
	}
	if _, err := t.exec(ctx, `RELEASE SAVEPOINT `+name); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

// timeArg turns a time into a stored value: UTC, at the microsecond
// precision both databases keep, and NULL when zero.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond)
}

// nullTime is the inverse of timeArg for nullable columns.
func nullTime(nt sql.NullTime) time.Time {
	if !nt.Valid {
		return time.Time{}
	}
	return nt.Time.UTC()
}

// int64s turns ids into query arguments for an IN (...) list.
func int64s(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// Migrate applies, in order and each in its own transaction, the embedded
// migrations that the database has not recorded yet.
func (s *Store) Migrate(ctx context.Context) error {
	return s.migrateBelow(ctx, 0)
}

// migrateBelow is Migrate, stopping before the migration numbered below
// when that is not zero, so that tests can see what a migration does to
// data that was there before it.
func (s *Store) migrateBelow(ctx context.Context, below int) error {
	dir := path.Join("migrations", s.dialect.Name)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	for _, name := range names {
		version, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", name)
		}
		if below != 0 && version >= below {
			break
		}
		body, err := fs.ReadFile(migrations, path.Join(dir, name))
		if err != nil {
			return err
		}
		if err := s.migrateOne(ctx, version, name, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	if below != 0 {
		return nil // the rebuild needs the whole schema; Migrate finishes it
	}
	// A migration that changes the search index asks for a rebuild, which
	// SQL alone cannot do since Masthead folds the text itself. The request
	// is a row in the database, so a rebuild cut short goes on at the next
	// start.
	return s.rebuildSearch(ctx)
}

// migrationSteps are the parts of migrations that SQL cannot do, by
// version. Each runs in its migration's transaction, after its SQL, so a
// migration is applied whole or not at all.
var migrationSteps = map[int]func(context.Context, *tx) error{
	13: markGeneratedExcerpts,
	30: recountArticleLists,
	36: linkStoredBodies,
}

// markGeneratedExcerpts marks as generated the stored excerpts that the
// excerpt generator made, which before migration 13 were kept as if
// written, and brings their text up to date.
func markGeneratedExcerpts(ctx context.Context, t *tx) error {
	rows, err := t.query(ctx, `SELECT id, excerpt, body_html FROM articles ORDER BY id`)
	if err != nil {
		return fmt.Errorf("mark generated excerpts: %w", err)
	}
	var generated []*masthead.Article
	for rows.Next() {
		var a masthead.Article
		if err := rows.Scan(&a.ID, &a.Excerpt, &a.BodyHTML); err != nil {
			rows.Close()
			return fmt.Errorf("mark generated excerpts: %w", err)
		}
		if content.RecognizeGeneratedExcerpt(&a) {
			generated = append(generated, &a)
		}
	}
	if err := closeRows(rows, "mark generated excerpts"); err != nil {
		return err
	}
	for _, a := range generated {
		if _, err := t.exec(ctx, `UPDATE articles SET excerpt = ?, excerpt_generated = ? WHERE id = ?`, a.Excerpt, true, a.ID); err != nil {
			return fmt.Errorf("mark generated excerpts: %w", err)
		}
	}
	return nil
}

// tableRebuilds are the migrations that rebuild a table, which run with
// the dialect's foreign keys off (Dialect.ForeignKeysOff).
var tableRebuilds = map[int]bool{
	16: true, // articles: slugs unique per kind, and pages' among siblings
}

// migrateOne applies one migration unless it was applied before.
func (s *Store) migrateOne(ctx context.Context, version int, name, body string) error {
	var t *tx
	var err error
	rebuild := tableRebuilds[version] && s.dialect.ForeignKeysOff != ""
	if rebuild {
		// Foreign keys are turned off only for a rebuild still to run,
		// not at every start.
		var n int
		if err := s.db.QueryRowContext(ctx, s.dialect.Rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		t, err = s.beginWithoutForeignKeys(ctx)
	} else {
		t, err = s.begin(ctx)
	}
	if err != nil {
		return err
	}
	defer t.Rollback()
	if s.dialect.MigrationLock != "" {
		if _, err := t.exec(ctx, s.dialect.MigrationLock); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
	}
	if _, err := t.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := t.tx.ExecContext(ctx, body); err != nil {
		return err
	}
	if step := migrationSteps[version]; step != nil {
		if err := step(ctx, t); err != nil {
			return err
		}
	}
	if rebuild {
		if err := checkForeignKeys(ctx, t); err != nil {
			return err
		}
	}
	if _, err := t.exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		version, name, t.now.Format(time.RFC3339)); err != nil {
		return err
	}
	if err := t.Commit(); err != nil {
		return err
	}
	// SQLite would prepare the statements again by itself, but a
	// statement prepared for the old schema has no business outliving it.
	return s.resetStatements()
}

// beginWithoutForeignKeys starts a write transaction on a connection of
// its own whose foreign keys are off until the transaction ends; they are
// back on before the connection returns to the pool.
func (s *Store) beginWithoutForeignKeys(ctx context.Context) (*tx, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	if _, err := conn.ExecContext(ctx, s.dialect.ForeignKeysOff); err != nil {
		conn.Close()
		return nil, fmt.Errorf("turn foreign keys off: %w", err)
	}
	restore := func() error {
		_, err := conn.ExecContext(context.WithoutCancel(ctx), s.dialect.ForeignKeysOn)
		if err != nil {
			// A connection that may still have them off is never reused.
			conn.Raw(func(any) error { return driver.ErrBadConn })
			err = fmt.Errorf("turn foreign keys on: %w", err)
		}
		return errors.Join(err, conn.Close())
	}
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("begin: %w", err), restore())
	}
	// Cached statements serve it, but none is prepared for it: the pool's
	// one writer connection is this transaction's.
	return &tx{tx: sqlTx, s: s, now: s.Now().UTC().Truncate(time.Microsecond), ctx: ctx, after: restore, stmts: s.stmts}, nil
}

// checkForeignKeys refuses a rebuild that left a reference broken.
func checkForeignKeys(ctx context.Context, t *tx) error {
	rows, err := t.query(ctx, t.s.dialect.ForeignKeyCheck)
	if err != nil {
		return fmt.Errorf("check foreign keys: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		return errors.New("the rebuilt tables hold a reference to a row that does not exist")
	}
	return rows.Err()
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// queryPage runs a list query with LIMIT and OFFSET appended, scans each
// row with scan, and returns the rows with the number of matches, which
// countQuery (the same FROM and WHERE, same args) counts. The count is a
// query of its own, never a window over the list (COUNT(*) OVER ()), which
// makes the database build every matching row, bodies and all, to count
// them, where a count alone reads an index. With countQuery empty nothing
// is counted and the total is 0, for callers that show no total.
func queryPage[T any](ctx context.Context, t *tx, query, countQuery string, args []any, limit, offset int,
	scan func(sc scanner) (T, error)) ([]T, int, error) {
	rows, err := t.query(ctx, query+` LIMIT ? OFFSET ?`, append(slices.Clip(args), limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var items []T
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		items = append(items, item)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if countQuery == "" {
		return items, 0, nil
	}
	var total int
	if err := t.queryRow(ctx, countQuery, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	return items, total, nil
}

// pageBounds applies the default and maximum page sizes to a filter's limit.
func pageBounds(limit, offset int) (int, int) {
	const defaultLimit, maxLimit = 20, 500
	if limit <= 0 {
		limit = defaultLimit
	}
	if limit > maxLimit {
		limit = maxLimit
	}
	if offset < 0 {
		offset = 0
	}
	return limit, offset
}
