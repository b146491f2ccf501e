package sqlstore

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// SchemaVersion returns the number of the newest migration the database
// has recorded, so that a backup can say which schema it holds.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.rdb.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// LatestSchemaVersion returns the number of the newest migration this
// build carries for the dialect: a database recording a higher one was
// written by a newer Masthead.
func LatestSchemaVersion(dialect string) int {
	entries, _ := fs.ReadDir(migrations, path.Join("migrations", dialect))
	latest := 0
	for _, e := range entries {
		if v, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0]); err == nil && strings.HasSuffix(e.Name(), ".sql") {
			latest = max(latest, v)
		}
	}
	return latest
}

// CountRows returns how many rows each table of the site's content holds
// (the tables CopyAll copies, and the settings), read in one snapshot, so
// that a backup can record what it holds and a restore check it.
func (s *Store) CountRows(ctx context.Context) (map[string]int, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	var version int
	if err := t.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
		return nil, fmt.Errorf("count rows: %w", err)
	}
	counts := map[string]int{}
	tables := []string{"settings"}
	for _, ct := range copyTables {
		if ct.since <= version {
			tables = append(tables, ct.name)
		}
	}
	for _, table := range tables {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", table, err)
		}
		counts[table] = n
	}
	return counts, nil
}
