package web

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead"
)

// writeTheme writes files (path under the theme: content) into a new
// theme directory.
func writeTheme(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		must(t, os.WriteFile(path, []byte(content), 0o644))
	}
	return dir
}

func themedServer(t *testing.T, f *fixture, theme string) *Server {
	t.Helper()
	srv, err := NewServer(f.store, Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }, Theme: theme})
	must(t, err)
	return srv
}

// stylesheets returns the addresses of a page's stylesheets, in order.
func stylesheets(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, l := range links(parse(t, body), "stylesheet") {
		out = append(out, attr(l, "href"))
	}
	return out
}

func TestThemeDirectoryOverridesByName(t *testing.T) {
	f := newFixture(t)
	css := "/* a theme's own stylesheet */ body { background: #fff; }\n"
	dir := writeTheme(t, map[string]string{
		"templates/pages/page.html":     "{{define \"main\"}}<article class=\"themed-page\"><h1>{{.Page.Headline}}</h1></article>{{end}}\n",
		"templates/partials/extra.html": "{{define \"extra\"}}<p class=\"themed-extra\">Extra</p>{{end}}\n",
		"templates/pages/list.html":     "{{define \"main\"}}<h1 class=\"themed-list\">{{.Heading}}</h1>{{template \"extra\"}}{{template \"article-list\" .Cards}}{{end}}\n",
		"static/css/theme.css":          css,
		"static/img/logo.png":           "not really a png, but a file of the theme",
	})
	srv := themedServer(t, f, dir)

	// An overridden page is the theme's; a page it leaves is the built-in
	// one; a partial the theme adds is there for its templates.
	home := get(t, srv, "GET", "/")
	doc := parse(t, home.body)
	first(t, doc, byClass("themed-list"), "the theme's list page")
	first(t, doc, byClass("themed-extra"), "the theme's own partial")
	art := parse(t, get(t, srv, "GET", f.lead.Path(time.UTC)).body)
	first(t, art, byClass("story"), "the built-in article page")

	// The theme's stylesheet follows the built-in one under a name of its
	// content, served for a year under the same security headers.
	sheets := stylesheets(t, home.body)
	if len(sheets) != 2 || !strings.HasPrefix(sheets[0], "/static/css/site.") || !strings.HasPrefix(sheets[1], "/static/css/theme.") {
		t.Fatalf("stylesheets = %v, want site.css then the theme's theme.css", sheets)
	}
	res := get(t, srv, "GET", sheets[1])
	if res.status != http.StatusOK || res.body != css || !strings.Contains(res.header.Get("Cache-Control"), "immutable") ||
		!strings.HasPrefix(res.header.Get("Content-Type"), "text/css") || !strings.Contains(res.header.Get("Content-Security-Policy"), "style-src 'self'") {
		t.Errorf("theme.css: status %d, headers %v, body %q", res.status, res.header, res.body)
	}
	// An overridden static file has a new address; the built-in one's
	// address is still served (pages cached by browsers name it).
	icon := links(doc, "icon")
	builtin := parse(t, get(t, f.server, "GET", "/").body)
	if attr(icon[0], "href") == attr(links(builtin, "icon")[0], "href") {
		t.Error("the theme's logo.png has the built-in file's address")
	}
	if get(t, srv, "GET", attr(icon[0], "href")).body != "not really a png, but a file of the theme" {
		t.Error("the theme's logo.png is not served at its address")
	}

	// Admin pages keep the standard look whatever the theme.
	admin := signIn(t, srv, addStaff(t, f.store, "Ada Admin", masthead.RoleAdmin).Email)
	for _, sheet := range stylesheets(t, body(t, send(t, srv, "GET", "/admin/settings", nil, admin))) {
		if strings.Contains(sheet, "theme.") {
			t.Errorf("an admin page links the theme's %s", sheet)
		}
	}
}

func TestThemeRefusesFilesOutsideTheContract(t *testing.T) {
	f := newFixture(t)
	for file, want := range map[string]string{
		"templates/pages/admin_settings.html": "admin page",
		"templates/pages/frontpage.html":      "overrides no page",
		"templates/header.html":               "not a template Masthead uses",
	} {
		dir := writeTheme(t, map[string]string{file: "{{define \"main\"}}{{end}}"})
		_, err := NewServer(f.store, Options{Theme: dir})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), filepath.Join(dir, filepath.FromSlash(file))) {
			t.Errorf("%s: NewServer = %v, want a refusal naming the file and saying %q", file, err, want)
		}
	}
	if _, err := NewServer(f.store, Options{Theme: filepath.Join(t.TempDir(), "missing")}); err == nil || !strings.HasSuffix(err.Error(), ".") {
		t.Errorf("a missing theme directory: NewServer = %v, want a sentence", err)
	}
}

func TestDenseThemeBySettingAndFlag(t *testing.T) {
	f := newFixture(t)
	isDense := func(srv *Server) bool {
		for _, s := range stylesheets(t, get(t, srv, "GET", "/").body) {
			if strings.HasPrefix(s, "/static/css/theme.") {
				return get(t, srv, "GET", s).status == http.StatusOK
			}
		}
		return false
	}
	if isDense(f.server) {
		t.Fatal("the standard look links a theme stylesheet")
	}
	if !isDense(themedServer(t, f, "builtin:dense")) {
		t.Error("--theme builtin:dense does not give the dense look")
	}
	site, err := f.store.FindSite(context.Background())
	must(t, err)
	site.Theme = masthead.ThemeDense
	must(t, f.store.UpdateSite(context.Background(), site))
	if !isDense(f.server) {
		t.Error("the theme setting does not give the dense look")
	}
	if isDense(themedServer(t, f, "builtin:standard")) {
		t.Error("--theme builtin:standard does not win over the setting")
	}
}

func TestEveryBuiltinThemeShips(t *testing.T) {
	for _, name := range masthead.Themes {
		if name == masthead.ThemeStandard {
			continue
		}
		if _, ok := builtinLayer(name); !ok {
			t.Errorf("the theme %q has no directory under themes/", name)
		}
		if _, err := builtinThemes.Open("themes/" + name + "/static/css/theme.css"); err != nil {
			t.Errorf("the theme %q has no stylesheet: %v", name, err)
		}
	}
}
