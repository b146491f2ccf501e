package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"masthead"
)

// Autosave keeps what an editor types in a slot of their own
// (masthead.Autosave), never in the article: a published article does
// not change live, nobody's save is overwritten, and the article's
// revision, which the editor's conflict check rests on, moves only with
// real saves. The editor's script posts the form here every 30 seconds
// and when a field loses focus, if anything changed.

// autosaveAnswer is what the autosave endpoint answers, as JSON.
type autosaveAnswer struct {
	SavedAt string `json:"saved_at,omitempty"`
	// Message is the sentence the editor shows beside its buttons.
	Message string `json:"message"`
	// Conflict says that someone saved the article after the editor was
	// opened: the autosave is kept, but a save will be refused and show
	// both versions. Revision is the article's stored revision.
	Conflict bool `json:"conflict"`
	Revision int  `json:"revision"`
}

// autosaveFail answers the autosave endpoint with an error, in JSON, in
// the staff member's language.
func (s *Server) autosaveFail(w http.ResponseWriter, r *http.Request, err error) {
	lay := &layout{locale: s.staffLocale(r)}
	status, ok := statusOf[masthead.ErrorCode(err)]
	msg := lay.message(err)
	if !ok {
		status, msg = http.StatusInternalServerError, lay.T("The text could not be autosaved; save it with a button to be sure.")
	}
	writeJSON(w, status, autosaveAnswer{Message: msg})
}

// autosaveTarget is the article an autosave request is for: nil for the
// new article's slot.
func (s *Server) autosaveTarget(r *http.Request) (*masthead.Article, error) {
	if r.PathValue("id") == "" {
		return nil, articleEditor.check(currentUser(r.Context()), nil, masthead.ActionSave)
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "There is no such article.")
	}
	a, err := s.store.FindArticleByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if a.IsPage() {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "There is no such article.")
	}
	if !masthead.CanEditArticle(currentUser(r.Context()), a) {
		return nil, masthead.Errorf(masthead.EFORBIDDEN, "Your role does not allow you to edit this article, so it was not autosaved.")
	}
	return a, nil
}

// handleAutosave serves "POST /admin/articles/{id}/autosave" and
// "POST /admin/articles/new/autosave": the editor's text into the user's
// autosave slot of the article.
func (s *Server) handleAutosave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	user := currentUser(ctx)
	stored, err := s.autosaveTarget(r)
	if err != nil {
		s.autosaveFail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 2<<20)
	if err := r.ParseForm(); err != nil {
		s.autosaveFail(w, r, masthead.Errorf(masthead.EINVALID, "The article is too long to autosave."))
		return
	}
	f := parseArticleForm(r)
	save := &masthead.Autosave{AuthorID: user.ID, BaseRevision: f.Revision, Headline: f.Headline, Dek: f.Dek, Body: f.Body, Excerpt: f.Excerpt}
	answer := autosaveAnswer{}
	if stored != nil {
		save.ArticleID, answer.Revision = stored.ID, stored.Revision
		answer.Conflict = f.Revision != 0 && f.Revision != stored.Revision
	}
	if err := s.store.SaveAutosave(ctx, save); err != nil {
		s.autosaveFail(w, r, err)
		return
	}
	site, _, err := s.siteAndNav(ctx)
	if err != nil {
		s.autosaveFail(w, r, err)
		return
	}
	at := save.SavedAt.In(site.Location())
	answer.SavedAt = isoTime(at)
	loc := s.staffLocale(r)
	answer.Message = loc.T("Autosaved at %s.", loc.Time(at))
	if answer.Conflict {
		answer.Message = loc.T("Autosaved at %s, but someone else saved this article after you opened it: saving will show both versions, so that you can bring them together.", loc.Time(at))
	}
	writeJSON(w, http.StatusOK, answer)
}

// handleDiscardAutosave serves "POST /admin/articles/{id}/autosave/discard"
// and "POST /admin/articles/new/autosave/discard": the user's autosave of
// the article is thrown away.
func (s *Server) handleDiscardAutosave(w http.ResponseWriter, r *http.Request) {
	stored, err := s.autosaveTarget(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	back, id := articleEditor.Prefix+"/new", int64(0)
	if stored != nil {
		back, id = articleEditor.URL(stored.ID), stored.ID
	}
	if err := s.store.DeleteAutosave(r.Context(), id, currentUser(r.Context()).ID); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, back+"?"+url.Values{"notice": {s.staffLocale(r).T("The autosaved text was discarded.")}}.Encode(), http.StatusSeeOther)
}

// offerAutosave puts the user's autosave of the editor's article on the
// page when it holds text the form does not, so that the editor offers
// it back; with restore (the editor's "?autosave=restore"), it fills the
// form instead, at the revision it was typed on, so that a save after
// someone else's is refused with both texts shown, as any late save is.
func (s *Server) offerAutosave(r *http.Request, page *editorPage, restore bool) error {
	var id int64
	if page.Article != nil {
		id = page.Article.ID
	}
	save, err := s.store.FindAutosave(r.Context(), id, currentUser(r.Context()).ID)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	f := &page.Form
	if save.Headline == f.Headline && save.Dek == f.Dek && strings.TrimSpace(save.Body) == strings.TrimSpace(f.Body) && save.Excerpt == f.Excerpt {
		return nil
	}
	if restore {
		f.Headline, f.Dek, f.Body, f.Excerpt = save.Headline, save.Dek, save.Body, save.Excerpt
		if page.Article != nil {
			f.Revision = save.BaseRevision
		}
		page.Notice = page.T("The autosaved text is in the form. Save it to keep it.")
		return nil
	}
	page.Autosave = save
	page.AutosaveStale = page.Article != nil && save.BaseRevision != page.Article.Revision
	return nil
}

// forgetAutosave empties the user's autosave slot of an article once it
// is saved for real (id zero: the new article's). A failure costs only a
// needless offer later, so it is logged, not shown.
func (s *Server) forgetAutosave(r *http.Request, id int64) {
	if err := s.store.DeleteAutosave(r.Context(), id, currentUser(r.Context()).ID); err != nil {
		s.logger.Warn("forget autosave", "article", id, "error", err)
	}
}
