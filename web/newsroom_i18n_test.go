package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"masthead"
	"masthead/embed"
	"masthead/i18n"
	"masthead/moderation"
)

// TestNewsroomContentPagesInTheStaffLanguage renders the article list, the
// editor and the comment queue for an editor whose newsroom speaks German,
// then Arabic: the page's lang and dir, its headings, status names, tabs,
// buttons, a held comment's reason, the moderation notice and the editor
// scripts' words all come translated.
func TestNewsroomContentPagesInTheStaffLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang, dir                         string
		articles, draft, draftsTab        string
		editHeading, published, update    string
		comments, pendingTab, approve     string
		reason, approved, insert, oneWord string
		wordForms                         []string
	}{
		{lang: "de", dir: "ltr", articles: "Artikel", draft: "Entwurf", draftsTab: "Entwürfe",
			editHeading: "Artikel bearbeiten", published: "veröffentlicht", update: "Artikel aktualisieren",
			comments: "Kommentare", pendingTab: "Wartend (", approve: "Freigeben",
			reason: "Zurückgehalten, weil er 3 Links enthält und die Grenze bei 2 liegt.", approved: "1 Kommentar freigegeben.",
			insert: "Einfügen", oneWord: "%d Wort", wordForms: []string{"one", "other"}},
		{lang: "ar", dir: "rtl", articles: "المقالات", draft: "مسودة", draftsTab: "المسودات",
			editHeading: "تحرير المقال", published: "منشور", update: "تحديث المقال",
			comments: "التعليقات", pendingTab: "قيد الانتظار (", approve: "اعتماد",
			reason: "محتجز لأن فيه ٣ روابط، والحد ٢.", approved: "اعتُمد تعليق واحد.",
			insert: "إدراج", oneWord: "كلمة واحدة", wordForms: []string{"few", "many", "one", "other", "two", "zero"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			f := newFixture(t)
			f.setLanguage(t, tc.lang, nil)
			held := &masthead.Comment{ArticleID: f.lead.ID, AuthorName: "Link Lover", AuthorEmail: "links@reader.example",
				Body: "See these.", Status: masthead.CommentPending, Reason: "Held because it has 3 links, and the limit is 2."}
			must(t, f.store.CreateComment(context.Background(), held))
			editor := signIn(t, f.server, addStaff(t, f.store, "Eda Editor", masthead.RoleEditor).Email)
			open := func(path string) *html.Node {
				t.Helper()
				res := send(t, f.server, "GET", path, nil, editor)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("%s: status %d", path, res.StatusCode)
				}
				doc := parse(t, body(t, res))
				root := first(t, doc, byTag("html"), "html")
				if attr(root, "lang") != tc.lang || attr(root, "dir") != tc.dir {
					t.Errorf("%s: <html lang=%q dir=%q>, want %s %s", path, attr(root, "lang"), attr(root, "dir"), tc.lang, tc.dir)
				}
				return doc
			}
			check := func(where, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s: %q, want %q", where, got, want)
				}
			}

			list := open("/admin/articles")
			check("the list's heading", text(first(t, list, byTag("h1"), "h1")), tc.articles)
			draftRow := first(t, list, func(n *html.Node) bool {
				return n.Data == "tr" && strings.Contains(text(n), f.draft.Headline)
			}, "the draft's row")
			check("the draft's status", text(findAll(draftRow, byTag("td"))[1]), tc.draft)
			var tabs []string
			for _, a := range findAll(first(t, list, byClass("tabs"), "the tabs"), byTag("a")) {
				tabs = append(tabs, text(a))
			}
			if !slices.Contains(tabs, tc.draftsTab) {
				t.Errorf("the list's tabs are %q, want one %q", tabs, tc.draftsTab)
			}

			editorPage := open("/admin/articles/" + itoa(f.lead.ID))
			check("the editor's heading", text(first(t, editorPage, byTag("h1"), "h1")), tc.editHeading)
			check("the editor's status", text(first(t, editorPage, byID("article-status"), "the status")), tc.published)
			save := first(t, editorPage, func(n *html.Node) bool { return n.Data == "button" && attr(n, "value") == "save" }, "the save button")
			check("the save button", text(save), tc.update)
			form := first(t, editorPage, byClass("editor-form"), "the editor's form")
			var words editorScriptStrings
			if err := json.Unmarshal([]byte(attr(form, "data-strings")), &words); err != nil {
				t.Fatalf("the editor's data-strings: %v", err)
			}
			var forms []string
			for f := range words.Words {
				forms = append(forms, f)
			}
			slices.Sort(forms)
			if words.Lang != tc.lang || words.Insert != tc.insert || words.Words["one"] != tc.oneWord || !slices.Equal(forms, tc.wordForms) {
				t.Errorf("the editor script's words: lang %q, insert %q, word forms %v (one %q); want %s, %q, %v (%q)",
					words.Lang, words.Insert, forms, words.Words["one"], tc.lang, tc.insert, tc.wordForms, tc.oneWord)
			}

			queue := open("/admin/comments")
			check("the queue's heading", text(first(t, queue, byTag("h1"), "h1")), tc.comments)
			current := first(t, first(t, queue, byClass("tabs"), "the tabs"), func(n *html.Node) bool { return n.Data == "a" && attr(n, "aria-current") == "page" }, "the current tab")
			if !strings.HasPrefix(text(current), tc.pendingTab) {
				t.Errorf("the pending tab says %q, want it to start %q", text(current), tc.pendingTab)
			}
			row := first(t, queue, byID("moderate-"+itoa(held.ID)), "the held comment")
			check("the held comment's reason", text(first(t, row, byClass("reason"), "the reason")), tc.reason)
			approve := first(t, row, func(n *html.Node) bool { return n.Data == "button" && attr(n, "value") == "approve" }, "the approve button")
			check("the approve button", text(approve), tc.approve)

			res := send(t, f.server, "POST", "/admin/comments", url.Values{"action": {"approve"}, "id": {itoa(held.ID)}, "status": {"pending"}}, editor)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("approving: status %d", res.StatusCode)
			}
			to, err := url.Parse(res.Header.Get("Location"))
			must(t, err)
			check("the moderation notice", to.Query().Get("notice"), tc.approved)
		})
	}
}

// TestEmbedFacadesInTheSiteLanguage: an article's embeds, stored with
// English facades, reach German and Arabic readers with the facade's
// button, title, note and link in the site's language, and the writer's
// own title left as written.
func TestEmbedFacadesInTheSiteLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang, play, mapTitle, note, open string
	}{
		{"de", "Video abspielen", "OpenStreetMap-Karte", "Von YouTube wird nichts geladen, bevor du es anforderst.", "Auf YouTube öffnen"},
		{"ar", "تشغيل الفيديو", "خريطة OpenStreetMap", "لا يُحمَّل شيء من YouTube حتى تطلبه.", "فتح على YouTube"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			f := newFixture(t)
			a := addEmbedArticle(t, f)
			f.setLanguage(t, tc.lang, nil)
			res := get(t, f.server, "GET", a.Path(time.UTC))
			if res.status != http.StatusOK {
				t.Fatalf("status %d", res.status)
			}
			doc := parse(t, res.body)
			figures := findAll(doc, func(n *html.Node) bool { return n.Data == "figure" && attr(n, "data-embed-src") != "" })
			if len(figures) < 2 {
				t.Fatalf("%d facades", len(figures))
			}
			video, osm := figures[0], figures[1]
			if got := text(first(t, video, byClass("embed-load"), "the button")); got != tc.play {
				t.Errorf("the video's button says %q, want %q", got, tc.play)
			}
			if got := text(first(t, video, byClass("embed-title"), "the title")); got != "A tour of the east quay" {
				t.Errorf("the writer's title became %q", got)
			}
			if got := text(first(t, video, byClass("embed-note"), "the note")); got != tc.note {
				t.Errorf("the note says %q, want %q", got, tc.note)
			}
			if got := text(first(t, video, byTag("a"), "the link")); got != tc.open {
				t.Errorf("the plain link says %q, want %q", got, tc.open)
			}
			if got := attr(osm, "data-embed-title"); got != tc.mapTitle {
				t.Errorf("the map's generic title is %q, want %q", got, tc.mapTitle)
			}
			if strings.Contains(res.body, "Nothing is loaded from") || strings.Contains(res.body, ">Play video<") {
				t.Error("English facade text is left on the page")
			}
		})
	}
}

// TestEmbedTextsAreCatalogued: every provider's generic title and button
// is one of embedTexts, which the catalog test holds to the catalogs, so
// that no facade keeps an English word.
func TestEmbedTextsAreCatalogued(t *testing.T) {
	links := []string{
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://vimeo.com/76979871",
		"https://x.com/observer/status/1234567890123456789", "https://www.instagram.com/p/CxYz123AbC/",
		"https://www.instagram.com/reel/CxYz123AbC/", "https://www.tiktok.com/@observer/video/7234567890123456789",
		"https://datawrapper.dwcdn.net/Ab1Cd/2/", "https://public.flourish.studio/visualisation/1234567/",
		"https://public.flourish.studio/story/123456/", "https://www.documentcloud.org/documents/2345678-budget",
		"https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC", "https://open.spotify.com/episode/4uLU6hMCjMI75M1A2tKUQC",
		"https://open.spotify.com/show/4uLU6hMCjMI75M1A2tKUQC", "https://open.spotify.com/playlist/4uLU6hMCjMI75M1A2tKUQC",
		"https://open.spotify.com/album/4uLU6hMCjMI75M1A2tKUQC", "https://podcasts.apple.com/us/podcast/the-daily/id1200361736",
		"https://podcasts.apple.com/us/podcast/the-daily/id1200361736?i=1000650000000",
		"https://www.openstreetmap.org/?mlat=51.5007&mlon=-0.1246#map=16/51.5007/-0.1246",
	}
	known := map[string]bool{}
	for _, s := range embedTexts {
		known[s] = true
	}
	seen := map[string]bool{}
	for _, link := range links {
		e, ok := embed.Lookup(link)
		if !ok {
			t.Errorf("%s is not an embed", link)
			continue
		}
		seen[e.Provider] = true
		for _, s := range []string{e.Title, e.Action} {
			if !known[s] {
				t.Errorf("%s: %q is not in embedTexts", link, s)
			}
		}
	}
	if len(seen) != 11 {
		t.Errorf("the links cover %d providers, want all 11", len(seen))
	}
}

// TestCommentReasonsReadBack: a stored reason is read back into its
// format and values and translated; other text is shown as it is.
func TestCommentReasonsReadBack(t *testing.T) {
	de, _ := i18n.Match("de")
	for _, tc := range []struct{ stored, want string }{
		{`Marked as spam because it contains "casino", which is on the spam word list.`,
			`Als Spam markiert, weil er "casino" enthält, das auf der Spamwortliste steht.`},
		{"Held because it has 4 links, and the limit is 2.", "Zurückgehalten, weil er 4 Links enthält und die Grenze bei 2 liegt."},
		{"Held because every comment waits for a moderator on this site.", "Zurückgehalten, weil auf dieser Website jeder Kommentar auf die Moderation wartet."},
		{"Imported from WordPress as held.", "Imported from WordPress as held."},
	} {
		if got := moderation.Reason(de, tc.stored); got != tc.want {
			t.Errorf("moderation.Reason(%q) = %q, want %q", tc.stored, got, tc.want)
		}
	}
}

// TestEditorScriptsSpeakTheStaffLanguage: in a browser, the editor's
// scripts write the live word count and reading time with Arabic's plural
// forms and digits, and label the live preview in Arabic, from the words
// the page gives them.
func TestEditorScriptsSpeakTheStaffLanguage(t *testing.T) {
	rig := newEditorRig(t)
	author := rig.staff[masthead.RoleAuthor]
	profile := url.Values{"name": {author.Name}, "slug": {author.Slug}, "bio": {""}, "avatar": {"0"}, "language": {"ar"}}
	if res := send(t, rig.server, "POST", "/admin/profile", profile, rig.cookies[masthead.RoleAuthor]); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("choosing Arabic: status %d", res.StatusCode)
	}
	ts := httptest.NewServer(rig.server)
	defer ts.Close()
	b := newBrowser(t)
	signInBrowser(t, b, ts.URL+"/admin/articles/new", author.Email)
	if err := chromedp.Do(b, chromedp.SendKeys(chromedp.CSS("#body"), "one two three")); err != nil {
		t.Fatal(err)
	}
	const want = "٣ كلمات · دقيقة قراءة واحدة | معاينة حية"
	got, err := chromedp.Run(b, chromedp.Poll[string](`(() => {
		const s = document.getElementById("body-stats").textContent + " | " + (document.querySelector(".preview")?.getAttribute("aria-label") ?? "");
		return s === `+strconv.Quote(want)+` ? s : "";
	})()`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		last, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.getElementById("body-stats").textContent`))
		t.Fatalf("waiting for the Arabic word count: %v (it says %q)", err, last)
	}
	if got != want {
		t.Errorf("the editor's scripts write %q, want %q", got, want)
	}
}

// TestNewsroomRefusalInTheStaffLanguage: a rule's refusal in the
// newsroom (an author opening someone else's article) is shown in the
// staff member's own language, over the site's.
func TestNewsroomRefusalInTheStaffLanguage(t *testing.T) {
	rig := newEditorRig(t)
	editor := rig.staff[masthead.RoleEditor]
	id := savedID(t, rig.save(t, masthead.RoleEditor, "/admin/articles/new", articleValues("The editor's own", editor), "save"))
	author := rig.staff[masthead.RoleAuthor]
	profile := url.Values{"name": {author.Name}, "slug": {author.Slug}, "bio": {""}, "avatar": {"0"}, "language": {"fr"}}
	if res := send(t, rig.server, "POST", "/admin/profile", profile, rig.cookies[masthead.RoleAuthor]); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("choosing French: status %d", res.StatusCode)
	}
	res := send(t, rig.server, "GET", "/admin/articles/"+itoa(id), nil, rig.cookies[masthead.RoleAuthor])
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("status %d, want 403", res.StatusCode)
	}
	doc := parse(t, body(t, res))
	if got := attr(first(t, doc, byTag("html"), "html"), "lang"); got != "fr" {
		t.Errorf("the refusal's page is in %q, want fr", got)
	}
	if want := "Votre rôle ne vous permet pas de modifier cet article."; !strings.Contains(text(doc), want) {
		t.Errorf("the refusal does not say %q", want)
	}
}
