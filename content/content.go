// Package content prepares articles for storage in one place, so that the
// web editor, the demo and importers all derive slugs, HTML and excerpts the
// same way.
package content

import (
	"context"
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
// one somebody wrote is kept as written. Figures of library images show
// only what the Markdown says of them: PrepareArticleWith gives them the
// library's sizes and words.
func PrepareArticle(a *masthead.Article) error {
	return PrepareArticleWith(context.Background(), a, nil)
}

// MediaFinder finds the library images a body shows by the names of their
// files; the Store is one.
type MediaFinder interface {
	FindMediaByFiles(ctx context.Context, names []string) ([]*masthead.Media, error)
}

// PrepareArticleWith is PrepareArticle with the body's figures drawn from
// the media library through media (nil for none).
func PrepareArticleWith(ctx context.Context, a *masthead.Article, media MediaFinder) error {
	a.Headline = strings.TrimSpace(a.Headline)
	if a.Slug == "" {
		a.Slug = masthead.Slugify(a.Headline)
		a.SlugGenerated = true
	}
	html, err := RenderBody(ctx, a.BodySource, media)
	if err != nil {
		return err
	}
	a.BodyHTML = html
	if a.ExcerptGenerated || strings.TrimSpace(a.Excerpt) == "" {
		a.Excerpt, a.ExcerptGenerated = GeneratedExcerpt(html), true
	}
	return nil
}

// RenderBody renders a body's Markdown, its figures drawn from the media
// library through media (nil for none). Publishing, the preview and the
// store's re-rendering after an image's words change all render this way.
func RenderBody(ctx context.Context, src string, media MediaFinder) (string, error) {
	var lib markdown.Library
	if names := markdown.MediaFiles(src); media != nil && len(names) > 0 {
		images, err := media.FindMediaByFiles(ctx, names)
		if err != nil {
			return "", fmt.Errorf("render body: %w", err)
		}
		lib = markdown.NewLibrary(images)
	}
	html, err := markdown.RenderWith(src, lib)
	if err != nil {
		return "", fmt.Errorf("render body: %w", err)
	}
	return html, nil
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
