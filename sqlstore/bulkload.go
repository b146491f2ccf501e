package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"math"
	"math/bits"
	"slices"

	"masthead"
)

// bulkTables are the tables a bulk load writes whose secondary indexes it
// builds once at the end instead of entry by entry. Articles keep theirs:
// their columns sit after bodies of several KB, in SQLite's overflow
// pages, so that building each index at the end read every body again
// (on 100,000 articles, 10 s of the 35 s the end took), while a million
// articles' entries fit the load's page cache.
var bulkTables = []string{"article_authors", "article_tags", "article_revisions", "comments", "article_search"}

// Rows per multi-row insert of a bulk load: far inside both databases'
// limits on the parameters of one statement (SQLite's 32,766, PostgreSQL's
// 65,535), and enough that a statement's parsing is a small part of its
// cost.
const (
	bulkArticleRows = 100
	bulkCommentRows = 500
	bulkLinkRows    = 500
	// FTS5 writes what one statement indexed as a segment of its own,
	// which later merges read and write again: the fewer, the less
	// merging.
	bulkSearchRows = 500
)

// shapedChunks cuts s into chunks of max elements, then the rest into
// chunks of the powers of two below max that make it up (for 300 of at
// most 100: three of 100; for 77: 64, 8, 4 and 1). A statement of many
// rows is prepared once per shape and kept, and a batch that ends in a
// chunk of any size would prepare a statement for nearly every batch: a
// load of a million articles sees a dozen shapes instead.
func shapedChunks[S ~[]E, E any](s S, max int) iter.Seq[S] {
	return func(yield func(S) bool) {
		for len(s) > 0 {
			n := shapedSize(len(s), max)
			if !yield(s[:n:n]) {
				return
			}
			s = s[n:]
		}
	}
}

// shapedSize is the size of shapedChunks' next chunk when n elements are
// left.
func shapedSize(n, max int) int {
	if n >= max {
		return max
	}
	return 1 << (bits.Len(uint(n)) - 1)
}

// insertRows inserts rows of width values each, args holding them one
// after another, in statements of head, the rows' VALUES list and tail,
// of the shapes of shapedChunks.
func insertRows(ctx context.Context, t *tx, head string, width, max int, args []any, tail string) error {
	for len(args) > 0 {
		n := shapedSize(len(args)/width, max)
		if _, err := t.exec(ctx, head+valueRows(n, width)+tail, args[:n*width]...); err != nil {
			return err
		}
		args = args[n*width:]
	}
	return nil
}

// BulkLoad fills a site that has no articles, pages or comments yet with
// a whole archive: the benchmark's million articles, or a newsroom's first
// import of a large one. load stores the archive through the BulkLoader,
// a batch per call and a transaction per batch, and the database ends
// exactly as if every article had gone through CreateArticles and every
// comment through SubmitComments: the same rows, bylines, tags, first
// revisions, search index and comment counts.
//
// It is faster because it does the work that grows with the archive once
// instead of once a row: the non-unique indexes of the tables it writes
// are dropped first and built once at the end, from sorted entries, and
// comment counts are counted once at the end; ids are handed out by the
// loader, so that rows go in a few hundred per statement with no id read
// back; and where the dialect has settings for it (SQLite), commits do
// not wait for the disk while it runs. The unique indexes stay, so that a
// taken slug is refused as it would be one at a time.
//
// When load fails, or a batch is refused, the indexes are still built and
// the counts made right, so what was stored is a consistent site; only a
// process killed in the middle leaves a database without them (on SQLite,
// whose journal the load keeps in memory, possibly a damaged one), which
// for a site that was empty is one to delete and fill again. Readers and
// other processes see nothing useful before the end, which announces
// that everything changed. It returns ECONFLICT for a site that already
// has articles or comments, and whatever load returns.
func (s *Store) BulkLoad(ctx context.Context, load func(l *BulkLoader) error) (err error) {
	l := &BulkLoader{s: s}
	indexes, err := l.start(ctx)
	if l.started {
		// Once the indexes are dropped, they are built again whatever
		// happens next.
		defer func() { err = errors.Join(err, l.finish(ctx, indexes)) }()
	}
	if err != nil {
		return err
	}
	return load(l)
}

// BulkLoader stores the batches of one BulkLoad.
type BulkLoader struct {
	s *Store
	// lastArticle and lastComment are the ids handed out so far.
	lastArticle, lastComment int64
	// restore puts back the settings the load changed.
	restore []string
	// started is set once the load's first transaction has dropped the
	// indexes, which finish must then build.
	started bool
	// storedCounts and approved are, by article id less one, the comment
	// count each article was stored with and the approved comments the
	// load stored for it, so that finish corrects only the counts that
	// are wrong.
	storedCounts, approved []int32
}

// bulkIndex is a secondary index that the load builds at its end.
type bulkIndex struct{ name, definition string }

// start checks that the site is empty, drops the indexes it will build at
// the end and changes the connection's settings for the load.
func (l *BulkLoader) start(ctx context.Context) ([]bulkIndex, error) {
	t, err := l.s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	var stored int
	if err := t.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM articles LIMIT 1) a) + (SELECT COUNT(*) FROM (SELECT 1 FROM comments LIMIT 1) c)`).
		Scan(&stored); err != nil {
		return nil, fmt.Errorf("bulk load: %w", err)
	}
	if stored > 0 {
		return nil, masthead.Errorf(masthead.ECONFLICT, "A bulk load fills a site without articles or comments, and this one has some.")
	}
	var indexes []bulkIndex
	for _, table := range bulkTables {
		rows, err := t.query(ctx, l.s.dialect.SecondaryIndexes, table)
		if err != nil {
			return nil, fmt.Errorf("bulk load: list indexes: %w", err)
		}
		for rows.Next() {
			var ix bulkIndex
			if err := rows.Scan(&ix.name, &ix.definition); err != nil {
				rows.Close()
				return nil, fmt.Errorf("bulk load: list indexes: %w", err)
			}
			indexes = append(indexes, ix)
		}
		if err := closeRows(rows, "bulk load: list indexes"); err != nil {
			return nil, err
		}
	}
	for _, ix := range indexes {
		if _, err := t.exec(ctx, `DROP INDEX `+ix.name); err != nil {
			return nil, fmt.Errorf("bulk load: drop index %s: %w", ix.name, err)
		}
	}
	for _, stmt := range l.s.dialect.BulkSearchStart {
		if _, err := t.exec(ctx, stmt); err != nil {
			return nil, fmt.Errorf("bulk load: tune the search index: %w", err)
		}
	}
	if err := t.Commit(); err != nil {
		return nil, fmt.Errorf("bulk load: %w", err)
	}
	l.started = true
	for _, name := range slices.Sorted(maps.Keys(l.s.dialect.BulkPragmas)) {
		var before string
		if err := l.s.db.QueryRowContext(ctx, `PRAGMA `+name).Scan(&before); err != nil {
			return indexes, fmt.Errorf("bulk load: read %s: %w", name, err)
		}
		l.restore = append(l.restore, `PRAGMA `+name+` = `+before)
		if _, err := l.s.db.ExecContext(ctx, `PRAGMA `+name+` = `+l.s.dialect.BulkPragmas[name]); err != nil {
			return indexes, fmt.Errorf("bulk load: set %s: %w", name, err)
		}
	}
	return indexes, nil
}

// finish builds the indexes dropped at the start, counts every article's
// approved comments and every list's articles, brings generated ids past
// the loader's and puts the connection's settings back. It runs in a context of its own, so that a
// load cancelled halfway still leaves a consistent site.
func (l *BulkLoader) finish(ctx context.Context, indexes []bulkIndex) error {
	ctx = context.WithoutCancel(ctx)
	var errs []error
	defer func() {
		for _, stmt := range l.restore {
			if _, err := l.s.db.ExecContext(ctx, stmt); err != nil {
				errs = append(errs, fmt.Errorf("bulk load: %s: %w", stmt, err))
			}
		}
	}()
	t, err := l.s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	for _, ix := range indexes {
		if _, err := t.exec(ctx, ix.definition); err != nil {
			return fmt.Errorf("bulk load: build index %s: %w", ix.name, err)
		}
	}
	if err := l.correctCommentCounts(ctx, t); err != nil {
		return fmt.Errorf("bulk load: count comments: %w", err)
	}
	if err := recountArticleLists(ctx, t); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	for _, stmt := range l.s.dialect.BulkSearchEnd {
		if _, err := t.exec(ctx, stmt); err != nil {
			return fmt.Errorf("bulk load: put the search index's settings back: %w", err)
		}
	}
	if reset := l.s.dialect.ResetIdentity; reset != nil {
		for _, table := range []string{"articles", "comments"} {
			if _, err := t.exec(ctx, reset(table)); err != nil {
				return fmt.Errorf("bulk load: %w", err)
			}
		}
	}
	t.changed(masthead.KeyAll)
	if err := t.Commit(); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	for _, stmt := range l.s.dialect.BulkLoadDone {
		if _, err := l.s.db.ExecContext(ctx, stmt); err != nil {
			errs = append(errs, fmt.Errorf("bulk load: %s: %w", stmt, err))
		}
	}
	return errors.Join(errs...)
}

// BulkArticles is a batch of new articles for BulkLoader.CreatePrepared,
// with the costly part of their search index, their folded headlines and
// plain-text bodies, worked out beforehand.
type BulkArticles struct {
	articles []*masthead.Article
	// texts are the published articles' search texts, by position in
	// articles; the others have none.
	texts []searchText
	// mediaFiles are the library files each body shows, by position.
	mediaFiles [][]string
}

// PrepareBulkArticles checks a batch of articles for a bulk load and works
// out their search text: the folded plain text of their bodies and
// headlines, which costs about as much as everything else the writer does
// for them. It touches no database, so that a loader calls it on the cores
// that make the articles, while the load's one writer stores the batches
// before: on SQLite, where one connection writes, the writer then only
// inserts. The articles must not change until CreatePrepared has stored
// them. It returns EINVALID for an article that is not valid, or that
// brings an id, a generated slug or a parent page.
func PrepareBulkArticles(articles []*masthead.Article) (*BulkArticles, error) {
	b := &BulkArticles{articles: articles, texts: make([]searchText, len(articles)), mediaFiles: make([][]string, len(articles))}
	for i, a := range articles {
		if err := a.Validate(); err != nil {
			return nil, err
		}
		if a.ID != 0 || a.SlugGenerated || a.ParentID != 0 {
			return nil, masthead.Errorf(masthead.EINVALID, "A bulk load takes new articles with chosen addresses and no parent page.")
		}
		if a.Status == masthead.StatusPublished {
			b.texts[i] = newSearchText(a.Headline, a.BodyHTML)
		}
		b.mediaFiles[i] = bodyMediaFiles(a.BodySource)
	}
	return b, nil
}

// correctCommentCounts makes every article's comment count the number of
// its approved comments. Rewriting an article's row rewrites its body, so
// only the counts that differ from the load's own count are written;
// when the database holds approved comments the load did not store
// (another process wrote some meanwhile), every article is counted again.
func (l *BulkLoader) correctCommentCounts(ctx context.Context, t *tx) error {
	var total, counted int64
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM comments WHERE status = ?`, masthead.CommentApproved).Scan(&total); err != nil {
		return err
	}
	for _, n := range l.approved {
		counted += int64(n)
	}
	if total != counted {
		_, err := t.exec(ctx, `UPDATE articles SET comment_count = (
			SELECT COUNT(*) FROM comments c WHERE c.article_id = articles.id AND c.status = ?)`, masthead.CommentApproved)
		return err
	}
	for i, n := range l.approved {
		if n != l.storedCounts[i] {
			if _, err := t.exec(ctx, `UPDATE articles SET comment_count = ? WHERE id = ?`, n, int64(i)+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// CreateArticles stores a batch of new articles in one transaction, all or
// none, as Store.CreateArticles would: rows, bylines, tags, first
// revisions and the search index. The loader gives them their ids, so an
// article must not bring one, and slugs must be chosen (a.SlugGenerated
// false: an archive has its addresses) and pages must have no parent; a
// slug that is taken is refused with ECONFLICT. It works out their search
// text itself, on the writer: CreatePrepared takes batches prepared
// elsewhere.
//
// An article may bring as CommentCount the number of approved comments the
// load will store for it: its row is then written once, with its count,
// where otherwise the end of the load writes it again, body and all, to
// count them. A wrong count is corrected at the end.
func (l *BulkLoader) CreateArticles(ctx context.Context, articles []*masthead.Article) error {
	b, err := PrepareBulkArticles(articles)
	if err != nil {
		return err
	}
	return l.CreatePrepared(ctx, b)
}

// CreatePrepared is CreateArticles for a batch that PrepareBulkArticles
// checked and whose search text it worked out.
func (l *BulkLoader) CreatePrepared(ctx context.Context, b *BulkArticles) (err error) {
	articles := b.articles
	for _, a := range articles {
		// Stored already, in an earlier batch or this one twice.
		if a.ID != 0 {
			return masthead.Errorf(masthead.EINVALID, "A bulk load takes new articles with chosen addresses and no parent page.")
		}
	}
	t, err := l.s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	last := l.lastArticle
	defer func() {
		if err != nil {
			for _, a := range articles {
				a.ID = 0
			}
		}
	}()
	for _, a := range articles {
		last++
		a.ID = last
		if a.CreatedAt.IsZero() {
			a.CreatedAt = t.now
		}
		if a.UpdatedAt.IsZero() {
			a.UpdatedAt = t.now
		}
		if a.CreatedBy == 0 {
			a.CreatedBy = a.EditedBy
		}
		if a.CreatedBy == 0 && len(a.Authors) > 0 {
			a.CreatedBy = a.Authors[0].ID
		}
		a.Kind = kindArg(a)
		a.Revision = 1
	}
	for batch := range shapedChunks(articles, bulkArticleRows) {
		args := make([]any, 0, 23*len(batch))
		for _, a := range batch {
			args = append(args, a.ID, a.Slug, a.Headline, a.Dek, a.BodySource, a.BodyHTML, a.Excerpt, a.ExcerptGenerated, a.Status,
				categoryArg(a), a.Dateline, a.SourceName, a.SourceURL, a.CommentsOpen, timeArg(a.PublishedAt),
				timeArg(a.CreatedAt), timeArg(a.UpdatedAt), a.ExternalID, featuredArg(a), creatorArg(a), a.Kind, parentArg(a),
				bulkCommentCount(a))
		}
		_, err := t.exec(ctx, `INSERT INTO articles (id, slug, headline, dek, body_source, body_html, excerpt, excerpt_generated, status,
			category_id, dateline, source_name, source_url, comments_open, published_at, created_at, updated_at, external_id,
			featured_media_id, created_by, kind, parent_id, comment_count) VALUES `+valueRows(len(batch), 23), args...)
		if err != nil {
			return t.classifyField(fmt.Errorf("create article: %w", err), "slug", slugTaken)
		}
		if err := bulkArticleLinks(ctx, t, batch); err != nil {
			return err
		}
		args = args[:0]
		for _, a := range batch {
			var editor any
			if a.EditedBy != 0 {
				editor = a.EditedBy
			}
			// The first revision's body is the article's, NULL as in
			// writeRevision.
			args = append(args, a.ID, a.Revision, editor, timeArg(t.now), a.Headline, a.Dek, a.Excerpt, a.Status)
		}
		if _, err := t.exec(ctx, `INSERT INTO article_revisions (article_id, revision, editor_id, created_at, headline, dek, excerpt, status)
			VALUES `+valueRows(len(batch), 8), args...); err != nil {
			return fmt.Errorf("keep revision: %w", err)
		}
	}
	if err := bulkArticleMedia(ctx, t, b); err != nil {
		return err
	}
	var docs []searchDocument
	for i, a := range articles {
		if a.Status == masthead.StatusPublished {
			docs = append(docs, searchDocument{id: a.ID, kind: a.Kind, dek: a.Dek, searchText: b.texts[i]})
		}
	}
	for batch := range shapedChunks(docs, bulkSearchRows) {
		if err := indexDocuments(ctx, t, batch); err != nil {
			return err
		}
	}
	t.changed(masthead.KeyAll)
	if err := t.Commit(); err != nil {
		return err
	}
	l.lastArticle = last
	for _, a := range articles {
		l.storedCounts = append(l.storedCounts, bulkCommentCount(a))
		l.approved = append(l.approved, 0)
	}
	return nil
}

// bulkCommentCount is the comment count an article of a bulk load is
// stored with.
func bulkCommentCount(a *masthead.Article) int32 {
	return int32(min(max(a.CommentCount, 0), math.MaxInt32))
}

// bulkArticleLinks writes the bylines and tags of a batch of articles, one
// statement for each whatever the batch's size.
func bulkArticleLinks(ctx context.Context, t *tx, batch []*masthead.Article) error {
	var authors, tags []any
	for _, a := range batch {
		for i, au := range a.Authors {
			authors = append(authors, a.ID, au.ID, i)
		}
		for _, tag := range a.Tags {
			tags = append(tags, a.ID, tag.ID)
		}
	}
	if err := insertRows(ctx, t, `INSERT INTO article_authors (article_id, author_id, position) VALUES `, 3, bulkLinkRows, authors, ``); err != nil {
		return t.classify(fmt.Errorf("link author: %w", err), "An author is listed twice.")
	}
	if err := insertRows(ctx, t, `INSERT INTO article_tags (article_id, tag_id) VALUES `, 2, bulkLinkRows, tags, ` ON CONFLICT DO NOTHING`); err != nil {
		return t.classify(fmt.Errorf("link tag: %w", err), "A tag is listed twice.")
	}
	return nil
}

// bulkArticleMedia records which library images the batch's bodies show,
// as writeArticleMedia does for one article: the batch's files are looked
// up together and its links inserted in few statements.
func bulkArticleMedia(ctx context.Context, t *tx, b *BulkArticles) error {
	var files []string
	for _, fs := range b.mediaFiles {
		for _, f := range fs {
			if !slices.Contains(files, f) {
				files = append(files, f)
			}
		}
	}
	if len(files) == 0 {
		return nil
	}
	byFile, err := mediaIDsByFiles(ctx, t, files)
	if err != nil {
		return err
	}
	var args []any
	for i, a := range b.articles {
		for _, id := range shownMedia(b.mediaFiles[i], byFile) {
			args = append(args, a.ID, id)
		}
	}
	if err := insertRows(ctx, t, `INSERT INTO article_media (article_id, media_id) VALUES `, 2, bulkLinkRows, args, ``); err != nil {
		return fmt.Errorf("link body media: %w", err)
	}
	return nil
}

// SubmitComments stores a batch of new comments in one transaction, all
// or none, as Store.SubmitComments would with no rate limit: a reply
// comes after its parent, in the batch (BatchComment.Parent) or stored
// before (Comment.ParentID), on the same article. The loader gives them
// their ids; comment counts are counted when the load ends.
func (l *BulkLoader) SubmitComments(ctx context.Context, batch []masthead.BatchComment) (err error) {
	if len(batch) == 0 {
		return nil
	}
	if err := checkBatch(batch); err != nil {
		return err
	}
	t, err := l.s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	defer func() {
		if err != nil {
			forgetIDs(batch)
		}
	}()
	var storedParents []int64
	for _, b := range batch {
		if b.Comment.ID != 0 {
			return masthead.Errorf(masthead.EINVALID, "A bulk load takes new comments, which it numbers itself.")
		}
		if b.Parent == nil && b.Comment.ParentID != 0 {
			storedParents = append(storedParents, b.Comment.ParentID)
		}
	}
	parentArticles, err := commentArticles(ctx, t, storedParents)
	if err != nil {
		return err
	}
	last := l.lastComment
	for _, b := range batch {
		c := b.Comment
		last++
		c.ID = last
		if c.CreatedAt.IsZero() {
			c.CreatedAt = t.now
		}
		parentArticle, known := parentArticles[c.ParentID]
		if b.Parent != nil {
			c.ParentID, parentArticle, known = b.Parent.ID, b.Parent.ArticleID, true
		}
		if c.ParentID != 0 && (!known || parentArticle != c.ArticleID) {
			return masthead.Errorf(masthead.ECONFLICT, "The comment you replied to does not belong to this article.")
		}
	}
	for rows := range shapedChunks(batch, bulkCommentRows) {
		args := make([]any, 0, 14*len(rows))
		for _, b := range rows {
			c := b.Comment
			var parent any
			if c.ParentID != 0 {
				parent = c.ParentID
			}
			args = append(args, c.ID, c.ArticleID, parent, c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Body, c.Status, c.IP,
				c.Reason, timeArg(c.CreatedAt), c.ExternalID, nullIfEmpty(b.FormNonce), nullIfEmpty(b.CommenterKey))
		}
		if _, err := t.exec(ctx, `INSERT INTO comments (id, article_id, parent_id, author_name, author_email, author_url, body, status, ip, reason,
			created_at, external_id, form_nonce, commenter_key) VALUES `+valueRows(len(rows), 14), args...); err != nil {
			return t.classify(fmt.Errorf("create comment: %w", err), "That comment was already imported.")
		}
	}
	t.changed(masthead.KeyAll)
	if err := t.Commit(); err != nil {
		return err
	}
	l.lastComment = last
	for _, b := range batch {
		// Articles of the load are numbered from 1, the site having had
		// none; any other is counted again by correctCommentCounts.
		if i := b.Comment.ArticleID - 1; b.Comment.Status == masthead.CommentApproved && i >= 0 && i < int64(len(l.approved)) {
			l.approved[i]++
		}
	}
	return nil
}
