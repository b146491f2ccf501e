package masthead

import (
	"context"
	"time"
	"unicode"
)

// PreviewLink lets someone without an account read an article before it
// is published, at an address that carries a secret token. The store keeps
// only a hash of the token, so a copy of the database opens no preview;
// the link shows the article as last saved, until it expires or an editor
// revokes it.
type PreviewLink struct {
	ID        int64
	ArticleID int64
	TokenHash string
	// CreatedBy is the staff member who made the link; it is shown to
	// the newsroom only, never to whoever follows the link.
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt time.Time // zero while the link is not revoked
}

// Usable reports whether the link still opens its preview at now.
func (l *PreviewLink) Usable(now time.Time) bool {
	return l.RevokedAt.IsZero() && now.Before(l.ExpiresAt)
}

// DefaultPreviewLinkLifetime is how long a new preview link works unless
// its maker chooses otherwise: long enough for a source or a lawyer to
// read the story over a weekend.
const DefaultPreviewLinkLifetime = 48 * time.Hour

// PreviewLinkLifetimes are the lifetimes a preview link may be given. A
// link is a secret that travels by email and chat, so none outlives a
// month.
var PreviewLinkLifetimes = []time.Duration{24 * time.Hour, DefaultPreviewLinkLifetime, 7 * 24 * time.Hour, 30 * 24 * time.Hour}

// PreviewLinkRetention is how long the store remembers a link after it
// expired or was revoked, so that following it says so (410) rather
// than that it never existed.
const PreviewLinkRetention = 30 * 24 * time.Hour

// Autosave is the text a staff member was typing in the editor, kept
// apart from the article: one slot per staff member and article (and
// one for the new article they have not saved yet, ArticleID zero), as
// WordPress keeps one autosave per user. Autosaving never changes the
// article itself, so a published article never changes live and nobody
// else's save is overwritten; a real save empties the slot.
type Autosave struct {
	ArticleID int64 // zero: a new article, not saved yet
	AuthorID  int64
	// BaseRevision is the article's revision the editor was opened at.
	// Restoring the autosave brings it back with that revision, so that
	// saving it is refused, with both texts shown, when someone saved in
	// between.
	BaseRevision                 int
	Headline, Dek, Body, Excerpt string
	SavedAt                      time.Time
}

// PreviewStore persists preview links and editors' autosaves.
type PreviewStore interface {
	// CreatePreviewLink stores a new link and sets its ID and CreatedAt,
	// forgetting links that ended more than PreviewLinkRetention ago.
	// Returns EINVALID for an empty token hash or an expiry that is not
	// in the future, and ECONFLICT when the article (or staff member)
	// does not exist or the hash is taken.
	CreatePreviewLink(ctx context.Context, l *PreviewLink) error
	// FindPreviewLink returns the link with the token hash, expired and
	// revoked ones included, so that the caller can tell them apart.
	// Returns ENOTFOUND.
	FindPreviewLink(ctx context.Context, tokenHash string) (*PreviewLink, error)
	// FindPreviewLinks returns the links of an article that still work,
	// newest first.
	FindPreviewLinks(ctx context.Context, articleID int64) ([]*PreviewLink, error)
	// RevokePreviewLink ends a link of an article at once; revoking a
	// revoked link keeps its first revocation time. Returns ENOTFOUND
	// when the article has no link with the id.
	RevokePreviewLink(ctx context.Context, articleID, linkID int64) error

	// SaveAutosave stores a in its staff member's slot for its article,
	// replacing what was there, and sets SavedAt. Returns ECONFLICT when
	// the staff member or the article does not exist.
	SaveAutosave(ctx context.Context, a *Autosave) error
	// FindAutosave returns a staff member's autosave of an article (zero:
	// of their new article). Returns ENOTFOUND.
	FindAutosave(ctx context.Context, articleID, authorID int64) (*Autosave, error)
	// DeleteAutosave empties a staff member's slot for an article;
	// emptying an empty one is no error.
	DeleteAutosave(ctx context.Context, articleID, authorID int64) error
}

// WordsPerMinute is the reading speed behind reading times: a common
// figure for adults reading news on a screen.
const WordsPerMinute = 230

// CountWords counts the words of a Markdown body: runs of characters
// between spaces that hold at least one letter or digit, so that list
// bullets, heading marks and rules do not count. The editor's script
// counts the same way, so the live count and the server's agree.
func CountWords(markdown string) int {
	n, inWord, hasText := 0, false, false
	for _, r := range markdown {
		if unicode.IsSpace(r) {
			if inWord && hasText {
				n++
			}
			inWord, hasText = false, false
			continue
		}
		inWord = true
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			hasText = true
		}
	}
	if inWord && hasText {
		n++
	}
	return n
}

// ReadingMinutes is how many minutes words take to read, rounded up, and
// at least one for any text at all.
func ReadingMinutes(words int) int {
	if words <= 0 {
		return 0
	}
	return (words + WordsPerMinute - 1) / WordsPerMinute
}
