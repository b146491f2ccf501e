package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"masthead"
	"masthead/content"
	"masthead/markdown"
)

const mediaColumns = `m.id, m.name, m.type, m.width, m.height, m.variants, m.original_name, m.alt_text, m.caption, m.credit,
	COALESCE(m.uploaded_by, 0), m.created_at, m.external_id`

func scanMedia(sc scanner, m *masthead.Media, extra ...any) error {
	var variants string
	if err := sc.Scan(append([]any{&m.ID, &m.Name, &m.Type, &m.Width, &m.Height, &variants, &m.OriginalName,
		&m.AltText, &m.Caption, &m.Credit, &m.UploadedBy, &m.CreatedAt, &m.ExternalID}, extra...)...); err != nil {
		return err
	}
	m.CreatedAt = m.CreatedAt.UTC()
	m.Variants = parseVariants(variants)
	return nil
}

// formatVariants stores variants as "480 name.jpg,960 name.jpg".
func formatVariants(vs []masthead.MediaVariant) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = strconv.Itoa(v.Width) + " " + v.Name
	}
	return strings.Join(parts, ",")
}

func parseVariants(s string) []masthead.MediaVariant {
	var out []masthead.MediaVariant
	for _, part := range strings.Split(s, ",") {
		w, name, ok := strings.Cut(part, " ")
		if n, err := strconv.Atoi(w); ok && err == nil {
			out = append(out, masthead.MediaVariant{Width: n, Name: name})
		}
	}
	return out
}

// CreateMedia stores a new image. It announces no change: no page shows
// an image until an article or author refers to it, and that write
// announces itself.
func (s *Store) CreateMedia(ctx context.Context, m *masthead.Media) error {
	if err := m.Validate(); err != nil {
		return err
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if m.CreatedAt.IsZero() {
		m.CreatedAt = t.now
	}
	var by any
	if m.UploadedBy != 0 {
		by = m.UploadedBy
	}
	err = t.queryRow(ctx, `INSERT INTO media (name, type, width, height, variants, original_name, alt_text, caption, credit, uploaded_by, created_at, external_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.Name, m.Type, m.Width, m.Height, formatVariants(m.Variants),
		m.OriginalName, m.AltText, m.Caption, m.Credit, by, timeArg(m.CreatedAt), m.ExternalID).Scan(&m.ID)
	if err != nil {
		return t.classify(fmt.Errorf("create media: %w", err), "This image is already in the library.")
	}
	return t.Commit()
}

// UpdateMedia stores an image's alt text, caption, credit and external id.
func (s *Store) UpdateMedia(ctx context.Context, m *masthead.Media) error {
	if err := m.Validate(); err != nil {
		return err
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	res, err := t.exec(ctx, `UPDATE media SET alt_text = ?, caption = ?, credit = ?, external_id = ? WHERE id = ?`,
		m.AltText, m.Caption, m.Credit, m.ExternalID, m.ID)
	if err != nil {
		return t.classifyField(fmt.Errorf("update media: %w", err), "external_id", "Another image was imported under that id.")
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "Image not found.")
	}
	// The pages that show the image show its new words: those that lead
	// with it hear of the image, and the bodies that show it as a figure
	// are rendered again from their Markdown with the library as it now
	// is.
	t.changed(masthead.MediaKey(m.ID))
	if err := rerenderBodies(ctx, t, m.ID); err != nil {
		return err
	}
	return t.Commit()
}

// bodiesShowing returns the ids and headlines of the articles and pages
// whose bodies show the image, read from article_media, which every body
// write keeps up to date in its own transaction.
func bodiesShowing(ctx context.Context, t *tx, id int64) ([]int64, []string, error) {
	rows, err := t.query(ctx, `SELECT a.id, a.headline FROM article_media am JOIN articles a ON a.id = am.article_id
		WHERE am.media_id = ? ORDER BY a.id`, id)
	if err != nil {
		return nil, nil, fmt.Errorf("bodies showing media: %w", err)
	}
	var ids []int64
	var headlines []string
	for rows.Next() {
		var ref int64
		var headline string
		if err := rows.Scan(&ref, &headline); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("bodies showing media: %w", err)
		}
		ids, headlines = append(ids, ref), append(headlines, headline)
	}
	return ids, headlines, closeRows(rows, "bodies showing media")
}

// bodyMediaFiles returns the names of the library files a body shows:
// as figures, inline or in raw HTML, or links to.
func bodyMediaFiles(source string) []string {
	if !strings.Contains(source, "/media/") {
		return nil
	}
	return markdown.LibraryFiles(source)
}

// mediaIDsByFiles returns, by file name, the library image that owns
// each named file, looking the names up a bounded number at a time.
func mediaIDsByFiles(ctx context.Context, t *tx, names []string) (map[string]int64, error) {
	ids := map[string]int64{}
	for batch := range slices.Chunk(names, maxMediaFiles) {
		images, err := mediaByFiles(ctx, t, batch)
		if err != nil {
			return nil, err
		}
		for _, m := range images {
			for _, f := range m.Files() {
				ids[f] = m.ID
			}
		}
	}
	return ids, nil
}

// shownMedia returns the ids of the images that the body named by files
// shows, each once, in the order the body first shows them.
func shownMedia(files []string, byFile map[string]int64) []int64 {
	var out []int64
	for _, f := range files {
		if id, ok := byFile[f]; ok && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// writeArticleMedia records which library images a's body shows,
// replacing what an earlier version of the body showed.
func writeArticleMedia(ctx context.Context, t *tx, a *masthead.Article, replace bool) error {
	if replace {
		if _, err := t.exec(ctx, `DELETE FROM article_media WHERE article_id = ?`, a.ID); err != nil {
			return fmt.Errorf("link body media: %w", err)
		}
	}
	files := bodyMediaFiles(a.BodySource)
	if len(files) == 0 {
		return nil
	}
	byFile, err := mediaIDsByFiles(ctx, t, files)
	if err != nil {
		return err
	}
	return insertArticleMedia(ctx, t, a.ID, shownMedia(files, byFile))
}

// insertArticleMedia links one article to the images its body shows.
func insertArticleMedia(ctx context.Context, t *tx, articleID int64, mediaIDs []int64) error {
	var args []any
	for _, id := range mediaIDs {
		args = append(args, articleID, id)
	}
	if err := insertRows(ctx, t, `INSERT INTO article_media (article_id, media_id) VALUES `, 2, bulkLinkRows, args, ``); err != nil {
		return fmt.Errorf("link body media: %w", err)
	}
	return nil
}

// linkStoredBodies fills article_media from the bodies stored before it
// existed (migration 36): SQL cannot read Markdown, so the bodies are
// parsed here, in the migration's transaction, a batch of ids at a time.
func linkStoredBodies(ctx context.Context, t *tx) error {
	var after int64
	for {
		rows, err := t.query(ctx, `SELECT id, body_source FROM articles WHERE id > ? AND body_source LIKE '%/media/%' ORDER BY id LIMIT 500`, after)
		if err != nil {
			return fmt.Errorf("link stored bodies: %w", err)
		}
		type body struct {
			id    int64
			files []string
		}
		var bodies []body
		for rows.Next() {
			var b body
			var source string
			if err := rows.Scan(&b.id, &source); err != nil {
				rows.Close()
				return fmt.Errorf("link stored bodies: %w", err)
			}
			b.files = bodyMediaFiles(source)
			bodies = append(bodies, b)
		}
		if err := closeRows(rows, "link stored bodies"); err != nil {
			return err
		}
		if len(bodies) == 0 {
			return nil
		}
		for _, b := range bodies {
			if len(b.files) == 0 {
				continue
			}
			byFile, err := mediaIDsByFiles(ctx, t, b.files)
			if err != nil {
				return err
			}
			if err := insertArticleMedia(ctx, t, b.id, shownMedia(b.files, byFile)); err != nil {
				return err
			}
		}
		after = bodies[len(bodies)-1].id
	}
}

// likeEscape escapes the wildcards of LIKE, for a pattern with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

// rerenderBodies renders again the bodies that show the image, inside t so
// that they see its new words, and announces the articles whose HTML
// changed. Their revisions and update times stay: nobody edited them.
func rerenderBodies(ctx context.Context, t *tx, id int64) error {
	ids, _, err := bodiesShowing(ctx, t, id)
	if err != nil {
		return err
	}
	var changed []int64
	for _, ref := range ids {
		var source, old string
		if err := t.queryRow(ctx, `SELECT body_source, body_html FROM articles WHERE id = ?`, ref).Scan(&source, &old); err != nil {
			return fmt.Errorf("render body again: %w", err)
		}
		html, err := content.RenderBody(ctx, source, txMedia{t})
		if err != nil {
			return err
		}
		if html == old {
			continue
		}
		if _, err := t.exec(ctx, `UPDATE articles SET body_html = ? WHERE id = ?`, html, ref); err != nil {
			return fmt.Errorf("render body again: %w", err)
		}
		changed = append(changed, ref)
		t.changed(masthead.ArticleKey(ref))
	}
	for batch := range slices.Chunk(changed, searchBatch) {
		if err := reindexArticles(ctx, t, batch); err != nil {
			return err
		}
	}
	return nil
}

// txMedia finds images inside a transaction, for rendering bodies there.
type txMedia struct{ t *tx }

func (m txMedia) FindMediaByFiles(ctx context.Context, names []string) ([]*masthead.Media, error) {
	return mediaByFiles(ctx, m.t, names)
}

// maxMediaFiles bounds the names one FindMediaByFiles looks up, and so
// the size of its query; a body showing more images shows the rest as the
// Markdown describes them.
const maxMediaFiles = 200

// FindMediaByFiles returns the images that own any of the named files.
func (s *Store) FindMediaByFiles(ctx context.Context, names []string) ([]*masthead.Media, error) {
	if len(names) == 0 {
		return nil, nil
	}
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	return mediaByFiles(ctx, t, names)
}

// mediaByFiles finds images by their full sizes in one query, then those
// named by a width in another, which reads the library's list of widths.
func mediaByFiles(ctx context.Context, t *tx, names []string) ([]*masthead.Media, error) {
	names = names[:min(len(names), maxMediaFiles)]
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	var out []*masthead.Media
	found := map[string]bool{}
	collect := func(query string, args []any) error {
		rows, err := t.query(ctx, `SELECT `+mediaColumns+` FROM media m WHERE `+query+` ORDER BY m.id`, args...)
		if err != nil {
			return fmt.Errorf("find media by files: %w", err)
		}
		for rows.Next() {
			var m masthead.Media
			if err := scanMedia(rows, &m); err != nil {
				rows.Close()
				return fmt.Errorf("find media by files: %w", err)
			}
			out = append(out, &m)
			for _, f := range m.Files() {
				found[f] = true
			}
		}
		return closeRows(rows, "find media by files")
	}
	if err := collect(`m.name IN (`+placeholders(len(names))+`)`, args); err != nil {
		return nil, err
	}
	var conds []string
	var widths []any
	for _, n := range names {
		if !found[n] {
			conds = append(conds, `','||m.variants||',' LIKE ? ESCAPE '\'`)
			widths = append(widths, "% "+likeEscape(n)+",%")
		}
	}
	if len(conds) > 0 {
		if err := collect(`(`+strings.Join(conds, " OR ")+`) AND m.name NOT IN (`+placeholders(len(names))+`)`, append(widths, args...)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FindMediaByID returns ENOTFOUND if no image has the id.
func (s *Store) FindMediaByID(ctx context.Context, id int64) (*masthead.Media, error) {
	return s.findMedia(ctx, `m.id = ?`, id)
}

// FindMediaByName returns ENOTFOUND if no image has the name.
func (s *Store) FindMediaByName(ctx context.Context, name string) (*masthead.Media, error) {
	return s.findMedia(ctx, `m.name = ?`, name)
}

func (s *Store) findMedia(ctx context.Context, where string, arg any) (*masthead.Media, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	var m masthead.Media
	err = scanMedia(t.queryRow(ctx, `SELECT `+mediaColumns+` FROM media m WHERE `+where, arg), &m)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "Image not found.")
	} else if err != nil {
		return nil, fmt.Errorf("find media: %w", err)
	}
	return &m, nil
}

// FindMedia returns one page of images, newest first.
func (s *Store) FindMedia(ctx context.Context, f masthead.MediaFilter) ([]*masthead.Media, int, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	limit, offset := pageBounds(f.Limit, f.Offset)
	where, args := "", []any{}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(q)) + "%"
		where = ` WHERE LOWER(m.original_name) LIKE ? ESCAPE '\' OR LOWER(m.alt_text) LIKE ? ESCAPE '\'
			OR LOWER(m.caption) LIKE ? ESCAPE '\' OR LOWER(m.credit) LIKE ? ESCAPE '\'`
		args = []any{like, like, like, like}
	}
	items, total, err := queryPage(ctx, t, `SELECT `+mediaColumns+` FROM media m`+where+` ORDER BY m.created_at DESC, m.id DESC`,
		`SELECT COUNT(*) FROM media m`+where, args, limit, offset,
		func(sc scanner) (*masthead.Media, error) {
			var m masthead.Media
			return &m, scanMedia(sc, &m)
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find media: %w", err)
	}
	return items, total, nil
}

// DeleteMedia removes an image from the library, and returns those of its
// files that no other image names, as its original or as a size.
func (s *Store) DeleteMedia(ctx context.Context, id int64) ([]string, error) {
	t, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	var m masthead.Media
	err = scanMedia(t.queryRow(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.id = ?`+t.s.dialect.ForUpdate, id), &m)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "Image not found.")
	} else if err != nil {
		return nil, fmt.Errorf("delete media: %w", err)
	}
	// A body that shows the image would show a figure of nothing: the
	// image stays until the newsroom takes it out of them.
	ids, headlines, err := bodiesShowing(ctx, t, id)
	if err != nil {
		return nil, err
	}
	switch len(ids) {
	case 0:
	case 1:
		return nil, masthead.Errorf(masthead.ECONFLICT, "The image is shown in the body of “%s”; take it out of the body before deleting it.", headlines[0])
	default:
		return nil, masthead.Errorf(masthead.ECONFLICT, "The image is shown in the bodies of “%s” and %d more; take it out of them before deleting it.", headlines[0], len(ids)-1)
	}
	// The image leaves every page that shows it, and the articles it
	// illustrated and the authors it pictured lose it.
	rows, err := t.query(ctx, `SELECT 'a', id FROM articles WHERE featured_media_id = ?
		UNION ALL SELECT 'u', id FROM authors WHERE avatar_media_id = ?`, id, id)
	if err != nil {
		return nil, fmt.Errorf("delete media: %w", err)
	}
	for rows.Next() {
		var kind string
		var ref int64
		if err := rows.Scan(&kind, &ref); err != nil {
			rows.Close()
			return nil, fmt.Errorf("delete media: %w", err)
		}
		if kind == "a" {
			t.changed(masthead.ArticleKey(ref))
		} else {
			t.changed(masthead.AuthorKey(ref))
		}
	}
	if err := closeRows(rows, "delete media"); err != nil {
		return nil, err
	}
	t.changed(masthead.MediaKey(id))
	// A logo, site icon or social image is on every page: the settings
	// let go of it, and every page hears of it.
	placeholders := strings.TrimSuffix(strings.Repeat("?, ", len(masthead.BrandImageSettings)), ", ")
	args := []any{strconv.FormatInt(id, 10)}
	for _, name := range masthead.BrandImageSettings {
		args = append(args, name)
	}
	if res, err := t.exec(ctx, `UPDATE settings SET value = '0' WHERE value = ? AND name IN (`+placeholders+`)`, args...); err != nil {
		return nil, fmt.Errorf("delete media: %w", err)
	} else if n, err := res.RowsAffected(); err != nil {
		return nil, fmt.Errorf("delete media: %w", err)
	} else if n > 0 {
		t.changed(masthead.KeyAll)
	}
	if _, err := t.exec(ctx, `UPDATE articles SET featured_media_id = NULL WHERE featured_media_id = ?`, id); err != nil {
		return nil, fmt.Errorf("delete media: %w", err)
	}
	if _, err := t.exec(ctx, `DELETE FROM media WHERE id = ?`, id); err != nil {
		return nil, fmt.Errorf("delete media: %w", err)
	}
	var unused []string
	for _, name := range m.Files() {
		// Sizes are stored as "480 name.jpg,960 name.jpg": a name is used
		// when it is an original or follows a width's space. Deleting is
		// rare, so a scan of the library is affordable here.
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM media WHERE name = ? OR ','||variants||',' LIKE ?`,
			name, "% "+name+",%").Scan(&n); err != nil {
			return nil, fmt.Errorf("delete media: %w", err)
		}
		if n == 0 {
			unused = append(unused, name)
		}
	}
	return unused, t.Commit()
}
