package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
)

// Everything the server signs (comment form tokens, the held-comments
// cookie, the first-admin link) is signed with the site secret, which is
// the same on every node, under a purpose of its own, so that a signature
// made for one use is worthless for another.

// secret returns the site secret, loading it once.
func (s *Server) secret(ctx context.Context) ([]byte, error) {
	s.secretMu.Lock()
	defer s.secretMu.Unlock()
	if s.siteSecret == nil {
		secret, err := s.store.SiteSecret(ctx)
		if err != nil {
			return nil, err
		}
		s.siteSecret = secret
	}
	return s.siteSecret, nil
}

// sign returns a MAC of the parts under the site secret, for one purpose.
func sign(secret []byte, purpose string, parts ...[]byte) []byte {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(purpose + "\x00"))
	for _, p := range parts {
		mac.Write(p)
	}
	return mac.Sum(nil)[:16]
}
