package web

import (
	"net/http"

	"masthead"
)

// handleAuthor serves "GET /author/{slug}/" and its pages: the author's
// name, bio and articles. Staff who have published nothing have no public
// page, as in WordPress, so the staff list does not leak.
func (s *Server) handleAuthor(w http.ResponseWriter, r *http.Request) {
	author, err := s.store.FindAuthorBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay, err := s.layout(r, author.Name)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if author.Bio != "" {
		lay.Description = author.Bio
	}
	lay.Feeds = append(lay.Feeds, feedLinks(feedTitle(author.Name, lay.Site), author.Path()+"feed/")...)
	s.authorSocial(r, &lay, author)
	keys := []masthead.ChangeKey{masthead.AuthorListKey(author.ID), masthead.AuthorKey(author.ID)}
	if author.Avatar != nil {
		keys = append(keys, masthead.MediaKey(author.Avatar.ID))
	}
	s.serveList(w, r, author.Path(), masthead.ArticleFilter{AuthorID: author.ID}, listPage{
		layout: lay, Kind: lay.T("Author"), Heading: author.Name, Intro: author.Bio, NotFoundWhenEmpty: true, Avatar: author.Avatar,
	}, keys...)
}
