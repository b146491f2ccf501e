package web

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"masthead"
	"masthead/content"
)

// TestModifiedNeverBeforePublished follows a scheduled article, last
// edited hours before its time, through the scheduler: every modified
// time readers and software see is its publish time, not its last edit.
func TestModifiedNeverBeforePublished(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a := &masthead.Article{Headline: "Embargoed budget story", BodySource: "The budget is out.", Status: masthead.StatusScheduled,
		PublishedAt: now.Add(-2 * time.Minute), UpdatedAt: now.Add(-3 * time.Hour), Authors: []*masthead.Author{f.ben}, Category: f.local}
	must(t, content.PrepareArticle(a))
	must(t, f.store.CreateArticle(ctx, a))
	if n, err := f.store.PublishDueArticles(ctx); err != nil || n != 1 {
		t.Fatalf("PublishDueArticles = %d, %v", n, err)
	}
	published := a.PublishedAt.Format(time.RFC3339)

	page := get(t, f.server, "GET", a.Path(time.UTC))
	if page.status != 200 {
		t.Fatalf("article page: status %d", page.status)
	}
	doc := parse(t, page.body)
	ld := jsonLD(t, doc)[0]
	if ld["datePublished"] != published || ld["dateModified"] != published {
		t.Errorf("JSON-LD datePublished %v, dateModified %v; want both %s", ld["datePublished"], ld["dateModified"], published)
	}
	if got := meta(doc, "article:modified_time"); got != published {
		t.Errorf("article:modified_time = %q, want %q", got, published)
	}

	var jsonFeed struct {
		Items []struct {
			Title        string `json:"title"`
			DateModified string `json:"date_modified"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(get(t, f.server, "GET", "/feed/json/").body), &jsonFeed); err != nil {
		t.Fatal(err)
	}
	if it := jsonFeed.Items[0]; it.Title != a.Headline || it.DateModified != published {
		t.Errorf("first feed item %q modified %s, want %q modified %s", it.Title, it.DateModified, a.Headline, published)
	}

	found := false
	for _, u := range fetchXML(t, f, "/sitemaps/articles-2026-03.xml").URLs {
		if u.Loc == "https://observer.example"+a.Path(time.UTC) {
			found = true
			if u.LastMod != published {
				t.Errorf("sitemap lastmod = %s, want %s", u.LastMod, published)
			}
		}
	}
	if !found {
		t.Error("the article is not in its month's sitemap")
	}
	for _, s := range fetchXML(t, f, "/sitemap.xml").Sitemaps {
		if s.Loc == "https://observer.example/sitemaps/articles-2026-03.xml" && s.LastMod < published {
			t.Errorf("the month's lastmod %s is before the article's publication %s", s.LastMod, published)
		}
	}

	var api struct {
		UpdatedAt string `json:"updated_at"`
	}
	if err := json.Unmarshal([]byte(get(t, f.server, "GET", "/api/v1/articles/"+strconv.FormatInt(a.ID, 10)).body), &api); err != nil {
		t.Fatal(err)
	}
	if api.UpdatedAt != published {
		t.Errorf("API updated_at = %s, want %s", api.UpdatedAt, published)
	}
}
