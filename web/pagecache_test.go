package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"

	"masthead"
	"masthead/content"
	"masthead/sqlite"
)

// announcer is a change watcher that announces nothing after its first
// KeyAll: the tests announce changes themselves, through Server.Purge,
// with the keys the store announces for each write.
type announcer struct{}

func (announcer) WatchChanges(ctx context.Context, changed func([]masthead.ChangeKey)) error {
	changed([]masthead.ChangeKey{masthead.KeyAll})
	<-ctx.Done()
	return nil
}

// withPageCache turns the page cache on.
func withPageCache(o *Options) { o.PageCacheBytes = 8 << 20 }

// watch runs w for srv until the test ends.
func watch(t *testing.T, srv *Server, w masthead.ChangeWatcher) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.WatchChanges(ctx, w) }()
	t.Cleanup(func() { cancel(); <-done })
	deadline := time.Now().Add(5 * time.Second)
	for !srv.watching() {
		if time.Now().After(deadline) {
			t.Fatal("the watcher did not start")
		}
		time.Sleep(time.Millisecond)
	}
}

// cachedSite is a fixture site served over HTTP with the page cache on.
type cachedSite struct {
	*commentRig
	http *httptest.Server
}

func newCachedSite(t *testing.T, w masthead.ChangeWatcher) *cachedSite {
	t.Helper()
	rig := newCommentRig(t, withPageCache)
	watch(t, rig.server, w)
	ts := httptest.NewServer(rig.server)
	t.Cleanup(ts.Close)
	return &cachedSite{commentRig: rig, http: ts}
}

// page is a response over HTTP, its body as sent (not decoded).
type page struct {
	status int
	header http.Header
	body   []byte
}

func (p page) cache() string { return p.header.Get("X-Cache") }

// fetch asks for path with the given request headers and cookies, as a
// browser would but without decoding the body.
func (site *cachedSite) fetch(t *testing.T, method, path string, header map[string]string, cookies ...*http.Cookie) page {
	t.Helper()
	req, err := http.NewRequest(method, site.http.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	client := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return page{status: res.StatusCode, header: res.Header, body: b}
}

func (site *cachedSite) get(t *testing.T, path string, cookies ...*http.Cookie) page {
	t.Helper()
	return site.fetch(t, "GET", path, nil, cookies...)
}

func TestCachedPageIsTheSameBytesForEveryReader(t *testing.T) {
	site := newCachedSite(t, announcer{})
	for _, path := range []string{"/", site.path, "/category/local/", "/tag/harbour/", "/author/ana-lima/", "/2026/03/",
		"/feed/", "/feed/atom/", "/comments/feed/json/", "/sitemap.xml", "/news-sitemap.xml", "/sitemaps/tags.xml",
		"/api/v1/articles", "/api/v1/articles/" + itoa(site.lead.ID), "/api/v1/tags", "/api/v1/openapi.json", "/robots.txt", "/search/"} {
		first := site.get(t, path)
		second := site.get(t, path)
		if first.status != 200 || first.cache() != "miss" || second.cache() != "hit" {
			t.Errorf("%s: status %d, X-Cache %q then %q; want a miss, then a hit", path, first.status, first.cache(), second.cache())
			continue
		}
		if !bytes.Equal(first.body, second.body) || first.header.Get("ETag") != second.header.Get("ETag") {
			t.Errorf("%s: the hit differs from the miss", path)
		}
		if cc := second.header.Get("Cache-Control"); !strings.Contains(cc, "public") || !strings.Contains(cc, "s-maxage=") || !strings.Contains(cc, "stale-while-revalidate=") {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
		if second.header.Get("Vary") != "Accept-Encoding" || second.header.Get("Content-Type") == "" {
			t.Errorf("%s: Vary %q, Content-Type %q", path, second.header.Get("Vary"), second.header.Get("Content-Type"))
		}
	}
	// The API's pages keep the header that lets any site read them.
	if got := site.get(t, "/api/v1/articles").header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("a cached API page has Access-Control-Allow-Origin %q", got)
	}
}

func TestCachedPageEncodings(t *testing.T) {
	site := newCachedSite(t, announcer{})
	plain := site.get(t, site.path)
	decoders := map[string]func(io.Reader) (io.Reader, error){
		"gzip": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
		"br":   func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
		"zstd": func(r io.Reader) (io.Reader, error) { return zstd.NewReader(r) },
	}
	for enc, decode := range decoders {
		res := site.fetch(t, "GET", site.path, map[string]string{"Accept-Encoding": enc})
		if res.cache() != "hit" || res.header.Get("Content-Encoding") != enc || len(res.body) >= len(plain.body) {
			t.Fatalf("%s: X-Cache %q, Content-Encoding %q, %d bytes of %d", enc, res.cache(), res.header.Get("Content-Encoding"), len(res.body), len(plain.body))
		}
		r, err := decode(bytes.NewReader(res.body))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, plain.body) {
			t.Fatalf("%s decodes to %d bytes (%v), not the page's %d", enc, len(got), err, len(plain.body))
		}
		if res.header.Get("ETag") == plain.header.Get("ETag") {
			t.Errorf("%s has the ETag of the uncompressed page", enc)
		}
	}
	// A browser asks for them all and gets the smallest.
	if res := site.fetch(t, "GET", site.path, map[string]string{"Accept-Encoding": "gzip, deflate, br, zstd"}); res.header.Get("Content-Encoding") != "br" {
		t.Errorf("a browser got Content-Encoding %q", res.header.Get("Content-Encoding"))
	}
}

func TestCachedPageNotModified(t *testing.T) {
	site := newCachedSite(t, announcer{})
	for _, path := range []string{site.path, "/feed/"} {
		first := site.fetch(t, "GET", path, map[string]string{"Accept-Encoding": "br"})
		etag := first.header.Get("ETag")
		again := site.fetch(t, "GET", path, map[string]string{"Accept-Encoding": "br", "If-None-Match": etag})
		if again.status != http.StatusNotModified || len(again.body) != 0 || again.header.Get("ETag") != etag {
			t.Fatalf("%s with its ETag: status %d, %d bytes", path, again.status, len(again.body))
		}
		// The first reader's validators never reach the page others get.
		if stale := site.fetch(t, "GET", path, map[string]string{"If-None-Match": `"stale"`}); stale.status != 200 || len(stale.body) == 0 {
			t.Fatalf("%s with a stale ETag: status %d", path, stale.status)
		}
	}
	// A miss answers a conditional request too, once it has the page.
	site.server.Purge([]masthead.ChangeKey{masthead.KeyAll})
	etag := site.get(t, "/").header.Get("ETag")
	site.server.Purge([]masthead.ChangeKey{masthead.KeyAll})
	if res := site.fetch(t, "GET", "/", map[string]string{"If-None-Match": etag}); res.cache() != "miss" || res.status != http.StatusNotModified {
		t.Fatalf("a conditional miss: %d, X-Cache %q", res.status, res.cache())
	}
}

func TestHeadIsServedLikeGet(t *testing.T) {
	site := newCachedSite(t, announcer{})
	head := site.fetch(t, "HEAD", "/", nil)
	get := site.get(t, "/")
	if head.cache() != "miss" || get.cache() != "hit" || len(head.body) != 0 {
		t.Fatalf("HEAD then GET: X-Cache %q then %q, HEAD sent %d bytes", head.cache(), get.cache(), len(head.body))
	}
	if head.header.Get("Content-Length") != fmt.Sprint(len(get.body)) || head.header.Get("ETag") != get.header.Get("ETag") {
		t.Fatalf("HEAD: Content-Length %s, ETag %s; GET: %d bytes, %s", head.header.Get("Content-Length"), head.header.Get("ETag"), len(get.body), get.header.Get("ETag"))
	}
}

func TestPersonalReadersBypassTheCache(t *testing.T) {
	site := newCachedSite(t, announcer{})
	editor := addStaff(t, site.store, "Eda Editor", masthead.RoleEditor)
	session := signIn(t, site.server, editor.Email)
	cookies := map[string]*http.Cookie{
		"staff":     session,
		"held":      {Name: pendingCookie, Value: "1~x"},
		"commenter": {Name: commenterCookie, Value: url.Values{"n": {"Fay Quinn"}, "e": {"fay@reader.example"}}.Encode()},
	}
	for who, c := range cookies {
		// They never fill the cache ...
		site.server.Purge([]masthead.ChangeKey{masthead.KeyAll})
		res := site.get(t, site.path, c)
		if res.status != 200 || res.cache() != "bypass" || !strings.Contains(res.header.Get("Cache-Control"), "private") {
			t.Errorf("%s: status %d, X-Cache %q, Cache-Control %q", who, res.status, res.cache(), res.header.Get("Cache-Control"))
		}
		if anon := site.get(t, site.path); anon.cache() != "miss" {
			t.Errorf("after a %s reader, an anonymous one got X-Cache %q; want a miss", who, anon.cache())
		}
		// ... and never get it.
		if res := site.get(t, site.path, c); res.cache() != "bypass" {
			t.Errorf("%s: X-Cache %q on a cached page", who, res.cache())
		}
	}
	// The remembered name fills the form for its owner only.
	mine := parse(t, string(site.get(t, site.path, cookies["commenter"]).body))
	theirs := parse(t, string(site.get(t, site.path).body))
	if attr(fieldByName(t, mine, "author"), "value") != "Fay Quinn" || attr(fieldByName(t, theirs, "author"), "value") != "" {
		t.Error("the remembered name is not in its owner's form alone")
	}
}

func TestHeldCommentNoticeStaysWithItsWriter(t *testing.T) {
	site := newCachedSite(t, announcer{})
	site.get(t, site.path)
	if site.get(t, site.path).cache() != "hit" {
		t.Fatal("the article was not cached")
	}
	res := site.post(t, site.path, validComment("A first comment, held for moderation."))
	held := cookieNamed(res, pendingCookie)
	if res.StatusCode != http.StatusSeeOther || held == nil {
		t.Fatalf("posting: status %d, held cookie %v", res.StatusCode, held)
	}
	c := site.newestComment(t)
	if c.Status != masthead.CommentPending {
		t.Fatalf("the comment is %s, want held", c.Status)
	}
	commentID := "comment-" + itoa(c.ID)
	writer := site.get(t, site.path, held)
	if writer.cache() != "bypass" || len(findAll(parse(t, string(writer.body)), byID(commentID))) != 1 {
		t.Fatalf("the writer (X-Cache %q) does not see their held comment", writer.cache())
	}
	for range 2 {
		other := site.get(t, site.path)
		if other.cache() == "bypass" || len(findAll(parse(t, string(other.body)), byID(commentID))) != 0 {
			t.Fatalf("another reader (X-Cache %q) sees the held comment", other.cache())
		}
	}
	if site.get(t, site.path).cache() != "hit" {
		t.Error("the article is not cached again for other readers")
	}
}

func TestConcurrentMissesRenderOnce(t *testing.T) {
	site := newCachedSite(t, announcer{})
	site.get(t, site.path) // templates and settings warm
	site.server.Purge([]masthead.ChangeKey{masthead.KeyAll})
	site.get(t, "/about-nothing/") // the settings cache is full again
	var counter queryCounter
	site.store.OnQuery = counter.hook
	site.get(t, site.path)
	oneRender := counter.count()
	site.server.Purge([]masthead.ChangeKey{masthead.KeyAll})
	site.get(t, "/about-nothing/")

	// The first render is held at its first query until every other
	// request waits for it.
	const n = 20
	release := make(chan struct{})
	var once sync.Once
	site.store.OnQuery = func(q string) {
		counter.hook(q)
		once.Do(func() { <-release })
	}
	counter.reset()
	var wg sync.WaitGroup
	results := make([]page, n)
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); results[i] = site.get(t, site.path) }()
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, _ := site.server.PageCacheStats()
		if st.Waiting == n-1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d requests waited for the render", st.Waiting)
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	site.store.OnQuery = nil
	misses := 0
	for _, res := range results {
		if res.status != 200 || !bytes.Equal(res.body, results[0].body) {
			t.Fatalf("a concurrent reader got status %d or other bytes", res.status)
		}
		if res.cache() == "miss" {
			misses++
		}
	}
	if got := counter.count(); misses != 1 || got != oneRender {
		t.Fatalf("%d concurrent misses: %d renders, %d queries; want one render of %d queries", n, misses, got, oneRender)
	}
}

func TestQueryStringsAndTheCache(t *testing.T) {
	site := newCachedSite(t, announcer{})
	plain := site.get(t, "/")
	// Trackers' parameters are not part of the page.
	tracked := site.get(t, "/?utm_source=social&utm_medium=post&fbclid=abc")
	if tracked.cache() != "hit" || !bytes.Equal(tracked.body, plain.body) {
		t.Errorf("the home page with trackers: X-Cache %q, same bytes %v", tracked.cache(), bytes.Equal(tracked.body, plain.body))
	}
	// Unknown parameters may change the page: it is rendered afresh.
	site.get(t, site.path)
	if res := site.get(t, site.path+"?replytocom="+itoa(site.comments[0].ID)); res.cache() != "bypass" ||
		attr(fieldByName(t, parse(t, string(res.body)), "comment_parent"), "value") != itoa(site.comments[0].ID) {
		t.Errorf("a reply link: X-Cache %q, or the form does not answer the comment", res.cache())
	}
	if res := site.get(t, "/?p="+itoa(site.lead.ID)); res.status != http.StatusMovedPermanently || res.cache() != "bypass" {
		t.Errorf("a short link: status %d, X-Cache %q", res.status, res.cache())
	}
	// A query asked for once is rendered, not stored; asked for again, it
	// is stored; so made-up searches cannot push real pages out.
	for i, want := range []string{"miss", "miss", "hit"} {
		if got := site.get(t, "/search/?q=harbour").cache(); got != want {
			t.Errorf("search %d: X-Cache %q, want %q", i+1, got, want)
		}
	}
	// The order of the parameters does not matter.
	for i, path := range []string{"/search/?page=1&q=harbour", "/search/?q=harbour&page=1", "/search/?page=1&q=harbour"} {
		if got, want := site.get(t, path).cache(), []string{"miss", "miss", "hit"}[i]; got != want {
			t.Errorf("%s: X-Cache %q, want %q", path, got, want)
		}
	}
	for i, want := range []string{"miss", "miss", "hit"} {
		if got := site.get(t, "/api/v1/articles?per_page=5&category=local").cache(); got != want {
			t.Errorf("API list %d: X-Cache %q, want %q", i+1, got, want)
		}
	}
}

func TestOnlySharedPagesAreStored(t *testing.T) {
	site := newCachedSite(t, announcer{})
	for _, path := range []string{"/no-such-page/", "/page/1/", "/tag/secret-merger/", "/api/v1/articles/999"} {
		site.get(t, path)
		if res := site.get(t, path); res.status == 200 || res.cache() != "miss" {
			t.Errorf("%s: status %d, X-Cache %q the second time; want a miss", path, res.status, res.cache())
		}
	}

	// Handlers that do not say what their page shows, that set a cookie or
	// that mark the page private are never stored.
	srv := site.server
	for name, h := range map[string]http.HandlerFunc{
		"unmarked": func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("page")) },
		"cookie": func(w http.ResponseWriter, r *http.Request) {
			markCacheable(r)
			http.SetCookie(w, &http.Cookie{Name: "x", Value: "y"})
			w.Write([]byte("page"))
		},
		"private": func(w http.ResponseWriter, r *http.Request) {
			markCacheable(r)
			w.Header().Set("Cache-Control", "private, no-store")
			w.Write([]byte("page"))
		},
	} {
		srv.Purge([]masthead.ChangeKey{masthead.KeyAll})
		h := srv.withBase(srv.cachePages(h))
		get(t, h, "GET", "/x/")
		if res := get(t, h, "GET", "/x/"); res.header.Get("X-Cache") != "miss" {
			t.Errorf("%s: X-Cache %q the second time", name, res.header.Get("X-Cache"))
		}
		if name == "cookie" && !strings.Contains(get(t, h, "GET", "/x/").header.Get("Set-Cookie"), "x=y") {
			t.Error("the cookie was not sent")
		}
	}
}

func TestNoPageCacheWithoutAWatcherOrASize(t *testing.T) {
	rig := newCommentRig(t, withPageCache) // no watcher runs
	for range 2 {
		if res := get(t, rig.server, "GET", "/"); res.header.Get("X-Cache") != "" {
			t.Fatalf("without a watcher: X-Cache %q", res.header.Get("X-Cache"))
		}
	}
	off := newCommentRig(t)
	watch(t, off.server, announcer{})
	if res := get(t, off.server, "GET", "/"); res.header.Get("X-Cache") != "" || off.server.pageCache.pages != nil {
		t.Fatalf("with no size: X-Cache %q", res.header.Get("X-Cache"))
	}
}

func TestSurrogateKeys(t *testing.T) {
	site := newCachedSite(t, announcer{})
	f := site.fixture
	keys := strings.Fields(site.get(t, site.path).header.Get("Surrogate-Key"))
	council, err := site.store.FindTagBySlug(context.Background(), "council")
	must(t, err)
	for _, want := range []masthead.ChangeKey{masthead.ArticleKey(f.lead.ID), masthead.AuthorKey(f.ana.ID), masthead.AuthorKey(f.ben.ID),
		masthead.TagKey(f.harbour.ID), masthead.TagKey(council.ID), masthead.SectionListKey(f.local.ID), masthead.TagListKey(f.harbour.ID)} {
		if !slices.Contains(keys, string(want)) {
			t.Errorf("the article's Surrogate-Key %v lacks %s", keys, want)
		}
	}
	list := strings.Fields(site.get(t, "/category/sport/").header.Get("Surrogate-Key"))
	if !slices.Contains(list, string(masthead.SectionListKey(f.sport.ID))) || slices.Contains(list, string(masthead.ArticleKey(f.lead.ID))) {
		t.Errorf("the sport section's Surrogate-Key %v", list)
	}
}

// TestInvalidationPaths announces, for each kind of change, the keys the
// store announces for it, and checks that exactly the pages that show
// the change are rendered afresh while every other page stays cached.
func TestInvalidationPaths(t *testing.T) {
	site := newCachedSite(t, announcer{})
	f := site.fixture
	ctx := context.Background()
	sportStory, err := site.store.FindArticleBySlug(ctx, "story-number-24") // no tags: its related articles are sport's
	must(t, err)
	council, err := site.store.FindTagBySlug(ctx, "council")
	must(t, err)
	lead, sport := f.lead.Path(time.UTC), sportStory.Path(time.UTC)
	pages := []string{"/", lead, sport, "/category/local/", "/category/sport/", "/tag/harbour/", "/tag/council/",
		"/author/ana-lima/", "/author/ben-ortiz/", "/feed/", "/category/sport/feed/", "/comments/feed/", lead + "feed/",
		"/sitemap.xml", "/sitemaps/authors.xml", "/api/v1/articles", "/api/v1/categories", "/search/"}
	leadLists := []string{"/", lead, "/category/local/", "/tag/harbour/", "/tag/council/", "/author/ana-lima/", "/author/ben-ortiz/",
		"/feed/", "/api/v1/articles"}
	newInSport := masthead.ArticleKey(9999)

	for _, tc := range []struct {
		change string
		keys   []masthead.ChangeKey
		purged []string
	}{
		{"editing an article", []masthead.ChangeKey{masthead.ArticleKey(f.lead.ID)},
			append(leadLists, "/comments/feed/", lead+"feed/")},
		{"a correction", []masthead.ChangeKey{masthead.ArticleKey(f.lead.ID)},
			append(leadLists, "/comments/feed/", lead+"feed/")},
		{"approving or removing a comment", []masthead.ChangeKey{masthead.ArticleKey(f.lead.ID), masthead.KeyComments},
			append(leadLists, "/comments/feed/", lead+"feed/")},
		{"publishing in another section", []masthead.ChangeKey{newInSport, masthead.KeyFront, masthead.SectionListKey(f.sport.ID), masthead.AuthorListKey(f.ana.ID)},
			[]string{"/", sport, "/category/sport/", "/author/ana-lima/", "/feed/", "/category/sport/feed/", "/sitemap.xml", "/sitemaps/authors.xml", "/api/v1/articles"}},
		{"a scheduled article coming due", []masthead.ChangeKey{masthead.ArticleKey(f.future.ID), masthead.KeyFront, masthead.SectionListKey(f.local.ID), masthead.AuthorListKey(f.ana.ID)},
			[]string{"/", lead, "/category/local/", "/author/ana-lima/", "/feed/", "/sitemap.xml", "/sitemaps/authors.xml", "/api/v1/articles"}},
		{"unpublishing", []masthead.ChangeKey{masthead.ArticleKey(f.lead.ID), masthead.KeyFront, masthead.SectionListKey(f.local.ID),
			masthead.TagListKey(f.harbour.ID), masthead.TagListKey(council.ID), masthead.AuthorListKey(f.ana.ID), masthead.AuthorListKey(f.ben.ID)},
			append(leadLists, "/comments/feed/", lead+"feed/", "/sitemap.xml", "/sitemaps/authors.xml")},
		{"renaming an author", []masthead.ChangeKey{masthead.AuthorKey(f.ana.ID)},
			append(leadLists, "/sitemaps/authors.xml")},
		{"renaming a tag", []masthead.ChangeKey{masthead.TagKey(council.ID)}, leadLists},
		{"renaming a section, a menu or settings change", []masthead.ChangeKey{masthead.KeyAll}, pages},
	} {
		t.Run(tc.change, func(t *testing.T) {
			site.server.Purge([]masthead.ChangeKey{masthead.KeyAll})
			for _, p := range pages {
				if res := site.get(t, p); res.status != 200 {
					t.Fatalf("%s: status %d", p, res.status)
				}
			}
			site.server.Purge(tc.keys)
			for _, p := range pages {
				want := "hit"
				if slices.Contains(tc.purged, p) {
					want = "miss"
				}
				if got := site.get(t, p).cache(); got != want {
					t.Errorf("after %s, %s: X-Cache %q, want %q", tc.change, p, got, want)
				}
			}
		})
	}
}

// TestWritesThroughThisServerShowAtOnce: a change made through this
// server's own pages shows on the very next request, since the store
// announces it to the cache before the write returns, and a refused one
// leaves the cache alone.
func TestWritesThroughThisServerShowAtOnce(t *testing.T) {
	site := newCachedSite(t, announcer{})
	site.store.Now = site.clock.Now
	editor := addStaff(t, site.store, "Eda Editor", masthead.RoleEditor)
	session := signIn(t, site.server, editor.Email)

	// A comment the form refuses changes nothing.
	site.get(t, "/")
	if res := site.post(t, site.path, url.Values{"comment": {"No token."}, "token": {"forged"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a forged form: status %d", res.StatusCode)
	}
	if got := site.get(t, "/").cache(); got != "hit" {
		t.Errorf("after a refused comment the home page is a %s", got)
	}

	// Publishing shows on the home page at once.
	v := articleValues("Lighthouse keeper retires", editor)
	v.Set("action", "publish")
	if res := send(t, site.server, "POST", "/admin/articles/new", v, session); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publishing: status %d", res.StatusCode)
	}
	if home := site.get(t, "/"); home.cache() != "miss" || !strings.Contains(string(home.body), "Lighthouse keeper retires") {
		t.Fatalf("the home page after publishing (X-Cache %q) does not show the article", home.cache())
	}

	// An approved comment shows on its article at once.
	site.get(t, site.path)
	var held *masthead.Comment
	for _, c := range site.comments {
		if c.Status == masthead.CommentPending {
			held = c
		}
	}
	res := send(t, site.server, "POST", "/admin/comments", url.Values{"action": {"approve"}, "id": {itoa(held.ID)}}, session)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approving: status %d", res.StatusCode)
	}
	if article := site.get(t, site.path); len(findAll(parse(t, string(article.body)), byID("comment-"+itoa(held.ID)))) != 1 {
		t.Fatalf("the article after approving (X-Cache %q) does not show the comment", article.cache())
	}

	// An editor's live preview changes nothing readers see.
	site.get(t, "/")
	send(t, site.server, "POST", "/admin/preview", url.Values{"body": {"Draft text."}}, session)
	if got := site.get(t, "/").cache(); got != "hit" {
		t.Errorf("after a preview the home page is a %s", got)
	}
}

// TestChangesFromAnotherProcess: with the SQLite watcher running, a
// change made through another connection to the same file, as the
// command line makes it, reaches the cached pages within a second.
func TestChangesFromAnotherProcess(t *testing.T) {
	rig := newCommentRig(t, withPageCache)
	watch(t, rig.server, sqlite.Watcher{Store: rig.store})
	ts := httptest.NewServer(rig.server)
	t.Cleanup(ts.Close)
	site := &cachedSite{commentRig: rig, http: ts}
	ctx := context.Background()
	var seq int
	var name, file string
	must(t, rig.store.DB().QueryRowContext(ctx, `PRAGMA database_list`).Scan(&seq, &name, &file))
	other, err := sqlite.Open(ctx, file)
	must(t, err)
	defer other.Close()
	other.Now = func() time.Time { return now }

	pickedUp := func(what string, shows func(page) bool) {
		t.Helper()
		start := time.Now()
		for res := site.get(t, "/"); !shows(res); res = site.get(t, "/") {
			if time.Since(start) > time.Second {
				t.Fatalf("%s did not reach the cached home page within 1 s", what)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	site.get(t, "/")
	if site.get(t, "/").cache() != "hit" {
		t.Fatal("the home page was not cached")
	}
	s, err := other.FindSite(ctx)
	must(t, err)
	s.Title = "The Port Alder Observer"
	must(t, other.UpdateSite(ctx, s))
	pickedUp("a settings change", func(p page) bool { return strings.Contains(string(p.body), "The Port Alder Observer") })

	// A scheduled article coming due, published by the job.
	due := &masthead.Article{Headline: "Ferry timetable changes", BodySource: "Text.", Status: masthead.StatusScheduled,
		PublishedAt: now.Add(-time.Minute), Authors: []*masthead.Author{rig.ana}, Category: rig.local}
	must(t, content.PrepareArticle(due))
	must(t, other.CreateArticle(ctx, due))
	site.get(t, "/")
	if n, err := other.PublishDueArticles(ctx); err != nil || n != 1 {
		t.Fatalf("PublishDueArticles = %d, %v", n, err)
	}
	pickedUp("a scheduled article coming due", func(p page) bool { return strings.Contains(string(p.body), "Ferry timetable changes") })
}

// TestPurgeWebhook: a CDN in front hears of every purge, those of this
// server's own writes included.
func TestPurgeWebhook(t *testing.T) {
	calls := make(chan []string, 10)
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Keys []string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Error(err)
		}
		calls <- body.Keys
	}))
	defer endpoint.Close()
	rig := newCommentRig(t, withPageCache, func(o *Options) { o.PurgeWebhook = endpoint.URL })
	defer rig.server.Shutdown(context.Background())
	watch(t, rig.server, announcer{})
	next := func() []string {
		t.Helper()
		select {
		case keys := <-calls:
			return keys
		case <-time.After(5 * time.Second):
			t.Fatal("the webhook was not called")
			return nil
		}
	}
	if got := next(); !slices.Equal(got, []string{"*"}) { // the watcher's start
		t.Fatalf("at start the webhook got %v", got)
	}
	// Queued mail names no page: the CDN hears nothing of it alone, and
	// nothing of it beside pages.
	rig.server.Purge([]masthead.ChangeKey{masthead.KeyOutbox})
	rig.server.Purge([]masthead.ChangeKey{masthead.ArticleKey(rig.lead.ID), masthead.KeyFront, masthead.KeyOutbox})
	if got := next(); !slices.Equal(got, []string{"a:" + itoa(rig.lead.ID), "front"}) {
		t.Fatalf("the webhook got %v", got)
	}
	editor := addStaff(t, rig.store, "Eda Editor", masthead.RoleEditor)
	session := signIn(t, rig.server, editor.Email)
	send(t, rig.server, "POST", "/admin/comments", url.Values{"action": {"approve"}, "id": {itoa(rig.comments[3].ID)}}, session)
	// The sign-in may have been announced first.
	for got := next(); !slices.Contains(got, "a:"+itoa(rig.lead.ID)) || !slices.Contains(got, "comments"); got = next() {
		t.Logf("the webhook got %v", got)
	}
}

// TestQueuedMailPurgesNothing: queueing mail announces the outbox's key,
// which names no page; the page cache takes no purge for it, which would
// end the sharing of every render in progress.
func TestQueuedMailPurgesNothing(t *testing.T) {
	rig := newCommentRig(t, withPageCache)
	defer rig.server.Shutdown(context.Background())
	before, _ := rig.server.PageCacheStats()
	rig.server.Purge([]masthead.ChangeKey{masthead.KeyOutbox})
	if after, _ := rig.server.PageCacheStats(); after.Purges != before.Purges {
		t.Fatalf("queued mail made %d purges of the page cache", after.Purges-before.Purges)
	}
	rig.server.Purge([]masthead.ChangeKey{masthead.KeyOutbox, masthead.KeyFront})
	if after, _ := rig.server.PageCacheStats(); after.Purges != before.Purges+1 {
		t.Fatalf("a change beside queued mail made %d purges, want 1", after.Purges-before.Purges)
	}
}

// lateWatcher reports its first change (everything) only when start is
// closed, as a watcher does once it listens.
type lateWatcher struct{ start chan struct{} }

func (w lateWatcher) WatchChanges(ctx context.Context, changed func([]masthead.ChangeKey)) error {
	select {
	case <-w.start:
		changed([]masthead.ChangeKey{masthead.KeyAll})
	case <-ctx.Done():
		return nil
	}
	<-ctx.Done()
	return nil
}

// TestCachingWaitsForTheWatcher: no page is kept until the watcher has
// made its first report, since a page cached before it listens could
// miss a change; from the report on, pages are kept.
func TestCachingWaitsForTheWatcher(t *testing.T) {
	rig := newCommentRig(t, withPageCache)
	w := lateWatcher{start: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- rig.server.WatchChanges(ctx, w) }()
	t.Cleanup(func() { cancel(); <-done })
	xcache := func() string {
		rec := httptest.NewRecorder()
		rig.server.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		return rec.Header().Get("X-Cache")
	}
	xcache()
	if got := xcache(); got == "hit" {
		t.Fatal("a page was cached before the watcher reported")
	}
	close(w.start)
	deadline := time.Now().Add(5 * time.Second)
	for !rig.server.watching() {
		if time.Now().After(deadline) {
			t.Fatal("caching did not start after the watcher's first report")
		}
		time.Sleep(time.Millisecond)
	}
	xcache()
	if got := xcache(); got != "hit" {
		t.Fatalf("after the watcher's first report: X-Cache %q, want hit", got)
	}
}
