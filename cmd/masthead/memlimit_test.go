package main

import (
	"runtime/debug"
	"testing"
)

// TestSoftMemoryLimitFollowsThePageCache: serve bounds the Go heap by the
// page cache's size plus headroom, and leaves a GOMEMLIMIT alone.
func TestSoftMemoryLimitFollowsThePageCache(t *testing.T) {
	original := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(original)

	none := func(string) string { return "" }
	softMemoryLimit(none, 64<<20)
	if got, want := debug.SetMemoryLimit(-1), int64(64<<20+memoryHeadroom); got != want {
		t.Errorf("limit %d with a 64 MB cache, want %d", got, want)
	}
	softMemoryLimit(none, 0)
	if got := debug.SetMemoryLimit(-1); got != memoryHeadroom {
		t.Errorf("limit %d without a cache, want %d", got, int64(memoryHeadroom))
	}

	debug.SetMemoryLimit(300 << 20) // as the runtime would from GOMEMLIMIT=300MiB
	softMemoryLimit(func(k string) string {
		if k == "GOMEMLIMIT" {
			return "300MiB"
		}
		return ""
	}, 64<<20)
	if got := debug.SetMemoryLimit(-1); got != 300<<20 {
		t.Errorf("GOMEMLIMIT=300MiB was replaced by %d", got)
	}
}
