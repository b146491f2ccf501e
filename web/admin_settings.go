package web

import (
	"errors"
	"net/http"
	"strings"

	"masthead"
)

// settingsPage is the data of the site settings page.
type settingsPage struct {
	layout
	Values map[string]string
	Errors map[string]string
	Done   bool
}

// settingField is one field of the settings form.
type settingField struct{ Name, Label, Type, Value, Error string }

// Field returns one setting's field with its value and message.
func (p *settingsPage) Field(name, label, typ string) settingField {
	return settingField{Name: name, Label: label, Type: typ, Value: p.Values[name], Error: p.Errors[name]}
}

// handleSettingsForm serves "GET /admin/settings" (admins).
func (s *Server) handleSettingsForm(w http.ResponseWriter, r *http.Request) {
	lay, err := s.adminLayout(r, "Settings", "settings")
	if err != nil {
		s.error(w, r, err)
		return
	}
	values := map[string]string{}
	for _, name := range masthead.SettingNames {
		values[name], _ = lay.Site.Get(name)
	}
	s.render(w, r, http.StatusOK, "admin_settings", &settingsPage{layout: lay, Values: values, Errors: map[string]string{}, Done: r.URL.Query().Has("done")})
}

// handleSettings serves "POST /admin/settings".
func (s *Server) handleSettings(w http.ResponseWriter, r *http.Request) {
	site, err := s.store.FindSite(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	values, errs := map[string]string{}, map[string]string{}
	for _, name := range masthead.SettingNames {
		v := strings.ReplaceAll(r.PostFormValue(name), "\r\n", "\n")
		if !strings.HasSuffix(name, "_words") {
			v = strings.TrimSpace(v)
		}
		values[name] = v
		if err := site.Set(name, v); err != nil {
			errs[name] = masthead.ErrorMessage(err)
		}
	}
	if len(errs) == 0 {
		err := s.store.UpdateSite(r.Context(), site)
		var e *masthead.Error
		switch {
		case err == nil:
			s.invalidate()
			http.Redirect(w, r, "/admin/settings?done", http.StatusSeeOther)
			return
		case errors.As(err, &e) && e.Code == masthead.EINVALID:
			errs[e.Field] = e.Message
		default:
			s.error(w, r, err)
			return
		}
	}
	lay, err := s.adminLayout(r, "Settings", "settings")
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "admin_settings", &settingsPage{layout: lay, Values: values, Errors: errs})
}
