package masthead

import (
	"strings"
	"time"
	"unicode/utf8"
)

// A Pin puts an article at the top of the home page or of a section's
// page, ahead of the newest articles, until an editor removes it or its
// expiry comes. Pins are how a desk keeps the day's big story in front of
// readers while the wire keeps publishing below it.
//
// A pin shows only while its article is one readers may see (published,
// its publish time passed) and, on a section's page, while the article is
// still in that section; otherwise the list falls back silently to the
// newest articles, and the pin shows again once its article does.
type Pin struct {
	ID int64
	// SectionID is the section whose page the pin tops; 0 for the home
	// page.
	SectionID int64
	ArticleID int64
	// Position is the pin's place in its list, from 1.
	Position int
	// ExpiresAt is when the pin stops showing and is removed; zero for
	// never.
	ExpiresAt time.Time
	CreatedBy int64
	CreatedAt time.Time

	// Article is the pinned article as it stands, without its body, as
	// FindPins returns it for the newsroom.
	Article *Article
}

// MaxPins bounds the pins of one list, so that a front stays curated
// rather than frozen, and what a page load reads of the pins never grows.
const MaxPins = 10

// Validate reports the first field that cannot be stored at now: an expiry
// must lie ahead, since a pin that has already expired would never show.
func (p *Pin) Validate(now time.Time) error {
	switch {
	case p.ArticleID <= 0:
		return FieldErrorf("article", "Choose the article to pin.")
	case p.SectionID < 0:
		return FieldErrorf("section", "Choose the home page or a section.")
	case !p.ExpiresAt.IsZero() && !p.ExpiresAt.After(now):
		return FieldErrorf("expires", "The expiry must be in the future; leave it empty for a pin that stays until it is removed.")
	}
	return nil
}

// ShowsAt reports whether the pin itself still stands at now; whether its
// article shows is for the article to say (Article.VisibleAt).
func (p *Pin) ShowsAt(now time.Time) bool {
	return p.ExpiresAt.IsZero() || p.ExpiresAt.After(now)
}

// CheckPinnable returns an EINVALID error for the "article" field when a
// may not be pinned to the list of sectionID (0 for the home page): pages
// are never in lists; drafts and articles waiting for review are not
// news yet; and a section's page shows only its own articles. A
// scheduled article may be pinned: the pin shows from its publish time.
func CheckPinnable(a *Article, sectionID int64) error {
	switch {
	case a.IsPage():
		return FieldErrorf("article", "Pages are not in lists; only an article can be pinned.")
	case a.Status != StatusPublished && a.Status != StatusScheduled:
		return FieldErrorf("article", "Only a published or scheduled article can be pinned.")
	case sectionID != 0 && (a.Category == nil || a.Category.ID != sectionID):
		return FieldErrorf("article", "Only an article of this section can be pinned to its page.")
	}
	return nil
}

// Breaking is the strip at the top of every public page that announces
// breaking news: one line of text and the address it leads to. It is off
// while its text is empty.
type Breaking struct {
	Text string
	// URL is a path of this site or an http(s) address.
	URL string
	// ExpiresAt is when the strip switches itself off; zero for never.
	ExpiresAt time.Time
}

// MaxBreakingLength bounds the strip's line, so that it stays a line on
// a phone rather than a paragraph.
const MaxBreakingLength = 140

// On reports whether the strip shows at now.
func (b Breaking) On(now time.Time) bool {
	return b.Text != "" && (b.ExpiresAt.IsZero() || b.ExpiresAt.After(now))
}

// Validate reports the first field of a strip that is switched on and
// cannot be stored at now. A strip without text is off, whatever else it
// holds.
func (b Breaking) Validate(now time.Time) error {
	if err := checkText(textField{"breaking_text", "text", b.Text}); err != nil {
		return err
	}
	text := strings.TrimSpace(b.Text)
	switch {
	case text == "":
		return nil
	case strings.ContainsAny(text, "\r\n"):
		return FieldErrorf("breaking_text", "The strip holds one line of text.")
	case utf8.RuneCountInString(text) > MaxBreakingLength:
		return FieldErrorf("breaking_text", "The strip's text may be at most %d characters long.", MaxBreakingLength)
	case b.URL == "":
		return FieldErrorf("breaking_url", "Give the address the strip leads to, such as the story's.")
	case !b.ExpiresAt.IsZero() && !b.ExpiresAt.After(now):
		return FieldErrorf("breaking_expires", "The expiry must be in the future; leave it empty to keep the strip until it is switched off.")
	}
	if err := CheckMenuURL(b.URL); err != nil {
		// The menu's refusal, translated as it is, on the strip's field.
		moved := *err
		moved.Field = "breaking_url"
		return &moved
	}
	return nil
}
