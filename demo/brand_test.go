package demo

import (
	"context"
	"path/filepath"
	"testing"

	"masthead"
	"masthead/media"
	"masthead/sqlite"
)

// TestBrand: the demo's logo and site icon are drawn, stored, fit for
// their settings (the store checks), and added once.
func TestBrand(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := media.Dir(t.TempDir())
	if err := Brand(ctx, s, dir); err != nil {
		t.Fatal(err)
	}
	site, err := s.FindSite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for field, id := range map[string]int64{"logo": site.Logo, "icon": site.Icon} {
		m, err := s.FindMediaByID(ctx, id)
		if err != nil {
			t.Fatalf("%s: %v", field, err)
		}
		if err := masthead.CheckBrandImage(field, m); err != nil {
			t.Errorf("%s: %v", field, err)
		}
		for _, name := range m.Files() {
			f, err := dir.Open(ctx, name)
			if err != nil {
				t.Errorf("%s: file %s: %v", field, name, err)
				continue
			}
			f.Close()
		}
	}
	if err := Brand(ctx, s, dir); err != nil {
		t.Fatal(err)
	}
	if _, n, err := s.FindMedia(ctx, masthead.MediaFilter{Limit: 10}); err != nil || n != 2 {
		t.Errorf("after a second Brand the library holds %d images (%v), want 2", n, err)
	}
}
