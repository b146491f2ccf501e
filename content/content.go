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
// from the headline when none is set (marked generated, so that the store
// numbers it when it is taken), BodyHTML from BodySource, and the
// excerpt. A generated excerpt (a.ExcerptGenerated, or an empty one) is made
// again from the body on every save, so that it follows the body's edits;
// one somebody wrote is kept as written.
func PrepareArticle(a *masthead.Article) error {
	a.Headline = strings.TrimSpace(a.Headline)
	if a.Slug == "" {
		a.Slug = masthead.Slugify(a.Headline)
		a.SlugGenerated = true
	}
	html, err := markdown.Render(a.BodySource)
	if err != nil {
		return fmt.Errorf("render body: %w", err)
	}
	a.BodyHTML = html
	if a.ExcerptGenerated || strings.TrimSpace(a.Excerpt) == "" {
		a.Excerpt, a.ExcerptGenerated = GeneratedExcerpt(html), true
	}
	return nil
}

// GeneratedExcerpt returns the excerpt made from a rendered body.
func GeneratedExcerpt(bodyHTML string) string {
	return markdown.Excerpt(bodyHTML, ExcerptLength)
}

// RecognizeGeneratedExcerpt is for an excerpt whose origin was not kept:
// one stored before articles recorded it, or one restored from an old
// revision. When a.Excerpt is empty or is what the generator makes (or
// made, before blocks ended as sentences) from a.BodyHTML, it marks the
// excerpt generated, brings its text up to date and reports true; an
// excerpt somebody wrote is left alone.
func RecognizeGeneratedExcerpt(a *masthead.Article) bool {
	excerpt := strings.TrimSpace(a.Excerpt)
	if excerpt != "" && excerpt != GeneratedExcerpt(a.BodyHTML) &&
		excerpt != markdown.Truncate(markdown.PlainText(a.BodyHTML), ExcerptLength) {
		return false
	}
	a.Excerpt, a.ExcerptGenerated = GeneratedExcerpt(a.BodyHTML), true
	return true
}
