package wpimport

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"masthead"
	"masthead/content"
	"masthead/markdown"
	"masthead/wphtml"
	"masthead/wxr"
)

// body turns a WordPress post's HTML into the Markdown Masthead stores,
// through package wphtml. Links to the old site become site paths, which
// either are the new addresses or redirect to them in one hop; images and
// files that were imported point at their new files (see media.go). What
// the conversion could not carry over is said in the summary; a body it
// fails on keeps its HTML, without the block editor's comments, which
// Masthead's renderer sanitises like any HTML.
func (im *importer) body(it *wxr.Item, what string) string {
	if im.withUploads() {
		b := &bodyImages{alts: imageAlts(it.Content), at: firstTime(it.DateGMT, it.Date)}
		if au, ok := im.authors[strings.TrimSpace(it.Creator)]; ok && au.ID > 0 {
			b.by = au.ID
		}
		im.media.body = b
		defer func() { im.media.body = nil }()
	}
	res, err := wphtml.ToMarkdown(it.Content, wphtml.Options{Rewrite: im.rewriteURL})
	if err != nil {
		im.sum.note(what + " kept its HTML, because it could not be turned into Markdown.")
		return StripBlockComments(it.Content)
	}
	if len(res.KeptShortcodes) > 0 {
		im.sum.note(fmt.Sprintf("%s uses shortcodes Masthead does not know (%s); they stay as text.", what, strings.Join(res.KeptShortcodes, ", ")))
	}
	if len(res.DynamicBlocks) > 0 {
		im.sum.note(fmt.Sprintf("%s has blocks that WordPress fills in as it shows the page (%s); they are left out.", what, strings.Join(res.DynamicBlocks, ", ")))
	}
	return res.Markdown
}

// rewriteURL makes a link to a page of the old site a site path, so that
// the body no longer leads to the old host, and an image or file of the
// old site the new file.
func (im *importer) rewriteURL(raw string, kind wphtml.Kind) string {
	if kind != wphtml.Link {
		return im.mediaURL(raw, kind)
	}
	if im.channel == nil {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	for _, base := range []string{im.channel.BaseBlogURL, im.channel.BaseSiteURL, im.channel.Link} {
		b, err := url.Parse(base)
		if err != nil || b.Host == "" || !strings.EqualFold(b.Host, u.Host) {
			continue
		}
		p := "/" + strings.TrimPrefix(strings.TrimPrefix(u.EscapedPath(), strings.TrimSuffix(b.EscapedPath(), "/")), "/")
		if !masthead.IsSitePath(p) {
			return raw
		}
		if u.RawQuery != "" {
			p += "?" + u.RawQuery
		}
		if u.Fragment != "" {
			p += "#" + u.EscapedFragment()
		}
		return p
	}
	return raw
}

// blockComment matches the block editor's delimiters, opening and closing,
// with their JSON attributes.
var blockComment = regexp.MustCompile(`(?s)<!--\s*/?wp:.*?-->[ \t]*\n?`)

// manyBlankLines matches the gaps the dropped delimiters leave.
var manyBlankLines = regexp.MustCompile(`\n{3,}`)

// StripBlockComments drops the block editor's comments from a body and
// the blank lines they leave behind.
func StripBlockComments(body string) string {
	body = blockComment.ReplaceAllString(body, "")
	return strings.TrimSpace(manyBlankLines.ReplaceAllString(body, "\n\n"))
}

// articleStatus maps a WordPress post status to Masthead's. Private posts,
// which only logged-in staff saw, become drafts: Masthead has no private
// articles, and a draft stays with the newsroom. ok is false for posts
// that are not imported, with the reason.
func articleStatus(wp string) (status masthead.Status, reason string, ok bool) {
	switch wp {
	case "publish":
		return masthead.StatusPublished, "", true
	case "future":
		return masthead.StatusScheduled, "", true
	case "draft":
		return masthead.StatusDraft, "", true
	case "pending":
		return masthead.StatusPending, "", true
	case "private":
		return masthead.StatusDraft, "", true
	case "trash":
		return "", "posts in WordPress's trash are not imported", false
	case "auto-draft":
		return "", "automatic drafts are not imported", false
	case "inherit":
		return "", "revisions are not imported", false
	}
	return "", fmt.Sprintf("posts with the status %q are not imported", wp), false
}

// itemName names an item for the summary: "Post 12", "Page 7".
func itemName(it *wxr.Item) string {
	if it.Type == "page" {
		return fmt.Sprintf("Page %d", it.ID)
	}
	return fmt.Sprintf("Post %d", it.ID)
}

// post imports one post or page with its comments and redirects. A page
// whose parent has not come yet waits for the end of the file.
func (im *importer) post(ctx context.Context, it *wxr.Item) error {
	if it.ID <= 0 {
		im.sum.problem(fmt.Sprintf("The %s at line %d has no post id, which an import needs to recognise it when run again, so it was not imported.", itemKind(it), it.Line))
		return nil
	}
	what := itemName(it)
	status, reason, ok := articleStatus(it.Status)
	if !ok {
		im.sum.skip(reason)
		im.skipComments(it)
		return nil
	}
	ext := externalID("post", it.ID)
	ids, err := im.store.FindExternalIDs(ctx, masthead.ExternalArticle, []string{ext})
	if err != nil {
		return err
	}
	if id, ok := ids[ext]; ok {
		a, err := im.store.FindArticleByID(ctx, id)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if a.IsPage() {
			im.sum.Found.Pages++
		} else {
			im.sum.Found.Articles++
		}
		if err := im.afterPost(it, a); err != nil {
			return err
		}
		im.sticky(it, a)
		if err := im.postRedirects(ctx, it, a); err != nil {
			return err
		}
		return im.comments(ctx, it, a)
	}

	var parent int64
	if it.Type == "page" && it.Parent != 0 {
		var found bool
		if parent, found, err = im.parentPage(ctx, it); err != nil || !found {
			return err
		}
	}
	a, err := im.article(ctx, it, status)
	if err != nil || a == nil {
		im.skipComments(it)
		return err
	}
	if it.Type == "page" {
		im.asPage(a, parent, what)
	}
	wanted := "" // the slug WordPress gave it, if any
	if it.Name != "" {
		wanted = a.Slug
	}
	// The post keeps its WordPress id where it is free, so that "/?p=ID"
	// links keep working; the store refuses a taken one.
	a.ID = it.ID
	err = im.w.createArticle(ctx, a)
	if masthead.ErrorCode(err) == masthead.ECONFLICT && masthead.ErrorField(err) == "id" {
		a.ID = 0
		err = im.w.createArticle(ctx, a)
	}
	if skipped, err := im.stored(err, what); skipped {
		im.skipComments(it)
		return err
	}
	im.postIDs[it.ID] = a.ID
	if a.ID != it.ID {
		im.sum.note(fmt.Sprintf("%s could not keep its id, which another article has; it is article %d, and /?p=%d redirects to it.", what, a.ID, it.ID))
	}
	if wanted != "" && a.Slug != wanted {
		im.sum.note(fmt.Sprintf("%s's address %q is taken by another article, so it is %q.", what, wanted, a.Slug))
	}
	if a.IsPage() {
		im.sum.Added.Pages++
	} else {
		im.sum.Added.Articles++
		im.sum.ArticlesByStatus[a.Status]++
	}
	if err := im.afterPost(it, a); err != nil {
		return err
	}
	im.sticky(it, a)
	if err := im.postRedirects(ctx, it, a); err != nil {
		return err
	}
	return im.comments(ctx, it, a)
}

// article builds the Masthead article for a post, or returns nil after
// describing why the post cannot be imported.
func (im *importer) article(ctx context.Context, it *wxr.Item, status masthead.Status) (*masthead.Article, error) {
	what := itemName(it)
	login := strings.TrimSpace(it.Creator)
	if login == "" {
		im.sum.problem(what + " names no author, and every article needs one, so it was not imported.")
		return nil, nil
	}
	au, err := im.author(ctx, login, nil)
	if err != nil || au == nil {
		if err == nil {
			im.sum.problem(fmt.Sprintf("%s was not imported: its author %q could not be added.", what, login))
		}
		return nil, err
	}
	if it.Status == "private" {
		im.sum.note(what + " was private, which Masthead's articles cannot be, so it is a draft.")
	}
	if it.Password != "" {
		status = masthead.StatusDraft
		im.sum.note(what + " was protected by a password, which Masthead's articles cannot be, so it is a draft.")
	}
	a := &masthead.Article{
		Headline:     im.headline(it),
		BodySource:   im.body(it, what),
		Status:       status,
		Authors:      []*masthead.Author{au},
		CommentsOpen: it.CommentStatus == "open",
		ExternalID:   externalID("post", it.ID),
	}
	if err := im.byline(ctx, it, a); err != nil {
		return nil, err
	}
	im.mastheadFields(it, a)
	if excerpt := markdown.PlainText(it.Excerpt); excerpt != "" {
		a.Excerpt = excerpt // written by hand in WordPress; otherwise one is made
	}
	if it.Name != "" {
		slug, _ := termSlug(it.Name, "")
		a.Slug, a.SlugGenerated = slug, true // a taken one gets the next number
	}
	a.CreatedAt = firstTime(it.DateGMT, it.Date)
	a.UpdatedAt = firstTime(it.ModifiedGMT, it.Modified, a.CreatedAt)
	if status == masthead.StatusPublished || status == masthead.StatusScheduled {
		a.PublishedAt = a.CreatedAt
	}
	var sections []string
	for _, ref := range it.Terms {
		switch ref.Domain {
		case "category":
			c, err := im.category(ctx, ref.Nicename, ref.Name, "")
			if err != nil {
				return nil, err
			}
			if c == nil {
				continue
			}
			if a.Category == nil {
				a.Category = c
			} else if c.ID != a.Category.ID {
				sections = append(sections, c.Name)
			}
		case "post_tag":
			t, err := im.tag(ctx, ref.Nicename, ref.Name, "")
			if err != nil {
				return nil, err
			}
			if t != nil {
				a.Tags = append(a.Tags, t)
			}
		}
	}
	if len(sections) > 0 {
		im.sum.note(fmt.Sprintf("%s was in several categories; its section is the first, %s, and it is not in %s.", what, a.Category.Name, strings.Join(sections, ", ")))
	}
	if a.FeaturedImage, err = im.featuredImage(ctx, it); err != nil {
		return nil, err
	}
	if err := content.PrepareArticleWith(ctx, a, im.store); err != nil {
		return nil, err
	}
	if err := a.Validate(); err != nil {
		if _, fatal := im.stored(err, what); fatal != nil {
			return nil, fatal
		}
		return nil, nil
	}
	return a, nil
}

// byline adds the other people of a byline of several, which WordPress
// keeps with the Co-Authors Plus plugin (and Masthead's export writes the
// same way): "author" terms naming each login, in the byline's order. The
// post's own author leads the byline unless the terms place them.
func (im *importer) byline(ctx context.Context, it *wxr.Item, a *masthead.Article) error {
	var byline []*masthead.Author
	for _, ref := range it.Terms {
		if ref.Domain != "author" {
			continue
		}
		login := strings.TrimSpace(html.UnescapeString(ref.Name))
		if login == "" {
			login = strings.TrimPrefix(ref.Nicename, "cap-")
		}
		au, err := im.author(ctx, login, nil)
		if err != nil {
			return err
		}
		if au != nil && !slices.ContainsFunc(byline, func(b *masthead.Author) bool { return b.ID == au.ID }) {
			byline = append(byline, au)
		}
	}
	if len(byline) == 0 {
		return nil
	}
	if !slices.ContainsFunc(byline, func(b *masthead.Author) bool { return b.ID == a.Authors[0].ID }) {
		byline = append([]*masthead.Author{a.Authors[0]}, byline...)
	}
	a.Authors = byline
	return nil
}

// mastheadFields reads the custom fields Masthead's export writes for
// what WordPress has no field for: the dek, the dateline and the source.
// A value the article could not keep is left out and said.
func (im *importer) mastheadFields(it *wxr.Item, a *masthead.Article) {
	if v, ok := it.MetaValue("masthead_dek"); ok {
		if len([]rune(v)) <= masthead.MaxDekLength {
			a.Dek = v
		} else {
			im.sum.note(fmt.Sprintf("Post %d's dek was longer than a dek may be, so it was left out.", it.ID))
		}
	}
	a.Dateline, _ = it.MetaValue("masthead_dateline")
	a.SourceName, _ = it.MetaValue("masthead_source_name")
	if v, ok := it.MetaValue("masthead_source_url"); ok {
		if masthead.IsWebURL(v) {
			a.SourceURL = v
		} else {
			im.sum.note(fmt.Sprintf("Post %d's source link is not a web address, so it was left out.", it.ID))
		}
	}
}

// headline returns a post's title as a headline. WordPress allows posts
// without a title, Masthead does not: such a post gets its first words.
func (im *importer) headline(it *wxr.Item) string {
	title := strings.Join(strings.Fields(html.UnescapeString(it.Title)), " ")
	if title != "" {
		if r := []rune(title); len(r) > masthead.MaxHeadlineLength {
			title = strings.TrimSpace(string(r[:masthead.MaxHeadlineLength-1])) + "…"
			im.sum.note(fmt.Sprintf("Post %d's title was longer than a headline may be, so it was shortened.", it.ID))
		}
		return title
	}
	words := strings.Fields(markdown.PlainText(it.Content))
	if len(words) > 8 {
		words = append(words[:8], "…")
	}
	title = strings.Join(words, " ")
	if title == "" {
		title = "Untitled"
	}
	im.sum.note(fmt.Sprintf("Post %d had no title, so its headline is %q.", it.ID, title))
	return title
}

// firstTime returns the first of times that is set.
func firstTime(times ...time.Time) time.Time {
	for _, t := range times {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// postRedirects keeps the old addresses of a post readers may see (or
// will, once it is due): its <link>, whatever permalink structure the old
// site had, and "/?p=ID" when the post could not keep its id.
func (im *importer) postRedirects(ctx context.Context, it *wxr.Item, a *masthead.Article) error {
	if a.Status != masthead.StatusPublished && a.Status != masthead.StatusScheduled {
		return nil
	}
	to := a.Path(im.site.Location())
	if from, ok := oldPath(it.Link); ok {
		if err := im.redirect(ctx, from, to); err != nil {
			return err
		}
	}
	if a.ID != it.ID {
		return im.redirect(ctx, "/?p="+strconv.FormatInt(it.ID, 10), to)
	}
	return nil
}

// oldPath returns the path of an old address as requests for it arrive
// (decoded), with the trailing slash Masthead's pages have unless it names
// a file. Addresses with a query ("/?p=12", WordPress's plain links) are
// not paths, and the front page is no post's.
func oldPath(link string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || u.RawQuery != "" || u.Path == "" || u.Path == "/" {
		return "", false
	}
	p := u.Path
	if !strings.HasSuffix(p, "/") && !strings.Contains(path.Base(p), ".") {
		p += "/"
	}
	return p, true
}

// skipComments counts the comments of an item that was not imported.
func (im *importer) skipComments(it *wxr.Item) {
	for range it.Comments {
		im.sum.skip("comments on posts that were not imported are not imported")
	}
}
