package web

import (
	"net/http"
	"slices"
	"strconv"

	"masthead"
)

// pagination is what a list page shows of its neighbours.
type pagination struct {
	Page, TotalPages int
	Prev, Next       string // URLs, empty at the ends
}

// newPagination returns page n of pages, with urlFor giving each page's
// address.
func newPagination(n, pages int, urlFor func(int) string) pagination {
	p := pagination{Page: n, TotalPages: pages}
	if n > 1 {
		p.Prev = urlFor(n - 1)
	}
	if n < pages {
		p.Next = urlFor(n + 1)
	}
	return p
}

// pageURL returns the URL of page n of a list whose first page is base.
func pageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

// maxPageNumber bounds the page numbers any list accepts, so that the
// offset a page number makes (at most 500 rows a page) can never overflow
// and a number far past any real list is refused before a query runs.
const maxPageNumber = 1_000_000

// parsePageNumber reads a page number as a reader or a client writes it:
// a plain decimal from 1 to maxPageNumber, without sign or leading zeros.
func parsePageNumber(v string) (int, bool) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxPageNumber || strconv.Itoa(n) != v {
		return 0, false
	}
	return n, true
}

// queryPageNumber reads the "page" query parameter: 1 when absent, ok
// false when it is not a page number.
func queryPageNumber(r *http.Request) (n int, ok bool) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, true
	}
	return parsePageNumber(v)
}

// pageNumber reads the {n} of a /page/{n}/ route. ok is false for a
// number that is not a page (zero, negative, or not a number); redirect
// is true for /page/1/, which lives at the list's base URL.
func pageNumber(r *http.Request) (n int, ok, redirect bool) {
	v := r.PathValue("n")
	if v == "" {
		return 1, true, false
	}
	n, ok = parsePageNumber(v)
	return n, ok, ok && n == 1
}

// listPage is the data of every paginated list of articles.
type listPage struct {
	layout
	Heading     string
	Kind        string          // "Category", "Tag", "Author", "Archive" or "" on the home page
	Intro       string          // a category description, an author's bio
	Avatar      *masthead.Media // an author's picture
	Articles    []articleView
	Total       int
	Pagination  pagination
	EmptyNotice string
	// NotFoundWhenEmpty makes an empty list a 404: date archives, tags and
	// authors exist for readers only once something was published there.
	NotFoundWhenEmpty bool
	// pinned are the articles the desk pinned to the top of this list, in
	// their order: they lead its first page, and the date order of every
	// page leaves them out, so that the pages together list each article
	// once.
	pinned []*masthead.Article

	// Front lays the first page out as a front page does: the top story
	// large, a second tier, then the grid. Other pages are a plain grid.
	Front bool
	// SectionBlocks adds to a front's first page a block of each
	// section's latest stories (the home page).
	SectionBlocks bool

	Lead     *card  // a front's top story
	Second   []card // the stories under it
	Cards    []card // the grid
	Sections []sectionBlock
}

// pinnedSlice returns which of the pinned articles lead the list's page
// that starts at offset, and the offset and length of the page's share of
// the other articles in date order: the list is the pins, then the rest
// by date, cut into pages of size.
func pinnedSlice(pinned []*masthead.Article, offset, size int) (lead []*masthead.Article, restOffset, restLimit int) {
	n := len(pinned)
	lead = pinned[min(offset, n):min(offset+size, n)]
	return lead, max(0, offset-n), size - len(lead)
}

// serveList renders one page of the articles f selects, under base. It
// answers 404 for a page past the end, and sends /page/1/ to base. keys
// name the list and what the page shows beside its articles, for the
// page cache.
func (s *Server) serveList(w http.ResponseWriter, r *http.Request, base string, f masthead.ArticleFilter, page listPage, keys ...masthead.ChangeKey) {
	n, ok, redirect := pageNumber(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	if redirect {
		http.Redirect(w, r, base, http.StatusMovedPermanently)
		return
	}
	size := page.Site.PageSize
	lead, offset, limit := pinnedSlice(page.pinned, (n-1)*size, size)
	for _, a := range page.pinned {
		f.ExcludeIDs = append(f.ExcludeIDs, a.ID)
	}
	// Cards show excerpts, never bodies. A page the pins fill still asks
	// for one article, for the count.
	f.Visible, f.WithoutBody, f.Limit, f.Offset = true, true, max(limit, 1), offset
	articles, total, err := s.store.FindArticles(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if limit == 0 {
		articles = nil
	}
	articles, total = append(slices.Clip(lead), articles...), total+len(page.pinned)
	pages := max(1, (total+size-1)/size)
	if n > pages || total == 0 && page.NotFoundWhenEmpty {
		s.handleNotFound(w, r)
		return
	}
	markCacheable(r, keys...)
	pageShows(r, articleKeys(articles...)...)
	page.Articles, page.Total = views(articles, page.Loc), total
	if page.Front && n == 1 {
		page.layOutFront(page.Articles)
		if page.SectionBlocks {
			if err := s.addSectionBlocks(r, &page); err != nil {
				s.error(w, r, err)
				return
			}
		}
	} else {
		page.Cards = gridCards(page.Articles)
	}
	page.Pagination = newPagination(n, pages, func(n int) string { return pageURL(base, n) })
	if n > 1 {
		page.Title = page.Title + " – Page " + strconv.Itoa(n)
	}
	s.render(w, r, http.StatusOK, "list", &page)
}
