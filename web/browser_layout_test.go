package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead"
	"masthead/content"
)

// overflowScript measures how wide the page is against the viewport and,
// when it is wider, names the elements that make it so: the widest element
// whose right edge passes the viewport (usually the box that was stretched)
// and the one reaching furthest right (usually what stretched it). Elements
// inside a box that clips or scrolls its own overflow are left out, since
// they cannot widen the page.
const overflowScript = `(() => {
  const viewport = document.documentElement.clientWidth;
  const out = {scrollWidth: document.documentElement.scrollWidth, viewport, widest: "", furthest: ""};
  if (out.scrollWidth <= viewport) return out;
  const contained = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  // An element's extent includes its own text, which can run past the
  // element's box when a word does not fit, unless the element clips it.
  const extent = el => {
    const box = el.getBoundingClientRect();
    let left = box.left, right = box.right;
    const clips = getComputedStyle(el).overflowX !== "visible";
    for (const node of clips ? [] : el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      if (r.width > 0) { left = Math.min(left, r.left); right = Math.max(right, r.right); }
    }
    return {left, right, width: right - left};
  };
  const name = el => el.localName + (el.id ? "#" + el.id : "") + [...el.classList].map(c => "." + c).join("");
  const describe = (el, box) => {
    const parts = [];
    for (let e = el; e && e !== document.body; e = e.parentElement) parts.unshift(name(e));
    const text = (el.textContent || el.value || "").trim().replace(/\s+/g, " ").slice(0, 60);
    return parts.join(" > ") + " (" + Math.round(box.left) + " to " + Math.round(box.right) + " px" + (text ? ", " + JSON.stringify(text) : "") + ")";
  };
  let widest, widestBox, furthest, furthestBox;
  for (const el of document.body.querySelectorAll("*")) {
    const box = extent(el);
    if (box.right <= viewport + 0.5 || box.width === 0 || contained(el)) continue;
    if (!widest || box.width > widestBox.width) { widest = el; widestBox = box; }
    if (!furthest || box.right > furthestBox.right) { furthest = el; furthestBox = box; }
  }
  if (widest) out.widest = describe(widest, widestBox);
  if (furthest && furthest !== widest) out.furthest = describe(furthest, furthestBox);
  return out;
})()`

// pageOverflow is what overflowScript reports.
type pageOverflow struct {
	ScrollWidth int64  `json:"scrollWidth"`
	Viewport    int64  `json:"viewport"`
	Widest      string `json:"widest"`
	Furthest    string `json:"furthest"`
}

// longName is a file name of the kind cameras and phones produce: one
// word, too long for a phone's width, so only the stylesheet can wrap it.
const longName = "PXL_20260314_094512873_HarbourBoardFerryPierEastQuayAerialPanorama.jpg"

// longURL is an address with no place to break, as readers paste them.
const longURL = "https://example.org/harbour/board/minutes/2026/03/14/the-vote-on-the-new-ferry-pier-at-the-east-quay-in-full.pdf"

// TestEveryPageFitsAPhone opens every kind of public and newsroom page in a
// 320 px window, filled with the long file names, addresses, tables and
// code that real content has, and checks that none scrolls sideways.
func TestEveryPageFitsAPhone(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	srv, err := NewServer(rig.store, Options{BaseURL: "https://observer.example", Now: rig.clock.Now, CommentEvery: -1, MediaDir: t.TempDir(),
		Import: wordpressImporter(rig.store, nil), SpoolDir: t.TempDir()})
	must(t, err)
	admin := addStaff(t, rig.store, "Maximiliana Featherstonehaugh-Worthington", masthead.RoleAdmin)
	editor := rig.cookies[masthead.RoleEditor]

	// The media library, with names no phone is wide enough for.
	for i, name := range []string{longName, "harbour-board-approves-the-new-ferry-pier-east-quay-2026-03-14-final-edit.jpg"} {
		res := upload(t, srv, editor, name, testJPEG(t, 640+i, 400), map[string]string{
			"alt": "Aerial view of the east quay, " + longName, "credit": "Staff photographer " + longURL})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload %s: status %d", name, res.StatusCode)
		}
	}

	images, _, err := rig.store.FindMedia(ctx, masthead.MediaFilter{Limit: 2})
	must(t, err)
	// A long site title, and a wide logo in the masthead of every page.
	if res := upload(t, srv, editor, "nameplate.jpg", testJPEG(t, 1400, 160), map[string]string{"alt": "The nameplate"}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload the logo: status %d", res.StatusCode)
	}
	nameplate, _, err := rig.store.FindMedia(ctx, masthead.MediaFilter{Limit: 1})
	must(t, err)
	site, err := rig.store.FindSite(ctx)
	must(t, err)
	site.Title, site.Logo = "The Port Alder Evening Observer and Harbour Chronicle, Incorporating the Lighthouse Point Gazette", nameplate[0].ID
	must(t, rig.store.UpdateSite(ctx, site))

	// An article led by that image, with a wide table, a code block, a
	// bare address and embeds (one titled with a long word), saved twice so that it has revisions to compare.
	v := articleValues("Pier vote "+strings.Repeat("Overwhelmingly", 3), rig.staff[masthead.RoleEditor])
	body := "The minutes are at " + longURL + ".\n\n" +
		"| Member | Ward | Vote | Reason given | Seconded by |\n| --- | --- | --- | --- | --- |\n" +
		"| Councillor Featherstonehaugh | East Quay and Lighthouse Point | For | The ferries need a deeper berth | Councillor Worthington |\n\n" +
		"```\nSELECT ward, count(*) FROM votes WHERE motion = 'ferry-pier-east-quay' GROUP BY ward ORDER BY ward;\n```\n\n" +
		"The old line.\n\n" +
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n" +
		"[The east quay, " + longName + "](https://www.openstreetmap.org/#map=16/51.5/-0.1)\n\n" +
		"https://x.com/observer/status/1234567890123456789" +
		"\n\n" +
		// A figure, a gallery and the boxes of a story, with words no
		// phone is wide enough for.
		"![](/media/" + images[0].Name + " \"" + longName + " — " + longURL + "\")\n\n" +
		"![](/media/" + images[0].Name + ")\n![](/media/" + images[1].Name + ")\n\n" +
		"> [!pullquote]\n> " + longName + "\n\n" +
		"> [!factbox] " + longName + "\n> - " + longURL + "\n\n" +
		"> [!related]\n> - [" + longName + "](" + longURL + ")"
	v.Set("body", body)
	v.Set("tags", "Harbour, Infrastructureandtransportationcommittee")
	v.Set("featured", itoa(images[0].ID))
	id := savedID(t, rig.save(t, masthead.RoleEditor, "/admin/articles/new", v, "publish"))
	v.Set("body", strings.Replace(body, "The old line.", "The new line, with "+longURL+" again.", 1))
	v.Set("revision", "1")
	published, err := rig.store.FindArticleByID(ctx, id)
	must(t, err)
	v.Set("slug", published.Slug)
	savedID(t, rig.save(t, masthead.RoleEditor, fmt.Sprintf("/admin/articles/%d", id), v, "save"))

	// Comments with an unbroken address, one shown and one held.
	for _, status := range []masthead.CommentStatus{masthead.CommentApproved, masthead.CommentPending} {
		c := &masthead.Comment{ArticleID: rig.lead.ID, AuthorName: "Bartholomew Featherstonehaugh", AuthorEmail: "bartholomew.featherstonehaugh@reader.example",
			AuthorURL: longURL, Body: "The full minutes: " + longURL, Status: status, Reason: "It links to " + longURL}
		must(t, rig.store.CreateComment(ctx, c))
	}
	must(t, rig.store.CreateCategory(ctx, &masthead.Category{Name: "Infrastructure and transportation", Slug: "infrastructure-and-transportation",
		Description: "Everything about " + longURL}))
	must(t, rig.store.AddRedirect(ctx, "/2019/05/17/harbour-board-delays-the-vote-on-the-new-ferry-pier-at-the-east-quay-again/", rig.lead.Path(time.UTC)))
	older := &masthead.Article{Headline: "An older story", BodySource: "From last year.", Status: masthead.StatusPublished,
		PublishedAt: now.AddDate(-1, 0, 0), Authors: []*masthead.Author{rig.ana}, Category: rig.local}
	must(t, content.PrepareArticle(older))
	must(t, rig.store.CreateArticle(ctx, older))

	// Pages, one with an address no phone is wide enough for, listed in the
	// admin's table of pages.
	sitePages := addPages(t, rig.fixture)
	wide := &masthead.Article{Kind: masthead.KindPage, ParentID: sitePages.team.ID, Headline: "Corrections and clarifications " + longName,
		Slug: "corrections-and-clarifications-policy-of-the-observer-newsroom-since-1998", BodySource: "Write to " + longURL + ".",
		Status: masthead.StatusPublished, PublishedAt: now.Add(-time.Hour), Authors: []*masthead.Author{rig.ana}}
	must(t, content.PrepareArticle(wide))
	must(t, rig.store.CreateArticle(ctx, wide))
	// Tools → Import: runs of an export with a long name, one finished
	// with a summary whose notes run long, one failed.
	runs := importRunsToShow(t, rig.store, admin.ID, longName, longURL)

	// The breaking strip at its longest, on every public page.
	must(t, rig.store.SaveBreaking(ctx, masthead.Breaking{Text: strings.Repeat("Featherstonehaugh ", 5) + "Worthington-Featherstonehaugh-Lighthouse", URL: longURL}))
	ts := httptest.NewServer(srv)
	defer ts.Close()
	b := newBrowser(t)
	if err := chromedp.Do(b, chromedp.EmulateViewport(320, 800)); err != nil {
		t.Fatal(err)
	}
	// measure checks the page the browser shows; what names it in errors.
	measure := func(what string) {
		t.Helper()
		got, err := chromedp.Run(b, chromedp.Evaluate[pageOverflow](overflowScript))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if got.ScrollWidth > 320 {
			t.Errorf("%s at 320 px is %d px wide; widest: %s", what, got.ScrollWidth, got.Widest)
			if got.Furthest != "" {
				t.Errorf("%s: furthest right: %s", what, got.Furthest)
			}
		}
	}
	// submit clicks a form's button and checks the page that answers.
	submit := func(what, button string, wantStatus int64) {
		t.Helper()
		res, err := chromedp.RunResponse(b, chromedp.Click(chromedp.CSS(button)))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if res.Status != wantStatus {
			t.Errorf("%s: status %d, want %d", what, res.Status, wantStatus)
		}
		measure(what)
	}
	check := func(path string, wantStatus int64) {
		t.Helper()
		res, err := chromedp.RunResponse(b, chromedp.Navigate(ts.URL+path))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if res.Status != wantStatus {
			t.Errorf("%s: status %d, want %d", path, res.Status, wantStatus)
		}
		measure(path)
	}

	year := now.Format("/2006/")
	for _, page := range []struct {
		path   string
		status int64
	}{
		{"/", 200},
		{rig.path, 200},
		{fmt.Sprintf("/%d/", now.Year()-1), 200},
		{year, 200},
		{now.Format("/2006/01/"), 200},
		{"/category/local/", 200},
		{"/category/infrastructure-and-transportation/", 200},
		{"/tag/harbour/", 200},
		{"/tag/infrastructureandtransportationcommittee/", 200},
		{"/author/ana-lima/", 200},
		{"/author/" + rig.staff[masthead.RoleEditor].Slug + "/", 200},
		{"/search/?q=harbour", 200},
		{"/search/?q=minutes", 200},
		{"/search/?q=" + strings.Repeat("nothingmatchesthis", 4), 200},
		{"/no-such-page/", 404},
		{"/admin/login", 200},
		{"/about/", 200},
		{wide.Path(time.UTC), 200},
		{"/search/?q=quillwort", 200},
	} {
		check(page.path, page.status)
	}
	// The new article's public page, found from the front page.
	articlePath, err := chromedp.Run(b, chromedp.Evaluate[string](`(async () => {
		const res = await fetch("/"); const doc = new DOMParser().parseFromString(await res.text(), "text/html");
		return [...doc.querySelectorAll(".card-headline a")].find(a => a.textContent.startsWith("Pier vote"))?.pathname ?? "";
	})()`, chromedp.EvalAwaitPromise))
	if err != nil || articlePath == "" {
		t.Fatalf("the new article is not on the front page: %v", err)
	}
	check(articlePath, 200)
	// The comment form, sent empty, comes back with its errors.
	check(rig.path, 200)
	if err := chromedp.Do(b, chromedp.SetValue(chromedp.CSS("#url"), longURL)); err != nil {
		t.Fatal(err)
	}
	submit("the comment form with errors", ".comment-form .submit", 422)

	must(t, rig.store.AddPin(ctx, &masthead.Pin{ArticleID: id, ExpiresAt: now.Add(time.Hour)}))
	must(t, rig.store.AddPin(ctx, &masthead.Pin{ArticleID: older.ID, SectionID: rig.local.ID}))
	signInBrowser(t, b, ts.URL+"/admin/", admin.Email)
	for _, path := range []string{
		"/admin/",
		"/admin/articles",
		"/admin/articles/new",
		fmt.Sprintf("/admin/articles/%d", id),
		fmt.Sprintf("/admin/articles/%d", rig.lead.ID),
		fmt.Sprintf("/admin/articles/%d/revisions", id),
		fmt.Sprintf("/admin/articles/%d/revisions?from=1&to=2", id),
		"/admin/media",
		"/admin/media?q=harbour",
		"/admin/comments",
		"/admin/comments?status=spam",
		"/admin/sections",
		"/admin/menus",
		"/admin/menus?location=footer",
		"/admin/redirects",
		"/admin/front",
		"/admin/front?q=Pier",
		"/admin/staff",
		"/admin/profile",
		"/admin/settings",
		"/admin/password",
		"/admin/pages",
		"/admin/pages/new",
		fmt.Sprintf("/admin/pages/%d", wide.ID),
		"/admin/import",
		fmt.Sprintf("/admin/import/%d", runs[0]),
		fmt.Sprintf("/admin/import/%d", runs[1]),
	} {
		check(path, 200)
	}
	// The import form refused, then a run in progress and its page.
	check("/admin/import", 200)
	submit("the import form with errors", `form[action="/admin/import"] button[type="submit"]`, 422)
	running := &masthead.ImportRun{StartedBy: admin.ID, FileName: longName + ".xml", FileBytes: 1 << 20}
	must(t, rig.store.StartImportRun(ctx, running))
	check("/admin/import", 200)
	check(fmt.Sprintf("/admin/import/%d", running.ID), 200)
	// The editor beside its preview, and the editor with errors.
	check(fmt.Sprintf("/admin/articles/%d", id), 200)
	submit("the editor with its preview", `button[value="preview"]`, 200)
	check("/admin/articles/new", 200)
	submit("the new article's editor with errors", `button[value="save"]`, 422)
	check("/admin/pages/new", 200)
	submit("the new page's editor with errors", `button[value="save"]`, 422)
	// The menus form, with an unbroken address in error.
	check("/admin/menus", 200)
	if err := chromedp.Do(b, chromedp.SetValue(chromedp.CSS("#row-0-kind"), "url"), chromedp.SetValue(chromedp.CSS("#row-0-url"), "javascript:"+longURL)); err != nil {
		t.Fatal(err)
	}
	submit("the menus form with errors", `button[value="save"]`, 422)
	// The pin form, with an unbroken address in error.
	check("/admin/front", 200)
	if err := chromedp.Do(b, chromedp.SetValue(chromedp.CSS("#article"), longURL)); err != nil {
		t.Fatal(err)
	}
	submit("the pin form with errors", `form[action="/admin/front/pins"] button[type="submit"]`, 422)
}
