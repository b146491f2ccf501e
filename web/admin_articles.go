package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead"
	"masthead/content"
	"masthead/i18n"
	"masthead/markdown"
)

// editorPage is the data of the article editor, which pages share.
type editorPage struct {
	layout
	Editor  editorKind
	Form    articleForm
	IsNew   bool
	Article *masthead.Article // as stored; nil for a new article
	// Parents are the pages a page may sit under, on the page editor.
	Parents []parentChoice
	// Staff are the names the byline selects offer: everyone to editors,
	// to others only who may stand on this byline (masthead.CheckByline).
	Staff     []*masthead.Author
	allStaff  []*masthead.Author
	Sections  []*masthead.Category
	Images    []*masthead.Media // the newest of the library, to lead with
	Revisions []*masthead.ArticleRevision
	Errors    map[string]string
	Message   string
	Notice    string
	Preview   string // rendered HTML of the body, when asked for
	// Theirs is the stored body when a save came too late; it is shown
	// beside the form so that nothing is lost on either side.
	Theirs *masthead.Article
	// Actions are the editorial actions the user may take here, by name:
	// the editor offers a button for each.
	Actions   map[string]bool
	PublicURL string
	// Correction is the note form, on published articles, for editors.
	Correction correctionForm
	CanCorrect bool
	// CanPin offers to pin the article to the home page, for those who
	// curate the front, on an article that may be pinned.
	CanPin bool

	// GeneratedExcerpt is the stored excerpt when it was made from the
	// body. The form shows it as the field's placeholder, not its value, so
	// that saving the form does not turn it into a written one.
	GeneratedExcerpt string

	// CanPreview offers the full preview and preview links; PreviewLinks
	// are the article's working links, LinkLifetimes the choices for a
	// new one, and NewPreviewLink the address of the link just made,
	// shown this once.
	CanPreview     bool
	PreviewLinks   []previewLinkView
	LinkLifetimes  []lifetimeChoice
	NewPreviewLink string
	// Autosave is the user's autosaved text of this article when it
	// differs from the form, offered back; AutosaveStale says that the
	// article was saved after it was typed.
	Autosave      *masthead.Autosave
	AutosaveStale bool
}

// previewLinkView is a preview link as the editor lists it.
type previewLinkView struct {
	ID               int64
	Created, Expires time.Time
	By               string // who made it; empty when no longer staff
}

// BodyStats is the body's word count and reading time, as the editor
// shows them under the body (and its script keeps up to date).
func (p *editorPage) BodyStats() string {
	words := masthead.CountWords(p.Form.Body)
	if words == 0 {
		return p.N("%d word", "%d words", 0)
	}
	return p.N("%d word", "%d words", words) + " · " + p.N("%d min read", "%d min read", masthead.ReadingMinutes(words))
}

// editorScriptStrings are the editor scripts' words in the page's
// language: the word count's and reading time's plural forms (the script
// picks one with Intl.PluralRules), its buttons and its messages.
type editorScriptStrings struct {
	Lang            string            `json:"lang"`
	Digits          string            `json:"digits"` // the language's digits, 0 to 9
	Words           map[string]string `json:"words"`
	Minutes         map[string]string `json:"minutes"`
	LivePreview     string            `json:"livePreview"`
	Preview         string            `json:"preview"`
	Insert          string            `json:"insert"`
	InsertInto      string            `json:"insertInto"`
	TheImage        string            `json:"theImage"`
	AutosaveFailed  string            `json:"autosaveFailed"`
	AutosaveSignOut string            `json:"autosaveSignedOut"`
}

// ScriptStrings are the words editor.js and editor-comfort.js show, as
// JSON, which the form carries in its data-strings attribute.
func (p *editorPage) ScriptStrings() string {
	loc := p.tr()
	var digits strings.Builder
	for d := range 10 {
		digits.WriteString(loc.Number(d))
	}
	b, err := json.Marshal(editorScriptStrings{
		Lang:        loc.Language(),
		Digits:      digits.String(),
		Words:       loc.Forms("%d word", "%d words"),
		Minutes:     loc.Forms("%d min read", "%d min read"),
		LivePreview: p.T("Live preview"),
		Preview:     p.T("Preview"),
		Insert:      p.T("Insert"),
		// The script puts the image in the place of %s.
		InsertInto:      p.T("Insert %s into the body", "%s"),
		TheImage:        p.T("the image"),
		AutosaveFailed:  p.T("Autosave failed. Save with a button to be sure."),
		AutosaveSignOut: p.T("Autosave failed: you may have been signed out. Save with a button to be sure."),
	})
	if err != nil {
		return "{}" // strings and maps of strings always marshal
	}
	return string(b)
}

// AutosaveURL is where the editor's script autosaves the form; empty on
// the page editor, which has no autosave.
func (p *editorPage) AutosaveURL() string {
	switch {
	case p.Editor.IsPage():
		return ""
	case p.Article == nil:
		return p.Editor.Prefix + "/new/autosave"
	}
	return p.Editor.URL(p.Article.ID) + "/autosave"
}

// articleForm is the editor form, as typed.
type articleForm struct {
	Headline, Dek, Slug, Body, Excerpt string
	CategoryID                         int64
	FeaturedID                         int64
	Tags                               string
	AuthorIDs                          [3]int64
	Dateline, SourceName, SourceURL    string
	CommentsOpen                       bool
	PublishAt                          string // datetime-local, site time zone
	Revision                           int
	ParentID                           int64 // a page's parent page; zero at the top level
}

// datetimeLocal is the format of <input type="datetime-local">.
const datetimeLocal = "2006-01-02T15:04"

func formFromArticle(a *masthead.Article, loc *time.Location) articleForm {
	f := articleForm{Headline: a.Headline, Dek: a.Dek, Slug: a.Slug, Body: a.BodySource, Excerpt: a.Excerpt,
		Dateline: a.Dateline, SourceName: a.SourceName, SourceURL: a.SourceURL, CommentsOpen: a.CommentsOpen, Revision: a.Revision,
		ParentID: a.ParentID}
	if a.ExcerptGenerated {
		f.Excerpt = "" // the placeholder shows it; an empty field keeps it generated
	}
	if a.Category != nil {
		f.CategoryID = a.Category.ID
	}
	if a.FeaturedImage != nil {
		f.FeaturedID = a.FeaturedImage.ID
	}
	var tags []string
	for _, t := range a.Tags {
		tags = append(tags, t.Name)
	}
	f.Tags = strings.Join(tags, ", ")
	for i, au := range a.Authors {
		if i < len(f.AuthorIDs) {
			f.AuthorIDs[i] = au.ID
		}
	}
	if !a.PublishedAt.IsZero() {
		f.PublishAt = a.PublishedAt.In(loc).Format(datetimeLocal)
	}
	return f
}

func parseArticleForm(r *http.Request) articleForm {
	v := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	f := articleForm{Headline: v("headline"), Dek: v("dek"), Slug: v("slug"), Excerpt: v("excerpt"),
		Body: strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n"), Tags: v("tags"), Dateline: v("dateline"),
		SourceName: v("source_name"), SourceURL: v("source_url"), CommentsOpen: r.PostFormValue("comments_open") != "",
		PublishAt: v("publish_at")}
	f.CategoryID, _ = strconv.ParseInt(v("category"), 10, 64)
	f.FeaturedID, _ = strconv.ParseInt(v("featured"), 10, 64)
	f.ParentID, _ = strconv.ParseInt(v("parent"), 10, 64)
	f.Revision, _ = strconv.Atoi(v("revision"))
	for i := range f.AuthorIDs {
		f.AuthorIDs[i], _ = strconv.ParseInt(v("author"+strconv.Itoa(i+1)), 10, 64)
	}
	return f
}

// editorData loads what every editor page shows beside the form: the
// byline's, section's and image's choices for an article, the parent's
// for a page.
func (s *Server) editorData(r *http.Request, page *editorPage) error {
	ctx := r.Context()
	user := currentUser(ctx)
	var err error
	if page.Editor.IsPage() {
		if page.Parents, err = s.parentChoices(ctx, page.Article); err != nil {
			return err
		}
	} else {
		if page.allStaff, _, err = s.store.FindAuthors(ctx, masthead.AuthorFilter{Limit: 500}); err != nil {
			return err
		}
		page.Staff = masthead.BylineChoices(user, page.Article, page.allStaff)
		if page.Sections, err = s.store.FindCategories(ctx, 500); err != nil {
			return err
		}
		if page.Images, _, err = s.store.FindMedia(ctx, masthead.MediaFilter{Limit: 100}); err != nil {
			return err
		}
	}
	if page.Article != nil {
		if page.Revisions, err = s.store.FindRevisions(ctx, page.Article.ID, 20); err != nil {
			return err
		}
		if page.Article.ExcerptGenerated {
			page.GeneratedExcerpt = page.Article.Excerpt
		}
		page.CanCorrect = !page.Editor.IsPage() && page.Article.Status == masthead.StatusPublished && masthead.Can(user.Role, masthead.ActEditAny)
		if page.CanPreview = masthead.CanPreviewArticle(user, page.Article); page.CanPreview {
			if err := s.previewLinkData(r, page); err != nil {
				return err
			}
		}
		page.CanPin = !page.Editor.IsPage() && masthead.CanCurateFront(user) && masthead.CheckPinnable(page.Article, 0) == nil
		if page.Article.VisibleAt(s.now()) {
			page.PublicURL = page.Article.Path(page.Loc)
		}
	}
	page.Actions = map[string]bool{}
	for _, act := range masthead.EditorialActions {
		page.Actions[string(act)] = page.Editor.check(user, page.Article, act) == nil
	}
	if page.Errors == nil {
		page.Errors = map[string]string{}
	}
	return nil
}

// adminListSize is how many articles a page of the admin list shows.
const adminListSize = 50

// articleListQuery is what the admin article list was asked for: a status
// tab, a headline search, a section, an author and a page.
type articleListQuery struct {
	Status    masthead.Status
	Q         string
	SectionID int64
	AuthorID  int64
	Page      int
}

// parseArticleListQuery reads the list's query string. ok is false for a
// value that names nothing (an unknown status, a page or id that is not a
// number), which answers 404 like any address that does not exist.
func parseArticleListQuery(q url.Values) (l articleListQuery, ok bool) {
	l.Status, l.Q, l.Page = masthead.Status(q.Get("status")), strings.TrimSpace(q.Get("q")), 1
	if l.Status != "" && !l.Status.Valid() {
		return l, false
	}
	for _, field := range []struct {
		name string
		dst  *int64
	}{{"section", &l.SectionID}, {"author", &l.AuthorID}} {
		if v := q.Get(field.name); v != "" && v != "0" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return l, false
			}
			*field.dst = n
		}
	}
	if v := q.Get("page"); v != "" {
		n, ok := parsePageNumber(v)
		if !ok {
			return l, false
		}
		l.Page = n
	}
	return l, true
}

// URL returns the list's address with the same filters, at page n (and,
// when status is not nil, with that status instead), so that tabs and page
// links keep the search and filters they came from.
func (l articleListQuery) URL(n int, status *masthead.Status) string {
	v := url.Values{}
	st := l.Status
	if status != nil {
		st = *status
	}
	if st != "" {
		v.Set("status", string(st))
	}
	if l.Q != "" {
		v.Set("q", l.Q)
	}
	if l.SectionID != 0 {
		v.Set("section", strconv.FormatInt(l.SectionID, 10))
	}
	if l.AuthorID != 0 {
		v.Set("author", strconv.FormatInt(l.AuthorID, 10))
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return "/admin/articles"
	}
	return "/admin/articles?" + v.Encode()
}

// Filtered reports whether anything beyond the status tab narrows the list.
func (l articleListQuery) Filtered() bool {
	return l.Q != "" || l.SectionID != 0 || l.AuthorID != 0
}

// statusTab is one tab of the admin list.
type statusTab struct {
	Label   string
	URL     string
	Current bool
}

// handleArticleList serves "GET /admin/articles?status=&q=&section=&author=&page=":
// one page of the articles a staff member may work on, newest first.
// Editors see everyone's and may pick an author; contributors and authors
// see only their own, whatever author the address names.
func (s *Server) handleArticleList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	user := currentUser(ctx)
	l, ok := parseArticleListQuery(r.URL.Query())
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	lay, err := s.adminLayout(r, "", "articles")
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay.setTitle(lay.listTitle(i18n.Key("Articles"), l.Page))
	page := &articleListPage{layout: lay, List: l, CanSeeAll: masthead.Can(user.Role, masthead.ActEditAny)}
	var owner int64
	if !page.CanSeeAll {
		// Their own articles, created or credited, are not a filter they
		// chose, so links do not carry it.
		owner, l.AuthorID, page.List.AuthorID = user.ID, 0, 0
	}
	f := masthead.ArticleFilter{Status: l.Status, HeadlineContains: l.Q, CategoryID: l.SectionID, AuthorID: l.AuthorID, OwnerID: owner,
		Limit: adminListSize, Offset: (l.Page - 1) * adminListSize}
	articles, total, err := s.store.FindArticles(ctx, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	pages := max(1, (total+adminListSize-1)/adminListSize)
	if l.Page > pages {
		s.handleNotFound(w, r)
		return
	}
	page.Articles, page.Total = views(articles, lay.Loc), total
	page.Pagination = newPagination(l.Page, pages, func(n int) string { return page.List.URL(n, nil) })
	page.First, page.Last = (l.Page-1)*adminListSize+1, (l.Page-1)*adminListSize+len(articles)
	for _, tab := range []struct {
		label  string
		status masthead.Status
	}{{i18n.Key("All"), ""}, {i18n.Key("Drafts"), masthead.StatusDraft}, {i18n.Key("Waiting for review"), masthead.StatusPending},
		{i18n.Key("Scheduled"), masthead.StatusScheduled}, {i18n.Key("Published"), masthead.StatusPublished}} {
		page.Tabs = append(page.Tabs, statusTab{Label: lay.T(tab.label), URL: page.List.URL(1, &tab.status), Current: tab.status == l.Status})
	}
	if page.Sections, err = s.store.FindCategories(ctx, 500); err != nil {
		s.error(w, r, err)
		return
	}
	if page.CanSeeAll {
		if page.Staff, _, err = s.store.FindAuthors(ctx, masthead.AuthorFilter{Limit: 500}); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "admin_articles", page)
}

// articleListPage is the data of the admin article list.
type articleListPage struct {
	layout
	List        articleListQuery
	Tabs        []statusTab
	Articles    []articleView
	Total       int
	First, Last int // the positions of this page's first and last article
	Pagination  pagination
	Sections    []*masthead.Category
	Staff       []*masthead.Author // the author filter's choices; editors only
	CanSeeAll   bool
}

// handleNewArticle serves "GET /admin/articles/new".
func (s *Server) handleNewArticle(w http.ResponseWriter, r *http.Request) {
	s.newInEditor(w, r, articleEditor)
}

// newInEditor serves the editor's empty form for a new article or page.
func (s *Server) newInEditor(w http.ResponseWriter, r *http.Request, ek editorKind) {
	if err := ek.check(currentUser(r.Context()), nil, masthead.ActionSave); err != nil {
		s.error(w, r, err)
		return
	}
	lay, err := s.editorLayout(r, ek, nil)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &editorPage{layout: lay, Editor: ek, IsNew: true, Form: articleForm{CommentsOpen: !ek.IsPage()}}
	page.Form.AuthorIDs[0] = currentUser(r.Context()).ID
	if err := s.editorData(r, page); err != nil {
		s.error(w, r, err)
		return
	}
	if !ek.IsPage() {
		if err := s.offerAutosave(r, page, r.URL.Query().Get("autosave") == "restore"); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "admin_editor", page)
}

// findEditable loads the article (or, on the page editor, the page) of an
// editor URL that the user may edit. An article's id under /admin/pages/,
// or a page's under /admin/articles/, is not found.
func (s *Server) findEditable(w http.ResponseWriter, r *http.Request, ek editorKind) (*masthead.Article, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.handleNotFound(w, r)
		return nil, false
	}
	a, err := s.store.FindArticleByID(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	if a.IsPage() != ek.IsPage() {
		s.handleNotFound(w, r)
		return nil, false
	}
	if !masthead.CanEditArticle(currentUser(r.Context()), a) {
		s.error(w, r, ek.notYours())
		return nil, false
	}
	return a, true
}

// handleEditArticle serves "GET /admin/articles/{id}".
func (s *Server) handleEditArticle(w http.ResponseWriter, r *http.Request) {
	s.editInEditor(w, r, articleEditor)
}

// editInEditor serves the editor's form for a stored article or page.
func (s *Server) editInEditor(w http.ResponseWriter, r *http.Request, ek editorKind) {
	a, ok := s.findEditable(w, r, ek)
	if !ok {
		return
	}
	lay, err := s.editorLayout(r, ek, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &editorPage{layout: lay, Editor: ek, Article: a, Form: formFromArticle(a, lay.Loc), Notice: r.URL.Query().Get("notice")}
	if err := s.editorData(r, page); err != nil {
		s.error(w, r, err)
		return
	}
	if !ek.IsPage() {
		if err := s.offerAutosave(r, page, r.URL.Query().Get("autosave") == "restore"); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "admin_editor", page)
}

// handleSaveArticle serves "POST /admin/articles/new" and
// "POST /admin/articles/{id}": preview, save, submit for review, publish,
// schedule or unpublish, each checked against the user's role.
func (s *Server) handleSaveArticle(w http.ResponseWriter, r *http.Request) {
	s.saveFromEditor(w, r, articleEditor)
}

// saveFromEditor saves what the editor of an article or page posted.
func (s *Server) saveFromEditor(w http.ResponseWriter, r *http.Request, ek editorKind) {
	ctx := r.Context()
	user := currentUser(ctx)
	r.Body = http.MaxBytesReader(w, r.Body, 2<<20)
	if err := r.ParseForm(); err != nil {
		s.error(w, r, ek.tooLong())
		return
	}
	var stored *masthead.Article
	// lostAccess: the article was the user's to edit when they opened it,
	// but is no longer (an editor published it meanwhile, or their role
	// changed); their text comes back rather than vanishing.
	lostAccess := false
	if r.PathValue("id") != "" {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			s.handleNotFound(w, r)
			return
		}
		if stored, err = s.store.FindArticleByID(ctx, id); err != nil {
			s.error(w, r, err)
			return
		}
		if stored.IsPage() != ek.IsPage() {
			s.handleNotFound(w, r)
			return
		}
		if !masthead.CanEditArticle(user, stored) {
			if ek.IsPage() || !masthead.Owns(user, stored) {
				s.error(w, r, ek.notYours())
				return
			}
			lostAccess = true
		}
	} else if err := ek.check(user, nil, masthead.ActionSave); err != nil {
		s.error(w, r, err)
		return
	}
	lay, err := s.editorLayout(r, ek, stored)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &editorPage{layout: lay, Editor: ek, IsNew: stored == nil, Article: stored, Form: parseArticleForm(r), Errors: map[string]string{}}
	if err := s.editorData(r, page); err != nil {
		s.error(w, r, err)
		return
	}
	if lostAccess {
		page.Message = lay.T(ek.pick(i18n.Key("The article was not saved: it has moved on in the newsroom, and your role no longer allows you to edit it. Your text is still in the form, so that you can copy it."),
			i18n.Key("The page was not saved: it has moved on in the newsroom, and your role no longer allows you to edit it. Your text is still in the form, so that you can copy it.")))
		s.render(w, r, http.StatusForbidden, "admin_editor", page)
		return
	}
	if r.PostFormValue("action") == "preview" {
		if page.Preview, err = content.RenderBody(r.Context(), page.Form.Body, s.store); err != nil {
			s.error(w, r, err)
			return
		}
		page.Embeds = markdown.HasEmbeds(page.Preview)
		s.render(w, r, http.StatusOK, "admin_editor", page)
		return
	}
	if r.PostFormValue("action") == "fullpreview" {
		s.previewFromForm(w, r, page, stored)
		return
	}
	action, err := masthead.ParseEditorialAction(r.PostFormValue("action"))
	if err != nil {
		s.error(w, r, err)
		return
	}

	a := &masthead.Article{Kind: ek.Kind, Status: masthead.StatusDraft}
	if stored != nil {
		copied := *stored
		a = &copied
	}
	if status, err := s.applyArticleForm(r, a, stored, page, action); err != nil {
		s.error(w, r, err)
		return
	} else if status != 0 {
		s.render(w, r, status, "admin_editor", page)
		return
	}
	if stored == nil {
		err = s.store.CreateArticle(ctx, a)
	} else {
		err = s.store.UpdateArticle(ctx, a)
	}
	code, field := masthead.ErrorCode(err), masthead.ErrorField(err)
	switch {
	case code == "":
	case code == masthead.ECONFLICT && field == "revision" && stored != nil:
		theirs, ferr := s.store.FindArticleByID(ctx, stored.ID)
		if ferr != nil {
			s.error(w, r, ferr)
			return
		}
		page.Theirs = theirs
		page.Form.Revision = theirs.Revision // the next save, after merging by hand, goes through
		page.Message = lay.T(ek.pick(i18n.Key("Someone else saved this article while you were editing it, so your save was refused. Your text is in the form; theirs is shown below it. Bring what you need together, then save again."),
			i18n.Key("Someone else saved this page while you were editing it, so your save was refused. Your text is in the form; theirs is shown below it. Bring what you need together, then save again.")))
		s.render(w, r, http.StatusConflict, "admin_editor", page)
		return
	case (code == masthead.EINVALID || code == masthead.ECONFLICT) && field != "":
		page.Errors[field] = page.message(err)
		page.Message = page.notSaved()
		s.render(w, r, http.StatusUnprocessableEntity, "admin_editor", page)
		return
	case code == masthead.EINVALID || code == masthead.ECONFLICT:
		page.Message = page.notSavedBecause(err)
		s.render(w, r, http.StatusUnprocessableEntity, "admin_editor", page)
		return
	default:
		s.error(w, r, err)
		return
	}
	if !ek.IsPage() {
		// The text is saved for real now: an autosave of it would only
		// be offered back for nothing.
		if stored == nil {
			s.forgetAutosave(r, 0)
		}
		s.forgetAutosave(r, a.ID)
	}
	notice := map[masthead.EditorialAction]string{masthead.ActionSubmit: i18n.Key("Submitted for review."), masthead.ActionPublish: i18n.Key("Published."),
		masthead.ActionSchedule: i18n.Key("Scheduled."), masthead.ActionUnpublish: ek.pick(i18n.Key("Unpublished: the article is a draft again."), i18n.Key("Unpublished: the page is a draft again."))}[action]
	if notice == "" {
		notice = i18n.Key("Saved.")
	}
	notice = lay.T(notice)
	http.Redirect(w, r, ek.URL(a.ID)+"?"+url.Values{"notice": {notice}}.Encode(), http.StatusSeeOther)
}

// applyArticleForm copies the form onto a and applies the action through
// the editorial state machine. It returns a status other than 0 when the
// form must come back with messages (422, 403 for a byline the user may
// not set, 409 for an action that no longer applies), or an error for a
// request the role does not allow.
func (s *Server) applyArticleForm(r *http.Request, a, stored *masthead.Article, page *editorPage, action masthead.EditorialAction) (int, error) {
	ctx := r.Context()
	user := currentUser(ctx)
	f := page.Form
	at, err := time.ParseInLocation(datetimeLocal, f.PublishAt, page.Loc)
	if err != nil {
		at = time.Time{} // the state machine asks for a time when a schedule needs one
	}
	status, published, err := masthead.Transition(user, stored, action, at, s.now())
	if page.Editor.IsPage() {
		// Pages have a rule of their own besides the workflow's.
		if perr := masthead.CheckPageAction(user, stored, action); masthead.ErrorCode(perr) == masthead.EFORBIDDEN {
			err = perr
		}
	}
	switch code := masthead.ErrorCode(err); {
	case err == nil:
		a.Status, a.PublishedAt = status, published
	case masthead.ErrorField(err) != "":
		page.Errors[masthead.ErrorField(err)] = page.message(err)
	case code == masthead.ECONFLICT:
		// A stale page offered an action that no longer applies: the
		// typed text comes back with the reason.
		page.Message = page.notSavedBecause(err)
		return http.StatusConflict, nil
	case code == masthead.EFORBIDDEN:
		// The role changed, or a hand-made request asked for more than
		// it allows: nothing is saved, and nothing typed is lost.
		page.Message = page.notSavedBecause(err)
		return http.StatusForbidden, nil
	default:
		return 0, err
	}

	a.Headline, a.Dek, a.BodySource, a.Excerpt = f.Headline, f.Dek, f.Body, f.Excerpt
	a.ExcerptGenerated = f.Excerpt == "" // an empty field asks for the generated excerpt
	a.Dateline, a.SourceName, a.SourceURL, a.CommentsOpen = f.Dateline, f.SourceName, f.SourceURL, f.CommentsOpen
	a.Revision, a.EditedBy = f.Revision, user.ID
	if stored == nil {
		a.CreatedBy = user.ID
	}
	if err := masthead.CheckSlugChange(user, stored, f.Slug, s.now()); err != nil {
		page.Errors["slug"] = page.message(err)
	} else {
		a.Slug, a.SlugGenerated = f.Slug, false // an empty slug is made from the headline
	}
	forbidden := false
	if page.Editor.IsPage() {
		applyPageForm(a, stored, user, f)
	} else if forbidden, err = s.applyArticleOnlyFields(r, a, stored, page); err != nil {
		return 0, err
	}
	if err := content.PrepareArticleWith(r.Context(), a, s.store); err != nil {
		return 0, err
	}
	if err := a.Validate(); err != nil {
		field := masthead.ErrorField(err)
		if _, ok := page.Errors[field]; !ok {
			page.Errors[field] = page.message(err)
		}
	}
	switch {
	case forbidden:
		page.Message = page.notSaved()
		return http.StatusForbidden, nil
	case len(page.Errors) > 0:
		page.Message = page.notSaved()
		return http.StatusUnprocessableEntity, nil
	}
	return 0, nil
}

// applyFormLinks sets a's section, featured image and byline from the
// editor's form, as saving and the full preview both read them. imageGone
// reports a featured image no longer in the library, which is left out.
func (s *Server) applyFormLinks(ctx context.Context, a *masthead.Article, page *editorPage) (imageGone bool, err error) {
	f := page.Form
	a.Category = nil
	for _, c := range page.Sections {
		if c.ID == f.CategoryID {
			a.Category = c
		}
	}
	a.FeaturedImage = nil
	if f.FeaturedID != 0 {
		img, err := s.store.FindMediaByID(ctx, f.FeaturedID)
		switch masthead.ErrorCode(err) {
		case "":
			a.FeaturedImage = img
		case masthead.ENOTFOUND:
			imageGone = true
		default:
			return false, err
		}
	}
	a.Authors = nil
	seen := map[int64]bool{}
	for _, id := range f.AuthorIDs {
		for _, st := range page.allStaff {
			if st.ID == id && !seen[id] {
				a.Authors, seen[id] = append(a.Authors, st), true
			}
		}
	}
	return imageGone, nil
}

// applyArticleOnlyFields copies what only an ordinary article has from
// the form onto a: section, featured image, byline and tags, marking the
// fields in error. It reports whether the byline is one the user may not
// set, and returns an error only when reading or storing failed.
func (s *Server) applyArticleOnlyFields(r *http.Request, a, stored *masthead.Article, page *editorPage) (bool, error) {
	ctx := r.Context()
	user := currentUser(ctx)
	f := page.Form
	imageGone, err := s.applyFormLinks(ctx, a, page)
	if err != nil {
		return false, err
	}
	if imageGone {
		page.Errors["featured"] = page.T("That image is no longer in the library.")
	}
	forbidden := false
	if err := masthead.CheckByline(user, stored, a.Authors); err != nil {
		page.Errors["authors"] = page.message(err)
		forbidden = masthead.ErrorCode(err) == masthead.EFORBIDDEN
	}
	a.Tags = nil
	for _, name := range strings.Split(f.Tags, ",") {
		if strings.TrimSpace(name) == "" {
			continue
		}
		tag, err := s.store.EnsureTag(ctx, name)
		if masthead.ErrorCode(err) == masthead.EINVALID {
			page.Errors["tags"] = page.T("Each tag needs at least one letter or digit.")
			continue
		} else if err != nil {
			return false, err
		}
		a.Tags = append(a.Tags, tag)
	}
	return forbidden, nil
}

// handleAddCorrection serves "POST /admin/articles/{id}/corrections": an
// editor appends a correction or update note to a published article.
func (s *Server) handleAddCorrection(w http.ResponseWriter, r *http.Request) {
	a, ok := s.findEditable(w, r, articleEditor)
	if !ok {
		return
	}
	c := &masthead.Correction{ArticleID: a.ID, Kind: r.PostFormValue("kind"), Text: strings.TrimSpace(r.PostFormValue("text")),
		AuthorID: currentUser(r.Context()).ID}
	err := s.store.AddCorrection(r.Context(), c)
	if code := masthead.ErrorCode(err); code == masthead.EINVALID || code == masthead.ECONFLICT {
		lay, lerr := s.editorLayout(r, articleEditor, a)
		if lerr != nil {
			s.error(w, r, lerr)
			return
		}
		page := &editorPage{layout: lay, Editor: articleEditor, Article: a, Form: formFromArticle(a, lay.Loc),
			Correction: correctionForm{Kind: c.Kind, Text: c.Text, Error: lay.message(err)}}
		if err := s.editorData(r, page); err != nil {
			s.error(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "admin_editor", page)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/articles/"+strconv.FormatInt(a.ID, 10)+"?"+url.Values{"notice": {s.staffLocale(r).T("The note was added at the end of the article.")}}.Encode(), http.StatusSeeOther)
}

// correctionForm is the note form, as typed.
type correctionForm struct {
	Kind, Text, Error string
}

// revisionsPage is the data of the comparison of two revisions.
type revisionsPage struct {
	layout
	Editor              editorKind
	Article             *masthead.Article
	Old, New            *masthead.ArticleRevision
	Headline, Dek, Body diffBlock
}

// diffBlock is the comparison of one field of two revisions.
type diffBlock struct {
	Title string
	Lines []diffLine
}

// findRevisionPair loads the revisions from and to of an article, by
// number; 0 means the newest for to and the one before to for from.
func findRevisionPair(revs []*masthead.ArticleRevision, from, to int) (*masthead.ArticleRevision, *masthead.ArticleRevision) {
	var old, new *masthead.ArticleRevision
	for i, r := range revs {
		if to == 0 && i == 0 || r.Revision == to {
			new = r
			if from == 0 && i+1 < len(revs) {
				old = revs[i+1]
			}
		}
		if from != 0 && r.Revision == from {
			old = r
		}
	}
	return old, new
}

// handleRevisions serves "GET /admin/articles/{id}/revisions?from=A&to=B":
// what changed between two revisions.
func (s *Server) handleRevisions(w http.ResponseWriter, r *http.Request) {
	s.compareRevisions(w, r, articleEditor)
}

// compareRevisions serves the comparison of two revisions of an article
// or page.
func (s *Server) compareRevisions(w http.ResponseWriter, r *http.Request, ek editorKind) {
	a, ok := s.findEditable(w, r, ek)
	if !ok {
		return
	}
	revs, err := s.store.FindRevisions(r.Context(), a.ID, 500)
	if err != nil {
		s.error(w, r, err)
		return
	}
	from, _ := strconv.Atoi(r.URL.Query().Get("from"))
	to, _ := strconv.Atoi(r.URL.Query().Get("to"))
	old, new := findRevisionPair(revs, from, to)
	if old == nil || new == nil {
		s.handleNotFound(w, r)
		return
	}
	lay, err := s.adminLayout(r, "", ek.Nav)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay.setTitle(lay.T("Changes: %s", a.Headline))
	s.render(w, r, http.StatusOK, "admin_revisions", &revisionsPage{layout: lay, Editor: ek, Article: a, Old: old, New: new,
		Headline: diffBlock{lay.T("Headline"), diffLines(old.Headline, new.Headline)}, Dek: diffBlock{lay.T("Dek"), diffLines(old.Dek, new.Dek)},
		Body: diffBlock{lay.T("Body"), diffLines(old.BodySource, new.BodySource)}})
}

// handleRestoreRevision serves "POST /admin/articles/{id}/revisions/{rev}/restore":
// the text of an old revision becomes the article's again, as a new
// revision, so nothing is lost by restoring.
func (s *Server) handleRestoreRevision(w http.ResponseWriter, r *http.Request) {
	s.restoreRevision(w, r, articleEditor)
}

// restoreRevision restores an old revision of an article or page.
func (s *Server) restoreRevision(w http.ResponseWriter, r *http.Request, ek editorKind) {
	ctx := r.Context()
	a, ok := s.findEditable(w, r, ek)
	if !ok {
		return
	}
	// Restoring is a save: on a published or scheduled article, only for
	// those who may publish it.
	if err := ek.check(currentUser(ctx), a, masthead.ActionSave); err != nil {
		s.error(w, r, err)
		return
	}
	want, _ := strconv.Atoi(r.PathValue("rev"))
	revs, err := s.store.FindRevisions(ctx, a.ID, 500)
	if err != nil {
		s.error(w, r, err)
		return
	}
	_, rev := findRevisionPair(revs, -1, want)
	if rev == nil || want == 0 {
		s.handleNotFound(w, r)
		return
	}
	a.Headline, a.Dek, a.BodySource, a.Excerpt, a.ExcerptGenerated = rev.Headline, rev.Dek, rev.BodySource, rev.Excerpt, false
	a.EditedBy = currentUser(ctx).ID
	if err := content.PrepareArticleWith(ctx, a, s.store); err != nil {
		s.error(w, r, err)
		return
	}
	// A revision keeps the excerpt's text but not where it came from: text
	// the generator made from the restored body stays generated.
	content.RecognizeGeneratedExcerpt(a)
	if err := s.store.UpdateArticle(ctx, a); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, ek.URL(a.ID)+"?"+
		url.Values{"notice": {s.staffLocale(r).T("Revision %d was restored as a new revision.", want)}}.Encode(), http.StatusSeeOther)
}

// handlePreview serves "POST /admin/preview": the body Markdown rendered as
// it would be published, for the editor's live preview. The HTML is the
// sanitiser's, so inserting it cannot run script.
func (s *Server) handlePreview(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 2<<20)
	html, err := content.RenderBody(r.Context(), r.PostFormValue("body"), s.store)
	if err != nil {
		s.error(w, r, err)
		return
	}
	html = localizedBody(s.staffLocale(r), html)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(html))
}
