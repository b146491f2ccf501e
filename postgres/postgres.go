// Package postgres opens a Masthead store on PostgreSQL through pgx's
// database/sql adapter, so that several Masthead nodes can share one
// database.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"masthead"
	"masthead/sqlstore"
)

// Dialect is PostgreSQL's half of the SQL differences.
var Dialect = sqlstore.Dialect{
	Name:              "postgres",
	NumberedParams:    true,
	IsUniqueViolation: func(err error) bool { return errorCode(err) == "23505" },
	// A full disk, no memory or connections left, a lock not granted in
	// time, or a server still starting.
	IsTransient: func(err error) bool {
		switch errorCode(err) {
		case "53100", "53200", "53300", "55P03", "57P03":
			return true
		}
		return false
	},
	IsForeignKeyViolation: func(err error) bool { return errorCode(err) == "23503" },
	// The channel is the database's, shared by every schema in it: the
	// payload names the schema, so that sites in other schemas of the
	// same database (and tests, each in a schema of its own) do not
	// drop each other's pages.
	Notify: "SELECT pg_notify('" + ChangesChannel + "', COALESCE(current_schema(), '') || '" + schemaSeparator + "' || ?)",
	// One key for every Masthead process: migrations run one at a time.
	MigrationLock: "SELECT pg_advisory_xact_lock(7246843411)",
	// The two-key form keeps these locks apart from the one-key ones
	// above and from the jobs lock.
	KeyLock:      "SELECT pg_advisory_xact_lock(724684, hashtext(?))",
	ForUpdate:    " FOR UPDATE",
	SkipLocked:   " FOR UPDATE SKIP LOCKED",
	ArticlesByID: "articles a",
	ArticleCards: "articles a",
	Month:        func(column string) string { return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM')" },
	Lower:        func(expr string) string { return "lower(" + expr + ")" },
	SecondaryIndexes: `SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace AND NOT x.indisunique AND NOT x.indisprimary`,
	ResetIdentity: func(table string) string {
		return fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), COALESCE((SELECT MAX(id) FROM %[1]s), 0) + 1, false)`, table)
	},

	// The 'simple' configuration only splits and lowers: the text arrives
	// folded, and no language's stemming applies to a multilingual site.
	SearchKey:    "article_id",
	SearchInsert: "INSERT INTO article_search (article_id, document) VALUES ",
	SearchRow: `(?, setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B')
		|| setweight(to_tsvector('simple', ?), 'C'))`,
	SearchOnConflict: " ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document",
	SearchMatch:      webSearchMatch,
	SearchFrom: `FROM article_search s JOIN articles a ON a.id = s.article_id, websearch_to_tsquery('simple', ?) q
		WHERE s.document @@ q`,
	SearchPlanning: "SET LOCAL plan_cache_mode = force_custom_plan",
	SearchScore:    "-ts_rank_cd(s.document, q)",
	SearchID:       "s.article_id",
}

// webSearchMatch writes a query for websearch_to_tsquery. Every word is
// quoted, so that "or" is a word to find, as on SQLite, not its OR
// operator; folded words hold letters and digits only, so quoting needs no
// escapes.
func webSearchMatch(q masthead.SearchQuery) string {
	var parts []string
	for _, t := range q.Terms {
		parts = append(parts, `"`+t+`"`)
	}
	for _, p := range q.Phrases {
		parts = append(parts, `"`+strings.Join(p, " ")+`"`)
	}
	for _, x := range q.Excluded {
		parts = append(parts, "-"+x)
	}
	return strings.Join(parts, " ")
}

func errorCode(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Open connects to the database at dsn (a postgres:// URL or key=value
// string) and migrates it. When replicaDSN is set, public page reads go to
// that read-only replica, and everything else to the primary.
func Open(ctx context.Context, dsn, replicaDSN string) (*sqlstore.Store, error) {
	db, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	rdb := db
	if replicaDSN != "" {
		if rdb, err = connect(ctx, replicaDSN); err != nil {
			db.Close()
			return nil, fmt.Errorf("replica: %w", err)
		}
	}
	s := sqlstore.New(db, rdb, Dialect)
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return s, nil
}

// Pool sizes of each connection pool (the primary's, and the replica's).
const (
	// maxConns bounds the connections of a pool, and as many stay open
	// when idle: a pool that keeps fewer closes the rest after every
	// burst of requests and opens them again for the next, and a new
	// PostgreSQL connection (a process, authentication) costs far more
	// than a query.
	maxConns = 20
	// maxIdleTime closes a connection nobody used for that long, so that
	// a node gives back what a spike made it open once traffic is quiet.
	maxIdleTime = 10 * time.Minute
)

func connect(ctx context.Context, dsn string) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	db.SetConnMaxIdleTime(maxIdleTime)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	return db, nil
}
