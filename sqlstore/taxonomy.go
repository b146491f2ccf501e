package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"masthead"
)

// CreateCategory stores a new category.
func (s *Store) CreateCategory(ctx context.Context, c *masthead.Category) error {
	if err := c.Validate(); err != nil {
		return err
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	err = t.queryRow(ctx, `INSERT INTO categories (slug, name, description, external_id) VALUES (?, ?, ?, ?) RETURNING id`,
		c.Slug, c.Name, c.Description, c.ExternalID).Scan(&c.ID)
	if err != nil {
		return t.classify(fmt.Errorf("create category: %w", err), "Another category already uses that slug.")
	}
	t.changed(masthead.KeyAll) // sections are in every page's navigation
	return t.Commit()
}

// FindCategoryBySlug returns ENOTFOUND if no category has the slug.
func (s *Store) FindCategoryBySlug(ctx context.Context, slug string) (*masthead.Category, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	var c masthead.Category
	err = t.queryRow(ctx, `SELECT id, slug, name, description, external_id FROM categories WHERE slug = ?`, slug).
		Scan(&c.ID, &c.Slug, &c.Name, &c.Description, &c.ExternalID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "Category not found.")
	} else if err != nil {
		return nil, fmt.Errorf("find category: %w", err)
	}
	return &c, nil
}

// FindCategories returns categories ordered by name, at most limit.
func (s *Store) FindCategories(ctx context.Context, limit int) ([]*masthead.Category, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	limit, _ = pageBounds(limit, 0)
	rows, err := t.query(ctx, `SELECT id, slug, name, description, external_id FROM categories ORDER BY name, id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("find categories: %w", err)
	}
	defer rows.Close()
	var cats []*masthead.Category
	for rows.Next() {
		var c masthead.Category
		if err := rows.Scan(&c.ID, &c.Slug, &c.Name, &c.Description, &c.ExternalID); err != nil {
			return nil, fmt.Errorf("find categories: %w", err)
		}
		cats = append(cats, &c)
	}
	return cats, rows.Err()
}

// CreateTag stores a new tag with its chosen slug.
func (s *Store) CreateTag(ctx context.Context, tag *masthead.Tag) error {
	if err := tag.Validate(); err != nil {
		return err
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	err = t.queryRow(ctx, `INSERT INTO tags (slug, name, description, external_id) VALUES (?, ?, ?, ?) RETURNING id`,
		tag.Slug, tag.Name, tag.Description, tag.ExternalID).Scan(&tag.ID)
	if err != nil {
		return t.classify(fmt.Errorf("create tag: %w", err), "Another tag already uses that slug.")
	}
	// No article has the tag yet; its page, should anyone ask for it,
	// shows its name.
	t.changed(masthead.TagKey(tag.ID))
	return t.Commit()
}

// EnsureTag returns the tag for name, creating it when there is none.
func (s *Store) EnsureTag(ctx context.Context, name string) (*masthead.Tag, error) {
	tag := &masthead.Tag{Name: strings.TrimSpace(name), Slug: masthead.Slugify(name)}
	if err := tag.Validate(); err != nil {
		return nil, err
	}
	t, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	res, err := t.exec(ctx, `INSERT INTO tags (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING`, tag.Slug, tag.Name)
	if err != nil {
		return nil, fmt.Errorf("ensure tag: %w", err)
	}
	created, err := res.RowsAffected()
	if err != nil {
		return nil, fmt.Errorf("ensure tag: %w", err)
	}
	err = t.queryRow(ctx, `SELECT id, name, external_id FROM tags WHERE slug = ?`, tag.Slug).Scan(&tag.ID, &tag.Name, &tag.ExternalID)
	if err != nil {
		return nil, fmt.Errorf("ensure tag: %w", err)
	}
	if created > 0 {
		t.changed(masthead.TagKey(tag.ID)) // as CreateTag; a tag found changes nothing
	}
	return tag, t.Commit()
}

// FindTagBySlug returns ENOTFOUND if no tag has the slug.
func (s *Store) FindTagBySlug(ctx context.Context, slug string) (*masthead.Tag, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	var tag masthead.Tag
	err = t.queryRow(ctx, `SELECT id, slug, name, description, external_id FROM tags WHERE slug = ?`, slug).
		Scan(&tag.ID, &tag.Slug, &tag.Name, &tag.Description, &tag.ExternalID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "Tag not found.")
	} else if err != nil {
		return nil, fmt.Errorf("find tag: %w", err)
	}
	return &tag, nil
}

// FindTags returns one page of tags ordered by name.
func (s *Store) FindTags(ctx context.Context, f masthead.TagFilter) ([]*masthead.Tag, int, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	limit, offset := pageBounds(f.Limit, f.Offset)
	where, args := "", []any{}
	if f.Published {
		where = ` WHERE tg.id IN (SELECT at.tag_id FROM article_tags at JOIN articles a ON a.id = at.article_id
			WHERE a.status = ? AND a.published_at <= ?)`
		args = append(args, masthead.StatusPublished, timeArg(t.now))
	}
	tags, total, err := queryPage(ctx, t, `SELECT tg.id, tg.slug, tg.name, tg.external_id FROM tags tg`+where+` ORDER BY tg.name, tg.id`,
		`SELECT COUNT(*) FROM tags tg`+where, args, limit, offset,
		func(sc scanner) (*masthead.Tag, error) {
			var tag masthead.Tag
			return &tag, sc.Scan(&tag.ID, &tag.Slug, &tag.Name, &tag.ExternalID)
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find tags: %w", err)
	}
	return tags, total, nil
}

// UpdateCategory stores a changed category.
func (s *Store) UpdateCategory(ctx context.Context, c *masthead.Category) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.updateTerm(ctx, `UPDATE categories SET slug = ?, name = ?, description = ? WHERE id = ?`, "Another category already uses that slug.",
		"Category not found.", func(ctx context.Context, t *tx, oldSlug string) error {
			t.changed(masthead.KeyAll) // sections are in every page's navigation
			return addRedirect(ctx, t, "/category/"+oldSlug+"/", c.Path())
		}, c.Slug, c.Name, c.Description, c.ID)
}

// UpdateTag renames a tag, and reindexes its articles, which readers find
// by their tags.
func (s *Store) UpdateTag(ctx context.Context, tag *masthead.Tag) error {
	if err := tag.Validate(); err != nil {
		return err
	}
	return s.updateTerm(ctx, `UPDATE tags SET slug = ?, name = ? WHERE id = ?`, "Another tag already uses that slug.",
		"Tag not found.", func(ctx context.Context, t *tx, oldSlug string) error {
			if err := addRedirect(ctx, t, "/tag/"+oldSlug+"/", tag.Path()); err != nil {
				return err
			}
			t.changed(masthead.TagKey(tag.ID))
			return reindexTagged(ctx, t, tag.ID)
		}, tag.Slug, tag.Name, tag.ID)
}

// reindexTagged brings the search index of a tag's articles up to date.
func reindexTagged(ctx context.Context, t *tx, tagID int64) error {
	return reindexSelected(ctx, t, `SELECT article_id FROM article_tags WHERE tag_id = ?`, tagID)
}

// updateTerm runs one category or tag update, then after in the same
// transaction, told the slug the term had before; after announces what
// the update changed.
func (s *Store) updateTerm(ctx context.Context, query, taken, missing string, after func(context.Context, *tx, string) error, args ...any) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	table := strings.Fields(query)[1]
	var oldSlug string
	if err := t.queryRow(ctx, `SELECT slug FROM `+table+` WHERE id = ?`, args[len(args)-1]).Scan(&oldSlug); errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "%s", missing)
	} else if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	res, err := t.exec(ctx, query, args...)
	if err != nil {
		return t.classify(fmt.Errorf("update: %w", err), taken)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "%s", missing)
	}
	if err := after(ctx, t, oldSlug); err != nil {
		return err
	}
	return t.Commit()
}
