// Package export writes a whole Masthead site out of its store: as a
// WordPress export (WXR 1.2, through package wxr) that WordPress's
// importer, and Masthead's, read back, and as a documented JSON dump of
// everything the site holds but its secrets.
//
// Both walk the store a page at a time and write each record as soon as
// it is read, so that memory holds one page of records, never the site.
// Neither writes what belongs to signing in: no password hashes, no
// sessions, no site secret. Both hold the email addresses of staff and
// commenters, as WordPress's own export does: they are private backups.
package export

import (
	"context"
	"fmt"
	"strings"
	"time"

	"masthead"
)

// Options adjust an export.
type Options struct {
	// BaseURL is the site's public address, such as
	// https://news.example.org, that the WordPress export's links start
	// with; empty means the site's base_url setting. The JSON dump gives
	// site paths and needs none.
	BaseURL string
	// Now is when the export is written, for the file's date; zero means
	// the current time.
	Now time.Time
	// Generator names the program that writes the export, e.g.
	// "Masthead v1.2".
	Generator string
	// PageSize is how many records each read of the store brings, 200
	// when zero.
	PageSize int
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now().UTC()
	}
	return o.Now.UTC()
}

func (o Options) pageSize() int {
	if o.PageSize <= 0 {
		return 200
	}
	return o.PageSize
}

// Counts are the records an export wrote.
type Counts struct {
	Authors   int
	Sections  int
	Tags      int
	Articles  int
	Comments  int
	Media     int
	Menus     int
	MenuItems int
	Redirects int
}

// String says what was written, as a clause: "3 authors, 5 sections and
// 20 articles". Kinds of which nothing was written are left out.
func (c Counts) String() string {
	var parts []string
	for _, p := range []struct {
		n          int
		one, other string
	}{
		{c.Authors, "author", "authors"}, {c.Sections, "section", "sections"}, {c.Tags, "tag", "tags"},
		{c.Articles, "article", "articles"}, {c.Comments, "comment", "comments"}, {c.Media, "image", "images"},
		{c.Menus, "menu", "menus"}, {c.MenuItems, "menu entry", "menu entries"}, {c.Redirects, "redirect", "redirects"},
	} {
		switch p.n {
		case 0:
		case 1:
			parts = append(parts, "1 "+p.one)
		default:
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.other))
		}
	}
	switch len(parts) {
	case 0:
		return "nothing: the site is empty"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// maxSections is how many sections an export reads, in one list: the
// store lists sections whole, and a newspaper has a few dozen.
const maxSections = 500

// sections returns every section, or an error when the site has more
// than one read brings, rather than leave some out.
func sections(ctx context.Context, s masthead.Store) ([]*masthead.Category, error) {
	cats, err := s.FindCategories(ctx, maxSections)
	if err != nil {
		return nil, fmt.Errorf("read the sections: %w", err)
	}
	if len(cats) >= maxSections {
		return nil, fmt.Errorf("the site has %d sections or more, more than an export can read", maxSections)
	}
	return cats, nil
}

// walk calls fn with every record of a paginated list, a page at a time:
// page returns the records from offset on, at most limit, and the total.
// It stops at the end of the list, or at the first error.
func walk[T any](ctx context.Context, size int, what string, page func(limit, offset int) ([]T, int, error), fn func(T) error) error {
	for offset := 0; ; {
		if err := ctx.Err(); err != nil {
			return err
		}
		items, total, err := page(size, offset)
		if err != nil {
			return fmt.Errorf("read the %s: %w", what, err)
		}
		for _, it := range items {
			if err := fn(it); err != nil {
				return err
			}
		}
		offset += len(items)
		if len(items) == 0 || offset >= total {
			return nil
		}
	}
}

func eachAuthor(ctx context.Context, s masthead.Store, size int, fn func(*masthead.Author) error) error {
	return walk(ctx, size, "authors", func(limit, offset int) ([]*masthead.Author, int, error) {
		return s.FindAuthors(ctx, masthead.AuthorFilter{Limit: limit, Offset: offset})
	}, fn)
}

func eachTag(ctx context.Context, s masthead.Store, size int, fn func(*masthead.Tag) error) error {
	return walk(ctx, size, "tags", func(limit, offset int) ([]*masthead.Tag, int, error) {
		return s.FindTags(ctx, masthead.TagFilter{Limit: limit, Offset: offset})
	}, fn)
}

func eachMedia(ctx context.Context, s masthead.Store, size int, fn func(*masthead.Media) error) error {
	return walk(ctx, size, "images", func(limit, offset int) ([]*masthead.Media, int, error) {
		return s.FindMedia(ctx, masthead.MediaFilter{Limit: limit, Offset: offset})
	}, fn)
}

// articleFilters are the lists an export walks for articles, each with
// every status: the articles, then the site's pages.
var articleFilters = []masthead.ArticleFilter{{}, {Kind: masthead.KindPage}}

func eachArticle(ctx context.Context, s masthead.Store, size int, fn func(*masthead.Article) error) error {
	for _, f := range articleFilters {
		err := walk(ctx, size, "articles", func(limit, offset int) ([]*masthead.Article, int, error) {
			f.Limit, f.Offset = limit, offset
			return s.FindArticles(ctx, f)
		}, fn)
		if err != nil {
			return err
		}
	}
	return nil
}

// eachComment walks the comments f selects, in every status, oldest first,
// so that a parent comes before its replies.
func eachComment(ctx context.Context, s masthead.Store, f masthead.CommentFilter, size int, fn func(*masthead.Comment) error) error {
	return walk(ctx, size, "comments", func(limit, offset int) ([]*masthead.Comment, int, error) {
		f.Limit, f.Offset = limit, offset
		return s.FindComments(ctx, f)
	}, fn)
}

func eachRedirect(ctx context.Context, s masthead.Store, size int, fn func(masthead.Redirect) error) error {
	return walk(ctx, size, "redirects", func(limit, offset int) ([]masthead.Redirect, int, error) {
		return s.FindRedirects(ctx, limit, offset)
	}, fn)
}
