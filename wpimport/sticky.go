package wpimport

import (
	"context"
	"fmt"
	"slices"
	"time"

	"masthead"
	"masthead/wxr"
)

// stickyPost is a post WordPress kept at the top of its front page
// (wp:is_sticky), which becomes a pin of the home page.
type stickyPost struct {
	article   int64
	published time.Time
	what      string
}

// Skip reasons for sticky posts that do not become pins.
const (
	skipStickyUnpublished = "sticky posts that are not published are not pinned, since only news that readers see can be"
	skipStickyOverLimit   = "sticky posts beyond the home page's room for pins are not pinned; the newest are"
)

// sticky remembers a sticky post to pin once the whole file is read,
// when the pin rule (masthead.CheckPinnable) allows it. Only the newest
// MaxPins are kept, so that memory stays bounded whatever the export
// marks sticky; the older ones are counted as left out.
func (im *importer) sticky(it *wxr.Item, a *masthead.Article) {
	if !it.Sticky || a == nil || a.IsPage() {
		return
	}
	if err := masthead.CheckPinnable(a, 0); err != nil {
		im.sum.skip(skipStickyUnpublished)
		return
	}
	im.stickies = append(im.stickies, stickyPost{article: a.ID, published: a.PublishedAt, what: itemName(it)})
	sortStickies(im.stickies)
	if len(im.stickies) > masthead.MaxPins {
		im.stickies = im.stickies[:masthead.MaxPins]
		im.sum.skip(skipStickyOverLimit)
	}
}

// sortStickies puts the newest first, as WordPress's front page showed
// its sticky posts (by date, like the rest of its list); posts of the same
// moment keep the export's order.
func sortStickies(s []stickyPost) {
	slices.SortStableFunc(s, func(a, b stickyPost) int { return b.published.Compare(a.published) })
}

// pinStickies pins the sticky posts to the home page at the end of the
// file, newest first, after the pins the site has, through the store's
// AddPin and so the same rules as the newsroom's Front page: as many as
// the list has room for. A post pinned there already, by an earlier run
// or by an editor, is left where it is.
func (im *importer) pinStickies(ctx context.Context) error {
	if len(im.stickies) == 0 {
		return nil
	}
	pins, err := im.store.FindPins(ctx)
	if err != nil {
		return fmt.Errorf("read the pins: %w", err)
	}
	pinned, home := map[int64]bool{}, 0
	for _, p := range pins {
		if p.SectionID == 0 {
			pinned[p.ArticleID] = true
			home++
		}
	}
	for _, s := range im.stickies {
		if pinned[s.article] {
			im.sum.Found.Pins++
			continue
		}
		if home >= masthead.MaxPins {
			im.sum.skip(skipStickyOverLimit)
			continue
		}
		err := im.w.addPin(ctx, &masthead.Pin{ArticleID: s.article})
		if masthead.ErrorCode(err) == masthead.EINVALID || masthead.ErrorCode(err) == masthead.ECONFLICT {
			im.sum.note(fmt.Sprintf("%s was sticky in WordPress but is not pinned: %s", s.what, lowerFirst(masthead.ErrorMessage(err))))
			continue
		} else if err != nil {
			return fmt.Errorf("pin %s: %w", lowerFirst(s.what), err)
		}
		home++
		im.sum.Added.Pins++
	}
	return nil
}
