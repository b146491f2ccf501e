package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"masthead"
)

// adminPrivacyPage is the data of the Privacy page (admins): a look-up by
// email address, what it found, the erasure's confirmation step, and the
// log of erasures.
type adminPrivacyPage struct {
	layout
	Email string
	Error string
	// Found is set once an address was looked up: Comments is how many
	// comments it has, Before its earlier erasures.
	Found    bool
	Comments int
	Before   int
	// Confirm asks the admin to confirm the erasure of Email.
	Confirm   bool
	KeepsText bool
	Notice    string
	Retention masthead.Retention
	// refusal, when set, is why the address cannot be looked up, written
	// as Error in the page's language.
	refusal error

	Erasures   []*masthead.Erasure
	Total      int
	Pagination pagination
	// erased is how many comments the erasure just done changed, for the
	// notice; nil when the page follows none.
	erased *int
}

const erasuresPageSize = 50

// renderAdminPrivacy renders the Privacy page with a page of the log.
func (s *Server) renderAdminPrivacy(w http.ResponseWriter, r *http.Request, status int, page *adminPrivacyPage) {
	lay, err := s.adminLayout(r, "Privacy", "privacy")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.layout = lay
	if page.refusal != nil {
		page.Error = lay.message(page.refusal)
	}
	if page.erased != nil {
		page.Notice = lay.N("The commenter's data was erased from %d comment.", "The commenter's data was erased from %d comments.", *page.erased)
	}
	page.KeepsText, page.Retention = lay.Site.Erasure() == masthead.ErasureKeepText, lay.Site.Retention()
	n, ok := queryPageNumber(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	if page.Erasures, page.Total, err = s.store.FindErasures(r.Context(), masthead.ErasureFilter{Limit: erasuresPageSize, Offset: (n - 1) * erasuresPageSize}); err != nil {
		s.error(w, r, err)
		return
	}
	pages := max(1, (page.Total+erasuresPageSize-1)/erasuresPageSize)
	page.Pagination = pagination{Page: n, TotalPages: pages}
	if n > 1 {
		page.Pagination.Prev = "/admin/privacy?page=" + strconv.Itoa(n-1)
	}
	if n < pages {
		page.Pagination.Next = "/admin/privacy?page=" + strconv.Itoa(n+1)
	}
	s.render(w, r, status, "admin_privacy", page)
}

// handleAdminPrivacy serves "GET /admin/privacy".
func (s *Server) handleAdminPrivacy(w http.ResponseWriter, r *http.Request) {
	page := &adminPrivacyPage{}
	if n, err := strconv.Atoi(r.URL.Query().Get("erased")); err == nil && n >= 0 {
		page.erased = &n
	}
	s.renderAdminPrivacy(w, r, http.StatusOK, page)
}

// lookUp fills page with what the site holds under its address, or with
// the reason it cannot look, and reports whether it found the address
// fit to look up. The address goes in a POST, never in the page's own
// address, so that it stays out of logs and browser histories.
func (s *Server) lookUp(w http.ResponseWriter, r *http.Request, page *adminPrivacyPage) bool {
	email, err := masthead.CommenterEmail(page.Email)
	if masthead.ErrorCode(err) == masthead.EINVALID {
		page.refusal = err
		s.renderAdminPrivacy(w, r, http.StatusUnprocessableEntity, page)
		return false
	}
	ctx := r.Context()
	if page.Comments, err = s.store.CountCommenterComments(ctx, email); err != nil {
		s.error(w, r, err)
		return false
	}
	secret, err := s.secret(ctx)
	if err != nil {
		s.error(w, r, err)
		return false
	}
	if _, page.Before, err = s.store.FindErasures(ctx, masthead.ErasureFilter{AddressKey: masthead.CommenterAddressKey(secret, email), Limit: 1}); err != nil {
		s.error(w, r, err)
		return false
	}
	page.Found = true
	return true
}

// handleAdminPrivacyLookup serves "POST /admin/privacy": how many
// comments an address has, with its download and erase buttons.
func (s *Server) handleAdminPrivacyLookup(w http.ResponseWriter, r *http.Request) {
	page := &adminPrivacyPage{Email: strings.TrimSpace(r.PostFormValue("email"))}
	if s.lookUp(w, r, page) {
		s.renderAdminPrivacy(w, r, http.StatusOK, page)
	}
}

// handleAdminPrivacyExport serves "POST /admin/privacy/export": the
// address's data as a download, JSON or CSV.
func (s *Server) handleAdminPrivacyExport(w http.ResponseWriter, r *http.Request) {
	page := &adminPrivacyPage{Email: strings.TrimSpace(r.PostFormValue("email"))}
	format := r.PostFormValue("format")
	if !validDataFormat(format) {
		page.refusal = masthead.FieldErrorf("format", "Please choose JSON or CSV.")
		s.renderAdminPrivacy(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	data, err := masthead.ExportCommenterData(r.Context(), s.store, page.Email, s.absURL(r, "/"), s.now())
	if masthead.ErrorCode(err) == masthead.EINVALID {
		page.refusal = err
		s.renderAdminPrivacy(w, r, http.StatusUnprocessableEntity, page)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	s.sendCommenterData(w, r, data, format)
}

// handleAdminPrivacyErase serves "POST /admin/privacy/erase": without
// confirm=yes, the confirmation step, which says what will go; with it,
// the erasure, in the site's erasure mode.
func (s *Server) handleAdminPrivacyErase(w http.ResponseWriter, r *http.Request) {
	page := &adminPrivacyPage{Email: strings.TrimSpace(r.PostFormValue("email"))}
	if r.PostFormValue("confirm") != "yes" {
		if s.lookUp(w, r, page) {
			page.Confirm = true
			s.renderAdminPrivacy(w, r, http.StatusOK, page)
		}
		return
	}
	e, err := masthead.EraseCommenter(r.Context(), s.store, page.Email, "", currentUser(r.Context()).ID)
	var me *masthead.Error
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/privacy?erased="+strconv.Itoa(e.Comments), http.StatusSeeOther)
	case errors.As(err, &me) && me.Code == masthead.EINVALID:
		page.refusal = me
		s.renderAdminPrivacy(w, r, http.StatusUnprocessableEntity, page)
	default:
		s.error(w, r, err)
	}
}
