// Package feed writes RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents from
// one neutral description of a feed. It knows nothing of HTTP or storage.
package feed

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"time"

	"masthead/xmltext"
)

// Feed is a list of entries with the facts every format needs.
type Feed struct {
	Title       string
	Description string
	Language    string
	SiteURL     string // the page the feed belongs to
	FeedURL     string // the feed's own address
	Updated     time.Time
	Items       []Item
}

// Item is one entry: an article or a comment.
type Item struct {
	ID          string // stable, never reused: readers use it to spot new entries
	Title       string
	URL         string
	Published   time.Time
	Updated     time.Time
	Authors     []Person
	Categories  []string
	Summary     string // plain text
	ContentHTML string
	Image       *Image // the featured image, or nil
}

// Image is an entry's featured image: one file, as readers and
// aggregators fetch it for the entry's thumbnail.
type Image struct {
	URL           string
	Type          string // image/jpeg or image/png
	Length        int64  // the file's size in bytes, which RSS enclosures must give
	Width, Height int
	Alt           string // what the image shows, for people who cannot see it
	Credit        string
}

// Person is an author by name and page; feeds never carry emails.
type Person struct {
	Name string
	URL  string
}

// WriteRSS writes the feed as RSS 2.0, with the full content in
// content:encoded and authors in dc:creator (RSS's own author element
// wants an email address, which Masthead never publishes).
func WriteRSS(w io.Writer, f *Feed) error {
	type guid struct {
		IsPermaLink bool   `xml:"isPermaLink,attr"`
		Value       string `xml:",chardata"`
	}
	type item struct {
		Title       string     `xml:"title"`
		Link        string     `xml:"link"`
		GUID        guid       `xml:"guid"`
		PubDate     string     `xml:"pubDate"`
		Creators    []string   `xml:"dc:creator"`
		Categories  []string   `xml:"category"`
		Description string     `xml:"description"`
		Content     cdata      `xml:"content:encoded"`
		Enclosure   *enclosure `xml:"enclosure"`
		Media       *mediaItem `xml:"media:content"`
	}
	type atomLink struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr"`
	}
	type channel struct {
		Title         string   `xml:"title"`
		Link          string   `xml:"link"`
		Self          atomLink `xml:"atom:link"`
		Description   string   `xml:"description"`
		Language      string   `xml:"language,omitempty"`
		LastBuildDate string   `xml:"lastBuildDate,omitempty"`
		Generator     string   `xml:"generator"`
		Items         []item   `xml:"item"`
	}
	type rss struct {
		XMLName xml.Name `xml:"rss"`
		Version string   `xml:"version,attr"`
		Atom    string   `xml:"xmlns:atom,attr"`
		Content string   `xml:"xmlns:content,attr"`
		DC      string   `xml:"xmlns:dc,attr"`
		Media   string   `xml:"xmlns:media,attr"`
		Channel channel  `xml:"channel"`
	}
	doc := rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Content: "http://purl.org/rss/1.0/modules/content/",
		DC: "http://purl.org/dc/elements/1.1/", Media: "http://search.yahoo.com/mrss/", Channel: channel{
			Title: f.Title, Link: f.SiteURL, Self: atomLink{Href: f.FeedURL, Rel: "self", Type: "application/rss+xml"},
			Description: f.Description, Language: f.Language, Generator: "Masthead",
		}}
	if !f.Updated.IsZero() {
		doc.Channel.LastBuildDate = f.Updated.UTC().Format(time.RFC1123Z)
	}
	for _, it := range f.Items {
		var creators []string
		for _, p := range it.Authors {
			creators = append(creators, p.Name)
		}
		entry := item{
			Title: it.Title, Link: it.URL, GUID: guid{Value: it.ID}, PubDate: it.Published.UTC().Format(time.RFC1123Z),
			Creators: creators, Categories: it.Categories, Description: it.Summary, Content: cdata{xmltext.Clean(it.ContentHTML)},
		}
		if im := it.Image; im != nil {
			entry.Enclosure = &enclosure{URL: im.URL, Length: im.Length, Type: im.Type}
			entry.Media = &mediaItem{URL: im.URL, Type: im.Type, Medium: "image", Width: im.Width, Height: im.Height}
			if im.Alt != "" {
				entry.Media.Description = &mediaText{Type: "plain", Text: im.Alt}
			}
			if im.Credit != "" {
				entry.Media.Credit = &mediaText{Text: im.Credit}
			}
		}
		doc.Channel.Items = append(doc.Channel.Items, entry)
	}
	return writeXML(w, doc)
}

// enclosure is RSS's own attachment, which most readers show: its
// length is required, so the caller finds the file's size.
type enclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

// mediaItem is Media RSS's media:content, which aggregators read for an
// entry's picture with its dimensions, description and credit.
type mediaItem struct {
	URL         string     `xml:"url,attr"`
	Type        string     `xml:"type,attr"`
	Medium      string     `xml:"medium,attr"`
	Width       int        `xml:"width,attr,omitempty"`
	Height      int        `xml:"height,attr,omitempty"`
	Description *mediaText `xml:"media:description"`
	Credit      *mediaText `xml:"media:credit"`
}

type mediaText struct {
	Type string `xml:"type,attr,omitempty"`
	Text string `xml:",chardata"`
}

// cdata keeps HTML readable in the XML instead of entity-escaped.
type cdata struct {
	Text string `xml:",cdata"`
}

// WriteAtom writes the feed as Atom 1.0.
func WriteAtom(w io.Writer, f *Feed) error {
	type link struct {
		Href   string `xml:"href,attr"`
		Rel    string `xml:"rel,attr,omitempty"`
		Type   string `xml:"type,attr,omitempty"`
		Length int64  `xml:"length,attr,omitempty"`
	}
	type person struct {
		Name string `xml:"name"`
		URI  string `xml:"uri,omitempty"`
	}
	type category struct {
		Term string `xml:"term,attr"`
	}
	type text struct {
		Type string `xml:"type,attr"`
		Body string `xml:",chardata"`
	}
	type entry struct {
		Title      string     `xml:"title"`
		Links      []link     `xml:"link"`
		ID         string     `xml:"id"`
		Published  string     `xml:"published"`
		Updated    string     `xml:"updated"`
		Authors    []person   `xml:"author"`
		Categories []category `xml:"category"`
		Summary    *text      `xml:"summary,omitempty"`
		Content    text       `xml:"content"`
	}
	type atom struct {
		XMLName   xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Lang      string   `xml:"xml:lang,attr,omitempty"`
		Title     string   `xml:"title"`
		Subtitle  string   `xml:"subtitle,omitempty"`
		ID        string   `xml:"id"`
		Links     []link   `xml:"link"`
		Updated   string   `xml:"updated"`
		Author    *person  `xml:"author,omitempty"`
		Entries   []entry  `xml:"entry"`
		Generator string   `xml:"generator"`
	}
	updated := f.Updated
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	doc := atom{Lang: f.Language, Title: f.Title, Subtitle: f.Description, ID: f.FeedURL,
		Links:   []link{{Href: f.SiteURL, Rel: "alternate", Type: "text/html"}, {Href: f.FeedURL, Rel: "self", Type: "application/atom+xml"}},
		Updated: updated.UTC().Format(time.RFC3339), Generator: "Masthead"}
	for _, it := range f.Items {
		e := entry{Title: it.Title, Links: []link{{Href: it.URL, Rel: "alternate", Type: "text/html"}}, ID: it.ID,
			Published: it.Published.UTC().Format(time.RFC3339), Updated: it.Updated.UTC().Format(time.RFC3339),
			Content: text{Type: "html", Body: it.ContentHTML}}
		if im := it.Image; im != nil {
			e.Links = append(e.Links, link{Href: im.URL, Rel: "enclosure", Type: im.Type, Length: im.Length})
		}
		for _, p := range it.Authors {
			e.Authors = append(e.Authors, person{Name: p.Name, URI: p.URL})
		}
		for _, c := range it.Categories {
			e.Categories = append(e.Categories, category{Term: c})
		}
		if it.Summary != "" {
			e.Summary = &text{Type: "text", Body: it.Summary}
		}
		doc.Entries = append(doc.Entries, e)
	}
	// Atom requires an author on the feed when an entry has none.
	doc.Author = &person{Name: f.Title, URI: f.SiteURL}
	return writeXML(w, doc)
}

func writeXML(w io.Writer, v any) error {
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

// WriteJSON writes the feed as JSON Feed 1.1.
func WriteJSON(w io.Writer, f *Feed) error {
	type author struct {
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
	type item struct {
		ID            string   `json:"id"`
		URL           string   `json:"url"`
		Title         string   `json:"title"`
		ContentHTML   string   `json:"content_html"`
		Summary       string   `json:"summary,omitempty"`
		Image         string   `json:"image,omitempty"`
		DatePublished string   `json:"date_published"`
		DateModified  string   `json:"date_modified"`
		Authors       []author `json:"authors,omitempty"`
		Tags          []string `json:"tags,omitempty"`
	}
	type jsonFeed struct {
		Version     string `json:"version"`
		Title       string `json:"title"`
		HomePageURL string `json:"home_page_url"`
		FeedURL     string `json:"feed_url"`
		Description string `json:"description,omitempty"`
		Language    string `json:"language,omitempty"`
		Items       []item `json:"items"`
	}
	doc := jsonFeed{Version: "https://jsonfeed.org/version/1.1", Title: f.Title, HomePageURL: f.SiteURL, FeedURL: f.FeedURL,
		Description: f.Description, Language: f.Language, Items: []item{}}
	for _, it := range f.Items {
		ji := item{ID: it.ID, URL: it.URL, Title: it.Title, ContentHTML: it.ContentHTML, Summary: it.Summary,
			DatePublished: it.Published.UTC().Format(time.RFC3339), DateModified: it.Updated.UTC().Format(time.RFC3339), Tags: it.Categories}
		if it.Image != nil {
			ji.Image = it.Image.URL
		}
		for _, p := range it.Authors {
			ji.Authors = append(ji.Authors, author{Name: p.Name, URL: p.URL})
		}
		doc.Items = append(doc.Items, ji)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
