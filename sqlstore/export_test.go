package sqlstore

import "context"

// MigrateBelow applies the migrations numbered below version, for tests of
// what one migration does to the rows it finds.
func (s *Store) MigrateBelow(ctx context.Context, version int) error {
	return s.migrateBelow(ctx, version)
}
