package wxr

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"time"

	"masthead/xmltext"
)

// Version is the WXR version the Writer writes: the one WordPress's own
// exporter has written since WordPress 3.1, and the newest its importer
// reads.
const Version = "1.2"

// The namespaces of WXR 1.2, as WordPress declares them.
const (
	spaceWP      = "http://wordpress.org/export/1.2/"
	spaceExcerpt = "http://wordpress.org/export/1.2/excerpt/"
	spaceContent = "http://purl.org/rss/1.0/modules/content/"
	spaceWFW     = "http://wellformedweb.org/CommentAPI/"
	spaceDC      = "http://purl.org/dc/elements/1.1/"
)

// Writer writes a WordPress export one record at a time, with the element
// names, namespaces and order that WordPress's exporter writes and its
// importer reads: the channel, then authors, categories, tags and other
// terms, then items. Nothing but a small buffer is held, so that an export
// of any size costs the memory of one record.
//
// Errors are sticky: after the first failed write every call returns it,
// so a caller may check only the error of Close.
type Writer struct {
	w     *bufio.Writer
	state writerState
	err   error
}

type writerState int

const (
	beforeChannel writerState = iota
	inHead                    // authors and terms may come
	inItems                   // items have begun: no more authors or terms
	inItem                    // an item is open and takes comments
	closed
)

// NewWriter returns a Writer of an export to w. Nothing is written until
// WriteChannel.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 64<<10)}
}

// errOrder is the error of a call out of the export's order.
func (w *Writer) errOrder(what string) error {
	if w.err == nil {
		w.err = fmt.Errorf("wxr: %s", what)
	}
	return w.err
}

// head checks that the channel is written and no item yet.
func (w *Writer) head(what string) error {
	switch {
	case w.err != nil:
		return w.err
	case w.state == beforeChannel:
		return w.errOrder(what + " written before the channel")
	case w.state == closed:
		return w.errOrder(what + " written after Close")
	case w.state != inHead:
		return w.errOrder(what + " written after the items began: authors and terms come first")
	}
	return nil
}

// WriteChannel writes the start of the file: the XML declaration, the
// <rss> element with WordPress's namespaces and the channel's facts.
// Version is not read: the file is WXR 1.2. BaseSiteURL and BaseBlogURL
// default to Link.
func (w *Writer) WriteChannel(c *Channel) error {
	if w.err != nil {
		return w.err
	}
	if w.state != beforeChannel {
		return w.errOrder("the channel written twice")
	}
	w.state = inHead
	site, blog := c.BaseSiteURL, c.BaseBlogURL
	if site == "" {
		site = c.Link
	}
	if blog == "" {
		blog = c.Link
	}
	w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n")
	w.raw("<!-- This is a WordPress eXtended RSS file: an export of a whole site, which WordPress's importer\n")
	w.raw("     (Tools → Import → WordPress) reads. It holds the email addresses of staff and commenters:\n")
	w.raw("     keep it private. -->\n")
	w.raw("<rss version=\"2.0\"\n")
	w.raw("\txmlns:excerpt=\"" + spaceExcerpt + "\"\n")
	w.raw("\txmlns:content=\"" + spaceContent + "\"\n")
	w.raw("\txmlns:wfw=\"" + spaceWFW + "\"\n")
	w.raw("\txmlns:dc=\"" + spaceDC + "\"\n")
	w.raw("\txmlns:wp=\"" + spaceWP + "\"\n")
	w.raw(">\n\n<channel>\n")
	w.text(1, "title", c.Title)
	w.text(1, "link", c.Link)
	w.text(1, "description", c.Description)
	if !c.PubDate.IsZero() {
		w.text(1, "pubDate", c.PubDate.UTC().Format(time.RFC1123Z))
	}
	w.text(1, "language", c.Language)
	w.text(1, "wp:wxr_version", Version)
	w.text(1, "wp:base_site_url", site)
	w.text(1, "wp:base_blog_url", blog)
	if c.Generator != "" {
		w.text(1, "generator", c.Generator)
	}
	w.raw("\n")
	return w.err
}

// WriteAuthor writes a WordPress user. WordPress exports no passwords, and
// neither may a caller: the format has no place for one.
func (w *Writer) WriteAuthor(a *Author) error {
	if err := w.head("an author"); err != nil {
		return err
	}
	w.raw("\t<wp:author>")
	w.inline("wp:author_id", strconv.FormatInt(a.ID, 10))
	w.inlineCDATA("wp:author_login", a.Login)
	w.inlineCDATA("wp:author_email", a.Email)
	w.inlineCDATA("wp:author_display_name", a.DisplayName)
	w.inlineCDATA("wp:author_first_name", a.FirstName)
	w.inlineCDATA("wp:author_last_name", a.LastName)
	w.raw("</wp:author>\n")
	return w.err
}

// WriteCategory writes a category definition. Parent is the parent's
// nicename, which must be written before it for WordPress's importer to
// keep the hierarchy.
func (w *Writer) WriteCategory(c *Category) error {
	if err := w.head("a category"); err != nil {
		return err
	}
	w.raw("\t<wp:category>")
	w.inline("wp:term_id", strconv.FormatInt(c.TermID, 10))
	w.inlineCDATA("wp:category_nicename", c.Nicename)
	w.inlineCDATA("wp:category_parent", c.Parent)
	w.inlineCDATA("wp:cat_name", c.Name)
	if c.Description != "" {
		w.inlineCDATA("wp:category_description", c.Description)
	}
	w.termMeta(c.Meta)
	w.raw("</wp:category>\n")
	return w.err
}

// WriteTag writes a tag definition.
func (w *Writer) WriteTag(t *Tag) error {
	if err := w.head("a tag"); err != nil {
		return err
	}
	w.raw("\t<wp:tag>")
	w.inline("wp:term_id", strconv.FormatInt(t.TermID, 10))
	w.inlineCDATA("wp:tag_slug", t.Slug)
	w.inlineCDATA("wp:tag_name", t.Name)
	if t.Description != "" {
		w.inlineCDATA("wp:tag_description", t.Description)
	}
	w.termMeta(t.Meta)
	w.raw("</wp:tag>\n")
	return w.err
}

// WriteTerm writes a term of another taxonomy, such as a menu (nav_menu).
// Term ids are one sequence across categories, tags and terms in
// WordPress, and its importer remembers them in one map: they must not
// repeat within a file.
func (w *Writer) WriteTerm(t *Term) error {
	if err := w.head("a term"); err != nil {
		return err
	}
	w.raw("\t<wp:term>")
	w.inline("wp:term_id", strconv.FormatInt(t.TermID, 10))
	w.inlineCDATA("wp:term_taxonomy", t.Taxonomy)
	w.inlineCDATA("wp:term_slug", t.Slug)
	w.inlineCDATA("wp:term_parent", t.Parent)
	w.inlineCDATA("wp:term_name", t.Name)
	if t.Description != "" {
		w.inlineCDATA("wp:term_description", t.Description)
	}
	w.termMeta(t.Meta)
	w.raw("</wp:term>\n")
	return w.err
}

func (w *Writer) termMeta(meta []Meta) {
	for _, m := range meta {
		w.raw("<wp:termmeta>")
		w.inline("wp:meta_key", m.Key)
		w.inlineCDATA("wp:meta_value", m.Value)
		w.raw("</wp:termmeta>")
	}
}

// WriteItem writes an item with its comments: OpenItem, WriteComment for
// each of it.Comments, CloseItem.
func (w *Writer) WriteItem(it *Item) error {
	if err := w.OpenItem(it); err != nil {
		return err
	}
	for i := range it.Comments {
		if err := w.WriteComment(&it.Comments[i]); err != nil {
			return err
		}
	}
	return w.CloseItem()
}

// OpenItem writes an item without its comments (it.Comments is not
// read), so that they can follow one at a time with WriteComment, however
// many there are, before CloseItem. Item ids are WordPress post ids, one
// sequence across posts, pages, attachments and menu entries: they must
// not repeat within a file.
func (w *Writer) OpenItem(it *Item) error {
	switch {
	case w.err != nil:
		return w.err
	case w.state == beforeChannel:
		return w.errOrder("an item written before the channel")
	case w.state == inItem:
		return w.errOrder("an item opened inside another")
	case w.state == closed:
		return w.errOrder("an item written after Close")
	}
	w.state = inItem
	w.raw("\t<item>\n")
	w.cdata(2, "title", it.Title)
	w.text(2, "link", it.Link)
	if !it.DateGMT.IsZero() {
		w.text(2, "pubDate", it.DateGMT.UTC().Format(time.RFC1123Z))
	}
	w.cdata(2, "dc:creator", it.Creator)
	w.indent(2)
	w.raw(`<guid isPermaLink="false">`)
	w.escape(it.GUID)
	w.raw("</guid>\n")
	w.text(2, "description", "")
	w.cdata(2, "content:encoded", it.Content)
	w.cdata(2, "excerpt:encoded", it.Excerpt)
	w.text(2, "wp:post_id", strconv.FormatInt(it.ID, 10))
	w.cdata(2, "wp:post_date", date(it.Date))
	w.cdata(2, "wp:post_date_gmt", date(it.DateGMT))
	w.cdata(2, "wp:post_modified", date(it.Modified))
	w.cdata(2, "wp:post_modified_gmt", date(it.ModifiedGMT))
	w.cdata(2, "wp:comment_status", it.CommentStatus)
	w.cdata(2, "wp:ping_status", it.PingStatus)
	w.cdata(2, "wp:post_name", it.Name)
	w.cdata(2, "wp:status", it.Status)
	w.text(2, "wp:post_parent", strconv.FormatInt(it.Parent, 10))
	w.text(2, "wp:menu_order", strconv.Itoa(it.MenuOrder))
	w.cdata(2, "wp:post_type", it.Type)
	w.cdata(2, "wp:post_password", it.Password)
	sticky := "0"
	if it.Sticky {
		sticky = "1"
	}
	w.text(2, "wp:is_sticky", sticky)
	if it.AttachmentURL != "" {
		w.cdata(2, "wp:attachment_url", it.AttachmentURL)
	}
	for _, ref := range it.Terms {
		w.indent(2)
		w.raw(`<category domain="`)
		w.escape(ref.Domain)
		w.raw(`" nicename="`)
		w.escape(ref.Nicename)
		w.raw(`">`)
		w.rawCDATA(ref.Name)
		w.raw("</category>\n")
	}
	for _, m := range it.Meta {
		w.raw("\t\t<wp:postmeta>\n")
		w.cdata(3, "wp:meta_key", m.Key)
		w.cdata(3, "wp:meta_value", m.Value)
		w.raw("\t\t</wp:postmeta>\n")
	}
	return w.err
}

// WriteComment writes a comment of the open item. WordPress's importer
// links a reply to its parent only when the parent came first.
func (w *Writer) WriteComment(c *Comment) error {
	if w.err != nil {
		return w.err
	}
	if w.state != inItem {
		return w.errOrder("a comment written outside an item")
	}
	w.raw("\t\t<wp:comment>\n")
	w.text(3, "wp:comment_id", strconv.FormatInt(c.ID, 10))
	w.cdata(3, "wp:comment_author", c.Author)
	w.cdata(3, "wp:comment_author_email", c.AuthorEmail)
	w.text(3, "wp:comment_author_url", c.AuthorURL)
	w.cdata(3, "wp:comment_author_IP", c.AuthorIP)
	w.cdata(3, "wp:comment_date", date(c.Date))
	w.cdata(3, "wp:comment_date_gmt", date(c.DateGMT))
	w.cdata(3, "wp:comment_content", c.Content)
	w.cdata(3, "wp:comment_approved", c.Approved)
	w.cdata(3, "wp:comment_type", c.Type)
	w.text(3, "wp:comment_parent", strconv.FormatInt(c.Parent, 10))
	w.text(3, "wp:comment_user_id", strconv.FormatInt(c.UserID, 10))
	for _, m := range c.Meta {
		w.raw("\t\t\t<wp:commentmeta>\n")
		w.cdata(4, "wp:meta_key", m.Key)
		w.cdata(4, "wp:meta_value", m.Value)
		w.raw("\t\t\t</wp:commentmeta>\n")
	}
	w.raw("\t\t</wp:comment>\n")
	return w.err
}

// CloseItem ends the open item.
func (w *Writer) CloseItem() error {
	if w.err != nil {
		return w.err
	}
	if w.state != inItem {
		return w.errOrder("CloseItem without an open item")
	}
	w.state = inItems
	w.raw("\t</item>\n")
	return w.err
}

// Close ends the channel and the file and writes out what is buffered. It
// does not close the underlying writer.
func (w *Writer) Close() error {
	switch {
	case w.err != nil:
		return w.err
	case w.state == beforeChannel:
		return w.errOrder("Close before the channel was written")
	case w.state == inItem:
		return w.errOrder("Close with an item open")
	case w.state == closed:
		return nil
	}
	w.state = closed
	w.raw("</channel>\n</rss>\n")
	if w.err == nil {
		w.err = w.w.Flush()
	}
	return w.err
}

// dateLayout (reader.go) is also how dates are written; a zero time is
// written as WordPress writes a date it never set.
func date(t time.Time) string {
	if t.IsZero() {
		return "0000-00-00 00:00:00"
	}
	return t.Format(dateLayout)
}

// raw writes s as it is: markup.
func (w *Writer) raw(s string) {
	if w.err != nil {
		return
	}
	if _, err := w.w.WriteString(s); err != nil {
		w.err = err
	}
}

func (w *Writer) indent(n int) { w.raw("\t\t\t\t"[:n]) }

// escape writes s as character data, escaped.
func (w *Writer) escape(s string) {
	if w.err != nil {
		return
	}
	if err := xml.EscapeText(w.w, []byte(s)); err != nil {
		w.err = err
	}
}

// rawCDATA writes s in a CDATA section, as WordPress's wxr_cdata does: a
// "]]>" inside is split across two sections, so that no text can end the
// section early.
func (w *Writer) rawCDATA(s string) {
	w.raw(xmltext.CDATA(s))
}

// text writes an element of escaped text on a line of its own.
func (w *Writer) text(indent int, name, s string) {
	w.indent(indent)
	w.inline(name, s)
	w.raw("\n")
}

// cdata writes an element of CDATA text on a line of its own.
func (w *Writer) cdata(indent int, name, s string) {
	w.indent(indent)
	w.inlineCDATA(name, s)
	w.raw("\n")
}

func (w *Writer) inline(name, s string) {
	w.raw("<" + name + ">")
	w.escape(s)
	w.raw("</" + name + ">")
}

func (w *Writer) inlineCDATA(name, s string) {
	w.raw("<" + name + ">")
	w.rawCDATA(s)
	w.raw("</" + name + ">")
}
