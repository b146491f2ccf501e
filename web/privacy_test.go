package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/content"
	"masthead/export"
	"masthead/sqlite"
)

// recordedLinks is a LinkSender that keeps every link it is handed, as
// mail would deliver them.
type recordedLinks struct {
	mu   sync.Mutex
	sent []recordedLink
}

type recordedLink struct {
	to   string
	kind masthead.PrivacyRequestKind
	link string
}

func (r *recordedLinks) SendPrivacyLink(_ context.Context, to string, kind masthead.PrivacyRequestKind, link string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, recordedLink{to, kind, link})
	return nil
}

// last returns the path of the last link sent, which must be to.
func (r *recordedLinks) last(t testing.TB, to string) string {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.sent) == 0 {
		t.Fatal("no link was sent")
	}
	l := r.sent[len(r.sent)-1]
	if l.to != to {
		t.Fatalf("the last link went to %q, want %q", l.to, to)
	}
	u, err := url.Parse(l.link)
	if err != nil || u.Scheme+"://"+u.Host != "https://observer.example" {
		t.Fatalf("the link %q is not an address of the site", l.link)
	}
	return u.Path
}

func (r *recordedLinks) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sent)
}

// privacyServer serves f's store with links recorded, and the page cache
// on when cache is set.
func privacyServer(t *testing.T, f *fixture, links masthead.LinkSender, cache bool) *Server {
	t.Helper()
	opts := Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }, PrivacyLinks: links}
	if cache {
		withPageCache(&opts)
	}
	srv, err := NewServer(f.store, opts)
	must(t, err)
	if cache {
		watch(t, srv, announcer{})
	}
	return srv
}

// post sends a form from the site itself, as a browser does.
func post(t *testing.T, h http.Handler, path string, values url.Values, cookies ...*http.Cookie) *http.Response {
	t.Helper()
	return send(t, h, "POST", path, values, cookies...)
}

// cora is the fixture's first commenter, whose comment has a reply.
const coraEmail = "cora.diaz@reader.example"

func TestPrivacyPage(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	res := get(t, f.server, "GET", "/privacy/")
	if res.status != http.StatusOK {
		t.Fatalf("GET /privacy/: status %d", res.status)
	}
	doc := parse(t, res.body)
	main := first(t, doc, byID("main"), "main")
	for _, want := range []string{"for 90 days, after which it is cleared", "after 30 days", "Your email address is never shown",
		`replaces its text with "[deleted]"`} {
		if !strings.Contains(text(main), want) {
			t.Errorf("the privacy page does not say %q", want)
		}
	}
	var names []string
	for _, code := range findAll(first(t, main, byTag("table"), "cookies"), byTag("code")) {
		names = append(names, text(code))
	}
	if want := []string{sessionCookie, regularCookie, commenterCookie, pendingCookie, addressCookie}; !slices.Equal(names, want) {
		t.Errorf("the cookie table names %q, want %q", names, want)
	}
	if !slices.ContainsFunc(findAll(main, byTag("a")), func(a *html.Node) bool { return attr(a, "href") == "/privacy/request/" }) {
		t.Error("the privacy page does not link to the request page")
	}
	footer := first(t, doc, byClass("site-footer"), "footer")
	if !slices.ContainsFunc(findAll(footer, byTag("a")), func(a *html.Node) bool { return attr(a, "href") == "/privacy/" }) {
		t.Error("the footer does not link to the privacy page")
	}
	form := first(t, parse(t, get(t, f.server, "GET", f.lead.Path(time.UTC)).body), byID("commentform"), "comment form")
	if !slices.ContainsFunc(findAll(form, byTag("a")), func(a *html.Node) bool { return attr(a, "href") == "/privacy/" }) {
		t.Error("the comment form does not link to the privacy page")
	}

	// The page follows the settings, and shows the site's own policy
	// first when it has one.
	site, err := f.store.FindSite(ctx)
	must(t, err)
	site.RetainNetworksDays, site.RetainHeldDays, site.ErasureMode = 14, 60, masthead.ErasureKeepText
	must(t, f.store.UpdateSite(ctx, site))
	policy := &masthead.Article{Kind: masthead.KindPage, Headline: "Our privacy policy", Slug: "privacy-policy",
		BodySource: "We are the Observer, of Port Alder.", Status: masthead.StatusPublished, PublishedAt: now.Add(-time.Hour),
		Authors: []*masthead.Author{f.ana}}
	must(t, content.PrepareArticle(policy))
	must(t, f.store.CreateArticle(ctx, policy))
	main = first(t, parse(t, get(t, f.server, "GET", "/privacy/").body), byID("main"), "main")
	if h1 := text(first(t, main, byTag("h1"), "h1")); h1 != "Our privacy policy" {
		t.Errorf("with a policy page the heading is %q", h1)
	}
	for _, want := range []string{"We are the Observer, of Port Alder.", "What this site stores, and for how long", "for 14 days",
		"deleted after 60 days", `keeps the text under the name "Anonymous"`} {
		if !strings.Contains(text(main), want) {
			t.Errorf("the privacy page with new settings does not say %q", want)
		}
	}
}

// TestCookieTableCoversEveryCookie reads the package's code for every
// cookie it sets and checks that the privacy page lists it.
func TestCookieTableCoversEveryCookie(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	must(t, err)
	consts := map[string]string{}
	var set []string
	for _, file := range pkgs["web"].Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if i < len(n.Values) {
						if lit, ok := n.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[name.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			case *ast.CompositeLit:
				if sel, ok := n.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Cookie" {
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Name") {
							if id, ok := kv.Value.(*ast.Ident); ok {
								set = append(set, id.Name)
							} else {
								t.Errorf("a cookie's name is not a constant, which this test cannot read")
							}
						}
					}
				}
			}
			return true
		})
	}
	if len(set) < 4 {
		t.Fatalf("found only %d cookies in the code", len(set))
	}
	for _, name := range set {
		if !slices.ContainsFunc(cookieUses, func(c cookieUse) bool { return c.Name == consts[name] }) {
			t.Errorf("the server sets the cookie %q (%s), which the privacy page does not list", consts[name], name)
		}
	}
}

func TestAdminPrivacy(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	srv := privacyServer(t, f, &recordedLinks{}, false)
	admin := signIn(t, srv, addStaff(t, f.store, "Ada Admin", masthead.RoleAdmin).Email)
	editor := signIn(t, srv, addStaff(t, f.store, "Eda Editor", masthead.RoleEditor).Email)
	who := url.Values{"email": {" Cora.Diaz@Reader.example "}}

	// Only admins, on every route.
	for _, r := range []struct {
		method, path string
		values       url.Values
	}{{"GET", "/admin/privacy", nil}, {"POST", "/admin/privacy", who}, {"POST", "/admin/privacy/export", url.Values{"email": who["email"], "format": {"json"}}},
		{"POST", "/admin/privacy/erase", url.Values{"email": who["email"], "confirm": {"yes"}}}} {
		if res := send(t, srv, r.method, r.path, r.values, editor); res.StatusCode != http.StatusForbidden {
			t.Errorf("an editor's %s %s: status %d, want 403", r.method, r.path, res.StatusCode)
		}
	}
	if n, _ := f.store.CountCommenterComments(ctx, coraEmail); n != 1 {
		t.Fatal("an editor's refused erasure changed Cora's comment")
	}

	res := post(t, srv, "/admin/privacy", who, admin)
	doc := parse(t, body(t, res))
	if res.StatusCode != http.StatusOK || text(first(t, doc, byID("found-heading"), "what was found")) != "1 comment under this address" {
		t.Fatalf("look-up: status %d", res.StatusCode)
	}
	bad := post(t, srv, "/admin/privacy", url.Values{"email": {"not an address"}}, admin)
	if bad.StatusCode != http.StatusUnprocessableEntity || attr(first(t, parse(t, body(t, bad)), byID("email"), "email"), "value") != "not an address" {
		t.Errorf("a bad address: status %d, or the form lost it", bad.StatusCode)
	}

	// The export, in both formats, with Cora's follow-up subscription.
	if _, err := f.store.SubscribeToComments(ctx, &masthead.CommentSubscription{ArticleID: f.lead.ID, Email: coraEmail}, "hash-cora", nil); err != nil {
		t.Fatal(err)
	}
	res = post(t, srv, "/admin/privacy/export", url.Values{"email": who["email"], "format": {"json"}}, admin)
	var data struct {
		Email         string `json:"email"`
		Subscriptions []struct {
			Article   struct{ ID int64 } `json:"article"`
			Confirmed bool               `json:"confirmed"`
		} `json:"subscriptions"`
		Comments []struct {
			Name    string `json:"name"`
			Text    string `json:"text"`
			Article struct {
				Headline, URL string
			} `json:"article"`
		} `json:"comments"`
	}
	raw := body(t, res)
	if err := json.Unmarshal([]byte(raw), &data); err != nil || res.Header.Get("Content-Disposition") == "" {
		t.Fatalf("the JSON export (%s, %q): %v", res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"), err)
	}
	if data.Email != coraEmail || len(data.Comments) != 1 || data.Comments[0].Name != "Cora Diaz" ||
		data.Comments[0].Article.URL != "https://observer.example"+f.lead.Path(time.UTC) || data.Comments[0].Article.Headline != f.lead.Headline {
		t.Errorf("the JSON export holds %s", raw)
	}
	if len(data.Subscriptions) != 1 || data.Subscriptions[0].Article.ID != f.lead.ID || data.Subscriptions[0].Confirmed {
		t.Errorf("the JSON export's subscriptions: %s", raw)
	}
	res = post(t, srv, "/admin/privacy/export", url.Values{"email": who["email"], "format": {"csv"}}, admin)
	rows, err := csv.NewReader(strings.NewReader(body(t, res))).ReadAll()
	if err != nil || len(rows) != 3 || rows[2][0] != "subscription" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("the CSV export: %d rows, %v", len(rows), err)
	}

	// Erasing asks first, and changes nothing until confirmed.
	res = post(t, srv, "/admin/privacy/erase", who, admin)
	doc = parse(t, body(t, res))
	confirm := first(t, doc, func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == "confirm" }, "the confirmation")
	if res.StatusCode != http.StatusOK || attr(confirm, "value") != "yes" {
		t.Fatalf("the erasure's confirmation step: status %d", res.StatusCode)
	}
	if n, _ := f.store.CountCommenterComments(ctx, coraEmail); n != 1 {
		t.Fatal("the confirmation step erased")
	}
	res = post(t, srv, "/admin/privacy/erase", url.Values{"email": who["email"], "confirm": {"yes"}}, admin)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/privacy?erased=1" {
		t.Fatalf("the erasure: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if n, _ := f.store.CountCommenterComments(ctx, coraEmail); n != 0 {
		t.Fatal("the erasure left Cora's comment")
	}
	doc = parse(t, body(t, send(t, srv, "GET", "/admin/privacy?erased=1", nil, admin)))
	log := text(first(t, doc, byClass("admin-table"), "the erasure log"))
	if !strings.Contains(log, "Ada Admin") || strings.Contains(strings.ToLower(log), "cora") {
		t.Errorf("the erasure log reads %q", log)
	}
	res = post(t, srv, "/admin/privacy", who, admin)
	if !strings.Contains(text(parse(t, body(t, res))), "This address was erased before (1 time)") {
		t.Error("a second look-up does not say the address was erased before")
	}
}

func TestPrivacyRequestFlow(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	links := &recordedLinks{}
	srv := privacyServer(t, f, links, false)

	form := get(t, srv, "GET", "/privacy/request/?kind=erase")
	erase := first(t, parse(t, form.body), byID("kind-erase"), "erase")
	if form.status != 200 || !slices.ContainsFunc(erase.Attr, func(a html.Attribute) bool { return a.Key == "checked" }) {
		t.Fatalf("the request form: status %d, or erase is not chosen", form.status)
	}
	if form.header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("the request form is sent with Cache-Control %q", form.header.Get("Cache-Control"))
	}

	// The same answer whether or not the address has commented: a link
	// sent, and a redirect to the same page.
	var answers []string
	for _, email := range []string{coraEmail, "never.commented@reader.example"} {
		res := post(t, srv, "/privacy/request/", url.Values{"email": {email}, "kind": {"erase"}})
		answers = append(answers, res.Status+" "+res.Header.Get("Location")+" "+body(t, res))
		links.last(t, email)
	}
	if answers[0] != answers[1] {
		t.Errorf("the answers differ by address:\n%s\n%s", answers[0], answers[1])
	}
	if sent := get(t, srv, "GET", "/privacy/request/?sent"); !strings.Contains(sent.body, "a link was sent") {
		t.Error("the page after a request does not say a link was sent")
	}

	// The link shows what it will do; only the button does it.
	post(t, srv, "/privacy/request/", url.Values{"email": {coraEmail}, "kind": {"erase"}})
	confirm := links.last(t, coraEmail)
	page := get(t, srv, "GET", confirm)
	if page.status != 200 || page.header.Get("Cache-Control") != "private, no-store" || page.header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("the confirmation page: status %d, headers %v", page.status, page.header)
	}
	if !strings.Contains(text(parse(t, page.body)), "1 comment was posted under your address") {
		t.Errorf("the confirmation page does not count Cora's comment")
	}
	if n, _ := f.store.CountCommenterComments(ctx, coraEmail); n != 1 {
		t.Fatal("following the link erased without the button")
	}
	// Another site's form cannot press the button.
	req := httptest.NewRequest("POST", confirm, strings.NewReader(""))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if res := rec.Result(); res.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site confirmation: status %d, want 403", res.StatusCode)
	}
	res := post(t, srv, confirm, url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/privacy/erased/?comments=1" {
		t.Fatalf("the confirmed erasure: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if !strings.Contains(get(t, srv, "GET", "/privacy/erased/?comments=1").body, "removed from 1 comment.") {
		t.Error("the page after an erasure does not say what it did")
	}
	article := get(t, srv, "GET", f.lead.Path(time.UTC)).body
	if strings.Contains(article, "Cora Diaz") || strings.Contains(article, "falling apart") || !strings.Contains(article, "[deleted]") ||
		!strings.Contains(article, "Dev Patel") {
		t.Error("the article still shows Cora's comment, or lost the thread")
	}
	if again := post(t, srv, confirm, url.Values{}); again.StatusCode != http.StatusNotFound {
		t.Errorf("a used link: status %d, want 404", again.StatusCode)
	}
	if log, _, _ := f.store.FindErasures(ctx, masthead.ErasureFilter{}); len(log) != 1 || !log[0].ByCommenter {
		t.Errorf("the erasure log holds %+v", log)
	}

	// An export by link, as CSV.
	post(t, srv, "/privacy/request/", url.Values{"email": {"dev.patel@reader.example"}, "kind": {"export"}})
	res = post(t, srv, links.last(t, "dev.patel@reader.example"), url.Values{"format": {"csv"}})
	rows, err := csv.NewReader(strings.NewReader(body(t, res))).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "comment" || rows[1][7] != "Dev Patel" || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("the export by link: %q, %v", rows, err)
	}

	// Mistakes come back with what was typed.
	res = post(t, srv, "/privacy/request/", url.Values{"email": {"dev at reader"}, "kind": {"export"}})
	doc := parse(t, body(t, res))
	if res.StatusCode != http.StatusUnprocessableEntity || attr(first(t, doc, byID("email"), "email"), "value") != "dev at reader" ||
		attr(first(t, doc, byID("email"), "email"), "aria-invalid") != "true" {
		t.Errorf("a bad address: status %d, or the form lost it", res.StatusCode)
	}
	if res := post(t, srv, "/privacy/request/", url.Values{"email": {coraEmail}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a request of no kind: status %d", res.StatusCode)
	}
}

// TestPrivacyRequestThrottle: an address gets three links a day, and the
// fourth request is refused with a sentence and Retry-After.
func TestPrivacyRequestThrottle(t *testing.T) {
	f := newFixture(t)
	links := &recordedLinks{}
	srv := privacyServer(t, f, links, false)
	for i := range 3 {
		if res := post(t, srv, "/privacy/request/", url.Values{"email": {coraEmail}, "kind": {"export"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("request %d: status %d", i+1, res.StatusCode)
		}
	}
	res := post(t, srv, "/privacy/request/", url.Values{"email": {strings.ToUpper(coraEmail)}, "kind": {"export"}})
	doc := parse(t, body(t, res))
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || links.count() != 3 {
		t.Fatalf("the fourth request: status %d, Retry-After %q, %d links", res.StatusCode, res.Header.Get("Retry-After"), links.count())
	}
	if msg := text(first(t, doc, byClass("form-errors"), "message")); !strings.Contains(msg, "Too many requests") {
		t.Errorf("the throttled form says %q", msg)
	}
}

// TestPrivacyRequestWithoutMail: a site that cannot send mail says so, in
// one sentence, the same for every address.
func TestPrivacyRequestWithoutMail(t *testing.T) {
	f := newFixture(t)
	var answers []string
	for _, email := range []string{coraEmail, "never.commented@reader.example"} {
		res := post(t, f.server, "/privacy/request/", url.Values{"email": {email}, "kind": {"export"}})
		msg := text(first(t, parse(t, body(t, res)), byClass("form-errors"), "message"))
		if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(msg, "cannot send email") || strings.Count(msg, ".") != 1 {
			t.Errorf("without mail, %s: status %d, %q", email, res.StatusCode, msg)
		}
		answers = append(answers, msg)
	}
	if answers[0] != answers[1] {
		t.Errorf("the answers differ by address: %q", answers)
	}
}

// TestErasedCommenterLeavesNoTrace warms the page cache with Cora's
// comment, has her data erased by the link she was sent, and then finds
// her name, address, website and text in no page, feed, API answer,
// export or backup.
func TestErasedCommenterLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "masthead.db"))
	must(t, err)
	store.Now = func() time.Time { return now }
	t.Cleanup(func() { store.Close() })
	f := newFixtureOn(t, store)
	// Her own website and a second comment elsewhere, for the trail.
	other := &masthead.Comment{ArticleID: f.lead.ID, AuthorName: "Cora Diaz", AuthorEmail: "Cora.Diaz@reader.example",
		AuthorURL: "https://cora-diaz.example/", Body: "Quayside notes by Cora.", Status: masthead.CommentApproved, IP: "198.51.100.0"}
	must(t, store.CreateComment(ctx, other))
	links := &recordedLinks{}
	srv := privacyServer(t, f, links, true)

	traces := []string{"Cora Diaz", "cora.diaz", "cora-diaz.example", "falling apart", "Quayside notes", "198.51.100.0"}
	crawl := func(warm bool) {
		t.Helper()
		seen := map[string]bool{}
		queue := []string{"/", f.lead.Path(time.UTC), "/comments/feed/", "/comments/feed/atom/", "/comments/feed/json/",
			f.lead.Path(time.UTC) + "feed/", "/api/v1/articles/" + itoa(f.lead.ID) + "/comments", "/api/v1/articles/" + itoa(f.lead.ID)}
		for len(queue) > 0 && len(seen) < 150 {
			p := queue[0]
			queue = queue[1:]
			if seen[p] {
				continue
			}
			seen[p] = true
			res := get(t, srv, "GET", p)
			if warm {
				continue
			}
			for _, trace := range traces {
				if strings.Contains(strings.ToLower(res.body), strings.ToLower(trace)) {
					t.Errorf("after the erasure %s (X-Cache %s) still shows %q", p, res.header.Get("X-Cache"), trace)
				}
			}
			if res.status == 200 && strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
				for _, a := range findAll(parse(t, res.body), byTag("a")) {
					if href := attr(a, "href"); strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "//") {
						queue = append(queue, strings.SplitN(href, "#", 2)[0])
					}
				}
			}
		}
	}
	crawl(true)
	if res := get(t, srv, "GET", f.lead.Path(time.UTC)); res.header.Get("X-Cache") != "hit" || !strings.Contains(res.body, "Cora Diaz") {
		t.Fatalf("the article is not cached with Cora's comment (X-Cache %q)", res.header.Get("X-Cache"))
	}

	post(t, srv, "/privacy/request/", url.Values{"email": {coraEmail}, "kind": {"erase"}})
	if res := post(t, srv, links.last(t, coraEmail), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the erasure: status %d", res.StatusCode)
	}
	crawl(false)

	var dump bytes.Buffer
	_, err = export.JSON(ctx, store, &dump, export.Options{BaseURL: "https://observer.example"})
	must(t, err)
	data, err := masthead.ExportCommenterData(ctx, store, coraEmail, "https://observer.example", now)
	must(t, err)
	if len(data.Comments) != 0 {
		t.Errorf("the erased address still exports %d comments", len(data.Comments))
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	must(t, sqlite.Snapshot(ctx, filepath.Join(dir, "masthead.db"), backup))
	copied, err := os.ReadFile(backup)
	must(t, err)
	for _, trace := range traces {
		if bytes.Contains(bytes.ToLower(dump.Bytes()), []byte(strings.ToLower(trace))) {
			t.Errorf("the site's export still holds %q", trace)
		}
		if bytes.Contains(bytes.ToLower(copied), []byte(strings.ToLower(trace))) {
			t.Errorf("a backup still holds %q", trace)
		}
	}
}

// privacyLinkPath makes a reader's request of kind for Cora's address
// directly through the rules, and returns the path of its confirmation
// link, for tests that look at the page it leads to.
func privacyLinkPath(t *testing.T, f *fixture, kind masthead.PrivacyRequestKind) string {
	t.Helper()
	links := &recordedLinks{}
	must(t, masthead.RequestPrivacy(context.Background(), f.store, links, kind, coraEmail, "192.0.2.0",
		func(token string) string { return "https://observer.example" + privacyConfirmPath + token }, now))
	return links.last(t, coraEmail)
}
