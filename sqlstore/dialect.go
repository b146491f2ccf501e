package sqlstore

import (
	"strconv"
	"strings"

	"masthead"
)

// Dialect names every difference between the SQL databases the store runs
// on. Queries are written once, in SQL that both SQLite and PostgreSQL
// accept, with ? placeholders; whatever cannot be written once lives here.
type Dialect struct {
	// Name is "sqlite" or "postgres"; it also names the directory of the
	// dialect's migrations.
	Name string
	// NumberedParams makes Rebind turn ? into $1, $2, ... as PostgreSQL wants.
	NumberedParams bool
	// IsUniqueViolation reports whether a driver error is a unique or
	// primary-key violation, judged by the driver's typed error code.
	IsUniqueViolation func(error) bool
	// IsTransient reports whether a driver error is the database refusing
	// for now (a lock held past the wait, a full disk), which the store
	// reports as EUNAVAILABLE so that readers get a 503 and their form
	// back rather than an internal error.
	IsTransient func(error) bool
	// IsForeignKeyViolation reports whether a driver error is a foreign-key
	// violation, judged by the driver's typed error code.
	IsForeignKeyViolation func(error) bool
	// Notify, when set, is run with one text argument, the encoded keys of
	// a change (EncodeChangeKeys), in every transaction that changes what
	// readers see, so that other nodes hear of it when, and only if, the
	// transaction commits (PostgreSQL's NOTIFY).
	Notify string
	// ChangeLog makes every such transaction also record its keys in the
	// changes table, where other processes on the same database read them
	// (SQLite, which has no NOTIFY; see ChangesAfter).
	ChangeLog bool
	// MigrationLock, when set, is run first in every migration transaction
	// to keep several processes from migrating one database at once.
	// SQLite needs none: its write transactions already exclude each other.
	MigrationLock string
	// KeyLock, when set, is run with one text argument inside a write
	// transaction to make other transactions that lock the same key wait
	// until it ends (a count-then-insert that must not race). SQLite needs
	// none: its write transactions already exclude each other.
	KeyLock string
	// ReadsSeeCommits reports that the read pool sees every commit the
	// moment it is made (SQLite's read-only connections on the same file),
	// so that reads which must be current, such as a session's, run there
	// and leave SQLite's one writer connection alone. Without it such reads
	// go to the primary: a PostgreSQL read pool may be a replica that lags.
	ReadsSeeCommits bool
	// GroupCommits makes comment batches submitted at the same moment share
	// one transaction, each under a savepoint, so that they share one
	// commit (SQLite: one writer, which waits for the disk at every
	// commit). PostgreSQL needs none: its transactions run side by side
	// and it groups their commits itself.
	GroupCommits bool
	// CacheStatements keeps the statements the store runs prepared on
	// each connection for its life (statementCache), so that the database
	// parses and plans a query once rather than at every run. SQLite's
	// driver prepares afresh on every call; pgx already keeps a statement
	// cache of its own on every PostgreSQL connection, which also knows
	// when PostgreSQL has dropped a plan, so PostgreSQL needs none.
	CacheStatements bool
	// ForUpdate, appended to a SELECT, locks the rows it reads until the
	// transaction ends, for checks that later writes depend on (" FOR
	// UPDATE" on PostgreSQL). SQLite needs none: its write transactions
	// already exclude each other.
	ForUpdate string
	// SkipLocked, appended to a SELECT, locks the rows it reads and passes
	// over those another transaction holds, so that two senders claiming
	// work at once take different rows instead of waiting for each other
	// (" FOR UPDATE SKIP LOCKED" on PostgreSQL). SQLite needs none: its
	// write transactions already exclude each other.
	SkipLocked string
	// ArticlesByID names the articles table, aliased a, for a query that
	// reaches articles by id from another table or a list of ids and asks
	// only whether readers may see them and when. SQLite names
	// articles_id_visible, which answers that from the index alone: its
	// planner would otherwise read each article's row, where those columns
	// sit after the bodies. PostgreSQL keeps bodies apart from rows and
	// plans by statistics, so it needs only the table.
	ArticlesByID string
	// ArticleCards names the articles table, aliased a, for reading cards
	// (every column but the bodies) by id. SQLite names articles_card,
	// which holds those columns, so that a card is not read through the
	// overflow pages of the bodies before them in the row; PostgreSQL
	// keeps long bodies apart from the row and needs only the table.
	ArticleCards string
	// Month returns an expression for the UTC month of a timestamp column
	// as text, "2026-11".
	Month func(column string) string
	// Lower returns an expression for the text expr in lower case, for
	// matches that ignore case. It must fold every letter the way Go's
	// strings.ToLower does, not only ASCII as SQLite's own lower() does.
	Lower func(expr string) string
	// ForeignKeysOff, when set, is run on a connection before a migration
	// that rebuilds a table (tableRebuilds), and ForeignKeysOn after it:
	// SQLite rebuilds a table to change a column's constraints, and
	// dropping the old table with foreign keys on would delete every row
	// that refers to it. ForeignKeyCheck lists the references a rebuild
	// broke, so that the migration is refused before it commits.
	// PostgreSQL needs none: it alters constraints in place.
	ForeignKeysOff, ForeignKeysOn, ForeignKeyCheck string
	// ResetIdentity, when set, returns the statement that moves a table's
	// id generator past the largest id, after rows were copied in with
	// their ids. SQLite needs none: it always continues after the largest.
	ResetIdentity func(table string) string

	// SecondaryIndexes lists a table's indexes that are neither unique
	// nor behind a constraint, as name and the statement that creates
	// it, from the table's name as the one argument: a bulk load drops
	// them and builds them again when it ends.
	SecondaryIndexes string
	// BulkPragmas are the connection settings a bulk load runs under,
	// by name (SQLite's PRAGMAs); each one's value before is put back at
	// the end. BulkLoadDone runs after the load, outside a transaction.
	BulkPragmas  map[string]string
	BulkLoadDone []string
	// BulkSearchStart tunes the search index for a bulk load, in the
	// load's first transaction; BulkSearchEnd, in its last, puts the
	// index's settings back as a site that was never bulk loaded has them.
	BulkSearchStart, BulkSearchEnd []string

	// Full-text search: SQLite's FTS5 or PostgreSQL's tsvector with a GIN
	// index, both over text that Masthead folds itself (masthead.SearchWords),
	// so that both databases find the same articles for the same words.

	// SearchKey is the article_search column that holds the article id.
	SearchKey string
	// SearchInsert starts the statement that indexes articles; a VALUES
	// list of SearchRow follows it, then SearchOnConflict.
	SearchInsert string
	// SearchRow indexes one article, from four arguments: its id and its
	// folded headline, summary (dek, authors and tags) and body, which
	// rank in that order.
	SearchRow string
	// SearchOnConflict, when set, ends SearchInsert so that an article
	// indexed by a concurrent transaction is overwritten, not a conflict.
	// SQLite needs none: its writers never run at once.
	SearchOnConflict string
	// SearchMatch turns a parsed query into the one argument of
	// SearchFrom, in the database's query language.
	SearchMatch func(masthead.SearchQuery) string
	// SearchFrom joins article_search to its articles, named a, and keeps
	// the rows that match the argument SearchMatch made; more conditions
	// may follow with AND.
	SearchFrom string
	// SearchPlanning, when set, runs in a search's transaction before its
	// query, so that the plan is made for the query's own words: on
	// PostgreSQL a plan made once for any word would not know a common
	// word (walk the newest ids) from a rare one (read its postings).
	SearchPlanning string
	// SearchScore is a match's relevance as a number, lower for more
	// relevant, so that SearchArticles ranks the matches it read.
	SearchScore string
	// SearchBoosts, when set, rank the matches by the fields they match
	// in, on top of SearchScore, for a database whose own ranking reads
	// every posting of a word: FTS5's bm25 counts every row holding each
	// word, for the word's weight, which for a common word is most of the
	// archive.
	SearchBoosts []SearchBoost
	// SearchID is the article id of a match in SearchFrom, read from the
	// full-text index itself, which can be walked newest id first and cut
	// short (SearchArticles bounds a common word's matches by it).
	SearchID string
}

// SearchBoost ranks up the matches of a search that match in one field.
type SearchBoost struct {
	// Query selects the ids of matches of its first argument, made by
	// Match, from its second argument up, so that it reads no posting
	// older than the oldest match ranked.
	Query string
	Match func(masthead.SearchQuery) string
	// Weight is what a match in the field takes off SearchScore.
	Weight float64
}

// Rebind rewrites the ? placeholders of query into the dialect's form.
// Queries never hold a literal question mark, so no quoting rules apply.
func (d Dialect) Rebind(query string) string {
	if !d.NumberedParams || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// placeholders returns "?, ?, ?" for n values, for IN (...) lists.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// valueRows returns "(?, ?), (?, ?)" for n rows of width values, for inserts
// of several rows in one statement.
func valueRows(n, width int) string {
	row := "(" + placeholders(width) + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}
