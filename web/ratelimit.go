package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// ipLimiter limits how often one network may act, keyed by the reduced
// address, in this process's memory.
type ipLimiter struct {
	every time.Duration
	burst int

	mu      sync.Mutex
	clients map[string]*ipClient
	swept   time.Time
}

type ipClient struct {
	limiter *rate.Limiter
	seen    time.Time
}

func newIPLimiter(every time.Duration, burst int) *ipLimiter {
	return &ipLimiter{every: every, burst: burst, clients: map[string]*ipClient{}}
}

// wait reports how long the client must wait before acting again; zero
// means it may act now, and the action is counted.
func (l *ipLimiter) wait(key string, now time.Time) time.Duration {
	if l.every <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		// Forget clients that have been quiet long enough to be full again.
		idle := l.every * time.Duration(l.burst+1)
		for k, c := range l.clients {
			if now.Sub(c.seen) > idle {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	c, ok := l.clients[key]
	if !ok {
		c = &ipClient{limiter: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	res := c.limiter.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return d
	}
	return 0
}

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
	return reduceAddress(host)
}

// reduceAddress cuts the host part off an IP address.
func reduceAddress(host string) string {
	addr, err := netip.ParseAddr(host)
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
