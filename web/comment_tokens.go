package web

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"masthead"
	"masthead/i18n"
	"masthead/moderation"
)

// Comment form tokens come in two kinds. A page token (the article and
// the time the page was rendered, signed) is what the article's HTML
// carries: the page cache serves those bytes to every reader, so it can
// hold nothing that is one reader's. A reader token adds a random nonce
// and is issued to one reader by GET /comment-token/{id}, which the
// comments script asks for when the reader starts writing. A comment is
// stored only with a reader token, and its nonce's hash is stored with
// it, so that the database refuses the same token a second time.

// Comment token settings.
const (
	// formTokenMaxAge is how long a served comment form stays postable.
	formTokenMaxAge = 7 * 24 * time.Hour
	// nonceBytes is the length of a reader token's nonce.
	nonceBytes = 16
	// pageTokenBytes and readerTokenBytes are the decoded lengths of the
	// two kinds: the article id and issue time (8 bytes each), the nonce
	// for a reader token, and a 16-byte signature.
	pageTokenBytes   = 8 + 8 + 16
	readerTokenBytes = 8 + 8 + nonceBytes + 16
	// commentTokenPath is where the comments script asks for a reader
	// token, followed by the article's id.
	commentTokenPath = "/comment-token/"
	// regularCookie holds the random key of a browser that has posted a
	// comment, by which hold_first recognises a regular (see
	// moderation.Submission.CommenterKey).
	regularCookie    = "masthead_regular"
	regularCookieAge = 365 * 24 * time.Hour
	regularKeyBytes  = 16
)

// Reasons a form token is refused.
var (
	errTokenForged  = errors.New(i18n.Key("This form could not be verified. Please check your comment and post it again."))
	errTokenTooFast = errors.New(i18n.Key("That was quicker than anyone can write. Please check your comment and post it again."))
	errTokenTooOld  = errors.New(i18n.Key("This page was open for too long. Please check your comment and post it again."))
	// errTokenConfirm answers a page token: the form came from a page
	// every reader shares (or a browser without scripts), and the reader
	// confirms with the reader token that comes back with it.
	errTokenConfirm = errors.New(i18n.Key("Please check your comment and press Post Comment again."))
)

// formToken returns a page token: the article and the time its page was
// rendered, signed.
func formToken(secret []byte, articleID int64, issued time.Time) string {
	payload := tokenPayload(articleID, issued)
	return base64.RawURLEncoding.EncodeToString(append(payload, sign(secret, "comment-form", payload)...))
}

// readerToken returns a reader token with a fresh random nonce, for one
// reader's form served at issued.
func readerToken(secret []byte, articleID int64, issued time.Time) string {
	return readerTokenWithNonce(secret, articleID, issued, randomBytes(nonceBytes))
}

// readerTokenWithNonce returns the reader token with the given nonce of
// nonceBytes bytes.
func readerTokenWithNonce(secret []byte, articleID int64, issued time.Time, nonce []byte) string {
	payload := append(tokenPayload(articleID, issued), nonce...)
	return base64.RawURLEncoding.EncodeToString(append(payload, sign(secret, "comment-reader", payload)...))
}

func tokenPayload(articleID int64, issued time.Time) []byte {
	payload := binary.BigEndian.AppendUint64(nil, uint64(articleID))
	return binary.BigEndian.AppendUint64(payload, uint64(issued.Unix()))
}

// randomBytes returns n bytes from the system's random source, which
// never fails on the systems Go supports.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// checkedToken is what a valid form token says.
type checkedToken struct {
	// Issued is when the form was served.
	Issued time.Time
	// Nonce is a reader token's nonce, encoded; empty for a page token.
	Nonce string
}

// checkFormToken returns what the token says, or why it is refused: a
// page token, however valid, is refused with errTokenConfirm, and only a
// reader token is checked against the minimum age, which counts from
// when the reader started writing. A reader token refused as too fast
// still returns when the form was served.
func checkFormToken(secret []byte, token string, articleID int64, now time.Time, minAge time.Duration) (checkedToken, error) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	purpose := "comment-form"
	switch {
	case err != nil:
		return checkedToken{}, errTokenForged
	case len(b) == readerTokenBytes:
		purpose = "comment-reader"
	case len(b) != pageTokenBytes:
		return checkedToken{}, errTokenForged
	}
	payload, mac := b[:len(b)-16], b[len(b)-16:]
	if !hmac.Equal(mac, sign(secret, purpose, payload)) || int64(binary.BigEndian.Uint64(payload)) != articleID {
		return checkedToken{}, errTokenForged
	}
	tok := checkedToken{Issued: time.Unix(int64(binary.BigEndian.Uint64(payload[8:])), 0)}
	if len(payload) > 16 {
		tok.Nonce = base64.RawURLEncoding.EncodeToString(payload[16:])
	}
	switch age := now.Sub(tok.Issued); {
	case age > formTokenMaxAge:
		return checkedToken{}, errTokenTooOld
	case tok.Nonce == "":
		// When the page was rendered says nothing of when this reader
		// began: the form comes back counting from now.
		return checkedToken{}, errTokenConfirm
	case age < minAge:
		return tok, errTokenTooFast
	}
	return tok, nil
}

// handleCommentToken serves "GET /comment-token/{id}": a reader token for
// the comment form of the article with that id, as plain text, for the
// comments script. It is one reader's, so it is never stored by any cache
// (the page cache does not see this path), and an article that takes no
// comments, or does not exist, is not found.
func (s *Server) handleCommentToken(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex")
	notFound := func() {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "This article does not take comments.\n")
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		notFound()
		return
	}
	a, err := s.store.FindArticleByID(r.Context(), id)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND || err == nil && moderation.CheckOpen(a, s.now()) != nil {
		notFound()
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	secret, err := s.secret(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, readerToken(secret, a.ID, s.now()))
}

// regularKey returns the key of the reader's browser from its cookie, and
// whether it had a well-formed one.
func regularKey(r *http.Request) (string, bool) {
	c, err := r.Cookie(regularCookie)
	if err != nil {
		return "", false
	}
	if b, err := base64.RawURLEncoding.DecodeString(c.Value); err != nil || len(b) != regularKeyBytes {
		return "", false
	}
	return c.Value, true
}

// newRegularKey returns a fresh random browser key.
func newRegularKey() string {
	return base64.RawURLEncoding.EncodeToString(randomBytes(regularKeyBytes))
}

// setRegularCookie gives the browser its key. It personalises nothing on
// a page, so the page cache does not bypass for it.
func (s *Server) setRegularCookie(w http.ResponseWriter, r *http.Request, key string) {
	http.SetCookie(w, &http.Cookie{Name: regularCookie, Value: key, Path: "/", MaxAge: int(regularCookieAge.Seconds()),
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}
