package sqlstore

import (
	"context"

	"masthead"
)

// MigrateBelow applies the migrations numbered below version, for tests of
// what one migration does to the rows it finds.
func (s *Store) MigrateBelow(ctx context.Context, version int) error {
	return s.migrateBelow(ctx, version)
}

// PendingComments returns how many comment batches wait for, or are in,
// a grouped transaction.
func (s *Store) PendingComments() int {
	s.commentGroup.mu.Lock()
	defer s.commentGroup.mu.Unlock()
	return s.commentGroup.pending
}

// Announce commits a transaction that writes nothing but announces keys,
// for tests of how announcements travel.
func (s *Store) Announce(ctx context.Context, keys ...masthead.ChangeKey) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	t.changed(keys...)
	return t.Commit()
}

// DialectName names the store's database, for tests that read its
// catalogue.
func (s *Store) DialectName() string { return s.dialect.Name }

// CachedStatements returns how many statements the write pool's cache
// holds, and 0 where the dialect caches none.
func (s *Store) CachedStatements() int {
	if s.stmts == nil {
		return 0
	}
	return s.stmts.len()
}

// LimitCachedStatements bounds each pool's statement cache to n, for
// tests of what it evicts.
func (s *Store) LimitCachedStatements(n int) {
	for _, c := range []*statementCache{s.stmts, s.rstmts} {
		if c != nil {
			c.mu.Lock()
			c.max = n
			c.mu.Unlock()
		}
	}
}

// Rebind writes query in the store's placeholders, for tests that run a
// store's query themselves.
func (s *Store) Rebind(query string) string { return s.dialect.Rebind(query) }

// SetSearchRanked lowers the number of matches a search ranks until the
// test ends.
func SetSearchRanked(t interface{ Cleanup(func()) }, n int) {
	was := searchRanked
	searchRanked = n
	t.Cleanup(func() { searchRanked = was })
}

// SetRetentionBatch makes retention work in batches of n, for tests of
// a run that takes more than one, and returns a function that puts the
// size back.
func SetRetentionBatch(n int) func() {
	old := retentionBatch
	retentionBatch = n
	return func() { retentionBatch = old }
}
