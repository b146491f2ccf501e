package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"masthead"
)

const articleColumns = `a.id, a.slug, a.headline, a.dek, a.body_source, a.body_html, a.excerpt, a.excerpt_generated, a.status,
	a.dateline, a.source_name, a.source_url, a.comments_open, a.published_at, a.created_at, a.updated_at,
	a.external_id, a.revision, a.featured_media_id, a.created_by, a.kind, a.parent_id, a.comment_count,
	c.id, c.slug, c.name, c.description`

// articleCardColumns are articleColumns with empty bodies, for lists that
// show excerpts (ArticleFilter.WithoutBody): on PostgreSQL the bodies are
// then never fetched from where they are kept apart from the row.
var articleCardColumns = strings.Replace(articleColumns, `a.body_source, a.body_html`, `'', ''`, 1)

const articleFrom = ` FROM articles a` + articleJoins

// articleJoins joins an article, aliased a, to its section.
const articleJoins = ` LEFT JOIN categories c ON c.id = a.category_id`

// slugTaken is the message of a slug conflict, for the "slug" field.
const slugTaken = "Another article already uses that address: choose another one."

// pageSlugTaken is slugTaken for a page, whose slug need only be free
// among the pages under the same parent.
const pageSlugTaken = "Another page at the same level already uses that address: choose another one."

// slugTakenFor returns the slug conflict message for a's kind.
func slugTakenFor(a *masthead.Article) string {
	if a.IsPage() {
		return pageSlugTaken
	}
	return slugTaken
}

// kindArg returns the kind column value of a: an ordinary article unless
// a says it is a page.
func kindArg(a *masthead.Article) masthead.Kind {
	if a.IsPage() {
		return masthead.KindPage
	}
	return masthead.KindArticle
}

// parentArg returns the parent column value of a.
func parentArg(a *masthead.Article) any {
	if a.ParentID == 0 {
		return nil
	}
	return a.ParentID
}

// staleRevision refuses a save that started from an older revision than
// the stored one. Its Field, "revision", is what callers decide by.
func staleRevision() error {
	return &masthead.Error{Code: masthead.ECONFLICT, Field: "revision",
		Message: "Someone else saved this article while you were editing it."}
}

// scanArticle reads articleColumns, then any extra destinations.
func scanArticle(sc scanner, a *masthead.Article, extra ...any) error {
	var (
		published        sql.NullTime
		featured         sql.NullInt64
		creator          sql.NullInt64
		catID            sql.NullInt64
		catSlug, catName sql.NullString
		catDesc          sql.NullString
		parent           sql.NullInt64
	)
	dest := append([]any{&a.ID, &a.Slug, &a.Headline, &a.Dek, &a.BodySource, &a.BodyHTML, &a.Excerpt, &a.ExcerptGenerated, &a.Status,
		&a.Dateline, &a.SourceName, &a.SourceURL, &a.CommentsOpen, &published, &a.CreatedAt, &a.UpdatedAt,
		&a.ExternalID, &a.Revision, &featured, &creator, &a.Kind, &parent, &a.CommentCount,
		&catID, &catSlug, &catName, &catDesc}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return err
	}
	a.PublishedAt = nullTime(published)
	a.CreatedBy = creator.Int64
	a.ParentID, a.ParentPath = parent.Int64, "" // the path is filled by attachArticleLinks
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	if featured.Valid {
		a.FeaturedImage = &masthead.Media{ID: featured.Int64} // filled by attachArticleLinks
	}
	if catID.Valid {
		a.Category = &masthead.Category{ID: catID.Int64, Slug: catSlug.String, Name: catName.String, Description: catDesc.String}
	}
	return nil
}

// featuredArg returns the featured image column value of a.
func featuredArg(a *masthead.Article) any {
	if a.FeaturedImage == nil {
		return nil
	}
	return a.FeaturedImage.ID
}

// categoryArg returns the category id column value of a.
func categoryArg(a *masthead.Article) any {
	if a.Category == nil {
		return nil
	}
	return a.Category.ID
}

// creatorArg returns the creator column value of a.
func creatorArg(a *masthead.Article) any {
	if a.CreatedBy == 0 {
		return nil
	}
	return a.CreatedBy
}

// slugChoices is how many numbered forms of a slug one query checks.
const slugChoices = 20

// writeArticleRow runs write, which inserts or updates a's row. A slug
// that was generated rather than chosen first becomes the first free
// numbered form of itself; when another transaction takes that form
// before this one writes (a unique violation), the next free one is taken
// and write runs again. A chosen slug that is taken is refused with an
// ECONFLICT for the "slug" field.
func writeArticleRow(ctx context.Context, t *tx, a *masthead.Article, write func() error) error {
	taken := slugTakenFor(a)
	if !a.SlugGenerated {
		return t.classifyField(write(), "slug", taken)
	}
	base, tried := a.Slug, ""
	var clash error
	for {
		slug, err := freeSlug(ctx, t, base, a)
		if err != nil {
			return err
		}
		if slug == tried {
			// The slug is free, so something else clashed.
			return t.classifyField(clash, "slug", taken)
		}
		a.Slug = slug
		err = t.inSavepoint(ctx, "article_slug", write)
		if !t.isUniqueViolation(err) {
			return t.classify(err, taken)
		}
		tried, clash = slug, err
	}
}

// freeSlug returns the first of base, base-2, base-3 ... that nothing but
// a itself uses where a's slug must be unique: among ordinary articles, or
// among the pages under a's parent.
func freeSlug(ctx context.Context, t *tx, base string, a *masthead.Article) (string, error) {
	for n := 1; n < 50*slugChoices; n += slugChoices {
		choices := make([]any, slugChoices)
		for i := range choices {
			choices[i] = masthead.NumberedSlug(base, n+i)
		}
		rows, err := t.query(ctx, `SELECT slug FROM articles WHERE id <> ? AND kind = ? AND COALESCE(parent_id, 0) = ?
			AND slug IN (`+placeholders(slugChoices)+`)`,
			append([]any{a.ID, kindArg(a), a.ParentID}, choices...)...)
		if err != nil {
			return "", fmt.Errorf("find a free slug: %w", err)
		}
		taken := map[string]bool{}
		for rows.Next() {
			var slug string
			if err := rows.Scan(&slug); err != nil {
				rows.Close()
				return "", fmt.Errorf("find a free slug: %w", err)
			}
			taken[slug] = true
		}
		if err := closeRows(rows, "find a free slug"); err != nil {
			return "", err
		}
		for _, c := range choices {
			if !taken[c.(string)] {
				return c.(string), nil
			}
		}
	}
	return "", &masthead.Error{Code: masthead.ECONFLICT, Field: "slug",
		Message: "So many articles share this headline's address that one must be chosen by hand."}
}

// CreateArticle stores a new article with its authors and tags.
func (s *Store) CreateArticle(ctx context.Context, a *masthead.Article) error {
	return s.CreateArticles(ctx, []*masthead.Article{a})
}

// CreateArticles stores new articles in one transaction, each as
// CreateArticle stores one, and brings the search index up to date a
// batch of articles per statement rather than one, so that seeding or
// importing a large archive costs a few statements an article. On failure
// no article of the batch keeps an id the database rolled back.
func (s *Store) CreateArticles(ctx context.Context, articles []*masthead.Article) (err error) {
	for _, a := range articles {
		if err := a.Validate(); err != nil {
			return err
		}
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	chosen := make([]bool, len(articles))
	for i, a := range articles {
		chosen[i] = a.ID != 0
	}
	defer func() {
		if err != nil {
			for i, a := range articles {
				if !chosen[i] {
					a.ID = 0
				}
			}
		}
	}()
	for _, a := range articles {
		if err := createArticleIn(ctx, t, a); err != nil {
			return err
		}
	}
	ids := make([]int64, len(articles))
	for i, a := range articles {
		ids[i] = a.ID
	}
	for batch := range slices.Chunk(ids, searchBatch) {
		if err := reindexArticles(ctx, t, batch); err != nil {
			return err
		}
	}
	return t.Commit()
}

// createArticleIn writes one new article's row, links and first revision
// in t; the caller indexes it for search.
func createArticleIn(ctx context.Context, t *tx, a *masthead.Article) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = t.now
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = t.now
	}
	// Every article has a creator, who can always reach it: the person
	// saving it, or for imports and seeds its first author.
	if a.CreatedBy == 0 {
		a.CreatedBy = a.EditedBy
	}
	if a.CreatedBy == 0 && len(a.Authors) > 0 {
		a.CreatedBy = a.Authors[0].ID
	}
	a.Kind = kindArg(a)
	// An article may bring its own id, as an import does to keep the ids
	// of old links; checked first, so that a taken id is not mistaken for
	// a taken slug below.
	chosenID := a.ID != 0
	if chosenID {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM articles WHERE id = ?`, a.ID).Scan(&n); err != nil {
			return fmt.Errorf("create article: %w", err)
		}
		if n > 0 {
			return &masthead.Error{Code: masthead.ECONFLICT, Field: "id", Message: fmt.Sprintf("Another article already has the id %d.", a.ID)}
		}
	}
	if err := checkPageParent(ctx, t, a); err != nil {
		return err
	}
	insert := func() error {
		if chosenID {
			_, err := t.exec(ctx, `INSERT INTO articles (id, slug, headline, dek, body_source, body_html, excerpt, excerpt_generated, status,
			category_id, dateline, source_name, source_url, comments_open, published_at, created_at, updated_at, external_id,
			featured_media_id, created_by, kind, parent_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				a.ID, a.Slug, a.Headline, a.Dek, a.BodySource, a.BodyHTML, a.Excerpt, a.ExcerptGenerated, a.Status,
				categoryArg(a), a.Dateline, a.SourceName, a.SourceURL, a.CommentsOpen, timeArg(a.PublishedAt),
				timeArg(a.CreatedAt), timeArg(a.UpdatedAt), a.ExternalID, featuredArg(a), creatorArg(a), a.Kind, parentArg(a))
			return err
		}
		return t.queryRow(ctx, `INSERT INTO articles (slug, headline, dek, body_source, body_html, excerpt, excerpt_generated, status,
		category_id, dateline, source_name, source_url, comments_open, published_at, created_at, updated_at, external_id,
		featured_media_id, created_by, kind, parent_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			a.Slug, a.Headline, a.Dek, a.BodySource, a.BodyHTML, a.Excerpt, a.ExcerptGenerated, a.Status,
			categoryArg(a), a.Dateline, a.SourceName, a.SourceURL, a.CommentsOpen, timeArg(a.PublishedAt),
			timeArg(a.CreatedAt), timeArg(a.UpdatedAt), a.ExternalID, featuredArg(a), creatorArg(a), a.Kind, parentArg(a)).Scan(&a.ID)
	}
	if err := writeArticleRow(ctx, t, a, insert); err != nil {
		return fmt.Errorf("create article: %w", err)
	}
	if err := fillPagePaths(ctx, t, []*masthead.Article{a}); err != nil {
		return err
	}
	// Ids generated later must pass the chosen one.
	if chosenID && t.s.dialect.ResetIdentity != nil {
		if _, err := t.exec(ctx, t.s.dialect.ResetIdentity("articles")); err != nil {
			return fmt.Errorf("create article: %w", err)
		}
	}
	if err := writeArticleLinks(ctx, t, a); err != nil {
		return err
	}
	if err := writeArticleMedia(ctx, t, a, false); err != nil {
		return err
	}
	a.Revision = 1
	if err := writeRevision(ctx, t, a); err != nil {
		return err
	}
	t.articleChanged(a.ID, listingOf(a, t.now))
	t.moveInLists(listPlace{}, listPlaceOf(a))
	return nil
}

// writeRevision keeps the article as this save leaves it. The body is
// left NULL, which reads as the article's own: most articles are never
// edited, and a copy of each body in its first revision was a fifth of a
// large site's file. keepRevisionBodies writes the body into those
// revisions before a save replaces it.
func writeRevision(ctx context.Context, t *tx, a *masthead.Article) error {
	var editor any
	if a.EditedBy != 0 {
		editor = a.EditedBy
	}
	_, err := t.exec(ctx, `INSERT INTO article_revisions (article_id, revision, editor_id, created_at, headline, dek, body_source, excerpt, status)
		VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`, a.ID, a.Revision, editor, timeArg(t.now), a.Headline, a.Dek, a.Excerpt, a.Status)
	if err != nil {
		return t.classify(fmt.Errorf("keep revision: %w", err), "That revision was already kept.")
	}
	return nil
}

// UpdateArticle stores an existing article and replaces its links.
func (s *Store) UpdateArticle(ctx context.Context, a *masthead.Article) error {
	if err := a.Validate(); err != nil {
		return err
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	var (
		stored       int
		oldSlug      string
		oldStatus    masthead.Status
		oldPublished sql.NullTime
		created      time.Time
		creator      sql.NullInt64
		oldKind      masthead.Kind
		oldParent    sql.NullInt64
	)
	err = t.queryRow(ctx, `SELECT revision, slug, status, published_at, created_at, created_by, kind, parent_id FROM articles WHERE id = ?`, a.ID).
		Scan(&stored, &oldSlug, &oldStatus, &oldPublished, &created, &creator, &oldKind, &oldParent)
	if errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "Article not found.")
	} else if err != nil {
		return fmt.Errorf("update article: %w", err)
	}
	if a.Revision != 0 && a.Revision != stored {
		return staleRevision()
	}
	if kindArg(a) != oldKind {
		return masthead.FieldErrorf("kind", "An article cannot become a page, nor a page an article.")
	}
	a.Kind = oldKind
	if err := checkPageParent(ctx, t, a); err != nil {
		return err
	}
	// Where readers found the article is read before its links are
	// replaced: the lists it leaves change as much as those it joins.
	before, err := storedListing(ctx, t, a.ID)
	if err != nil {
		return err
	}
	placeBefore, err := storedListPlace(ctx, t, a.ID)
	if err != nil {
		return err
	}
	// The old address is worked out before the write, from a page's
	// parent as it was.
	old := &masthead.Article{Kind: oldKind, Slug: oldSlug, ParentID: oldParent.Int64, Status: oldStatus,
		PublishedAt: nullTime(oldPublished), CreatedAt: created}
	if err := fillPagePaths(ctx, t, []*masthead.Article{old}); err != nil {
		return err
	}
	if !a.KeepUpdatedAt || a.UpdatedAt.IsZero() {
		a.UpdatedAt = t.now
	}
	a.Revision = stored + 1
	a.CreatedBy = creator.Int64 // the creator never changes
	update := func() error {
		// The revision in the WHERE clause makes the check and the write
		// one step, whatever another process does in between.
		res, err := t.exec(ctx, `UPDATE articles SET slug = ?, headline = ?, dek = ?, body_source = ?, body_html = ?,
		excerpt = ?, excerpt_generated = ?, status = ?, category_id = ?, dateline = ?, source_name = ?, source_url = ?, comments_open = ?,
		published_at = ?, updated_at = ?, external_id = ?, revision = ?, featured_media_id = ?, parent_id = ? WHERE id = ? AND revision = ?`,
			a.Slug, a.Headline, a.Dek, a.BodySource, a.BodyHTML, a.Excerpt, a.ExcerptGenerated, a.Status, categoryArg(a),
			a.Dateline, a.SourceName, a.SourceURL, a.CommentsOpen, timeArg(a.PublishedAt), timeArg(a.UpdatedAt),
			a.ExternalID, a.Revision, featuredArg(a), parentArg(a), a.ID, stored)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return staleRevision()
		}
		return nil
	}
	if err := keepRevisionBodies(ctx, t, a.ID, a.BodySource); err != nil {
		return err
	}
	if err := writeArticleRow(ctx, t, a, update); err != nil {
		return fmt.Errorf("update article: %w", err)
	}
	if err := fillPagePaths(ctx, t, []*masthead.Article{a}); err != nil {
		return err
	}
	// Readers, feeds and search engines know an article or page that has
	// been public by its address, even after it was unpublished: when the
	// address moves (a new slug, a new date, a page's new parent), the old
	// one answers with a redirect, which for a page also covers the pages
	// below it (FindRedirect matches prefixes).
	if old.HasBeenPublic(t.now) {
		loc, err := siteLocation(ctx, t)
		if err != nil {
			return err
		}
		from := old.Path(loc)
		to := (&masthead.Article{Kind: a.Kind, Slug: a.Slug, ParentID: a.ParentID, ParentPath: a.ParentPath,
			PublishedAt: a.PublishedAt, CreatedAt: created}).Path(loc)
		if from != to {
			if err := addRedirect(ctx, t, from, to); err != nil {
				return err
			}
		}
	}
	for _, q := range []string{`DELETE FROM article_authors WHERE article_id = ?`, `DELETE FROM article_tags WHERE article_id = ?`} {
		if _, err := t.exec(ctx, q, a.ID); err != nil {
			return fmt.Errorf("update article: %w", err)
		}
	}
	if err := writeArticleLinks(ctx, t, a); err != nil {
		return err
	}
	if err := writeArticleMedia(ctx, t, a, true); err != nil {
		return err
	}
	if err := writeRevision(ctx, t, a); err != nil {
		return err
	}
	if err := reindexArticle(ctx, t, a.ID); err != nil {
		return err
	}
	t.articleChanged(a.ID, before, listingOf(a, t.now))
	t.moveInLists(placeBefore, listPlaceOf(a))
	// A menu may lead to the page or to one below it, whose address moves
	// with it, and so do the sitemap's and search's links to them.
	changed := []int64{a.ID}
	if a.IsPage() && (oldSlug != a.Slug || oldParent.Int64 != a.ParentID) {
		below, _, err := pagesBelow(ctx, t, a.ID)
		if err != nil {
			return err
		}
		for _, id := range below {
			t.changed(masthead.ArticleKey(id))
		}
		if len(below) > 0 {
			t.changed(masthead.KeyFront)
		}
		changed = append(changed, below...)
	}
	if err := menuArticlesChanged(ctx, t, changed); err != nil {
		return err
	}
	return t.Commit()
}

// keepRevisionBodies gives the revisions of an article that share its
// body (those whose body is NULL) a copy of it when the body is about to
// become newBody. It runs before every write of the article's body_source,
// which would otherwise change theirs with it.
func keepRevisionBodies(ctx context.Context, t *tx, articleID int64, newBody string) error {
	if _, err := t.exec(ctx, `UPDATE article_revisions SET body_source = (SELECT body_source FROM articles WHERE id = ?)
		WHERE article_id = ? AND body_source IS NULL AND (SELECT body_source FROM articles WHERE id = ?) <> ?`,
		articleID, articleID, articleID, newBody); err != nil {
		return fmt.Errorf("keep revision bodies: %w", err)
	}
	return nil
}

// FindRevisions returns an article's revisions, newest first.
func (s *Store) FindRevisions(ctx context.Context, articleID int64, limit int) ([]*masthead.ArticleRevision, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	limit, _ = pageBounds(limit, 0)
	rows, err := t.query(ctx, `SELECT r.article_id, r.revision, COALESCE(r.editor_id, 0), COALESCE(au.name, ''), r.created_at,
		r.headline, r.dek, COALESCE(r.body_source, a.body_source), r.excerpt, r.status
		FROM article_revisions r JOIN articles a ON a.id = r.article_id LEFT JOIN authors au ON au.id = r.editor_id
		WHERE r.article_id = ? ORDER BY r.revision DESC LIMIT ?`, articleID, limit)
	if err != nil {
		return nil, fmt.Errorf("find revisions: %w", err)
	}
	defer rows.Close()
	var out []*masthead.ArticleRevision
	for rows.Next() {
		var r masthead.ArticleRevision
		if err := rows.Scan(&r.ArticleID, &r.Revision, &r.EditorID, &r.EditorName, &r.CreatedAt,
			&r.Headline, &r.Dek, &r.BodySource, &r.Excerpt, &r.Status); err != nil {
			return nil, fmt.Errorf("find revisions: %w", err)
		}
		r.CreatedAt = r.CreatedAt.UTC()
		out = append(out, &r)
	}
	return out, rows.Err()
}

// PublishDueArticles publishes the scheduled articles whose time has come.
func (s *Store) PublishDueArticles(ctx context.Context) (int, error) {
	t, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer t.Rollback()
	due, _, err := findArticlesIn(ctx, t, masthead.ArticleFilter{Kind: masthead.AnyKind, Status: masthead.StatusScheduled,
		PublishedBefore: t.now.Add(time.Microsecond), Limit: 500})
	if err != nil {
		return 0, err
	}
	ids := make([]int64, 0, len(due))
	for _, a := range due {
		a.Status = masthead.StatusPublished
		a.Revision++
		// The article keeps its scheduled time as its publish time and
		// its last edit as its update time: publishing on time is not an
		// update readers need to hear about.
		if _, err := t.exec(ctx, `UPDATE articles SET status = ?, revision = ? WHERE id = ? AND status = ?`,
			masthead.StatusPublished, a.Revision, a.ID, masthead.StatusScheduled); err != nil {
			return 0, fmt.Errorf("publish due: %w", err)
		}
		if err := writeRevision(ctx, t, a); err != nil {
			return 0, err
		}
		t.articleChanged(a.ID, listingOf(a, t.now))
		t.moveInLists(listPlace{}, listPlaceOf(a)) // a scheduled article is in no list
		ids = append(ids, a.ID)
	}
	for batch := range slices.Chunk(ids, searchBatch) {
		if err := reindexArticles(ctx, t, batch); err != nil {
			return 0, err
		}
	}
	if err := menuArticlesChanged(ctx, t, ids); err != nil {
		return 0, err
	}
	return len(due), t.Commit()
}

// writeArticleLinks inserts the author and tag rows of a.
func writeArticleLinks(ctx context.Context, t *tx, a *masthead.Article) error {
	// One statement for the byline and one for the tags, whatever their
	// number: an import writes them for every article.
	if len(a.Authors) > 0 {
		args := make([]any, 0, 3*len(a.Authors))
		for i, au := range a.Authors {
			args = append(args, a.ID, au.ID, i)
		}
		if _, err := t.exec(ctx, `INSERT INTO article_authors (article_id, author_id, position) VALUES `+valueRows(len(a.Authors), 3), args...); err != nil {
			return t.classify(fmt.Errorf("link author: %w", err), "An author is listed twice.")
		}
	}
	if len(a.Tags) > 0 {
		args := make([]any, 0, 2*len(a.Tags))
		for _, tag := range a.Tags {
			args = append(args, a.ID, tag.ID)
		}
		if _, err := t.exec(ctx, `INSERT INTO article_tags (article_id, tag_id) VALUES `+valueRows(len(a.Tags), 2)+` ON CONFLICT DO NOTHING`, args...); err != nil {
			return t.classify(fmt.Errorf("link tag: %w", err), "A tag is listed twice.")
		}
	}
	return nil
}

// FindArticleByID returns the article or page in any status, or
// ENOTFOUND.
func (s *Store) FindArticleByID(ctx context.Context, id int64) (*masthead.Article, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	return findArticleIn(ctx, t, `a.id = ?`, id)
}

// FindArticleBySlug returns the ordinary article in any status, or
// ENOTFOUND.
func (s *Store) FindArticleBySlug(ctx context.Context, slug string) (*masthead.Article, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	return findArticleIn(ctx, t, `a.slug = ? AND `+kindIs("a.kind", masthead.KindArticle), slug)
}

// FindArticleHeadBySlug returns the ordinary article's own fields and
// section, in any status, without its body and links, or ENOTFOUND.
func (s *Store) FindArticleHeadBySlug(ctx context.Context, slug string) (*masthead.Article, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	var a masthead.Article
	err = scanArticle(t.queryRow(ctx, `SELECT `+articleCardColumns+articleFrom+` WHERE a.slug = ? AND `+kindIs("a.kind", masthead.KindArticle), slug), &a)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "Article not found.")
	} else if err != nil {
		return nil, fmt.Errorf("find article: %w", err)
	}
	a.FeaturedImage = nil // its files are links, not loaded here
	return &a, nil
}

// FindPageByPath returns the page at an address, in any status, or
// ENOTFOUND: it follows the address's slugs down from the top level, one
// level at a time.
func (s *Store) FindPageByPath(ctx context.Context, path string) (*masthead.Article, error) {
	slugs, ok := masthead.PagePathSlugs(path)
	if !ok {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "Page not found.")
	}
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	var id int64
	for _, slug := range slugs {
		err := t.queryRow(ctx, `SELECT id FROM articles WHERE `+kindIs("kind", masthead.KindPage)+` AND COALESCE(parent_id, 0) = ? AND slug = ?`,
			id, slug).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, masthead.Errorf(masthead.ENOTFOUND, "Page not found.")
		} else if err != nil {
			return nil, fmt.Errorf("find page: %w", err)
		}
	}
	return findArticleIn(ctx, t, `a.id = ?`, id)
}

// findArticleIn returns the one article that matches where, with its
// links and corrections.
func findArticleIn(ctx context.Context, t *tx, where string, args ...any) (*masthead.Article, error) {
	var a masthead.Article
	// Whether the article has corrections comes with its row, so that
	// the many that have none cost no statement of their own for them.
	var corrected bool
	err := scanArticle(t.queryRow(ctx, `SELECT `+articleColumns+`, EXISTS (SELECT 1 FROM corrections k WHERE k.article_id = a.id)`+
		articleFrom+` WHERE `+where, args...), &a, &corrected)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "Article not found.")
	} else if err != nil {
		return nil, fmt.Errorf("find article: %w", err)
	}
	if err := attachArticleLinks(ctx, t, []*masthead.Article{&a}); err != nil {
		return nil, err
	}
	if corrected {
		if a.Corrections, err = findCorrections(ctx, t, a.ID); err != nil {
			return nil, err
		}
	}
	return &a, nil
}

func findCorrections(ctx context.Context, t *tx, articleID int64) ([]*masthead.Correction, error) {
	rows, err := t.query(ctx, `SELECT id, article_id, kind, body, COALESCE(author_id, 0), created_at FROM corrections
		WHERE article_id = ? ORDER BY created_at, id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("find corrections: %w", err)
	}
	defer rows.Close()
	var out []*masthead.Correction
	for rows.Next() {
		var c masthead.Correction
		if err := rows.Scan(&c.ID, &c.ArticleID, &c.Kind, &c.Text, &c.AuthorID, &c.CreatedAt); err != nil {
			return nil, fmt.Errorf("find corrections: %w", err)
		}
		c.CreatedAt = c.CreatedAt.UTC()
		out = append(out, &c)
	}
	return out, rows.Err()
}

// AddCorrection appends a note to a published article.
func (s *Store) AddCorrection(ctx context.Context, c *masthead.Correction) error {
	if err := c.Validate(); err != nil {
		return err
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	var status masthead.Status
	err = t.queryRow(ctx, `SELECT status FROM articles WHERE id = ?`, c.ArticleID).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "Article not found.")
	} else if err != nil {
		return fmt.Errorf("add correction: %w", err)
	}
	if status != masthead.StatusPublished {
		return masthead.Errorf(masthead.ECONFLICT, "Only a published article takes corrections; edit a draft instead.")
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = t.now
	}
	var author any
	if c.AuthorID != 0 {
		author = c.AuthorID
	}
	if err := t.queryRow(ctx, `INSERT INTO corrections (article_id, kind, body, author_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		c.ArticleID, c.Kind, c.Text, author, timeArg(c.CreatedAt)).Scan(&c.ID); err != nil {
		return fmt.Errorf("add correction: %w", err)
	}
	if _, err := t.exec(ctx, `UPDATE articles SET updated_at = ? WHERE id = ?`, timeArg(c.CreatedAt), c.ArticleID); err != nil {
		return fmt.Errorf("add correction: %w", err)
	}
	// The note shows on the article, and its new update time wherever
	// the article is listed.
	l, err := storedListing(ctx, t, c.ArticleID)
	if err != nil {
		return err
	}
	t.articleChanged(c.ArticleID, l)
	// The article stays in its lists, which change with it.
	place, err := storedListPlace(ctx, t, c.ArticleID)
	if err != nil {
		return err
	}
	t.moveInLists(place, place)
	return t.Commit()
}

// FindArticles returns one page of matching articles, newest first.
func (s *Store) FindArticles(ctx context.Context, f masthead.ArticleFilter) ([]*masthead.Article, int, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	return findArticlesIn(ctx, t, f)
}

// findArticlesIn is FindArticles inside a transaction. The page's ids
// come first, from the indexes alone, and only then the page's rows (a
// "deferred join"): a page deep in the archive skips index entries, not
// rows carrying bodies, and the count reads the same entries.
func findArticlesIn(ctx context.Context, t *tx, f masthead.ArticleFilter) ([]*masthead.Article, int, error) {
	limit, offset := pageBounds(f.Limit, f.Offset)
	from, where, args := articleConditions(t, f)
	list, counted := countedList(f)
	if counted && (list.list == listTag || list.list == listAuthor) {
		byDate, err := walkListByDate(ctx, t, list, offset+limit)
		if err != nil {
			return nil, 0, err
		}
		if byDate {
			from, where, args = linkedByDate(t, f, list)
		}
	}
	order := ` ORDER BY a.published_at DESC, a.id DESC`
	if !f.Visible && f.Status != masthead.StatusPublished && f.Status != masthead.StatusScheduled {
		// Drafts may have no publish time; list them by their last change.
		order = ` ORDER BY COALESCE(a.published_at, a.updated_at) DESC, a.id DESC`
	}
	// A list readers page through has its length kept (listTotal); any
	// other filter is counted from the index entries it selects.
	count := `SELECT COUNT(*)` + from + where
	if counted || f.SkipTotal {
		count = ""
	}
	ids, total, err := queryPage(ctx, t, `SELECT a.id`+from+where+order, count,
		args, limit, offset, func(sc scanner) (id int64, err error) { return id, sc.Scan(&id) })
	if err != nil {
		return nil, 0, fmt.Errorf("find articles: %w", err)
	}
	if counted && !f.SkipTotal {
		if total, err = listTotal(ctx, t, list); err != nil {
			return nil, 0, err
		}
		// The list less the articles left out of it (a page's pins):
		// those of them the list holds, counted by their ids, of which
		// there are a handful.
		if len(f.ExcludeIDs) > 0 {
			g := f
			g.IDs, g.ExcludeIDs = f.ExcludeIDs, nil
			gfrom, gwhere, gargs := articleConditions(t, g)
			var left int
			if err := t.queryRow(ctx, `SELECT COUNT(*)`+gfrom+gwhere, gargs...).Scan(&left); err != nil {
				return nil, 0, fmt.Errorf("find articles: %w", err)
			}
			total = max(0, total-left)
		}
	}
	articles, err := articlesByID(ctx, t, ids, f.WithoutBody)
	if err != nil {
		return nil, 0, err
	}
	return articles, total, nil
}

// walkListByDate reports whether the first upTo articles of a tag's or
// author's list are found sooner by walking the visible articles from the
// newest, asking of each whether it is in the list, than by reading every
// entry of the list and sorting them by date, which is what the link
// tables allow, since they hold no date. The walk reads about upTo ×
// site / list entries, the sort the list's length, so each is chosen where
// it costs less, from the kept lengths of the two lists: a tag on one
// article in fourteen is a walk of 140 entries for its first page however
// large the archive, a rare one a sort of its few, and neither exceeds
// √(upTo × site).
func walkListByDate(ctx context.Context, t *tx, list listKey, upTo int) (bool, error) {
	rows, err := t.query(ctx, `SELECT list, articles FROM article_lists WHERE list = ? AND ref = 0 OR list = ? AND ref = ?`,
		listSite, list.list, list.ref)
	if err != nil {
		return false, fmt.Errorf("find articles: %w", err)
	}
	var site, size int64
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			rows.Close()
			return false, fmt.Errorf("find articles: %w", err)
		}
		if name == listSite {
			site = n
		} else {
			size = n
		}
	}
	if err := closeRows(rows, "find articles"); err != nil {
		return false, err
	}
	return size > 0 && int64(upTo)*site < size*size, nil
}

// linkedByDate returns the FROM and WHERE clauses, and their arguments,
// of f's tag's or author's list found by walking the visible articles in
// date order (articles_visible) and probing the link table's primary key
// for each, as walkListByDate chooses.
func linkedByDate(t *tx, f masthead.ArticleFilter, list listKey) (string, string, []any) {
	g := f
	g.TagID, g.AuthorID = 0, 0
	from, where, args := articleConditions(t, g)
	link := ` EXISTS (SELECT 1 FROM article_tags ft WHERE ft.article_id = a.id AND ft.tag_id = ?)`
	if list.list == listAuthor {
		link = ` EXISTS (SELECT 1 FROM article_authors fa WHERE fa.article_id = a.id AND fa.author_id = ?)`
	}
	return from, where + ` AND` + link, append(args, list.ref)
}

// countQueryUnless returns query, or no query when skip is set, for
// queryPage.
func countQueryUnless(skip bool, query string) string {
	if skip {
		return ""
	}
	return query
}

// articlesByID returns the articles of ids, in that order, with their
// links; without their bodies when withoutBody is set.
func articlesByID(ctx context.Context, t *tx, ids []int64, withoutBody bool) ([]*masthead.Article, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	query := `SELECT ` + articleColumns + articleFrom
	if withoutBody {
		query = `SELECT ` + articleCardColumns + ` FROM ` + t.s.dialect.ArticleCards + articleJoins
	}
	rows, err := t.query(ctx, query+` WHERE a.id IN (`+placeholders(len(ids))+`)`, int64s(ids)...)
	if err != nil {
		return nil, fmt.Errorf("find articles: %w", err)
	}
	byID := make(map[int64]*masthead.Article, len(ids))
	for rows.Next() {
		var a masthead.Article
		if err := scanArticle(rows, &a); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find articles: %w", err)
		}
		byID[a.ID] = &a
	}
	if err := closeRows(rows, "find articles"); err != nil {
		return nil, err
	}
	articles := make([]*masthead.Article, 0, len(ids))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			articles = append(articles, a)
		}
	}
	if err := attachArticleLinks(ctx, t, articles); err != nil {
		return nil, err
	}
	return articles, nil
}

// likeEscaper makes the wildcards of LIKE match themselves, so that a
// search for "80%" finds "80%" and not "800".
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// articleConditions builds the FROM and WHERE clauses of f. A filter by
// tag or author starts from that link table and reaches the articles by
// id, so that a tag's page costs what the tag holds: starting from the
// articles in the order of their dates, as a database may choose to save
// a sort, reads the whole archive to find a rare tag's few.
func articleConditions(t *tx, f masthead.ArticleFilter) (string, string, []any) {
	var conds, links []string
	var args []any
	via := "" // the alias of the first link table, which leads to the articles
	if f.TagID != 0 {
		links, via = append(links, `article_tags ft`), "ft"
		conds = append(conds, `ft.tag_id = ?`)
		args = append(args, f.TagID)
	}
	if f.AuthorID != 0 {
		links = append(links, `article_authors fa`)
		conds = append(conds, `fa.author_id = ?`)
		args = append(args, f.AuthorID)
		if via != "" {
			conds = append(conds, `fa.article_id = `+via+`.article_id`)
		} else {
			via = "fa"
		}
	}
	from := ` FROM articles a`
	switch {
	case via != "":
		from = ` FROM ` + strings.Join(links, ` CROSS JOIN `) + ` CROSS JOIN ` + t.s.dialect.ArticlesByID
		conds = append(conds, `a.id = `+via+`.article_id`)
	case f.IDs != nil:
		from = ` FROM ` + t.s.dialect.ArticlesByID
	}
	switch f.Kind {
	case masthead.AnyKind:
	case masthead.KindPage:
		conds = append(conds, kindIs(`a.kind`, masthead.KindPage))
	default:
		conds = append(conds, kindIs(`a.kind`, masthead.KindArticle))
	}
	if f.IDs != nil {
		conds = append(conds, `a.id IN (`+placeholders(max(1, len(f.IDs)))+`)`)
		if len(f.IDs) == 0 {
			args = append(args, 0) // no article has id 0: an empty list matches nothing
		}
		args = append(args, int64s(f.IDs)...)
	}
	if len(f.ExcludeIDs) > 0 {
		conds = append(conds, `a.id NOT IN (`+placeholders(len(f.ExcludeIDs))+`)`)
		args = append(args, int64s(f.ExcludeIDs)...)
	}
	if f.Visible {
		conds = append(conds, `a.status = ?`, `a.published_at <= ?`)
		args = append(args, masthead.StatusPublished, timeArg(t.now))
	}
	if f.Status != "" {
		conds = append(conds, `a.status = ?`)
		args = append(args, f.Status)
	}
	if f.OwnerID != 0 {
		conds = append(conds, `(a.created_by = ? OR a.id IN (SELECT article_id FROM article_authors WHERE author_id = ?))`)
		args = append(args, f.OwnerID, f.OwnerID)
	}
	if f.CategoryID != 0 {
		conds = append(conds, `a.category_id = ?`)
		args = append(args, f.CategoryID)
	}
	if q := strings.TrimSpace(f.HeadlineContains); q != "" {
		conds = append(conds, t.s.dialect.Lower(`a.headline`)+` LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscaper.Replace(strings.ToLower(q))+"%")
	}
	if !f.PublishedFrom.IsZero() {
		conds = append(conds, `a.published_at >= ?`)
		args = append(args, timeArg(f.PublishedFrom))
	}
	if !f.PublishedBefore.IsZero() {
		conds = append(conds, `a.published_at < ?`)
		args = append(args, timeArg(f.PublishedBefore))
	}
	if len(conds) == 0 {
		return from, "", nil
	}
	return from, ` WHERE ` + strings.Join(conds, ` AND `), args
}

// kindIs returns the condition that column, the kind of articles under
// an alias, is kind, with the kind written into the statement instead of
// bound. SQLite's planner holds a bound kind against the conditions of
// the partial indexes on articles (articles_slug's kind = 'article',
// articles_page_slug's kind = 'page') and, having looked at the value,
// marks the prepared statement to be planned again whenever its
// parameters are bound anew: every list of a page load was parsed and
// planned afresh at every run, twice the cost of the run itself. A kind is
// one of two constants, never input, so it is safe to write in.
func kindIs(column string, kind masthead.Kind) string {
	switch kind {
	case masthead.KindArticle, masthead.KindPage:
		return column + ` = '` + string(kind) + `'`
	}
	panic("sqlstore: no such kind of article: " + string(kind))
}

// MaxArticleID returns the highest article id, 0 when there is none.
func (s *Store) MaxArticleID(ctx context.Context) (int64, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return 0, err
	}
	defer t.Rollback()
	var id int64
	if err := t.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM articles`).Scan(&id); err != nil {
		return 0, fmt.Errorf("find the highest article id: %w", err)
	}
	return id, nil
}

// FindRelatedCandidates returns the visible articles of sections and
// tags that related articles are chosen from, with their tag ids, in one
// statement however many lists are asked for. Each list is read from an
// index in order and cut short at n, so that it costs the same on a site
// of a thousand articles or a million.
func (s *Store) FindRelatedCandidates(ctx context.Context, lists []masthead.RelatedList, n int) (map[masthead.RelatedList][]masthead.RelatedCandidate, error) {
	if len(lists) == 0 {
		return nil, nil
	}
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	n, _ = pageBounds(n, 0)
	article := kindIs(`a.kind`, masthead.KindArticle)
	visible := []any{masthead.StatusPublished, timeArg(t.now)}
	var parts []string
	var args []any
	for i, l := range lists {
		// The list's number is written in: it is an index, never input.
		number := strconv.Itoa(i)
		switch {
		case l.SectionID != 0:
			parts = append(parts, `SELECT `+number+` AS list, id, published_at FROM (SELECT a.id, a.published_at FROM articles a
				WHERE a.category_id = ? AND `+article+` AND a.status = ? AND a.published_at <= ?
				ORDER BY a.published_at DESC, a.id DESC LIMIT ?) s`+number)
			args = append(append(append(args, l.SectionID), visible...), n)
		case l.TagID != 0:
			parts = append(parts, `SELECT `+number+` AS list, id, published_at FROM (SELECT a.id, a.published_at
				FROM (SELECT article_id FROM article_tags WHERE tag_id = ? ORDER BY article_id DESC LIMIT ?) tg
				CROSS JOIN `+t.s.dialect.ArticlesByID+`
				WHERE a.id = tg.article_id AND `+article+` AND a.status = ? AND a.published_at <= ?) t`+number)
			args = append(append(args, l.TagID, n), visible...)
		}
	}
	out := make(map[masthead.RelatedList][]masthead.RelatedCandidate, len(lists))
	for _, l := range lists {
		out[l] = nil // a list with no visible article is known to be empty
	}
	if len(parts) == 0 {
		return out, nil
	}
	rows, err := t.query(ctx, `SELECT c.list, c.id, c.published_at, ct.tag_id FROM (`+strings.Join(parts, ` UNION ALL `)+`) c
		LEFT JOIN article_tags ct ON ct.article_id = c.id
		ORDER BY c.list, c.published_at DESC, c.id DESC, ct.tag_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("find related candidates: %w", err)
	}
	for rows.Next() {
		var list int
		var id int64
		var published sql.NullTime
		var tag sql.NullInt64
		if err := rows.Scan(&list, &id, &published, &tag); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find related candidates: %w", err)
		}
		l := lists[list]
		cs := out[l]
		if len(cs) == 0 || cs[len(cs)-1].ID != id {
			cs = append(cs, masthead.RelatedCandidate{ID: id, PublishedAt: nullTime(published)})
		}
		if tag.Valid {
			cs[len(cs)-1].TagIDs = append(cs[len(cs)-1].TagIDs, tag.Int64)
		}
		out[l] = cs
	}
	return out, closeRows(rows, "find related candidates")
}

// FindArticleCards returns the cards of the visible articles among ids,
// in their order, read from the cards' index alone. Visibility is checked
// again here, so that a list of ids kept a little too long never links an
// article that has just been withdrawn.
func (s *Store) FindArticleCards(ctx context.Context, ids []int64) ([]*masthead.Article, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	args := append(int64s(ids), masthead.StatusPublished, timeArg(t.now))
	rows, err := t.query(ctx, `SELECT `+articleCardColumns+` FROM `+t.s.dialect.ArticleCards+articleJoins+`
		WHERE a.id IN (`+placeholders(len(ids))+`) AND `+kindIs(`a.kind`, masthead.KindArticle)+` AND a.status = ? AND a.published_at <= ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("find article cards: %w", err)
	}
	byID := make(map[int64]*masthead.Article, len(ids))
	for rows.Next() {
		var a masthead.Article
		if err := scanArticle(rows, &a); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find article cards: %w", err)
		}
		a.FeaturedImage = nil // its files are links, not loaded here
		byID[a.ID] = &a
	}
	if err := closeRows(rows, "find article cards"); err != nil {
		return nil, err
	}
	cards := make([]*masthead.Article, 0, len(byID))
	for _, id := range ids {
		if a := byID[id]; a != nil {
			cards = append(cards, a)
			delete(byID, id) // an id given twice is shown once
		}
	}
	return cards, nil
}

// attachArticleLinks loads authors, tags and approved-comment counts for a
// whole page of articles with one query each, whatever the page's size.
func attachArticleLinks(ctx context.Context, t *tx, articles []*masthead.Article) error {
	if len(articles) == 0 {
		return nil
	}
	byID := make(map[int64]*masthead.Article, len(articles))
	ids := make([]int64, len(articles))
	for i, a := range articles {
		byID[a.ID] = a
		ids[i] = a.ID
		a.Authors, a.Tags = nil, nil
	}
	in := `(` + placeholders(len(ids)) + `)`
	if err := fillPagePaths(ctx, t, articles); err != nil {
		return err
	}

	// Bylines never carry the private email: it is blanked as it is read.
	rows, err := t.query(ctx, `SELECT aa.article_id, `+authorColumns+`
		FROM article_authors aa JOIN authors au ON au.id = aa.author_id LEFT JOIN media am ON am.id = au.avatar_media_id
		WHERE aa.article_id IN `+in+` ORDER BY aa.article_id, aa.position`, int64s(ids)...)
	if err != nil {
		return fmt.Errorf("load authors: %w", err)
	}
	authors := map[int64]*masthead.Author{}
	for rows.Next() {
		var articleID int64
		var au masthead.Author
		if err := scanAuthorAfter(rows, &au, &articleID); err != nil {
			rows.Close()
			return fmt.Errorf("load authors: %w", err)
		}
		au.Email = "" // bylines never carry the private address
		if prev, ok := authors[au.ID]; ok {
			byID[articleID].Authors = append(byID[articleID].Authors, prev)
			continue
		}
		authors[au.ID] = &au
		byID[articleID].Authors = append(byID[articleID].Authors, &au)
	}
	if err := closeRows(rows, "load authors"); err != nil {
		return err
	}

	rows, err = t.query(ctx, `SELECT at.article_id, tg.id, tg.slug, tg.name, tg.external_id
		FROM article_tags at JOIN tags tg ON tg.id = at.tag_id
		WHERE at.article_id IN `+in+` ORDER BY at.article_id, tg.name`, int64s(ids)...)
	if err != nil {
		return fmt.Errorf("load tags: %w", err)
	}
	for rows.Next() {
		var articleID int64
		var tag masthead.Tag
		if err := rows.Scan(&articleID, &tag.ID, &tag.Slug, &tag.Name, &tag.ExternalID); err != nil {
			rows.Close()
			return fmt.Errorf("load tags: %w", err)
		}
		byID[articleID].Tags = append(byID[articleID].Tags, &tag)
	}
	if err := closeRows(rows, "load tags"); err != nil {
		return err
	}

	var mediaIDs []int64
	for _, a := range articles {
		if a.FeaturedImage != nil {
			mediaIDs = append(mediaIDs, a.FeaturedImage.ID)
		}
	}
	if len(mediaIDs) > 0 {
		rows, err = t.query(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.id IN (`+placeholders(len(mediaIDs))+`)`, int64s(mediaIDs)...)
		if err != nil {
			return fmt.Errorf("load images: %w", err)
		}
		images := map[int64]*masthead.Media{}
		for rows.Next() {
			var m masthead.Media
			if err := scanMedia(rows, &m); err != nil {
				rows.Close()
				return fmt.Errorf("load images: %w", err)
			}
			images[m.ID] = &m
		}
		if err := closeRows(rows, "load images"); err != nil {
			return err
		}
		for _, a := range articles {
			if a.FeaturedImage != nil {
				a.FeaturedImage = images[a.FeaturedImage.ID]
			}
		}
	}

	return nil
}

// closeRows closes rows and returns the first error of the iteration.
func closeRows(rows *sql.Rows, what string) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
