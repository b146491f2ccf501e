// Package content prepares articles for storage in one place, so that the
// web editor, the demo and importers all derive slugs, HTML and excerpts the
// same way.
package content

import (
	"fmt"
	"strings"

	"masthead"
	"masthead/markdown"
)

// ExcerptLength is the longest derived excerpt, in characters.
const ExcerptLength = 240

// PrepareArticle fills the derived fields of a before it is saved: the slug
// from the headline when none is set, BodyHTML from BodySource, and the
// excerpt from the body when none was written.
func PrepareArticle(a *masthead.Article) error {
	a.Headline = strings.TrimSpace(a.Headline)
	if a.Slug == "" {
		a.Slug = masthead.Slugify(a.Headline)
	}
	html, err := markdown.Render(a.BodySource)
	if err != nil {
		return fmt.Errorf("render body: %w", err)
	}
	a.BodyHTML = html
	if strings.TrimSpace(a.Excerpt) == "" {
		a.Excerpt = markdown.Excerpt(html, ExcerptLength)
	}
	return nil
}
