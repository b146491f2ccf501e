package web

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/media"
)

// addImage stores a w × h image in the library and in dir, as an upload
// would.
func addImage(t *testing.T, store masthead.Store, dir string, w, h int, alt string) *masthead.Media {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var buf bytes.Buffer
	must(t, png.Encode(&buf, img))
	p, err := media.Process(&buf)
	must(t, err)
	ctx := context.Background()
	m := &masthead.Media{Name: p.Original.Name, Type: p.Original.Type, Width: w, Height: h, AltText: alt}
	must(t, media.Dir(dir).Put(ctx, p.Original.Name, p.Original.Data))
	for _, v := range p.Variants {
		must(t, media.Dir(dir).Put(ctx, v.Name, v.Data))
		m.Variants = append(m.Variants, masthead.MediaVariant{Width: v.Width, Name: v.Name})
	}
	must(t, store.CreateMedia(ctx, m))
	return m
}

// brandedFixture is the fixture site with a logo, a site icon, a social
// image, an accent colour and footer text, served with its media.
type brandedFixture struct {
	*fixture
	srv                *Server
	dir                string // the media directory
	logo, icon, social *masthead.Media
}

func newBrandedFixture(t *testing.T) *brandedFixture {
	t.Helper()
	f := newFixture(t)
	dir := t.TempDir()
	b := &brandedFixture{fixture: f, dir: dir}
	b.logo = addImage(t, f.store, dir, 600, 120, "The Observer's nameplate")
	b.icon = addImage(t, f.store, dir, 512, 512, "An O")
	b.social = addImage(t, f.store, dir, 1200, 630, "The harbour at dawn")
	site, err := f.store.FindSite(context.Background())
	must(t, err)
	site.Logo, site.Icon, site.SocialImage = b.logo.ID, b.icon.ID, b.social.ID
	site.AccentColor, site.FooterText = "#1A5FB4", "Observer Media Ltd, Port Alder."
	must(t, f.store.UpdateSite(context.Background(), site))
	b.srv, err = NewServer(f.store, Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }, MediaDir: dir})
	must(t, err)
	return b
}

// links returns the href of every <link> whose rel is rel.
func links(doc *html.Node, rel string) []*html.Node {
	return findAll(doc, func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "link" && attr(n, "rel") == rel
	})
}

func TestBrandingOnPages(t *testing.T) {
	b := newBrandedFixture(t)
	res := get(t, b.srv, "GET", "/")
	if res.status != http.StatusOK {
		t.Fatalf("home: status %d", res.status)
	}
	doc := parse(t, res.body)

	logo := first(t, first(t, doc, byClass("site-title"), "site title"), byTag("img"), "the logo")
	if src := attr(logo, "src"); !strings.HasPrefix(src, "/media/") || get(t, b.srv, "GET", src).status != http.StatusOK {
		t.Errorf("logo src = %q, want a file of the library that is served", src)
	}
	if w, h := attr(logo, "width"), attr(logo, "height"); w != "320" || h != "64" {
		t.Errorf("logo is %s × %s, want 320 × 64 (64 high, in proportion)", w, h)
	}
	if alt := attr(logo, "alt"); alt != "Observer" {
		t.Errorf("logo alt = %q, want the site's name", alt)
	}

	key := strings.TrimSuffix(b.icon.Name, ".png")
	key = strings.TrimSuffix(key, ".jpg")
	for rel, size := range map[string]int{"icon": masthead.FaviconSize, "apple-touch-icon": masthead.TouchIconSize} {
		found := links(doc, rel)
		if len(found) != 1 {
			t.Fatalf("%d links of rel %s, want 1", len(found), rel)
		}
		want := "/brand/icon/" + strconv.Itoa(size) + "/" + key + ".png"
		if href := attr(found[0], "href"); href != want {
			t.Errorf("%s href = %q, want %q", rel, href, want)
		}
		checkIcon(t, b.srv, want, size)
	}

	manifests := links(doc, "manifest")
	if len(manifests) != 1 {
		t.Fatalf("%d manifest links, want 1", len(manifests))
	}
	mres := get(t, b.srv, "GET", attr(manifests[0], "href"))
	var manifest webManifest
	if err := json.Unmarshal([]byte(mres.body), &manifest); err != nil || mres.status != http.StatusOK {
		t.Fatalf("manifest: status %d, %v", mres.status, err)
	}
	if manifest.Name != "Observer" || manifest.ThemeColor != "#1a5fb4" || len(manifest.Icons) != 2 {
		t.Errorf("manifest = %+v", manifest)
	}
	for _, icon := range manifest.Icons {
		size, _ := strconv.Atoi(strings.Split(icon.Sizes, "x")[0])
		checkIcon(t, b.srv, icon.Src, size)
	}

	socialURL := "https://observer.example" + b.social.Path()
	if got := meta(doc, "og:image"); got != socialURL {
		t.Errorf("home og:image = %q, want the social image %q", got, socialURL)
	}
	if got := meta(doc, "twitter:image"); got != socialURL {
		t.Errorf("home twitter:image = %q, want %q", got, socialURL)
	}
	if got := meta(doc, "twitter:card"); got != "summary_large_image" {
		t.Errorf("twitter:card = %q, want a large card for the social image", got)
	}

	var accent string
	for _, l := range links(doc, "stylesheet") {
		if strings.HasPrefix(attr(l, "href"), "/brand/accent/") {
			accent = attr(l, "href")
		}
	}
	if accent != "/brand/accent/1a5fb4.css" {
		t.Fatalf("accent stylesheet = %q, want /brand/accent/1a5fb4.css", accent)
	}
	css := get(t, b.srv, "GET", accent)
	if css.status != http.StatusOK || !strings.Contains(css.body, "--accent: #1a5fb4;") || !strings.Contains(css.body, "prefers-color-scheme: dark") ||
		!strings.HasPrefix(css.header.Get("Content-Type"), "text/css") || !strings.Contains(css.header.Get("Cache-Control"), "immutable") {
		t.Errorf("accent stylesheet: status %d, headers %v, body %q", css.status, css.header, css.body)
	}

	if got := text(first(t, doc, byClass("footer-text"), "footer text")); got != "Observer Media Ltd, Port Alder." {
		t.Errorf("footer text = %q", got)
	}

	// An article without a featured image shows the social image, and its
	// publisher's logo in the structured data is the site's.
	art := parse(t, get(t, b.srv, "GET", b.lead.Path(time.UTC)).body)
	if got := meta(art, "og:image"); got != socialURL {
		t.Errorf("article og:image = %q, want %q", got, socialURL)
	}
	var publisher map[string]any
	for _, d := range jsonLD(t, art) {
		if d["@type"] == "NewsArticle" {
			publisher, _ = d["publisher"].(map[string]any)
			if imgs, _ := d["image"].([]any); len(imgs) != 1 || imgs[0] != socialURL {
				t.Errorf("NewsArticle image = %v, want the social image", d["image"])
			}
		}
	}
	logoLD, _ := publisher["logo"].(map[string]any)
	if logoLD["url"] != "https://observer.example"+b.logo.Path() || logoLD["width"] != 600.0 || logoLD["height"] != 120.0 {
		t.Errorf("publisher logo = %v, want the site's logo at 600 × 120", logoLD)
	}
}

// checkIcon fetches an icon and checks it is a PNG of size pixels square,
// cached for a year.
func checkIcon(t *testing.T, h http.Handler, path string, size int) {
	t.Helper()
	res := get(t, h, "GET", path)
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "image/png" || !strings.Contains(res.header.Get("Cache-Control"), "immutable") {
		t.Fatalf("%s: status %d, headers %v", path, res.status, res.header)
	}
	img, err := png.Decode(strings.NewReader(res.body))
	if err != nil || img.Bounds().Dx() != size || img.Bounds().Dy() != size {
		t.Fatalf("%s is not a %d-pixel PNG: %v", path, size, err)
	}
}

func TestBrandingDefaults(t *testing.T) {
	f := newFixture(t)
	doc := parse(t, get(t, f.server, "GET", "/").body)
	if imgs := findAll(first(t, doc, byClass("site-title"), "site title"), byTag("img")); len(imgs) != 0 {
		t.Error("a site without a logo shows one")
	}
	icons := links(doc, "icon")
	if len(icons) != 1 || !strings.HasPrefix(attr(icons[0], "href"), "/static/img/logo.") {
		t.Errorf("icons without a site icon = %d, want the built-in one", len(icons))
	}
	if len(links(doc, "manifest")) != 0 || get(t, f.server, "GET", "/manifest.webmanifest").status != http.StatusNotFound {
		t.Error("a site without a site icon has a manifest")
	}
	for _, l := range links(doc, "stylesheet") {
		if strings.HasPrefix(attr(l, "href"), "/brand/") {
			t.Errorf("a site without an accent links %s", attr(l, "href"))
		}
	}
	if got := meta(doc, "og:image"); !strings.Contains(got, "/static/img/logo.") {
		t.Errorf("og:image without a social image = %q, want the built-in logo", got)
	}
	if got := meta(doc, "twitter:card"); got != "summary" {
		t.Errorf("twitter:card = %q, want summary", got)
	}
}

func TestBrandFilesRefuseWhatIsNotTheSettings(t *testing.T) {
	b := newBrandedFixture(t)
	key := strings.TrimSuffix(strings.TrimSuffix(b.social.Name, ".jpg"), ".png")
	for _, path := range []string{
		"/brand/icon/32/" + key + ".png", // an image of the library that is not the site icon
		"/brand/icon/64/" + strings.TrimSuffix(strings.TrimSuffix(b.icon.Name, ".jpg"), ".png") + ".png", // a size not made
		"/brand/accent/ffcc00.css", // a colour the settings refuse
		"/brand/accent/zzzzzz.css",
		"/brand/accent/1A5FB4.css", // one address per colour
	} {
		if res := get(t, b.srv, "GET", path); res.status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, res.status)
		}
	}
}

func TestBrandingSettingsForm(t *testing.T) {
	b := newBrandedFixture(t)
	admin := signIn(t, b.srv, addStaff(t, b.store, "Ada Admin", masthead.RoleAdmin).Email)
	doc := parse(t, body(t, send(t, b.srv, "GET", "/admin/settings", nil, admin)))
	logoSelect := first(t, doc, byID("logo"), "the logo list")
	var selected string
	for _, o := range findAll(logoSelect, byTag("option")) {
		if hasAttr(o, "selected") {
			selected = attr(o, "value")
		}
	}
	if selected != itoa(b.logo.ID) {
		t.Errorf("the logo list selects %q, want %d", selected, b.logo.ID)
	}

	site, _ := b.store.FindSite(context.Background())
	values := settingsForm(site)
	for field, edit := range map[string]func(url.Values){
		"accent_color": func(v url.Values) { v.Set("accent_color", "#ffcc00") },
		"icon":         func(v url.Values) { v.Set("icon", itoa(b.social.ID)) },
		"theme":        func(v url.Values) { v.Set("theme", "fancy") },
	} {
		bad := url.Values{}
		for k, v := range values {
			bad[k] = v
		}
		edit(bad)
		res := send(t, b.srv, "POST", "/admin/settings", bad, admin)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d, want 422", field, res.StatusCode)
		}
		doc := parse(t, body(t, res))
		msg := text(first(t, doc, byID(field+"-error"), field+"'s message"))
		if !strings.HasSuffix(msg, ".") {
			t.Errorf("%s: message %q is not a sentence", field, msg)
		}
		if field == "accent_color" {
			if got := attr(first(t, doc, byID("accent_color"), "accent field"), "value"); got != "#ffcc00" {
				t.Errorf("the refused form shows %q, want what was typed", got)
			}
		}
	}
	values.Set("accent_color", "#2e7d32")
	values.Set("logo", "0")
	if res := send(t, b.srv, "POST", "/admin/settings", values, admin); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("good branding: status %d", res.StatusCode)
	}
	doc = parse(t, get(t, b.srv, "GET", "/").body)
	if imgs := findAll(first(t, doc, byClass("site-title"), "site title"), byTag("img")); len(imgs) != 0 {
		t.Error("the logo stays after it was taken off")
	}
	var accent bool
	for _, l := range links(doc, "stylesheet") {
		accent = accent || attr(l, "href") == "/brand/accent/2e7d32.css"
	}
	if !accent {
		t.Error("the new accent colour is not linked")
	}
}
