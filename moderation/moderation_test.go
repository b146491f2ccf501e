package moderation_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/moderation"
	"masthead/sqlite"
)

var now = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

// rig is a real SQLite site with one open article.
type rig struct {
	store   masthead.Store
	site    *masthead.Site
	article *masthead.Article
	staff   *masthead.Author
}

func newRig(t *testing.T) *rig {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return now }
	t.Cleanup(func() { s.Close() })
	staff := &masthead.Author{Name: "Ana Lima", Slug: "ana-lima", Email: "ana@observer.example", Role: masthead.RoleEditor}
	if err := s.CreateAuthor(ctx, staff); err != nil {
		t.Fatal(err)
	}
	a := &masthead.Article{Headline: "Bridge reopens", Slug: "bridge-reopens", BodySource: "Text.", BodyHTML: "<p>Text.</p>",
		Status: masthead.StatusPublished, PublishedAt: now.Add(-time.Hour), Authors: []*masthead.Author{staff}, CommentsOpen: true}
	if err := s.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	return &rig{store: s, site: masthead.DefaultSite(), article: a, staff: staff}
}

func reader(body string) *masthead.Comment {
	return &masthead.Comment{AuthorName: "Dara Whelan", AuthorEmail: "dara@example.org", Body: body}
}

// submit posts a reader's comment under the reader policy, from one network.
func (r *rig) submit(c *masthead.Comment, at time.Time, bot bool) error {
	return r.submitFrom(c, at, bot, "")
}

// submitFrom is submit from the browser whose key is browserKey.
func (r *rig) submitFrom(c *masthead.Comment, at time.Time, bot bool, browserKey string) error {
	return moderation.Submit(context.Background(), r.store, moderation.Submission{
		Article: r.article, Comment: c, Network: "192.0.2.0", Now: at, Bot: bot, CommenterKey: browserKey,
	}, moderation.ReaderPolicy(r.site, masthead.RateLimit{Max: 3, Window: 5 * time.Minute}))
}

func TestSubmitDecidesStatusAndReason(t *testing.T) {
	tests := []struct {
		name       string
		site       func(*masthead.Site)
		comment    *masthead.Comment
		bot        bool
		wantStatus masthead.CommentStatus
		wantReason string
	}{
		{"approve all", func(s *masthead.Site) { s.CommentModeration = masthead.ModerateApproveAll }, reader("Plain words."), false,
			masthead.CommentApproved, ""},
		{"hold all", func(s *masthead.Site) { s.CommentModeration = masthead.ModerateHoldAll }, reader("Plain words."), false,
			masthead.CommentPending, "Held because every comment waits for a moderator on this site."},
		{"hold first", nil, reader("Plain words."), false,
			masthead.CommentPending, "Held because it is the first comment from this email address in this browser."},
		{"links", func(s *masthead.Site) { s.CommentModeration = masthead.ModerateApproveAll },
			reader("See https://a.example, https://b.example and www.c.example"), false,
			masthead.CommentPending, "Held because it has 3 links, and the limit is 2."},
		{"held word", func(s *masthead.Site) {
			s.CommentModeration = masthead.ModerateApproveAll
			s.CommentHoldWords = "lottery"
		},
			reader("Is there a Lottery?"), false, masthead.CommentPending, `Held because it contains "lottery", which is on the hold word list.`},
		// Spam words are looked for before links and held words.
		{"spam word first", func(s *masthead.Site) { s.CommentSpamWords = "cheap watches"; s.CommentHoldWords = "watches" },
			reader("Cheap watches at https://a.example https://b.example https://c.example"), false,
			masthead.CommentSpam, `Marked as spam because it contains "cheap watches", which is on the spam word list.`},
		{"bot", func(s *masthead.Site) { s.CommentModeration = masthead.ModerateApproveAll }, reader("Plain words."), true,
			masthead.CommentSpam, "Marked as spam because it filled in the hidden field that only bots see."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			if tt.site != nil {
				tt.site(r.site)
			}
			if err := r.submit(tt.comment, now, tt.bot); err != nil {
				t.Fatal(err)
			}
			stored, err := r.store.FindCommentByID(context.Background(), tt.comment.ID)
			if err != nil {
				t.Fatal(err)
			}
			if stored.Status != tt.wantStatus || stored.Reason != tt.wantReason {
				t.Fatalf("stored %s %q, want %s %q", stored.Status, stored.Reason, tt.wantStatus, tt.wantReason)
			}
			if stored.IP != "192.0.2.0" || !stored.CreatedAt.Equal(now) {
				t.Fatalf("stored network %q at %v", stored.IP, stored.CreatedAt)
			}
		})
	}
}

func TestSubmitKnownCommenterIsApproved(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	first := reader("First words.")
	if err := r.submitFrom(first, now, false, "browser-of-dara"); err != nil {
		t.Fatal(err)
	}
	approve, _ := moderation.FindAction("approve")
	if err := approve.Apply(ctx, r.store, first.ID); err != nil {
		t.Fatal(err)
	}
	second := reader("Second words.")
	if err := r.submitFrom(second, now.Add(time.Minute), false, "browser-of-dara"); err != nil {
		t.Fatal(err)
	}
	if second.Status != masthead.CommentApproved {
		t.Fatalf("a known commenter's second comment is %s (%s)", second.Status, second.Reason)
	}
}

// TestSubmitImpersonationIsHeld: under hold_first a regular's name and
// email address typed in another browser, or in none, are not enough; the
// regular's browser under another email address is not either.
func TestSubmitImpersonationIsHeld(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	first := reader("First words.")
	if err := r.submitFrom(first, now, false, "browser-of-dara"); err != nil {
		t.Fatal(err)
	}
	approve, _ := moderation.FindAction("approve")
	if err := approve.Apply(ctx, r.store, first.ID); err != nil {
		t.Fatal(err)
	}
	for i, tt := range []struct {
		name, key, email string
	}{
		{"no browser key", "", "dara@example.org"},
		{"another browser", "browser-of-someone-else", "dara@example.org"},
		{"the browser under another email", "browser-of-dara", "not-dara@example.org"},
	} {
		c := reader(fmt.Sprintf("Words number %d.", i))
		c.AuthorEmail = tt.email
		if err := r.submitFrom(c, now.Add(time.Duration(i+1)*10*time.Minute), false, tt.key); err != nil {
			t.Fatal(err)
		}
		if c.Status != masthead.CommentPending || c.Reason != "Held because it is the first comment from this email address in this browser." {
			t.Errorf("%s: the comment is %s (%s), want held as a first comment", tt.name, c.Status, c.Reason)
		}
	}
}

func TestSubmitRefusals(t *testing.T) {
	ctx := context.Background()
	field := func(err error) string {
		var e *masthead.Error
		if errors.As(err, &e) {
			return e.Field
		}
		return ""
	}
	t.Run("every bad field at once", func(t *testing.T) {
		r := newRig(t)
		err := r.submit(&masthead.Comment{AuthorEmail: "not an email", AuthorURL: "javascript:alert(1)"}, now, false)
		var problems masthead.Problems
		if !errors.As(err, &problems) || masthead.ErrorCode(err) != masthead.EINVALID {
			t.Fatalf("error %v, want the problems", err)
		}
		var fields []string
		for _, p := range problems {
			fields = append(fields, p.Field)
		}
		if got := strings.Join(fields, " "); got != "comment author email url" {
			t.Fatalf("problems for %q, want comment author email url", got)
		}
	})
	t.Run("closed and invisible articles", func(t *testing.T) {
		r := newRig(t)
		r.article.CommentsOpen = false
		if err := r.submit(reader("Hello."), now, false); masthead.ErrorCode(err) != masthead.EFORBIDDEN {
			t.Fatalf("closed: %v", err)
		}
		r.article.CommentsOpen, r.article.Status = true, masthead.StatusDraft
		if err := r.submit(reader("Hello."), now, false); masthead.ErrorCode(err) != masthead.EFORBIDDEN {
			t.Fatalf("draft: %v", err)
		}
	})
	t.Run("parent must be approved and on the article", func(t *testing.T) {
		r := newRig(t)
		held := reader("Held one.")
		if err := r.submit(held, now, false); err != nil || held.Status != masthead.CommentPending {
			t.Fatalf("held comment: %v, %s", err, held.Status)
		}
		for _, parent := range []int64{held.ID, 99999} {
			c := reader("A reply.")
			c.ParentID = parent
			if err := r.submit(c, now.Add(time.Minute), false); field(err) != "parent" {
				t.Fatalf("reply to %d: %v, want a problem with the parent", parent, err)
			}
		}
		approve, _ := moderation.FindAction("approve")
		if err := approve.Apply(ctx, r.store, held.ID); err != nil {
			t.Fatal(err)
		}
		c := reader("A reply.")
		c.ParentID = held.ID
		if err := r.submit(c, now.Add(time.Minute), false); err != nil {
			t.Fatalf("reply to an approved comment: %v", err)
		}
	})
	t.Run("duplicate", func(t *testing.T) {
		r := newRig(t)
		if err := r.submit(reader("Same words."), now, false); err != nil {
			t.Fatal(err)
		}
		err := r.submit(reader("Same words."), now.Add(time.Minute), false)
		if field(err) != "comment" || !strings.Contains(masthead.ErrorMessage(err), "already posted") {
			t.Fatalf("duplicate: %v", err)
		}
	})
	t.Run("rate limit comes last and says when", func(t *testing.T) {
		r := newRig(t)
		for i := range 3 {
			if err := r.submit(reader(fmt.Sprint("Comment ", i)), now.Add(time.Duration(i)*time.Second), false); err != nil {
				t.Fatal(err)
			}
		}
		// An invalid comment is refused for what is wrong with it, and not
		// counted against the network.
		if err := r.submit(&masthead.Comment{}, now.Add(4*time.Second), false); masthead.ErrorCode(err) != masthead.EINVALID {
			t.Fatalf("invalid comment over the limit: %v", err)
		}
		err := r.submit(reader("One too many."), now.Add(4*time.Second), false)
		var e *masthead.Error
		if masthead.ErrorCode(err) != masthead.ERATELIMIT || !errors.As(err, &e) || e.RetryAfter != 5*time.Minute-4*time.Second {
			t.Fatalf("over the limit: %v", err)
		}
	})
}

func TestImportPolicyKeepsWhatItIsGiven(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.article.CommentsOpen = false
	p := moderation.ImportPolicy(r.site)
	submit := func(c *masthead.Comment, at time.Time) error {
		return moderation.Submit(ctx, r.store, moderation.Submission{Article: r.article, Comment: c, Network: "192.0.2.0", Now: at}, p)
	}
	held := reader("Imported, held.")
	held.Status, held.Reason = masthead.CommentPending, "Held in WordPress."
	if err := submit(held, now.Add(-48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Many comments from one network at one time, replies to held ones
	// and repeated texts all come in.
	for i := range 10 {
		c := reader("Imported, held.")
		c.ParentID, c.Status = held.ID, masthead.CommentApproved
		if err := submit(c, now.Add(-48*time.Hour)); err != nil {
			t.Fatalf("imported reply %d: %v", i, err)
		}
	}
	stored, err := r.store.FindCommentByID(ctx, held.ID)
	if err != nil || stored.Status != masthead.CommentPending || stored.Reason != "Held in WordPress." {
		t.Fatalf("imported comment stored as %+v, %v", stored, err)
	}
	// The fields are still checked.
	if err := submit(&masthead.Comment{Status: masthead.CommentApproved}, now); masthead.ErrorCode(err) != masthead.EINVALID {
		t.Fatalf("an invalid imported comment: %v", err)
	}
}

func TestActions(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if got := moderation.ActionNames(); got != "approve, unapprove, spam, trash, restore or delete" {
		t.Fatalf("ActionNames = %q", got)
	}
	c := reader("To be moderated.")
	if err := r.submit(c, now, false); err != nil {
		t.Fatal(err)
	}
	reply := reader("A reply that outlives its parent.")
	for _, step := range []struct {
		action string
		want   masthead.CommentStatus
	}{{"approve", masthead.CommentApproved}, {"unapprove", masthead.CommentPending}, {"spam", masthead.CommentSpam},
		{"restore", masthead.CommentPending}, {"trash", masthead.CommentTrash}, {"restore", masthead.CommentPending}, {"approve", masthead.CommentApproved}} {
		a, ok := moderation.FindAction(step.action)
		if !ok {
			t.Fatalf("no action %q", step.action)
		}
		if err := a.Apply(ctx, r.store, c.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := r.store.FindCommentByID(ctx, c.ID); got.Status != step.want {
			t.Fatalf("after %s: %s, want %s", step.action, got.Status, step.want)
		}
	}
	reply.ParentID = c.ID
	if err := r.submit(reply, now.Add(time.Minute), false); err != nil {
		t.Fatal(err)
	}
	// An action applies only from the statuses it names: nothing a reader
	// sees is deleted in one click.
	restore, _ := moderation.FindAction("restore")
	if err := restore.Apply(ctx, r.store, c.ID); masthead.ErrorCode(err) != masthead.ECONFLICT ||
		masthead.ErrorMessage(err) != fmt.Sprintf("Comment %d is approved; restore applies only to comments that are spam or trash.", c.ID) {
		t.Fatalf("restoring an approved comment: %v", err)
	}
	del, _ := moderation.FindAction("delete")
	if err := del.Apply(ctx, r.store, c.ID); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Fatalf("deleting an approved comment: %v", err)
	}
	trash, _ := moderation.FindAction("trash")
	if err := trash.Apply(ctx, r.store, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := del.Apply(ctx, r.store, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.store.FindCommentByID(ctx, c.ID); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("deleted comment: %v", err)
	}
	if got, err := r.store.FindCommentByID(ctx, reply.ID); err != nil || got.ParentID != 0 {
		t.Fatalf("the reply after its parent was deleted: %+v, %v", got, err)
	}
	if err := del.Apply(ctx, r.store, c.ID); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Fatalf("deleting twice: %v", err)
	}
	if _, ok := moderation.FindAction("pending"); ok {
		t.Fatal(`"pending" is a status, not an action`)
	}
}

func TestStaffReplyApprovesWhatItAnswers(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	held := reader("A question for the newsroom.")
	if err := r.submit(held, now, false); err != nil || held.Status != masthead.CommentPending {
		t.Fatalf("held: %v %s", err, held.Status)
	}
	// Staff answer on any article, even with comments closed.
	r.article.CommentsOpen = false
	reply, err := moderation.StaffReply(ctx, r.store, r.site, r.article, held, r.staff, "  The answer.  ", "https://observer.example/author/ana-lima/", now)
	if err != nil {
		t.Fatal(err)
	}
	if reply.Status != masthead.CommentApproved || reply.Body != "The answer." || reply.ParentID != held.ID || reply.AuthorName != "Ana Lima" {
		t.Fatalf("reply %+v", reply)
	}
	if got, _ := r.store.FindCommentByID(ctx, held.ID); got.Status != masthead.CommentApproved {
		t.Fatalf("the answered comment is %s", got.Status)
	}
	if _, err := moderation.StaffReply(ctx, r.store, r.site, r.article, held, r.staff, "   ", "", now); masthead.ErrorCode(err) != masthead.EINVALID {
		t.Fatalf("an empty reply: %v", err)
	}
}

// TestSubmitConfirmedAddressIsRegular: under hold_first a browser without
// the regular's key counts as the regular's when it proves that it
// followed a link mailed to the address (ConfirmedAddress) and the address
// has an approved comment; a proven address without one is still held.
func TestSubmitConfirmedAddressIsRegular(t *testing.T) {
	r := newRig(t)
	r.site.CommentModeration = masthead.ModerateHoldFirst
	ctx := context.Background()
	submit := func(c *masthead.Comment, at time.Time, key string, confirmed bool) {
		t.Helper()
		err := moderation.Submit(ctx, r.store, moderation.Submission{Article: r.article, Comment: c, Network: "192.0.2.0", Now: at,
			CommenterKey: key, ConfirmedAddress: confirmed}, moderation.ReaderPolicy(r.site, moderation.DefaultRateLimit))
		if err != nil {
			t.Fatal(err)
		}
	}
	newcomer := &masthead.Comment{AuthorName: "Eli New", AuthorEmail: "eli@example.org", Body: "Confirmed, but never approved."}
	submit(newcomer, now, "browser-of-eli", true)
	if newcomer.Status != masthead.CommentPending {
		t.Fatalf("a confirmed address without an approved comment: %s, want held", newcomer.Status)
	}
	first := reader("First words.")
	submit(first, now.Add(time.Minute), "browser-of-dara", false)
	approve, _ := moderation.FindAction("approve")
	if err := approve.Apply(ctx, r.store, first.ID); err != nil {
		t.Fatal(err)
	}
	typed := reader("Typed name and email in a new browser.")
	submit(typed, now.Add(10*time.Minute), "new-browser", false)
	if typed.Status != masthead.CommentPending {
		t.Fatalf("a regular's name and email typed in a new browser: %s, want held", typed.Status)
	}
	proven := reader("From a new browser that followed the mailed link.")
	submit(proven, now.Add(20*time.Minute), "new-browser-2", true)
	if proven.Status != masthead.CommentApproved {
		t.Fatalf("a regular proving the address in a new browser: %s (%s), want approved", proven.Status, proven.Reason)
	}
}

// TestAddressProof: a proof works for its own address in any case, and
// for no other address or secret.
func TestAddressProof(t *testing.T) {
	secret := []byte("site secret")
	proof := moderation.AddressProof(secret, "Dara@Example.org")
	for _, tt := range []struct {
		secret       []byte
		email, proof string
		want         bool
	}{
		{secret, "dara@example.org", proof, true},
		{secret, "DARA@example.org ", proof, true},
		{secret, "other@example.org", proof, false},
		{[]byte("another secret"), "dara@example.org", proof, false},
		{secret, "dara@example.org", proof[:len(proof)-1] + "0", proof[len(proof)-1] == '0'},
		{secret, "dara@example.org", "", false},
		{secret, "", moderation.AddressProof(secret, ""), false},
	} {
		if got := moderation.ProvesAddress(tt.secret, tt.email, tt.proof); got != tt.want {
			t.Errorf("ProvesAddress(%q, %q) = %v, want %v", tt.email, tt.proof, got, tt.want)
		}
	}
}
