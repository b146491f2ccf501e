package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/content"
	"masthead/sqlstore"
)

// routesOf returns the patterns a function of routes.go registers with
// Handle and HandleFunc, in order, as the router receives them: the
// matrix below must have a row for each, so that a new route cannot be
// forgotten.
func routesOf(t *testing.T, function string) []string {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "routes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, decl := range file.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Name.Name != function {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc" {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				p, _ := strconv.Unquote(lit.Value)
				patterns = append(patterns, p)
			} else {
				t.Errorf("%s registers a route whose pattern is not a string literal, which this test cannot read", function)
			}
			return true
		})
	}
	if len(patterns) == 0 {
		t.Fatalf("routes.go has no function %s registering routes", function)
	}
	return patterns
}

// accessRole is who sends a request in the matrix: nobody signed in, or
// a staff member of a role.
type accessRole int

const (
	anonymous accessRole = iota
	contributor
	author
	editor
	admin
)

var accessRoles = []accessRole{anonymous, contributor, author, editor, admin}

func (r accessRole) String() string {
	return [...]string{"anonymous", "contributor", "author", "editor", "admin"}[r]
}

// accessCase is one request of the matrix and the roles it is allowed
// for; every other role must be refused.
type accessCase struct {
	pattern string // the route, exactly as routes.go registers it
	path    string // a concrete address it serves
	least   accessRole
	// only lists the roles allowed when they are not least and every
	// role above it (an article that is one's own).
	only []accessRole
	// hidden marks an address refused to staff as not found rather than
	// forbidden, so that it does not tell what it is.
	hidden bool
	// signsOut marks the sign-out, whose success is a 303 to sign-in.
	signsOut bool
}

func (c accessCase) allows(r accessRole) bool {
	if c.only != nil {
		return slices.Contains(c.only, r)
	}
	return r >= c.least
}

// accessRig is a site with a staff member of every role and one object
// of each kind an admin route names.
type accessRig struct {
	*fixture
	staff     map[accessRole]*masthead.Author
	target    *masthead.Author  // a staff member others' actions are aimed at
	ownDraft  *masthead.Article // the contributor's own draft
	ownRev    int64
	othersRev int64
	page      *masthead.Article
	pageRev   int64
	media     *masthead.Media
	ownMedia  *masthead.Media // an image the author uploaded
	run       *masthead.ImportRun
	// ownLink and othersLink are preview links of the contributor's
	// draft and of the fixture's draft, pageLink one of the page.
	ownLink, othersLink, pageLink *masthead.PreviewLink
	pin                           *masthead.Pin // the lead story, pinned to the home page
}

func newAccessRig(t *testing.T) *accessRig {
	t.Helper()
	ctx := context.Background()
	rig := &accessRig{fixture: newFixture(t), staff: map[accessRole]*masthead.Author{}}
	rig.staff[contributor] = addStaff(t, rig.store, "Cal Contributor", masthead.RoleContributor)
	rig.staff[author] = addStaff(t, rig.store, "Abe Author", masthead.RoleAuthor)
	rig.staff[editor] = addStaff(t, rig.store, "Eda Editor", masthead.RoleEditor)
	rig.staff[admin] = addStaff(t, rig.store, "Ada Admin", masthead.RoleAdmin)
	rig.target = addStaff(t, rig.store, "Tom Target", masthead.RoleContributor)

	rig.ownDraft = &masthead.Article{Headline: "Cal's own draft", BodySource: "Mine.", Status: masthead.StatusDraft,
		Authors: []*masthead.Author{rig.staff[contributor]}, CreatedBy: rig.staff[contributor].ID}
	must(t, content.PrepareArticle(rig.ownDraft))
	must(t, rig.store.CreateArticle(ctx, rig.ownDraft))
	rig.page = &masthead.Article{Kind: masthead.KindPage, Headline: "About", Slug: "about", BodySource: "Us.",
		Status: masthead.StatusPublished, PublishedAt: now.Add(-time.Hour), UpdatedAt: now.Add(-time.Hour), Authors: []*masthead.Author{rig.ana}}
	must(t, content.PrepareArticle(rig.page))
	must(t, rig.store.CreateArticle(ctx, rig.page))
	rev := func(a *masthead.Article) int64 {
		revs, err := rig.store.FindRevisions(ctx, a.ID, 1)
		must(t, err)
		if len(revs) == 0 {
			t.Fatalf("%q has no revision", a.Headline)
		}
		return int64(revs[0].Revision)
	}
	rig.ownRev, rig.othersRev, rig.pageRev = rev(rig.ownDraft), rev(rig.draft), rev(rig.page)
	rig.media = &masthead.Media{Name: "0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Width: 200, Height: 100,
		OriginalName: "pier.jpg", AltText: "The pier at dawn"}
	must(t, rig.store.CreateMedia(ctx, rig.media))
	rig.ownLink = &masthead.PreviewLink{ArticleID: rig.ownDraft.ID, TokenHash: "own-link", ExpiresAt: now.Add(time.Hour)}
	must(t, rig.store.CreatePreviewLink(ctx, rig.ownLink))
	rig.othersLink = &masthead.PreviewLink{ArticleID: rig.draft.ID, TokenHash: "others-link", ExpiresAt: now.Add(time.Hour)}
	must(t, rig.store.CreatePreviewLink(ctx, rig.othersLink))
	rig.pageLink = &masthead.PreviewLink{ArticleID: rig.page.ID, TokenHash: "page-link", ExpiresAt: now.Add(time.Hour)}
	must(t, rig.store.CreatePreviewLink(ctx, rig.pageLink))
	rig.pin = &masthead.Pin{ArticleID: rig.lead.ID}
	must(t, rig.store.AddPin(ctx, rig.pin))
	rig.ownMedia = &masthead.Media{Name: "fedcba9876543210fedcba9876543210.jpg", Type: "image/jpeg", Width: 200, Height: 100,
		OriginalName: "gull.jpg", AltText: "A gull", UploadedBy: rig.staff[author].ID}
	must(t, rig.store.CreateMedia(ctx, rig.ownMedia))
	rig.run = &masthead.ImportRun{FileName: "old.xml"}
	must(t, rig.store.StartImportRun(ctx, rig.run))
	rig.run.State = masthead.ImportDone
	must(t, rig.store.FinishImportRun(ctx, rig.run))
	return rig
}

// session signs a role in afresh, straight in the store, so that every
// cell of the matrix starts with a session of its own that no earlier
// cell (a sign-out, a password change) has ended.
func (rig *accessRig) session(t *testing.T, r accessRole) *http.Cookie {
	t.Helper()
	if r == anonymous {
		return nil
	}
	tok := fmt.Sprintf("matrix-session-%d-%d", r, time.Now().UnixNano())
	must(t, rig.store.CreateSession(context.Background(), &masthead.Session{TokenHash: masthead.HashToken(tok),
		AuthorID: rig.staff[r].ID, ExpiresAt: now.Add(time.Hour)}))
	return &http.Cookie{Name: sessionCookie, Value: tok}
}

// fingerprint is a hash of every row of every table: two equal
// fingerprints mean nothing was written in between.
func fingerprint(t *testing.T, s *sqlstore.Store) string {
	t.Helper()
	ctx := context.Background()
	rows, err := s.DB().QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	must(t, err)
	var tables []string
	for rows.Next() {
		var name string
		must(t, rows.Scan(&name))
		tables = append(tables, name)
	}
	must(t, rows.Err())
	rows.Close()
	h := sha256.New()
	for _, table := range tables {
		rows, err := s.DB().QueryContext(ctx, `SELECT * FROM "`+table+`"`)
		must(t, err)
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			must(t, rows.Scan(ptrs...))
			fmt.Fprintf(h, "%s %v\n", table, vals)
			n++
		}
		must(t, rows.Err())
		rows.Close()
		fmt.Fprintf(h, "%s: %d rows\n", table, n)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestAccessMatrix sends every admin route and every API endpoint as each
// of anonymous, contributor, author, editor and admin. Each cell is
// allowed or refused by the table here, written out by hand rather than
// read from permission.go, so that a rule that changes there fails here.
// A refused cell is a 303 to sign-in for anonymous and a 403 for staff,
// and changes nothing in the database. Every POST passes the cross-origin
// check as a same-origin form does, so that a refusal is the role's.
func TestAccessMatrix(t *testing.T) {
	rig := newAccessRig(t)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	art := func(a *masthead.Article) string { return "/admin/articles/" + id(a.ID) }
	pg := "/admin/pages/" + id(rig.page.ID)
	mine := []accessRole{contributor, editor, admin} // the contributor's draft: theirs, or the desk's
	cases := []accessCase{
		{pattern: "GET /admin/login", path: "/admin/login", least: anonymous},
		{pattern: "POST /admin/login", path: "/admin/login", least: anonymous},
		{pattern: "GET /admin/setup", path: "/admin/setup?token=guess", least: anonymous},
		{pattern: "POST /admin/setup", path: "/admin/setup", least: anonymous},
		{pattern: "GET /admin/forgot", path: "/admin/forgot", least: anonymous},
		{pattern: "POST /admin/forgot", path: "/admin/forgot", least: anonymous},
		{pattern: "GET /admin/set-password", path: "/admin/set-password?token=guess", least: anonymous},
		{pattern: "POST /admin/set-password", path: "/admin/set-password", least: anonymous},
		{pattern: "GET /admin/{$}", path: "/admin/", least: contributor},
		{pattern: "GET /admin/password", path: "/admin/password", least: contributor},
		{pattern: "POST /admin/password", path: "/admin/password", least: contributor},
		{pattern: "GET /admin/profile", path: "/admin/profile", least: contributor},
		{pattern: "POST /admin/profile", path: "/admin/profile", least: contributor},

		{pattern: "GET /admin/articles", path: "/admin/articles", least: contributor},
		{pattern: "GET /admin/articles/new", path: "/admin/articles/new", least: contributor},
		{pattern: "POST /admin/articles/new", path: "/admin/articles/new", least: contributor},
		{pattern: "GET /admin/articles/{id}", path: art(rig.ownDraft), only: mine},
		{pattern: "GET /admin/articles/{id}", path: art(rig.draft), least: editor},
		{pattern: "POST /admin/articles/{id}", path: art(rig.ownDraft), only: mine},
		{pattern: "POST /admin/articles/{id}", path: art(rig.draft), least: editor},
		{pattern: "POST /admin/preview", path: "/admin/preview", least: contributor},
		{pattern: "GET /admin/articles/{id}/revisions", path: art(rig.ownDraft) + "/revisions", only: mine},
		{pattern: "GET /admin/articles/{id}/revisions", path: art(rig.draft) + "/revisions", least: editor},
		{pattern: "POST /admin/articles/{id}/revisions/{rev}/restore", path: art(rig.ownDraft) + "/revisions/" + id(rig.ownRev) + "/restore", only: mine},
		{pattern: "POST /admin/articles/{id}/revisions/{rev}/restore", path: art(rig.draft) + "/revisions/" + id(rig.othersRev) + "/restore", least: editor},
		{pattern: "POST /admin/articles/{id}/corrections", path: art(rig.lead) + "/corrections", least: editor},
		// Whoever may edit an article may preview it, share it and
		// autosave it (masthead.CanPreviewArticle).
		{pattern: "GET /admin/articles/{id}/preview", path: art(rig.ownDraft) + "/preview", only: mine},
		{pattern: "GET /admin/articles/{id}/preview", path: art(rig.draft) + "/preview", least: editor},
		{pattern: "GET /admin/articles/{id}/preview", path: art(rig.page) + "/preview", least: editor, hidden: true},
		{pattern: "POST /admin/articles/{id}/preview-links", path: art(rig.ownDraft) + "/preview-links", only: mine},
		{pattern: "POST /admin/articles/{id}/preview-links", path: art(rig.draft) + "/preview-links", least: editor},
		{pattern: "POST /admin/articles/{id}/preview-links/{link}/revoke", path: art(rig.ownDraft) + "/preview-links/" + id(rig.ownLink.ID) + "/revoke", only: mine},
		{pattern: "POST /admin/articles/{id}/preview-links/{link}/revoke", path: art(rig.draft) + "/preview-links/" + id(rig.othersLink.ID) + "/revoke", least: editor},
		{pattern: "POST /admin/articles/new/autosave", path: "/admin/articles/new/autosave", least: contributor},
		{pattern: "POST /admin/articles/{id}/autosave", path: art(rig.ownDraft) + "/autosave", only: mine},
		{pattern: "POST /admin/articles/{id}/autosave", path: art(rig.draft) + "/autosave", least: editor},
		{pattern: "POST /admin/articles/new/autosave/discard", path: "/admin/articles/new/autosave/discard", least: contributor},
		{pattern: "POST /admin/articles/{id}/autosave/discard", path: art(rig.ownDraft) + "/autosave/discard", only: mine},
		{pattern: "POST /admin/articles/{id}/autosave/discard", path: art(rig.draft) + "/autosave/discard", least: editor},

		{pattern: "GET /admin/pages", path: "/admin/pages", least: editor},
		{pattern: "GET /admin/pages/new", path: "/admin/pages/new", least: editor},
		{pattern: "POST /admin/pages/new", path: "/admin/pages/new", least: editor},
		{pattern: "GET /admin/pages/{id}", path: pg, least: editor},
		{pattern: "POST /admin/pages/{id}", path: pg, least: editor},
		{pattern: "GET /admin/pages/{id}/revisions", path: pg + "/revisions", least: editor},
		{pattern: "POST /admin/pages/{id}/revisions/{rev}/restore", path: pg + "/revisions/" + id(rig.pageRev) + "/restore", least: editor},
		// Pages are previewed and shared by editors and admins, who
		// edit them.
		{pattern: "GET /admin/pages/{id}/preview", path: pg + "/preview", least: editor},
		{pattern: "POST /admin/pages/{id}/preview-links", path: pg + "/preview-links", least: editor},
		{pattern: "POST /admin/pages/{id}/preview-links/{link}/revoke", path: pg + "/preview-links/" + id(rig.pageLink.ID) + "/revoke", least: editor},
		// Pages are never reached through the articles' routes either.
		{pattern: "GET /admin/articles/{id}", path: art(rig.page), least: editor, hidden: true},

		{pattern: "GET /admin/media", path: "/admin/media", least: contributor},
		{pattern: "POST /admin/media", path: "/admin/media", least: author},
		{pattern: "POST /admin/media/{id}", path: "/admin/media/" + id(rig.media.ID), least: editor},
		{pattern: "POST /admin/media/{id}", path: "/admin/media/" + id(rig.ownMedia.ID), least: author},
		{pattern: "POST /admin/media/{id}/delete", path: "/admin/media/" + id(rig.media.ID) + "/delete", least: editor},

		{pattern: "GET /admin/comments", path: "/admin/comments", least: editor},
		{pattern: "POST /admin/comments", path: "/admin/comments", least: editor},
		{pattern: "POST /admin/comments/{id}/reply", path: "/admin/comments/" + id(rig.comments[3].ID) + "/reply", least: editor},

		{pattern: "GET /admin/sections", path: "/admin/sections", least: editor},
		{pattern: "POST /admin/sections", path: "/admin/sections", least: editor},
		{pattern: "POST /admin/sections/{id}", path: "/admin/sections/" + id(rig.local.ID), least: editor},
		{pattern: "POST /admin/tags/{id}", path: "/admin/tags/" + id(rig.harbour.ID), least: editor},
		{pattern: "GET /admin/menus", path: "/admin/menus", least: editor},
		{pattern: "POST /admin/menus", path: "/admin/menus", least: editor},
		{pattern: "GET /admin/front", path: "/admin/front", least: editor},
		{pattern: "POST /admin/front/pins", path: "/admin/front/pins", least: editor},
		{pattern: "POST /admin/front/pins/{id}", path: "/admin/front/pins/" + id(rig.pin.ID), least: editor},
		{pattern: "POST /admin/front/pins/{id}/delete", path: "/admin/front/pins/" + id(rig.pin.ID) + "/delete", least: editor},
		{pattern: "POST /admin/front/breaking", path: "/admin/front/breaking", least: editor},
		{pattern: "GET /admin/redirects", path: "/admin/redirects", least: editor},
		{pattern: "POST /admin/redirects", path: "/admin/redirects", least: editor},
		{pattern: "POST /admin/redirects/delete", path: "/admin/redirects/delete", least: editor},

		{pattern: "GET /admin/staff", path: "/admin/staff", least: admin},
		{pattern: "POST /admin/staff", path: "/admin/staff", least: admin},
		{pattern: "POST /admin/staff/{id}/role", path: "/admin/staff/" + id(rig.target.ID) + "/role", least: admin},
		{pattern: "POST /admin/staff/{id}/password", path: "/admin/staff/" + id(rig.target.ID) + "/password", least: admin},
		{pattern: "POST /admin/staff/{id}/disable", path: "/admin/staff/" + id(rig.target.ID) + "/disable", least: admin},
		{pattern: "POST /admin/staff/{id}/enable", path: "/admin/staff/" + id(rig.target.ID) + "/enable", least: admin},
		{pattern: "POST /admin/staff/{id}/invite", path: "/admin/staff/" + id(rig.target.ID) + "/invite", least: admin},
		{pattern: "POST /admin/staff/{id}/revoke", path: "/admin/staff/" + id(rig.target.ID) + "/revoke", least: admin},
		{pattern: "GET /admin/import", path: "/admin/import", least: admin},
		{pattern: "POST /admin/import", path: "/admin/import", least: admin},
		{pattern: "GET /admin/import/{id}", path: "/admin/import/" + id(rig.run.ID), least: admin},
		{pattern: "POST /admin/import/{id}/cancel", path: "/admin/import/" + id(rig.run.ID) + "/cancel", least: admin},
		{pattern: "GET /admin/privacy", path: "/admin/privacy", least: admin},
		{pattern: "POST /admin/privacy", path: "/admin/privacy", least: admin},
		{pattern: "POST /admin/privacy/export", path: "/admin/privacy/export", least: admin},
		{pattern: "POST /admin/privacy/erase", path: "/admin/privacy/erase", least: admin},
		{pattern: "GET /admin/settings", path: "/admin/settings", least: admin},
		{pattern: "POST /admin/settings", path: "/admin/settings", least: admin},
		{pattern: "POST /admin/settings/test-email", path: "/admin/settings/test-email", least: admin},
		{pattern: "GET /admin/outbox", path: "/admin/outbox", least: admin},
		{pattern: "POST /admin/outbox/{id}/retry", path: "/admin/outbox/1/retry", least: admin},
		{pattern: "POST /admin/outbox/{id}/discard", path: "/admin/outbox/1/discard", least: admin},
		{pattern: "/admin/", path: "/admin/no-such-tool", least: contributor},
		// Sign-out last: it ends the session it is sent with.
		{pattern: "POST /admin/logout", path: "/admin/logout", least: contributor, signsOut: true},
	}
	// The API is public and read-only: a session changes nothing in it.
	api := []accessCase{
		{pattern: "GET /api/v1/articles", path: "/api/v1/articles"},
		{pattern: "GET /api/v1/articles/{ref}", path: "/api/v1/articles/" + id(rig.lead.ID)},
		{pattern: "GET /api/v1/articles/{ref}/comments", path: "/api/v1/articles/" + id(rig.lead.ID) + "/comments"},
		{pattern: "GET /api/v1/authors", path: "/api/v1/authors"},
		{pattern: "GET /api/v1/authors/{slug}", path: "/api/v1/authors/ben-ortiz"},
		{pattern: "GET /api/v1/categories", path: "/api/v1/categories"},
		{pattern: "GET /api/v1/tags", path: "/api/v1/tags"},
		{pattern: "GET /api/v1/openapi.json", path: "/api/v1/openapi.json"},
		{pattern: "/api/v1/", path: "/api/v1/articles/" + id(rig.draft.ID)},
	}

	covered := map[string]bool{}
	for _, c := range append(slices.Clone(cases), api...) {
		covered[c.pattern] = true
	}
	registered := map[string]bool{}
	for _, fn := range []string{"adminRoutes", "apiRoutes"} {
		for _, p := range routesOf(t, fn) {
			registered[p] = true
			if !covered[p] {
				t.Errorf("the route %q has no row in the access matrix", p)
			}
		}
	}
	for p := range covered {
		if !registered[p] {
			t.Errorf("the access matrix has a row for %q, which routes.go does not register", p)
		}
	}

	for _, c := range cases {
		method, _, _ := strings.Cut(c.pattern, " ")
		if !strings.Contains(c.pattern, " ") {
			method = "GET"
		}
		for _, role := range accessRoles {
			cell := fmt.Sprintf("%s %s as %s", method, c.path, role)
			cookie := rig.session(t, role)
			var before string
			if !c.allows(role) {
				before = fingerprint(t, rig.store)
			}
			res := rig.send(t, method, c.path, cookie)
			loc := res.Header.Get("Location")
			toSignIn := res.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/admin/login")
			switch {
			case res.StatusCode >= 500:
				t.Errorf("%s: status %d", cell, res.StatusCode)
			case c.allows(role) && c.signsOut:
				if !toSignIn || rig.send(t, "GET", "/admin/", cookie).StatusCode != http.StatusSeeOther {
					t.Errorf("%s: got %d to %q, and the session may still work", cell, res.StatusCode, loc)
				}
			case c.allows(role):
				if res.StatusCode == http.StatusForbidden || toSignIn {
					t.Errorf("%s is allowed, but got %d to %q", cell, res.StatusCode, loc)
				}
			case role == anonymous:
				if !toSignIn {
					t.Errorf("%s: got %d to %q, want 303 to sign-in", cell, res.StatusCode, loc)
				}
				back := "/admin/login?" + url.Values{"next": {c.path}}.Encode()
				if method == "GET" && c.path != "/admin/" && loc != back {
					t.Errorf("%s: sign-in at %q does not lead back", cell, loc)
				}
			default:
				want := http.StatusForbidden
				if c.hidden {
					want = http.StatusNotFound
				}
				if res.StatusCode != want {
					t.Errorf("%s: status %d, want %d", cell, res.StatusCode, want)
				}
			}
			if !c.allows(role) && fingerprint(t, rig.store) != before {
				t.Errorf("%s was refused but changed the database", cell)
			}
		}
	}

	for _, c := range api {
		for _, role := range accessRoles {
			res := rig.send(t, "GET", c.path, rig.session(t, role))
			b := body(t, res)
			want := http.StatusOK
			if c.pattern == "/api/v1/" {
				want = http.StatusNotFound // a draft is not there, whoever asks
			}
			if res.StatusCode != want || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/") {
				t.Errorf("GET %s as %s: status %d (%s), want %d in JSON", c.path, role, res.StatusCode, res.Header.Get("Content-Type"), want)
			}
			if strings.Contains(b, rig.draft.Headline) || strings.Contains(b, rig.ownDraft.Headline) {
				t.Errorf("GET %s as %s shows a draft", c.path, role)
			}
		}
	}
}

// send makes one request of the matrix: a POST carries an empty form and
// says it comes from the site itself, as a browser's same-origin form
// does.
func (rig *accessRig) send(t *testing.T, method, path string, cookie *http.Cookie) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	if method == http.MethodPost {
		req = httptest.NewRequest(method, path, strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("Origin", "https://observer.example")
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	rec := httptest.NewRecorder()
	rig.server.ServeHTTP(rec, req)
	return rec.Result()
}
