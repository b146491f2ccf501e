package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead"
	"masthead/i18n"
	"masthead/mail"
	"masthead/password"
)

// staffPage is the data of the staff page (admins).
type staffPage struct {
	layout
	Staff  []*masthead.Author
	Roles  []masthead.Role
	Form   struct{ Name, Email, Role string }
	Errors map[string]string
	Notice string
	// Invitations are the accounts waiting for their first password.
	Invitations []*masthead.Invitation
	// NoMail says that the site cannot send mail, so that invitations
	// show their link (Link, once, for InvitedName) instead.
	NoMail      bool
	Link        string
	InvitedName string
	// Now is when the page is made, against which links expire.
	Now time.Time
	// notice names the sentence of staffNotices to show, about the staff
	// member noticeID.
	notice   string
	noticeID int64
}

// staffNotices are the sentences a redirect to the staff page may ask it
// to show, by name (?notice=added&id=7): each is about the staff member
// the id names, whose name and role the page reads from the accounts it
// lists, so that the address carries no text to show.
var staffNotices = map[string]string{
	"added":    i18n.Key("%s can now sign in as %s."),
	"role":     i18n.Key("%s is now %s."),
	"invited":  i18n.Key("An invitation is on its way to %s; the link in it works for 7 days."),
	"revoked":  i18n.Key("The invitation of %s was revoked, and the account disabled."),
	"disabled": i18n.Key("%s can no longer sign in; their articles and author page stay."),
	"enabled":  i18n.Key("%s can sign in again."),
	"password": i18n.Key("%s has a new password."),
}

// staffNoticeURL is the staff page showing the notice named about a.
func staffNoticeURL(notice string, a *masthead.Author) string {
	return "/admin/staff?" + url.Values{"notice": {notice}, "id": {strconv.FormatInt(a.ID, 10)}}.Encode()
}

// showNotice writes the page's notice in its language, once the staff
// it lists are loaded.
func (p *staffPage) showNotice() {
	key, ok := staffNotices[p.notice]
	if !ok {
		return
	}
	for _, a := range p.Staff {
		if a.ID != p.noticeID {
			continue
		}
		if strings.Count(key, "%s") == 2 {
			p.Notice = p.T(key, a.Name, roleName(p.tr(), a.Role))
		} else {
			p.Notice = p.T(key, a.Name)
		}
	}
}

var allRoles = []masthead.Role{masthead.RoleContributor, masthead.RoleAuthor, masthead.RoleEditor, masthead.RoleAdmin}

// staffLayout is the staff page's layout.
func (s *Server) staffLayout(r *http.Request) (layout, error) {
	return s.adminLayout(r, "Staff", "staff")
}

// renderStaff renders the staff page, in page's layout when the handler
// built it already (to write its messages in the page's language).
func (s *Server) renderStaff(w http.ResponseWriter, r *http.Request, status int, page *staffPage) {
	if page.Admin == nil {
		lay, err := s.staffLayout(r)
		if err != nil {
			s.error(w, r, err)
			return
		}
		page.layout = lay
	}
	page.Roles = allRoles
	var err error
	if page.Staff, _, err = s.store.FindAuthors(r.Context(), masthead.AuthorFilter{Limit: 500}); err != nil {
		s.error(w, r, err)
		return
	}
	if page.Invitations, err = s.store.FindInvitations(r.Context()); err != nil {
		s.error(w, r, err)
		return
	}
	page.NoMail, page.Now = !s.mailSettings(page.Site).Configured(), s.now()
	page.showNotice()
	if page.Errors == nil {
		page.Errors = map[string]string{}
	}
	s.render(w, r, status, "admin_staff", page)
}

// handleStaff serves "GET /admin/staff": every staff account, and a form to
// add one.
func (s *Server) handleStaff(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := &staffPage{notice: q.Get("notice")}
	page.noticeID, _ = strconv.ParseInt(q.Get("id"), 10, 64)
	page.Form.Role = string(masthead.RoleAuthor)
	s.renderStaff(w, r, http.StatusOK, page)
}

// handleAddStaff serves "POST /admin/staff": name, email and role, and
// either a first password, which the admin tells the new staff member, or
// none, which invites them (mail.Invite): a mail with a link to choose
// their password, or, on a site that cannot send mail, the link shown
// here once.
func (s *Server) handleAddStaff(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lay, err := s.staffLayout(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &staffPage{layout: lay, Errors: map[string]string{}}
	page.Form.Name, page.Form.Email, page.Form.Role = strings.TrimSpace(r.PostFormValue("name")), strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("role")
	a := &masthead.Author{Name: page.Form.Name, Slug: masthead.Slugify(page.Form.Name), Email: page.Form.Email, Role: masthead.Role(page.Form.Role)}
	pw := r.PostFormValue("password")
	if pw != "" {
		if err := password.Check(pw); err != nil {
			page.Errors["password"] = lay.message(err)
		}
	}
	if err := masthead.CheckInvite(currentUser(ctx), a.Role); err != nil && !staffFormError(&lay, page.Errors, err) {
		s.error(w, r, err)
		return
	}
	if err := a.ValidateStaff(); err != nil && !staffFormError(&lay, page.Errors, err) {
		s.error(w, r, err)
		return
	}
	if len(page.Errors) > 0 {
		s.renderStaff(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	if pw == "" {
		s.sendInvitation(w, r, a, false)
		return
	}
	hash, err := password.Hash(pw)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.store.CreateStaff(ctx, a, hash); err != nil {
		if !staffFormError(&lay, page.Errors, err) {
			s.error(w, r, err)
			return
		}
		s.renderStaff(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	http.Redirect(w, r, staffNoticeURL("added", a), http.StatusSeeOther)
}

// sendInvitation invites a (again, when again) and answers: with a
// redirect when the mail is queued, or, on a site that cannot send mail,
// with the staff page showing the link once, which is never put in an
// address that logs and histories keep.
func (s *Server) sendInvitation(w http.ResponseWriter, r *http.Request, a *masthead.Author, again bool) {
	ctx := r.Context()
	site, err := s.store.FindSite(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	invite := mail.Invite
	if again {
		invite = mail.InviteAgain
	}
	link, mailed, err := invite(ctx, s.store, s.mailOrigin(r, site), s.mailSettings(site).Configured(), currentUser(ctx), a, s.now())
	if err != nil {
		lay, lerr := s.staffLayout(r)
		if lerr != nil {
			s.error(w, r, lerr)
			return
		}
		page := &staffPage{layout: lay, Errors: map[string]string{}}
		page.Form.Name, page.Form.Email, page.Form.Role = a.Name, a.Email, string(a.Role)
		if again || !staffFormError(&lay, page.Errors, err) {
			s.error(w, r, err)
			return
		}
		s.renderStaff(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	if mailed {
		http.Redirect(w, r, staffNoticeURL("invited", a), http.StatusSeeOther)
		return
	}
	page := &staffPage{Link: link, InvitedName: a.Name}
	page.Form.Role = string(masthead.RoleAuthor)
	s.renderStaff(w, r, http.StatusOK, page)
}

// handleInviteAgain serves "POST /admin/staff/{id}/invite": a pending
// invitation goes out again with a new link, which replaces the old one.
func (s *Server) handleInviteAgain(w http.ResponseWriter, r *http.Request) {
	a, ok := s.staffMember(w, r)
	if !ok {
		return
	}
	s.sendInvitation(w, r, a, true)
}

// handleRevokeInvitation serves "POST /admin/staff/{id}/revoke": the
// invitation's link stops working and the account, which never had a
// password, is disabled.
func (s *Server) handleRevokeInvitation(w http.ResponseWriter, r *http.Request) {
	a, ok := s.staffMember(w, r)
	if !ok {
		return
	}
	if err := masthead.CheckInvite(currentUser(r.Context()), a.Role); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.store.RevokeInvitation(r.Context(), a.ID); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, staffNoticeURL("revoked", a), http.StatusSeeOther)
}

// staffFormError puts an error from checking or storing a new staff account
// at its form field, unless that field already has one, and reports
// whether the error belongs to the form. The slug is made from the name, so
// its errors show at the name; a taken slug or email shows at the email.
func staffFormError(lay *layout, errs map[string]string, err error) bool {
	var e *masthead.Error
	if !errors.As(err, &e) {
		return false
	}
	field := e.Field
	switch {
	case e.Code == masthead.ECONFLICT:
		field = "email"
	case e.Code != masthead.EINVALID || field == "":
		return false
	case field == "slug":
		field = "name"
	}
	if _, ok := errs[field]; !ok {
		errs[field] = lay.message(e)
	}
	return true
}

// staffMember finds the staff member named by the path's {id}, or answers
// the request itself.
func (s *Server) staffMember(w http.ResponseWriter, r *http.Request) (*masthead.Author, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.handleNotFound(w, r)
		return nil, false
	}
	a, err := s.store.FindAuthorByID(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	return a, true
}

// handleDisableStaff serves "POST /admin/staff/{id}/disable": the account
// can no longer sign in and its open sessions end at once, while its
// bylines, articles and author page stay.
func (s *Server) handleDisableStaff(w http.ResponseWriter, r *http.Request) {
	a, ok := s.staffMember(w, r)
	if !ok {
		return
	}
	if err := masthead.CheckDisableStaff(currentUser(r.Context()), a); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.store.DisableStaff(r.Context(), a.ID); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, staffNoticeURL("disabled", a), http.StatusSeeOther)
}

// handleEnableStaff serves "POST /admin/staff/{id}/enable": a disabled
// account may sign in again, with the password it had.
func (s *Server) handleEnableStaff(w http.ResponseWriter, r *http.Request) {
	a, ok := s.staffMember(w, r)
	if !ok {
		return
	}
	if err := s.store.EnableStaff(r.Context(), a.ID); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, staffNoticeURL("enabled", a), http.StatusSeeOther)
}

// handleStaffRole serves "POST /admin/staff/{id}/role": a new role for a
// staff member. The last admin keeps theirs, so the site is never without.
func (s *Server) handleStaffRole(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.handleNotFound(w, r)
		return
	}
	a, err := s.store.FindAuthorByID(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	role := masthead.Role(r.PostFormValue("role"))
	if !role.Valid() {
		s.error(w, r, masthead.Errorf(masthead.EINVALID, "Choose a role."))
		return
	}
	// The store refuses to demote the last active admin.
	a.Role = role
	if err := s.store.UpdateAuthor(ctx, a); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, staffNoticeURL("role", a), http.StatusSeeOther)
}

// profilePage is the data of a staff member's own profile page.
type profilePage struct {
	layout
	Name, Slug, Bio string
	AvatarID        int64
	Images          []*masthead.Media
	// Language is the staff member's own language for the newsroom's
	// pages, "" for the site's; Languages are those to choose from.
	Language  string
	Languages []i18n.Language
	Errors    map[string]string
	Done      bool
}

// handleProfileForm serves "GET /admin/profile": one's public name, address
// and bio, as the author page and bylines show them.
func (s *Server) handleProfileForm(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r.Context())
	lay, err := s.adminLayout(r, "Profile", "profile")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &profilePage{layout: lay, Name: u.Name, Slug: u.Slug, Bio: u.Bio, Language: u.Language, Languages: i18n.Names(),
		Errors: map[string]string{}, Done: r.URL.Query().Has("done")}
	if u.Avatar != nil {
		page.AvatarID = u.Avatar.ID
	}
	if page.Images, _, err = s.store.FindMedia(r.Context(), masthead.MediaFilter{Limit: 100}); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_profile", page)
}

// handleProfile serves "POST /admin/profile".
func (s *Server) handleProfile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := s.store.FindAuthorByID(ctx, currentUser(ctx).ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &profilePage{Name: strings.TrimSpace(r.PostFormValue("name")), Slug: strings.TrimSpace(r.PostFormValue("slug")),
		Bio: strings.TrimSpace(r.PostFormValue("bio")), Language: strings.TrimSpace(r.PostFormValue("language")),
		Languages: i18n.Names(), Errors: map[string]string{}}
	page.AvatarID, _ = strconv.ParseInt(r.PostFormValue("avatar"), 10, 64)
	u.Name, u.Slug, u.Bio, u.Avatar, u.Language = page.Name, page.Slug, page.Bio, nil, page.Language
	if page.AvatarID != 0 {
		if u.Avatar, err = s.store.FindMediaByID(ctx, page.AvatarID); err != nil && masthead.ErrorCode(err) != masthead.ENOTFOUND {
			s.error(w, r, err)
			return
		}
	}
	if u.Slug == "" {
		u.Slug = masthead.Slugify(u.Name)
	}
	err = u.Validate()
	if err == nil {
		err = s.store.UpdateAuthor(ctx, u)
	}
	var e *masthead.Error
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/profile?done", http.StatusSeeOther)
		return
	case errors.As(err, &e) && (e.Code == masthead.ECONFLICT || e.Code == masthead.EINVALID):
	default:
		s.error(w, r, err)
		return
	}
	lay, lerr := s.adminLayout(r, "Profile", "profile")
	if lerr != nil {
		s.error(w, r, lerr)
		return
	}
	page.layout = lay
	if e.Code == masthead.ECONFLICT {
		page.Errors["slug"] = lay.T("Another staff member already has that address.")
	} else {
		page.Errors[e.Field] = lay.message(e)
	}
	if page.Images, _, err = s.store.FindMedia(ctx, masthead.MediaFilter{Limit: 100}); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "admin_profile", page)
}

// handleStaffPassword serves "POST /admin/staff/{id}/password": an admin
// sets a new password for a staff member who lost theirs, which signs them
// out everywhere.
func (s *Server) handleStaffPassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.handleNotFound(w, r)
		return
	}
	a, err := s.store.FindAuthorByID(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	pw := r.PostFormValue("password")
	if err := password.Check(pw); err != nil {
		lay, lerr := s.staffLayout(r)
		if lerr != nil {
			s.error(w, r, lerr)
			return
		}
		page := &staffPage{layout: lay, Errors: map[string]string{"reset": lay.T("The password of %s was not changed: %s", a.Name, lay.message(err))}}
		page.Form.Role = string(masthead.RoleAuthor)
		s.renderStaff(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	if a.Email == "" {
		s.error(w, r, masthead.Errorf(masthead.EINVALID, "%s has no email address to sign in with.", a.Name))
		return
	}
	hash, err := password.Hash(pw)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.store.SetPassword(ctx, a.ID, hash); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.store.DeleteSessionsOf(ctx, a.ID, ""); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, staffNoticeURL("password", a), http.StatusSeeOther)
}
