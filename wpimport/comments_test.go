package wpimport

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"masthead"
	"masthead/moderation"
)

// threadExport is an export of one post whose thread holds a comment the
// rules refuse (an email address that is not one) between good ones:
//
//	300
//	├── 301 (refused)
//	│   └── 302
//	│       └── 303
//	└── 304
const threadExport = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Thread Times</title><link>http://thread.example</link><wp:wxr_version>1.2</wp:wxr_version>
	<wp:author><wp:author_login>desk</wp:author_login><wp:author_email>desk@thread.example</wp:author_email><wp:author_display_name>The Desk</wp:author_display_name></wp:author>
	<item><title>A long discussion</title><link>http://thread.example/a-long-discussion/</link><dc:creator>desk</dc:creator>
		<content:encoded><![CDATA[<p>Talk below.</p>]]></content:encoded><wp:post_id>30</wp:post_id>
		<wp:post_date_gmt>2024-05-01 08:00:00</wp:post_date_gmt><wp:comment_status>open</wp:comment_status>
		<wp:post_name>a-long-discussion</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
		%s
	</item>
</channel>
</rss>
`

func threadComment(id, parent int, email string) string {
	return fmt.Sprintf(`<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author>Reader %d</wp:comment_author>
		<wp:comment_author_email>%s</wp:comment_author_email><wp:comment_author_IP>192.0.2.%d</wp:comment_author_IP>
		<wp:comment_date_gmt>2024-05-01 09:%02d:00</wp:comment_date_gmt><wp:comment_content>Comment %d.</wp:comment_content>
		<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>%d</wp:comment_parent></wp:comment>`,
		id, id, email, id%250, id%60, id, parent)
}

// TestRefusedCommentLeavesTheRestOfTheThread imports a thread in one batch
// although one of its comments is refused: that one is described and left
// out, its reply becomes a top-level comment, and the rest keeps its
// threading; a dry run counts the same, and a second run adds nothing.
func TestRefusedCommentLeavesTheRestOfTheThread(t *testing.T) {
	export := fmt.Sprintf(threadExport, strings.Join([]string{
		threadComment(300, 0, "a@readers.example"), threadComment(301, 300, "not an address"),
		threadComment(302, 301, "c@readers.example"), threadComment(303, 302, "d@readers.example"),
		threadComment(304, 300, "e@readers.example"),
	}, "\n"))
	s := newStore(t)
	ctx := context.Background()
	dry, err := Import(ctx, s, strings.NewReader(export), Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Import(ctx, s, strings.NewReader(export), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added.Comments != 4 || dry.Added.Comments != 4 || sum.Orphans != 1 || dry.Orphans != 1 {
		t.Errorf("added %d comments (a dry run %d), %d orphans (a dry run %d); want 4 and 1", sum.Added.Comments, dry.Added.Comments, sum.Orphans, dry.Orphans)
	}
	for _, want := range []string{
		"Comment 301 on post 30 was not imported: please enter a valid email address, such as name@example.com.",
		"Comment 302 on post 30 answers comment 301, which is not in the export or was not imported, so it is a top-level comment.",
	} {
		if !contains(sum.Notes, want) {
			t.Errorf("the notes do not say %q:\n%s", want, strings.Join(sum.Notes, "\n"))
		}
	}
	comments, _, err := s.FindComments(ctx, masthead.CommentFilter{ArticleID: 30})
	if err != nil {
		t.Fatal(err)
	}
	byExt := map[string]*masthead.Comment{}
	for _, c := range comments {
		byExt[strings.TrimPrefix(c.ExternalID, "wordpress:comment:")] = c
	}
	for id, parent := range map[string]string{"300": "", "302": "", "303": "302", "304": "300"} {
		c := byExt[id]
		if c == nil {
			t.Errorf("comment %s was not imported", id)
			continue
		}
		var want int64
		if parent != "" && byExt[parent] != nil {
			want = byExt[parent].ID
		}
		if c.ParentID != want {
			t.Errorf("comment %s answers %d, want %d (comment %q)", id, c.ParentID, want, parent)
		}
	}
	if byExt["301"] != nil {
		t.Error("the refused comment was imported")
	}
	again, err := Import(ctx, s, strings.NewReader(export), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Added.Comments != 0 || again.Found.Comments != 4 {
		t.Errorf("a second run added %d comments and found %d, want 0 and 4", again.Added.Comments, again.Found.Comments)
	}
}

// TestBatchRefusedByTheStore submits a batch of which the store refuses
// one comment, as when another import stored it in between: the batch
// then goes in one comment at a time, so that only that comment is lost,
// and a reply to it becomes a top-level comment.
func TestBatchRefusedByTheStore(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	importFile(t, s, "export-small.xml", Options{})
	site, err := s.FindSite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.FindArticleByID(ctx, 184)
	if err != nil {
		t.Fatal(err)
	}
	im := &importer{store: s, w: storeWriter{s}, site: site, policy: moderation.ImportPolicy(site), sum: newSummary(false)}
	pending := func(id int64, parent *pendingComment) *pendingComment {
		c := &masthead.Comment{AuthorName: "Reader", AuthorEmail: "reader@readers.example", Body: fmt.Sprint("Late comment ", id),
			Status: masthead.CommentApproved, ExternalID: externalID("comment", id)}
		p := &pendingComment{sub: moderation.Submission{Article: a, Comment: c, Now: now}, id: id,
			what: fmt.Sprintf("Comment %d on post 184", id)}
		if parent != nil {
			p.sub.Parent, p.parentID = parent.sub.Comment, parent.id
		}
		return p
	}
	first := pending(9001, nil)
	taken := pending(1795, first) // the fixture's first comment, stored already
	reply := pending(9002, taken)
	last := pending(9003, first)
	done := map[int64]int64{}
	if err := im.submitComments(ctx, []*pendingComment{first, taken, reply, last}, done); err != nil {
		t.Fatal(err)
	}
	if len(done) != 3 || im.sum.Added.Comments != 3 || im.sum.Orphans != 1 {
		t.Fatalf("stored %v, added %d, %d orphans; want the three others and one orphan", done, im.sum.Added.Comments, im.sum.Orphans)
	}
	if want := "Comment 1795 on post 184 was not imported: that comment was already imported."; !contains(im.sum.Notes, want) {
		t.Errorf("the notes do not say %q:\n%s", want, strings.Join(im.sum.Notes, "\n"))
	}
	for _, tt := range []struct {
		p      *pendingComment
		parent int64
	}{{first, 0}, {reply, 0}, {last, done[9001]}} {
		got, err := s.FindCommentByID(ctx, done[tt.p.id])
		if err != nil {
			t.Fatal(err)
		}
		if got.ParentID != tt.parent {
			t.Errorf("%s answers %d, want %d", tt.p.what, got.ParentID, tt.parent)
		}
	}
}
