package wpimport

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"masthead"
	"masthead/wphtml"
	"masthead/wxr"
)

// menuTerm notes a menu the export defines.
func (im *importer) menuTerm(t *wxr.Term) {
	if !slices.Contains(im.menuNames, t.Slug) {
		im.menuNames = append(im.menuNames, t.Slug)
	}
	if t.Name != "" {
		im.menuTitles[t.Slug] = t.Name
	}
}

// menuItem keeps a menu entry for the end of the file, when everything it
// may lead to has been imported.
func (im *importer) menuItem(it *wxr.Item) {
	for _, ref := range it.Terms {
		if ref.Domain == "nav_menu" {
			if !slices.Contains(im.menuNames, ref.Nicename) {
				im.menuNames = append(im.menuNames, ref.Nicename)
			}
			im.menuItems[ref.Nicename] = append(im.menuItems[ref.Nicename], it)
			return
		}
	}
	im.sum.problem(fmt.Sprintf("Menu item %d belongs to no menu, so it was not imported.", it.ID))
}

// menus imports the export's menus at the end of the file. WordPress keeps
// which menu a theme shows where in the theme's settings, which an export
// does not carry, so a menu named like a footer becomes the footer menu
// and the first other menu the header's; the rest are described in the
// summary. A location that already has a menu keeps it, so that a second
// import changes nothing and an editor's menu is never overwritten.
func (im *importer) menus(ctx context.Context) error {
	locations := map[masthead.MenuLocation]string{}
	for _, name := range im.menuNames {
		if len(im.menuItems[name]) == 0 {
			continue
		}
		title := strings.ToLower(name + " " + im.menuTitles[name])
		switch {
		case strings.Contains(title, "footer") && locations[masthead.MenuFooter] == "":
			locations[masthead.MenuFooter] = name
		case locations[masthead.MenuHeader] == "":
			locations[masthead.MenuHeader] = name
		case locations[masthead.MenuFooter] == "":
			locations[masthead.MenuFooter] = name
		default:
			im.sum.note(fmt.Sprintf("The menu %q was not imported: Masthead has a header and a footer menu, and both were taken by other menus.", name))
		}
	}
	for _, loc := range masthead.MenuLocations {
		name, ok := locations[loc]
		if !ok {
			continue
		}
		if err := im.menu(ctx, loc, name); err != nil {
			return err
		}
	}
	return nil
}

// menu imports one menu into a location.
func (im *importer) menu(ctx context.Context, loc masthead.MenuLocation, name string) error {
	_, err := im.store.FindMenu(ctx, loc)
	switch masthead.ErrorCode(err) {
	case "":
		im.sum.Found.Menus++
		im.sum.note(fmt.Sprintf("The %s menu was left as it is, so the menu %q was not imported into it.", loc, name))
		return nil
	case masthead.ENOTFOUND:
	default:
		return err
	}
	items := im.menuItems[name]
	slices.SortStableFunc(items, func(a, b *wxr.Item) int { return a.MenuOrder - b.MenuOrder })
	// Rows of the menu, and each WordPress item's row (1-based), for
	// nesting. An entry that leads nowhere Masthead knows is left out and
	// its children move up to its place.
	var rows []masthead.MenuRow
	rowOf := map[int64]int{}
	parentOf := map[int64]int64{}
	for _, it := range items {
		p, _ := it.MetaValue("_menu_item_menu_item_parent")
		parentOf[it.ID], _ = strconv.ParseInt(p, 10, 64)
	}
	for _, it := range items {
		row, ok, err := im.menuRow(ctx, it)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		// Masthead nests one level: an entry goes under the top-level
		// entry above it, however deep WordPress had it.
		for p := parentOf[it.ID]; p != 0; p = parentOf[p] {
			if r, ok := rowOf[p]; ok {
				if rows[r-1].Parent == 0 {
					row.Parent = r
				} else {
					row.Parent = rows[r-1].Parent
					im.sum.note(fmt.Sprintf("Menu item %d was nested more deeply than Masthead's one level, so it moved up.", it.ID))
				}
				break
			}
		}
		row.Position = it.MenuOrder
		rows = append(rows, row)
		rowOf[it.ID] = len(rows)
	}
	if len(rows) == 0 {
		im.sum.note(fmt.Sprintf("The menu %q leads nowhere Masthead knows, so it was not imported.", name))
		return nil
	}
	if len(rows) > masthead.MaxMenuItems {
		im.sum.note(fmt.Sprintf("The menu %q has %d entries; Masthead's menus hold %d, so the rest were left out.", name, len(rows), masthead.MaxMenuItems))
		rows = rows[:masthead.MaxMenuItems]
		for i := range rows {
			if rows[i].Parent > len(rows) {
				rows[i].Parent = 0
			}
		}
	}
	if im.opts.DryRun {
		// The sections and articles of a dry run have stand-in ids below
		// zero; for the checks they count as chosen.
		for i := range rows {
			rows[i].SectionID, rows[i].ArticleID = max(rows[i].SectionID, -rows[i].SectionID), max(rows[i].ArticleID, -rows[i].ArticleID)
		}
	}
	m, err := masthead.BuildMenu(loc, rows)
	if err == nil {
		err = im.w.saveMenu(ctx, m)
	}
	if skipped, err := im.stored(err, fmt.Sprintf("The menu %q", name)); skipped {
		return err
	}
	im.sum.Added.Menus++
	return nil
}

// menuRow turns a WordPress menu entry into a row: a link to an imported
// post, page or category, or an address (links to the old site become
// site paths). ok is false for an entry that leads nowhere.
func (im *importer) menuRow(ctx context.Context, it *wxr.Item) (row masthead.MenuRow, ok bool, err error) {
	kind, _ := it.MetaValue("_menu_item_type")
	object, _ := it.MetaValue("_menu_item_object")
	objectID, _ := it.MetaValue("_menu_item_object_id")
	target, _ := strconv.ParseInt(objectID, 10, 64)
	row = masthead.MenuRow{Label: strings.TrimSpace(it.Title), ExternalID: externalID("menu_item", it.ID)}
	leadsNowhere := func(what string) (masthead.MenuRow, bool, error) {
		im.sum.note(fmt.Sprintf("Menu item %d was left out: it leads to %s, which was not imported.", it.ID, what))
		return row, false, nil
	}
	switch {
	case kind == "post_type":
		id, found := im.postIDs[target]
		if !found {
			ext := externalID("post", target)
			ids, err := im.store.FindExternalIDs(ctx, masthead.ExternalArticle, []string{ext})
			if err != nil {
				return row, false, err
			}
			id, found = ids[ext]
		}
		if !found {
			return leadsNowhere(fmt.Sprintf("%s %d", object, target))
		}
		row.Kind, row.ArticleID = masthead.TargetArticle, id
		if row.Label == "" {
			if a, err := im.store.FindArticleByID(ctx, id); err == nil {
				row.Label = a.Headline
			} else if masthead.ErrorCode(err) != masthead.ENOTFOUND {
				return row, false, err
			}
		}
	case kind == "taxonomy" && object == "category":
		nicename, known := im.categoryTerms[target]
		c := im.categories[nicename]
		if !known || c == nil {
			return leadsNowhere(fmt.Sprintf("category %d", target))
		}
		row.Kind, row.SectionID = masthead.TargetSection, c.ID
		if row.Label == "" {
			row.Label = c.Name
		}
	case kind == "custom":
		u, _ := it.MetaValue("_menu_item_url")
		u = strings.TrimSpace(u)
		if u == "" || strings.HasPrefix(u, "#") {
			im.sum.note(fmt.Sprintf("Menu item %d was left out: it leads nowhere and only holds the entries under it, which move up.", it.ID))
			return row, false, nil
		}
		row.Kind, row.URL = masthead.TargetURL, im.rewriteURL(u, wphtml.Link)
	default:
		return leadsNowhere(fmt.Sprintf("a %s %q", kind, object))
	}
	if row.Label == "" {
		row.Label = "Untitled"
	}
	return row, true, nil
}
