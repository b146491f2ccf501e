package web

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/content"
)

type urlset struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		News    struct {
			Publication struct {
				Name     string `xml:"name"`
				Language string `xml:"language"`
			} `xml:"publication"`
			Date  string `xml:"publication_date"`
			Title string `xml:"title"`
		} `xml:"news"`
	} `xml:"url"`
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

func fetchXML(t *testing.T, f *fixture, path string) urlset {
	t.Helper()
	res := get(t, f.server, "GET", path)
	if res.status != 200 || res.header.Get("Content-Type") != xmlContentType {
		t.Fatalf("%s: status %d, %s", path, res.status, res.header.Get("Content-Type"))
	}
	checkWellFormed(t, res.body)
	var u urlset
	if err := xml.Unmarshal([]byte(res.body), &u); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return u
}

// TestSitemaps reads the index, every child sitemap and every page they
// name, which must all answer 200.
func TestSitemaps(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	old := &masthead.Article{Headline: "Last season's final", BodySource: "Old news.", Status: masthead.StatusPublished,
		PublishedAt: time.Date(2025, 12, 30, 10, 0, 0, 0, time.UTC), Authors: []*masthead.Author{f.ben}}
	old.UpdatedAt = old.PublishedAt.Add(time.Hour)
	must(t, content.PrepareArticle(old))
	must(t, f.store.CreateArticle(ctx, old))
	base := "https://observer.example"

	index := fetchXML(t, f, "/sitemap.xml")
	var children []string
	for _, s := range index.Sitemaps {
		children = append(children, strings.TrimPrefix(s.Loc, base))
		if s.LastMod == "" {
			t.Errorf("%s has no lastmod", s.Loc)
		}
	}
	want := "/sitemaps/articles-2026-03.xml /sitemaps/articles-2025-12.xml /sitemaps/categories.xml /sitemaps/tags.xml /sitemaps/authors.xml"
	if strings.Join(children, " ") != want {
		t.Fatalf("index = %v, want %s", children, want)
	}
	pages := map[string]string{} // path -> lastmod
	for _, child := range children {
		for _, u := range fetchXML(t, f, child).URLs {
			pages[strings.TrimPrefix(u.Loc, base)] = u.LastMod
		}
	}
	if len(pages) != 27+2+2+2 {
		t.Errorf("the sitemaps list %d pages, want 27 articles, 2 sections, 2 tags and 2 authors", len(pages))
	}
	for path := range pages {
		if res := get(t, f.server, "GET", path); res.status != 200 {
			t.Errorf("the sitemap lists %s, which answers %d", path, res.status)
		}
	}
	if got := pages[f.lead.Path(time.UTC)]; got != f.lead.UpdatedAt.Format(time.RFC3339) {
		t.Errorf("lead lastmod = %q, want its update time", got)
	}
	if got := pages["/category/local/"]; got != f.lead.UpdatedAt.Format(time.RFC3339) {
		t.Errorf("section lastmod = %q, want its newest article's update", got)
	}
	for _, hidden := range []string{f.draft.Path(time.UTC), f.future.Path(time.UTC), "/tag/secret-merger/", "/author/new-hire/"} {
		if _, ok := pages[hidden]; ok {
			t.Errorf("the sitemap lists %s", hidden)
		}
	}

	news := fetchXML(t, f, "/news-sitemap.xml")
	if len(news.URLs) != 26 {
		t.Fatalf("the news sitemap has %d articles, want the 26 of the last two days", len(news.URLs))
	}
	first := news.URLs[0]
	if first.Loc != base+f.lead.Path(time.UTC) || first.News.Title != f.lead.Headline || first.News.Publication.Name != "Observer" ||
		first.News.Publication.Language != "en" || first.News.Date != f.lead.PublishedAt.Format(time.RFC3339) {
		t.Errorf("first news entry = %+v", first)
	}
	for _, u := range news.URLs {
		if strings.Contains(u.Loc, "last-seasons-final") {
			t.Error("the news sitemap lists an old article")
		}
	}

	robots := get(t, f.server, "GET", "/robots.txt")
	if !strings.Contains(robots.body, "Sitemap: "+base+"/sitemap.xml\n") || !strings.Contains(robots.body, "Sitemap: "+base+"/news-sitemap.xml\n") {
		t.Errorf("robots.txt = %q", robots.body)
	}
	for _, path := range []string{"/sitemaps/articles-1999-01.xml", "/sitemaps/articles-2026-13.xml", "/sitemaps/nothing.xml", "/sitemap.xml/"} {
		if res := get(t, f.server, "GET", path); res.status != 404 {
			t.Errorf("%s: status %d, want 404", path, res.status)
		}
	}
}
