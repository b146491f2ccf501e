package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
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

// pageScript reports how a public page sits in the window: its images'
// sizes and proportions (an image cropped to fill its box with
// object-fit: cover keeps its proportions too), what of main reaches up
// into the masthead, what of the masthead spills below it, and which of
// the story's parts the page has.
const pageScript = `(() => {
  const header = document.querySelector(".site-header").getBoundingClientRect();
  const name = el => el.localName + [...el.classList].map(c => "." + c).join("");
  const out = {images: 0, withoutSize: [], distorted: [], overlapping: [], spilling: [], parts: {},
    headerBottom: header.bottom, logoWidth: 0, logoHeight: 0};
  for (const img of document.querySelectorAll("main img")) {
    out.images++;
    const w = +img.getAttribute("width"), h = +img.getAttribute("height");
    if (!w || !h) { out.withoutSize.push(img.getAttribute("src")); continue; }
    const box = img.getBoundingClientRect();
    if (box.width > 0 && Math.abs(box.width / box.height - w / h) > 0.02 && getComputedStyle(img).objectFit !== "cover") {
      out.distorted.push(img.getAttribute("src") + " " + box.width + "x" + box.height);
    }
  }
  for (const el of document.querySelectorAll("main *")) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && box.top < header.bottom - 0.5) out.overlapping.push(name(el) + " at " + box.top);
  }
  for (const el of document.querySelectorAll(".site-header *")) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && box.bottom > header.bottom + 0.5) out.spilling.push(name(el) + " to " + box.bottom);
  }
  const logo = document.querySelector(".site-logo");
  if (logo) { const box = logo.getBoundingClientRect(); out.logoWidth = box.width; out.logoHeight = box.height; }
  for (const sel of ["main figure img", ".gallery", ".pullquote", ".factbox", ".embed .embed-frame", ".front-lead", ".search-results"]) {
    out.parts[sel] = document.querySelectorAll(sel).length;
  }
  out.background = getComputedStyle(document.body).backgroundColor;
  return out;
})()`

// storyScript reports how a story's parts sit in its column: images
// that reach outside the story body, captions a reader cannot see (no
// box, hidden, outside the column, or their text cut off), facade
// buttons a reader cannot reach (too small, disabled, out of the tab
// order, off the window, or covered by something else at their centre,
// once scrolled to), and parts drawn over each other: the story body's
// blocks, a gallery's figures, a figure's picture and caption. The
// buttons are scrolled to last, since that moves the page.
const storyScript = `(() => {
  const body = document.querySelector(".story-body");
  const out = {found: !!body, images: 0, outside: [], captions: 0, hiddenCaptions: [], buttons: 0, unreachable: [], overlapping: []};
  if (!body) return out;
  const col = body.getBoundingClientRect();
  const viewport = document.documentElement.clientWidth;
  const name = el => el.localName + [...el.classList].map(c => "." + c).join("");
  const span = b => Math.round(b.left) + " to " + Math.round(b.right) + " px";
  const within = b => b.left >= col.left - 0.5 && b.right <= col.right + 0.5;
  for (const img of body.querySelectorAll("img")) {
    out.images++;
    const b = img.getBoundingClientRect();
    if (!within(b)) out.outside.push(name(img.closest("figure") || img) + " " + span(b) + " in a column " + span(col));
  }
  for (const cap of body.querySelectorAll("figcaption")) {
    out.captions++;
    const b = cap.getBoundingClientRect(), st = getComputedStyle(cap);
    const cut = cap.scrollWidth > cap.clientWidth + 1 && st.overflowX !== "visible";
    if (b.width < 1 || b.height < 1 || st.visibility === "hidden" || st.display === "none" || +st.opacity === 0 || !within(b) || cut) {
      out.hiddenCaptions.push(name(cap.parentElement) + " " + span(b) + JSON.stringify(cap.textContent.trim().slice(0, 40)));
    }
  }
  const overlap = els => {
    const boxes = els.map(e => [e, e.getBoundingClientRect()]).filter(([, b]) => b.width > 0 && b.height > 0);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [e, a] = boxes[i], [f, b] = boxes[j];
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left), y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > 0.5 && y > 0.5) out.overlapping.push(name(e) + " and " + name(f) + " by " + Math.round(x) + " × " + Math.round(y) + " px");
    }
  };
  overlap([...body.children]);
  for (const g of body.querySelectorAll(".gallery")) overlap([...g.children]);
  for (const f of body.querySelectorAll("figure:not(.gallery)")) overlap([...f.children]);
  for (const btn of body.querySelectorAll(".embed button")) {
    out.buttons++;
    btn.scrollIntoView({block: "center", inline: "nearest"});
    const b = btn.getBoundingClientRect();
    const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
    const st = getComputedStyle(btn);
    if (b.width < 24 || b.height < 24 || btn.disabled || btn.tabIndex < 0 || st.visibility === "hidden" || b.left < -0.5 || b.right > viewport + 0.5 ||
        !hit || !(hit === btn || btn.contains(hit))) {
      out.unreachable.push(name(btn.closest("figure")) + " " + span(b) + " " + Math.round(b.width) + " × " + Math.round(b.height) + " px, at its centre " + (hit ? name(hit) : "nothing"));
    }
  }
  return out;
})()`

type storyReport struct {
	Found          bool     `json:"found"`
	Images         int      `json:"images"`
	Outside        []string `json:"outside"`
	Captions       int      `json:"captions"`
	HiddenCaptions []string `json:"hiddenCaptions"`
	Buttons        int      `json:"buttons"`
	Unreachable    []string `json:"unreachable"`
	Overlapping    []string `json:"overlapping"`
}

// checkStoryReport fails the test for what storyScript found wrong with a
// story, and when it has fewer captions, images or facade buttons than it
// must show.
func checkStoryReport(t *testing.T, where string, want storyParts, got storyReport) {
	t.Helper()
	if !got.Found {
		t.Errorf("%s: no story body", where)
		return
	}
	if got.Images < want.images || got.Captions < want.captions || got.Buttons < want.buttons {
		t.Errorf("%s: %d images, %d captions and %d facade buttons; want at least %d, %d and %d",
			where, got.Images, got.Captions, got.Buttons, want.images, want.captions, want.buttons)
	}
	for what, list := range map[string][]string{"images outside the column": got.Outside, "captions out of sight": got.HiddenCaptions,
		"facade buttons out of reach": got.Unreachable, "parts over each other": got.Overlapping} {
		if len(list) > 0 {
			t.Errorf("%s: %s: %v", where, what, list)
		}
	}
}

// storyParts is the least a story page must show of each part the story
// check measures.
type storyParts struct{ images, captions, buttons int }

type pageReport struct {
	Images       int            `json:"images"`
	WithoutSize  []string       `json:"withoutSize"`
	Distorted    []string       `json:"distorted"`
	Overlapping  []string       `json:"overlapping"`
	Spilling     []string       `json:"spilling"`
	Parts        map[string]int `json:"parts"`
	HeaderBottom float64        `json:"headerBottom"`
	LogoWidth    float64        `json:"logoWidth"`
	LogoHeight   float64        `json:"logoHeight"`
	Background   string         `json:"background"`
}

// TestFrontInBrowser loads the demo's front page, with its pictures, in
// Chromium from a phone to a wide screen in the light and the dark
// scheme: the lead image shows above the fold, eager and fetched first,
// every image keeps its proportions and has its size in the markup, and
// nothing scrolls sideways. Then the story pages (the picture story with
// its figure, gallery, pull quote and fact box; the article with an
// embed's facade), a section and a search, in the standard and the dense
// look, at the same widths in both schemes: nothing scrolls sideways, no
// image is out of proportion, nothing overlaps the masthead, and the
// masthead is as tall before its logo's file arrives as after, so that
// the page does not move as it loads.
func TestFrontInBrowser(t *testing.T) {
	store := newStore(t)
	dir := t.TempDir()
	// The demo as `serve --demo` makes it: pictures, logo, picture story.
	if _, _, err := demo.SeedWithMedia(context.Background(), store, media.Dir(dir), now); err != nil {
		t.Fatal(err)
	}
	must(t, demo.Brand(context.Background(), store, media.Dir(dir)))
	must(t, demo.SeedPictureStory(context.Background(), store, media.Dir(dir), now))
	srv, err := NewServer(store, Options{BaseURL: "http://127.0.0.1", Now: func() time.Time { return now }, MediaDir: dir})
	must(t, err)
	dense, err := NewServer(store, Options{BaseURL: "http://127.0.0.1", Now: func() time.Time { return now }, MediaDir: dir, Theme: "builtin:dense"})
	must(t, err)
	// One gate holds back both looks' images, for the check of the
	// masthead before its logo arrives.
	held := &heldMedia{}
	ts := httptest.NewServer(held.wrap(srv))
	defer ts.Close()
	denseTS := httptest.NewServer(held.wrap(dense))
	defer denseTS.Close()
	looks := []struct{ name, url string }{{"standard", ts.URL}, {"dense", denseTS.URL}}
	pictures, err := store.FindArticleBySlug(context.Background(), "in-pictures-lanterns-return-to-the-alder")
	must(t, err)
	film, err := store.FindArticleBySlug(context.Background(), "harbour-film-club-opens-its-season-with-an-open-source-classic-on-the-quay")
	must(t, err)
	site, err := store.FindSite(context.Background())
	must(t, err)
	pages := []struct {
		path  string
		parts []string // what the page must show
		// story, for a story page, is what of its figures, captions
		// and facades the story check must find.
		story *storyParts
	}{
		{"/", []string{".front-lead"}, nil},
		{pictures.Path(site.Location()), []string{"main figure img", ".gallery", ".pullquote", ".factbox"}, &storyParts{images: 3, captions: 3}},
		{film.Path(site.Location()), []string{".embed .embed-frame"}, &storyParts{buttons: 1}},
		{"/category/local/", []string{".front-lead"}, nil},
		{"/search/?q=harbour", []string{".search-results"}, nil},
	}
	ctx := newBrowserFor(t, 4*time.Minute)
	sizes := []struct{ w, h int64 }{{320, 640}, {768, 1024}, {1440, 900}}
	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		}); err != nil {
			t.Fatal(err)
		}
		for _, size := range sizes {
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
			for _, look := range looks {
				for _, page := range pages {
					where := fmt.Sprintf("%s, the %s look, %s at %d px", page.path, look.name, scheme, size.w)
					if err := chromedp.Do(ctx, chromedp.Navigate(look.url+page.path)); err != nil {
						t.Fatal(err)
					}
					got, err := chromedp.Run(ctx, chromedp.Evaluate[pageReport](pageScript))
					if err != nil {
						t.Fatal(err)
					}
					checkPageReport(t, where, scheme, page.parts, got)
					overflow, err := chromedp.Run(ctx, chromedp.Evaluate[pageOverflow](overflowScript))
					if err != nil {
						t.Fatal(err)
					}
					if overflow.ScrollWidth > overflow.Viewport {
						t.Errorf("%s: the page is %d px wide in a %d px window; widest: %s %s", where, overflow.ScrollWidth, overflow.Viewport, overflow.Widest, overflow.Furthest)
					}
					if page.story != nil {
						// The facades' buttons are shown by embed.js once it has run.
						if page.story.buttons > 0 {
							waitFor(t, ctx, `[...document.querySelectorAll(".embed button")].some(b => b.offsetWidth > 0)`)
						}
						story, err := chromedp.Run(ctx, chromedp.Evaluate[storyReport](storyScript))
						if err != nil {
							t.Fatal(err)
						}
						checkStoryReport(t, where, *page.story, story)
					}
				}
			}
		}
	}

	// The story check sees what it looks for: at 768 px, a figure pushed
	// out of the column, captions hidden, a box laid over the facade's
	// button and a pull quote pulled up over the block above it are each
	// reported.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(768, 1024)); err != nil {
		t.Fatal(err)
	}
	for _, page := range pages[1:3] {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+page.path)); err != nil {
			t.Fatal(err)
		}
		if page.story.buttons > 0 {
			waitFor(t, ctx, `[...document.querySelectorAll(".embed button")].some(b => b.offsetWidth > 0)`)
		}
		// Styles set through the CSSOM, which the CSP leaves alone.
		broken, err := chromedp.Run(ctx, chromedp.Evaluate[storyReport](`(() => {
  document.querySelectorAll(".story-body figure img").forEach(img => img.style.marginInlineStart = "40%");
  document.querySelectorAll(".story-body figcaption").forEach(cap => cap.style.visibility = "hidden");
  document.querySelectorAll(".pullquote").forEach(q => q.style.marginBlockStart = "-6rem");
  document.querySelectorAll(".embed").forEach(e => {
    e.style.position = "relative";
    const cover = document.createElement("div");
    cover.style.cssText = "position: absolute; inset: 0; z-index: 9";
    e.append(cover);
  });
  return `+storyScript+`;
})()`))
		must(t, err)
		if page.story.images > 0 && (len(broken.Outside) == 0 || len(broken.HiddenCaptions) == 0 || len(broken.Overlapping) == 0) {
			t.Errorf("%s with a figure out of its column, hidden captions and a pull quote over a block: the story check saw %+v", page.path, broken)
		}
		if page.story.buttons > 0 && len(broken.Unreachable) == 0 {
			t.Errorf("%s with a box over the facade's button: the story check saw %+v", page.path, broken)
		}
	}

	// The masthead while its logo's file is on its way, and in the same
	// page once it has come: the logo's box and the masthead's height are
	// the same, so that nothing below them moves as the file arrives.
	// The images came from the cache so far; they must come from the
	// server now, to be held back.
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatal(err)
	}
	for _, size := range sizes {
		for _, look := range looks {
			held.hold()
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.w, size.h)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, cdppage.Navigate, cdppage.NavigateParams{URL: look.url + "/"}); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, `document.readyState !== "loading" && [...document.querySelectorAll("link[rel=stylesheet]")].every(l => l.sheet)`)
			waiting, err := chromedp.Run(ctx, chromedp.Evaluate[pageReport](pageScript))
			must(t, err)
			arrived, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(".site-logo").complete`))
			must(t, err)
			held.release()
			waitFor(t, ctx, `(l => l.complete && l.naturalWidth > 0)(document.querySelector(".site-logo"))`)
			loaded, err := chromedp.Run(ctx, chromedp.Evaluate[pageReport](pageScript))
			must(t, err)
			if arrived || loaded.LogoHeight < 1 || math.Abs(waiting.LogoWidth-loaded.LogoWidth) > 0.5 || math.Abs(waiting.LogoHeight-loaded.LogoHeight) > 0.5 ||
				math.Abs(waiting.HeaderBottom-loaded.HeaderBottom) > 0.5 {
				t.Errorf("the %s look at %d px: while its file is on its way (arrived: %v) the logo is %.1f × %.1f and the masthead ends at %.1f px; once it has come, %.1f × %.1f and %.1f px",
					look.name, size.w, arrived, waiting.LogoWidth, waiting.LogoHeight, waiting.HeaderBottom, loaded.LogoWidth, loaded.LogoHeight, loaded.HeaderBottom)
			}
		}
	}
}

// heldMedia holds back the images of the sites it wraps while hold is
// on, so that a test sees a page as it is before its pictures arrive.
type heldMedia struct {
	mu   sync.Mutex
	gate chan struct{} // closed by release; nil while images pass
}

// wrap serves next behind the gate.
func (h *heldMedia) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/media/") {
			h.mu.Lock()
			gate := h.gate
			h.mu.Unlock()
			if gate != nil {
				select {
				case <-gate:
				case <-r.Context().Done():
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// hold holds back the images asked for from now on.
func (h *heldMedia) hold() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.gate = make(chan struct{})
}

// release sends the images held back, and lets later ones pass.
func (h *heldMedia) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.gate != nil {
		close(h.gate)
		h.gate = nil
	}
}

// waitFor waits, for ten seconds at most, until the expression is true in
// the page.
func waitFor(t *testing.T, ctx context.Context, expression string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expression))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still not true after 10 s: %s (%v)", expression, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkPageReport fails the test for what pageScript found wrong with a
// page, and for each part the page must show that it lacks.
func checkPageReport(t *testing.T, where, scheme string, parts []string, got pageReport) {
	t.Helper()
	if got.Images == 0 || len(got.WithoutSize) > 0 || len(got.Distorted) > 0 {
		t.Errorf("%s: %d images; without width and height %v; out of proportion %v", where, got.Images, got.WithoutSize, got.Distorted)
	}
	if len(got.Overlapping) > 0 || len(got.Spilling) > 0 {
		t.Errorf("%s: the masthead ends at %.0f px; reaching into it from main: %v; spilling out of it: %v", where, got.HeaderBottom, got.Overlapping, got.Spilling)
	}
	for _, part := range parts {
		if got.Parts[part] == 0 {
			t.Errorf("%s: the page has no %s", where, part)
		}
	}
	var r, g, b int
	fmt.Sscanf(got.Background, "rgb(%d, %d, %d)", &r, &g, &b)
	if dark := r+g+b < 3*80; dark != (scheme == "dark") {
		t.Errorf("%s: the background is %s", where, got.Background)
	}
}
