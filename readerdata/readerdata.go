// Package readerdata writes what the site holds of one commenter (a
// masthead.CommenterData) as files the reader can keep: JSON for
// software, CSV for a spreadsheet. It is a format package: values in,
// bytes out, no HTTP and no store.
package readerdata

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"masthead"
)

// Format is the name of the JSON document's shape and version: a change
// that could mislead a reader of version 1 makes it version 2.
const Format = "masthead-commenter-data/1"

// document is the JSON shape of a commenter's data.
type document struct {
	Format     string    `json:"format"`
	Site       string    `json:"site"`
	SiteURL    string    `json:"site_url"`
	Email      string    `json:"email"`
	ExportedAt time.Time `json:"exported_at"`
	Comments   []comment `json:"comments"`
}

type comment struct {
	ID        int64                  `json:"id"`
	Article   article                `json:"article"`
	ParentID  int64                  `json:"parent_id,omitempty"`
	Name      string                 `json:"name"`
	Website   string                 `json:"website,omitempty"`
	Text      string                 `json:"text"`
	Status    masthead.CommentStatus `json:"status"`
	Network   string                 `json:"network,omitempty"`
	CreatedAt time.Time              `json:"created_at"`
}

type article struct {
	ID       int64  `json:"id"`
	Headline string `json:"headline"`
	URL      string `json:"url"`
}

// WriteJSON writes d as one indented JSON document.
func WriteJSON(w io.Writer, d *masthead.CommenterData) error {
	doc := document{Format: Format, Site: d.Site, SiteURL: d.SiteURL, Email: d.Email, ExportedAt: d.ExportedAt.UTC(), Comments: []comment{}}
	for _, c := range d.Comments {
		doc.Comments = append(doc.Comments, comment{ID: c.ID, Article: article{ID: c.ArticleID, Headline: c.ArticleHeadline, URL: c.ArticleURL},
			ParentID: c.ParentID, Name: c.Name, Website: c.Website, Text: c.Text, Status: c.Status, Network: c.Network, CreatedAt: c.CreatedAt.UTC()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// csvHeader names the CSV's columns, in order.
var csvHeader = []string{"comment", "date", "status", "article", "article_url", "reply_to", "name", "website", "network", "text"}

// WriteCSV writes d's comments as CSV with a header row, one comment a
// row, dates in RFC 3339 and UTC. A cell that a spreadsheet would read as
// a formula (starting with =, +, - or @) is written with a leading
// apostrophe, so that opening the file never runs what someone typed.
func WriteCSV(w io.Writer, d *masthead.CommenterData) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, c := range d.Comments {
		parent := ""
		if c.ParentID != 0 {
			parent = strconv.FormatInt(c.ParentID, 10)
		}
		row := []string{strconv.FormatInt(c.ID, 10), c.CreatedAt.UTC().Format(time.RFC3339), string(c.Status), c.ArticleHeadline, c.ArticleURL,
			parent, c.Name, c.Website, c.Network, c.Text}
		for i, cell := range row {
			row[i] = inert(cell)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// inert keeps a spreadsheet from reading a cell as a formula.
func inert(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
