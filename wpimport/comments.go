package wpimport

import (
	"context"
	"errors"
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
// parent before its replies, in one batch: one transaction for the
// thread, all of it or none, so that an import stopped half-way leaves
// no thread half-stored. A reply whose parent is not in the export (or
// could not be imported) becomes a top-level comment, since its text
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
	var batch []*pendingComment
	inBatch := map[int64]*masthead.Comment{} // WordPress id -> comment of the batch
	for _, c := range parentsFirst(it.Comments) {
		if _, ok := done[c.ID]; ok {
			continue
		}
		if p := im.comment(it, a, c, done, inBatch); p != nil {
			batch = append(batch, p)
			inBatch[c.ID] = p.sub.Comment
		}
	}
	return im.submitComments(ctx, batch, done)
}

// pendingComment is a comment of a batch on its way to the store.
type pendingComment struct {
	sub      moderation.Submission
	id       int64 // WordPress's ids of the comment and of its parent
	parentID int64
	what     string // how the summary names it
}

// orphan makes a reply whose parent is not imported a top-level comment,
// and says so.
func (im *importer) orphan(p *pendingComment) {
	p.sub.Parent, p.sub.Comment.ParentID = nil, 0
	im.sum.Orphans++
	im.sum.note(fmt.Sprintf("%s answers comment %d, which is not in the export or was not imported, so it is a top-level comment.", p.what, p.parentID))
}

// submitComments stores a batch of comments through moderation.SubmitAll.
// A comment the rules refuse is described and left out, a reply to it
// becomes a top-level comment, and the rest is submitted again; a batch
// the store refuses as a whole (a comment imported in between, say) goes
// in one comment at a time, so that only the culprit is lost.
func (im *importer) submitComments(ctx context.Context, batch []*pendingComment, done map[int64]int64) error {
	for len(batch) > 0 {
		subs := make([]moderation.Submission, len(batch))
		for i, p := range batch {
			subs[i] = p.sub
		}
		err := im.w.submitComments(ctx, subs, im.policy)
		var refused moderation.Refused
		switch code := masthead.ErrorCode(err); {
		case err == nil:
			for _, p := range batch {
				im.added(p, done)
			}
			return nil
		case errors.As(err, &refused):
			batch = im.mend(batch, refused)
		case len(batch) > 1 && (code == masthead.EINVALID || code == masthead.ECONFLICT):
			return im.submitEach(ctx, batch, done)
		default:
			_, fatal := im.stored(err, batch[0].what)
			return fatal
		}
	}
	return nil
}

// mend leaves out of a batch the comments the rules refused, with their
// reasons in the summary, and makes the replies to those top-level
// comments.
func (im *importer) mend(batch []*pendingComment, refused moderation.Refused) []*pendingComment {
	dropped := map[*masthead.Comment]bool{}
	mended := map[*masthead.Comment]bool{}
	var kept []*pendingComment
	for i, p := range batch {
		err, bad := refused[i]
		parent := p.sub.Parent
		if bad && (masthead.ErrorField(err) != "parent" || parent == nil || !dropped[parent] && !mended[parent]) {
			im.sum.problem(fmt.Sprintf("%s was not imported: %s", p.what, lowerFirst(masthead.ErrorMessage(err))))
			dropped[p.sub.Comment] = true
			continue
		}
		if parent != nil && dropped[parent] {
			im.orphan(p)
		}
		if bad {
			mended[p.sub.Comment] = true // refused only for a parent that is mended too
		}
		kept = append(kept, p)
	}
	return kept
}

// submitEach submits the comments of a batch one by one.
func (im *importer) submitEach(ctx context.Context, batch []*pendingComment, done map[int64]int64) error {
	for _, p := range batch {
		if parent := p.sub.Parent; parent != nil {
			p.sub.Parent = nil
			if parent.ID != 0 {
				p.sub.Comment.ParentID = parent.ID
			} else {
				im.orphan(p)
			}
		}
		skipped, err := im.stored(im.w.submitComments(ctx, []moderation.Submission{p.sub}, im.policy), p.what)
		if err != nil {
			return err
		}
		if !skipped {
			im.added(p, done)
		}
	}
	return nil
}

// added counts a stored comment.
func (im *importer) added(p *pendingComment, done map[int64]int64) {
	done[p.id] = p.sub.Comment.ID
	im.sum.Added.Comments++
	im.sum.CommentsByStatus[p.sub.Comment.Status]++
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

// comment prepares one comment for moderation.SubmitAll with the import
// policy, which keeps its status and date, or returns nil after saying
// why it cannot be imported. Its parent is a comment imported before
// (done) or one of the same batch (inBatch).
func (im *importer) comment(it *wxr.Item, a *masthead.Article, c *wxr.Comment, done map[int64]int64, inBatch map[int64]*masthead.Comment) *pendingComment {
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
	created := firstTime(c.DateGMT, c.Date, a.PublishedAt, a.CreatedAt)
	p := &pendingComment{
		sub: moderation.Submission{Article: a, Comment: cm, Network: moderation.Network(c.AuthorIP), Now: created},
		id:  c.ID, parentID: c.Parent, what: what,
	}
	if c.Parent != 0 {
		if parent, ok := done[c.Parent]; ok {
			cm.ParentID = parent
		} else if parent, ok := inBatch[c.Parent]; ok {
			p.sub.Parent = parent
		} else {
			im.orphan(p)
		}
	}
	return p
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
