package masthead

import (
	"testing"
	"time"
)

func TestModifiedAt(t *testing.T) {
	published := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		a       Article
		want    time.Time
		updated bool
	}{
		{"scheduled, edited before it appeared", Article{PublishedAt: published, UpdatedAt: published.Add(-3 * time.Hour)}, published, false},
		{"updated after publication", Article{PublishedAt: published, UpdatedAt: published.Add(2 * time.Hour)}, published.Add(2 * time.Hour), true},
		{"never published", Article{UpdatedAt: published}, published, false},
	}
	for _, tt := range tests {
		if got := tt.a.ModifiedAt(); !got.Equal(tt.want) {
			t.Errorf("%s: ModifiedAt = %v, want %v", tt.name, got, tt.want)
		}
		if got := tt.a.WasUpdated(); got != tt.updated {
			t.Errorf("%s: WasUpdated = %v, want %v", tt.name, got, tt.updated)
		}
	}
}
