package masthead

import (
	"testing"
	"time"
)

// TestHeldDigestDue: each setting sends at its pace, and never never.
func TestHeldDigestDue(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		setting string
		last    time.Time
		want    bool
	}{
		{HeldDigestImmediately, now.Add(-time.Second), true},
		{HeldDigestHourly, time.Time{}, true},
		{HeldDigestHourly, now.Add(-59 * time.Minute), false},
		{HeldDigestHourly, now.Add(-time.Hour), true},
		{HeldDigestDaily, now.Add(-23 * time.Hour), false},
		{HeldDigestDaily, now.Add(-24 * time.Hour), true},
		{HeldDigestNever, time.Time{}, false},
		{"", time.Time{}, false},
	} {
		if got := HeldDigestDue(tt.setting, tt.last, now); got != tt.want {
			t.Errorf("HeldDigestDue(%q, %v) = %v, want %v", tt.setting, tt.last, got, tt.want)
		}
	}
	site := DefaultSite()
	if site.HeldDigest != HeldDigestNever {
		t.Errorf("the default digest is %q, want never", site.HeldDigest)
	}
	if err := site.Set("held_digest", "weekly"); err != nil {
		t.Fatal(err)
	}
	if err := site.Validate(); ErrorCode(err) != EINVALID {
		t.Errorf("held_digest weekly: %v, want EINVALID", err)
	}
	site.HeldDigest = HeldDigestHourly
	if err := site.Validate(); err != nil {
		t.Errorf("held_digest hourly: %v", err)
	}
}
