package masthead

import "testing"

// TestPermissions is the table of role × action the newsroom runs on.
func TestPermissions(t *testing.T) {
	all := []Action{ActWriteDrafts, ActPublishOwn, ActUploadMedia, ActEditAny, ActModerateComments, ActManageTaxonomy, ActManageStaff, ActManageSettings}
	want := map[Role]map[Action]bool{
		RoleContributor: {ActWriteDrafts: true},
		RoleAuthor:      {ActWriteDrafts: true, ActPublishOwn: true, ActUploadMedia: true},
		RoleEditor:      {ActWriteDrafts: true, ActPublishOwn: true, ActUploadMedia: true, ActEditAny: true, ActModerateComments: true, ActManageTaxonomy: true},
		RoleAdmin:       {ActWriteDrafts: true, ActPublishOwn: true, ActUploadMedia: true, ActEditAny: true, ActModerateComments: true, ActManageTaxonomy: true, ActManageStaff: true, ActManageSettings: true},
		"intruder":      {},
	}
	for role, allowed := range want {
		for _, a := range all {
			if got := Can(role, a); got != allowed[a] {
				t.Errorf("Can(%s, %s) = %v, want %v", role, a, got, allowed[a])
			}
		}
	}
}

func TestArticlePermissions(t *testing.T) {
	own := &Author{ID: 1}
	other := &Author{ID: 2}
	article := func(s Status, by *Author) *Article { return &Article{Status: s, Authors: []*Author{by}} }
	tests := []struct {
		role             Role
		article          *Article
		edit, canPublish bool
	}{
		{RoleContributor, article(StatusDraft, own), true, false},
		{RoleContributor, article(StatusPending, own), true, false},
		{RoleContributor, article(StatusPublished, own), false, false},
		{RoleContributor, article(StatusDraft, other), false, false},
		{RoleAuthor, article(StatusPublished, own), true, true},
		{RoleAuthor, article(StatusDraft, other), false, false},
		{RoleEditor, article(StatusPublished, other), true, true},
		{RoleAdmin, article(StatusScheduled, other), true, true},
	}
	for _, tt := range tests {
		u := &Author{ID: own.ID, Role: tt.role}
		if got := CanEditArticle(u, tt.article); got != tt.edit {
			t.Errorf("%s editing a %s article by %d: %v, want %v", tt.role, tt.article.Status, tt.article.Authors[0].ID, got, tt.edit)
		}
		if got := CanPublishArticle(u, tt.article); got != tt.canPublish {
			t.Errorf("%s publishing a %s article by %d: %v, want %v", tt.role, tt.article.Status, tt.article.Authors[0].ID, got, tt.canPublish)
		}
	}
	if CanEditArticle(nil, article(StatusDraft, own)) || CanPublishArticle(nil, article(StatusDraft, own)) {
		t.Error("nobody may do something")
	}
}

func TestCheckDisableStaff(t *testing.T) {
	admin := &Author{ID: 1, Role: RoleAdmin}
	otherAdmin := &Author{ID: 2, Role: RoleAdmin}
	editor := &Author{ID: 3, Role: RoleEditor}
	reporter := &Author{ID: 4, Role: RoleAuthor}
	tests := []struct {
		name      string
		u, target *Author
		want      string
	}{
		{"an admin disables a reporter", admin, reporter, ""},
		{"an admin disables another admin", admin, otherAdmin, ""},
		{"an admin disables themself", admin, admin, ECONFLICT},
		{"an editor disables a reporter", editor, reporter, EFORBIDDEN},
		{"an editor disables themself", editor, editor, EFORBIDDEN},
		{"nobody disables a reporter", nil, reporter, EFORBIDDEN},
	}
	for _, tt := range tests {
		if got := ErrorCode(CheckDisableStaff(tt.u, tt.target)); got != tt.want {
			t.Errorf("%s: code %q, want %q", tt.name, got, tt.want)
		}
	}
}
