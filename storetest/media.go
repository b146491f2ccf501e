package storetest

import (
	"context"
	"testing"

	"masthead"
)

// testUpdateMedia: an image's alt text, caption, credit and external id
// change, nothing else of it does, articles that show it show the new
// text, and an external id another image has is refused.
func testUpdateMedia(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	pier := &masthead.Media{Name: "0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Width: 2000, Height: 1000,
		Variants:     []masthead.MediaVariant{{Width: 480, Name: "aa.jpg"}},
		OriginalName: "pier.jpg", AltText: "pier", ExternalID: "wordpress:file:2024/05/pier.jpg", UploadedBy: ana.ID}
	gull := &masthead.Media{Name: "fedcba9876543210fedcba9876543210.png", Type: "image/png", Width: 300, Height: 300,
		AltText: "A gull", ExternalID: "wordpress:attachment:7"}
	for _, m := range []*masthead.Media{pier, gull} {
		if err := s.CreateMedia(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	a := newArticle("Pier opens", Epoch.Add(-1), ana)
	a.FeaturedImage = pier
	mustArticle(t, s, a)

	changed := *pier
	changed.AltText, changed.Caption, changed.Credit = "The new pier at dawn", "The east quay pier", "Ana Lima"
	changed.ExternalID = "wordpress:attachment:12"
	// What UpdateMedia does not change stays, whatever the value says.
	changed.Name, changed.Width, changed.OriginalName = "other.jpg", 1, "other.jpg"
	if err := s.UpdateMedia(ctx, &changed); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindMediaByID(ctx, pier.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := *pier
	want.AltText, want.Caption, want.Credit, want.ExternalID = changed.AltText, changed.Caption, changed.Credit, changed.ExternalID
	if got.AltText != want.AltText || got.Caption != want.Caption || got.Credit != want.Credit || got.ExternalID != want.ExternalID ||
		got.Name != pier.Name || got.Width != pier.Width || got.OriginalName != pier.OriginalName || len(got.Variants) != 1 {
		t.Errorf("after UpdateMedia = %+v, want %+v", got, want)
	}
	ids, err := s.FindExternalIDs(ctx, masthead.ExternalMedia, []string{"wordpress:attachment:12", "wordpress:file:2024/05/pier.jpg"})
	if err != nil || len(ids) != 1 || ids["wordpress:attachment:12"] != pier.ID {
		t.Errorf("FindExternalIDs after the update = %v, %v", ids, err)
	}
	if one, err := s.FindArticleByID(ctx, a.ID); err != nil || one.FeaturedImage == nil || one.FeaturedImage.AltText != changed.AltText {
		t.Errorf("the article shows %+v, %v", one.FeaturedImage, err)
	}

	taken := *gull
	taken.ExternalID = "wordpress:attachment:12"
	err = s.UpdateMedia(ctx, &taken)
	wantCode(t, err, masthead.ECONFLICT)
	if field := masthead.ErrorField(err); field != "external_id" {
		t.Errorf("the conflict names the field %q, want external_id", field)
	}
	empty := *gull
	empty.AltText = " "
	wantCode(t, s.UpdateMedia(ctx, &empty), masthead.EINVALID)
	gone := *gull
	gone.ID = 999
	wantCode(t, s.UpdateMedia(ctx, &gone), masthead.ENOTFOUND)
	if got, _ := s.FindMediaByID(ctx, gull.ID); got.AltText != "A gull" || got.ExternalID != "wordpress:attachment:7" {
		t.Errorf("refused updates changed the gull: %+v", got)
	}
}
