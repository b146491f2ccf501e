package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"masthead"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// TestRetentionInBatches: a first run of retention on a site with more
// old comments than a batch holds goes on, batch after batch, until all
// are done.
func TestRetentionInBatches(t *testing.T) {
	defer sqlstore.SetRetentionBatch(2)()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return start }
	ana := &masthead.Author{Name: "Ana", Slug: "ana", Role: masthead.RoleEditor, Email: "ana@example.org"}
	if err := s.CreateAuthor(ctx, ana); err != nil {
		t.Fatal(err)
	}
	a := &masthead.Article{Headline: "Pier", Slug: "pier", BodySource: "x", BodyHTML: "<p>x</p>", Status: masthead.StatusPublished,
		PublishedAt: start, Authors: []*masthead.Author{ana}, CommentsOpen: true}
	if err := s.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		for _, status := range []masthead.CommentStatus{masthead.CommentApproved, masthead.CommentSpam} {
			if err := s.CreateComment(ctx, &masthead.Comment{ArticleID: a.ID, AuthorName: "Reader", AuthorEmail: fmt.Sprintf("r%d@example.org", i),
				Body: fmt.Sprint("Comment ", i, status), Status: status, IP: "192.0.2.0", CreatedAt: start}); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.Now = func() time.Time { return start.Add(100 * 24 * time.Hour) }
	n, err := s.ApplyRetention(ctx, masthead.Retention{NetworksDays: 90, SpamDays: 30})
	// The spam goes first or its network is cleared first; either way
	// each of the ten comments is changed once or twice, and none is left.
	if err != nil || n < 10 {
		t.Fatalf("retention in batches of 2 changed %d rows (%v), want every comment", n, err)
	}
	left, _, err := s.FindComments(ctx, masthead.CommentFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 5 {
		t.Errorf("%d comments are left, want the 5 approved", len(left))
	}
	for _, c := range left {
		if c.IP != "" || c.Status != masthead.CommentApproved {
			t.Errorf("comment %d kept its network %q or is %s", c.ID, c.IP, c.Status)
		}
	}
}
