package masthead

import (
	"strings"
	"testing"
)

// TestAuthorBounds: a display name, an email address and a bio past
// their bounds are refused with the field and a sentence, so that no
// form (the first admin's set-up, the profile, the staff page) stores a
// name the size of a book; at the bound they are stored.
func TestAuthorBounds(t *testing.T) {
	ok := func() *Author {
		return &Author{Name: "Sam Setup", Slug: "sam-setup", Role: RoleAdmin, Email: "sam@staff.example", Bio: "Edits."}
	}
	for _, tt := range []struct {
		field string
		edit  func(a *Author, n int)
		bound int
	}{
		{"name", func(a *Author, n int) { a.Name = strings.Repeat("é", n) }, MaxAuthorNameLength},
		{"email", func(a *Author, n int) { a.Email = strings.Repeat("a", n-len("@staff.example")) + "@staff.example" }, MaxAuthorEmailLength},
		{"bio", func(a *Author, n int) { a.Bio = strings.Repeat("é", n) }, MaxAuthorBioLength},
	} {
		a := ok()
		tt.edit(a, tt.bound)
		if err := a.ValidateStaff(); err != nil {
			t.Errorf("%s at its bound of %d: %v", tt.field, tt.bound, err)
		}
		tt.edit(a, tt.bound+1)
		err := a.ValidateStaff()
		if ErrorCode(err) != EINVALID || ErrorField(err) != tt.field || !strings.Contains(ErrorMessage(err), "at most") {
			t.Errorf("%s over its bound: %v", tt.field, err)
		}
	}
}

// TestAuthorNameDirection: a display name with a direction override or
// isolate is refused, since a byline would show it in the middle of
// other text; right-to-left letters themselves are a name like any.
func TestAuthorNameDirection(t *testing.T) {
	for _, name := range []string{"Sam \u202eputeS", "\u2067Sam\u2069", "Sam\u202a"} {
		a := &Author{Name: name, Slug: "sam", Role: RoleAuthor}
		if err := a.Validate(); ErrorCode(err) != EINVALID || ErrorField(err) != "name" {
			t.Errorf("Validate(%q) = %v, want the name refused", name, err)
		}
	}
	if err := (&Author{Name: "\u05e9\u05de\u05d5\u05d0\u05dc", Slug: "shmuel", Role: RoleAuthor}).Validate(); err != nil {
		t.Errorf("a Hebrew name: %v", err)
	}
}
