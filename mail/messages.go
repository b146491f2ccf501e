package mail

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"masthead"
)

//go:embed templates
var templateFiles embed.FS

// Each message has a plain-text template NAME.txt and an HTML one
// NAME.html, both given the same data; the HTML one defines "body" inside
// the layout of layout.html.
var (
	textTemplates = texttemplate.Must(texttemplate.New("").ParseFS(templateFiles, "templates/*.txt"))
	htmlTemplates = htmltemplate.Must(htmltemplate.New("").ParseFS(templateFiles, "templates/layout.html"))
)

// messageData is what every template is given.
type messageData struct {
	Lang    string
	Site    string
	SiteURL string
	Name    string
	Link    string
	Role    string
	Inviter string
	Expires string
}

// render renders the text and HTML parts of the named message.
func render(name string, data messageData) (text, html string, err error) {
	var t, h bytes.Buffer
	if err := textTemplates.ExecuteTemplate(&t, name+".txt", data); err != nil {
		return "", "", err
	}
	page, err := htmlTemplates.Clone()
	if err != nil {
		return "", "", err
	}
	if _, err := page.ParseFS(templateFiles, "templates/"+name+".html"); err != nil {
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
	text, html, err := render("password_reset", messageData{Lang: o.Language, Site: o.SiteName, SiteURL: o.BaseURL, Link: link, Expires: "an hour"})
	if err != nil {
		return Draft{}, err
	}
	return Draft{Kind: masthead.MailPasswordReset, Subject: "Set a new password for " + o.SiteName, Text: text, HTML: html, Sensitive: true}, nil
}

// Invitation is the mail that invites a new staff member: the link sets
// their password within masthead.InvitationLifetime. inviter is the
// admin's name, empty from the command line.
func Invitation(o Origin, a *masthead.Author, inviter, link string) (Draft, error) {
	text, html, err := render("invitation", messageData{Lang: o.Language, Site: o.SiteName, SiteURL: o.BaseURL, Name: a.Name, Link: link,
		Role: string(a.Role), Inviter: inviter, Expires: "7 days"})
	if err != nil {
		return Draft{}, err
	}
	return Draft{Kind: masthead.MailInvitation, To: a.Email, ToName: a.Name, Subject: "You are invited to the newsroom of " + o.SiteName,
		Text: text, HTML: html, Sensitive: true}, nil
}

// Test is the admin's test mail, to the admin themself.
func Test(o Origin, a *masthead.Author) (Draft, error) {
	text, html, err := render("test", messageData{Lang: o.Language, Site: o.SiteName, SiteURL: o.BaseURL, Name: a.Name})
	if err != nil {
		return Draft{}, err
	}
	return Draft{Kind: masthead.MailTest, To: a.Email, ToName: a.Name, Subject: "A test email from " + o.SiteName, Text: text, HTML: html}, nil
}
