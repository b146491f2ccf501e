package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"masthead"
	"masthead/feed"
	"masthead/markdown"
)

// Feed sizes: how many entries each kind of feed carries.
const (
	articleFeedSize = 20
	commentFeedSize = 30
)

// feedFormat is one of the three feed formats, by the last segment of its
// URL: /feed/ for RSS, /feed/atom/ and /feed/json/.
type feedFormat struct {
	suffix      string // "", "atom/" or "json/"
	contentType string
	name        string
	write       func(*bytes.Buffer, *feed.Feed) error
}

var feedFormats = []feedFormat{
	{"", "application/rss+xml; charset=utf-8", "RSS", func(b *bytes.Buffer, f *feed.Feed) error { return feed.WriteRSS(b, f) }},
	{"atom/", "application/atom+xml; charset=utf-8", "Atom", func(b *bytes.Buffer, f *feed.Feed) error { return feed.WriteAtom(b, f) }},
	{"json/", "application/feed+json; charset=utf-8", "JSON Feed", func(b *bytes.Buffer, f *feed.Feed) error { return feed.WriteJSON(b, f) }},
}

// feedLink is a <link rel="alternate"> for feed autodiscovery.
type feedLink struct {
	Title, Type, URL string
}

// feedLinks returns the discovery links of the feeds at base ("/feed/",
// "/category/x/feed/"), titled after what they follow.
func feedLinks(title, base string) []feedLink {
	var out []feedLink
	for _, f := range feedFormats {
		out = append(out, feedLink{Title: title + " (" + f.name + ")", Type: strings.SplitN(f.contentType, ";", 2)[0], URL: base + f.suffix})
	}
	return out
}

// articleFeed builds a feed of articles for the filter f; an empty
// description stands for the site's tagline. listKeys name the list the
// feed follows, for the page cache.
func (s *Server) articleFeed(w http.ResponseWriter, r *http.Request, title, description, sitePath, feedPath string, f masthead.ArticleFilter, listKeys ...masthead.ChangeKey) (*feed.Feed, bool) {
	site, err := s.site(r.Context())
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	// Feeds carry full text but no total.
	f.Visible, f.SkipTotal, f.Limit = true, true, articleFeedSize
	articles, _, err := s.store.FindArticles(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	markCacheable(r, listKeys...)
	pageShows(r, articleKeys(articles...)...)
	loc := site.Location()
	if description == "" {
		description = site.Tagline
	}
	doc := &feed.Feed{Title: feedTitle(title, site), Description: description, Language: site.Language,
		SiteURL: s.absURL(r, sitePath), FeedURL: s.absURL(r, feedPath+feedSuffix(r))}
	for _, a := range articles {
		it := feed.Item{
			ID: s.absURL(r, "/?p="+strconv.FormatInt(a.ID, 10)), Title: a.Headline, URL: s.absURL(r, a.Path(loc)),
			Published: a.PublishedAt, Updated: a.ModifiedAt(), Summary: a.Excerpt,
			// Feed readers run no script: an embed is its plain link.
			ContentHTML: markdown.EmbedsAsLinks(a.BodyHTML),
		}
		if a.Dek != "" {
			it.Summary = a.Dek
		}
		it.Image = s.feedImage(r, a.FeaturedImage)
		for _, au := range a.Authors {
			it.Authors = append(it.Authors, feed.Person{Name: au.Name, URL: s.absURL(r, au.Path())})
		}
		if a.Category != nil {
			it.Categories = append(it.Categories, a.Category.Name)
		}
		for _, t := range a.Tags {
			it.Categories = append(it.Categories, t.Name)
		}
		doc.Items = append(doc.Items, it)
		doc.Updated = latest(doc.Updated, a.ModifiedAt())
	}
	return doc, true
}

// feedImage is an entry's featured image as feeds carry it: the same file
// an article page offers first (the widest size up to 1600 px), which is
// large enough for any reader's thumbnail without sending the original.
func (s *Server) feedImage(r *http.Request, m *masthead.Media) *feed.Image {
	v := newImageView(m)
	if v == nil {
		return nil
	}
	width, height := m.Width, m.Height
	for _, variant := range m.Variants {
		if "/media/"+variant.Name == v.Src {
			width, height = variant.Width, (m.Height*variant.Width+m.Width/2)/m.Width
		}
	}
	return &feed.Image{URL: s.absURL(r, v.Src), Type: m.Type, Length: s.mediaSize(r.Context(), strings.TrimPrefix(v.Src, "/media/")),
		Width: width, Height: height, Alt: m.AltText, Credit: m.Credit}
}

// mediaSize returns a stored file's size in bytes, or 0 when it cannot
// be told (no storage, a file gone missing), which feed readers take as
// unknown. The library does not record sizes, so the storage is asked:
// opening a file and seeking to its end reads none of it, and a feed is
// built once for every reader until what it lists changes.
func (s *Server) mediaSize(ctx context.Context, name string) int64 {
	if s.media == nil {
		return 0
	}
	f, err := s.media.Open(ctx, name)
	if err != nil {
		return 0
	}
	defer f.Close()
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return 0
	}
	return size
}

// feedSuffix is the format segment of the requested feed URL.
func feedSuffix(r *http.Request) string {
	for _, f := range feedFormats[1:] {
		if strings.HasSuffix(r.URL.Path, "/feed/"+f.suffix) {
			return f.suffix
		}
	}
	return ""
}

func feedTitle(title string, site *masthead.Site) string {
	if title == "" {
		return site.Title
	}
	return site.Title + " » " + title
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// handleSiteFeed serves "GET /feed/" (and atom/, json/): the latest articles.
func (s *Server) handleSiteFeed(w http.ResponseWriter, r *http.Request) (*feed.Feed, bool) {
	return s.articleFeed(w, r, "", "", "/", "/feed/", masthead.ArticleFilter{}, masthead.KeyFront)
}

// handleCategoryFeed serves "GET /category/{slug}/feed/" and its formats.
func (s *Server) handleCategoryFeed(w http.ResponseWriter, r *http.Request) (*feed.Feed, bool) {
	cat, err := s.store.FindCategoryBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	return s.articleFeed(w, r, cat.Name, cat.Description, cat.Path(), cat.Path()+"feed/", masthead.ArticleFilter{CategoryID: cat.ID}, masthead.SectionListKey(cat.ID))
}

// handleTagFeed serves "GET /tag/{slug}/feed/" and its formats.
func (s *Server) handleTagFeed(w http.ResponseWriter, r *http.Request) (*feed.Feed, bool) {
	tag, err := s.store.FindTagBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	return s.articleFeed(w, r, tag.Name, s.siteT(r, "Articles tagged %s.", tag.Name), tag.Path(), tag.Path()+"feed/", masthead.ArticleFilter{TagID: tag.ID}, masthead.TagListKey(tag.ID), masthead.TagKey(tag.ID))
}

// handleAuthorFeed serves "GET /author/{slug}/feed/" and its formats.
func (s *Server) handleAuthorFeed(w http.ResponseWriter, r *http.Request) (*feed.Feed, bool) {
	author, err := s.store.FindAuthorBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	return s.articleFeed(w, r, author.Name, s.siteT(r, "Articles by %s.", author.Name), author.Path(), author.Path()+"feed/", masthead.ArticleFilter{AuthorID: author.ID}, masthead.AuthorListKey(author.ID), masthead.AuthorKey(author.ID))
}

// handleCommentsFeed serves "GET /comments/feed/" and its formats: the
// latest approved comments on articles readers may see.
func (s *Server) handleCommentsFeed(w http.ResponseWriter, r *http.Request) (*feed.Feed, bool) {
	ctx := r.Context()
	site, err := s.site(ctx)
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	comments, _, err := s.store.FindComments(ctx, masthead.CommentFilter{Status: masthead.CommentApproved, OnVisibleArticles: true, Newest: true,
		SkipTotal: true, Limit: commentFeedSize})
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	ids := make([]int64, 0, len(comments))
	for _, c := range comments {
		ids = append(ids, c.ArticleID)
	}
	articles, _, err := s.store.FindArticles(ctx, masthead.ArticleFilter{IDs: ids, Visible: true, WithoutBody: true, SkipTotal: true, Limit: commentFeedSize})
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	byID := map[int64]*masthead.Article{}
	markCacheable(r, masthead.KeyComments)
	for _, a := range articles {
		byID[a.ID] = a
		pageShows(r, masthead.ArticleKey(a.ID))
	}
	doc := &feed.Feed{Title: s.locale(site.Language).T("Comments for %s", site.Title), Language: site.Language,
		SiteURL: s.absURL(r, "/"), FeedURL: s.absURL(r, "/comments/feed/"+feedSuffix(r))}
	if err := s.addCommentItems(r, doc, site, comments, byID, true); err != nil {
		s.error(w, r, err)
		return nil, false
	}
	return doc, true
}

// handleArticleCommentsFeed serves "GET /{yyyy}/{mm}/{dd}/{slug}/feed/"
// and its formats: the approved comments of one article.
func (s *Server) handleArticleCommentsFeed(w http.ResponseWriter, r *http.Request) (*feed.Feed, bool) {
	ctx := r.Context()
	a, lay, ok := s.findVisibleArticle(w, r, "feed/"+feedSuffix(r))
	if !ok {
		return nil, false
	}
	comments, _, err := s.store.FindComments(ctx, masthead.CommentFilter{ArticleID: a.ID, Status: masthead.CommentApproved, Newest: true,
		SkipTotal: true, Limit: commentFeedSize})
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	markCacheable(r, masthead.KeyComments, masthead.ArticleKey(a.ID))
	path := a.Path(lay.Loc)
	doc := &feed.Feed{Title: lay.T("Comments on: %s", a.Headline), Language: lay.Site.Language,
		SiteURL: s.absURL(r, path), FeedURL: s.absURL(r, path+"feed/"+feedSuffix(r)), Updated: a.ModifiedAt()}
	if err := s.addCommentItems(r, doc, lay.Site, comments, map[int64]*masthead.Article{a.ID: a}, false); err != nil {
		s.error(w, r, err)
		return nil, false
	}
	return doc, true
}

// addCommentItems turns comments into feed entries. Comments whose article
// is not in articles are left out. An entry links to the comment on its
// comment page; its id stays the article's address with the comment's
// anchor, as WordPress's comment GUIDs do, so that it never changes when
// pages are turned on or their size is.
func (s *Server) addCommentItems(r *http.Request, doc *feed.Feed, site *masthead.Site, comments []*masthead.Comment, articles map[int64]*masthead.Article, titled bool) error {
	links, err := s.commentLinks(r.Context(), site, comments, articles)
	if err != nil {
		return err
	}
	loc, tr := site.Location(), s.locale(site.Language)
	for _, c := range comments {
		a, ok := articles[c.ArticleID]
		if !ok {
			continue
		}
		id := s.absURL(r, a.Path(loc)) + commentAnchor(c.ID)
		title := tr.T("By: %s", c.AuthorName)
		if titled {
			title = tr.T("Comment on %s by %s", a.Headline, c.AuthorName)
		}
		doc.Items = append(doc.Items, feed.Item{
			ID: id, Title: title, URL: s.absURL(r, links[c.ID]), Published: c.CreatedAt, Updated: c.CreatedAt,
			Authors: []feed.Person{{Name: c.AuthorName, URL: c.AuthorURL}}, ContentHTML: string(commentHTML(c.Body)),
		})
		doc.Updated = latest(doc.Updated, c.CreatedAt)
	}
	return nil
}
