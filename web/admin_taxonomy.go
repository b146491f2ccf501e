package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"masthead"
	"masthead/i18n"
)

// taxonomyPage is the data of the sections and tags page (editors).
type taxonomyPage struct {
	layout
	Sections []*masthead.Category
	Tags     []*masthead.Tag
	TagTotal int
	New      struct{ Name, Slug, Description string }
	Errors   map[string]string
	Notice   string
}

func (s *Server) renderTaxonomy(w http.ResponseWriter, r *http.Request, status int, page *taxonomyPage) {
	lay, err := s.adminLayout(r, i18n.Key("Sections and tags"), "taxonomy")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.layout = lay
	if page.Sections, err = s.store.FindCategories(r.Context(), 500); err != nil {
		s.error(w, r, err)
		return
	}
	if page.Tags, page.TagTotal, err = s.store.FindTags(r.Context(), masthead.TagFilter{Limit: 500}); err != nil {
		s.error(w, r, err)
		return
	}
	if page.Errors == nil {
		page.Errors = map[string]string{}
	}
	s.render(w, r, status, "admin_taxonomy", page)
}

// handleTaxonomy serves "GET /admin/sections".
func (s *Server) handleTaxonomy(w http.ResponseWriter, r *http.Request) {
	s.renderTaxonomy(w, r, http.StatusOK, &taxonomyPage{Notice: r.URL.Query().Get("notice")})
}

// handleSaveSection serves "POST /admin/sections" (a new section) and
// "POST /admin/sections/{id}" (a changed one).
func (s *Server) handleSaveSection(w http.ResponseWriter, r *http.Request) {
	c := &masthead.Category{Name: strings.TrimSpace(r.PostFormValue("name")), Slug: strings.TrimSpace(r.PostFormValue("slug")),
		Description: strings.TrimSpace(r.PostFormValue("description"))}
	if c.Slug == "" {
		c.Slug = masthead.Slugify(c.Name)
	}
	var err error
	if idText := r.PathValue("id"); idText != "" {
		if c.ID, err = strconv.ParseInt(idText, 10, 64); err != nil {
			s.handleNotFound(w, r)
			return
		}
		err = s.store.UpdateCategory(r.Context(), c)
	} else {
		err = s.store.CreateCategory(r.Context(), c)
	}
	s.afterTermSave(w, r, err, "section", c.Name, func(p *taxonomyPage) {
		p.New.Name, p.New.Slug, p.New.Description = c.Name, r.PostFormValue("slug"), c.Description
	})
}

// handleSaveTag serves "POST /admin/tags/{id}": a renamed tag.
func (s *Server) handleSaveTag(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.handleNotFound(w, r)
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	tag := &masthead.Tag{ID: id, Name: name, Slug: masthead.Slugify(name)}
	s.afterTermSave(w, r, s.store.UpdateTag(r.Context(), tag), "tag", name, nil)
}

// afterTermSave redirects after a good save, and shows the page with the
// message after a refused one.
func (s *Server) afterTermSave(w http.ResponseWriter, r *http.Request, err error, kind, name string, keep func(*taxonomyPage)) {
	var e *masthead.Error
	switch {
	case err == nil:
		s.invalidate()
		notice := s.staffLocale(r).T("The section “%s” was saved.", name)
		if kind == "tag" {
			notice = s.staffLocale(r).T("The tag “%s” was saved.", name)
		}
		http.Redirect(w, r, "/admin/sections?"+url.Values{"notice": {notice}}.Encode(), http.StatusSeeOther)
	case errors.As(err, &e) && (e.Code == masthead.EINVALID || e.Code == masthead.ECONFLICT):
		page := &taxonomyPage{Errors: map[string]string{kind: s.staffMessage(r, e)}}
		if keep != nil {
			keep(page)
		}
		s.renderTaxonomy(w, r, http.StatusUnprocessableEntity, page)
	default:
		s.error(w, r, err)
	}
}
