package sqlstore

import (
	"slices"
	"testing"
)

// TestShapedChunks checks that a batch is cut into chunks of the most
// rows and then of powers of two, every element once and in order.
func TestShapedChunks(t *testing.T) {
	for _, tc := range []struct {
		n, max int
		want   []int
	}{
		{0, 100, nil},
		{300, 100, []int{100, 100, 100}},
		{77, 100, []int{64, 8, 4, 1}},
		{5013, 500, []int{500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 8, 4, 1}},
	} {
		s := make([]int, tc.n)
		for i := range s {
			s[i] = i
		}
		var sizes []int
		var joined []int
		for c := range shapedChunks(s, tc.max) {
			sizes = append(sizes, len(c))
			joined = append(joined, c...)
		}
		if !slices.Equal(sizes, tc.want) {
			t.Errorf("%d of at most %d: chunks of %v, want %v", tc.n, tc.max, sizes, tc.want)
		}
		if !slices.Equal(joined, s) {
			t.Errorf("%d of at most %d: the chunks hold %v", tc.n, tc.max, joined)
		}
	}
}
