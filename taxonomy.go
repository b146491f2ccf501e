package masthead

import "strings"

// Category is a section of the publication. Each article has one primary
// category.
type Category struct {
	ID          int64
	Name        string
	Slug        string
	Description string
	ExternalID  string
}

// Path returns the category archive's path.
func (c *Category) Path() string { return "/category/" + c.Slug + "/" }

// Validate reports the first field that cannot be stored.
func (c *Category) Validate() error {
	if err := checkText(textField{"name", "name", c.Name}, textField{"description", "description", c.Description}); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(c.Name) == "":
		return FieldErrorf("name", "The category name is required.")
	case !ValidSlug(c.Slug):
		return FieldErrorf("slug", "The slug may hold only lower-case letters, digits and single hyphens.")
	}
	return nil
}

// Tag is a free keyword attached to articles.
type Tag struct {
	ID   int64
	Name string
	Slug string
	// Description introduces the tag's page; most tags have none.
	Description string
	ExternalID  string
}

// Path returns the tag archive's path.
func (t *Tag) Path() string { return "/tag/" + t.Slug + "/" }

// Validate reports the first field that cannot be stored.
func (t *Tag) Validate() error {
	if err := checkText(textField{"name", "name", t.Name}, textField{"description", "description", t.Description}); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(t.Name) == "":
		return FieldErrorf("name", "The tag name is required.")
	case !ValidSlug(t.Slug):
		return FieldErrorf("slug", "The slug may hold only lower-case letters, digits and single hyphens.")
	}
	return nil
}

// TagFilter selects tags.
type TagFilter struct {
	// Published keeps only tags on an article readers may see now.
	Published bool
	Limit     int
	Offset    int
}
