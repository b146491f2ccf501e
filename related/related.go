// Package related chooses the related articles an article page lists:
// the visible articles of its section and of its tags that share most of
// its tags, the newest first among equals.
//
// The candidates come from the newest few of the section and of each tag,
// so the choice costs the same on a site of a thousand articles or a
// million. Those lists are the same for every article of the section or
// tag, so a Finder keeps them in memory and drops one when a change key
// says it is stale: its section's or tag's list, or one of its articles
// (whose tags or time may have changed). An uncached article page then
// ranks a few dozen candidates in Go and reads the cards of the chosen
// few, instead of asking the database to probe every candidate's tags.
package related

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"masthead"
)

const (
	// Candidates is how many of the newest articles of the section and
	// of each tag the related articles are chosen from.
	Candidates = 20
	// Tags bounds how many of an article's tags give candidates.
	Tags = 10
	// MaxLists bounds the lists kept: about a kilobyte each.
	MaxLists = 4096
	// MaxAge is how long a list is kept at most. Every change that
	// withdraws or moves an article drops the lists it is in at once;
	// this bounds the one thing no change announces: a published
	// article whose publish time, set in the future, arrives.
	MaxAge = time.Minute
)

// Store is what a Finder reads.
type Store interface {
	FindRelatedCandidates(ctx context.Context, lists []masthead.RelatedList, n int) (map[masthead.RelatedList][]masthead.RelatedCandidate, error)
	FindArticleCards(ctx context.Context, ids []int64) ([]*masthead.Article, error)
}

// Finder finds related articles, keeping the lists they are chosen from.
// It is safe for concurrent use. Purge must hear every change, as the
// page cache does.
type Finder struct {
	store Store
	now   func() time.Time

	mu sync.Mutex
	// keeping is whether lists are kept: only while every change of
	// every writer reaches Purge (a change watcher runs).
	keeping bool
	lists   map[masthead.RelatedList]*list
	// byKey finds the lists a change key makes stale: its own list key,
	// and the article key of each candidate it holds.
	byKey map[masthead.ChangeKey][]masthead.RelatedList
	// generation counts purges, so that a list read from the store while
	// a purge went by is not kept: it may predate the change.
	generation uint64
}

type list struct {
	candidates []masthead.RelatedCandidate
	built      time.Time
}

// New returns a Finder reading store. It keeps nothing until Keep says
// that Purge hears every change.
func New(store Store) *Finder {
	return &Finder{store: store, now: time.Now, lists: map[masthead.RelatedList]*list{}, byKey: map[masthead.ChangeKey][]masthead.RelatedList{}}
}

// Find returns up to limit related articles of a as cards (sections, no
// bodies, bylines, tags or images): those sharing most of a's tags
// first, then the newest.
func (f *Finder) Find(ctx context.Context, a *masthead.Article, limit int) ([]*masthead.Article, error) {
	if limit <= 0 {
		return nil, nil
	}
	var lists []masthead.RelatedList
	if a.Category != nil {
		lists = append(lists, masthead.RelatedList{SectionID: a.Category.ID})
	}
	var tags []int64
	for _, t := range a.Tags {
		if len(tags) == Tags {
			break
		}
		tags = append(tags, t.ID)
		lists = append(lists, masthead.RelatedList{TagID: t.ID})
	}
	// ranked points into the candidates rather than copying them: a page
	// ranks up to a hundred of them, and copies were most of what it
	// allocated for its related articles.
	type ranked struct {
		*masthead.RelatedCandidate
		shared int
	}
	found, err := f.candidates(ctx, lists)
	if err != nil {
		return nil, err
	}
	total := 0
	for _, l := range lists {
		total += len(found[l])
	}
	all := make([]ranked, 0, total)
	seen := make(map[int64]bool, total+1) // an article is in several lists; a is not its own
	seen[a.ID] = true
	for _, l := range lists {
		list := found[l]
		for i := range list {
			c := &list[i]
			if seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			shared := 0
			for _, t := range c.TagIDs {
				if slices.Contains(tags, t) {
					shared++
				}
			}
			all = append(all, ranked{c, shared})
		}
	}
	slices.SortFunc(all, func(x, y ranked) int {
		if c := cmp.Compare(y.shared, x.shared); c != 0 {
			return c
		}
		if c := y.PublishedAt.Compare(x.PublishedAt); c != 0 {
			return c
		}
		return cmp.Compare(y.ID, x.ID)
	})
	ids := make([]int64, 0, limit)
	for _, r := range all[:min(limit, len(all))] {
		ids = append(ids, r.ID)
	}
	return f.store.FindArticleCards(ctx, ids)
}

// candidates returns the candidates of each list, from memory while
// they are fresh, and reads the others in one call.
func (f *Finder) candidates(ctx context.Context, lists []masthead.RelatedList) (map[masthead.RelatedList][]masthead.RelatedCandidate, error) {
	now := f.now()
	found := make(map[masthead.RelatedList][]masthead.RelatedCandidate, len(lists))
	var missing []masthead.RelatedList
	f.mu.Lock()
	for _, l := range lists {
		if kept := f.lists[l]; kept != nil && now.Sub(kept.built) < MaxAge {
			found[l] = kept.candidates
		} else {
			missing = append(missing, l)
		}
	}
	generation := f.generation
	f.mu.Unlock()
	if len(missing) == 0 {
		return found, nil
	}
	read, err := f.store.FindRelatedCandidates(ctx, missing, Candidates)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, l := range missing {
		found[l] = read[l]
		if f.keeping && f.generation == generation {
			f.keepLocked(l, read[l], now)
		} // else a change went by: use what was read once, keep none
	}
	return found, nil
}

// keepLocked keeps the candidates of l, read at now. The caller holds mu.
func (f *Finder) keepLocked(l masthead.RelatedList, candidates []masthead.RelatedCandidate, now time.Time) {
	f.drop(l)
	for len(f.lists) >= MaxLists {
		for other := range f.lists {
			f.drop(other)
			break
		}
	}
	f.lists[l] = &list{candidates: candidates, built: now}
	f.byKey[l.Key()] = append(f.byKey[l.Key()], l)
	for _, c := range candidates {
		k := masthead.ArticleKey(c.ID)
		f.byKey[k] = append(f.byKey[k], l)
	}
}

// Keep starts keeping lists (on), or stops and forgets them (off): on
// only while every change, of this process and of others, reaches Purge.
func (f *Finder) Keep(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.keeping == on {
		return // the watcher says so at every report
	}
	f.keeping = on
	f.generation++
	if !on {
		clear(f.lists)
		clear(f.byKey)
	}
}

// Purge drops the lists that the changes named by keys make stale: with
// masthead.KeyAll every list.
func (f *Finder) Purge(keys []masthead.ChangeKey) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.generation++
	for _, k := range keys {
		if k == masthead.KeyAll {
			clear(f.lists)
			clear(f.byKey)
			return
		}
		for _, l := range slices.Clone(f.byKey[k]) {
			f.drop(l)
		}
	}
}

// drop forgets list l and every key that leads to it. The caller holds mu.
func (f *Finder) drop(l masthead.RelatedList) {
	kept := f.lists[l]
	if kept == nil {
		return
	}
	delete(f.lists, l)
	unlink := func(k masthead.ChangeKey) {
		rest := slices.DeleteFunc(f.byKey[k], func(other masthead.RelatedList) bool { return other == l })
		if len(rest) == 0 {
			delete(f.byKey, k)
		} else {
			f.byKey[k] = rest
		}
	}
	unlink(l.Key())
	for _, c := range kept.candidates {
		unlink(masthead.ArticleKey(c.ID))
	}
}

// Len returns how many lists are kept.
func (f *Finder) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.lists)
}
