// Package commentpages measures article pages with very long comment
// threads: an article with 10,000 comments, served page by page through
// the real server on SQLite, without any page cache.
//
//	go test -run '^$' -bench . -benchtime 200x ./bench/commentpages/
//
// Each benchmark reports the time to serve one page, the processor time it
// took (steadier than the wall-clock time on a shared machine) and its size.
package commentpages

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"masthead"
	"masthead/content"
	"masthead/sqlite"
	"masthead/sqlstore"
	"masthead/web"
)

// now is the pinned time the site is served at.
var now = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

// site is a store and server with one article of total comments, in
// threads of one to five comments nested up to five deep, and the
// article's address.
type site struct {
	store  *sqlstore.Store
	server http.Handler
	path   string
	pages  int
}

func newSite(b *testing.B, total int) *site {
	b.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "masthead.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return now }
	au := &masthead.Author{Name: "Ana Lima", Slug: "ana-lima", Role: masthead.RoleEditor}
	check(b, s.CreateAuthor(ctx, au))
	a := &masthead.Article{Headline: "The ferry pier vote, and what readers made of it", BodySource: "The board voted on Tuesday.",
		Status: masthead.StatusPublished, PublishedAt: now.Add(-30 * 24 * time.Hour), Authors: []*masthead.Author{au}, CommentsOpen: true}
	check(b, content.PrepareArticle(a))
	check(b, s.CreateArticle(ctx, a))
	var batch []masthead.BatchComment
	threads := 0
	for thread := 0; len(batch) < total; thread++ {
		threads++
		at := a.PublishedAt.Add(time.Hour + time.Duration(thread)*3*time.Minute)
		root := &masthead.Comment{ArticleID: a.ID, AuthorName: fmt.Sprintf("Reader %d", thread%97), AuthorEmail: fmt.Sprintf("reader%d@example.net", thread%97),
			Body:   fmt.Sprintf("Thread %d opens: the pier has been falling apart for years, and the vote was long overdue.", thread),
			Status: masthead.CommentApproved, CreatedAt: at}
		batch = append(batch, masthead.BatchComment{Comment: root})
		parent := root
		for j := 1; j < 1+thread%5 && len(batch) < total; j++ {
			reply := &masthead.Comment{ArticleID: a.ID, AuthorName: fmt.Sprintf("Reader %d", (thread+j)%97), AuthorEmail: fmt.Sprintf("reader%d@example.net", (thread+j)%97),
				Body:   fmt.Sprintf("Reply %d in thread %d: I agree with part of that, though the budget tells another story.", j, thread),
				Status: masthead.CommentApproved, CreatedAt: at.Add(time.Duration(j) * 2 * time.Minute)}
			batch = append(batch, masthead.BatchComment{Comment: reply, Parent: parent})
			if thread%2 == 0 {
				parent = reply
			}
		}
	}
	check(b, s.SubmitComments(ctx, batch, masthead.SubmitOptions{}))
	srv, err := web.NewServer(s, web.Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }})
	check(b, err)
	return &site{store: s, server: srv, path: a.Path(time.UTC), pages: (threads + 49) / 50}
}

func check(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

// serve measures GET path, reporting its size and the processor time a
// page takes besides the wall-clock time.
func (s *site) serve(b *testing.B, path string) {
	b.Helper()
	size := 0
	cpu := cpuTime()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.server.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: status %d", path, rec.Code)
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(size)/1024, "KB/page")
}

// BenchmarkCommentPages serves the default comment page (the last), the
// first and one in the middle, and for comparison the article with comment
// pages off, which shows the first 500 comments.
func BenchmarkCommentPages(b *testing.B) {
	s := newSite(b, 10000)
	b.Run("default", func(b *testing.B) { s.serve(b, s.path) })
	b.Run("first", func(b *testing.B) { s.serve(b, s.path+"comment-page-1/") })
	b.Run("middle", func(b *testing.B) { s.serve(b, fmt.Sprintf("%scomment-page-%d/", s.path, s.pages/2)) })
	b.Run("pages off", func(b *testing.B) {
		site, err := s.store.FindSite(context.Background())
		check(b, err)
		site.CommentPages = masthead.CommentPagesOff
		check(b, s.store.UpdateSite(context.Background(), site))
		s.serve(b, s.path)
	})
}
