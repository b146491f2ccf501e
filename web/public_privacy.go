package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead"
	"masthead/i18n"
	"masthead/readerdata"
)

// Readers' rights over their data, in public: the privacy page made from
// the settings, the form where a reader asks for their comments or their
// erasure, and the confirmation link that carries it out. The rules are
// in masthead's privacy.go; this file parses, renders and downloads.

// privacyConfirmPath is where confirmation links live. It is mounted
// apart from the public pages, like preview links, so that the page cache
// never sees an address that carries a secret.
const privacyConfirmPath = "/privacy/confirm/"

// sitePolicyPath is where a site keeps its own privacy policy, when it
// wrote one or brought one from WordPress, whose privacy page has this
// address (migration 34 moved a page made at /privacy/ here). The
// generated privacy page shows it, when it is public, above its own text.
const sitePolicyPath = "/privacy-policy/"

// cookieUse is one cookie the server sets, as the privacy page lists it:
// whom it is set for and why, in English (translated where shown), and
// how long it is kept.
type cookieUse struct {
	Name, Who, Purpose string
	Lifetime           time.Duration
}

// cookieRow is a cookie as the page shows it, in its language.
type cookieRow struct {
	Name, Who, Purpose, Lifetime string
}

// cookieUses lists every cookie the server sets; a test reads the code
// for http.Cookie values and fails when one is missing here.
var cookieUses = []cookieUse{
	{sessionCookie, i18n.Key("Staff who sign in"), i18n.Key("Keeps a staff member signed in to the newsroom."), sessionLifetime},
	{regularCookie, i18n.Key("Readers whose comment was accepted"),
		i18n.Key("A random key of this browser, whose hash is stored with the comments it posts, so that a regular commenter's next comment need not wait for a moderator."), regularCookieAge},
	{commenterCookie, i18n.Key("Readers who tick \"Save my name, email, and website\""),
		i18n.Key("Fills in the comment form with the name, email address and website typed last."), commenterCookieAge},
	{pendingCookie, i18n.Key("Readers whose comment awaits moderation"),
		i18n.Key("Lists, signed, the reader's comments waiting for a moderator, so that they see them under the article."), pendingCookieAge},
	{addressCookie, i18n.Key("Readers who confirm follow-up comments by email"),
		i18n.Key("Proves, signed and without naming it, that this browser followed a link mailed to the reader's address, so that their next comment under it need not wait for a moderator."), addressCookieAge},
}

// cookieRows are the cookie table in the page's language.
func (lay *layout) cookieRows() []cookieRow {
	out := make([]cookieRow, len(cookieUses))
	for i, c := range cookieUses {
		out[i] = cookieRow{Name: c.Name, Who: lay.T(c.Who), Purpose: lay.T(c.Purpose), Lifetime: lay.lifetime(c.Lifetime)}
	}
	return out
}

// lifetime writes a cookie's lifetime in words: in years when it is
// whole years, else in days.
func (lay *layout) lifetime(d time.Duration) string {
	n := int(d / (24 * time.Hour))
	if n%365 == 0 {
		return lay.N("%d year", "%d years", n/365)
	}
	return lay.N("%d day", "%d days", n)
}

// privacyPage is the data of the privacy page.
type privacyPage struct {
	layout
	// Policy is the site's own privacy policy page, or nil.
	Policy *articleView
	// Retention is what the settings keep, and for how long.
	Retention masthead.Retention
	// KeepsText says that an erasure keeps the comments' text under
	// "Anonymous" rather than removing it.
	KeepsText bool
	Cookies   []cookieRow
}

// handlePrivacy serves "GET /privacy/": what the site stores about
// readers and commenters and for how long, from the settings as they
// are, below the site's own policy when it has one. It is rendered for
// every request rather than cached, since a policy page published later
// announces only its own key.
func (s *Server) handlePrivacy(w http.ResponseWriter, r *http.Request) {
	lay, err := s.layout(r, "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay.setTitle(lay.T("Privacy"))
	lay.Description = lay.T("What %s stores about its readers and commenters, for how long, and how to get your data or have it erased.", lay.Site.Title)
	page := &privacyPage{layout: lay, Retention: lay.Site.Retention(), KeepsText: lay.Site.Erasure() == masthead.ErasureKeepText,
		Cookies: lay.cookieRows()}
	if p, err := s.store.FindPageByPath(r.Context(), sitePolicyPath); err == nil && p.VisibleAt(s.now()) {
		view := views([]*masthead.Article{p}, lay.Loc)[0]
		page.Policy = &view
	} else if err != nil && masthead.ErrorCode(err) != masthead.ENOTFOUND {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "privacy", page)
}

// privacyRequestPage is the data of the form where a reader asks for
// their data or its erasure.
type privacyRequestPage struct {
	layout
	Email string
	Kind  string
	// Errors holds a message for a field ("email", "kind").
	Errors map[string]string
	// Message is a sentence about the whole request: the throttle, or
	// that the site cannot send the link.
	Message string
	// Sent says that the request was taken and its link sent.
	Sent bool
	// refusal is why the request was refused, which the page writes in
	// its language at a field or as Message.
	refusal error
}

// renderPrivacyRequest renders the request form.
func (s *Server) renderPrivacyRequest(w http.ResponseWriter, r *http.Request, status int, page *privacyRequestPage) {
	lay, err := s.layout(r, "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay.setTitle(lay.T("Your data"))
	lay.NoIndex = true
	page.layout = lay
	if page.Errors == nil {
		page.Errors = map[string]string{}
	}
	var e *masthead.Error
	if page.refusal != nil {
		if errors.As(page.refusal, &e) && e.Code == masthead.EINVALID && e.Field != "" {
			page.Errors[e.Field] = lay.message(e)
		} else {
			page.Message = lay.privacyWait(page.refusal)
		}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "privacy_request", page)
}

// handlePrivacyRequestForm serves "GET /privacy/request/", with the
// erasure chosen when asked for by ?kind=erase.
func (s *Server) handlePrivacyRequestForm(w http.ResponseWriter, r *http.Request) {
	kind := string(masthead.PrivacyExport)
	if r.URL.Query().Get("kind") == string(masthead.PrivacyErase) {
		kind = string(masthead.PrivacyErase)
	}
	s.renderPrivacyRequest(w, r, http.StatusOK, &privacyRequestPage{Kind: kind, Sent: r.URL.Query().Has("sent")})
}

// handlePrivacyRequest serves "POST /privacy/request/": a request made
// and its link handed to the LinkSender. Every address gets the same
// answer, whether or not it has commented here.
func (s *Server) handlePrivacyRequest(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.refuseUnreadableForm(w, r, err)
		return
	}
	page := &privacyRequestPage{Email: strings.TrimSpace(r.PostFormValue("email")), Kind: r.PostFormValue("kind"), Errors: map[string]string{}}
	err := masthead.RequestPrivacy(r.Context(), s.store, s.privacyLinks, masthead.PrivacyRequestKind(page.Kind), page.Email,
		s.clientNetwork(r), func(token string) string { return s.absURL(r, privacyConfirmPath+token) }, s.now())
	var e *masthead.Error
	switch {
	case err == nil:
		http.Redirect(w, r, "/privacy/request/?sent", http.StatusSeeOther)
		return
	case !errors.As(err, &e) || e.Code == masthead.EINTERNAL:
		s.error(w, r, err)
		return
	default:
		page.refusal = e
	}
	setRetryAfter(w, err)
	status, ok := statusOf[e.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	s.renderPrivacyRequest(w, r, status, page)
}

// privacyConfirmPage is the data of a confirmation link's page: the
// button that carries the request out, or what it did.
type privacyConfirmPage struct {
	layout
	Kind  string
	Token string
	// Comments is how many comments the request concerns.
	Comments int
	// KeepsText says that an erasure keeps the comments' text.
	KeepsText bool
}

// setConfirmHeaders keeps a confirmation page, whose address is a secret,
// out of every cache, index and Referer.
func setConfirmHeaders(w http.ResponseWriter) { setPreviewHeaders(w) }

// handlePrivacyConfirm serves "GET /privacy/confirm/{token}": what the
// link will do, and the button that does it. Following the link does
// nothing by itself, since mail programs and scanners follow links.
func (s *Server) handlePrivacyConfirm(w http.ResponseWriter, r *http.Request) {
	setConfirmHeaders(w)
	ctx := masthead.WithPrimary(r.Context())
	r = r.WithContext(ctx)
	req, err := masthead.FindPrivacyRequest(ctx, s.store, r.PathValue("token"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	n, err := s.store.CountCommenterComments(ctx, req.Email)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay, err := s.layout(r, "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay.setTitle(lay.T("Confirm your request"))
	lay.NoIndex = true
	s.render(w, r, http.StatusOK, "privacy_confirm", &privacyConfirmPage{layout: lay, Kind: string(req.Kind), Token: r.PathValue("token"),
		Comments: n, KeepsText: lay.Site.Erasure() == masthead.ErasureKeepText})
}

// handlePrivacyConfirmed serves "POST /privacy/confirm/{token}": the
// export as a download, or the erasure, after which the reader is sent
// to a page that says how many comments it changed. The link works once.
func (s *Server) handlePrivacyConfirmed(w http.ResponseWriter, r *http.Request) {
	setConfirmHeaders(w)
	ctx := masthead.WithPrimary(r.Context())
	r = r.WithContext(ctx)
	token := r.PathValue("token")
	req, err := masthead.FindPrivacyRequest(ctx, s.store, token)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if req.Kind == masthead.PrivacyErase {
		e, err := masthead.ConfirmPrivacyErasure(ctx, s.store, token)
		if err != nil {
			s.error(w, r, err)
			return
		}
		http.Redirect(w, r, "/privacy/erased/?"+url.Values{"comments": {strconv.Itoa(e.Comments)}}.Encode(), http.StatusSeeOther)
		return
	}
	format := r.PostFormValue("format")
	if !validDataFormat(format) {
		s.error(w, r, masthead.FieldErrorf("format", "Please choose JSON or CSV."))
		return
	}
	data, err := masthead.ConfirmPrivacyExport(ctx, s.store, token, s.absURL(r, "/"), s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.sendCommenterData(w, r, data, format)
}

// privacyErasedPage is the data of the page an erasure ends on.
type privacyErasedPage struct {
	layout
	Comments int
}

// handlePrivacyErased serves "GET /privacy/erased/": the end of an
// erasure, with the number of comments it changed.
func (s *Server) handlePrivacyErased(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("comments"))
	if err != nil || n < 0 {
		n = 0
	}
	lay, err := s.layout(r, "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay.setTitle(lay.T("Your data was erased"))
	lay.NoIndex = true
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, http.StatusOK, "privacy_erased", &privacyErasedPage{layout: lay, Comments: n})
}

// validDataFormat reports whether a commenter's data can be written in
// format.
func validDataFormat(format string) bool { return format == "json" || format == "csv" }

// sendCommenterData answers with a commenter's data as a file to keep.
func (s *Server) sendCommenterData(w http.ResponseWriter, r *http.Request, data *masthead.CommenterData, format string) {
	write, typ := readerdata.WriteJSON, "application/json; charset=utf-8"
	if format == "csv" {
		write, typ = readerdata.WriteCSV, "text/csv; charset=utf-8"
	}
	var buf strings.Builder
	if err := write(&buf, data); err != nil {
		s.error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="comments-%s.%s"`, data.ExportedAt.Format("2006-01-02"), format))
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(buf.String()))
}

// noMail is the LinkSender of a site that cannot send email yet: it
// refuses every link with one sentence, the same for every address.
type noMail struct{}

// SendPrivacyLink refuses: there is no mail to send the link with.
func (noMail) SendPrivacyLink(context.Context, string, masthead.PrivacyRequestKind, string) error {
	return masthead.Errorf(masthead.EUNAVAILABLE, "This site cannot send email yet, so please contact the newsroom to get your data or have it erased.")
}
