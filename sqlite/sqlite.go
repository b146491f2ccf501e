// Package sqlite opens a Masthead store on an embedded SQLite file through
// the pure-Go modernc.org/sqlite driver, so the binary needs no cgo.
package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"masthead"
	"masthead/sqlstore"
)

// Dialect is SQLite's half of the SQL differences: its error codes, dates
// and full-text search (FTS5).
var Dialect = sqlstore.Dialect{
	Name: "sqlite",
	// The writer waited the whole busy timeout for another process's
	// lock, or the disk is full.
	IsTransient: func(err error) bool {
		switch errorCode(err) & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_FULL:
			return true
		}
		return false
	},
	IsUniqueViolation: func(err error) bool {
		code := errorCode(err)
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	},
	IsForeignKeyViolation: func(err error) bool {
		return errorCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	},
	ArticlesByID: "articles a INDEXED BY articles_id_visible",
	ArticleCards: "articles a INDEXED BY articles_card",
	Month:        func(column string) string { return "strftime('%Y-%m', " + column + ")" },
	// Other processes on the file read changes from the changes table.
	ChangeLog: true,
	// Readers share the writer's file in WAL mode: a read transaction sees
	// every commit made before it began.
	ReadsSeeCommits: true,
	// One writer, waiting for the disk at each commit: readers' comments
	// posted at the same moment share a commit.
	GroupCommits: true,
	// The driver parses every statement anew at every call.
	CacheStatements: true,

	SecondaryIndexes: `SELECT il.name, m.sql FROM pragma_index_list(?) il JOIN sqlite_master m ON m.type = 'index' AND m.name = il.name
		WHERE il."unique" = 0 AND il.origin = 'c'`,
	// A bulk load fills a new site, which is deleted and filled again
	// if the process or the machine fails halfway: its commits need not
	// wait for the disk, a large page cache keeps the indexes it builds at
	// the end in memory, and its rollback journal is kept in memory
	// instead of the WAL, so that each page is written to the file once
	// rather than to the WAL and again at each checkpoint (a refused batch
	// still rolls back; a process killed halfway may leave a damaged
	// file). Its last step empties the WAL, so that the next start reads
	// no long WAL.
	BulkPragmas:  map[string]string{"synchronous": "OFF", "cache_size": "-262144", "journal_mode": "MEMORY"},
	BulkLoadDone: []string{"PRAGMA wal_checkpoint(TRUNCATE)"},
	// FTS5 merges the index's segments as they pile up: by default as
	// soon as 4 of a level wait, so that a large load merges the same
	// entries again and again. The load lets 16 wait (64 before a merge is
	// forced), which took a third less processor time over a load of
	// 100,000 articles, and ends with the defaults back and the
	// settings' rows gone, as on a site never loaded.
	BulkSearchStart: []string{
		"INSERT INTO article_search (article_search, rank) VALUES ('automerge', 16)",
		"INSERT INTO article_search (article_search, rank) VALUES ('crisismerge', 64)",
	},
	BulkSearchEnd: []string{
		"INSERT INTO article_search (article_search, rank) VALUES ('automerge', 4)",
		"INSERT INTO article_search (article_search, rank) VALUES ('crisismerge', 16)",
		"DELETE FROM article_search_config WHERE k IN ('automerge', 'crisismerge')",
	},

	ForeignKeysOff:  "PRAGMA foreign_keys = OFF",
	ForeignKeysOn:   "PRAGMA foreign_keys = ON",
	ForeignKeyCheck: "PRAGMA foreign_key_check",

	SearchKey:    "rowid",
	SearchInsert: "INSERT INTO article_search (rowid, headline, summary, body) VALUES ",
	SearchRow:    "(?, ?, ?, ?)",
	SearchMatch:  ftsMatch,
	// CROSS JOIN keeps the full-text index outside: SQLite would otherwise
	// walk the visible articles and run the full-text query again for each
	// one. Each match's visibility and date come from an index
	// (articles_id_visible), not from its row, where they sit after the
	// bodies and reading them means reading the bodies' pages.
	SearchFrom: "FROM article_search CROSS JOIN articles a INDEXED BY articles_id_visible ON a.id = article_search.rowid WHERE article_search MATCH ?",
	// Headline matches weigh most, then the dek, bylines and tags, then
	// the body. Not bm25, whose weight for a word counts every row that
	// holds it: for a common word that reads most of the index, where the
	// search reads the newest matches alone. The boosts read the matches'
	// postings in their range of ids, no older.
	SearchScore: "0.0",
	SearchBoosts: []sqlstore.SearchBoost{
		{Query: searchBoostQuery, Match: inField("headline"), Weight: 10},
		{Query: searchBoostQuery, Match: inField("summary"), Weight: 4},
	},
	SearchID: "article_search.rowid",
	Lower:    func(expr string) string { return lowerFunction + "(" + expr + ")" },
}

// ftsMatch writes a query in FTS5's syntax: every word and phrase quoted
// (so that "or" is a word to find, not an operator), all required, then the
// excluded words. Folded words hold letters and digits only, so quoting
// needs no escapes.
func ftsMatch(q masthead.SearchQuery) string {
	var parts []string
	for _, t := range q.Terms {
		parts = append(parts, `"`+t+`"`)
	}
	for _, p := range q.Phrases {
		parts = append(parts, `"`+strings.Join(p, " ")+`"`)
	}
	expr := strings.Join(parts, " AND ")
	for _, x := range q.Excluded {
		expr += ` NOT "` + x + `"`
	}
	return expr
}

// searchBoostQuery selects the matches of a full-text query from an id up.
const searchBoostQuery = "SELECT rowid FROM article_search WHERE article_search MATCH ? AND rowid >= ?"

// inField writes a query for the articles that match q and have one of
// its words or phrases in one column.
func inField(column string) func(masthead.SearchQuery) string {
	return func(q masthead.SearchQuery) string {
		var any []string
		for _, t := range q.Terms {
			any = append(any, `"`+t+`"`)
		}
		for _, p := range q.Phrases {
			any = append(any, `"`+strings.Join(p, " ")+`"`)
		}
		return "(" + ftsMatch(q) + ") AND {" + column + "} : (" + strings.Join(any, " OR ") + ")"
	}
}

// lowerFunction is the SQL name of strings.ToLower, registered with the
// driver because SQLite's built-in lower() leaves non-ASCII letters as
// they are, and a search for "über" would then miss "Über".
const lowerFunction = "masthead_lower"

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(lowerFunction, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		}
		return args[0], nil
	})
}

func errorCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// Sync says how long a commit waits for the disk: SQLite's synchronous
// setting for the writer.
type Sync string

const (
	// SyncFull makes every commit reach the disk before it returns, so a
	// write the site acknowledged (a comment answered with a redirect)
	// survives a power cut as well as a crash. It is the default.
	SyncFull Sync = "full"
	// SyncNormal lets commits reach the disk at the next checkpoint: an
	// acknowledged write survives the process being killed, but the last
	// ones may be lost if the machine loses power. It saves an fsync per
	// commit.
	SyncNormal Sync = "normal"
)

// ParseSync reads a Sync from its name, for the command line.
func ParseSync(name string) (Sync, error) {
	switch s := Sync(strings.ToLower(name)); s {
	case SyncFull, SyncNormal:
		return s, nil
	}
	return "", fmt.Errorf("%q is not a SQLite sync setting: use full or normal", name)
}

// Options are the choices Open leaves to its caller.
type Options struct {
	// Sync is the writer's durability; empty means SyncFull.
	Sync Sync
	// BusyTimeout is how long a write waits for another process's lock
	// before it is refused as EUNAVAILABLE; zero means ten seconds.
	BusyTimeout time.Duration
	// SingleCommits stores every batch of comments in a transaction of
	// its own, as Masthead did before concurrent comments shared a
	// commit: for benchmarks that measure what sharing saves.
	SingleCommits bool
}

// Open opens (creating if needed) the database file at path and migrates
// it, with every commit on disk before it returns (SyncFull).
func Open(ctx context.Context, path string) (*sqlstore.Store, error) {
	return OpenWith(ctx, path, Options{})
}

// OpenWith opens the database file at path as Open does, with opts.
// Writes go through a single connection, as SQLite allows one writer at a
// time; reads use a pool of read-only connections that WAL mode lets run
// beside the writer.
func OpenWith(ctx context.Context, path string, opts Options) (*sqlstore.Store, error) {
	sync := SyncFull
	if opts.Sync != "" {
		var err error
		if sync, err = ParseSync(string(opts.Sync)); err != nil {
			return nil, err
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	base := fileURI(abs)
	// Times are written in a form SQLite's own date functions read, and that
	// sorts as text in time order for the UTC values the store writes.
	busy := cmp.Or(opts.BusyTimeout, 10*time.Second)
	common := "_pragma=foreign_keys(1)&_pragma=busy_timeout(" + strconv.FormatInt(busy.Milliseconds(), 10) + ")&_time_format=sqlite"

	// BEGIN IMMEDIATE takes the write lock at once, so two processes never
	// deadlock upgrading a read to a write; busy_timeout makes them wait.
	// The writer keeps its statement journals (what undoes one failed
	// statement of a transaction) in memory rather than in a temporary
	// file: every insert into a table with unique indexes in a longer
	// transaction writes one, and a file costs system calls each time.
	// Only the writer commits, so only its synchronous setting decides
	// what an acknowledged write survives.
	w, err := sql.Open("sqlite", base+"?"+common+"&_pragma=journal_mode(WAL)&_pragma=synchronous("+strings.ToUpper(string(sync))+")&_pragma=temp_store(MEMORY)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", base+"?"+common+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)

	d := Dialect
	d.GroupCommits = !opts.SingleCommits
	s := sqlstore.New(w, r, d)
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	return s, nil
}
