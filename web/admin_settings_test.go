package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead"
)

func TestSettingsPage(t *testing.T) {
	f := newFixture(t)
	admin := signIn(t, f.server, addStaff(t, f.store, "Ada Admin", masthead.RoleAdmin).Email)
	editor := signIn(t, f.server, addStaff(t, f.store, "Eda Editor", masthead.RoleEditor).Email)
	if res := send(t, f.server, "GET", "/admin/settings", nil, editor); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an editor opening the settings: status %d", res.StatusCode)
	}
	doc := parse(t, body(t, send(t, f.server, "GET", "/admin/settings", nil, admin)))
	if got := attr(first(t, doc, byID("title"), "title"), "value"); got != "Observer" {
		t.Fatalf("the title field holds %q", got)
	}
	site, _ := f.store.FindSite(context.Background())
	values := settingsForm(site)
	values.Set("title", "The Port Alder Observer")
	values.Set("comment_spam_words", "casino\r\nreplica")
	values.Set("page_size", "500")
	values.Set("time_zone", "Atlantis/Capital")
	res := send(t, f.server, "POST", "/admin/settings", values, admin)
	if res.StatusCode != 422 {
		t.Fatalf("bad settings: status %d", res.StatusCode)
	}
	doc = parse(t, body(t, res))
	if attr(first(t, doc, byID("title"), "title"), "value") != "The Port Alder Observer" || len(findAll(doc, byClass("field-error"))) == 0 {
		t.Error("the refused form lost what was typed or says nothing")
	}
	if s, _ := f.store.FindSite(context.Background()); s.Title != "Observer" {
		t.Fatal("refused settings were stored")
	}
	values.Set("page_size", "12")
	values.Set("time_zone", "Europe/London")
	if res := send(t, f.server, "POST", "/admin/settings", values, admin); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("good settings: status %d", res.StatusCode)
	}
	s, _ := f.store.FindSite(context.Background())
	if s.Title != "The Port Alder Observer" || s.PageSize != 12 || s.CommentSpamWords != "casino\nreplica" {
		t.Fatalf("stored settings = %+v", s)
	}
	if !strings.Contains(get(t, f.server, "GET", "/").body, "<title>The Port Alder Observer</title>") {
		t.Error("the new title is not on the site")
	}
}

// TestBaseURLSetting: without the --base-url flag, the base_url setting
// makes canonical links and feeds; with the flag, the flag wins; with
// neither, the listen address does, and never the request's Host header.
func TestBaseURLSetting(t *testing.T) {
	s := newStore(t)
	noFlag, err := NewServer(s, Options{Now: func() time.Time { return now }, FallbackBaseURL: "http://127.0.0.1:8080"})
	must(t, err)
	if got := canonicalOf(t, noFlag); got != "http://127.0.0.1:8080/" {
		t.Fatalf("with no base URL the canonical link is %q, want the listen address", got)
	}
	// A forged Host header reaches no link, feed or sitemap.
	for _, path := range []string{"/", "/feed/", "/sitemap.xml"} {
		req := httptest.NewRequest("GET", path, nil)
		req.Host = "evil.example"
		rec := httptest.NewRecorder()
		noFlag.ServeHTTP(rec, req)
		if body := rec.Body.String(); strings.Contains(body, "evil.example") || !strings.Contains(body, "http://127.0.0.1:8080/") {
			t.Errorf("%s with Host: evil.example: %d\n%.400s", path, rec.Code, body)
		}
	}
	bare, err := NewServer(s, Options{Now: func() time.Time { return now }})
	must(t, err)
	if got := canonicalOf(t, bare); got != "http://localhost/" {
		t.Fatalf("with no base URL and no listen address the canonical link is %q", got)
	}
	site := masthead.DefaultSite()
	site.BaseURL = "https://news.example.org"
	must(t, s.UpdateSite(context.Background(), site))
	if got := canonicalOf(t, noFlag); got != "https://news.example.org/" {
		t.Fatalf("with the setting the canonical link is %q", got)
	}
	if got := canonicalOf(t, newServer(t, s)); got != "https://observer.example/" {
		t.Fatalf("with the flag the canonical link is %q", got)
	}
	site.BaseURL = "https://news.example.org/sub/path"
	if err := s.UpdateSite(context.Background(), site); masthead.ErrorCode(err) != masthead.EINVALID {
		t.Fatalf("a base URL with a path: %v", err)
	}
}

func canonicalOf(t *testing.T, h http.Handler) string {
	t.Helper()
	for _, l := range findAll(parse(t, get(t, h, "GET", "/").body), byTag("link")) {
		if attr(l, "rel") == "canonical" {
			return attr(l, "href")
		}
	}
	return ""
}

// settingsForm is the settings form as the page fills it from site: every
// setting's stored value, for a test to change one or two and post.
func settingsForm(site *masthead.Site) url.Values {
	values := url.Values{}
	for _, name := range masthead.SettingNames {
		v, _ := site.Get(name)
		values.Set(name, v)
	}
	return values
}
