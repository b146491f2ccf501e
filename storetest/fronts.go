package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead"
)

// testSectionFronts: each section gets its newest visible articles, in
// order and up to the limit, with their featured images and without
// bodies; drafts and scheduled articles stay out, and a section
// with nothing to show is absent.
func testSectionFronts(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	local, sport, empty := mustCategory(t, s, "Local"), mustCategory(t, s, "Sport"), mustCategory(t, s, "Empty")
	pier := &masthead.Media{Name: "0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Width: 1600, Height: 900,
		OriginalName: "pier.jpg", AltText: "The pier at dawn"}
	if err := s.CreateMedia(ctx, pier); err != nil {
		t.Fatal(err)
	}
	mk := func(h string, age time.Duration, cat *masthead.Category) *masthead.Article {
		a := newArticle(h, Epoch.Add(-age), ana)
		a.Category = cat
		return mustArticle(t, s, a)
	}
	first := newArticle("Local newest", Epoch.Add(-time.Hour), ana)
	first.Category, first.FeaturedImage = local, pier
	mustArticle(t, s, first)
	for i, h := range []string{"Local second", "Local third", "Local fourth"} {
		mk(h, time.Duration(i+2)*time.Hour, local)
	}
	mk("Sport only", 30*time.Minute, sport)
	draft := newArticle("Local draft", time.Time{}, ana)
	draft.Status, draft.Category = masthead.StatusDraft, local
	mustArticle(t, s, draft)
	mk("Local scheduled", -time.Hour, local)

	got, err := s.FindSectionFronts(ctx, []int64{sport.ID, local.ID, empty.ID}, 3)
	if err != nil {
		t.Fatal(err)
	}
	titles := map[int64][]string{}
	for id, list := range got {
		titles[id] = headlines(list)
	}
	want := map[int64][]string{local.ID: {"Local newest", "Local second", "Local third"}, sport.ID: {"Sport only"}}
	if diff := cmp.Diff(want, titles); diff != "" {
		t.Fatalf("section fronts (-want +got):\n%s", diff)
	}
	lead := got[local.ID][0]
	if lead.FeaturedImage == nil || lead.FeaturedImage.AltText != pier.AltText || lead.FeaturedImage.Width != 1600 {
		t.Errorf("featured image = %+v, want the pier with its fields", lead.FeaturedImage)
	}
	if lead.BodyHTML != "" || lead.BodySource != "" {
		t.Errorf("a front carries the body %q", lead.BodyHTML)
	}
	if len(lead.Authors) != 1 || lead.Authors[0].Email != "" {
		t.Errorf("authors = %+v, want Ana without an email", lead.Authors)
	}
	if got, err := s.FindSectionFronts(ctx, nil, 3); err != nil || len(got) != 0 {
		t.Errorf("no sections = %v, %v; want none", got, err)
	}
}
