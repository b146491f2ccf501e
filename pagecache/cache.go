// Package pagecache keeps rendered public pages in memory, so that a page
// is rendered once and then served to every reader until something it
// shows changes.
//
// Each page is stored with its body compressed once, when it is filled,
// in every encoding browsers ask for (gzip, brotli, zstd), and tagged with
// the masthead.ChangeKeys of what it shows. Purge drops exactly the pages
// tagged with a key a change announced. The cache is bounded in bytes,
// compressed variants included, and evicts the least recently used pages
// first. Concurrent misses for one page render it once.
//
// The package knows nothing of routes or templates: its caller decides
// which requests may share a page and collects each page's keys.
package pagecache

import (
	"sync"
	"time"

	"masthead"
)

// purgeHistory is how many recent purges the cache remembers to tell
// whether a render raced one. A render that started further back than
// that is dropped rather than risked.
const purgeHistory = 256

// entryOverhead approximates the memory an entry takes beside its
// bodies (maps, list links, headers), so that the bound holds for many
// small pages too.
const entryOverhead = 512

// Options configure a Cache.
type Options struct {
	// MaxBytes bounds the memory of the stored pages, every encoding of
	// each counted. A page larger than that is never stored.
	MaxBytes int64
	// MaxAge, when not zero, is how long a page may be served after it
	// was rendered. It is a safety net for what changes with the clock
	// rather than with the data (a date window, the year in a footer),
	// not the way pages are kept fresh: purges are.
	MaxAge time.Duration
	// Now returns the current time; it defaults to time.Now.
	Now func() time.Time
	// EveryEncodingAtFill compresses each page in every encoding when it
	// is stored, rather than gzip alone with the others at its first hit.
	// With a CDN in front, the CDN's own fetch is the miss and it keeps
	// what the miss gave it, so it would keep gzip.
	EveryEncodingAtFill bool
}

// Page is a rendered response as its renderer hands it to the cache.
type Page struct {
	// Header holds the headers every reader gets (Content-Type,
	// Last-Modified ...); the cache adds ETag, Vary, Content-Encoding and
	// Content-Length itself.
	Header map[string][]string
	Body   []byte
	// Keys names what the page shows. Every page is also dropped by
	// masthead.KeyAll.
	Keys []masthead.ChangeKey
}

// Outcome says how Fill answered.
type Outcome int

const (
	// Hit: the page was in the cache.
	Hit Outcome = iota
	// Shared: another request was rendering the page, and its result was
	// handed to this one.
	Shared
	// Rendered: this call rendered the page.
	Rendered
	// Missed: another request was rendering the page but its result could
	// not be shared; the caller renders its own.
	Missed
)

// Stats counts what the cache did since it was made.
type Stats struct {
	Hits      int64 // pages served from the cache
	Shared    int64 // requests answered by another request's render
	Renders   int64 // renders the cache asked for
	Stored    int64 // renders stored
	Completed int64 // stored pages given the encodings their fill left out, at their first hit
	Dropped   int64 // renders not stored because a purge of their keys raced them
	Evictions int64 // pages dropped to stay within MaxBytes
	Purged    int64 // pages dropped by purges
	Purges    int64 // purges: each ends the sharing of renders in progress
	Waiting   int   // requests waiting now for another's render
	Entries   int   // pages held now
	Bytes     int64 // bytes held now
}

// Cache holds rendered pages. Its methods are safe for concurrent use.
type Cache struct {
	opts Options

	mu      sync.Mutex
	entries map[string]*Entry
	byKey   map[masthead.ChangeKey]map[*Entry]struct{}
	// newest and oldest are the ends of the recency list.
	newest, oldest *Entry
	bytes          int64
	flights        map[string]*flight
	// gen counts purges; purges holds the latest, purges[gen%len].
	gen     uint64
	purges  [purgeHistory]purge
	stats   Stats
	waiting int
}

// purge is one call of Purge, remembered so that a render that raced it
// is not stored.
type purge struct {
	gen  uint64
	all  bool
	keys []masthead.ChangeKey
}

// flight is a render in progress, which concurrent misses for the same
// page wait for.
type flight struct {
	done    chan struct{}
	entry   *Entry // set before done closes; nil when not shareable
	waiters int    // requests waiting, for tests to know a burst has gathered
}

// New returns an empty cache.
func New(opts Options) *Cache {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Cache{
		opts:    opts,
		entries: map[string]*Entry{},
		byKey:   map[masthead.ChangeKey]map[*Entry]struct{}{},
		flights: map[string]*flight{},
	}
}

// Get returns the page stored under key, or nil.
func (c *Cache) Get(key string) *Entry {
	return c.Lookup(key, "")
}

// maxStackKey is the longest key Lookup builds without allocating.
const maxStackKey = 512

// Lookup is Get of the key prefix+rest (a site's address and a path,
// say), which it joins without allocating, since a hit should cost no
// garbage.
func (c *Cache) Lookup(prefix, rest string) *Entry {
	var buf [maxStackKey]byte
	key := append(append(buf[:0], prefix...), rest...)
	c.mu.Lock()
	// Indexing a map with string(key) does not copy key.
	e := c.entries[string(key)]
	if e == nil {
		c.mu.Unlock()
		return nil
	}
	if e = c.freshLocked(e); e != nil {
		c.stats.Hits++
	}
	complete := c.claimLocked(e)
	c.mu.Unlock()
	if complete {
		return c.complete(e)
	}
	return e
}

// claimLocked reports whether the caller, which hit e, is to make the
// encodings its fill left out: the first hit of a partial entry is.
func (c *Cache) claimLocked(e *Entry) bool {
	if e == nil || !e.partial || e.completing {
		return false
	}
	e.completing = true
	return true
}

// complete makes the encodings a partial entry lacks and stores the
// complete entry in its place, unless a purge or a newer fill replaced
// it meanwhile. It returns the complete entry, which the caller serves.
func (c *Cache) complete(e *Entry) *Entry {
	done := e.completed()
	c.mu.Lock()
	defer c.mu.Unlock()
	// A page that no longer fits keeps its partial entry (which is not
	// completed again) rather than leave the cache.
	if c.entries[e.key] == e && done.size <= c.opts.MaxBytes {
		c.removeLocked(e)
		c.insertLocked(done)
		c.stats.Stored--
		c.stats.Completed++
	}
	return done
}

// Fill returns the page stored under key, or renders it with render and
// stores it. render reports false for a response that must not be
// shared; Fill then returns nil. While one call renders a page, other
// calls for the same key wait for it and share its result rather than
// render again, so that a burst of misses after a purge costs one render
// per page. A render that a purge of one of its keys overtook is handed
// to the requests that waited for it, which started before the purge,
// but not stored.
func (c *Cache) Fill(key string, render func() (Page, bool)) (*Entry, Outcome) {
	c.mu.Lock()
	if e := c.lookupLocked(key); e != nil {
		c.stats.Hits++
		complete := c.claimLocked(e)
		c.mu.Unlock()
		if complete {
			e = c.complete(e)
		}
		return e, Hit
	}
	if f, ok := c.flights[key]; ok {
		f.waiters++
		c.waiting++
		c.mu.Unlock()
		<-f.done
		c.mu.Lock()
		c.waiting--
		if f.entry != nil {
			c.stats.Shared++
		}
		c.mu.Unlock()
		if f.entry == nil {
			return nil, Missed
		}
		return f.entry, Shared
	}
	f := &flight{done: make(chan struct{})}
	c.flights[key] = f
	start := c.gen
	c.stats.Renders++
	c.mu.Unlock()

	var e *Entry
	defer func() {
		// Even when render panics, the waiters are let go and the key
		// freed for the next request.
		c.mu.Lock()
		if c.flights[key] == f {
			delete(c.flights, key)
		}
		if e != nil {
			if c.purgedSince(start, e.keys) {
				c.stats.Dropped++
			} else {
				c.insertLocked(e)
			}
		}
		f.entry = e
		c.mu.Unlock()
		close(f.done)
	}()
	if page, ok := render(); ok {
		which := fillEncodings
		if c.opts.EveryEncodingAtFill {
			which = allEncodings
		}
		e = newEntryIn(key, page, c.opts.Now(), which)
	}
	return e, Rendered
}

// Purge drops every page tagged with one of keys, and every page when
// keys hold masthead.KeyAll. Renders in progress are not stored if they
// show one of keys, and requests that arrive after Purge returns wait
// for none of them.
func (c *Cache) Purge(keys []masthead.ChangeKey) {
	if len(keys) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.stats.Purges++
	p := purge{gen: c.gen, keys: keys}
	for _, k := range keys {
		p.all = p.all || k == masthead.KeyAll
	}
	c.purges[c.gen%purgeHistory] = p
	// Every render in progress started before this purge: later requests
	// must start their own rather than wait for a result that may be
	// stale.
	clear(c.flights)
	if p.all {
		c.stats.Purged += int64(len(c.entries))
		clear(c.entries)
		clear(c.byKey)
		c.newest, c.oldest, c.bytes = nil, nil, 0
		return
	}
	for _, k := range keys {
		for e := range c.byKey[k] {
			c.removeLocked(e)
			c.stats.Purged++
		}
	}
}

// Stats returns the counts so far.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stats
	s.Entries, s.Bytes, s.Waiting = len(c.entries), c.bytes, c.waiting
	return s
}

// lookupLocked returns the fresh entry under key, marking it the most
// recently used, or nil.
func (c *Cache) lookupLocked(key string) *Entry {
	e := c.entries[key]
	if e == nil {
		return nil
	}
	return c.freshLocked(e)
}

// freshLocked returns e, a stored entry, marking it the most recently
// used, or nil when it is too old to serve and so dropped.
func (c *Cache) freshLocked(e *Entry) *Entry {
	if c.opts.MaxAge > 0 && c.opts.Now().Sub(e.filled) > c.opts.MaxAge {
		c.removeLocked(e)
		return nil
	}
	c.unlinkLocked(e)
	c.pushLocked(e)
	return e
}

// purgedSince reports whether a purge after generation start dropped
// one of keys, or may have: one that dropped everything, or one so far
// back that it is forgotten.
func (c *Cache) purgedSince(start uint64, keys []masthead.ChangeKey) bool {
	if c.gen == start {
		return false
	}
	if c.gen-start > purgeHistory {
		return true
	}
	shown := make(map[masthead.ChangeKey]bool, len(keys))
	for _, k := range keys {
		shown[k] = true
	}
	for g := start + 1; g <= c.gen; g++ {
		p := c.purges[g%purgeHistory]
		if p.all {
			return true
		}
		for _, k := range p.keys {
			if shown[k] {
				return true
			}
		}
	}
	return false
}

// insertLocked stores e in place of any older entry under its key,
// evicting the least recently used pages until it fits.
func (c *Cache) insertLocked(e *Entry) {
	if old := c.entries[e.key]; old != nil {
		c.removeLocked(old)
	}
	if e.size > c.opts.MaxBytes {
		return
	}
	for c.bytes+e.size > c.opts.MaxBytes && c.oldest != nil {
		c.removeLocked(c.oldest)
		c.stats.Evictions++
	}
	c.entries[e.key] = e
	c.pushLocked(e)
	c.bytes += e.size
	c.stats.Stored++
	for _, k := range e.keys {
		set := c.byKey[k]
		if set == nil {
			set = map[*Entry]struct{}{}
			c.byKey[k] = set
		}
		set[e] = struct{}{}
	}
}

// removeLocked forgets e.
func (c *Cache) removeLocked(e *Entry) {
	if c.entries[e.key] != e {
		return
	}
	delete(c.entries, e.key)
	c.unlinkLocked(e)
	c.bytes -= e.size
	for _, k := range e.keys {
		if set := c.byKey[k]; set != nil {
			delete(set, e)
			if len(set) == 0 {
				delete(c.byKey, k)
			}
		}
	}
}

// pushLocked puts e at the newest end of the recency list.
func (c *Cache) pushLocked(e *Entry) {
	e.older, e.newer = c.newest, nil
	if c.newest != nil {
		c.newest.newer = e
	}
	c.newest = e
	if c.oldest == nil {
		c.oldest = e
	}
}

// unlinkLocked takes e out of the recency list.
func (c *Cache) unlinkLocked(e *Entry) {
	if e.newer != nil {
		e.newer.older = e.older
	} else if c.newest == e {
		c.newest = e.older
	}
	if e.older != nil {
		e.older.newer = e.newer
	} else if c.oldest == e {
		c.oldest = e.newer
	}
	e.newer, e.older = nil, nil
}
