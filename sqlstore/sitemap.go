package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"masthead"
)

// modifiedAt is the SQL of masthead.Article.ModifiedAt for the articles
// table aliased a: the later of the update and publish times.
const modifiedAt = `CASE WHEN a.updated_at > a.published_at THEN a.updated_at ELSE a.published_at END`

// FindSitemapMonths returns the months with visible articles, newest
// first, from the months' kept lengths (article_lists): one row a month,
// however many articles each holds.
func (s *Store) FindSitemapMonths(ctx context.Context) ([]masthead.SitemapMonth, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	lists, err := visibleLists(ctx, t, listMonth, `SELECT l.ref, l.articles, l.modified FROM article_lists l
		WHERE l.list = ? AND l.articles > 0 ORDER BY l.ref DESC`,
		func(sc scanner, l *visibleList) error { return sc.Scan(&l.ref, &l.articles, &l.modified) })
	if err != nil {
		return nil, fmt.Errorf("find sitemap months: %w", err)
	}
	months := make([]masthead.SitemapMonth, 0, len(lists))
	for _, l := range lists {
		start := time.Date(int(l.ref/100), time.Month(l.ref%100), 1, 0, 0, 0, 0, time.UTC)
		months = append(months, masthead.SitemapMonth{Start: start, Count: l.articles, Modified: nullTime(l.modified)})
	}
	return months, nil
}

// visibleList is one row of article_lists as a sitemap reads it, with the
// term it names.
type visibleList struct {
	ref        int64
	articles   int
	modified   sql.NullTime
	slug, name string
}

// visibleLists reads the lists of one kind that query selects (with list
// as its one argument), and keeps those with articles readers may see
// now: their lengths less their articles published with a time still to
// come, which are read from the index past now, never from the lists'
// own entries.
func visibleLists(ctx context.Context, t *tx, list, query string, scan func(scanner, *visibleList) error) ([]visibleList, error) {
	future := map[int64]int{}
	var ref, from string
	switch list {
	case listMonth:
		ref, from = `CAST(REPLACE(`+t.s.dialect.Month("a.published_at")+`, '-', '') AS BIGINT)`, `articles a`
	case listCategory:
		ref, from = `a.category_id`, `articles a`
	case listTag:
		ref, from = `lt.tag_id`, `articles a JOIN article_tags lt ON lt.article_id = a.id`
	case listAuthor:
		ref, from = `la.author_id`, `articles a JOIN article_authors la ON la.article_id = a.id`
	}
	rows, err := t.query(ctx, `SELECT `+ref+`, COUNT(*) FROM `+from+`
		WHERE a.kind = ? AND a.status = ? AND a.published_at > ? GROUP BY `+ref,
		masthead.KindArticle, masthead.StatusPublished, timeArg(t.now))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id sql.NullInt64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, err
		}
		future[id.Int64] += n
	}
	if err := closeRows(rows, "count articles to come"); err != nil {
		return nil, err
	}
	rows, err = t.query(ctx, query, list)
	if err != nil {
		return nil, err
	}
	var out []visibleList
	for rows.Next() {
		var l visibleList
		if err := scan(rows, &l); err != nil {
			rows.Close()
			return nil, err
		}
		if l.articles -= future[l.ref]; l.articles > 0 {
			out = append(out, l)
		}
	}
	if err := closeRows(rows, "read lists"); err != nil {
		return nil, err
	}
	// A list with an article still to come may have its kept change time
	// from that article, which readers cannot see yet: such a list, rare
	// since publishing dates an article now, is read for its last change.
	for i, l := range out {
		if future[l.ref] == 0 {
			continue
		}
		var modified any
		if err := t.queryRow(ctx, `SELECT MAX(`+modifiedAt+`) FROM `+from+`
			WHERE a.kind = ? AND a.status = ? AND a.published_at <= ? AND `+ref+` = ?`,
			masthead.KindArticle, masthead.StatusPublished, timeArg(t.now), l.ref).Scan(&modified); err != nil {
			return nil, err
		}
		at, err := aggregateTime(modified)
		if err != nil {
			return nil, err
		}
		out[i].modified = sql.NullTime{Time: at, Valid: !at.IsZero()}
	}
	return out, nil
}

// FindSitemapArticles returns visible articles published in [from, before).
func (s *Store) FindSitemapArticles(ctx context.Context, from, before time.Time, limit int) ([]masthead.SitemapEntry, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	rows, err := t.query(ctx, `SELECT id, slug, headline, published_at, updated_at FROM articles
		WHERE kind = ? AND status = ? AND published_at <= ? AND published_at >= ? AND published_at < ?
		ORDER BY published_at DESC, id DESC LIMIT ?`,
		masthead.KindArticle, masthead.StatusPublished, timeArg(t.now), timeArg(from), timeArg(before), limit)
	if err != nil {
		return nil, fmt.Errorf("find sitemap articles: %w", err)
	}
	defer rows.Close()
	var out []masthead.SitemapEntry
	for rows.Next() {
		var e masthead.SitemapEntry
		var updated time.Time
		if err := rows.Scan(&e.ID, &e.Slug, &e.Title, &e.Published, &updated); err != nil {
			return nil, fmt.Errorf("find sitemap articles: %w", err)
		}
		a := masthead.Article{PublishedAt: e.Published.UTC(), UpdatedAt: updated.UTC()}
		e.Published, e.Modified = a.PublishedAt, a.ModifiedAt()
		out = append(out, e)
	}
	return out, rows.Err()
}

// FindSitemapTerms returns the sections, tags or authors with visible
// articles, with their newest change, from their lists' kept lengths
// (article_lists): one row a term, however many articles each holds.
func (s *Store) FindSitemapTerms(ctx context.Context, kind string) ([]masthead.SitemapEntry, error) {
	var list, terms string
	switch kind {
	case masthead.TermCategory:
		list, terms = listCategory, `categories`
	case masthead.TermTag:
		list, terms = listTag, `tags`
	case masthead.TermAuthor:
		list, terms = listAuthor, `authors`
	default:
		return nil, masthead.Errorf(masthead.EINVALID, "%q is not a kind of sitemap page.", kind)
	}
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	lists, err := visibleLists(ctx, t, list, `SELECT l.ref, l.articles, l.modified, tm.slug, tm.name
		FROM article_lists l JOIN `+terms+` tm ON tm.id = l.ref WHERE l.list = ? AND l.articles > 0 ORDER BY tm.slug`,
		func(sc scanner, l *visibleList) error {
			return sc.Scan(&l.ref, &l.articles, &l.modified, &l.slug, &l.name)
		})
	if err != nil {
		return nil, fmt.Errorf("find sitemap %s: %w", kind, err)
	}
	out := make([]masthead.SitemapEntry, 0, len(lists))
	for _, l := range lists {
		out = append(out, masthead.SitemapEntry{ID: l.ref, Slug: l.slug, Title: l.name, Modified: nullTime(l.modified)})
	}
	return out, nil
}

// FindSitemapPages returns up to limit visible pages with their addresses,
// in the order of the addresses.
func (s *Store) FindSitemapPages(ctx context.Context, limit int) ([]masthead.SitemapEntry, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	rows, err := t.query(ctx, `SELECT id, slug, headline, published_at, updated_at FROM articles
		WHERE kind = ? AND status = ? AND published_at <= ? ORDER BY id LIMIT ?`,
		masthead.KindPage, masthead.StatusPublished, timeArg(t.now), limit)
	if err != nil {
		return nil, fmt.Errorf("find sitemap pages: %w", err)
	}
	var out []masthead.SitemapEntry
	var ids []int64
	for rows.Next() {
		var e masthead.SitemapEntry
		var updated time.Time
		if err := rows.Scan(&e.ID, &e.Slug, &e.Title, &e.Published, &updated); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find sitemap pages: %w", err)
		}
		a := masthead.Article{PublishedAt: e.Published.UTC(), UpdatedAt: updated.UTC()}
		e.Published, e.Modified = a.PublishedAt, a.ModifiedAt()
		out = append(out, e)
		ids = append(ids, e.ID)
	}
	if err := closeRows(rows, "find sitemap pages"); err != nil {
		return nil, err
	}
	paths, err := pagePaths(ctx, t, ids)
	if err != nil {
		return nil, err
	}
	listed := out[:0]
	for _, e := range out {
		if path, ok := paths[e.ID]; ok { // a page whose address cannot be worked out is not one to crawl
			e.Path = path
			listed = append(listed, e)
		}
	}
	slices.SortFunc(listed, func(a, b masthead.SitemapEntry) int { return strings.Compare(a.Path, b.Path) })
	return listed, nil
}

// aggregateTime reads MAX() of a timestamp column. PostgreSQL keeps the
// type; SQLite returns the stored text, since an aggregate has no declared
// column type for the driver to go by.
func aggregateTime(v any) (time.Time, error) {
	switch v := v.(type) {
	case time.Time:
		return v.UTC(), nil
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
			if t, err := time.Parse(layout, v); err == nil {
				return t.UTC(), nil
			}
		}
		return time.Time{}, fmt.Errorf("unreadable time %q", v)
	case nil:
		return time.Time{}, nil
	}
	return time.Time{}, fmt.Errorf("unexpected time value %T", v)
}
