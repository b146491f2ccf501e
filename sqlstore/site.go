package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"masthead"
)

// FindSite returns the site settings, with defaults for any never set.
func (s *Store) FindSite(ctx context.Context) (*masthead.Site, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	rows, err := t.query(ctx, `SELECT name, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("find site: %w", err)
	}
	defer rows.Close()
	site := masthead.DefaultSite()
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return nil, fmt.Errorf("find site: %w", err)
		}
		if readBreakingSetting(&site.Breaking, name, value) {
			continue
		}
		// A setting this version does not know, or a damaged number,
		// keeps its default rather than breaking the site.
		_ = site.Set(name, value)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find site: %w", err)
	}
	return site, nil
}

// UpdateSite stores every setting of site.
func (s *Store) UpdateSite(ctx context.Context, site *masthead.Site) error {
	if err := site.Validate(); err != nil {
		return err
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := checkBrandImages(ctx, t, site); err != nil {
		return err
	}
	for _, name := range slices.Concat(masthead.SettingNames, masthead.SecretSettingNames) {
		value, _ := site.Stored(name)
		if _, err := t.exec(ctx, `INSERT INTO settings (name, value) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value); err != nil {
			return fmt.Errorf("update site: %w", err)
		}
	}
	t.changed(masthead.KeyAll) // every page shows the settings
	return t.Commit()
}

// checkBrandImages checks, inside t so that none can be deleted meanwhile,
// that every image the branding settings name is in the library and fit
// for its use.
func checkBrandImages(ctx context.Context, t *tx, site *masthead.Site) error {
	for _, img := range site.BrandImages() {
		if img.ID == 0 {
			continue
		}
		var m masthead.Media
		err := scanMedia(t.queryRow(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.id = ?`+t.s.dialect.ForUpdate, img.ID), &m)
		if errors.Is(err, sql.ErrNoRows) {
			return masthead.FieldErrorf(img.Field, "There is no image %d in the media library for the %s.", img.ID, img.Label)
		} else if err != nil {
			return fmt.Errorf("update site: %w", err)
		}
		if err := masthead.CheckBrandImage(img.Field, &m); err != nil {
			return err
		}
	}
	return nil
}

// secretSetting names the settings row that holds the site secret; it is
// not a field of masthead.Site, so no settings page can show it.
const secretSetting = "secret"

// SiteSecret returns the site's secret key, creating it on first use. Two
// processes racing to create it both end up with the one that was stored.
func (s *Store) SiteSecret(ctx context.Context) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	t, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	// One statement stores the fresh secret or, when there is one, leaves
	// it as it is, and answers with whichever is stored.
	var stored string
	if err := t.queryRow(ctx, `INSERT INTO settings (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = settings.value RETURNING value`,
		secretSetting, hex.EncodeToString(fresh)).Scan(&stored); err != nil {
		return nil, fmt.Errorf("site secret: %w", err)
	}
	secret, err := hex.DecodeString(stored)
	if err != nil || len(secret) < 16 {
		return nil, fmt.Errorf("site secret is damaged")
	}
	return secret, t.Commit()
}

// siteLocation returns the site's time zone inside t, which dates in
// article addresses use.
func siteLocation(ctx context.Context, t *tx) (*time.Location, error) {
	site := masthead.DefaultSite()
	var name string
	err := t.queryRow(ctx, `SELECT value FROM settings WHERE name = ?`, "time_zone").Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return site.Location(), nil
	} else if err != nil {
		return nil, fmt.Errorf("read the time zone: %w", err)
	}
	_ = site.Set("time_zone", name) // a damaged name keeps the default, as FindSite does
	return site.Location(), nil
}
