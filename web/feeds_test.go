package web

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"masthead"
)

// TestFeeds parses every feed in every format with gofeed, the library
// many feed readers use, and checks each field.
func TestFeeds(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// An approved comment on a draft must not surface in any feed.
	must(t, f.store.CreateComment(ctx, &masthead.Comment{ArticleID: f.draft.ID, AuthorName: "Draft Reader",
		AuthorEmail: "draft@reader.example", Body: "On a draft", Status: masthead.CommentApproved}))
	lead := f.lead.Path(time.UTC)
	base := "https://observer.example"
	tests := []struct {
		name       string
		path       string
		wantTitle  string
		wantItems  int
		firstTitle string
		firstLink  string
	}{
		{"site", "/feed/", "Observer", 20, f.lead.Headline, base + lead},
		{"category", "/category/local/feed/", "Observer » Local", 1, f.lead.Headline, base + lead},
		{"tag", "/tag/harbour/feed/", "Observer » Harbour", 14, f.lead.Headline, base + lead},
		{"author", "/author/ana-lima/feed/", "Observer » Ana Lima", 1, f.lead.Headline, base + lead},
		{"comments", "/comments/feed/", "Comments for Observer", 3, "Comment on " + f.lead.Headline + " by Eli Moss",
			fmt.Sprintf("%s%s#comment-%d", base, lead, f.comments[2].ID)},
		{"article comments", lead + "feed/", "Comments on: " + f.lead.Headline, 3, "By: Eli Moss",
			fmt.Sprintf("%s%s#comment-%d", base, lead, f.comments[2].ID)},
	}
	parser := gofeed.NewParser()
	for _, tt := range tests {
		for _, format := range []struct{ suffix, contentType, feedType string }{
			{"", "application/rss+xml; charset=utf-8", "rss"},
			{"atom/", "application/atom+xml; charset=utf-8", "atom"},
			{"json/", "application/feed+json; charset=utf-8", "json"},
		} {
			t.Run(tt.name+" "+format.feedType, func(t *testing.T) {
				res := get(t, f.server, "GET", tt.path+format.suffix)
				if res.status != 200 || res.header.Get("Content-Type") != format.contentType {
					t.Fatalf("status %d, Content-Type %q", res.status, res.header.Get("Content-Type"))
				}
				if format.feedType != "json" {
					checkWellFormed(t, res.body)
				}
				doc, err := parser.ParseString(res.body)
				if err != nil {
					t.Fatalf("gofeed: %v", err)
				}
				if doc.FeedType != format.feedType || doc.Title != tt.wantTitle || len(doc.Items) != tt.wantItems {
					t.Fatalf("type %s, title %q, %d items; want %s, %q, %d", doc.FeedType, doc.Title, len(doc.Items), format.feedType, tt.wantTitle, tt.wantItems)
				}
				if doc.FeedLink != base+tt.path+format.suffix {
					t.Errorf("self link = %q", doc.FeedLink)
				}
				first := doc.Items[0]
				if first.Title != tt.firstTitle || first.Link != tt.firstLink {
					t.Errorf("first item %q at %q, want %q at %q", first.Title, first.Link, tt.firstTitle, tt.firstLink)
				}
				if first.GUID == "" || first.PublishedParsed == nil || len(first.Authors) == 0 || first.Authors[0].Name == "" || first.Content == "" {
					t.Errorf("first item lacks fields: %+v", first)
				}
				if format.feedType != "rss" && first.UpdatedParsed == nil {
					t.Error("first item has no updated time")
				}
				for _, it := range doc.Items {
					if strings.Contains(it.Title, "draft") || strings.Contains(it.Title, "embargoed") || strings.Contains(it.Content, "On a draft") ||
						strings.Contains(it.Content, "Awaiting moderation") || strings.Contains(it.Content, "cheap watches") {
						t.Errorf("an item that is not public: %q", it.Title)
					}
					for _, a := range it.Authors {
						if a.Email != "" {
							t.Errorf("an author with an email: %+v", a)
						}
					}
				}
				if found := emailPattern.FindString(res.body); found != "" {
					t.Errorf("the feed holds the address %q", found)
				}
			})
		}
	}

	// The lead article in the site feed, field by field.
	doc, err := parser.ParseString(get(t, f.server, "GET", "/feed/atom/").body)
	if err != nil {
		t.Fatal(err)
	}
	it := doc.Items[0]
	if it.GUID != fmt.Sprintf("%s/?p=%d", base, f.lead.ID) {
		t.Errorf("id = %q", it.GUID)
	}
	if !it.PublishedParsed.Equal(f.lead.PublishedAt) || !it.UpdatedParsed.Equal(f.lead.UpdatedAt) {
		t.Errorf("published %v updated %v", it.PublishedParsed, it.UpdatedParsed)
	}
	if names := []string{it.Authors[0].Name, it.Authors[1].Name}; names[0] != "Ana Lima" || names[1] != "Ben Ortiz" {
		t.Errorf("authors = %v", names)
	}
	if strings.Join(it.Categories, ",") != "Local,Council,Harbour" {
		t.Errorf("categories = %v", it.Categories)
	}
	if it.Description != f.lead.Dek || !strings.Contains(it.Content, `<blockquote>`) {
		t.Errorf("summary %q, content %q", it.Description, it.Content)
	}

	for _, path := range []string{"/category/weather/feed/", "/author/nobody/feed/atom/", "/2026/03/14/no-such-story/feed/", f.draft.Path(time.UTC) + "feed/"} {
		if res := get(t, f.server, "GET", path); res.status != 404 {
			t.Errorf("%s: status %d, want 404", path, res.status)
		}
	}
}

// checkWellFormed reads a whole XML document, failing on any error.
func checkWellFormed(t *testing.T, doc string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
}

func TestFeedConditionalGet(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/feed/", "/feed/json/", "/comments/feed/atom/"} {
		first := get(t, f.server, "GET", path)
		etag, modified := first.header.Get("ETag"), first.header.Get("Last-Modified")
		if etag == "" || modified == "" {
			t.Fatalf("%s: ETag %q, Last-Modified %q", path, etag, modified)
		}
		for header, value := range map[string]string{"If-None-Match": etag, "If-Modified-Since": modified} {
			req := httptest.NewRequest("GET", path, nil)
			req.Header.Set(header, value)
			rec := httptest.NewRecorder()
			f.server.ServeHTTP(rec, req)
			if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
				t.Errorf("%s with %s: status %d, %d bytes; want 304 and nothing", path, header, rec.Code, rec.Body.Len())
			}
		}
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("If-None-Match", `"stale"`)
		rec := httptest.NewRecorder()
		f.server.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("%s with a stale ETag: status %d", path, rec.Code)
		}
	}
}

func TestFeedDiscovery(t *testing.T) {
	f := newFixture(t)
	tests := map[string][]string{
		"/":                     {"/feed/", "/feed/atom/", "/feed/json/"},
		"/category/local/":      {"/feed/", "/feed/atom/", "/feed/json/", "/category/local/feed/", "/category/local/feed/atom/", "/category/local/feed/json/"},
		"/tag/harbour/":         {"/feed/", "/feed/atom/", "/feed/json/", "/tag/harbour/feed/", "/tag/harbour/feed/atom/", "/tag/harbour/feed/json/"},
		"/author/ben-ortiz/":    {"/feed/", "/feed/atom/", "/feed/json/", "/author/ben-ortiz/feed/", "/author/ben-ortiz/feed/atom/", "/author/ben-ortiz/feed/json/"},
		f.lead.Path(time.UTC):   {"/feed/", "/feed/atom/", "/feed/json/", f.lead.Path(time.UTC) + "feed/", f.lead.Path(time.UTC) + "feed/atom/", f.lead.Path(time.UTC) + "feed/json/"},
		"/no-such-page-at-all/": {"/feed/", "/feed/atom/", "/feed/json/"},
	}
	for page, want := range tests {
		var got []string
		for _, l := range findAll(parse(t, get(t, f.server, "GET", page).body), byTag("link")) {
			if attr(l, "rel") == "alternate" {
				got = append(got, attr(l, "href"))
				if res := get(t, f.server, "GET", attr(l, "href")); res.status != 200 {
					t.Errorf("%s links to %s, which answers %d", page, attr(l, "href"), res.status)
				}
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s discovers %v, want %v", page, got, want)
		}
	}
}

// TestWordPressShortLink follows the GUIDs the feeds give, "/?p=ID": a
// visible article answers with a 301 to its permalink, and anything else
// with the same 404, so that nothing tells a draft from a missing id.
func TestWordPressShortLink(t *testing.T) {
	f := newFixture(t)
	doc, err := gofeed.NewParser().ParseString(get(t, f.server, "GET", "/feed/").body)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range doc.Items[:3] {
		guid, err := url.Parse(it.GUID)
		if err != nil {
			t.Fatal(err)
		}
		res := get(t, f.server, "GET", guid.RequestURI())
		if link, _ := url.Parse(it.Link); res.status != http.StatusMovedPermanently || res.header.Get("Location") != link.Path {
			t.Errorf("the GUID %s answers %d to %q, want 301 to %s", it.GUID, res.status, res.header.Get("Location"), link.Path)
		}
	}
	if res := get(t, f.server, "GET", fmt.Sprintf("/page/2/?p=%d", f.lead.ID)); res.header.Get("Location") != f.lead.Path(time.UTC) {
		t.Errorf("/page/2/?p= answers %d to %q", res.status, res.header.Get("Location"))
	}

	unknown := get(t, f.server, "GET", "/?p=999999")
	if unknown.status != http.StatusNotFound {
		t.Fatalf("an unknown id answers %d", unknown.status)
	}
	for name, query := range map[string]string{
		"a draft":              fmt.Sprint(f.draft.ID),
		"a scheduled article":  fmt.Sprint(f.future.ID),
		"a malformed id":       "ferry",
		"an empty id":          "",
		"a negative id":        "-1",
		"an id with the draft": fmt.Sprintf("%d&p=%d", f.draft.ID, f.lead.ID),
	} {
		res := get(t, f.server, "GET", "/?p="+query)
		if res.status != http.StatusNotFound || res.body != unknown.body || res.header.Get("Location") != "" {
			t.Errorf("%s (/?p=%s) answers %d, not the 404 of an unknown id", name, query, res.status)
		}
	}

	// Other queries on the front page still show it.
	for _, path := range []string{"/?utm_source=newsletter", "/?page=2&ref=x"} {
		if res := get(t, f.server, "GET", path); res.status != 200 {
			t.Errorf("%s answers %d", path, res.status)
		}
	}
	if res := get(t, f.server, "GET", "/?s=ferry"); res.status != http.StatusMovedPermanently || !strings.HasPrefix(res.header.Get("Location"), "/search/") {
		t.Errorf("/?s= answers %d to %q", res.status, res.header.Get("Location"))
	}
}
