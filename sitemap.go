package masthead

import (
	"context"
	"time"
)

// SitemapEntry is one public page for the sitemaps: an article, section,
// tag, author or page, by slug, with when it was published and last
// changed.
type SitemapEntry struct {
	ID   int64
	Slug string
	// Path is a page's address, such as "/about/team/"; empty for the rest,
	// whose addresses their slugs make.
	Path      string
	Title     string
	Published time.Time
	// Modified is never before Published, as for Article.ModifiedAt.
	Modified time.Time
}

// SitemapMonth is a calendar month (in UTC) with visible articles.
type SitemapMonth struct {
	Start    time.Time // the first instant of the month, UTC
	Count    int
	Modified time.Time // the latest change to an article of the month
}

// Kinds of pages SitemapStore.FindSitemapTerms lists.
const (
	TermCategory = "category"
	TermTag      = "tag"
	TermAuthor   = "author"
)

// SitemapStore lists what search engines should crawl, cheaply: no bodies,
// no links, only what a sitemap needs.
type SitemapStore interface {
	// FindSitemapMonths returns the months with visible articles, newest
	// first.
	FindSitemapMonths(ctx context.Context) ([]SitemapMonth, error)
	// FindSitemapArticles returns up to limit visible articles published in
	// [from, before), newest first.
	FindSitemapArticles(ctx context.Context, from, before time.Time, limit int) ([]SitemapEntry, error)
	// FindSitemapTerms returns the sections, tags or authors (kind is a
	// Term constant) that have visible articles, each modified when its
	// newest-changed article was. Returns EINVALID for an unknown kind.
	FindSitemapTerms(ctx context.Context, kind string) ([]SitemapEntry, error)
	// FindSitemapPages returns up to limit visible pages, each with its
	// Path, in the order of their addresses.
	FindSitemapPages(ctx context.Context, limit int) ([]SitemapEntry, error)
}
