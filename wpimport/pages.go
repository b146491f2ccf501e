package wpimport

import (
	"context"
	"fmt"

	"masthead"
	"masthead/wxr"
)

// itemKind is what an item is called in a sentence.
func itemKind(it *wxr.Item) string {
	if it.Type == "page" {
		return "page"
	}
	return "post"
}

// parentPage finds the Masthead page that stands for a page's WordPress
// parent. A parent not imported yet may still come later in the file: the
// page then waits (found is false) until the end, and if its parent never
// comes it becomes a top-level page.
func (im *importer) parentPage(ctx context.Context, it *wxr.Item) (id int64, found bool, err error) {
	if id, ok := im.postIDs[it.Parent]; ok {
		return id, true, nil
	}
	ext := externalID("post", it.Parent)
	ids, err := im.store.FindExternalIDs(ctx, masthead.ExternalArticle, []string{ext})
	if err != nil {
		return 0, false, err
	}
	if id, ok := ids[ext]; ok {
		return id, true, nil
	}
	if !im.lastPass {
		im.pagesWaiting = append(im.pagesWaiting, it)
		return 0, false, nil
	}
	im.sum.note(fmt.Sprintf("Page %d's parent page %d is not in the export, so it is a top-level page.", it.ID, it.Parent))
	return 0, true, nil
}

// asPage makes an article built from a WordPress page one of the site's
// pages, under its parent. WordPress pages have no sections or tags; a
// top-level page whose slug the site uses for something else (/feed/,
// /search/) gets another, and its old address redirects to it.
func (im *importer) asPage(a *masthead.Article, parent int64, what string) {
	a.Kind, a.ParentID = masthead.KindPage, parent
	a.Category, a.Tags = nil, nil
	if parent == 0 && masthead.ReservedPageSlug(a.Slug) {
		old := a.Slug
		a.Slug, a.SlugGenerated = a.Slug+"-page", true
		im.sum.note(fmt.Sprintf("%s's address /%s/ is used by Masthead itself, so it is /%s/.", what, old, a.Slug))
	}
}

// waitingPages imports, at the end of the file, the pages whose parent
// came after them: round by round while any finds its parent, then the
// rest at the top level.
func (im *importer) waitingPages(ctx context.Context) error {
	for len(im.pagesWaiting) > 0 {
		waiting := im.pagesWaiting
		im.pagesWaiting = nil
		for _, it := range waiting {
			if err := im.post(ctx, it); err != nil {
				return err
			}
		}
		if len(im.pagesWaiting) == len(waiting) {
			im.lastPass = true // no page found its parent this round
		}
	}
	return nil
}
