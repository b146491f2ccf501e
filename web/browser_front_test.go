package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"masthead/demo"
	"masthead/media"
)

// frontScript reports how the front page's images sit in the window.
const frontScript = `(() => {
  const lead = document.querySelector(".front-lead img");
  const out = {lead: !!lead, images: 0, withoutSize: [], distorted: []};
  if (lead) {
    const box = lead.getBoundingClientRect();
    out.leadTop = box.top; out.leadBottom = box.bottom;
    out.leadLoading = lead.getAttribute("loading") || "";
    out.leadPriority = lead.getAttribute("fetchpriority") || "";
    out.leadLoaded = lead.complete && lead.naturalWidth > 0;
  }
  for (const img of document.querySelectorAll("main img")) {
    out.images++;
    const w = +img.getAttribute("width"), h = +img.getAttribute("height");
    if (!w || !h) { out.withoutSize.push(img.currentSrc || img.src); continue; }
    const box = img.getBoundingClientRect();
    if (box.width > 0 && Math.abs(box.width / box.height - w / h) > 0.02) {
      out.distorted.push((img.currentSrc || img.src) + " " + box.width + "x" + box.height);
    }
  }
  out.background = getComputedStyle(document.body).backgroundColor;
  return out;
})()`

type frontReport struct {
	Lead         bool     `json:"lead"`
	LeadTop      float64  `json:"leadTop"`
	LeadBottom   float64  `json:"leadBottom"`
	LeadLoading  string   `json:"leadLoading"`
	LeadPriority string   `json:"leadPriority"`
	LeadLoaded   bool     `json:"leadLoaded"`
	Images       int      `json:"images"`
	WithoutSize  []string `json:"withoutSize"`
	Distorted    []string `json:"distorted"`
	Background   string   `json:"background"`
}

// TestFrontInBrowser loads the demo's front page, with its pictures, in
// Chromium from a phone to a wide screen in the light and the dark
// scheme: the lead image shows above the fold, eager and fetched first,
// every image keeps its proportions and has its size in the markup, and
// nothing scrolls sideways.
func TestFrontInBrowser(t *testing.T) {
	store := newStore(t)
	dir := t.TempDir()
	if _, _, err := demo.SeedWithMedia(context.Background(), store, media.Dir(dir), now); err != nil {
		t.Fatal(err)
	}
	srv, err := NewServer(store, Options{BaseURL: "http://127.0.0.1", Now: func() time.Time { return now }, MediaDir: dir})
	must(t, err)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx := newBrowser(t)
	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		}); err != nil {
			t.Fatal(err)
		}
		for _, size := range []struct{ w, h int64 }{{320, 640}, {768, 1024}, {1440, 900}} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(ts.URL+"/")); err != nil {
				t.Fatal(err)
			}
			// Wait for the lead image, which is eager, to arrive.
			deadline := time.Now().Add(10 * time.Second)
			var got frontReport
			for {
				if got, err = chromedp.Run(ctx, chromedp.Evaluate[frontReport](frontScript)); err != nil {
					t.Fatal(err)
				}
				if got.LeadLoaded || time.Now().After(deadline) {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			where := scheme + " " + itoa(size.w) + " px"
			if !got.Lead || !got.LeadLoaded {
				t.Errorf("%s: the lead image is missing or did not load (%+v)", where, got)
			}
			if got.LeadTop < 0 || got.LeadTop >= float64(size.h) || got.LeadBottom <= got.LeadTop {
				t.Errorf("%s: the lead image spans %.0f to %.0f px, not above the fold of %d px", where, got.LeadTop, got.LeadBottom, size.h)
			}
			if got.LeadLoading == "lazy" || got.LeadPriority != "high" {
				t.Errorf("%s: the lead image has loading %q and fetchpriority %q", where, got.LeadLoading, got.LeadPriority)
			}
			if got.Images < 10 || len(got.WithoutSize) > 0 || len(got.Distorted) > 0 {
				t.Errorf("%s: %d images; without width and height %v; out of proportion %v", where, got.Images, got.WithoutSize, got.Distorted)
			}
			overflow, err := chromedp.Run(ctx, chromedp.Evaluate[pageOverflow](overflowScript))
			if err != nil {
				t.Fatal(err)
			}
			if overflow.ScrollWidth > overflow.Viewport {
				t.Errorf("%s: the page is %d px wide in a %d px window; widest: %s %s", where, overflow.ScrollWidth, overflow.Viewport, overflow.Widest, overflow.Furthest)
			}
			var r, g, b int
			fmt.Sscanf(got.Background, "rgb(%d, %d, %d)", &r, &g, &b)
			if dark := r+g+b < 3*80; dark != (scheme == "dark") {
				t.Errorf("%s: the background is %s", where, got.Background)
			}
		}
	}
}
