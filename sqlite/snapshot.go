package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"masthead/sqlstore"
)

// Snapshot writes a consistent copy of the database file at path to dest,
// which must not exist, while the site goes on serving and writing. VACUUM
// INTO reads one snapshot of the database (WAL mode lets writers of every
// process carry on beside it) and writes it compacted, with every commit
// made before it began and none made after; the copy is then flushed to
// disk. It runs on a connection of its own, because the store's readers
// are query-only, which VACUUM INTO refuses, and its writer would hold up
// every write of the process for the length of the copy.
func Snapshot(ctx context.Context, path, dest string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", fileURI(path)+"?_pragma=busy_timeout(10000)&_pragma=query_only(0)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("copy the database: %w", err)
	}
	return syncFile(dest)
}

// OpenSnapshot opens a database file that nothing else writes, such as a
// backup, read-only and as it is: immutable, so that SQLite neither takes
// locks nor makes a journal beside it, and without migrating it, so that
// the file's bytes stay those its checksum was taken of.
func OpenSnapshot(path string) (*sqlstore.Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro&immutable=1&_time_format=sqlite")
	if err != nil {
		return nil, err
	}
	return sqlstore.New(db, db, Dialect), nil
}

// IntegrityCheck runs SQLite's own check of every page, index and
// constraint of the database, and returns nil when it finds nothing wrong.
func IntegrityCheck(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		if len(problems) > 3 {
			problems = append(problems[:3], "...")
		}
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// fileURI is the SQLite URI of a file, with its path escaped.
func fileURI(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return "file:" + (&url.URL{Path: abs}).EscapedPath()
}

// syncFile flushes a file to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
