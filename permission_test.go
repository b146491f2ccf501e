package masthead

import (
	"fmt"
	"testing"
	"time"
)

// TestPermissions is the table of role × action the newsroom runs on.
func TestPermissions(t *testing.T) {
	all := []Action{ActWriteDrafts, ActPublishOwn, ActUploadMedia, ActEditAny, ActModerateComments, ActManageTaxonomy, ActManageMenus, ActCurateFront, ActManageStaff, ActManageSettings, ActImportContent, ActManageReaderData}
	want := map[Role]map[Action]bool{
		RoleContributor: {ActWriteDrafts: true},
		RoleAuthor:      {ActWriteDrafts: true, ActPublishOwn: true, ActUploadMedia: true},
		RoleEditor: {ActWriteDrafts: true, ActPublishOwn: true, ActUploadMedia: true, ActEditAny: true, ActModerateComments: true, ActManageTaxonomy: true,
			ActManageMenus: true, ActCurateFront: true},
		RoleAdmin: {ActWriteDrafts: true, ActPublishOwn: true, ActUploadMedia: true, ActEditAny: true, ActModerateComments: true, ActManageTaxonomy: true,
			ActManageMenus: true, ActCurateFront: true, ActManageStaff: true, ActManageSettings: true, ActImportContent: true,
			ActManageReaderData: true},
		"intruder": {},
	}
	for role, allowed := range want {
		for _, a := range all {
			if got := Can(role, a); got != allowed[a] {
				t.Errorf("Can(%s, %s) = %v, want %v", role, a, got, allowed[a])
			}
		}
	}
}

// TestCurateFront: only the desk decides what leads the home and section
// pages; an author who may publish their own story may not pin it.
func TestCurateFront(t *testing.T) {
	for role, want := range map[Role]bool{RoleContributor: false, RoleAuthor: false, RoleEditor: true, RoleAdmin: true} {
		if got := CanCurateFront(&Author{Role: role}); got != want {
			t.Errorf("CanCurateFront(%s) = %v, want %v", role, got, want)
		}
	}
	if CanCurateFront(nil) {
		t.Error("CanCurateFront(nobody) = true, want false")
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

// TestMediaPermissions is the table of who may change an image's words.
func TestMediaPermissions(t *testing.T) {
	mine, theirs, imported := &Media{UploadedBy: 1}, &Media{UploadedBy: 2}, &Media{}
	want := map[Role][3]bool{ // mine, theirs, imported without an uploader
		RoleContributor: {false, false, false},
		RoleAuthor:      {true, false, false},
		RoleEditor:      {true, true, true},
		RoleAdmin:       {true, true, true},
		"intruder":      {false, false, false},
	}
	for role, allowed := range want {
		u := &Author{ID: 1, Role: role}
		for i, m := range []*Media{mine, theirs, imported} {
			if got := CanEditMedia(u, m); got != allowed[i] {
				t.Errorf("%s editing image %d (uploaded by %d): %v, want %v", role, i, m.UploadedBy, got, allowed[i])
			}
		}
	}
	if CanEditMedia(nil, mine) || CanEditMedia(&Author{ID: 1, Role: RoleAdmin}, nil) {
		t.Error("nobody may edit, and nothing may be edited")
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

// TestCreatorReachesArticle: whatever an editor does to the byline, the
// staff member who created an article can still work on it, as a byline
// author can; nobody else can.
func TestCreatorReachesArticle(t *testing.T) {
	creator := &Author{ID: 1, Role: RoleContributor}
	stranger := &Author{ID: 3, Role: RoleContributor}
	// An editor credited the piece to a colleague alone.
	draft := &Article{Status: StatusDraft, CreatedBy: creator.ID, Authors: []*Author{{ID: 2}}}
	if !Owns(creator, draft) || !CanEditArticle(creator, draft) {
		t.Error("the creator cannot reach their draft once the byline names someone else")
	}
	if Owns(stranger, draft) || CanEditArticle(stranger, draft) {
		t.Error("a contributor reaches an article they neither created nor are credited on")
	}
	authorCreator := &Author{ID: 1, Role: RoleAuthor}
	published := &Article{Status: StatusPublished, CreatedBy: authorCreator.ID, Authors: []*Author{{ID: 2}}}
	if !CanPublishArticle(authorCreator, published) {
		t.Error("an author cannot publish the article they created")
	}
	if Owns(&Author{Role: RoleContributor}, &Article{Authors: []*Author{{ID: 2}}}) {
		t.Error("an article with no known creator belongs to a staff member without an id")
	}
}

// TestCheckByline: editors credit anyone; everyone else writes new
// articles under their own name alone and may only reorder an existing
// byline.
func TestCheckByline(t *testing.T) {
	me, other, third := &Author{ID: 1}, &Author{ID: 2}, &Author{ID: 3}
	existing := &Article{Status: StatusDraft, CreatedBy: me.ID, Authors: []*Author{other, me}}
	tests := []struct {
		name   string
		role   Role
		stored *Article
		byline []*Author
		ok     bool
	}{
		{"a new article under one's own name", RoleContributor, nil, []*Author{me}, true},
		{"a new article credited to someone else", RoleContributor, nil, []*Author{other}, false},
		{"someone else first on a new article", RoleContributor, nil, []*Author{other, me}, false},
		{"an author adding a colleague", RoleAuthor, nil, []*Author{me, other}, false},
		{"reordering what an editor set", RoleContributor, existing, []*Author{me, other}, true},
		{"keeping what an editor set", RoleAuthor, existing, []*Author{other, me}, true},
		{"adding a name", RoleAuthor, existing, []*Author{other, me, third}, false},
		{"swapping a name", RoleAuthor, existing, []*Author{third, me}, false},
		{"dropping a colleague", RoleAuthor, existing, []*Author{me}, false},
		{"dropping oneself", RoleContributor, existing, []*Author{other}, false},
		{"an editor crediting anyone", RoleEditor, nil, []*Author{other, third}, true},
		{"an admin changing a byline", RoleAdmin, existing, []*Author{third}, true},
		{"no byline at all, left to Validate", RoleContributor, nil, nil, true},
	}
	for _, tt := range tests {
		err := CheckByline(&Author{ID: me.ID, Role: tt.role}, tt.stored, tt.byline)
		if tt.ok && err != nil {
			t.Errorf("%s (%s): refused with %v", tt.name, tt.role, err)
		}
		if !tt.ok && (ErrorCode(err) != EFORBIDDEN || ErrorField(err) != "authors") {
			t.Errorf("%s (%s): %v, want EFORBIDDEN on authors", tt.name, tt.role, err)
		}
	}
}

// TestCheckSlugChange: the address of an article that has been public
// moves only by an editor's hand, even once it is unpublished; drafts never
// published and new articles take any slug.
func TestCheckSlugChange(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	published := &Article{Status: StatusPublished, Slug: "tide-tables", PublishedAt: now.Add(-time.Hour)}
	draft := &Article{Status: StatusDraft, Slug: "tide-tables"}
	unpublished := &Article{Status: StatusDraft, Slug: "tide-tables", PublishedAt: now.Add(-time.Hour)}
	scheduled := &Article{Status: StatusScheduled, Slug: "tide-tables", PublishedAt: now.Add(time.Hour)}
	tests := []struct {
		role   Role
		stored *Article
		slug   string
		ok     bool
	}{
		{RoleAuthor, published, "tide-tables", true},
		{RoleAuthor, published, "new-tide-tables", false},
		{RoleAuthor, published, "", false},
		{RoleAuthor, draft, "new-tide-tables", true},
		{RoleAuthor, unpublished, "new-tide-tables", false},
		{RoleAuthor, scheduled, "new-tide-tables", true},
		{RoleEditor, unpublished, "new-tide-tables", true},
		{RoleContributor, nil, "anything", true},
		{RoleEditor, published, "new-tide-tables", true},
		{RoleAdmin, published, "", true},
	}
	for _, tt := range tests {
		err := CheckSlugChange(&Author{ID: 1, Role: tt.role}, tt.stored, tt.slug, now)
		if tt.ok != (err == nil) || err != nil && ErrorField(err) != "slug" {
			t.Errorf("%s changing the slug to %q: %v, want ok=%v", tt.role, tt.slug, err, tt.ok)
		}
	}
}

func TestBylineChoices(t *testing.T) {
	me, other, third := &Author{ID: 1}, &Author{ID: 2}, &Author{ID: 3}
	staff := []*Author{me, other, third}
	existing := &Article{CreatedBy: me.ID, Authors: []*Author{other}}
	ids := func(list []*Author) (out []int64) {
		for _, a := range list {
			out = append(out, a.ID)
		}
		return out
	}
	for _, tt := range []struct {
		role   Role
		stored *Article
		want   []int64
	}{
		{RoleContributor, nil, []int64{1}},
		{RoleAuthor, existing, []int64{2}},
		{RoleEditor, nil, []int64{1, 2, 3}},
		{RoleAdmin, existing, []int64{1, 2, 3}},
	} {
		got := ids(BylineChoices(&Author{ID: me.ID, Role: tt.role}, tt.stored, staff))
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s, stored %v: choices %v, want %v", tt.role, tt.stored != nil, got, tt.want)
		}
	}
}
