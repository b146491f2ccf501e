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
	// Subscriptions are the follow-up subscriptions: added to version 1,
	// as a field a reader of it ignores.
	Subscriptions []subscription `json:"subscriptions"`
}

type subscription struct {
	Article   article   `json:"article"`
	Confirmed bool      `json:"confirmed"`
	CreatedAt time.Time `json:"created_at"`
	// ConfirmedAt is absent while the subscription waits for its link.
	ConfirmedAt *time.Time `json:"confirmed_at,omitempty"`
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
	doc := document{Format: Format, Site: d.Site, SiteURL: d.SiteURL, Email: d.Email, ExportedAt: d.ExportedAt.UTC(),
		Comments: []comment{}, Subscriptions: []subscription{}}
	for _, c := range d.Comments {
		doc.Comments = append(doc.Comments, comment{ID: c.ID, Article: article{ID: c.ArticleID, Headline: c.ArticleHeadline, URL: c.ArticleURL},
			ParentID: c.ParentID, Name: c.Name, Website: c.Website, Text: c.Text, Status: c.Status, Network: c.Network, CreatedAt: c.CreatedAt.UTC()})
	}
	for _, sub := range d.Subscriptions {
		out := subscription{Article: article{ID: sub.ArticleID, Headline: sub.ArticleHeadline, URL: sub.ArticleURL},
			Confirmed: sub.Confirmed(), CreatedAt: sub.CreatedAt.UTC()}
		if sub.Confirmed() {
			at := sub.ConfirmedAt.UTC()
			out.ConfirmedAt = &at
		}
		doc.Subscriptions = append(doc.Subscriptions, out)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// csvHeader names the CSV's columns, in order. The first says what a
// row is, "comment" or "subscription", so that one sheet holds both and
// a filter on it shows either; a subscription's status is "confirmed" or
// "unconfirmed", its date when it was asked for.
var csvHeader = []string{"kind", "id", "date", "status", "article", "article_url", "reply_to", "name", "website", "network", "text", "confirmed_at"}

// WriteCSV writes d's comments, then its follow-up subscriptions, as CSV
// with a header row, one a row, dates in RFC 3339 and UTC. A cell that a spreadsheet would read as
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
		row := []string{"comment", strconv.FormatInt(c.ID, 10), c.CreatedAt.UTC().Format(time.RFC3339), string(c.Status), c.ArticleHeadline, c.ArticleURL,
			parent, c.Name, c.Website, c.Network, c.Text, ""}
		if err := writeRow(cw, row); err != nil {
			return err
		}
	}
	for _, sub := range d.Subscriptions {
		status, confirmed := "unconfirmed", ""
		if sub.Confirmed() {
			status, confirmed = "confirmed", sub.ConfirmedAt.UTC().Format(time.RFC3339)
		}
		row := []string{"subscription", "", sub.CreatedAt.UTC().Format(time.RFC3339), status, sub.ArticleHeadline, sub.ArticleURL,
			"", "", "", "", "", confirmed}
		if err := writeRow(cw, row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeRow writes row with every cell made inert.
func writeRow(cw *csv.Writer, row []string) error {
	for i, cell := range row {
		row[i] = inert(cell)
	}
	return cw.Write(row)
}

// inert keeps a spreadsheet from reading a cell as a formula.
func inert(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
