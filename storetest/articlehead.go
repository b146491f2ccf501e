package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead"
)

// testFindArticleHead checks FindArticleHeadBySlug: the article's own
// fields and section as FindArticleBySlug finds them, in any status, with
// the body, byline, tags, featured image and corrections left empty; a
// page's slug or an unknown one is ENOTFOUND.
func testFindArticleHead(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	a := newArticle("Harbour board votes", Epoch.Add(-time.Hour), ana)
	a.Category, a.Tags, a.Dateline = mustCategory(t, s, "Local"), []*masthead.Tag{mustTag(t, s, "Harbour")}, "PORT ALDER"
	mustArticle(t, s, a)
	if err := s.AddCorrection(ctx, &masthead.Correction{ArticleID: a.ID, Kind: masthead.CorrectionKind, Text: "The vote was on Tuesday."}); err != nil {
		t.Fatal(err)
	}
	draft := newArticle("A draft", time.Time{}, ana)
	draft.Status = masthead.StatusDraft
	mustArticle(t, s, draft)
	mustArticle(t, s, &masthead.Article{Kind: masthead.KindPage, Slug: "about", Headline: "About", BodySource: "About us.",
		BodyHTML: "<p>About us.</p>", Status: masthead.StatusPublished, PublishedAt: Epoch.Add(-time.Hour), Authors: []*masthead.Author{ana}})

	for _, slug := range []string{a.Slug, draft.Slug} {
		full, err := s.FindArticleBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		head, err := s.FindArticleHeadBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		want := *full
		want.BodySource, want.BodyHTML, want.Authors, want.Tags, want.FeaturedImage, want.Corrections, want.ParentPath = "", "", nil, nil, nil, nil, ""
		if diff := cmp.Diff(&want, head); diff != "" {
			t.Errorf("the head of %q differs from the full article less its body and links (-want +got):\n%s", slug, diff)
		}
	}
	for _, slug := range []string{"about", "no-such-article"} {
		_, err := s.FindArticleHeadBySlug(ctx, slug)
		wantCode(t, err, masthead.ENOTFOUND)
	}
}
