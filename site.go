package masthead

import (
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
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
	// BaseURL is the site's public address, such as
	// https://news.example.org, for canonical links and feeds; empty means
	// the address readers use. The --base-url flag, when given, wins.
	BaseURL string

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

	// CommentPages breaks an article's comments into pages of
	// CommentPageSize top-level threads, as WordPress's "Break comments
	// into pages" does: CommentPagesOn or CommentPagesOff.
	CommentPages    string
	CommentPageSize int
	// CommentDefaultPage is the page shown at the article's own address:
	// CommentPageLast (the newest threads) or CommentPageFirst.
	CommentDefaultPage string
	// CommentOrder lists each page's threads CommentsOldestFirst or
	// CommentsNewestFirst; replies always follow their parent oldest first.
	CommentOrder string

	// Branding (see brand.go). Logo, Icon and SocialImage name images of
	// the media library by id, 0 for none: the masthead's logo, the image
	// the favicon and touch icons are made from, and the picture social
	// cards show when a page has none of its own.
	Logo        int64
	Icon        int64
	SocialImage int64
	// AccentColor is "#rrggbb" (or "#rgb"), or empty for the theme's own;
	// it must be readable as text on the light page, and a lighter shade
	// of it is worked out for dark mode (AccentColors).
	AccentColor string
	// FooterText is a line of plain text for the foot of every page, such
	// as the publisher's legal name or a licence.
	FooterText string
	// Theme is the look of the public site: one of Themes. The serve
	// command's --theme flag, when given, wins.
	Theme string
	// Outgoing mail (package mail): the SMTP server's host and port (0:
	// the usual port of the security), its security (MailSecurity*),
	// the user and password to sign in with (none when the user is
	// empty), and the address mail comes from. An empty security means
	// STARTTLS. The serve command's
	// --smtp-* flags, when given, win field by field.
	SMTPHost     string
	SMTPPort     int
	SMTPSecurity string
	SMTPUser     string
	SMTPPassword Secret
	MailFrom     string
	// ErasureMode is what erasing a commenter's data does to their
	// comments' text: ErasureRemoveText or ErasureKeepText (see
	// privacy.go); empty means ErasureRemoveText.
	ErasureMode string
	// Retention settings, in days, 0 meaning for ever (Site.Retention):
	// comments' networks and browser keys, sign-in attempts, spam and
	// trashed comments, held comments.
	RetainNetworksDays int
	RetainSignInsDays  int
	RetainSpamDays     int
	RetainHeldDays     int
	// HeldDigest is when editors and admins get a mail listing comments
	// newly held for moderation: HeldDigestImmediately, Hourly, Daily or
	// Never (followup.go).
	HeldDigest string

	// Breaking is the breaking-news strip. It is no setting of the
	// Settings page: editors switch it on the front page's admin, and it
	// is stored apart (Store.SaveBreaking), so that saving the settings
	// never switches it back.
	Breaking Breaking
}

// Values of the comment paging settings.
const (
	CommentPagesOn      = "on"
	CommentPagesOff     = "off"
	CommentPageLast     = "last"
	CommentPageFirst    = "first"
	CommentsOldestFirst = "oldest"
	CommentsNewestFirst = "newest"
)

// MaxCommentPageSize bounds the top-level threads of one comment page, so
// that no setting makes a page unbounded again.
const MaxCommentPageSize = 500

// Comment moderation policies.
const (
	// ModerateHoldAll holds every comment for a moderator.
	ModerateHoldAll = "hold_all"
	// ModerateHoldFirst holds a person's first comment and approves later
	// ones, as WordPress does by default; unlike WordPress, "the same
	// person" is the same email address from a browser that already has
	// an approved comment under it, not a name and email anyone can type.
	ModerateHoldFirst = "hold_first"
	// ModerateApproveAll publishes comments at once unless a spam rule
	// holds them.
	ModerateApproveAll = "approve_all"
)

// The security of the connection to the SMTP server.
const (
	// MailSecurityStartTLS upgrades a plain connection (port 587) with
	// STARTTLS, and refuses a server that cannot.
	MailSecurityStartTLS = "starttls"
	// MailSecurityTLS speaks TLS from the start (port 465).
	MailSecurityTLS = "tls"
	// MailSecurityNone sends in the clear (port 25), for a relay on the
	// same machine or network.
	MailSecurityNone = "none"
)

// Secret is a setting that can be written but is never shown: printed,
// logged, marshalled or rendered, it says only whether it is set, so that
// no listing, log line, page or dump can carry it by mistake. Reveal
// returns the value itself, for the one place that uses it.
type Secret string

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return string(s) }

// String says whether the secret is set: "(set)" or "".
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "(set)"
}

// GoString keeps %#v from printing the secret.
func (s Secret) GoString() string { return s.String() }

// MarshalText keeps JSON and other encodings from writing the secret.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// SecretSettingNames are the settings that are written but never listed
// with their value: String and Get say only whether each is set.
var SecretSettingNames = []string{"smtp_password"}

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

		// WordPress leaves comment pages off, but then an article with
		// thousands of comments is one page of megabytes; on, with
		// WordPress's other defaults, a page stays bounded and an article
		// with fewer than 50 threads looks the same either way.
		CommentPages:       CommentPagesOn,
		CommentPageSize:    50,
		CommentDefaultPage: CommentPageLast,
		CommentOrder:       CommentsOldestFirst,

		Theme: ThemeStandard,

		SMTPSecurity:       MailSecurityStartTLS,
		ErasureMode:        ErasureRemoveText,
		RetainNetworksDays: DefaultRetainNetworksDays,
		RetainSignInsDays:  DefaultRetainSignInsDays,
		RetainSpamDays:     DefaultRetainSpamDays,
		RetainHeldDays:     DefaultRetainHeldDays,
		HeldDigest:         HeldDigestNever,
	}
}

// CommentPaging returns how the settings break comments into pages.
func (s *Site) CommentPaging() CommentPaging {
	p := CommentPaging{LastByDefault: s.CommentDefaultPage != CommentPageFirst, NewestFirst: s.CommentOrder == CommentsNewestFirst}
	if s.CommentPages != CommentPagesOff {
		p.PerPage = s.CommentPageSize
	}
	return p
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
	if err := checkText(textField{"title", "title", s.Title}, textField{"tagline", "tagline", s.Tagline},
		textField{"comment_hold_words", "list of words", s.CommentHoldWords},
		textField{"comment_spam_words", "list of words", s.CommentSpamWords},
		textField{"footer_text", "footer text", s.FooterText}); err != nil {
		return err
	}
	if err := s.validateBranding(); err != nil {
		return err
	}
	if err := validHeldDigest(s.HeldDigest); err != nil {
		return err
	}
	if err := s.validatePrivacy(); err != nil {
		return err
	}
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
	case s.CommentPages != CommentPagesOn && s.CommentPages != CommentPagesOff:
		return FieldErrorf("comment_pages", "Comment pages must be %q or %q, not %q.", CommentPagesOn, CommentPagesOff, s.CommentPages)
	case s.CommentPageSize < 1 || s.CommentPageSize > MaxCommentPageSize:
		return FieldErrorf("comment_page_size", "Top-level comments per page must be between 1 and %d.", MaxCommentPageSize)
	case s.CommentDefaultPage != CommentPageLast && s.CommentDefaultPage != CommentPageFirst:
		return FieldErrorf("comment_default_page", "The comment page shown first must be %q or %q, not %q.", CommentPageLast, CommentPageFirst, s.CommentDefaultPage)
	case s.CommentOrder != CommentsOldestFirst && s.CommentOrder != CommentsNewestFirst:
		return FieldErrorf("comment_order", "The comment order must be %q or %q, not %q.", CommentsOldestFirst, CommentsNewestFirst, s.CommentOrder)
	}
	if err := s.validateMail(); err != nil {
		return err
	}
	if s.BaseURL != "" {
		u, err := url.Parse(s.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" {
			return FieldErrorf("base_url", "The base URL must be an address such as https://news.example.org, without a path.")
		}
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" {
		return FieldErrorf("time_zone", "%q is not a known time zone.", s.TimeZone)
	}
	return nil
}

// SettingNames lists the site settings by the names they are stored and
// set under, in the order a listing shows them.
var SettingNames = []string{
	"title", "tagline", "base_url", "language", "time_zone", "page_size", "comment_depth",
	"comment_moderation", "comment_min_seconds", "comment_max_links", "comment_hold_words", "comment_spam_words",
	"comment_pages", "comment_page_size", "comment_default_page", "comment_order",
	"logo", "icon", "social_image", "accent_color", "footer_text", "theme",
	"smtp_host", "smtp_port", "smtp_security", "smtp_user", "mail_from",
	"erasure_mode", "retain_networks_days", "retain_sign_ins_days", "retain_spam_days", "retain_held_days",
	"held_digest",
}

// setting points at one field of a Site: a string, an int or an image's
// id.
func (s *Site) setting(name string) (str *string, num *int, id *int64) {
	switch name {
	case "logo":
		return nil, nil, &s.Logo
	case "icon":
		return nil, nil, &s.Icon
	case "social_image":
		return nil, nil, &s.SocialImage
	case "accent_color":
		return &s.AccentColor, nil, nil
	case "footer_text":
		return &s.FooterText, nil, nil
	case "theme":
		return &s.Theme, nil, nil
	case "smtp_host":
		return &s.SMTPHost, nil, nil
	case "smtp_port":
		return nil, &s.SMTPPort, nil
	case "smtp_security":
		return &s.SMTPSecurity, nil, nil
	case "smtp_user":
		return &s.SMTPUser, nil, nil
	case "mail_from":
		return &s.MailFrom, nil, nil
	}
	str, num = s.textOrNumber(name)
	return str, num, nil
}

// textOrNumber points at one of the settings that are text or a number.
func (s *Site) textOrNumber(name string) (str *string, num *int) {
	switch name {
	case "title":
		return &s.Title, nil
	case "tagline":
		return &s.Tagline, nil
	case "base_url":
		return &s.BaseURL, nil
	case "language":
		return &s.Language, nil
	case "time_zone":
		return &s.TimeZone, nil
	case "page_size":
		return nil, &s.PageSize
	case "comment_depth":
		return nil, &s.CommentDepth
	case "comment_moderation":
		return &s.CommentModeration, nil
	case "comment_min_seconds":
		return nil, &s.CommentMinSeconds
	case "comment_max_links":
		return nil, &s.CommentMaxLinks
	case "comment_hold_words":
		return &s.CommentHoldWords, nil
	case "comment_spam_words":
		return &s.CommentSpamWords, nil
	case "comment_pages":
		return &s.CommentPages, nil
	case "comment_page_size":
		return nil, &s.CommentPageSize
	case "comment_default_page":
		return &s.CommentDefaultPage, nil
	case "comment_order":
		return &s.CommentOrder, nil
	case "erasure_mode":
		return &s.ErasureMode, nil
	case "retain_networks_days":
		return nil, &s.RetainNetworksDays
	case "retain_sign_ins_days":
		return nil, &s.RetainSignInsDays
	case "retain_spam_days":
		return nil, &s.RetainSpamDays
	case "retain_held_days":
		return nil, &s.RetainHeldDays
	case "held_digest":
		return &s.HeldDigest, nil
	}
	return nil, nil
}

// Get returns a setting as text, and false for an unknown name.
func (s *Site) Get(name string) (string, bool) {
	if name == "smtp_password" {
		return s.SMTPPassword.String(), true
	}
	str, num, id := s.setting(name)
	switch {
	case str != nil:
		return *str, true
	case num != nil:
		return strconv.Itoa(*num), true
	case id != nil:
		return strconv.FormatInt(*id, 10), true
	}
	return "", false
}

// Stored returns a setting as the store keeps it: as Get does, but a
// secret's own value. Only stores call it.
func (s *Site) Stored(name string) (string, bool) {
	if name == "smtp_password" {
		return s.SMTPPassword.Reveal(), true
	}
	return s.Get(name)
}

// Set changes a setting from text. It returns EINVALID for an unknown name
// or a number that is not one; Validate checks the value's range.
func (s *Site) Set(name, value string) error {
	if name == "smtp_password" {
		s.SMTPPassword = Secret(value)
		return nil
	}
	str, num, id := s.setting(name)
	switch {
	case str != nil:
		*str = value
	case num != nil:
		n, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil {
			return FieldErrorf(name, "The setting %s must be a whole number, not %q.", name, value)
		}
		*num = n
	case id != nil:
		v := strings.TrimSpace(value)
		if v == "" {
			v = "0" // an empty choice is no image
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return FieldErrorf(name, "The setting %s must be the number of an image in the media library, or 0 for none, not %q.", name, value)
		}
		*id = n
	default:
		return FieldErrorf(name, "There is no setting called %q; the settings are %s.", name, strings.Join(SettingNames, ", "))
	}
	return nil
}

// String lists the settings, one "name = value" per line.
func (s *Site) String() string {
	var b strings.Builder
	for _, name := range SettingNames {
		v, _ := s.Get(name)
		fmt.Fprintf(&b, "%s = %q\n", name, v)
	}
	for _, name := range SecretSettingNames {
		v, _ := s.Get(name)
		if v == "" {
			v = "(not set)"
		}
		fmt.Fprintf(&b, "%s = %s\n", name, v)
	}
	return b.String()
}

// ForgetMovedSMTPPassword clears the SMTP password when the SMTP server
// or user differs from before's and no new password was given with the
// change (given), so that a password is never sent to a server, or for a
// user, it was not typed for: whoever moves the mail elsewhere types the
// password again. It reports whether it cleared one. The settings page
// and the command line both call it before storing the settings.
func (s *Site) ForgetMovedSMTPPassword(before *Site, given bool) bool {
	if given || s.SMTPPassword == "" || before == nil {
		return false
	}
	if strings.EqualFold(strings.TrimSpace(s.SMTPHost), strings.TrimSpace(before.SMTPHost)) && s.SMTPUser == before.SMTPUser {
		return false
	}
	s.SMTPPassword = ""
	return true
}

// validateMail checks the mail settings.
func (s *Site) validateMail() error {
	switch {
	case strings.ContainsAny(s.SMTPHost, " \t\r\n/"):
		return FieldErrorf("smtp_host", "The SMTP server must be a host name such as smtp.example.org, without spaces or a path.")
	case s.SMTPPort < 0 || s.SMTPPort > 65535:
		return FieldErrorf("smtp_port", "The SMTP port must be between 1 and 65535, or 0 for the usual port.")
	case s.SMTPSecurity != "" && s.SMTPSecurity != MailSecurityStartTLS && s.SMTPSecurity != MailSecurityTLS && s.SMTPSecurity != MailSecurityNone:
		return FieldErrorf("smtp_security", "The SMTP security must be %q, %q or %q, not %q.", MailSecurityStartTLS, MailSecurityTLS, MailSecurityNone, s.SMTPSecurity)
	case strings.ContainsAny(s.SMTPUser+s.SMTPPassword.Reveal(), "\r\n"):
		return FieldErrorf("smtp_user", "The SMTP user and password cannot hold line breaks.")
	}
	if s.MailFrom != "" {
		if a, err := mail.ParseAddress(s.MailFrom); err != nil || a.Name != "" || a.Address != s.MailFrom {
			return FieldErrorf("mail_from", "The sender address must be an email address such as news@example.org, without a name: the site's title is the name.")
		}
	}
	return nil
}
