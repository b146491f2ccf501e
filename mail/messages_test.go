package mail_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"masthead"
	"masthead/i18n"
	mmail "masthead/mail"
)

// rootAttrs returns the lang and dir attributes of an HTML part's root.
func rootAttrs(t *testing.T, part string) (lang, dir string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(part))
	if err != nil {
		t.Fatal(err)
	}
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.Data == "html" {
			for _, a := range n.Attr {
				switch a.Key {
				case "lang":
					lang = a.Val
				case "dir":
					dir = a.Val
				}
			}
			return lang, dir
		}
	}
	t.Fatal("the HTML part has no root element")
	return "", ""
}

// TestPasswordResetInTheSitesLanguage renders a password reset for a site
// in German and one in Arabic: subject and both parts are in the site's
// language, the HTML part's root says its language and direction, and
// the message's Content-Language is the site's.
func TestPasswordResetInTheSitesLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang, dir       string
		subject, phrase string
	}{
		{"de", "ltr", "Neues Passwort für Der Hafenbote festlegen", "Um ein neues Passwort zu wählen, öffne diesen Link innerhalb einer Stunde:"},
		{"ar", "rtl", "تعيين كلمة مرور جديدة لـ Der Hafenbote", "لاختيار كلمة مرور جديدة، افتح هذا الرابط خلال ساعة:"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			o := mmail.Origin{SiteName: "Der Hafenbote", Language: tc.lang, BaseURL: "https://hafenbote.example", Sender: "news@hafenbote.example"}
			link := mmail.SetPasswordLink(o, "abc")
			d, err := mmail.PasswordReset(o, link)
			if err != nil {
				t.Fatal(err)
			}
			if d.Subject != tc.subject {
				t.Errorf("subject %q, want %q", d.Subject, tc.subject)
			}
			for part, body := range map[string]string{"text": d.Text, "HTML": d.HTML} {
				if !strings.Contains(body, tc.phrase) || !strings.Contains(body, link) {
					t.Errorf("the %s part lacks %q or the link:\n%s", part, tc.phrase, body)
				}
				if strings.Contains(body, "If you did not ask for this") {
					t.Errorf("the %s part is still in English:\n%s", part, body)
				}
			}
			if lang, dir := rootAttrs(t, d.HTML); lang != tc.lang || dir != tc.dir {
				t.Errorf("<html lang=%q dir=%q>, want lang=%q dir=%q", lang, dir, tc.lang, tc.dir)
			}
			d.To = "eda@hafenbote.example"
			m, err := mmail.Compose(o, d, epoch)
			if err != nil {
				t.Fatal(err)
			}
			if m.Language != tc.lang || m.Kind != masthead.MailPasswordReset || !m.Sensitive {
				t.Errorf("composed: language %q, kind %s, sensitive %v", m.Language, m.Kind, m.Sensitive)
			}
		})
	}
}

// TestInvitationCountsDaysInTheLanguage writes the invitation's "7 days"
// with the language's plural and the role in the language.
func TestInvitationCountsDaysInTheLanguage(t *testing.T) {
	o := mmail.Origin{SiteName: "Der Hafenbote", Language: "de", BaseURL: "https://hafenbote.example"}
	d, err := mmail.Invitation(o, &masthead.Author{Name: "Nia", Email: "nia@hafenbote.example", Role: masthead.RoleEditor}, "Ada", "https://hafenbote.example/x")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"innerhalb von 7 Tagen:", "Ada hat dich in die Redaktion von Der Hafenbote eingeladen, als Redakteur.", "Hallo Nia,"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("the text lacks %q:\n%s", want, d.Text)
		}
	}
}

// TestHeldDigestInTheSitesLanguage: a German site's digest gives each
// held comment's stored reason in German, as the moderation queue does.
func TestHeldDigestInTheSitesLanguage(t *testing.T) {
	o := mmail.Origin{SiteName: "Der Hafenbote", Language: "de", BaseURL: "https://hafenbote.example", Sender: "news@hafenbote.example"}
	held := []mmail.HeldItem{{Name: "Cora", Article: "Die Fähre", Excerpt: "Billige Uhren.",
		Reason: "Held because it has 3 links, and the limit is 2."}}
	d, err := mmail.HeldDigest(o, &masthead.Author{Name: "Eda Editor", Email: "eda@hafenbote.example"}, held, "https://hafenbote.example/admin/comments?status=pending")
	if err != nil {
		t.Fatal(err)
	}
	de, _ := i18n.Match("de")
	want := de.T("Held because it has %d links, and the limit is %d.", 3, 2)
	if want == "Held because it has 3 links, and the limit is 2." {
		t.Fatal("the German catalog does not translate the reason")
	}
	for part, body := range map[string]string{"text": d.Text, "HTML": d.HTML} {
		if !strings.Contains(body, want) || strings.Contains(body, "Held because") {
			t.Errorf("the %s part does not give the reason in German (%q):\n%s", part, want, body)
		}
	}
	if held[0].Reason != "Held because it has 3 links, and the limit is 2." {
		t.Error("the digest changed the caller's items")
	}
}
