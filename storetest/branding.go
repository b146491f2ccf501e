package storetest

import (
	"context"
	"slices"
	"testing"

	"masthead"
)

// testBrandImages: the settings name only images of the library fit for
// their use, and an image deleted from the library leaves the settings,
// and every page, that showed it.
func testBrandImages(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	logo := &masthead.Media{Name: "0123456789abcdef0123456789abcdef.png", Type: "image/png", Width: 600, Height: 120, AltText: "The Observer"}
	icon := &masthead.Media{Name: "fedcba9876543210fedcba9876543210.png", Type: "image/png", Width: 512, Height: 512, AltText: "An O"}
	wide := &masthead.Media{Name: "00112233445566778899aabbccddeeff.jpg", Type: "image/jpeg", Width: 1200, Height: 630, AltText: "The harbour"}
	for _, m := range []*masthead.Media{logo, icon, wide} {
		if err := s.CreateMedia(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	site := masthead.DefaultSite()
	site.Logo, site.Icon, site.SocialImage, site.AccentColor = logo.ID, icon.ID, wide.ID, "#1a5fb4"
	if err := s.UpdateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindSite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Logo != logo.ID || got.Icon != icon.ID || got.SocialImage != wide.ID || got.AccentColor != "#1a5fb4" {
		t.Fatalf("FindSite = logo %d, icon %d, social %d, accent %q; want %d, %d, %d, #1a5fb4",
			got.Logo, got.Icon, got.SocialImage, got.AccentColor, logo.ID, icon.ID, wide.ID)
	}

	for name, edit := range map[string]func(*masthead.Site){
		"a missing logo":     func(s *masthead.Site) { s.Logo = wide.ID + 100 },
		"a wide icon":        func(s *masthead.Site) { s.Icon = wide.ID },
		"a small logo image": func(s *masthead.Site) { s.SocialImage = logo.ID },
	} {
		bad := *got
		edit(&bad)
		err := s.UpdateSite(ctx, &bad)
		if e, ok := err.(*masthead.Error); !ok || e.Code != masthead.EINVALID || e.Field == "" {
			t.Errorf("%s: UpdateSite = %v, want EINVALID naming the field", name, err)
		}
	}

	changes := recordChanges(t, s)
	keys := changes.during(t, "delete the logo", func() error { _, err := s.DeleteMedia(ctx, logo.ID); return err })
	if !slices.Contains(keys, masthead.KeyAll) {
		t.Errorf("deleting the logo announced %v, want every page (%q)", keys, masthead.KeyAll)
	}
	if got, err := s.FindSite(ctx); err != nil || got.Logo != 0 || got.Icon != icon.ID {
		t.Errorf("after deleting the logo, FindSite = logo %d, icon %d, %v; want no logo and the icon", got.Logo, got.Icon, err)
	}
	if err := s.UpdateSite(ctx, masthead.DefaultSite()); err != nil {
		t.Fatal(err)
	}
	keys = changes.during(t, "delete an image no setting names", func() error { _, err := s.DeleteMedia(ctx, wide.ID); return err })
	if slices.Contains(keys, masthead.KeyAll) {
		t.Errorf("deleting an image no setting names announced %v, want only its own keys", keys)
	}
}
