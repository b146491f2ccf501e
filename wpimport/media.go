package wpimport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"masthead"
	"masthead/content"
	"masthead/markdown"
	"masthead/media"
	"masthead/wphtml"
	"masthead/wxr"
)

// How media come over, with Options.Uploads (a copy of the old site's
// wp-content/uploads):
//
//   - Each attachment whose file is an image goes through media.Process,
//     like any upload, and into the library, remembered by its WordPress
//     id ("wordpress:attachment:12"). Other files (PDFs, audio, video) are
//     not imported yet and keep their original addresses.
//   - The old address of the file, and of every smaller copy WordPress
//     made of it, redirects to the new file (the copy to the Masthead
//     width that fits it best). Those redirects are also how bodies find
//     the new files: an image's source or a link into the uploads
//     directory becomes the address its old one redirects to, so that a
//     body and an old link always agree.
//   - The attachment's page redirects to the article it was uploaded to,
//     else to the file.
//
// Exports list items by id, and WordPress gives a post its id when the
// editor opens, before its images are uploaded: an attachment often comes
// after the post that shows it. Such posts are remembered (their article
// id and the attachment they lead with, a few bytes each) and finished in
// a second pass at the end, which sets their featured image and points
// their bodies at the files imported since; attachment pages whose article
// came later are finished there too. A run stopped before that pass
// leaves those articles as they were, and the next run, which finds them
// imported, finishes them.

// mediaImport is what an import with uploads keeps about media.
type mediaImport struct {
	// ctx is the context of the run: wphtml calls Options.Rewrite, which
	// looks up where an old file went, without one.
	ctx context.Context
	// err is the first store failure a body's conversion met, reported
	// once the conversion returns.
	err error
	// hosts are the old site's host names, lower case and without
	// "www.", where its uploads are.
	hosts map[string]bool
	// sameImage maps attachments whose image was already in the library
	// (another attachment of the same file, an upload) to that image.
	sameImage map[int64]int64
	// posts and pages wait for the second pass.
	posts []pendingPost
	pages []pendingPage
	// body is the body being converted, for the images it brings in.
	body *bodyImages
	// fromBodies are the images bodies brought in during this run that no
	// attachment has adopted yet, by id; failed are files of the uploads
	// that bodies show and that could not come over, by path.
	fromBodies map[int64]bodyMade
	failed     map[string]bool
	// A dry run stores nothing, so it remembers the files it would have
	// brought in: by attachments (dryFiles) and by bodies (dryBodies), by
	// their "wordpress:file:" ids. Like the dry run's slugs, these grow
	// with the export.
	dryFiles  map[string]bool
	dryBodies map[string]bodyMade
}

// pendingPost is an article that led with, or showed, an attachment that
// had not been imported when it was.
type pendingPost struct {
	article   int64
	thumbnail int64 // the attachment it leads with, 0 for none
}

// pendingPage is an attachment page whose article had not been imported
// when the attachment was.
type pendingPage struct {
	attachment, parent int64
	link, file         string
}

// maxHosts bounds the old host names remembered from attachment addresses.
const maxHosts = 32

func newMediaImport(ctx context.Context) *mediaImport {
	return &mediaImport{ctx: ctx, hosts: map[string]bool{}, sameImage: map[int64]int64{},
		fromBodies: map[int64]bodyMade{}, failed: map[string]bool{}, dryFiles: map[string]bool{}, dryBodies: map[string]bodyMade{}}
}

// bareHost is a host name as hosts keeps it.
func bareHost(host string) string {
	return strings.TrimPrefix(strings.ToLower(host), "www.")
}

// addHost remembers the host of an old address.
func (mi *mediaImport) addHost(raw string) {
	if u, err := url.Parse(strings.TrimSpace(raw)); err == nil && u.Hostname() != "" && len(mi.hosts) < maxHosts {
		mi.hosts[bareHost(u.Hostname())] = true
	}
}

// withUploads reports whether this run imports files.
func (im *importer) withUploads() bool { return im.opts.Uploads != nil }

// imageExtensions are the file names media.Process may take; any other
// attachment is a file Masthead's library does not hold yet.
var imageExtensions = map[string]bool{".jpg": true, ".jpeg": true, ".jpe": true, ".png": true, ".gif": true, ".webp": true}

// attachment imports one attachment item: its image into the library, and
// redirects from its old addresses.
func (im *importer) attachment(ctx context.Context, it *wxr.Item) error {
	im.sum.Media++
	if !im.withUploads() {
		im.sum.skip("attachments are not imported without --uploads: bodies keep the original file addresses")
		return nil
	}
	if it.ID <= 0 {
		im.sum.problem(fmt.Sprintf("The attachment at line %d has no post id, which an import needs to recognise it when run again, so it was not imported.", it.Line))
		return nil
	}
	im.media.addHost(it.AttachmentURL)
	what := fmt.Sprintf("Attachment %d", it.ID)
	rel, ok := attachedFile(it)
	if !ok {
		im.sum.problem(what + " names no file in the uploads directory, so it was not imported.")
		return nil
	}
	m, err := im.importedMedia(ctx, it.ID)
	if err != nil {
		return err
	}
	if m != nil {
		im.sum.Found.Media++
	} else {
		// A body that came first may have brought the file in.
		if m, err = im.adopt(ctx, it, rel); err != nil {
			return err
		}
		if m == nil {
			if m, err = im.newMedia(ctx, it, rel); err != nil || m == nil {
				return err
			}
		}
		if im.opts.DryRun {
			return nil
		}
	}
	if err := im.fileRedirects(ctx, it, rel, m); err != nil {
		return err
	}
	return im.attachmentPage(ctx, it, m)
}

// attachedFile returns an attachment's file below the uploads directory:
// its _wp_attached_file (which very old versions of WordPress wrote as a
// whole path on the server), else the part of its address after
// /wp-content/uploads/ (or, on WordPress.com, the whole path of its
// address on the files host).
func attachedFile(it *wxr.Item) (string, bool) {
	rel, _ := it.MetaValue("_wp_attached_file")
	rel = strings.TrimSpace(rel)
	if _, after, ok := strings.Cut(rel, "/wp-content/uploads/"); ok {
		rel = after
	}
	if rel == "" {
		u, err := url.Parse(strings.TrimSpace(it.AttachmentURL))
		if err != nil {
			return "", false
		}
		if _, after, ok := strings.Cut(u.Path, "/wp-content/uploads/"); ok {
			rel = after
		} else if strings.HasSuffix(strings.ToLower(u.Hostname()), ".files.wordpress.com") {
			rel = strings.TrimPrefix(u.Path, "/")
		}
	}
	return rel, rel != "" && fs.ValidPath(rel)
}

// oldFilePath is the path at which the old site served an attachment's
// file.
func oldFilePath(it *wxr.Item, rel string) string {
	if u, err := url.Parse(strings.TrimSpace(it.AttachmentURL)); err == nil && strings.HasPrefix(u.Path, "/") {
		return u.Path
	}
	return "/wp-content/uploads/" + rel
}

// newMedia reads an attachment's file, re-encodes it as every upload is,
// and stores it in the library; it returns nil after saying why when the
// file cannot come over.
func (im *importer) newMedia(ctx context.Context, it *wxr.Item, rel string) (*masthead.Media, error) {
	what := fmt.Sprintf("Attachment %d", it.ID)
	if !imageExtensions[strings.ToLower(path.Ext(rel))] {
		im.sum.skip("files that are not images (documents, audio, video) are not imported yet: links to them keep their original addresses")
		return nil, nil
	}
	where, ok := im.uploadFile(rel)
	if !ok {
		where = rel
	}
	data, err := fs.ReadFile(im.opts.Uploads, where)
	if errors.Is(err, fs.ErrNotExist) {
		im.sum.skip("attachments whose file is not in the uploads directory (see the notes)")
		im.sum.note(fmt.Sprintf("%s's file %s is not in the uploads directory, so it was not imported.", what, rel))
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read %s from the uploads directory: %w", rel, err)
	}
	processed, err := media.Process(bytes.NewReader(data))
	if err != nil {
		for _, known := range []error{media.ErrNotImage, media.ErrTooLarge, media.ErrTooBig, media.ErrDamaged} {
			if errors.Is(err, known) {
				im.sum.problem(fmt.Sprintf("%s (%s) was not imported: %s", what, rel, lowerFirst(err.Error())))
				return nil, nil
			}
		}
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	m := &masthead.Media{
		Name: processed.Original.Name, Type: processed.Original.Type,
		Width: processed.Original.Width, Height: processed.Original.Height,
		OriginalName: path.Base(rel),
		AltText:      im.altText(it, rel),
		Caption:      im.caption(it),
		ExternalID:   externalID("attachment", it.ID),
		CreatedAt:    firstTime(it.DateGMT, it.Date),
	}
	if meta, ok := it.MetaValue("_wp_attachment_metadata"); ok {
		if md, err := wxr.ParseImageMetadata(meta); err == nil && md.OriginalImage != "" {
			m.OriginalName = md.OriginalImage // the upload, before WordPress scaled it
		}
	}
	// Masthead's own export names the file that was uploaded, since its
	// files are named by their content.
	if name, ok := it.MetaValue("masthead_original_name"); ok && strings.TrimSpace(name) != "" {
		m.OriginalName = truncateRunes(strings.TrimSpace(name), 255)
	}
	if au, ok := im.authors[strings.TrimSpace(it.Creator)]; ok && au.ID > 0 {
		m.UploadedBy = au.ID
	}
	m.Credit, _ = im.credit(it)
	for _, v := range processed.Variants {
		m.Variants = append(m.Variants, masthead.MediaVariant{Width: v.Width, Name: v.Name})
	}
	if err := m.Validate(); err != nil {
		_, fatal := im.stored(err, what)
		return nil, fatal
	}
	if im.opts.DryRun {
		for _, f := range attachmentFiles(it, rel) {
			im.media.dryFiles[externalID("file", f)] = true
		}
		im.sum.Added.Media++
		return m, nil
	}
	for _, f := range append([]media.File{processed.Original}, processed.Variants...) {
		if err := im.opts.Media.Put(ctx, f.Name, f.Data); err != nil {
			return nil, fmt.Errorf("%s: store %s: %w", what, f.Name, err)
		}
	}
	err = im.store.CreateMedia(ctx, m)
	if masthead.ErrorCode(err) == masthead.ECONFLICT {
		// The same image is in the library already: under another
		// attachment, or uploaded by hand. This attachment is that image.
		same, ferr := im.store.FindMediaByName(ctx, m.Name)
		if ferr != nil {
			return nil, fmt.Errorf("%s: %w", what, ferr)
		}
		im.media.sameImage[it.ID] = same.ID
		im.sum.Found.Media++
		im.sum.note(fmt.Sprintf("%s is the same image as one already in the library, so it is that one.", what))
		return same, nil
	}
	if skipped, err := im.stored(err, what); skipped {
		return nil, err
	}
	im.sum.Added.Media++
	return m, nil
}

// altText describes an image for readers who cannot see it: WordPress's
// alternative text, else, since Masthead requires one, the attachment's
// title or file name, which the summary counts so that the newsroom can
// write better ones.
func (im *importer) altText(it *wxr.Item, rel string) string {
	alt, _ := it.MetaValue("_wp_attachment_image_alt")
	alt = strings.Join(strings.Fields(html.UnescapeString(alt)), " ")
	if alt == "" {
		im.sum.MediaWithoutAlt++
		alt = strings.Join(strings.Fields(html.UnescapeString(it.Title)), " ")
	}
	if alt == "" {
		alt = strings.TrimSuffix(path.Base(rel), path.Ext(rel))
	}
	return truncateRunes(alt, 500)
}

// caption is an attachment's caption: its excerpt, as plain text.
func (im *importer) caption(it *wxr.Item) string {
	return truncateRunes(markdown.PlainText(it.Excerpt), 1000)
}

// credit is the credit Masthead's own export names, which WordPress has
// no field for.
func (im *importer) credit(it *wxr.Item) (string, bool) {
	credit, ok := it.MetaValue("masthead_credit")
	return truncateRunes(strings.TrimSpace(credit), 200), ok
}

// truncateRunes cuts s to at most n characters, marking the cut.
func truncateRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}

// importedMedia returns the image an attachment became in an earlier run
// or earlier in this one, or nil.
func (im *importer) importedMedia(ctx context.Context, attachment int64) (*masthead.Media, error) {
	ext := externalID("attachment", attachment)
	ids, err := im.store.FindExternalIDs(ctx, masthead.ExternalMedia, []string{ext})
	if err != nil {
		return nil, err
	}
	id, ok := ids[ext]
	if !ok {
		if id, ok = im.media.sameImage[attachment]; !ok {
			return nil, nil
		}
	}
	m, err := im.store.FindMediaByID(ctx, id)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND {
		return nil, nil
	}
	return m, err
}

// bestFile returns the address of the smallest file of m at least width
// pixels wide: what WordPress's copy of that width becomes.
func bestFile(m *masthead.Media, width int) string {
	if width > 0 {
		for _, v := range m.Variants {
			if v.Width >= width {
				return "/media/" + v.Name
			}
		}
	}
	return m.Path()
}

// fileRedirects sends the old addresses of an attachment's file, and of
// the copies WordPress made of it, to the new files.
func (im *importer) fileRedirects(ctx context.Context, it *wxr.Item, rel string, m *masthead.Media) error {
	from := oldFilePath(it, rel)
	if err := im.redirect(ctx, from, m.Path()); err != nil {
		return err
	}
	meta, ok := it.MetaValue("_wp_attachment_metadata")
	if !ok {
		return nil
	}
	md, err := wxr.ParseImageMetadata(meta)
	if err != nil {
		im.sum.note(fmt.Sprintf("Attachment %d's list of the copies WordPress made of it could not be read, so only its full-size address redirects.", it.ID))
		return nil
	}
	dir := path.Dir(from)
	if name := md.OriginalImage; name != "" && !strings.Contains(name, "/") {
		if err := im.redirect(ctx, dir+"/"+name, m.Path()); err != nil {
			return err
		}
	}
	for _, size := range md.Sizes {
		if strings.Contains(size.File, "/") {
			continue
		}
		if err := im.redirect(ctx, dir+"/"+size.File, bestFile(m, size.Width)); err != nil {
			return err
		}
	}
	return nil
}

// attachmentPage sends an attachment's page ("/?attachment_id=12", and its
// <link>, such as /2024/05/04/harbour/photo/) to the article it was
// uploaded to, else to the file.
func (im *importer) attachmentPage(ctx context.Context, it *wxr.Item, m *masthead.Media) error {
	if it.Parent > 0 {
		a, err := im.importedArticle(ctx, it.Parent)
		if err != nil {
			return err
		}
		if a == nil {
			im.media.pages = append(im.media.pages, pendingPage{attachment: it.ID, parent: it.Parent, link: it.Link, file: m.Path()})
			return nil
		}
		return im.pageRedirects(ctx, it.ID, it.Link, im.pageTarget(a, m.Path()))
	}
	return im.pageRedirects(ctx, it.ID, it.Link, m.Path())
}

// pageTarget is where an attachment page goes: the article, when readers
// may see it (or will, once it is due), else the file.
func (im *importer) pageTarget(a *masthead.Article, file string) string {
	if a != nil && (a.Status == masthead.StatusPublished || a.Status == masthead.StatusScheduled) {
		return a.Path(im.site.Location())
	}
	return file
}

func (im *importer) pageRedirects(ctx context.Context, attachment int64, link, to string) error {
	if err := im.redirect(ctx, "/?attachment_id="+strconv.FormatInt(attachment, 10), to); err != nil {
		return err
	}
	if from, ok := oldPath(link); ok {
		return im.redirect(ctx, from, to)
	}
	return nil
}

// importedArticle returns the article a WordPress post became, or nil.
func (im *importer) importedArticle(ctx context.Context, post int64) (*masthead.Article, error) {
	ext := externalID("post", post)
	ids, err := im.store.FindExternalIDs(ctx, masthead.ExternalArticle, []string{ext})
	if err != nil {
		return nil, err
	}
	id, ok := ids[ext]
	if !ok {
		return nil, nil
	}
	a, err := im.store.FindArticleByID(ctx, id)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND {
		return nil, nil
	}
	return a, err
}

// thumbnailID returns the attachment a post leads with, or 0.
func thumbnailID(it *wxr.Item) int64 {
	v, _ := it.MetaValue("_thumbnail_id")
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// featuredImage returns the image a post leads with, when its attachment
// is imported already; one imported later is set by the second pass.
func (im *importer) featuredImage(ctx context.Context, it *wxr.Item) (*masthead.Media, error) {
	id := thumbnailID(it)
	if id == 0 {
		return nil, nil
	}
	if !im.withUploads() {
		im.sum.skip("featured images are not imported without --uploads")
		return nil, nil
	}
	return im.importedMedia(ctx, id)
}

// mediaURL is Options.Rewrite for images and files: an address of a file
// of the old site that was imported, or that the uploads directory holds,
// becomes the new file's; any other stays (returning "" keeps it), and an
// image on another site is counted.
func (im *importer) mediaURL(raw string, kind wphtml.Kind) string {
	p, ok := im.uploadPath(raw)
	if !ok {
		if u, err := url.Parse(strings.TrimSpace(raw)); kind == wphtml.Image && err == nil && u.Host != "" {
			im.sum.OtherHostImages++
		}
		return ""
	}
	if !im.withUploads() {
		im.sum.KeptMediaURLs++
		return ""
	}
	if im.media.err != nil {
		return ""
	}
	to, err := im.resolveUpload(im.media.ctx, p)
	if err == nil && to == "" {
		to, err = im.bodyFile(im.media.ctx, p)
	}
	if err != nil {
		im.media.err = err
		return ""
	}
	return to
}

// photonHost matches the hosts of Jetpack's image service, which serves a
// site's uploads as i0.wp.com/HOST/wp-content/uploads/...
var photonHost = regexp.MustCompile(`^i[0-9]\.wp\.com$`)

// uploadPath returns the path at which the old site served a file, for an
// address of a body that points into its uploads: on one of its hosts (or
// relative to it), on WordPress.com's files host, or through Jetpack.
func (im *importer) uploadPath(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
		return "", false
	}
	host := bareHost(u.Hostname())
	p := u.Path
	switch {
	case host == "":
		if u.Scheme != "" || !strings.HasPrefix(p, "/") {
			return "", false
		}
	case strings.HasSuffix(host, ".files.wordpress.com"):
		return p, strings.HasPrefix(p, "/")
	case photonHost.MatchString(host):
		first, rest, ok := strings.Cut(strings.TrimPrefix(p, "/"), "/")
		if !ok || !im.oldHost(first) {
			return "", false
		}
		p = "/" + rest
	case !im.oldHost(host):
		return "", false
	}
	return p, strings.Contains(p, "/wp-content/uploads/") || mastheadMediaPath.MatchString(p)
}

// oldHost reports whether host is one of the old site's.
func (im *importer) oldHost(host string) bool {
	host = bareHost(host)
	if im.media.hosts[host] {
		return true
	}
	if im.channel != nil {
		for _, base := range []string{im.channel.BaseBlogURL, im.channel.BaseSiteURL, im.channel.Link} {
			if b, err := url.Parse(strings.TrimSpace(base)); err == nil && b.Hostname() != "" && bareHost(b.Hostname()) == host {
				return true
			}
		}
	}
	return false
}

// resized matches the names of the copies WordPress makes of an image:
// photo-300x200.jpg is a copy of photo.jpg 300 pixels wide.
var resized = regexp.MustCompile(`^(.*)-([0-9]{1,5})x[0-9]{1,5}(\.[A-Za-z0-9]+)$`)

// resolveUpload returns the new address of an old file's path, through the
// redirect its import stored, or "" when it was not imported. A copy
// WordPress made that the attachment's metadata does not list goes to the
// Masthead width that fits it best, and its old address redirects there.
func (im *importer) resolveUpload(ctx context.Context, p string) (string, error) {
	if mastheadMediaPath.MatchString(p) {
		// A file of the Masthead site the export came from, which this
		// library may hold under the same name: its content.
		_, err := im.store.FindMediaByName(ctx, strings.TrimPrefix(p, "/media/"))
		switch masthead.ErrorCode(err) {
		case "":
			return p, nil
		case masthead.ENOTFOUND:
		default:
			return "", err
		}
	}
	_, to, err := im.store.FindRedirect(ctx, []string{p})
	switch masthead.ErrorCode(err) {
	case "":
		if strings.HasPrefix(to, "/media/") {
			return to, nil
		}
		return "", nil
	case masthead.ENOTFOUND:
	default:
		return "", err
	}
	m := resized.FindStringSubmatch(p)
	if m == nil {
		return "", nil
	}
	_, to, err = im.store.FindRedirect(ctx, []string{m[1] + m[3]})
	switch masthead.ErrorCode(err) {
	case "":
	case masthead.ENOTFOUND:
		return "", nil
	default:
		return "", err
	}
	name, ok := strings.CutPrefix(to, "/media/")
	if !ok {
		return "", nil
	}
	img, err := im.store.FindMediaByName(ctx, name)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND {
		return "", nil
	} else if err != nil {
		return "", err
	}
	width, _ := strconv.Atoi(m[2])
	// The copy's old address answers too, as the listed copies' do.
	to = bestFile(img, width)
	return to, im.redirect(ctx, p, to)
}

// uploadRef finds, in a stored body, addresses that may point into the
// old site's uploads; uploadPath decides which do.
var uploadRef = regexp.MustCompile(`(?:(?:https?:)?//[A-Za-z0-9.:-]+)?(?:/[^\s"'<>()\[\]]*)?/wp-content/uploads/[^\s"'<>()\[\]]+|(?:https?:)?//[A-Za-z0-9-]+\.files\.wordpress\.com/[^\s"'<>()\[\]]+`)

// hasUploadURL reports whether a body still points at a file of the old
// site.
func (im *importer) hasUploadURL(body string) bool {
	for _, ref := range uploadRef.FindAllString(body, -1) {
		if _, ok := im.uploadPath(ref); ok {
			return true
		}
	}
	return false
}

// afterPost remembers, for the second pass, an article whose featured
// image or body files were not imported yet when it was: a new one, or
// one an earlier, stopped run left so.
func (im *importer) afterPost(it *wxr.Item, a *masthead.Article) error {
	if err := im.media.err; err != nil {
		im.media.err = nil
		return err
	}
	if !im.withUploads() || im.opts.DryRun || a == nil || a.ID <= 0 {
		return nil
	}
	thumb := thumbnailID(it)
	if a.FeaturedImage != nil {
		thumb = 0
	}
	if thumb != 0 || im.hasUploadURL(a.BodySource) {
		im.media.posts = append(im.media.posts, pendingPost{article: a.ID, thumbnail: thumb})
	}
	return nil
}

// finishMedia is the second pass: featured images and body files of
// articles whose attachments came after them, and the pages of
// attachments whose articles came after them.
func (im *importer) finishMedia(ctx context.Context) error {
	if !im.withUploads() || im.opts.DryRun {
		return nil
	}
	for _, p := range im.media.pages {
		a, err := im.importedArticle(ctx, p.parent)
		if err != nil {
			return err
		}
		if err := im.pageRedirects(ctx, p.attachment, p.link, im.pageTarget(a, p.file)); err != nil {
			return err
		}
	}
	im.media.pages = nil
	for _, p := range im.media.posts {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := im.finishPost(ctx, p); err != nil {
			return err
		}
	}
	im.media.posts = nil
	return nil
}

// finishPost gives an article the featured image and the body files that
// were imported after it, keeping its update time: this is no edit.
func (im *importer) finishPost(ctx context.Context, p pendingPost) error {
	a, err := im.store.FindArticleByID(ctx, p.article)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	changed := false
	if p.thumbnail != 0 && a.FeaturedImage == nil {
		m, err := im.importedMedia(ctx, p.thumbnail)
		if err != nil {
			return err
		}
		if m != nil {
			a.FeaturedImage, changed = m, true
		} else {
			im.sum.skip("featured images whose attachment was not imported")
		}
	}
	b := &bodyImages{alts: imageAlts(a.BodyHTML), at: a.CreatedAt}
	if len(a.Authors) > 0 {
		b.by = a.Authors[0].ID
	}
	im.media.body = b
	body, replaced, err := im.rewriteStoredBody(ctx, a.BodySource)
	im.media.body = nil
	if err != nil {
		return err
	}
	if replaced {
		a.BodySource, changed = body, true
	}
	if !changed {
		return nil
	}
	if err := content.PrepareArticleWith(ctx, a, im.store); err != nil {
		return err
	}
	a.KeepUpdatedAt, a.EditedBy = true, 0
	err = im.store.UpdateArticle(ctx, a)
	switch masthead.ErrorCode(err) {
	case "":
		return nil
	case masthead.EINVALID, masthead.ECONFLICT:
		im.sum.note(fmt.Sprintf("Article %d keeps its old image addresses: %s", a.ID, lowerFirst(masthead.ErrorMessage(err))))
		return nil
	}
	return fmt.Errorf("article %d: %w", a.ID, err)
}

// rewriteStoredBody points a stored body's addresses of imported files at
// the new files, and counts those that stay.
func (im *importer) rewriteStoredBody(ctx context.Context, body string) (string, bool, error) {
	var b strings.Builder
	last, replaced := 0, false
	for _, loc := range uploadRef.FindAllStringIndex(body, -1) {
		ref := body[loc[0]:loc[1]]
		p, ok := im.uploadPath(ref)
		if !ok {
			continue
		}
		to, err := im.resolveUpload(ctx, p)
		if err == nil && to == "" {
			to, err = im.bodyFile(ctx, p)
		}
		if err != nil {
			return "", false, err
		}
		if to == "" {
			im.sum.KeptMediaURLs++
			continue
		}
		b.WriteString(body[last:loc[0]])
		b.WriteString(to)
		last, replaced = loc[1], true
	}
	if !replaced {
		return body, false, nil
	}
	b.WriteString(body[last:])
	return b.String(), true, nil
}
