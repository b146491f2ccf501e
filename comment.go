package masthead

import (
	"net/mail"
	"strings"
	"time"
)

// CommentStatus is a comment's moderation state.
type CommentStatus string

// Comment statuses. Only approved comments are public.
const (
	CommentPending  CommentStatus = "pending"
	CommentApproved CommentStatus = "approved"
	CommentSpam     CommentStatus = "spam"
	CommentTrash    CommentStatus = "trash"
)

// Valid reports whether s is one of the known statuses.
func (s CommentStatus) Valid() bool {
	switch s {
	case CommentPending, CommentApproved, CommentSpam, CommentTrash:
		return true
	}
	return false
}

// Limits on comment fields, the same as WordPress's.
const (
	MaxCommentNameLength    = 245
	MaxCommentEmailLength   = 100
	MaxCommentWebsiteLength = 200
	MaxCommentBodyLength    = 65525
)

// Comment is a reader's comment on an article.
type Comment struct {
	ID        int64
	ArticleID int64
	ParentID  int64 // 0 for a top-level comment

	AuthorName string
	// AuthorEmail is private: stored for moderation, never shown publicly.
	AuthorEmail string
	AuthorURL   string
	Body        string // plain text as the reader typed it
	Status      CommentStatus
	// IP is the reader's address in a reduced form, never the full one.
	IP string
	// Reason says why the comment was held or marked as spam.
	Reason    string
	CreatedAt time.Time

	ExternalID string
}

// Validate reports the first field that cannot be stored.
func (c *Comment) Validate() error {
	if problems := c.Problems(); len(problems) > 0 {
		return problems[0]
	}
	return nil
}

// Problems reports every field that cannot be stored, at most one per
// field, so that a form can show each message next to its field.
func (c *Comment) Problems() Problems {
	var out Problems
	add := func(field, format string, args ...any) { out = append(out, FieldErrorf(field, format, args...)) }
	if c.ArticleID == 0 {
		add("article", "The comment must belong to an article.")
	}
	switch bad := textProblem("comment", c.Body); {
	case bad != "":
		add("comment", "%s", bad)
	case strings.TrimSpace(c.Body) == "":
		add("comment", "Please type a comment.")
	case len([]rune(c.Body)) > MaxCommentBodyLength:
		add("comment", "The comment may be at most %d characters long.", MaxCommentBodyLength)
	}
	switch bad := textProblem("name", c.AuthorName); {
	case bad != "":
		add("author", "%s", bad)
	case strings.TrimSpace(c.AuthorName) == "":
		add("author", "Please enter your name.")
	case len([]rune(c.AuthorName)) > MaxCommentNameLength:
		add("author", "The name may be at most %d characters long.", MaxCommentNameLength)
	}
	switch bad := textProblem("email address", c.AuthorEmail); {
	case bad != "":
		add("email", "%s", bad)
	case strings.TrimSpace(c.AuthorEmail) == "":
		add("email", "Please enter your email address.")
	case len(c.AuthorEmail) > MaxCommentEmailLength:
		add("email", "The email address may be at most %d characters long.", MaxCommentEmailLength)
	default:
		if addr, err := mail.ParseAddress(c.AuthorEmail); err != nil || addr.Address != c.AuthorEmail {
			add("email", "Please enter a valid email address, such as name@example.com.")
		}
	}
	switch bad := textProblem("website", c.AuthorURL); {
	case bad != "":
		add("url", "%s", bad)
	case len(c.AuthorURL) > MaxCommentWebsiteLength:
		add("url", "The website may be at most %d characters long.", MaxCommentWebsiteLength)
	case c.AuthorURL != "" && !IsWebURL(c.AuthorURL):
		add("url", "The website must be an address starting with http:// or https://.")
	}
	if !c.Status.Valid() {
		add("status", "%q is not a comment status.", c.Status)
	}
	return out
}

// CommentFilter selects comments. Zero fields do not filter.
type CommentFilter struct {
	IDs         []int64
	ArticleID   int64
	Status      CommentStatus
	AuthorName  string
	AuthorEmail string
	// OnVisibleArticles keeps only comments on articles readers may see now.
	OnVisibleArticles bool
	// IP and CreatedAfter select a network's recent comments, for rate
	// limits that hold across every node.
	IP           string
	CreatedAfter time.Time
	// CommenterKey keeps the comments posted from one browser, by the
	// hash of its key (BatchComment.CommenterKey): the hold_first policy
	// recognises a regular by it. Comments without a key never match.
	CommenterKey string
	// Newest lists the newest comments first instead of the oldest.
	Newest bool
	// SkipTotal leaves the number of matches uncounted (FindComments
	// returns 0 for it), for a caller that shows no total: counting a
	// long thread costs a read of every entry of it.
	SkipTotal bool
	Limit     int
	Offset    int
}

// CommenterHistory is what the rules for a new comment need to know of
// its writer's earlier comments (CommentStore.FindCommenterHistory).
type CommenterHistory struct {
	// Last is the writer's newest comment on the article, by email
	// address, or nil: the duplicate check compares the new one with it.
	Last *Comment
	// Known reports whether the writer's browser has an approved comment
	// under the same email address, which makes them a regular under
	// hold_first.
	Known bool
}

// RateLimit bounds how many comments one network (Comment.IP) may post
// within a window. The zero RateLimit sets no bound.
type RateLimit struct {
	Max    int
	Window time.Duration
}

// BatchComment is one comment of a batch that a CommentStore stores at
// once (SubmitComments).
type BatchComment struct {
	Comment *Comment
	// Parent, for a reply to a comment earlier in the same batch, is that
	// comment: its ID is not known until the store writes it, and the
	// store sets Comment.ParentID from it then. Otherwise Comment.ParentID
	// names a stored comment, or is zero for a top-level comment.
	Parent *Comment
	// FormNonce is the hash of the single-use nonce of the form the
	// comment was posted with, empty for comments that come from no form
	// (imports, staff replies). The store refuses a second comment with
	// the same one, atomically, with an ECONFLICT on the field "token".
	FormNonce string
	// CommenterKey is the hash of the key of the browser that posted the
	// comment, empty when it came from none. It is stored for the
	// hold_first policy's lookup (CommentFilter.CommenterKey) and, like
	// FormNonce, is never read back into a Comment, so that no page, feed,
	// API answer or export can show it.
	CommenterKey string
	// LastPage, when not nil, is set by the store in the transaction that
	// stores the batch to whether the comment starts a thread on its
	// article's last comment page (CommentPaging): a new thread that is
	// not approved, which only its writer sees, after every thread; or an
	// approved one with no approved thread newer than it, which a thread
	// posted a moment earlier but stored a moment later may be. False for
	// a reply, whose page is its thread's. With it a writer's redirect to
	// a new thread needs no count of the article's threads.
	LastPage *bool
}

// SubmitOptions are what else happens in the transaction that stores a
// submitted comment.
type SubmitOptions struct {
	// Limit bounds the comments of the comment's network; zero sets none.
	Limit RateLimit
	// ApproveParent approves the parent with the reply, if it is held: a
	// staff member answering a held comment publishes both or neither.
	ApproveParent bool
}

// CommentPaging says how an article's comments are broken into pages, as
// WordPress does: by top-level threads, a thread's replies always on the
// page of its top-level comment, pages numbered from the oldest threads
// whichever order a page lists them in.
type CommentPaging struct {
	// PerPage is how many top-level threads a page holds; 0 keeps every
	// comment on the article's own page.
	PerPage int
	// LastByDefault shows the last page, with the newest threads, at the
	// article's own address rather than the first.
	LastByDefault bool
	// NewestFirst lists a page's threads newest first.
	NewestFirst bool
}

// Paged reports whether comments are broken into pages at all.
func (p CommentPaging) Paged() bool { return p.PerPage > 0 }

// Pages returns how many pages an article with threads top-level comments
// has: at least one, which an article without comments shows empty.
func (p CommentPaging) Pages(threads int) int {
	if !p.Paged() || threads <= 0 {
		return 1
	}
	return (threads + p.PerPage - 1) / p.PerPage
}

// DefaultPage returns the page shown at the article's own address.
func (p CommentPaging) DefaultPage(threads int) int {
	if p.LastByDefault {
		return p.Pages(threads)
	}
	return 1
}

// PageOf returns the page of the thread that has position older top-level
// comments before it, among threads. A thread past the end, such as a
// reader's new comment that awaits moderation, is on the last page.
func (p CommentPaging) PageOf(position, threads int) int {
	if !p.Paged() {
		return 1
	}
	return min(max(position, 0)/p.PerPage+1, p.Pages(threads))
}

// ThreadPage selects one page of an article's approved comment threads.
type ThreadPage struct {
	ArticleID int64
	// PerPage is how many top-level threads a page holds.
	PerPage int
	// Page is the page's number, 1 for the oldest threads; 0 asks for the
	// last page, whichever it is.
	Page int
}

// CommentPlace is where a comment sits among its article's threads, from
// which its comment page follows (CommentPaging.PageOf).
type CommentPlace struct {
	ArticleID int64
	// Position is how many approved top-level comments of the article are
	// older than the comment's own top-level comment (the comment itself
	// when it is one), whatever the status of either.
	Position int
	// Threads is how many approved top-level comments the article has.
	Threads int
}
