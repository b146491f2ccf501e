package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"masthead"
	"masthead/i18n"
	"masthead/password"
)

// Staff sessions, sign-in and set-up.
const (
	sessionCookie   = "masthead_session"
	sessionLifetime = 30 * 24 * time.Hour
	// setupTokenLifetime is how long a set-up link printed by serve works.
	setupTokenLifetime = 24 * time.Hour
)

type userKey struct{}

// currentUser returns the signed-in staff member, or nil.
func currentUser(ctx context.Context) *masthead.Author {
	u, _ := ctx.Value(userKey{}).(*masthead.Author)
	return u
}

// noStore keeps admin pages out of every cache.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// withSession puts the signed-in staff member, if any, in the context.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			_, user, err := s.store.FindSession(r.Context(), masthead.HashToken(c.Value))
			switch masthead.ErrorCode(err) {
			case "":
				r = r.WithContext(context.WithValue(masthead.WithPrimary(r.Context()), userKey{}, user))
			case masthead.ENOTFOUND:
			default:
				s.error(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// requireUser sends anonymous requests to the sign-in page.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if currentUser(r.Context()) == nil {
			target := "/admin/login"
			if r.Method == http.MethodGet && r.URL.Path != "/admin/" {
				target += "?" + url.Values{"next": {r.URL.RequestURI()}}.Encode()
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireCan lets through only staff whose role grants the action.
func (s *Server) requireCan(a masthead.Action, next http.Handler) http.Handler {
	return s.requireUser(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !masthead.Can(currentUser(r.Context()).Role, a) {
			s.error(w, r, masthead.Errorf(masthead.EFORBIDDEN, "Your role does not allow this."))
			return
		}
		next.ServeHTTP(w, r)
	}))
}

// adminNav is the admin's navigation, shown in place of the sections.
type adminNav struct {
	User    *masthead.Author
	Pending int // held comments, for the badge; -1 when the role cannot moderate
	Current string
}

// adminLayout builds the layout of an admin page.
func (s *Server) adminLayout(r *http.Request, title, current string) (layout, error) {
	lay, err := s.layout(r, title)
	if err != nil {
		return layout{}, err
	}
	lay.NoIndex = true
	lay.Feeds, lay.Breaking = nil, nil
	user := currentUser(r.Context())
	nav := &adminNav{User: user, Pending: -1, Current: current}
	if user != nil && masthead.Can(user.Role, masthead.ActModerateComments) {
		if _, nav.Pending, err = s.store.FindComments(r.Context(), masthead.CommentFilter{Status: masthead.CommentPending, Limit: 1}); err != nil {
			return layout{}, err
		}
	}
	lay.Admin = nav
	if user != nil && user.Language != "" {
		// The staff member's own language, over the site's.
		lay.setLanguage(s, user.Language)
	}
	if title != "" {
		lay.setTitle(lay.T(title))
	}
	return lay, nil
}

// loginPage is the data of the sign-in page.
type loginPage struct {
	layout
	Email, Next, Message string
}

// handleLoginForm serves "GET /admin/login".
func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	if currentUser(r.Context()) != nil {
		http.Redirect(w, r, "/admin/", http.StatusSeeOther)
		return
	}
	lay, err := s.adminLayout(r, "Sign in", "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_login", &loginPage{layout: lay, Next: safeNext(r.URL.Query().Get("next"))})
}

// safeNext accepts only a path on this site as a place to return to.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/admin/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/admin/"
	}
	return next
}

// handleLogin serves "POST /admin/login": email and password in, a new
// session out. The attempt is reserved with the throttle before the
// password is checked (masthead.SignInPolicy), so that concurrent guesses
// get no more checks than the policy allows; a throttled attempt is
// answered at once, without the cost of a check.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.refuseUnreadableForm(w, r, err)
		return
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	pw := r.PostFormValue("password")
	page := &loginPage{Email: email, Next: safeNext(r.PostFormValue("next"))}
	// fail answers with the form again and a sentence, which say gives
	// in the page's language.
	fail := func(status int, say func(lay *layout) string) {
		lay, err := s.adminLayout(r, "Sign in", "")
		if err != nil {
			s.error(w, r, err)
			return
		}
		page.layout, page.Message = lay, say(&lay)
		s.render(w, r, status, "admin_login", page)
	}
	account, err := masthead.SignInAccount(email)
	if err != nil {
		// What is too long to be an email is neither counted nor shown
		// again.
		page.Email = ""
		fail(http.StatusUnprocessableEntity, func(lay *layout) string { return lay.message(err) })
		return
	}
	attempt := masthead.SignInAttempt{Account: account, Network: s.clientNetwork(r)}
	if err := s.store.ReserveSignIn(ctx, attempt, s.signInPolicy); masthead.ErrorCode(err) == masthead.ERATELIMIT {
		setRetryAfter(w, err)
		fail(http.StatusTooManyRequests, func(lay *layout) string { return lay.signInWait(err) })
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	user, hash, err := s.store.FindAuthorByEmail(ctx, email)
	if err != nil && masthead.ErrorCode(err) != masthead.ENOTFOUND {
		s.error(w, r, err)
		return
	}
	// Checked on every path, an unknown email and an account without a
	// password too, so that timing tells nothing of who is staff.
	if !s.verifyPassword(pw, hash) || user == nil {
		fail(http.StatusUnprocessableEntity, func(lay *layout) string { return lay.T("The email address or the password is not right.") })
		return
	}
	if user.Disabled() {
		// Said only to someone who knows the password: to anyone else a
		// disabled account looks like every wrong guess.
		fail(http.StatusForbidden, func(lay *layout) string {
			return lay.T("This account has been disabled. An admin of the site can enable it again.")
		})
		return
	}
	if err := s.store.ClearSignIns(ctx, attempt); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.startSession(w, r, user); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, page.Next, http.StatusSeeOther)
}

// refuseUnreadableForm answers a sign-in, set-up or password form whose
// body could not be read, with one sentence: 413 when it is larger than
// the server accepts, else 400. Nothing of it is counted or stored.
func (s *Server) refuseUnreadableForm(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusBadRequest, i18n.Key("The form could not be read, so please send it again.")
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		status, msg = http.StatusRequestEntityTooLarge, i18n.Key("The form is larger than this server accepts, so please shorten what you typed and send it again.")
	}
	lay, lerr := s.layout(r, "")
	if lerr != nil {
		lay = s.plainLayout(r, masthead.DefaultSite(), "")
	}
	heading := lay.T(statusHeading(status))
	lay.setTitle(heading)
	lay.NoIndex = true
	s.render(w, r, status, "error", &errorPage{layout: lay, Status: status, Heading: heading, Message: lay.T(msg)})
}

// startSession signs a staff member in with a brand-new session token, so
// that a token planted before sign-in is worth nothing after it.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, user *masthead.Author) error {
	if old, err := r.Cookie(sessionCookie); err == nil {
		s.store.DeleteSession(r.Context(), masthead.HashToken(old.Value))
	}
	token, hash, err := masthead.NewLinkToken()
	if err != nil {
		return err
	}
	now := s.now()
	if err := s.store.CreateSession(r.Context(), &masthead.Session{TokenHash: hash, AuthorID: user.ID,
		CreatedAt: now, ExpiresAt: now.Add(sessionLifetime), IP: s.clientNetwork(r)}); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", MaxAge: int(sessionLifetime.Seconds()),
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	return nil
}

// handleLogout serves "POST /admin/logout".
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.store.DeleteSession(r.Context(), masthead.HashToken(c.Value)); err != nil {
			s.error(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
}

// NewSetupToken returns a fresh token for the first-admin set-up page
// ("/admin/setup?token=..."): random, stored only as a hash, good for one
// use within a day and only while the site has no active admin. serve
// prints one at start on a site without an admin.
func (s *Server) NewSetupToken(ctx context.Context) (string, error) {
	token, hash, err := masthead.NewLinkToken()
	if err != nil {
		return "", err
	}
	if err := s.store.CreateSetupToken(ctx, hash, s.now().Add(setupTokenLifetime)); err != nil {
		return "", err
	}
	return token, nil
}

// setupPage is the data of the first-admin page.
type setupPage struct {
	layout
	Token, Name, Email string
	Errors             map[string]string
}

// checkSetup reports whether set-up is open with the token; it answers
// the request itself, with a 404, when not.
func (s *Server) checkSetup(w http.ResponseWriter, r *http.Request, token string) bool {
	if token == "" {
		s.handleNotFound(w, r)
		return false
	}
	if err := s.store.CheckSetupToken(r.Context(), masthead.HashToken(token)); masthead.ErrorCode(err) == masthead.ENOTFOUND {
		s.handleNotFound(w, r)
		return false
	} else if err != nil {
		s.error(w, r, err)
		return false
	}
	return true
}

// handleSetupForm serves "GET /admin/setup?token=...": the form that
// creates the first admin of a fresh site.
func (s *Server) handleSetupForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if !s.checkSetup(w, r, token) {
		return
	}
	lay, err := s.adminLayout(r, "Create the first admin", "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_setup", &setupPage{layout: lay, Token: token, Errors: map[string]string{}})
}

// handleSetup serves "POST /admin/setup". The token is used up in the
// transaction that creates the admin, so that it makes one admin at most.
func (s *Server) handleSetup(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.refuseUnreadableForm(w, r, err)
		return
	}
	token := r.PostFormValue("token")
	if !s.checkSetup(w, r, token) {
		return
	}
	lay, err := s.adminLayout(r, "Create the first admin", "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &setupPage{layout: lay, Token: token, Name: strings.TrimSpace(r.PostFormValue("name")), Email: strings.TrimSpace(r.PostFormValue("email")),
		Errors: map[string]string{}}
	pw := r.PostFormValue("password")
	if err := password.Check(pw); err != nil {
		page.Errors["password"] = lay.message(err)
	} else if pw != r.PostFormValue("password2") {
		page.Errors["password2"] = lay.T("The two passwords are not the same.")
	}
	admin := &masthead.Author{Name: page.Name, Slug: masthead.Slugify(page.Name), Email: page.Email, Role: masthead.RoleAdmin}
	if err := admin.ValidateStaff(); err != nil && !staffFormError(&lay, page.Errors, err) {
		s.error(w, r, err)
		return
	}
	if len(page.Email) > masthead.MaxEmailBytes {
		page.Email = "" // refused above, and too long to show again
	}
	if len(page.Errors) == 0 {
		hash, err := password.Hash(pw)
		if err != nil {
			s.error(w, r, err)
			return
		}
		err = s.store.CreateFirstAdmin(r.Context(), masthead.HashToken(token), admin, hash)
		if masthead.ErrorCode(err) == masthead.ENOTFOUND {
			// Used or expired since the check above, by a request sent at
			// the same moment.
			s.handleNotFound(w, r)
			return
		}
		if err != nil && !staffFormError(&lay, page.Errors, err) {
			s.error(w, r, err)
			return
		}
	}
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "admin_setup", page)
		return
	}
	if err := s.startSession(w, r, admin); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/", http.StatusSeeOther)
}

// passwordPage is the data of the password page.
type passwordPage struct {
	layout
	Errors map[string]string
	Done   bool
}

// handlePasswordForm serves "GET /admin/password".
func (s *Server) handlePasswordForm(w http.ResponseWriter, r *http.Request) {
	lay, err := s.adminLayout(r, "Change password", "password")
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_password", &passwordPage{layout: lay, Errors: map[string]string{}, Done: r.URL.Query().Has("done")})
}

// handlePasswordChange serves "POST /admin/password": the current password
// and a new one, twice. Other sessions of the account end. A wrong current
// password is counted as a failed sign-in, reserved before the check, so
// that a stolen session cannot guess the password faster than the sign-in
// form allows.
func (s *Server) handlePasswordChange(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	user := currentUser(ctx)
	if err := r.ParseForm(); err != nil {
		s.refuseUnreadableForm(w, r, err)
		return
	}
	lay, err := s.adminLayout(r, "Change password", "password")
	if err != nil {
		s.error(w, r, err)
		return
	}
	errs := map[string]string{}
	status := http.StatusUnprocessableEntity
	account, err := masthead.SignInAccount(user.Email)
	if err != nil {
		s.error(w, r, err)
		return
	}
	attempt := masthead.SignInAttempt{Account: account, Network: s.clientNetwork(r)}
	if err := s.store.ReserveSignIn(ctx, attempt, s.signInPolicy); masthead.ErrorCode(err) == masthead.ERATELIMIT {
		setRetryAfter(w, err)
		errs["current"], status = lay.signInWait(err), http.StatusTooManyRequests
	} else if err != nil {
		s.error(w, r, err)
		return
	} else {
		_, hash, err := s.store.FindAuthorByEmail(ctx, user.Email)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if !s.verifyPassword(r.PostFormValue("current"), hash) {
			errs["current"] = lay.T("That is not your current password.")
		} else if err := s.store.ClearSignIns(ctx, attempt); err != nil {
			s.error(w, r, err)
			return
		}
	}
	next := r.PostFormValue("new")
	if err := password.Check(next); err != nil {
		errs["new"] = lay.message(err)
	} else if next != r.PostFormValue("new2") {
		errs["new2"] = lay.T("The two new passwords are not the same.")
	}
	if len(errs) > 0 {
		s.render(w, r, status, "admin_password", &passwordPage{layout: lay, Errors: errs})
		return
	}
	newHash, err := password.Hash(next)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.store.SetPassword(ctx, user.ID, newHash); err != nil {
		s.error(w, r, err)
		return
	}
	c, _ := r.Cookie(sessionCookie)
	if err := s.store.DeleteSessionsOf(ctx, user.ID, masthead.HashToken(c.Value)); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/password?done", http.StatusSeeOther)
}
