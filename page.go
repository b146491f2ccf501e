package masthead

import "strings"

// MaxPageDepth bounds how deep pages nest: /about/team/ is two deep. The
// store refuses a parent that would put a page, or a page below it, deeper,
// so that working out a page's address always ends.
const MaxPageDepth = 8

// reservedPageSlugs are the first segments of the addresses the site itself
// answers (its routes and files), and of WordPress's own addresses, which
// the links of a site that moved from WordPress still use. A top-level page
// may not take one: it would hide the site's address or be hidden by it. A
// test in package web checks this list against the routes.
var reservedPageSlugs = map[string]bool{
	"admin": true, "api": true, "author": true, "brand": true, "category": true, "comments": true, "feed": true,
	"healthz": true, "manifest": true, "media": true, "news-sitemap": true, "opensearch": true, "page": true, "privacy": true,
	"robots": true, "search": true, "sitemap": true, "sitemaps": true, "static": true, "tag": true,
	"wp-admin": true, "wp-content": true, "wp-includes": true, "wp-json": true, "wp-login": true,
	"xmlrpc": true,
}

// ReservedPageSlug reports whether slug, as the first segment of an
// address, belongs to the site rather than to a page: one of its own
// prefixes, or a four-digit number, which date archives (/2026/) use.
func ReservedPageSlug(slug string) bool {
	if reservedPageSlugs[slug] {
		return true
	}
	if len(slug) != 4 {
		return false
	}
	return strings.Trim(slug, "0123456789") == ""
}

// PagePathSlugs splits a page address such as "/about/team/" into its
// slugs, ["about", "team"], and reports whether it can be a page's address
// at all: slugs only, at most MaxPageDepth of them, the first not reserved.
func PagePathSlugs(path string) ([]string, bool) {
	inner, ok := strings.CutPrefix(path, "/")
	if !ok {
		return nil, false
	}
	inner, ok = strings.CutSuffix(inner, "/")
	if !ok || inner == "" {
		return nil, false
	}
	slugs := strings.Split(inner, "/")
	if len(slugs) > MaxPageDepth || ReservedPageSlug(slugs[0]) {
		return nil, false
	}
	for _, s := range slugs {
		if !ValidSlug(s) {
			return nil, false
		}
	}
	return slugs, true
}
