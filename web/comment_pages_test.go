package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/content"
)

// maxCommentPageBytes bounds an article page with a full page of comments.
const maxCommentPageBytes = 200 << 10

// longThread is an article with thousands of approved comments in threads
// of one to five comments (three on average, more than most news threads
// hold), some replies answering the thread's first comment, some the reply
// before them (five deep at most), and replies arriving while later
// threads begin.
type longThread struct {
	store   masthead.Store
	server  *Server
	article *masthead.Article
	path    string
	roots   []*masthead.Comment           // the top-level comments, oldest first
	replies map[int64][]*masthead.Comment // each thread's replies, by its top-level comment
}

func newLongThread(t testing.TB, total int) *longThread {
	t.Helper()
	ctx := context.Background()
	s := newStore(t)
	au := &masthead.Author{Name: "Ana Lima", Slug: "ana-lima", Role: masthead.RoleEditor}
	must(t, s.CreateAuthor(ctx, au))
	a := &masthead.Article{Headline: "The ferry pier vote, and what readers made of it", BodySource: "The board voted on Tuesday.",
		Status: masthead.StatusPublished, PublishedAt: now.Add(-30 * 24 * time.Hour), Authors: []*masthead.Author{au}, CommentsOpen: true}
	must(t, content.PrepareArticle(a))
	must(t, s.CreateArticle(ctx, a))
	lt := &longThread{store: s, article: a, path: a.Path(time.UTC)}
	var batch []masthead.BatchComment
	var threadReplies [][]*masthead.Comment
	start := a.PublishedAt.Add(time.Hour)
	for thread := 0; len(batch) < total; thread++ {
		at := start.Add(time.Duration(thread) * 3 * time.Minute)
		root := &masthead.Comment{ArticleID: a.ID, AuthorName: fmt.Sprintf("Reader %d", thread%97), AuthorEmail: fmt.Sprintf("reader%d@example.net", thread%97),
			Body:   fmt.Sprintf("Thread %d opens: the pier has been falling apart for years, and the vote was long overdue.", thread),
			Status: masthead.CommentApproved, CreatedAt: at}
		batch = append(batch, masthead.BatchComment{Comment: root})
		lt.roots = append(lt.roots, root)
		threadReplies = append(threadReplies, nil)
		parent := root
		for j := 1; j < 1+thread%5 && len(batch) < total; j++ {
			reply := &masthead.Comment{ArticleID: a.ID, AuthorName: fmt.Sprintf("Reader %d", (thread+j)%97), AuthorEmail: fmt.Sprintf("reader%d@example.net", (thread+j)%97),
				Body:   fmt.Sprintf("Reply %d in thread %d: I agree with part of that, though the budget tells another story.", j, thread),
				Status: masthead.CommentApproved, CreatedAt: at.Add(time.Duration(j) * 2 * time.Minute)}
			batch = append(batch, masthead.BatchComment{Comment: reply, Parent: parent})
			threadReplies[thread] = append(threadReplies[thread], reply)
			switch thread % 3 {
			case 0: // a chain, each reply answering the one before
				parent = reply
			case 1: // every reply answering the first comment
			case 2: // by turns
				if j%2 == 1 {
					parent = reply
				} else {
					parent = root
				}
			}
		}
	}
	must(t, s.SubmitComments(ctx, batch, masthead.SubmitOptions{}))
	lt.replies = make(map[int64][]*masthead.Comment, len(lt.roots))
	for i, root := range lt.roots {
		lt.replies[root.ID] = threadReplies[i]
	}
	lt.server = newServer(t, s)
	return lt
}

// commentIDOf reads the id of a comment's <li id="comment-N">.
func commentIDOf(t testing.TB, li *html.Node) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(attr(li, "id"), "comment-"), 10, 64)
	if err != nil {
		t.Fatalf("a comment with the id %q", attr(li, "id"))
	}
	return id
}

// shownThreads returns the top-level comments of a page, in its order, and
// each one's comments below it.
func shownThreads(t testing.TB, doc *html.Node) ([]int64, map[int64][]int64) {
	t.Helper()
	var roots []int64
	below := map[int64][]int64{}
	lists := findAll(doc, byClass("comment-list"))
	if len(lists) == 0 {
		return nil, below
	}
	for li := lists[0].FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode || li.Data != "li" {
			continue
		}
		id := commentIDOf(t, li)
		roots = append(roots, id)
		below[id] = []int64{}
		for _, reply := range findAll(li, byClass("comment")) {
			if reply != li {
				below[id] = append(below[id], commentIDOf(t, reply))
			}
		}
	}
	return roots, below
}

// canonicalLink returns the page's canonical address.
func canonicalLink(doc *html.Node) string {
	for _, l := range findAll(doc, byTag("link")) {
		if attr(l, "rel") == "canonical" {
			return attr(l, "href")
		}
	}
	return ""
}

// commentNavOf returns the navigation between comment pages, or nil.
func commentNavOf(t testing.TB, doc *html.Node) *html.Node {
	t.Helper()
	navs := findAll(doc, func(n *html.Node) bool { return n.Data == "nav" && attr(n, "aria-label") == "Comment pages" })
	switch len(navs) {
	case 0:
		return nil
	case 1:
		if len(findAll(first(t, doc, byID("comments"), "comments section"), func(n *html.Node) bool { return n == navs[0] })) == 0 {
			t.Error("the comment pages' navigation is outside the comments section")
		}
		return navs[0]
	}
	t.Fatalf("%d navigations between comment pages", len(navs))
	return nil
}

// linkNamed returns the href of the link under n whose text holds name, or "".
func linkNamed(n *html.Node, name string) string {
	for _, a := range findAll(n, byTag("a")) {
		if strings.Contains(text(a), name) {
			return attr(a, "href")
		}
	}
	return ""
}

// TestLongCommentThreadPages breaks an article with 10,000 comments into
// pages of 50 threads and reads every page: each holds its threads, in
// order, with all their replies and nothing else, stays under 200 KB, and
// links to its neighbours; the default page's own address redirects and
// pages past the end are not found.
func TestLongCommentThreadPages(t *testing.T) {
	lt := newLongThread(t, 10000)
	threads := len(lt.roots)
	pages := (threads + 49) / 50
	if pages < 20 {
		t.Fatalf("%d threads make %d pages: the fixture is too small to test paging", threads, pages)
	}
	base := "https://observer.example"
	// check reads page n at path and returns its parsed document.
	check := func(t *testing.T, srv *Server, path string, n int, newestFirst bool) *html.Node {
		t.Helper()
		res := get(t, srv, "GET", path)
		if res.status != http.StatusOK {
			t.Fatalf("%s: status %d", path, res.status)
		}
		if len(res.body) > maxCommentPageBytes {
			t.Errorf("%s is %d KB, over %d KB", path, len(res.body)>>10, maxCommentPageBytes>>10)
		}
		doc := parse(t, res.body)
		roots, below := shownThreads(t, doc)
		want := lt.roots[(n-1)*50 : min(n*50, threads)]
		var wantIDs []int64
		for _, c := range want {
			wantIDs = append(wantIDs, c.ID)
		}
		if newestFirst {
			slices.Reverse(wantIDs)
		}
		if len(roots) == 0 || roots[0] != wantIDs[0] || roots[len(roots)-1] != wantIDs[len(wantIDs)-1] || len(roots) != len(wantIDs) {
			t.Fatalf("%s shows %d threads from %v to %v, want %d from %d to %d", path, len(roots), roots[:min(1, len(roots))],
				roots[max(0, len(roots)-1):], len(wantIDs), wantIDs[0], wantIDs[len(wantIDs)-1])
		}
		if !slices.Equal(roots, wantIDs) {
			t.Errorf("%s shows the threads %v, want %v", path, roots, wantIDs)
		}
		for _, root := range want {
			var replies []int64
			for _, c := range lt.replies[root.ID] {
				replies = append(replies, c.ID)
			}
			got := below[root.ID]
			slices.Sort(got)
			if !slices.Equal(got, replies) {
				t.Errorf("%s: thread %d shows the replies %v, want %v", path, root.ID, got, replies)
			}
		}
		nav := commentNavOf(t, doc)
		if nav == nil {
			t.Fatalf("%s has no navigation between comment pages", path)
		}
		current := findAll(nav, func(n *html.Node) bool { return attr(n, "aria-current") == "page" })
		if len(current) != 1 || text(current[0]) != strconv.Itoa(n) {
			t.Errorf("%s marks the page %v as current, want %d", path, current, n)
		}
		return doc
	}
	pageURL := func(n int) string { return lt.path + "comment-page-" + strconv.Itoa(n) + "/" }

	t.Run("the last page is the default", func(t *testing.T) {
		doc := check(t, lt.server, lt.path, pages, false)
		if got := canonicalLink(doc); got != base+lt.path {
			t.Errorf("canonical link %q, want the article's %q", got, base+lt.path)
		}
		nav := commentNavOf(t, doc)
		if got, want := linkNamed(nav, "Older comments"), pageURL(pages-1)+"#comments"; got != want {
			t.Errorf("Older comments leads to %q, want %q", got, want)
		}
		if got := linkNamed(nav, "Newer comments"); got != "" {
			t.Errorf("the newest page offers Newer comments at %q", got)
		}
		// The page numbers stay few however many pages there are.
		if n := len(findAll(nav, byTag("li"))); n > 12 {
			t.Errorf("the navigation lists %d entries for %d pages", n, pages)
		}
	})
	t.Run("every other page", func(t *testing.T) {
		for n := 1; n < pages; n++ {
			doc := check(t, lt.server, pageURL(n), n, false)
			if got := canonicalLink(doc); got != base+pageURL(n) {
				t.Errorf("page %d: canonical link %q, want its own address", n, got)
			}
			nav := commentNavOf(t, doc)
			newer, older := linkNamed(nav, "Newer comments"), linkNamed(nav, "Older comments")
			wantNewer := pageURL(n+1) + "#comments"
			if n+1 == pages {
				wantNewer = lt.path + "#comments"
			}
			if newer != wantNewer {
				t.Errorf("page %d: Newer comments leads to %q, want %q", n, newer, wantNewer)
			}
			if wantOlder := pageURL(n-1) + "#comments"; n > 1 && older != wantOlder || n == 1 && older != "" {
				t.Errorf("page %d: Older comments leads to %q", n, older)
			}
			if n == 1 {
				title := text(first(t, doc, byTag("title"), "title"))
				if !strings.Contains(title, "Comment page 1") {
					t.Errorf("page 1 is titled %q, without its page number", title)
				}
			}
		}
	})
	t.Run("addresses that are no page", func(t *testing.T) {
		res := get(t, lt.server, "GET", pageURL(pages))
		if res.status != http.StatusFound || res.header.Get("Location") != lt.path {
			t.Errorf("the default page's own address: %d to %q, want 302 to the article", res.status, res.header.Get("Location"))
		}
		for _, path := range []string{pageURL(pages + 1), pageURL(0), lt.path + "comment-page-01/", lt.path + "comment-page-two/", lt.path + "comments/"} {
			if res := get(t, lt.server, "GET", path); res.status != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", path, res.status)
			}
		}
		if res := get(t, lt.server, "GET", strings.TrimSuffix(pageURL(2), "/")); res.status != http.StatusMovedPermanently || res.header.Get("Location") != pageURL(2) {
			t.Errorf("a comment page without its slash: %d to %q", res.status, res.header.Get("Location"))
		}
		wrongDate := strings.Replace(pageURL(2), lt.article.PublishedAt.Format("/2006/01/02/"), "/2001/01/01/", 1)
		if res := get(t, lt.server, "GET", wrongDate); res.status != http.StatusMovedPermanently || res.header.Get("Location") != pageURL(2) {
			t.Errorf("a comment page under a wrong date: %d to %q", res.status, res.header.Get("Location"))
		}
	})
	t.Run("the first page by default, newest first", func(t *testing.T) {
		site, err := lt.store.FindSite(context.Background())
		must(t, err)
		site.CommentDefaultPage, site.CommentOrder = masthead.CommentPageFirst, masthead.CommentsNewestFirst
		must(t, lt.store.UpdateSite(context.Background(), site))
		srv := newServer(t, lt.store)
		doc := check(t, srv, lt.path, 1, true)
		if got := linkNamed(commentNavOf(t, doc), "Newer comments"); got != pageURL(2)+"#comments" {
			t.Errorf("Newer comments leads to %q", got)
		}
		// Replies still follow their parent, oldest first.
		roots, below := shownThreads(t, doc)
		for _, root := range roots {
			if !slices.IsSorted(below[root]) {
				t.Errorf("thread %d lists its replies as %v, not oldest first", root, below[root])
			}
		}
		check(t, srv, pageURL(pages), pages, true)
		if res := get(t, srv, "GET", pageURL(1)); res.status != http.StatusMovedPermanently || res.header.Get("Location") != lt.path {
			t.Errorf("the first page's own address: %d to %q, want 301 to the article", res.status, res.header.Get("Location"))
		}
	})
}
