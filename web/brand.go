package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"masthead"
	"masthead/media"
)

// The site's branding as pages show it: the logo in the masthead, the
// icons browsers and phones show, the accent colour's stylesheet. Their
// files are addressed by content (the image's name, the colour itself), so
// they are cached for a year and a change of setting gives new addresses.

// brandImages are the images the branding settings name, nil for none.
type brandImages struct {
	logo, icon, social *masthead.Media
}

// logoHeight is the height the masthead gives a logo, in CSS pixels;
// maxLogoWidth bounds a wide one, which then shows less tall.
const (
	logoHeight   = 64
	maxLogoWidth = 360
)

// brandView is what the layout shows of the branding.
type brandView struct {
	Logo *logoView
	// Icons are the favicon and touch icon links, made from the site
	// icon; none means the built-in icon.
	Icons []iconLink
	// Manifest says that /manifest.webmanifest describes the site.
	Manifest bool
	// AccentCSS is the address of the stylesheet that sets the accent
	// colour, empty for the theme's own.
	AccentCSS string
}

// logoView is the masthead's logo: its file, a sharper one for dense
// screens, and the size it shows at so that nothing shifts as it loads.
type logoView struct {
	Src           string
	Width, Height int
}

// iconLink is one <link> to an icon.
type iconLink struct{ Rel, Sizes, Href string }

// brandImages returns the images the settings name, from the cache while
// a watcher keeps it. An image the library no longer has is none: the
// store lets go of a deleted one, and this covers the moment in between.
func (s *Server) brandImages(ctx context.Context, site *masthead.Site) (brandImages, error) {
	want := [3]int64{site.Logo, site.Icon, site.SocialImage}
	s.cache.mu.Lock()
	on, gen := s.cache.on, s.cache.gen
	if on && s.cache.brandValid && s.cache.brandFor == want {
		b := s.cache.brand
		s.cache.mu.Unlock()
		return b, nil
	}
	s.cache.mu.Unlock()
	var b brandImages
	for i, dst := range []**masthead.Media{&b.logo, &b.icon, &b.social} {
		if want[i] == 0 {
			continue
		}
		m, err := s.store.FindMediaByID(ctx, want[i])
		if masthead.ErrorCode(err) == masthead.ENOTFOUND {
			continue
		} else if err != nil {
			return brandImages{}, err
		}
		*dst = m
	}
	if on {
		s.cache.mu.Lock()
		if s.cache.on && s.cache.gen == gen {
			s.cache.brand, s.cache.brandFor, s.cache.brandValid = b, want, true
		}
		s.cache.mu.Unlock()
	}
	return b, nil
}

// brandView works out what the layout shows of the settings' branding.
func (s *Server) brandView(r *http.Request, site *masthead.Site, b brandImages) brandView {
	var v brandView
	if m := b.logo; m != nil {
		v.Logo = newLogoView(m)
	}
	if m := b.icon; m != nil {
		v.Icons = []iconLink{
			{Rel: "icon", Sizes: "32x32", Href: iconPath(m, masthead.FaviconSize)},
			{Rel: "apple-touch-icon", Sizes: "180x180", Href: iconPath(m, masthead.TouchIconSize)},
		}
		v.Manifest = true
	}
	if light, _, ok := site.AccentColors(); ok {
		v.AccentCSS = "/brand/accent/" + strings.TrimPrefix(light, "#") + ".css"
	}
	return v
}

// newLogoView sizes a logo for the masthead: logoHeight tall unless that
// makes it wider than maxLogoWidth, never larger than the image.
func newLogoView(m *masthead.Media) *logoView {
	h := min(logoHeight, m.Height)
	w := max(1, m.Width*h/m.Height)
	if w > maxLogoWidth {
		w, h = maxLogoWidth, max(1, m.Height*maxLogoWidth/m.Width)
	}
	v := &logoView{Src: m.Path(), Width: w, Height: h}
	// The narrowest size still sharp on a screen of two device pixels a
	// CSS pixel, else the image itself.
	for _, vr := range m.Variants {
		if vr.Width >= 2*w {
			v.Src = "/media/" + vr.Name
			break
		}
	}
	return v
}

// iconPath is the address of the site icon m made at size pixels square.
func iconPath(m *masthead.Media, size int) string {
	return fmt.Sprintf("/brand/icon/%d/%s.png", size, iconKey(m))
}

// iconKey is the part of an image's name that its icons are named by: its
// content hash, since an icon is always a PNG whatever the image is.
func iconKey(m *masthead.Media) string {
	return strings.TrimSuffix(strings.TrimSuffix(m.Name, ".jpg"), ".png")
}

// icons keeps the icons made so far, by address, so that each is scaled
// once. A few settings' worth are kept: older ones are dropped whole.
type icons struct {
	mu    sync.Mutex
	files map[string][]byte
}

const maxIcons = 16

// handleIcon serves "GET /brand/icon/{size}/{file}": the site icon made at
// one of masthead.IconSizes, cached for a year since its address changes
// with the image. Only the current site icon is made, so that no one can
// make the server scale every image of the library.
func (s *Server) handleIcon(w http.ResponseWriter, r *http.Request) {
	size, err := strconv.Atoi(r.PathValue("size"))
	key, isPNG := strings.CutSuffix(r.PathValue("file"), ".png")
	if err != nil || !isPNG || !validIconSize(size) || s.media == nil {
		s.handleNotFound(w, r)
		return
	}
	site, err := s.site(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	b, err := s.brandImages(r.Context(), site)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if b.icon == nil || iconKey(b.icon) != key || !media.ValidName(b.icon.Name) {
		s.handleNotFound(w, r)
		return
	}
	data, err := s.icon(r.Context(), b.icon, size)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(data)
}

func validIconSize(size int) bool {
	for _, s := range masthead.IconSizes {
		if s == size {
			return true
		}
	}
	return false
}

// icon returns the site icon m made at size pixels square.
func (s *Server) icon(ctx context.Context, m *masthead.Media, size int) ([]byte, error) {
	path := iconPath(m, size)
	s.icons.mu.Lock()
	data, ok := s.icons.files[path]
	s.icons.mu.Unlock()
	if ok {
		return data, nil
	}
	f, err := s.media.Open(ctx, m.Name)
	if err != nil {
		return nil, fmt.Errorf("open the site icon: %w", err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, media.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read the site icon: %w", err)
	}
	if data, err = media.Icon(src, size); err != nil {
		return nil, fmt.Errorf("make the site icon at %d pixels: %w", size, err)
	}
	s.icons.mu.Lock()
	if s.icons.files == nil || len(s.icons.files) >= maxIcons {
		s.icons.files = map[string][]byte{}
	}
	s.icons.files[path] = data
	s.icons.mu.Unlock()
	return data, nil
}

// handleAccentCSS serves "GET /brand/accent/{file}": the stylesheet that
// sets the accent colour named by its address (1a5fb4.css), with the shade
// worked out for dark mode. It depends on its address alone, so it is
// cached for a year; a colour the settings would refuse is not served.
func (s *Server) handleAccentCSS(w http.ResponseWriter, r *http.Request) {
	hex, ok := strings.CutSuffix(r.PathValue("file"), ".css")
	probe := masthead.DefaultSite()
	probe.AccentColor = "#" + hex
	light, dark, valid := probe.AccentColors()
	if !ok || len(hex) != 6 || !valid || probe.Validate() != nil || strings.ToLower(hex) != hex {
		s.handleNotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	fmt.Fprintf(w, ":root { --accent: %s; }\n@media (prefers-color-scheme: dark) {\n  :root { --accent: %s; }\n}\n", light, dark)
}

// webManifest is the web app manifest's shape.
type webManifest struct {
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	StartURL        string         `json:"start_url"`
	Display         string         `json:"display"`
	ThemeColor      string         `json:"theme_color,omitempty"`
	BackgroundColor string         `json:"background_color"`
	Icons           []manifestIcon `json:"icons"`
}

type manifestIcon struct {
	Src   string `json:"src"`
	Sizes string `json:"sizes"`
	Type  string `json:"type"`
}

// handleManifest serves "GET /manifest.webmanifest": the site's name,
// colour and icons for phones that add it to their home screen, when a
// site icon is set. Browsers ask again now and then; a short cache keeps
// a changed setting from waiting long.
func (s *Server) handleManifest(w http.ResponseWriter, r *http.Request) {
	site, err := s.site(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	b, err := s.brandImages(r.Context(), site)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if b.icon == nil {
		s.handleNotFound(w, r)
		return
	}
	m := webManifest{Name: site.Title, ShortName: shortName(site.Title), StartURL: "/", Display: "browser", BackgroundColor: "#fdfcf9"}
	if light, _, ok := site.AccentColors(); ok {
		m.ThemeColor = light
	}
	for _, size := range []int{masthead.ManifestIcon, masthead.LargestIcon} {
		m.Icons = append(m.Icons, manifestIcon{Src: iconPath(b.icon, size), Sizes: fmt.Sprintf("%dx%d", size, size), Type: "image/png"})
	}
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/manifest+json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(body)
}
