package mail

import (
	"bytes"
	"embed"
	"fmt"
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

// FollowUpConfirm is the mail that asks a reader to confirm "Notify me of
// follow-up comments by email" for the article headline: the link opens
// the page that confirms it.
func FollowUpConfirm(o Origin, to, headline, link string) (Draft, error) {
	text, html, err := render("followup_confirm", messageData{Lang: o.Language, Site: o.SiteName, SiteURL: o.BaseURL, Article: headline, Link: link})
	if err != nil {
		return Draft{}, err
	}
	return Draft{Kind: masthead.MailFollowUpConfirm, To: to, Subject: "Confirm follow-up comments on " + o.SiteName,
		Text: text, HTML: html, Sensitive: true}, nil
}

// FollowUp is the mail that tells a subscriber of a new comment by name on
// the article headline, with the comment's opening (excerpt), a link to
// it and the subscription's one-click unsubscribe address (RFC 8058):
// List-Unsubscribe names only that address, since the site reads no mail
// that a mailto: address could take.
func FollowUp(o Origin, to, name, headline, excerpt, link, unsubscribe string) (Draft, error) {
	text, html, err := render("followup", messageData{Lang: o.Language, Site: o.SiteName, SiteURL: o.BaseURL, Name: name, Article: headline,
		Excerpt: excerpt, Link: link, Unsubscribe: unsubscribe})
	if err != nil {
		return Draft{}, err
	}
	return Draft{Kind: masthead.MailFollowUp, To: to, Subject: "New comment on " + headline, Text: text, HTML: html,
		Headers: []masthead.MailHeader{
			{Name: "List-Unsubscribe", Value: "<" + unsubscribe + ">"},
			{Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click"},
		}}, nil
}

// HeldDigest is the mail that lists newly held comments for an editor or
// admin, with a link to the moderation queue.
func HeldDigest(o Origin, a *masthead.Author, held []HeldItem, queue string) (Draft, error) {
	text, html, err := render("held_digest", messageData{Lang: o.Language, Site: o.SiteName, SiteURL: o.BaseURL, Name: a.Name, Held: held, Link: queue})
	if err != nil {
		return Draft{}, err
	}
	subject := fmt.Sprintf("%d comments wait for moderation on %s", len(held), o.SiteName)
	if len(held) == 1 {
		subject = "A comment waits for moderation on " + o.SiteName
	}
	return Draft{Kind: masthead.MailHeldDigest, To: a.Email, ToName: a.Name, Subject: subject, Text: text, HTML: html}, nil
}

// PrivacyLink is the mail that carries the confirmation link of a
// reader's request of kind for their data or its erasure.
func PrivacyLink(o Origin, to string, kind masthead.PrivacyRequestKind, link string) (Draft, error) {
	text, html, err := render("privacy_link", messageData{Lang: o.Language, Site: o.SiteName, SiteURL: o.BaseURL, Role: string(kind), Link: link})
	if err != nil {
		return Draft{}, err
	}
	subject := "Your comments on " + o.SiteName
	if kind == masthead.PrivacyErase {
		subject = "Erase your comments on " + o.SiteName
	}
	return Draft{Kind: masthead.MailPrivacyLink, To: to, Subject: subject, Text: text, HTML: html, Sensitive: true}, nil
}
