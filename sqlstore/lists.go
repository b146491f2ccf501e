package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"masthead"
)

// The public lists of articles keep their lengths in the article_lists
// table (migration 30), so that a list's number of pages and the sitemap
// index cost one row a list, not an index entry per article: on a site of
// a million articles, counting the home page's entries read all million
// on every page load. A list counts the published ordinary articles in
// it, whatever their publish time; the few published with a time still to
// come are counted apart when a total is read (listTotal), from the index
// range of the future, which stays small however large the archive grows.
//
// Every write that can move an article in or out of a list, or change it
// while it is in one, tells its transaction (tx.moveInLists), which writes
// the changes in one statement at commit. A bulk load and a copy, which
// write rows without the store's methods, count the lists again from the
// articles at the end (recountArticleLists), as migration 30 does once.

// Kinds of list in article_lists.
const (
	listSite     = "site"     // ref 0: the home page and the site's feeds
	listMonth    = "month"    // ref YYYYMM, in UTC: the sitemap of a month
	listCategory = "category" // ref: the category id
	listTag      = "tag"      // ref: the tag id
	listAuthor   = "author"   // ref: the author id, for each byline
)

// listKey names one row of article_lists.
type listKey struct {
	list string
	ref  int64
}

// listChange is what a transaction changes in one list: the number of
// articles it adds (negative when it removes them), and the latest time a
// change to an article of the list made.
type listChange struct {
	articles int
	modified time.Time
}

// listPlace is where an article is counted: in no list unless it is a
// published ordinary article, and then in the site's, its month's, its
// section's, its tags' and its authors'.
type listPlace struct {
	counted  bool
	modified time.Time // the article's ModifiedAt
	month    int64
	section  int64
	tags     []int64
	authors  []int64
}

// listMonthOf returns the month list of a publish time: YYYYMM in UTC, as
// the sitemap names months.
func listMonthOf(published time.Time) int64 {
	published = published.UTC()
	return int64(published.Year()*100 + int(published.Month()))
}

// listPlaceOf returns where a, as it is in memory, is counted.
func listPlaceOf(a *masthead.Article) listPlace {
	if a.IsPage() || a.Status != masthead.StatusPublished || a.PublishedAt.IsZero() {
		return listPlace{}
	}
	p := listPlace{counted: true, modified: a.ModifiedAt(), month: listMonthOf(a.PublishedAt)}
	if a.Category != nil {
		p.section = a.Category.ID
	}
	for _, tag := range a.Tags {
		p.tags = append(p.tags, tag.ID)
	}
	for _, au := range a.Authors {
		p.authors = append(p.authors, au.ID)
	}
	return p
}

// keys returns the lists p is counted in.
func (p listPlace) keys() []listKey {
	if !p.counted {
		return nil
	}
	keys := []listKey{{listSite, 0}, {listMonth, p.month}}
	if p.section != 0 {
		keys = append(keys, listKey{listCategory, p.section})
	}
	for _, id := range p.tags {
		keys = append(keys, listKey{listTag, id})
	}
	for _, id := range p.authors {
		keys = append(keys, listKey{listAuthor, id})
	}
	return keys
}

// storedListPlace reads where the article with id is counted, as stored:
// its row, and for a counted article its tags and authors. It returns
// ENOTFOUND for no such article.
func storedListPlace(ctx context.Context, t *tx, id int64) (listPlace, error) {
	var a masthead.Article
	var published sql.NullTime
	var section sql.NullInt64
	err := t.queryRow(ctx, `SELECT status, published_at, updated_at, kind, category_id FROM articles WHERE id = ?`, id).
		Scan(&a.Status, &published, &a.UpdatedAt, &a.Kind, &section)
	if errors.Is(err, sql.ErrNoRows) {
		return listPlace{}, masthead.Errorf(masthead.ENOTFOUND, "Article not found.")
	} else if err != nil {
		return listPlace{}, fmt.Errorf("read article lists: %w", err)
	}
	a.PublishedAt, a.UpdatedAt = nullTime(published), a.UpdatedAt.UTC()
	p := listPlaceOf(&a)
	if !p.counted {
		return p, nil
	}
	p.section = section.Int64
	if p.tags, p.authors, err = tagsAndAuthorsOf(ctx, t, id); err != nil {
		return listPlace{}, err
	}
	return p, nil
}

// tagsAndAuthorsOf returns the ids of an article's tags and of its
// authors, the lists it is in beside its section, in one query.
func tagsAndAuthorsOf(ctx context.Context, t *tx, id int64) (tags, authors []int64, err error) {
	rows, err := t.query(ctx, `SELECT 't', tag_id FROM article_tags WHERE article_id = ?
		UNION ALL SELECT 'u', author_id FROM article_authors WHERE article_id = ?`, id, id)
	if err != nil {
		return nil, nil, fmt.Errorf("read article lists: %w", err)
	}
	for rows.Next() {
		var kind string
		var ref int64
		if err := rows.Scan(&kind, &ref); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("read article lists: %w", err)
		}
		if kind == "t" {
			tags = append(tags, ref)
		} else {
			authors = append(authors, ref)
		}
	}
	return tags, authors, closeRows(rows, "read article lists")
}

// moveInLists records that an article counted as before is now counted as
// after (the zero listPlace for an article that is new, or in no list).
// The lists it stays in or joins changed when the article did (its
// ModifiedAt); those it leaves changed now.
func (t *tx) moveInLists(before, after listPlace) {
	if !before.counted && !after.counted {
		return
	}
	if t.lists == nil {
		t.lists = map[listKey]listChange{}
	}
	stays := map[listKey]bool{}
	for _, k := range after.keys() {
		stays[k] = true
		c := t.lists[k]
		c.articles++
		c.modified = latestTime(c.modified, after.modified)
		t.lists[k] = c
	}
	for _, k := range before.keys() {
		c := t.lists[k]
		c.articles--
		if !stays[k] {
			c.modified = latestTime(c.modified, t.now)
		}
		t.lists[k] = c
	}
}

// latestTime returns the later of a and b.
func latestTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// listsPerStatement bounds the rows of one upsert of article_lists.
const listsPerStatement = 200

// writeLists writes what the transaction changed in the lists, in the
// order of their keys, so that two transactions never wait for each other's
// rows in opposite orders.
func (t *tx) writeLists(ctx context.Context) error {
	if len(t.lists) == 0 {
		return nil
	}
	keys := make([]listKey, 0, len(t.lists))
	for k := range t.lists {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b listKey) int {
		return cmp.Or(cmp.Compare(a.list, b.list), cmp.Compare(a.ref, b.ref))
	})
	for batch := range slices.Chunk(keys, listsPerStatement) {
		args := make([]any, 0, 4*len(batch))
		for _, k := range batch {
			c := t.lists[k]
			args = append(args, k.list, k.ref, c.articles, timeArg(c.modified))
		}
		if _, err := t.exec(ctx, `INSERT INTO article_lists (list, ref, articles, modified) VALUES `+valueRows(len(batch), 4)+`
			ON CONFLICT (list, ref) DO UPDATE SET articles = article_lists.articles + excluded.articles,
			modified = CASE WHEN article_lists.modified IS NULL OR excluded.modified > article_lists.modified
				THEN excluded.modified ELSE article_lists.modified END`, args...); err != nil {
			return fmt.Errorf("count articles in lists: %w", err)
		}
	}
	t.lists = nil
	return nil
}

// recountArticleLists fills article_lists from the articles, as every
// write keeps it: for a new schema (migration 30), a bulk load and a copy.
func recountArticleLists(ctx context.Context, t *tx) error {
	if _, err := t.exec(ctx, `DELETE FROM article_lists`); err != nil {
		return fmt.Errorf("count articles in lists: %w", err)
	}
	month := `CAST(REPLACE(` + t.s.dialect.Month("a.published_at") + `, '-', '') AS BIGINT)`
	counted := `a.kind = ? AND a.status = ? AND a.published_at IS NOT NULL`
	query := `INSERT INTO article_lists (list, ref, articles, modified)
		SELECT ?, 0, COUNT(*), MAX(` + modifiedAt + `) FROM articles a WHERE ` + counted + `
		UNION ALL SELECT ?, ` + month + `, COUNT(*), MAX(` + modifiedAt + `) FROM articles a WHERE ` + counted + ` GROUP BY ` + month + `
		UNION ALL SELECT ?, a.category_id, COUNT(*), MAX(` + modifiedAt + `) FROM articles a
			WHERE ` + counted + ` AND a.category_id IS NOT NULL GROUP BY a.category_id
		UNION ALL SELECT ?, at.tag_id, COUNT(*), MAX(` + modifiedAt + `) FROM article_tags at JOIN articles a ON a.id = at.article_id
			WHERE ` + counted + ` GROUP BY at.tag_id
		UNION ALL SELECT ?, aa.author_id, COUNT(*), MAX(` + modifiedAt + `) FROM article_authors aa JOIN articles a ON a.id = aa.article_id
			WHERE ` + counted + ` GROUP BY aa.author_id`
	var args []any
	for _, list := range []string{listSite, listMonth, listCategory, listTag, listAuthor} {
		args = append(args, list, masthead.KindArticle, masthead.StatusPublished)
	}
	if _, err := t.exec(ctx, query, args...); err != nil {
		return fmt.Errorf("count articles in lists: %w", err)
	}
	return nil
}

// countedList returns the list whose length is the total of f, when f
// selects exactly what readers see of one list: the visible ordinary
// articles of the site, a section, a tag or an author, with no other
// condition.
func countedList(f masthead.ArticleFilter) (listKey, bool) {
	if !f.Visible || (f.Kind != "" && f.Kind != masthead.KindArticle) || f.IDs != nil || f.Status != "" || f.OwnerID != 0 ||
		f.HeadlineContains != "" || !f.PublishedFrom.IsZero() || !f.PublishedBefore.IsZero() {
		return listKey{}, false
	}
	key, terms := listKey{listSite, 0}, 0
	if f.CategoryID != 0 {
		key, terms = listKey{listCategory, f.CategoryID}, terms+1
	}
	if f.TagID != 0 {
		key, terms = listKey{listTag, f.TagID}, terms+1
	}
	if f.AuthorID != 0 {
		key, terms = listKey{listAuthor, f.AuthorID}, terms+1
	}
	return key, terms <= 1
}

// listTotalQuery returns the query, and its arguments, of the number of
// visible articles in the list k at now: the list's length less its
// articles published with a time still to come, which the query finds in
// the range of the index past now, never in the list's own entries.
func listTotalQuery(k listKey, now time.Time) (string, []any) {
	future := `SELECT COUNT(*) FROM articles a WHERE ` + kindIs(`a.kind`, masthead.KindArticle) + ` AND a.status = ? AND a.published_at > ?`
	args := []any{k.list, k.ref, masthead.StatusPublished, timeArg(now)}
	switch k.list {
	case listCategory:
		future += ` AND a.category_id = ?`
		args = append(args, k.ref)
	case listTag:
		future += ` AND EXISTS (SELECT 1 FROM article_tags lt WHERE lt.article_id = a.id AND lt.tag_id = ?)`
		args = append(args, k.ref)
	case listAuthor:
		future += ` AND EXISTS (SELECT 1 FROM article_authors la WHERE la.article_id = a.id AND la.author_id = ?)`
		args = append(args, k.ref)
	}
	return `SELECT COALESCE((SELECT articles FROM article_lists WHERE list = ? AND ref = ?), 0) - (` + future + `)`, args
}

// listTotal returns the number of visible articles in the list k.
func listTotal(ctx context.Context, t *tx, k listKey) (int, error) {
	query, args := listTotalQuery(k, t.now)
	var total int
	if err := t.queryRow(ctx, query, args...).Scan(&total); err != nil {
		return 0, fmt.Errorf("count the list's articles: %w", err)
	}
	return max(total, 0), nil
}
