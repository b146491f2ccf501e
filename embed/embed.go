// Package embed recognises the links of the services newsrooms embed
// (YouTube, Vimeo, X, Instagram, TikTok, Datawrapper, Flourish,
// DocumentCloud, Spotify, Apple Podcasts, OpenStreetMap) and says how each
// is framed: the iframe's address on the provider's embed host, its title,
// its shape, and the permissions it needs.
//
// It is pure: it never contacts a provider. Every embed address is built
// from identifiers checked against strict patterns, never copied from the
// link, so a link can only ever lead to a frame on one of the hosts that
// FrameHosts lists, which is also what the Content-Security-Policy allows.
package embed

import (
	"net/url"
	"slices"
	"strings"
)

// Embed is one recognised link, ready to be shown as a frame.
type Embed struct {
	// Provider is the service's name as readers know it, "YouTube".
	Provider string
	// URL is the link as written, for readers without JavaScript and for
	// feeds.
	URL string
	// Src is the iframe's address, always https on the provider's
	// FrameHost.
	Src string
	// Title names what the frame shows when the writer gave no title:
	// "YouTube video".
	Title string
	// Action is what the button that loads the frame says: "Play video".
	Action string
	// Shape is the frame's aspect ratio or fixed height, so that the page
	// keeps its layout when the frame replaces its placeholder.
	Shape Shape
	// Allow is the frame's allow attribute (the browser features it may
	// use) and Sandbox its sandbox attribute, both as tight as the
	// provider's player permits.
	Allow, Sandbox string
}

// Shape is the size of a frame, by aspect ratio ("16x9") or by a fixed
// height in CSS pixels ("h152"); the stylesheet has a rule for each.
type Shape string

// The shapes the providers use.
const (
	Wide      Shape = "16x9"
	Tall      Shape = "9x16"
	Landscape Shape = "4x3"
	Portrait  Shape = "3x4"
	Compact   Shape = "h152" // a one-track audio player
	Episode   Shape = "h175" // a one-episode podcast player
	Player    Shape = "h352" // an audio player with a list
	Show      Shape = "h450" // a podcast player with its episodes
	Post      Shape = "h640" // a social media post with its picture and text
)

// Shapes lists every shape, for the stylesheet's test.
func Shapes() []Shape {
	return []Shape{Wide, Tall, Landscape, Portrait, Compact, Episode, Player, Show, Post}
}

// Sandbox and allow lists. Every frame is cross-origin, so allowing scripts
// and its own origin gives it no reach into the page; what is left out is
// what a player never needs: top-level navigation, forms, downloads,
// modal dialogs.
const (
	sandboxPlayer = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation"
	sandboxWidget = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"
	allowVideo    = "autoplay; encrypted-media; fullscreen; picture-in-picture"
	allowAudio    = "autoplay; encrypted-media"
	allowChart    = "fullscreen"
)

// provider is one row of the table: the hosts whose links it recognises,
// the one host its frames come from, and how it turns a link into a frame.
type provider struct {
	name      string
	hosts     []string
	frameHost string
	match     func(u *url.URL, host string) (Embed, bool)
}

// providers is the table. Its order does not matter: no two share a host.
var providers = []provider{
	{"YouTube", []string{"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "youtube-nocookie.com", "www.youtube-nocookie.com"},
		"www.youtube-nocookie.com", youtube},
	{"Vimeo", []string{"vimeo.com", "www.vimeo.com", "player.vimeo.com"}, "player.vimeo.com", vimeo},
	{"X", []string{"x.com", "www.x.com", "mobile.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"},
		"platform.twitter.com", xPost},
	{"Instagram", []string{"instagram.com", "www.instagram.com"}, "www.instagram.com", instagram},
	{"TikTok", []string{"tiktok.com", "www.tiktok.com", "m.tiktok.com"}, "www.tiktok.com", tiktok},
	{"Datawrapper", []string{"datawrapper.dwcdn.net"}, "datawrapper.dwcdn.net", datawrapper},
	{"Flourish", []string{"public.flourish.studio", "flo.uri.sh"}, "flo.uri.sh", flourish},
	{"DocumentCloud", []string{"documentcloud.org", "www.documentcloud.org", "embed.documentcloud.org"},
		"embed.documentcloud.org", documentCloud},
	{"Spotify", []string{"open.spotify.com"}, "open.spotify.com", spotify},
	{"Apple Podcasts", []string{"podcasts.apple.com"}, "embed.podcasts.apple.com", applePodcasts},
	{"OpenStreetMap", []string{"openstreetmap.org", "www.openstreetmap.org"}, "www.openstreetmap.org", openStreetMap},
}

// byHost finds a provider by a link's host.
var byHost = func() map[string]*provider {
	m := map[string]*provider{}
	for i := range providers {
		for _, h := range providers[i].hosts {
			if m[h] != nil {
				panic("embed: two providers claim " + h)
			}
			m[h] = &providers[i]
		}
	}
	return m
}()

// maxURL bounds the links considered: no provider's links come near it.
const maxURL = 2048

// Lookup reports whether raw is the link of something a provider can
// frame, and how. Anything else (another host, a lookalike of a
// provider's host, credentials or a port in the link, a scheme other than
// http or https, an identifier of the wrong shape) is not an embed.
func Lookup(raw string) (Embed, bool) {
	if len(raw) > maxURL {
		return Embed{}, false
	}
	for i := 0; i < len(raw); i++ {
		// White space, control characters and backslashes are read
		// differently by browsers and by parsers: a link that holds
		// one is not taken for anything.
		if c := raw[i]; c <= ' ' || c == 0x7f || c == '\\' {
			return Embed{}, false
		}
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.Opaque != "" || u.Port() != "" {
		return Embed{}, false
	}
	host := strings.ToLower(u.Host)
	p := byHost[host]
	if p == nil {
		return Embed{}, false
	}
	e, ok := p.match(u, host)
	if !ok {
		return Embed{}, false
	}
	e.Provider, e.URL = p.name, u.String()
	if !strings.HasPrefix(e.Src, "https://"+p.frameHost+"/") {
		// A provider's rule built an address elsewhere: a bug, which
		// must not reach a reader.
		return Embed{}, false
	}
	return e, true
}

// FrameHosts returns the hosts that frames may come from, sorted: the
// Content-Security-Policy's frame-src is built from it.
func FrameHosts() []string {
	var hosts []string
	for _, p := range providers {
		if !slices.Contains(hosts, p.frameHost) {
			hosts = append(hosts, p.frameHost)
		}
	}
	slices.Sort(hosts)
	return hosts
}

// segments splits a link's path, as written (still escaped), into its
// non-empty segments: identifiers are checked in that form, so a
// percent-encoded character never passes for a plain one.
func segments(u *url.URL) []string {
	var out []string
	for _, s := range strings.Split(u.EscapedPath(), "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
