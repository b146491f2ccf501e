package masthead

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/mail"
	"strings"
	"time"
)

// Readers' rights over their data: what a commenter may ask for by their
// email address (every comment they wrote, or its erasure), how long the
// site keeps what it stores about readers, and the confirmation links
// that let a reader ask without an account. The browser, the admin and
// the command line go through these functions; web only parses, signs
// and renders.

// Erasure modes: what erasing a commenter does to the text of their
// comments (the erasure_mode setting). Either way the name, email,
// website, network and browser key go, and every comment stays where it
// was in its thread, so that the replies to it keep their place.
const (
	// ErasureRemoveText replaces the text with ErasedCommentText: the
	// comment becomes a placeholder. It is the default, since what
	// someone wrote can name them as surely as their address.
	ErasureRemoveText = "remove_text"
	// ErasureKeepText keeps the text under ErasedCommentName.
	ErasureKeepText = "keep_text"
)

// What an erased comment shows in place of its writer and, under
// ErasureRemoveText, of its text.
const (
	ErasedCommentName = "Anonymous"
	ErasedCommentText = "[deleted]"
)

// Defaults of the retention settings, in days; 0 keeps for ever. Held
// comments are kept until a moderator decides, since deleting them by
// the clock would lose readers' comments nobody read: a site that wants
// them gone sets retain_held_days.
const (
	DefaultRetainNetworksDays = 90
	DefaultRetainSignInsDays  = 30
	DefaultRetainSpamDays     = 30
	DefaultRetainHeldDays     = 0
	// MaxRetentionDays bounds every retention setting: ten years.
	MaxRetentionDays = 3650
)

// Retention says how long the site keeps what it stores about readers and
// staff, each in days, 0 meaning for ever.
type Retention struct {
	// NetworksDays clears each comment's network (Comment.IP) and the
	// hash of its browser's key after this many days: the rate limit
	// needs minutes of them, and hold_first recognises a regular only by
	// their recent comments.
	NetworksDays int
	// SignInsDays deletes the records of sign-in attempts older than this
	// (the throttle forgets them after a day whenever someone signs in).
	SignInsDays int
	// SpamDays deletes comments marked as spam or put in the trash this
	// long ago, as WordPress empties its trash after 30 days.
	SpamDays int
	// HeldDays deletes comments held for moderation this long.
	HeldDays int
}

// Retention returns the retention settings.
func (s *Site) Retention() Retention {
	return Retention{NetworksDays: s.RetainNetworksDays, SignInsDays: s.RetainSignInsDays, SpamDays: s.RetainSpamDays, HeldDays: s.RetainHeldDays}
}

// Erasure returns the erasure mode the settings choose, ErasureRemoveText
// when none is set.
func (s *Site) Erasure() string {
	if s.ErasureMode == ErasureKeepText {
		return ErasureKeepText
	}
	return ErasureRemoveText
}

// validatePrivacy checks the erasure mode and the retention settings.
func (s *Site) validatePrivacy() error {
	if s.ErasureMode != "" && s.ErasureMode != ErasureRemoveText && s.ErasureMode != ErasureKeepText {
		return FieldErrorf("erasure_mode", "The erasure mode must be %q or %q, not %q.", ErasureRemoveText, ErasureKeepText, s.ErasureMode)
	}
	for _, d := range []struct {
		field string
		days  int
	}{{"retain_networks_days", s.RetainNetworksDays}, {"retain_sign_ins_days", s.RetainSignInsDays},
		{"retain_spam_days", s.RetainSpamDays}, {"retain_held_days", s.RetainHeldDays}} {
		if d.days < 0 || d.days > MaxRetentionDays {
			return FieldErrorf(d.field, "A number of days to keep data must be between 0 (for ever) and %d.", MaxRetentionDays)
		}
	}
	return nil
}

// CommenterEmail returns the form of an address comments are matched
// under: trimmed and in lower case, so that "Ann@X " finds "ann@x". It
// returns EINVALID for the "email" field when there is no address to look
// for, or one longer than any address can be, so that nothing unbounded
// is hashed or sent to the database.
func CommenterEmail(email string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	switch {
	case email == "":
		return "", FieldErrorf("email", "Please enter an email address.")
	case len(email) > MaxEmailBytes:
		return "", FieldErrorf("email", "An email address is at most %d characters long.", MaxEmailBytes)
	case textProblem("email address", email) != "":
		return "", FieldErrorf("email", "%s", textProblem("email address", email))
	}
	if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email {
		return "", FieldErrorf("email", "Please enter a valid email address.")
	}
	return email, nil
}

// CommenterAddressKey is the keyed hash under which the site recognises
// an address without keeping it: an erasure is logged under it, and
// requests are counted under it. It is keyed with the site secret, so
// that a copy of the database cannot be searched for a known address with
// a plain hash of it. email must be CommenterEmail's form.
func CommenterAddressKey(secret []byte, email string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("commenter-address:" + email))
	return hex.EncodeToString(mac.Sum(nil))
}

// CommenterComment is one comment of a commenter's data, as the export
// gives it: what they wrote and where, with what the site stored of them.
type CommenterComment struct {
	ID              int64
	ArticleID       int64
	ArticleHeadline string
	// ArticleURL is the article's public address; the article may not be
	// public (any more).
	ArticleURL string
	ParentID   int64
	Name       string
	Website    string
	Text       string
	Status     CommentStatus
	// Network is the reduced address the comment came from, empty once
	// retention cleared it.
	Network   string
	CreatedAt time.Time
}

// CommenterData is everything the site holds under one commenter's email
// address, for the reader who asked for it (their right of access).
type CommenterData struct {
	// Email is the address the data was asked for, as CommenterEmail
	// writes it: the reader's own, given to nobody else.
	Email      string
	Site       string
	SiteURL    string
	ExportedAt time.Time
	Comments   []CommenterComment
	// Subscriptions are the address's follow-up subscriptions, confirmed
	// or waiting for their link, oldest first.
	Subscriptions []CommenterSubscription
}

// CommenterSubscription is one follow-up subscription of a commenter's
// data: the article whose new comments the reader asked to be told of.
type CommenterSubscription struct {
	ArticleID       int64
	ArticleHeadline string
	// ArticleURL is the article's public address; the article may not be
	// public (any more).
	ArticleURL string
	CreatedAt  time.Time
	// ConfirmedAt is when the confirmation link was followed, zero while
	// the subscription waits for it.
	ConfirmedAt time.Time
}

// Confirmed reports whether the subscription's link was followed.
func (s CommenterSubscription) Confirmed() bool { return !s.ConfirmedAt.IsZero() }

// Erasure is the record that a commenter's data was erased: when, how
// many comments, how, and who asked. It never holds the address, only
// its keyed hash (CommenterAddressKey), so that a repeated request can be
// recognised without keeping what was erased.
type Erasure struct {
	ID       int64
	At       time.Time
	Comments int
	Mode     string
	// ByCommenter is set when the commenter asked, by a confirmed link;
	// otherwise RequestedBy is the admin who erased (0 once that admin's
	// account is gone), and RequestedByName their name as the log shows
	// it.
	ByCommenter     bool
	RequestedBy     int64
	RequestedByName string
	AddressKey      string
}

// ErasureFilter selects erasure records, newest first.
type ErasureFilter struct {
	// AddressKey keeps the erasures of one address.
	AddressKey    string
	Limit, Offset int
}

// PrivacyRequestKind is what a reader asked for by a confirmation link.
type PrivacyRequestKind string

// The requests a reader can make.
const (
	PrivacyExport PrivacyRequestKind = "export"
	PrivacyErase  PrivacyRequestKind = "erase"
)

// Valid reports whether k is a known kind of request.
func (k PrivacyRequestKind) Valid() bool { return k == PrivacyExport || k == PrivacyErase }

// PrivacyRequestLifetime is how long a confirmation link works.
const PrivacyRequestLifetime = 24 * time.Hour

// PrivacyRequest is a reader's request, waiting for its confirmation
// link to be followed. Only a hash of the link's token is stored; the
// address is kept until the link is used or cancelled, and the request
// itself until it can no longer count for the throttle.
type PrivacyRequest struct {
	TokenHash string
	Kind      PrivacyRequestKind
	// Email is the address, in CommenterEmail's form; empty once used.
	Email string
	// AddressKey (CommenterAddressKey) and Network count requests for the
	// throttle.
	AddressKey string
	Network    string
	CreatedAt  time.Time
	ExpiresAt  time.Time
}

// PrivacyRequestPolicy throttles requests: at most NetworkMax from one
// network and AddressMax for one address within Window. Each request
// sends a message to the address, so that the throttle also keeps the
// site from being used to flood someone's mailbox.
type PrivacyRequestPolicy struct {
	NetworkMax, AddressMax int
	Window                 time.Duration
}

// DefaultPrivacyRequestPolicy allows 10 requests a day from a network
// and 3 a day for an address: far more than a reader needs.
var DefaultPrivacyRequestPolicy = PrivacyRequestPolicy{NetworkMax: 10, AddressMax: 3, Window: 24 * time.Hour}

// PrivacyStore persists erasures, readers' requests and what retention
// removes.
type PrivacyStore interface {
	// FindCommenterComments returns every comment whose email address is
	// email (CommenterEmail's form; stored addresses are compared in lower
	// case), in any status, oldest first.
	FindCommenterComments(ctx context.Context, email string) ([]*Comment, error)
	// CountCommenterComments returns how many comments FindCommenterComments
	// would return.
	CountCommenterComments(ctx context.Context, email string) (int, error)
	// FindCommenterSubscriptions returns every follow-up subscription of
	// email (CommenterEmail's form; subscriptions are stored in lower
	// case), confirmed or not, oldest first. An address without any gets
	// an empty list, never ENOTFOUND; a failure of the database is
	// EINTERNAL.
	FindCommenterSubscriptions(ctx context.Context, email string) ([]*CommentSubscription, error)
	// EraseCommenter removes, in one transaction, the name, email address,
	// website, network and browser key of every comment of email, writing
	// ErasedCommentName as the name and, with ErasureRemoveText,
	// ErasedCommentText as the text; each comment keeps its place, status
	// and date, so threads and counts stay as they were. It records e
	// last in the same transaction, setting e.ID, e.At and e.Comments, and
	// announces every article whose public comments changed. With
	// tokenHash, it also uses up that erase request, and refuses with
	// ENOTFOUND when the request is not one that still works. Returns
	// EINVALID for an unknown mode or an erasure asked for by both or
	// neither of an admin and the commenter, ECONFLICT when e.RequestedBy
	// names no staff member; a failure changes nothing.
	EraseCommenter(ctx context.Context, email, tokenHash string, e *Erasure) error
	// FindErasures returns one page of erasure records, newest first, and
	// how many match.
	FindErasures(ctx context.Context, f ErasureFilter) ([]*Erasure, int, error)

	// CreatePrivacyRequest stores a request, sets its CreatedAt and
	// forgets requests too old to count. It refuses with ERATELIMIT, and
	// RetryAfter, a request whose network or address already made p's
	// maximum within p.Window; the count and the insert are one
	// transaction, so that requests at the same moment cannot all slip
	// under it. Returns EINVALID for a request without a token hash, a
	// known kind or an expiry after its creation.
	CreatePrivacyRequest(ctx context.Context, r *PrivacyRequest, p PrivacyRequestPolicy) error
	// FindPrivacyRequest returns the request with the token hash while its
	// link works: not used, not expired. Returns ENOTFOUND otherwise.
	FindPrivacyRequest(ctx context.Context, tokenHash string) (*PrivacyRequest, error)
	// UsePrivacyRequest uses up a request that still works and returns
	// it, with its address, which the store forgets. Returns ENOTFOUND.
	UsePrivacyRequest(ctx context.Context, tokenHash string) (*PrivacyRequest, error)

	// ApplyRetention clears and deletes what r no longer keeps, at the
	// store's clock: comments' networks and browser keys, sign-in
	// attempts, spam, trashed and held comments (their replies move up,
	// as DeleteComment moves them), and always what has ended: preview
	// links past PreviewLinkRetention, the addresses of privacy requests
	// past their lifetime, and the requests once the throttle's window
	// is past too (sessions and set-up tokens are forgotten as new ones
	// are made). It
	// announces the pages whose public comments moved and returns how many
	// rows it changed.
	ApplyRetention(ctx context.Context, r Retention) (int, error)
}

// ExportCommenterData returns everything the site holds under email:
// each comment and each follow-up subscription with its article's
// headline and address (from siteURL, the site's public address).
// Returns EINVALID for an address that cannot be one.
func ExportCommenterData(ctx context.Context, store Store, email, siteURL string, now time.Time) (*CommenterData, error) {
	email, err := CommenterEmail(email)
	if err != nil {
		return nil, err
	}
	site, err := store.FindSite(ctx)
	if err != nil {
		return nil, err
	}
	comments, err := store.FindCommenterComments(ctx, email)
	if err != nil {
		return nil, err
	}
	subs, err := store.FindCommenterSubscriptions(ctx, email)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(comments)+len(subs))
	for _, c := range comments {
		ids = append(ids, c.ArticleID)
	}
	for _, s := range subs {
		ids = append(ids, s.ArticleID)
	}
	articles, err := findArticlesByID(ctx, store, ids)
	if err != nil {
		return nil, err
	}
	siteURL = strings.TrimRight(siteURL, "/")
	data := &CommenterData{Email: email, Site: site.Title, SiteURL: siteURL + "/", ExportedAt: now.UTC(),
		Comments: []CommenterComment{}, Subscriptions: []CommenterSubscription{}}
	for _, c := range comments {
		out := CommenterComment{ID: c.ID, ArticleID: c.ArticleID, ParentID: c.ParentID, Name: c.AuthorName, Website: c.AuthorURL,
			Text: c.Body, Status: c.Status, Network: c.IP, CreatedAt: c.CreatedAt.UTC()}
		if a := articles[c.ArticleID]; a != nil {
			out.ArticleHeadline, out.ArticleURL = a.Headline, siteURL+a.Path(site.Location())
		}
		data.Comments = append(data.Comments, out)
	}
	for _, s := range subs {
		out := CommenterSubscription{ArticleID: s.ArticleID, CreatedAt: s.CreatedAt.UTC()}
		if s.Confirmed() {
			out.ConfirmedAt = s.ConfirmedAt.UTC()
		}
		if a := articles[s.ArticleID]; a != nil {
			out.ArticleHeadline, out.ArticleURL = a.Headline, siteURL+a.Path(site.Location())
		}
		data.Subscriptions = append(data.Subscriptions, out)
	}
	return data, nil
}

// findArticlesByID loads the articles of ids (repeats allowed), without
// their bodies, a page of ids at a time: what an export names its
// comments and subscriptions by.
func findArticlesByID(ctx context.Context, store Store, all []int64) (map[int64]*Article, error) {
	seen := map[int64]bool{}
	var ids []int64
	for _, id := range all {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	out := make(map[int64]*Article, len(ids))
	const page = 100
	for len(ids) > 0 {
		batch := ids[:min(page, len(ids))]
		ids = ids[len(batch):]
		found, _, err := store.FindArticles(ctx, ArticleFilter{Kind: AnyKind, IDs: batch, WithoutBody: true, SkipTotal: true, Limit: page})
		if err != nil {
			return nil, err
		}
		for _, a := range found {
			out[a.ID] = a
		}
	}
	return out, nil
}

// EraseCommenter erases every comment of email in mode (ErasureRemoveText
// or ErasureKeepText; empty: the site's erasure_mode) for the admin
// adminID, and returns the record of it. Returns EINVALID for an address
// that cannot be one or an unknown mode.
func EraseCommenter(ctx context.Context, store Store, email, mode string, adminID int64) (*Erasure, error) {
	return eraseCommenter(ctx, store, email, mode, &Erasure{RequestedBy: adminID}, "")
}

// eraseCommenter erases in mode (empty: the site's) and records e, with
// its address key, as the store does it.
func eraseCommenter(ctx context.Context, store Store, email, mode string, e *Erasure, tokenHash string) (*Erasure, error) {
	email, err := CommenterEmail(email)
	if err != nil {
		return nil, err
	}
	if mode == "" {
		site, err := store.FindSite(ctx)
		if err != nil {
			return nil, err
		}
		mode = site.Erasure()
	}
	secret, err := store.SiteSecret(ctx)
	if err != nil {
		return nil, err
	}
	e.Mode, e.AddressKey = mode, CommenterAddressKey(secret, email)
	if err := store.EraseCommenter(ctx, email, tokenHash, e); err != nil {
		return nil, err
	}
	return e, nil
}

// LinkSender delivers a confirmation link to the address a reader typed:
// by email once the site sends mail. Its error's message, when it is a
// *Error, is shown to the reader as it is.
type LinkSender interface {
	SendPrivacyLink(ctx context.Context, to string, kind PrivacyRequestKind, link string) error
}

// RequestPrivacy records a reader's request of kind for email, from
// network, and hands its confirmation link (link(token)) to sender. It
// answers the same, and sends a link, whether or not the address has any
// comment, so that nobody learns from it who commented; the throttle
// (DefaultPrivacyRequestPolicy) keeps it from flooding an address.
// Returns EINVALID for a kind or address that cannot be, ERATELIMIT, or
// the sender's error, after which the request is cancelled.
func RequestPrivacy(ctx context.Context, store Store, sender LinkSender, kind PrivacyRequestKind, email, network string,
	link func(token string) string, now time.Time) error {
	if !kind.Valid() {
		return FieldErrorf("kind", "Please choose whether to get your data or to have it erased.")
	}
	email, err := CommenterEmail(email)
	if err != nil {
		return err
	}
	secret, err := store.SiteSecret(ctx)
	if err != nil {
		return err
	}
	token, hash, err := NewLinkToken()
	if err != nil {
		return err
	}
	r := &PrivacyRequest{TokenHash: hash, Kind: kind, Email: email, AddressKey: CommenterAddressKey(secret, email),
		Network: network, ExpiresAt: now.Add(PrivacyRequestLifetime)}
	if err := store.CreatePrivacyRequest(ctx, r, DefaultPrivacyRequestPolicy); err != nil {
		return err
	}
	if err := sender.SendPrivacyLink(ctx, email, kind, link(token)); err != nil {
		// Nobody can follow the link: the address need not wait a day
		// in the database. The request still counts for the throttle.
		_, _ = store.UsePrivacyRequest(context.WithoutCancel(ctx), r.TokenHash)
		return err
	}
	return nil
}

// FindPrivacyRequest returns the request a confirmation link's token
// makes, while it works. Returns ENOTFOUND.
func FindPrivacyRequest(ctx context.Context, store Store, token string) (*PrivacyRequest, error) {
	if token == "" || len(token) > 100 {
		return nil, errPrivacyLink
	}
	r, err := store.FindPrivacyRequest(ctx, HashToken(token))
	if ErrorCode(err) == ENOTFOUND {
		return nil, errPrivacyLink
	}
	return r, err
}

// errPrivacyLink refuses a confirmation link that does not work.
var errPrivacyLink = Errorf(ENOTFOUND, "This link does not work: it may have been used already or be more than a day old, so please ask again.")

// ConfirmPrivacyExport uses up an export request's token and returns the
// data it asked for. Returns ENOTFOUND for a link that does not work, or
// that asked for an erasure.
func ConfirmPrivacyExport(ctx context.Context, store Store, token, siteURL string, now time.Time) (*CommenterData, error) {
	r, err := FindPrivacyRequest(ctx, store, token)
	if err != nil {
		return nil, err
	}
	if r.Kind != PrivacyExport {
		return nil, errPrivacyLink
	}
	r, err = store.UsePrivacyRequest(ctx, r.TokenHash)
	if ErrorCode(err) == ENOTFOUND {
		return nil, errPrivacyLink
	} else if err != nil {
		return nil, err
	}
	return ExportCommenterData(ctx, store, r.Email, siteURL, now)
}

// ConfirmPrivacyErasure erases the comments of the address an erase
// request's token names, in the site's erasure mode, using the token up
// in the same transaction, and returns the record of it. Returns
// ENOTFOUND for a link that does not work, or that asked for the data.
func ConfirmPrivacyErasure(ctx context.Context, store Store, token string) (*Erasure, error) {
	r, err := FindPrivacyRequest(ctx, store, token)
	if err != nil {
		return nil, err
	}
	if r.Kind != PrivacyErase {
		return nil, errPrivacyLink
	}
	e, err := eraseCommenter(ctx, store, r.Email, "", &Erasure{ByCommenter: true}, r.TokenHash)
	if ErrorCode(err) == ENOTFOUND {
		return nil, errPrivacyLink
	}
	return e, err
}

// ApplyRetention applies the site's retention settings: the job that
// keeps data no longer than the privacy page says.
func ApplyRetention(ctx context.Context, store Store) (int, error) {
	site, err := store.FindSite(ctx)
	if err != nil {
		return 0, err
	}
	return store.ApplyRetention(ctx, site.Retention())
}
