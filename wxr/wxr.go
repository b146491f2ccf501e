// Package wxr reads and writes WordPress eXtended RSS, the export file
// WordPress writes from Tools → Export. It reads WXR 1.0, 1.1 and 1.2,
// from WordPress.org and WordPress.com alike, and writes WXR 1.2 as
// WordPress's own exporter does. It is a pure format package: an
// io.Reader or io.Writer in, values in or out, no storage and no HTTP.
//
// Both directions stream. The reader walks the file with encoding/xml's
// token reader and hands out one record at a time (the channel's facts,
// then authors, terms and items in the order of the file), so that memory
// holds one item with its comments at most, whatever the size of the
// export. WordPress's own importer parses the whole file first, which is
// what makes large exports fail on ordinary hosting. The writer takes one
// record, even one comment, at a time and keeps only a buffer.
package wxr

import (
	"time"
)

// Record is one thing an export holds: *Channel, *Author, *Category, *Tag,
// *Term or *Item.
type Record interface{ record() }

// Channel is what an export says about the site it came from.
type Channel struct {
	Title       string
	Link        string
	Description string
	Language    string
	// Version is the WXR version the file declares, such as "1.2".
	Version string
	// BaseSiteURL is the address of the WordPress installation and
	// BaseBlogURL the address of the site (they differ for a site in a
	// subdirectory or on a multisite network); old links start with
	// BaseBlogURL.
	BaseSiteURL string
	BaseBlogURL string
	// Generator is the program that wrote the file, e.g.
	// "https://wordpress.org/?v=6.1.9" or "http://wordpress.com/".
	Generator string
	// PubDate is when the export was written, zero when the file does not
	// say or says it in another form than RSS's.
	PubDate time.Time
}

// Author is a WordPress user who wrote posts. WordPress exports no
// passwords and no biographies.
type Author struct {
	ID          int64 // 0 in WXR 1.0, which names authors only by login
	Login       string
	Email       string
	DisplayName string
	FirstName   string
	LastName    string
}

// Category is a category definition from the channel. Parent is the
// nicename of the parent category, empty at the top.
type Category struct {
	TermID      int64
	Nicename    string
	Parent      string
	Name        string
	Description string
	Meta        []Meta
}

// Tag is a tag definition from the channel.
type Tag struct {
	TermID      int64
	Slug        string
	Name        string
	Description string
	Meta        []Meta
}

// Term is a term of another taxonomy (a menu, a post format, a custom
// taxonomy) from the channel.
type Term struct {
	TermID      int64
	Taxonomy    string
	Slug        string
	Parent      string
	Name        string
	Description string
	Meta        []Meta
}

// Item is one post, page, attachment, menu entry or other post type, with
// its terms, custom fields and comments.
type Item struct {
	ID    int64
	Title string
	// Link is the item's public address on the old site, whatever its
	// permalink structure was; for drafts WordPress writes "?p=ID".
	Link string
	GUID string
	// Creator is the login of the item's author (dc:creator).
	Creator string
	Content string // the body, HTML as WordPress stores it
	Excerpt string // the hand-written excerpt; empty when none was written
	// Date and Modified are the old site's wall-clock times, which the
	// export writes without a zone; they are carried in UTC as written.
	// DateGMT and ModifiedGMT are the same moments in UTC, zero when
	// WordPress wrote 0000-00-00 (drafts that were never dated).
	Date          time.Time
	DateGMT       time.Time
	Modified      time.Time
	ModifiedGMT   time.Time
	CommentStatus string // "open" or "closed"
	PingStatus    string
	Name          string // the slug (post_name); empty for many drafts
	// Status is WordPress's: publish, future, draft, pending, private,
	// trash, inherit (attachments) or auto-draft.
	Status    string
	Parent    int64
	MenuOrder int
	// Type is the post type: post, page, attachment, nav_menu_item, or a
	// custom one.
	Type          string
	Password      string
	Sticky        bool
	AttachmentURL string
	Terms         []TermRef
	Meta          []Meta
	Comments      []Comment

	// Line is where the item starts in the file, for messages.
	Line int
	// Problems describes the fields of the item and its comments that
	// could not be read, one sentence each; those fields are left zero.
	Problems []string
}

// TermRef is an item's reference to a category, tag or other term, by
// taxonomy (Domain), slug (Nicename) and name.
type TermRef struct {
	Domain   string // "category", "post_tag", "nav_menu", "post_format", ...
	Nicename string
	Name     string
}

// Meta is one custom field (postmeta, termmeta or commentmeta).
type Meta struct {
	Key   string
	Value string
}

// Comment is a comment on an item, or a pingback or trackback.
type Comment struct {
	ID          int64
	Author      string
	AuthorEmail string
	AuthorURL   string
	AuthorIP    string
	Date        time.Time // wall clock of the old site, as Item.Date
	DateGMT     time.Time
	Content     string
	// Approved is WordPress's status: "1" approved, "0" held, "spam" or
	// "trash" (also "post-trashed").
	Approved string
	Type     string // "" or "comment" for comments, "pingback", "trackback"
	Parent   int64  // the comment this one answers, 0 at the top
	UserID   int64  // the WordPress user who wrote it, 0 for readers
	Meta     []Meta
}

func (*Channel) record()  {}
func (*Author) record()   {}
func (*Category) record() {}
func (*Tag) record()      {}
func (*Term) record()     {}
func (*Item) record()     {}

// MetaValue returns the value of the first custom field named key, and
// whether there is one.
func (it *Item) MetaValue(key string) (string, bool) {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value, true
		}
	}
	return "", false
}
