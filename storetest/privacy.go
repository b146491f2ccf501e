package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"masthead"
)

// privacySite is an article with a thread in which Ann wrote under two
// spellings of her address, and a reply from Bob hangs below one of hers.
type privacySite struct {
	s              masthead.Store
	clock          *clock
	admin          *masthead.Author
	article, other *masthead.Article
	ann, reply     *masthead.Comment // Ann's first comment, and Bob's reply to it
	annHeld        *masthead.Comment // Ann's held comment on the other article
	annLater       *masthead.Comment // Ann's second approved comment, typed in capitals
	bob            *masthead.Comment
}

func newPrivacySite(t *testing.T, open Opener) *privacySite {
	t.Helper()
	s, c := newStore(t, open)
	ctx := context.Background()
	p := &privacySite{s: s, clock: c}
	p.admin = mustAuthor(t, s, "Ada Admin")
	p.article = mustArticle(t, s, newArticle("Harbour thread", Epoch.Add(-2*time.Hour), p.admin))
	p.other = mustArticle(t, s, newArticle("Ferry thread", Epoch.Add(-time.Hour), p.admin))
	add := func(c *masthead.Comment, key string) *masthead.Comment {
		t.Helper()
		if err := s.SubmitComments(ctx, []masthead.BatchComment{{Comment: c, CommenterKey: key}}, masthead.SubmitOptions{}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	p.ann = add(&masthead.Comment{ArticleID: p.article.ID, AuthorName: "Ann Reader", AuthorEmail: "ann@example.org",
		AuthorURL: "https://ann.example.org/", Body: "I saw the ferry leave.", Status: masthead.CommentApproved,
		IP: "198.51.100.0", CreatedAt: Epoch.Add(-90 * time.Minute)}, "ann-browser")
	p.reply = add(&masthead.Comment{ArticleID: p.article.ID, ParentID: p.ann.ID, AuthorName: "Bob Neighbour", AuthorEmail: "bob@example.net",
		Body: "So did I.", Status: masthead.CommentApproved, IP: "203.0.113.0", CreatedAt: Epoch.Add(-80 * time.Minute)}, "bob-browser")
	p.annLater = add(&masthead.Comment{ArticleID: p.article.ID, ParentID: p.reply.ID, AuthorName: "Ann R.", AuthorEmail: "Ann@Example.ORG",
		Body: "It was late.", Status: masthead.CommentApproved, IP: "198.51.100.0", CreatedAt: Epoch.Add(-70 * time.Minute)}, "")
	p.annHeld = add(&masthead.Comment{ArticleID: p.other.ID, AuthorName: "Ann Reader", AuthorEmail: "ann@example.org",
		Body: "Held for now.", Status: masthead.CommentPending, IP: "198.51.100.0", CreatedAt: Epoch.Add(-60 * time.Minute)}, "")
	p.bob = add(&masthead.Comment{ArticleID: p.other.ID, AuthorName: "Bob Neighbour", AuthorEmail: "bob@example.net",
		Body: "Bob on the ferry.", Status: masthead.CommentApproved, IP: "203.0.113.0", CreatedAt: Epoch.Add(-50 * time.Minute)}, "")
	return p
}

func testCommenterExport(t *testing.T, open Opener) {
	p := newPrivacySite(t, open)
	ctx := context.Background()
	if n, err := p.s.CountCommenterComments(ctx, "ann@example.org"); err != nil || n != 3 {
		t.Fatalf("CountCommenterComments = %d, %v; want Ann's 3 under both spellings", n, err)
	}
	p.subscribe(t, p.article, "ann@example.org", "hash-ann-harbour", true)
	p.subscribe(t, p.article, "bob@example.net", "hash-bob-harbour", true)
	p.clock.now = p.clock.now.Add(time.Minute)
	p.subscribe(t, p.other, "Ann@Example.org", "hash-ann-ferry", false)
	data, err := masthead.ExportCommenterData(ctx, p.s, "  ANN@example.org ", "https://observer.example/", Epoch)
	if err != nil {
		t.Fatal(err)
	}
	var subs []string
	for _, s := range data.Subscriptions {
		subs = append(subs, fmt.Sprintf("%d %s %s created %s confirmed %v %s", s.ArticleID, s.ArticleHeadline, s.ArticleURL,
			s.CreatedAt.Format(time.RFC3339), s.Confirmed(), s.ConfirmedAt.Format(time.RFC3339)))
	}
	wantSubs := []string{
		fmt.Sprintf("%d Harbour thread https://observer.example%s created %s confirmed true %[3]s", p.article.ID, p.article.Path(time.UTC), Epoch.Format(time.RFC3339)),
		fmt.Sprintf("%d Ferry thread https://observer.example%s created %s confirmed false %s", p.other.ID, p.other.Path(time.UTC),
			Epoch.Add(time.Minute).Format(time.RFC3339), time.Time{}.Format(time.RFC3339)),
	}
	if strings.Join(subs, "\n") != strings.Join(wantSubs, "\n") {
		t.Errorf("exported subscriptions:\n%s\nwant:\n%s", strings.Join(subs, "\n"), strings.Join(wantSubs, "\n"))
	}
	if data.Email != "ann@example.org" || data.SiteURL != "https://observer.example/" || !data.ExportedAt.Equal(Epoch) {
		t.Errorf("export is for %q of %q at %v", data.Email, data.SiteURL, data.ExportedAt)
	}
	var got []string
	for _, c := range data.Comments {
		got = append(got, fmt.Sprintf("%d %s %s %s %q %s %s", c.ID, c.ArticleHeadline, c.ArticleURL, c.Name, c.Text, c.Status, c.Network))
	}
	want := []string{
		fmt.Sprintf("%d Harbour thread https://observer.example%s Ann Reader %q approved 198.51.100.0", p.ann.ID, p.article.Path(time.UTC), p.ann.Body),
		fmt.Sprintf("%d Harbour thread https://observer.example%s Ann R. %q approved 198.51.100.0", p.annLater.ID, p.article.Path(time.UTC), p.annLater.Body),
		fmt.Sprintf("%d Ferry thread https://observer.example%s Ann Reader %q pending 198.51.100.0", p.annHeld.ID, p.other.Path(time.UTC), p.annHeld.Body),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("exported comments:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c := data.Comments[0]; c.Website != "https://ann.example.org/" || !c.CreatedAt.Equal(p.ann.CreatedAt) || c.ParentID != 0 {
		t.Errorf("first comment exported as %+v", c)
	}
	if data.Comments[1].ParentID != p.reply.ID {
		t.Errorf("the reply's parent is %d, want %d", data.Comments[1].ParentID, p.reply.ID)
	}
	empty, err := masthead.ExportCommenterData(ctx, p.s, "nobody@example.org", "https://observer.example", Epoch)
	if err != nil || empty.Comments == nil || len(empty.Comments) != 0 || empty.Subscriptions == nil || len(empty.Subscriptions) != 0 {
		t.Errorf("an address without comments exports %v, %v; want empty lists", empty, err)
	}
	for _, bad := range []string{"", "not an address", strings.Repeat("a", 250) + "@example.org"} {
		if _, err := masthead.ExportCommenterData(ctx, p.s, bad, "https://observer.example", Epoch); masthead.ErrorCode(err) != masthead.EINVALID {
			t.Errorf("export of %.20q: %v, want EINVALID", bad, err)
		}
	}
}

// subscribe records a follow-up subscription of email to article at the
// store's clock, confirming it when confirm is set.
func (p *privacySite) subscribe(t *testing.T, article *masthead.Article, email, tokenHash string, confirm bool) *masthead.CommentSubscription {
	t.Helper()
	ctx := context.Background()
	sub := &masthead.CommentSubscription{ArticleID: article.ID, Email: email}
	if sent, err := p.s.SubscribeToComments(ctx, sub, tokenHash, nil); err != nil || !sent {
		t.Fatalf("SubscribeToComments(%s) = %v, %v", email, sent, err)
	}
	if confirm {
		confirmed, err := p.s.ConfirmCommentSubscription(ctx, tokenHash)
		if err != nil {
			t.Fatal(err)
		}
		sub = confirmed
	}
	return sub
}

// testCommenterSubscriptions checks that an address's follow-up
// subscriptions are found under any capitals, confirmed or not, oldest
// first, and that another address's are not among them.
func testCommenterSubscriptions(t *testing.T, open Opener) {
	p := newPrivacySite(t, open)
	ctx := context.Background()
	annHarbour := p.subscribe(t, p.article, "Ann@Example.ORG", "hash-ann-harbour", true)
	p.clock.now = p.clock.now.Add(time.Minute)
	p.subscribe(t, p.article, "bob@example.net", "hash-bob-harbour", true)
	p.subscribe(t, p.other, "annie@example.org", "hash-annie-ferry", true)
	p.clock.now = p.clock.now.Add(time.Minute)
	annFerry := p.subscribe(t, p.other, "ann@example.org", "hash-ann-ferry", false)

	for _, email := range []string{"ann@example.org", "ANN@example.org"} {
		subs, err := p.s.FindCommenterSubscriptions(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range subs {
			got = append(got, fmt.Sprintf("%d article %d %s created %s confirmed %s", s.ID, s.ArticleID, s.Email,
				s.CreatedAt.Format(time.RFC3339), s.ConfirmedAt.Format(time.RFC3339)))
		}
		want := []string{
			fmt.Sprintf("%d article %d ann@example.org created %s confirmed %s", annHarbour.ID, p.article.ID,
				Epoch.Format(time.RFC3339), Epoch.Format(time.RFC3339)),
			fmt.Sprintf("%d article %d ann@example.org created %s confirmed %s", annFerry.ID, p.other.ID,
				Epoch.Add(2*time.Minute).Format(time.RFC3339), time.Time{}.Format(time.RFC3339)),
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("FindCommenterSubscriptions(%q):\n%s\nwant:\n%s", email, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	if subs, err := p.s.FindCommenterSubscriptions(ctx, "bob@example.net"); err != nil || len(subs) != 1 || subs[0].ArticleID != p.article.ID {
		t.Errorf("Bob's subscriptions = %+v, %v; want his one", subs, err)
	}
	if subs, err := p.s.FindCommenterSubscriptions(ctx, "nobody@example.org"); err != nil || len(subs) != 0 {
		t.Errorf("an address without subscriptions has %+v, %v; want none and no error", subs, err)
	}
}

// commentState is what erasure may change of a comment, and what it must
// keep.
func commentState(t *testing.T, s masthead.Store, id int64) string {
	t.Helper()
	c, err := s.FindCommentByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s|%s|%s|%q|%s|%s|parent %d|%s", c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Body, c.IP, c.Status, c.ParentID, c.CreatedAt.Format(time.RFC3339))
}

func testEraseCommenter(t *testing.T, open Opener) {
	for _, mode := range []string{masthead.ErasureRemoveText, masthead.ErasureKeepText} {
		t.Run(mode, func(t *testing.T) {
			p := newPrivacySite(t, open)
			ctx := context.Background()
			changes := recordChanges(t, p.s)
			bobBefore, replyBefore := commentState(t, p.s, p.bob.ID), commentState(t, p.s, p.reply.ID)
			var e *masthead.Erasure
			changes.expect(t, "erase Ann", func() (err error) {
				e, err = masthead.EraseCommenter(ctx, p.s, "Ann@example.org", mode, p.admin.ID)
				return err
			}, masthead.ArticleKey(p.article.ID), masthead.KeyComments) // the held comment shows on no page
			if e.Comments != 3 || e.ID == 0 || !e.At.Equal(Epoch) || e.Mode != mode || e.ByCommenter || e.RequestedBy != p.admin.ID {
				t.Errorf("erasure = %+v", e)
			}
			for _, c := range []*masthead.Comment{p.ann, p.annLater, p.annHeld} {
				text := c.Body
				if mode == masthead.ErasureRemoveText {
					text = masthead.ErasedCommentText
				}
				want := fmt.Sprintf("Anonymous|||%q||%s|parent %d|%s", text, c.Status, c.ParentID, c.CreatedAt.Format(time.RFC3339))
				if got := commentState(t, p.s, c.ID); got != want {
					t.Errorf("erased comment %d is %s, want %s", c.ID, got, want)
				}
			}
			if commentState(t, p.s, p.bob.ID) != bobBefore || commentState(t, p.s, p.reply.ID) != replyBefore {
				t.Error("erasing Ann changed Bob's comments")
			}
			// The thread and the counts stay: three approved comments on
			// the first article, Bob's reply still under Ann's first.
			for _, want := range []struct {
				a *masthead.Article
				n int
			}{{p.article, 3}, {p.other, 1}} {
				got, err := p.s.FindArticleByID(ctx, want.a.ID)
				if err != nil || got.CommentCount != want.n {
					t.Errorf("%q counts %d comments (%v), want %d", want.a.Headline, got.CommentCount, err, want.n)
				}
			}
			threads, total, err := p.s.FindCommentThreads(ctx, masthead.ThreadPage{ArticleID: p.article.ID, PerPage: 10, Page: 1})
			if err != nil || total != 1 || len(threads) != 3 {
				t.Fatalf("the thread has %d comments under %d top-level ones (%v), want 3 under 1", len(threads), total, err)
			}
			if n, err := p.s.CountCommenterComments(ctx, "ann@example.org"); err != nil || n != 0 {
				t.Errorf("after erasure %d comments remain under Ann's address (%v)", n, err)
			}
			// The browser key is gone too: it no longer makes Ann a regular.
			if h, err := p.s.FindCommenterHistory(ctx, p.article.ID, "ann@example.org", "ann-browser"); err != nil || h.Known || h.Last != nil {
				t.Errorf("Ann's history after erasure: %+v, %v", h, err)
			}
			log, n, err := p.s.FindErasures(ctx, masthead.ErasureFilter{})
			if err != nil || n != 1 || len(log) != 1 {
				t.Fatalf("erasure log: %d records (%v)", n, err)
			}
			if got := log[0]; got.Comments != 3 || got.RequestedByName != "Ada Admin" || got.AddressKey != e.AddressKey || got.ByCommenter {
				t.Errorf("logged erasure = %+v", got)
			}
			if strings.Contains(strings.ToLower(log[0].AddressKey), "ann") || len(log[0].AddressKey) != 64 {
				t.Errorf("the log keeps %q for the address, not a keyed hash", log[0].AddressKey)
			}
			// A second request for the same address is recognised by its key.
			again, err := masthead.EraseCommenter(ctx, p.s, "ann@example.org", mode, p.admin.ID)
			if err != nil || again.Comments != 0 || again.AddressKey != e.AddressKey {
				t.Errorf("erasing again: %+v, %v", again, err)
			}
			if _, n, _ := p.s.FindErasures(ctx, masthead.ErasureFilter{AddressKey: e.AddressKey}); n != 2 {
				t.Errorf("the address has %d erasures logged, want 2", n)
			}
			if _, n, _ := p.s.FindErasures(ctx, masthead.ErasureFilter{AddressKey: "other"}); n != 0 {
				t.Errorf("another address has %d erasures logged", n)
			}
		})
	}
}

// testEraseAtomic makes an erasure fail at its last step, the record,
// and checks that nothing of it stayed.
func testEraseAtomic(t *testing.T, open Opener) {
	p := newPrivacySite(t, open)
	ctx := context.Background()
	before := map[int64]string{}
	for _, c := range []*masthead.Comment{p.ann, p.annLater, p.annHeld} {
		before[c.ID] = commentState(t, p.s, c.ID)
	}
	changes := recordChanges(t, p.s)
	changes.expectRefused(t, "erase for a staff member who does not exist", masthead.ECONFLICT, func() error {
		_, err := masthead.EraseCommenter(ctx, p.s, "ann@example.org", masthead.ErasureRemoveText, p.admin.ID+1000)
		return err
	})
	for id, want := range before {
		if got := commentState(t, p.s, id); got != want {
			t.Errorf("a failed erasure changed comment %d: %s, want %s", id, got, want)
		}
	}
	if _, n, _ := p.s.FindErasures(ctx, masthead.ErasureFilter{}); n != 0 {
		t.Errorf("a failed erasure was logged %d times", n)
	}
	_, err := masthead.EraseCommenter(ctx, p.s, "ann@example.org", "shred", p.admin.ID)
	wantCode(t, err, masthead.EINVALID)
	wantCode(t, p.s.EraseCommenter(ctx, "ann@example.org", "", &masthead.Erasure{Mode: masthead.ErasureKeepText}), masthead.EINVALID)
	wantCode(t, p.s.EraseCommenter(ctx, "ann@example.org", "", &masthead.Erasure{Mode: masthead.ErasureKeepText, ByCommenter: true, RequestedBy: p.admin.ID}), masthead.EINVALID)
}

// sentLink is what a recording LinkSender was handed.
type sentLink struct {
	to   string
	kind masthead.PrivacyRequestKind
	link string
}

// linkRecorder is a LinkSender that keeps the links it is handed, or
// refuses with fail.
type linkRecorder struct {
	sent []sentLink
	fail error
}

func (r *linkRecorder) SendPrivacyLink(_ context.Context, to string, kind masthead.PrivacyRequestKind, link string) error {
	if r.fail != nil {
		return r.fail
	}
	r.sent = append(r.sent, sentLink{to, kind, link})
	return nil
}

func testPrivacyRequests(t *testing.T, open Opener) {
	p := newPrivacySite(t, open)
	ctx := context.Background()
	links := &linkRecorder{}
	link := func(token string) string { return "https://observer.example/privacy/confirm/" + token }
	request := func(kind masthead.PrivacyRequestKind, email, network string) error {
		return masthead.RequestPrivacy(ctx, p.s, links, kind, email, network, link, p.clock.now)
	}
	token := func() string {
		t.Helper()
		if len(links.sent) == 0 {
			t.Fatal("no link was sent")
		}
		return strings.TrimPrefix(links.sent[len(links.sent)-1].link, "https://observer.example/privacy/confirm/")
	}
	wantCode(t, request("shred", "ann@example.org", "198.51.100.0"), masthead.EINVALID)
	wantCode(t, request(masthead.PrivacyExport, "ann at example", "198.51.100.0"), masthead.EINVALID)

	// An export: the link works once.
	if err := request(masthead.PrivacyExport, " Ann@Example.org", "198.51.100.0"); err != nil {
		t.Fatal(err)
	}
	if got := links.sent[0]; got.to != "ann@example.org" || got.kind != masthead.PrivacyExport {
		t.Errorf("sent %+v", got)
	}
	exportToken := token()
	r, err := masthead.FindPrivacyRequest(ctx, p.s, exportToken)
	if err != nil || r.Kind != masthead.PrivacyExport || r.Email != "ann@example.org" || !r.ExpiresAt.Equal(Epoch.Add(24*time.Hour)) {
		t.Fatalf("FindPrivacyRequest = %+v, %v", r, err)
	}
	if r.TokenHash == exportToken || r.TokenHash != masthead.HashToken(exportToken) {
		t.Error("the store keeps the token rather than its hash")
	}
	_, err = masthead.ConfirmPrivacyErasure(ctx, p.s, exportToken)
	wantCode(t, err, masthead.ENOTFOUND) // an export's link erases nothing
	data, err := masthead.ConfirmPrivacyExport(ctx, p.s, exportToken, "https://observer.example", Epoch)
	if err != nil || len(data.Comments) != 3 {
		t.Fatalf("confirmed export: %v, %v", data, err)
	}
	_, err = masthead.ConfirmPrivacyExport(ctx, p.s, exportToken, "https://observer.example", Epoch)
	wantCode(t, err, masthead.ENOTFOUND)
	_, err = masthead.FindPrivacyRequest(ctx, p.s, "made-up")
	wantCode(t, err, masthead.ENOTFOUND)

	// An erasure, confirmed a little later, uses its link up with it.
	if err := request(masthead.PrivacyErase, "ann@example.org", "198.51.100.0"); err != nil {
		t.Fatal(err)
	}
	eraseToken := token()
	_, err = masthead.ConfirmPrivacyExport(ctx, p.s, eraseToken, "https://observer.example", Epoch)
	wantCode(t, err, masthead.ENOTFOUND)
	p.clock.now = Epoch.Add(23 * time.Hour)
	e, err := masthead.ConfirmPrivacyErasure(ctx, p.s, eraseToken)
	if err != nil || e.Comments != 3 || !e.ByCommenter || e.RequestedBy != 0 || e.Mode != masthead.ErasureRemoveText {
		t.Fatalf("confirmed erasure: %+v, %v", e, err)
	}
	_, err = masthead.ConfirmPrivacyErasure(ctx, p.s, eraseToken)
	wantCode(t, err, masthead.ENOTFOUND)

	// The address's third request of the day is its last.
	if err := request(masthead.PrivacyErase, "ann@example.org", "192.0.2.0"); err != nil {
		t.Fatal(err)
	}
	err = request(masthead.PrivacyExport, "ANN@example.org", "192.0.2.0")
	wantCode(t, err, masthead.ERATELIMIT)
	var me *masthead.Error
	if e, ok := err.(*masthead.Error); ok {
		me = e
	}
	if me == nil || me.RetryAfter <= 0 || me.RetryAfter > 24*time.Hour {
		t.Errorf("throttled request: %v, want a wait within a day", err)
	}
	// And a network's eleventh, whatever the addresses.
	for i := range 10 {
		if err := request(masthead.PrivacyExport, fmt.Sprintf("reader%d@example.org", i), "203.0.113.0"); err != nil {
			t.Fatalf("request %d from one network: %v", i+1, err)
		}
	}
	wantCode(t, request(masthead.PrivacyExport, "reader10@example.org", "203.0.113.0"), masthead.ERATELIMIT)

	// An unsent link is cancelled: it cannot be used, and still counts.
	links.fail = masthead.Errorf(masthead.EUNAVAILABLE, "The site cannot send email.")
	sent := len(links.sent)
	wantCode(t, request(masthead.PrivacyExport, "carol@example.org", "192.0.2.0"), masthead.EUNAVAILABLE)
	links.fail = nil
	if len(links.sent) != sent {
		t.Fatal("a failed send was recorded")
	}

	// A link expires after a day; a day later still, the throttle lets
	// the address ask again.
	if err := request(masthead.PrivacyExport, "dan@example.org", "192.0.2.0"); err != nil {
		t.Fatal(err)
	}
	late := token()
	p.clock.now = Epoch.Add(23*time.Hour + 24*time.Hour + time.Second)
	_, err = masthead.FindPrivacyRequest(ctx, p.s, late)
	wantCode(t, err, masthead.ENOTFOUND)
	if err := request(masthead.PrivacyExport, "ann@example.org", "192.0.2.0"); err != nil {
		t.Errorf("a request two days later: %v", err)
	}
}

func testRetention(t *testing.T, open Opener) {
	p := newPrivacySite(t, open)
	ctx := context.Background()
	s := p.s
	// A spam comment with an approved reply under it (approved before it
	// was marked), trash, and a held comment, all from the start.
	spam := &masthead.Comment{ArticleID: p.other.ID, AuthorName: "Spammer", AuthorEmail: "spam@example.com", Body: "Cheap watches.",
		Status: masthead.CommentApproved, IP: "192.0.2.0", CreatedAt: Epoch.Add(-40 * time.Minute)}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.CreateComment(ctx, spam))
	under := &masthead.Comment{ArticleID: p.other.ID, ParentID: spam.ID, AuthorName: "Bob Neighbour", AuthorEmail: "bob@example.net",
		Body: "Report it.", Status: masthead.CommentApproved, IP: "203.0.113.0", CreatedAt: Epoch.Add(-30 * time.Minute)}
	must(s.CreateComment(ctx, under))
	must(s.UpdateCommentStatus(ctx, spam.ID, masthead.CommentSpam))
	trash := &masthead.Comment{ArticleID: p.other.ID, AuthorName: "Old", AuthorEmail: "old@example.com", Body: "Trashed.",
		Status: masthead.CommentTrash, IP: "192.0.2.0", CreatedAt: Epoch.Add(-20 * time.Minute)}
	must(s.CreateComment(ctx, trash))
	// A sign-in failure from one network, which a throttle of one failure
	// a year would still count.
	attempt := masthead.SignInAttempt{Account: "acct", Network: "192.0.2.0"}
	strict := masthead.SignInPolicy{FreeFailures: 100, PairWindow: time.Hour, NetworkMax: 1, Window: 365 * 24 * time.Hour}
	must(s.ReserveSignIn(ctx, attempt, strict))

	retention := masthead.DefaultSite().Retention()
	if retention != (masthead.Retention{NetworksDays: 90, SignInsDays: 30, SpamDays: 30, HeldDays: 0}) {
		t.Fatalf("default retention = %+v", retention)
	}
	changes := recordChanges(t, s)
	apply := func(when time.Duration, r masthead.Retention) int {
		t.Helper()
		p.clock.now = Epoch.Add(when)
		var n int
		changes.during(t, "retention", func() (err error) {
			n, err = s.ApplyRetention(ctx, r)
			return err
		})
		return n
	}
	// Within every period nothing goes.
	if n := apply(29*24*time.Hour, retention); n != 0 {
		t.Errorf("retention within every period changed %d rows", n)
	}
	wantCode(t, s.ReserveSignIn(ctx, attempt, strict), masthead.ERATELIMIT)

	// After 30 days: spam and trash go, the reply under the spam moves up
	// (its article's page and the comment feeds change), the sign-in
	// attempt goes; held comments and networks stay.
	p.clock.now = Epoch.Add(31 * 24 * time.Hour)
	var n int
	changes.expect(t, "retention after a month", func() (err error) {
		n, err = s.ApplyRetention(ctx, retention)
		return err
	}, masthead.ArticleKey(p.other.ID), masthead.KeyComments)
	if n != 3 {
		t.Errorf("a month's retention changed %d rows, want 3 (spam, trash, an attempt)", n)
	}
	for _, id := range []int64{spam.ID, trash.ID} {
		_, err := s.FindCommentByID(ctx, id)
		wantCode(t, err, masthead.ENOTFOUND)
	}
	if got, err := s.FindCommentByID(ctx, under.ID); err != nil || got.ParentID != 0 {
		t.Errorf("the reply under the deleted spam: %+v, %v; want it at the top level", got, err)
	}
	if got, _ := s.FindArticleByID(ctx, p.other.ID); got.CommentCount != 2 {
		t.Errorf("the article counts %d comments after retention, want 2", got.CommentCount)
	}
	if _, err := s.FindCommentByID(ctx, p.annHeld.ID); err != nil {
		t.Errorf("a held comment went with retain_held_days 0: %v", err)
	}
	must(s.ReserveSignIn(ctx, attempt, strict))

	// After 90 days the networks and browser keys go, and nothing a page
	// shows changes.
	changes.expect(t, "retention after 90 days", func() (err error) {
		p.clock.now = Epoch.Add(91 * 24 * time.Hour)
		n, err = s.ApplyRetention(ctx, masthead.Retention{NetworksDays: 90})
		return err
	})
	if n != 6 {
		t.Errorf("clearing networks changed %d rows, want the 6 comments", n)
	}
	if got := commentState(t, s, p.ann.ID); !strings.Contains(got, "|approved|") || strings.Contains(got, "198.51.100.0") {
		t.Errorf("Ann's comment after 90 days: %s", got)
	}
	if h, _ := s.FindCommenterHistory(ctx, p.article.ID, "ann@example.org", "ann-browser"); h.Known {
		t.Error("a browser key survived its retention")
	}
	if n := apply(92*24*time.Hour, masthead.Retention{NetworksDays: 90}); n != 0 {
		t.Errorf("clearing networks again changed %d rows", n)
	}

	// Held comments go when the site says so; 0 keeps everything.
	if n := apply(92*24*time.Hour, masthead.Retention{}); n != 0 {
		t.Errorf("retention of 0 days changed %d rows", n)
	}
	if n := apply(92*24*time.Hour, masthead.Retention{HeldDays: 60}); n != 1 {
		t.Errorf("retention of held comments changed %d rows, want 1", n)
	}
	_, err := s.FindCommentByID(ctx, p.annHeld.ID)
	wantCode(t, err, masthead.ENOTFOUND)
}

// testRetentionEndsTokens checks that retention forgets what has ended:
// preview links a month after they ended, and privacy requests.
func testRetentionEndsTokens(t *testing.T, open Opener) {
	p := newPrivacySite(t, open)
	ctx := context.Background()
	links := &linkRecorder{}
	if err := masthead.RequestPrivacy(ctx, p.s, links, masthead.PrivacyExport, "ann@example.org", "198.51.100.0",
		func(token string) string { return token }, Epoch); err != nil {
		t.Fatal(err)
	}
	draft := mustArticle(t, p.s, &masthead.Article{Headline: "Draft", Slug: "draft", BodySource: "x", BodyHTML: "<p>x</p>",
		Status: masthead.StatusDraft, Authors: []*masthead.Author{p.admin}})
	link := &masthead.PreviewLink{ArticleID: draft.ID, TokenHash: "preview", CreatedBy: p.admin.ID, ExpiresAt: Epoch.Add(time.Hour)}
	if err := p.s.CreatePreviewLink(ctx, link); err != nil {
		t.Fatal(err)
	}
	p.clock.now = Epoch.Add(2 * time.Hour)
	if _, err := p.s.ApplyRetention(ctx, masthead.Retention{}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.s.FindPreviewLink(ctx, "preview"); err != nil {
		t.Errorf("a preview link that ended an hour ago went (it says it ended for 30 days): %v", err)
	}
	p.clock.now = Epoch.Add(masthead.PreviewLinkRetention + 2*time.Hour)
	if _, err := p.s.ApplyRetention(ctx, masthead.Retention{}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.s.FindPreviewLink(ctx, "preview"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("a preview link that ended 30 days ago survived retention: %v", err)
	}
	_, err := masthead.FindPrivacyRequest(ctx, p.s, links.sent[0].link)
	wantCode(t, err, masthead.ENOTFOUND)
}
