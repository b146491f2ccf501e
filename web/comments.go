package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"masthead"
)

// commentNode is a comment with its replies, as the thread shows it.
type commentNode struct {
	// Comment is the comment itself. The fields the thread shows are
	// copied out of it, so that templates find them at the top level:
	// a field reached through an embedded struct is searched for at every
	// use, and a page shows hundreds.
	Comment    *masthead.Comment
	ID         int64
	AuthorName string
	AuthorURL  string
	Body       string
	Anchor     string // "comment-42"
	Created    time.Time
	Depth      int // 1 for top-level comments
	Children   []*commentNode
	// CanReply is false at the deepest level, where replies would not nest.
	CanReply bool
	// Pending marks the reader's own comment that awaits moderation.
	Pending bool
	Avatar  avatar
}

// avatar is a generated picture for a commenter: initials on a colour
// derived from a keyed hash of the email, so that no hash a third party
// could match (as with Gravatar's) ever leaves the server.
type avatar struct {
	Initials string
	Colour   string
}

// newAvatar derives a commenter's avatar with the site secret.
func newAvatar(secret []byte, name, email string) avatar {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("avatar:" + strings.ToLower(strings.TrimSpace(email))))
	sum := mac.Sum(nil)
	hue := binary.BigEndian.Uint16(sum) % 360
	var initials []rune
	for _, word := range strings.Fields(name) {
		for _, r := range word {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				initials = append(initials, unicode.ToUpper(r))
				break
			}
		}
		if len(initials) == 2 {
			break
		}
	}
	if len(initials) == 0 {
		initials = []rune{'?'}
	}
	return avatar{Initials: string(initials), Colour: "hsl(" + strconv.Itoa(int(hue)) + ", 45%, 32%)"}
}

// threadComments arranges comments, oldest first, into threads. Replies
// deeper than maxDepth join their ancestor at maxDepth, as WordPress does;
// replies whose parent is not shown move up to the top level rather than
// disappearing. pending holds the ids of comments shown only to their
// writer.
func threadComments(comments []*masthead.Comment, maxDepth int, loc *time.Location, secret []byte, pending map[int64]bool) []*commentNode {
	maxDepth = max(1, maxDepth)
	nodes := make(map[int64]*commentNode, len(comments))
	var roots []*commentNode
	for _, c := range comments {
		n := &commentNode{
			Comment: c, ID: c.ID, AuthorName: c.AuthorName, AuthorURL: c.AuthorURL, Body: c.Body,
			Anchor: "comment-" + strconv.FormatInt(c.ID, 10), Created: c.CreatedAt.In(loc), Depth: 1,
			Pending: pending[c.ID], Avatar: newAvatar(secret, c.AuthorName, c.AuthorEmail),
		}
		nodes[c.ID] = n
		parent := nodes[c.ParentID]
		// At depth 1 (no nesting) a reply climbs past the top level and
		// becomes a thread of its own.
		for parent != nil && parent.Depth >= maxDepth {
			parent = nodes[parent.Comment.ParentID]
		}
		if parent != nil {
			n.Depth = parent.Depth + 1
			parent.Children = append(parent.Children, n)
		} else {
			roots = append(roots, n)
		}
		n.CanReply = n.Depth < maxDepth && !n.Pending
	}
	return roots
}

// forbidReplies removes the Reply links of a thread whose article no
// longer takes comments.
func forbidReplies(nodes []*commentNode) {
	for _, n := range nodes {
		n.CanReply = false
		forbidReplies(n.Children)
	}
}

// urlInText finds web addresses in a comment's text.
var urlInText = regexp.MustCompile(`https?://[^\s<>"'` + "`" + `]+`)

// commentHTML renders a comment's plain text: every character escaped,
// blank lines between paragraphs, line breaks kept, and http(s) addresses
// turned into links that pass no ranking and no window handle.
func commentHTML(body string) template.HTML {
	var b strings.Builder
	writeCommentHTML(&b, body)
	return template.HTML(b.String())
}

// writeCommentHTML writes what commentHTML returns into b.
func writeCommentHTML(b *strings.Builder, body string) {
	for _, para := range paragraphs(body) {
		b.WriteString("<p>")
		for i, line := range para {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			writeLinked(b, line)
		}
		b.WriteString("</p>\n")
	}
}

// writeLinked writes one line of text, escaped, with its addresses linked.
func writeLinked(b *strings.Builder, line string) {
	last := 0
	for _, m := range urlInText.FindAllStringIndex(line, -1) {
		start, end := m[0], m[1]
		// Sentence punctuation after an address belongs to the sentence.
		for end > start && strings.ContainsRune(".,;:!?)]}", rune(line[end-1])) {
			end--
		}
		u := line[start:end]
		if !masthead.IsWebURL(u) {
			continue
		}
		b.WriteString(html.EscapeString(line[last:start]))
		b.WriteString(`<a href="` + html.EscapeString(u) + `" rel="nofollow ugc noopener">` + html.EscapeString(u) + `</a>`)
		last = end
	}
	b.WriteString(html.EscapeString(line[last:]))
}
