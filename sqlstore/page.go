package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"masthead"
)

// pagePaths returns the addresses of the pages with the given ids, such as
// "/about/team/", in one query however many there are: a recursive query
// climbs from each page to the top, at most MaxPageDepth levels, so that
// even a cycle (which checkPageParent never lets in) cannot make it loop.
// A page whose top it does not reach is left out.
func pagePaths(ctx context.Context, t *tx, ids []int64) (map[int64]string, error) {
	paths := map[int64]string{}
	for batch := range slices.Chunk(ids, pagePathBatch) {
		if err := addPagePaths(ctx, t, batch, paths); err != nil {
			return nil, err
		}
	}
	return paths, nil
}

// pagePathBatch is how many pages one query of pagePaths climbs from,
// well inside both databases' limits on arguments.
const pagePathBatch = 500

// addPagePaths adds the addresses of up to pagePathBatch pages to paths.
func addPagePaths(ctx context.Context, t *tx, ids []int64, paths map[int64]string) error {
	rows, err := t.query(ctx, `WITH RECURSIVE up (page_id, next_id, path, depth) AS (
			SELECT id, parent_id, slug, 1 FROM articles WHERE kind = ? AND id IN (`+placeholders(len(ids))+`)
			UNION ALL
			SELECT up.page_id, p.parent_id, p.slug || '/' || up.path, up.depth + 1
			FROM up JOIN articles p ON p.id = up.next_id AND p.kind = ?
			WHERE up.depth < ?
		)
		SELECT page_id, path FROM up WHERE next_id IS NULL`,
		append(append([]any{masthead.KindPage}, int64s(ids)...), masthead.KindPage, masthead.MaxPageDepth)...)
	if err != nil {
		return fmt.Errorf("find page addresses: %w", err)
	}
	for rows.Next() {
		var id int64
		var path string
		if err := rows.Scan(&id, &path); err != nil {
			rows.Close()
			return fmt.Errorf("find page addresses: %w", err)
		}
		paths[id] = "/" + path + "/"
	}
	return closeRows(rows, "find page addresses")
}

// fillPagePaths sets the ParentPath of every page among articles that has
// a parent, with one query for all of them.
func fillPagePaths(ctx context.Context, t *tx, articles []*masthead.Article) error {
	var parents []int64
	for _, a := range articles {
		if a.IsPage() && a.ParentID != 0 && !slices.Contains(parents, a.ParentID) {
			parents = append(parents, a.ParentID)
		}
	}
	if len(parents) == 0 {
		return nil
	}
	paths, err := pagePaths(ctx, t, parents)
	if err != nil {
		return err
	}
	for _, a := range articles {
		if a.IsPage() && a.ParentID != 0 {
			a.ParentPath = paths[a.ParentID]
		}
	}
	return nil
}

// checkPageParent refuses, for the "parent" field, a parent that is not a
// page, or that would make a page its own ancestor, or put it or the pages
// below it deeper than MaxPageDepth. Pages are read one level at a time,
// at most MaxPageDepth levels up and down.
func checkPageParent(ctx context.Context, t *tx, a *masthead.Article) error {
	if !a.IsPage() || a.ParentID == 0 {
		return nil
	}
	// Up: the parent, its parent, and so on to the top.
	level := 1 // a's own level: 1 at the top, 2 under a top-level page ...
	for id := a.ParentID; id != 0; level++ {
		if a.ID != 0 && id == a.ID {
			return masthead.FieldErrorf("parent", "A page cannot be placed under itself or under one of its own subpages.")
		}
		if level >= masthead.MaxPageDepth {
			return masthead.FieldErrorf("parent", "Pages can be nested at most %d deep.", masthead.MaxPageDepth)
		}
		var kind masthead.Kind
		var next sql.NullInt64
		err := t.queryRow(ctx, `SELECT kind, parent_id FROM articles WHERE id = ?`, id).Scan(&kind, &next)
		if errors.Is(err, sql.ErrNoRows) || err == nil && kind != masthead.KindPage {
			return masthead.FieldErrorf("parent", "The parent must be an existing page.")
		} else if err != nil {
			return fmt.Errorf("check the parent page: %w", err)
		}
		id = next.Int64
	}
	if a.ID == 0 {
		return nil // a new page has nothing below it
	}
	// Down: the pages below a.
	_, height, err := pagesBelow(ctx, t, a.ID)
	if err != nil {
		return err
	}
	if level+height > masthead.MaxPageDepth {
		return masthead.FieldErrorf("parent", "Pages can be nested at most %d deep, counting the pages below this one.", masthead.MaxPageDepth)
	}
	return nil
}

// pagesBelow returns the ids of the pages below the page with id, read a
// level at a time and at most MaxPageDepth levels down, and how many
// levels they make.
func pagesBelow(ctx context.Context, t *tx, id int64) ([]int64, int, error) {
	var all []int64
	level, height := []int64{id}, 0
	for height < masthead.MaxPageDepth {
		children, err := selectIDs(ctx, t, `SELECT id FROM articles WHERE kind = ? AND parent_id IN (`+placeholders(len(level))+`)`,
			append([]any{masthead.KindPage}, int64s(level)...)...)
		if err != nil {
			return nil, 0, err
		}
		if len(children) == 0 {
			break
		}
		all, level, height = append(all, children...), children, height+1
	}
	return all, height, nil
}
