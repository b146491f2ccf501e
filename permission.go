package masthead

import "time"

// Action is something a staff member may be allowed to do.
type Action string

// Actions, as the roles grant them.
const (
	ActWriteDrafts      Action = "write drafts"       // write and edit one's own drafts, submit them for review
	ActPublishOwn       Action = "publish own"        // publish and edit one's own articles
	ActUploadMedia      Action = "upload media"       // upload images
	ActEditAny          Action = "edit any"           // edit and publish every article
	ActModerateComments Action = "moderate comments"  // approve, spam, trash comments
	ActManageTaxonomy   Action = "manage taxonomy"    // categories and tags
	ActManageMenus      Action = "manage menus"       // the header and footer menus
	ActCurateFront      Action = "curate front"       // pin articles to the home and section pages, the breaking strip
	ActManageStaff      Action = "manage staff"       // staff accounts and roles
	ActManageSettings   Action = "manage settings"    // site settings
	ActImportContent    Action = "import content"     // import another system's export (Tools → Import)
	ActManageReaderData Action = "manage reader data" // export and erase a commenter's data (Privacy)
)

// grants lists, per role, what it may do; each role adds to the one below.
var grants = map[Role][]Action{
	RoleContributor: {ActWriteDrafts},
	RoleAuthor:      {ActWriteDrafts, ActPublishOwn, ActUploadMedia},
	RoleEditor: {ActWriteDrafts, ActPublishOwn, ActUploadMedia, ActEditAny, ActModerateComments, ActManageTaxonomy, ActManageMenus,
		ActCurateFront},
	RoleAdmin: {ActWriteDrafts, ActPublishOwn, ActUploadMedia, ActEditAny, ActModerateComments, ActManageTaxonomy, ActManageMenus,
		ActCurateFront,
		ActManageStaff, ActManageSettings, ActImportContent, ActManageReaderData},
}

// Can reports whether a staff member with role r may do a.
func Can(r Role, a Action) bool {
	for _, g := range grants[r] {
		if g == a {
			return true
		}
	}
	return false
}

// CanEditArticle reports whether u may edit a: their own article while it
// is a draft or pending (contributors), their own in any state (authors),
// or any article (editors and admins). An article is one's own when one
// created it or is on its byline, so that whatever an editor does to the
// byline, its creator can still reach it. Pages are the site's own, not
// anyone's work: only editors and admins edit them (CanEditPages).
func CanEditArticle(u *Author, a *Article) bool {
	if u == nil {
		return false
	}
	if Can(u.Role, ActEditAny) {
		return true
	}
	if a.IsPage() || !Owns(u, a) {
		return false
	}
	if Can(u.Role, ActPublishOwn) {
		return true
	}
	return Can(u.Role, ActWriteDrafts) && (a.Status == StatusDraft || a.Status == StatusPending)
}

// CanPreviewArticle reports whether u may see the full preview of a and
// make or revoke its preview links: whoever may edit it, since a preview
// shows nothing its editor cannot already read in the editor. For one of
// the site's pages that is editors and admins, as CanEditArticle says.
func CanPreviewArticle(u *Author, a *Article) bool {
	return CanEditArticle(u, a)
}

// CanEditMedia reports whether u may change the description, caption and
// credit of an image in the library: editors and admins every image, as
// they edit every article; authors the images they uploaded themselves;
// contributors, who upload nothing, none. The words show in every article
// that shows the image, so an author may not change another's.
func CanEditMedia(u *Author, m *Media) bool {
	if u == nil || m == nil {
		return false
	}
	return Can(u.Role, ActEditAny) || Can(u.Role, ActUploadMedia) && m.UploadedBy != 0 && m.UploadedBy == u.ID
}

// CanPublishArticle reports whether u may publish or schedule a.
func CanPublishArticle(u *Author, a *Article) bool {
	if u == nil {
		return false
	}
	return Can(u.Role, ActEditAny) || !a.IsPage() && Can(u.Role, ActPublishOwn) && Owns(u, a)
}

// CanCurateFront reports whether u may pin articles to the home and
// section pages and switch the breaking strip: the desk's call, as what
// leads the front speaks for the whole paper, so editors and admins only.
// An author may publish their own story but not put it above everyone
// else's.
func CanCurateFront(u *Author) bool {
	return u != nil && Can(u.Role, ActCurateFront)
}

// CanEditPages reports whether u may write, edit and publish the site's
// pages (About, Contact, policies): those who may edit every article,
// since a page speaks for the whole site rather than for its writer.
func CanEditPages(u *Author) bool {
	return u != nil && Can(u.Role, ActEditAny)
}

// CheckPageAction is CheckAction for a page, stored being nil for a new
// one: EFORBIDDEN for anyone who may not edit pages, whatever the action.
func CheckPageAction(u *Author, stored *Article, act EditorialAction) error {
	if u == nil {
		return Errorf(EUNAUTHORIZED, "Please sign in.")
	}
	if !CanEditPages(u) {
		return Errorf(EFORBIDDEN, "Only editors and admins work on the site's pages.")
	}
	return CheckAction(u, stored, act)
}

// Owns reports whether a is u's own article: u created it or is on its
// byline. ArticleFilter.OwnerID selects the same articles.
func Owns(u *Author, a *Article) bool {
	if u == nil || a == nil {
		return false
	}
	return a.CreatedBy != 0 && a.CreatedBy == u.ID || onByline(u.ID, a.Authors)
}

func onByline(id int64, byline []*Author) bool {
	for _, au := range byline {
		if au != nil && au.ID == id {
			return true
		}
	}
	return false
}

// CheckDisableStaff reports why u may not disable target's account, or nil
// when u may. Only admins manage accounts, and no one disables their own:
// an admin who could would lock themself out, and with them perhaps the
// last person able to undo it. (The store separately refuses to disable
// the last active admin, which also holds on the command line.)
func CheckDisableStaff(u, target *Author) error {
	switch {
	case u == nil || !Can(u.Role, ActManageStaff):
		return Errorf(EFORBIDDEN, "Your role does not allow this.")
	case u.ID == target.ID:
		return Errorf(ECONFLICT, "You cannot disable your own account; another admin can.")
	}
	return nil
}

// CheckByline returns an EFORBIDDEN error for the "authors" field when u
// may not give an article the byline authors, where stored is the article
// as it stands (nil for a new one). Who is credited is the desk's
// decision, as in WordPress: editors and admins name anyone; everyone
// else writes a new article under their own name alone, and may reorder
// an existing byline but neither add nor remove a name. An empty byline
// is left to Article.Validate, which asks for an author.
func CheckByline(u *Author, stored *Article, authors []*Author) error {
	if u != nil && Can(u.Role, ActEditAny) || len(authors) == 0 {
		return nil
	}
	if stored == nil {
		for _, au := range authors {
			if u == nil || au == nil || au.ID != u.ID {
				return &Error{Code: EFORBIDDEN, Field: "authors",
					Message: "Only editors may put other staff on a byline: a new article of yours carries your name alone."}
			}
		}
		return nil
	}
	same := len(authors) == len(stored.Authors)
	for _, au := range authors {
		same = same && au != nil && onByline(au.ID, stored.Authors)
	}
	if !same {
		return &Error{Code: EFORBIDDEN, Field: "authors", Message: "Only editors may change who is on a byline; you may change its order."}
	}
	return nil
}

// BylineChoices returns those of staff whom u may name on the byline of
// stored (nil for a new article), as CheckByline decides: everyone for
// editors, else u alone on a new article and the names already on it on
// an existing one.
func BylineChoices(u *Author, stored *Article, staff []*Author) []*Author {
	if u != nil && Can(u.Role, ActEditAny) {
		return staff
	}
	var out []*Author
	for _, st := range staff {
		if stored == nil && u != nil && st.ID == u.ID || stored != nil && onByline(st.ID, stored.Authors) {
			out = append(out, st)
		}
	}
	return out
}

// CheckSlugChange returns an EINVALID error for the "slug" field when u
// may not give stored (nil for a new article) the slug at now. The address
// of an article that has been public is in links, feeds and search
// engines, so only editors move it, even after unpublishing it, and the
// store then leaves a redirect at the old one.
func CheckSlugChange(u *Author, stored *Article, slug string, now time.Time) error {
	if stored == nil || !stored.HasBeenPublic(now) || slug == stored.Slug || u != nil && Can(u.Role, ActEditAny) {
		return nil
	}
	return FieldErrorf("slug", "The address of a published article stays as it is, so that links to it keep working.")
}
