package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"masthead"
	"masthead/content"
	"masthead/embed"
)

// embedBody is an article body with several embeds, one of them titled by
// its link text, and a link that stays a link.
const embedBody = "The new pier, seen from the water and on the map.\n\n" +
	"[A tour of the east quay](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m5s)\n\n" +
	"https://www.openstreetmap.org/?mlat=51.5007&mlon=-0.1246#map=16/51.5007/-0.1246\n\n" +
	"The board's vote, as the chair announced it:\n\n" +
	"<https://x.com/observer/status/1234567890123456789>\n\n" +
	"https://open.spotify.com/episode/4uLU6hMCjMI75M1A2tKUQC\n\n" +
	"https://datawrapper.dwcdn.net/Ab1Cd/2/\n\n" +
	"More at https://youtu.be/dQw4w9WgXcQ in the archive."

// addEmbedArticle publishes an article with embedBody in the fixture's
// local section.
func addEmbedArticle(t testing.TB, f *fixture) *masthead.Article {
	t.Helper()
	a := &masthead.Article{Headline: "The pier from the water", BodySource: embedBody, Status: masthead.StatusPublished,
		PublishedAt: now.Add(-20 * time.Minute), Authors: []*masthead.Author{f.ben}, Category: f.local}
	must(t, content.PrepareArticle(a))
	must(t, f.store.CreateArticle(context.Background(), a))
	return a
}

// TestEmbedsOnArticlePage: an article's embeds arrive as facades with
// nothing that loads from a provider, and the page loads embed.js, which a
// page without embeds does not.
func TestEmbedsOnArticlePage(t *testing.T) {
	f := newFixture(t)
	a := addEmbedArticle(t, f)
	res := get(t, f.server, "GET", a.Path(time.UTC))
	if res.status != 200 {
		t.Fatalf("status %d", res.status)
	}
	doc := parse(t, res.body)
	figures := findAll(doc, func(n *html.Node) bool { return n.Data == "figure" && attr(n, "data-embed-src") != "" })
	var providers []string
	for _, fig := range figures {
		providers = append(providers, text(first(t, fig, byClass("embed-provider"), "provider")))
		u, err := url.Parse(attr(fig, "data-embed-src"))
		if err != nil || u.Scheme != "https" || !slices.Contains(embed.FrameHosts(), u.Host) {
			t.Errorf("data-embed-src = %q, not on a frame host", attr(fig, "data-embed-src"))
		}
		if button := first(t, fig, byTag("button"), "button"); attr(button, "type") != "button" || !hasAttr(button, "hidden") {
			t.Errorf("the load button is not a hidden plain button: %v", button.Attr)
		}
		if link := first(t, fig, byTag("a"), "link"); !strings.HasPrefix(attr(link, "href"), "https://") {
			t.Errorf("the facade's link leads to %q", attr(link, "href"))
		}
	}
	if want := []string{"YouTube", "OpenStreetMap", "X", "Spotify", "Datawrapper"}; !slices.Equal(providers, want) {
		t.Errorf("embeds = %v, want %v", providers, want)
	}
	if got := attr(figures[0], "data-embed-title"); got != "A tour of the east quay" {
		t.Errorf("the first embed's title = %q, want the link's text", got)
	}
	if got := attr(figures[0], "data-embed-src"); got != "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=65" {
		t.Errorf("the first embed's frame = %q", got)
	}
	// Nothing on the page loads from a provider before the reader asks.
	for _, n := range findAll(doc, func(n *html.Node) bool { return attr(n, "src") != "" || n.Data == "iframe" }) {
		if src := attr(n, "src"); n.Data == "iframe" || strings.HasPrefix(src, "http") {
			t.Errorf("<%s src=%q> loads from elsewhere", n.Data, src)
		}
	}
	if !loadsScript(doc, "js/embed.") {
		t.Error("the article with embeds does not load embed.js")
	}
	if plain := parse(t, get(t, f.server, "GET", f.lead.Path(time.UTC)).body); loadsScript(plain, "js/embed.") {
		t.Error("an article without embeds loads embed.js")
	}
	// The excerpt made from the body is the story's words, not the
	// facade's button and note.
	if strings.Contains(a.Excerpt, "Play video") || strings.Contains(a.Excerpt, "Nothing is loaded") {
		t.Errorf("the excerpt holds the facade's controls: %q", a.Excerpt)
	}
}

// loadsScript reports whether the page has a deferred script whose address
// holds name.
func loadsScript(doc *html.Node, name string) bool {
	return len(findAll(doc, func(n *html.Node) bool {
		return n.Data == "script" && strings.Contains(attr(n, "src"), name) && hasAttr(n, "defer")
	})) > 0
}

// TestFrameSources: the Content-Security-Policy allows frames from the
// embed providers' frame hosts, exactly, and its other directives are as
// strict as before.
func TestFrameSources(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/", f.lead.Path(time.UTC), "/admin/login"} {
		csp := get(t, f.server, "GET", path).header.Get("Content-Security-Policy")
		directives := map[string][]string{}
		for _, d := range strings.Split(csp, ";") {
			if fields := strings.Fields(d); len(fields) > 0 {
				directives[fields[0]] = fields[1:]
			}
		}
		var want []string
		for _, h := range embed.FrameHosts() {
			want = append(want, "https://"+h)
		}
		if got := directives["frame-src"]; !slices.Equal(got, want) {
			t.Errorf("%s: frame-src = %v, want %v", path, got, want)
		}
		for name, sources := range map[string]string{"default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
			"object-src": "'none'", "frame-ancestors": "'none'", "img-src": "'self' data: https:", "base-uri": "'self'", "form-action": "'self'"} {
			if got := strings.Join(directives[name], " "); got != sources {
				t.Errorf("%s: %s = %q, want %q", path, name, got, sources)
			}
		}
		if len(directives) != 9 {
			t.Errorf("%s: the policy has directives %v, want only those above and frame-src", path, csp)
		}
	}
}

// TestEmbedShapesStyled: every shape an embed can take has its box in the
// stylesheet, or its facade and frame would have no height.
func TestEmbedShapesStyled(t *testing.T) {
	css, err := staticFS.ReadFile("static/css/site.css")
	must(t, err)
	for _, shape := range embed.Shapes() {
		rule := regexp.MustCompile(`\.embed-` + regexp.QuoteMeta(string(shape)) + ` \.embed-frame \{[^}]*(aspect-ratio|height):`)
		if !rule.Match(css) {
			t.Errorf("site.css sizes no .embed-%s .embed-frame", shape)
		}
	}
}

// TestFeedsCarryEmbedsAsLinks: feed readers run no script, so a feed's
// entry carries each embed as the plain link the writer wrote.
func TestFeedsCarryEmbedsAsLinks(t *testing.T) {
	f := newFixture(t)
	a := addEmbedArticle(t, f)
	for _, path := range []string{"/feed/", "/feed/atom/", "/feed/json/"} {
		doc, err := gofeed.NewParser().ParseString(get(t, f.server, "GET", path).body)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		i := slices.IndexFunc(doc.Items, func(it *gofeed.Item) bool { return it.Title == a.Headline })
		if i < 0 {
			t.Fatalf("%s: no entry for the article", path)
		}
		body := parse(t, doc.Items[i].Content)
		if n := findAll(body, func(n *html.Node) bool {
			return n.Data == "figure" || n.Data == "button" || n.Data == "iframe" || attr(n, "data-embed-src") != ""
		}); len(n) != 0 {
			t.Errorf("%s: the entry holds a facade: %s", path, doc.Items[i].Content)
		}
		var links []string
		for _, l := range findAll(body, byTag("a")) {
			links = append(links, text(l)+" → "+attr(l, "href"))
		}
		want := []string{
			"A tour of the east quay → https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m5s",
			"https://www.openstreetmap.org/?mlat=51.5007&mlon=-0.1246#map=16/51.5007/-0.1246 → https://www.openstreetmap.org/?mlat=51.5007&mlon=-0.1246#map=16/51.5007/-0.1246",
			"https://x.com/observer/status/1234567890123456789 → https://x.com/observer/status/1234567890123456789",
			"https://open.spotify.com/episode/4uLU6hMCjMI75M1A2tKUQC → https://open.spotify.com/episode/4uLU6hMCjMI75M1A2tKUQC",
			"https://datawrapper.dwcdn.net/Ab1Cd/2/ → https://datawrapper.dwcdn.net/Ab1Cd/2/",
			"https://youtu.be/dQw4w9WgXcQ → https://youtu.be/dQw4w9WgXcQ",
		}
		if !slices.Equal(links, want) {
			t.Errorf("%s: links =\n%s\nwant\n%s", path, strings.Join(links, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestEmbedLoadsOnClick opens an article with embeds in Chromium, whose
// every lookup of a host other than the test server's fails, and records
// every request the page makes: none may leave for a provider before the
// reader asks; the button, pressed from the keyboard or clicked, puts the
// frame in the facade's place, at its size, with the focus in it; and only
// then does the browser try the provider's frame host.
func TestEmbedLoadsOnClick(t *testing.T) {
	f := newFixture(t)
	a := addEmbedArticle(t, f)
	ts := httptest.NewServer(f.server)
	defer ts.Close()
	local, _ := url.Parse(ts.URL)
	b := newBrowser(t,
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE "+local.Hostname()),
		// Frames stay in the page's process, so that the page's target
		// sees their requests too.
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", "IsolateOrigins,site-per-process"))
	var mu sync.Mutex
	var requested []string
	var once sync.Once
	triedYouTube := make(chan struct{})
	if err := chromedp.Listen(b, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requested = append(requested, e.Request.URL)
			mu.Unlock()
			if strings.HasPrefix(e.Request.URL, "https://www.youtube-nocookie.com/") {
				once.Do(func() { close(triedYouTube) })
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	// elsewhere returns the hosts other than the test server's that the
	// page has asked for so far, and whether it has asked the server.
	elsewhere := func() (hosts []string, sawLocal bool) {
		mu.Lock()
		defer mu.Unlock()
		for _, r := range requested {
			u, err := url.Parse(r)
			switch {
			case err != nil:
				hosts = append(hosts, r)
			case u.Host == local.Host:
				sawLocal = true
			case u.Scheme == "data" || u.Scheme == "about":
			default:
				if !slices.Contains(hosts, u.Host) {
					hosts = append(hosts, u.Host)
				}
			}
		}
		return hosts, sawLocal
	}
	const youtubeButton = `figure.embed-16x9 button.embed-load`
	if err := chromedp.Do(b, chromedp.EmulateViewport(768, 1000), chromedp.Navigate(ts.URL+a.Path(time.UTC)),
		chromedp.WaitVisible(chromedp.CSS(youtubeButton))); err != nil {
		t.Fatal(err)
	}
	type box struct{ Width, Height float64 }
	sizeOf := func(sel string) box {
		t.Helper()
		got, err := chromedp.Run(b, chromedp.Evaluate[box](fmt.Sprintf(
			`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return {Width: r.width, Height: r.height}; })()`, sel)))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	before := sizeOf("figure.embed-16x9")
	if hosts, sawLocal := elsewhere(); len(hosts) != 0 || !sawLocal {
		t.Fatalf("before any click the page asked %v (and the test server: %v), want only the test server", hosts, sawLocal)
	}

	// The keyboard: focus the button and press Enter.
	if err := chromedp.Do(b, chromedp.Focus(chromedp.CSS(youtubeButton)), chromedp.SendKeys(chromedp.CSS(youtubeButton), kb.Enter),
		chromedp.WaitReady(chromedp.CSS("figure.embed-16x9 iframe"))); err != nil {
		t.Fatal(err)
	}
	type frame struct {
		Src, Title, Sandbox, Allow, Referrer, Loading string
		Focused, ButtonGone                           bool
	}
	frameOf := func(figure string) frame {
		t.Helper()
		got, err := chromedp.Run(b, chromedp.Evaluate[frame](fmt.Sprintf(`(() => {
			const fig = document.querySelector(%q), f = fig.querySelector("iframe");
			return {Src: f.src, Title: f.title, Sandbox: f.getAttribute("sandbox"), Allow: f.getAttribute("allow"),
				Referrer: f.getAttribute("referrerpolicy"), Loading: f.getAttribute("loading"),
				Focused: document.activeElement === f, ButtonGone: !fig.querySelector("button")};
		})()`, figure)))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	yt, _ := embed.Lookup("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m5s")
	got := frameOf("figure.embed-16x9")
	want := frame{Src: yt.Src, Title: "A tour of the east quay", Sandbox: yt.Sandbox, Allow: yt.Allow,
		Referrer: "strict-origin-when-cross-origin", Loading: "eager", Focused: true, ButtonGone: true}
	if got != want {
		t.Errorf("the YouTube frame = %+v,\nwant %+v", got, want)
	}
	if after := sizeOf("figure.embed-16x9"); after != before {
		t.Errorf("the embed was %+v before loading and %+v after: the page moved", before, after)
	}
	// The browser tried the frame's host, and that host alone.
	select {
	case <-triedYouTube:
	case <-time.After(10 * time.Second):
		t.Fatal("the browser never asked for the video's frame")
	}
	if hosts, _ := elsewhere(); !slices.Equal(hosts, []string{"www.youtube-nocookie.com"}) {
		t.Fatalf("after loading the video the page asked %v, want www.youtube-nocookie.com alone", hosts)
	}

	// The mouse: the map.
	if err := chromedp.Do(b, chromedp.Click(chromedp.CSS("figure.embed-4x3 button.embed-load")),
		chromedp.WaitReady(chromedp.CSS("figure.embed-4x3 iframe"))); err != nil {
		t.Fatal(err)
	}
	osm, _ := embed.Lookup("https://www.openstreetmap.org/?mlat=51.5007&mlon=-0.1246#map=16/51.5007/-0.1246")
	if got := frameOf("figure.embed-4x3"); got.Src != osm.Src || got.Title != "OpenStreetMap map" || !got.Focused || got.Allow != "" {
		t.Errorf("the map's frame = %+v, want src %q titled OpenStreetMap map, focused, without an allow list", got, osm.Src)
	}
	// Every other embed is still its facade.
	if n, err := chromedp.Run(b, chromedp.Evaluate[int](`document.querySelectorAll("figure.embed iframe").length`)); err != nil || n != 2 {
		t.Errorf("%d frames on the page (%v), want the two asked for", n, err)
	}
}

// TestEmbedsWithoutJavaScript: with scripts off, the facade's button stays
// hidden and its link leads to the original.
func TestEmbedsWithoutJavaScript(t *testing.T) {
	f := newFixture(t)
	a := addEmbedArticle(t, f)
	ts := httptest.NewServer(f.server)
	defer ts.Close()
	b := newBrowser(t, chromedp.Flag("blink-settings", "scriptEnabled=false"))
	if err := chromedp.Do(b, chromedp.Navigate(ts.URL+a.Path(time.UTC)),
		chromedp.WaitVisible(chromedp.CSS("figure.embed figcaption a"))); err != nil {
		t.Fatal(err)
	}
	hidden, err := chromedp.Run(b, chromedp.Evaluate[bool](
		`[...document.querySelectorAll("button.embed-load")].every(b => b.offsetParent === null)`))
	if err != nil || !hidden {
		t.Errorf("without JavaScript a load button shows (%v)", err)
	}
}

// TestEmbedsInPreview: the editor's preview shows an embed as readers
// will get it, a facade, and loads embed.js for it.
func TestEmbedsInPreview(t *testing.T) {
	rig := newEditorRig(t)
	v := articleValues("Preview an embed", rig.staff[masthead.RoleAuthor])
	v.Set("body", "Before.\n\nhttps://vimeo.com/76979871\n\nAfter.")
	res := rig.save(t, masthead.RoleAuthor, "/admin/articles/new", v, "preview")
	b := body(t, res)
	if res.StatusCode != 200 {
		t.Fatalf("preview: status %d", res.StatusCode)
	}
	doc := parse(t, b)
	preview := first(t, doc, byClass("story-body"), "preview")
	fig := first(t, preview, byClass("embed"), "embed in the preview")
	if got := attr(fig, "data-embed-src"); got != "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1" {
		t.Errorf("the preview's embed frames %q", got)
	}
	if !loadsScript(doc, "js/embed.") {
		t.Error("the preview with an embed does not load embed.js")
	}
	checkNoScript(t, b, "preview")
}
