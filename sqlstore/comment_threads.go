package sqlstore

import (
	"context"
	"fmt"
	"slices"

	"masthead"
)

// Comment pages are made of top-level threads. Replies are found by
// walking down from a page's top-level comments with a recursive query
// (both SQLite and PostgreSQL have WITH RECURSIVE), and a comment's thread
// by walking up from it. A stored thread id on every comment would save
// the walk, but it would have to be kept right wherever a comment moves
// (DeleteComment lifts replies to their grandparent, imports write whole
// threads in one batch); the walk costs an index lookup per comment shown,
// which a page pays anyway to read those comments.

// threadRoots counts or lists an article's approved top-level comments;
// the comments_article_threads index answers it alone.
const threadRoots = `FROM comments WHERE article_id = ? AND parent_id IS NULL AND status = ?`

// FindCommentThreads returns one page of an article's approved threads and
// how many approved top-level comments it has, in one statement: a page
// costs one query whatever the article holds.
func (s *Store) FindCommentThreads(ctx context.Context, p masthead.ThreadPage) ([]*masthead.Comment, int, error) {
	if p.PerPage < 1 || p.Page < 0 {
		return nil, 0, masthead.Errorf(masthead.EINVALID, "A comment page needs at least one thread and a page number that is not negative.")
	}
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	// The last page, the default one on most sites, is read from the
	// newest end, so that no OFFSET walks past every thread before it; it
	// holds what is left over after full pages.
	roots := `SELECT id ` + threadRoots + ` ORDER BY created_at, id LIMIT ? OFFSET ?`
	args := []any{p.ArticleID, masthead.CommentApproved, p.ArticleID, masthead.CommentApproved, p.PerPage, (p.Page - 1) * p.PerPage}
	if p.Page == 0 {
		roots = `SELECT id ` + threadRoots + ` ORDER BY created_at DESC, id DESC
			LIMIT (SELECT CASE WHEN threads = 0 THEN 0 ELSE (threads - 1) % ? + 1 END FROM counted)`
		args = []any{p.ArticleID, masthead.CommentApproved, p.ArticleID, masthead.CommentApproved, p.PerPage}
	}
	// The walk goes from each comment found to its replies: CROSS JOIN
	// keeps SQLite from reading the article's comments at every step.
	rows, err := t.query(ctx, `WITH RECURSIVE
		counted (threads) AS (SELECT COUNT(*) `+threadRoots+`),
		roots (id) AS (`+roots+`),
		thread (id) AS (
			SELECT id FROM roots
			UNION ALL
			SELECT c.id FROM thread CROSS JOIN comments c WHERE c.parent_id = thread.id AND c.article_id = ? AND c.status = ?
		)
		SELECT `+commentColumns+`, (SELECT threads FROM counted) FROM comments WHERE id IN (SELECT id FROM thread) ORDER BY created_at, id`,
		append(args, p.ArticleID, masthead.CommentApproved)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find comment threads: %w", err)
	}
	var comments []*masthead.Comment
	threads := 0
	for rows.Next() {
		var c masthead.Comment
		if err := scanComment(rows, &c, &threads); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("find comment threads: %w", err)
		}
		comments = append(comments, &c)
	}
	if err := closeRows(rows, "find comment threads"); err != nil {
		return nil, 0, err
	}
	// No comments on the first or the last page means no threads at all;
	// only a page past the end needs the count on its own.
	if len(comments) == 0 && p.Page > 1 {
		if err := t.queryRow(ctx, `SELECT COUNT(*) `+threadRoots, p.ArticleID, masthead.CommentApproved).Scan(&threads); err != nil {
			return nil, 0, fmt.Errorf("count comment threads: %w", err)
		}
	}
	return comments, threads, nil
}

// FindCommentPlaces walks up from each comment to its top-level comment
// and counts the approved top-level comments before that one, a batch of
// ids per query; then it counts each article's threads.
func (s *Store) FindCommentPlaces(ctx context.Context, ids []int64) (map[int64]masthead.CommentPlace, error) {
	places := make(map[int64]masthead.CommentPlace, len(ids))
	if len(ids) == 0 {
		return places, nil
	}
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	threads := map[int64]int{}
	for batch := range slices.Chunk(ids, externalBatch) {
		args := append(int64s(batch), masthead.CommentApproved)
		rows, err := t.query(ctx, `WITH RECURSIVE up (start, id, parent_id) AS (
				SELECT id, id, parent_id FROM comments WHERE id IN (`+placeholders(len(batch))+`)
				UNION ALL
				SELECT up.start, c.id, c.parent_id FROM up CROSS JOIN comments c WHERE c.id = up.parent_id
			)
			SELECT up.start, r.article_id, (SELECT COUNT(*) FROM comments o
				WHERE o.article_id = r.article_id AND o.parent_id IS NULL AND o.status = ?
				AND o.created_at <= r.created_at AND (o.created_at < r.created_at OR o.id < r.id))
			FROM up JOIN comments r ON r.id = up.id WHERE up.parent_id IS NULL`, args...)
		if err != nil {
			return nil, fmt.Errorf("find comment places: %w", err)
		}
		for rows.Next() {
			var id int64
			var place masthead.CommentPlace
			if err := rows.Scan(&id, &place.ArticleID, &place.Position); err != nil {
				rows.Close()
				return nil, fmt.Errorf("find comment places: %w", err)
			}
			places[id] = place
			threads[place.ArticleID] = 0
		}
		if err := closeRows(rows, "find comment places"); err != nil {
			return nil, err
		}
	}
	articles := make([]int64, 0, len(threads))
	for id := range threads {
		articles = append(articles, id)
	}
	for batch := range slices.Chunk(articles, externalBatch) {
		args := append(int64s(batch), masthead.CommentApproved)
		rows, err := t.query(ctx, `SELECT article_id, COUNT(*) FROM comments
			WHERE article_id IN (`+placeholders(len(batch))+`) AND parent_id IS NULL AND status = ? GROUP BY article_id`, args...)
		if err != nil {
			return nil, fmt.Errorf("count comment threads: %w", err)
		}
		for rows.Next() {
			var article int64
			var n int
			if err := rows.Scan(&article, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("count comment threads: %w", err)
			}
			threads[article] = n
		}
		if err := closeRows(rows, "count comment threads"); err != nil {
			return nil, err
		}
	}
	for id, place := range places {
		place.Threads = threads[place.ArticleID]
		places[id] = place
	}
	return places, nil
}
