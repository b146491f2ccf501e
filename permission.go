package masthead

// Action is something a staff member may be allowed to do.
type Action string

// Actions, as the roles grant them.
const (
	ActWriteDrafts      Action = "write drafts"      // write and edit one's own drafts, submit them for review
	ActPublishOwn       Action = "publish own"       // publish and edit one's own articles
	ActUploadMedia      Action = "upload media"      // upload images
	ActEditAny          Action = "edit any"          // edit and publish every article
	ActModerateComments Action = "moderate comments" // approve, spam, trash comments
	ActManageTaxonomy   Action = "manage taxonomy"   // categories and tags
	ActManageStaff      Action = "manage staff"      // staff accounts and roles
	ActManageSettings   Action = "manage settings"   // site settings
)

// grants lists, per role, what it may do; each role adds to the one below.
var grants = map[Role][]Action{
	RoleContributor: {ActWriteDrafts},
	RoleAuthor:      {ActWriteDrafts, ActPublishOwn, ActUploadMedia},
	RoleEditor:      {ActWriteDrafts, ActPublishOwn, ActUploadMedia, ActEditAny, ActModerateComments, ActManageTaxonomy},
	RoleAdmin: {ActWriteDrafts, ActPublishOwn, ActUploadMedia, ActEditAny, ActModerateComments, ActManageTaxonomy,
		ActManageStaff, ActManageSettings},
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
// or any article (editors and admins).
func CanEditArticle(u *Author, a *Article) bool {
	if u == nil {
		return false
	}
	if Can(u.Role, ActEditAny) {
		return true
	}
	if !isAuthorOf(u, a) {
		return false
	}
	if Can(u.Role, ActPublishOwn) {
		return true
	}
	return Can(u.Role, ActWriteDrafts) && (a.Status == StatusDraft || a.Status == StatusPending)
}

// CanPublishArticle reports whether u may publish or schedule a.
func CanPublishArticle(u *Author, a *Article) bool {
	if u == nil {
		return false
	}
	return Can(u.Role, ActEditAny) || Can(u.Role, ActPublishOwn) && isAuthorOf(u, a)
}

func isAuthorOf(u *Author, a *Article) bool {
	for _, au := range a.Authors {
		if au.ID == u.ID {
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
