package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// jsonLD returns the JSON-LD documents of a page, parsed.
func jsonLD(t *testing.T, doc *html.Node) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, sc := range findAll(doc, byTag("script")) {
		if attr(sc, "type") != "application/ld+json" {
			continue
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(sc.FirstChild.Data), &v); err != nil {
			t.Fatalf("JSON-LD does not parse: %v", err)
		}
		out = append(out, v)
	}
	return out
}

// meta returns the content of <meta property=name> or <meta name=name>.
func meta(doc *html.Node, name string) string {
	for _, m := range findAll(doc, byTag("meta")) {
		if attr(m, "property") == name || attr(m, "name") == name {
			return attr(m, "content")
		}
	}
	return ""
}

func TestArticleStructuredData(t *testing.T) {
	f := newFixture(t)
	path := f.lead.Path(time.UTC)
	doc := parse(t, get(t, f.server, "GET", path).body)
	docs := jsonLD(t, doc)
	if len(docs) != 2 {
		t.Fatalf("%d JSON-LD documents, want a NewsArticle and a BreadcrumbList", len(docs))
	}
	a, crumbs := docs[0], docs[1]
	url := "https://observer.example" + path
	want := map[string]any{
		"@context": "https://schema.org", "@type": "NewsArticle", "headline": f.lead.Headline, "description": f.lead.Dek,
		"datePublished": f.lead.PublishedAt.Format(time.RFC3339), "dateModified": f.lead.UpdatedAt.Format(time.RFC3339),
		"articleSection": "Local", "isAccessibleForFree": true, "url": url,
	}
	for k, v := range want {
		if a[k] != v {
			t.Errorf("NewsArticle %s = %v, want %v", k, a[k], v)
		}
	}
	if kw, _ := json.Marshal(a["keywords"]); string(kw) != `["Council","Harbour"]` {
		t.Errorf("keywords = %s", kw)
	}
	authors, _ := a["author"].([]any)
	if len(authors) != 2 {
		t.Fatalf("author = %v", a["author"])
	}
	first := authors[0].(map[string]any)
	if first["@type"] != "Person" || first["name"] != "Ana Lima" || first["url"] != "https://observer.example/author/ana-lima/" {
		t.Errorf("first author = %v", first)
	}
	pub := a["publisher"].(map[string]any)
	logo := pub["logo"].(map[string]any)["url"].(string)
	if pub["name"] != "Observer" || !strings.HasPrefix(logo, "https://observer.example/static/img/logo.") {
		t.Errorf("publisher = %v", pub)
	}
	if res := get(t, f.server, "GET", strings.TrimPrefix(logo, "https://observer.example")); res.status != 200 || res.header.Get("Content-Type") != "image/png" {
		t.Errorf("the logo answers %d %s", res.status, res.header.Get("Content-Type"))
	}
	images, _ := a["image"].([]any)
	if len(images) == 0 {
		t.Error("no image")
	}

	items := crumbs["itemListElement"].([]any)
	var names []string
	for _, it := range items {
		names = append(names, it.(map[string]any)["name"].(string))
	}
	if crumbs["@type"] != "BreadcrumbList" || strings.Join(names, " > ") != "Observer > Local > "+f.lead.Headline {
		t.Errorf("breadcrumbs = %v", names)
	}

	for name, want := range map[string]string{
		"og:type": "article", "og:title": f.lead.Headline, "og:description": f.lead.Dek, "og:url": url,
		"article:published_time": f.lead.PublishedAt.Format(time.RFC3339), "article:section": "Local",
		"twitter:card": "summary", "twitter:title": f.lead.Headline, "description": f.lead.Dek,
	} {
		if got := meta(doc, name); got != want {
			t.Errorf("meta %s = %q, want %q", name, got, want)
		}
	}
}

func TestAuthorStructuredData(t *testing.T) {
	f := newFixture(t)
	doc := parse(t, get(t, f.server, "GET", "/author/ana-lima/").body)
	docs := jsonLD(t, doc)
	if len(docs) != 1 || docs[0]["@type"] != "ProfilePage" {
		t.Fatalf("JSON-LD = %v", docs)
	}
	person := docs[0]["mainEntity"].(map[string]any)
	if person["@type"] != "Person" || person["name"] != "Ana Lima" || person["description"] != f.ana.Bio ||
		person["url"] != "https://observer.example/author/ana-lima/" {
		t.Errorf("person = %v", person)
	}
	if meta(doc, "og:type") != "profile" {
		t.Errorf("og:type = %q", meta(doc, "og:type"))
	}
}

// TestEveryPageHasCardsAndCanonical checks the head of every kind of page.
func TestEveryPageHasCardsAndCanonical(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/", "/page/2/", f.lead.Path(time.UTC), "/author/ben-ortiz/", "/category/sport/", "/tag/harbour/", "/2026/", "/2026/03/"} {
		doc := parse(t, get(t, f.server, "GET", path).body)
		var canonical string
		for _, l := range findAll(doc, byTag("link")) {
			if attr(l, "rel") == "canonical" {
				canonical = attr(l, "href")
			}
		}
		if canonical != "https://observer.example"+path {
			t.Errorf("%s: canonical %q", path, canonical)
		}
		for _, name := range []string{"description", "og:title", "og:description", "og:url", "og:image", "og:site_name", "twitter:card", "twitter:title"} {
			if meta(doc, name) == "" {
				t.Errorf("%s: no %s", path, name)
			}
		}
	}
}
