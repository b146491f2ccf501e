package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"masthead"
)

const commentColumns = `id, article_id, parent_id, author_name, author_email, author_url, body, status, ip, reason, created_at, external_id`

func scanComment(sc scanner, c *masthead.Comment, extra ...any) error {
	var parent sql.NullInt64
	dest := append([]any{&c.ID, &c.ArticleID, &parent, &c.AuthorName, &c.AuthorEmail, &c.AuthorURL, &c.Body,
		&c.Status, &c.IP, &c.Reason, &c.CreatedAt, &c.ExternalID}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return err
	}
	c.ParentID = parent.Int64
	c.CreatedAt = c.CreatedAt.UTC()
	return nil
}

// CreateComment stores a new comment.
func (s *Store) CreateComment(ctx context.Context, c *masthead.Comment) error {
	return s.SubmitComment(ctx, c, masthead.SubmitOptions{})
}

// SubmitComment stores a new comment unless its network is over the limit,
// as a batch of one.
func (s *Store) SubmitComment(ctx context.Context, c *masthead.Comment, opts masthead.SubmitOptions) error {
	return s.SubmitComments(ctx, []masthead.BatchComment{{Comment: c}}, opts)
}

// commentInsert stores one comment; SubmitComments prepares it once per
// batch.
const commentInsert = `INSERT INTO comments (article_id, parent_id, author_name, author_email, author_url, body, status, ip, reason, created_at, external_id,
	form_nonce, commenter_key)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

// errFormSent refuses a second comment posted with the same form nonce.
func errFormSent() error {
	return &masthead.Error{Code: masthead.ECONFLICT, Field: "token", Message: "This form was already sent."}
}

// nullIfEmpty stores an empty string as NULL, for columns whose unique or
// partial index must skip the rows that have no value.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// SubmitComments stores new comments in one transaction, all or none. The
// rate limit is counted in that transaction, under a lock on the network
// where the database needs one, so that concurrent posts queue. Parents
// in the batch are known in memory and stored parents are read in one
// query, so that a thread costs a statement per comment and no more.
//
// Where the dialect groups commits (SQLite, whose one writer waits for
// the disk at every commit), batches submitted at the same moment share
// one transaction, each under a savepoint of its own so that each is
// still stored whole or not at all, and share its one wait for the disk;
// each call returns only once the transaction holding its batch has
// committed, or failed.
func (s *Store) SubmitComments(ctx context.Context, batch []masthead.BatchComment, opts masthead.SubmitOptions) error {
	if len(batch) == 0 {
		return nil
	}
	if err := checkBatch(batch); err != nil {
		return err
	}
	if s.dialect.GroupCommits {
		return s.commentGroup.submit(ctx, s, batch, opts)
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	insert, err := t.prepareStmt(ctx, commentInsert)
	if err != nil {
		return fmt.Errorf("create comment: %w", err)
	}
	defer insert.Close()
	if err := submitIn(ctx, t, insert, batch, opts); err != nil {
		return err
	}
	if err := findLastPages(ctx, t, batch); err != nil {
		return err
	}
	if err := t.Commit(); err != nil {
		forgetIDs(batch)
		return err
	}
	return nil
}

// checkBatch validates a batch before any transaction: every comment
// valid, none twice, and each reply within the batch after its parent.
func checkBatch(batch []masthead.BatchComment) error {
	position := make(map[*masthead.Comment]int, len(batch))
	for i, b := range batch {
		if err := b.Comment.Validate(); err != nil {
			return err
		}
		if _, twice := position[b.Comment]; twice {
			return masthead.Errorf(masthead.EINVALID, "A comment cannot be stored twice.")
		}
		if b.Parent != nil {
			if j, ok := position[b.Parent]; !ok || j >= i {
				return masthead.FieldErrorf("parent", "A reply must come after the comment it answers.")
			}
		}
		position[b.Comment] = i
	}
	return nil
}

// forgetIDs clears the ids a batch was given in a transaction that did
// not commit, so that no comment keeps an id the database rolled back.
func forgetIDs(batch []masthead.BatchComment) {
	for _, b := range batch {
		b.Comment.ID = 0
		if b.Parent != nil {
			b.Comment.ParentID = 0
		}
	}
}

// submitIn writes a checked batch in t with the prepared insert: the rate
// limit, the parents, the comments. On an error the batch's ids are
// cleared and t must not commit what submitIn wrote.
func submitIn(ctx context.Context, t *tx, insert *stmt, batch []masthead.BatchComment, opts masthead.SubmitOptions) (err error) {
	defer func() {
		if err != nil {
			forgetIDs(batch)
		}
	}()
	var storedParents []int64
	for _, b := range batch {
		if b.Parent == nil && b.Comment.ParentID != 0 {
			storedParents = append(storedParents, b.Comment.ParentID)
		}
	}
	parentArticles, err := commentArticles(ctx, t, storedParents)
	if err != nil {
		return err
	}
	approved := map[int64]int{} // approved comments added, by article
	var approvedIDs []int64     // for their follow-ups, recorded at the end in one statement
	for _, b := range batch {
		c := b.Comment
		if c.CreatedAt.IsZero() {
			c.CreatedAt = t.now
		}
		if limit := opts.Limit; limit.Max > 0 && limit.Window > 0 {
			if err := t.checkRateLimit(ctx, c.IP, c.CreatedAt, limit); err != nil {
				return err
			}
		}
		parentArticle, known := parentArticles[c.ParentID]
		if b.Parent != nil {
			c.ParentID, parentArticle, known = b.Parent.ID, b.Parent.ArticleID, true
		}
		var parent any
		if c.ParentID != 0 {
			if !known || parentArticle != c.ArticleID {
				return masthead.Errorf(masthead.ECONFLICT, "The comment you replied to does not belong to this article.")
			}
			parent = c.ParentID
			if opts.ApproveParent {
				res, err := t.exec(ctx, `UPDATE comments SET status = ? WHERE id = ? AND status = ?`,
					masthead.CommentApproved, c.ParentID, masthead.CommentPending)
				if err != nil {
					return fmt.Errorf("approve parent: %w", err)
				}
				if n, err := res.RowsAffected(); err != nil {
					return fmt.Errorf("approve parent: %w", err)
				} else if n > 0 {
					t.commentsChanged(c.ArticleID)
					approved[c.ArticleID]++
					approvedIDs = append(approvedIDs, c.ParentID)
				}
				if b.Parent != nil && b.Parent.Status == masthead.CommentPending {
					b.Parent.Status = masthead.CommentApproved
				}
			}
		}
		err := insert.queryRow(ctx, c.ArticleID, parent, c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Body, c.Status, c.IP,
			c.Reason, timeArg(c.CreatedAt), c.ExternalID, nullIfEmpty(b.FormNonce), nullIfEmpty(b.CommenterKey)).Scan(&c.ID)
		// The comments table has two unique indexes besides its id: the
		// external ids of imports, which come from no form, and the form
		// nonces of readers' comments, which have no external id.
		if t.isUniqueViolation(err) && b.FormNonce != "" && c.ExternalID == "" {
			return errFormSent()
		}
		if err != nil {
			return t.classify(fmt.Errorf("create comment: %w", err), "That comment was already imported.")
		}
		// A held comment, or spam, shows nowhere.
		if c.Status == masthead.CommentApproved {
			t.commentsChanged(c.ArticleID)
			approved[c.ArticleID]++
			approvedIDs = append(approvedIDs, c.ID)
		}
	}
	if err := addCommentCounts(ctx, t, approved); err != nil {
		return err
	}
	return t.followUpsDue(ctx, approvedIDs...)
}

// findLastPages sets the LastPage of each comment of batch that asks for
// it, once every comment that t commits with it is written, so that the
// answer holds at the commit.
func findLastPages(ctx context.Context, t *tx, batch []masthead.BatchComment) error {
	for _, b := range batch {
		if b.LastPage == nil {
			continue
		}
		last, err := startsLastThread(ctx, t, b.Comment)
		if err != nil {
			return err
		}
		*b.LastPage = last
	}
	return nil
}

// startsLastThread reports whether c, just written in t, starts a thread
// on the last comment page of its article (masthead.BatchComment.LastPage):
// a top-level comment that is not approved, or an approved one with no
// approved top-level comment of the article after it in the threads'
// order (by time, then id), which one index seek tells.
func startsLastThread(ctx context.Context, t *tx, c *masthead.Comment) (bool, error) {
	if c.ParentID != 0 {
		return false, nil
	}
	if c.Status != masthead.CommentApproved {
		return true, nil
	}
	var newer bool
	at := timeArg(c.CreatedAt)
	err := t.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM comments WHERE article_id = ? AND parent_id IS NULL AND status = ?
		AND (created_at > ? OR created_at = ? AND id > ?))`, c.ArticleID, masthead.CommentApproved, at, at, c.ID).Scan(&newer)
	if err != nil {
		return false, fmt.Errorf("find newer threads: %w", err)
	}
	return !newer, nil
}

// commentsChanged announces that an approved comment appeared on the
// article, changed or went: the article's page and comment feed, its
// comment count on every card, and the site's comment feeds.
func (t *tx) commentsChanged(articleID int64) {
	t.changed(masthead.ArticleKey(articleID), masthead.KeyComments)
}

// addCommentCounts adds to the approved-comment counts of articles, in the
// transaction that changed their comments, so that a count is never off
// by a comment that another transaction is writing. Articles are updated
// in the order of their ids, so that two transactions touching the same
// articles lock them in the same order and never deadlock.
func addCommentCounts(ctx context.Context, t *tx, added map[int64]int) error {
	for _, id := range slices.Sorted(maps.Keys(added)) {
		if added[id] == 0 {
			continue
		}
		if _, err := t.exec(ctx, `UPDATE articles SET comment_count = comment_count + ? WHERE id = ?`, added[id], id); err != nil {
			return fmt.Errorf("count comments: %w", err)
		}
	}
	return nil
}

// approvedDelta is how a move from one status to another changes an
// article's count of approved comments.
func approvedDelta(from, to masthead.CommentStatus) int {
	switch {
	case from != masthead.CommentApproved && to == masthead.CommentApproved:
		return 1
	case from == masthead.CommentApproved && to != masthead.CommentApproved:
		return -1
	}
	return 0
}

// commentArticles returns the article of each stored comment of ids that
// exists, a batch of ids per query.
func commentArticles(ctx context.Context, t *tx, ids []int64) (map[int64]int64, error) {
	articles := make(map[int64]int64, len(ids))
	for batch := range slices.Chunk(ids, externalBatch) {
		rows, err := t.query(ctx, `SELECT id, article_id FROM comments WHERE id IN (`+placeholders(len(batch))+`)`, int64s(batch)...)
		if err != nil {
			return nil, fmt.Errorf("find parent comments: %w", err)
		}
		for rows.Next() {
			var id, article int64
			if err := rows.Scan(&id, &article); err != nil {
				rows.Close()
				return nil, fmt.Errorf("find parent comments: %w", err)
			}
			articles[id] = article
		}
		if err := closeRows(rows, "find parent comments"); err != nil {
			return nil, err
		}
	}
	return articles, nil
}

// checkRateLimit refuses a comment from a network that already posted
// limit.Max comments in the window before at, saying when the oldest of
// them leaves the window.
func (t *tx) checkRateLimit(ctx context.Context, network string, at time.Time, limit masthead.RateLimit) error {
	if lock := t.s.dialect.KeyLock; lock != "" {
		if _, err := t.exec(ctx, lock, "comment-network:"+network); err != nil {
			return fmt.Errorf("lock network: %w", err)
		}
	}
	since := at.Add(-limit.Window)
	rows, err := t.query(ctx, `SELECT created_at FROM comments WHERE ip = ? AND created_at > ? ORDER BY created_at DESC LIMIT ?`,
		network, timeArg(since), limit.Max)
	if err != nil {
		return fmt.Errorf("count recent comments: %w", err)
	}
	defer rows.Close()
	var n int
	var oldest time.Time
	for rows.Next() {
		if err := rows.Scan(&oldest); err != nil {
			return fmt.Errorf("count recent comments: %w", err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("count recent comments: %w", err)
	}
	if n < limit.Max {
		return nil
	}
	wait := oldest.Add(limit.Window).Sub(at)
	secs := max(1, int((wait+time.Second-1)/time.Second))
	return &masthead.Error{Code: masthead.ERATELIMIT, RetryAfter: time.Duration(secs) * time.Second,
		Message: fmt.Sprintf("You are posting comments too quickly. Please wait %s and post your comment again.", seconds(secs))}
}

// seconds writes a number of seconds with the right form of the noun.
func seconds(n int) string {
	if n == 1 {
		return "1 second"
	}
	return strconv.Itoa(n) + " seconds"
}

// FindCommentByID returns ENOTFOUND if no comment has the id.
func (s *Store) FindCommentByID(ctx context.Context, id int64) (*masthead.Comment, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	var c masthead.Comment
	err = scanComment(t.queryRow(ctx, `SELECT `+commentColumns+` FROM comments WHERE id = ?`, id), &c)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "Comment not found.")
	} else if err != nil {
		return nil, fmt.Errorf("find comment: %w", err)
	}
	return &c, nil
}

// FindComments returns one page of matching comments, oldest first.
func (s *Store) FindComments(ctx context.Context, f masthead.CommentFilter) ([]*masthead.Comment, int, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	limit, offset := pageBounds(f.Limit, f.Offset)
	var conds []string
	var args []any
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			return nil, 0, nil
		}
		conds = append(conds, `id IN (`+placeholders(len(f.IDs))+`)`)
		args = append(args, int64s(f.IDs)...)
	}
	if f.AuthorEmail != "" {
		conds = append(conds, `author_email = ?`)
		args = append(args, f.AuthorEmail)
	}
	if f.AuthorName != "" {
		conds = append(conds, `author_name = ?`)
		args = append(args, f.AuthorName)
	}
	if f.CommenterKey != "" {
		conds = append(conds, `commenter_key = ?`)
		args = append(args, f.CommenterKey)
	}
	if f.IP != "" {
		conds = append(conds, `ip = ?`)
		args = append(args, f.IP)
	}
	if !f.CreatedAfter.IsZero() {
		conds = append(conds, `created_at > ?`)
		args = append(args, timeArg(f.CreatedAfter))
	}
	if f.OnVisibleArticles {
		// Asked of each comment in turn, from an index, rather than as a
		// list of every visible article built first: the newest comments
		// are found after reading a few, whatever the archive's size.
		conds = append(conds, `EXISTS (SELECT 1 FROM articles v WHERE v.id = comments.article_id AND v.status = ? AND v.published_at <= ?)`)
		args = append(args, masthead.StatusPublished, timeArg(t.now))
	}
	if f.ArticleID != 0 {
		conds = append(conds, `article_id = ?`)
		args = append(args, f.ArticleID)
	}
	if f.Status != "" {
		conds = append(conds, `status = ?`)
		args = append(args, f.Status)
	}
	where := ""
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	order := ` ORDER BY created_at, id`
	if f.Newest {
		order = ` ORDER BY created_at DESC, id DESC`
	}
	comments, total, err := queryPage(ctx, t, `SELECT `+commentColumns+` FROM comments`+where+order,
		countQueryUnless(f.SkipTotal, `SELECT COUNT(*) FROM comments`+where), args, limit, offset,
		func(sc scanner) (*masthead.Comment, error) {
			var c masthead.Comment
			return &c, scanComment(sc, &c)
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find comments: %w", err)
	}
	return comments, total, nil
}

// FindCommenterHistory reads, in one snapshot, the writer's newest
// comment on the article (from comments_article_author) and whether their
// browser key has an approved comment under the same email address (from
// comments_commenter_key). Each is a query of its own, shaped so that the
// planner has one index to take: asked through FindComments, with its
// ordering and count, SQLite walked every approved comment of the site in
// date order to answer the second.
func (s *Store) FindCommenterHistory(ctx context.Context, articleID int64, email, commenterKey string) (masthead.CommenterHistory, error) {
	var h masthead.CommenterHistory
	t, err := s.beginRead(ctx)
	if err != nil {
		return h, err
	}
	defer t.Rollback()
	var last masthead.Comment
	err = scanComment(t.queryRow(ctx, `SELECT `+commentColumns+` FROM comments WHERE article_id = ? AND author_email = ?
		ORDER BY created_at DESC, id DESC LIMIT 1`, articleID, email), &last)
	switch {
	case err == nil:
		h.Last = &last
	case !errors.Is(err, sql.ErrNoRows):
		return h, fmt.Errorf("find the writer's last comment: %w", err)
	}
	if commenterKey == "" {
		return h, nil
	}
	var one int
	err = t.queryRow(ctx, `SELECT 1 FROM comments WHERE commenter_key = ? AND author_email = ? AND status = ? LIMIT 1`,
		commenterKey, email, masthead.CommentApproved).Scan(&one)
	switch {
	case err == nil:
		h.Known = true
	case !errors.Is(err, sql.ErrNoRows):
		return h, fmt.Errorf("find the writer's approved comments: %w", err)
	}
	return h, nil
}

// HasApprovedComment reports whether email has an approved comment.
func (s *Store) HasApprovedComment(ctx context.Context, email string) (bool, error) {
	t, err := s.beginRead(ctx)
	if err != nil {
		return false, err
	}
	defer t.Rollback()
	var one int
	err = t.queryRow(ctx, `SELECT 1 FROM comments WHERE author_email = ? AND status = ? LIMIT 1`, email, masthead.CommentApproved).Scan(&one)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	}
	return false, fmt.Errorf("find approved comments: %w", err)
}

// UpdateCommentStatus moves a comment to a status.
func (s *Store) UpdateCommentStatus(ctx context.Context, id int64, status masthead.CommentStatus) error {
	if !status.Valid() {
		return masthead.FieldErrorf("status", "%q is not a comment status.", status)
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	// The row is locked as it is read, so that two moderators moving the
	// same comment at once change its article's count once.
	var article int64
	var old masthead.CommentStatus
	err = t.queryRow(ctx, `SELECT article_id, status FROM comments WHERE id = ?`+t.s.dialect.ForUpdate, id).Scan(&article, &old)
	if errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "Comment not found.")
	} else if err != nil {
		return fmt.Errorf("update comment status: %w", err)
	}
	if old == status {
		return nil
	}
	if _, err := t.exec(ctx, `UPDATE comments SET status = ? WHERE id = ?`, status, id); err != nil {
		return fmt.Errorf("update comment status: %w", err)
	}
	if err := addCommentCounts(ctx, t, map[int64]int{article: approvedDelta(old, status)}); err != nil {
		return err
	}
	// Readers see approved comments only: a move between the other
	// statuses (spam to trash) changes no page.
	if old == masthead.CommentApproved || status == masthead.CommentApproved {
		t.commentsChanged(article)
	}
	if status == masthead.CommentApproved {
		if err := t.followUpsDue(ctx, id); err != nil {
			return err
		}
	}
	return t.Commit()
}

// DeleteComment removes a comment; its replies move up to its parent.
func (s *Store) DeleteComment(ctx context.Context, id int64) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	var parent sql.NullInt64
	var article int64
	var status masthead.CommentStatus
	err = t.queryRow(ctx, `SELECT parent_id, article_id, status FROM comments WHERE id = ?`+t.s.dialect.ForUpdate, id).Scan(&parent, &article, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "Comment not found.")
	} else if err != nil {
		return fmt.Errorf("delete comment: %w", err)
	}
	// Readers see the comment go, or its approved replies move up a level.
	shown := status == masthead.CommentApproved
	if !shown {
		var replies int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM comments WHERE parent_id = ? AND status = ?`, id, masthead.CommentApproved).Scan(&replies); err != nil {
			return fmt.Errorf("delete comment: %w", err)
		}
		shown = replies > 0
	}
	if shown {
		t.commentsChanged(article)
	}
	var newParent any
	if parent.Valid {
		newParent = parent.Int64
	}
	if _, err := t.exec(ctx, `UPDATE comments SET parent_id = ? WHERE parent_id = ?`, newParent, id); err != nil {
		return fmt.Errorf("delete comment: %w", err)
	}
	if _, err := t.exec(ctx, `DELETE FROM comments WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete comment: %w", err)
	}
	if err := addCommentCounts(ctx, t, map[int64]int{article: approvedDelta(status, "")}); err != nil {
		return err
	}
	return t.Commit()
}
