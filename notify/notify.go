// Package notify is the home of the mail that readers and editors get
// about comments: "Notify me of follow-up comments by email" (subscribe,
// confirm by a mailed link, one mail per new approved comment, one-click
// unsubscribe) and the digest of held comments to editors and admins. The
// comment form, the confirmation and unsubscribe pages and the serve
// command's job all go through it; the store keeps what was sent
// (masthead.FollowUpStore), so that nothing is sent twice.
package notify

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"masthead"
	"masthead/mail"
)

// The site's addresses of this package's links, each followed by a
// token or an id.
const (
	// FollowPath + token is the page a confirmation mail links to.
	FollowPath = "/comments/follow/"
	// UnsubscribePath + token is a follow-up mail's unsubscribe address:
	// a GET shows a button, a POST (the mail program's one-click, RFC
	// 8058) unsubscribes.
	UnsubscribePath = "/comments/unsubscribe/"
	// CommentPath + id leads to an approved comment on its comment page.
	CommentPath = "/comments/link/"
	// QueuePath is the moderation queue of held comments.
	QueuePath = "/admin/comments?status=pending"
)

// Round bounds: how many follow-ups and held comments one job round takes.
const (
	followUpBatch = 100
	digestBatch   = 200
)

// excerptRunes is how much of a comment a mail quotes.
const excerptRunes = 280

// errLink refuses a token that cannot be one.
var errLink = masthead.Errorf(masthead.ENOTFOUND, "This link does not work: it may have been used already or be more than a day old.")

// Subscribe asks for follow-up mail on article a for email: it stores the
// subscription, waiting for its link, and queues the confirmation mail
// from o, in one transaction. It returns false when nothing was sent,
// because the address follows the article already or was sent a link
// within masthead.FollowUpConfirmLifetime; the answer to the reader is the
// same either way. Returns EINVALID for an address mail cannot go to.
func Subscribe(ctx context.Context, store masthead.FollowUpStore, o mail.Origin, a *masthead.Article, email string, now time.Time) (bool, error) {
	email, err := masthead.CommenterEmail(email)
	if err != nil {
		return false, err
	}
	token, hash, err := masthead.NewLinkToken()
	if err != nil {
		return false, err
	}
	draft, err := mail.FollowUpConfirm(o, email, a.Headline, o.Link(FollowPath+token))
	if err != nil {
		return false, err
	}
	msg, err := mail.Compose(o, draft, now)
	if err != nil {
		return false, err
	}
	return store.SubscribeToComments(ctx, &masthead.CommentSubscription{ArticleID: a.ID, Email: email}, hash, msg)
}

// tokenHash returns the stored form of a link's token, refusing one that
// cannot be a token before anything is looked up.
func tokenHash(token string) (string, error) {
	if token == "" || len(token) > 100 {
		return "", errLink
	}
	return masthead.HashToken(token), nil
}

// FindPending returns the subscription a confirmation link's token names,
// while the link works. Returns ENOTFOUND.
func FindPending(ctx context.Context, store masthead.FollowUpStore, token string) (*masthead.CommentSubscription, error) {
	hash, err := tokenHash(token)
	if err != nil {
		return nil, err
	}
	return store.FindCommentSubscription(ctx, hash)
}

// Confirm confirms the subscription a confirmation link's token names:
// from now on the address gets follow-up mail. The link works once.
// Returns ENOTFOUND.
func Confirm(ctx context.Context, store masthead.FollowUpStore, token string) (*masthead.CommentSubscription, error) {
	hash, err := tokenHash(token)
	if err != nil {
		return nil, err
	}
	return store.ConfirmCommentSubscription(ctx, hash)
}

// FindUnsubscribe returns the subscription an unsubscribe token belongs
// to. Returns ENOTFOUND, also once it was ended.
func FindUnsubscribe(ctx context.Context, store masthead.FollowUpStore, token string) (*masthead.CommentSubscription, error) {
	hash, err := tokenHash(token)
	if err != nil {
		return nil, err
	}
	return store.FindUnsubscribe(ctx, hash)
}

// Unsubscribe ends the subscription an unsubscribe token belongs to.
// Returns ENOTFOUND once it was ended.
func Unsubscribe(ctx context.Context, store masthead.FollowUpStore, token string) (*masthead.CommentSubscription, error) {
	hash, err := tokenHash(token)
	if err != nil {
		return nil, err
	}
	return store.Unsubscribe(ctx, hash)
}

// Excerpt returns the opening of a comment's text for a mail: its words
// on one line, cut at a word within excerptRunes.
func Excerpt(body string) string {
	text := strings.Join(strings.Fields(body), " ")
	runes := []rune(text)
	if len(runes) <= excerptRunes {
		return text
	}
	cut := excerptRunes
	for i := excerptRunes; i > excerptRunes/2; i-- {
		if unicode.IsSpace(runes[i]) {
			cut = i
			break
		}
	}
	return strings.TrimSpace(string(runes[:cut])) + " …"
}

// Jobs queues the mail of follow-ups and held-comment digests: Run is a
// job of the node that runs the jobs, before the outbox sends.
type Jobs struct {
	Store masthead.Store
	// Origin returns where the site's messages come from, read each
	// round so that a changed title or address serves at once.
	Origin func(ctx context.Context, site *masthead.Site) mail.Origin
	// CanSend reports whether mail can be sent: digests wait while it
	// cannot, rather than filling the outbox with lists that will be
	// stale when mail is set up. Nil means it can.
	CanSend func(ctx context.Context, site *masthead.Site) bool
	// Now is the clock; nil means time.Now. It must be the store's.
	Now func() time.Time
}

func (j *Jobs) now() time.Time {
	if j.Now != nil {
		return j.Now()
	}
	return time.Now()
}

// Run queues every due follow-up and, when the held_digest setting says
// one is due, the digest; it returns how many messages it queued.
func (j *Jobs) Run(ctx context.Context) (int, error) {
	site, err := j.Store.FindSite(ctx)
	if err != nil {
		return 0, err
	}
	o := j.Origin(ctx, site)
	n, err := j.queueFollowUps(ctx, site, o)
	if err != nil {
		return n, err
	}
	if j.CanSend != nil && !j.CanSend(ctx, site) {
		return n, nil
	}
	d, err := j.queueDigest(ctx, site, o)
	return n + d, err
}

// queueFollowUps queues the follow-ups that are due, a batch at a time.
func (j *Jobs) queueFollowUps(ctx context.Context, site *masthead.Site, o mail.Origin) (int, error) {
	articles := map[int64]*masthead.Article{}
	total := 0
	for {
		n, err := j.Store.QueueFollowUps(ctx, followUpBatch, func(f *masthead.FollowUp, unsubscribe string) (*masthead.OutboxMessage, error) {
			a, err := j.article(ctx, articles, f.Comment.ArticleID)
			if err != nil {
				return nil, err
			}
			draft, err := mail.FollowUp(o, f.Subscription.Email, f.Comment.AuthorName, a.Headline, Excerpt(f.Comment.Body),
				o.Link(CommentPath+strconv.FormatInt(f.Comment.ID, 10)), o.Link(UnsubscribePath+unsubscribe))
			if err != nil {
				return nil, err
			}
			return mail.Compose(o, draft, j.now())
		})
		total += n
		if err != nil || n < followUpBatch {
			return total, err
		}
	}
}

// article returns an article by id, without its body, once per round.
func (j *Jobs) article(ctx context.Context, seen map[int64]*masthead.Article, id int64) (*masthead.Article, error) {
	if a, ok := seen[id]; ok {
		return a, nil
	}
	found, _, err := j.Store.FindArticles(ctx, masthead.ArticleFilter{Kind: masthead.AnyKind, IDs: []int64{id}, WithoutBody: true, SkipTotal: true, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("follow-up mail: article %d not found", id)
	}
	seen[id] = found[0]
	return found[0], nil
}

// queueDigest queues one digest to every moderator when one is due and
// comments were held since the last.
func (j *Jobs) queueDigest(ctx context.Context, site *masthead.Site, o mail.Origin) (int, error) {
	if site.HeldDigest == "" || site.HeldDigest == masthead.HeldDigestNever {
		return 0, nil
	}
	last, err := j.Store.LastHeldDigest(ctx)
	if err != nil {
		return 0, err
	}
	if !masthead.HeldDigestDue(site.HeldDigest, last, j.now()) {
		return 0, nil
	}
	moderators, err := Moderators(ctx, j.Store)
	if err != nil || len(moderators) == 0 {
		return 0, err
	}
	articles := map[int64]*masthead.Article{}
	queued := 0
	_, err = j.Store.QueueHeldDigest(ctx, digestBatch, func(held []*masthead.Comment) ([]*masthead.OutboxMessage, error) {
		items := make([]mail.HeldItem, 0, len(held))
		for _, c := range held {
			a, err := j.article(ctx, articles, c.ArticleID)
			if err != nil {
				return nil, err
			}
			items = append(items, mail.HeldItem{Name: c.AuthorName, Article: a.Headline, Excerpt: Excerpt(c.Body), Reason: c.Reason})
		}
		msgs := make([]*masthead.OutboxMessage, 0, len(moderators))
		for _, m := range moderators {
			draft, err := mail.HeldDigest(o, m, items, o.Link(QueuePath))
			if err != nil {
				return nil, err
			}
			msg, err := mail.Compose(o, draft, j.now())
			if err != nil {
				return nil, err
			}
			msgs = append(msgs, msg)
		}
		queued = len(msgs)
		return msgs, nil
	})
	return queued, err
}

// Moderators returns the staff who get the held-comment digest: the
// active staff whose role may moderate comments (the queue's own check),
// with an email address.
func Moderators(ctx context.Context, store masthead.AuthorStore) ([]*masthead.Author, error) {
	var out []*masthead.Author
	const page = 200
	for offset := 0; ; offset += page {
		found, _, err := store.FindAuthors(ctx, masthead.AuthorFilter{Limit: page, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, a := range found {
			if masthead.Can(a.Role, masthead.ActModerateComments) && !a.Disabled() && a.Email != "" {
				out = append(out, a)
			}
		}
		if len(found) < page {
			return out, nil
		}
	}
}
