// Package sitemap writes the XML of sitemaps, sitemap indexes and Google
// News sitemaps. It knows nothing of HTTP or storage.
package sitemap

import (
	"encoding/xml"
	"io"
	"time"
)

// MaxURLs is the most a sitemap may list, by the sitemaps protocol.
const MaxURLs = 50000

// URL is one page of a sitemap.
type URL struct {
	Loc      string
	Modified time.Time
}

// NewsURL is one article of a Google News sitemap.
type NewsURL struct {
	Loc       string
	Title     string
	Published time.Time
}

const (
	sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
	newsNS    = "http://www.google.com/schemas/sitemap-news/0.9"
)

func lastmod(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// WriteIndex writes a sitemap index of child sitemaps.
func WriteIndex(w io.Writer, sitemaps []URL) error {
	type entry struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
	type index struct {
		XMLName  xml.Name `xml:"sitemapindex"`
		NS       string   `xml:"xmlns,attr"`
		Sitemaps []entry  `xml:"sitemap"`
	}
	doc := index{NS: sitemapNS}
	for _, s := range sitemaps {
		doc.Sitemaps = append(doc.Sitemaps, entry{Loc: s.Loc, LastMod: lastmod(s.Modified)})
	}
	return write(w, doc)
}

// WriteURLSet writes a sitemap of pages; callers keep it under MaxURLs.
func WriteURLSet(w io.Writer, urls []URL) error {
	type entry struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []entry  `xml:"url"`
	}
	doc := urlset{NS: sitemapNS}
	for _, u := range urls {
		doc.URLs = append(doc.URLs, entry{Loc: u.Loc, LastMod: lastmod(u.Modified)})
	}
	return write(w, doc)
}

// WriteNews writes a Google News sitemap for the publication.
func WriteNews(w io.Writer, publication, language string, urls []NewsURL) error {
	type pub struct {
		Name     string `xml:"news:name"`
		Language string `xml:"news:language"`
	}
	type news struct {
		Publication pub    `xml:"news:publication"`
		Date        string `xml:"news:publication_date"`
		Title       string `xml:"news:title"`
	}
	type entry struct {
		Loc  string `xml:"loc"`
		News news   `xml:"news:news"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		NewsNS  string   `xml:"xmlns:news,attr"`
		URLs    []entry  `xml:"url"`
	}
	doc := urlset{NS: sitemapNS, NewsNS: newsNS}
	for _, u := range urls {
		doc.URLs = append(doc.URLs, entry{Loc: u.Loc, News: news{
			Publication: pub{Name: publication, Language: language},
			Date:        u.Published.UTC().Format(time.RFC3339), Title: u.Title,
		}})
	}
	return write(w, doc)
}

func write(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
