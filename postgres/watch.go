package postgres

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"masthead"
	"masthead/sqlstore"
)

// ChangesChannel is the NOTIFY channel on which nodes announce changes to
// cached data.
const ChangesChannel = "masthead_changes"

// Watcher reports changes announced by any node through LISTEN/NOTIFY, on
// a connection of its own.
type Watcher struct{ DSN string }

// WatchChanges implements masthead.ChangeWatcher, reporting the keys each
// notification carries. When the connection drops, it reconnects and
// reports KeyAll, since notifications may have been missed in between.
func (w Watcher) WatchChanges(ctx context.Context, changed func([]masthead.ChangeKey)) error {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := w.listen(ctx, changed)
		if ctx.Err() != nil {
			return nil
		}
		_ = err // the next connection reports the gap as a change
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
	return nil
}

func (w Watcher) listen(ctx context.Context, changed func([]masthead.ChangeKey)) error {
	conn, err := pgx.Connect(ctx, w.DSN)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var schema string
	if err := conn.QueryRow(ctx, "SELECT COALESCE(current_schema(), '')").Scan(&schema); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+ChangesChannel); err != nil {
		return err
	}
	changed(everything) // anything may have changed before this connection listened
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		// Each notification carries the keys its transaction announced,
		// and arrives in commit order. Those of another schema's site are
		// not this site's; a payload without a schema comes from a node
		// of an older version, and counts.
		from, payload, named := strings.Cut(n.Payload, schemaSeparator)
		if named && from != schema {
			continue
		}
		if !named {
			payload = n.Payload
		}
		changed(sqlstore.DecodeChangeKeys(payload))
	}
}

// schemaSeparator ends the schema's name at the start of a notification's
// payload; change keys never hold it.
const schemaSeparator = "\n"

// everything is what a watcher reports after a gap in which it may have
// missed notifications: every cached page may be stale.
var everything = []masthead.ChangeKey{masthead.KeyAll}
