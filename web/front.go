package web

import (
	"net/http"

	"masthead"
)

// The shape of a front: the lead, up to secondTier stories under it, then
// the grid; on the home page, a block of each section's latest after it.
const (
	secondTier       = 3
	blockStories     = 4
	maxSectionBlocks = 8
)

// sectionBlock is a section on the home page: its name, its address and
// its latest stories.
type sectionBlock struct {
	Section *masthead.Category
	Stories []card
}

// layOutFront splits the first page of a front into the lead, the second
// tier and the grid. The lead's image (or, when the lead has none, the
// first image under it) is the page's first; the second tier may show
// above the fold, the grid never does on a phone and rarely on a desktop.
func (page *listPage) layOutFront(articles []articleView) {
	if len(articles) == 0 {
		return
	}
	all := make([]card, 0, len(articles))
	all = append(all, newCard(articles[0], tierLead, false))
	rest := articles[1:]
	second := rest[:min(secondTier, len(rest))]
	for _, a := range second {
		all = append(all, newCard(a, tierSecond, false))
	}
	for _, a := range rest[len(second):] {
		all = append(all, newCard(a, tierGrid, true))
	}
	markFirstImage(all)
	page.Lead, page.Second, page.Cards = &all[0], all[1:1+len(second)], all[1+len(second):]
}

// frontSections returns the sections whose blocks the home page shows, in
// the order readers know from the header: the sections the header menu
// names, in its order (children after their parent), or, while no header
// menu is saved, the sections the default header lists. Sections the
// saved menu leaves out get no block: the menu is where editors say which
// sections lead the site.
func (s *Server) frontSections(r *http.Request, lay layout) ([]*masthead.Category, error) {
	menus, err := s.menus(r.Context())
	if err != nil {
		return nil, err
	}
	header := menus[masthead.MenuHeader]
	if header == nil {
		return lay.Nav[:min(len(lay.Nav), maxSectionBlocks)], nil
	}
	var out []*masthead.Category
	seen := map[int64]bool{}
	var walk func(items []*masthead.MenuItem)
	walk = func(items []*masthead.MenuItem) {
		for _, it := range items {
			if it.Kind == masthead.TargetSection && it.Section != nil && !seen[it.Section.ID] && len(out) < maxSectionBlocks {
				seen[it.Section.ID] = true
				out = append(out, it.Section)
			}
			walk(it.Children)
		}
	}
	walk(header.Items)
	return out, nil
}

// addSectionBlocks loads the home page's section blocks, in one store
// call whatever the number of sections. A block leaves out the stories
// the lead and the second tier already show large; the grid's smaller
// cards may repeat in a block, which is each section's own index.
func (s *Server) addSectionBlocks(r *http.Request, page *listPage) error {
	if page.Lead == nil {
		return nil // nothing published: no front to add blocks to
	}
	sections, err := s.frontSections(r, page.layout)
	if err != nil || len(sections) == 0 {
		return err
	}
	ids := make([]int64, len(sections))
	for i, c := range sections {
		ids[i] = c.ID
	}
	// A block leaves out the top stories of its section, so it asks for
	// as many more as the section with most top stories has.
	top, topsIn := map[int64]bool{}, map[int64]int{}
	var leaving int
	for _, c := range append([]card{*page.Lead}, page.Second...) {
		top[c.ID] = true
		if c.Category != nil {
			topsIn[c.Category.ID]++
			leaving = max(leaving, topsIn[c.Category.ID])
		}
	}
	fronts, err := s.store.FindSectionFronts(r.Context(), ids, blockStories+leaving)
	if err != nil {
		return err
	}
	for _, section := range sections {
		pageShows(r, masthead.SectionListKey(section.ID))
		var stories []*masthead.Article
		for _, a := range fronts[section.ID] {
			if !top[a.ID] && len(stories) < blockStories {
				stories = append(stories, a)
			}
		}
		if len(stories) == 0 {
			continue
		}
		pageShows(r, articleKeys(stories...)...)
		block := sectionBlock{Section: section}
		for i, v := range views(stories, page.Loc) {
			// The block's first story shows its picture, the others are
			// headlines, as the blocks of news fronts are set.
			if i > 0 {
				v.Image = nil
			}
			block.Stories = append(block.Stories, newCard(v, tierBrief, true))
		}
		page.Sections = append(page.Sections, block)
	}
	return nil
}
