package web

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead"
	"masthead/moderation"
	"masthead/notify"
)

// Comment form and cookie settings.
const (
	// commenterCookie remembers a reader's name, email and website when
	// they tick the box, to fill in the form next time.
	commenterCookie    = "masthead_commenter"
	commenterCookieAge = 365 * 24 * time.Hour
	// pendingCookie lists, signed, the reader's own comments that await
	// moderation, so that they and nobody else see them.
	pendingCookie    = "masthead_pending"
	pendingCookieAge = 30 * 24 * time.Hour
	maxPendingShown  = 20
	// honeypotField is a field people never see and bots fill in.
	honeypotField = "fax"
	// maxCommentPost bounds a comment POST body: the longest comment in
	// four-byte characters, form-encoded, with room to spare.
	maxCommentPost = 1 << 20
)

// commentForm is the "Leave a Reply" form: what the reader typed, what is
// wrong with it, and the hidden fields.
type commentForm struct {
	Comment, Author, Email, URL string
	Remember                    bool
	// Notify is the "Notify me of follow-up comments by email" box, and
	// CanNotify whether the form offers it: only a site that sends mail.
	Notify, CanNotify bool
	ParentID          int64
	ParentName        string // shown in "Leave a Reply to ..."
	Token             string
	TokenURL          string            // where the comments script asks for a reader token; empty when Token is one
	Action            string            // the article's address, where the form posts
	Here              string            // the address of the page showing the form, for "Cancel reply"
	Errors            map[string]string // field -> message
	Message           string            // a problem with the form as a whole
}

// HasErrors reports whether the form came back with any message.
func (f *commentForm) HasErrors() bool { return len(f.Errors) > 0 || f.Message != "" }

// fieldError is one form field's message, if any.
type fieldError struct{ Field, Message string }

// FieldError returns the message of one field, for the template beside it.
func (f *commentForm) FieldError(field string) fieldError {
	return fieldError{Field: field, Message: f.Errors[field]}
}

// pendingIDs reads the reader's own held comments from the signed cookie.
func pendingIDs(r *http.Request, secret []byte) []int64 {
	c, err := r.Cookie(pendingCookie)
	if err != nil {
		return nil
	}
	ids, mac, ok := strings.Cut(c.Value, "~")
	got, err := base64.RawURLEncoding.DecodeString(mac)
	if !ok || err != nil || !hmac.Equal(got, sign(secret, "pending-comments", []byte(ids))) {
		return nil
	}
	var out []int64
	for _, s := range strings.Split(ids, ".") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
			out = append(out, id)
		}
	}
	return out
}

// setPendingCookie adds a held comment to the reader's signed list.
func (s *Server) setPendingCookie(w http.ResponseWriter, r *http.Request, secret []byte, id int64) {
	ids := append(pendingIDs(r, secret), id)
	if len(ids) > maxPendingShown {
		ids = ids[len(ids)-maxPendingShown:]
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	value := strings.Join(parts, ".")
	value += "~" + base64.RawURLEncoding.EncodeToString(sign(secret, "pending-comments", []byte(value)))
	http.SetCookie(w, &http.Cookie{Name: pendingCookie, Value: value, Path: "/", MaxAge: int(pendingCookieAge.Seconds()),
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

// rememberedCommenter reads the name, email and website a reader asked us
// to remember.
func rememberedCommenter(r *http.Request) (name, email, website string, ok bool) {
	c, err := r.Cookie(commenterCookie)
	if err != nil {
		return "", "", "", false
	}
	v, err := url.ParseQuery(c.Value)
	if err != nil {
		return "", "", "", false
	}
	return v.Get("n"), v.Get("e"), v.Get("u"), true
}

// setCommenterCookie remembers the reader's details when they ticked the
// box, and forgets them when they did not.
func (s *Server) setCommenterCookie(w http.ResponseWriter, r *http.Request, f *commentForm) {
	c := &http.Cookie{Name: commenterCookie, Path: "/", HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode}
	if f.Remember {
		c.Value = url.Values{"n": {f.Author}, "e": {f.Email}, "u": {f.URL}}.Encode()
		c.MaxAge = int(commenterCookieAge.Seconds())
	} else {
		if _, err := r.Cookie(commenterCookie); err != nil {
			return
		}
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// parseCommentForm reads the posted form into a commentForm and Comment.
func parseCommentForm(r *http.Request, a *masthead.Article) (*commentForm, *masthead.Comment) {
	f := &commentForm{
		Comment:  strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("comment"), "\r\n", "\n")),
		Author:   strings.TrimSpace(r.PostFormValue("author")),
		Email:    strings.TrimSpace(r.PostFormValue("email")),
		URL:      strings.TrimSpace(r.PostFormValue("url")),
		Remember: r.PostFormValue("remember") != "",
		Notify:   r.PostFormValue("notify") != "",
		Errors:   map[string]string{},
	}
	f.ParentID, _ = strconv.ParseInt(r.PostFormValue("comment_parent"), 10, 64)
	c := &masthead.Comment{
		ArticleID: a.ID, ParentID: f.ParentID, AuthorName: f.Author, AuthorEmail: f.Email,
		AuthorURL: f.URL, Body: f.Comment, Status: masthead.CommentPending,
	}
	return f, c
}

// handlePostComment serves "POST /{yyyy}/{mm}/{dd}/{slug}/": a reader's
// comment. The web side checks what only it can (the body's size, the
// signed form token); package moderation runs every rule on the comment
// and stores it. Success redirects to the new comment (Post/Redirect/Get);
// any problem answers with the form as the reader filled it
// (renderRefusedComment).
func (s *Server) handlePostComment(w http.ResponseWriter, r *http.Request) {
	// Duplicate and first-comment checks must see the latest writes.
	r = r.WithContext(masthead.WithPrimary(r.Context()))
	ctx := r.Context()
	a, lay, ok := s.findCommentedArticle(w, r)
	if !ok {
		return
	}
	// Refused before anything else a post costs.
	if err := moderation.CheckOpen(a, s.now()); err != nil {
		s.error(w, r, err)
		return
	}
	secret, err := s.secret(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCommentPost)
	if err := r.ParseForm(); err != nil {
		// Only a body over the bound is too long; anything else that
		// cannot be read as a form is a broken request, and says so.
		var tooLong *http.MaxBytesError
		if errors.As(err, &tooLong) {
			s.error(w, r, masthead.Errorf(masthead.EINVALID, "The comment is too long to post."))
		} else {
			s.error(w, r, masthead.Errorf(masthead.EINVALID, "The comment form could not be read; please go back and send it again."))
		}
		return
	}
	now := s.now()
	minAge := time.Duration(lay.Site.CommentMinSeconds) * time.Second
	f, c := parseCommentForm(r, a)
	f.CanNotify = s.mailSettings(lay.Site).Configured()
	f.Notify = f.Notify && f.CanNotify

	tok, tokenErr := checkFormToken(secret, r.PostFormValue("token"), a.ID, now, minAge)
	// A form sent back keeps the time it was first served, so that a
	// reader who corrects a field is not refused as too fast, and gets a
	// nonce of its own: one that comes with a stored comment is used up,
	// and one that did not is worth no more than a fresh one.
	issued := tok.Issued
	if issued.IsZero() {
		issued = now
	}
	f.Token = readerToken(secret, a.ID, issued)
	if tokenErr != nil {
		// The comment goes no further, but the reader learns at once of
		// anything else to correct.
		f.Message = lay.T(tokenErr.Error())
		f.addProblems(&lay, c.Problems())
		s.nameParent(ctx, f, a)
		s.renderRefusedComment(w, r, a, lay, f, http.StatusUnprocessableEntity)
		return
	}

	if f.Notify && f.Email == "" {
		// Follow-up mail needs an address, even where comments do not.
		problems := c.Problems()
		problems = append(masthead.Problems{masthead.FieldErrorf("email", "Please enter your email address to get follow-up comments by email.")}, problems...)
		f.addProblems(&lay, problems)
		s.nameParent(ctx, f, a)
		s.renderRefusedComment(w, r, a, lay, f, http.StatusUnprocessableEntity)
		return
	}

	// The browser's key, for hold_first to recognise a regular; a browser
	// without one gets one with its first stored comment.
	key, hadKey := regularKey(r)
	if !hadKey {
		key = newRegularKey()
	}
	var lastPage bool
	err = moderation.Submit(ctx, s.store, moderation.Submission{
		Article: a, Comment: c, Network: s.clientNetwork(r), Now: now, Bot: r.PostFormValue(honeypotField) != "",
		FormNonce: tok.Nonce, CommenterKey: key, ConfirmedAddress: confirmedAddress(r, secret, c.AuthorEmail), LastPage: &lastPage,
	}, moderation.ReaderPolicy(lay.Site, s.commentLimit))
	if err != nil {
		var problems masthead.Problems
		var e *masthead.Error
		switch {
		case errors.As(err, &problems):
			f.addProblems(&lay, problems)
		case errors.As(err, &e) && (e.Code == masthead.ERATELIMIT || e.Code == masthead.EUNAVAILABLE):
			// Too many from the network, or the database could not take
			// it now (locked too long, or full): the reader keeps what
			// they typed and is told when to try again.
			if e.Code == masthead.EUNAVAILABLE {
				s.logger.LogAttrs(ctx, slog.LevelWarn, "comment not stored: the database is unavailable", slog.Any("error", err))
			}
			setRetryAfter(w, err)
			f.Message = lay.message(e)
			if e.Code == masthead.ERATELIMIT {
				secs := int(e.RetryAfter / time.Second)
				f.Message = lay.N("You are posting comments too quickly. Please wait %d second and post your comment again.",
					"You are posting comments too quickly. Please wait %d seconds and post your comment again.", secs)
			}
			s.renderRefusedComment(w, r, a, lay, f, statusOf[e.Code])
			return
		case errors.As(err, &e) && e.Field == "parent":
			f.Message, f.ParentID = lay.message(e), 0
		case errors.As(err, &e) && e.Field == "token":
			// The form has no visible token field: the form as a whole
			// was already sent, and the fresh token lets the reader
			// send it again on purpose.
			f.Message = lay.message(e)
		case errors.As(err, &e) && e.Field != "":
			f.addProblems(&lay, masthead.Problems{e})
		case masthead.ErrorCode(err) == masthead.EINVALID || masthead.ErrorCode(err) == masthead.ECONFLICT:
			f.Message = lay.message(err)
		default:
			s.error(w, r, err)
			return
		}
		s.nameParent(ctx, f, a)
		s.renderRefusedComment(w, r, a, lay, f, http.StatusUnprocessableEntity)
		return
	}
	if f.Notify {
		// The comment is stored; a subscription that fails is logged,
		// not held against it.
		if _, err := notify.Subscribe(ctx, s.store, s.mailOrigin(r, lay.Site), a, f.Email, now); err != nil {
			s.logger.LogAttrs(ctx, slog.LevelWarn, "follow-up subscription not stored", slog.Int64("article", a.ID), slog.Any("error", err))
		}
	}
	s.setCommenterCookie(w, r, f)
	if !hadKey {
		s.setRegularCookie(w, r, key)
	}
	if c.Status != masthead.CommentApproved {
		s.setPendingCookie(w, r, secret, c.ID)
	}
	link, err := s.postedCommentLink(ctx, lay.Site, a, c, lastPage)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// To the page that holds the comment: its thread's, or for a new
	// thread awaiting moderation the last, where its writer sees it.
	http.Redirect(w, r, link, http.StatusSeeOther)
}

// nameParent sets the name in "Leave a Reply to ..." of a form sent back
// to its writer, when the comment it answers can take replies.
func (s *Server) nameParent(ctx context.Context, f *commentForm, a *masthead.Article) {
	if f.ParentID != 0 {
		if parent, err := s.store.FindCommentByID(ctx, f.ParentID); err == nil && parent.ArticleID == a.ID && parent.Status == masthead.CommentApproved {
			f.ParentName = parent.AuthorName
		}
	}
}

// refusedCommentPage is the data of the page a refused comment gets back.
type refusedCommentPage struct {
	layout
	Article articleView
	Form    *commentForm
}

// renderRefusedComment answers a refused comment with the form as the
// reader filled it, what is wrong with it, and a link back to the article,
// but neither the article nor its thread: a bot that posts again and
// again then costs a small page each time, as cheap as an accepted
// comment, rather than the article's whole thread.
func (s *Server) renderRefusedComment(w http.ResponseWriter, r *http.Request, a *masthead.Article, lay layout, form *commentForm, status int) {
	// The page holds what the reader typed: theirs alone, and nothing for
	// search engines, which have the article at its own address.
	w.Header().Set("Cache-Control", "private, no-store")
	lay.NoIndex = true
	lay.Social.JSONLD = nil
	form.Action = a.Path(lay.Loc)
	s.render(w, r, status, "comment_refused", &refusedCommentPage{
		layout:  lay,
		Article: views([]*masthead.Article{a}, lay.Loc)[0],
		Form:    form,
	})
}

// addProblems shows each problem beside its field, the first for a field
// winning, in the page's language.
func (f *commentForm) addProblems(lay *layout, problems masthead.Problems) {
	for _, p := range problems {
		if _, seen := f.Errors[p.Field]; !seen {
			f.Errors[p.Field] = lay.message(p)
		}
	}
}

// loadThread returns the article's approved comments, at most
// commentLimit of them, and, for the reader who wrote them, their own
// comments awaiting moderation: the whole thread on one page, for a site
// that does not break comments into pages.
func (s *Server) loadThread(r *http.Request, a *masthead.Article, secret []byte) ([]*masthead.Comment, map[int64]bool, error) {
	ctx := r.Context()
	comments, _, err := s.store.FindComments(ctx, masthead.CommentFilter{ArticleID: a.ID, Status: masthead.CommentApproved, SkipTotal: true, Limit: commentLimit})
	if err != nil {
		return nil, nil, err
	}
	ids := pendingIDs(r, secret)
	if len(ids) == 0 {
		return comments, nil, nil
	}
	own, _, err := s.store.FindComments(ctx, masthead.CommentFilter{IDs: ids, ArticleID: a.ID, SkipTotal: true, Limit: maxPendingShown})
	if err != nil {
		return nil, nil, err
	}
	pending := map[int64]bool{}
	for _, c := range own {
		if c.Status == masthead.CommentPending || c.Status == masthead.CommentSpam {
			pending[c.ID] = true
			comments = append(comments, c)
		}
	}
	sortComments(comments)
	return comments, pending, nil
}

// plural writes a count with the right form of its noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
