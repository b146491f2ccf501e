package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"masthead"
)

// Every write transaction announces what it made stale as change keys
// (masthead.ChangeKey), collected by tx.changed while it runs. At commit
// the keys reach three audiences:
//
//   - this process, synchronously, before the write method returns,
//     through the subscribers of Store.OnChange, so that a change that has
//     returned is never followed by a stale page from this process;
//   - other PostgreSQL nodes, through NOTIFY in the same transaction
//     (Dialect.Notify), which PostgreSQL delivers at commit and in commit
//     order;
//   - other processes on the same SQLite file (the command line beside a
//     server), through a row of the changes table written in the same
//     transaction (Dialect.ChangeLog), which their watchers read when the
//     file's data version moves.
//
// PostgreSQL has the changes table too, since both dialects keep the same
// migrations, but never writes it: NOTIFY already reaches every node, in
// order, and a node that lost its connection flushes everything anyway.

// maxChangePayload bounds the encoded keys of one change, below the 8000
// bytes PostgreSQL allows a NOTIFY payload. A change that touches more
// than this is a bulk change, and announces KeyAll instead.
const maxChangePayload = 7000

// changesPruneEvery is how often, in changes, a change also deletes old
// rows of the changes table, so that the table stays small at the cost of
// one indexed delete per that many writes.
const changesPruneEvery = 100

// changesKept and changesKeptFor bound what the changes table keeps: a
// watcher polls every quarter second, so a minute of changes is plenty;
// one that fell further behind sees a gap in the ids and reports KeyAll.
const (
	changesKept    = 10000
	changesKeptFor = time.Minute
)

// changesReadLimit is how many rows a watcher reads at once; more than
// that since its last look is a burst that it reports as KeyAll.
const changesReadLimit = 1000

// OnChange subscribes changed to every change this store commits. After
// each write transaction commits, and before the write method returns,
// every subscriber is called in turn, in the writer's goroutine, with the
// keys of what the write made stale: sorted, without repeats, and just
// [masthead.KeyAll] when everything may be. A transaction that rolls back,
// or changes nothing readers see, calls no one. Subscribers must return
// quickly and must not change keys; several may subscribe, and none can
// leave.
//
// A server drops exactly the cached pages a change touches:
//
//	store.OnChange(func(keys []masthead.ChangeKey) { pages.Drop(keys) })
//
// Other processes hear of the same keys through a masthead.ChangeWatcher
// (sqlite.Watcher, postgres.Watcher).
func (s *Store) OnChange(changed func(keys []masthead.ChangeKey)) {
	s.subscribers.Lock()
	defer s.subscribers.Unlock()
	s.subscribers.list = append(s.subscribers.list, changed)
}

var _ masthead.ChangeAnnouncer = (*Store)(nil)

// deliver calls the subscribers with a committed change's keys.
func (s *Store) deliver(keys []masthead.ChangeKey) {
	s.subscribers.RLock()
	list := s.subscribers.list
	s.subscribers.RUnlock()
	for _, changed := range list {
		changed(slices.Clip(keys))
	}
}

// changed adds keys to what the transaction announces when it commits;
// a key added twice is announced once.
func (t *tx) changed(keys ...masthead.ChangeKey) {
	if t.keys == nil {
		t.keys = map[masthead.ChangeKey]struct{}{}
	}
	for _, k := range keys {
		t.keys[k] = struct{}{}
	}
}

// changeKeys returns what the transaction announces: its keys sorted, or
// only KeyAll when that is among them or when they are too many to send
// (KeyAll sorts first, so an announcement is easy to read in a log).
func (t *tx) changeKeys() []masthead.ChangeKey {
	if len(t.keys) == 0 {
		return nil
	}
	keys := make([]masthead.ChangeKey, 0, len(t.keys))
	size := 0
	for k := range t.keys {
		keys = append(keys, k)
		size += len(k) + 1
	}
	if size > maxChangePayload {
		return []masthead.ChangeKey{masthead.KeyAll}
	}
	return tidyKeys(keys)
}

// announce tells other processes of keys inside the transaction, so that
// they hear of the change if and when it commits.
func (t *tx) announce(keys []masthead.ChangeKey) error {
	payload := EncodeChangeKeys(keys)
	d := t.s.dialect
	if d.Notify != "" {
		if _, err := t.exec(t.ctx, d.Notify, payload); err != nil {
			return fmt.Errorf("announce change: %w", err)
		}
	}
	if !d.ChangeLog {
		return nil
	}
	var id int64
	if err := t.queryRow(t.ctx, `INSERT INTO changes (keys, created_at) VALUES (?, ?) RETURNING id`,
		payload, timeArg(t.now)).Scan(&id); err != nil {
		return fmt.Errorf("record change: %w", err)
	}
	if id%changesPruneEvery == 0 {
		// The row just written is never among those deleted, so ids keep
		// growing from it.
		if _, err := t.exec(t.ctx, `DELETE FROM changes WHERE id <= ? OR created_at < ?`,
			id-changesKept, timeArg(t.now.Add(-changesKeptFor))); err != nil {
			return fmt.Errorf("prune changes: %w", err)
		}
	}
	return nil
}

// EncodeChangeKeys writes keys as a change's payload: separated by
// spaces, which no key holds.
func EncodeChangeKeys(keys []masthead.ChangeKey) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = string(k)
	}
	return strings.Join(parts, " ")
}

// DecodeChangeKeys reads a payload that EncodeChangeKeys wrote. An empty
// payload, as nodes sent before changes carried keys, means KeyAll.
func DecodeChangeKeys(payload string) []masthead.ChangeKey {
	fields := strings.Fields(payload)
	if len(fields) == 0 {
		return []masthead.ChangeKey{masthead.KeyAll}
	}
	keys := make([]masthead.ChangeKey, len(fields))
	for i, f := range fields {
		keys[i] = masthead.ChangeKey(f)
	}
	return keys
}

// LastChange returns the number of the last change recorded in the
// changes table, 0 when there is none, read on conn: where a watcher
// starts.
func (s *Store) LastChange(ctx context.Context, conn *sql.Conn) (int64, error) {
	var last int64
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM changes`).Scan(&last); err != nil {
		return 0, fmt.Errorf("read the last change: %w", err)
	}
	return last, nil
}

// ChangesAfter returns the keys of the changes recorded after the change
// numbered after, read on conn, and the number of the last of them (after
// itself when there is none). Changes are numbered in commit order without
// gaps, since SQLite commits one writer at a time; so a gap means that
// rows were pruned before this reader saw them, and is reported as
// KeyAll, as is a burst of more than changesReadLimit changes.
func (s *Store) ChangesAfter(ctx context.Context, conn *sql.Conn, after int64) ([]masthead.ChangeKey, int64, error) {
	rows, err := conn.QueryContext(ctx, s.dialect.Rebind(`SELECT id, keys FROM changes WHERE id > ? ORDER BY id LIMIT ?`),
		after, changesReadLimit+1)
	if err != nil {
		return nil, after, fmt.Errorf("read changes: %w", err)
	}
	defer rows.Close()
	var keys []masthead.ChangeKey
	last, n, gap := after, 0, false
	for rows.Next() {
		var id int64
		var payload string
		if err := rows.Scan(&id, &payload); err != nil {
			return nil, after, fmt.Errorf("read changes: %w", err)
		}
		if id != last+1 {
			gap = true
		}
		last, n = id, n+1
		keys = append(keys, DecodeChangeKeys(payload)...)
	}
	if err := rows.Err(); err != nil {
		return nil, after, fmt.Errorf("read changes: %w", err)
	}
	if n > changesReadLimit {
		rows.Close()
		if last, err = s.LastChange(ctx, conn); err != nil {
			return nil, after, err
		}
		gap = true
	}
	if gap {
		return []masthead.ChangeKey{masthead.KeyAll}, last, nil
	}
	return tidyKeys(keys), last, nil
}

// tidyKeys sorts keys and drops repeats, or returns only KeyAll when it is
// among them, since it stands for every other.
func tidyKeys(keys []masthead.ChangeKey) []masthead.ChangeKey {
	if slices.Contains(keys, masthead.KeyAll) {
		return []masthead.ChangeKey{masthead.KeyAll}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// listing is where readers find an article: whether they may see it at
// all, and the lists it is in while they may (its section's, its tags'
// and its authors'). A page is in none of those lists, only in the
// site-wide ones (the sitemap, search).
type listing struct {
	public    bool
	section   int64
	tags      []int64
	authorIDs []int64
}

// listingOf returns where readers find a, as it is in memory, at now.
func listingOf(a *masthead.Article, now time.Time) listing {
	l := listing{public: a.VisibleAt(now)}
	if !l.public || a.IsPage() {
		return l
	}
	if a.Category != nil {
		l.section = a.Category.ID
	}
	for _, tag := range a.Tags {
		l.tags = append(l.tags, tag.ID)
	}
	for _, au := range a.Authors {
		l.authorIDs = append(l.authorIDs, au.ID)
	}
	return l
}

// storedListing reads where readers find the article with id as it is
// stored: its row, and for a public article its tags and authors, in one
// query. It returns ENOTFOUND for no such article.
func storedListing(ctx context.Context, t *tx, id int64) (listing, error) {
	var a masthead.Article
	var published sql.NullTime
	var section sql.NullInt64
	err := t.queryRow(ctx, `SELECT status, published_at, kind, category_id FROM articles WHERE id = ?`, id).
		Scan(&a.Status, &published, &a.Kind, &section)
	if errors.Is(err, sql.ErrNoRows) {
		return listing{}, masthead.Errorf(masthead.ENOTFOUND, "Article not found.")
	} else if err != nil {
		return listing{}, fmt.Errorf("read article lists: %w", err)
	}
	a.PublishedAt = nullTime(published)
	l := listing{public: a.VisibleAt(t.now)}
	if !l.public || a.IsPage() {
		return l, nil
	}
	l.section = section.Int64
	if l.tags, l.authorIDs, err = tagsAndAuthorsOf(ctx, t, id); err != nil {
		return listing{}, err
	}
	return l, nil
}

// articleChanged announces a write to the article with id, which readers
// found as listings say (before the write, then after it; a new article
// has no listing before). Its own page and cards always change; the
// site-wide lists and those of its section, tags and authors change only
// where readers see it, before or after.
func (t *tx) articleChanged(id int64, listings ...listing) {
	t.changed(masthead.ArticleKey(id))
	for _, l := range listings {
		if !l.public {
			continue
		}
		t.changed(masthead.KeyFront)
		if l.section != 0 {
			t.changed(masthead.SectionListKey(l.section))
		}
		for _, tag := range l.tags {
			t.changed(masthead.TagListKey(tag))
		}
		for _, au := range l.authorIDs {
			t.changed(masthead.AuthorListKey(au))
		}
	}
}
