package web

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/net/html"

	"masthead"
	"masthead/content"
)

func TestArticlePage(t *testing.T) {
	f := newFixture(t)
	res := get(t, f.server, "GET", f.lead.Path(time.UTC))
	if res.status != 200 {
		t.Fatalf("status %d", res.status)
	}
	doc := parse(t, res.body)

	if got, want := text(first(t, doc, byTag("title"), "<title>")), f.lead.Headline+" – Observer"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if got := attr(first(t, doc, byTag("html"), "<html>"), "lang"); got != "en" {
		t.Errorf("lang = %q", got)
	}
	for _, landmark := range []string{"header", "nav", "main", "article", "aside", "footer"} {
		if len(findAll(doc, byTag(landmark))) == 0 {
			t.Errorf("no <%s> landmark", landmark)
		}
	}
	if skip := first(t, doc, byClass("skip-link"), "skip link"); attr(skip, "href") != "#main" {
		t.Errorf("skip link goes to %q", attr(skip, "href"))
	}
	story := first(t, doc, byClass("story"), "story")
	if got := text(first(t, story, byClass("dek"), "dek")); got != f.lead.Dek {
		t.Errorf("dek = %q", got)
	}

	byline := first(t, story, byClass("byline"), "byline")
	if got := text(byline); got != "By Ana Lima and Ben Ortiz" {
		t.Errorf("byline = %q", got)
	}
	var hrefs []string
	for _, a := range findAll(byline, byTag("a")) {
		hrefs = append(hrefs, attr(a, "href"))
	}
	if strings.Join(hrefs, " ") != "/author/ana-lima/ /author/ben-ortiz/" {
		t.Errorf("byline links = %v", hrefs)
	}

	times := findAll(first(t, story, byClass("story-header"), "story header"), byTag("time"))
	if len(times) != 2 {
		t.Fatalf("%d <time> in the header, want published and updated", len(times))
	}
	if got, want := attr(times[0], "datetime"), f.lead.PublishedAt.Format(time.RFC3339); got != want {
		t.Errorf("published datetime = %q, want %q", got, want)
	}
	if got, want := attr(times[1], "datetime"), f.lead.UpdatedAt.Format(time.RFC3339); got != want {
		t.Errorf("updated datetime = %q, want %q", got, want)
	}
	if got := text(first(t, story, byClass("dateline"), "dateline")); !strings.HasPrefix(got, "PORT ALDER") {
		t.Errorf("dateline = %q", got)
	}
	body := first(t, story, byClass("story-body"), "body")
	if len(findAll(body, byTag("blockquote"))) != 1 {
		t.Error("the blockquote is missing from the body")
	}
	if !strings.Contains(text(body), "“It is a good day for the harbour,” said the chair.") {
		t.Errorf("body text lacks typographic quotes: %q", text(body))
	}

	filed := first(t, story, byClass("filed"), "category and tags")
	var filedLinks []string
	for _, a := range findAll(filed, byTag("a")) {
		filedLinks = append(filedLinks, attr(a, "href"))
	}
	if strings.Join(filedLinks, " ") != "/category/local/ /tag/council/ /tag/harbour/" {
		t.Errorf("category and tag links = %v", filedLinks)
	}
	source := first(t, story, byClass("source"), "source")
	if text(source) != "Source: Coast Wire" || attr(first(t, source, byTag("a"), "source link"), "href") != "https://example.net/wire" {
		t.Errorf("source = %q", text(source))
	}
	box := first(t, story, byClass("author-box"), "author box")
	for _, bio := range []string{f.ana.Bio, f.ben.Bio} {
		if !strings.Contains(text(box), bio) {
			t.Errorf("author box lacks the bio %q", bio)
		}
	}

	related := findAll(first(t, doc, byClass("related"), "related articles"), byTag("li"))
	if len(related) != relatedLimit {
		t.Errorf("%d related articles, want %d", len(related), relatedLimit)
	}

	// Headings go in order: one h1, then h2s, h3s only under an h2.
	level := 0
	for _, h := range findAll(doc, func(n *html.Node) bool {
		return len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6'
	}) {
		l := int(h.Data[1] - '0')
		if l > level+1 {
			t.Errorf("heading <%s> %q skips a level after h%d", h.Data, text(h), level)
		}
		level = l
	}
}

func TestArticleComments(t *testing.T) {
	f := newFixture(t)
	res := get(t, f.server, "GET", f.lead.Path(time.UTC))
	doc := parse(t, res.body)
	section := first(t, doc, byID("comments"), "comments section")
	if got := text(first(t, section, byTag("h2"), "comments heading")); got != "3 Comments" {
		t.Errorf("comments heading = %q, want 3 Comments", got)
	}
	top := first(t, section, byClass("comment-list"), "comment list")
	var depth func(n *html.Node) int
	depth = func(n *html.Node) int {
		d := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == "li" {
				for _, ol := range findAll(c, byClass("children")) {
					if ol.Parent == c {
						d = max(d, 1+depth(ol))
					}
				}
			}
		}
		return d
	}
	if got := depth(top); got != 2 {
		t.Errorf("thread nests %d levels below the top, want 2", got)
	}
	all := text(section)
	for _, want := range []string{"Cora Diaz", "The old pier was falling apart.", "Dev Patel", "Eli Moss"} {
		if !strings.Contains(all, want) {
			t.Errorf("comments lack %q", want)
		}
	}
	for _, hidden := range []string{"Held Reader", "Awaiting moderation text", "Spam Bot", "cheap watches"} {
		if strings.Contains(res.body, hidden) {
			t.Errorf("a comment that is not approved shows: %q", hidden)
		}
	}
	// Two paragraphs of a comment stay two paragraphs.
	firstBody := first(t, section, byClass("comment-body"), "comment body")
	if got := len(findAll(firstBody, byTag("p"))); got != 2 {
		t.Errorf("first comment has %d paragraphs, want 2", got)
	}
	// The count shows on lists too.
	home := parse(t, get(t, f.server, "GET", "/").body)
	if !strings.Contains(text(first(t, home, byClass("card"), "card")), "3 comments") {
		t.Error("the home page does not show the comment count")
	}
}

func TestThreadDepthLimit(t *testing.T) {
	var comments []*masthead.Comment
	for i := int64(1); i <= 8; i++ {
		comments = append(comments, &masthead.Comment{ID: i, ParentID: i - 1})
	}
	roots := threadComments(comments, 3, time.UTC, []byte("secret"), nil)
	if len(roots) != 1 {
		t.Fatalf("%d roots, want 1", len(roots))
	}
	n, maxDepth, count := roots[0], 0, 0
	var walk func(*commentNode)
	walk = func(c *commentNode) {
		count++
		maxDepth = max(maxDepth, c.Depth)
		for _, ch := range c.Children {
			walk(ch)
		}
	}
	walk(n)
	if maxDepth != 3 || count != 8 {
		t.Fatalf("depth %d with %d comments, want depth 3 with all 8", maxDepth, count)
	}
}

// TestLinksKeepTheirSpaces reads an article as text, tags stripped, and
// checks that no word is glued to the text of a link.
func TestLinksKeepTheirSpaces(t *testing.T) {
	f := newFixture(t)
	doc := parse(t, get(t, f.server, "GET", f.lead.Path(time.UTC)).body)
	body := first(t, doc, byClass("story-body"), "story body")
	links := findAll(body, byTag("a"))
	if len(links) < 3 {
		t.Fatalf("only %d links in the body", len(links))
	}
	for _, a := range links {
		before, after := adjacentText(a, -1), adjacentText(a, +1)
		if before != "" && !separates(before[len(before)-1:]) {
			t.Errorf("link %q is glued to the word before it: %q", text(a), before)
		}
		if after != "" && !separates(after[:1]) {
			t.Errorf("link %q is glued to the word after it: %q", text(a), after)
		}
	}
	// The whole text reads with spaces around link texts.
	plain := text(body)
	for _, want := range []string{"after a long debate that ran late", "Read the full minutes, or the summary."} {
		if !strings.Contains(plain, want) {
			t.Errorf("body text %q lacks %q", plain, want)
		}
	}
}

// adjacentText returns the text of the sibling node just before (dir -1)
// or after (dir +1) n.
func adjacentText(n *html.Node, dir int) string {
	sib := n.PrevSibling
	if dir > 0 {
		sib = n.NextSibling
	}
	if sib == nil {
		return ""
	}
	if sib.Type == html.TextNode {
		return sib.Data
	}
	return text(sib)
}

func separates(s string) bool {
	r := []rune(s)[0]
	return unicode.IsSpace(r) || unicode.IsPunct(r)
}

// TestQueryCountIsBounded proves that a page costs the same number of
// queries whether it shows two articles or a full page of them, and
// whether an article has one author and no comments or many of each.
func TestQueryCountIsBounded(t *testing.T) {
	ctx := context.Background()
	measure := func(t *testing.T, articles, authorsEach, commentsEach int) map[string]int {
		s := newStore(t)
		var counter queryCounter
		var authors []*masthead.Author
		for i := range authorsEach {
			a := &masthead.Author{Name: fmt.Sprintf("Author %d", i), Slug: fmt.Sprintf("author-%d", i), Role: masthead.RoleAuthor}
			must(t, s.CreateAuthor(ctx, a))
			authors = append(authors, a)
		}
		cat := &masthead.Category{Name: "News", Slug: "news"}
		must(t, s.CreateCategory(ctx, cat))
		var tags []*masthead.Tag
		for i := range authorsEach {
			tag, err := s.EnsureTag(ctx, fmt.Sprintf("Tag %d", i))
			must(t, err)
			tags = append(tags, tag)
		}
		for i := range articles {
			a := &masthead.Article{Headline: fmt.Sprintf("Article %d", i), BodySource: "Text.", Status: masthead.StatusPublished,
				PublishedAt: now.Add(-time.Duration(i+1) * time.Minute), Authors: authors, Tags: tags, Category: cat}
			must(t, content.PrepareArticle(a))
			must(t, s.CreateArticle(ctx, a))
			for j := range commentsEach {
				c := &masthead.Comment{ArticleID: a.ID, AuthorName: "R", AuthorEmail: "r@example.com", Body: fmt.Sprint("c", j), Status: masthead.CommentApproved}
				must(t, s.CreateComment(ctx, c))
			}
		}
		srv := newServer(t, s)
		s.OnQuery = counter.hook
		newest, _, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 1})
		must(t, err)
		counts := map[string]int{}
		for name, path := range map[string]string{
			"home": "/", "article": newest[0].Path(time.UTC), "author": authors[0].Path(),
			"category": "/category/news/", "tag": tags[0].Path(), "month": "/2026/03/", "search": "/search/?q=text",
		} {
			counter.reset()
			if res := get(t, srv, "GET", path); res.status != 200 {
				t.Fatalf("%s: status %d", path, res.status)
			}
			counts[name] = counter.count()
		}
		return counts
	}
	// Two articles, so that the article page has one related article.
	small := measure(t, 2, 1, 0)
	large := measure(t, 12, 4, 6)
	for page, n := range small {
		if large[page] != n {
			t.Errorf("%s page: %d queries with two articles, %d with a full page", page, n, large[page])
		}
		if n > 14 {
			t.Errorf("%s page runs %d queries", page, n)
		}
	}
	// An article page: the article, its bylines and tags, the lists the
	// related articles are chosen from in one statement (which serve
	// keeps) and their cards in another, the comments, and what every
	// page loads (settings, sections, menus), which serve caches too. No
	// statement for corrections when there are none, nor for the related
	// articles' bylines, tags and images, which the page does not show.
	if n := large["article"]; n > 10 {
		t.Errorf("the article page runs %d queries, want 10 at most", n)
	}
}

// TestOutputIsEscaped stores markup in every field a page shows and checks
// that none of it reaches the page as markup.
func TestOutputIsEscaped(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	evil := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	author := &masthead.Author{Name: "Eve " + evil, Slug: "eve", Role: masthead.RoleAuthor, Bio: evil}
	must(t, s.CreateAuthor(ctx, author))
	cat := &masthead.Category{Name: "Cat " + evil, Slug: "cat", Description: evil}
	must(t, s.CreateCategory(ctx, cat))
	tag, err := s.EnsureTag(ctx, "Tag "+evil)
	must(t, err)
	a := &masthead.Article{Headline: "Head " + evil, Dek: evil, BodySource: "Body " + evil, Status: masthead.StatusPublished,
		PublishedAt: now.Add(-time.Hour), Authors: []*masthead.Author{author}, Category: cat, Tags: []*masthead.Tag{tag},
		Dateline: evil, SourceName: evil, SourceURL: "https://example.org/?q=\"><script>alert(2)</script>"}
	must(t, content.PrepareArticle(a))
	must(t, s.CreateArticle(ctx, a))
	must(t, s.CreateComment(ctx, &masthead.Comment{ArticleID: a.ID, AuthorName: evil, AuthorEmail: "e@example.com",
		AuthorURL: "https://example.com/\"onmouseover=alert(3)", Body: evil, Status: masthead.CommentApproved}))
	srv := newServer(t, s)
	for _, path := range []string{"/", a.Path(time.UTC), "/author/eve/", "/category/cat/", tag.Path()} {
		res := get(t, srv, "GET", path)
		if res.status != 200 {
			t.Fatalf("%s: status %d", path, res.status)
		}
		doc := parse(t, res.body)
		for _, sc := range findAll(doc, byTag("script")) {
			if !ourScript(sc) {
				t.Errorf("%s: a <script> that is not ours: src=%q %q", path, attr(sc, "src"), text(sc))
			}
		}
		for _, n := range findAll(doc, func(*html.Node) bool { return true }) {
			for _, at := range n.Attr {
				if strings.HasPrefix(at.Key, "on") {
					t.Errorf("%s: <%s> has an event handler %s=%q", path, n.Data, at.Key, at.Val)
				}
			}
		}
	}
}

var emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// TestNoEmailOnPublicPages crawls the fixture site and checks that neither
// a staff login address nor a commenter's email appears anywhere.
func TestNoEmailOnPublicPages(t *testing.T) {
	f := newFixture(t)
	seen := map[string]bool{}
	queue := []string{"/"}
	for len(queue) > 0 && len(seen) < 200 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		res := get(t, f.server, "GET", p)
		if found := emailPattern.FindString(res.body); found != "" {
			t.Errorf("%s shows the address %q", p, found)
		}
		for k, v := range res.header {
			if emailPattern.MatchString(strings.Join(v, " ")) {
				t.Errorf("%s: header %s holds an address", p, k)
			}
		}
		if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, a := range findAll(parse(t, res.body), byTag("a")) {
			href := attr(a, "href")
			if strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "//") {
				queue = append(queue, strings.SplitN(href, "#", 2)[0])
			}
		}
	}
	if len(seen) < 10 {
		t.Fatalf("the crawl reached only %d pages", len(seen))
	}
}
