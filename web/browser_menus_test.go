package web

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"masthead"
)

// TestHeaderMenuInABrowser opens a saved header menu's drop-down from the
// keyboard alone, at a phone's width and wider ones, and checks that it
// opens without script, that its links are reached next, that nothing
// scrolls sideways with it open, and that its text and the footer menu's
// keep their contrast in both colour schemes.
func TestHeaderMenuInABrowser(t *testing.T) {
	f := newFixture(t)
	saveMenu(t, f.store, masthead.MenuHeader,
		sectionItem(f.local),
		articleItem("About the Observer and its newsroom", f.lead,
			sectionItem(f.sport), urlItem("Corrections and complaints policy", "/corrections-policy/"), urlItem("Wire", "https://wire.example/")),
		urlItem("Contact the newsroom", "/contact/"),
	)
	saveMenu(t, f.store, masthead.MenuFooter, urlItem("Privacy", "/privacy/"), urlItem("Contact", "/contact/"))
	ts := httptest.NewServer(f.server)
	defer ts.Close()
	b := newBrowser(t)
	eval := evaluator(t, b)
	for _, width := range []int64{320, 768, 1440} {
		if err := chromedp.Do(b, chromedp.EmulateViewport(width, 900), chromedp.Navigate(ts.URL+"/category/sport/")); err != nil {
			t.Fatal(err)
		}
		// Tab from the top of the page to the drop-down's summary.
		tabs := 0
		for ; tabs < 20 && eval(`document.activeElement.localName`) != "summary"; tabs++ {
			if err := chromedp.Do(b, chromedp.KeyEvent("\t")); err != nil {
				t.Fatal(err)
			}
		}
		if tabs == 20 {
			t.Fatalf("at %d px: Tab never reaches the drop-down", width)
		}
		if outline := eval(`getComputedStyle(document.activeElement).outlineStyle`); outline == "none" {
			t.Errorf("at %d px: the focused drop-down shows no outline", width)
		}
		if err := chromedp.Do(b, chromedp.KeyEvent("\r")); err != nil {
			t.Fatal(err)
		}
		if open := eval(`String(document.querySelector(".site-nav details").open)`); open != "true" {
			t.Fatalf("at %d px: Enter does not open the drop-down", width)
		}
		if err := chromedp.Do(b, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		if got := eval(`document.activeElement.textContent`); got != "About the Observer and its newsroom" {
			t.Errorf("at %d px: after the opened drop-down, Tab reaches %q, want its first link", width, got)
		}
		box := eval(`(() => { const r = document.querySelector(".site-nav .submenu a[aria-current]").getBoundingClientRect();
			return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth ? "shown" : JSON.stringify(r); })()`)
		if box != "shown" {
			t.Errorf("at %d px: the current page's link in the open drop-down is not in the window: %s", width, box)
		}
		overflow, err := chromedp.Run(b, chromedp.Evaluate[pageOverflow](overflowScript))
		if err != nil {
			t.Fatal(err)
		}
		if overflow.ScrollWidth > width {
			t.Errorf("at %d px with the drop-down open the page is %d px wide; widest: %s", width, overflow.ScrollWidth, overflow.Widest)
		}
	}

	selectors := `[".site-nav a", ".site-nav summary", ".site-nav .submenu a", ".site-nav .submenu a[aria-current]", ".footer-nav a"]`
	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(b, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		}); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(b, chromedp.EmulateViewport(1440, 900), chromedp.Navigate(ts.URL+"/category/sport/")); err != nil {
			t.Fatal(err)
		}
		eval(`(() => { document.querySelector(".site-nav details").open = true; return ""; })()`)
		ratios, err := chromedp.Run(b, chromedp.Evaluate[map[string]float64](fmt.Sprintf(contrastScript, selectors)))
		if err != nil {
			t.Fatal(err)
		}
		for sel, ratio := range ratios {
			if ratio < 0 {
				t.Errorf("%s: no element matches %s", scheme, sel)
			} else if ratio < 4.5 {
				t.Errorf("%s scheme: %s has contrast %.2f, want at least 4.5", scheme, sel, ratio)
			}
		}
	}
}
