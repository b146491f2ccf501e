package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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

// SubmitComment stores a new comment unless its network is over the limit.
// The count runs in the insert's transaction, under a lock on the network
// where the database needs one, so that concurrent posts queue.
func (s *Store) SubmitComment(ctx context.Context, c *masthead.Comment, opts masthead.SubmitOptions) error {
	limit := opts.Limit
	if err := c.Validate(); err != nil {
		return err
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if c.CreatedAt.IsZero() {
		c.CreatedAt = t.now
	}
	if limit.Max > 0 && limit.Window > 0 {
		if err := t.checkRateLimit(ctx, c.IP, c.CreatedAt, limit); err != nil {
			return err
		}
	}
	var parent any
	if c.ParentID != 0 {
		var parentArticle int64
		err := t.queryRow(ctx, `SELECT article_id FROM comments WHERE id = ?`, c.ParentID).Scan(&parentArticle)
		if errors.Is(err, sql.ErrNoRows) || err == nil && parentArticle != c.ArticleID {
			return masthead.Errorf(masthead.ECONFLICT, "The comment you replied to does not belong to this article.")
		} else if err != nil {
			return fmt.Errorf("create comment: %w", err)
		}
		parent = c.ParentID
		if opts.ApproveParent {
			if _, err := t.exec(ctx, `UPDATE comments SET status = ? WHERE id = ? AND status = ?`,
				masthead.CommentApproved, c.ParentID, masthead.CommentPending); err != nil {
				return fmt.Errorf("approve parent: %w", err)
			}
		}
	}
	err = t.queryRow(ctx, `INSERT INTO comments (article_id, parent_id, author_name, author_email, author_url, body, status, ip, reason, created_at, external_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.ArticleID, parent, c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Body, c.Status, c.IP, c.Reason, timeArg(c.CreatedAt), c.ExternalID).Scan(&c.ID)
	if err != nil {
		return t.classify(fmt.Errorf("create comment: %w", err), "That comment was already imported.")
	}
	return t.Commit()
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
	if f.IP != "" {
		conds = append(conds, `ip = ?`)
		args = append(args, f.IP)
	}
	if !f.CreatedAfter.IsZero() {
		conds = append(conds, `created_at > ?`)
		args = append(args, timeArg(f.CreatedAfter))
	}
	if f.OnVisibleArticles {
		conds = append(conds, `article_id IN (SELECT id FROM articles WHERE status = ? AND published_at <= ?)`)
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
	comments, total, err := queryPage(ctx, t, `SELECT `+commentColumns+`, COUNT(*) OVER () FROM comments`+where+order,
		`SELECT COUNT(*) FROM comments`+where, args, limit, offset,
		func(sc scanner, total *int) (*masthead.Comment, error) {
			var c masthead.Comment
			return &c, scanComment(sc, &c, total)
		})
	if err != nil {
		return nil, 0, fmt.Errorf("find comments: %w", err)
	}
	return comments, total, nil
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
	res, err := t.exec(ctx, `UPDATE comments SET status = ? WHERE id = ?`, status, id)
	if err != nil {
		return fmt.Errorf("update comment status: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "Comment not found.")
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
	if err := t.queryRow(ctx, `SELECT parent_id FROM comments WHERE id = ?`, id).Scan(&parent); errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "Comment not found.")
	} else if err != nil {
		return fmt.Errorf("delete comment: %w", err)
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
	return t.Commit()
}
