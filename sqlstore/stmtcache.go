package sqlstore

import (
	"container/list"
	"context"
	"database/sql"
	"errors"
	"sync"
)

// defaultCachedStatements bounds the statements a pool keeps prepared:
// more than the store's fixed queries, so that only the rare shapes (an
// IN list of an unusual length) come and go.
const defaultCachedStatements = 256

// statementCache keeps the statements run on one pool prepared, so that
// SQLite parses and plans each query once per connection instead of at
// every run, which was a third of a comment post's time.
//
// A statement is prepared on the pool (a *sql.Stmt of the *sql.DB), and a
// transaction runs it through Tx.StmtContext, which reuses the driver
// statement that database/sql keeps for the transaction's own connection
// and prepares one there only the first time that connection runs it.
// (Statements prepared on a transaction or a sql.Conn are the ones that
// database/sql prepares again in every transaction.) Driver statements
// end with their connection, and SQLite prepares a statement again by
// itself when the schema changed under it, in this process or another;
// Migrate also empties the cache once it changed the schema.
//
// Preparing on the pool takes a connection of its own, which a
// transaction must never wait for: it may hold SQLite's only writer
// connection, or every reader. So a query met in a transaction runs
// uncached the first time and is prepared at the start of the next
// transaction on the pool, before that one takes its connection.
type statementCache struct {
	db  *sql.DB
	max int

	mu     sync.Mutex
	stmts  map[string]*list.Element // of *cachedStatement, by query
	recent list.List                // most recently used first
	wanted map[string]struct{}      // met uncached, to prepare next
}

// cachedStatement is one prepared query of the cache.
type cachedStatement struct {
	query string
	st    *sql.Stmt
}

// newStatementCache returns an empty cache for db holding at most max
// statements.
func newStatementCache(db *sql.DB, max int) *statementCache {
	return &statementCache{db: db, max: max, stmts: map[string]*list.Element{}, wanted: map[string]struct{}{}}
}

// get returns the prepared statement of query, or nil when there is none
// yet, in which case it is prepared at the next prepareWanted.
func (c *statementCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.stmts[query]; ok {
		c.recent.MoveToFront(e)
		return e.Value.(*cachedStatement).st
	}
	if len(c.wanted) < c.max {
		c.wanted[query] = struct{}{}
	}
	return nil
}

// prepareWanted prepares the queries met uncached since the last call.
// The caller must hold no connection of the pool. A query that fails to
// prepare is left uncached: running it reports the error where it
// belongs.
func (c *statementCache) prepareWanted(ctx context.Context) {
	c.mu.Lock()
	if len(c.wanted) == 0 {
		c.mu.Unlock()
		return
	}
	queries := make([]string, 0, len(c.wanted))
	for q := range c.wanted {
		queries = append(queries, q)
	}
	clear(c.wanted)
	c.mu.Unlock()
	for _, q := range queries {
		st, err := c.db.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.add(q, st)
	}
}

// add keeps st as the statement of query, closing the least recently
// used statement when the cache is full, or st itself when another
// caller prepared the same query first.
func (c *statementCache) add(query string, st *sql.Stmt) {
	c.mu.Lock()
	if _, ok := c.stmts[query]; ok {
		c.mu.Unlock()
		st.Close()
		return
	}
	c.stmts[query] = c.recent.PushFront(&cachedStatement{query: query, st: st})
	var evicted []*sql.Stmt
	for c.recent.Len() > c.max {
		old := c.recent.Remove(c.recent.Back()).(*cachedStatement)
		delete(c.stmts, old.query)
		evicted = append(evicted, old.st)
	}
	c.mu.Unlock()
	// A statement still in use by a transaction is closed by database/sql
	// once that transaction is done with it.
	for _, st := range evicted {
		st.Close()
	}
}

// reset closes every statement and forgets the queries, after a change
// of the schema or before the pool closes.
func (c *statementCache) reset() error {
	c.mu.Lock()
	var stmts []*sql.Stmt
	for e := c.recent.Front(); e != nil; e = e.Next() {
		stmts = append(stmts, e.Value.(*cachedStatement).st)
	}
	c.recent.Init()
	clear(c.stmts)
	clear(c.wanted)
	c.mu.Unlock()
	var err error
	for _, st := range stmts {
		err = errors.Join(err, st.Close())
	}
	return err
}

// len returns how many statements the cache holds.
func (c *statementCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.recent.Len()
}
