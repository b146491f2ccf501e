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
}

// DefaultSite returns the settings of a fresh site.
func DefaultSite() *Site {
	return &Site{
		Title:        "Masthead",
		Tagline:      "News, independently published",
		Language:     "en",
		TimeZone:     "UTC",
		CommentDepth: 5,
		PageSize:     10,
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
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" {
		return FieldErrorf("time_zone", "%q is not a known time zone.", s.TimeZone)
	}
	return nil
}
