package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"masthead"
)

// Bounds of FindSectionFronts: a front page shows a handful of sections,
// each with a few stories, and no request may ask the database for more.
const (
	maxFrontSections   = 24
	maxFrontPerSection = 10
)

// FindSectionFronts returns the latest visible articles of each section.
// The ids come from one statement of one branch per section, each reading
// the newest entries of the (category_id, status, published_at) index and
// stopping at perSection, joined with UNION ALL; the rows and their links
// then load by id as any list's do. So the cost follows the number of
// sections and perSection, never the size of the archive.
func (s *Store) FindSectionFronts(ctx context.Context, sectionIDs []int64, perSection int) (map[int64][]*masthead.Article, error) {
	perSection = min(max(perSection, 1), maxFrontPerSection)
	sectionIDs = sectionIDs[:min(len(sectionIDs), maxFrontSections)]
	if len(sectionIDs) == 0 {
		return map[int64][]*masthead.Article{}, nil
	}
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	branches := make([]string, len(sectionIDs))
	var args []any
	for i, id := range sectionIDs {
		branches[i] = fmt.Sprintf(`SELECT * FROM (SELECT a.id FROM articles a
			WHERE a.category_id = ? AND a.status = ? AND a.published_at <= ? AND %s
			ORDER BY a.published_at DESC, a.id DESC LIMIT ?) AS s%d`, kindIs(`a.kind`, masthead.KindArticle), i)
		args = append(args, id, masthead.StatusPublished, timeArg(t.now))
		args = append(args, perSection)
	}
	rows, err := t.query(ctx, strings.Join(branches, "\nUNION ALL\n"), args...)
	if err != nil {
		return nil, fmt.Errorf("find section fronts: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find section fronts: %w", err)
		}
		ids = append(ids, id)
	}
	if err := closeRows(rows, "find section fronts"); err != nil {
		return nil, err
	}
	articles, err := articlesByID(ctx, t, ids, true)
	if err != nil {
		return nil, err
	}
	fronts := map[int64][]*masthead.Article{}
	for _, a := range articles {
		if a.Category != nil {
			fronts[a.Category.ID] = append(fronts[a.Category.ID], a)
		}
	}
	// UNION ALL promises no order, so each section is put in order here.
	for _, list := range fronts {
		slices.SortFunc(list, func(x, y *masthead.Article) int {
			return cmp.Or(y.PublishedAt.Compare(x.PublishedAt), cmp.Compare(y.ID, x.ID))
		})
	}
	return fronts, nil
}
