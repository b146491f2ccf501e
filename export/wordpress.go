package export

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"masthead"
	"masthead/markdown"
	"masthead/wxr"
)

// WordPress writes the whole site to w as a WordPress export (WXR 1.2):
// staff as authors (login, display name, email; WordPress exports no
// passwords and no biographies), sections as categories, tags, menus as
// nav_menu terms, then images as attachments, articles as posts with
// their comments, and menu entries, one record at a time.
//
// Articles keep their ids as post ids, which importers keep where they
// are free, so that "/?p=ID" links follow them. WordPress numbers posts,
// attachments and menu entries in one sequence, and categories, tags and
// menus in another, so images and menu entries are numbered after the
// highest article id, and tags and menus after the sections.
//
// Bodies are the stored HTML, which is what WordPress expects in a post,
// with every site address made absolute, as WordPress writes them. A
// byline of several people is written as WordPress's Co-Authors Plus
// plugin writes one (terms of the "author" taxonomy), beside the first
// author as the post's own. What WordPress has no field for (the dek, the
// dateline, the source, an image's credit) goes into custom fields named
// masthead_*.
//
// It returns an EINVALID error for the field "base_url" when neither
// opts.BaseURL nor the site's setting gives a public address.
func WordPress(ctx context.Context, s masthead.Store, w io.Writer, opts Options) (Counts, error) {
	site, err := s.FindSite(ctx)
	if err != nil {
		return Counts{}, fmt.Errorf("read the site settings: %w", err)
	}
	base, err := baseURL(opts.BaseURL, site.BaseURL)
	if err != nil {
		return Counts{}, err
	}
	maxArticle, err := s.MaxArticleID(ctx)
	if err != nil {
		return Counts{}, err
	}
	generator := opts.Generator
	if generator == "" {
		generator = "Masthead"
	}
	sticky, err := homePins(ctx, s, opts.now())
	if err != nil {
		return Counts{}, err
	}
	ex := &wordpress{
		s: s, w: wxr.NewWriter(w), site: site, loc: site.Location(), base: base, size: opts.pageSize(),
		maxArticle: maxArticle, logins: map[int64]string{}, sticky: sticky,
	}
	err = ex.write(ctx, &wxr.Channel{
		Title: site.Title, Link: base, Description: site.Tagline, Language: site.Language,
		BaseSiteURL: base, BaseBlogURL: base, Generator: generator, PubDate: opts.now(),
	})
	return ex.counts, err
}

// baseURL returns the public address the export's links start with,
// without a final slash.
func baseURL(given, setting string) (string, error) {
	raw := given
	if raw == "" {
		raw = setting
	}
	if raw == "" {
		return "", masthead.FieldErrorf("base_url", "The export needs the site's public address for its links: give it, such as https://news.example.org, or set the site's base URL.")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
		return "", masthead.FieldErrorf("base_url", "%q is not a site's public address, such as https://news.example.org, without a path.", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}

// wordpress is one export in progress: what it learnt so far that later
// records refer to. Its maps grow with the staff and the menus, never
// with the articles.
type wordpress struct {
	s      masthead.Store
	w      *wxr.Writer
	site   *masthead.Site
	loc    *time.Location
	base   string
	size   int
	counts Counts

	// maxArticle is the highest article id; image ids follow it, and
	// menu entries follow the images.
	maxArticle int64
	maxMedia   int64
	// tagBase is the highest section id: tags' term ids follow it, and
	// menus follow the tags.
	tagBase int64
	maxTag  int64
	logins  map[int64]string // staff logins by author id, for images' uploaders
	// sticky holds the articles pinned to the home page, which WordPress
	// calls sticky posts; at most MaxPins.
	sticky map[int64]bool
}

// homePins returns the articles pinned to the home page whose pin still
// stands at now. WXR has a sticky flag and no more: the pins' order and
// expiry, and the sections' pins, have no place in it.
func homePins(ctx context.Context, s masthead.Store, now time.Time) (map[int64]bool, error) {
	pins, err := s.FindPins(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the pins: %w", err)
	}
	out := map[int64]bool{}
	for _, p := range pins {
		if p.SectionID == 0 && p.ShowsAt(now) {
			out[p.ArticleID] = true
		}
	}
	return out, nil
}

func (ex *wordpress) write(ctx context.Context, ch *wxr.Channel) error {
	if err := ex.w.WriteChannel(ch); err != nil {
		return err
	}
	err := eachAuthor(ctx, ex.s, ex.size, func(a *masthead.Author) error {
		ex.logins[a.ID] = a.Slug
		ex.counts.Authors++
		return ex.w.WriteAuthor(&wxr.Author{ID: a.ID, Login: a.Slug, Email: a.Email, DisplayName: a.Name})
	})
	if err != nil {
		return err
	}
	cats, err := sections(ctx, ex.s)
	if err != nil {
		return err
	}
	for _, c := range cats {
		ex.tagBase = max(ex.tagBase, c.ID)
		ex.counts.Sections++
		if err := ex.w.WriteCategory(&wxr.Category{TermID: c.ID, Nicename: c.Slug, Name: c.Name, Description: c.Description}); err != nil {
			return err
		}
	}
	err = eachTag(ctx, ex.s, ex.size, func(t *masthead.Tag) error {
		ex.maxTag = max(ex.maxTag, t.ID)
		ex.counts.Tags++
		return ex.w.WriteTag(&wxr.Tag{TermID: ex.tagBase + t.ID, Slug: t.Slug, Name: t.Name, Description: t.Description})
	})
	if err != nil {
		return err
	}
	menus, err := ex.s.FindMenus(ctx)
	if err != nil {
		return fmt.Errorf("read the menus: %w", err)
	}
	var saved []*masthead.Menu
	for i, loc := range masthead.MenuLocations {
		m := menus[loc]
		if m == nil || len(m.Items) == 0 {
			continue
		}
		saved = append(saved, m)
		ex.counts.Menus++
		term := &wxr.Term{TermID: ex.tagBase + ex.maxTag + int64(i) + 1, Taxonomy: "nav_menu", Slug: string(loc), Name: menuName(loc)}
		if err := ex.w.WriteTerm(term); err != nil {
			return err
		}
	}
	if err := eachMedia(ctx, ex.s, ex.size, ex.media); err != nil {
		return err
	}
	if err := eachArticle(ctx, ex.s, ex.size, func(a *masthead.Article) error { return ex.article(ctx, a) }); err != nil {
		return err
	}
	for _, m := range saved {
		if err := ex.menu(m); err != nil {
			return err
		}
	}
	return ex.w.Close()
}

// menuName names a menu location's menu as WordPress lists it; the slug
// is the location, which is how an import finds the place again.
func menuName(loc masthead.MenuLocation) string {
	switch loc {
	case masthead.MenuHeader:
		return "Header menu"
	case masthead.MenuFooter:
		return "Footer menu"
	}
	return string(loc)
}

// wall returns t as the site's wall clock, which WXR writes without a
// zone beside the time in UTC.
func (ex *wordpress) wall(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	l := t.In(ex.loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
}

// postLink is the address WordPress writes for a post that has none yet.
func (ex *wordpress) postLink(id int64) string {
	return ex.base + "/?p=" + strconv.FormatInt(id, 10)
}

// attachmentID is the post id of an image in the export.
func (ex *wordpress) attachmentID(mediaID int64) int64 { return ex.maxArticle + mediaID }

// media writes an image as an attachment: its file's public address, its
// description as WordPress's alternative text and its caption as the
// attachment's excerpt, as WordPress keeps them.
func (ex *wordpress) media(m *masthead.Media) error {
	ex.maxMedia = max(ex.maxMedia, m.ID)
	ex.counts.Media++
	fileURL := ex.base + m.Path()
	title := strings.TrimSuffix(m.OriginalName, path.Ext(m.OriginalName))
	if title == "" {
		title = strings.TrimSuffix(m.Name, path.Ext(m.Name))
	}
	// The file's name is also where a flat copy of the media files has
	// it; an import finds it in a copy of the media directory too. The
	// metadata lists the smaller widths as WordPress lists its copies, so
	// that their addresses in bodies follow the image.
	md := wxr.ImageMetadata{Width: m.Width, Height: m.Height, File: m.Name}
	for _, v := range m.Variants {
		md.Sizes = append(md.Sizes, wxr.ImageSize{Name: "masthead-" + strconv.Itoa(v.Width), File: v.Name,
			Width: v.Width, Height: max(1, m.Height*v.Width/max(1, m.Width))})
	}
	meta := []wxr.Meta{{Key: "_wp_attached_file", Value: m.Name}, {Key: "_wp_attachment_metadata", Value: wxr.FormatImageMetadata(md)},
		{Key: "_wp_attachment_image_alt", Value: m.AltText}}
	if m.Credit != "" {
		meta = append(meta, wxr.Meta{Key: "masthead_credit", Value: m.Credit})
	}
	if m.OriginalName != "" {
		meta = append(meta, wxr.Meta{Key: "masthead_original_name", Value: m.OriginalName})
	}
	id := ex.attachmentID(m.ID)
	return ex.w.WriteItem(&wxr.Item{
		ID: id, Title: title, Link: fileURL, GUID: fileURL, Creator: ex.logins[m.UploadedBy],
		Excerpt: escapeText(m.Caption),
		Date:    ex.wall(m.CreatedAt), DateGMT: m.CreatedAt.UTC(), Modified: ex.wall(m.CreatedAt), ModifiedGMT: m.CreatedAt.UTC(),
		CommentStatus: "closed", PingStatus: "closed", Name: masthead.Slugify(title), Status: "inherit",
		Type: "attachment", AttachmentURL: fileURL, Meta: meta,
	})
}

// postType is an article's WordPress post type: "page" for the site's
// pages, whose item's Parent is their parent page's id.
func postType(a *masthead.Article) string {
	if a.IsPage() {
		return "page"
	}
	return "post"
}

// postStatus maps Masthead's statuses to WordPress's, which has one for
// each.
func postStatus(s masthead.Status) string {
	switch s {
	case masthead.StatusPublished:
		return "publish"
	case masthead.StatusScheduled:
		return "future"
	case masthead.StatusPending:
		return "pending"
	}
	return "draft"
}

// article writes an article as a post, with its comments.
func (ex *wordpress) article(ctx context.Context, a *masthead.Article) error {
	ex.counts.Articles++
	link := ex.postLink(a.ID)
	// WordPress's post date is the publication's, or for a draft when it
	// was written.
	date := a.CreatedAt
	if a.Status == masthead.StatusPublished || a.Status == masthead.StatusScheduled {
		link, date = ex.base+a.Path(ex.loc), a.PublishedAt
	}
	it := &wxr.Item{
		ID: a.ID, Title: a.Headline, Link: link, GUID: ex.postLink(a.ID),
		// An embed leaves as the link it was written as, which an
		// import (WordPress's or Masthead's) makes an embed again.
		Content: absoluteURLs(markdown.EmbedsAsLinks(a.BodyHTML), ex.base),
		Date:    ex.wall(date), DateGMT: date.UTC(), Modified: ex.wall(a.UpdatedAt), ModifiedGMT: a.UpdatedAt.UTC(),
		CommentStatus: "closed", PingStatus: "closed", Name: a.Slug, Status: postStatus(a.Status), Type: postType(a),
		Parent: a.ParentID, Sticky: ex.sticky[a.ID],
	}
	if a.CommentsOpen {
		it.CommentStatus = "open"
	}
	if !a.ExcerptGenerated {
		it.Excerpt = escapeText(a.Excerpt)
	}
	if len(a.Authors) > 0 {
		it.Creator = a.Authors[0].Slug
	}
	if a.Category != nil {
		it.Terms = append(it.Terms, wxr.TermRef{Domain: "category", Nicename: a.Category.Slug, Name: a.Category.Name})
	}
	for _, t := range a.Tags {
		it.Terms = append(it.Terms, wxr.TermRef{Domain: "post_tag", Nicename: t.Slug, Name: t.Name})
	}
	if len(a.Authors) > 1 {
		for _, au := range a.Authors {
			it.Terms = append(it.Terms, wxr.TermRef{Domain: "author", Nicename: "cap-" + au.Slug, Name: au.Slug})
		}
	}
	if a.FeaturedImage != nil {
		it.Meta = append(it.Meta, wxr.Meta{Key: "_thumbnail_id", Value: strconv.FormatInt(ex.attachmentID(a.FeaturedImage.ID), 10)})
	}
	for _, m := range []wxr.Meta{
		{Key: "masthead_dek", Value: a.Dek}, {Key: "masthead_dateline", Value: a.Dateline},
		{Key: "masthead_source_name", Value: a.SourceName}, {Key: "masthead_source_url", Value: a.SourceURL},
	} {
		if m.Value != "" {
			it.Meta = append(it.Meta, m)
		}
	}
	if err := ex.w.OpenItem(it); err != nil {
		return err
	}
	err := eachComment(ctx, ex.s, masthead.CommentFilter{ArticleID: a.ID}, ex.size, func(c *masthead.Comment) error {
		ex.counts.Comments++
		return ex.w.WriteComment(ex.comment(c))
	})
	if err != nil {
		return err
	}
	return ex.w.CloseItem()
}

// comment maps a comment to WordPress's. Its text is plain, and WordPress
// reads a comment as HTML, so its markup characters are escaped.
func (ex *wordpress) comment(c *masthead.Comment) *wxr.Comment {
	ip := ""
	if _, err := netip.ParseAddr(c.IP); err == nil {
		ip = c.IP // the network as Masthead keeps it, never more
	}
	return &wxr.Comment{
		ID: c.ID, Author: c.AuthorName, AuthorEmail: c.AuthorEmail, AuthorURL: c.AuthorURL, AuthorIP: ip,
		Date: ex.wall(c.CreatedAt), DateGMT: c.CreatedAt.UTC(), Content: escapeText(c.Body),
		Approved: commentApproved(c.Status), Type: "comment", Parent: c.ParentID,
	}
}

// commentApproved maps a comment's status to WordPress's comment_approved.
func commentApproved(s masthead.CommentStatus) string {
	switch s {
	case masthead.CommentApproved:
		return "1"
	case masthead.CommentSpam:
		return "spam"
	case masthead.CommentTrash:
		return "trash"
	}
	return "0"
}

// menu writes a menu's entries as WordPress's nav_menu_items, in order,
// each child after its parent. An entry whose target is gone is left out
// (the site does not show it either), and its children move to the top.
func (ex *wordpress) menu(m *masthead.Menu) error {
	itemBase := ex.maxArticle + ex.maxMedia
	written := map[int64]bool{}
	var err error
	m.Walk(func(n int, it *masthead.MenuItem, parent *masthead.MenuItem) {
		if err != nil {
			return
		}
		id := itemBase + it.ID
		var kind, object, objectID, target string
		switch it.Kind {
		case masthead.TargetSection:
			if it.Section == nil {
				return
			}
			kind, object, objectID = "taxonomy", "category", strconv.FormatInt(it.SectionID, 10)
		case masthead.TargetArticle:
			if it.Article == nil {
				return
			}
			kind, object, objectID = "post_type", postType(it.Article), strconv.FormatInt(it.ArticleID, 10)
		default:
			kind, object, objectID, target = "custom", "custom", strconv.FormatInt(id, 10), it.URL
			if strings.HasPrefix(target, "/") && !strings.HasPrefix(target, "//") {
				target = ex.base + target
			}
		}
		parentID := "0"
		if parent != nil && written[parent.ID] {
			parentID = strconv.FormatInt(itemBase+parent.ID, 10)
		}
		written[it.ID] = true
		ex.counts.MenuItems++
		err = ex.w.WriteItem(&wxr.Item{
			ID: id, Title: it.Label, Link: ex.postLink(id), GUID: ex.postLink(id),
			Date: ex.wall(m.UpdatedAt), DateGMT: m.UpdatedAt.UTC(), Modified: ex.wall(m.UpdatedAt), ModifiedGMT: m.UpdatedAt.UTC(),
			CommentStatus: "closed", PingStatus: "closed", Name: strconv.FormatInt(id, 10), Status: "publish",
			MenuOrder: n + 1, Type: "nav_menu_item",
			Terms: []wxr.TermRef{{Domain: "nav_menu", Nicename: string(m.Location), Name: menuName(m.Location)}},
			Meta: []wxr.Meta{
				{Key: "_menu_item_type", Value: kind},
				{Key: "_menu_item_menu_item_parent", Value: parentID},
				{Key: "_menu_item_object_id", Value: objectID},
				{Key: "_menu_item_object", Value: object},
				{Key: "_menu_item_target", Value: ""},
				{Key: "_menu_item_classes", Value: `a:1:{i:0;s:0:"";}`}, // PHP's serialised array of one empty class, as WordPress stores none
				{Key: "_menu_item_xfn", Value: ""},
				{Key: "_menu_item_url", Value: target},
			},
		})
	})
	return err
}

// escapeText makes plain text read as itself where WordPress reads HTML.
var escapeText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
