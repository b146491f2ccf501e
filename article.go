package masthead

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Status is where an article stands in the editorial flow.
type Status string

// Article statuses. Only StatusPublished articles whose publish time has
// passed are visible to readers.
const (
	StatusDraft     Status = "draft"
	StatusPending   Status = "pending" // submitted for review
	StatusScheduled Status = "scheduled"
	StatusPublished Status = "published"
)

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusPending, StatusScheduled, StatusPublished:
		return true
	}
	return false
}

// Kind tells an ordinary article from one of the site's own pages.
type Kind string

// Kinds of article. The zero Kind is KindArticle, so that code written
// before pages existed makes and selects ordinary articles.
const (
	// KindArticle is a dated story, at /YYYY/MM/DD/slug/, in the lists,
	// feeds and archives.
	KindArticle Kind = "article"
	// KindPage is one of the site's own pages (About, Contact, a
	// corrections policy): addressed by its place in the page hierarchy,
	// such as /about/team/, and in no list, feed or archive of articles.
	KindPage Kind = "page"
	// AnyKind, as ArticleFilter.Kind, selects articles and pages alike.
	AnyKind Kind = "any"
)

// Limits on article fields, generous for news but bounded.
const (
	MaxHeadlineLength = 300
	MaxDekLength      = 600
	MaxBodyLength     = 1 << 20
)

// Article is one story, or, when its Kind is KindPage, one of the site's
// own pages: pages share the editor, revisions, the editorial workflow and
// search with articles, and have no byline, section or tags to show.
type Article struct {
	ID int64
	// Kind is KindArticle (or zero, which means the same) or KindPage.
	Kind Kind
	// ParentID is the page a page sits under (zero at the top level); an
	// ordinary article has none.
	ParentID int64
	// ParentPath is the parent page's address, such as "/about/", which
	// makes the page's own; filled by the store whenever it reads or
	// writes a page that has a parent.
	ParentPath string
	Slug       string
	Headline   string
	Dek        string // the subtitle under the headline
	// BodySource is the Markdown the newsroom writes; BodyHTML is its
	// rendered and sanitised form, stored so that reads cost no rendering.
	BodySource string
	BodyHTML   string
	// Excerpt is the short text lists, feeds and search results show.
	Excerpt string
	// ExcerptGenerated marks an excerpt that nobody wrote: it is made from
	// the body on every save (content.PrepareArticle), so that it follows
	// the body, until somebody writes one.
	ExcerptGenerated bool
	Status           Status

	// PublishedAt is when the article is (or was, or will be) published;
	// zero for drafts that were never scheduled.
	PublishedAt time.Time
	UpdatedAt   time.Time
	CreatedAt   time.Time

	Authors  []*Author // byline order
	Category *Category // primary category, may be nil
	Tags     []*Tag
	// FeaturedImage leads the article and its social cards; may be nil.
	FeaturedImage *Media

	SourceName   string // attribution, e.g. a wire service
	SourceURL    string
	Dateline     string // e.g. "PORT ALDER"
	CommentsOpen bool
	// CommentCount is the number of approved comments; filled on reads
	// from a count the store keeps with every comment change, so that
	// reading it costs the same for a thread of ten comments or ten
	// thousand.
	CommentCount int

	ExternalID string

	// Corrections are the notes the newsroom appended after publication,
	// oldest first; filled when one article is read.
	Corrections []*Correction

	// Revision counts the saves of the article. An update that carries the
	// revision it started from is refused when someone saved in between.
	Revision int
	// EditedBy is the staff member making a change, for its revision;
	// zero for changes no person made (imports, the scheduler).
	EditedBy int64
	// CreatedBy is the staff member who created the article, who can
	// always reach it whoever the byline names; zero when unknown.
	CreatedBy int64
	// SlugGenerated says that Slug was made from the headline rather than
	// chosen, so a store that finds it taken uses the next free one
	// (slug-2, slug-3, ...) instead of refusing, as WordPress does. It is
	// not stored.
	SlugGenerated bool
	// KeepUpdatedAt makes UpdateArticle keep UpdatedAt as given rather
	// than set it to the time of the save, for changes that are no edit
	// of the story: an import pointing a body at the images it brought in
	// after the article, which must not make the article look updated. It
	// is not stored.
	KeepUpdatedAt bool
}

// ArticleRevision is the article as one save left it.
type ArticleRevision struct {
	ArticleID  int64
	Revision   int
	EditorID   int64
	EditorName string
	CreatedAt  time.Time
	Headline   string
	Dek        string
	BodySource string
	Excerpt    string
	Status     Status
}

// VisibleAt reports whether readers may see the article at now.
func (a *Article) VisibleAt(now time.Time) bool {
	return a.Status == StatusPublished && !a.PublishedAt.IsZero() && !a.PublishedAt.After(now)
}

// IsPage reports whether a is one of the site's pages rather than an
// ordinary article.
func (a *Article) IsPage() bool { return a.Kind == KindPage }

// HasBeenPublic reports whether readers may have seen the article at its
// address by now: it has a publish time that has passed, whatever its
// status is today (an unpublished article keeps its time). Such an
// address is in links, feeds and search engines, so moving it needs care.
func (a *Article) HasBeenPublic(now time.Time) bool {
	return !a.PublishedAt.IsZero() && !a.PublishedAt.After(now)
}

// Path returns the article's WordPress-shaped permalink path,
// /YYYY/MM/DD/slug/, with the date taken in the site's time zone; for a
// page, its place in the hierarchy, /about/team/, whatever its date.
func (a *Article) Path(loc *time.Location) string {
	if a.IsPage() {
		parent := a.ParentPath
		if a.ParentID == 0 || parent == "" {
			parent = "/"
		}
		return parent + a.Slug + "/"
	}
	t := a.PublishedAt
	if t.IsZero() {
		t = a.CreatedAt
	}
	t = t.In(loc)
	return fmt.Sprintf("/%04d/%02d/%02d/%s/", t.Year(), t.Month(), t.Day(), a.Slug)
}

// ModifiedAt returns when the article last changed as readers know it: its
// last update, but never before its publication. A scheduled article was
// last edited before it appeared, and to readers it is new when it appears;
// structured data, feeds, sitemaps and the API all give this time, so none
// of them says an article was modified before it was published.
func (a *Article) ModifiedAt() time.Time {
	if a.UpdatedAt.Before(a.PublishedAt) {
		return a.PublishedAt
	}
	return a.UpdatedAt
}

// WasUpdated reports whether the article changed noticeably after it was
// published, which is when pages show an "Updated" time.
func (a *Article) WasUpdated() bool {
	return !a.PublishedAt.IsZero() && a.UpdatedAt.Sub(a.PublishedAt) > time.Minute
}

// Validate reports the first field that cannot be stored.
func (a *Article) Validate() error {
	if err := checkText(textField{"headline", "headline", a.Headline}, textField{"dek", "dek", a.Dek},
		textField{"body", "body", a.BodySource}, textField{"excerpt", "excerpt", a.Excerpt},
		textField{"dateline", "dateline", a.Dateline}, textField{"source_name", "source", a.SourceName},
		textField{"source_url", "source link", a.SourceURL}); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(a.Headline) == "":
		return FieldErrorf("headline", "The headline is required.")
	case len([]rune(a.Headline)) > MaxHeadlineLength:
		return FieldErrorf("headline", "The headline may be at most %d characters long.", MaxHeadlineLength)
	case len([]rune(a.Dek)) > MaxDekLength:
		return FieldErrorf("dek", "The dek may be at most %d characters long.", MaxDekLength)
	case len(a.BodySource) > MaxBodyLength:
		return FieldErrorf("body", "The body may be at most %d bytes long.", MaxBodyLength)
	case !ValidSlug(a.Slug):
		return FieldErrorf("slug", "The slug may hold only lower-case letters, digits and single hyphens.")
	case a.Kind != "" && a.Kind != KindArticle && a.Kind != KindPage:
		return FieldErrorf("kind", "%q is not a kind of article.", a.Kind)
	case !a.IsPage() && a.ParentID != 0:
		return FieldErrorf("parent", "Only a page can sit under a parent page.")
	case a.IsPage() && a.ParentID != 0 && a.ParentID == a.ID:
		return FieldErrorf("parent", "A page cannot be its own parent.")
	case a.IsPage() && a.ParentID == 0 && ReservedPageSlug(a.Slug):
		return FieldErrorf("slug", "The address /%s/ is used by the site; choose another.", a.Slug)
	case !a.Status.Valid():
		return FieldErrorf("status", "%q is not an article status.", a.Status)
	case (a.Status == StatusPublished || a.Status == StatusScheduled) && a.PublishedAt.IsZero():
		return FieldErrorf("published_at", "A published or scheduled article needs a publish time.")
	case len(a.Authors) == 0:
		return FieldErrorf("authors", "An article needs at least one author.")
	}
	seen := map[int64]bool{}
	for _, au := range a.Authors {
		if au == nil || au.ID == 0 {
			return FieldErrorf("authors", "Every author must be an existing staff member.")
		}
		if seen[au.ID] {
			return FieldErrorf("authors", "An author is listed twice.")
		}
		seen[au.ID] = true
	}
	for _, t := range a.Tags {
		if t == nil || t.ID == 0 {
			return FieldErrorf("tags", "Every tag must exist before it is attached.")
		}
	}
	if a.Category != nil && a.Category.ID == 0 {
		return FieldErrorf("category", "The category must exist before it is chosen.")
	}
	if a.SourceURL != "" && !IsWebURL(a.SourceURL) {
		return FieldErrorf("source_url", "The source link must be an http or https address.")
	}
	return nil
}

// IsWebURL reports whether s is an absolute http or https URL with a host.
func IsWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// ArticleFilter selects articles. Zero fields do not filter, but for Kind.
type ArticleFilter struct {
	// Kind selects ordinary articles when zero (or KindArticle), so that
	// no list, feed or archive meant for news shows a page; KindPage
	// selects pages, and AnyKind both.
	Kind Kind
	IDs  []int64
	// ExcludeIDs leaves these articles out: a list whose first page leads
	// with pinned articles lists the rest by date without them, so that no
	// article shows twice across its pages.
	ExcludeIDs []int64
	// Visible selects only articles readers may see at the store's current
	// time: published with a publish time that has passed.
	Visible bool
	Status  Status

	AuthorID int64
	// OwnerID selects the articles a staff member created or is on the
	// byline of: the ones they may work on without editing others' work.
	OwnerID    int64
	CategoryID int64
	TagID      int64
	// HeadlineContains selects articles whose headline contains it,
	// ignoring case, as the admin list's search box asks.
	HeadlineContains string
	// PublishedFrom and PublishedBefore bound the publish time: From is
	// inclusive, Before exclusive.
	PublishedFrom   time.Time
	PublishedBefore time.Time

	// WithoutBody leaves BodySource and BodyHTML empty, for lists that
	// show excerpts: the bodies are most of what an article weighs.
	WithoutBody bool
	// SkipTotal leaves the number of matches uncounted (FindArticles
	// returns 0 for it), for a caller that shows no total, such as a feed
	// or a check whether there is any article at all.
	SkipTotal bool

	Limit  int
	Offset int
}

// Kinds of note appended to a published article.
const (
	CorrectionKind = "correction" // something was wrong and is now right
	UpdateKind     = "update"     // news moved on
)

// MaxCorrectionLength bounds a correction note.
const MaxCorrectionLength = 2000

// Correction is a dated note appended to a published article, shown to
// readers at its end and in its structured data.
type Correction struct {
	ID        int64
	ArticleID int64
	Kind      string
	Text      string
	AuthorID  int64 // the editor who wrote it
	CreatedAt time.Time
}

// Validate reports the first field that cannot be stored.
func (c *Correction) Validate() error {
	if err := checkText(textField{"text", "note", c.Text}); err != nil {
		return err
	}
	switch {
	case c.Kind != CorrectionKind && c.Kind != UpdateKind:
		return FieldErrorf("kind", "Choose whether this is a correction or an update.")
	case strings.TrimSpace(c.Text) == "":
		return FieldErrorf("text", "Please write the note.")
	case len([]rune(c.Text)) > MaxCorrectionLength:
		return FieldErrorf("text", "The note may be at most %d characters long.", MaxCorrectionLength)
	}
	return nil
}
