package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"masthead"
	"masthead/markdown"
)

// searchBatch is how many articles one round of indexing handles: the
// statements of a round stay a fixed few whatever the number of articles,
// and their arguments stay well inside both databases' limits.
const searchBatch = 200

// foldWords is text as the index and the queries see it: the words of
// masthead.SearchWords, joined by single spaces.
func foldWords(text string) string {
	if folded, ok := foldASCIIWords(text); ok {
		return folded
	}
	return strings.Join(masthead.SearchWords(text), " ")
}

// foldASCIIWords is foldWords for text that is all ASCII, which most
// articles' text is: there normalisation changes nothing and folding is
// lowering, so one pass over the bytes gives the same words without
// building every word as a string of its own. It reports false for text
// with any other byte, which goes the long way.
func foldASCIIWords(text string) (string, bool) {
	var b strings.Builder
	b.Grow(len(text))
	gap := false // a separator is due before the next word
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= 0x80:
			return "", false
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		default:
			gap = b.Len() > 0
			continue
		}
		if gap {
			b.WriteByte(' ')
			gap = false
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// reindexArticle brings the search index of one article up to date.
func reindexArticle(ctx context.Context, t *tx, id int64) error {
	return reindexArticles(ctx, t, []int64{id})
}

// reindexArticles brings the search index of up to searchBatch articles up
// to date, in four statements whatever their number: it removes their rows,
// reads their texts and their authors' and tags' names, and indexes the
// published ones in one insert. The index holds published articles only, so
// a draft or an unpublished article is never found.
func reindexArticles(ctx context.Context, t *tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	d := t.s.dialect
	in := "(" + placeholders(len(ids)) + ")"
	if _, err := t.exec(ctx, `DELETE FROM article_search WHERE `+d.SearchKey+` IN `+in, int64s(ids)...); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	var docs []searchDocument
	rows, err := t.query(ctx, `SELECT id, headline, dek, body_html, kind FROM articles WHERE status = ? AND id IN `+in+` ORDER BY id`,
		append([]any{masthead.StatusPublished}, int64s(ids)...)...)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	for rows.Next() {
		var doc searchDocument
		var headline, body string
		if err := rows.Scan(&doc.id, &headline, &doc.dek, &body, &doc.kind); err != nil {
			rows.Close()
			return fmt.Errorf("search index: %w", err)
		}
		doc.searchText = newSearchText(headline, body)
		docs = append(docs, doc)
	}
	if err := closeRows(rows, "search index"); err != nil {
		return err
	}
	return indexDocuments(ctx, t, docs)
}

// searchText is the part of an article's index row that comes from the
// article alone, folded: its headline, and its body as plain text, which
// costs most to work out. It needs no database, so a bulk load works it
// out before the writer's turn (PrepareBulkArticles).
type searchText struct{ headline, body string }

// newSearchText folds an article's headline and rendered body for the
// index.
func newSearchText(headline, bodyHTML string) searchText {
	return searchText{headline: foldWords(headline), body: foldWords(markdown.PlainText(bodyHTML))}
}

// searchDocument is a published article on its way into the index: its
// folded texts, and what its summary is made of besides the names of its
// byline and tags, which indexDocuments reads.
type searchDocument struct {
	id   int64
	kind masthead.Kind
	dek  string
	searchText
}

// indexDocuments adds up to searchBatch published articles, which have
// no row in the index, in two statements whatever their number: it reads
// their authors' and tags' names, for the summary, and inserts every row
// at once.
func indexDocuments(ctx context.Context, t *tx, docs []searchDocument) error {
	if len(docs) == 0 {
		return nil
	}
	d := t.s.dialect
	ids := make([]int64, len(docs))
	for i, doc := range docs {
		ids[i] = doc.id
	}
	in := "(" + placeholders(len(ids)) + ")"
	// Authors in byline order, then tags by name.
	names := make(map[int64][]string, len(ids))
	rows, err := t.query(ctx, `SELECT aa.article_id, 0, aa.position, au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id
		WHERE aa.article_id IN `+in+`
		UNION ALL SELECT at.article_id, 1, 0, tg.name FROM article_tags at JOIN tags tg ON tg.id = at.tag_id
		WHERE at.article_id IN `+in+`
		ORDER BY 1, 2, 3, 4`, append(int64s(ids), int64s(ids)...)...)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	for rows.Next() {
		var id int64
		var kind, position int
		var name string
		if err := rows.Scan(&id, &kind, &position, &name); err != nil {
			rows.Close()
			return fmt.Errorf("search index: %w", err)
		}
		names[id] = append(names[id], name)
	}
	if err := closeRows(rows, "search index"); err != nil {
		return err
	}
	values := make([]string, len(docs))
	args := make([]any, 0, 4*len(docs))
	for i, doc := range docs {
		values[i] = d.SearchRow
		summary := doc.dek
		if doc.kind != masthead.KindPage { // a page shows no byline, so its writer's name does not find it
			summary = strings.Join(append([]string{doc.dek}, names[doc.id]...), " ")
		}
		args = append(args, doc.id, doc.headline, foldWords(summary), doc.body)
	}
	if _, err := t.exec(ctx, d.SearchInsert+strings.Join(values, ", ")+d.SearchOnConflict, args...); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// rebuildSearch refolds the whole index when a migration asked for it with
// a row in search_rebuild: one batch of articles per transaction, so that
// a large site is never locked for long, each recording how far it got, so
// that a process stopped halfway goes on where it stopped at its next
// start. On PostgreSQL each batch holds the migration lock, so that nodes
// starting together rebuild once between them.
func (s *Store) rebuildSearch(ctx context.Context) error {
	for {
		done, err := s.rebuildSearchBatch(ctx)
		if err != nil {
			return fmt.Errorf("rebuild the search index: %w", err)
		}
		if done {
			return nil
		}
	}
}

// rebuildSearchBatch reindexes the next batch of articles the rebuild has
// not reached, and reports whether none is left.
func (s *Store) rebuildSearchBatch(ctx context.Context) (bool, error) {
	t, err := s.begin(ctx)
	if err != nil {
		return false, err
	}
	defer t.Rollback()
	if s.dialect.MigrationLock != "" {
		if _, err := t.exec(ctx, s.dialect.MigrationLock); err != nil {
			return false, fmt.Errorf("lock: %w", err)
		}
	}
	var after int64
	err = t.queryRow(ctx, `SELECT after_id FROM search_rebuild ORDER BY after_id LIMIT 1`).Scan(&after)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	} else if err != nil {
		return false, err
	}
	ids, err := selectIDs(ctx, t, `SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?`, after, searchBatch)
	if err != nil {
		return false, err
	}
	if err := reindexArticles(ctx, t, ids); err != nil {
		return false, err
	}
	done := len(ids) < searchBatch
	if done {
		_, err = t.exec(ctx, `DELETE FROM search_rebuild`)
	} else {
		_, err = t.exec(ctx, `UPDATE search_rebuild SET after_id = ?`, ids[len(ids)-1])
	}
	if err != nil {
		return false, err
	}
	return done, t.Commit()
}

// reindexPublished indexes every published article inside t, batch by
// batch, for a store whose articles were copied in.
func reindexPublished(ctx context.Context, t *tx) error {
	return reindexSelected(ctx, t, `SELECT id FROM articles WHERE status = ? ORDER BY id`, masthead.StatusPublished)
}

// reindexSelected reindexes the articles whose ids the query selects (the
// articles of a renamed author or tag, or all of them), searchBatch at a
// time, so that the statements grow with the batches, not the articles.
func reindexSelected(ctx context.Context, t *tx, query string, args ...any) error {
	ids, err := selectIDs(ctx, t, query, args...)
	if err != nil {
		return err
	}
	for batch := range slices.Chunk(ids, searchBatch) {
		if err := reindexArticles(ctx, t, batch); err != nil {
			return err
		}
	}
	return nil
}

// selectIDs returns the ids a query selects.
func selectIDs(ctx context.Context, t *tx, query string, args ...any) ([]int64, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("select ids: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("select ids: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, closeRows(rows, "select ids")
}

// searchRanked bounds the matches a search ranks, and so its results: a
// query that matches more articles gives the newest searchRanked of them.
// It is a variable only so that tests can lower it.
var searchRanked = 1000

// searchBudget is the longest a search may take. A query whose matches
// are found slowly (a common word less a common word: "news -council"
// walks the index until it has found its newest matches) is stopped there
// with a message, rather than holding a reader, and a connection, for as
// long as it takes. It is a variable only so that tests can lower it.
var searchBudget = 2 * time.Second

// errSearchTooLong is what a reader is told when a search ran out of
// searchBudget.
func errSearchTooLong(cause error) error {
	return fmt.Errorf("search: %w (%w)", masthead.SearchTooLong(), cause)
}

// searchMatch is one match of a search: the article, its rank (lower is
// more relevant) and its publish time, which orders equal ranks.
type searchMatch struct {
	id        int64
	rank      float64
	published time.Time
}

// SearchArticles returns one page of visible articles and pages matching
// q, with their number, at most searchRanked, and whether more matched
// than were ranked. Snippets are made from each article's text by
// masthead.Snippet, the same way on every database.
//
// One statement reads the newest searchRanked+1 matches with their ranks,
// walking the full-text index from the newest id (FTS5's rowid order on
// SQLite; the primary key of article_search on PostgreSQL, where the
// planner takes it for a common word and the GIN index for a rare one)
// and stopping there, so that a word in most of the archive costs as much
// as one in a thousand articles: it reads searchRanked postings, not all
// of them. The matches are ranked among themselves here, and the page's
// articles read by their ids.
func (s *Store) SearchArticles(ctx context.Context, q string, limit, offset int) ([]masthead.SearchHit, int, bool, error) {
	parsed := masthead.ParseSearchQuery(q)
	if parsed.Empty() {
		return nil, 0, false, nil
	}
	limit, offset = pageBounds(limit, offset)
	allowed := searchBudget
	if s.SearchBudget > 0 {
		allowed = s.SearchBudget
	}
	budget, cancel := context.WithTimeout(ctx, allowed)
	defer cancel()
	t, err := s.beginRead(budget)
	if err != nil {
		return nil, 0, false, searchFailed(ctx, budget, err)
	}
	defer t.Rollback()
	bound := searchRanked
	if s.SearchRanked > 0 {
		bound = s.SearchRanked
	}
	d := s.dialect
	if d.SearchPlanning != "" {
		if _, err := t.exec(budget, d.SearchPlanning); err != nil {
			return nil, 0, false, searchFailed(ctx, budget, err)
		}
	}
	rows, err := t.query(budget, `SELECT a.id, `+d.SearchScore+`, a.published_at `+d.SearchFrom+
		` AND a.status = ? AND a.published_at <= ? ORDER BY `+d.SearchID+` DESC LIMIT ?`,
		d.SearchMatch(parsed), masthead.StatusPublished, timeArg(t.now), bound+1)
	if err != nil {
		return nil, 0, false, searchFailed(ctx, budget, err)
	}
	matches := make([]searchMatch, 0, 64)
	for rows.Next() {
		var m searchMatch
		if err := rows.Scan(&m.id, &m.rank, &m.published); err != nil {
			rows.Close()
			return nil, 0, false, searchFailed(ctx, budget, err)
		}
		matches = append(matches, m)
	}
	if err := rows.Close(); err != nil {
		return nil, 0, false, searchFailed(ctx, budget, err)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, false, searchFailed(ctx, budget, err)
	}
	more := len(matches) > bound
	if more {
		matches = matches[:bound]
	}
	total := len(matches)
	if offset >= total {
		return nil, total, more, nil
	}
	if err := boostMatches(budget, t, parsed, matches); err != nil {
		return nil, 0, false, searchFailed(ctx, budget, err)
	}
	slices.SortFunc(matches, func(a, b searchMatch) int {
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		if c := b.published.Compare(a.published); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	ids := make([]int64, 0, min(limit, total-offset))
	for _, m := range matches[offset:min(offset+limit, total)] {
		ids = append(ids, m.id)
	}
	articles, _, err := findArticlesIn(budget, t, masthead.ArticleFilter{Kind: masthead.AnyKind, IDs: ids, Limit: len(ids), SkipTotal: true})
	if err != nil {
		return nil, 0, false, searchFailed(ctx, budget, err)
	}
	byID := map[int64]*masthead.Article{}
	for _, a := range articles {
		byID[a.ID] = a
	}
	out := make([]masthead.SearchHit, 0, len(ids))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			out = append(out, masthead.SearchHit{Article: a, Snippet: masthead.Snippet(markdown.PlainText(a.BodyHTML), parsed)})
		}
	}
	return out, total, more, nil
}

// boostMatches ranks up the matches that match in a field the dialect
// boosts. The matches are newest first, so the last is the oldest.
func boostMatches(ctx context.Context, t *tx, q masthead.SearchQuery, matches []searchMatch) error {
	boosts := t.s.dialect.SearchBoosts
	if len(boosts) == 0 {
		return nil
	}
	at := make(map[int64]int, len(matches))
	for i, m := range matches {
		at[m.id] = i
	}
	oldest := matches[len(matches)-1].id
	for _, b := range boosts {
		ids, err := selectIDs(ctx, t, b.Query, b.Match(q), oldest)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if i, ok := at[id]; ok {
				matches[i].rank -= b.Weight
			}
		}
	}
	return nil
}

// searchFailed tells a search that ran out of its budget from any other
// failure: the first gets a message for the reader, the second stays as
// it was. A search the reader gave up on (ctx itself ended) is neither.
func searchFailed(ctx, budget context.Context, err error) error {
	if ctx.Err() == nil && budget.Err() != nil {
		return errSearchTooLong(err)
	}
	return fmt.Errorf("search: %w", err)
}
