package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"masthead"
)

// modifiedAt is the SQL of masthead.Article.ModifiedAt for the articles
// table aliased a: the later of the update and publish times.
const modifiedAt = `CASE WHEN a.updated_at > a.published_at THEN a.updated_at ELSE a.published_at END`

// FindSitemapMonths returns the months with visible articles, newest first.
func (s *Store) FindSitemapMonths(ctx context.Context) ([]masthead.SitemapMonth, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	month := s.dialect.Month("published_at")
	rows, err := t.query(ctx, `SELECT `+month+`, COUNT(*), MAX(`+modifiedAt+`) FROM articles a
		WHERE kind = ? AND status = ? AND published_at <= ? GROUP BY `+month+` ORDER BY `+month+` DESC`,
		masthead.KindArticle, masthead.StatusPublished, timeArg(t.now))
	if err != nil {
		return nil, fmt.Errorf("find sitemap months: %w", err)
	}
	defer rows.Close()
	var months []masthead.SitemapMonth
	for rows.Next() {
		var name string
		var m masthead.SitemapMonth
		var modified any
		if err := rows.Scan(&name, &m.Count, &modified); err != nil {
			return nil, fmt.Errorf("find sitemap months: %w", err)
		}
		if m.Start, err = time.Parse("2006-01", name); err != nil {
			return nil, fmt.Errorf("find sitemap months: month %q: %w", name, err)
		}
		if m.Modified, err = aggregateTime(modified); err != nil {
			return nil, fmt.Errorf("find sitemap months: %w", err)
		}
		months = append(months, m)
	}
	return months, rows.Err()
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
// articles, with their newest change.
func (s *Store) FindSitemapTerms(ctx context.Context, kind string) ([]masthead.SitemapEntry, error) {
	var query string
	switch kind {
	case masthead.TermCategory:
		query = `SELECT c.id, c.slug, c.name, MAX(` + modifiedAt + `) FROM categories c JOIN articles a ON a.category_id = c.id
			WHERE a.kind = ? AND a.status = ? AND a.published_at <= ? GROUP BY c.id, c.slug, c.name ORDER BY c.slug`
	case masthead.TermTag:
		query = `SELECT tg.id, tg.slug, tg.name, MAX(` + modifiedAt + `) FROM tags tg
			JOIN article_tags at ON at.tag_id = tg.id JOIN articles a ON a.id = at.article_id
			WHERE a.kind = ? AND a.status = ? AND a.published_at <= ? GROUP BY tg.id, tg.slug, tg.name ORDER BY tg.slug`
	case masthead.TermAuthor:
		query = `SELECT au.id, au.slug, au.name, MAX(` + modifiedAt + `) FROM authors au
			JOIN article_authors aa ON aa.author_id = au.id JOIN articles a ON a.id = aa.article_id
			WHERE a.kind = ? AND a.status = ? AND a.published_at <= ? GROUP BY au.id, au.slug, au.name ORDER BY au.slug`
	default:
		return nil, masthead.Errorf(masthead.EINVALID, "%q is not a kind of sitemap page.", kind)
	}
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	rows, err := t.query(ctx, query, masthead.KindArticle, masthead.StatusPublished, timeArg(t.now))
	if err != nil {
		return nil, fmt.Errorf("find sitemap %s: %w", kind, err)
	}
	defer rows.Close()
	var out []masthead.SitemapEntry
	for rows.Next() {
		var e masthead.SitemapEntry
		var modified any
		if err := rows.Scan(&e.ID, &e.Slug, &e.Title, &modified); err != nil {
			return nil, fmt.Errorf("find sitemap %s: %w", kind, err)
		}
		if e.Modified, err = aggregateTime(modified); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
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
