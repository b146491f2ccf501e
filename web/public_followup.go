package web

import (
	"net/http"
	"strconv"
	"time"

	"masthead"
	"masthead/i18n"
	"masthead/moderation"
	"masthead/notify"
)

// "Notify me of follow-up comments by email": the pages its mail links
// to. Following a link does nothing by itself, since mail programs and
// scanners follow links: each page has the button that acts.

// addressCookie holds the proof that this browser followed a link mailed
// to an address (moderation.AddressProof), by which hold_first
// recognises a regular who comes back without the browser key.
const (
	addressCookie    = "masthead_address"
	addressCookieAge = 365 * 24 * time.Hour
)

// followUpPage is the data of the follow-up pages: the button that
// confirms or ends a subscription, or what it did.
type followUpPage struct {
	layout
	// Kind is "confirm", "following", "unsubscribe" or "unsubscribed".
	Kind string
	// Action is where the button posts.
	Action string
	// Heading is the page's title in its language.
	Heading string
	// Article is the article followed, when known and public.
	Article *articleView
}

// renderFollowUp renders a follow-up page for no one but its reader.
func (s *Server) renderFollowUp(w http.ResponseWriter, r *http.Request, status int, title string, page *followUpPage, articleID int64) {
	setConfirmHeaders(w)
	lay, err := s.layout(r, "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay.NoIndex = true
	page.Heading = lay.T(title)
	lay.setTitle(page.Heading)
	page.layout = lay
	if articleID != 0 {
		found, _, err := s.store.FindArticles(r.Context(), masthead.ArticleFilter{Kind: masthead.AnyKind, IDs: []int64{articleID}, WithoutBody: true, SkipTotal: true, Limit: 1})
		if err != nil {
			s.error(w, r, err)
			return
		}
		if len(found) == 1 && found[0].VisibleAt(s.now()) {
			page.Article = &views(found, lay.Loc)[0]
		}
	}
	s.render(w, r, status, "followup", page)
}

// handleFollowForm serves "GET /comments/follow/{token}": the button that
// confirms follow-up mail.
func (s *Server) handleFollowForm(w http.ResponseWriter, r *http.Request) {
	r = r.WithContext(masthead.WithPrimary(r.Context()))
	sub, err := notify.FindPending(r.Context(), s.store, r.PathValue("token"))
	if err != nil {
		setConfirmHeaders(w)
		s.error(w, r, err)
		return
	}
	s.renderFollowUp(w, r, http.StatusOK, i18n.Key("Confirm follow-up comments"), &followUpPage{Kind: "confirm",
		Action: notify.FollowPath + r.PathValue("token")}, sub.ArticleID)
}

// handleFollow serves "POST /comments/follow/{token}": the subscription
// confirmed. The browser also gets the proof that it followed a link
// mailed to the address, for hold_first.
func (s *Server) handleFollow(w http.ResponseWriter, r *http.Request) {
	setConfirmHeaders(w)
	ctx := masthead.WithPrimary(r.Context())
	r = r.WithContext(ctx)
	sub, err := notify.Confirm(ctx, s.store, r.PathValue("token"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	secret, err := s.secret(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: addressCookie, Value: moderation.AddressProof(secret, sub.Email), Path: "/",
		MaxAge: int(addressCookieAge.Seconds()), HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, followingPath+strconv.FormatInt(sub.ArticleID, 10), http.StatusSeeOther)
}

// followingPath + an article's id is where a confirmation ends.
const followingPath = "/comments/following/"

// handleFollowing serves "GET /comments/following/{id}": the end of a
// confirmation, with a link back to the article.
func (s *Server) handleFollowing(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.renderFollowUp(w, r, http.StatusOK, i18n.Key("You are following the comments"), &followUpPage{Kind: "following"}, id)
}

// handleUnsubscribeForm serves "GET /comments/unsubscribe/{token}": the
// button that ends follow-up mail, or, for a subscription already ended,
// that nothing more is sent.
func (s *Server) handleUnsubscribeForm(w http.ResponseWriter, r *http.Request) {
	r = r.WithContext(masthead.WithPrimary(r.Context()))
	sub, err := notify.FindUnsubscribe(r.Context(), s.store, r.PathValue("token"))
	if masthead.ErrorCode(err) == masthead.ENOTFOUND {
		s.renderFollowUp(w, r, http.StatusOK, i18n.Key("You are unsubscribed"), &followUpPage{Kind: "unsubscribed"}, 0)
		return
	} else if err != nil {
		setConfirmHeaders(w)
		s.error(w, r, err)
		return
	}
	s.renderFollowUp(w, r, http.StatusOK, i18n.Key("Stop follow-up comments"), &followUpPage{Kind: "unsubscribe",
		Action: notify.UnsubscribePath + r.PathValue("token")}, sub.ArticleID)
}

// handleUnsubscribe serves "POST /comments/unsubscribe/{token}": the
// subscription ended, from the page's button or from a mail program's
// one-click unsubscribe (RFC 8058, the List-Unsubscribe-Post header). This
// is the one POST that cross-origin protection lets through (see routes):
// a mail provider sends it from its own servers, with no cookie and no
// form of ours, and the secret token in the address is what authorises
// it. Ending a subscription that is already ended succeeds, so that a
// repeated click or a retried POST gets the same answer.
func (s *Server) handleUnsubscribe(w http.ResponseWriter, r *http.Request) {
	setConfirmHeaders(w)
	ctx := masthead.WithPrimary(r.Context())
	r = r.WithContext(ctx)
	sub, err := notify.Unsubscribe(ctx, s.store, r.PathValue("token"))
	if err != nil && masthead.ErrorCode(err) != masthead.ENOTFOUND {
		s.error(w, r, err)
		return
	}
	var article int64
	if sub != nil {
		article = sub.ArticleID
	}
	// RFC 8058 allows the body as a URL-encoded or a multipart form;
	// PostFormValue reads either, and the token, not the body, decides.
	if r.PostFormValue("List-Unsubscribe") == "One-Click" {
		// A mail program wants a success, not a page to follow.
		s.renderFollowUp(w, r, http.StatusOK, i18n.Key("You are unsubscribed"), &followUpPage{Kind: "unsubscribed"}, article)
		return
	}
	http.Redirect(w, r, unsubscribedPath, http.StatusSeeOther)
}

// unsubscribedPath is where the unsubscribe button ends.
const unsubscribedPath = "/comments/unsubscribed/"

// handleUnsubscribed serves "GET /comments/unsubscribed/".
func (s *Server) handleUnsubscribed(w http.ResponseWriter, r *http.Request) {
	s.renderFollowUp(w, r, http.StatusOK, i18n.Key("You are unsubscribed"), &followUpPage{Kind: "unsubscribed"}, 0)
}

// handleCommentLink serves "GET /comments/link/{id}": a mail's link to an
// approved comment, sent on to the comment page that holds it.
func (s *Server) handleCommentLink(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.handleNotFound(w, r)
		return
	}
	c, err := s.store.FindCommentByID(ctx, id)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND || err == nil && c.Status != masthead.CommentApproved {
		s.handleNotFound(w, r)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	found, _, err := s.store.FindArticles(ctx, masthead.ArticleFilter{Kind: masthead.AnyKind, IDs: []int64{c.ArticleID}, WithoutBody: true, SkipTotal: true, Limit: 1})
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(found) == 0 || !found[0].VisibleAt(s.now()) {
		s.handleNotFound(w, r)
		return
	}
	site, err := s.site(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	links, err := s.commentLinks(ctx, site, []*masthead.Comment{c}, map[int64]*masthead.Article{found[0].ID: found[0]})
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, links[c.ID], http.StatusFound)
}

// confirmedAddress reports whether the browser proves, by the cookie a
// confirmation link set, that it followed a link mailed to email.
func confirmedAddress(r *http.Request, secret []byte, email string) bool {
	c, err := r.Cookie(addressCookie)
	if err != nil || email == "" {
		return false
	}
	return moderation.ProvesAddress(secret, email, c.Value)
}
