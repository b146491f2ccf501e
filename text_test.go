package masthead

import (
	"strings"
	"testing"
)

// TestTextFieldsRefuseControlCharacters: every text field a person types
// refuses bytes that are not UTF-8 and control characters, by field and
// with a sentence, and keeps tabs and line breaks.
func TestTextFieldsRefuseControlCharacters(t *testing.T) {
	author := &Author{ID: 1, Name: "Ana", Slug: "ana", Role: RoleAuthor}
	validators := map[string]func(bad string) (field string, err error){
		"comment body": func(bad string) (string, error) {
			c := &Comment{ArticleID: 1, Body: bad, AuthorName: "Fay", AuthorEmail: "fay@reader.example", Status: CommentPending}
			return "comment", c.Validate()
		},
		"comment name": func(bad string) (string, error) {
			c := &Comment{ArticleID: 1, Body: "Hello", AuthorName: bad, AuthorEmail: "fay@reader.example", Status: CommentPending}
			return "author", c.Validate()
		},
		"headline": func(bad string) (string, error) {
			a := &Article{Headline: bad, Slug: "a", Status: StatusDraft, Authors: []*Author{author}}
			return "headline", a.Validate()
		},
		"body": func(bad string) (string, error) {
			a := &Article{Headline: "H", BodySource: bad, Slug: "a", Status: StatusDraft, Authors: []*Author{author}}
			return "body", a.Validate()
		},
		"correction": func(bad string) (string, error) {
			return "text", (&Correction{Kind: CorrectionKind, Text: bad}).Validate()
		},
		"author bio": func(bad string) (string, error) {
			a := *author
			a.Bio = bad
			return "bio", a.Validate()
		},
		"tag name": func(bad string) (string, error) { return "name", (&Tag{Name: bad, Slug: "t"}).Validate() },
		"section description": func(bad string) (string, error) {
			return "description", (&Category{Name: "Local", Slug: "local", Description: bad}).Validate()
		},
		"site title": func(bad string) (string, error) {
			s := DefaultSite()
			s.Title = bad
			return "title", s.Validate()
		},
		"image caption": func(bad string) (string, error) {
			m := &Media{Name: "a.jpg", Width: 1, Height: 1, AltText: "A gull", Caption: bad}
			return "caption", m.Validate()
		},
		"menu label": func(bad string) (string, error) {
			m := &Menu{Location: MenuHeader, Items: []*MenuItem{{Label: bad, Kind: TargetURL, URL: "/about/"}}}
			return "items.0.label", m.Validate()
		},
	}
	for name, validate := range validators {
		for _, bad := range []string{"nul\x00here", "escape\x1b[31m", "c1\u0085control", "broken \xff text", "non\uffffchar"} {
			field, err := validate(bad)
			if err == nil {
				t.Errorf("%s %q: accepted", name, bad)
				continue
			}
			var e *Error
			if problems, ok := err.(Problems); ok {
				e = problems[0]
			} else if !asError(err, &e) {
				t.Fatalf("%s: %v is not a field error", name, err)
			}
			if e.Field != field || !strings.HasSuffix(e.Message, ".") {
				t.Errorf("%s %q: field %q message %q, want field %q and a sentence", name, bad, e.Field, e.Message, field)
			}
		}
		if field, err := validate("tab\tand\nlines\r\nand ünïcode ‮"); err != nil && strings.Contains(err.Error(), "control character") {
			t.Errorf("%s: ordinary text refused as %s: %v", name, field, err)
		}
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	*target = e
	return ok
}

func TestStripDirectionControls(t *testing.T) {
	if got := StripDirectionControls("Fay \u202egnirts\u202c Quinn\u2066\u2069"); got != "Fay gnirts Quinn" {
		t.Errorf("got %q", got)
	}
	if s := "نور الهدى"; StripDirectionControls(s) != s {
		t.Error("a right-to-left name was changed")
	}
}
