package web

import (
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"masthead"
	"masthead/i18n"
	"masthead/media"
)

// mediaPage is the data of the media library.
type mediaPage struct {
	layout
	Items      []mediaItem
	Total      int
	Query      string
	Notice     string
	Errors     map[string]string
	Alt        string
	Caption    string
	Credit     string
	CanUpload  bool
	CanDelete  bool
	Pagination pagination
	// Edited is the edit form that was sent and refused, shown again
	// with what was typed.
	Edited *mediaEdit
}

// mediaItem is one image of the library as its page shows it.
type mediaItem struct {
	*masthead.Media
	Snippet string // the Markdown that shows it in a body
	CanEdit bool
	Edit    mediaEdit
}

// mediaEdit is an image's edit form: its words, as stored or as typed.
type mediaEdit struct {
	ID                   int64
	Alt, Caption, Credit string
	Errors               map[string]string
}

// bodySnippet is the Markdown that shows an image in a body as a figure.
// Its alt text is left empty so that the figure shows the library's,
// which follows later edits; an article writes its own to override it.
func bodySnippet(m *masthead.Media) string {
	return "![](" + m.Path() + ")"
}

const mediaPageSize = 30

// handleMediaLibrary serves "GET /admin/media?q=&page=".
func (s *Server) handleMediaLibrary(w http.ResponseWriter, r *http.Request) {
	s.renderMediaLibrary(w, r, http.StatusOK, &mediaPage{Notice: r.URL.Query().Get("notice")})
}

func (s *Server) renderMediaLibrary(w http.ResponseWriter, r *http.Request, status int, page *mediaPage) {
	user := currentUser(r.Context())
	lay, err := s.adminLayout(r, i18n.Key("Media"), "media")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.layout = lay
	page.Query = strings.TrimSpace(r.URL.Query().Get("q"))
	n, ok := queryPageNumber(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	images, total, err := s.store.FindMedia(r.Context(), masthead.MediaFilter{Query: page.Query, Limit: mediaPageSize, Offset: (n - 1) * mediaPageSize})
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.Total = total
	for _, m := range images {
		item := mediaItem{Media: m, Snippet: bodySnippet(m), CanEdit: masthead.CanEditMedia(user, m),
			Edit: mediaEdit{ID: m.ID, Alt: m.AltText, Caption: m.Caption, Credit: m.Credit}}
		if page.Edited != nil && page.Edited.ID == m.ID {
			item.Edit = *page.Edited
		}
		page.Items = append(page.Items, item)
	}
	pages := max(1, (page.Total+mediaPageSize-1)/mediaPageSize)
	page.Pagination = pagination{Page: n, TotalPages: pages}
	link := func(n int) string {
		return "/admin/media?" + url.Values{"q": {page.Query}, "page": {strconv.Itoa(n)}}.Encode()
	}
	if n > 1 {
		page.Pagination.Prev = link(n - 1)
	}
	if n < pages {
		page.Pagination.Next = link(n + 1)
	}
	page.CanUpload = masthead.Can(user.Role, masthead.ActUploadMedia)
	page.CanDelete = masthead.Can(user.Role, masthead.ActEditAny)
	if page.Errors == nil {
		page.Errors = map[string]string{}
	}
	s.render(w, r, status, "admin_media", page)
}

// handleUploadMedia serves "POST /admin/media": one image with its
// description, caption and credit (authors and up).
func (s *Server) handleUploadMedia(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, media.MaxBytes+1<<20)
	page := &mediaPage{Errors: map[string]string{}}
	loc := s.staffLocale(r)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		page.Errors["file"] = loc.T("The upload could not be read; files may be at most %d MB.", media.MaxBytes>>20)
		s.renderMediaLibrary(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	defer r.MultipartForm.RemoveAll()
	page.Alt, page.Caption, page.Credit = strings.TrimSpace(r.FormValue("alt")), strings.TrimSpace(r.FormValue("caption")), strings.TrimSpace(r.FormValue("credit"))
	file, header, err := r.FormFile("file")
	if err != nil {
		page.Errors["file"] = loc.T("Choose an image to upload.")
		s.renderMediaLibrary(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	defer file.Close()
	if s.media == nil {
		s.error(w, r, masthead.Errorf(masthead.EINVALID, "This site has no media storage, so it cannot take uploads."))
		return
	}
	processed, err := media.Process(file)
	if err != nil {
		page.Errors["file"] = uploadRefusal(loc, err)
		if page.Errors["file"] == "" {
			s.error(w, r, err)
			return
		}
		s.renderMediaLibrary(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	m := &masthead.Media{Name: processed.Original.Name, Type: processed.Original.Type, Width: processed.Original.Width,
		Height: processed.Original.Height, OriginalName: filepath.Base(header.Filename), AltText: page.Alt, Caption: page.Caption,
		Credit: page.Credit, UploadedBy: currentUser(ctx).ID}
	for _, v := range processed.Variants {
		m.Variants = append(m.Variants, masthead.MediaVariant{Width: v.Width, Name: v.Name})
	}
	if err := m.Validate(); err != nil {
		page.Errors[masthead.ErrorField(err)] = s.staffMessage(r, err)
		s.renderMediaLibrary(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	for _, f := range append([]media.File{processed.Original}, processed.Variants...) {
		if err := s.media.Put(ctx, f.Name, f.Data); err != nil {
			s.error(w, r, err)
			return
		}
	}
	if err := s.store.CreateMedia(ctx, m); err != nil {
		if masthead.ErrorCode(err) == masthead.ECONFLICT {
			http.Redirect(w, r, "/admin/media?"+url.Values{"notice": {loc.T("That image is already in the library.")}}.Encode(), http.StatusSeeOther)
			return
		}
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/media?"+url.Values{"notice": {loc.T("The image was added to the library.")}}.Encode(), http.StatusSeeOther)
}

// handleEditMedia serves "POST /admin/media/{id}": an image's new
// description, caption and credit, for those CanEditMedia allows. Every
// article that shows the image shows the new words, except where it set
// its own.
func (s *Server) handleEditMedia(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.handleNotFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.error(w, r, masthead.Errorf(masthead.EINVALID, "The form could not be read, so please send it again."))
		return
	}
	m, err := s.store.FindMediaByID(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !masthead.CanEditMedia(currentUser(ctx), m) {
		s.error(w, r, masthead.Errorf(masthead.EFORBIDDEN, "Only editors, and the author who uploaded it, may change an image's words."))
		return
	}
	edit := &mediaEdit{ID: id, Alt: strings.TrimSpace(r.PostFormValue("alt")), Caption: strings.TrimSpace(r.PostFormValue("caption")),
		Credit: strings.TrimSpace(r.PostFormValue("credit")), Errors: map[string]string{}}
	m.AltText, m.Caption, m.Credit = edit.Alt, edit.Caption, edit.Credit
	err = s.store.UpdateMedia(ctx, m)
	if masthead.ErrorCode(err) == masthead.EINVALID {
		field := masthead.ErrorField(err)
		if field == "" {
			field = "alt"
		}
		edit.Errors[field] = s.staffMessage(r, err)
		s.renderMediaLibrary(w, r, http.StatusUnprocessableEntity, &mediaPage{Edited: edit})
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/media?"+url.Values{"notice": {s.staffLocale(r).T("The image's words were saved.")}}.Encode()+"#media-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// handleDeleteMedia serves "POST /admin/media/{id}/delete" (editors and up):
// the image leaves the library, its files the disk, and the articles that
// led with it show none.
func (s *Server) handleDeleteMedia(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.handleNotFound(w, r)
		return
	}
	unused, err := s.store.DeleteMedia(r.Context(), id)
	if masthead.ErrorCode(err) == masthead.ECONFLICT {
		// Shown in a body: the library says which, and keeps the image.
		http.Redirect(w, r, "/admin/media?"+url.Values{"notice": {s.staffMessage(r, err)}}.Encode(), http.StatusSeeOther)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	// The record is gone, so a file left behind is only wasted space:
	// log it rather than fail the request. Files another image shares
	// stay.
	if s.media != nil {
		for _, name := range unused {
			if err := s.media.Delete(r.Context(), name); err != nil {
				s.logger.Error("delete media file", "name", name, "error", err)
			}
		}
	}
	http.Redirect(w, r, "/admin/media?"+url.Values{"notice": {s.staffLocale(r).T("The image was deleted.")}}.Encode(), http.StatusSeeOther)
}

// MaxMB is the largest upload, in megabytes, as the form says it.
func (p *mediaPage) MaxMB() int { return media.MaxBytes >> 20 }
