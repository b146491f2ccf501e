package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"masthead"
)

// AddRedirect sends from to to. It announces no change: a redirect
// answers only an address that no page has, and no cache keeps such an
// answer, so no cached page goes stale.
func (s *Store) AddRedirect(ctx context.Context, from, to string) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := addRedirect(ctx, t, from, to); err != nil {
		return err
	}
	return t.Commit()
}

// addRedirect records a move inside a transaction that made it.
func addRedirect(ctx context.Context, t *tx, from, to string) error {
	if !masthead.IsSitePath(from) || !masthead.IsSitePath(to) {
		return masthead.Errorf(masthead.EINVALID, "Redirects go from one path of the site to another.")
	}
	if from == to {
		return nil
	}
	// The new address may itself have been redirected before: it is a
	// page again now.
	if _, err := t.exec(ctx, `DELETE FROM redirects WHERE from_path = ?`, to); err != nil {
		return fmt.Errorf("add redirect: %w", err)
	}
	if _, err := t.exec(ctx, `UPDATE redirects SET to_path = ? WHERE to_path = ?`, to, from); err != nil {
		return fmt.Errorf("add redirect: %w", err)
	}
	if _, err := t.exec(ctx, `INSERT INTO redirects (from_path, to_path, created_at) VALUES (?, ?, ?)
		ON CONFLICT (from_path) DO UPDATE SET to_path = excluded.to_path`, from, to, timeArg(t.now)); err != nil {
		return fmt.Errorf("add redirect: %w", err)
	}
	return nil
}

// FindRedirect returns the move of the longest matching prefix.
func (s *Store) FindRedirect(ctx context.Context, prefixes []string) (string, string, error) {
	if len(prefixes) == 0 {
		return "", "", masthead.Errorf(masthead.ENOTFOUND, "No redirect.")
	}
	t, err := s.beginRead(ctx)
	if err != nil {
		return "", "", err
	}
	defer t.Rollback()
	args := make([]any, len(prefixes))
	for i, p := range prefixes {
		args[i] = p
	}
	var from, to string
	err = t.queryRow(ctx, `SELECT from_path, to_path FROM redirects WHERE from_path IN (`+placeholders(len(prefixes))+`)
		ORDER BY LENGTH(from_path) DESC LIMIT 1`, args...).Scan(&from, &to)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", masthead.Errorf(masthead.ENOTFOUND, "No redirect.")
	} else if err != nil {
		return "", "", fmt.Errorf("find redirect: %w", err)
	}
	return from, to, nil
}

// FindRedirects returns one page of redirects by their old address.
func (s *Store) FindRedirects(ctx context.Context, limit, offset int) ([]masthead.Redirect, int, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	limit, offset = pageBounds(limit, offset)
	items, total, err := queryPage(ctx, t, `SELECT from_path, to_path FROM redirects ORDER BY from_path`,
		`SELECT COUNT(*) FROM redirects`, nil, limit, offset,
		func(sc scanner) (masthead.Redirect, error) {
			var r masthead.Redirect
			return r, sc.Scan(&r.From, &r.To)
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find redirects: %w", err)
	}
	return items, total, nil
}

// DeleteRedirect forgets the redirect from a path. Like AddRedirect, it
// announces no change.
func (s *Store) DeleteRedirect(ctx context.Context, from string) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	res, err := t.exec(ctx, `DELETE FROM redirects WHERE from_path = ?`, from)
	if err != nil {
		return fmt.Errorf("delete redirect: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "No redirect from %s.", from)
	}
	return t.Commit()
}
