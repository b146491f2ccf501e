package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"masthead"
	"masthead/i18n"
)

// settingsPage is the data of the site settings page.
type settingsPage struct {
	layout
	Values map[string]string
	Errors map[string]string
	Done   bool
	// Images are the library's images a branding setting may name;
	// Themes the built-in looks, and FixedTheme the --theme that wins
	// over the setting, if any.
	Images     []*masthead.Media
	Themes     []string
	FixedTheme bool
	// PasswordSet says whether an SMTP password is stored: the page never
	// shows it, only offers to replace or clear it. MailFlags says that
	// --smtp-* flags win over these settings; MailReady whether mail can
	// be sent now, for the test button.
	PasswordSet bool
	MailFlags   bool
	MailReady   bool
	// PasswordAgain says that the last save changed the SMTP server or
	// user without a password, so the stored one was removed and must be
	// typed again (masthead.Site.ForgetMovedSMTPPassword).
	PasswordAgain bool
	// Languages are the languages with a catalog, each named in itself;
	// OtherLanguage is the setting when it is none of them exactly (a
	// region, such as en-GB, or a language without a catalog), so that
	// the list keeps it.
	Languages     []i18n.Language
	OtherLanguage string
}

// settingsImageLimit bounds the images offered for the logo, icon and
// social image: the newest, and whichever the settings name.
const settingsImageLimit = 200

// ImageChoice is one option of an image setting's list.
type ImageChoice struct {
	ID       string
	Label    string
	Selected bool
}

// ImageChoices lists the options of the image setting name: none, then
// the library's images, the chosen one selected.
func (p *settingsPage) ImageChoices(name string) []ImageChoice {
	current := p.Values[name]
	out := []ImageChoice{{ID: "0", Label: p.T("None"), Selected: current == "" || current == "0"}}
	for _, m := range p.Images {
		id := strconv.FormatInt(m.ID, 10)
		label := fmt.Sprintf("%s (%d × %d)", cmp.Or(m.AltText, m.OriginalName, m.Name), m.Width, m.Height)
		out = append(out, ImageChoice{ID: id, Label: label, Selected: id == current})
	}
	return out
}

// imageSetting is one image setting's list in the form.
type imageSetting struct {
	Name, Label, Error string
	Choices            []ImageChoice
}

// ImageSetting returns an image setting's list with its message.
func (p *settingsPage) ImageSetting(name, label string) imageSetting {
	return imageSetting{Name: name, Label: label, Error: p.Errors[name], Choices: p.ImageChoices(name)}
}

// fillChoices loads what the settings form offers to choose from.
func (s *Server) fillChoices(ctx context.Context, p *settingsPage) error {
	images, _, err := s.store.FindMedia(ctx, masthead.MediaFilter{Limit: settingsImageLimit})
	if err != nil {
		return err
	}
	for _, name := range masthead.BrandImageSettings {
		id, err := strconv.ParseInt(p.Values[name], 10, 64)
		if err != nil || id == 0 || slices.ContainsFunc(images, func(m *masthead.Media) bool { return m.ID == id }) {
			continue
		}
		if m, err := s.store.FindMediaByID(ctx, id); err == nil {
			images = append(images, m)
		}
	}
	p.Images, p.Themes, p.FixedTheme = images, masthead.Themes, s.fixedTheme != nil
	p.MailFlags = s.mailFlags.Any()
	p.Languages, p.OtherLanguage = i18n.Names(), p.Values["language"]
	for _, l := range p.Languages {
		if l.Tag == p.OtherLanguage {
			p.OtherLanguage = ""
		}
	}
	return nil
}

// fillMail says what the form shows of the stored SMTP password and
// whether mail can be sent, from site as stored.
func (s *Server) fillMail(p *settingsPage, site *masthead.Site) {
	p.PasswordSet, p.MailReady = site.SMTPPassword != "", s.mailSettings(site).Configured()
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
	page := &settingsPage{layout: lay, Values: values, Errors: map[string]string{}, Done: r.URL.Query().Has("done"),
		PasswordAgain: r.URL.Query().Get("password") == "again"}
	stored, err := s.store.FindSite(r.Context()) // the layout's copy may be cached; the password is read as stored
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.fillMail(page, stored)
	if err := s.fillChoices(r.Context(), page); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_settings", page)
}

// handleSettings serves "POST /admin/settings".
func (s *Server) handleSettings(w http.ResponseWriter, r *http.Request) {
	site, err := s.store.FindSite(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	before := *site
	lay, err := s.adminLayout(r, "Settings", "settings")
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
			errs[name] = lay.message(err)
		}
	}
	// The SMTP password is written, never shown: left empty it stays as
	// it is, unless the box to clear it is ticked.
	passwordWas := site.SMTPPassword
	pw := r.PostFormValue("smtp_password")
	if pw != "" {
		site.SMTPPassword = masthead.Secret(pw)
	} else if r.PostFormValue("smtp_password_clear") != "" {
		site.SMTPPassword = ""
	}
	// A new server or user needs the password typed again.
	cleared := site.ForgetMovedSMTPPassword(&before, pw != "")
	if len(errs) == 0 {
		err := s.store.UpdateSite(r.Context(), site)
		var e *masthead.Error
		switch {
		case err == nil:
			s.invalidate()
			done := "/admin/settings?done"
			if cleared {
				done += "&password=again"
			}
			http.Redirect(w, r, done, http.StatusSeeOther)
			return
		case errors.As(err, &e) && e.Code == masthead.EINVALID:
			errs[e.Field] = lay.message(e)
		default:
			s.error(w, r, err)
			return
		}
	}
	page := &settingsPage{layout: lay, Values: values, Errors: errs}
	site.SMTPPassword = passwordWas // nothing was saved
	s.fillMail(page, site)
	if err := s.fillChoices(r.Context(), page); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "admin_settings", page)
}
