package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"masthead"
)

// requireTool skips a test whose tool is missing, unless the README's test
// command asked for every tool (MASTHEAD_REQUIRE_TOOLS=1), where a missing
// tool is a failure: CI must never pass by skipping.
func requireTool(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("MASTHEAD_REQUIRE_TOOLS") == "1" {
		t.Fatalf("%s is required but missing", what)
	}
	t.Skipf("%s is missing; the README's test command installs it", what)
}

// newBrowser starts a headless Chromium for one test, which has 90
// seconds to use it.
func newBrowser(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	return newBrowserFor(t, 90*time.Second, extra...)
}

// newBrowserFor starts a headless Chromium for one test that needs it
// for longer than most, such as one that runs axe over many pages.
func newBrowserFor(t *testing.T, limit time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path := os.Getenv("MASTHEAD_CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		requireTool(t, "Chromium")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	opts = append(opts, extra...)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// TestResponsiveLayout opens every kind of page from a 320 px phone to a
// wide screen and checks that nothing forces sideways scrolling.
func TestResponsiveLayout(t *testing.T) {
	f := newFixture(t)
	ts := httptest.NewServer(f.server)
	defer ts.Close()
	ctx := newBrowser(t)
	for _, path := range []string{"/", f.lead.Path(time.UTC), "/author/ana-lima/", "/category/sport/", "/no-such-page/", "/search/?q=paragraph", "/admin/login"} {
		for _, width := range []int64{320, 768, 1440} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(ts.URL+path)); err != nil {
				t.Fatal(err)
			}
			overflow, err := chromedp.Run(ctx, chromedp.Evaluate[pageOverflow](overflowScript))
			if err != nil {
				t.Fatal(err)
			}
			scrollWidth := overflow.ScrollWidth
			fontSize, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.body).fontSize)`))
			if err != nil {
				t.Fatal(err)
			}
			if scrollWidth > width {
				t.Errorf("%s at %d px: the page is %d px wide and scrolls sideways; widest: %s", path, width, scrollWidth, overflow.Widest)
			}
			if fontSize < 16 {
				t.Errorf("%s at %d px: body text is %.1f px, want at least 16", path, width, fontSize)
			}
		}
	}
}

// contrastScript measures the WCAG contrast ratio of the text of each
// selector's first element against the background it sits on.
const contrastScript = `(() => {
  const parse = c => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = {};
  for (const sel of %s) {
    const el = document.querySelector(sel);
    if (!el) { out[sel] = -1; continue; }
    const a = lum(parse(getComputedStyle(el).color).slice(0, 3)), b = lum(background(el));
    out[sel] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  return out;
})()`

// TestContrastAndDarkMode checks that text meets WCAG AA contrast in the
// light scheme and in the dark one, and that the dark one is dark.
func TestContrastAndDarkMode(t *testing.T) {
	f := newFixture(t)
	must(t, f.store.SaveBreaking(context.Background(), masthead.Breaking{Text: "Ferry pier approved", URL: f.lead.Path(time.UTC)}))
	ts := httptest.NewServer(f.server)
	defer ts.Close()
	ctx := newBrowser(t)
	selectors := `["body", ".site-tagline", ".site-nav a", ".kicker", ".byline a", ".meta", ".dek", ".story-body p", ".story-body a", ".tag", ".comment-time", ".site-footer",
		".breaking-label", ".breaking-strip a"]`
	for _, scheme := range []string{"light", "dark"} {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+f.lead.Path(time.UTC))); err != nil {
			t.Fatal(err)
		}
		ratios, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](fmt.Sprintf(contrastScript, selectors)))
		if err != nil {
			t.Fatal(err)
		}
		bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
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
		var r, g, b int
		fmt.Sscanf(bg, "rgb(%d, %d, %d)", &r, &g, &b)
		if dark := r+g+b < 3*80; dark != (scheme == "dark") {
			t.Errorf("%s scheme: background is %s", scheme, bg)
		}
	}
}

// TestSkipLinkAndFocus tabs into the page as a keyboard user does: the
// first stop is the skip link, visible and outlined, and it leads to the
// main content.
func TestSkipLinkAndFocus(t *testing.T) {
	f := newFixture(t)
	ts := httptest.NewServer(f.server)
	defer ts.Close()
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/"), chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	eval := evaluator(t, ctx)
	class := eval(`document.activeElement.className`)
	outline := eval(`getComputedStyle(document.activeElement).outlineStyle`)
	top := eval(`String(document.activeElement.getBoundingClientRect().top)`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	active := eval(`location.hash + " " + document.activeElement.id`)
	if class != "skip-link" {
		t.Fatalf("the first Tab focuses %q, want the skip link", class)
	}
	if outline == "none" || strings.HasPrefix(top, "-") {
		t.Errorf("the focused skip link is not visible: outline %q, top %s", outline, top)
	}
	if active != "#main main" {
		t.Errorf("after the skip link, hash and focus are %q, want the main content", active)
	}
}

// evaluator returns a function that evaluates a script to a string in the
// browser b, failing the test if it cannot.
func evaluator(t *testing.T, b context.Context) func(js string) string {
	return func(js string) string {
		t.Helper()
		v, err := chromedp.Run(b, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
