package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"masthead"
)

const authorColumns = `au.id, au.slug, au.name, au.email, au.bio, au.role, au.external_id, au.created_at, au.updated_at, au.disabled_at, au.language,
	am.id, am.name, am.variants, am.alt_text`

// authorFrom joins an author's picture, which pages show beside the name.
const authorFrom = ` FROM authors au LEFT JOIN media am ON am.id = au.avatar_media_id`

func scanAuthor(sc scanner, a *masthead.Author, extra ...any) error {
	var avatarID sql.NullInt64
	var avatarName, avatarVariants, avatarAlt sql.NullString
	var disabled sql.NullTime
	if err := sc.Scan(append([]any{&a.ID, &a.Slug, &a.Name, &a.Email, &a.Bio, &a.Role, &a.ExternalID, &a.CreatedAt, &a.UpdatedAt, &disabled, &a.Language,
		&avatarID, &avatarName, &avatarVariants, &avatarAlt}, extra...)...); err != nil {
		return err
	}
	a.CreatedAt, a.UpdatedAt, a.DisabledAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC(), nullTime(disabled)
	a.Avatar = nil
	if avatarID.Valid {
		a.Avatar = &masthead.Media{ID: avatarID.Int64, Name: avatarName.String, Variants: parseVariants(avatarVariants.String), AltText: avatarAlt.String}
	}
	return nil
}

// avatarArg returns the avatar column value of a.
func avatarArg(a *masthead.Author) any {
	if a.Avatar == nil {
		return nil
	}
	return a.Avatar.ID
}

// CreateAuthor stores a new author.
func (s *Store) CreateAuthor(ctx context.Context, a *masthead.Author) error {
	if err := a.Validate(); err != nil {
		return err
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := insertAuthor(ctx, t, a, ""); err != nil {
		return err
	}
	return t.Commit()
}

// insertAuthor stores a new author with a password hash ("" for none) and
// sets its ID and times.
func insertAuthor(ctx context.Context, t *tx, a *masthead.Author, passwordHash string) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = t.now
	}
	a.UpdatedAt = t.now
	err := t.queryRow(ctx, `INSERT INTO authors (slug, name, email, bio, role, external_id, created_at, updated_at, avatar_media_id, password_hash, language)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.Slug, a.Name, a.Email, a.Bio, a.Role, a.ExternalID, timeArg(a.CreatedAt), timeArg(a.UpdatedAt), avatarArg(a), passwordHash, a.Language).Scan(&a.ID)
	if err != nil {
		return t.classify(fmt.Errorf("create author: %w", err), "That slug or email address already belongs to another staff member.")
	}
	// No article names the author yet; the author's page, should anyone
	// ask for it, shows the name and bio.
	t.changed(masthead.AuthorKey(a.ID))
	return nil
}

// UpdateAuthor stores changed fields of an existing author.
func (s *Store) UpdateAuthor(ctx context.Context, a *masthead.Author) error {
	if err := a.Validate(); err != nil {
		return err
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if a.Role != masthead.RoleAdmin {
		// The change may demote the last admin: decide it after any other
		// change to the admins (lockAdmins).
		if err := t.lockAdmins(ctx); err != nil {
			return err
		}
	}
	a.UpdatedAt = t.now
	var oldSlug, oldName string
	var oldRole masthead.Role
	var disabled sql.NullTime
	if err := t.queryRow(ctx, `SELECT slug, name, role, disabled_at FROM authors WHERE id = ?`+t.s.dialect.ForUpdate, a.ID).Scan(&oldSlug, &oldName, &oldRole, &disabled); errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "Author not found.")
	} else if err != nil {
		return fmt.Errorf("update author: %w", err)
	}
	if oldRole == masthead.RoleAdmin && a.Role != masthead.RoleAdmin && !disabled.Valid {
		if others, err := t.otherActiveAdmins(ctx, a.ID); err != nil {
			return fmt.Errorf("update author: %w", err)
		} else if others == 0 {
			return masthead.Errorf(masthead.ECONFLICT, "This is the last active admin; make someone else an admin first.")
		}
	}
	res, err := t.exec(ctx, `UPDATE authors SET slug = ?, name = ?, email = ?, bio = ?, role = ?, external_id = ?, updated_at = ?,
		avatar_media_id = ?, language = ? WHERE id = ?`, a.Slug, a.Name, a.Email, a.Bio, a.Role, a.ExternalID, timeArg(a.UpdatedAt), avatarArg(a), a.Language, a.ID)
	if err != nil {
		return t.classify(fmt.Errorf("update author: %w", err), "That slug or email address already belongs to another staff member.")
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "Author not found.")
	}
	if err := addRedirect(ctx, t, "/author/"+oldSlug+"/", a.Path()); err != nil {
		return err
	}
	// Bylines, author boxes and the author's page show the name, slug,
	// bio and picture; the list of the author's articles stays as it is.
	t.changed(masthead.AuthorKey(a.ID))
	// Readers search by byline, so the author's articles take a new name;
	// a change of role or bio leaves the index alone.
	if a.Name != oldName {
		if err := reindexSelected(ctx, t, `SELECT article_id FROM article_authors WHERE author_id = ?`, a.ID); err != nil {
			return err
		}
	}
	return t.Commit()
}

// FindAuthorByID returns ENOTFOUND if no author has the id.
func (s *Store) FindAuthorByID(ctx context.Context, id int64) (*masthead.Author, error) {
	return s.findAuthor(ctx, `au.id = ?`, id)
}

// FindAuthorBySlug returns ENOTFOUND if no author has the slug.
func (s *Store) FindAuthorBySlug(ctx context.Context, slug string) (*masthead.Author, error) {
	return s.findAuthor(ctx, `au.slug = ?`, slug)
}

func (s *Store) findAuthor(ctx context.Context, where string, arg any) (*masthead.Author, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	var a masthead.Author
	err = scanAuthor(t.queryRow(ctx, `SELECT `+authorColumns+authorFrom+` WHERE `+where, arg), &a)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "Author not found.")
	} else if err != nil {
		return nil, fmt.Errorf("find author: %w", err)
	}
	return &a, nil
}

// FindAuthors returns one page of authors ordered by name.
func (s *Store) FindAuthors(ctx context.Context, f masthead.AuthorFilter) ([]*masthead.Author, int, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	limit, offset := pageBounds(f.Limit, f.Offset)
	where, args := "1 = 1", []any{}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			return nil, 0, nil
		}
		where = `au.id IN (` + placeholders(len(f.IDs)) + `)`
		args = int64s(f.IDs)
	}
	if f.Published {
		where += ` AND au.id IN (SELECT aa.author_id FROM article_authors aa JOIN articles a ON a.id = aa.article_id
			WHERE a.status = ? AND a.published_at <= ?)`
		args = append(args, masthead.StatusPublished, timeArg(t.now))
	}
	authors, total, err := queryPage(ctx, t, `SELECT `+authorColumns+authorFrom+` WHERE `+where+` ORDER BY au.name, au.id`,
		`SELECT COUNT(*) FROM authors au WHERE `+where, args, limit, offset,
		func(sc scanner) (*masthead.Author, error) {
			var a masthead.Author
			return &a, scanAuthor(sc, &a)
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find authors: %w", err)
	}
	return authors, total, nil
}

// scanAuthorAfter reads one leading column into first, then an author.
func scanAuthorAfter(sc scanner, a *masthead.Author, first any) error {
	return scanAuthor(prefixScanner{sc, first}, a)
}

// prefixScanner scans a leading column before the ones a scan function
// expects.
type prefixScanner struct {
	sc    scanner
	first any
}

func (p prefixScanner) Scan(dest ...any) error { return p.sc.Scan(append([]any{p.first}, dest...)...) }
