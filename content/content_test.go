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
	if a.Slug != "cafe-owners-back-the-harbour-plan" || !a.SlugGenerated {
		t.Errorf("slug = %q, generated %v; want the headline's, generated", a.Slug, a.SlugGenerated)
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
	if kept.Slug != "chosen-slug" || kept.SlugGenerated || kept.Excerpt != "Written by hand." {
		t.Errorf("PrepareArticle overwrote chosen fields: slug=%q excerpt=%q", kept.Slug, kept.Excerpt)
	}
}

func TestGeneratedExcerptFollowsTheBody(t *testing.T) {
	a := &masthead.Article{Headline: "Pier", BodySource: "The pier opens in the spring.\n\n## What we know\n\n- Construction is 80% complete\n- The budget grew"}
	if err := PrepareArticle(a); err != nil {
		t.Fatal(err)
	}
	if want := "The pier opens in the spring. What we know. Construction is 80% complete. The budget grew."; a.Excerpt != want || !a.ExcerptGenerated {
		t.Fatalf("excerpt = %q generated=%v, want %q generated", a.Excerpt, a.ExcerptGenerated, want)
	}
	// A later save of the same article, with its stored excerpt and a new
	// body, makes the excerpt again.
	a.BodySource = "The pier opened today."
	if err := PrepareArticle(a); err != nil {
		t.Fatal(err)
	}
	if a.Excerpt != "The pier opened today." || !a.ExcerptGenerated {
		t.Fatalf("after a body edit: excerpt = %q generated=%v", a.Excerpt, a.ExcerptGenerated)
	}
	// Once somebody writes one, it stays through body edits.
	a.Excerpt, a.ExcerptGenerated = "Written by the desk.", false
	a.BodySource = "The pier closed again."
	if err := PrepareArticle(a); err != nil {
		t.Fatal(err)
	}
	if a.Excerpt != "Written by the desk." || a.ExcerptGenerated {
		t.Fatalf("a written excerpt became %q generated=%v", a.Excerpt, a.ExcerptGenerated)
	}
}

func TestRecognizeGeneratedExcerpt(t *testing.T) {
	body := "<h2>What we know</h2><p>Construction is 80% complete</p>"
	tests := []struct {
		name, excerpt string
		recognized    bool
		want          string
	}{
		{"empty", "", true, "What we know. Construction is 80% complete."},
		{"made the old way, blocks run together", "What we know Construction is 80% complete", true, "What we know. Construction is 80% complete."},
		{"made the new way", "What we know. Construction is 80% complete.", true, "What we know. Construction is 80% complete."},
		{"written by hand", "Work on the pier is nearly done.", false, "Work on the pier is nearly done."},
	}
	for _, tt := range tests {
		a := &masthead.Article{Excerpt: tt.excerpt, BodyHTML: body}
		if got := RecognizeGeneratedExcerpt(a); got != tt.recognized || a.Excerpt != tt.want || a.ExcerptGenerated != tt.recognized {
			t.Errorf("%s: recognized %v, excerpt %q, generated %v; want %v, %q", tt.name, got, a.Excerpt, a.ExcerptGenerated, tt.recognized, tt.want)
		}
	}
}
