package pagecache

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"masthead"
)

// page returns a page of about size bytes tagged with keys.
func page(body string, keys ...masthead.ChangeKey) Page {
	return Page{Header: map[string][]string{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte(body), Keys: keys}
}

// fill stores p under key through Fill and fails if it was not rendered.
func fill(t *testing.T, c *Cache, key string, p Page) *Entry {
	t.Helper()
	e, outcome := c.Fill(key, func() (Page, bool) { return p, true })
	if outcome != Rendered || e == nil {
		t.Fatalf("Fill(%s) = %v, %v; want a render", key, e, outcome)
	}
	return e
}

// check verifies the cache's bookkeeping: the byte count is the sum of
// the entries' sizes and within the bound, the recency list holds every
// entry once, and the key index names only stored entries.
func check(t *testing.T, c *Cache) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	var sum int64
	n := 0
	for e := c.newest; e != nil; e = e.older {
		if c.entries[e.key] != e {
			t.Fatalf("the recency list holds %s, which is not stored", e.key)
		}
		sum += e.size
		n++
	}
	if n != len(c.entries) {
		t.Fatalf("the recency list holds %d entries, the map %d", n, len(c.entries))
	}
	if sum != c.bytes || c.bytes > c.opts.MaxBytes {
		t.Fatalf("bytes = %d, entries sum to %d, bound %d", c.bytes, sum, c.opts.MaxBytes)
	}
	for k, set := range c.byKey {
		for e := range set {
			if c.entries[e.key] != e {
				t.Fatalf("key %s names %s, which is not stored", k, e.key)
			}
		}
	}
}

func TestBoundHoldsUnderChurn(t *testing.T) {
	c := New(Options{MaxBytes: 32 << 10})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(w), 1))
			for i := range 300 {
				key := fmt.Sprintf("/p/%d/", rnd.IntN(200))
				switch i % 10 {
				case 9:
					c.Purge([]masthead.ChangeKey{masthead.ArticleKey(int64(rnd.IntN(50)))})
				default:
					size := 100 + rnd.IntN(3000)
					c.Fill(key, func() (Page, bool) {
						return page(randomText(rnd, size), masthead.ArticleKey(int64(rnd.IntN(50))), masthead.KeyFront), true
					})
				}
			}
		}()
	}
	wg.Wait()
	check(t, c)
	s := c.Stats()
	if s.Evictions == 0 || s.Bytes > 32<<10 || s.Entries == 0 {
		t.Fatalf("after churn: %+v; want evictions and a full cache within its bound", s)
	}
}

// randomText is text that compresses like prose, neither all alike nor
// random bytes.
func randomText(rnd *rand.Rand, size int) string {
	words := []string{"harbour", "council", "ferry", "pier", "vote", "the", "and", "board", "quay", "budget"}
	var b strings.Builder
	for b.Len() < size {
		b.WriteString(words[rnd.IntN(len(words))])
		b.WriteByte(' ')
	}
	return b.String()
}

func TestEvictsLeastRecentlyUsed(t *testing.T) {
	body := strings.Repeat("x", 1000)
	probe := newEntry("/a/", page(body), time.Now())
	c := New(Options{MaxBytes: 3 * probe.size})
	fill(t, c, "/a/", page(body))
	fill(t, c, "/b/", page(body))
	fill(t, c, "/c/", page(body))
	if c.Get("/a/") == nil { // /a/ is now the most recently used
		t.Fatal("/a/ was evicted before the cache was full")
	}
	fill(t, c, "/d/", page(body))
	if c.Get("/b/") != nil {
		t.Error("/b/, the least recently used, is still stored")
	}
	for _, key := range []string{"/a/", "/c/", "/d/"} {
		if c.Get(key) == nil {
			t.Errorf("%s was evicted", key)
		}
	}
	check(t, c)
}

func TestPageLargerThanTheCacheIsNotStored(t *testing.T) {
	c := New(Options{MaxBytes: 1000})
	fill(t, c, "/huge/", page(randomText(rand.New(rand.NewPCG(1, 2)), 5000)))
	if c.Get("/huge/") != nil {
		t.Fatal("a page larger than the whole cache was stored")
	}
	check(t, c)
}

func TestConcurrentMissesRenderOnce(t *testing.T) {
	c := New(Options{MaxBytes: 1 << 20})
	const n = 50
	var renders atomic.Int32
	release := make(chan struct{})
	render := func() (Page, bool) {
		renders.Add(1)
		<-release
		return page("<p>the page</p>", masthead.KeyFront), true
	}
	var wg sync.WaitGroup
	entries := make([]*Entry, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			entries[i], _ = c.Fill("/", render)
		}()
	}
	// Let the render finish only once every other request waits for it.
	waitFor(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		f := c.flights["/"]
		return f != nil && f.waiters == n-1
	})
	close(release)
	wg.Wait()
	if got := renders.Load(); got != 1 {
		t.Fatalf("%d concurrent misses rendered %d times; want once", n, got)
	}
	for i, e := range entries {
		if e == nil || e != entries[0] {
			t.Fatalf("request %d got entry %p, the first %p", i, e, entries[0])
		}
	}
	if s := c.Stats(); s.Renders != 1 || s.Shared != n-1 {
		t.Fatalf("stats %+v; want 1 render shared with %d", s, n-1)
	}
}

func TestUnshareableRenderIsNotHandedOn(t *testing.T) {
	c := New(Options{MaxBytes: 1 << 20})
	release := make(chan struct{})
	done := make(chan Outcome)
	go func() {
		_, outcome := c.Fill("/", func() (Page, bool) { <-release; return Page{}, false })
		done <- outcome
	}()
	waitFor(t, func() bool { c.mu.Lock(); defer c.mu.Unlock(); return c.flights["/"] != nil })
	go func() {
		e, outcome := c.Fill("/", func() (Page, bool) { t.Error("the waiter rendered inside Fill"); return Page{}, false })
		if e != nil || outcome != Missed {
			t.Errorf("waiter got %v, %v; want nil, Missed", e, outcome)
		}
		done <- outcome
	}()
	waitFor(t, func() bool { c.mu.Lock(); defer c.mu.Unlock(); return c.flights["/"].waiters == 1 })
	close(release)
	<-done
	<-done
	if c.Get("/") != nil {
		t.Fatal("a response its renderer refused to share was stored")
	}
}

func TestPanickingRenderFreesThePage(t *testing.T) {
	c := New(Options{MaxBytes: 1 << 20})
	func() {
		defer func() { recover() }()
		c.Fill("/", func() (Page, bool) { panic("template broke") })
	}()
	fill(t, c, "/", page("<p>fine now</p>"))
}

func TestPurgeDropsExactlyTheTaggedPages(t *testing.T) {
	c := New(Options{MaxBytes: 1 << 20})
	fill(t, c, "/2026/03/14/ferry/", page("article 1", masthead.ArticleKey(1), masthead.AuthorKey(7)))
	fill(t, c, "/2026/03/14/pier/", page("article 2", masthead.ArticleKey(2), masthead.AuthorKey(8)))
	fill(t, c, "/", page("home", masthead.KeyFront, masthead.ArticleKey(1), masthead.ArticleKey(2)))
	fill(t, c, "/category/sport/", page("sport", masthead.SectionListKey(3), masthead.ArticleKey(2)))

	c.Purge([]masthead.ChangeKey{masthead.ArticleKey(1)})
	for key, want := range map[string]bool{"/2026/03/14/ferry/": false, "/": false, "/2026/03/14/pier/": true, "/category/sport/": true} {
		if got := c.Get(key) != nil; got != want {
			t.Errorf("after purging a:1, %s stored = %v, want %v", key, got, want)
		}
	}
	c.Purge([]masthead.ChangeKey{masthead.AuthorKey(99), masthead.TagKey(5)})
	if c.Get("/category/sport/") == nil || c.Get("/2026/03/14/pier/") == nil {
		t.Error("purging keys no page shows dropped pages")
	}
	c.Purge([]masthead.ChangeKey{masthead.KeyAll})
	if s := c.Stats(); s.Entries != 0 || s.Bytes != 0 {
		t.Errorf("after purging everything: %+v", s)
	}
	check(t, c)
}

func TestRenderThatRacedAPurgeIsNotStored(t *testing.T) {
	for _, tc := range []struct {
		name   string
		purged []masthead.ChangeKey
		stored bool
	}{
		{"one of its keys", []masthead.ChangeKey{masthead.ArticleKey(1)}, false},
		{"everything", []masthead.ChangeKey{masthead.KeyAll}, false},
		{"another key", []masthead.ChangeKey{masthead.ArticleKey(2)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New(Options{MaxBytes: 1 << 20})
			started, release := make(chan struct{}), make(chan struct{})
			done := make(chan *Entry)
			go func() {
				e, _ := c.Fill("/a/", func() (Page, bool) {
					close(started)
					<-release // the data was read before the purge
					return page("old text", masthead.ArticleKey(1)), true
				})
				done <- e
			}()
			<-started
			c.Purge(tc.purged)
			// A request after the purge renders afresh rather than wait for
			// the render that began before it.
			var renders atomic.Int32
			after, outcome := c.Fill("/a/", func() (Page, bool) {
				renders.Add(1)
				return page("new text", masthead.ArticleKey(1)), true
			})
			if outcome != Rendered || renders.Load() != 1 || string(after.Body("identity")) != "new text" {
				t.Fatalf("request after the purge: %v, %d renders", outcome, renders.Load())
			}
			close(release)
			if e := <-done; e == nil {
				t.Fatal("the render's own request got nothing")
			}
			got := c.Get("/a/")
			if stored := string(got.Body("identity")) == "old text"; stored != tc.stored {
				t.Fatalf("after a purge of %s during the render, the old render stored = %v, want %v", tc.name, stored, tc.stored)
			}
		})
	}
}

func TestRenderOlderThanThePurgeHistoryIsNotStored(t *testing.T) {
	c := New(Options{MaxBytes: 1 << 20})
	fill(t, c, "/", page("home")) // so that the purges below have nothing to do with it
	e, _ := c.Fill("/a/", func() (Page, bool) {
		for i := range purgeHistory + 1 {
			c.Purge([]masthead.ChangeKey{masthead.TagKey(int64(i + 100))})
		}
		return page("text", masthead.ArticleKey(1)), true
	})
	if e == nil || c.Get("/a/") != nil {
		t.Fatal("a render that outlived the purge history was stored")
	}
}

func TestMaxAge(t *testing.T) {
	clock := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	c := New(Options{MaxBytes: 1 << 20, MaxAge: time.Minute, Now: func() time.Time { return clock }})
	fill(t, c, "/news-sitemap.xml", page("<urlset/>"))
	clock = clock.Add(time.Minute)
	if c.Get("/news-sitemap.xml") == nil {
		t.Fatal("a page was dropped before its age ran out")
	}
	clock = clock.Add(time.Second)
	if c.Get("/news-sitemap.xml") != nil {
		t.Fatal("a page older than MaxAge was served")
	}
	check(t, c)
}

// waitFor polls cond until it holds, failing after a few seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestFillLeavesBrotliForTheFirstHit checks that a fill compresses only
// gzip, that the page's first hit makes brotli and zstd and stores the
// complete entry in place of the partial one (counted once, within the
// bound), and that a completion a purge overtook is served but not
// stored.
func TestFillLeavesBrotliForTheFirstHit(t *testing.T) {
	body := strings.Repeat("<p>The harbour board met again on Tuesday.</p>\n", 200)
	c := New(Options{MaxBytes: 1 << 20})
	e := fill(t, c, "/a/", page(body, masthead.ArticleKey(1)))
	if e.Body("gzip") == nil || e.Body("br") != nil || e.Body("zstd") != nil || !e.partial {
		t.Fatalf("a fill kept gzip %v, br %v, zstd %v", e.Body("gzip") != nil, e.Body("br") != nil, e.Body("zstd") != nil)
	}
	hit := c.Get("/a/")
	if hit == e || hit.Body("br") == nil || hit.Body("zstd") == nil || hit.partial {
		t.Fatalf("the first hit has br %v, zstd %v", hit.Body("br") != nil, hit.Body("zstd") != nil)
	}
	if string(hit.Body("identity")) != body || hit.tag != e.tag {
		t.Fatal("the complete entry is not the same page")
	}
	if again, _ := c.Fill("/a/", func() (Page, bool) { t.Fatal("rendered again"); return Page{}, false }); again != hit {
		t.Fatal("the complete entry is not the one stored")
	}
	check(t, c)
	if st := c.Stats(); st.Completed != 1 || st.Stored != 1 {
		t.Fatalf("stats %+v, want one stored and one completed", st)
	}

	e = fill(t, c, "/b/", page(body, masthead.ArticleKey(2)))
	c.mu.Lock()
	claimed := c.claimLocked(e)
	c.mu.Unlock()
	c.Purge([]masthead.ChangeKey{masthead.ArticleKey(2)})
	if !claimed || c.complete(e).Body("br") == nil {
		t.Fatal("the overtaken completion was not made")
	}
	if c.Get("/b/") != nil {
		t.Fatal("a completion stored a purged page")
	}
	check(t, c)
}

// TestEveryEncodingAtFill: with a CDN in front, whose fetch is the miss
// and which keeps what it got, a fill makes every encoding; and a page
// whose complete entry no longer fits keeps its partial one.
func TestEveryEncodingAtFill(t *testing.T) {
	body := strings.Repeat("<p>The harbour board met again on Tuesday.</p>\n", 200)
	c := New(Options{MaxBytes: 1 << 20, EveryEncodingAtFill: true})
	if e := fill(t, c, "/a/", page(body)); e.Body("br") == nil || e.partial {
		t.Fatal("a fill for a CDN left brotli out")
	}
	partial := newEntryIn("/b/", page(body), time.Now(), fillEncodings)
	c = New(Options{MaxBytes: partial.size + 100})
	e := fill(t, c, "/b/", page(body))
	if hit := c.Get("/b/"); hit.Body("br") == nil || c.Get("/b/") != e || c.Stats().Completed != 0 {
		t.Fatalf("a complete entry too large for the cache: stored %v, completed %d", c.Get("/b/") != e, c.Stats().Completed)
	}
	check(t, c)
}
