package masthead

import "strconv"

// A ChangeKey names something whose change makes the pages that show it
// stale. Writes announce the keys they touch; the page cache tags every
// page with the keys of what it shows and drops exactly the pages tagged
// with an announced key. The vocabulary is small on purpose: a key per
// thing a page can show, and a key per list a page can be.
type ChangeKey string

const (
	// KeyAll concerns every page: the settings, the menus, the sections
	// (they are in every page's navigation), or a gap in which changes
	// may have been missed.
	KeyAll ChangeKey = "*"
	// KeyFront is the site-wide list of public articles: the home page,
	// date archives, the main feeds, sitemaps, search results and the
	// API's lists. Announced when an article enters or leaves it, or when
	// what it shows of one changes.
	KeyFront ChangeKey = "front"
	// KeyComments is the site-wide list of approved comments: the
	// comment feeds.
	KeyComments ChangeKey = "comments"
	// KeyHomePins is the home page's pins: which articles lead its list
	// and in what order. Only the home page's own pages show them; the
	// feeds and archives stay by date.
	KeyHomePins ChangeKey = "pins"
)

// ArticleKey is an article's or page's own fields, its corrections and
// its approved comments: its page, its comment feed and every list card
// that shows it.
func ArticleKey(id int64) ChangeKey { return key("a", id) }

// AuthorKey is an author's name, slug and bio: bylines, author boxes and
// the author's page.
func AuthorKey(id int64) ChangeKey { return key("u", id) }

// TagKey is a tag's name, slug and description, wherever it is shown.
func TagKey(id int64) ChangeKey { return key("t", id) }

// MediaKey is an image's alt text, caption and credit, wherever it is
// shown.
func MediaKey(id int64) ChangeKey { return key("m", id) }

// SectionListKey is the list of a section's articles: its pages and feed.
func SectionListKey(id int64) ChangeKey { return key("ls", id) }

// SectionPinsKey is the pins of a section's page: its pages, not its
// feed, which stays by date.
func SectionPinsKey(id int64) ChangeKey { return key("ps", id) }

// TagListKey is the list of a tag's articles: its pages and feed.
func TagListKey(id int64) ChangeKey { return key("lt", id) }

// AuthorListKey is the list of an author's articles: their pages and feed.
func AuthorListKey(id int64) ChangeKey { return key("lu", id) }

func key(prefix string, id int64) ChangeKey {
	return ChangeKey(prefix + ":" + strconv.FormatInt(id, 10))
}
