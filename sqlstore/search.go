package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"masthead"
	"masthead/markdown"
)

// searchSQL is every statement of full-text search, one set per database:
// FTS5 on SQLite, tsvector with a GIN index on PostgreSQL.
type searchSQL struct {
	remove string // args: article id
	insert string
	// insertArgs gives insert its arguments from an article's texts.
	insertArgs func(id int64, headline, summary, body string) []any
	// query's args: snippet start and end markers (SQLite) or headline
	// options (PostgreSQL), the match expression, published status, now.
	query string
	// count's args: the match expression, published status, now.
	count string
	// match turns a parsed query into the database's query language.
	match func(masthead.SearchQuery) string
	// snippetArgs returns the arguments that shape snippets.
	snippetArgs func() []any
}

var searchDialects = map[string]searchSQL{
	"sqlite": {
		remove: `DELETE FROM article_search WHERE rowid = ?`,
		insert: `INSERT INTO article_search (rowid, headline, summary, body) VALUES (?, ?, ?, ?)`,
		insertArgs: func(id int64, headline, summary, body string) []any {
			return []any{id, headline, summary, body}
		},
		// FTS5's ranking functions cannot share a query with a window
		// function, so the count is a query of its own.
		query: `SELECT a.id, snippet(article_search, 2, ?, ?, '…', 24)
			FROM article_search JOIN articles a ON a.id = article_search.rowid
			WHERE article_search MATCH ? AND a.status = ? AND a.published_at <= ?
			ORDER BY bm25(article_search, 10.0, 4.0, 1.0), a.published_at DESC, a.id DESC LIMIT ? OFFSET ?`,
		count: `SELECT COUNT(*) FROM article_search JOIN articles a ON a.id = article_search.rowid
			WHERE article_search MATCH ? AND a.status = ? AND a.published_at <= ?`,
		match: func(q masthead.SearchQuery) string {
			var parts []string
			for _, t := range q.Terms {
				parts = append(parts, `"`+t+`"`)
			}
			for _, p := range q.Phrases {
				parts = append(parts, `"`+strings.Join(p, " ")+`"`)
			}
			expr := strings.Join(parts, " AND ")
			for _, x := range q.Excluded {
				expr += ` NOT "` + x + `"`
			}
			return expr
		},
		snippetArgs: func() []any { return []any{masthead.MarkStart, masthead.MarkEnd} },
	},
	"postgres": {
		remove: `DELETE FROM article_search WHERE article_id = ?`,
		insert: `INSERT INTO article_search (article_id, body, document) VALUES (?, ?,
			setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B') || setweight(to_tsvector('simple', ?), 'C'))`,
		insertArgs: func(id int64, headline, summary, body string) []any {
			return []any{id, body, foldWords(headline), foldWords(summary), foldWords(body)}
		},
		query: `SELECT a.id, ts_headline('simple', s.body, q, ?)
			FROM article_search s JOIN articles a ON a.id = s.article_id, websearch_to_tsquery('simple', ?) q
			WHERE s.document @@ q AND a.status = ? AND a.published_at <= ?
			ORDER BY ts_rank_cd(s.document, q) DESC, a.published_at DESC, a.id DESC LIMIT ? OFFSET ?`,
		count: `SELECT COUNT(*) FROM article_search s JOIN articles a ON a.id = s.article_id, websearch_to_tsquery('simple', ?) q
			WHERE s.document @@ q AND a.status = ? AND a.published_at <= ?`,
		match: func(q masthead.SearchQuery) string {
			// Every word is quoted, so that "or" is a word to find, as on
			// SQLite, not websearch_to_tsquery's OR operator.
			var parts []string
			for _, t := range q.Terms {
				parts = append(parts, `"`+t+`"`)
			}
			for _, p := range q.Phrases {
				parts = append(parts, `"`+strings.Join(p, " ")+`"`)
			}
			for _, x := range q.Excluded {
				parts = append(parts, "-"+x)
			}
			return strings.Join(parts, " ")
		},
		snippetArgs: func() []any {
			return []any{"StartSel=" + masthead.MarkStart + ", StopSel=" + masthead.MarkEnd +
				", MaxWords=40, MinWords=20, MaxFragments=1, FragmentDelimiter=…"}
		},
	},
}

func (s *Store) search() searchSQL { return searchDialects[s.dialect.Name] }

// foldWords is text as the index and the queries see it.
func foldWords(text string) string { return strings.Join(masthead.SearchWords(text), " ") }

// reindexArticle brings the search index of one article up to date: it
// holds published articles only, so a draft or an unpublished article is
// never found.
func reindexArticle(ctx context.Context, t *tx, id int64) error {
	sq := t.s.search()
	if _, err := t.exec(ctx, sq.remove, id); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	var headline, dek, bodyHTML string
	var status masthead.Status
	err := t.queryRow(ctx, `SELECT headline, dek, body_html, status FROM articles WHERE id = ?`, id).Scan(&headline, &dek, &bodyHTML, &status)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if status != masthead.StatusPublished {
		return nil
	}
	var words []string
	for _, q := range []string{
		`SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = ? ORDER BY aa.position`,
		`SELECT tg.name FROM article_tags at JOIN tags tg ON tg.id = at.tag_id WHERE at.article_id = ? ORDER BY tg.name`,
	} {
		rows, err := t.query(ctx, q, id)
		if err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return err
			}
			words = append(words, name)
		}
		if err := closeRows(rows, "search index"); err != nil {
			return err
		}
	}
	summary := strings.Join(append([]string{dek}, words...), " ")
	if _, err := t.exec(ctx, sq.insert, sq.insertArgs(id, headline, summary, markdown.PlainText(bodyHTML))...); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// reindexAll rebuilds the index of every published article, after a
// migration created or changed it.
func (s *Store) reindexAll(ctx context.Context) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if err := reindexPublished(ctx, t); err != nil {
		return err
	}
	return t.Commit()
}

// reindexPublished indexes every published article inside t.
func reindexPublished(ctx context.Context, t *tx) error {
	return reindexSelected(ctx, t, `SELECT id FROM articles WHERE status = ? ORDER BY id`, masthead.StatusPublished)
}

// reindexSelected reindexes the articles whose ids the query selects: the
// articles of a renamed author or tag, or all of them.
func reindexSelected(ctx context.Context, t *tx, query string, args ...any) error {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("reindex: %w", err)
		}
		ids = append(ids, id)
	}
	if err := closeRows(rows, "reindex"); err != nil {
		return err
	}
	for _, id := range ids {
		if err := reindexArticle(ctx, t, id); err != nil {
			return err
		}
	}
	return nil
}

// SearchArticles returns one page of visible articles matching q.
func (s *Store) SearchArticles(ctx context.Context, q string, limit, offset int) ([]masthead.SearchHit, int, error) {
	parsed := masthead.ParseSearchQuery(q)
	if parsed.Empty() {
		return nil, 0, nil
	}
	limit, offset = pageBounds(limit, offset)
	t, err := s.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	sq := s.search()
	filter := []any{sq.match(parsed), masthead.StatusPublished, timeArg(t.now)}
	var total int
	if err := t.queryRow(ctx, sq.count, filter...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	if total == 0 || offset >= total {
		return nil, total, nil
	}
	type hit struct {
		id      int64
		snippet string
	}
	rows, err := t.query(ctx, sq.query, append(append(sq.snippetArgs(), filter...), limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	var hits []hit
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.id, &h.snippet); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("search: %w", err)
		}
		hits = append(hits, h)
	}
	if err := closeRows(rows, "search"); err != nil {
		return nil, 0, err
	}
	if len(hits) == 0 {
		return nil, total, nil
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	articles, _, err := findArticlesIn(ctx, t, masthead.ArticleFilter{IDs: ids, Limit: len(ids)})
	if err != nil {
		return nil, 0, err
	}
	byID := map[int64]*masthead.Article{}
	for _, a := range articles {
		byID[a.ID] = a
	}
	out := make([]masthead.SearchHit, 0, len(hits))
	for _, h := range hits {
		if a, ok := byID[h.id]; ok {
			out = append(out, masthead.SearchHit{Article: a, Snippet: h.snippet})
		}
	}
	return out, total, nil
}
