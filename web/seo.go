package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"time"

	"masthead"
)

// socialMeta is what OpenGraph, Twitter cards and JSON-LD say of a page.
type socialMeta struct {
	Type      string // OpenGraph type: website, article or profile
	PageTitle string // the title without the site's name
	Image     string // absolute URL
	// LargeImage says that Image is a picture, not the site's small logo,
	// so that Twitter shows a large card.
	LargeImage bool
	// Article facts, on article pages only.
	Published, Modified string
	Section             string
	Tags                []string
	// JSONLD holds structured-data documents, each marshalled so that it
	// cannot close its <script> element.
	JSONLD []template.JS
}

// ldJSON marshals a JSON-LD document for a <script type="application/ld+json">.
// encoding/json escapes <, > and &, so no value can end the element.
func ldJSON(v any) template.JS {
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return template.JS(b)
}

// logoURL is the publisher's logo, for social cards and structured data.
func (s *Server) logoURL(r *http.Request) string { return s.absURL(r, s.assets.url("img/logo.png")) }

// publisherLD describes the site as the publishing organisation, with the
// logo of the settings, else the built-in one.
func (s *Server) publisherLD(r *http.Request, site *masthead.Site) map[string]any {
	logo := map[string]any{"@type": "ImageObject", "url": s.logoURL(r), "width": 512, "height": 512}
	if b, err := s.brandImages(r.Context(), site); err == nil && b.logo != nil {
		logo = map[string]any{"@type": "ImageObject", "url": s.absURL(r, b.logo.Path()), "width": b.logo.Width, "height": b.logo.Height}
	}
	return map[string]any{
		"@type": "NewsMediaOrganization",
		"name":  site.Title,
		"url":   s.absURL(r, "/"),
		"logo":  logo,
	}
}

// articleSocial fills the social and structured data of an article page:
// a NewsArticle and its breadcrumbs.
func (s *Server) articleSocial(r *http.Request, lay *layout, a *masthead.Article) {
	url := s.absURL(r, a.Path(lay.Loc))
	// Without a featured image, the site's social image or logo stands in.
	if img := newImageView(a.FeaturedImage); img != nil {
		lay.Social.Image, lay.Social.LargeImage = s.absURL(r, img.Src), true
	}
	images := []string{lay.Social.Image}
	var authors []map[string]any
	for _, au := range a.Authors {
		authors = append(authors, map[string]any{"@type": "Person", "name": au.Name, "url": s.absURL(r, au.Path())})
	}
	var keywords []string
	for _, t := range a.Tags {
		keywords = append(keywords, t.Name)
	}
	article := map[string]any{
		"@context":            "https://schema.org",
		"@type":               "NewsArticle",
		"mainEntityOfPage":    map[string]any{"@type": "WebPage", "@id": url},
		"url":                 url,
		"headline":            a.Headline,
		"description":         lay.Description,
		"image":               images,
		"datePublished":       a.PublishedAt.In(lay.Loc).Format(time.RFC3339),
		"dateModified":        a.ModifiedAt().In(lay.Loc).Format(time.RFC3339),
		"author":              authors,
		"publisher":           s.publisherLD(r, lay.Site),
		"isAccessibleForFree": true,
		"inLanguage":          lay.Site.Language,
	}
	if len(a.Corrections) > 0 {
		var notes []map[string]any
		for _, c := range a.Corrections {
			notes = append(notes, map[string]any{"@type": "CorrectionComment", "text": c.Text,
				"datePublished": c.CreatedAt.In(lay.Loc).Format(time.RFC3339)})
		}
		article["correction"] = notes
	}
	if a.Dateline != "" {
		article["locationCreated"] = map[string]any{"@type": "Place", "name": a.Dateline}
	}
	if len(keywords) > 0 {
		article["keywords"] = keywords
	}
	crumbs := []map[string]any{{"@type": "ListItem", "position": 1, "name": lay.Site.Title, "item": s.absURL(r, "/")}}
	if a.Category != nil {
		article["articleSection"] = a.Category.Name
		lay.Social.Section = a.Category.Name
		crumbs = append(crumbs, map[string]any{"@type": "ListItem", "position": 2, "name": a.Category.Name, "item": s.absURL(r, a.Category.Path())})
	}
	crumbs = append(crumbs, map[string]any{"@type": "ListItem", "position": len(crumbs) + 1, "name": a.Headline, "item": url})
	lay.Social.Type = "article"
	lay.Social.Published = a.PublishedAt.In(lay.Loc).Format(time.RFC3339)
	lay.Social.Modified = a.ModifiedAt().In(lay.Loc).Format(time.RFC3339)
	lay.Social.Tags = keywords
	lay.Social.JSONLD = append(lay.Social.JSONLD, ldJSON(article),
		ldJSON(map[string]any{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": crumbs}))
}

// authorSocial fills the structured data of an author page: a ProfilePage
// about a Person.
func (s *Server) authorSocial(r *http.Request, lay *layout, au *masthead.Author) {
	url := s.absURL(r, au.Path())
	person := map[string]any{"@type": "Person", "name": au.Name, "url": url}
	if au.Bio != "" {
		person["description"] = au.Bio
	}
	lay.Social.Type = "profile"
	lay.Social.JSONLD = append(lay.Social.JSONLD, ldJSON(map[string]any{
		"@context": "https://schema.org", "@type": "ProfilePage", "url": url, "mainEntity": person,
	}))
}
