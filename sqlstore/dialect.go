package sqlstore

import (
	"strconv"
	"strings"
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
	// IsForeignKeyViolation reports whether a driver error is a foreign-key
	// violation, judged by the driver's typed error code.
	IsForeignKeyViolation func(error) bool
	// Notify, when set, is run in every transaction that changes cached
	// data, so that other nodes hear of it when the transaction commits
	// (PostgreSQL's NOTIFY).
	Notify string
	// MigrationLock, when set, is run first in every migration transaction
	// to keep several processes from migrating one database at once.
	// SQLite needs none: its write transactions already exclude each other.
	MigrationLock string
	// Month returns an expression for the UTC month of a timestamp column
	// as text, "2026-11".
	Month func(column string) string
	// Lower returns an expression for the text expr in lower case, for
	// matches that ignore case. It must fold every letter the way Go's
	// strings.ToLower does, not only ASCII as SQLite's own lower() does.
	Lower func(expr string) string
	// ResetIdentity, when set, returns the statement that moves a table's
	// id generator past the largest id, after rows were copied in with
	// their ids. SQLite needs none: it always continues after the largest.
	ResetIdentity func(table string) string
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
