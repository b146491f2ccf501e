package web

import (
	"errors"
	"html/template"
	"net/http"

	"masthead"
	"masthead/i18n"
	"masthead/markdown"
	"masthead/media"
)

// articleStatusNames are the editorial statuses as the newsroom's pages
// name them.
// They are written in lower case, as the status line and the lists show
// one article's status, unlike the tabs and headings that name a group
// ("Scheduled").
var articleStatusNames = map[masthead.Status]string{
	masthead.StatusDraft:     i18n.Key("draft"),
	masthead.StatusPending:   i18n.Key("pending"),
	masthead.StatusScheduled: i18n.Key("scheduled"),
	masthead.StatusPublished: i18n.Key("published"),
}

// articleStatusName names an article's status in the locale's language.
func articleStatusName(loc *i18n.Locale, st masthead.Status) string {
	if name, ok := articleStatusNames[st]; ok {
		return loc.T(name)
	}
	return string(st)
}

// moderationLabels are the moderation actions' buttons, by the action's
// name (moderation.Actions keeps the English ones for the command line).
var moderationLabels = map[string]string{
	"approve":   i18n.Key("Approve"),
	"unapprove": i18n.Key("Unapprove"),
	"spam":      i18n.Key("Spam"),
	"trash":     i18n.Key("Trash"),
	"restore":   i18n.Key("Restore"),
	"delete":    i18n.Key("Delete for good"),
}

// moderationLabel is an action's button in the locale's language.
func moderationLabel(loc *i18n.Locale, name, english string) string {
	if key, ok := moderationLabels[name]; ok {
		return loc.T(key)
	}
	return english
}

// moderationDone says what an action did to n comments, in the locale's
// language and plural.
func moderationDone(loc *i18n.Locale, name string, n int) string {
	switch name {
	case "approve":
		return loc.N("%d comment approved.", "%d comments approved.", n)
	case "unapprove":
		return loc.N("%d comment moved back to pending.", "%d comments moved back to pending.", n)
	case "spam":
		return loc.N("%d comment marked as spam.", "%d comments marked as spam.", n)
	case "trash":
		return loc.N("%d comment moved to the trash.", "%d comments moved to the trash.", n)
	case "restore":
		return loc.N("%d comment restored to pending.", "%d comments restored to pending.", n)
	default:
		return loc.N("%d comment deleted for good.", "%d comments deleted for good.", n)
	}
}

// staffLocale is the language of the newsroom's pages for the signed-in
// staff member: their own, else the site's. A handler that redirects
// writes its notice in it, as the page it leads to would.
func (s *Server) staffLocale(r *http.Request) *i18n.Locale {
	if u := currentUser(r.Context()); u != nil && u.Language != "" {
		return s.locale(u.Language)
	}
	site, err := s.site(r.Context())
	if err != nil {
		return i18n.Default()
	}
	return s.locale(site.Language)
}

// pick chooses the editor's message: an article's or a page's. Each is a
// sentence of its own, as languages give the two words other genders.
func (ek editorKind) pick(article, page string) string {
	if ek.IsPage() {
		return page
	}
	return article
}

// bodyIn returns a stored body's HTML with its embeds' facades in the
// locale's language, for the templates' articleBody.
func bodyIn(loc *i18n.Locale, h string) template.HTML {
	return template.HTML(localizedBody(loc, h))
}

// localizedBody is h with its embeds' facades in loc's language. Bodies
// are stored with English facades, so an English page takes them as they
// are, without reading them again.
func localizedBody(loc *i18n.Locale, h string) string {
	if loc.Language() == i18n.English {
		return h
	}
	return markdown.LocalizeEmbeds(h, loc.T)
}

// embedTexts are the providers' generic titles and buttons and the
// facade's own text, which markdown.LocalizeEmbeds translates (the
// embed package stays free of the catalogs; TestEmbedTextsAreCatalogued
// keeps this list whole).
var embedTexts = []string{
	i18n.Key("%s: %s"), i18n.Key("Nothing is loaded from %s until you ask for it."), i18n.Key("Open on %s"),
	i18n.Key("Play video"), i18n.Key("Play audio"), i18n.Key("Show post"), i18n.Key("Show chart"),
	i18n.Key("Show document"), i18n.Key("Show map"),
	i18n.Key("YouTube video"), i18n.Key("YouTube Short"), i18n.Key("Vimeo video"), i18n.Key("Post on X"),
	i18n.Key("Instagram post"), i18n.Key("Instagram reel"), i18n.Key("TikTok video"), i18n.Key("Datawrapper chart"),
	i18n.Key("Flourish chart"), i18n.Key("Flourish story"), i18n.Key("DocumentCloud document"),
	i18n.Key("Spotify track"), i18n.Key("Spotify episode"), i18n.Key("Spotify podcast"), i18n.Key("Spotify playlist"),
	i18n.Key("Spotify album"), i18n.Key("Apple Podcasts show"), i18n.Key("Apple Podcasts episode"), i18n.Key("OpenStreetMap map"),
}

// editorLayout is the layout of the editor of stored (nil for a new
// article or page), titled in the staff member's language.
func (s *Server) editorLayout(r *http.Request, ek editorKind, stored *masthead.Article) (layout, error) {
	lay, err := s.adminLayout(r, "", ek.Nav)
	if err != nil {
		return lay, err
	}
	if stored == nil {
		lay.setTitle(lay.T(ek.pick(i18n.Key("New article"), i18n.Key("New page"))))
	} else {
		lay.setTitle(lay.T("Edit: %s", stored.Headline))
	}
	return lay, nil
}

// listTitle is a list's title at page n of it: "Articles – Page 2".
func (lay *layout) listTitle(title string, n int) string {
	if n > 1 {
		return lay.T("%s – Page %d", lay.T(title), n)
	}
	return lay.T(title)
}

// notYours refuses to open the editor of an article or page the user may
// not edit.
func (ek editorKind) notYours() error {
	if ek.IsPage() {
		return masthead.Errorf(masthead.EFORBIDDEN, "Your role does not allow you to edit this page.")
	}
	return masthead.Errorf(masthead.EFORBIDDEN, "Your role does not allow you to edit this article.")
}

// tooLong refuses an editor form larger than the server reads.
func (ek editorKind) tooLong() error {
	if ek.IsPage() {
		return masthead.Errorf(masthead.EINVALID, "The page is too long to save.")
	}
	return masthead.Errorf(masthead.EINVALID, "The article is too long to save.")
}

// uploadRefusal is why media.Process refused an upload, in the locale's
// language; empty for a failure that is not the upload's fault.
func uploadRefusal(loc *i18n.Locale, err error) string {
	switch {
	case errors.Is(err, media.ErrNotImage):
		return loc.T("The file is not a JPEG, PNG, GIF or WebP image.")
	case errors.Is(err, media.ErrTooLarge):
		return loc.T("The file is larger than %d MB.", media.MaxBytes>>20)
	case errors.Is(err, media.ErrTooBig):
		return loc.T("The image is larger than %d pixels on a side or %d megapixels.", media.MaxSide, int(media.MaxPixels/1e6))
	case errors.Is(err, media.ErrDamaged):
		return loc.T("The image could not be read; it may be damaged.")
	}
	return ""
}

// staffMessage is err's message for the signed-in staff member, in their
// language, for a form whose page is built after its errors.
func (s *Server) staffMessage(r *http.Request, err error) string {
	return (&layout{locale: s.staffLocale(r)}).message(err)
}

// menuSavedNotice says that a location's menu was saved, or emptied.
func menuSavedNotice(tr *i18n.Locale, loc masthead.MenuLocation, emptied bool) string {
	switch {
	case loc == masthead.MenuFooter && emptied:
		return tr.T("The footer menu was emptied: the site shows its default there.")
	case loc == masthead.MenuFooter:
		return tr.T("The footer menu was saved.")
	case emptied:
		return tr.T("The header menu was emptied: the site shows its default there.")
	}
	return tr.T("The header menu was saved.")
}
