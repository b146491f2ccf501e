package content

import (
	"strings"
	"testing"

	"masthead"
)

func TestPrepareArticle(t *testing.T) {
	a := &masthead.Article{Headline: "  Café owners back the harbour plan ", BodySource: "First *paragraph* with [a link](https://example.org).\n\nSecond."}
	if err := PrepareArticle(a); err != nil {
		t.Fatal(err)
	}
	if a.Slug != "cafe-owners-back-the-harbour-plan" {
		t.Errorf("slug = %q", a.Slug)
	}
	if !strings.Contains(a.BodyHTML, "<em>paragraph</em>") {
		t.Errorf("body html = %q", a.BodyHTML)
	}
	if a.Excerpt != "First paragraph with a link. Second." {
		t.Errorf("excerpt = %q", a.Excerpt)
	}

	kept := &masthead.Article{Headline: "X", Slug: "chosen-slug", Excerpt: "Written by hand.", BodySource: "Body"}
	if err := PrepareArticle(kept); err != nil {
		t.Fatal(err)
	}
	if kept.Slug != "chosen-slug" || kept.Excerpt != "Written by hand." {
		t.Errorf("PrepareArticle overwrote chosen fields: slug=%q excerpt=%q", kept.Slug, kept.Excerpt)
	}
}
