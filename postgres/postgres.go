// Package postgres opens a Masthead store on PostgreSQL through pgx's
// database/sql adapter, so that several Masthead nodes can share one
// database.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"masthead/sqlstore"
)

// Dialect is PostgreSQL's half of the SQL differences.
var Dialect = sqlstore.Dialect{
	Name:                  "postgres",
	NumberedParams:        true,
	IsUniqueViolation:     func(err error) bool { return errorCode(err) == "23505" },
	IsForeignKeyViolation: func(err error) bool { return errorCode(err) == "23503" },
	Notify:                "SELECT pg_notify('" + ChangesChannel + "', '')",
	// One key for every Masthead process: migrations run one at a time.
	MigrationLock: "SELECT pg_advisory_xact_lock(7246843411)",
	Month:         func(column string) string { return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM')" },
	Lower:         func(expr string) string { return "lower(" + expr + ")" },
	ResetIdentity: func(table string) string {
		return fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), COALESCE((SELECT MAX(id) FROM %[1]s), 0) + 1, false)`, table)
	},
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

func connect(ctx context.Context, dsn string) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	return db, nil
}
