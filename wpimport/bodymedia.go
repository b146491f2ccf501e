package wpimport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/media"
	"masthead/wxr"
)

// Images that a body shows but that no attachment has brought in (yet):
//
//   - An image is known by its file below the uploads directory: one a
//     body brings in carries "wordpress:file:2024/05/photo.jpg" as its
//     ExternalID, so that every body that shows it, in this run or a
//     later one, finds it again.
//   - WordPress's copies of an image (photo-300x200.jpg, photo-scaled.jpg)
//     are the original's, when the original is in the uploads directory:
//     the body gets the Masthead width that fits the copy best.
//   - An attachment that comes later, in this run or after a stopped one,
//     adopts the image of its file rather than adding it again: the image
//     takes the attachment's description, caption and id (which featured
//     images and /?attachment_id= need), and keeps its own number, files
//     and addresses.
//   - Images on other sites stay where they are, and the summary counts
//     them.

// bodyImages is what the conversion of one body knows about the images it
// shows, to bring in those no attachment has.
type bodyImages struct {
	// alts are the alternative texts of the body's images, by address (an
	// image's source, and the link around it, which leads to its full
	// size).
	alts map[string]string
	at   time.Time // when the post was written, for the image's date
	by   int64     // who wrote it, as the image's uploader
}

// bodyMade is what an import remembers of an image a body brought in
// during the run, until an attachment adopts it.
type bodyMade struct {
	withoutAlt bool // described by its file name, and counted so
}

// maxFailedFiles bounds the files remembered as not importable, so that
// bodies full of broken images cannot fill memory; past it, a file is
// only tried again.
const maxFailedFiles = 10000

// scaledName matches the file WordPress 5.3 and later makes of a large
// upload, photo-scaled.jpg of photo.jpg.
var scaledName = regexp.MustCompile(`^(.*)-scaled(\.[A-Za-z0-9]+)$`)

// mastheadMediaPath matches the address of a file of a Masthead site,
// which is what a Masthead export's bodies show.
var mastheadMediaPath = regexp.MustCompile(`^/media/[0-9a-f]{32}\.(?:jpg|png)$`)

// imageAlts reads the alternative text of every image in a body's HTML.
func imageAlts(body string) map[string]string {
	alts := map[string]string{}
	if !strings.Contains(body, "<img") {
		return alts
	}
	z := html.NewTokenizer(strings.NewReader(body))
	var link string // the address of the link the tokenizer is in
	for {
		switch z.Next() {
		case html.ErrorToken:
			return alts
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "a" {
				link = ""
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "a":
				link = strings.TrimSpace(attrValue(tok, "href"))
			case "img":
				alt := strings.Join(strings.Fields(attrValue(tok, "alt")), " ")
				if alt == "" {
					continue
				}
				for _, u := range []string{strings.TrimSpace(attrValue(tok, "src")), link} {
					if _, ok := alts[u]; u != "" && !ok {
						alts[u] = alt
					}
				}
			}
		}
	}
}

func attrValue(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// splitUpload cuts the path of an old file into the part before the
// uploads directory and the file's path inside it.
func splitUpload(p string) (prefix, rel string, ok bool) {
	if mastheadMediaPath.MatchString(p) {
		return "/media/", strings.TrimPrefix(p, "/media/"), true
	}
	if i := strings.Index(p, "/wp-content/uploads/"); i >= 0 {
		prefix = p[:i+len("/wp-content/uploads/")]
		rel = p[len(prefix):]
	} else { // WordPress.com's files host, whose paths start in the uploads
		prefix, rel = "/", strings.TrimPrefix(p, "/")
	}
	return prefix, rel, rel != "" && fs.ValidPath(rel)
}

// uploadFile returns where a file of the old site is in the uploads
// directory: at its path, or, for a file of a Masthead site, where a copy
// of its media directory keeps it.
func (im *importer) uploadFile(rel string) (string, bool) {
	if info, err := fs.Stat(im.opts.Uploads, rel); err == nil && info.Mode().IsRegular() {
		return rel, true
	}
	if name := path.Base(rel); media.ValidName(name) {
		if info, err := fs.Stat(im.opts.Uploads, media.DirPath(name)); err == nil && info.Mode().IsRegular() {
			return media.DirPath(name), true
		}
	}
	return "", false
}

// originals returns the files an address of the uploads may show, best
// first: for a copy WordPress made, its original (and the scaled file of
// a large one), then the file itself. width is the copy's, for the
// Masthead width that fits it, 0 for a file shown whole.
func originals(rel string) (files []string, width int) {
	if m := resized.FindStringSubmatch(rel); m != nil {
		width, _ = strconv.Atoi(m[2])
		return []string{m[1] + m[3], m[1] + "-scaled" + m[3], rel}, width
	}
	if m := scaledName.FindStringSubmatch(rel); m != nil {
		return []string{m[1] + m[2], rel}, 0
	}
	return []string{rel}, 0
}

// bodyFile brings in the image an address of the old site's uploads shows,
// which no attachment brought in, from the uploads directory, and returns
// its new address, or "" when it stays (not an image, not there, not
// readable).
func (im *importer) bodyFile(ctx context.Context, p string) (string, error) {
	prefix, rel, ok := splitUpload(p)
	if !ok || !imageExtensions[strings.ToLower(path.Ext(rel))] || im.media.failed[rel] {
		return "", nil
	}
	candidates, width := originals(rel)
	var refusal error
	for _, file := range candidates {
		if _, ok := im.uploadFile(file); !ok {
			continue
		}
		shown := 0 // the width of the copy shown, when it is not the file itself
		if file != rel {
			shown = width
		}
		m, err := im.fileImage(ctx, prefix, file)
		if err != nil {
			return "", err
		}
		if m == nil {
			if m, refusal, err = im.newBodyImage(ctx, file); err != nil {
				return "", err
			}
			if m == nil {
				continue
			}
		}
		if im.opts.DryRun {
			return "", nil
		}
		if err := im.redirect(ctx, prefix+file, m.Path()); err != nil {
			return "", err
		}
		to := bestFile(m, shown)
		if err := im.redirect(ctx, p, to); err != nil {
			return "", err
		}
		return to, nil
	}
	if len(im.media.failed) < maxFailedFiles {
		im.media.failed[rel] = true
	}
	if refusal != nil {
		im.sum.problem(fmt.Sprintf("The image %s, which a body shows, was not imported: %s", rel, lowerFirst(refusal.Error())))
	}
	return "", nil
}

// fileImage returns the image a file of the uploads became, by its file
// (brought in by a body) or by the redirect from its old address (brought
// in by an attachment), or nil.
func (im *importer) fileImage(ctx context.Context, prefix, file string) (*masthead.Media, error) {
	ext := externalID("file", file)
	if im.opts.DryRun {
		if _, ok := im.media.dryBodies[ext]; ok || im.media.dryFiles[ext] {
			return &masthead.Media{}, nil
		}
		return nil, nil
	}
	ids, err := im.store.FindExternalIDs(ctx, masthead.ExternalMedia, []string{ext})
	if err != nil {
		return nil, err
	}
	if id, ok := ids[ext]; ok {
		m, err := im.store.FindMediaByID(ctx, id)
		if masthead.ErrorCode(err) != masthead.ENOTFOUND {
			return m, err
		}
	}
	_, to, err := im.store.FindRedirect(ctx, []string{prefix + file})
	switch masthead.ErrorCode(err) {
	case "":
	case masthead.ENOTFOUND:
		return nil, nil
	default:
		return nil, err
	}
	name, ok := strings.CutPrefix(to, "/media/")
	if !ok {
		return nil, nil
	}
	m, err := im.store.FindMediaByName(ctx, name)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND {
		return nil, nil
	}
	return m, err
}

// newBodyImage reads a file of the uploads that a body shows, re-encodes
// it as every upload is, and stores it in the library under its file. It
// returns nil and why when the file is no image Masthead takes.
func (im *importer) newBodyImage(ctx context.Context, file string) (m *masthead.Media, refusal, err error) {
	where, _ := im.uploadFile(file)
	data, err := fs.ReadFile(im.opts.Uploads, where)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s from the uploads directory: %w", where, err)
	}
	processed, err := media.Process(bytes.NewReader(data))
	if err != nil {
		for _, known := range []error{media.ErrNotImage, media.ErrTooLarge, media.ErrTooBig, media.ErrDamaged} {
			if errors.Is(err, known) {
				return nil, err, nil
			}
		}
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	ext := externalID("file", file)
	m = &masthead.Media{
		Name: processed.Original.Name, Type: processed.Original.Type,
		Width: processed.Original.Width, Height: processed.Original.Height,
		OriginalName: path.Base(file),
		ExternalID:   ext,
	}
	if b := im.media.body; b != nil {
		m.CreatedAt, m.UploadedBy = b.at, b.by
	}
	var withoutAlt bool
	m.AltText, withoutAlt = im.bodyAlt(file)
	if withoutAlt {
		im.sum.MediaWithoutAlt++
	}
	for _, v := range processed.Variants {
		m.Variants = append(m.Variants, masthead.MediaVariant{Width: v.Width, Name: v.Name})
	}
	if im.opts.DryRun {
		im.media.dryBodies[ext] = bodyMade{withoutAlt: withoutAlt}
		im.sum.Added.Media++
		im.sum.BodyMedia++
		return m, nil, nil
	}
	for _, f := range append([]media.File{processed.Original}, processed.Variants...) {
		if err := im.opts.Media.Put(ctx, f.Name, f.Data); err != nil {
			return nil, nil, fmt.Errorf("%s: store %s: %w", file, f.Name, err)
		}
	}
	err = im.store.CreateMedia(ctx, m)
	switch masthead.ErrorCode(err) {
	case "":
		im.sum.Added.Media++
		im.sum.BodyMedia++
		im.media.fromBodies[m.ID] = bodyMade{withoutAlt: withoutAlt}
		return m, nil, nil
	case masthead.ECONFLICT:
		// The same image is in the library already (uploaded by hand, or
		// another file of the same picture): the body shows that one.
		same, err := im.store.FindMediaByName(ctx, m.Name)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", file, err)
		}
		return same, nil, nil
	case masthead.EINVALID:
		return nil, errors.New(masthead.ErrorMessage(err)), nil
	}
	return nil, nil, fmt.Errorf("%s: %w", file, err)
}

// bodyAlt describes an image a body brought in: the alternative text the
// body gave it, else, since Masthead requires one, its file name, which
// the summary counts (withoutAlt) so that the newsroom can write better
// ones.
func (im *importer) bodyAlt(file string) (alt string, withoutAlt bool) {
	if b := im.media.body; b != nil {
		for u, alt := range b.alts {
			if p, ok := im.uploadPath(u); ok {
				if _, rel, ok := splitUpload(p); ok && sameImageFile(rel, file) {
					return truncateRunes(alt, 500), false
				}
			}
		}
	}
	return truncateRunes(strings.TrimSuffix(path.Base(file), path.Ext(file)), 500), true
}

// sameImageFile reports whether an address's file rel shows file: is it,
// or is a copy WordPress made of it.
func sameImageFile(rel, file string) bool {
	candidates, _ := originals(rel)
	for _, c := range candidates {
		if c == file {
			return true
		}
	}
	return false
}

// attachmentFiles are the files of the uploads an attachment's image may
// have been brought in by a body under: its file, the upload it was
// scaled from, and the file without WordPress's "-scaled".
func attachmentFiles(it *wxr.Item, rel string) []string {
	files := []string{rel}
	if meta, ok := it.MetaValue("_wp_attachment_metadata"); ok {
		if md, err := wxr.ParseImageMetadata(meta); err == nil && md.OriginalImage != "" && !strings.Contains(md.OriginalImage, "/") {
			files = append(files, path.Join(path.Dir(rel), md.OriginalImage))
		}
	}
	if m := scaledName.FindStringSubmatch(rel); m != nil {
		files = append(files, m[1]+m[2])
	}
	return files
}

// adopt returns the image a body brought in from an attachment's file,
// now with the attachment's description, caption, credit and id; nil when
// no body did.
func (im *importer) adopt(ctx context.Context, it *wxr.Item, rel string) (*masthead.Media, error) {
	files := attachmentFiles(it, rel)
	exts := make([]string, len(files))
	for i, f := range files {
		exts[i] = externalID("file", f)
	}
	if im.opts.DryRun {
		for _, ext := range exts {
			if made, ok := im.media.dryBodies[ext]; ok {
				delete(im.media.dryBodies, ext)
				im.media.dryFiles[ext] = true
				im.sum.BodyMedia--
				if made.withoutAlt {
					im.sum.MediaWithoutAlt--
				}
				im.altText(it, rel) // counted as a real run counts it
				return &masthead.Media{}, nil
			}
		}
		return nil, nil
	}
	ids, err := im.store.FindExternalIDs(ctx, masthead.ExternalMedia, exts)
	if err != nil {
		return nil, err
	}
	for _, ext := range exts {
		id, ok := ids[ext]
		if !ok {
			continue
		}
		m, err := im.store.FindMediaByID(ctx, id)
		if masthead.ErrorCode(err) == masthead.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		m.AltText = im.altText(it, rel)
		if caption := im.caption(it); caption != "" {
			m.Caption = caption
		}
		if credit, ok := im.credit(it); ok {
			m.Credit = credit
		}
		m.ExternalID = externalID("attachment", it.ID)
		if skipped, err := im.stored(im.store.UpdateMedia(ctx, m), fmt.Sprintf("Attachment %d", it.ID)); skipped {
			// The image stays the file's; the attachment leads to it in
			// this run.
			im.media.sameImage[it.ID] = m.ID
			return m, err
		}
		if made, ok := im.media.fromBodies[m.ID]; ok {
			delete(im.media.fromBodies, m.ID)
			im.sum.BodyMedia--
			if made.withoutAlt {
				im.sum.MediaWithoutAlt-- // the attachment's description counts instead
			}
		} else {
			im.sum.Found.Media++
		}
		return m, nil
	}
	return nil, nil
}
