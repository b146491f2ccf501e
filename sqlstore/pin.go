package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"masthead"
)

// pinsKey is the change key of the list a pin belongs to.
func pinsKey(sectionID int64) masthead.ChangeKey {
	if sectionID == 0 {
		return masthead.KeyHomePins
	}
	return masthead.SectionPinsKey(sectionID)
}

// pinList returns the condition that selects the pins of a list, and its
// arguments: the home page's pins have no section.
func pinList(sectionID int64) (string, []any) {
	if sectionID == 0 {
		return `p.section_id IS NULL`, nil
	}
	return `p.section_id = ?`, []any{sectionID}
}

// nullID stores 0 as NULL, for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// FindPins returns every pin with its article, the home page's first.
func (s *Store) FindPins(ctx context.Context) ([]*masthead.Pin, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	rows, err := t.query(ctx, `SELECT p.id, COALESCE(p.section_id, 0), p.article_id, p.expires_at, COALESCE(p.created_by, 0), p.created_at
		FROM pins p ORDER BY COALESCE(p.section_id, 0), p.position, p.id`)
	if err != nil {
		return nil, fmt.Errorf("find pins: %w", err)
	}
	var pins []*masthead.Pin
	var ids []int64
	for rows.Next() {
		var p masthead.Pin
		var expires sql.NullTime
		if err := rows.Scan(&p.ID, &p.SectionID, &p.ArticleID, &expires, &p.CreatedBy, &p.CreatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find pins: %w", err)
		}
		p.ExpiresAt, p.CreatedAt = nullTime(expires), p.CreatedAt.UTC()
		if n := len(pins); n > 0 && pins[n-1].SectionID == p.SectionID {
			p.Position = pins[n-1].Position + 1
		} else {
			p.Position = 1
		}
		pins = append(pins, &p)
		ids = append(ids, p.ArticleID)
	}
	if err := closeRows(rows, "find pins"); err != nil {
		return nil, err
	}
	articles, err := articlesByID(ctx, t, ids, true)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*masthead.Article, len(articles))
	for _, a := range articles {
		byID[a.ID] = a
	}
	for _, p := range pins {
		p.Article = byID[p.ArticleID]
	}
	return pins, nil
}

// FindPinnedArticles returns the articles readers see pinned to a list
// now. The pins come from pins_list, the articles by their ids: a few
// rows, whatever the archive holds.
func (s *Store) FindPinnedArticles(ctx context.Context, sectionID int64) ([]*masthead.Article, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	list, args := pinList(sectionID)
	where := ` WHERE ` + list + ` AND (p.expires_at IS NULL OR p.expires_at > ?) AND a.id = p.article_id AND ` + kindIs(`a.kind`, masthead.KindArticle) + ` AND a.status = ? AND a.published_at <= ?`
	args = append(args, timeArg(t.now), masthead.StatusPublished, timeArg(t.now))
	if sectionID != 0 {
		where += ` AND a.category_id = p.section_id`
	}
	rows, err := t.query(ctx, `SELECT p.article_id FROM pins p CROSS JOIN articles a`+where+` ORDER BY p.position, p.id LIMIT ?`,
		append(args, masthead.MaxPins)...)
	if err != nil {
		return nil, fmt.Errorf("find pinned articles: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find pinned articles: %w", err)
		}
		ids = append(ids, id)
	}
	if err := closeRows(rows, "find pinned articles"); err != nil {
		return nil, err
	}
	return articlesByID(ctx, t, ids, true)
}

// lockPins makes other writers of the same list wait, so that two pins
// added at once neither take one position nor overfill the list.
func (t *tx) lockPins(ctx context.Context, sectionID int64) error {
	if lock := t.s.dialect.KeyLock; lock != "" {
		if _, err := t.exec(ctx, lock, "pins:"+strconv.FormatInt(sectionID, 10)); err != nil {
			return fmt.Errorf("lock pins: %w", err)
		}
	}
	return nil
}

// AddPin pins an article last in a list.
func (s *Store) AddPin(ctx context.Context, p *masthead.Pin) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := p.Validate(t.now); err != nil {
		return err
	}
	if p.SectionID != 0 {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM categories WHERE id = ?`, p.SectionID).Scan(&n); err != nil {
			return fmt.Errorf("add pin: %w", err)
		}
		if n == 0 {
			return masthead.FieldErrorf("section", "That section does not exist.")
		}
	}
	a, err := findArticleIn(ctx, t, `a.id = ?`, p.ArticleID)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND {
		return masthead.FieldErrorf("article", "No article has the number %d.", p.ArticleID)
	} else if err != nil {
		return err
	}
	if err := masthead.CheckPinnable(a, p.SectionID); err != nil {
		return err
	}
	if err := t.lockPins(ctx, p.SectionID); err != nil {
		return err
	}
	list, args := pinList(p.SectionID)
	var count, last int
	if err := t.queryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(p.position), 0) FROM pins p WHERE `+list, args...).Scan(&count, &last); err != nil {
		return fmt.Errorf("add pin: %w", err)
	}
	if count >= masthead.MaxPins {
		return &masthead.Error{Code: masthead.ECONFLICT, Field: "article",
			Message: fmt.Sprintf("A list holds at most %d pins; remove one first.", masthead.MaxPins)}
	}
	p.CreatedAt = t.now
	err = t.queryRow(ctx, `INSERT INTO pins (section_id, article_id, position, expires_at, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		nullID(p.SectionID), p.ArticleID, last+1, timeArg(p.ExpiresAt), nullID(p.CreatedBy), timeArg(p.CreatedAt)).Scan(&p.ID)
	if err != nil {
		return t.classifyField(fmt.Errorf("add pin: %w", err), "article", "That article is pinned there already.")
	}
	p.Position = count + 1
	t.changed(pinsKey(p.SectionID))
	return t.Commit()
}

// findPinIn returns the stored pin with id, without its article.
func findPinIn(ctx context.Context, t *tx, id int64) (*masthead.Pin, error) {
	var p masthead.Pin
	var expires sql.NullTime
	err := t.queryRow(ctx, `SELECT id, COALESCE(section_id, 0), article_id, position, expires_at, COALESCE(created_by, 0), created_at
		FROM pins WHERE id = ?`, id).Scan(&p.ID, &p.SectionID, &p.ArticleID, &p.Position, &expires, &p.CreatedBy, &p.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "That pin no longer exists.")
	} else if err != nil {
		return nil, fmt.Errorf("find pin: %w", err)
	}
	p.ExpiresAt, p.CreatedAt = nullTime(expires), p.CreatedAt.UTC()
	return &p, nil
}

// UpdatePin moves a pin within its list and stores its expiry.
func (s *Store) UpdatePin(ctx context.Context, p *masthead.Pin) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	stored, err := findPinIn(ctx, t, p.ID)
	if err != nil {
		return err
	}
	p.SectionID, p.ArticleID, p.CreatedBy, p.CreatedAt = stored.SectionID, stored.ArticleID, stored.CreatedBy, stored.CreatedAt
	if err := p.Validate(t.now); err != nil {
		return err
	}
	if err := t.lockPins(ctx, p.SectionID); err != nil {
		return err
	}
	list, args := pinList(p.SectionID)
	rows, err := t.query(ctx, `SELECT p.id FROM pins p WHERE `+list+` ORDER BY p.position, p.id`, args...)
	if err != nil {
		return fmt.Errorf("update pin: %w", err)
	}
	var others []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("update pin: %w", err)
		}
		if id != p.ID {
			others = append(others, id)
		}
	}
	if err := closeRows(rows, "update pin"); err != nil {
		return err
	}
	at := min(max(p.Position, 1), len(others)+1)
	order := append(append(append([]int64{}, others[:at-1]...), p.ID), others[at-1:]...)
	for i, id := range order {
		if _, err := t.exec(ctx, `UPDATE pins SET position = ? WHERE id = ?`, i+1, id); err != nil {
			return fmt.Errorf("update pin: %w", err)
		}
	}
	if _, err := t.exec(ctx, `UPDATE pins SET expires_at = ? WHERE id = ?`, timeArg(p.ExpiresAt), p.ID); err != nil {
		return fmt.Errorf("update pin: %w", err)
	}
	p.Position = at
	t.changed(pinsKey(p.SectionID))
	return t.Commit()
}

// DeletePin removes a pin.
func (s *Store) DeletePin(ctx context.Context, id int64) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	var section int64
	err = t.queryRow(ctx, `DELETE FROM pins WHERE id = ? RETURNING COALESCE(section_id, 0)`, id).Scan(&section)
	if errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "That pin no longer exists.")
	} else if err != nil {
		return fmt.Errorf("delete pin: %w", err)
	}
	t.changed(pinsKey(section))
	return t.Commit()
}

// The settings rows that hold the breaking strip. They are not among
// masthead.SettingNames, so that UpdateSite leaves them alone.
const (
	breakingTextSetting    = "breaking_text"
	breakingURLSetting     = "breaking_url"
	breakingExpiresSetting = "breaking_expires"
)

// readBreakingSetting sets the field of b that the settings row name
// holds, and reports whether it was one of the strip's rows. A damaged
// expiry is read as none.
func readBreakingSetting(b *masthead.Breaking, name, value string) bool {
	switch name {
	case breakingTextSetting:
		b.Text = value
	case breakingURLSetting:
		b.URL = value
	case breakingExpiresSetting:
		b.ExpiresAt, _ = time.Parse(time.RFC3339Nano, value)
	default:
		return false
	}
	return true
}

// SaveBreaking stores the breaking strip.
func (s *Store) SaveBreaking(ctx context.Context, b masthead.Breaking) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := b.Validate(t.now); err != nil {
		return err
	}
	expires := ""
	if !b.ExpiresAt.IsZero() {
		expires = b.ExpiresAt.UTC().Truncate(time.Second).Format(time.RFC3339Nano)
	}
	for name, value := range map[string]string{breakingTextSetting: b.Text, breakingURLSetting: b.URL, breakingExpiresSetting: expires} {
		if _, err := t.exec(ctx, `INSERT INTO settings (name, value) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value); err != nil {
			return fmt.Errorf("save breaking strip: %w", err)
		}
	}
	t.changed(masthead.KeyAll) // every page shows the strip
	return t.Commit()
}

// ExpireCuration ends the pins and the breaking strip whose expiry has
// come.
func (s *Store) ExpireCuration(ctx context.Context) (int, error) {
	t, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer t.Rollback()
	rows, err := t.query(ctx, `DELETE FROM pins WHERE expires_at IS NOT NULL AND expires_at <= ? RETURNING COALESCE(section_id, 0)`, timeArg(t.now))
	if err != nil {
		return 0, fmt.Errorf("expire pins: %w", err)
	}
	ended := 0
	for rows.Next() {
		var section int64
		if err := rows.Scan(&section); err != nil {
			rows.Close()
			return 0, fmt.Errorf("expire pins: %w", err)
		}
		t.changed(pinsKey(section))
		ended++
	}
	if err := closeRows(rows, "expire pins"); err != nil {
		return 0, err
	}
	var b masthead.Breaking
	brows, err := t.query(ctx, `SELECT name, value FROM settings WHERE name IN (?, ?)`, breakingTextSetting, breakingExpiresSetting)
	if err != nil {
		return 0, fmt.Errorf("expire breaking strip: %w", err)
	}
	for brows.Next() {
		var name, value string
		if err := brows.Scan(&name, &value); err != nil {
			brows.Close()
			return 0, fmt.Errorf("expire breaking strip: %w", err)
		}
		readBreakingSetting(&b, name, value)
	}
	if err := closeRows(brows, "expire breaking strip"); err != nil {
		return 0, err
	}
	if b.Text != "" && !b.ExpiresAt.IsZero() && !b.ExpiresAt.After(t.now) {
		if _, err := t.exec(ctx, `DELETE FROM settings WHERE name IN (?, ?, ?)`,
			breakingTextSetting, breakingURLSetting, breakingExpiresSetting); err != nil {
			return 0, fmt.Errorf("expire breaking strip: %w", err)
		}
		t.changed(masthead.KeyAll)
		ended++
	}
	return ended, t.Commit()
}
