package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
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

// TestCommentLinksFindTheirPage posts comments to an article whose threads
// fill pages of two and follows every link to a comment: the redirect
// after posting, the reader's own held comments, comment feeds and the
// moderation screen all lead to the page that holds the comment.
func TestCommentLinksFindTheirPage(t *testing.T) {
	rig := newCommentRig(t)
	ctx := context.Background()
	site, err := rig.store.FindSite(ctx)
	must(t, err)
	site.CommentPageSize, site.CommentModeration = 2, masthead.ModerateApproveAll
	must(t, rig.store.UpdateSite(ctx, site))
	cora := rig.comments[0] // the first thread, three comments deep
	second := &masthead.Comment{ArticleID: rig.lead.ID, AuthorName: "Gil Hart", AuthorEmail: "gil@reader.example", Body: "Second thread.", Status: masthead.CommentApproved}
	third := &masthead.Comment{ArticleID: rig.lead.ID, AuthorName: "Gil Hart", AuthorEmail: "gil@reader.example", Body: "Third thread.", Status: masthead.CommentApproved}
	must(t, rig.store.CreateComment(ctx, second))
	must(t, rig.store.CreateComment(ctx, third))
	pageOne := rig.path + "comment-page-1/"
	anchor := func(c *masthead.Comment) string { return fmt.Sprintf("#comment-%d", c.ID) }
	post := func(t *testing.T, v url.Values, cookies ...*http.Cookie) (*masthead.Comment, *http.Response) {
		t.Helper()
		res := rig.post(t, rig.path, v, cookies...)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("posting: status %d\n%s", res.StatusCode, body(t, res))
		}
		return rig.newestComment(t), res
	}
	shows := func(t *testing.T, path string, c *masthead.Comment, cookies ...*http.Cookie) bool {
		t.Helper()
		res := rig.do(t, httptest.NewRequest("GET", path, nil), cookies)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		return len(findAll(parse(t, body(t, res)), byID(strings.TrimPrefix(anchor(c), "#")))) == 1
	}

	// A reply to the first thread goes to page 1, a new thread to the
	// last page at the article's own address.
	v := validComment("A reply on the first page.")
	v.Set("comment_parent", fmt.Sprint(cora.ID))
	reply, res := post(t, v)
	if got, want := res.Header.Get("Location"), pageOne+anchor(reply); got != want {
		t.Errorf("after a reply on page 1: Location %q, want %q", got, want)
	}
	if !shows(t, pageOne, reply) || shows(t, rig.path, reply) {
		t.Error("the reply is not on page 1 alone")
	}
	fourth, res := post(t, validComment("A fourth thread, on the second page."))
	if got, want := res.Header.Get("Location"), rig.path+anchor(fourth); got != want {
		t.Errorf("after a new thread: Location %q, want %q", got, want)
	}

	// A held comment is shown to its writer on the page it will take: a
	// new thread past a full last page on the last page.
	site.CommentModeration = masthead.ModerateHoldAll
	must(t, rig.store.UpdateSite(ctx, site))
	held, res := post(t, validComment("A held thread."))
	if held.Status != masthead.CommentPending {
		t.Fatalf("the comment is %s, want held", held.Status)
	}
	if got, want := res.Header.Get("Location"), rig.path+anchor(held); got != want {
		t.Errorf("after a held thread: Location %q, want %q", got, want)
	}
	mine := cookieNamed(res, pendingCookie)
	v = validComment("A held reply on the first page.")
	v.Set("comment_parent", fmt.Sprint(cora.ID))
	heldReply, res := post(t, v, mine)
	if got, want := res.Header.Get("Location"), pageOne+anchor(heldReply); got != want {
		t.Errorf("after a held reply on page 1: Location %q, want %q", got, want)
	}
	mine = cookieNamed(res, pendingCookie)
	if !shows(t, rig.path, held, mine) || shows(t, pageOne, held, mine) || shows(t, rig.path, held) {
		t.Error("the held thread is not on the last page, for its writer alone")
	}
	if !shows(t, pageOne, heldReply, mine) || shows(t, rig.path, heldReply, mine) {
		t.Error("the held reply is not on page 1 with its thread")
	}

	// Feeds link to each comment's page, and keep the article's address
	// in each entry's id.
	base := "https://observer.example"
	for _, path := range []string{rig.path + "feed/", "/comments/feed/"} {
		doc, err := gofeed.NewParser().ParseString(get(t, rig.server, "GET", path).body)
		must(t, err)
		links := map[string]string{}
		for _, it := range doc.Items {
			links[it.GUID] = it.Link
		}
		for c, want := range map[*masthead.Comment]string{reply: pageOne + anchor(reply), fourth: rig.path + anchor(fourth), second: pageOne + anchor(second)} {
			if got := links[base+rig.path+anchor(c)]; got != base+want {
				t.Errorf("%s: the entry of comment %d links to %q, want %q", path, c.ID, got, base+want)
			}
		}
	}

	// The moderation screen leads to each approved comment on the site.
	editor := signIn(t, rig.server, addStaff(t, rig.store, "Eda Editor", masthead.RoleEditor).Email)
	res = send(t, rig.server, "GET", "/admin/comments?status=approved", nil, editor)
	doc := parse(t, body(t, res))
	for c, want := range map[*masthead.Comment]string{reply: pageOne + anchor(reply), fourth: rig.path + anchor(fourth)} {
		row := first(t, doc, byID(fmt.Sprintf("moderate-%d", c.ID)), "the comment's row")
		if got := linkNamed(row, "View on site"); got != want {
			t.Errorf("View on site of comment %d leads to %q, want %q", c.ID, got, want)
		}
	}
	held2 := first(t, parse(t, body(t, send(t, rig.server, "GET", "/admin/comments", nil, editor))), byID(fmt.Sprintf("moderate-%d", held.ID)), "the held comment's row")
	if got := linkNamed(held2, "View on site"); got != "" {
		t.Errorf("a held comment has a link to the site: %q", got)
	}

	// Replying from another page keeps the reader there when they cancel.
	doc = parse(t, body(t, rig.do(t, httptest.NewRequest("GET", pageOne+fmt.Sprintf("?replytocom=%d", cora.ID), nil), nil)))
	if got := attr(first(t, doc, byID("cancel-comment-reply-link"), "cancel link"), "href"); got != pageOne+"#respond" {
		t.Errorf("Cancel reply on page 1 leads to %q", got)
	}
	if got := attr(first(t, doc, byID("commentform"), "form"), "action"); got != rig.path+"#respond" {
		t.Errorf("the form on page 1 posts to %q, want the article", got)
	}

	// Without pages, every thread is on the article's page, and the
	// addresses of pages lead there.
	site.CommentPages = masthead.CommentPagesOff
	must(t, rig.store.UpdateSite(ctx, site))
	if res := get(t, rig.server, "GET", pageOne); res.status != http.StatusFound || res.header.Get("Location") != rig.path {
		t.Errorf("page 1 with pages off: %d to %q, want 302 to the article", res.status, res.header.Get("Location"))
	}
	roots, _ := shownThreads(t, parse(t, get(t, rig.server, "GET", rig.path).body))
	if len(roots) != 4 {
		t.Errorf("with pages off the article shows %d threads, want all 4", len(roots))
	}
	site.CommentModeration = masthead.ModerateApproveAll
	must(t, rig.store.UpdateSite(ctx, site))
	v = validComment("A reply with pages off.")
	v.Set("comment_parent", fmt.Sprint(cora.ID))
	last, res := post(t, v)
	if got, want := res.Header.Get("Location"), rig.path+anchor(last); got != want {
		t.Errorf("after a reply with pages off: Location %q, want %q", got, want)
	}
}

// TestThreadsWithoutNesting: at depth 1 every reply shows as a thread of
// its own, after its parent.
func TestThreadsWithoutNesting(t *testing.T) {
	roots := threadComments([]*masthead.Comment{{ID: 1}, {ID: 2, ParentID: 1}, {ID: 3, ParentID: 2}}, 1, time.UTC, []byte("secret"), nil)
	var ids []int64
	for _, n := range roots {
		ids = append(ids, n.ID)
		if n.Depth != 1 || len(n.Children) != 0 || n.CanReply {
			t.Errorf("comment %d at depth %d with %d replies, reply link %v; want a flat list without reply links", n.ID, n.Depth, len(n.Children), n.CanReply)
		}
	}
	if !slices.Equal(ids, []int64{1, 2, 3}) {
		t.Errorf("threads %v, want 1, 2, 3", ids)
	}
}

// TestCommentPageSettingsForm changes the comment page settings on the
// Settings page: a refused value comes back marked with what was chosen
// kept, a good one is stored and shapes the article's comments at once.
func TestCommentPageSettingsForm(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	admin := signIn(t, f.server, addStaff(t, f.store, "Ada Admin", masthead.RoleAdmin).Email)
	doc := parse(t, body(t, send(t, f.server, "GET", "/admin/settings", nil, admin)))
	for id, want := range map[string]string{"comment_pages": "on", "comment_default_page": "last", "comment_order": "oldest"} {
		sel := first(t, doc, byID(id), id)
		chosen := findAll(sel, func(n *html.Node) bool { return n.Data == "option" && hasAttr(n, "selected") })
		if len(chosen) != 1 || attr(chosen[0], "value") != want {
			t.Errorf("%s: %d options chosen, want %q", id, len(chosen), want)
		}
		if label := findAll(doc, func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == id }); len(label) != 1 {
			t.Errorf("%s has %d labels", id, len(label))
		}
	}
	if got := attr(first(t, doc, byID("comment_page_size"), "page size"), "value"); got != "50" {
		t.Errorf("comment_page_size holds %q, want 50", got)
	}
	site, _ := f.store.FindSite(ctx)
	values := settingsForm(site)
	values.Set("comment_page_size", "0")
	values.Set("comment_order", "newest")
	res := send(t, f.server, "POST", "/admin/settings", values, admin)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a page of no comments: status %d", res.StatusCode)
	}
	doc = parse(t, body(t, res))
	if got := attr(first(t, doc, byID("comment_page_size"), "page size"), "aria-invalid"); got != "true" {
		t.Error("the refused page size is not marked")
	}
	if got := text(first(t, doc, byID("comment_page_size-error"), "message")); got != "Top-level comments per page must be between 1 and 500." {
		t.Errorf("message %q", got)
	}
	order := findAll(first(t, doc, byID("comment_order"), "order"), func(n *html.Node) bool { return n.Data == "option" && hasAttr(n, "selected") })
	if len(order) != 1 || attr(order[0], "value") != "newest" {
		t.Error("the refused form lost the order chosen")
	}
	values.Set("comment_page_size", "1")
	values.Set("comment_default_page", "first")
	if res := send(t, f.server, "POST", "/admin/settings", values, admin); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("good settings: status %d", res.StatusCode)
	}
	if s, _ := f.store.FindSite(ctx); s.CommentPaging() != (masthead.CommentPaging{PerPage: 1, NewestFirst: true}) {
		t.Fatalf("stored paging %+v", s.CommentPaging())
	}
	must(t, f.store.CreateComment(ctx, &masthead.Comment{ArticleID: f.lead.ID, AuthorName: "Gil Hart", AuthorEmail: "gil@reader.example",
		Body: "A second thread.", Status: masthead.CommentApproved}))
	roots, _ := shownThreads(t, parse(t, get(t, f.server, "GET", f.lead.Path(time.UTC)).body))
	if len(roots) != 1 || roots[0] != f.comments[0].ID {
		t.Errorf("the article shows the threads %v, want only the first, %d", roots, f.comments[0].ID)
	}
}

// TestPostedThreadLinkNeedsNoCount: the redirect after a new thread,
// held or approved, leads to the article's own address (the last page,
// the default) without reading the thread's place, which the writer's
// transaction already told; when an approved thread comes after the new
// one, or the first page is the default, the place is read and the
// redirect leads to the page that holds the comment.
func TestPostedThreadLinkNeedsNoCount(t *testing.T) {
	rig := newCommentRig(t)
	ctx := context.Background()
	site, err := rig.store.FindSite(ctx)
	must(t, err)
	site.CommentPageSize, site.CommentModeration = 2, masthead.ModerateApproveAll
	must(t, rig.store.UpdateSite(ctx, site))
	var placeReads atomic.Int64
	rig.store.OnQuery = func(q string) {
		if strings.Contains(q, "WITH RECURSIVE up") {
			placeReads.Add(1)
		}
	}
	// post posts a new thread and returns where the answer leads, checking
	// that it names the comment just posted.
	post := func(t *testing.T, text string) (location string, reads int64) {
		t.Helper()
		before := placeReads.Load()
		res := rig.post(t, rig.path, validComment(text))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("posting: status %d\n%s", res.StatusCode, body(t, res))
		}
		location = res.Header.Get("Location")
		_, anchor, _ := strings.Cut(location, "#comment-")
		id, err := strconv.ParseInt(anchor, 10, 64)
		must(t, err)
		c, err := rig.store.FindCommentByID(ctx, id)
		if err != nil || c.Body != text {
			t.Fatalf("%s names comment %d, %+v (%v), not the one posted", location, id, c, err)
		}
		return strings.Replace(location, "#comment-"+anchor, "#comment-ID", 1), placeReads.Load() - before
	}

	if got, reads := post(t, "A second thread, the newest."); got != rig.path+"#comment-ID" || reads != 0 {
		t.Errorf("after the newest thread: Location %q with %d place reads, want the article's address with none", got, reads)
	}
	// Two approved threads stored as posted an hour from now come after
	// every new one: a new thread is then on page 2 of 3.
	for i := range 2 {
		must(t, rig.store.CreateComment(ctx, &masthead.Comment{ArticleID: rig.lead.ID, AuthorName: "Gil Hart", AuthorEmail: "gil@reader.example",
			Body: fmt.Sprint("A later thread ", i), Status: masthead.CommentApproved, CreatedAt: now.Add(time.Hour + time.Duration(i)*time.Minute)}))
	}
	if got, reads := post(t, "A thread before the later ones."); got != rig.path+"comment-page-2/#comment-ID" || reads != 1 {
		t.Errorf("after a thread with newer ones: Location %q with %d place reads, want page 2 with one", got, reads)
	}
	site.CommentModeration = masthead.ModerateHoldAll
	must(t, rig.store.UpdateSite(ctx, site))
	if got, reads := post(t, "A held thread."); got != rig.path+"#comment-ID" || reads != 0 {
		t.Errorf("after a held thread: Location %q with %d place reads, want the article's address with none", got, reads)
	}
	// With the first page the default, a page has its number: the new
	// thread is the fourth of six, before the later ones.
	site.CommentDefaultPage, site.CommentModeration = masthead.CommentPageFirst, masthead.ModerateApproveAll
	must(t, rig.store.UpdateSite(ctx, site))
	if got, reads := post(t, "A thread under first-page paging."); got != rig.path+"comment-page-2/#comment-ID" || reads != 1 {
		t.Errorf("after a thread with the first page the default: Location %q with %d place reads, want page 2 with one", got, reads)
	}
}
