package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
)

// setSiteLanguage changes the site's language setting.
func setSiteLanguage(t testing.TB, store masthead.Store, lang string) {
	t.Helper()
	ctx := context.Background()
	site, err := store.FindSite(ctx)
	must(t, err)
	site.Language = lang
	must(t, store.UpdateSite(ctx, site))
}

// setLanguage sets the fixture's site language and starts a server that
// sees it, logging into logs when given.
func (f *fixture) setLanguage(t *testing.T, lang string, logs *bytes.Buffer) {
	t.Helper()
	setSiteLanguage(t, f.store, lang)
	opts := Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }, SpoolDir: t.TempDir()}
	if logs != nil {
		opts.Logger = slog.New(slog.NewTextHandler(logs, nil))
	}
	srv, err := NewServer(f.store, opts)
	must(t, err)
	f.server = srv
}

// TestPublicPagesSpeakTheSiteLanguage: the language setting chooses the
// interface's language (a region falls back to its language), with its
// plurals, dates and direction, while the articles stay as written.
func TestPublicPagesSpeakTheSiteLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang, dir, reply, notes, published, comments, byline string
	}{
		{"de-AT", "ltr", "Schreibe einen Kommentar", "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
			"Veröffentlicht am 14. März 2026, 11:50 UTC", "3 Kommentare", "Von Ana Lima und Ben Ortiz"},
		{"fr", "ltr", "Laisser un commentaire", "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
			"Publié le 14 mars 2026 à 11:50 UTC", "3 commentaires", "Par Ana Lima et Ben Ortiz"},
		{"es", "ltr", "Deja una respuesta", "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con *",
			"Publicado el 14 de marzo de 2026, 11:50 UTC", "3 comentarios", "Por Ana Lima y Ben Ortiz"},
		{"ar", "rtl", "اترك تعليقاً", "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
			"نُشر في ١٤ مارس ٢٠٢٦، ١١:٥٠ ص UTC", "٣ تعليقات", "بقلم Ana Lima و Ben Ortiz"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			f := newFixture(t)
			f.setLanguage(t, tc.lang, nil)
			doc := parse(t, get(t, f.server, "GET", f.lead.Path(time.UTC)).body)
			root := first(t, doc, byTag("html"), "html")
			if attr(root, "lang") != tc.lang || attr(root, "dir") != tc.dir {
				t.Errorf("<html lang=%q dir=%q>, want %q %q", attr(root, "lang"), attr(root, "dir"), tc.lang, tc.dir)
			}
			if got := replyTitle(t, doc); got != tc.reply {
				t.Errorf("the form's title is %q, want %q", got, tc.reply)
			}
			if got := text(first(t, doc, byID("comments-heading"), "comments heading")); got != tc.comments {
				t.Errorf("the comments' heading is %q, want %q", got, tc.comments)
			}
			if got := text(first(t, doc, byClass("comment-notes"), "comment notes")); got != tc.notes {
				t.Errorf("the comment notes say %q, want %q", got, tc.notes)
			}
			if got := strings.Join(strings.Fields(text(first(t, doc, byClass("meta"), "article meta"))), " "); !strings.HasPrefix(got, tc.published) {
				t.Errorf("the article's meta says %q, want it to start with %q", got, tc.published)
			}
			if got := text(first(t, doc, byClass("byline"), "byline")); got != tc.byline {
				t.Errorf("the byline says %q, want %q", got, tc.byline)
			}
			if got := text(first(t, doc, byTag("h1"), "headline")); got != f.lead.Headline {
				t.Errorf("the headline is %q: the article's own text must stay as written", got)
			}
			// The month archive is named in the language.
			month := parse(t, get(t, f.server, "GET", "/2026/03/").body)
			if got, want := text(first(t, month, byTag("h1"), "archive heading")), map[string]string{
				"de-AT": "März 2026", "fr": "mars 2026", "es": "marzo de 2026", "ar": "مارس ٢٠٢٦"}[tc.lang]; got != want {
				t.Errorf("the month archive is called %q, want %q", got, want)
			}
		})
	}
}

// replyTitle is the comment form's title without its "Cancel reply".
func replyTitle(t *testing.T, doc *html.Node) string {
	t.Helper()
	h := first(t, doc, byID("reply-title"), "the form's title")
	cancel := text(first(t, h, byClass("cancel-reply"), "cancel reply"))
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text(h)), cancel))
}

// TestUnknownLanguageFallsBackToEnglishAndSaysSo: a language without a
// catalog shows the interface in English, keeps the tag for <html lang>
// (the articles are in it), and the log says why, once.
func TestUnknownLanguageFallsBackToEnglishAndSaysSo(t *testing.T) {
	f := newFixture(t)
	var logs bytes.Buffer
	f.setLanguage(t, "he", &logs)
	for range 2 {
		doc := parse(t, get(t, f.server, "GET", f.lead.Path(time.UTC)).body)
		root := first(t, doc, byTag("html"), "html")
		if attr(root, "lang") != "he" || attr(root, "dir") != "rtl" {
			t.Errorf("<html lang=%q dir=%q>, want he rtl", attr(root, "lang"), attr(root, "dir"))
		}
		if got := replyTitle(t, doc); got != "Leave a Reply" {
			t.Errorf("the form's title is %q, want English", got)
		}
	}
	if n := strings.Count(logs.String(), "no translation for the language he"); n != 1 {
		t.Errorf("the log names the language %d times, want once:\n%s", n, logs.String())
	}
}

// TestCommentFormErrorsInTheSiteLanguage: the rules' refusals, written in
// English, reach the reader translated, values and all.
func TestCommentFormErrorsInTheSiteLanguage(t *testing.T) {
	rig := newCommentRig(t)
	setSiteLanguage(t, rig.store, "de")
	res := rig.post(t, rig.path, url.Values{"comment": {""}, "author": {""}, "email": {"not-an-address"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	doc := parse(t, body(t, res))
	for id, want := range map[string]string{
		"comment-error": "Bitte schreibe einen Kommentar.",
		"author-error":  "Bitte gib deinen Namen ein.",
		"email-error":   "Bitte gib eine gültige E-Mail-Adresse ein, etwa name@example.com.",
	} {
		if got := text(first(t, doc, byID(id), id)); got != want {
			t.Errorf("#%s says %q, want %q", id, got, want)
		}
	}
	if got := text(first(t, doc, byClass("form-errors"), "form errors")); !strings.HasPrefix(got, "Dein Kommentar wurde nicht veröffentlicht.") {
		t.Errorf("the form's summary says %q", got)
	}
	// Too many comments: the wait is counted in the language.
	rate := newCommentRig(t, func(o *Options) { o.CommentEvery, o.CommentBurst = time.Minute, 1 })
	setSiteLanguage(t, rate.store, "de")
	if res := rate.post(t, rate.path, validComment("The first one.")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the first comment: status %d", res.StatusCode)
	}
	res = rate.post(t, rate.path, validComment("The second one."))
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the second comment: status %d, want 429", res.StatusCode)
	}
	got := text(first(t, parse(t, body(t, res)), byClass("form-errors"), "form errors"))
	if want := "Du schreibst Kommentare zu schnell. Bitte warte 55 Sekunden und sende deinen Kommentar dann noch einmal."; !strings.Contains(got, want) {
		t.Errorf("the rate limit says %q, want %q", got, want)
	}
}

// TestStylesheetsUseLogicalProperties: the public, dense and admin styles
// say start and end rather than left and right, so that a right-to-left
// page mirrors with the same stylesheet.
func TestStylesheetsUseLogicalProperties(t *testing.T) {
	physical := regexp.MustCompile(`(?:margin|padding|border)-(?:left|right)\s*:|(?:^|[;{\s])(?:left|right)\s*:|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)|clear\s*:\s*(?:left|right)`)
	fourSides := regexp.MustCompile(`(?:margin|padding)\s*:\s*([^;\s]+)\s+([^;\s]+)\s+([^;\s]+)\s+([^;\s]+)\s*;`)
	comment := regexp.MustCompile(`(?s)/\*.*?\*/`)
	for _, name := range []string{"static/css/site.css", "themes/dense/static/css/theme.css"} {
		src, err := os.ReadFile(name)
		must(t, err)
		// Comments may say "left"; only rules count, on their own lines.
		rules := comment.ReplaceAllStringFunc(string(src), func(c string) string { return strings.Repeat("\n", strings.Count(c, "\n")) })
		for i, line := range strings.Split(rules, "\n") {
			if m := physical.FindString(line); m != "" {
				t.Errorf("%s:%d: %q is a physical direction; use its logical property (inline-start, inline-end, start, end)", name, i+1, strings.TrimSpace(m))
			}
			if m := fourSides.FindStringSubmatch(line); m != nil && m[2] != m[4] {
				t.Errorf("%s:%d: %q sets left and right apart; use margin-inline or padding-inline", name, i+1, m[0])
			}
		}
	}
}

// TestStaffMemberChoosesTheNewsroomLanguage: the profile's language shows
// the newsroom's pages in it to that staff member alone, while the public
// site and everyone else keep the site's language; a tag that is none is
// refused beside its field, in the language of the page.
func TestStaffMemberChoosesTheNewsroomLanguage(t *testing.T) {
	f := newFixture(t)
	f.setLanguage(t, "de", nil)
	farah := signIn(t, f.server, addStaff(t, f.store, "Farah Aziz", masthead.RoleEditor).Email)
	eda := signIn(t, f.server, addStaff(t, f.store, "Eda Editor", masthead.RoleEditor).Email)
	profile := func(lang string) url.Values {
		return url.Values{"name": {"Farah Aziz"}, "slug": {"farah-aziz"}, "bio": {""}, "avatar": {"0"}, "language": {lang}}
	}
	res := send(t, f.server, "POST", "/admin/profile", profile("klingon!"), farah)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an impossible language: status %d, want 422", res.StatusCode)
	}
	if got, want := text(first(t, parse(t, body(t, res)), byID("language-error"), "the language's error")), `"klingon!" ist kein Sprachkürzel wie de, fr-CA oder ar.`; got != want {
		t.Errorf("the language's error says %q, want %q", got, want)
	}
	if res := send(t, f.server, "POST", "/admin/profile", profile("ar"), farah); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("choosing Arabic: status %d", res.StatusCode)
	}
	pageOf := func(cookies *http.Cookie, path string) *html.Node {
		t.Helper()
		res := send(t, f.server, "GET", path, nil, cookies)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		return parse(t, body(t, res))
	}
	for _, tc := range []struct {
		who             string
		cookies         *http.Cookie
		path            string
		lang, dir, link string
	}{
		{"Farah", farah, "/admin/profile", "ar", "rtl", "لوحة التحكم"},
		{"Eda", eda, "/admin/profile", "de", "ltr", "Übersicht"},
		{"Farah, on the public site", farah, "/", "de", "ltr", ""},
	} {
		doc := pageOf(tc.cookies, tc.path)
		root := first(t, doc, byTag("html"), "html")
		if attr(root, "lang") != tc.lang || attr(root, "dir") != tc.dir {
			t.Errorf("%s: <html lang=%q dir=%q>, want %s %s", tc.who, attr(root, "lang"), attr(root, "dir"), tc.lang, tc.dir)
		}
		if tc.link != "" {
			if got := text(first(t, doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == "/admin/" }, "the dashboard's link")); got != tc.link {
				t.Errorf("%s: the dashboard's link says %q, want %q", tc.who, got, tc.link)
			}
		}
	}
	dashboard := pageOf(farah, "/admin/")
	if got := text(first(t, dashboard, byID("pending-heading"), "the review list")); got != "بانتظار المراجعة" {
		t.Errorf("Farah's dashboard calls the review list %q", got)
	}
	if got := text(first(t, dashboard, byTag("title"), "title")); !strings.HasPrefix(got, "لوحة التحكم – ") {
		t.Errorf("Farah's dashboard is titled %q", got)
	}
	chosen := first(t, pageOf(farah, "/admin/profile"), func(n *html.Node) bool { return n.Data == "option" && attr(n, "value") == "ar" }, "Arabic")
	if _, selected := attrOK(chosen, "selected"); !selected || text(chosen) != "العربية" {
		t.Errorf("the profile's Arabic option is %q, selected %v", text(chosen), selected)
	}
}

// attrOK returns an attribute's value and whether the element has it.
func attrOK(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

// TestSignInAndPasswordFormsInTheSiteLanguage: the sign-in's refusal, the
// throttle's wait and the password rules reach the newsroom translated,
// their values in the language's digits.
func TestSignInAndPasswordFormsInTheSiteLanguage(t *testing.T) {
	f := newFixture(t)
	f.setLanguage(t, "fr", nil)
	staff := addStaff(t, f.store, "Farah Aziz", masthead.RoleEditor)
	res := send(t, f.server, "POST", "/admin/login", url.Values{"email": {staff.Email}, "password": {"not the password"}}, nil)
	if got, want := text(first(t, parse(t, body(t, res)), byClass("form-errors"), "the refusal")), "L’adresse e-mail ou le mot de passe est incorrect."; res.StatusCode != http.StatusUnprocessableEntity || got != want {
		t.Errorf("a wrong password: status %d, %q; want 422, %q", res.StatusCode, got, want)
	}

	setSiteLanguage(t, f.store, "ar")
	cookie := signIn(t, f.server, staff.Email)
	res = send(t, f.server, "POST", "/admin/password", url.Values{"current": {"wrong"}, "new": {"short"}, "new2": {"short"}}, cookie)
	doc := parse(t, body(t, res))
	for id, want := range map[string]string{"current-error": "هذه ليست كلمة مرورك الحالية.", "new-error": "يجب ألّا تقل كلمة المرور عن ١٠ أحرف."} {
		if got := text(first(t, doc, byID(id), id)); got != want {
			t.Errorf("#%s says %q, want %q", id, got, want)
		}
	}

	de := &layout{}
	de.setLanguage(f.server, "de")
	for wait, want := range map[time.Duration]string{
		time.Second:      "Zu viele fehlgeschlagene Anmeldungen: Bitte warte 1 Sekunde und versuche es dann noch einmal.",
		30 * time.Second: "Zu viele fehlgeschlagene Anmeldungen: Bitte warte 30 Sekunden und versuche es dann noch einmal.",
		90 * time.Second: "Zu viele fehlgeschlagene Anmeldungen: Bitte warte 2 Minuten und versuche es dann noch einmal.",
	} {
		if got := de.signInWait(masthead.SignInThrottled(wait)); got != want {
			t.Errorf("a wait of %v: %q, want %q", wait, got, want)
		}
	}
}
