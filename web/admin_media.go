package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"masthead"
	"masthead/media"
)

// mediaName is the shape of every stored file's name.
var mediaName = regexp.MustCompile(`^[0-9a-f]{32}\.(jpg|png)$`)

// mediaFile returns where a stored file lives: under the media directory,
// in a folder named by the first two characters, so no folder grows huge.
func (s *Server) mediaFile(name string) string {
	return filepath.Join(s.mediaDir, name[:2], name)
}

// handleMediaFile serves "GET /media/{name}": a stored image, cached for a
// year, since its name changes with its content.
func (s *Server) handleMediaFile(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if s.mediaDir == "" || !mediaName.MatchString(name) {
		s.handleNotFound(w, r)
		return
	}
	f, err := os.Open(s.mediaFile(name))
	if err != nil {
		s.handleNotFound(w, r)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		s.error(w, r, err)
		return
	}
	ctype := "image/jpeg"
	if strings.HasSuffix(name, ".png") {
		ctype = "image/png"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeContent(w, r, "", info.ModTime(), f)
}

// writeMediaFile stores one file atomically: written aside, then renamed,
// so that no reader ever sees half an image.
func (s *Server) writeMediaFile(f media.File) error {
	path := s.mediaFile(f.Name)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(f.Data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// mediaPage is the data of the media library.
type mediaPage struct {
	layout
	Items      []*masthead.Media
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
}

const mediaPageSize = 30

// handleMediaLibrary serves "GET /admin/media?q=&page=".
func (s *Server) handleMediaLibrary(w http.ResponseWriter, r *http.Request) {
	s.renderMediaLibrary(w, r, http.StatusOK, &mediaPage{Notice: r.URL.Query().Get("notice")})
}

func (s *Server) renderMediaLibrary(w http.ResponseWriter, r *http.Request, status int, page *mediaPage) {
	user := currentUser(r.Context())
	lay, err := s.adminLayout(r, "Media", "media")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.layout = lay
	page.Query = strings.TrimSpace(r.URL.Query().Get("q"))
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n = max(1, n)
	page.Items, page.Total, err = s.store.FindMedia(r.Context(), masthead.MediaFilter{Query: page.Query, Limit: mediaPageSize, Offset: (n - 1) * mediaPageSize})
	if err != nil {
		s.error(w, r, err)
		return
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
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		page.Errors["file"] = fmt.Sprintf("The upload could not be read; files may be at most %d MB.", media.MaxBytes>>20)
		s.renderMediaLibrary(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	defer r.MultipartForm.RemoveAll()
	page.Alt, page.Caption, page.Credit = strings.TrimSpace(r.FormValue("alt")), strings.TrimSpace(r.FormValue("caption")), strings.TrimSpace(r.FormValue("credit"))
	file, header, err := r.FormFile("file")
	if err != nil {
		page.Errors["file"] = "Choose an image to upload."
		s.renderMediaLibrary(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	defer file.Close()
	if s.mediaDir == "" {
		s.error(w, r, masthead.Errorf(masthead.EINVALID, "This site has no media directory, so it cannot take uploads."))
		return
	}
	processed, err := media.Process(file)
	if err != nil {
		for _, known := range []error{media.ErrNotImage, media.ErrTooLarge, media.ErrTooBig, media.ErrDamaged} {
			if errors.Is(err, known) {
				page.Errors["file"] = err.Error()
			}
		}
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
		var e *masthead.Error
		errors.As(err, &e)
		page.Errors[e.Field] = e.Message
		s.renderMediaLibrary(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	for _, f := range append([]media.File{processed.Original}, processed.Variants...) {
		if err := s.writeMediaFile(f); err != nil {
			s.error(w, r, err)
			return
		}
	}
	if err := s.store.CreateMedia(ctx, m); err != nil {
		if masthead.ErrorCode(err) == masthead.ECONFLICT {
			http.Redirect(w, r, "/admin/media?"+url.Values{"notice": {"That image is already in the library."}}.Encode(), http.StatusSeeOther)
			return
		}
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/media?"+url.Values{"notice": {"The image was added to the library."}}.Encode(), http.StatusSeeOther)
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
	m, err := s.store.FindMediaByID(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.store.DeleteMedia(r.Context(), id); err != nil {
		s.error(w, r, err)
		return
	}
	for _, name := range m.Files() {
		if mediaName.MatchString(name) {
			os.Remove(s.mediaFile(name))
		}
	}
	http.Redirect(w, r, "/admin/media?"+url.Values{"notice": {"The image was deleted."}}.Encode(), http.StatusSeeOther)
}

// imageView is a featured image as pages show it.
type imageView struct {
	*masthead.Media
	Src    string
	Srcset string
}

// newImageView picks the files of an image for <img src srcset>.
func newImageView(m *masthead.Media) *imageView {
	if m == nil {
		return nil
	}
	v := &imageView{Media: m, Src: m.Path()}
	var set []string
	for _, variant := range m.Variants {
		set = append(set, "/media/"+variant.Name+" "+strconv.Itoa(variant.Width)+"w")
		if variant.Width <= 1600 {
			v.Src = "/media/" + variant.Name
		}
	}
	set = append(set, m.Path()+" "+strconv.Itoa(m.Width)+"w")
	v.Srcset = strings.Join(set, ", ")
	return v
}
