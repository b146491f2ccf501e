package masthead

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The built-in looks of the public site, by the names the theme setting
// takes. ThemeStandard is the classic newspaper; ThemeDense is an
// image-led front with smaller type and more stories above the fold.
const (
	ThemeStandard = "standard"
	ThemeDense    = "dense"
)

// Themes lists the built-in looks, the default first.
var Themes = []string{ThemeStandard, ThemeDense}

// The page backgrounds of the built-in stylesheet, which an accent colour
// is read against: the page and a card in light mode, and the lighter of
// the two in dark mode (the hardest for a light accent to stand out on).
const (
	lightBackground = "#fdfcf9"
	darkBackground  = "#1c1c1c"
)

// MinTextContrast is the contrast ratio WCAG 2 level AA asks of body-size
// text against its background.
const MinTextContrast = 4.5

// notAnImage refuses an image setting that names no image, in a sentence
// of its own for each setting, so that each can be translated whole.
func notAnImage(field string) error {
	switch field {
	case "logo":
		return FieldErrorf(field, "The logo must be an image of the media library, or none.")
	case "icon":
		return FieldErrorf(field, "The site icon must be an image of the media library, or none.")
	}
	return FieldErrorf(field, "The social image must be an image of the media library, or none.")
}

// validateBranding checks the branding settings that need nothing but
// themselves; the images they name are checked by CheckBrandImage.
func (s *Site) validateBranding() error {
	for _, img := range s.BrandImages() {
		if img.ID < 0 {
			return notAnImage(img.Field)
		}
	}
	if len([]rune(s.FooterText)) > 500 {
		return FieldErrorf("footer_text", "The footer text may be at most 500 characters long.")
	}
	if !knownTheme(s.Theme) {
		return FieldErrorf("theme", "%q is not a theme; the themes are %s.", s.Theme, strings.Join(Themes, " and "))
	}
	if s.AccentColor == "" {
		return nil
	}
	light, ok := parseHexColor(s.AccentColor)
	if !ok {
		return FieldErrorf("accent_color", "The accent colour must be written as # and six hexadecimal digits, such as #8a1c1c, not %q.", s.AccentColor)
	}
	bg, _ := parseHexColor(lightBackground)
	if ratio := contrast(light, bg); ratio < MinTextContrast {
		return FieldErrorf("accent_color", "The accent colour %s has a contrast ratio of only %.1f:1 with the page, and text in it needs at least %.1f:1 to be readable (WCAG AA), so choose a darker colour.",
			strings.ToLower(s.AccentColor), math.Floor(ratio*10)/10, MinTextContrast)
	}
	return nil
}

// knownTheme reports whether name is a built-in look; empty is the
// standard one, as on a site from before themes.
func knownTheme(name string) bool {
	if name == "" {
		return true
	}
	for _, t := range Themes {
		if t == name {
			return true
		}
	}
	return false
}

// AccentColors returns the accent colour for light and for dark mode, as
// "#rrggbb", and false when no valid accent is set. The dark shade is the
// accent mixed with white just enough to reach MinTextContrast on the dark
// page, so that one setting stays readable in both modes.
func (s *Site) AccentColors() (light, dark string, ok bool) {
	c, ok := parseHexColor(s.AccentColor)
	if !ok {
		return "", "", false
	}
	return c.String(), DarkAccent(c.String()), true
}

// DarkAccent returns the shade of accent ("#rrggbb") readable as text on
// the dark page: accent itself when it already is, else the least
// lightened mix of it with white that is. An unreadable accent gives "".
func DarkAccent(accent string) string {
	c, ok := parseHexColor(accent)
	if !ok {
		return ""
	}
	bg, _ := parseHexColor(darkBackground)
	white := rgb{255, 255, 255}
	for step := 0; step <= 100; step++ {
		mixed := c.mix(white, float64(step)/100)
		if contrast(mixed, bg) >= MinTextContrast {
			return mixed.String()
		}
	}
	return white.String()
}

// rgb is a colour of the sRGB space, 8 bits a channel.
type rgb struct{ r, g, b uint8 }

// parseHexColor reads "#rrggbb" or "#rgb", in either case.
func parseHexColor(s string) (rgb, bool) {
	if !strings.HasPrefix(s, "#") {
		return rgb{}, false
	}
	hex := s[1:]
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	if len(hex) != 6 {
		return rgb{}, false
	}
	n, err := strconv.ParseUint(hex, 16, 32)
	if err != nil {
		return rgb{}, false
	}
	return rgb{uint8(n >> 16), uint8(n >> 8), uint8(n)}, true
}

func (c rgb) String() string { return fmt.Sprintf("#%02x%02x%02x", c.r, c.g, c.b) }

// mix returns c moved by share (0 to 1) of the way to o.
func (c rgb) mix(o rgb, share float64) rgb {
	at := func(a, b uint8) uint8 { return uint8(math.Round(float64(a) + (float64(b)-float64(a))*share)) }
	return rgb{at(c.r, o.r), at(c.g, o.g), at(c.b, o.b)}
}

// luminance is WCAG 2's relative luminance of c.
func (c rgb) luminance() float64 {
	linear := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*linear(c.r) + 0.7152*linear(c.g) + 0.0722*linear(c.b)
}

// contrast is WCAG 2's contrast ratio of two colours, from 1 to 21.
func contrast(a, b rgb) float64 {
	la, lb := a.luminance(), b.luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// ContrastRatio returns WCAG 2's contrast ratio of two "#rrggbb" colours,
// and 0 when either is not one.
func ContrastRatio(a, b string) float64 {
	ca, ok1 := parseHexColor(a)
	cb, ok2 := parseHexColor(b)
	if !ok1 || !ok2 {
		return 0
	}
	return contrast(ca, cb)
}

// BrandImage is one image the branding settings name.
type BrandImage struct {
	Field string // the setting's name
	Label string // what the settings page calls it
	ID    int64  // the media library's id; 0 for none
}

// BrandImages lists the images the settings name, set or not.
func (s *Site) BrandImages() []BrandImage {
	return []BrandImage{
		{Field: "logo", Label: "logo", ID: s.Logo},
		{Field: "icon", Label: "site icon", ID: s.Icon},
		{Field: "social_image", Label: "social image", ID: s.SocialImage},
	}
}

// BrandImageSettings are the settings that name an image of the media
// library, so that the store can let go of an image deleted from it.
var BrandImageSettings = []string{"logo", "icon", "social_image"}

// Sizes of the icons made from the site icon: the favicon, Apple's touch
// icon, and the two sizes a web app manifest asks for.
const (
	FaviconSize    = 32
	TouchIconSize  = 180
	ManifestIcon   = 192
	LargestIcon    = 512
	minLogoWidth   = 112 // what search engines ask of a publisher's logo
	minLogoHeight  = 32
	minSocialWidth = 200 // what social sites ask of a card's image
)

// IconSizes lists the sizes made from the site icon, smallest first.
var IconSizes = []int{FaviconSize, TouchIconSize, ManifestIcon, LargestIcon}

// CheckBrandImage reports whether m can serve as the branding image that
// setting field names ("logo", "icon", "social_image"): a logo is wide
// and tall enough for search engines, a site icon square and large enough
// for the largest icon, a social image large enough for social cards.
func CheckBrandImage(field string, m *Media) error {
	switch field {
	case "logo":
		if m.Width < minLogoWidth || m.Height < minLogoHeight {
			return FieldErrorf(field, "The logo must be at least %d pixels wide and %d high, and this image is %d × %d.", minLogoWidth, minLogoHeight, m.Width, m.Height)
		}
	case "icon":
		if m.Width != m.Height || m.Width < LargestIcon {
			return FieldErrorf(field, "The site icon must be square and at least %d pixels on a side, for the icons phones install, and this image is %d × %d.", LargestIcon, m.Width, m.Height)
		}
	case "social_image":
		if m.Width < minSocialWidth || m.Height < minSocialWidth {
			return FieldErrorf(field, "The social image must be at least %d pixels on each side (1200 × 630 shows best), and this image is %d × %d.", minSocialWidth, m.Width, m.Height)
		}
	}
	return nil
}
