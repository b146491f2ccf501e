package sqlite

import (
	"context"
	"database/sql"
	"time"

	"masthead"

	"masthead/sqlstore"
)

// watchInterval bounds how long a change made by another process (the
// command line) takes to reach this one's caches.
const watchInterval = 250 * time.Millisecond

// Watcher reports changes to a SQLite database from any connection or
// process: it polls PRAGMA data_version, which moves whenever another
// connection commits, and then reads the keys that the writes since its
// last look recorded in the changes table. A commit that recorded no keys
// (a session, a login failure) reports nothing.
type Watcher struct{ Store *sqlstore.Store }

// WatchChanges implements masthead.ChangeWatcher.
func (w Watcher) WatchChanges(ctx context.Context, changed func([]masthead.ChangeKey)) error {
	conn, err := w.Store.ReadDB().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The data version is read before the last change: a commit in
	// between is covered by the first report, and moves the version.
	version, err := dataVersion(ctx, conn)
	if err != nil {
		return quiet(ctx, err)
	}
	last, err := w.Store.LastChange(ctx, conn)
	if err != nil {
		return quiet(ctx, err)
	}
	changed([]masthead.ChangeKey{masthead.KeyAll})
	ticker := time.NewTicker(watchInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
		v, err := dataVersion(ctx, conn)
		if err != nil {
			return quiet(ctx, err)
		}
		if v == version {
			continue
		}
		version = v
		keys, next, err := w.Store.ChangesAfter(ctx, conn, last)
		if err != nil {
			return quiet(ctx, err)
		}
		last = next
		if len(keys) > 0 {
			changed(keys)
		}
	}
}

// dataVersion reads the number that moves whenever a connection other
// than conn commits.
func dataVersion(ctx context.Context, conn *sql.Conn) (int64, error) {
	var v int64
	err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
	return v, err
}

// quiet drops the error of a watcher that stopped because ctx ended.
func quiet(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}
