package moderation

import "net/netip"

// Network returns an IP address with its host part cut off: the /24
// network for IPv4 and the /48 for IPv6, or "unknown" for anything that is
// not an address. It is what Masthead stores with a comment and limits by,
// never the full address, whether the comment came from the form or from
// an import.
func Network(address string) string {
	addr, err := netip.ParseAddr(address)
	if err != nil {
		return "unknown"
	}
	addr = addr.Unmap()
	bits := 48
	if addr.Is4() {
		bits = 24
	}
	prefix, err := addr.Prefix(bits)
	if err != nil {
		return "unknown"
	}
	return prefix.Addr().String()
}
