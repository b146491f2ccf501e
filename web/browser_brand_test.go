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
	ListHeight  float64 `json:"listHeight"`  // the height of the page's grid of stories, px
	ThemeLinked bool    `json:"themeLinked"` // the dense stylesheet is applied
	// LeadTop and LeadBottom are where the lead's image is in the window;
	// LeadFirst, that it comes before the lead's headline.
	LeadTop    float64 `json:"leadTop"`
	LeadBottom float64 `json:"leadBottom"`
	LeadFirst  bool    `json:"leadFirst"`
	// AboveFold is how many stories' headlines start in the window.
	AboveFold int `json:"aboveFold"`
	// Distorted lists the images shown out of their proportions and not
	// cropped to fill their box instead.
	Distorted []string `json:"distorted"`
}

const denseScript = `(() => {
  const cards = [...document.querySelectorAll(".article-list > li")];
  const logo = document.querySelector(".site-logo").getBoundingClientRect();
  const out = {
    columns: new Set(cards.map(c => Math.round(c.getBoundingClientRect().left))).size,
    headline: parseFloat(getComputedStyle(cards[1].querySelector(".card-headline")).fontSize),
    logoWidth: logo.width, logoHeight: logo.height,
    listHeight: document.querySelector(".article-list").getBoundingClientRect().height,
    themeLinked: [...document.styleSheets].some(s => (s.href || "").includes("/static/css/theme.")),
    aboveFold: [...document.querySelectorAll("main .card-headline")].filter(h => h.getBoundingClientRect().top < innerHeight).length,
    distorted: [],
  };
  const lead = document.querySelector(".front-lead img");
  if (lead) {
    const box = lead.getBoundingClientRect();
    out.leadTop = box.top; out.leadBottom = box.bottom;
    out.leadFirst = box.top < document.querySelector(".front-lead .card-headline").getBoundingClientRect().top;
  }
  for (const img of document.querySelectorAll("main img")) {
    const w = +img.getAttribute("width"), h = +img.getAttribute("height"), box = img.getBoundingClientRect();
    if (box.width > 0 && w && h && Math.abs(box.width / box.height - w / h) > 0.02 && getComputedStyle(img).objectFit !== "cover") {
      out.distorted.push(img.getAttribute("src") + " " + box.width + "x" + box.height);
    }
  }
  return out;
})()`

// TestDenseThemeInABrowser: the dense look, with a logo, a long site
// title, an accent colour and pictures on a dozen stories, is an
// image-led front at 320, 768 and 1440 px in light and dark mode: the
// lead's picture leads it, above the fold; nothing scrolls sideways; no
// picture is distorted; it shows more stories side by side and above
// the fold at 1440 px, in smaller type, than the standard look; it keeps
// the logo within its bounds and the accent readable.
func TestDenseThemeInABrowser(t *testing.T) {
	bf := newBrandedFixture(t)
	ctx := context.Background()
	site, err := bf.store.FindSite(ctx)
	must(t, err)
	site.Title = "The Port Alder Evening Observer and Harbour Chronicle, Incorporating the Lighthouse Point Gazette"
	must(t, bf.store.UpdateSite(ctx, site))
	pier := storeImage(t, bf.store, bf.dir, 1800, 1200, "The new pier at dawn")
	gull := storeImage(t, bf.store, bf.dir, 1000, 750, "A gull on a bollard")
	feature(t, bf.store, bf.lead.Slug, pier)
	for n := 25; n >= 12; n-- {
		picture := pier
		if n%2 == 1 {
			picture = gull
		}
		if n%4 != 1 { // a few stories keep to text, as some always do
			feature(t, bf.store, fmt.Sprintf("story-number-%02d", n), picture)
		}
	}
	standard := httptest.NewServer(bf.srv)
	defer standard.Close()
	dense, err := NewServer(bf.store, Options{BaseURL: "https://observer.example", Now: bf.srv.now, MediaDir: bf.dir, Theme: "builtin:dense"})
	must(t, err)
	ts := httptest.NewServer(dense)
	defer ts.Close()

	b := newBrowser(t)
	heights := map[int64]int64{320: 640, 768: 1024, 1440: 900}
	measure := func(base string, width int64) denseLayout {
		t.Helper()
		if err := chromedp.Do(b, chromedp.EmulateViewport(width, heights[width]), chromedp.Navigate(base+"/")); err != nil {
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
		if len(got.Distorted) > 0 {
			t.Errorf("at %d px pictures are out of proportion: %v", width, got.Distorted)
		}
		return got
	}
	// leads checks that the dense front's lead picture comes first and
	// shows above the fold.
	leads := func(where string, width int64, got denseLayout) {
		t.Helper()
		if !got.ThemeLinked {
			t.Errorf("%s: the dense stylesheet is not applied", where)
		}
		if !got.LeadFirst || got.LeadTop < 0 || got.LeadTop >= float64(heights[width])/2 || got.LeadBottom <= got.LeadTop {
			t.Errorf("%s: the lead picture spans %.0f to %.0f px (before its headline: %v), want it leading, in the top half of the %d px window", where, got.LeadTop, got.LeadBottom, got.LeadFirst, heights[width])
		}
	}

	phone := measure(ts.URL, 320)
	leads("dense at 320 px", 320, phone)
	if phone.Columns != 1 {
		t.Errorf("dense at 320 px has %d columns, want one", phone.Columns)
	}
	tablet, classicTablet := measure(ts.URL, 768), measure(standard.URL, 768)
	leads("dense at 768 px", 768, tablet)
	if tablet.Columns < 3 || tablet.Columns <= classicTablet.Columns || tablet.AboveFold < classicTablet.AboveFold {
		t.Errorf("dense at 768 px has %d columns and %d stories above the fold, the standard look %d and %d: want at least 3 columns, more, and as many stories", tablet.Columns, tablet.AboveFold, classicTablet.Columns, classicTablet.AboveFold)
	}
	wide, classic := measure(ts.URL, 1440), measure(standard.URL, 1440)
	leads("dense at 1440 px", 1440, wide)
	if classic.ThemeLinked {
		t.Error("the standard look applies the dense stylesheet")
	}
	if wide.Columns < 4 || wide.Columns <= classic.Columns {
		t.Errorf("dense at 1440 px has %d columns, the standard look %d: want at least 4, and more", wide.Columns, classic.Columns)
	}
	if wide.AboveFold <= classic.AboveFold {
		t.Errorf("dense at 1440 px shows %d stories above the fold, the standard look %d: want more", wide.AboveFold, classic.AboveFold)
	}
	if wide.Headline >= classic.Headline {
		t.Errorf("dense headlines are %.1f px, the standard ones %.1f px: want smaller", wide.Headline, classic.Headline)
	}
	if wide.ListHeight >= classic.ListHeight*0.75 {
		t.Errorf("a page of stories is %.0f px high in the dense look and %.0f px in the standard one: want a quarter less at least, more stories above the fold", wide.ListHeight, classic.ListHeight)
	}
	t.Logf("stories above the fold: %d and %d at 768 px, %d and %d at 1440 px (dense and standard)", tablet.AboveFold, classicTablet.AboveFold, wide.AboveFold, classic.AboveFold)

	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(b, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		}); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{320, 768, 1440} {
			leads(fmt.Sprintf("%s at %d px", scheme, width), width, measure(ts.URL, width))
			ratios, err := chromedp.Run(b, chromedp.Evaluate[map[string]float64](fmt.Sprintf(contrastScript, `[".kicker a", ".card-headline a", ".meta", ".footer-text", ".block-heading a"]`)))
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
