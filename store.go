package masthead

import (
	"context"
	"strings"
)

// Store persists a Masthead site. Implementations must pass the conformance
// suite in package storetest. Every method that returns a list returns one
// page of it (bounded by the filter's Limit) and the total number of matches.
type Store interface {
	SiteStore
	AuthorStore
	TaxonomyStore
	ArticleStore
	CommentStore
	SitemapStore
	SearchStore
	AccountStore
	MediaStore
	RedirectStore
	MenuStore
	PinStore
	ImportStore
	ImportRunStore
	PreviewStore
	OutboxStore
	PrivacyStore
	FollowUpStore

	// Ping reports whether the database answers a read, without a query
	// of the site's data and without waiting behind writers: what a
	// health check may cost.
	Ping(ctx context.Context) error
	// Close releases the store's connections.
	Close() error
}

// SiteStore persists the site settings.
type SiteStore interface {
	// FindSite returns the site settings, with defaults for any never set.
	FindSite(ctx context.Context) (*Site, error)
	// UpdateSite stores the settings. Returns EINVALID.
	UpdateSite(ctx context.Context, s *Site) error
	// SiteSecret returns the site's random secret key, creating it on first
	// use. It signs cookies and form tokens and keys avatar hashes, the same
	// on every node of a site.
	SiteSecret(ctx context.Context) ([]byte, error)
}

// AuthorStore persists newsroom staff as they appear in bylines.
type AuthorStore interface {
	// CreateAuthor stores a new author and sets its ID and times.
	// Returns EINVALID, or ECONFLICT when the slug or email is taken.
	CreateAuthor(ctx context.Context, a *Author) error
	// UpdateAuthor stores changed fields of an existing author.
	// Returns EINVALID, ENOTFOUND, or ECONFLICT when the slug or email is
	// taken or the change would leave the site without an active admin.
	UpdateAuthor(ctx context.Context, a *Author) error
	// FindAuthorByID returns ENOTFOUND if no author has the id.
	FindAuthorByID(ctx context.Context, id int64) (*Author, error)
	// FindAuthorBySlug returns ENOTFOUND if no author has the slug.
	FindAuthorBySlug(ctx context.Context, slug string) (*Author, error)
	// FindAuthors returns one page of authors ordered by name.
	FindAuthors(ctx context.Context, f AuthorFilter) ([]*Author, int, error)
}

// TaxonomyStore persists categories and tags.
type TaxonomyStore interface {
	// CreateCategory returns EINVALID, or ECONFLICT when the slug is taken.
	CreateCategory(ctx context.Context, c *Category) error
	// UpdateCategory stores a changed category. Returns EINVALID,
	// ENOTFOUND, or ECONFLICT when the slug is taken.
	UpdateCategory(ctx context.Context, c *Category) error
	// FindCategoryBySlug returns ENOTFOUND if no category has the slug.
	FindCategoryBySlug(ctx context.Context, slug string) (*Category, error)
	// FindCategories returns categories ordered by name, at most limit.
	FindCategories(ctx context.Context, limit int) ([]*Category, error)

	// CreateTag stores a new tag with its slug as given and sets its ID.
	// Returns EINVALID, or ECONFLICT when the slug or external id is taken.
	CreateTag(ctx context.Context, t *Tag) error
	// EnsureTag returns the tag whose slug is Slugify(name), creating it
	// with that name when there is none. Returns EINVALID for a name that
	// has no slug.
	EnsureTag(ctx context.Context, name string) (*Tag, error)
	// UpdateTag renames a tag. Returns EINVALID, ENOTFOUND, or ECONFLICT
	// when the slug is taken.
	UpdateTag(ctx context.Context, t *Tag) error
	// FindTagBySlug returns ENOTFOUND if no tag has the slug.
	FindTagBySlug(ctx context.Context, slug string) (*Tag, error)
	// FindTags returns one page of tags ordered by name, and the number of
	// matches.
	FindTags(ctx context.Context, f TagFilter) ([]*Tag, int, error)
}

// ArticleStore persists articles with their authors, category and tags.
type ArticleStore interface {
	// CreateArticle stores a new article with its authors and tags and sets
	// its ID and times, and CreatedBy when zero (to EditedBy, else the first
	// author). An article that comes with an ID keeps it, so that an import
	// keeps the ids old links carry ("/?p=ID"); when another article has it,
	// the article is refused with ECONFLICT for the "id" field. A generated slug (a.SlugGenerated) that is taken becomes the
	// first free one of slug-2, slug-3 ...; a chosen one that is taken is
	// refused with ECONFLICT for the "slug" field. Returns EINVALID, or
	// ECONFLICT when the slug is taken or an author, category or tag does
	// not exist. A page's slug need only be free among its siblings, and
	// its parent must be a page that is neither itself nor below it, no
	// deeper than MaxPageDepth allows (EINVALID for the "parent" field).
	// A zero Kind is stored, and set, as KindArticle.
	CreateArticle(ctx context.Context, a *Article) error
	// CreateArticles stores new articles in one transaction, all of them
	// or none, each as CreateArticle would, indexing them for search a
	// batch at a time, so that seeding or importing a large archive costs
	// a few statements an article. When it fails, no article of the batch
	// keeps an id it did not come with.
	CreateArticles(ctx context.Context, articles []*Article) error
	// UpdateArticle stores an existing article, replacing its authors and
	// tags, keeps a revision, and sets UpdatedAt (unless a.KeepUpdatedAt)
	// and the next Revision; the creator stays. When a.Revision is not zero and the stored article has
	// another, the update is refused with an ECONFLICT whose Field is
	// "revision": someone saved in between. Slugs are taken as by
	// CreateArticle. When a published article's slug changes, its old
	// address redirects to the new one from then on, and so does a
	// published page's when its slug or parent changes. Parents are checked
	// as by CreateArticle; the kind never changes (EINVALID for "kind").
	// Returns EINVALID, ENOTFOUND or ECONFLICT.
	UpdateArticle(ctx context.Context, a *Article) error
	// FindRevisions returns an article's revisions, newest first, at most
	// limit.
	FindRevisions(ctx context.Context, articleID int64, limit int) ([]*ArticleRevision, error)
	// AddCorrection appends a note to a published article and moves the
	// article's update time to the note's. Returns EINVALID, ENOTFOUND, or
	// ECONFLICT for an article that is not published.
	AddCorrection(ctx context.Context, c *Correction) error
	// PublishDueArticles publishes the scheduled articles whose time has
	// come, and returns how many.
	PublishDueArticles(ctx context.Context) (int, error)
	// FindArticleByID returns the article or page in any status, or
	// ENOTFOUND.
	FindArticleByID(ctx context.Context, id int64) (*Article, error)
	// FindArticleBySlug returns the ordinary article (never a page, whose
	// slug is unique only among its siblings) in any status, or ENOTFOUND.
	FindArticleBySlug(ctx context.Context, slug string) (*Article, error)
	// FindArticleHeadBySlug returns what FindArticleBySlug does of the
	// article's own row and section, without its body, byline, tags,
	// featured image or corrections (left empty), or ENOTFOUND: what a
	// comment post needs to check and address the article, in one
	// statement instead of four.
	FindArticleHeadBySlug(ctx context.Context, slug string) (*Article, error)
	// FindPageByPath returns the page at an address such as
	// "/about/team/", in any status, or ENOTFOUND.
	FindPageByPath(ctx context.Context, path string) (*Article, error)
	// FindArticles returns one page of matching articles, newest first, and
	// the number of matches ignoring Limit and Offset (0 with f.SkipTotal).
	FindArticles(ctx context.Context, f ArticleFilter) ([]*Article, int, error)
	// FindRelatedCandidates returns the visible articles (never pages)
	// of the lists that related articles are chosen from, newest first,
	// each with its tag ids, keyed by list (an empty list too): for a
	// section its n newest by publish time, for a tag the visible ones
	// among its n newest links (by article id, which follows creation).
	// package related ranks them.
	FindRelatedCandidates(ctx context.Context, lists []RelatedList, n int) (map[RelatedList][]RelatedCandidate, error)
	// FindArticleCards returns the visible articles (never pages) among
	// ids, in the order of ids, with their sections but without their
	// bodies, bylines, tags or images: what an article page shows of its
	// related articles.
	FindArticleCards(ctx context.Context, ids []int64) ([]*Article, error)
	// FindSectionFronts returns, for each section of sectionIDs, up to
	// perSection of its visible articles (never pages), newest first and
	// without their bodies. It costs the same few queries however many
	// sections it is given, and reads a number of rows bounded by the
	// sections and perSection, never by the archive. Sections with
	// nothing to show are absent from the map.
	FindSectionFronts(ctx context.Context, sectionIDs []int64, perSection int) (map[int64][]*Article, error)
	// MaxArticleID returns the highest id any article has, in any status,
	// or 0 on a site without articles. An export to WordPress, where posts,
	// images and menu entries share one sequence of ids, numbers images and
	// menu entries after it so that articles keep their own.
	MaxArticleID(ctx context.Context) (int64, error)
}

// CommentStore persists reader comments.
type CommentStore interface {
	// CreateComment stores a new comment and sets its ID and CreatedAt (when
	// zero). Returns EINVALID, or ECONFLICT when the article or parent does
	// not exist or the parent belongs to another article.
	CreateComment(ctx context.Context, c *Comment) error
	// SubmitComment stores a new comment like CreateComment, doing what
	// opts ask in the same transaction. With opts.Limit, it refuses a
	// comment whose network (c.IP) already posted Limit.Max comments in the
	// Limit.Window before c.CreatedAt with ERATELIMIT and RetryAfter set;
	// counting and storing in one transaction keeps comments posted at the
	// same moment from all slipping under the limit. With
	// opts.ApproveParent, a held parent is approved with the reply.
	SubmitComment(ctx context.Context, c *Comment, opts SubmitOptions) error
	// SubmitComments stores new comments in one transaction, all of them
	// or none, in their order, each as SubmitComment would with opts (the
	// rate limit counts the batch's earlier comments too), so that a
	// thread costs one transaction and is never half-stored. A reply to a
	// comment of the same batch names it in BatchComment.Parent. It sets
	// each comment's ID and CreatedAt (when zero), and ParentID from
	// Parent; when it fails, no comment of the batch keeps an ID. Returns
	// EINVALID for a comment that cannot be stored or a Parent that does
	// not come earlier in the batch, ECONFLICT when an article or parent
	// does not exist, a parent belongs to another article or an
	// ExternalID is taken, and ERATELIMIT as SubmitComment does.
	SubmitComments(ctx context.Context, batch []BatchComment, opts SubmitOptions) error
	// FindCommentByID returns ENOTFOUND if no comment has the id.
	FindCommentByID(ctx context.Context, id int64) (*Comment, error)
	// FindComments returns one page of matching comments, oldest first
	// unless f.Newest, and the number of matches ignoring Limit and Offset
	// (0 with f.SkipTotal).
	FindComments(ctx context.Context, f CommentFilter) ([]*Comment, int, error)
	// FindCommenterHistory returns what the rules for a new comment need
	// of its writer's past, each read from an index so that a check costs
	// the same on a thread of ten comments as on one of ten thousand: the
	// newest comment under email on the article, and whether the browser
	// key commenterKey (hashed, as stored) has an approved comment under
	// email (never, for an empty key).
	FindCommenterHistory(ctx context.Context, articleID int64, email, commenterKey string) (CommenterHistory, error)
	// HasApprovedComment reports whether any approved comment was written
	// under email (compared as stored), from the comments_author index.
	HasApprovedComment(ctx context.Context, email string) (bool, error)
	// FindCommentThreads returns one page of an article's approved
	// threads: p.PerPage of its approved top-level comments, oldest first,
	// with every approved reply that hangs below them through approved
	// parents, all in one list oldest first; and how many approved
	// top-level comments the article has. A page past the end has no
	// comments. Returns EINVALID for a PerPage below 1 or a Page below 0.
	FindCommentThreads(ctx context.Context, p ThreadPage) ([]*Comment, int, error)
	// FindCommentPlaces returns where each comment of ids sits among its
	// article's threads, for the comment page it is on; ids that name no
	// comment are left out.
	FindCommentPlaces(ctx context.Context, ids []int64) (map[int64]CommentPlace, error)
	// UpdateCommentStatus moves a comment to a status. Returns EINVALID or
	// ENOTFOUND.
	UpdateCommentStatus(ctx context.Context, id int64, status CommentStatus) error
	// DeleteComment removes a comment for good; its replies move up to its
	// parent rather than vanishing with it. Returns ENOTFOUND.
	DeleteComment(ctx context.Context, id int64) error
}

type primaryKey struct{}

// WithPrimary returns a context whose reads go to the primary database
// even where a store has read replicas, for a request that must see what
// it (or its reader) just wrote: a reader's own held comment, an editor's
// screen after a save.
func WithPrimary(ctx context.Context) context.Context {
	return context.WithValue(ctx, primaryKey{}, true)
}

// ReadsPrimary reports whether ctx asks for reads from the primary.
func ReadsPrimary(ctx context.Context) bool {
	v, _ := ctx.Value(primaryKey{}).(bool)
	return v
}

// ChangeWatcher tells a process that data changed, in this process, on
// another node or from the command line, so that it can drop what it has
// cached. Stores that can tell implement it.
type ChangeWatcher interface {
	// WatchChanges calls changed with the keys of every change that may
	// concern cached data, and with KeyAll after every gap in which
	// changes may have been missed, until ctx ends. It calls changed
	// once at the start, with KeyAll.
	WatchChanges(ctx context.Context, changed func(keys []ChangeKey)) error
}

// ChangeAnnouncer is a store that tells its own process what each write
// made stale, before the write returns, so that nothing stale is served
// once a change has returned. Other processes hear of the same keys
// through a ChangeWatcher, a moment later.
type ChangeAnnouncer interface {
	// OnChange subscribes changed to the keys of every change the store
	// commits; it is called after the commit, never for a write that
	// rolled back.
	OnChange(changed func(keys []ChangeKey))
}

// RedirectStore keeps old addresses answering after a page moved.
type RedirectStore interface {
	// AddRedirect sends from to to from now on, and re-points older
	// redirects that led to from, so that no chain forms. Returns EINVALID
	// for paths that are not site paths.
	AddRedirect(ctx context.Context, from, to string) error
	// FindRedirect returns where the longest of prefixes (site paths, such
	// as "/tag/old/" for "/tag/old/feed/") moved, and which prefix it was.
	// Returns ENOTFOUND.
	FindRedirect(ctx context.Context, prefixes []string) (from, to string, err error)
	// FindRedirects returns one page of redirects by their old address, and
	// how many there are.
	FindRedirects(ctx context.Context, limit, offset int) ([]Redirect, int, error)
	// DeleteRedirect forgets the redirect from a path. Returns ENOTFOUND.
	DeleteRedirect(ctx context.Context, from string) error
}

// IsSitePath reports whether p, a decoded path, can only mean a page of
// this site when a browser follows it: one leading slash, no backslash
// (which browsers read as a slash, so "/\evil.example" leaves the site)
// and no control characters (which browsers drop, so "/\t/evil.example"
// does too). Every redirect target passes it.
func IsSitePath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	for _, c := range p {
		if c == '\\' || c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}

// Redirect is an old address and where it moved.
type Redirect struct {
	From, To string
}

// MenuStore persists the site's menus, one per location.
type MenuStore interface {
	// FindMenu returns the menu of a location, each item with its target
	// as it stands (MenuItem.Section and Article, nil when gone). Returns
	// ENOTFOUND when the location has no saved menu, so that it shows its
	// default, and EINVALID for an unknown location.
	FindMenu(ctx context.Context, loc MenuLocation) (*Menu, error)
	// FindMenus returns every saved menu by its location, as FindMenu
	// does, in one read: what every page shows.
	FindMenus(ctx context.Context) (map[MenuLocation]*Menu, error)
	// SaveMenu replaces the menu of m.Location with m as a whole, in one
	// transaction, and sets its items' IDs and its UpdatedAt; a menu
	// without items is removed, so that the location shows its default
	// again. Every process's caches hear of it as of a settings change.
	// Returns EINVALID (Problems, fields as Menu.Validate names them),
	// also for an item whose section or article does not exist
	// ("items.N.section", "items.N.article").
	SaveMenu(ctx context.Context, m *Menu) error
}

// PinStore persists the curation of the front: articles pinned to the top
// of the home page and of section pages, and the breaking strip.
type PinStore interface {
	// FindPins returns every pin, the home page's first and then each
	// section's by section id, each list in its order, with its article
	// (Pin.Article, without its body). Pins that do not show now (their
	// article unpublished, scheduled or moved to another section) are
	// included, so that the newsroom sees why.
	FindPins(ctx context.Context) ([]*Pin, error)
	// FindPinnedArticles returns the articles readers see pinned to the
	// list of sectionID (0 for the home page) now, in the pins' order,
	// without their bodies: visible articles, of the section for a
	// section's list, whose pin has not expired; at most MaxPins, read
	// through an index, whatever the archive's size.
	FindPinnedArticles(ctx context.Context, sectionID int64) ([]*Article, error)
	// AddPin pins p.ArticleID last in the list of p.SectionID, and sets
	// p's ID, Position and CreatedAt. Returns EINVALID (Pin.Validate,
	// CheckPinnable; an article or section that does not exist, for the
	// "article" or "section" field), or ECONFLICT for the "article"
	// field when the article is pinned there already or the list holds
	// MaxPins.
	AddPin(ctx context.Context, p *Pin) error
	// UpdatePin moves the pin p.ID to p.Position in its list (the first
	// or last place when beyond them), renumbering the others, and stores
	// p.ExpiresAt. Returns EINVALID or ENOTFOUND.
	UpdatePin(ctx context.Context, p *Pin) error
	// DeletePin removes a pin. Returns ENOTFOUND.
	DeletePin(ctx context.Context, id int64) error
	// SaveBreaking stores the breaking strip, which FindSite returns as
	// Site.Breaking; a strip without text is off. Every page shows it, so
	// every process's caches hear of it as of a settings change. Returns
	// EINVALID (Breaking.Validate).
	SaveBreaking(ctx context.Context, b Breaking) error
	// ExpireCuration removes the pins whose expiry has come and switches
	// off a breaking strip whose expiry has come, announcing the pages
	// they were on, and returns how many it ended: the job that makes an
	// expiry reach cached pages.
	ExpireCuration(ctx context.Context) (int, error)
}

// ExternalKind names the records that carry an ExternalID.
type ExternalKind string

// The kinds of record an import matches by the ids of the system it came
// from.
const (
	ExternalAuthor   ExternalKind = "authors"
	ExternalCategory ExternalKind = "categories"
	ExternalTag      ExternalKind = "tags"
	ExternalArticle  ExternalKind = "articles"
	ExternalComment  ExternalKind = "comments"
	ExternalMedia    ExternalKind = "media"
)

// ImportStore finds what earlier imports brought in, by the ids the other
// system gave it (the ExternalID fields), so that an import run again, or
// resumed after it was stopped, adds only what is missing.
type ImportStore interface {
	// FindExternalIDs returns the ids of the records of a kind whose
	// ExternalID is one of externalIDs, keyed by that ExternalID; ids that
	// no record carries are missing from the map. Returns EINVALID for an
	// unknown kind.
	FindExternalIDs(ctx context.Context, kind ExternalKind, externalIDs []string) (map[string]int64, error)
}
