package wpimport

import (
	"context"
	"fmt"
	"html"
	"strings"

	nethtml "golang.org/x/net/html"

	"masthead"
	"masthead/moderation"
	"masthead/wxr"
)

// commentStatus maps WordPress's comment_approved to Masthead's status,
// with the reason a moderator sees for a comment that is not approved.
func commentStatus(approved string) (masthead.CommentStatus, string) {
	switch approved {
	case "1", "approve":
		return masthead.CommentApproved, ""
	case "spam":
		return masthead.CommentSpam, "Marked as spam on the WordPress site before the import."
	case "trash", "post-trashed":
		return masthead.CommentTrash, "In the trash on the WordPress site before the import."
	}
	return masthead.CommentPending, "Held on the WordPress site before the import."
}

// comments imports the comments of a post that are not there yet, each
// parent before its replies. A reply whose parent is not in the export
// (or could not be imported) becomes a top-level comment, since its text
// still belongs to the discussion.
func (im *importer) comments(ctx context.Context, it *wxr.Item, a *masthead.Article) error {
	if len(it.Comments) == 0 {
		return nil
	}
	exts := make([]string, len(it.Comments))
	for i, c := range it.Comments {
		exts[i] = externalID("comment", c.ID)
	}
	found, err := im.store.FindExternalIDs(ctx, masthead.ExternalComment, exts)
	if err != nil {
		return err
	}
	done := map[int64]int64{} // WordPress id -> Masthead id
	for i, c := range it.Comments {
		if id, ok := found[exts[i]]; ok {
			done[c.ID] = id
			im.sum.Found.Comments++
		}
	}
	for _, c := range parentsFirst(it.Comments) {
		if _, ok := done[c.ID]; ok {
			continue
		}
		if err := im.comment(ctx, it, a, c, done); err != nil {
			return err
		}
	}
	return nil
}

// parentsFirst orders comments so that each parent in the list comes
// before its replies, keeping the file's order otherwise.
func parentsFirst(list []wxr.Comment) []*wxr.Comment {
	byID := make(map[int64]*wxr.Comment, len(list))
	for i := range list {
		byID[list[i].ID] = &list[i]
	}
	out := make([]*wxr.Comment, 0, len(list))
	placed := map[int64]bool{}
	var place func(c *wxr.Comment, depth int)
	place = func(c *wxr.Comment, depth int) {
		if placed[c.ID] {
			return
		}
		placed[c.ID] = true // before the parent, so that a cycle ends
		if p, ok := byID[c.Parent]; ok && c.Parent != c.ID && depth < 1000 {
			place(p, depth+1)
		}
		out = append(out, c)
	}
	for i := range list {
		place(&list[i], 0)
	}
	return out
}

// comment imports one comment through moderation.Submit with the import
// policy, which keeps its status and date.
func (im *importer) comment(ctx context.Context, it *wxr.Item, a *masthead.Article, c *wxr.Comment, done map[int64]int64) error {
	what := fmt.Sprintf("Comment %d on post %d", c.ID, it.ID)
	switch c.Type {
	case "pingback", "trackback":
		im.sum.skip("pingbacks and trackbacks are not imported")
		return nil
	}
	if c.ID <= 0 {
		im.sum.problem(fmt.Sprintf("A comment on post %d has no id, which an import needs to recognise it when run again, so it was not imported.", it.ID))
		return nil
	}
	status, reason := commentStatus(c.Approved)
	cm := &masthead.Comment{
		AuthorName:  strings.TrimSpace(html.UnescapeString(c.Author)),
		AuthorEmail: strings.TrimSpace(c.AuthorEmail),
		AuthorURL:   strings.TrimSpace(c.AuthorURL),
		Body:        commentText(c.Content),
		Status:      status,
		Reason:      reason,
		ExternalID:  externalID("comment", c.ID),
	}
	if cm.AuthorName == "" {
		cm.AuthorName = "Anonymous" // what WordPress shows for a nameless comment
	}
	switch {
	case cm.AuthorEmail == "":
		im.sum.problem(what + " has no email address, which Masthead needs for every comment, so it was not imported.")
		return nil
	case cm.Body == "":
		im.sum.problem(what + " is empty, so it was not imported.")
		return nil
	}
	if cm.AuthorURL == "http://" || cm.AuthorURL == "https://" {
		cm.AuthorURL = ""
	} else if cm.AuthorURL != "" && !masthead.IsWebURL(cm.AuthorURL) {
		cm.AuthorURL = ""
		im.sum.note(what + " had a website that is not a web address, so it was left out.")
	}
	if c.Parent != 0 {
		if parent, ok := done[c.Parent]; ok {
			cm.ParentID = parent
		} else {
			im.sum.Orphans++
			im.sum.note(fmt.Sprintf("%s answers comment %d, which is not in the export or was not imported, so it is a top-level comment.", what, c.Parent))
		}
	}
	created := firstTime(c.DateGMT, c.Date, a.PublishedAt, a.CreatedAt)
	sub := moderation.Submission{Article: a, Comment: cm, Network: moderation.Network(c.AuthorIP), Now: created}
	if skipped, err := im.stored(im.w.submitComment(ctx, sub, im.policy), what); skipped {
		return err
	}
	done[c.ID] = cm.ID
	im.sum.Added.Comments++
	im.sum.CommentsByStatus[cm.Status]++
	return nil
}

// commentText turns a WordPress comment, which may hold the few tags
// WordPress allows in comments, into the plain text Masthead stores: the
// text of the tags, a link's address after its text, and paragraphs as
// blank lines.
func commentText(s string) string {
	var b strings.Builder
	z := nethtml.NewTokenizer(strings.NewReader(s))
	var href, linkText string
	inLink := false
	for {
		tt := z.Next()
		switch tt {
		case nethtml.ErrorToken:
			return tidyLines(b.String())
		case nethtml.TextToken:
			text := string(z.Text())
			if inLink {
				linkText += text
			}
			b.WriteString(text)
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken, nethtml.EndTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "br":
				b.WriteString("\n")
			case "p", "blockquote", "div", "li", "ul", "ol", "pre":
				b.WriteString("\n\n")
			case "a":
				if tt == nethtml.StartTagToken {
					inLink, href, linkText = true, "", ""
					for hasAttr {
						var k, v []byte
						k, v, hasAttr = z.TagAttr()
						if string(k) == "href" {
							href = string(v)
						}
					}
				} else if tt == nethtml.EndTagToken && inLink {
					inLink = false
					if masthead.IsWebURL(href) && strings.TrimSpace(linkText) != href {
						b.WriteString(" (" + href + ")")
					}
				}
			}
		}
	}
}

// tidyLines trims each line and keeps at most one blank line in a row.
func tidyLines(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []string
	blank := false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
