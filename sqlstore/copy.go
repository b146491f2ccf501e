package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"masthead"
)

// copyTable is one table as CopyAll moves it: its columns, which of them
// hold booleans (stored as integers by SQLite), and whether it has an id
// generator to move on afterwards. Tables are listed parents first, so that
// foreign keys hold at every insert.
type copyTable struct {
	name    string
	columns []string
	bools   []string
	orderBy string
	hasID   bool
	// since is the migration that made the table (0: one of the first),
	// so that the rows of a database that has not reached it yet, such as
	// an older site's backup, are counted without it.
	since int
}

var copyTables = []copyTable{
	{name: "authors", columns: []string{"id", "slug", "name", "email", "bio", "role", "external_id", "created_at", "updated_at", "password_hash", "disabled_at", "language"}, orderBy: "id", hasID: true},
	{name: "categories", columns: []string{"id", "slug", "name", "description", "external_id"}, orderBy: "id", hasID: true},
	{name: "tags", columns: []string{"id", "slug", "name", "description", "external_id"}, orderBy: "id", hasID: true},
	{name: "media", columns: []string{"id", "name", "type", "width", "height", "variants", "original_name", "alt_text", "caption", "credit",
		"uploaded_by", "created_at", "external_id"}, orderBy: "id", hasID: true},
	{name: "articles", columns: []string{"id", "slug", "headline", "dek", "body_source", "body_html", "excerpt", "excerpt_generated", "status",
		"category_id", "dateline", "source_name", "source_url", "comments_open", "published_at", "created_at", "updated_at", "external_id", "revision", "featured_media_id",
		"created_by", "kind", "parent_id", "comment_count"},
		bools: []string{"comments_open", "excerpt_generated"}, orderBy: "id", hasID: true},
	{name: "article_authors", columns: []string{"article_id", "author_id", "position"}, orderBy: "article_id, position"},
	{name: "article_revisions", columns: []string{"article_id", "revision", "editor_id", "created_at", "headline", "dek", "body_source", "excerpt", "status"},
		orderBy: "article_id, revision"},
	{name: "article_tags", columns: []string{"article_id", "tag_id"}, orderBy: "article_id, tag_id"},
	{name: "article_media", columns: []string{"article_id", "media_id"}, orderBy: "article_id, media_id", since: 36},
	{name: "corrections", columns: []string{"id", "article_id", "kind", "body", "author_id", "created_at"}, orderBy: "id", hasID: true},
	{name: "pins", columns: []string{"id", "section_id", "article_id", "position", "expires_at", "created_by", "created_at"}, orderBy: "id", hasID: true,
		since: 28},
	{name: "redirects", columns: []string{"from_path", "to_path", "created_at"}, orderBy: "from_path"},
	{name: "menus", columns: []string{"location", "updated_at"}, orderBy: "location"},
	// A menu's items are stored parents first, so id order keeps them so.
	{name: "menu_items", columns: []string{"id", "location", "parent_id", "position", "label", "kind", "category_id", "article_id", "url", "external_id"},
		orderBy: "id", hasID: true},
	// A reply is always stored after its parent, so id order keeps parents first.
	{name: "comments", columns: []string{"id", "article_id", "parent_id", "author_name", "author_email", "author_url", "body",
		"status", "ip", "reason", "created_at", "external_id", "form_nonce", "commenter_key"}, orderBy: "id", hasID: true},
	// The erasure log moves with the site: what it records must stay
	// provable. Readers' requests waiting for confirmation do not, like
	// sessions: their links are for one day.
	{name: "erasures", columns: []string{"id", "erased_at", "comments", "mode", "requested_by", "by_commenter", "address_key"},
		bools: []string{"by_commenter"}, orderBy: "id", hasID: true, since: 34},
}

// CopyAll copies a whole site from src into dst: every row of every table
// with its id, and the settings (the site secret among them, so that signed
// cookies stay valid). It reads src in one snapshot and writes dst in one
// transaction, so dst gets all of it or nothing. dst must hold no content.
// It returns how many rows each table received, after checking that dst
// now holds exactly as many as src.
func CopyAll(ctx context.Context, src, dst *Store) (map[string]int, error) {
	r, err := src.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer r.Rollback()
	w, err := dst.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer w.Rollback()

	for _, table := range []string{"authors", "articles", "comments", "categories", "tags"} {
		var n int
		if err := w.queryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			return nil, fmt.Errorf("check target: %w", err)
		}
		if n > 0 {
			return nil, masthead.Errorf(masthead.ECONFLICT, "The target database already has %s; copy only into an empty site.", table)
		}
	}

	counts := map[string]int{}
	n, err := copySettings(ctx, r, w)
	if err != nil {
		return nil, err
	}
	counts["settings"] = n
	for _, t := range copyTables {
		n, err := copyRows(ctx, r, w, t)
		if err != nil {
			return nil, fmt.Errorf("copy %s: %w", t.name, err)
		}
		counts[t.name] = n
		if t.hasID && dst.dialect.ResetIdentity != nil {
			if _, err := w.exec(ctx, dst.dialect.ResetIdentity(t.name)); err != nil {
				return nil, fmt.Errorf("reset %s ids: %w", t.name, err)
			}
		}
	}
	// Authors come before media (media name their uploader) and media
	// before authors' pictures, so pictures are linked last.
	if err := copyAvatars(ctx, r, w); err != nil {
		return nil, err
	}
	// The search index is derived data: the target builds its own.
	if err := reindexPublished(ctx, w); err != nil {
		return nil, err
	}
	// So are the lists' lengths.
	if err := recountArticleLists(ctx, w); err != nil {
		return nil, err
	}
	w.changed(masthead.KeyAll) // a whole site arrives

	for table, want := range counts {
		var got, had int
		if err := w.queryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&got); err != nil {
			return nil, err
		}
		if err := r.queryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&had); err != nil {
			return nil, err
		}
		if got != had || (table != "settings" && got != want) {
			return nil, fmt.Errorf("copy %s: the target holds %d rows, the source %d", table, got, had)
		}
	}
	return counts, w.Commit()
}

// copySettings upserts every settings row, so that a secret the target
// made for itself gives way to the source's.
func copySettings(ctx context.Context, r, w *tx) (int, error) {
	rows, err := r.query(ctx, `SELECT name, value FROM settings ORDER BY name`)
	if err != nil {
		return 0, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return n, err
		}
		if _, err := w.exec(ctx, `INSERT INTO settings (name, value) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value); err != nil {
			return n, fmt.Errorf("write settings: %w", err)
		}
		n++
	}
	return n, rows.Err()
}

func copyRows(ctx context.Context, r, w *tx, t copyTable) (int, error) {
	cols := strings.Join(t.columns, ", ")
	rows, err := r.query(ctx, `SELECT `+cols+` FROM `+t.name+` ORDER BY `+t.orderBy)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	insert, err := w.tx.PrepareContext(ctx, w.prepare(`INSERT INTO `+t.name+` (`+cols+`) VALUES (`+placeholders(len(t.columns))+`)`))
	if err != nil {
		return 0, err
	}
	defer insert.Close()
	isBool := map[int]bool{}
	for i, c := range t.columns {
		for _, b := range t.bools {
			isBool[i] = isBool[i] || c == b
		}
	}
	values := make([]any, len(t.columns))
	ptrs := make([]any, len(t.columns))
	for i := range values {
		ptrs[i] = &values[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i := range values {
			if isBool[i] {
				values[i] = truthy(values[i])
			}
		}
		if _, err := insert.ExecContext(ctx, values...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// truthy reads a boolean as either database stores it.
func truthy(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case int64:
		return v != 0
	case string:
		return v == "1" || v == "t" || v == "true"
	}
	return false
}

// copyAvatars links each copied author to their copied picture.
func copyAvatars(ctx context.Context, r, w *tx) error {
	rows, err := r.query(ctx, `SELECT id, avatar_media_id FROM authors WHERE avatar_media_id IS NOT NULL`)
	if err != nil {
		return fmt.Errorf("copy avatars: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, media int64
		if err := rows.Scan(&id, &media); err != nil {
			return fmt.Errorf("copy avatars: %w", err)
		}
		if _, err := w.exec(ctx, `UPDATE authors SET avatar_media_id = ? WHERE id = ?`, media, id); err != nil {
			return fmt.Errorf("copy avatars: %w", err)
		}
	}
	return rows.Err()
}
