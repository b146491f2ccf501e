package web

import (
	"io/fs"
	"path"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// checkItem and checkPage are values for the type check's own tests: a
// field of each shape templates reach through.
type checkItem struct {
	Name   string
	Tags   []string
	Next   *checkItem
	Meta   map[string]string
	hidden int
}

func (checkItem) Upper(s string) string { return strings.ToUpper(s) }
func (*checkItem) Count() int           { return 1 }

type checkPage struct {
	Items []checkItem
	Item  *checkItem
	Any   any
	Err   error
	Flag  bool
}

// checkTemplates parses and checks a theme of the given files (their
// names under templates/) whose page "p" gets a *checkPage.
func checkTemplates(sources map[string]string) error {
	fsys := fstest.MapFS{}
	files := map[string]templateFile{}
	layer := themeLayer{templates: fsys, where: "the test theme", builtin: true}
	for rel, src := range sources {
		fsys["templates/"+rel] = &fstest.MapFile{Data: []byte(src)}
		files[rel] = templateFile{name: rel, layer: layer}
	}
	_, err := parseTheme(files, (&Server{}).templateFuncs(nil), map[string]reflect.Type{"p": reflect.TypeFor[*checkPage]()})
	return err
}

const checkLayout = `{{define "layout"}}<main>{{template "main" .}}</main>{{end}}`

// TestTemplateTypeCheckAcceptsWhatRuns: what execution can run passes,
// however it reaches its fields: ranges with and without variables, with,
// else branches, variables, $, maps, methods of the value and of its
// address, index, pipes, partials given the right value, and values of
// an interface type, whose contents cannot be known.
func TestTemplateTypeCheckAcceptsWhatRuns(t *testing.T) {
	for _, src := range []string{
		`{{range .Items}}{{.Name}}{{range .Tags}}{{.}}{{end}}{{end}}`,
		`{{range $i, $it := .Items}}{{$i}} {{$it.Name}} {{$.Flag}}{{else}}{{.Flag}}{{end}}`,
		`{{range $it := .Items}}{{$it.Next.Name}}{{end}}`,
		`{{with .Item}}{{.Next.Next.Name}} {{.Meta.anything}} {{.Upper "x"}} {{.Count}}{{else}}{{.Flag}}{{end}}`,
		`{{$x := .Item}}{{$x.Name}}{{$x = .Item.Next}}{{$x.Tags}}`,
		`{{.Any.Whatever.Goes}}{{with .Any}}{{.Anything}}{{end}}`,
		`{{.Err.Error}} {{.Err.Unwrap}} {{with .Err}}{{.Error | printf "%s"}}{{end}}`,
		`{{(index .Items 0).Name}} {{(.Item).Name}} {{index .Item.Meta "k"}}`,
		`{{if .Flag}}{{.Item.Name}}{{else if .Item}}{{.Item.Tags}}{{else}}{{.Items}}{{end}}`,
		`{{.Item.Name | printf "%s"}} {{len .Items | add 1}} {{range 3}}{{.}}{{end}}`,
		`{{if and .Item .Flag}}{{(and .Item .Item).Name}}{{end}}`,
		`{{template "item" .Item}}{{range .Items}}{{template "item" .}}{{end}}`,
		`{{block "side" .Item}}{{.Name}}{{end}}`,
	} {
		err := checkTemplates(map[string]string{
			"layout.html":        checkLayout,
			"partials/item.html": `{{define "item"}}{{.Name}}{{.Count}}{{end}}`,
			"pages/p.html":       `{{define "main"}}` + src + `{{end}}`,
		})
		if err != nil {
			t.Errorf("%s: %v", src, err)
		}
	}
}

// TestTemplateTypeCheckRefusesWhatFails: a field, method or argument that
// execution would fail on is refused with the file and the line, in
// whichever branch it is, and a partial given the wrong value names the
// call that gave it.
func TestTemplateTypeCheckRefusesWhatFails(t *testing.T) {
	tests := []struct{ src, want string }{
		{`{{.Nope}}`, "web.checkPage has no field or method Nope"},
		{`{{range .Items}}{{.Nmae}}{{end}}`, "web.checkItem has no field or method Nmae"},
		{`{{range $i, $it := .Items}}{{$it.Nmae}}{{end}}`, "web.checkItem has no field or method Nmae"},
		{`{{if .Flag}}{{else}}{{.Item.Nope}}{{end}}`, "web.checkItem has no field or method Nope"},
		{`{{with .Item}}{{.Next.Nope}}{{end}}`, "web.checkItem has no field or method Nope"},
		{`{{$x := .Item}}{{$x.Nope}}`, "has no field or method Nope"},
		{`{{.Item.hidden}}`, "hidden of web.checkItem is unexported"},
		{`{{.Item.Upper}}`, "the method Upper takes 1 arguments and is given 0"},
		{`{{.Item.Name "x"}}`, "the field Name of web.checkItem is given arguments"},
		{`{{thumb .Item}}`, "the function thumb takes a *masthead.Media as its argument 1, not a *web.checkItem"},
		{`{{(index .Items 0).Nope}}`, "web.checkItem has no field or method Nope"},
		{`{{.Item.Name.Length}}`, "string has no field or method Length"},
		{`{{.Err.Error "x"}}`, "the method Error takes 0 arguments and is given 1"},
		{`{{template "item" .Items}}`, `has no field or method Name, and templates/pages/p.html of the test theme gives the template "item" a []web.checkItem at line 3`},
	}
	for _, tt := range tests {
		err := checkTemplates(map[string]string{
			"layout.html":        checkLayout,
			"partials/item.html": `{{define "item"}}{{.Name}}{{end}}`,
			"pages/p.html":       "{{define \"main\"}}\n<p>\n" + tt.src + "\n</p>{{end}}",
		})
		if err == nil {
			t.Errorf("%s passed the check", tt.src)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.want) {
			t.Errorf("%s: %q does not say %q", tt.src, msg, tt.want)
		}
		where := "pages/p.html of the test theme cannot be used at line 3"
		if strings.Contains(tt.src, "template") {
			where = "partials/item.html of the test theme cannot be used at line 1"
		}
		if !strings.Contains(msg, where) || !strings.HasPrefix(msg, "The template ") || !strings.HasSuffix(msg, ".") || strings.Contains(msg, "\n") {
			t.Errorf("%s: %q is not one sentence saying %q", tt.src, msg, where)
		}
	}
}

// TestEveryPageTemplateHasItsValueType: the check knows the value of
// every page template there is, and names no page that is not.
func TestEveryPageTemplateHasItsValueType(t *testing.T) {
	pages, err := fs.Glob(templateFS, "templates/pages/*.html")
	must(t, err)
	seen := map[string]bool{}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		seen[name] = true
		typ, ok := pageValueTypes[name]
		if !ok {
			t.Errorf("the page template %s has no value type in pageValueTypes", p)
			continue
		}
		if typ.Kind() != reflect.Pointer || typ.Elem().Kind() != reflect.Struct {
			t.Errorf("%s: its value type %s is not a pointer to a struct, as handlers give", p, typ)
		} else if f, ok := typ.Elem().FieldByName("layout"); !ok || !f.Anonymous {
			t.Errorf("%s: its value type %s does not embed the layout", p, typ)
		}
	}
	for name := range pageValueTypes {
		if !seen[name] {
			t.Errorf("pageValueTypes names %s, which is no page template", name)
		}
	}
}

// TestBuiltinTemplatesPassTheTypeCheck: every built-in look's templates
// pass the check against their pages' values, so a change to a value that
// breaks a built-in template fails here; and the check is no formality:
// the list page checked against the error page's value is refused.
func TestBuiltinTemplatesPassTheTypeCheck(t *testing.T) {
	s := &Server{}
	if err := s.loadThemes(""); err != nil {
		t.Fatalf("the built-in templates fail the check: %v", err)
	}
	for _, look := range s.allThemes() {
		for name := range pageValueTypes {
			if look.pages[name] == nil {
				t.Errorf("the %s look has no page %s", look.name, name)
			}
		}
	}
	files := map[string]templateFile{}
	base := baseLayer()
	must(t, fs.WalkDir(base.templates, "templates", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel := strings.TrimPrefix(p, "templates/")
			files[rel] = templateFile{name: rel, layer: base}
		}
		return err
	}))
	values := maps(pageValueTypes)
	values["list"] = reflect.TypeFor[*errorPage]()
	_, err := parseTheme(files, s.templateFuncs(nil), values)
	if err == nil || !strings.Contains(err.Error(), "pages/list.html of the built-in templates") || !strings.Contains(err.Error(), "web.errorPage has no field or method") {
		t.Errorf("the list page checked as an error page: %v, want a refusal naming pages/list.html", err)
	}
}
