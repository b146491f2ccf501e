package mail

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"io/fs"
	"strings"
	texttemplate "text/template"

	"masthead"
	"masthead/i18n"
	"masthead/moderation"
)

//go:embed templates
var templateFiles embed.FS

// TemplateFiles are the mail templates, for the test that holds them to
// the catalogs as it holds the web's.
func TemplateFiles() fs.FS {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		panic(err) // embedded: cannot fail
	}
	return sub
}

// Each message has a plain-text template NAME.txt and an HTML one
// NAME.html, both given the same data; the HTML one defines "body" inside
// the layout of layout.html. They write every sentence through t and tn,
// keyed by the English, which the site's language translates from the
// same catalogs as the web's (package i18n); the functions given at parse
// time stand in for those of the locale each message is rendered in.
var (
	parseFuncs    = map[string]any{"t": i18n.Default().T, "tn": i18n.Default().N}
	textTemplates = texttemplate.Must(texttemplate.New("").Funcs(parseFuncs).ParseFS(templateFiles, "templates/*.txt"))
	htmlLayout    = htmltemplate.Must(htmltemplate.New("").Funcs(parseFuncs).ParseFS(templateFiles, "templates/layout.html"))
)

// messageData is what every template is given.
type messageData struct {
	// Lang and Dir are the language and the writing direction of the
	// HTML part's root.
	Lang, Dir string
	Site      string
	SiteURL   string
	AdminURL  string
	Name      string
	Link      string
	Role      string
	Inviter   string
	// Days is how many days a link works, for the sentences that say it.
	Days int
	// Article is an article's headline, Excerpt a comment's opening and
	// Unsubscribe the address that ends a subscription.
	Article     string
	Excerpt     string
	Unsubscribe string
	// Held lists the comments of a held-comment digest.
	Held []HeldItem
}

// HeldItem is one comment of a held-comment digest.
type HeldItem struct {
	Name, Article, Excerpt, Reason string
}

// locale returns the locale messages of o are written in, and the data
// every template is given.
func (o Origin) locale() (*i18n.Locale, messageData) {
	loc, _ := i18n.Match(o.Language)
	lang := strings.TrimSpace(o.Language)
	if lang == "" {
		lang = loc.Language()
	}
	return loc, messageData{Lang: lang, Dir: loc.Dir(), Site: masthead.OneLine(o.SiteName), SiteURL: o.BaseURL, AdminURL: o.Link("/admin/")}
}

// render renders the text and HTML parts of the named message in loc.
func render(name string, loc *i18n.Locale, data messageData) (text, html string, err error) {
	funcs := map[string]any{"t": loc.T, "tn": loc.N}
	var t, h bytes.Buffer
	texts, err := textTemplates.Clone()
	if err != nil {
		return "", "", err
	}
	if err := texts.Funcs(funcs).ExecuteTemplate(&t, name+".txt", data); err != nil {
		return "", "", err
	}
	page, err := htmlLayout.Clone()
	if err != nil {
		return "", "", err
	}
	if _, err := page.Funcs(funcs).ParseFS(templateFiles, "templates/"+name+".html"); err != nil {
		return "", "", err
	}
	if err := page.ExecuteTemplate(&h, "layout.html", data); err != nil {
		return "", "", err
	}
	return strings.TrimSpace(t.String()) + "\n", h.String(), nil
}

// PasswordReset is the mail that answers "Forgot your password?": the link
// sets a new password within masthead.PasswordResetLifetime. Its To is
// left for the store, which knows the account (masthead.PasswordResetRequest).
func PasswordReset(o Origin, link string) (Draft, error) {
	loc, data := o.locale()
	data.Link = link
	text, html, err := render("password_reset", loc, data)
	if err != nil {
		return Draft{}, err
	}
	return Draft{Kind: masthead.MailPasswordReset, Subject: loc.T("Set a new password for %s", data.Site), Text: text, HTML: html, Sensitive: true}, nil
}

// Invitation is the mail that invites a new staff member: the link sets
// their password within masthead.InvitationLifetime. inviter is the
// admin's name, empty from the command line.
func Invitation(o Origin, a *masthead.Author, inviter, link string) (Draft, error) {
	loc, data := o.locale()
	data.Name, data.Link, data.Inviter = a.Name, link, inviter
	data.Role = loc.T(string(a.Role)) // the role names are messages of the catalogs
	data.Days = int(masthead.InvitationLifetime.Hours() / 24)
	text, html, err := render("invitation", loc, data)
	if err != nil {
		return Draft{}, err
	}
	return Draft{Kind: masthead.MailInvitation, To: a.Email, ToName: a.Name, Subject: loc.T("You are invited to the newsroom of %s", data.Site),
		Text: text, HTML: html, Sensitive: true}, nil
}

// Test is the admin's test mail, to the admin themself.
func Test(o Origin, a *masthead.Author) (Draft, error) {
	loc, data := o.locale()
	data.Name = a.Name
	text, html, err := render("test", loc, data)
	if err != nil {
		return Draft{}, err
	}
	return Draft{Kind: masthead.MailTest, To: a.Email, ToName: a.Name, Subject: loc.T("A test email from %s", data.Site), Text: text, HTML: html}, nil
}

// FollowUpConfirm is the mail that asks a reader to confirm "Notify me of
// follow-up comments by email" for the article headline: the link opens
// the page that confirms it.
func FollowUpConfirm(o Origin, to, headline, link string) (Draft, error) {
	loc, data := o.locale()
	data.Article, data.Link = masthead.OneLine(headline), link
	text, html, err := render("followup_confirm", loc, data)
	if err != nil {
		return Draft{}, err
	}
	return Draft{Kind: masthead.MailFollowUpConfirm, To: to, Subject: loc.T("Confirm follow-up comments on %s", data.Site),
		Text: text, HTML: html, Sensitive: true}, nil
}

// FollowUp is the mail that tells a subscriber of a new comment by name on
// the article headline, with the comment's opening (excerpt), a link to
// it and the subscription's one-click unsubscribe address (RFC 8058):
// List-Unsubscribe names only that address, since the site reads no mail
// that a mailto: address could take.
func FollowUp(o Origin, to, name, headline, excerpt, link, unsubscribe string) (Draft, error) {
	loc, data := o.locale()
	data.Name, data.Article, data.Excerpt, data.Link, data.Unsubscribe = masthead.OneLine(name), masthead.OneLine(headline), excerpt, link, unsubscribe
	text, html, err := render("followup", loc, data)
	if err != nil {
		return Draft{}, err
	}
	return Draft{Kind: masthead.MailFollowUp, To: to, Subject: loc.T("New comment on %s", data.Article), Text: text, HTML: html,
		Headers: []masthead.MailHeader{
			{Name: "List-Unsubscribe", Value: "<" + unsubscribe + ">"},
			{Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click"},
		}}, nil
}

// HeldDigest is the mail that lists newly held comments for an editor or
// admin, with a link to the moderation queue.
func HeldDigest(o Origin, a *masthead.Author, held []HeldItem, queue string) (Draft, error) {
	loc, data := o.locale()
	data.Name, data.Link = masthead.OneLine(a.Name), queue
	// Each reason is stored as moderation wrote it, in English; the
	// digest gives it in the site's language, as the queue does.
	data.Held = make([]HeldItem, len(held))
	for i, h := range held {
		h.Reason = moderation.Reason(loc, h.Reason)
		data.Held[i] = h
	}
	text, html, err := render("held_digest", loc, data)
	if err != nil {
		return Draft{}, err
	}
	subject := loc.N("%d comment waits for moderation on %s", "%d comments wait for moderation on %s", len(held), data.Site)
	return Draft{Kind: masthead.MailHeldDigest, To: a.Email, ToName: a.Name, Subject: subject, Text: text, HTML: html}, nil
}

// PrivacyLink is the mail that carries the confirmation link of a
// reader's request of kind for their data or its erasure.
func PrivacyLink(o Origin, to string, kind masthead.PrivacyRequestKind, link string) (Draft, error) {
	loc, data := o.locale()
	data.Role, data.Link = string(kind), link
	text, html, err := render("privacy_link", loc, data)
	if err != nil {
		return Draft{}, err
	}
	subject := loc.T("Your comments on %s", data.Site)
	if kind == masthead.PrivacyErase {
		subject = loc.T("Erase your comments on %s", data.Site)
	}
	return Draft{Kind: masthead.MailPrivacyLink, To: to, Subject: subject, Text: text, HTML: html, Sensitive: true}, nil
}
