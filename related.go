package masthead

import "time"

// RelatedList names a list that an article's related articles are chosen
// from: the newest articles of a section, or of a tag. One of SectionID
// and TagID is set.
type RelatedList struct {
	SectionID int64
	TagID     int64
}

// Key is the change key of the list: a change to the section's or tag's
// list of articles is what makes a kept copy of it stale.
func (l RelatedList) Key() ChangeKey {
	if l.SectionID != 0 {
		return SectionListKey(l.SectionID)
	}
	return TagListKey(l.TagID)
}

// RelatedCandidate is an article of a RelatedList, with what ranking it
// needs: its publish time and its tags.
type RelatedCandidate struct {
	ID          int64
	PublishedAt time.Time
	TagIDs      []int64
}
