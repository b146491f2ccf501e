package masthead

import (
	"strings"
	"time"
)

// Site holds the settings that shape the public site.
type Site struct {
	Title    string
	Tagline  string
	Language string // BCP 47 tag for <html lang>, e.g. "en"
	TimeZone string // IANA name; dates in URLs and on pages use it
	// CommentDepth is how deeply replies nest before they flatten.
	CommentDepth int
	// PageSize is how many articles a list page shows.
	PageSize int

	// CommentModeration is the policy for new comments: ModerateHoldAll,
	// ModerateHoldFirst or ModerateApproveAll.
	CommentModeration string
	// CommentMinSeconds is how long a reader must have had the form before
	// posting; a faster post is a bot's.
	CommentMinSeconds int
	// CommentMaxLinks is how many links a comment may hold before it is
	// held for moderation.
	CommentMaxLinks int
	// CommentHoldWords and CommentSpamWords hold one word or phrase per
	// line; a comment containing one is held, or marked as spam.
	CommentHoldWords string
	CommentSpamWords string
}

// Comment moderation policies.
const (
	// ModerateHoldAll holds every comment for a moderator.
	ModerateHoldAll = "hold_all"
	// ModerateHoldFirst holds a person's first comment and approves later
	// ones from the same name and email, as WordPress does by default.
	ModerateHoldFirst = "hold_first"
	// ModerateApproveAll publishes comments at once unless a spam rule
	// holds them.
	ModerateApproveAll = "approve_all"
)

// DefaultSite returns the settings of a fresh site.
func DefaultSite() *Site {
	return &Site{
		Title:        "Masthead",
		Tagline:      "News, independently published",
		Language:     "en",
		TimeZone:     "UTC",
		CommentDepth: 5,
		PageSize:     10,

		CommentModeration: ModerateHoldFirst,
		CommentMinSeconds: 2,
		CommentMaxLinks:   2,
	}
}

// Location returns the site's time zone, falling back to UTC when the name
// is unknown so that a bad setting never takes the site down.
func (s *Site) Location() *time.Location {
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Validate reports the first setting that cannot be used.
func (s *Site) Validate() error {
	switch {
	case strings.TrimSpace(s.Title) == "":
		return FieldErrorf("title", "The site title is required.")
	case strings.TrimSpace(s.Language) == "":
		return FieldErrorf("language", "The language is required.")
	case s.CommentDepth < 1 || s.CommentDepth > 10:
		return FieldErrorf("comment_depth", "Comment threading depth must be between 1 and 10.")
	case s.PageSize < 1 || s.PageSize > 100:
		return FieldErrorf("page_size", "Articles per page must be between 1 and 100.")
	case s.CommentModeration != ModerateHoldAll && s.CommentModeration != ModerateHoldFirst && s.CommentModeration != ModerateApproveAll:
		return FieldErrorf("comment_moderation", "%q is not a moderation policy.", s.CommentModeration)
	case s.CommentMinSeconds < 0 || s.CommentMinSeconds > 600:
		return FieldErrorf("comment_min_seconds", "The minimum time to write a comment must be between 0 and 600 seconds.")
	case s.CommentMaxLinks < 0 || s.CommentMaxLinks > 100:
		return FieldErrorf("comment_max_links", "The number of links allowed must be between 0 and 100.")
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" {
		return FieldErrorf("time_zone", "%q is not a known time zone.", s.TimeZone)
	}
	return nil
}
