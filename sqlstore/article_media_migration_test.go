package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"masthead"
	"masthead/sqlstore"
)

// TestArticleMediaMigration: migration 36 links the bodies stored before
// it to the library images they show, so that deleting one of those
// images is refused and editing one renders those bodies again, exactly
// as for bodies written since.
func TestArticleMediaMigration(t *testing.T) {
	onOldDatabases(t, 36, func(t *testing.T, s *sqlstore.Store, d sqlstore.Dialect) {
		ctx := context.Background()
		now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
		exec := execer(t, s, d)
		exec(`INSERT INTO authors (id, slug, name, role, created_at, updated_at) VALUES (1, 'ana', 'Ana', 'editor', ?, ?)`, now, now)
		pier, gull, buoy := "0123456789abcdef0123456789abcdef.jpg", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.png", "cccccccccccccccccccccccccccccccc.jpg"
		exec(`INSERT INTO media (id, name, type, width, height, variants, original_name, alt_text, caption, credit, created_at)
			VALUES (1, ?, 'image/jpeg', 2000, 1000, '480 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg', 'pier.jpg', 'The pier', 'Old words', '', ?),
			(2, ?, 'image/png', 800, 600, '', 'gull.png', 'A gull', '', '', ?),
			(3, ?, 'image/jpeg', 800, 600, '', 'buoy.jpg', 'A buoy', '', '', ?)`, pier, now, gull, now, buoy, now)
		article := func(id int, body string) {
			exec(`INSERT INTO articles (id, slug, headline, body_source, body_html, status, published_at, created_at, updated_at, created_by, revision)
				VALUES (?, ?, ?, ?, '', 'published', ?, ?, ?, 1, 1)`, id, "story-"+string(rune('a'+id)), "Story "+string(rune('A'+id)), body, now, now, now)
		}
		article(1, "The pier.\n\n![](/media/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg)")
		article(2, "A gull ![](/media/"+gull+") in a sentence, and the pier again: ![](/media/"+pier+")")
		article(3, "No picture at all.")
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{1, 2} {
			_, err := s.DeleteMedia(ctx, id)
			if masthead.ErrorCode(err) != masthead.ECONFLICT {
				t.Errorf("deleting image %d that an old body shows: %v, want a refusal", id, err)
			}
		}
		var heard []masthead.ChangeKey
		s.OnChange(func(keys []masthead.ChangeKey) { heard = append(heard, keys...) })
		m, err := s.FindMediaByID(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		m.Caption = "New words"
		if err := s.UpdateMedia(ctx, m); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{1, 2} {
			if !slices.Contains(heard, masthead.ArticleKey(id)) {
				t.Errorf("the image's edit did not render article %d again (heard %v)", id, heard)
			}
		}
		if slices.Contains(heard, masthead.ArticleKey(3)) {
			t.Errorf("the image's edit touched an article that does not show it")
		}
		if _, err := s.DeleteMedia(ctx, 3); err != nil {
			t.Errorf("an image no body shows was not deleted: %v", err)
		}
	})
}
