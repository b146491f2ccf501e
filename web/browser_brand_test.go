package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// denseLayout is what the browser measures of the dense front page.
type denseLayout struct {
	Columns     int64   `json:"columns"`     // the grid's columns: the cards' distinct left edges
	Headline    float64 `json:"headline"`    // a card headline's font size, px
	LogoWidth   float64 `json:"logoWidth"`   // the masthead logo's width, px
	LogoHeight  float64 `json:"logoHeight"`  // and its height
	ListHeight  float64 `json:"listHeight"`  // the height of the page's stories, px
	ThemeLinked bool    `json:"themeLinked"` // the dense stylesheet is applied
}

const denseScript = `(() => {
  const cards = [...document.querySelectorAll(".article-list > li")];
  const logo = document.querySelector(".site-logo").getBoundingClientRect();
  return {
    columns: new Set(cards.map(c => Math.round(c.getBoundingClientRect().left))).size,
    headline: parseFloat(getComputedStyle(cards[1].querySelector(".card-headline")).fontSize),
    logoWidth: logo.width, logoHeight: logo.height,
    listHeight: document.querySelector(".article-list").getBoundingClientRect().height,
    themeLinked: [...document.styleSheets].some(s => (s.href || "").includes("/static/css/theme.")),
  };
})()`

// TestDenseThemeInABrowser: the dense look, with a logo, a long site
// title and an accent colour, fits a phone's width in one column, shows
// more stories side by side at 1440 px in smaller type than the standard
// look, keeps the logo within its bounds, and keeps the accent readable
// in light and dark mode.
func TestDenseThemeInABrowser(t *testing.T) {
	bf := newBrandedFixture(t)
	ctx := context.Background()
	site, err := bf.store.FindSite(ctx)
	must(t, err)
	site.Title = "The Port Alder Evening Observer and Harbour Chronicle, Incorporating the Lighthouse Point Gazette"
	must(t, bf.store.UpdateSite(ctx, site))
	standard := httptest.NewServer(bf.srv)
	defer standard.Close()
	dense, err := NewServer(bf.store, Options{BaseURL: "https://observer.example", Now: bf.srv.now, MediaDir: "", Theme: "builtin:dense"})
	must(t, err)
	dense.media = bf.srv.media
	ts := httptest.NewServer(dense)
	defer ts.Close()

	b := newBrowser(t)
	measure := func(base string, width int64) denseLayout {
		t.Helper()
		if err := chromedp.Do(b, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+"/")); err != nil {
			t.Fatal(err)
		}
		overflow, err := chromedp.Run(b, chromedp.Evaluate[pageOverflow](overflowScript))
		if err != nil {
			t.Fatal(err)
		}
		if overflow.ScrollWidth > width {
			t.Errorf("at %d px the page is %d px wide; widest: %s", width, overflow.ScrollWidth, overflow.Widest)
		}
		got, err := chromedp.Run(b, chromedp.Evaluate[denseLayout](denseScript))
		if err != nil {
			t.Fatal(err)
		}
		if got.LogoWidth > float64(width) || got.LogoHeight > 64.5 || got.LogoWidth/got.LogoHeight < 4.9 || got.LogoWidth/got.LogoHeight > 5.1 {
			t.Errorf("at %d px the logo is %.0f × %.0f, want at most 64 px high, within the page, in proportion (5:1)", width, got.LogoWidth, got.LogoHeight)
		}
		return got
	}

	phone := measure(ts.URL, 320)
	if !phone.ThemeLinked || phone.Columns != 1 {
		t.Errorf("dense at 320 px: %+v, want the dense stylesheet and one column", phone)
	}
	wide, classic := measure(ts.URL, 1440), measure(standard.URL, 1440)
	if classic.ThemeLinked {
		t.Error("the standard look applies the dense stylesheet")
	}
	if wide.Columns < 4 || wide.Columns <= classic.Columns {
		t.Errorf("dense at 1440 px has %d columns, the standard look %d: want at least 4, and more", wide.Columns, classic.Columns)
	}
	if wide.Headline >= classic.Headline {
		t.Errorf("dense headlines are %.1f px, the standard ones %.1f px: want smaller", wide.Headline, classic.Headline)
	}
	if wide.ListHeight >= classic.ListHeight*0.75 {
		t.Errorf("a page of stories is %.0f px high in the dense look and %.0f px in the standard one: want a quarter less at least, more stories above the fold", wide.ListHeight, classic.ListHeight)
	}

	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(b, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		}); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{320, 1440} {
			measure(ts.URL, width)
			ratios, err := chromedp.Run(b, chromedp.Evaluate[map[string]float64](fmt.Sprintf(contrastScript, `[".kicker a", ".card-headline a", ".meta", ".footer-text"]`)))
			if err != nil {
				t.Fatal(err)
			}
			for sel, ratio := range ratios {
				if ratio < 4.5 {
					t.Errorf("%s at %d px: %s has contrast %.2f, want at least 4.5", scheme, width, sel, ratio)
				}
			}
		}
	}
}
