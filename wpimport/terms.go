package wpimport

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"strings"

	"masthead"
	"masthead/wxr"
)

// author returns the staff member for a WordPress login: the one an
// earlier run imported, else the existing staff member with the same
// email address, else a new one made from the export's definition (def),
// or from the login alone when the export does not define it. New authors
// have no password: they cannot sign in until an admin sets one.
func (im *importer) author(ctx context.Context, login string, def *wxr.Author) (*masthead.Author, error) {
	if a, ok := im.authors[login]; ok {
		return a, nil
	}
	ext := externalID("author", login)
	ids, err := im.store.FindExternalIDs(ctx, masthead.ExternalAuthor, []string{ext})
	if err != nil {
		return nil, err
	}
	if id, ok := ids[ext]; ok {
		a, err := im.store.FindAuthorByID(ctx, id)
		if err != nil {
			return nil, err
		}
		im.authors[login] = a
		im.sum.Found.Authors++
		return a, im.authorRedirect(ctx, login, a)
	}

	name, email := login, ""
	if def != nil {
		if n := strings.TrimSpace(html.UnescapeString(def.DisplayName)); n != "" {
			name = n
		}
		email = strings.TrimSpace(def.Email)
	} else {
		im.sum.note(fmt.Sprintf("The author %q is not in the export's list of authors; they were added with their login as their name.", login))
	}
	if email != "" {
		existing, _, err := im.store.FindAuthorByEmail(ctx, email)
		switch masthead.ErrorCode(err) {
		case "":
			if existing.ExternalID == "" {
				existing.ExternalID = ext
				if err := im.w.updateAuthor(ctx, existing); err != nil {
					return nil, fmt.Errorf("link the author %q: %w", login, err)
				}
			}
			im.sum.note(fmt.Sprintf("The WordPress author %q is %s, the staff member with the same email address.", login, existing.Name))
			im.authors[login] = existing
			im.sum.Found.Authors++
			return existing, im.authorRedirect(ctx, login, existing)
		case masthead.ENOTFOUND:
		default:
			return nil, err
		}
	}

	a := &masthead.Author{Name: name, Role: masthead.RoleAuthor, Email: email, ExternalID: ext}
	if a.Email != "" && (&masthead.Author{Name: "x", Slug: "x", Role: masthead.RoleAuthor, Email: a.Email}).Validate() != nil {
		a.Email = ""
		im.sum.note(fmt.Sprintf("The author %q has an email address that is not valid; they were added without one.", login))
	}
	base := masthead.Slugify(login)
	if base == "" {
		base = masthead.Slugify(name)
	}
	if base == "" {
		base = "author"
	}
	for n := 1; ; n++ {
		slug := masthead.NumberedSlug(base, n)
		if im.authorSlugs[slug] {
			continue
		}
		_, err := im.store.FindAuthorBySlug(ctx, slug)
		if masthead.ErrorCode(err) == masthead.ENOTFOUND {
			a.Slug = slug
			break
		} else if err != nil {
			return nil, err
		}
	}
	if a.Slug != base {
		im.sum.note(fmt.Sprintf("The author page address %q belongs to another staff member, so the author %q is at %q.", "/author/"+base+"/", login, a.Path()))
	}
	if skipped, err := im.stored(im.w.createAuthor(ctx, a), fmt.Sprintf("The author %q", login)); skipped {
		return nil, err
	}
	im.authorSlugs[a.Slug] = true
	im.authors[login] = a
	im.sum.Added.Authors++
	return a, im.authorRedirect(ctx, login, a)
}

// authorRedirect keeps WordPress's address of an author's page, which is
// made from the login, when Masthead's differs.
func (im *importer) authorRedirect(ctx context.Context, login string, a *masthead.Author) error {
	old := strings.ToLower(login)
	if old == "" || strings.ContainsAny(old, "/?#") {
		return nil
	}
	return im.redirect(ctx, "/author/"+old+"/", a.Path())
}

// termSlug turns a WordPress nicename, which WordPress percent-encodes
// when it holds other letters than ASCII, into a Masthead slug, and
// returns the nicename decoded too, as old addresses arrive.
func termSlug(nicename, name string) (slug, decoded string) {
	decoded, err := url.PathUnescape(nicename)
	if err != nil {
		decoded = nicename
	}
	slug = decoded
	if !masthead.ValidSlug(slug) {
		slug = masthead.Slugify(decoded)
	}
	if slug == "" {
		slug = masthead.Slugify(name)
	}
	return slug, decoded
}

// termNames cleans a WordPress term's name and works out its slug and
// the decoded nicename of its old address; ok is false, after saying so,
// for a term with neither a name nor a slug Masthead can use.
func (im *importer) termNames(kind, nicename, name string) (cleanName, slug, decoded, what string, ok bool) {
	cleanName = strings.TrimSpace(html.UnescapeString(name))
	slug, decoded = termSlug(nicename, cleanName)
	if cleanName == "" {
		cleanName = decoded
	}
	what = fmt.Sprintf("The %s %q", kind, nicename)
	if slug == "" {
		im.sum.problem(what + " has no name or slug Masthead can use, so it was not imported.")
		return "", "", "", what, false
	}
	return cleanName, slug, decoded, what, true
}

// category returns the section for a WordPress category, by nicename:
// imported before, else the existing section with the same slug, else a
// new one. Masthead's sections are flat: a subcategory becomes a section
// of its own, and its old hierarchical address redirects to it.
func (im *importer) category(ctx context.Context, nicename, name, description string) (*masthead.Category, error) {
	if c, ok := im.categories[nicename]; ok {
		return c, nil
	}
	name, slug, _, what, ok := im.termNames("category", nicename, name)
	if !ok {
		return nil, nil
	}
	c, err := im.findCategory(ctx, nicename, slug)
	if err != nil {
		return nil, err
	}
	if c == nil {
		c = &masthead.Category{Name: name, Slug: slug, Description: strings.TrimSpace(html.UnescapeString(description)), ExternalID: externalID("category", nicename)}
		if skipped, err := im.stored(im.w.createCategory(ctx, c), what); skipped {
			return nil, err
		}
		im.sum.Added.Sections++
	} else {
		im.sum.Found.Sections++
	}
	im.categories[nicename] = c
	im.categorySlugs[c.Slug] = c
	return c, im.redirect(ctx, "/category/"+im.categoryPath(nicename)+"/", c.Path())
}

// findCategory returns the section an earlier run made for nicename, or
// the one that has its slug, or nil. The site's sections are few and were
// all read at the start.
func (im *importer) findCategory(ctx context.Context, nicename, slug string) (*masthead.Category, error) {
	if c, ok := im.categoryByExt[externalID("category", nicename)]; ok {
		return c, nil
	}
	return im.categorySlugs[slug], nil
}

// categoryPath is the path WordPress gave a category below /category/:
// its parents' nicenames, then its own, as addresses arrive (decoded).
func (im *importer) categoryPath(nicename string) string {
	parts := []string{}
	for n, depth := nicename, 0; n != "" && depth < 20; n, depth = im.parents[n], depth+1 {
		_, decoded := termSlug(n, "")
		parts = append([]string{decoded}, parts...)
	}
	return strings.Join(parts, "/")
}

// tag returns the Masthead tag for a WordPress tag, by nicename: imported
// before, else the existing tag with the same slug, else a new one.
func (im *importer) tag(ctx context.Context, nicename, name, description string) (*masthead.Tag, error) {
	if t, ok := im.tags[nicename]; ok {
		return t, nil
	}
	name, slug, decoded, what, ok := im.termNames("tag", nicename, name)
	if !ok {
		return nil, nil
	}
	ext := externalID("tag", nicename)
	ids, err := im.store.FindExternalIDs(ctx, masthead.ExternalTag, []string{ext})
	if err != nil {
		return nil, err
	}
	t, ok := im.tagSlugs[slug]
	if !ok {
		found, err := im.store.FindTagBySlug(ctx, slug)
		switch masthead.ErrorCode(err) {
		case "":
			t = found
		case masthead.ENOTFOUND:
		default:
			return nil, err
		}
	}
	if id, ok := ids[ext]; ok && (t == nil || t.ID != id) {
		// Imported before and renamed since: the rename left its own
		// redirect, and the tag is the imported one.
		im.tags[nicename] = &masthead.Tag{ID: id}
		im.sum.Found.Tags++
		return im.tags[nicename], nil
	}
	if t == nil {
		t = &masthead.Tag{Name: name, Slug: slug, Description: strings.TrimSpace(html.UnescapeString(description)), ExternalID: ext}
		if skipped, err := im.stored(im.w.createTag(ctx, t), what); skipped {
			return nil, err
		}
		im.sum.Added.Tags++
	} else {
		im.sum.Found.Tags++
	}
	im.tags[nicename] = t
	im.tagSlugs[t.Slug] = t
	return t, im.redirect(ctx, "/tag/"+decoded+"/", t.Path())
}

// redirect makes from answer with a permanent redirect to to, unless it
// already does or the two are the same.
func (im *importer) redirect(ctx context.Context, from, to string) error {
	if from == to || from == "" {
		return nil
	}
	if live, err := im.livePath(ctx, from); err != nil || live {
		if live {
			im.sum.note(fmt.Sprintf("The old address %s is another page's now, so it does not redirect to %s.", from, to))
		}
		return err
	}
	_, stored, err := im.store.FindRedirect(ctx, []string{from})
	switch masthead.ErrorCode(err) {
	case "":
		if stored == to {
			return nil
		}
	case masthead.ENOTFOUND:
	default:
		return err
	}
	if skipped, err := im.stored(im.w.addRedirect(ctx, from, to), fmt.Sprintf("The redirect from %s", from)); skipped {
		return err
	}
	im.sum.Added.Redirects++
	return nil
}

// livePath reports whether p is the address of a page on the site now (an
// article, a section, a tag or an author), which a redirect must not take
// over: a redirect answers only where nothing else does, and it would
// turn the page's own later moves into chains.
func (im *importer) livePath(ctx context.Context, p string) (bool, error) {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if !strings.HasSuffix(p, "/") {
		return false, nil
	}
	var err error
	switch {
	case len(parts) == 4 && len(parts[0]) == 4 && len(parts[1]) == 2 && len(parts[2]) == 2:
		var a *masthead.Article
		if a, err = im.store.FindArticleBySlug(ctx, parts[3]); err == nil {
			return a.Path(im.site.Location()) == p, nil
		}
	case len(parts) == 2 && parts[0] == "category":
		return im.categorySlugs[parts[1]] != nil, nil
	case len(parts) == 2 && parts[0] == "tag":
		if im.tagSlugs[parts[1]] != nil {
			return true, nil
		}
		_, err = im.store.FindTagBySlug(ctx, parts[1])
	case len(parts) == 2 && parts[0] == "author":
		if im.authorSlugs[parts[1]] {
			return true, nil
		}
		_, err = im.store.FindAuthorBySlug(ctx, parts[1])
	default:
		return false, nil
	}
	switch masthead.ErrorCode(err) {
	case "":
		return true, nil
	case masthead.ENOTFOUND:
		return false, nil
	}
	return false, err
}
