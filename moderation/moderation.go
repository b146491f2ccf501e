// Package moderation is the one home of the rules a comment passes on its
// way in and of what moderators may do with it afterwards. The public
// comment form, staff replies, the command line and importers all call it,
// each with the Policy it needs, so that a rule changes in one place.
package moderation

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"masthead"
	"masthead/i18n"
)

// DefaultRateLimit is how many comments one network may post in a while:
// enough for a lively discussion, too few for a flood.
var DefaultRateLimit = masthead.RateLimit{Max: 5, Window: 5 * time.Minute}

// Policy says which rules a submission must pass. Readers get
// ReaderPolicy; trusted writers switch rules off: ImportPolicy for
// comments moved in from another system, StaffPolicy for the newsroom's
// replies.
type Policy struct {
	// Site holds the moderation settings: the policy for new comments,
	// the link limit and the word lists.
	Site *masthead.Site
	// RateLimit bounds comments per network; the zero value sets none.
	RateLimit masthead.RateLimit
	// ClosedArticles accepts comments on articles that are not visible or
	// whose comments are closed, as an import of old discussions must.
	ClosedArticles bool
	// AnyParent accepts replies to comments in any status, not only to
	// approved ones.
	AnyParent bool
	// Duplicates accepts a comment identical to the writer's last one on
	// the article.
	Duplicates bool
	// KeepStatus stores the comment with the status and reason it comes
	// with instead of deciding them.
	KeepStatus bool
	// ApproveParent approves a held parent with the reply, in the same
	// transaction.
	ApproveParent bool
}

// ReaderPolicy is the policy of the public comment form.
func ReaderPolicy(site *masthead.Site, limit masthead.RateLimit) Policy {
	return Policy{Site: site, RateLimit: limit}
}

// ImportPolicy is the policy for comments moved in from another system:
// they keep their status, belong to articles in any state and are not
// rate-limited.
func ImportPolicy(site *masthead.Site) Policy {
	return Policy{Site: site, ClosedArticles: true, AnyParent: true, Duplicates: true, KeepStatus: true}
}

// StaffPolicy is the policy for a staff member's reply from the
// moderation screen: published at once, under any comment (answering a
// held one approves it), on any article, never rate-limited.
func StaffPolicy(site *masthead.Site) Policy {
	return Policy{Site: site, ClosedArticles: true, AnyParent: true, Duplicates: true, KeepStatus: true, ApproveParent: true}
}

// CheckOpen returns EFORBIDDEN unless readers may comment on a at now: it
// is visible and its comments are open. Submit checks it first; the web
// checks it before anything else a post costs.
func CheckOpen(a *masthead.Article, now time.Time) error {
	if !a.VisibleAt(now) || !a.CommentsOpen {
		return masthead.Errorf(masthead.EFORBIDDEN, "Comments are closed.")
	}
	return nil
}

// Submission is a comment someone asks to post.
type Submission struct {
	// Article is the article the comment is for, as the caller loaded it.
	Article *masthead.Article
	// Comment is the comment; Submit sets its ID, IP, CreatedAt and, unless
	// the policy keeps them, its Status and Reason.
	Comment *masthead.Comment
	// Network is the writer's network, already reduced (a /24 or /48).
	Network string
	// Now is the time of the submission.
	Now time.Time
	// Bot is set when the form's hidden field, which people never see,
	// was filled in.
	Bot bool
	// Parent, for a reply to a comment submitted earlier in the same
	// SubmitAll, is that submission's Comment, which has no ID until the
	// batch is stored; Comment.ParentID stays zero then.
	Parent *masthead.Comment
	// FormNonce is the single-use nonce of the form the comment was posted
	// with, empty for comments from no form. Its hash is stored with the
	// comment, so that the store refuses the same form a second time.
	FormNonce string
	// CommenterKey is the random key of the writer's browser, empty when
	// there is none (imports, staff, the command line). Its hash is stored
	// with the comment; under hold_first it is what makes a writer known,
	// together with their email address, since anyone can type a name and
	// an email address but only the regular's browser holds its key.
	CommenterKey string
	// ConfirmedAddress is set when the writer's browser proves that it
	// followed a link mailed to the comment's email address (ProvesAddress
	// on the cookie the confirmation set): under hold_first a writer so
	// proven, whose address has an approved comment, is a regular even
	// from a browser without the key.
	ConfirmedAddress bool
	// LastPage, when not nil, is set once the comment is stored to
	// whether it starts a thread on the article's last comment page
	// (masthead.BatchComment.LastPage).
	LastPage *bool
}

// secretHash is how a nonce or a browser key is stored: hashed, so that
// the database never holds what a browser could present.
func secretHash(raw string) string {
	if raw == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// Submit runs every rule on a new comment, in this order, and stores it
// with its status and the reason for it:
//
//  1. the article takes comments: visible to readers, comments open
//     (EFORBIDDEN, see CheckOpen);
//  2. the fields: name, email, website and text are valid (EINVALID, a
//     masthead.Problems with one message per field);
//  3. the parent, for a reply: exists on the same article and is approved
//     (EINVALID on the field "parent");
//  4. no duplicate: not the same text as the writer's last comment on the
//     article (EINVALID on the field "comment");
//  5. the status: spam when a bot filled the hidden field or a spam word
//     appears; held for too many links, a held word, or the site's policy
//     (under hold_first, unless the writer is a regular: their
//     browser, by its CommenterKey, has an approved comment under the
//     same email address, or it proves by ConfirmedAddress that it
//     followed a link mailed to that address, which has an approved
//     comment; a typed name and email address alone prove nothing);
//     approved otherwise (see Decide);
//  6. the rate limit of the writer's network, counted in the transaction
//     that stores the comment (ERATELIMIT, with RetryAfter).
//
// The cheap checks come first so that a refused comment costs little; the
// rate limit comes last because only the store can count it atomically.
func Submit(ctx context.Context, store masthead.CommentStore, sub Submission, p Policy) error {
	err := SubmitAll(ctx, store, []Submission{sub}, p)
	var refused Refused
	if errors.As(err, &refused) {
		return refused[0]
	}
	return err
}

// Refused is SubmitAll's error when submissions fail Submit's rules 1 to
// 5: by its position in the batch, the error each would have got from
// Submit. Nothing of the batch is stored then, so that the caller can
// drop or mend those and submit the rest again.
type Refused map[int]error

// Error implements the error interface with the first refusal.
func (r Refused) Error() string {
	errs := r.Unwrap()
	if len(errs) == 1 {
		return errs[0].Error()
	}
	return fmt.Sprintf("%d comments were refused, the first one: %v", len(errs), errs[0])
}

// Unwrap returns the refusals in the order of the batch, so that
// masthead.ErrorCode and errors.As see the first one.
func (r Refused) Unwrap() []error {
	positions := slices.Sorted(maps.Keys(r))
	out := make([]error, len(positions))
	for i, pos := range positions {
		out[i] = r[pos]
	}
	return out
}

// SubmitAll runs Submit's rules on each of subs as if they were submitted
// one after the other, in their order: a reply may answer an earlier one
// of the batch (Submission.Parent), and the duplicate check counts the
// earlier ones. When every submission passes, it stores them with
// store.SubmitComments, in one transaction, all or none (the rate limit,
// rule 6, is counted there): an importer's thread thus costs one
// transaction instead of one per comment, and its stored parents are read
// in one query, those in the batch not at all. It returns Refused when any
// submission fails rules 1 to 5, or the store's error.
func SubmitAll(ctx context.Context, store masthead.CommentStore, subs []Submission, p Policy) error {
	stored, err := storedParents(ctx, store, subs)
	if err != nil {
		return err
	}
	refused := Refused{}
	accepted := &earlier{in: map[*masthead.Comment]bool{}}
	batch := make([]masthead.BatchComment, len(subs))
	for i, sub := range subs {
		if err := check(ctx, store, sub, p, stored, accepted); masthead.ErrorCode(err) == masthead.EINTERNAL {
			return err // the store failed; the rules did not refuse
		} else if err != nil {
			refused[i] = err
		} else {
			accepted.list = append(accepted.list, sub.Comment)
			accepted.in[sub.Comment] = true
		}
		batch[i] = masthead.BatchComment{Comment: sub.Comment, Parent: sub.Parent,
			FormNonce: secretHash(sub.FormNonce), CommenterKey: secretHash(sub.CommenterKey), LastPage: sub.LastPage}
	}
	if len(refused) > 0 {
		return refused
	}
	return store.SubmitComments(ctx, batch, masthead.SubmitOptions{Limit: p.RateLimit, ApproveParent: p.ApproveParent})
}

// storedParents reads the stored comments that subs answer, by id, a page
// of them per query.
func storedParents(ctx context.Context, store masthead.CommentStore, subs []Submission) (map[int64]*masthead.Comment, error) {
	var ids []int64
	for _, sub := range subs {
		if sub.Parent == nil && sub.Comment.ParentID != 0 {
			ids = append(ids, sub.Comment.ParentID)
		}
	}
	parents := make(map[int64]*masthead.Comment, len(ids))
	const page = 500 // the most one FindComments returns
	for batch := range slices.Chunk(ids, page) {
		found, _, err := store.FindComments(ctx, masthead.CommentFilter{IDs: batch, Limit: page})
		if err != nil {
			return nil, err
		}
		for _, c := range found {
			parents[c.ID] = c
		}
	}
	return parents, nil
}

// earlier holds the comments of a batch that passed their checks so far:
// those that are stored with it.
type earlier struct {
	list []*masthead.Comment
	in   map[*masthead.Comment]bool
}

// check runs rules 1 to 5 on sub, after the accepted comments of its
// batch, and sets the comment's article, network, time and, unless the
// policy keeps them, status and reason.
func check(ctx context.Context, store masthead.CommentStore, sub Submission, p Policy,
	stored map[int64]*masthead.Comment, accepted *earlier) error {
	c, a := sub.Comment, sub.Article
	c.ArticleID, c.IP, c.CreatedAt = a.ID, sub.Network, sub.Now
	// A name cannot turn the text around it backwards.
	c.AuthorName = masthead.StripDirectionControls(c.AuthorName)
	if !p.KeepStatus {
		c.Status, c.Reason = masthead.CommentPending, ""
	}
	if !p.ClosedArticles {
		if err := CheckOpen(a, sub.Now); err != nil {
			return err
		}
	}
	if problems := c.Problems(); len(problems) > 0 {
		return problems
	}
	if sub.Parent != nil || c.ParentID != 0 {
		parent := stored[c.ParentID]
		if sub.Parent != nil {
			parent = nil
			if accepted.in[sub.Parent] {
				parent = sub.Parent
			}
		}
		if parent == nil || parent.ArticleID != a.ID || !p.AnyParent && parent.Status != masthead.CommentApproved {
			return masthead.FieldErrorf("parent", "The comment you are replying to is not available. Your comment was not posted; you can post it as a new comment.")
		}
	}
	// The writer's history is read once for both checks that need it.
	holdFirst := !p.KeepStatus && p.Site.CommentModeration == masthead.ModerateHoldFirst && sub.CommenterKey != ""
	var history masthead.CommenterHistory
	if !p.Duplicates || holdFirst {
		key := ""
		if holdFirst {
			key = secretHash(sub.CommenterKey)
		}
		var err error
		if history, err = store.FindCommenterHistory(ctx, a.ID, c.AuthorEmail, key); err != nil {
			return err
		}
	}
	if !p.Duplicates {
		last := history.Last
		for _, e := range slices.Backward(accepted.list) {
			if e.ArticleID == a.ID && e.AuthorEmail == c.AuthorEmail {
				last = e
				break
			}
		}
		if last != nil && last.Body == c.Body && last.Status != masthead.CommentTrash {
			return masthead.FieldErrorf("comment", "You have already posted this comment here.")
		}
	}
	if !p.KeepStatus {
		// Known means an approved comment from this browser under this
		// email address: a name and an email address alone are no
		// proof, since nobody confirms them. An earlier comment of the
		// batch is approved only when its writer is known already, so
		// the stored ones tell.
		known := holdFirst && history.Known
		if holdFirst && !known && sub.ConfirmedAddress {
			// Asked only of a browser that proves the address, so that
			// an ordinary post costs no query more.
			approved, err := store.HasApprovedComment(ctx, c.AuthorEmail)
			if err != nil {
				return err
			}
			known = approved
		}
		c.Status, c.Reason = Decide(c, p.Site, sub.Bot, known)
	}
	return nil
}

// Decide returns the status of a new comment under the site's settings,
// and unless it is approved, why, as a sentence for moderators. bot tells
// whether the hidden form field was filled in; knownCommenter whether the
// writer's browser already has an approved comment under the same email
// address.
func Decide(c *masthead.Comment, site *masthead.Site, bot, knownCommenter bool) (masthead.CommentStatus, string) {
	if bot {
		return masthead.CommentSpam, reasonBot
	}
	text := strings.ToLower(c.AuthorName + "\n" + c.AuthorURL + "\n" + c.Body)
	if w := firstWord(text, site.CommentSpamWords); w != "" {
		return masthead.CommentSpam, fmt.Sprintf(reasonSpamWord, w)
	}
	if n := CountLinks(c.Body); n > site.CommentMaxLinks {
		return masthead.CommentPending, fmt.Sprintf(reasonLinks, n, site.CommentMaxLinks)
	}
	if w := firstWord(text, site.CommentHoldWords); w != "" {
		return masthead.CommentPending, fmt.Sprintf(reasonHoldWord, w)
	}
	switch site.CommentModeration {
	case masthead.ModerateApproveAll:
		return masthead.CommentApproved, ""
	case masthead.ModerateHoldFirst:
		if knownCommenter {
			return masthead.CommentApproved, ""
		}
		return masthead.CommentPending, reasonFirst
	}
	return masthead.CommentPending, reasonEveryComment
}

// The reasons Decide gives, as formats: moderators read them in their own
// language, translated from these where they are shown (ReasonFormats).
var (
	reasonBot          = i18n.Key("Marked as spam because it filled in the hidden field that only bots see.")
	reasonSpamWord     = i18n.Key("Marked as spam because it contains %q, which is on the spam word list.")
	reasonLinks        = i18n.Key("Held because it has %d links, and the limit is %d.")
	reasonHoldWord     = i18n.Key("Held because it contains %q, which is on the hold word list.")
	reasonFirst        = i18n.Key("Held because it is the first comment from this email address in this browser.")
	reasonEveryComment = i18n.Key("Held because every comment waits for a moderator on this site.")
)

// ReasonFormats lists the formats of the reasons Decide gives, so that
// a stored reason can be read back into its format and values.
var ReasonFormats = []string{reasonBot, reasonSpamWord, reasonLinks, reasonHoldWord, reasonFirst, reasonEveryComment}

// firstWord returns the first line of words (one word or phrase per line)
// that text contains, compared without case.
func firstWord(text, words string) string {
	for _, w := range strings.Split(words, "\n") {
		w = strings.ToLower(strings.TrimSpace(w))
		if w != "" && strings.Contains(text, w) {
			return w
		}
	}
	return ""
}

// CountLinks counts the web addresses in a comment's text.
func CountLinks(text string) int {
	lower := strings.ToLower(text)
	return strings.Count(lower, "http://") + strings.Count(lower, "https://") + strings.Count(lower, "www.") -
		strings.Count(lower, "://www.")
}

// AddressProof is what a browser keeps once it followed a link mailed to
// email (a confirmation of follow-up mail): the address signed with the
// site secret, in CommenterEmail's lower case, so that the cookie holding
// it proves the address without naming it.
func AddressProof(secret []byte, email string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("confirmed-address:" + strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(mac.Sum(nil))
}

// ProvesAddress reports whether proof is AddressProof's for email.
func ProvesAddress(secret []byte, email, proof string) bool {
	if email == "" || proof == "" {
		return false
	}
	return hmac.Equal([]byte(proof), []byte(AddressProof(secret, email)))
}

// Reason is a stored reason for holding a comment, in the locale's
// language: read back into the format Decide made it from and its values,
// then translated, for the moderation queue and the held-comment digest. A reason of another kind is shown
// as it is.
func Reason(loc *i18n.Locale, reason string) string {
	for _, format := range ReasonFormats {
		args, ok := scanReason(format, reason)
		if ok {
			return loc.T(format, args...)
		}
	}
	return reason
}

// scanReason reads the values of text, made by fmt.Sprintf from format
// with %q and %d verbs only, and reports whether format made it.
func scanReason(format, text string) ([]any, bool) {
	if !strings.Contains(format, "%") {
		return nil, format == text
	}
	var ptrs, args []any
	for i := 0; i+1 < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		switch format[i+1] {
		case 'q':
			ptrs = append(ptrs, new(string))
		case 'd':
			ptrs = append(ptrs, new(int))
		default:
			return nil, false
		}
	}
	if _, err := fmt.Sscanf(text, format, ptrs...); err != nil {
		return nil, false
	}
	for _, p := range ptrs {
		switch v := p.(type) {
		case *string:
			args = append(args, *v)
		case *int:
			args = append(args, *v)
		}
	}
	return args, fmt.Sprintf(format, args...) == text
}
