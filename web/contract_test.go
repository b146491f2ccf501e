package web

import (
	"io/fs"
	"os"
	"path"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"masthead"
)

// contractValues are the values page templates get, by the names the
// README's template contract gives them.
var contractValues = map[string]any{
	"layout":             layout{},
	"listPage":           listPage{},
	"articlePage":        articlePage{},
	"pagePage":           pagePage{},
	"searchPage":         searchPage{},
	"refusedCommentPage": refusedCommentPage{},
	"errorPage":          errorPage{},
	"privacyPage":        privacyPage{},
	"privacyRequestPage": privacyRequestPage{},
	"privacyConfirmPage": privacyConfirmPage{},
	"privacyErasedPage":  privacyErasedPage{},
	"followUpPage":       followUpPage{},
}

// TestTemplateContract reads the README's template contract: every public
// page template is in it, every template it names exists, and every field
// it names exists on the page's value (its own or the layout's), so that
// what themes are told cannot drift from the code; and every field of a
// page's value, and of the cards, blocks, banner and strip inside it, is
// named, so that a field added for templates is told to themes too. The
// functions it says templates may call exist too.
func TestTemplateContract(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	must(t, err)
	_, rest, ok := strings.Cut(string(readme), "<!-- template contract -->")
	table, after, ok2 := strings.Cut(rest, "<!-- end template contract -->")
	if !ok || !ok2 {
		t.Fatal("the README has no template contract between its markers")
	}
	code := regexp.MustCompile("`([^`]+)`")
	documented := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(table), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 4 || strings.HasPrefix(cells[0], "---") || cells[0] == "page type" {
			continue
		}
		tmpl := strings.Trim(cells[1], "`")
		if _, err := fs.Stat(templateFS, "templates/"+tmpl); err != nil {
			t.Errorf("%s: the template %s does not exist", cells[0], tmpl)
		}
		documented[tmpl] = true
		value, ok := contractValues[strings.Trim(cells[2], "`")]
		if !ok {
			t.Errorf("%s: the value %s is not a page's value", cells[0], cells[2])
			continue
		}
		typ := reflect.TypeOf(value)
		// Only the names before any explanation in brackets are fields of
		// the value itself.
		fields := regexp.MustCompile(`\([^)]*\)`).ReplaceAllString(cells[3], "")
		for _, m := range code.FindAllStringSubmatch(fields, -1) {
			if _, ok := typ.FieldByName(m[1]); !ok {
				t.Errorf("%s: %s has no field %s", cells[0], typ.Name(), m[1])
			}
		}
		// And the row covers the value: each of its own fields is named.
		named := map[string]bool{}
		for _, m := range code.FindAllStringSubmatch(fields, -1) {
			named[m[1]] = true
		}
		for _, f := range reflect.VisibleFields(typ) {
			if f.IsExported() && len(f.Index) == 1 && !f.Anonymous && !named[f.Name] {
				t.Errorf("%s: the contract does not name the field %s of %s", cells[0], f.Name, typ.Name())
			}
		}
	}
	// The values inside pages' values are described in the table's
	// brackets or the text under it: each of their fields is named there.
	described := map[string]bool{}
	for _, m := range code.FindAllStringSubmatch(table+after, -1) {
		described[m[1]] = true
	}
	for _, inner := range []any{card{}, sectionBlock{}, previewBanner{}, masthead.Breaking{}, searchHit{}, masthead.Retention{}, cookieUse{}} {
		typ := reflect.TypeOf(inner)
		for _, f := range reflect.VisibleFields(typ) {
			if f.IsExported() && len(f.Index) == 1 && !f.Anonymous && !described[f.Name] {
				t.Errorf("the template contract does not name the field %s of %s", f.Name, typ)
			}
		}
	}
	pages, err := fs.Glob(templateFS, "templates/pages/*.html")
	must(t, err)
	for _, p := range pages {
		rel := strings.TrimPrefix(p, "templates/")
		if !strings.HasPrefix(path.Base(p), "admin_") && !documented[rel] {
			t.Errorf("the page template %s is not in the README's template contract", rel)
		}
	}
	funcs := (&Server{}).templateFuncs(nil)
	calls, _, _ := strings.Cut(after, "\n\n## ")
	_, calls, _ = strings.Cut(calls, "Templates may call")
	for _, m := range code.FindAllStringSubmatch(calls, -1) {
		if _, ok := funcs[m[1]]; !ok {
			t.Errorf("the README says templates may call %s, which is no template function", m[1])
		}
	}
}
