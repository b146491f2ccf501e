package web

import (
	"context"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/postgres"
	"masthead/postgres/pgtest"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// layoutReads counts a store's reads of what every page's layout shows:
// the settings (the base URL among them), the sections and the menus.
type layoutReads struct{ settings, sections, menus atomic.Int64 }

func (c *layoutReads) count(q string) {
	switch {
	case strings.Contains(q, "FROM settings"):
		c.settings.Add(1)
	case strings.Contains(q, "FROM categories ORDER BY"):
		c.sections.Add(1)
	case strings.Contains(q, "FROM menus"):
		c.menus.Add(1)
	}
}

func (c *layoutReads) total() int64 { return c.settings.Load() + c.sections.Load() + c.menus.Load() }

// layoutShown is what a page shows of the settings, sections and menus.
type layoutShown struct {
	title, canonical string
	sections, header []string
}

func showsLayout(t *testing.T, doc *html.Node) layoutShown {
	t.Helper()
	var got layoutShown
	got.title = text(first(t, doc, byTag("title"), "the title"))
	for _, l := range findAll(doc, byTag("link")) {
		if attr(l, "rel") == "canonical" {
			got.canonical = attr(l, "href")
		}
	}
	_, sections := navigation(t, doc, "Sections")
	for _, e := range sections {
		got.sections = append(got.sections, e.Label)
	}
	_, header := navigation(t, doc, "Site")
	for _, e := range header {
		got.header = append(got.header, e.Label)
	}
	return got
}

// TestLayoutCacheFollowsChanges: with a watcher running, a server (the
// page cache off, so that every page is rendered) reads the settings,
// the sections and the menus once, not at every request nor at a
// comment post; and a change of any of them shows on the next request
// when made through the server's own store, and within a second when
// made through another store on the same database: the command line on
// the SQLite file, another node on PostgreSQL.
func TestLayoutCacheFollowsChanges(t *testing.T) {
	for _, db := range []struct {
		name string
		// open returns the server's store, another on the same database,
		// and the server's watcher.
		open func(t *testing.T) (*sqlstore.Store, *sqlstore.Store, masthead.ChangeWatcher)
	}{
		{"sqlite", func(t *testing.T) (*sqlstore.Store, *sqlstore.Store, masthead.ChangeWatcher) {
			path := filepath.Join(t.TempDir(), "masthead.db")
			s, err := sqlite.Open(context.Background(), path)
			must(t, err)
			t.Cleanup(func() { s.Close() })
			other, err := sqlite.Open(context.Background(), path)
			must(t, err)
			t.Cleanup(func() { other.Close() })
			return s, other, sqlite.Watcher{Store: s}
		}},
		{"postgres", func(t *testing.T) (*sqlstore.Store, *sqlstore.Store, masthead.ChangeWatcher) {
			dsn := pgtest.DSN(t)
			s, err := postgres.Open(context.Background(), dsn, "")
			must(t, err)
			t.Cleanup(func() { s.Close() })
			other, err := postgres.Open(context.Background(), dsn, "")
			must(t, err)
			t.Cleanup(func() { other.Close() })
			return s, other, postgres.Watcher{DSN: dsn}
		}},
	} {
		t.Run(db.name, func(t *testing.T) {
			store, other, watcher := db.open(t)
			store.Now = func() time.Time { return now }
			f := newFixtureOn(t, store)
			ctx := context.Background()
			// The base URL comes from the settings, not from a flag.
			clk := &clock{t: now}
			srv, err := NewServer(store, Options{FallbackBaseURL: "http://127.0.0.1:8080", Now: clk.Now, CommentEvery: -1})
			must(t, err)
			watch(t, srv, watcher)
			var reads layoutReads
			store.OnQuery = reads.count
			home := func() layoutShown {
				t.Helper()
				res := get(t, srv, "GET", "/")
				if res.status != 200 {
					t.Fatalf("the home page: status %d", res.status)
				}
				return showsLayout(t, parse(t, res.body))
			}

			home()
			before := reads.total()
			home()
			if res := get(t, srv, "GET", f.lead.Path(time.UTC)); res.status != 200 {
				t.Fatalf("the article: status %d", res.status)
			}
			rig := &commentRig{fixture: f, clock: clk, server: srv, path: f.lead.Path(time.UTC)}
			v := validComment("A comment that reads no settings.")
			v.Set("token", rig.token(t, rig.path))
			clk.Add(5 * time.Second)
			if res := send(t, srv, "POST", rig.path, v); res.StatusCode != 303 {
				t.Fatalf("the comment post: status %d", res.StatusCode)
			}
			if n := reads.total() - before; n != 0 {
				t.Errorf("a page, an article and a comment post read the settings, sections or menus %d times (%d, %d, %d), want none",
					n, reads.settings.Load(), reads.sections.Load(), reads.menus.Load())
			}

			type writer struct {
				name, host string
				store      *sqlstore.Store
				// within is how long the change may take to show.
				within time.Duration
			}
			writers := []writer{
				{"this server's store", "this.example", store, 0},
				{"another store on the same database", "other.example", other, time.Second},
			}
			shows := func(by writer, what string, ok func(layoutShown) bool) {
				t.Helper()
				start := time.Now()
				for got := home(); !ok(got); got = home() {
					if time.Since(start) > by.within {
						t.Fatalf("%s through %s: the next page shows %+v", what, by.name, got)
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
			for _, by := range writers {
				site, err := by.store.FindSite(ctx)
				must(t, err)
				title := "The Observer by " + by.name
				site.Title, site.BaseURL = title, "https://"+by.host
				must(t, by.store.UpdateSite(ctx, site))
				shows(by, "a settings change", func(got layoutShown) bool {
					return got.title == title && got.canonical == site.BaseURL+"/"
				})

				section, err := by.store.FindCategoryBySlug(ctx, f.sport.Slug)
				must(t, err)
				section.Name = "Sport by " + by.name
				must(t, by.store.UpdateCategory(ctx, section))
				shows(by, "a section renamed", func(got layoutShown) bool {
					return strings.Contains(strings.Join(got.sections, "|"), section.Name)
				})
			}
			// A header menu takes the place of the sections.
			for _, by := range writers {
				label := "Contact " + by.name
				saveMenu(t, by.store, masthead.MenuHeader, urlItem(label, "/contact/"))
				shows(by, "a menu saved", func(got layoutShown) bool {
					return len(got.header) == 1 && got.header[0] == label
				})
			}
		})
	}
}
