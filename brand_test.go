package masthead

import (
	"strings"
	"testing"
)

func TestBrandingSettingsValidate(t *testing.T) {
	tests := []struct {
		name    string
		set     map[string]string
		field   string // "" when the settings are valid
		message string // a part of the message
	}{
		{"defaults", nil, "", ""},
		{"a dark accent", map[string]string{"accent_color": "#1A5FB4"}, "", ""},
		{"a short accent", map[string]string{"accent_color": "#036"}, "", ""},
		{"no accent", map[string]string{"accent_color": ""}, "", ""},
		{"a pale accent", map[string]string{"accent_color": "#ffcc00"}, "accent_color", "choose a darker colour"},
		{"a colour name", map[string]string{"accent_color": "red"}, "accent_color", "six hexadecimal digits"},
		{"a broken colour", map[string]string{"accent_color": "#12345g"}, "accent_color", "six hexadecimal digits"},
		{"footer text", map[string]string{"footer_text": "© Observer Media Ltd. Licensed CC BY 4.0."}, "", ""},
		{"a long footer", map[string]string{"footer_text": strings.Repeat("a", 501)}, "footer_text", "at most 500"},
		{"a control character in the footer", map[string]string{"footer_text": "a\x00b"}, "footer_text", ""},
		{"the dense theme", map[string]string{"theme": "dense"}, "", ""},
		{"an unknown theme", map[string]string{"theme": "fancy"}, "theme", "standard and dense"},
		{"images", map[string]string{"logo": "3", "icon": "4", "social_image": ""}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := DefaultSite()
			for name, v := range tt.set {
				if err := site.Set(name, v); err != nil {
					t.Fatalf("Set(%q, %q) = %v", name, v, err)
				}
			}
			err := site.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Field != tt.field || !strings.Contains(e.Message, tt.message) {
				t.Fatalf("Validate() = %#v, want a refusal of %s saying %q", err, tt.field, tt.message)
			}
			if !strings.HasSuffix(e.Message, ".") {
				t.Errorf("message %q is not a sentence", e.Message)
			}
		})
	}
}

func TestBrandImageSettingsRefuseWhatIsNotAnImage(t *testing.T) {
	site := DefaultSite()
	for _, v := range []string{"-1", "logo.png", "1.5"} {
		if err := site.Set("logo", v); ErrorCode(err) != EINVALID {
			t.Errorf("Set(logo, %q) = %v, want EINVALID", v, err)
		}
	}
	if err := site.Set("logo", "12"); err != nil || site.Logo != 12 {
		t.Fatalf("Set(logo, 12) = %v, Logo = %d", err, site.Logo)
	}
	if got, _ := site.Get("logo"); got != "12" {
		t.Errorf("Get(logo) = %q, want 12", got)
	}
}

func TestAccentColorsStayReadableInBothModes(t *testing.T) {
	for _, accent := range []string{"#8a1c1c", "#1a5fb4", "#000000", "#0b4f8a", "#2e7d32"} {
		site := DefaultSite()
		site.AccentColor = accent
		if err := site.Validate(); err != nil {
			t.Fatalf("%s: Validate() = %v", accent, err)
		}
		light, dark, ok := site.AccentColors()
		if !ok {
			t.Fatalf("%s: no accent colours", accent)
		}
		if r := ContrastRatio(light, lightBackground); r < MinTextContrast {
			t.Errorf("%s: light %s has contrast %.2f on %s", accent, light, r, lightBackground)
		}
		if r := ContrastRatio(dark, darkBackground); r < MinTextContrast {
			t.Errorf("%s: dark %s has contrast %.2f on %s", accent, dark, r, darkBackground)
		}
		if r := ContrastRatio(dark, "#141414"); r < MinTextContrast {
			t.Errorf("%s: dark %s has contrast %.2f on the dark page", accent, dark, r)
		}
	}
	// An accent already readable on the dark page is kept as it is.
	if got := DarkAccent("#ff8a80"); got != "#ff8a80" {
		t.Errorf("DarkAccent(#ff8a80) = %s, want it unchanged", got)
	}
}

func TestContrastRatioMatchesWCAG(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#777777", "#ffffff", 4.48}, // the well-known grey just below AA
	}
	for _, tt := range tests {
		if got := ContrastRatio(tt.a, tt.b); got < tt.want-0.01 || got > tt.want+0.01 {
			t.Errorf("ContrastRatio(%s, %s) = %.3f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCheckBrandImage(t *testing.T) {
	tests := []struct {
		field         string
		width, height int
		ok            bool
	}{
		{"logo", 600, 120, true},
		{"logo", 100, 100, false},
		{"logo", 600, 20, false},
		{"icon", 512, 512, true},
		{"icon", 1024, 1024, true},
		{"icon", 512, 511, false},
		{"icon", 256, 256, false},
		{"social_image", 1200, 630, true},
		{"social_image", 1200, 150, false},
	}
	for _, tt := range tests {
		err := CheckBrandImage(tt.field, &Media{Width: tt.width, Height: tt.height})
		if (err == nil) != tt.ok {
			t.Errorf("CheckBrandImage(%s, %d × %d) = %v, want ok %v", tt.field, tt.width, tt.height, err, tt.ok)
		}
		if e, isErr := err.(*Error); err != nil && (!isErr || e.Field != tt.field) {
			t.Errorf("CheckBrandImage(%s) = %#v, want a refusal of the field", tt.field, err)
		}
	}
}
