package web

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	templateparse "text/template/parse"

	"masthead"
	"masthead/i18n"
)

// builtinThemes holds the looks that ship with Masthead beside the
// standard one, each a directory shaped as a theme directory is
// (templates/, static/) under themes/NAME.
//
//go:embed themes
var builtinThemes embed.FS

// builtinPrefix names a built-in look in Options.Theme.
const builtinPrefix = "builtin:"

// A theme is one look of the public site: every page template, parsed,
// and the static files its pages link to. Overrides are read and parsed
// once, at start-up, so that a broken one stops the server before any
// reader sees it.
type theme struct {
	name string
	// pages are the page templates in English, parsed and checked at
	// start-up.
	pages  map[string]*template.Template
	assets *assets
	// files are the theme's template files, kept to parse the pages again
	// for each other language the site or a staff member uses: a
	// template's functions are bound when it is parsed, and "t" is each
	// language's own.
	files map[string]templateFile
	// funcs makes the functions of the templates for a language.
	funcs      func(*i18n.Locale) template.FuncMap
	mu         sync.Mutex
	byLanguage map[string]*languagePages
}

// languagePages are a theme's pages in one language, parsed at the first
// page that needs them.
type languagePages struct {
	once  sync.Once
	pages map[string]*template.Template
	err   error
}

// pagesIn returns the theme's pages in the locale's language. English is
// parsed at start-up; another language is parsed once, at its first
// page, from the same files, which start-up already checked.
func (t *theme) pagesIn(loc *i18n.Locale) (map[string]*template.Template, error) {
	if loc == nil || loc.Language() == i18n.English {
		return t.pages, nil
	}
	t.mu.Lock()
	lp := t.byLanguage[loc.Language()]
	if lp == nil {
		lp = &languagePages{}
		t.byLanguage[loc.Language()] = lp
	}
	t.mu.Unlock()
	lp.once.Do(func() {
		lp.pages, lp.err = parseTheme(t.files, t.themeFuncs(loc), nil)
	})
	return lp.pages, lp.err
}

// themeFuncs are the template functions of the theme in a language.
func (t *theme) themeFuncs(loc *i18n.Locale) template.FuncMap {
	funcs := t.funcs(loc)
	funcs["asset"] = t.assets.url
	funcs["hasAsset"] = t.assets.has
	return funcs
}

// themeLayer is one directory of overrides: templates/ and static/ in
// fsys, named in messages by where.
type themeLayer struct {
	templates, static fs.FS
	where             string // a directory, or which built-in look
	builtin           bool
}

// baseLayer is the standard look, which every theme falls back to.
func baseLayer() themeLayer {
	return themeLayer{templates: templateFS, static: staticFS, where: "the built-in templates", builtin: true}
}

// builtinLayer returns the overrides of a built-in look.
func builtinLayer(name string) (themeLayer, bool) {
	if !slices.Contains(masthead.Themes, name) || name == masthead.ThemeStandard {
		return themeLayer{}, false
	}
	sub, err := fs.Sub(builtinThemes, "themes/"+name)
	if err != nil {
		return themeLayer{}, false
	}
	return themeLayer{templates: sub, static: sub, where: "the built-in " + name + " theme", builtin: true}, true
}

// dirLayer returns the overrides of a theme directory.
func dirLayer(dir string) (themeLayer, error) {
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return themeLayer{}, fmt.Errorf("The theme directory %s cannot be read: it must be a directory holding templates/ or static/.", dir)
	}
	fsys := os.DirFS(dir)
	return themeLayer{templates: fsys, static: fsys, where: dir}, nil
}

// file names a file of the layer for messages.
func (l themeLayer) file(name string) string {
	if l.builtin {
		return name + " of " + l.where
	}
	return filepath.Join(l.where, filepath.FromSlash(name))
}

// loadThemes parses the standard look, every built-in look, and the theme
// the server was started with, if any (a directory or builtin:NAME).
func (s *Server) loadThemes(chosen string) error {
	s.looks = map[string]*theme{}
	for _, name := range masthead.Themes {
		layers := []themeLayer{baseLayer()}
		if l, ok := builtinLayer(name); ok {
			layers = append(layers, l)
		}
		t, err := s.loadTheme(name, layers...)
		if err != nil {
			return err
		}
		s.looks[name] = t
	}
	switch {
	case chosen == "":
	case strings.HasPrefix(chosen, builtinPrefix):
		name := strings.TrimPrefix(chosen, builtinPrefix)
		if s.fixedTheme = s.looks[name]; s.fixedTheme == nil {
			return fmt.Errorf("There is no built-in theme %q; the built-in themes are %s.", name, strings.Join(masthead.Themes, " and "))
		}
	default:
		l, err := dirLayer(chosen)
		if err != nil {
			return err
		}
		if s.fixedTheme, err = s.loadTheme(chosen, baseLayer(), l); err != nil {
			return err
		}
	}
	// Every theme's files are served from one place: their names are
	// their content's hash, so they never collide.
	s.assets = &assets{hashed: s.looks[masthead.ThemeStandard].assets.hashed, files: map[string][]byte{}}
	for _, t := range s.allThemes() {
		for name, b := range t.assets.files {
			s.assets.files[name] = b
		}
	}
	return nil
}

// allThemes lists every theme the server has parsed.
func (s *Server) allThemes() []*theme {
	out := make([]*theme, 0, len(s.looks)+1)
	for _, name := range masthead.Themes {
		out = append(out, s.looks[name])
	}
	if s.fixedTheme != nil {
		out = append(out, s.fixedTheme)
	}
	return out
}

// themed is what every page's data offers through its layout: the look
// the settings chose.
type themed interface{ themeName() string }

func (lay layout) themeName() string {
	if lay.Site == nil {
		return ""
	}
	return lay.Site.Theme
}

// themeFor picks the look a page renders in: the --theme the server was
// started with, else the theme setting. Admin pages always have the
// standard look, so that no theme can stand in the newsroom's way.
func (s *Server) themeFor(page string, data any) *theme {
	if strings.HasPrefix(page, "admin_") {
		return s.looks[masthead.ThemeStandard]
	}
	if s.fixedTheme != nil {
		return s.fixedTheme
	}
	if d, ok := data.(themed); ok {
		if t := s.looks[d.themeName()]; t != nil {
			return t
		}
	}
	return s.looks[masthead.ThemeStandard]
}

// templateFile is one template file of a theme: its name under
// templates/ and the layer it comes from.
type templateFile struct {
	name  string // layout.html, partials/x.html or pages/x.html
	layer themeLayer
}

// loadTheme reads the layers in order, each overriding the ones before it
// by file name, and parses every page.
func (s *Server) loadTheme(name string, layers ...themeLayer) (*theme, error) {
	t := &theme{name: name, assets: &assets{hashed: map[string]string{}, files: map[string][]byte{}},
		funcs: s.templateFuncs, byLanguage: map[string]*languagePages{}}
	files := map[string]templateFile{}
	for i, l := range layers {
		if err := t.assets.add(l.static, l.file); err != nil {
			return nil, err
		}
		err := fs.WalkDir(l.templates, "templates", func(p string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && p == "templates" {
				return fs.SkipDir // a theme of static files alone
			}
			if err != nil || d.IsDir() {
				return err
			}
			rel := strings.TrimPrefix(p, "templates/")
			if i > 0 {
				if err := checkOverride(rel, files, l); err != nil {
					return err
				}
			}
			files[rel] = templateFile{name: rel, layer: l}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	t.files = files
	var err error
	if t.pages, err = parseTheme(files, t.themeFuncs(i18n.Default()), pageValueTypes); err != nil {
		return nil, err
	}
	return t, nil
}

// checkOverride refuses a theme's file that would never be used: a page
// no handler renders, an admin page, or a file outside the template
// contract.
func checkOverride(rel string, files map[string]templateFile, l themeLayer) error {
	dir, base := path.Split(rel)
	switch {
	case path.Ext(base) != ".html":
	case rel == "layout.html", dir == "partials/":
		return nil
	case dir == "pages/" && strings.HasPrefix(base, "admin_"):
		return fmt.Errorf("The theme's template %s overrides an admin page, and themes change only the public site.", l.file("templates/"+rel))
	case dir == "pages/":
		if _, ok := files[rel]; ok {
			return nil
		}
		return fmt.Errorf("The theme's template %s overrides no page: the page templates are %s.", l.file("templates/"+rel), strings.Join(publicPages(files), ", "))
	}
	return fmt.Errorf("The theme's file %s is not a template Masthead uses: a theme holds templates/layout.html, templates/partials/*.html and templates/pages/NAME.html.", l.file("templates/"+rel))
}

// publicPages lists the page templates a theme may override.
func publicPages(files map[string]templateFile) []string {
	var out []string
	for rel := range files {
		if dir, base := path.Split(rel); dir == "pages/" && !strings.HasPrefix(base, "admin_") {
			out = append(out, base)
		}
	}
	slices.Sort(out)
	return out
}

// parseTheme parses the layout and partials once, then each page on a
// copy of them, and makes html/template check every page's escaping now
// rather than at its first request. Each page's templates are then
// checked against the type values gives its value, so that a field that
// does not exist fails here rather than on a reader's request; with no
// values, as for a second language of templates already checked, that
// check is left out.
func parseTheme(files map[string]templateFile, funcs template.FuncMap, values map[string]reflect.Type) (map[string]*template.Template, error) {
	base := template.New("").Funcs(funcs)
	definedIn := map[string]templateFile{} // template name -> the file defining it
	var shared, pageFiles []string
	for rel := range files {
		if strings.HasPrefix(rel, "pages/") {
			pageFiles = append(pageFiles, rel)
		} else {
			shared = append(shared, rel)
		}
	}
	slices.Sort(shared)
	slices.Sort(pageFiles)
	sharedTrees := map[string]*templateparse.Tree{}
	for _, rel := range shared {
		if err := parseFile(base, files[rel], definedIn, sharedTrees); err != nil {
			return nil, err
		}
	}
	types := funcTypes(funcs)
	pages := make(map[string]*template.Template, len(pageFiles))
	for _, rel := range pageFiles {
		t := template.Must(base.Clone())
		defined := maps(definedIn)
		trees := maps(sharedTrees)
		if err := parseFile(t, files[rel], defined, trees); err != nil {
			return nil, err
		}
		// Executing with no data escapes the page's whole tree first and
		// reports an escaping problem as such; the nil data then stops
		// it at its first field, which is no problem of the template.
		var escErr *template.Error
		if err := t.ExecuteTemplate(io.Discard, "layout", nil); errors.As(err, &escErr) {
			return nil, escapeError(escErr, files, defined, files[rel])
		}
		name := strings.TrimSuffix(path.Base(rel), ".html")
		if values == nil {
			pages[name] = t
			continue
		}
		if p := checkPageTypes(trees, types, values[name]); p != nil {
			return nil, typeError(p, files)
		}
		pages[name] = t
	}
	return pages, nil
}

// typeError turns what the type check found into a sentence naming the
// file, the line and the action that would fail, and, for a partial given
// a value, where it was given it.
func typeError(p *templateProblem, files map[string]templateFile) error {
	rel, line, text := p.location()
	msg := fmt.Sprintf("The template %s cannot be used at line %s: %s would fail on every page that reaches it, because %s", themeFileName(files, rel), line, text, p.reason)
	if p.caller != nil {
		callerRel, callerLine, _ := (&templateProblem{tree: p.caller.tree, node: p.caller.node}).location()
		msg += fmt.Sprintf(", and %s gives the template %q a %s at line %s", themeFileName(files, callerRel), p.caller.node.Name, p.caller.dot, callerLine)
	}
	return errors.New(msg + ".")
}

// themeFileName names a template file, by its name under templates/, as
// messages do.
func themeFileName(files map[string]templateFile, rel string) string {
	if f, ok := files[rel]; ok {
		return f.layer.file("templates/" + f.name)
	}
	return rel
}

// escapeError turns html/template's escaping error into a sentence naming
// the file and line. The error names them as "html/template:FILE:LINE:..."
// when it knows the node (FILE being the name the file was parsed under),
// else by the template's name, which definedIn maps to its file.
func escapeError(e *template.Error, files, definedIn map[string]templateFile, page templateFile) error {
	f, line := page, ""
	loc := strings.TrimPrefix(e.Error(), "html/template:")
	found := false
	for rel, tf := range files {
		if rest, ok := strings.CutPrefix(loc, rel+":"); ok {
			n, _, _ := strings.Cut(rest, ":")
			f, line, found = tf, n, true
			break
		}
	}
	if !found {
		if tf, ok := definedIn[e.Name]; ok {
			f = tf
		}
		if e.Line > 0 {
			line = strconv.Itoa(e.Line)
		}
	}
	where := ""
	if line != "" {
		where = " at line " + line
	}
	return fmt.Errorf("The template %s cannot be used%s: %s.", f.layer.file("templates/"+f.name), where, strings.TrimSuffix(e.Description, "."))
}

// maps copies a map of template names.
func maps[V any](m map[string]V) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// parseFile parses one template file into set, recording which templates
// it defines and their trees (as the set keeps them: a later definition
// replaces an earlier one unless it is empty), and turns a parse error
// into a sentence naming the file and the line.
func parseFile(set *template.Template, f templateFile, definedIn map[string]templateFile, defs map[string]*templateparse.Tree) error {
	src, err := fs.ReadFile(f.layer.templates, "templates/"+f.name)
	if err != nil {
		return fmt.Errorf("The template %s cannot be read: %w.", f.layer.file("templates/"+f.name), err)
	}
	if _, err := set.New(f.name).Parse(string(src)); err != nil {
		line, msg := parseErrorLine(f.name, err)
		return fmt.Errorf("The template %s is broken at line %s: %s.", f.layer.file("templates/"+f.name), line, msg)
	}
	// The parse succeeded, so a second one without function checks only
	// names what the file defines.
	tree := templateparse.New(f.name)
	tree.Mode = templateparse.SkipFuncCheck
	trees := map[string]*templateparse.Tree{}
	if _, err := tree.Parse(string(src), "", "", trees); err == nil {
		for name, tree := range trees {
			definedIn[name] = f
			if _, ok := defs[name]; ok && templateparse.IsEmptyTree(tree.Root) {
				continue
			}
			defs[name] = tree
		}
	}
	return nil
}

// parseErrorLine splits text/template's "template: NAME:LINE: message",
// where NAME is the name the file was parsed under, into the line and the
// message.
func parseErrorLine(name string, err error) (line, msg string) {
	text := strings.TrimPrefix(err.Error(), "template: "+name+":")
	if n, rest, ok := strings.Cut(text, ": "); ok {
		if _, convErr := strconv.Atoi(n); convErr == nil {
			return n, strings.TrimSuffix(rest, ".")
		}
	}
	return "?", strings.TrimSuffix(err.Error(), ".")
}
