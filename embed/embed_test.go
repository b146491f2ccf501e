package embed

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		link          string
		provider, src string
		title         string
		shape         Shape
	}{
		// YouTube: every form of link, and the start time.
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "YouTube video", Wide},
		{"http://youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "YouTube video", Wide},
		{"https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=90", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=90", "YouTube video", Wide},
		{"https://youtu.be/dQw4w9WgXcQ?t=1m30s", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=90", "YouTube video", Wide},
		{"https://youtu.be/dQw4w9WgXcQ?t=1h2m3s", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=3723", "YouTube video", Wide},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&start=42s", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=42", "YouTube video", Wide},
		{"https://youtu.be/dQw4w9WgXcQ?t=soon", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "YouTube video", Wide},
		{"https://www.youtube.com/shorts/abcdefghijk", "YouTube", "https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1", "YouTube Short", Tall},
		{"https://www.youtube.com/live/abcdefghijk", "YouTube", "https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1", "YouTube video", Wide},
		{"https://www.youtube.com/embed/abcdefghijk", "YouTube", "https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1", "YouTube video", Wide},
		{"https://www.youtube-nocookie.com/embed/abcdefghijk", "YouTube", "https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1", "YouTube video", Wide},
		{"https://WWW.YouTube.com/watch?v=dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "YouTube video", Wide},
		// Vimeo, public and unlisted.
		{"https://vimeo.com/76979871", "Vimeo", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1", "Vimeo video", Wide},
		{"https://vimeo.com/76979871/8272103f6e", "Vimeo", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=8272103f6e", "Vimeo video", Wide},
		{"https://vimeo.com/channels/staffpicks/76979871", "Vimeo", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1", "Vimeo video", Wide},
		{"https://player.vimeo.com/video/76979871?h=8272103f6e", "Vimeo", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=8272103f6e", "Vimeo video", Wide},
		// X and Twitter.
		{"https://x.com/nasa/status/1234567890123456789", "X", "https://platform.twitter.com/embed/Tweet.html?dnt=true&id=1234567890123456789", "Post on X", Post},
		{"https://twitter.com/NASA/status/1234567890123456789?s=20", "X", "https://platform.twitter.com/embed/Tweet.html?dnt=true&id=1234567890123456789", "Post on X", Post},
		{"https://mobile.twitter.com/nasa/status/1234567890123456789/photo/1", "X", "https://platform.twitter.com/embed/Tweet.html?dnt=true&id=1234567890123456789", "Post on X", Post},
		// Instagram posts and reels.
		{"https://www.instagram.com/p/C1a2B3c4D5e/", "Instagram", "https://www.instagram.com/p/C1a2B3c4D5e/embed/", "Instagram post", Post},
		{"https://instagram.com/reel/C1a2B3c4D5e/?igsh=abc", "Instagram", "https://www.instagram.com/reel/C1a2B3c4D5e/embed/", "Instagram reel", Post},
		{"https://www.instagram.com/natgeo/p/C1a2B3c4D5e/", "Instagram", "https://www.instagram.com/p/C1a2B3c4D5e/embed/", "Instagram post", Post},
		// TikTok.
		{"https://www.tiktok.com/@scout2015/video/6718335390845095173", "TikTok", "https://www.tiktok.com/player/v1/6718335390845095173", "TikTok video", Tall},
		// Datawrapper, Flourish, DocumentCloud.
		{"https://datawrapper.dwcdn.net/Ab1Cd/", "Datawrapper", "https://datawrapper.dwcdn.net/Ab1Cd/", "Datawrapper chart", Landscape},
		{"https://datawrapper.dwcdn.net/Ab1Cd/3/", "Datawrapper", "https://datawrapper.dwcdn.net/Ab1Cd/3/", "Datawrapper chart", Landscape},
		{"https://public.flourish.studio/visualisation/1234567/", "Flourish", "https://flo.uri.sh/visualisation/1234567/embed", "Flourish chart", Landscape},
		{"https://public.flourish.studio/story/98765/", "Flourish", "https://flo.uri.sh/story/98765/embed", "Flourish story", Landscape},
		{"https://flo.uri.sh/visualisation/1234567/embed", "Flourish", "https://flo.uri.sh/visualisation/1234567/embed", "Flourish chart", Landscape},
		{"https://www.documentcloud.org/documents/20059068-the-mueller-report", "DocumentCloud", "https://embed.documentcloud.org/documents/20059068-the-mueller-report/?embed=1&responsive=1", "DocumentCloud document", Portrait},
		{"https://www.documentcloud.org/documents/1234-budget.html", "DocumentCloud", "https://embed.documentcloud.org/documents/1234-budget/?embed=1&responsive=1", "DocumentCloud document", Portrait},
		// Spotify and Apple Podcasts.
		{"https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC", "Spotify", "https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC", "Spotify track", Compact},
		{"https://open.spotify.com/intl-de/episode/4uLU6hMCjMI75M1A2tKUQC?si=x", "Spotify", "https://open.spotify.com/embed/episode/4uLU6hMCjMI75M1A2tKUQC", "Spotify episode", Player},
		{"https://open.spotify.com/show/4uLU6hMCjMI75M1A2tKUQC", "Spotify", "https://open.spotify.com/embed/show/4uLU6hMCjMI75M1A2tKUQC", "Spotify podcast", Player},
		{"https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M", "Spotify", "https://open.spotify.com/embed/playlist/37i9dQZF1DXcBWIGoYBM5M", "Spotify playlist", Player},
		{"https://podcasts.apple.com/us/podcast/the-daily/id1200361736", "Apple Podcasts", "https://embed.podcasts.apple.com/us/podcast/the-daily/id1200361736", "Apple Podcasts show", Show},
		{"https://podcasts.apple.com/gb/podcast/the-daily/id1200361736?i=1000123456789", "Apple Podcasts", "https://embed.podcasts.apple.com/gb/podcast/the-daily/id1200361736?i=1000123456789", "Apple Podcasts episode", Episode},
		{"https://podcasts.apple.com/fr/podcast/%C3%A9t%C3%A9/id1200361736", "Apple Podcasts", "https://embed.podcasts.apple.com/fr/podcast/id1200361736", "Apple Podcasts show", Show},
		// OpenStreetMap: the box around the centre, and the marker.
		{"https://www.openstreetmap.org/#map=16/0/0", "OpenStreetMap",
			"https://www.openstreetmap.org/export/embed.html?bbox=-0.00687%2C-0.00515%2C0.00687%2C0.00515&layer=mapnik", "OpenStreetMap map", Landscape},
		{"https://www.openstreetmap.org/?mlat=51.5007&mlon=-0.1246#map=17/51.5007/-0.1246", "OpenStreetMap",
			"https://www.openstreetmap.org/export/embed.html?bbox=-0.12803%2C51.49910%2C-0.12117%2C51.50230&layer=mapnik&marker=51.50070%2C-0.12460", "OpenStreetMap map", Landscape},
		{"https://openstreetmap.org/#map=0/10/170", "OpenStreetMap",
			"https://www.openstreetmap.org/export/embed.html?bbox=-180.00000%2C-85.00000%2C180.00000%2C85.00000&layer=mapnik", "OpenStreetMap map", Landscape},
	}
	for _, tt := range tests {
		t.Run(tt.link, func(t *testing.T) {
			e, ok := Lookup(tt.link)
			if !ok {
				t.Fatalf("Lookup(%q) is not an embed", tt.link)
			}
			if e.Provider != tt.provider || e.Src != tt.src || e.Title != tt.title || e.Shape != tt.shape {
				t.Errorf("Lookup(%q) = %q %q %q %q, want %q %q %q %q", tt.link, e.Provider, e.Src, e.Title, e.Shape,
					tt.provider, tt.src, tt.title, tt.shape)
			}
			if e.URL != tt.link {
				t.Errorf("Lookup(%q).URL = %q, want the link as written", tt.link, e.URL)
			}
			if e.Action == "" || e.Sandbox == "" {
				t.Errorf("Lookup(%q) has no button label or sandbox: %+v", tt.link, e)
			}
			if strings.Contains(e.Sandbox, "allow-top-navigation") || strings.Contains(e.Sandbox, "allow-forms") {
				t.Errorf("Lookup(%q).Sandbox = %q lets the frame navigate the page or post forms", tt.link, e.Sandbox)
			}
		})
	}
}

// TestLookupRefuses holds links that must stay links: other hosts,
// lookalikes, tricks that make a parser and a browser disagree about the
// host, and identifiers of the wrong shape.
func TestLookupRefuses(t *testing.T) {
	for _, link := range []string{
		"", "not a link", "https://example.org/watch?v=dQw4w9WgXcQ",
		"javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ", "JavaScript://www.youtube.com/%0Aalert(1)",
		"data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "ftp://youtube.com/watch?v=dQw4w9WgXcQ",
		"//www.youtube.com/watch?v=dQw4w9WgXcQ", "www.youtube.com/watch?v=dQw4w9WgXcQ",
		// Lookalike hosts.
		"https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "https://evilyoutube.com/watch?v=dQw4w9WgXcQ",
		"https://www.youtube.com./watch?v=dQw4w9WgXcQ", "https://youtu.be.evil.example/dQw4w9WgXcQ",
		"https://open.spotify.com.evil.example/track/4uLU6hMCjMI75M1A2tKUQC", "https://xn--youtube-9ya.com/watch?v=dQw4w9WgXcQ",
		"https://evil.example/?u=https://www.youtube.com/watch?v=dQw4w9WgXcQ",
		// Credentials, ports, back slashes and white space.
		"https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ", "https://evil.example@www.youtube.com/watch?v=dQw4w9WgXcQ",
		"https://user:pass@youtu.be/dQw4w9WgXcQ", "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
		"https://evil.example\\@www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com\\.evil.example/watch?v=dQw4w9WgXcQ",
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ\n", " https://youtu.be/dQw4w9WgXcQ", "https://youtu.be/dQw4w9\tWgXcQ",
		"https://youtu.be/dQw4w9WgXcQ\x00",
		// Percent-encoding: in the host it is refused by the parser, in
		// an identifier by its pattern.
		"https://www.you%74ube.com/watch?v=dQw4w9WgXcQ", "https://youtu.be/%64Qw4w9WgXcQ", "https://www.youtube.com/shorts/dQw4w9WgXc%51",
		"https://www.youtube.com/watch?v=dQw4w9WgXc%22", "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22%3E%3Cscript%3E",
		"https://www.youtube.com/watch?v=%22onload%3Dalert(1)", "https://vimeo.com/76979871%2F..%2F..",
		"https://datawrapper.dwcdn.net/Ab1Cd%2F..%2F..%2Fevil/", "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQ%43",
		// Wrong shapes.
		"https://www.youtube.com/watch?v=short", "https://www.youtube.com/watch", "https://www.youtube.com/channel/UCabc",
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ/../../x", "https://youtu.be/", "https://www.youtube-nocookie.com/watch?v=dQw4w9WgXcQ",
		"https://vimeo.com/about", "https://vimeo.com/76979871/NOTHEX", "https://player.vimeo.com/video/76979871?h=%3Cx%3E",
		"https://x.com/nasa", "https://x.com/nasa/status/notanumber", "https://twitter.com/i/lists/123",
		"https://www.instagram.com/natgeo/", "https://www.instagram.com/stories/natgeo/1234567890/",
		"https://www.tiktok.com/@scout2015", "https://www.tiktok.com/@scout2015/video/abc",
		"https://datawrapper.dwcdn.net/", "https://datawrapper.dwcdn.net/toolong1/", "https://app.datawrapper.de/chart/Ab1Cd/",
		"https://public.flourish.studio/", "https://public.flourish.studio/visualisation/abc/",
		"https://www.documentcloud.org/", "https://www.documentcloud.org/documents/evil-slug",
		"https://open.spotify.com/artist/4uLU6hMCjMI75M1A2tKUQC", "https://open.spotify.com/track/short",
		"https://podcasts.apple.com/us/podcast/the-daily/1200361736", "https://podcasts.apple.com/us/podcast/the-daily/id1200361736?i=abc",
		"https://podcasts.apple.com/USA/podcast/the-daily/id1200361736",
		"https://www.openstreetmap.org/", "https://www.openstreetmap.org/#map=99/0/0", "https://www.openstreetmap.org/#map=5/91/0",
		"https://www.openstreetmap.org/#map=5/0/181", "https://www.openstreetmap.org/#map=5/NaN/0", "https://www.openstreetmap.org/#map=5/1e3/0",
		"https://www.openstreetmap.org/#map=5/0", "https://www.openstreetmap.org/way/123#map=5/0/0",
		"https://www.openstreetmap.org/?mlat=x&mlon=0#map=5/0/0",
		"https://www.youtube.com/watch?v=" + strings.Repeat("a", 3000),
	} {
		if e, ok := Lookup(link); ok {
			t.Errorf("Lookup(%q) = %+v, want no embed", link, e)
		}
	}
}

// TestEveryFrameOnItsHost checks the promise the Content-Security-Policy
// rests on: whatever the link, a frame's address is https on one of
// FrameHosts, and it carries nothing of the link but checked identifiers.
func TestEveryFrameOnItsHost(t *testing.T) {
	hosts := FrameHosts()
	if !slices.IsSorted(hosts) || len(hosts) != len(providers) {
		t.Fatalf("FrameHosts() = %v, want one sorted host per provider", hosts)
	}
	for _, p := range providers {
		if !slices.Contains(hosts, p.frameHost) {
			t.Errorf("FrameHosts() lacks %s", p.frameHost)
		}
	}
	for _, link := range []string{
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5", "https://vimeo.com/1/abcdef", "https://x.com/a/status/1",
		"https://www.instagram.com/p/abcde/", "https://www.tiktok.com/@a/video/1", "https://datawrapper.dwcdn.net/abcde/",
		"https://public.flourish.studio/story/1/", "https://www.documentcloud.org/documents/1", "https://open.spotify.com/album/4uLU6hMCjMI75M1A2tKUQC",
		"https://podcasts.apple.com/us/podcast/id1", "https://www.openstreetmap.org/?mlat=1&mlon=2#map=3/4/5",
	} {
		e, ok := Lookup(link)
		if !ok {
			t.Errorf("Lookup(%q) is not an embed", link)
			continue
		}
		u, err := url.Parse(e.Src)
		if err != nil || u.Scheme != "https" || !slices.Contains(hosts, u.Host) || u.User != nil {
			t.Errorf("Lookup(%q).Src = %q, not https on a frame host", link, e.Src)
		}
		if strings.ContainsAny(e.Src, `"'<> `) {
			t.Errorf("Lookup(%q).Src = %q holds characters that need escaping", link, e.Src)
		}
	}
}

// FuzzLookup checks that no link, however strange, yields a frame
// elsewhere than on a frame host.
func FuzzLookup(f *testing.F) {
	for _, s := range []string{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m", "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
		"https://www.openstreetmap.org/?mlat=51.5&mlon=-0.1#map=17/51.5/-0.1", "https://x.com/a/status/1", "https://evil@x.com/a/status/1"} {
		f.Add(s)
	}
	hosts := FrameHosts()
	f.Fuzz(func(t *testing.T, link string) {
		e, ok := Lookup(link)
		if !ok {
			return
		}
		u, err := url.Parse(e.Src)
		if err != nil || u.Scheme != "https" || !slices.Contains(hosts, u.Host) || u.User != nil || strings.ContainsAny(e.Src, `"'<> `) {
			t.Fatalf("Lookup(%q).Src = %q, not https on a frame host", link, e.Src)
		}
	})
}
