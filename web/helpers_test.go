package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/content"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// now is the pinned time every web test runs at.
var now = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

// fixture is a small site: two authors, two sections, 25 visible articles
// an hour apart, a draft, an article scheduled for later, and comments.
type fixture struct {
	store    *sqlstore.Store
	server   *Server
	ana, ben *masthead.Author
	local    *masthead.Category
	sport    *masthead.Category
	harbour  *masthead.Tag
	lead     *masthead.Article // the newest article, with everything set
	draft    *masthead.Article
	future   *masthead.Article
	comments []*masthead.Comment
}

func newStore(t testing.TB) *sqlstore.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return now }
	t.Cleanup(func() { s.Close() })
	return s
}

func newServer(t testing.TB, s masthead.Store) *Server {
	t.Helper()
	srv, err := NewServer(s, Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }, Import: wordpressImporter(s, nil),
		SpoolDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	return newFixtureOn(t, newStore(t))
}

// newFixtureOn fills store with the fixture site.
func newFixtureOn(t testing.TB, store *sqlstore.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{store: store}
	s := f.store
	site := masthead.DefaultSite()
	site.Title, site.Tagline = "Observer", "News from Port Alder"
	must(t, s.UpdateSite(ctx, site))
	f.ana = &masthead.Author{Name: "Ana Lima", Slug: "ana-lima", Role: masthead.RoleEditor, Email: "ana.private@observer.example", Bio: "Ana edits the politics desk."}
	f.ben = &masthead.Author{Name: "Ben Ortiz", Slug: "ben-ortiz", Role: masthead.RoleAuthor, Email: "ben.private@observer.example", Bio: "Ben covers the harbour."}
	must(t, s.CreateAuthor(ctx, f.ana))
	must(t, s.CreateAuthor(ctx, f.ben))
	// A staff member who has published nothing has no public page.
	must(t, s.CreateAuthor(ctx, &masthead.Author{Name: "New Hire", Slug: "new-hire", Role: masthead.RoleContributor, Email: "hire@observer.example"}))
	f.local = &masthead.Category{Name: "Local", Slug: "local", Description: "News from the city."}
	f.sport = &masthead.Category{Name: "Sport", Slug: "sport", Description: "Games and races."}
	must(t, s.CreateCategory(ctx, f.local))
	must(t, s.CreateCategory(ctx, f.sport))
	var err error
	f.harbour, err = s.EnsureTag(ctx, "Harbour")
	must(t, err)
	council, err := s.EnsureTag(ctx, "Council")
	must(t, err)

	for i := range 25 {
		a := &masthead.Article{
			Headline:    fmt.Sprintf("Story number %02d", 25-i),
			BodySource:  fmt.Sprintf("Paragraph one of story %d.\n\nParagraph two.", 25-i),
			Status:      masthead.StatusPublished,
			PublishedAt: now.Add(-time.Duration(i+1) * time.Hour),
			Authors:     []*masthead.Author{f.ben},
			Category:    f.sport,
		}
		a.UpdatedAt = a.PublishedAt
		if i%2 == 0 {
			a.Tags = []*masthead.Tag{f.harbour}
		}
		must(t, content.PrepareArticle(a))
		must(t, s.CreateArticle(ctx, a))
	}
	f.lead = &masthead.Article{
		Headline: "Harbour board approves the new ferry pier",
		Dek:      "The vote ends two years of argument over the east quay.",
		BodySource: "The board voted on Tuesday, after [a long debate](https://example.org/debate) that ran late.\n\n" +
			"\"It is a good day for the harbour,\" said the chair.\n\n> We waited long enough.\n\n" +
			"Read the [full minutes](https://example.org/minutes), or the [summary](https://example.org/summary).",
		Status:      masthead.StatusPublished,
		PublishedAt: now.Add(-10 * time.Minute),
		UpdatedAt:   now.Add(-5 * time.Minute),
		Authors:     []*masthead.Author{f.ana, f.ben},
		Category:    f.local,
		Tags:        []*masthead.Tag{council, f.harbour},
		Dateline:    "PORT ALDER",
		SourceName:  "Coast Wire", SourceURL: "https://example.net/wire",
		CommentsOpen: true,
	}
	must(t, content.PrepareArticle(f.lead))
	must(t, s.CreateArticle(ctx, f.lead))
	embargo, err := s.EnsureTag(ctx, "Secret Merger")
	must(t, err)
	f.draft = &masthead.Article{Headline: "Unpublished draft about the harbour", BodySource: "Secret.", Status: masthead.StatusDraft,
		Authors: []*masthead.Author{f.ana}, Tags: []*masthead.Tag{embargo}}
	must(t, content.PrepareArticle(f.draft))
	must(t, s.CreateArticle(ctx, f.draft))
	f.future = &masthead.Article{Headline: "Tomorrow's embargoed story", BodySource: "Not yet.", Status: masthead.StatusPublished,
		PublishedAt: now.Add(24 * time.Hour), Authors: []*masthead.Author{f.ana}, Category: f.local}
	must(t, content.PrepareArticle(f.future))
	must(t, s.CreateArticle(ctx, f.future))

	// A thread three deep, a held comment that must not show, and spam.
	add := func(parent int64, name, body string, status masthead.CommentStatus) *masthead.Comment {
		c := &masthead.Comment{ArticleID: f.lead.ID, ParentID: parent, AuthorName: name,
			AuthorEmail: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@reader.example", Body: body, Status: status}
		must(t, s.CreateComment(ctx, c))
		f.comments = append(f.comments, c)
		return c
	}
	first := add(0, "Cora Diaz", "Finally.\n\nThe old pier was falling apart.", masthead.CommentApproved)
	reply := add(first.ID, "Dev Patel", "Agreed, it took too long.", masthead.CommentApproved)
	add(reply.ID, "Eli Moss", "Blame the budget.", masthead.CommentApproved)
	add(0, "Held Reader", "Awaiting moderation text.", masthead.CommentPending)
	add(0, "Spam Bot", "Buy cheap watches.", masthead.CommentSpam)

	f.server = newServer(t, s)
	return f
}

// response is a fetched page.
type response struct {
	status int
	header http.Header
	body   string
}

func get(t testing.TB, h http.Handler, method, path string) response {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return response{status: rec.Code, header: rec.Header(), body: string(b)}
}

func parse(t testing.TB, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// findAll returns every element under n for which match is true.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func byTag(tag string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == tag }
}

func byClass(class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		for _, c := range strings.Fields(attr(n, "class")) {
			if c == class {
				return true
			}
		}
		return false
	}
}

func byID(id string) func(*html.Node) bool {
	return func(n *html.Node) bool { return attr(n, "id") == id }
}

func first(t testing.TB, n *html.Node, match func(*html.Node) bool, what string) *html.Node {
	t.Helper()
	all := findAll(n, match)
	if len(all) == 0 {
		t.Fatalf("no %s in the page", what)
	}
	return all[0]
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// text returns the text content of n with white space collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// queryCounter counts the statements a store runs.
type queryCounter struct {
	mu sync.Mutex
	n  int
}

func (c *queryCounter) hook(string) { c.mu.Lock(); c.n++; c.mu.Unlock() }
func (c *queryCounter) reset()      { c.mu.Lock(); c.n = 0; c.mu.Unlock() }
func (c *queryCounter) count() int  { c.mu.Lock(); defer c.mu.Unlock(); return c.n }

func itoa(n int64) string { return fmt.Sprint(n) }
