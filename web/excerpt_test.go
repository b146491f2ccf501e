package web

import (
	"context"
	"fmt"
	"testing"

	"masthead"
)

// TestEditorKeepsGeneratedExcerptsGenerated saves articles through the
// editor form as the browser sends it back: a generated excerpt follows
// the body's edits, a written one stays through them.
func TestEditorKeepsGeneratedExcerptsGenerated(t *testing.T) {
	rig := newEditorRig(t)
	ctx := context.Background()
	editor := rig.staff[masthead.RoleEditor]
	stored := func(id int64) *masthead.Article {
		t.Helper()
		a, err := rig.store.FindArticleByID(ctx, id)
		must(t, err)
		return a
	}
	// excerptField returns the excerpt field's value and placeholder as
	// the editor shows them.
	excerptField := func(id int64) (value, placeholder string) {
		t.Helper()
		doc := parse(t, body(t, send(t, rig.server, "GET", fmt.Sprintf("/admin/articles/%d", id), nil, rig.cookies[masthead.RoleEditor])))
		field := first(t, doc, byID("excerpt"), "the excerpt field")
		return text(field), attr(field, "placeholder")
	}
	saveWith := func(id int64, bodyText, excerpt string) {
		t.Helper()
		v := articleValues("Pier works", editor)
		v.Set("body", bodyText)
		v.Set("excerpt", excerpt)
		savedID(t, rig.save(t, masthead.RoleEditor, fmt.Sprintf("/admin/articles/%d", id), v, "save"))
	}

	v := articleValues("Pier works", editor)
	v.Set("body", "The pier opens in the spring.\n\n## What we know\n\n- Construction is 80% complete\n- The budget grew")
	id := savedID(t, rig.save(t, masthead.RoleEditor, "/admin/articles/new", v, "save"))
	generated := "The pier opens in the spring. What we know. Construction is 80% complete. The budget grew."
	if a := stored(id); a.Excerpt != generated || !a.ExcerptGenerated {
		t.Fatalf("first save: excerpt %q generated=%v, want %q", a.Excerpt, a.ExcerptGenerated, generated)
	}
	value, placeholder := excerptField(id)
	if value != "" || placeholder != generated {
		t.Fatalf("the editor shows the generated excerpt as value %q, placeholder %q; want it as the placeholder only", value, placeholder)
	}

	saveWith(id, "The pier opened today, on time.", value)
	if a := stored(id); a.Excerpt != "The pier opened today, on time." || !a.ExcerptGenerated {
		t.Fatalf("after a body edit: excerpt %q generated=%v", a.Excerpt, a.ExcerptGenerated)
	}

	saveWith(id, "The pier opened today, on time.", "Written by the desk.")
	value, placeholder = excerptField(id)
	if value != "Written by the desk." || placeholder != "" {
		t.Fatalf("a written excerpt shows as value %q, placeholder %q", value, placeholder)
	}
	saveWith(id, "The pier closed again an hour later.", value)
	if a := stored(id); a.Excerpt != "Written by the desk." || a.ExcerptGenerated {
		t.Fatalf("a written excerpt after a body edit: %q generated=%v", a.Excerpt, a.ExcerptGenerated)
	}

	// Emptying the field hands the excerpt back to the generator.
	saveWith(id, "The pier closed again an hour later.", "")
	if a := stored(id); a.Excerpt != "The pier closed again an hour later." || !a.ExcerptGenerated {
		t.Fatalf("after emptying the field: %q generated=%v", a.Excerpt, a.ExcerptGenerated)
	}
}
