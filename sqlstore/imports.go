package sqlstore

import (
	"context"
	"fmt"
	"slices"

	"masthead"
)

// externalTables are the tables whose rows carry an external_id, by the
// kind that names them; the names are only ever taken from here.
var externalTables = map[masthead.ExternalKind]string{
	masthead.ExternalAuthor:   "authors",
	masthead.ExternalCategory: "categories",
	masthead.ExternalTag:      "tags",
	masthead.ExternalArticle:  "articles",
	masthead.ExternalComment:  "comments",
	masthead.ExternalMedia:    "media",
}

// externalBatch is how many external ids one query looks up.
const externalBatch = 500

// FindExternalIDs returns the ids of the records of a kind that carry the
// given external ids, a batch of them per query.
func (s *Store) FindExternalIDs(ctx context.Context, kind masthead.ExternalKind, externalIDs []string) (map[string]int64, error) {
	table, ok := externalTables[kind]
	if !ok {
		return nil, masthead.Errorf(masthead.EINVALID, "%q is not a kind of record that carries an external id.", kind)
	}
	found := map[string]int64{}
	var wanted []string
	for _, id := range externalIDs {
		if id != "" {
			wanted = append(wanted, id)
		}
	}
	if len(wanted) == 0 {
		return found, nil
	}
	t, err := s.beginRead(masthead.WithPrimary(ctx))
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	for batch := range slices.Chunk(wanted, externalBatch) {
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		// The index on external_id is partial, for the rows that have
		// one; the databases use it only when the query repeats its
		// condition, and without it every lookup reads the whole table.
		rows, err := t.query(ctx, `SELECT external_id, id FROM `+table+` WHERE external_id <> '' AND external_id IN (`+placeholders(len(batch))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("find external ids: %w", err)
		}
		for rows.Next() {
			var ext string
			var id int64
			if err := rows.Scan(&ext, &id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("find external ids: %w", err)
			}
			found[ext] = id
		}
		if err := closeRows(rows, "find external ids"); err != nil {
			return nil, err
		}
	}
	return found, nil
}
