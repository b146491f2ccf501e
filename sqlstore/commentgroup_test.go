package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead"
	"masthead/sqlite"
)

// TestGroupedComments holds SQLite's one writer while comments arrive, so
// that they queue and are stored in one transaction: each is stored or
// refused on its own (a network over its limit, a reply to a comment of
// another article, a caller that gave up before its turn), the others are
// not affected, and every stored comment has its id.
func TestGroupedComments(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	author := &masthead.Author{Name: "Quill Hawthorne", Slug: "quill-hawthorne", Role: masthead.RoleAuthor, Email: "quill@example.com"}
	if err := s.CreateAuthor(ctx, author); err != nil {
		t.Fatal(err)
	}
	var articles []*masthead.Article
	for _, slug := range []string{"harbour", "ferry"} {
		a := &masthead.Article{Slug: slug, Headline: slug, BodyHTML: "<p>Body.</p>", Status: masthead.StatusPublished,
			PublishedAt: time.Now().Add(-time.Hour), Authors: []*masthead.Author{author}, CommentsOpen: true}
		if err := s.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		articles = append(articles, a)
	}
	elsewhere := &masthead.Comment{ArticleID: articles[1].ID, AuthorName: "Ada", AuthorEmail: "ada@example.org", Body: "On the ferry.", Status: masthead.CommentApproved}
	if err := s.CreateComment(ctx, elsewhere); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var statements []string
	s.OnQuery = func(q string) { mu.Lock(); statements = append(statements, q); mu.Unlock() }

	// The writer is held, as by a long write, while the comments arrive.
	hold, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	limit := masthead.RateLimit{Max: 5, Window: time.Hour}
	type submission struct {
		c      *masthead.Comment
		ctx    context.Context
		err    error
		reason string
	}
	var subs []*submission
	add := func(reason, network string, parent int64, ctx context.Context) {
		i := len(subs)
		subs = append(subs, &submission{reason: reason, ctx: ctx, c: &masthead.Comment{ArticleID: articles[0].ID, ParentID: parent,
			AuthorName: fmt.Sprintf("Reader %d", i), AuthorEmail: fmt.Sprintf("reader%d@example.org", i),
			Body: fmt.Sprintf("Comment %d.", i), Status: masthead.CommentPending, IP: network}})
	}
	for i := range 8 {
		add("", fmt.Sprintf("10.0.%d.0", i), 0, ctx)
	}
	for range 6 {
		add("busy network", "10.9.9.0", 0, ctx)
	}
	add("reply elsewhere", "10.1.1.0", elsewhere.ID, ctx)
	gaveUp, giveUp := context.WithCancel(ctx)
	add("gave up", "10.2.2.0", 0, gaveUp)

	var wg sync.WaitGroup
	for _, sub := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sub.err = s.SubmitComments(sub.ctx, []masthead.BatchComment{{Comment: sub.c}}, masthead.SubmitOptions{Limit: limit})
		}()
	}
	for deadline := time.Now().Add(10 * time.Second); s.PendingComments() < len(subs); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d submissions queued", s.PendingComments(), len(subs))
		}
	}
	giveUp()
	if err := hold.Rollback(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()

	refused := map[string]int{}
	for _, sub := range subs {
		switch {
		case sub.err == nil:
			if sub.c.ID == 0 {
				t.Errorf("comment %q was stored without its id", sub.c.Body)
			} else if got, err := s.FindCommentByID(ctx, sub.c.ID); err != nil || got.Body != sub.c.Body {
				t.Errorf("comment %d: %v, %v; want %q", sub.c.ID, got, err, sub.c.Body)
			}
		case sub.c.ID != 0:
			t.Errorf("refused comment %q kept the id %d", sub.c.Body, sub.c.ID)
		default:
			refused[sub.reason]++
			switch sub.reason {
			case "busy network":
				if masthead.ErrorCode(sub.err) != masthead.ERATELIMIT {
					t.Errorf("the busy network's comment: %v, want ERATELIMIT", sub.err)
				}
			case "reply elsewhere":
				if masthead.ErrorCode(sub.err) != masthead.ECONFLICT {
					t.Errorf("the reply to another article's comment: %v, want ECONFLICT", sub.err)
				}
			case "gave up":
				if !errors.Is(sub.err, context.Canceled) {
					t.Errorf("the comment whose caller gave up: %v, want context.Canceled", sub.err)
				}
			default:
				t.Errorf("comment %q refused: %v", sub.c.Body, sub.err)
			}
		}
	}
	if want := map[string]int{"busy network": 1, "reply elsewhere": 1, "gave up": 1}; fmt.Sprint(refused) != fmt.Sprint(want) {
		t.Errorf("refused %v, want %v", refused, want)
	}
	_, total, err := s.FindComments(ctx, masthead.CommentFilter{Limit: 1})
	if err != nil || total != 1+8+5 {
		t.Errorf("%d comments stored (%v), want the one before and 13", total, err)
	}
	savepoints := 0
	for _, q := range statements {
		if strings.HasPrefix(q, "SAVEPOINT") {
			savepoints++
		}
	}
	if savepoints < 2 {
		t.Errorf("%d savepoints for %d queued comments: they were not stored together", savepoints, len(subs))
	}
}
