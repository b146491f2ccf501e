package web

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead"
	"masthead/sqlite"
)

// TestCommentPostStatements counts the statements an accepted comment post
// runs once the server keeps the settings, sections and menus (a watcher
// runs, as in serve): the article's head (one statement, where the whole
// article with its byline, tags and corrections took four), the writer's
// history, and the writer's transaction; the redirect to a new thread
// reads nothing more (its place took two). A held post ran 10 statements
// before, an approved one 11.
func TestCommentPostStatements(t *testing.T) {
	// The rate limit on, as serve runs it.
	rig := newCommentRig(t, func(o *Options) { o.CommentEvery = 0 })
	watch(t, rig.server, sqlite.Watcher{Store: rig.store})
	var mu sync.Mutex
	var statements []string
	rig.store.OnQuery = func(q string) {
		mu.Lock()
		statements = append(statements, strings.Join(strings.Fields(q), " "))
		mu.Unlock()
	}
	post := func(text string) []string {
		t.Helper()
		v := validComment(text)
		v.Set("token", rig.token(t, rig.path))
		rig.clock.Add(5 * time.Second)
		mu.Lock()
		statements = nil
		mu.Unlock()
		if res := send(t, rig.server, "POST", rig.path, v); res.StatusCode != 303 {
			t.Fatalf("the post: status %d", res.StatusCode)
		}
		mu.Lock()
		defer mu.Unlock()
		return statements
	}
	post("The first comment, which meets every statement.")
	held := post("A second comment, held as the writer's first.")
	site, err := rig.store.FindSite(context.Background())
	must(t, err)
	site.CommentModeration = masthead.ModerateApproveAll
	must(t, rig.store.UpdateSite(context.Background(), site))
	approved := post("A third comment, approved.")
	for _, tc := range []struct {
		name       string
		statements []string
		want       int
	}{
		// The head, the history (the last comment, the regular's check),
		// the rate limit, the insert.
		{"a held comment", held, 5},
		// The history has no regular's check, but the writer also counts
		// the comment, records the follow-ups it causes for the article's
		// confirmed subscribers (one insert whatever their number, read
		// through comment_subscriptions_article_email and keyed by the
		// comment's id: it must be in the approving transaction, so that a
		// follow-up is due if and only if the approval commits), finds
		// whether it starts the last thread and records the change.
		{"an approved comment", approved, 8},
	} {
		if len(tc.statements) > tc.want {
			t.Errorf("%s: the post ran %d statements, want at most %d:\n%s", tc.name, len(tc.statements), tc.want, strings.Join(tc.statements, "\n"))
		}
	}
}
