package embed

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// The identifiers each provider uses, anchored: an identifier that does
// not match exactly is not an embed.
var (
	youtubeID       = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	youtubeTime     = regexp.MustCompile(`^(?:(\d{1,2})h)?(?:(\d{1,3})m)?(?:(\d{1,5})s?)?$`)
	digits          = regexp.MustCompile(`^[0-9]{1,20}$`)
	vimeoHash       = regexp.MustCompile(`^[0-9a-f]{6,20}$`)
	xUser           = regexp.MustCompile(`^[A-Za-z0-9_]{1,15}$`)
	instagramCode   = regexp.MustCompile(`^[A-Za-z0-9_-]{5,40}$`)
	tiktokUser      = regexp.MustCompile(`^@[A-Za-z0-9_.]{1,30}$`)
	datawrapperID   = regexp.MustCompile(`^[A-Za-z0-9]{5}$`)
	documentCloudID = regexp.MustCompile(`^[0-9]{1,12}(?:-[a-z0-9-]{1,200})?$`)
	spotifyID       = regexp.MustCompile(`^[A-Za-z0-9]{22}$`)
	spotifyLocale   = regexp.MustCompile(`^intl-[a-z]{2}(?:-[a-zA-Z]{2,4})?$`)
	countryCode     = regexp.MustCompile(`^[a-z]{2}$`)
	appleSlug       = regexp.MustCompile(`^[a-z0-9-]{1,150}$`)
	applePodcastID  = regexp.MustCompile(`^id[0-9]{1,15}$`)
)

// youtube recognises watch, short, live, embed and youtu.be links, with a
// start time from t= or start= ("90", "90s", "1m30s").
func youtube(u *url.URL, host string) (Embed, bool) {
	seg := segments(u)
	var id string
	shape := Wide
	switch {
	case host == "youtu.be" && len(seg) == 1:
		id = seg[0]
	case len(seg) == 1 && seg[0] == "watch" && !strings.HasSuffix(host, "nocookie.com"):
		id = u.Query().Get("v")
	case len(seg) == 2 && seg[0] == "embed":
		id = seg[1]
	case len(seg) == 2 && (seg[0] == "shorts" || seg[0] == "live") && !strings.HasSuffix(host, "nocookie.com"):
		id = seg[1]
		if seg[0] == "shorts" {
			shape = Tall
		}
	}
	if !youtubeID.MatchString(id) {
		return Embed{}, false
	}
	src := "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1"
	q := u.Query()
	t := q.Get("t")
	if t == "" {
		t = q.Get("start")
	}
	if s, ok := seconds(t); ok && s > 0 {
		src += "&start=" + strconv.Itoa(s)
	}
	title := "YouTube video"
	if shape == Tall {
		title = "YouTube Short"
	}
	return Embed{Src: src, Title: title, Action: "Play video", Shape: shape, Allow: allowVideo, Sandbox: sandboxPlayer}, true
}

// seconds reads a YouTube start time: "90", "90s", "1m30s" or "1h2m3s".
func seconds(t string) (int, bool) {
	m := youtubeTime.FindStringSubmatch(t)
	if t == "" || m == nil {
		return 0, false
	}
	total := 0
	for i, unit := range []int{3600, 60, 1} {
		if m[i+1] != "" {
			n, _ := strconv.Atoi(m[i+1])
			total += n * unit
		}
	}
	return total, true
}

// vimeo recognises vimeo.com/ID, vimeo.com/ID/HASH (an unlisted video),
// vimeo.com/channels/NAME/ID and player.vimeo.com/video/ID?h=HASH. Frames
// ask Vimeo not to track the viewer (dnt=1).
func vimeo(u *url.URL, host string) (Embed, bool) {
	seg := segments(u)
	var id, hash string
	switch {
	case host == "player.vimeo.com" && len(seg) == 2 && seg[0] == "video":
		id, hash = seg[1], u.Query().Get("h")
	case host == "player.vimeo.com":
	case len(seg) == 1:
		id = seg[0]
	case len(seg) == 2 && digits.MatchString(seg[0]):
		id, hash = seg[0], seg[1]
	case len(seg) == 3 && seg[0] == "channels":
		id = seg[2]
	}
	if !digits.MatchString(id) || (hash != "" && !vimeoHash.MatchString(hash)) {
		return Embed{}, false
	}
	src := "https://player.vimeo.com/video/" + id + "?dnt=1&autoplay=1"
	if hash != "" {
		src += "&h=" + hash
	}
	return Embed{Src: src, Title: "Vimeo video", Action: "Play video", Shape: Wide, Allow: allowVideo, Sandbox: sandboxPlayer}, true
}

// xPost recognises a post's link on x.com or twitter.com,
// /USER/status/ID, and frames it without X's script: the frame is the
// page that script would have made, told not to track the reader.
func xPost(u *url.URL, _ string) (Embed, bool) {
	seg := segments(u)
	if len(seg) < 3 || !xUser.MatchString(seg[0]) || (seg[1] != "status" && seg[1] != "statuses") || !digits.MatchString(seg[2]) {
		return Embed{}, false
	}
	return Embed{Src: "https://platform.twitter.com/embed/Tweet.html?dnt=true&id=" + seg[2], Title: "Post on X",
		Action: "Show post", Shape: Post, Sandbox: sandboxWidget}, true
}

// instagram recognises posts and reels: /p/CODE/, /reel/CODE/, /tv/CODE/,
// also under a user's name (/USER/p/CODE/).
func instagram(u *url.URL, _ string) (Embed, bool) {
	seg := segments(u)
	if len(seg) >= 3 && seg[1] != "embed" && (seg[1] == "p" || seg[1] == "reel" || seg[1] == "tv") {
		seg = seg[1:]
	}
	if len(seg) < 2 || len(seg) > 3 || !instagramCode.MatchString(seg[1]) || (len(seg) == 3 && seg[2] != "embed") {
		return Embed{}, false
	}
	kind, title := "p", "Instagram post"
	switch seg[0] {
	case "p", "tv":
	case "reel", "reels":
		kind, title = "reel", "Instagram reel"
	default:
		return Embed{}, false
	}
	return Embed{Src: "https://www.instagram.com/" + kind + "/" + seg[1] + "/embed/", Title: title,
		Action: "Show post", Shape: Post, Sandbox: sandboxWidget}, true
}

// tiktok recognises a video's link, /@USER/video/ID, and frames TikTok's
// bare player.
func tiktok(u *url.URL, _ string) (Embed, bool) {
	seg := segments(u)
	if len(seg) != 3 || !tiktokUser.MatchString(seg[0]) || seg[1] != "video" || !digits.MatchString(seg[2]) {
		return Embed{}, false
	}
	return Embed{Src: "https://www.tiktok.com/player/v1/" + seg[2], Title: "TikTok video", Action: "Play video",
		Shape: Tall, Allow: allowVideo, Sandbox: sandboxPlayer}, true
}

// datawrapper recognises a published chart, datawrapper.dwcdn.net/ID/ or
// /ID/VERSION/, which is already the address of its frame.
func datawrapper(u *url.URL, _ string) (Embed, bool) {
	seg := segments(u)
	if len(seg) < 1 || len(seg) > 2 || !datawrapperID.MatchString(seg[0]) || (len(seg) == 2 && !digits.MatchString(seg[1])) {
		return Embed{}, false
	}
	return Embed{Src: "https://datawrapper.dwcdn.net/" + strings.Join(seg, "/") + "/", Title: "Datawrapper chart",
		Action: "Show chart", Shape: Landscape, Allow: allowChart, Sandbox: sandboxWidget}, true
}

// flourish recognises a published visualisation or story,
// public.flourish.studio/visualisation/ID/ or /story/ID/, and the embed
// address itself (flo.uri.sh/visualisation/ID/embed).
func flourish(u *url.URL, host string) (Embed, bool) {
	seg := segments(u)
	if host == "flo.uri.sh" && len(seg) == 3 && seg[2] == "embed" {
		seg = seg[:2]
	}
	if len(seg) != 2 || (seg[0] != "visualisation" && seg[0] != "story") || !digits.MatchString(seg[1]) {
		return Embed{}, false
	}
	title := "Flourish chart"
	if seg[0] == "story" {
		title = "Flourish story"
	}
	return Embed{Src: "https://flo.uri.sh/" + seg[0] + "/" + seg[1] + "/embed", Title: title,
		Action: "Show chart", Shape: Landscape, Allow: allowChart, Sandbox: sandboxWidget}, true
}

// documentCloud recognises a document, /documents/ID-SLUG (with or
// without the slug, with or without a page after it).
func documentCloud(u *url.URL, _ string) (Embed, bool) {
	seg := segments(u)
	if len(seg) < 2 || seg[0] != "documents" {
		return Embed{}, false
	}
	id := strings.TrimSuffix(seg[1], ".html")
	if !documentCloudID.MatchString(id) {
		return Embed{}, false
	}
	return Embed{Src: "https://embed.documentcloud.org/documents/" + id + "/?embed=1&responsive=1", Title: "DocumentCloud document",
		Action: "Show document", Shape: Portrait, Allow: allowChart, Sandbox: sandboxWidget}, true
}

// spotifyKinds names what each kind of Spotify link is, and how tall its
// player is.
var spotifyKinds = map[string]struct {
	title string
	shape Shape
}{
	"track": {"Spotify track", Compact}, "episode": {"Spotify episode", Player}, "show": {"Spotify podcast", Player},
	"playlist": {"Spotify playlist", Player}, "album": {"Spotify album", Player},
}

// spotify recognises tracks, episodes, shows, playlists and albums, also
// under a locale (/intl-de/track/ID).
func spotify(u *url.URL, _ string) (Embed, bool) {
	seg := segments(u)
	if len(seg) == 3 && spotifyLocale.MatchString(seg[0]) {
		seg = seg[1:]
	}
	if len(seg) != 2 || !spotifyID.MatchString(seg[1]) {
		return Embed{}, false
	}
	kind, ok := spotifyKinds[seg[0]]
	if !ok {
		return Embed{}, false
	}
	return Embed{Src: "https://open.spotify.com/embed/" + seg[0] + "/" + seg[1], Title: kind.title, Action: "Play audio",
		Shape: kind.shape, Allow: allowAudio, Sandbox: sandboxPlayer}, true
}

// applePodcasts recognises a show, /CC/podcast/SLUG/idN, or one of its
// episodes (?i=N). A slug in other than plain lower-case letters, digits
// and hyphens is left out of the frame's address, which does not need it.
func applePodcasts(u *url.URL, _ string) (Embed, bool) {
	seg := segments(u)
	if len(seg) == 4 && !appleSlug.MatchString(seg[2]) {
		seg = []string{seg[0], seg[1], seg[3]}
	}
	if len(seg) < 3 || len(seg) > 4 || !countryCode.MatchString(seg[0]) || seg[1] != "podcast" || !applePodcastID.MatchString(seg[len(seg)-1]) {
		return Embed{}, false
	}
	src := "https://embed.podcasts.apple.com/" + strings.Join(seg, "/")
	e := Embed{Title: "Apple Podcasts show", Action: "Play audio", Shape: Show, Allow: allowAudio, Sandbox: sandboxPlayer}
	if i := u.Query().Get("i"); i != "" {
		if !digits.MatchString(i) {
			return Embed{}, false
		}
		src += "?i=" + i
		e.Title, e.Shape = "Apple Podcasts episode", Episode
	}
	e.Src = src
	return e, true
}

// openStreetMap recognises a map's link, which names its place in the
// fragment (#map=ZOOM/LAT/LON) and its marker, when it has one, in the
// query (?mlat=LAT&mlon=LON). The frame shows the area a 4:3 frame about
// 640 pixels wide shows at that zoom.
func openStreetMap(u *url.URL, _ string) (Embed, bool) {
	if len(segments(u)) != 0 {
		return Embed{}, false
	}
	frag, ok := strings.CutPrefix(u.Fragment, "map=")
	parts := strings.Split(frag, "/")
	if !ok || len(parts) != 3 {
		return Embed{}, false
	}
	zoom, err := strconv.Atoi(parts[0])
	if err != nil || zoom < 0 || zoom > 19 {
		return Embed{}, false
	}
	lat, okLat := coordinate(parts[1], 85)
	lon, okLon := coordinate(parts[2], 180)
	if !okLat || !okLon {
		return Embed{}, false
	}
	// At zoom z the world is 256·2^z pixels wide; north and south shrink
	// with the cosine of the latitude on the Mercator projection.
	halfLon := 320 * 360 / (256 * math.Pow(2, float64(zoom)))
	halfLat := 240 * 360 / (256 * math.Pow(2, float64(zoom))) * math.Cos(lat*math.Pi/180)
	bbox := fmt.Sprintf("%s,%s,%s,%s", deg(max(lon-halfLon, -180)), deg(max(lat-halfLat, -85)),
		deg(min(lon+halfLon, 180)), deg(min(lat+halfLat, 85)))
	src := "https://www.openstreetmap.org/export/embed.html?bbox=" + url.QueryEscape(bbox) + "&layer=mapnik"
	q := u.Query()
	if mlat, mlon := q.Get("mlat"), q.Get("mlon"); mlat != "" || mlon != "" {
		mla, ok1 := coordinate(mlat, 85)
		mlo, ok2 := coordinate(mlon, 180)
		if !ok1 || !ok2 {
			return Embed{}, false
		}
		src += "&marker=" + url.QueryEscape(deg(mla)+","+deg(mlo))
	}
	return Embed{Src: src, Title: "OpenStreetMap map", Action: "Show map", Shape: Landscape, Sandbox: sandboxWidget}, true
}

// coordinate reads a latitude or longitude within ±limit degrees, written
// as plain decimals (no exponents, no "NaN").
func coordinate(s string, limit float64) (float64, bool) {
	if s == "" || len(s) > 20 || strings.Trim(s, "-.0123456789") != "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.Abs(v) > limit {
		return 0, false
	}
	return v, true
}

// deg writes a coordinate to five decimals, about a metre.
func deg(v float64) string {
	return strconv.FormatFloat(v, 'f', 5, 64)
}
