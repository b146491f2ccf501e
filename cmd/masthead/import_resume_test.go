package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/sqlite"
)

// writeLargeExport writes a WordPress export of posts posts with comments
// comments each (every second one a reply), to import something that takes
// a while.
func writeLargeExport(t *testing.T, posts, comments int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "large.xml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Large Ledger</title><link>http://ledger.example</link><wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>http://ledger.example</wp:base_site_url><wp:base_blog_url>http://ledger.example</wp:base_blog_url>
	<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[desk]]></wp:author_login><wp:author_email><![CDATA[desk@ledger.example]]></wp:author_email><wp:author_display_name><![CDATA[The Desk]]></wp:author_display_name></wp:author>
`)
	cid := 0
	for p := 1; p <= posts; p++ {
		day := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(p) * time.Hour)
		fmt.Fprintf(w, `<item><title><![CDATA[Ledger story number %d]]></title><link>http://ledger.example/archives/%d</link>
<dc:creator><![CDATA[desk]]></dc:creator><content:encoded><![CDATA[<!-- wp:paragraph -->
<p>Story %d happened, and people talked about it at length in the square.</p>
<!-- /wp:paragraph -->]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>%d</wp:post_id><wp:post_date>%s</wp:post_date><wp:post_date_gmt>%s</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>ledger-story-number-%d</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type><category domain="category" nicename="news"><![CDATA[News]]></category>
<category domain="post_tag" nicename="tag-%d"><![CDATA[Tag %d]]></category>
`, p, p, p, p+1000, day.Format(time.DateTime), day.Format(time.DateTime), p, p%50, p%50)
		first := 0
		for c := range comments {
			cid++
			parent := 0
			if c%2 == 1 {
				parent = first
			} else {
				first = cid
			}
			fmt.Fprintf(w, `<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author><![CDATA[Reader %d]]></wp:comment_author>
<wp:comment_author_email>reader%d@readers.example</wp:comment_author_email><wp:comment_author_IP>192.0.2.%d</wp:comment_author_IP>
<wp:comment_date_gmt>%s</wp:comment_date_gmt><wp:comment_content><![CDATA[Comment %d on story %d.]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>%d</wp:comment_parent></wp:comment>
`, cid, cid%97, cid%97, cid%250, day.Add(time.Duration(c+1)*time.Minute).Format(time.DateTime), cid, p, parent)
		}
		fmt.Fprint(w, "</item>\n")
	}
	fmt.Fprint(w, "</channel>\n</rss>\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportKilledAndResumed runs the real binary on a large export, kills
// it with SIGKILL in the middle, and runs it again: the second run
// finishes the import with every post and comment once.
func TestImportKilledAndResumed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	const posts, comments = 1300, 4
	bin := buildBinary(t)
	export := writeLargeExport(t, posts, comments)
	data := t.TempDir()

	cmd := exec.Command(bin, "import", "wordpress", export, "--data", data)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Without a terminal the import logs a line per thousand items; the
	// first one means it is well under way.
	progressed := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "imported 1000 items") {
				progressed <- sc.Text()
				break
			}
		}
		for sc.Scan() {
		}
		close(progressed)
	}()
	select {
	case line, ok := <-progressed:
		if !ok {
			cmd.Wait()
			t.Fatal("the import ended without logging its progress")
		}
		if !strings.HasSuffix(line, "% of the file).") {
			t.Errorf("the progress line is %q", line)
		}
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatal("the import logged no progress within two minutes")
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no chance to clean up
		t.Fatal(err)
	}
	cmd.Wait()
	a, c := siteTotals(t, data)
	if a == 0 || a >= posts {
		t.Fatalf("the killed import left %d articles, want some but not all of %d", a, posts)
	}
	t.Logf("killed after %d articles and %d comments", a, c)

	out, err := exec.Command(bin, "import", "wordpress", export, "--data", data).CombinedOutput()
	if err != nil {
		t.Fatalf("the second run: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "already there") {
		t.Errorf("the second run found nothing already there:\n%s", out)
	}
	if a, c := siteTotals(t, data); a != posts || c != posts*comments {
		t.Errorf("after the second run the site holds %d articles and %d comments, want %d and %d", a, c, posts, posts*comments)
	}
	// Replies still answer their parents.
	s, err := sqlite.Open(context.Background(), filepath.Join(data, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	page, _, err := s.FindComments(context.Background(), masthead.CommentFilter{Limit: 500, Newest: true})
	if err != nil {
		t.Fatal(err)
	}
	replies := 0
	for _, cm := range page {
		if cm.ParentID != 0 {
			replies++
			parent, err := s.FindCommentByID(context.Background(), cm.ParentID)
			if err != nil || parent.ArticleID != cm.ArticleID {
				t.Errorf("reply %d answers %d: %v", cm.ID, cm.ParentID, err)
			}
		}
	}
	if replies != 250 {
		t.Errorf("the newest 500 comments hold %d replies, want 250", replies)
	}
}
