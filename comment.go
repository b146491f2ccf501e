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
	IP        string
	CreatedAt time.Time

	ExternalID string
}

// Validate reports the first field that cannot be stored.
func (c *Comment) Validate() error {
	switch {
	case c.ArticleID == 0:
		return FieldErrorf("article", "The comment must belong to an article.")
	case strings.TrimSpace(c.Body) == "":
		return FieldErrorf("comment", "Please type a comment.")
	case len([]rune(c.Body)) > MaxCommentBodyLength:
		return FieldErrorf("comment", "The comment may be at most %d characters long.", MaxCommentBodyLength)
	case strings.TrimSpace(c.AuthorName) == "":
		return FieldErrorf("author", "Please enter your name.")
	case len([]rune(c.AuthorName)) > MaxCommentNameLength:
		return FieldErrorf("author", "The name may be at most %d characters long.", MaxCommentNameLength)
	case strings.TrimSpace(c.AuthorEmail) == "":
		return FieldErrorf("email", "Please enter your email address.")
	case len(c.AuthorEmail) > MaxCommentEmailLength:
		return FieldErrorf("email", "The email address may be at most %d characters long.", MaxCommentEmailLength)
	case len(c.AuthorURL) > MaxCommentWebsiteLength:
		return FieldErrorf("url", "The website may be at most %d characters long.", MaxCommentWebsiteLength)
	case c.AuthorURL != "" && !IsWebURL(c.AuthorURL):
		return FieldErrorf("url", "The website must be an http or https address.")
	case !c.Status.Valid():
		return FieldErrorf("status", "%q is not a comment status.", c.Status)
	}
	if addr, err := mail.ParseAddress(c.AuthorEmail); err != nil || addr.Address != c.AuthorEmail {
		return FieldErrorf("email", "Please enter a valid email address.")
	}
	return nil
}

// CommentFilter selects comments.
type CommentFilter struct {
	ArticleID int64
	Status    CommentStatus
	Limit     int
	Offset    int
}
