package web

import (
	"net/http"
	"strconv"
	"time"

	"masthead"
)

// handleCategory serves "GET /category/{slug}/" and its pages.
func (s *Server) handleCategory(w http.ResponseWriter, r *http.Request) {
	cat, err := s.store.FindCategoryBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay, err := s.layout(r, cat.Name)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if cat.Description != "" {
		lay.Description = cat.Description
	}
	pinned, err := s.store.FindPinnedArticles(r.Context(), cat.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay.Feeds = append(lay.Feeds, feedLinks(feedTitle(cat.Name, lay.Site), cat.Path()+"feed/")...)
	s.serveList(w, r, cat.Path(), masthead.ArticleFilter{CategoryID: cat.ID}, listPage{
		layout: lay, Kind: lay.T("Section"), Heading: cat.Name, Intro: cat.Description,
		EmptyNotice: lay.T("Nothing has been published in this section yet."), Front: true,
		pinned: pinned,
	}, masthead.SectionListKey(cat.ID), masthead.SectionPinsKey(cat.ID))
}

// handleTag serves "GET /tag/{slug}/" and its pages. A tag on nothing
// published yet is not found, so that tagging a draft reveals nothing.
func (s *Server) handleTag(w http.ResponseWriter, r *http.Request) {
	tag, err := s.store.FindTagBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay, err := s.layout(r, tag.Name)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay.Description = lay.T("Articles tagged %s.", tag.Name)
	if tag.Description != "" {
		lay.Description = tag.Description
	}
	lay.Feeds = append(lay.Feeds, feedLinks(feedTitle(tag.Name, lay.Site), tag.Path()+"feed/")...)
	s.serveList(w, r, tag.Path(), masthead.ArticleFilter{TagID: tag.ID}, listPage{
		layout: lay, Kind: lay.T("Tag"), Heading: tag.Name, Intro: tag.Description, NotFoundWhenEmpty: true,
	}, masthead.TagListKey(tag.ID), masthead.TagKey(tag.ID))
}

// handleYearArchive serves "GET /{yyyy}/" and its pages.
func (s *Server) handleYearArchive(w http.ResponseWriter, r *http.Request) {
	year, ok := pathNumber(r, "yyyy", 4, 1, 9999)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	lay, err := s.layout(r, strconv.Itoa(year))
	if err != nil {
		s.error(w, r, err)
		return
	}
	from := time.Date(year, time.January, 1, 0, 0, 0, 0, lay.Loc)
	lay.Description = lay.T("Articles published in %s.", strconv.Itoa(year))
	s.serveList(w, r, from.Format("/2006/"), masthead.ArticleFilter{PublishedFrom: from, PublishedBefore: from.AddDate(1, 0, 0)}, listPage{
		layout: lay, Kind: lay.T("Archive"), Heading: strconv.Itoa(year), NotFoundWhenEmpty: true,
	}, masthead.KeyFront)
}

// handleMonthArchive serves "GET /{yyyy}/{mm}/" and its pages.
func (s *Server) handleMonthArchive(w http.ResponseWriter, r *http.Request) {
	year, ok1 := pathNumber(r, "yyyy", 4, 1, 9999)
	month, ok2 := pathNumber(r, "mm", 2, 1, 12)
	if !ok1 || !ok2 {
		s.handleNotFound(w, r)
		return
	}
	lay, err := s.layout(r, "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	name := lay.tr().MonthYear(year, time.Month(month))
	lay.setTitle(name)
	from := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, lay.Loc)
	lay.Description = lay.T("Articles published in %s.", name)
	s.serveList(w, r, from.Format("/2006/01/"), masthead.ArticleFilter{PublishedFrom: from, PublishedBefore: from.AddDate(0, 1, 0)}, listPage{
		layout: lay, Kind: lay.T("Archive"), Heading: name, NotFoundWhenEmpty: true,
	}, masthead.KeyFront)
}

// pathNumber reads a fixed-width number from a path wildcard, so that
// /2026/11/ is an archive and /26/1/ or /2026/13/ are not.
func pathNumber(r *http.Request, name string, width, lo, hi int) (int, bool) {
	v := r.PathValue(name)
	if len(v) != width {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}
