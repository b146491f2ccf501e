package web

import (
	"net/http"
	"strings"

	"masthead"
	"masthead/i18n"
	"masthead/mail"
	"masthead/password"
)

// Password resets, invitations' links and the admin's test email.

// mailSettings returns the settings mail is sent with: the server's
// --smtp-* flags over the site's settings.
func (s *Server) mailSettings(site *masthead.Site) mail.Settings {
	return s.mailFlags.Over(mail.FromSite(site))
}

// mailOrigin is what the site's messages say of where they come from,
// with links to the address the site answers at.
func (s *Server) mailOrigin(r *http.Request, site *masthead.Site) mail.Origin {
	o := mail.OriginOf(site, s.base(r))
	o.Sender = s.mailSettings(site).From // a --mail-from flag wins
	return o
}

// resetSentence is the one answer "Forgot your password?" gives, whether
// or not the address is a staff member's, so that nobody can use the form
// to learn who is staff.
var resetSentence = i18n.Key("If that address belongs to a staff account, a link to set a new password is on its way to it. The link works for an hour.")

// forgotPage is the data of the "Forgot your password?" page.
type forgotPage struct {
	layout
	Email   string
	Message string
	Sent    bool
	// NoMail says that the site cannot send mail, so that nobody waits
	// for one.
	NoMail bool
	// say writes Message in the page's language, once its layout is
	// known.
	say func(lay *layout) string
}

func (s *Server) renderForgot(w http.ResponseWriter, r *http.Request, status int, page *forgotPage) {
	lay, err := s.adminLayout(r, "Forgot your password?", "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.layout = lay
	if page.say != nil {
		page.Message = page.say(&lay)
	}
	page.NoMail = !s.mailSettings(lay.Site).Configured()
	s.render(w, r, status, "admin_forgot", page)
}

// handleForgotForm serves "GET /admin/forgot".
func (s *Server) handleForgotForm(w http.ResponseWriter, r *http.Request) {
	s.renderForgot(w, r, http.StatusOK, &forgotPage{})
}

// handleForgot serves "POST /admin/forgot": an email in, the same sentence
// out whatever it names. The request is counted under the reset throttle
// and the mail composed before anything is looked up, and the store does
// the same one write for every address (RequestPasswordReset), so that
// neither the answer nor its timing tells whether the address is staff's;
// the mail itself goes out from the outbox, after the answer.
func (s *Server) handleForgot(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.refuseUnreadableForm(w, r, err)
		return
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	page := &forgotPage{Email: email}
	attempt, err := masthead.PasswordResetAttempt(email, s.clientNetwork(r))
	if err != nil || email == "" {
		page.Email = ""
		page.say = func(lay *layout) string {
			if err != nil {
				return lay.message(err)
			}
			return lay.T("Type the email address of your staff account.")
		}
		s.renderForgot(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	site, err := s.site(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	token, tok, err := masthead.NewAccountToken(masthead.TokenPasswordReset, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	var msg *masthead.OutboxMessage
	if s.mailSettings(site).Configured() {
		origin := s.mailOrigin(r, site)
		draft, err := mail.PasswordReset(origin, mail.SetPasswordLink(origin, token))
		if err == nil {
			draft.To = email // replaced by the account's own address, if there is one
			msg, err = mail.Compose(origin, draft, s.now())
		}
		if err != nil && masthead.ErrorCode(err) != masthead.EINVALID {
			s.error(w, r, err)
			return
		}
		// An address mail cannot go to is no staff member's either: the
		// request is still counted, and answered alike.
	}
	err = s.store.RequestPasswordReset(r.Context(), masthead.PasswordResetRequest{
		Attempt: attempt, Policy: masthead.PasswordResetPolicy, Email: email, Token: tok, Mail: msg})
	if masthead.ErrorCode(err) == masthead.ERATELIMIT {
		err = masthead.PasswordResetThrottled(err)
		setRetryAfter(w, err)
		page.say = func(lay *layout) string { return lay.resetWait(err) }
		s.renderForgot(w, r, http.StatusTooManyRequests, page)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	page.Sent = true
	page.say = func(lay *layout) string { return lay.T(resetSentence) }
	s.renderForgot(w, r, http.StatusOK, page)
}

// setPasswordPage is the data of the page a set-password link opens.
type setPasswordPage struct {
	layout
	Token  string
	Kind   masthead.AccountTokenKind
	Author *masthead.Author
	Errors map[string]string
	// refuse, when set, writes the form's errors in the page's language
	// once its layout is known.
	refuse func(lay *layout)
}

// Heading names the page after what the link is for.
func (p *setPasswordPage) Heading() string {
	// Before the layout is made these are English, which adminLayout
	// translates as the page's title.
	if p.Kind == masthead.TokenInvitation {
		return p.T("Choose your password")
	}
	return p.T("Set a new password")
}

// accountToken finds the link's token, or answers the request itself: a
// link that does not work says so, 404, with a way to ask for a new one.
func (s *Server) accountToken(w http.ResponseWriter, r *http.Request, token string) (*masthead.AccountToken, *masthead.Author, bool) {
	if token != "" {
		tok, a, err := s.store.FindAccountToken(r.Context(), masthead.HashToken(token))
		if err == nil {
			return tok, a, true
		}
		if masthead.ErrorCode(err) != masthead.ENOTFOUND {
			s.error(w, r, err)
			return nil, nil, false
		}
	}
	lay, err := s.adminLayout(r, "This link does not work", "")
	if err != nil {
		s.error(w, r, err)
		return nil, nil, false
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, http.StatusNotFound, "admin_set_password", &setPasswordPage{layout: lay})
	return nil, nil, false
}

func (s *Server) renderSetPassword(w http.ResponseWriter, r *http.Request, status int, page *setPasswordPage) {
	lay, err := s.adminLayout(r, page.Heading(), "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.layout = lay
	if page.refuse != nil {
		page.refuse(&lay)
	}
	// The address carries the token: it must not leave in a Referer.
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, status, "admin_set_password", page)
}

// handleSetPasswordForm serves "GET /admin/set-password?token=...": the
// page a reset or invitation link opens.
func (s *Server) handleSetPasswordForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	tok, a, ok := s.accountToken(w, r, token)
	if !ok {
		return
	}
	s.renderSetPassword(w, r, http.StatusOK, &setPasswordPage{Token: token, Kind: tok.Kind, Author: a, Errors: map[string]string{}})
}

// handleSetPassword serves "POST /admin/set-password": the token and a
// new password, twice. The password goes through password.Check; the
// link is used up, every session of the account ends, and this browser
// is signed in with a new one.
func (s *Server) handleSetPassword(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.refuseUnreadableForm(w, r, err)
		return
	}
	token := r.PostFormValue("token")
	tok, a, ok := s.accountToken(w, r, token)
	if !ok {
		return
	}
	page := &setPasswordPage{Token: token, Kind: tok.Kind, Author: a, Errors: map[string]string{}}
	pw := r.PostFormValue("password")
	if err := password.Check(pw); err != nil {
		page.refuse = func(lay *layout) { page.Errors["password"] = lay.message(err) }
	} else if pw != r.PostFormValue("password2") {
		page.refuse = func(lay *layout) { page.Errors["password2"] = lay.T("The two passwords are not the same.") }
	}
	if page.refuse != nil {
		s.renderSetPassword(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	hash, err := password.Hash(pw)
	if err != nil {
		s.error(w, r, err)
		return
	}
	user, err := s.store.UseAccountToken(r.Context(), masthead.HashToken(token), hash)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND {
		s.accountToken(w, r, "") // used by a request sent at the same moment
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.startSession(w, r, user); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/", http.StatusSeeOther)
}

// handleTestEmail serves "POST /admin/settings/test-email" (admins): a
// test mail to the admin's own address, through the outbox like any
// other.
func (s *Server) handleTestEmail(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(ctx)
	site, err := s.store.FindSite(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !s.mailSettings(site).Configured() {
		s.error(w, r, masthead.Errorf(masthead.ECONFLICT, "Mail is not set up yet: give the SMTP server and the sender address, save the settings, and try again."))
		return
	}
	origin := s.mailOrigin(r, site)
	draft, err := mail.Test(origin, u)
	if err != nil {
		s.error(w, r, err)
		return
	}
	msg, err := mail.Compose(origin, draft, s.now())
	if err == nil {
		err = s.store.QueueMail(ctx, msg)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	localRedirect(w, r, "/admin/outbox?notice=test", http.StatusSeeOther)
}
