package wxr

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

// ErrorKind says what is wrong with a file that cannot be read as an
// export, so that callers can decide without reading the message.
type ErrorKind int

// Kinds of unreadable file.
const (
	// NotXML is a file that is not XML at all (or is empty).
	NotXML ErrorKind = iota + 1
	// NotWXR is XML, but not a WordPress export: another root element,
	// or an RSS feed without WordPress's namespace.
	NotWXR
	// Truncated is an export that ends before its last element closes,
	// as a copy cut short does.
	Truncated
	// Encoding is a file with bytes that are not UTF-8, or a declared
	// encoding that cannot be read.
	Encoding
	// Malformed is any other XML error.
	Malformed
	// TooLarge is one element with more text than the reader holds.
	TooLarge
)

// Error is a problem with the export file itself, as one sentence that
// says where and, where it can, what to do.
type Error struct {
	Kind ErrorKind
	Line int // 0 when the position does not matter
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// MaxText bounds the text of one element (a post's body, a comment), so
// that a broken or hostile file cannot make the reader hold gigabytes.
// WordPress's own limit on a post's content is far below it.
const MaxText = 64 << 20

// Reader reads an export one record at a time.
type Reader struct {
	dec     *xml.Decoder
	src     *endReader
	channel *Channel

	started     bool // the root element was read
	inChannel   bool
	sawChannel  bool
	sentChannel bool
	done        bool // the root element closed
	pending     Record
	badCharset  string
	err         error // sticky: once the file failed, it stays failed
}

// NewReader returns a Reader of the export in r. It reads r as it goes,
// never ahead by more than a buffer.
func NewReader(r io.Reader) *Reader {
	src := &endReader{r: r}
	rd := &Reader{src: src, channel: &Channel{}}
	d := xml.NewDecoder(src)
	// Old exports carry HTML entities such as &nbsp; outside CDATA.
	d.Entity = xml.HTMLEntity
	// Exports of sites with blog_charset set to Latin-1 declare it.
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		out, err := charset.NewReaderLabel(label, in)
		if err != nil {
			rd.badCharset = label
		}
		return out, err
	}
	rd.dec = d
	return rd
}

// Channel returns the facts the export gives about its site as far as
// they were read. Next hands out the same value first, before any other
// record; facts that come later in the file (WordPress writes the
// generator after the terms) are filled into it as they are read.
func (r *Reader) Channel() *Channel { return r.channel }

// Next returns the next record: the *Channel first, then each *Author,
// *Category, *Tag, *Term and *Item in the order of the file. It returns
// io.EOF after the last one, and an *Error for a file that cannot be read.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	rec, err := r.next()
	if err != nil {
		r.err = err
	}
	return rec, err
}

func (r *Reader) next() (Record, error) {
	if r.pending != nil {
		rec := r.pending
		r.pending = nil
		return rec, nil
	}
	if r.done {
		return nil, io.EOF
	}
	if !r.started {
		if err := r.readRoot(); err != nil {
			return nil, err
		}
	}
	for {
		tok, err := r.dec.Token()
		if err != nil {
			return nil, r.fail(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !r.inChannel {
				if t.Name.Local == "channel" && t.Name.Space == "" {
					r.inChannel, r.sawChannel = true, true
				} else if err := r.dec.Skip(); err != nil {
					return nil, r.fail(err)
				}
				continue
			}
			rec, err := r.channelChild(t)
			if err != nil {
				return nil, err
			}
			if rec == nil {
				continue
			}
			if !r.sentChannel {
				r.sentChannel, r.pending = true, rec
				return r.channel, nil
			}
			return rec, nil
		case xml.EndElement:
			if r.inChannel {
				r.inChannel = false // </channel>
				continue
			}
			// </rss>: whatever follows the root does not matter.
			r.done = true
			if !r.sawChannel {
				return nil, &Error{Kind: NotWXR, Msg: "The file is not a WordPress export: its <rss> element holds no <channel>."}
			}
			if !r.sentChannel {
				r.sentChannel = true
				return r.channel, nil
			}
			return nil, io.EOF
		}
	}
}

// readRoot reads up to the root element and checks that it is the <rss>
// of a WordPress export.
func (r *Reader) readRoot() error {
	for {
		tok, err := r.dec.Token()
		if errors.Is(err, io.EOF) {
			if r.src.n == 0 {
				return &Error{Kind: NotXML, Msg: "The file is empty, so it is not a WordPress export."}
			}
			return &Error{Kind: NotXML, Msg: "The file is not XML, so it is not a WordPress export."}
		}
		if err != nil {
			if r.badCharset != "" {
				return r.fail(err)
			}
			return &Error{Kind: NotXML, Msg: "The file is not XML, so it is not a WordPress export."}
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return &Error{Kind: NotXML, Msg: "The file is not XML, so it is not a WordPress export."}
			}
		case xml.StartElement:
			if t.Name.Local != "rss" {
				return &Error{Kind: NotWXR, Msg: fmt.Sprintf("The file is XML but not a WordPress export: it starts with <%s> where an export starts with <rss>.", t.Name.Local)}
			}
			wp := false
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" && isWordPressSpace(a.Value) {
					wp = true
				}
			}
			if !wp {
				return &Error{Kind: NotWXR, Msg: "The file is an RSS feed, not a WordPress export: it does not use WordPress's export namespace (wp:)."}
			}
			r.started = true
			return nil
		}
	}
}

// fail turns a decoding error into an *Error sentence with its line.
func (r *Reader) fail(err error) error {
	var own *Error
	if errors.As(err, &own) {
		return own
	}
	line, _ := r.dec.InputPos()
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		line = syn.Line
	}
	switch {
	case r.badCharset != "":
		return &Error{Kind: Encoding, Msg: fmt.Sprintf("The file declares the character encoding %q, which cannot be read: save it as UTF-8 and try again.", r.badCharset)}
	case syn != nil && syn.Msg == "invalid UTF-8": // encoding/xml's own words
		return &Error{Kind: Encoding, Line: line, Msg: fmt.Sprintf("The file has bytes that are not UTF-8 at line %d: save it as UTF-8, as WordPress writes exports, and try again.", line)}
	case r.src.ended && (syn != nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)):
		return &Error{Kind: Truncated, Line: line, Msg: fmt.Sprintf("The file ends early, at line %d, as if it was cut off: copy the whole export again, or export again from WordPress.", line)}
	case syn != nil:
		return &Error{Kind: Malformed, Line: line, Msg: fmt.Sprintf("The file is not well-formed XML at line %d (%s), so it cannot be read.", line, strings.TrimPrefix(syn.Msg, "xml: "))}
	}
	return &Error{Kind: Malformed, Line: line, Msg: fmt.Sprintf("The file cannot be read at line %d: %v.", line, err)}
}

// isWordPressSpace reports whether a namespace is WordPress's export
// namespace or its excerpt namespace, in any WXR version.
func isWordPressSpace(uri string) bool {
	return strings.HasPrefix(uri, "http://wordpress.org/export/") || strings.HasPrefix(uri, "https://wordpress.org/export/")
}

// space names the namespace of an element as the reader cares about it:
// "" for plain RSS, "wp", "excerpt", "content", "dc", or "other". An
// export that forgot to declare a prefix is read by the prefix.
func space(n xml.Name) string {
	switch s := n.Space; {
	case s == "":
		return ""
	case isWordPressSpace(s):
		if strings.Contains(s, "/excerpt/") {
			return "excerpt"
		}
		return "wp"
	case s == "http://purl.org/rss/1.0/modules/content/":
		return "content"
	case s == "http://purl.org/dc/elements/1.1/":
		return "dc"
	case s == "wp" || s == "excerpt" || s == "content" || s == "dc":
		return s
	}
	return "other"
}

// key names an element by its namespace and local name, "wp:post_id".
func key(n xml.Name) string { return space(n) + ":" + n.Local }

// channelChild reads one element inside <channel>, and returns the record
// it is, or nil for a fact of the channel or an element that does not
// matter.
func (r *Reader) channelChild(start xml.StartElement) (Record, error) {
	k := key(start.Name)
	switch k {
	case ":title", ":link", ":description", ":language", ":generator", ":pubDate",
		"wp:wxr_version", "wp:base_site_url", "wp:base_blog_url",
		"wp:author", "wp:category", "wp:tag", "wp:term", ":item":
	default:
		if err := r.dec.Skip(); err != nil {
			return nil, r.fail(err)
		}
		return nil, nil
	}
	line, _ := r.dec.InputPos()
	n, err := r.readNode(start)
	if err != nil {
		return nil, err
	}
	c := r.channel
	switch k {
	case ":title":
		c.Title = n.text()
	case ":link":
		c.Link = n.text()
	case ":description":
		c.Description = n.text()
	case ":language":
		c.Language = n.text()
	case ":generator":
		c.Generator = n.text()
	case ":pubDate":
		if t, err := time.Parse(time.RFC1123Z, n.text()); err == nil {
			c.PubDate = t.UTC()
		}
	case "wp:wxr_version":
		c.Version = n.text()
	case "wp:base_site_url":
		c.BaseSiteURL = n.text()
	case "wp:base_blog_url":
		c.BaseBlogURL = n.text()
	case "wp:author":
		return authorFrom(n), nil
	case "wp:category":
		return categoryFrom(n), nil
	case "wp:tag":
		return tagFrom(n), nil
	case "wp:term":
		return termFrom(n), nil
	case ":item":
		return itemFrom(n, line), nil
	}
	if c.BaseBlogURL == "" {
		c.BaseBlogURL = c.BaseSiteURL
	}
	return nil, nil
}

// node is one element of a record, read whole: a record is small, and a
// tree makes the mapping to fields plain.
type node struct {
	name xml.Name
	attr []xml.Attr
	body []byte
	kids []*node
}

// readNode reads the element that start opened, with everything inside.
func (r *Reader) readNode(start xml.StartElement) (*node, error) {
	root := &node{name: start.Name, attr: start.Copy().Attr}
	stack := []*node{root}
	for len(stack) > 0 {
		tok, err := r.dec.Token()
		if err != nil {
			return nil, r.fail(err)
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			kid := &node{name: t.Name, attr: t.Copy().Attr}
			top.kids = append(top.kids, kid)
			stack = append(stack, kid)
		case xml.CharData:
			if len(top.body)+len(t) > MaxText {
				line, _ := r.dec.InputPos()
				return nil, &Error{Kind: TooLarge, Line: line, Msg: fmt.Sprintf("The element <%s> before line %d holds more than %d MB of text, more than any post can.", t0(top.name), line, MaxText>>20)}
			}
			top.body = append(top.body, t...)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	return root, nil
}

// t0 writes an element's name as the file spells it, near enough.
func t0(n xml.Name) string {
	if s := space(n); s != "" && s != "other" {
		return s + ":" + n.Local
	}
	return n.Local
}

func (n *node) text() string { return strings.TrimSpace(repairC1(string(n.body))) }

// raw is the text as written, for bodies whose white space matters.
func (n *node) raw() string { return repairC1(string(n.body)) }

// repairC1 reads the C1 control characters (U+0080 to U+009F), which XML
// allows but no text means, as the Windows-1252 characters that old
// WordPress databases meant by them: U+0092 was a typographic apostrophe
// pasted from a word processor and stored in the wrong encoding. The five
// codes Windows-1252 leaves undefined are dropped.
func repairC1(s string) string {
	if !strings.ContainsFunc(s, isC1) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if !isC1(r) {
			return r
		}
		if w := charmap.Windows1252.DecodeByte(byte(r)); w != utf8.RuneError && !isC1(w) {
			return w
		}
		return -1
	}, s)
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

func (n *node) attrValue(local string) string {
	for _, a := range n.attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// fields calls fn with the key and node of each child.
func (n *node) fields(fn func(k string, kid *node)) {
	for _, kid := range n.kids {
		fn(key(kid.name), kid)
	}
}

// metaFrom reads a postmeta, termmeta or commentmeta element.
func metaFrom(n *node) Meta {
	var m Meta
	n.fields(func(k string, kid *node) {
		switch k {
		case "wp:meta_key":
			m.Key = kid.text()
		case "wp:meta_value":
			m.Value = kid.raw()
		}
	})
	return m
}

// problems collects the fields of one record that did not parse, as
// sentences about the record.
type problems struct {
	what string // "Post 12", "Comment 40"
	list *[]string
}

func (p problems) number(field, s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		*p.list = append(*p.list, fmt.Sprintf("%s has %q as its %s, which is not a number.", p.what, s, field))
		return 0
	}
	return v
}

// dateLayout is how WordPress writes dates in exports.
const dateLayout = "2006-01-02 15:04:05"

func (p problems) date(field, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		*p.list = append(*p.list, fmt.Sprintf("%s has %q as its %s, which is not a date.", p.what, s, field))
		return time.Time{}
	}
	return t
}

func authorFrom(n *node) *Author {
	a := &Author{}
	n.fields(func(k string, kid *node) {
		switch k {
		case "wp:author_id":
			a.ID, _ = strconv.ParseInt(kid.text(), 10, 64)
		case "wp:author_login":
			a.Login = kid.text()
		case "wp:author_email":
			a.Email = kid.text()
		case "wp:author_display_name":
			a.DisplayName = kid.text()
		case "wp:author_first_name":
			a.FirstName = kid.text()
		case "wp:author_last_name":
			a.LastName = kid.text()
		}
	})
	return a
}

func categoryFrom(n *node) *Category {
	c := &Category{}
	n.fields(func(k string, kid *node) {
		switch k {
		case "wp:term_id":
			c.TermID, _ = strconv.ParseInt(kid.text(), 10, 64)
		case "wp:category_nicename":
			c.Nicename = kid.text()
		case "wp:category_parent":
			c.Parent = kid.text()
		case "wp:cat_name":
			c.Name = kid.text()
		case "wp:category_description":
			c.Description = kid.text()
		case "wp:termmeta":
			c.Meta = append(c.Meta, metaFrom(kid))
		}
	})
	return c
}

func tagFrom(n *node) *Tag {
	t := &Tag{}
	n.fields(func(k string, kid *node) {
		switch k {
		case "wp:term_id":
			t.TermID, _ = strconv.ParseInt(kid.text(), 10, 64)
		case "wp:tag_slug":
			t.Slug = kid.text()
		case "wp:tag_name":
			t.Name = kid.text()
		case "wp:tag_description":
			t.Description = kid.text()
		case "wp:termmeta":
			t.Meta = append(t.Meta, metaFrom(kid))
		}
	})
	return t
}

func termFrom(n *node) *Term {
	t := &Term{}
	n.fields(func(k string, kid *node) {
		switch k {
		case "wp:term_id":
			t.TermID, _ = strconv.ParseInt(kid.text(), 10, 64)
		case "wp:term_taxonomy":
			t.Taxonomy = kid.text()
		case "wp:term_slug":
			t.Slug = kid.text()
		case "wp:term_parent":
			t.Parent = kid.text()
		case "wp:term_name":
			t.Name = kid.text()
		case "wp:term_description":
			t.Description = kid.text()
		case "wp:termmeta":
			t.Meta = append(t.Meta, metaFrom(kid))
		}
	})
	return t
}

// itemFrom maps an <item> to an Item. Fields that do not parse are left
// zero and described in the item's Problems.
func itemFrom(n *node, line int) *Item {
	it := &Item{Line: line}
	// The id names the item in messages, so it is read first.
	n.fields(func(k string, kid *node) {
		if k == "wp:post_id" {
			it.ID, _ = strconv.ParseInt(kid.text(), 10, 64)
		}
	})
	p := problems{what: fmt.Sprintf("The item at line %d", line), list: &it.Problems}
	if it.ID != 0 {
		p.what = fmt.Sprintf("Item %d", it.ID)
	}
	n.fields(func(k string, kid *node) {
		switch k {
		case ":title":
			it.Title = kid.text()
		case ":link":
			it.Link = kid.text()
		case ":guid":
			it.GUID = kid.text()
		case "dc:creator":
			it.Creator = kid.text()
		case "content:encoded":
			it.Content = kid.raw()
		case "excerpt:encoded":
			it.Excerpt = kid.raw()
		case "wp:post_id":
			it.ID = p.number("post id", kid.text())
		case "wp:post_date":
			it.Date = p.date("date", kid.text())
		case "wp:post_date_gmt":
			it.DateGMT = p.date("GMT date", kid.text())
		case "wp:post_modified":
			it.Modified = p.date("modification date", kid.text())
		case "wp:post_modified_gmt":
			it.ModifiedGMT = p.date("GMT modification date", kid.text())
		case "wp:comment_status":
			it.CommentStatus = kid.text()
		case "wp:ping_status":
			it.PingStatus = kid.text()
		case "wp:post_name":
			it.Name = kid.text()
		case "wp:status":
			it.Status = kid.text()
		case "wp:post_parent":
			it.Parent = p.number("parent", kid.text())
		case "wp:menu_order":
			it.MenuOrder = int(p.number("menu order", kid.text()))
		case "wp:post_type":
			it.Type = kid.text()
		case "wp:post_password":
			it.Password = kid.text()
		case "wp:is_sticky":
			it.Sticky = kid.text() == "1"
		case "wp:attachment_url":
			it.AttachmentURL = kid.text()
		case ":category":
			ref := TermRef{Domain: kid.attrValue("domain"), Nicename: kid.attrValue("nicename"), Name: kid.text()}
			// WXR 1.0 names tags "tag"; and it repeats every term as a
			// plain RSS category without a nicename, which WordPress's
			// importer ignores too.
			if ref.Domain == "tag" {
				ref.Domain = "post_tag"
			}
			if ref.Nicename != "" {
				it.Terms = append(it.Terms, ref)
			}
		case "wp:postmeta":
			it.Meta = append(it.Meta, metaFrom(kid))
		case "wp:comment":
			it.Comments = append(it.Comments, commentFrom(kid, &it.Problems))
		}
	})
	return it
}

func commentFrom(n *node, list *[]string) Comment {
	var c Comment
	n.fields(func(k string, kid *node) {
		if k == "wp:comment_id" {
			c.ID, _ = strconv.ParseInt(kid.text(), 10, 64)
		}
	})
	p := problems{what: fmt.Sprintf("Comment %d", c.ID), list: list}
	n.fields(func(k string, kid *node) {
		switch k {
		case "wp:comment_id":
			c.ID = p.number("id", kid.text())
		case "wp:comment_author":
			c.Author = kid.text()
		case "wp:comment_author_email":
			c.AuthorEmail = kid.text()
		case "wp:comment_author_url":
			c.AuthorURL = kid.text()
		case "wp:comment_author_IP":
			c.AuthorIP = kid.text()
		case "wp:comment_date":
			c.Date = p.date("date", kid.text())
		case "wp:comment_date_gmt":
			c.DateGMT = p.date("GMT date", kid.text())
		case "wp:comment_content":
			c.Content = kid.raw()
		case "wp:comment_approved":
			c.Approved = kid.text()
		case "wp:comment_type":
			c.Type = kid.text()
		case "wp:comment_parent":
			c.Parent = p.number("parent", kid.text())
		case "wp:comment_user_id":
			c.UserID = p.number("user id", kid.text())
		case "wp:commentmeta":
			c.Meta = append(c.Meta, metaFrom(kid))
		}
	})
	return c
}

// endReader notes how much it read and whether its reader ended, so that
// a syntax error at the very end can be told as a file cut short.
type endReader struct {
	r     io.Reader
	n     int64
	ended bool
}

func (e *endReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	e.n += int64(n)
	if err != nil {
		e.ended = true
	}
	return n, err
}
