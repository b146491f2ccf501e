package main

import (
	"testing"

	"masthead/media"
)

// TestDemoMedia: the demo draws its pictures into the site's media
// directory when that is sure to be the site's, and into nothing for a
// PostgreSQL site without --media-dir.
func TestDemoMedia(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    config
		want media.Storage
	}{
		{"SQLite", config{dataDir: "/srv/site"}, media.Dir("/srv/site/media")},
		{"SQLite with a media directory", config{dataDir: "/srv/site", mediaDir: "/srv/media"}, media.Dir("/srv/media")},
		{"PostgreSQL with a media directory", config{database: "postgres://db/site", mediaDir: "/srv/media"}, media.Dir("/srv/media")},
		{"PostgreSQL alone", config{database: "postgres://db/site", dataDir: "./masthead-data"}, nil},
	} {
		if got := tc.c.demoMedia(); got != tc.want {
			t.Errorf("%s: demo pictures go to %v, want %v", tc.name, got, tc.want)
		}
	}
}
