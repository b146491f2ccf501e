package web

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead"
	"masthead/content"
	"masthead/i18n"
)

// Full previews and preview links. A preview is the public article page
// itself, rendered by renderArticlePage with the article's template, under
// a banner that says it is not published; it is never cached, never
// indexed and never sent as a referrer.

// previewBanner is what the banner over a preview says.
type previewBanner struct {
	// Published: the article is public, and the preview is its saved
	// text, which readers may already see.
	Published bool
	// Scheduled is when a scheduled article goes out; zero otherwise.
	Scheduled time.Time
	// Unsaved: the preview shows what was in the editor's form, not what
	// is stored.
	Unsaved bool
	// Shared: reached through a preview link, by someone who may have no
	// account; Expires is when the link stops working.
	Shared  bool
	Expires time.Time
	// EditURL leads staff back to the editor; empty on a preview link.
	EditURL string
	// Page: what is previewed is one of the site's pages, not an article.
	Page bool
}

// previewLinkPath is where preview links live: outside /admin/, since
// whoever follows one has no account.
const previewLinkPath = "/preview/"

// setPreviewHeaders keeps a preview out of every cache and index, and
// keeps its address, which may carry a preview link's secret, out of the
// Referer header of every link followed from it.
func setPreviewHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("Referrer-Policy", "no-referrer")
}

// asPreviewed returns a copy of a as a preview shows it: a draft that has
// no publication time yet is dated now, and one without a slug gets the
// one its headline will give it.
func asPreviewed(a *masthead.Article, now time.Time) *masthead.Article {
	c := *a
	if c.PublishedAt.IsZero() {
		c.PublishedAt = now
	}
	if c.UpdatedAt.IsZero() || c.UpdatedAt.Before(c.PublishedAt) {
		c.UpdatedAt = c.PublishedAt
	}
	if c.Slug == "" {
		c.Slug = masthead.Slugify(c.Headline)
	}
	return &c
}

// renderPreview renders the preview of a, with the public site's layout
// (not the admin's), so that it looks as it will to readers: an article
// through the article page's code, a page through the page's.
func (s *Server) renderPreview(w http.ResponseWriter, r *http.Request, a *masthead.Article, banner *previewBanner) {
	a = asPreviewed(a, s.now())
	lay, err := s.layout(r, a.Headline)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay.Description = a.Excerpt
	if a.Dek != "" {
		lay.Description = a.Dek
	}
	banner.Published = a.Status == masthead.StatusPublished
	banner.Page = a.IsPage()
	if a.Status == masthead.StatusScheduled {
		banner.Scheduled = a.PublishedAt.In(lay.Loc)
	}
	if !banner.Expires.IsZero() {
		banner.Expires = banner.Expires.In(lay.Loc)
	}
	if a.IsPage() {
		s.pageSocial(r, &lay, a)
		s.renderPage(w, r, a, lay, banner)
		return
	}
	s.articleSocial(r, &lay, a)
	s.renderArticlePage(w, r, a, lay, nil, http.StatusOK, 0, banner)
}

// handleArticlePreview serves "GET /admin/articles/{id}/preview": the
// article as last saved, as readers will see it, for whoever may edit it.
func (s *Server) handleArticlePreview(w http.ResponseWriter, r *http.Request) {
	s.previewSaved(w, r, articleEditor)
}

// handlePagePreview serves "GET /admin/pages/{id}/preview": the page as
// last saved, as readers will see it, for editors and admins.
func (s *Server) handlePagePreview(w http.ResponseWriter, r *http.Request) {
	s.previewSaved(w, r, pageEditor)
}

// previewSaved shows the article or page of an editor URL as last saved.
func (s *Server) previewSaved(w http.ResponseWriter, r *http.Request, ek editorKind) {
	a, ok := s.findPreviewable(w, r, ek)
	if !ok {
		return
	}
	s.renderPreview(w, r, a, &previewBanner{EditURL: ek.URL(a.ID)})
}

// findPreviewable loads the article or page of an editor URL that the
// user may preview, or answers the request itself.
func (s *Server) findPreviewable(w http.ResponseWriter, r *http.Request, ek editorKind) (*masthead.Article, bool) {
	a, ok := s.findEditable(w, r, ek)
	if !ok {
		return nil, false
	}
	if !masthead.CanPreviewArticle(currentUser(r.Context()), a) {
		refusal := masthead.Errorf(masthead.EFORBIDDEN, "Your role does not allow you to preview this article.")
		if ek.IsPage() {
			refusal = masthead.Errorf(masthead.EFORBIDDEN, "Your role does not allow you to preview this page.")
		}
		s.error(w, r, refusal)
		return nil, false
	}
	return a, true
}

// previewFromForm answers the editor's Full preview button: the article
// as the form has it, saved or not, and nothing is written, not even the
// new tags the form names.
func (s *Server) previewFromForm(w http.ResponseWriter, r *http.Request, page *editorPage, stored *masthead.Article) {
	ctx := r.Context()
	f := page.Form
	a := &masthead.Article{Kind: masthead.KindArticle, Status: masthead.StatusDraft}
	if stored != nil {
		c := *stored
		a = &c
	}
	a.Headline, a.Dek, a.BodySource, a.Excerpt = f.Headline, f.Dek, f.Body, f.Excerpt
	a.ExcerptGenerated = f.Excerpt == ""
	a.Dateline, a.SourceName, a.SourceURL, a.CommentsOpen = f.Dateline, f.SourceName, f.SourceURL, f.CommentsOpen
	if f.Slug != "" {
		a.Slug = f.Slug
	}
	if at, err := time.ParseInLocation(datetimeLocal, f.PublishAt, page.Loc); err == nil && a.Status != masthead.StatusPublished {
		a.PublishedAt = at
	}
	if page.Editor.IsPage() {
		applyPageForm(a, stored, currentUser(ctx), f)
		s.previewPrepared(w, r, a, page, stored)
		return
	}
	if _, err := s.applyFormLinks(ctx, a, page); err != nil {
		s.error(w, r, err)
		return
	}
	a.Tags = nil
	for _, name := range strings.Split(f.Tags, ",") {
		slug := masthead.Slugify(name)
		if slug == "" {
			continue
		}
		tag, err := s.store.FindTagBySlug(ctx, slug)
		switch masthead.ErrorCode(err) {
		case "":
		case masthead.ENOTFOUND:
			tag = &masthead.Tag{Name: strings.TrimSpace(name), Slug: slug} // created when the article is saved
		default:
			s.error(w, r, err)
			return
		}
		a.Tags = append(a.Tags, tag)
	}
	s.previewPrepared(w, r, a, page, stored)
}

// previewPrepared renders a form's article or page once its fields are
// set, its body's figures drawn from the library as saving draws them.
func (s *Server) previewPrepared(w http.ResponseWriter, r *http.Request, a *masthead.Article, page *editorPage, stored *masthead.Article) {
	if err := content.PrepareArticleWith(r.Context(), a, s.store); err != nil {
		s.error(w, r, err)
		return
	}
	banner := &previewBanner{Unsaved: true}
	if stored != nil {
		banner.EditURL = page.Editor.URL(stored.ID)
	}
	s.renderPreview(w, r, a, banner)
}

// previewLinkPurpose is what preview link signatures are made for.
const previewLinkPurpose = "preview link"

// newPreviewToken returns a fresh preview link token: the address segment
// it travels in, a random secret with its signature, and the hash the
// store keeps of the secret.
func newPreviewToken(secret []byte) (segment, hash string, err error) {
	raw := make([]byte, 18)
	if _, err := rand.Read(raw); err != nil {
		return "", "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	mac := base64.RawURLEncoding.EncodeToString(sign(secret, previewLinkPurpose, []byte(token)))
	return token + "." + mac, masthead.HashToken(token), nil
}

// previewTokenHash checks the signature of a preview link's segment and
// returns the hash under which the store keeps it. A segment this site
// did not sign is refused without a look at the database.
func previewTokenHash(secret []byte, segment string) (string, bool) {
	token, mac, ok := strings.Cut(segment, ".")
	if !ok || token == "" {
		return "", false
	}
	got, err := base64.RawURLEncoding.DecodeString(mac)
	if err != nil || !hmac.Equal(got, sign(secret, previewLinkPurpose, []byte(token))) {
		return "", false
	}
	return masthead.HashToken(token), true
}

// lifetimeChoice is one choice of how long a new preview link works.
type lifetimeChoice struct {
	Hours   int
	Label   string
	Default bool
}

// previewLinkLifetimes are the lifetime menu's choices.
func previewLinkLifetimes(lay *layout) []lifetimeChoice {
	var out []lifetimeChoice
	for _, d := range masthead.PreviewLinkLifetimes {
		hours := int(d / time.Hour)
		label := lay.N("%d day", "%d days", hours/24)
		out = append(out, lifetimeChoice{Hours: hours, Label: label, Default: d == masthead.DefaultPreviewLinkLifetime})
	}
	return out
}

// handleCreatePreviewLink serves "POST /admin/articles/{id}/preview-links":
// a new preview link of the article, shown once on the editor page, since
// only its hash is kept.
func (s *Server) handleCreatePreviewLink(w http.ResponseWriter, r *http.Request) {
	s.createPreviewLink(w, r, articleEditor)
}

// handleCreatePagePreviewLink serves "POST /admin/pages/{id}/preview-links":
// a new preview link of the page.
func (s *Server) handleCreatePagePreviewLink(w http.ResponseWriter, r *http.Request) {
	s.createPreviewLink(w, r, pageEditor)
}

// createPreviewLink makes a preview link of the article or page of an
// editor URL.
func (s *Server) createPreviewLink(w http.ResponseWriter, r *http.Request, ek editorKind) {
	ctx := r.Context()
	a, ok := s.findPreviewable(w, r, ek)
	if !ok {
		return
	}
	lifetime := masthead.DefaultPreviewLinkLifetime
	if v := r.PostFormValue("lifetime"); v != "" {
		hours, err := strconv.Atoi(v)
		lifetime = time.Duration(hours) * time.Hour
		known := false
		for _, d := range masthead.PreviewLinkLifetimes {
			known = known || d == lifetime
		}
		if err != nil || !known {
			s.error(w, r, masthead.Errorf(masthead.EINVALID, "A preview link works for one of the lifetimes the form offers, at most 30 days."))
			return
		}
	}
	secret, err := s.secret(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	segment, hash, err := newPreviewToken(secret)
	if err != nil {
		s.error(w, r, err)
		return
	}
	link := &masthead.PreviewLink{ArticleID: a.ID, TokenHash: hash, CreatedBy: currentUser(ctx).ID, ExpiresAt: s.now().Add(lifetime)}
	if err := s.store.CreatePreviewLink(ctx, link); err != nil {
		s.error(w, r, err)
		return
	}
	lay, err := s.editorLayout(r, ek, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &editorPage{layout: lay, Editor: ek, Article: a, Form: formFromArticle(a, lay.Loc),
		NewPreviewLink: s.absURL(r, previewLinkPath+segment),
		Notice:         lay.T("A preview link was made. Copy it now: for safety it is shown only this once.")}
	if err := s.editorData(r, page); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusCreated, "admin_editor", page)
}

// handleRevokePreviewLink serves
// "POST /admin/articles/{id}/preview-links/{link}/revoke": the link stops
// working at once, and says so to whoever follows it.
func (s *Server) handleRevokePreviewLink(w http.ResponseWriter, r *http.Request) {
	s.revokePreviewLink(w, r, articleEditor)
}

// handleRevokePagePreviewLink serves
// "POST /admin/pages/{id}/preview-links/{link}/revoke".
func (s *Server) handleRevokePagePreviewLink(w http.ResponseWriter, r *http.Request) {
	s.revokePreviewLink(w, r, pageEditor)
}

// revokePreviewLink ends a preview link of the article or page of an
// editor URL.
func (s *Server) revokePreviewLink(w http.ResponseWriter, r *http.Request, ek editorKind) {
	a, ok := s.findPreviewable(w, r, ek)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("link"), 10, 64)
	if err != nil {
		s.handleNotFound(w, r)
		return
	}
	if err := s.store.RevokePreviewLink(r.Context(), a.ID, id); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, ek.URL(a.ID)+"?"+url.Values{"notice": {s.staffLocale(r).T(ek.pick(i18n.Key("The preview link was revoked: it no longer opens the article."),
		i18n.Key("The preview link was revoked: it no longer opens the page.")))}}.Encode(),
		http.StatusSeeOther)
}

// handlePreviewLink serves "GET /preview/{token}": the article or page of
// a preview link as last saved, to anyone with the link, until it expires
// or is revoked (410 then), without staff names beyond the byline or
// anything else of the newsroom's.
func (s *Server) handlePreviewLink(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	setPreviewHeaders(w)
	secret, err := s.secret(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	hash, ok := previewTokenHash(secret, r.PathValue("token"))
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	// Read where the link was written, so that a revocation a moment ago
	// holds on every node.
	ctx = masthead.WithPrimary(ctx)
	r = r.WithContext(ctx)
	link, err := s.store.FindPreviewLink(ctx, hash)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !link.Usable(s.now()) {
		s.previewLinkEnded(w, r, link)
		return
	}
	a, err := s.store.FindArticleByID(ctx, link.ArticleID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderPreview(w, r, a, &previewBanner{Shared: true, Expires: link.ExpiresAt})
}

// previewLinkEnded answers a preview link that expired or was revoked:
// 410, with a sentence saying which, so that the reader knows to ask for
// a new one.
func (s *Server) previewLinkEnded(w http.ResponseWriter, r *http.Request, link *masthead.PreviewLink) {
	lay, err := s.layout(r, "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := errorPage{Status: http.StatusGone, Heading: lay.T("This preview link has ended")}
	lay.setTitle(page.Heading)
	if !link.RevokedAt.IsZero() {
		page.Message = lay.T("The newsroom revoked this preview link, so it no longer opens the article; ask them for a new one if you still need it.")
	} else {
		page.Message = lay.T("This preview link expired on %s; ask the newsroom for a new one if you still need it.", lay.tr().DateTime(link.ExpiresAt.In(lay.Loc)))
	}
	lay.NoIndex = true
	page.layout = lay
	s.render(w, r, http.StatusGone, "error", &page)
}

// previewLinkData loads what the editor's preview links section shows.
func (s *Server) previewLinkData(r *http.Request, page *editorPage) error {
	links, err := s.store.FindPreviewLinks(r.Context(), page.Article.ID)
	if err != nil {
		return err
	}
	page.PreviewLinks = nil
	for _, l := range links {
		v := previewLinkView{ID: l.ID, Created: l.CreatedAt.In(page.Loc), Expires: l.ExpiresAt.In(page.Loc)}
		for _, st := range page.allStaff {
			if st.ID == l.CreatedBy {
				v.By = st.Name
			}
		}
		page.PreviewLinks = append(page.PreviewLinks, v)
	}
	page.LinkLifetimes = previewLinkLifetimes(&page.layout)
	return nil
}
