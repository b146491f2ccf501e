package web

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	templateparse "text/template/parse"

	"golang.org/x/net/html"

	"masthead/i18n"
	"masthead/mail"
)

var updateCatalog = flag.Bool("update-catalog", false, "rewrite the English catalog with the messages the templates and the code use")

// catalogMessage is one message the interface shows, as the code or a
// template gives it: its English key, its English plural when it counts
// something, and where it was found.
type catalogMessage struct {
	key, plural string
	where       string
}

// untranslatedTemplates are the templates whose text is not in the
// catalogs yet. Every template is translated now; the list stays so that
// a template being converted can be named here while it is, and must
// come off it before it lands.
var untranslatedTemplates = map[string]bool{}

// untranslatedDefinitions are templates, by name, inside translated files
// that belong to the admin pages above.
var untranslatedDefinitions = map[string]bool{}

// publicSource reports whether a file of web serves the public site, or
// the newsroom's content pages (articles, pages, media, comments, the
// front page, sections and tags, menus, redirects), whose errors'
// messages are translated where they are shown; the other admin pages'
// are not yet.
func publicSource(name string) bool {
	return strings.HasPrefix(name, "public_") || strings.HasPrefix(name, "comment") || name == "errors.go" || name == "feeds.go" ||
		newsroomSources[name]
}

// newsroomSources are the handlers of the newsroom's content pages.
var newsroomSources = map[string]bool{
	"admin_articles.go": true, "admin_autosave.go": true, "admin_preview.go": true, "admin_media.go": true,
	"admin_comments.go": true, "admin_front.go": true, "admin_pages.go": true, "admin_taxonomy.go": true,
	"admin_menus.go": true, "admin_redirects.go": true, "newsroom_i18n.go": true,
}

// translatedAdminSources are the newsroom's files of web whose errors'
// messages are translated where they are shown, as the public site's are:
// the system pages (settings, staff, mail, outbox, import, privacy) and
// the sign-in and dashboard.
var translatedAdminSources = map[string]bool{
	"admin.go": true, "admin_dashboard.go": true, "admin_settings.go": true, "admin_staff.go": true, "admin_mail.go": true,
	"admin_outbox.go": true, "admin_import.go": true, "admin_privacy.go": true,
}

// translatedSources are the Go files outside web whose messages reach
// readers and are translated where they are shown: the comment rules'
// refusals, which the comment form shows beside its fields; the staff
// rules, the sign-in's and the password's, which the newsroom's profile,
// sign-in, set-up and password forms show; the settings' and the
// branding's checks, which the settings page shows at their fields; the
// readers' data rules, which the privacy pages show; the mail, account
// link and import rules, which the outbox, password and import pages
// show; the importer's refusals that end an import; search's refusal
// of a search that takes too long; and the rules the content pages show.
var translatedSources = []string{"../comment.go", "../moderation/moderation.go", "../author.go", "../signin.go", "../password/password.go",
	"../site.go", "../brand.go", "../privacy.go", "../outbox.go", "../account.go", "../accounttoken.go", "../importrun.go",
	"../readerdata/readerdata.go", "../wpimport/writer.go", "../search.go",
	// The rules of the newsroom's content pages: articles and their
	// workflow, pages, media, sections and tags, menus, pins and the
	// breaking strip, slugs and permissions, and the store's refusals of
	// an image a body shows and of a menu item that leads nowhere.
	"../article.go", "../workflow.go", "../page.go", "../media.go", "../taxonomy.go", "../menu.go", "../pin.go",
	"../preview.go", "../slug.go", "../permission.go", "../sqlstore/media.go", "../sqlstore/menu.go",
	// The follow-up mail's refusals, which its pages show.
	"../notify/notify.go"}

// mailSources are the Go files of package mail that translate messages
// (its subjects) with a locale's T and N.
var mailSources = []string{"../mail/messages.go"}

// TestCatalogHoldsEveryMessage fails when a template shows English that
// does not go through the catalogs (text, or an attribute a reader sees
// or hears, written outside t), when a message the templates or the code
// translate is missing from the English catalog, and when a language's
// catalog lacks a message of English, has one English no longer has, has
// the wrong plural forms for its language, or drops or adds a value of
// the English message. go test -run TestCatalogHoldsEveryMessage
// -update-catalog rewrites the English catalog from the code.
func TestCatalogHoldsEveryMessage(t *testing.T) {
	var used []catalogMessage
	used = append(used, templateMessages(t)...)
	used = append(used, goMessages(t)...)

	catalogs, err := i18n.Catalogs()
	must(t, err)
	en := catalogs[i18n.English]
	if *updateCatalog {
		writeEnglishCatalog(t, used)
		return
	}
	seen := map[string]bool{}
	for _, m := range used {
		seen[m.key] = true
		got, ok := en.Messages[m.key]
		switch {
		case !ok:
			t.Errorf("%s: the message %q is not in the English catalog (run go test ./web -run TestCatalogHoldsEveryMessage -update-catalog, then translate it)", m.where, m.key)
		case m.plural != "" && (got.Forms["one"] != m.key || got.Forms["other"] != m.plural):
			t.Errorf("%s: the English catalog's plural of %q is %v, and the code says %q", m.where, m.key, got.Forms, m.plural)
		case m.plural == "" && got.Forms != nil:
			t.Errorf("%s: %q is a plural in the English catalog, and the code translates it with t", m.where, m.key)
		}
	}
	for key := range en.Messages {
		if !seen[key] {
			t.Errorf("the English catalog has %q, which nothing shows any more", key)
		}
	}
	for _, lang := range i18n.Languages() {
		if lang == i18n.English {
			continue
		}
		checkTranslation(t, lang, catalogs[lang], en)
	}
}

// checkTranslation compares one language's catalog with English.
func checkTranslation(t *testing.T, lang string, c, en *i18n.Catalog) {
	t.Helper()
	forms := i18n.PluralForms(lang)
	for key, want := range en.Messages {
		got, ok := c.Messages[key]
		if !ok {
			t.Errorf("%s: the catalog has no translation of %q", lang, key)
			continue
		}
		if want.Forms == nil {
			if got.Forms != nil {
				t.Errorf("%s: %q is a plain message in English and has plural forms here", lang, key)
			} else if !sameVerbs(got.Text, key) {
				t.Errorf("%s: the translation %q of %q does not have the values %v of the English", lang, got.Text, key, verbs(key))
			}
			continue
		}
		var have []string
		for f := range got.Forms {
			have = append(have, f)
		}
		if !sameSet(have, forms) {
			t.Errorf("%s: %q has the plural forms %v; the language needs %v", lang, key, sorted(have), forms)
		}
		if !sameVerbs(got.Forms["other"], want.Forms["other"]) {
			t.Errorf("%s: the form \"other\" of %q, %q, does not have the values %v of the English", lang, key, got.Forms["other"], verbs(want.Forms["other"]))
		}
	}
	for key := range c.Messages {
		if _, ok := en.Messages[key]; !ok {
			t.Errorf("%s: the catalog translates %q, which English no longer has", lang, key)
		}
	}
}

// verbPattern matches a formatting verb, %s or %[2]d.
var verbPattern = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs lists a message's formatting verbs by argument, e.g. [1:d 2:s].
func verbs(s string) []string {
	var out []string
	next := 1
	for _, v := range verbPattern.FindAllStringSubmatch(s, -1) {
		if strings.HasSuffix(v[0], "%%") {
			continue
		}
		n := next
		if v[1] != "" {
			n, _ = strconv.Atoi(strings.Trim(v[1], "[]"))
		}
		next = n + 1
		out = append(out, fmt.Sprintf("%d:%c", n, v[0][len(v[0])-1]))
	}
	slices.Sort(out)
	return out
}

func sameVerbs(a, b string) bool { return slices.Equal(verbs(a), verbs(b)) }

func sameSet(a, b []string) bool { return slices.Equal(sorted(a), sorted(b)) }

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// writeEnglishCatalog rewrites the English catalog's messages from what
// the code uses, keeping its dates.
func writeEnglishCatalog(t *testing.T, used []catalogMessage) {
	t.Helper()
	file := filepath.Join("..", "i18n", "catalogs", "en.json")
	b, err := os.ReadFile(file)
	must(t, err)
	var en i18n.Catalog
	must(t, json.Unmarshal(b, &en))
	en.Messages = map[string]i18n.Message{}
	for _, m := range used {
		if m.plural != "" {
			en.Messages[m.key] = i18n.Message{Forms: map[string]string{"one": m.key, "other": m.plural}}
		} else {
			en.Messages[m.key] = i18n.Message{Text: m.key}
		}
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	must(t, enc.Encode(en))
	must(t, os.WriteFile(file, out.Bytes(), 0o644))
}

// translationFuncs are the template functions that translate, with the
// number of literal strings they take: the key, and tn's plural.
var translationFuncs = map[string]int{"t": 1, "tn": 2, "tparts": 1}

// templateMessages collects the messages every template translates, and
// reports English a template shows without translating it.
func templateMessages(t *testing.T) []catalogMessage {
	t.Helper()
	web, err := fs.Sub(templateFS, "templates")
	must(t, err)
	out := templateDirMessages(t, web, "templates/")
	// The mail's templates speak the site's language too: the same rule.
	return append(out, templateDirMessages(t, mail.TemplateFiles(), "mail/templates/")...)
}

// templateDirMessages collects the messages the templates of one tree
// translate, and reports English they show without translating it;
// prefix names the tree in the messages.
func templateDirMessages(t *testing.T, files fs.FS, prefix string) []catalogMessage {
	t.Helper()
	var out []catalogMessage
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := p
		src, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		trees := map[string]*templateparse.Tree{}
		tree := templateparse.New(rel)
		tree.Mode = templateparse.SkipFuncCheck | templateparse.ParseComments
		if _, err := tree.Parse(string(src), "", "", trees); err != nil {
			return err
		}
		for name, tr := range trees {
			if untranslatedTemplates[rel] || untranslatedDefinitions[name] {
				continue
			}
			var text strings.Builder
			walkTemplate(tr.Root, func(n templateparse.Node) {
				switch n := n.(type) {
				case *templateparse.TextNode:
					text.Write(n.Text)
				case *templateparse.CommandNode:
					ident, ok := n.Args[0].(*templateparse.IdentifierNode)
					if !ok {
						return
					}
					strs, ok := translationFuncs[ident.Ident]
					if !ok {
						return
					}
					where := fmt.Sprintf("%s%s:%d", prefix, rel, lineOf(src, int(n.Pos)))
					var lits []string
					for i := 1; i <= strs && i < len(n.Args); i++ {
						if s, ok := n.Args[i].(*templateparse.StringNode); ok {
							lits = append(lits, s.Text)
						}
					}
					if len(lits) != strs {
						t.Errorf("%s: %s is given %s; its message must be written there as a string", where, ident.Ident, n)
						return
					}
					m := catalogMessage{key: lits[0], where: where}
					if strs == 2 {
						m.plural = lits[1]
					}
					out = append(out, m)
				}
			})
			for _, s := range untranslatedText(text.String()) {
				t.Errorf("%s%s, template %q: %q is shown in English; write it as {{t %q}} and add it to the catalogs", prefix, rel, name, s, s)
			}
		}
		return nil
	})
	must(t, err)
	return out
}

// walkTemplate calls visit for every node under n, in the template's
// order, both branches of an if or range included.
func walkTemplate(n templateparse.Node, visit func(templateparse.Node)) {
	if n == nil {
		return
	}
	visit(n)
	switch n := n.(type) {
	case *templateparse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkTemplate(c, visit)
		}
	case *templateparse.ActionNode:
		walkTemplate(n.Pipe, visit)
	case *templateparse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			walkTemplate(c, visit)
		}
	case *templateparse.CommandNode:
		for _, a := range n.Args {
			walkTemplate(a, visit)
		}
	case *templateparse.IfNode:
		walkBranch(&n.BranchNode, visit)
	case *templateparse.RangeNode:
		walkBranch(&n.BranchNode, visit)
	case *templateparse.WithNode:
		walkBranch(&n.BranchNode, visit)
	case *templateparse.TemplateNode:
		walkTemplate(n.Pipe, visit)
	}
}

func walkBranch(b *templateparse.BranchNode, visit func(templateparse.Node)) {
	walkTemplate(b.Pipe, visit)
	if b.List != nil {
		walkTemplate(b.List, visit)
	}
	if b.ElseList != nil {
		walkTemplate(b.ElseList, visit)
	}
}

// shownAttributes are the attributes whose value a reader sees or hears.
var shownAttributes = map[string]bool{"placeholder": true, "aria-label": true, "title": true, "alt": true, "label": true,
	"data-title": true, "data-title-to": true, "aria-description": true}

// untranslatedText returns the English left in a template's markup once
// its actions are taken out: text between tags and the attributes a
// reader sees, including the value of a button.
func untranslatedText(markup string) []string {
	var out []string
	letters := regexp.MustCompile(`[A-Za-z]`)
	z := html.NewTokenizer(strings.NewReader(markup))
	skip := 0 // inside <script> or <style>
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.TextToken:
			if s := strings.TrimSpace(string(z.Text())); skip == 0 && letters.MatchString(s) && !isPath(s) {
				out = append(out, s)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "script" || string(name) == "style" {
				skip++
			}
			var typ string
			var values []string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch key := string(k); {
				case key == "type":
					typ = string(v)
				case shownAttributes[key]:
					values = append(values, string(v))
				case key == "value" && string(name) == "input":
					// A button shows its content, never its value.
					values = append(values, "value:"+string(v))
				}
			}
			for _, v := range values {
				if rest, ok := strings.CutPrefix(v, "value:"); ok {
					if typ != "submit" && typ != "button" && typ != "reset" {
						continue
					}
					v = rest
				}
				if letters.MatchString(v) && !isPath(v) {
					out = append(out, strings.TrimSpace(v))
				}
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "script" || string(name) == "style" {
				skip--
			}
		}
	}
}

// isPath reports whether s is an address of the site, such as an
// example in a placeholder, which is the same in every language.
func isPath(s string) bool {
	return strings.HasPrefix(s, "/") && !strings.ContainsAny(s, " \t\n")
}

// lineOf is the line of an offset in src.
func lineOf(src []byte, pos int) int {
	return 1 + bytes.Count(src[:min(pos, len(src))], []byte("\n"))
}

// goMessages collects the messages the Go code translates: the literal
// keys given to T and N (a layout's or a locale's) and to i18n.Key in the
// web package, and the messages of errors (masthead.Errorf, FieldErrorf
// and Error{Message: ...}) in the public site's files and in
// translatedSources.
func goMessages(t *testing.T) []catalogMessage {
	t.Helper()
	files, err := filepath.Glob("*.go")
	must(t, err)
	var out []catalogMessage
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		out = append(out, fileMessages(t, fset, name, publicSource(name) || translatedAdminSources[name])...)
	}
	for _, name := range translatedSources {
		out = append(out, fileMessages(t, fset, name, true)...)
	}
	// The mail's subjects, translated by T where each message is made.
	for _, name := range mailSources {
		out = append(out, fileMessages(t, fset, name, false)...)
	}
	return out
}

// fileMessages collects one file's messages; rules says to take its
// errors' messages too.
func fileMessages(t *testing.T, fset *token.FileSet, name string, rules bool) []catalogMessage {
	t.Helper()
	f, err := parser.ParseFile(fset, name, nil, 0)
	must(t, err)
	var out []catalogMessage
	literal := func(e ast.Expr) (string, bool) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(lit.Value)
		return s, err == nil
	}
	ast.Inspect(f, func(n ast.Node) bool {
		where := func() string { return fset.Position(n.Pos()).String() }
		switch n := n.(type) {
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			var fn string
			if ok {
				fn = sel.Sel.Name
			} else if id, ok := n.Fun.(*ast.Ident); ok {
				fn = id.Name
			}
			switch {
			case fn == "T" && len(n.Args) > 0:
				if s, ok := literal(n.Args[0]); ok {
					out = append(out, catalogMessage{key: s, where: where()})
				}
			case (fn == "N" || fn == "Forms") && len(n.Args) > 1:
				one, ok1 := literal(n.Args[0])
				other, ok2 := literal(n.Args[1])
				if ok1 && ok2 {
					out = append(out, catalogMessage{key: one, plural: other, where: where()})
				}
			case fn == "adminLayout" && len(n.Args) > 1:
				// An admin page's title, which adminLayout translates.
				if s, ok := literal(n.Args[1]); ok && s != "" {
					out = append(out, catalogMessage{key: s, where: where()})
				}
			case fn == "Key" && len(n.Args) == 1:
				if s, ok := literal(n.Args[0]); ok {
					out = append(out, catalogMessage{key: s, where: where()})
				}
			case rules && (fn == "Errorf" || fn == "FieldErrorf" || fn == "add") && len(n.Args) > 1:
				if s, ok := literal(n.Args[1]); ok && s != "%s" {
					out = append(out, catalogMessage{key: s, where: where()})
				}
			}
		case *ast.CompositeLit:
			// A password.CheckError{Format, Args}.
			if id, ok := n.Type.(*ast.Ident); rules && ok && id.Name == "CheckError" && len(n.Elts) > 0 {
				if s, ok := literal(n.Elts[0]); ok {
					out = append(out, catalogMessage{key: s, where: where()})
				}
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); rules && ok && id.Name == "Message" {
				if s, ok := literal(n.Value); ok {
					out = append(out, catalogMessage{key: s, where: where()})
				}
			}
		}
		return true
	})
	return out
}

// TestUntranslatedTextFindsEnglish: the check finds English text and the
// attributes readers see or hear, and lets translated text, values and
// markup without words pass.
func TestUntranslatedTextFindsEnglish(t *testing.T) {
	markup := `<p>Hello there</p><p>  </p><p>© · —</p><input type="submit" value="Post"><input type="hidden" value="keep">` +
		`<img alt="A harbour"><a aria-label="Next page" href="/en/x">→</a><button title="Close"></button><script>var x = "Script";</script>` +
		`<input type="search" placeholder="Find"><button type="submit" name="action" value="save"></button><input placeholder="/old-page/">`
	got := untranslatedText(markup)
	want := []string{"Hello there", "Post", "A harbour", "Next page", "Close", "Find"}
	if !slices.Equal(got, want) {
		t.Errorf("untranslatedText finds %q, want %q", got, want)
	}
}
