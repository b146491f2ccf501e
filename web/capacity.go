package web

import (
	"errors"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"time"

	"masthead/overload"
)

// Capacity is how much work of each class the server takes on at once;
// beyond it, requests are answered 503 with Retry-After at once instead
// of piling up. Zero values take defaults scaled to the processors.
type Capacity struct {
	// Pages are public pages, feeds and the API: rendered from the
	// database, the class a reader surge fills.
	Pages GateLimits
	// Comments are comment posts: they queue for the database's writer.
	Comments GateLimits
	// Uploads are image uploads and exports to import: each may hold
	// megabytes while it is read and decoded.
	Uploads GateLimits
	// Admin is every other request of the newsroom, kept apart so that a
	// reader surge never locks editors out.
	Admin GateLimits
}

// GateLimits bound one class: requests in flight, requests waiting
// behind them, and how long each may wait.
type GateLimits struct {
	InFlight, Queue int
	Wait            time.Duration
}

// gates are the server's admission gates, one per class.
type gates struct {
	pages, comments, uploads, admin *overload.Gate
}

func newGates(c Capacity) gates {
	procs := runtime.GOMAXPROCS(0)
	gate := func(name string, l GateLimits, inFlight, queue int, wait time.Duration) *overload.Gate {
		if l.InFlight > 0 {
			inFlight = l.InFlight
		}
		if l.Queue > 0 {
			queue = l.Queue
		}
		if l.Wait > 0 {
			wait = l.Wait
		}
		return overload.NewGate(name, inFlight, queue, wait)
	}
	// A page render is processor work and a few reads: a handful per
	// processor keeps them busy, and a deep queue rides out a burst.
	// Comments wait for the one writer, so more in flight gains nothing.
	return gates{
		pages:    gate("pages", c.Pages, 8*procs, 512, time.Second),
		comments: gate("comments", c.Comments, 16, 256, 2*time.Second),
		uploads:  gate("uploads", c.Uploads, 2, 4, 10*time.Second),
		admin:    gate("admin", c.Admin, 4*procs, 64, 5*time.Second),
	}
}

// gateFor returns the gate r passes, or nil for what costs next to
// nothing (static files, stored images, the health check).
func (s *Server) gateFor(r *http.Request) *overload.Gate {
	p := r.URL.Path
	switch {
	case p == "/healthz" || strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/media/"):
		return nil
	case r.Method == http.MethodPost && (p == "/admin/media" || p == importPath):
		return s.gates.uploads
	case strings.HasPrefix(p, "/admin/"):
		return s.gates.admin
	case r.Method == http.MethodPost:
		return s.gates.comments // the public site's only POST
	}
	return s.gates.pages
}

// admit passes each request through its class's gate, and turns away
// what the gate cannot take with a 503 that costs no query.
func (s *Server) admit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g := s.gateFor(r)
		if g == nil {
			next.ServeHTTP(w, r)
			return
		}
		leave, err := g.Enter(r.Context())
		if err != nil {
			if !errors.Is(err, overload.ErrBusy) {
				w.WriteHeader(statusClientClosedRequest) // the client left while waiting
				return
			}
			s.busy(w, r, g)
			return
		}
		defer leave()
		next.ServeHTTP(w, r)
	})
}

// busyPage is the whole answer to a request the server turned away: no
// template, no settings, nothing that could itself wait.
const busyPage = `<!doctype html>
<html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Busy – please try again</title>
<h1>The site is busy</h1>
<p>Too many people are reading at this moment. Please try again in a few seconds.</p>
`

// busy answers 503 with Retry-After.
func (s *Server) busy(w http.ResponseWriter, r *http.Request, g *overload.Gate) {
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int(g.RetryAfter().Round(time.Second)/time.Second)))
	h.Set("Cache-Control", "no-store")
	if strings.HasPrefix(r.URL.Path, apiPrefix) {
		writeAPIError(w, http.StatusServiceUnavailable, "busy", overload.ErrBusy.Error())
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write([]byte(busyPage))
}
