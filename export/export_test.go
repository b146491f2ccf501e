package export

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/content"
	"masthead/postgres"
	"masthead/postgres/pgtest"
	"masthead/sqlite"
	"masthead/sqlstore"
	"masthead/wxr"
)

// now is the pinned time of every test: after the fixture's posts.
var now = time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)

// base is the public address the exports are written for.
const base = "https://observer.example"

// opener opens an empty site on one database.
type opener func(t *testing.T) *sqlstore.Store

func openSQLite(t *testing.T) *sqlstore.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return now }
	t.Cleanup(func() { s.Close() })
	return s
}

func openPostgres(t *testing.T) *sqlstore.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), pgtest.DSN(t), "")
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return now }
	t.Cleanup(func() { s.Close() })
	return s
}

func TestAbsoluteURLs(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no site paths", `<p>Text <a href="https://elsewhere.example/">there</a></p>`, `<p>Text <a href="https://elsewhere.example/">there</a></p>`},
		{"link", `<p><a href="/2026/11/26/story/">story</a></p>`, `<p><a href="https://news.example/2026/11/26/story/">story</a></p>`},
		{"image and srcset", `<img src="/media/a.jpg" srcset="/media/a-480.jpg 480w, /media/a.jpg 2000w" alt="A">`,
			`<img src="https://news.example/media/a.jpg" srcset="https://news.example/media/a-480.jpg 480w, https://news.example/media/a.jpg 2000w" alt="A">`},
		{"another host without a scheme", `<a href="//cdn.example/x">x</a>`, `<a href="//cdn.example/x">x</a>`},
		{"fragment and relative", `<a href="#notes">notes</a> <a href="page/">p</a>`, `<a href="#notes">notes</a> <a href="page/">p</a>`},
		{"quotation source", `<blockquote cite="/about/"><p>Q</p></blockquote>`, `<blockquote cite="https://news.example/about/"><p>Q</p></blockquote>`},
		{"text that looks like an attribute", `<p>Write href="/x" in the code.</p>`, `<p>Write href="/x" in the code.</p>`},
		{"entities kept", `<p>Fish &amp; chips &lt;3 <a href="/a?b=1&amp;c=2">q</a></p>`, `<p>Fish &amp; chips &lt;3 <a href="https://news.example/a?b=1&amp;c=2">q</a></p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := absoluteURLs(tt.in, "https://news.example"); got != tt.want {
				t.Errorf("absoluteURLs(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestBaseURL(t *testing.T) {
	tests := []struct{ given, setting, want string }{
		{"https://news.example/", "", "https://news.example"},
		{"", "http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"https://flag.example", "https://setting.example", "https://flag.example"},
		{"", "", ""},
		{"ftp://news.example", "", ""},
		{"https://news.example/blog/", "", ""},
		{"news.example", "", ""},
	}
	for _, tt := range tests {
		got, err := baseURL(tt.given, tt.setting)
		if tt.want == "" {
			if masthead.ErrorCode(err) != masthead.EINVALID || masthead.ErrorField(err) != "base_url" {
				t.Errorf("baseURL(%q, %q) = %q, %v; want an EINVALID error for base_url", tt.given, tt.setting, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("baseURL(%q, %q) = %q, %v; want %q", tt.given, tt.setting, got, err, tt.want)
		}
	}
}

func TestCountsString(t *testing.T) {
	for _, tt := range []struct {
		c    Counts
		want string
	}{
		{Counts{}, "nothing: the site is empty"},
		{Counts{Articles: 1}, "1 article"},
		{Counts{Authors: 2, Articles: 20, Comments: 1, MenuItems: 3}, "2 authors, 20 articles, 1 comment and 3 menu entries"},
	} {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.c, got, tt.want)
		}
	}
}

// TestWordPressBaseURL takes the site's setting when no address is given,
// and refuses to write links without one.
func TestWordPressBaseURL(t *testing.T) {
	ctx := context.Background()
	s := openSQLite(t)
	_, err := WordPress(ctx, s, io.Discard, Options{})
	if masthead.ErrorField(err) != "base_url" {
		t.Fatalf("export without an address: %v, want an error for base_url", err)
	}
	site, _ := s.FindSite(ctx)
	site.BaseURL = "https://setting.example"
	if err := s.UpdateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := WordPress(ctx, s, &b, Options{}); err != nil {
		t.Fatal(err)
	}
	rd := wxr.NewReader(&b)
	rec, err := rd.Next()
	if err != nil {
		t.Fatal(err)
	}
	if ch := rec.(*wxr.Channel); ch.Link != "https://setting.example" || ch.BaseBlogURL != "https://setting.example" || ch.Version != wxr.Version {
		t.Errorf("channel %+v, want the setting's address and WXR %s", ch, wxr.Version)
	}
	for {
		if _, err := rd.Next(); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("the export of an empty site does not read: %v", err)
		}
	}
}

// secretSite is a site with everything signing in leaves behind: a
// password hash, a session, the site secret, the SMTP password; and one
// of each record.
func secretSite(t *testing.T) (s masthead.Store, secrets []string) {
	t.Helper()
	ctx := context.Background()
	st := openSQLite(t)
	hash := "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g"
	ed := &masthead.Author{Name: "Eda Editor", Slug: "eda", Role: masthead.RoleEditor, Email: "eda@observer.example", Bio: "Edits."}
	if err := st.CreateStaff(ctx, ed, hash); err != nil {
		t.Fatal(err)
	}
	token := "5f0c3a9e5d7b2c1a4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"
	if err := st.CreateSession(ctx, &masthead.Session{TokenHash: token, AuthorID: ed.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour), IP: "192.0.2.0"}); err != nil {
		t.Fatal(err)
	}
	secret, err := st.SiteSecret(ctx)
	if err != nil {
		t.Fatal(err)
	}
	site, err := st.FindSite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const smtpPassword = "smtp-password-never-exported"
	site.SMTPHost, site.SMTPUser, site.SMTPPassword, site.MailFrom = "smtp.observer.example", "news", smtpPassword, "news@observer.example"
	if err := st.UpdateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	news := &masthead.Category{Name: "News", Slug: "news", Description: "What happened."}
	if err := st.CreateCategory(ctx, news); err != nil {
		t.Fatal(err)
	}
	pier := &masthead.Media{Name: "0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Width: 2000, Height: 1000,
		Variants: []masthead.MediaVariant{{Width: 480, Name: "small.jpg"}}, OriginalName: "pier.jpg", AltText: "The pier", UploadedBy: ed.ID}
	if err := st.CreateMedia(ctx, pier); err != nil {
		t.Fatal(err)
	}
	var first *masthead.Article
	for i, h := range []string{"One", "Two", "Three"} {
		a := &masthead.Article{Headline: h, Slug: strings.ToLower(h), BodySource: "Body <b>" + h + "</b>", Status: masthead.StatusPublished,
			PublishedAt: now.Add(-time.Duration(i+1) * time.Hour), Authors: []*masthead.Author{ed}, Category: news, CommentsOpen: true}
		if i == 0 {
			a.FeaturedImage = pier
		}
		if err := content.PrepareArticle(a); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = a
		}
	}
	if err := st.AddCorrection(ctx, &masthead.Correction{ArticleID: first.ID, Kind: masthead.CorrectionKind, Text: "A name was misspelt.", AuthorID: ed.ID}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		c := &masthead.Comment{ArticleID: first.ID, AuthorName: "Reader", AuthorEmail: "reader@example.org", Body: "Comment " + string(rune('A'+i)),
			Status: masthead.CommentApproved, IP: "198.51.100.0", CreatedAt: now.Add(time.Duration(i) * time.Minute)}
		if err := st.CreateComment(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SaveMenu(ctx, &masthead.Menu{Location: masthead.MenuHeader, Items: []*masthead.MenuItem{
		{Label: "News", Kind: masthead.TargetSection, SectionID: news.ID, Children: []*masthead.MenuItem{{Label: "About", Kind: masthead.TargetURL, URL: "/about/"}}},
	}}); err != nil {
		t.Fatal(err)
	}
	if err := st.AddRedirect(ctx, "/old/", first.Path(time.UTC)); err != nil {
		t.Fatal(err)
	}
	return st, []string{hash, token, smtpPassword, string(secret), hex.EncodeToString(secret), base64.StdEncoding.EncodeToString(secret),
		base64.RawURLEncoding.EncodeToString(secret)}
}

// TestJSON writes the documented shape, every list through pages smaller
// than the list, and nothing that signs anyone in.
func TestJSON(t *testing.T) {
	s, secrets := secretSite(t)
	var b bytes.Buffer
	counts, err := JSON(context.Background(), s, &b, Options{Now: now, Generator: "Masthead test", PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range secrets {
		if strings.Contains(b.String(), secret) {
			t.Errorf("the dump holds a secret: %q", secret)
		}
	}
	var dump struct {
		Format     string         `json:"format"`
		ExportedAt time.Time      `json:"exported_at"`
		Generator  string         `json:"generator"`
		Site       map[string]any `json:"site"`
	}
	var whole map[string]json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &whole); err != nil {
		t.Fatalf("the dump is not JSON: %v\n%s", err, b.String())
	}
	keys := make([]string, 0, len(whole))
	for k := range whole {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	wantKeys := []string{"articles", "authors", "comments", "exported_at", "format", "generator", "media", "menus", "redirects", "sections", "site", "tags"}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("top-level fields %v, want %v", keys, wantKeys)
	}
	if err := json.Unmarshal(b.Bytes(), &dump); err != nil {
		t.Fatal(err)
	}
	if dump.Format != Format || !dump.ExportedAt.Equal(now) || dump.Generator != "Masthead test" || dump.Site["title"] != "Masthead" {
		t.Errorf("head: format %q, exported at %v, generator %q, site %v", dump.Format, dump.ExportedAt, dump.Generator, dump.Site)
	}
	lengths := map[string]int{}
	for _, name := range []string{"authors", "sections", "tags", "media", "articles", "comments", "menus", "redirects"} {
		var list []map[string]any
		if err := json.Unmarshal(whole[name], &list); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		lengths[name] = len(list)
	}
	want := map[string]int{"authors": 1, "sections": 1, "tags": 0, "media": 1, "articles": 3, "comments": 3, "menus": 1, "redirects": 1}
	if !sameMap(lengths, want) {
		t.Errorf("list lengths %v, want %v", lengths, want)
	}
	if counts.Articles != 3 || counts.Comments != 3 || counts.MenuItems != 2 || counts.Redirects != 1 {
		t.Errorf("counts %+v", counts)
	}

	var authors []map[string]any
	json.Unmarshal(whole["authors"], &authors)
	authorKeys := make([]string, 0)
	for k := range authors[0] {
		authorKeys = append(authorKeys, k)
	}
	slices.Sort(authorKeys)
	wantAuthor := []string{"avatar_media_id", "bio", "created_at", "email", "external_id", "id", "name", "role", "slug", "updated_at"}
	if !slices.Equal(authorKeys, wantAuthor) {
		t.Errorf("an author has the fields %v, want %v (and never a password)", authorKeys, wantAuthor)
	}
	var articles []articleOut
	json.Unmarshal(whole["articles"], &articles)
	var one *articleOut
	for i := range articles {
		if articles[i].Path == "/2026/11/26/one/" {
			one = &articles[i]
		}
	}
	if one == nil {
		t.Fatalf("no article at /2026/11/26/one/ in %+v", articles)
	}
	if one.BodyMarkdown != "Body <b>One</b>" || !strings.Contains(one.BodyHTML, "<b>One</b>") || len(one.Authors) != 1 ||
		one.SectionID == 0 || one.FeaturedMediaID == 0 || len(one.Corrections) != 1 || one.Corrections[0].Text != "A name was misspelt." {
		t.Errorf("article one: %+v", *one)
	}
	var menus []struct {
		Location string
		Items    []struct {
			Label, Kind string
			Children    []struct{ Label, URL string }
		}
	}
	json.Unmarshal(whole["menus"], &menus)
	if len(menus) != 1 || menus[0].Location != "header" || len(menus[0].Items) != 1 || menus[0].Items[0].Kind != "section" ||
		len(menus[0].Items[0].Children) != 1 || menus[0].Items[0].Children[0].URL != "/about/" {
		t.Errorf("menus: %+v", menus)
	}
	// One element a line, so that the dump reads and diffs line by line.
	if lines := strings.Count(b.String(), "\n"); lines < 15 {
		t.Errorf("the dump has %d lines, want one per element", lines)
	}
}

// articleOut is what TestJSON reads of an article in the dump.
type articleOut struct {
	ID              int64   `json:"id"`
	Path            string  `json:"path"`
	BodyMarkdown    string  `json:"body_markdown"`
	BodyHTML        string  `json:"body_html"`
	Authors         []int64 `json:"authors"`
	SectionID       int64   `json:"section_id"`
	FeaturedMediaID int64   `json:"featured_media_id"`
	Corrections     []struct {
		Kind string `json:"kind"`
		Text string `json:"text"`
	} `json:"corrections"`
}

func sameMap[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestWordPressHoldsNoSecrets writes the same site to WordPress's format:
// emails are there (the export is private), no hash, token or secret is.
func TestWordPressHoldsNoSecrets(t *testing.T) {
	s, secrets := secretSite(t)
	var b bytes.Buffer
	if _, err := WordPress(context.Background(), s, &b, Options{BaseURL: base, Now: now}); err != nil {
		t.Fatal(err)
	}
	for _, secret := range secrets {
		if strings.Contains(b.String(), secret) {
			t.Errorf("the export holds a secret: %q", secret)
		}
	}
	if !strings.Contains(b.String(), "eda@observer.example") {
		t.Error("the export leaves out the staff member's email, which an import needs to recognise them")
	}
}
