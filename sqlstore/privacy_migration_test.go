package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"masthead"
	"masthead/sqlstore"
)

// TestPrivacyPageMigration: migration 34 gives /privacy/ to the privacy
// page, so a top-level page made there before moves to /privacy-policy/,
// where that page shows it; a page of that name lower down stays, and so
// does a top-level one when /privacy-policy/ is taken.
func TestPrivacyPageMigration(t *testing.T) {
	for _, taken := range []bool{false, true} {
		name := "free"
		if taken {
			name = "taken"
		}
		t.Run(name, func(t *testing.T) {
			onOldDatabases(t, 34, func(t *testing.T, s *sqlstore.Store, d sqlstore.Dialect) {
				ctx := context.Background()
				now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
				exec := execer(t, s, d)
				exec(`INSERT INTO authors (id, slug, name, role, created_at, updated_at) VALUES (1, 'ana', 'Ana', 'editor', ?, ?)`, now, now)
				page := func(id int, parent any, slug, headline string) {
					exec(`INSERT INTO articles (id, kind, parent_id, slug, headline, status, published_at, created_at, updated_at, created_by, revision)
						VALUES (?, 'page', ?, ?, ?, 'published', ?, ?, ?, 1, 1)`, id, parent, slug, headline, now, now, now)
				}
				page(1, nil, "privacy", "Our privacy notice")
				page(2, nil, "about", "About")
				page(3, 2, "privacy", "Privacy of our team")
				if taken {
					page(4, nil, "privacy-policy", "The policy")
				}
				if err := s.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				want := map[string]string{"/privacy-policy/": "Our privacy notice", "/about/privacy/": "Privacy of our team"}
				if taken {
					want["/privacy-policy/"] = "The policy"
				}
				for path, headline := range want {
					p, err := s.FindPageByPath(ctx, path)
					if err != nil || p.Headline != headline {
						t.Errorf("%s after the migration: %v, %v; want %q", path, p, err, headline)
					}
				}
				if taken {
					if p, err := s.FindArticleByID(ctx, 1); err != nil || p.Slug != "privacy" || p.Kind != masthead.KindPage {
						t.Errorf("the page at /privacy/ moved onto a taken address: %+v, %v", p, err)
					}
				}
			})
		})
	}
}
