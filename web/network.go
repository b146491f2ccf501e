package web

import (
	"net"
	"net/http"
	"strings"

	"masthead/moderation"
)

// clientNetwork returns the client's address with its host part cut off:
// the /24 network for IPv4 and the /48 for IPv6. It is what Masthead
// stores and limits by, never the full address. Behind a trusted proxy the
// client is the address the proxy added last to X-Forwarded-For.
func (s *Server) clientNetwork(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if s.trustProxy {
		if fwd := r.Header.Values("X-Forwarded-For"); len(fwd) > 0 {
			hops := strings.Split(fwd[len(fwd)-1], ",")
			host = strings.TrimSpace(hops[len(hops)-1])
		}
	}
	return moderation.Network(host)
}
