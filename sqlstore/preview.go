package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"masthead"
)

// Preview links and autosaves announce no change: no public page shows
// them, so no cached page goes stale when they change.

// CreatePreviewLink stores a new preview link.
func (s *Store) CreatePreviewLink(ctx context.Context, l *masthead.PreviewLink) error {
	if l.TokenHash == "" {
		return masthead.Errorf(masthead.EINVALID, "A preview link needs a token.")
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if !l.ExpiresAt.After(t.now) {
		return masthead.FieldErrorf("lifetime", "A preview link must expire in the future.")
	}
	ended := timeArg(t.now.Add(-masthead.PreviewLinkRetention))
	if _, err := t.exec(ctx, `DELETE FROM preview_links WHERE expires_at < ? OR revoked_at < ?`, ended, ended); err != nil {
		return fmt.Errorf("create preview link: %w", err)
	}
	var createdBy any
	if l.CreatedBy != 0 {
		createdBy = l.CreatedBy
	}
	l.CreatedAt, l.RevokedAt = t.now, time.Time{}
	err = t.queryRow(ctx, `INSERT INTO preview_links (article_id, token_hash, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, l.ArticleID, l.TokenHash, createdBy, timeArg(t.now), timeArg(l.ExpiresAt)).Scan(&l.ID)
	if err != nil {
		l.ID = 0
		return t.classify(fmt.Errorf("create preview link: %w", err), "That preview token is taken.")
	}
	return t.Commit()
}

// previewLinkColumns are the columns scanPreviewLink reads, in order.
const previewLinkColumns = `id, article_id, token_hash, created_by, created_at, expires_at, revoked_at`

func scanPreviewLink(row interface{ Scan(...any) error }) (*masthead.PreviewLink, error) {
	var l masthead.PreviewLink
	var createdBy sql.NullInt64
	var revoked sql.NullTime
	if err := row.Scan(&l.ID, &l.ArticleID, &l.TokenHash, &createdBy, &l.CreatedAt, &l.ExpiresAt, &revoked); err != nil {
		return nil, err
	}
	l.CreatedBy, l.RevokedAt = createdBy.Int64, nullTime(revoked)
	l.CreatedAt, l.ExpiresAt = l.CreatedAt.UTC(), l.ExpiresAt.UTC()
	return &l, nil
}

// FindPreviewLink reads a link by its token's hash, as it stands now: on
// the primary where replicas may lag, so that a link revoked a moment ago
// no longer opens.
func (s *Store) FindPreviewLink(ctx context.Context, tokenHash string) (*masthead.PreviewLink, error) {
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	l, err := scanPreviewLink(t.queryRow(ctx, `SELECT `+previewLinkColumns+` FROM preview_links WHERE token_hash = ?`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "This preview link does not exist.")
	}
	if err != nil {
		return nil, fmt.Errorf("find preview link: %w", err)
	}
	return l, nil
}

// FindPreviewLinks lists an article's working links.
func (s *Store) FindPreviewLinks(ctx context.Context, articleID int64) ([]*masthead.PreviewLink, error) {
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	rows, err := t.query(ctx, `SELECT `+previewLinkColumns+` FROM preview_links
		WHERE article_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id DESC`, articleID, timeArg(t.now))
	if err != nil {
		return nil, fmt.Errorf("find preview links: %w", err)
	}
	var out []*masthead.PreviewLink
	for rows.Next() {
		l, err := scanPreviewLink(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("find preview links: %w", err)
		}
		out = append(out, l)
	}
	return out, closeRows(rows, "find preview links")
}

// RevokePreviewLink ends a link.
func (s *Store) RevokePreviewLink(ctx context.Context, articleID, linkID int64) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM preview_links WHERE id = ? AND article_id = ?`, linkID, articleID).Scan(&n); err != nil {
		return fmt.Errorf("revoke preview link: %w", err)
	}
	if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "This article has no such preview link.")
	}
	if _, err := t.exec(ctx, `UPDATE preview_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, timeArg(t.now), linkID); err != nil {
		return fmt.Errorf("revoke preview link: %w", err)
	}
	return t.Commit()
}

// SaveAutosave fills a staff member's autosave slot.
func (s *Store) SaveAutosave(ctx context.Context, a *masthead.Autosave) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if a.ArticleID != 0 {
		// The new article's slot, zero, names no article; every other
		// slot must name one that exists.
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM articles WHERE id = ?`, a.ArticleID).Scan(&n); err != nil {
			return fmt.Errorf("save autosave: %w", err)
		}
		if n == 0 {
			return masthead.Errorf(masthead.ECONFLICT, "The article of this autosave does not exist.")
		}
	}
	_, err = t.exec(ctx, `INSERT INTO autosaves (article_id, author_id, base_revision, headline, dek, body, excerpt, saved_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (article_id, author_id) DO UPDATE SET base_revision = excluded.base_revision, headline = excluded.headline,
			dek = excluded.dek, body = excluded.body, excerpt = excluded.excerpt, saved_at = excluded.saved_at`,
		a.ArticleID, a.AuthorID, a.BaseRevision, a.Headline, a.Dek, a.Body, a.Excerpt, timeArg(t.now))
	if err != nil {
		return t.classify(fmt.Errorf("save autosave: %w", err), "This autosave slot is taken.")
	}
	if err := t.Commit(); err != nil {
		return err
	}
	a.SavedAt = t.now
	return nil
}

// FindAutosave reads one slot, as it stands now.
func (s *Store) FindAutosave(ctx context.Context, articleID, authorID int64) (*masthead.Autosave, error) {
	t, err := s.beginCurrent(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	a := masthead.Autosave{ArticleID: articleID, AuthorID: authorID}
	err = t.queryRow(ctx, `SELECT base_revision, headline, dek, body, excerpt, saved_at FROM autosaves WHERE article_id = ? AND author_id = ?`,
		articleID, authorID).Scan(&a.BaseRevision, &a.Headline, &a.Dek, &a.Body, &a.Excerpt, &a.SavedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "There is no autosave.")
	}
	if err != nil {
		return nil, fmt.Errorf("find autosave: %w", err)
	}
	a.SavedAt = a.SavedAt.UTC()
	return &a, nil
}

// DeleteAutosave empties one slot.
func (s *Store) DeleteAutosave(ctx context.Context, articleID, authorID int64) error {
	return s.execOne(ctx, "delete autosave", `DELETE FROM autosaves WHERE article_id = ? AND author_id = ?`, articleID, authorID)
}
