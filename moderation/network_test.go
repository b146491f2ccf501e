package moderation

import "testing"

func TestNetwork(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"198.51.100.208", "198.51.100.0"},
		{"::ffff:192.0.2.7", "192.0.2.0"},
		{"2001:db8:85a3::8a2e:370:7334", "2001:db8:85a3::"},
		{"", "unknown"},
		{"not an address", "unknown"},
	} {
		if got := Network(tt.in); got != tt.want {
			t.Errorf("Network(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
