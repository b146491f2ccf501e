package sqlite

import (
	"context"
	"time"

	"masthead"

	"masthead/sqlstore"
)

// watchInterval bounds how long a change made by another process (the
// command line) takes to reach this one's caches.
const watchInterval = 250 * time.Millisecond

// Watcher reports changes to a SQLite database from any connection or
// process, by polling PRAGMA data_version, which moves whenever another
// connection commits.
type Watcher struct{ Store *sqlstore.Store }

// WatchChanges implements masthead.ChangeWatcher.
func (w Watcher) WatchChanges(ctx context.Context, changed func([]masthead.ChangeKey)) error {
	conn, err := w.Store.ReadDB().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	changed(everything)
	var last int64 = -1
	ticker := time.NewTicker(watchInterval)
	defer ticker.Stop()
	for {
		var v int64
		if err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if last != -1 && v != last {
			changed(everything)
		}
		last = v
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
	}
}

// everything is what a watcher reports until changes carry their keys:
// every cached page may be stale.
var everything = []masthead.ChangeKey{masthead.KeyAll}
