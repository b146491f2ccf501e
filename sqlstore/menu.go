package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"masthead"
)

// FindMenu returns the menu of a location with its items' targets.
func (s *Store) FindMenu(ctx context.Context, loc masthead.MenuLocation) (*masthead.Menu, error) {
	if !loc.Valid() {
		return nil, masthead.Errorf(masthead.EINVALID, "There is no menu location %q.", string(loc))
	}
	menus, err := s.findMenus(ctx, loc)
	if err != nil {
		return nil, err
	}
	menu, ok := menus[loc]
	if !ok {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "No %s menu was saved.", string(loc))
	}
	return menu, nil
}

// FindMenus returns every saved menu by its location.
func (s *Store) FindMenus(ctx context.Context) (map[masthead.MenuLocation]*masthead.Menu, error) {
	return s.findMenus(ctx, "")
}

// findMenus reads the menu of loc, or every menu when loc is "", with
// their items and targets: one query for the menus and their items, and
// one for the articles they lead to.
func (s *Store) findMenus(ctx context.Context, loc masthead.MenuLocation) (map[masthead.MenuLocation]*masthead.Menu, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	where, args := "", []any{}
	if loc != "" {
		where, args = ` WHERE m.location = ?`, append(args, loc)
	}
	// A saved menu has its own row, so it is found even without items.
	rows, err := t.query(ctx, `SELECT m.location, m.updated_at, i.id, i.parent_id, i.label, i.kind, i.category_id, i.article_id, i.url,
		i.external_id, c.slug, c.name, c.description
		FROM menus m LEFT JOIN menu_items i ON i.location = m.location LEFT JOIN categories c ON c.id = i.category_id`+where+`
		ORDER BY m.location, i.position, i.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("find menus: %w", err)
	}
	var (
		menus    = map[masthead.MenuLocation]*masthead.Menu{}
		byID     = map[int64]*masthead.MenuItem{}
		articles = map[int64][]*masthead.MenuItem{}
	)
	for rows.Next() {
		var (
			location                 masthead.MenuLocation
			updated                  sql.NullTime
			id, parent, cat, article sql.NullInt64
			label, kind, u, external sql.NullString
			slug, name, desc         sql.NullString
		)
		if err := rows.Scan(&location, &updated, &id, &parent, &label, &kind, &cat, &article, &u, &external, &slug, &name, &desc); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find menus: %w", err)
		}
		menu := menus[location]
		if menu == nil {
			menu = &masthead.Menu{Location: location, UpdatedAt: nullTime(updated)}
			menus[location] = menu
		}
		if !id.Valid {
			continue // a saved menu without items
		}
		it := &masthead.MenuItem{ID: id.Int64, Label: label.String, Kind: masthead.MenuTargetKind(kind.String), URL: u.String,
			ExternalID: external.String, SectionID: cat.Int64, ArticleID: article.Int64}
		if cat.Valid {
			it.Section = &masthead.Category{ID: cat.Int64, Slug: slug.String, Name: name.String, Description: desc.String}
		}
		if article.Valid {
			articles[article.Int64] = append(articles[article.Int64], it)
		}
		byID[it.ID] = it
		// Items are stored in menu order, parents before their children.
		if p, ok := byID[parent.Int64]; parent.Valid && ok {
			p.Children = append(p.Children, it)
		} else {
			menu.Items = append(menu.Items, it)
		}
	}
	if err := closeRows(rows, "find menus"); err != nil {
		return nil, err
	}
	if err := attachMenuArticles(ctx, t, articles); err != nil {
		return nil, err
	}
	return menus, nil
}

// attachMenuArticles reads the articles that menu items lead to, with one
// query, through the same columns as every article read, so that what an
// article's address needs is always there. Bodies are dropped: menus are
// cached, and no menu shows one.
func attachMenuArticles(ctx context.Context, t *tx, items map[int64][]*masthead.MenuItem) error {
	if len(items) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(items))
	for id := range items {
		ids = append(ids, id)
	}
	rows, err := t.query(ctx, `SELECT `+articleColumns+articleFrom+` WHERE a.id IN (`+placeholders(len(ids))+`)`, int64s(ids)...)
	if err != nil {
		return fmt.Errorf("find menu articles: %w", err)
	}
	var found []*masthead.Article
	for rows.Next() {
		a := &masthead.Article{}
		if err := scanArticle(rows, a); err != nil {
			rows.Close()
			return fmt.Errorf("find menu articles: %w", err)
		}
		a.BodySource, a.BodyHTML = "", ""
		for _, it := range items[a.ID] {
			it.Article = a
		}
		found = append(found, a)
	}
	if err := closeRows(rows, "find menu articles"); err != nil {
		return err
	}
	// A page's address is its parent's and its own slug.
	return fillPagePaths(ctx, t, found)
}

// SaveMenu replaces a location's menu as a whole.
func (s *Store) SaveMenu(ctx context.Context, m *masthead.Menu) error {
	if err := m.Validate(); err != nil {
		return err
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := checkMenuTargets(ctx, t, m); err != nil {
		return err
	}
	// Items go first: their parents are items of the same menu.
	for _, q := range []string{`DELETE FROM menu_items WHERE location = ?`, `DELETE FROM menus WHERE location = ?`} {
		if _, err := t.exec(ctx, q, m.Location); err != nil {
			return fmt.Errorf("save menu: %w", err)
		}
	}
	m.UpdatedAt = time.Time{}
	if len(m.Items) > 0 {
		m.UpdatedAt = t.now
		if _, err := t.exec(ctx, `INSERT INTO menus (location, updated_at) VALUES (?, ?)`, m.Location, timeArg(t.now)); err != nil {
			return fmt.Errorf("save menu: %w", err)
		}
	}
	var insertErr error
	m.Walk(func(n int, it *masthead.MenuItem, parent *masthead.MenuItem) {
		if insertErr != nil {
			return
		}
		var parentID, section, article any
		if parent != nil {
			parentID = parent.ID
		}
		switch it.Kind {
		case masthead.TargetSection:
			section = it.SectionID
		case masthead.TargetArticle:
			article = it.ArticleID
		}
		u := ""
		if it.Kind == masthead.TargetURL {
			u = it.URL
		}
		insertErr = t.queryRow(ctx, `INSERT INTO menu_items (location, parent_id, position, label, kind, category_id, article_id, url, external_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			m.Location, parentID, n, it.Label, it.Kind, section, article, u, it.ExternalID).Scan(&it.ID)
	})
	if insertErr != nil {
		return fmt.Errorf("save menu: %w", insertErr)
	}
	t.changed(masthead.KeyAll) // every page shows the menus
	return t.Commit()
}

// checkMenuTargets refuses items whose section or article does not exist,
// each with the field of its item, with one query for each kind.
func checkMenuTargets(ctx context.Context, t *tx, m *masthead.Menu) error {
	var sections, articles []int64
	m.Walk(func(_ int, it *masthead.MenuItem, _ *masthead.MenuItem) {
		switch it.Kind {
		case masthead.TargetSection:
			sections = append(sections, it.SectionID)
		case masthead.TargetArticle:
			articles = append(articles, it.ArticleID)
		}
	})
	foundSections, err := existingIDs(ctx, t, "categories", sections)
	if err != nil {
		return err
	}
	foundArticles, err := existingIDs(ctx, t, "articles", articles)
	if err != nil {
		return err
	}
	var problems masthead.Problems
	m.Walk(func(n int, it *masthead.MenuItem, _ *masthead.MenuItem) {
		field := "items." + strconv.Itoa(n) + "."
		switch {
		case it.Kind == masthead.TargetSection && !foundSections[it.SectionID]:
			problems = append(problems, masthead.FieldErrorf(field+"section", "That section does not exist."))
		case it.Kind == masthead.TargetArticle && !foundArticles[it.ArticleID]:
			problems = append(problems, masthead.FieldErrorf(field+"article", "No article or page has the number %s.", strconv.FormatInt(it.ArticleID, 10)))
		}
	})
	if len(problems) > 0 {
		return problems
	}
	return nil
}

// existingIDs returns which of ids a table holds.
func existingIDs(ctx context.Context, t *tx, table string, ids []int64) (map[int64]bool, error) {
	found := map[int64]bool{}
	if len(ids) == 0 {
		return found, nil
	}
	rows, err := t.query(ctx, `SELECT id FROM `+table+` WHERE id IN (`+placeholders(len(ids))+`)`, int64s(ids)...)
	if err != nil {
		return nil, fmt.Errorf("check menu targets: %w", err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("check menu targets: %w", err)
		}
		found[id] = true
	}
	return found, closeRows(rows, "check menu targets")
}

// menuArticlesChanged announces a change of every page, as of the
// settings, when a menu leads to one of the articles: menus are cached
// with their articles' addresses and whether readers may see them, and
// every page shows them.
func menuArticlesChanged(ctx context.Context, t *tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM menu_items WHERE article_id IN (`+placeholders(len(ids))+`)`, int64s(ids)...).Scan(&n); err != nil {
		return fmt.Errorf("menu articles: %w", err)
	}
	if n > 0 {
		t.changed(masthead.KeyAll)
	}
	return nil
}
