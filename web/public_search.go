package web

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"masthead"
)

// resultImageSizes is the width of a search result's thumbnail, beside
// its text on every screen (see site.css).
const resultImageSizes = "(min-width: 40rem) 12rem, 8rem"

// maxQueryLength bounds a search query; longer ones are cut.
const maxQueryLength = 200

// searchPage is the data of the search page.
type searchPage struct {
	layout
	Query string
	Hits  []searchHit
	Total int
	// More says that more articles matched than the Total ranked, which
	// are the newest of them.
	More       bool
	Pagination pagination
}

// searchHit is a result as the page shows it.
type searchHit struct {
	card
	Snippet template.HTML
}

// handleSearch serves "GET /search/?q=...&page=N".
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	for len(q) > maxQueryLength {
		_, size := utf8.DecodeLastRuneInString(q)
		q = q[:len(q)-size]
	}
	n, ok := queryPageNumber(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	lay, err := s.layout(r, "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if q != "" {
		lay.setTitle(lay.T("Search results for “%s”", q))
	} else {
		lay.setTitle(lay.T("Search"))
	}
	// Result pages are endless and thin: they stay out of search engines,
	// as WordPress keeps its own. The empty form is one page, with its
	// canonical address, and may be indexed.
	lay.NoIndex = q != ""
	lay.Query = q
	page := searchPage{layout: lay, Query: q}
	markCacheable(r) // the empty form shows nothing but the layout
	if q != "" {
		pageShows(r, masthead.KeyFront)
		size := lay.Site.PageSize
		hits, total, more, err := s.store.SearchArticles(r.Context(), q, size, (n-1)*size)
		if err != nil {
			s.error(w, r, err)
			return
		}
		pages := max(1, (total+size-1)/size)
		if n > pages {
			s.handleNotFound(w, r)
			return
		}
		page.Total, page.More = total, more
		var shown []articleView
		for _, h := range hits {
			pageShows(r, articleKeys(h.Article)...)
			shown = append(shown, views([]*masthead.Article{h.Article}, lay.Loc)[0])
		}
		for i, c := range gridCards(shown) {
			c.Sizes = resultImageSizes
			page.Hits = append(page.Hits, searchHit{card: c, Snippet: markSnippet(hits[i].Snippet)})
		}
		link := func(n int) string {
			v := url.Values{"q": {q}}
			if n > 1 {
				v.Set("page", strconv.Itoa(n))
			}
			return "/search/?" + v.Encode()
		}
		page.Pagination = pagination{Page: n, TotalPages: pages}
		if n > 1 {
			page.Pagination.Prev = link(n - 1)
		}
		if n < pages {
			page.Pagination.Next = link(n + 1)
		}
	}
	s.render(w, r, http.StatusOK, "search", &page)
}

// markSnippet escapes a snippet and turns the store's match markers into
// <mark> elements.
func markSnippet(snippet string) template.HTML {
	escaped := html.EscapeString(snippet)
	escaped = strings.ReplaceAll(escaped, masthead.MarkStart, "<mark>")
	escaped = strings.ReplaceAll(escaped, masthead.MarkEnd, "</mark>")
	return template.HTML(escaped)
}

// redirectWordPressSearch answers the WordPress search address "/?s=..." by
// sending it to "/search/?q=...", so that old links and forms keep working.
func (s *Server) redirectWordPressSearch(w http.ResponseWriter, r *http.Request) bool {
	if !r.URL.Query().Has("s") {
		return false
	}
	http.Redirect(w, r, "/search/?"+url.Values{"q": {r.URL.Query().Get("s")}}.Encode(), http.StatusMovedPermanently)
	return true
}

// handleOpenSearch serves "GET /opensearch.xml", which lets browsers add
// the site's search to their search bar.
func (s *Server) handleOpenSearch(w http.ResponseWriter, r *http.Request) {
	site, err := s.site(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>%s</ShortName>
  <Description>Search %s</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Image height="512" width="512" type="image/png">%s</Image>
  <Url type="text/html" method="get" template="%s"/>
</OpenSearchDescription>
`, html.EscapeString(shortName(site.Title)), html.EscapeString(site.Title), html.EscapeString(s.logoURL(r)),
		html.EscapeString(s.absURL(r, "/search/?q={searchTerms}")))
	markCacheable(r)
	w.Header().Set("Content-Type", "application/opensearchdescription+xml; charset=utf-8")
	w.Write(b.Bytes())
}

// shortName fits a title into OpenSearch's 16 characters.
func shortName(title string) string {
	if r := []rune(title); len(r) > 16 {
		return string(r[:16])
	}
	return title
}
