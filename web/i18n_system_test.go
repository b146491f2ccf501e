package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/i18n"
)

// pageLanguage returns the lang and dir of a page's <html>.
func pageLanguage(t *testing.T, doc *html.Node) (lang, dir string) {
	t.Helper()
	root := first(t, doc, byTag("html"), "html")
	return attr(root, "lang"), attr(root, "dir")
}

// wantLanguage fails unless the page says it is in lang, written dir.
func wantLanguage(t *testing.T, what string, doc *html.Node, lang, dir string) {
	t.Helper()
	if gotLang, gotDir := pageLanguage(t, doc); gotLang != lang || gotDir != dir {
		t.Errorf("%s: <html lang=%q dir=%q>, want %q %q", what, gotLang, gotDir, lang, dir)
	}
}

// wantText fails unless the element matched holds exactly want.
func wantText(t *testing.T, doc *html.Node, match func(*html.Node) bool, what, want string) {
	t.Helper()
	if got := strings.Join(strings.Fields(text(first(t, doc, match, what))), " "); got != want {
		t.Errorf("%s says %q, want %q", what, got, want)
	}
}

// TestSystemPagesInTheNewsroomLanguage: the settings, staff and outbox
// pages speak the site's language (German here), their form errors and
// notices too, and a staff member's own language (Arabic) over it, right
// to left; the settings page names each language in itself.
func TestSystemPagesInTheNewsroomLanguage(t *testing.T) {
	f := newFixture(t)
	f.setLanguage(t, "de", nil)
	admin := addStaff(t, f.store, "Ada Admin", masthead.RoleAdmin)
	ben := addStaff(t, f.store, "Ben Editor", masthead.RoleEditor)
	cookie := signIn(t, f.server, admin.Email)

	doc := parse(t, body(t, send(t, f.server, "GET", "/admin/settings", nil, cookie)))
	wantLanguage(t, "the settings", doc, "de", "ltr")
	wantText(t, doc, byTag("h1"), "the settings' heading", "Einstellungen")
	wantText(t, doc, func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == "page_size" }, "the page size's label", "Artikel pro Seite")
	var names []string
	for _, o := range findAll(first(t, doc, byID("language"), "the language list"), byTag("option")) {
		names = append(names, attr(o, "lang")+":"+text(o))
		if attr(o, "value") == "de" && !hasAttr(o, "selected") {
			t.Error("the language list does not choose the site's language")
		}
	}
	want := make([]string, 0, len(i18n.Names()))
	for _, l := range i18n.Names() {
		want = append(want, l.Tag+":"+l.Name)
	}
	if strings.Join(names, " ") != strings.Join(want, " ") || !strings.Contains(strings.Join(names, " "), "ar:العربية") {
		t.Errorf("the language list offers %q, want %q, each named in itself", names, want)
	}

	// A refused form comes back in German, with what was typed.
	site, err := f.store.FindSite(context.Background())
	must(t, err)
	values := settingsForm(site)
	values.Set("title", "Der Beobachter")
	values.Set("page_size", "500")
	res := send(t, f.server, "POST", "/admin/settings", values, cookie)
	doc = parse(t, body(t, res))
	if res.StatusCode != http.StatusUnprocessableEntity || attr(first(t, doc, byID("title"), "title"), "value") != "Der Beobachter" {
		t.Errorf("refused settings: status %d, or the title typed is lost", res.StatusCode)
	}
	wantText(t, doc, byID("page_size-error"), "the page size's error", "Die Zahl der Artikel pro Seite muss zwischen 1 und 100 liegen.")
	wantText(t, doc, byClass("form-errors"), "the form's alert", "Die Einstellungen wurden nicht gespeichert: Bitte korrigiere die markierten Felder.")

	// The staff page, its roles, and a notice after a change.
	doc = parse(t, body(t, send(t, f.server, "GET", "/admin/staff", nil, cookie)))
	wantLanguage(t, "the staff page", doc, "de", "ltr")
	wantText(t, doc, byTag("h1"), "the staff page's heading", "Team")
	wantText(t, doc, byID("add-heading"), "the form's heading", "Teammitglied hinzufügen")
	var roles []string
	for _, o := range findAll(first(t, doc, byID("new-role"), "the role list"), byTag("option")) {
		roles = append(roles, text(o))
	}
	if got := strings.Join(roles, ", "); !strings.Contains(got, "Redakteur") {
		t.Errorf("the roles are offered as %q", got)
	}
	res = send(t, f.server, "POST", "/admin/staff/"+itoa(ben.ID)+"/disable", nil, cookie)
	if res.StatusCode != http.StatusSeeOther || strings.Contains(res.Header.Get("Location"), "Ben") {
		t.Fatalf("disabling: status %d to %q; the address must name the notice, not carry its text", res.StatusCode, res.Header.Get("Location"))
	}
	doc = parse(t, body(t, send(t, f.server, "GET", res.Header.Get("Location"), nil, cookie)))
	wantText(t, doc, byClass("notice"), "the notice", "Ben Editor kann sich nicht mehr anmelden; die Artikel und die Autorenseite bleiben.")
	if got := text(first(t, doc, byID("staff-"+itoa(ben.ID)), "Ben's row")); !strings.Contains(got, "Gesperrt seit 14. März 2026") {
		t.Errorf("Ben's row says %q, want the date he was disabled in German", got)
	}
	// A notice the page does not know shows nothing.
	doc = parse(t, body(t, send(t, f.server, "GET", "/admin/staff?notice=Your+account+is+closed", nil, cookie)))
	if n := findAll(doc, byClass("notice")); len(n) != 0 {
		t.Errorf("an unknown notice is shown: %q", text(n[0]))
	}

	// The outbox, and its notice.
	res = send(t, f.server, "GET", "/admin/outbox?notice=discarded", nil, cookie)
	doc = parse(t, body(t, res))
	wantText(t, doc, byTag("h1"), "the outbox's heading", "Postausgang")
	wantText(t, doc, byClass("notice"), "the outbox's notice", "Die Nachricht wurde verworfen; sie wird nicht gesendet.")
	wantText(t, first(t, doc, byClass("tabs"), "the tabs"), byTag("a"), "the first tab", "Eingereiht (0)")

	// The admin's own language wins over the site's.
	admin.Language = "ar"
	must(t, f.store.UpdateAuthor(context.Background(), admin))
	for path, heading := range map[string]string{"/admin/settings": "الإعدادات", "/admin/staff": "الفريق", "/admin/outbox": "صندوق الصادر"} {
		doc := parse(t, body(t, send(t, f.server, "GET", path, nil, cookie)))
		wantLanguage(t, path, doc, "ar", "rtl")
		wantText(t, doc, byTag("h1"), path+"'s heading", heading)
	}
	doc = parse(t, body(t, send(t, f.server, "GET", "/admin/outbox", nil, cookie)))
	wantText(t, first(t, doc, byClass("tabs"), "the tabs"), byTag("a"), "the first tab", "في الطابور (٠)")
	res = send(t, f.server, "POST", "/admin/settings", values, cookie)
	wantText(t, parse(t, body(t, res)), byID("page_size-error"), "the page size's error in Arabic", "يجب أن يكون عدد المقالات في الصفحة بين ١ و١٠٠.")
	// A refusal on its own page too: the test email of a site without mail.
	res = send(t, f.server, "POST", "/admin/settings/test-email", nil, cookie)
	doc = parse(t, body(t, res))
	if res.StatusCode != http.StatusConflict {
		t.Errorf("a test email without mail: status %d, want 409", res.StatusCode)
	}
	wantLanguage(t, "the refused test email", doc, "ar", "rtl")
	if got := text(first(t, doc, byID("main"), "main")); !strings.Contains(got, "لم يُضبط البريد بعد") {
		t.Errorf("the refused test email says %q, want it in Arabic", got)
	}
}

// TestPrivacyPagesInTheSiteLanguage: the privacy page states what is
// stored and for how long in the site's language, with its plurals and
// digits, and a reader asks for their data and has it erased in German
// and in Arabic, right to left, form errors included.
func TestPrivacyPagesInTheSiteLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang, dir, heading, network, cookieLife, badEmail, sent, confirm, erased string
	}{
		{"de", "ltr", "Datenschutz",
			"Das Netz wird gespeichert, um zu begrenzen, wie viele Kommentare von einem Ort auf einmal kommen können, und zwar für 90 Tage; danach wird es gelöscht.",
			"30 Tage", "Bitte gib eine gültige E-Mail-Adresse ein.",
			"Danke: An die eingegebene Adresse wurde ein Link geschickt. Er funktioniert einmal, einen Tag lang; folge ihm, um deine Anfrage zu bestätigen.",
			"Unter deiner Adresse wurde 1 Kommentar veröffentlicht.",
			"Dein Name, deine E-Mail-Adresse, Website und dein Netz wurden aus 1 Kommentar entfernt."},
		{"ar", "rtl", "الخصوصية",
			"تُحفظ الشبكة للحد من عدد التعليقات التي يمكن أن تُنشر من مكان واحد في وقت واحد، لمدة ٩٠ يومًا، ثم تُمحى.",
			"٣٠ يومًا", "يُرجى إدخال عنوان بريد إلكتروني صالح.",
			"شكرًا: أُرسل رابط إلى العنوان الذي كتبته. يعمل مرة واحدة لمدة يوم؛ افتحه لتأكيد طلبك.",
			"نُشر بعنوانك تعليق واحد.",
			"أُزيل اسمك وعنوان بريدك الإلكتروني وموقعك وشبكتك من تعليق واحد."},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			f := newFixture(t)
			setSiteLanguage(t, f.store, tc.lang)
			links := &recordedLinks{}
			srv := privacyServer(t, f, links, false)

			doc := parse(t, get(t, srv, "GET", "/privacy/").body)
			wantLanguage(t, "the privacy page", doc, tc.lang, tc.dir)
			main := first(t, doc, byID("main"), "main")
			wantText(t, main, byTag("h1"), "the heading", tc.heading)
			var said bool
			for _, li := range findAll(main, byTag("li")) {
				said = said || strings.Join(strings.Fields(text(li)), " ") == tc.network
			}
			if !said {
				t.Errorf("the privacy page does not say %q", tc.network)
			}
			var lifetimes []string
			for _, row := range findAll(first(t, main, byTag("tbody"), "the cookies"), byTag("tr")) {
				cells := findAll(row, byTag("td"))
				lifetimes = append(lifetimes, text(cells[len(cells)-1]))
			}
			if len(lifetimes) == 0 || lifetimes[0] != tc.cookieLife {
				t.Errorf("the cookies are kept %q; the session cookie should say %q", lifetimes, tc.cookieLife)
			}

			// A mistake comes back in the language, with what was typed.
			res := post(t, srv, "/privacy/request/", url.Values{"email": {"cora at reader"}, "kind": {"erase"}})
			doc = parse(t, body(t, res))
			if res.StatusCode != http.StatusUnprocessableEntity || attr(first(t, doc, byID("email"), "email"), "value") != "cora at reader" {
				t.Errorf("a bad address: status %d, or the form lost it", res.StatusCode)
			}
			wantLanguage(t, "the refused request", doc, tc.lang, tc.dir)
			wantText(t, doc, byID("email-error"), "the address's error", tc.badEmail)

			res = post(t, srv, "/privacy/request/", url.Values{"email": {coraEmail}, "kind": {"erase"}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("the request: status %d", res.StatusCode)
			}
			wantText(t, parse(t, get(t, srv, "GET", res.Header.Get("Location")).body), byClass("notice"), "the request's answer", tc.sent)
			confirm := links.last(t, coraEmail)
			doc = parse(t, get(t, srv, "GET", confirm).body)
			wantLanguage(t, "the confirmation", doc, tc.lang, tc.dir)
			if got := strings.Join(strings.Fields(text(first(t, doc, byID("main"), "main"))), " "); !strings.Contains(got, tc.confirm) {
				t.Errorf("the confirmation says %q, want %q in it", got, tc.confirm)
			}
			res = post(t, srv, confirm, url.Values{})
			wantText(t, parse(t, get(t, srv, "GET", res.Header.Get("Location")).body), byClass("notice"), "the erasure's answer", tc.erased)
		})
	}
}

// TestForgotPasswordInTheSiteLanguage: the "Forgot your password?" form
// refuses an empty address in German, and its throttle and the readers'
// request throttle say how long to wait with the language's plurals.
func TestForgotPasswordInTheSiteLanguage(t *testing.T) {
	f := newFixture(t)
	f.setLanguage(t, "de", nil)
	res := send(t, f.server, "POST", "/admin/forgot", url.Values{"email": {""}})
	doc := parse(t, body(t, res))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an empty address: status %d", res.StatusCode)
	}
	wantText(t, doc, byTag("h1"), "the heading", "Passwort vergessen?")
	wantText(t, doc, byClass("form-errors"), "the refusal", "Gib die E-Mail-Adresse deines Mitarbeiterkontos ein.")

	de, ar := &layout{}, &layout{}
	de.setLanguage(f.server, "de")
	ar.setLanguage(f.server, "ar")
	throttled := func(wait time.Duration) error {
		return masthead.PasswordResetThrottled(&masthead.Error{Code: masthead.ERATELIMIT, RetryAfter: wait})
	}
	for wait, want := range map[time.Duration]string{
		time.Second:     "Zu viele Anfragen zum Zurücksetzen des Passworts: Bitte warte 1 Sekunde und versuche es dann noch einmal.",
		3 * time.Minute: "Zu viele Anfragen zum Zurücksetzen des Passworts: Bitte warte 3 Minuten und versuche es dann noch einmal.",
	} {
		if got := de.resetWait(throttled(wait)); got != want {
			t.Errorf("a reset wait of %v: %q, want %q", wait, got, want)
		}
	}
	for hours, want := range map[int]string{
		1:  "وصلت طلبات كثيرة جدًا لهذا العنوان أو من شبكتك: يُرجى المحاولة مجددًا بعد ساعة واحدة.",
		2:  "وصلت طلبات كثيرة جدًا لهذا العنوان أو من شبكتك: يُرجى المحاولة مجددًا بعد ساعتين.",
		5:  "وصلت طلبات كثيرة جدًا لهذا العنوان أو من شبكتك: يُرجى المحاولة مجددًا بعد ٥ ساعات.",
		24: "وصلت طلبات كثيرة جدًا لهذا العنوان أو من شبكتك: يُرجى المحاولة مجددًا بعد ٢٤ ساعة.",
	} {
		err := &masthead.Error{Code: masthead.ERATELIMIT, RetryAfter: time.Duration(hours) * time.Hour}
		if got := ar.privacyWait(err); got != want {
			t.Errorf("a request wait of %d hours: %q, want %q", hours, got, want)
		}
	}
}

// TestImportMessagesInTheLanguage: the sentence a run left by a dead
// node stores is the one its page translates, and a run's progress
// counts its items with the language's plural while the percentage stays
// the second value, even in a form that writes no count.
func TestImportMessagesInTheLanguage(t *testing.T) {
	if importSentences[0] != masthead.ImportInterrupted {
		t.Errorf("importSentences holds %q, and masthead.ImportInterrupted is %q", importSentences[0], masthead.ImportInterrupted)
	}
	ar, _ := i18n.Match("ar")
	for items, want := range map[int]string{
		1:  "قُرئ عنصر واحد، أي ٤٠٪ من الملف.",
		2:  "قُرئ عنصران، أي ٤٠٪ من الملف.",
		7:  "قُرئ ٧ عناصر، أي ٤٠٪ من الملف.",
		12: "قُرئ ١٢ عنصرًا، أي ٤٠٪ من الملف.",
	} {
		if got := ar.N("%d item read, %d%% of the file.", "%d items read, %d%% of the file.", items, 40); got != want {
			t.Errorf("%d items: %q, want %q", items, got, want)
		}
	}
}
