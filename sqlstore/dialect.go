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
