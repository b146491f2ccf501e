package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"masthead"
	"masthead/i18n"
)

// commentThread writes the standard markup of a comment thread (the
// built-in article template's list items, replies nested in their
// parents) in Go rather than through html/template. html/template calls
// every escaper and template function of every action through reflect,
// and a comment has about twenty: the thread was a quarter of an
// uncached article page. Every value is escaped here as the template
// escaped it: text and quoted attributes with html.EscapeString, the
// commenter's address only when it is an http or https one. A theme that
// replaces the article template ranges over the same nodes with its own
// markup.
func commentThread(loc *i18n.Locale, nodes []*commentNode) template.HTML {
	var b strings.Builder
	b.Grow(len(nodes) * 1200)
	for _, n := range nodes {
		writeComment(&b, loc, n)
	}
	return template.HTML(b.String())
}

// writeComment writes one comment and its replies.
func writeComment(b *strings.Builder, loc *i18n.Locale, n *commentNode) {
	id := strconv.FormatInt(n.ID, 10)
	name := html.EscapeString(n.AuthorName)
	b.WriteString("\n<li id=\"")
	b.WriteString(html.EscapeString(n.Anchor))
	b.WriteString("\" class=\"comment depth-")
	b.WriteString(strconv.Itoa(n.Depth))
	if n.Pending {
		b.WriteString(" pending")
	}
	b.WriteString("\">\n  <article aria-label=\"")
	b.WriteString(html.EscapeString(loc.T("Comment by %s", n.AuthorName)))
	b.WriteString("\">\n    <footer class=\"comment-meta\">\n      <svg class=\"avatar\" width=\"40\" height=\"40\" viewBox=\"0 0 40 40\" aria-hidden=\"true\" focusable=\"false\"><circle cx=\"20\" cy=\"20\" r=\"20\" fill=\"")
	b.WriteString(html.EscapeString(n.Avatar.Colour))
	b.WriteString("\"/><text x=\"20\" y=\"25.5\" text-anchor=\"middle\" font-size=\"15\" font-family=\"system-ui, sans-serif\" fill=\"#fff\">")
	b.WriteString(html.EscapeString(n.Avatar.Initials))
	b.WriteString("</text></svg>\n      <span class=\"comment-author\"><bdi>")
	if n.AuthorURL != "" && masthead.IsWebURL(n.AuthorURL) {
		b.WriteString("<a href=\"")
		b.WriteString(html.EscapeString(n.AuthorURL))
		b.WriteString("\" rel=\"nofollow ugc noopener\">")
		b.WriteString(name)
		b.WriteString("</a>")
	} else {
		b.WriteString(name)
	}
	b.WriteString("</bdi></span>\n      <a class=\"comment-time\" href=\"#")
	b.WriteString(html.EscapeString(n.Anchor))
	b.WriteString("\"><time datetime=\"")
	b.WriteString(isoTime(n.Created))
	b.WriteString("\">")
	b.WriteString(html.EscapeString(loc.DateTime(n.Created)))
	b.WriteString("</time></a>\n    </footer>")
	if n.Pending {
		b.WriteString("\n    <p class=\"awaiting\">")
		b.WriteString(html.EscapeString(loc.T("Your comment is awaiting moderation.")))
		b.WriteString("</p>")
	}
	b.WriteString("\n    <div class=\"comment-body\">\n      ")
	writeCommentHTML(b, n.Body)
	b.WriteString("\n    </div>")
	if n.CanReply {
		b.WriteString("\n    <p class=\"reply\"><a class=\"comment-reply-link\" href=\"?replytocom=")
		b.WriteString(id)
		b.WriteString("#respond\" rel=\"nofollow\" data-comment=\"")
		b.WriteString(id)
		b.WriteString("\" data-author=\"")
		b.WriteString(name)
		b.WriteString("\" aria-label=\"")
		b.WriteString(html.EscapeString(loc.T("Reply to %s", n.AuthorName)))
		b.WriteString("\">")
		b.WriteString(html.EscapeString(loc.T("Reply")))
		b.WriteString("</a></p>")
	}
	b.WriteString("\n  </article>")
	if len(n.Children) > 0 {
		b.WriteString("\n  <ol class=\"children\">")
		for _, c := range n.Children {
			writeComment(b, loc, c)
		}
		b.WriteString("\n  </ol>")
	}
	b.WriteString("\n</li>\n")
}
