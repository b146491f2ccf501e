package masthead

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Role is a staff member's level of access to the newsroom.
type Role string

// Roles, from least to most powerful.
const (
	RoleContributor Role = "contributor"
	RoleAuthor      Role = "author"
	RoleEditor      Role = "editor"
	RoleAdmin       Role = "admin"
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	switch r {
	case RoleContributor, RoleAuthor, RoleEditor, RoleAdmin:
		return true
	}
	return false
}

// Author is a newsroom staff member as readers see them in bylines and on
// their author page.
type Author struct {
	ID   int64
	Name string
	Slug string
	Bio  string
	Role Role
	// Email is the private login address. It must never reach public output.
	Email string
	// ExternalID keeps the id the author had in a system we imported from.
	ExternalID string
	// Avatar is the staff member's picture from the media library; nil
	// when they have none. Only its id, name, widths and description are
	// filled.
	Avatar *Media
	// DisabledAt is when an admin disabled the account; zero while it is
	// active. A disabled account cannot sign in, but its bylines, articles
	// and author page stay, since what it published is still the paper's.
	DisabledAt time.Time
	// Language is the BCP 47 tag of the language the newsroom's pages are
	// shown in to this staff member; empty for the site's language.
	Language string

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Disabled reports whether the account may no longer sign in.
func (a *Author) Disabled() bool { return !a.DisabledAt.IsZero() }

// Path returns the author page's path.
func (a *Author) Path() string { return "/author/" + a.Slug + "/" }

// Bounds of an author's fields. WordPress keeps display names in 250
// characters, so no import meets the bound; an email address cannot be
// longer than 254 bytes and still be delivered (RFC 5321); a bio is a
// paragraph or a few, never a document.
const (
	MaxAuthorNameLength  = 250
	MaxAuthorEmailLength = 254
	MaxAuthorBioLength   = 65535
)

// Validate reports the first field that cannot be stored.
func (a *Author) Validate() error {
	if err := checkText(textField{"name", "display name", a.Name}, textField{"bio", "bio", a.Bio},
		textField{"email", "email address", a.Email}); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(a.Name) == "":
		return FieldErrorf("name", "The display name is required.")
	case strings.ContainsAny(a.Name, directionControls):
		// Bylines show the name in the middle of other text, which an
		// override would turn around.
		return FieldErrorf("name", "The display name contains a direction control, which would turn the text around it; please type it again.")
	case utf8.RuneCountInString(a.Name) > MaxAuthorNameLength:
		return FieldErrorf("name", "The display name may be at most %d characters long.", MaxAuthorNameLength)
	case len(a.Email) > MaxAuthorEmailLength:
		return FieldErrorf("email", "The email address may be at most %d characters long.", MaxAuthorEmailLength)
	case utf8.RuneCountInString(a.Bio) > MaxAuthorBioLength:
		return FieldErrorf("bio", "The bio may be at most %d characters long.", MaxAuthorBioLength)
	case !ValidSlug(a.Slug):
		return FieldErrorf("slug", "The slug may hold only lower-case letters, digits and single hyphens.")
	case !a.Role.Valid():
		return FieldErrorf("role", "%q is not a role.", a.Role)
	case a.Language != "" && !validLanguageTag(a.Language):
		return FieldErrorf("language", "%q is not a language tag such as de, fr-CA or ar.", a.Language)
	}
	if len(a.Email) > MaxEmailBytes {
		return FieldErrorf("email", "An email address is at most %d characters long.", MaxEmailBytes)
	}
	if a.Email != "" {
		if addr, err := mail.ParseAddress(a.Email); err != nil || addr.Address != a.Email {
			return FieldErrorf("email", "%q is not a valid email address.", a.Email)
		}
	}
	return nil
}

// validLanguageTag reports whether s is a well-formed BCP 47 tag.
func validLanguageTag(s string) bool {
	_, err := language.Parse(s)
	return err == nil && len(s) <= 35
}

// ValidateStaff is Validate for a staff account that signs in: it also
// needs the email address it signs in with.
func (a *Author) ValidateStaff() error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.Email == "" {
		return FieldErrorf("email", "The email address is required: it is what the account signs in with.")
	}
	return nil
}

// AuthorFilter selects authors.
type AuthorFilter struct {
	IDs []int64
	// Published keeps only authors with an article readers may see now.
	Published bool
	Limit     int
	Offset    int
}
