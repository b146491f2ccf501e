package postgres

import (
	"context"
	"database/sql"
	"sync"
)

// JobsLockKey is the advisory lock whose holder runs the cluster's jobs.
const JobsLockKey = 7246843412

// Leader elects one node of a cluster to run background jobs: the one
// holding a session-level PostgreSQL advisory lock on a connection of its
// own. If that node dies, PostgreSQL ends its session, the lock is free,
// and the next node to ask takes it over.
type Leader struct {
	db  *sql.DB
	key int64

	mu   sync.Mutex
	conn *sql.Conn
}

// NewLeader returns a Leader that competes for key on db.
func NewLeader(db *sql.DB, key int64) *Leader { return &Leader{db: db, key: key} }

// Lead reports whether this process holds the lock, trying to take it
// when it does not.
func (l *Leader) Lead(ctx context.Context) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conn != nil {
		// Still ours while the session that holds it is alive.
		if err := l.conn.PingContext(ctx); err == nil {
			return true, nil
		}
		l.conn.Close()
		l.conn = nil
	}
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return false, err
	}
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, l.key).Scan(&got); err != nil || !got {
		conn.Close()
		return false, err
	}
	l.conn = conn
	return true, nil
}

// Release gives the lock up, so that another node can take over at once.
func (l *Leader) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conn != nil {
		l.conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, l.key)
		l.conn.Close()
		l.conn = nil
	}
}
