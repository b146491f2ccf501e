// Package wpimport moves a WordPress site into Masthead from its export
// file: authors, categories and tags, posts, their comments, and a
// redirect for every old address that changed. It reads the export as a
// stream (package wxr), so memory does not grow with the file, and it goes
// through the same rules as the browser: content.PrepareArticle and the
// domain's validation for articles, moderation.Submit with the import
// policy for comments.
//
// An import is idempotent and resumable: every record it creates carries
// the id WordPress gave it (ExternalID, "wordpress:post:184"), each record
// is written in its own transaction (a post's comments in one, together),
// and a record that is already there is left alone. Running the same file twice changes nothing; a later, larger
// export adds only what is new; an import stopped half-way finishes when
// it is run again, with nothing doubled.
package wpimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"masthead"
	"masthead/media"
	"masthead/moderation"
	"masthead/wxr"
)

// Options adjust an import.
type Options struct {
	// DryRun reads and checks everything and writes nothing: every record
	// is validated as the store would validate it, and the summary says
	// what a real run would add.
	DryRun bool
	// OnItem, when set, is called after each item of the export with how
	// many items were handled so far, for progress reports.
	OnItem func(items int)
	// Uploads, when set, is a copy of the old site's wp-content/uploads
	// directory: attachments that are images are imported into the media
	// library from it, and bodies and old file addresses lead to them.
	// Without it, bodies keep the original addresses of images and files.
	Uploads fs.FS
	// Media stores the imported images' files: the storage the site
	// serves /media/ from. An import with Uploads needs it, unless it is
	// a dry run.
	Media media.Storage
}

// externalID is how Masthead remembers a WordPress record: by kind and
// WordPress's own identifier for it (the id of posts and comments, the
// login of authors, the slug of terms, which is what posts refer to them
// by).
func externalID(kind string, id any) string {
	return fmt.Sprintf("wordpress:%s:%v", kind, id)
}

// importer holds what one import run has learnt so far: the records it
// matched or made, by WordPress's names for them. These maps grow with the
// number of authors and terms, never with the number of posts.
type importer struct {
	store   masthead.Store
	w       writer
	site    *masthead.Site
	policy  moderation.Policy
	opts    Options
	channel *wxr.Channel
	sum     *Summary

	authors    map[string]*masthead.Author   // by login
	categories map[string]*masthead.Category // by nicename
	tags       map[string]*masthead.Tag      // by nicename
	// The slugs this run gave out or found, so that a dry run, which
	// stores nothing, still sees them taken.
	authorSlugs   map[string]bool
	categorySlugs map[string]*masthead.Category
	categoryByExt map[string]*masthead.Category
	tagSlugs      map[string]*masthead.Tag
	// parents holds the parent of each defined category, by nicename, to
	// know the hierarchical addresses WordPress gave them.
	parents map[string]string
	items   int
	// pagesWaiting are pages whose parent page had not come yet; on the
	// lastPass they go in at the top level. postIDs are the posts and pages
	// this run imported, by WordPress id, which a dry run's store does
	// not hold.
	pagesWaiting []*wxr.Item
	lastPass     bool
	postIDs      map[int64]int64
	// categoryTerms maps WordPress term ids of categories to their
	// nicename, for menu items, which name categories by term id.
	categoryTerms map[int64]string
	// menuItems are the nav_menu_items by menu (the nav_menu term's
	// slug), and menuNames the menus in the order the export defines them.
	menuItems  map[string][]*wxr.Item
	menuNames  []string
	menuTitles map[string]string
	media      *mediaImport
	// stickies are the sticky posts to pin to the home page at the end
	// of the file, newest first, at most MaxPins.
	stickies []stickyPost
}

// Import reads a WordPress export from r into store and returns what it
// did. A problem with one record (an empty title, an invalid email) is
// described in the summary and the record is skipped or adjusted, never
// half-imported; a file that cannot be read, or a store that fails,
// stops the import with an error, and the summary holds what was done
// until then, which the next run does not do again.
func Import(ctx context.Context, store masthead.Store, r io.Reader, opts Options) (*Summary, error) {
	if opts.Uploads != nil && opts.Media == nil && !opts.DryRun {
		return nil, errors.New("an import of uploads needs the media storage")
	}
	site, err := store.FindSite(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the site settings: %w", err)
	}
	im := &importer{
		store: store, site: site, policy: moderation.ImportPolicy(site), opts: opts,
		sum:        newSummary(opts.DryRun),
		authors:    map[string]*masthead.Author{},
		categories: map[string]*masthead.Category{},
		tags:       map[string]*masthead.Tag{},
		parents:    map[string]string{},
		postIDs:    map[int64]int64{},
		menuItems:  map[string][]*wxr.Item{},
		menuTitles: map[string]string{},

		categoryTerms: map[int64]string{},

		authorSlugs:   map[string]bool{},
		categorySlugs: map[string]*masthead.Category{},
		categoryByExt: map[string]*masthead.Category{},
		tagSlugs:      map[string]*masthead.Tag{},
		media:         newMediaImport(ctx),
	}
	im.sum.Uploads = opts.Uploads != nil
	cats, err := store.FindCategories(ctx, 500)
	if err != nil {
		return nil, fmt.Errorf("read the sections: %w", err)
	}
	for _, c := range cats {
		im.categorySlugs[c.Slug] = c
		if c.ExternalID != "" {
			im.categoryByExt[c.ExternalID] = c
		}
	}
	if opts.DryRun {
		im.w = newDryWriter(store)
	} else {
		im.w = storeWriter{store}
	}
	records, stop := readAhead(ctx, wxr.NewReader(r))
	defer stop()
	var channel wxr.Channel // the facts of the channel as read so far
	for next := range records {
		if errors.Is(next.err, io.EOF) {
			// What needed the whole file: pages whose parent came after
			// them, the media that came after what shows it (the second
			// pass), and menus, whose items lead to anything in it.
			if err := im.waitingPages(ctx); err != nil {
				return im.sum, err
			}
			if err := im.finishMedia(ctx); err != nil {
				return im.sum, err
			}
			if err := im.pinStickies(ctx); err != nil {
				return im.sum, err
			}
			return im.sum, im.menus(ctx)
		}
		if next.err != nil {
			return im.sum, next.err
		}
		if err := ctx.Err(); err != nil {
			return im.sum, err
		}
		channel = next.channel
		rec := next.rec
		if _, ok := rec.(*wxr.Channel); ok {
			rec = &channel
		}
		if err := im.record(ctx, rec); err != nil {
			return im.sum, err
		}
	}
	return im.sum, ctx.Err()
}

// readAheadRecords is how many records of the export are parsed before
// the import needs them. Parsing the XML is about a fifth of an import's
// work; read ahead in a goroutine, it runs on another core beside the
// writing. A record holds at most one post with its comments, so memory
// stays bounded.
const readAheadRecords = 4

// readRecord is a record read ahead, with a copy of the channel's facts
// as far as the reader had read them then (a reader fills them in as it
// meets them), so that the import never shares the reader's own.
type readRecord struct {
	rec     wxr.Record
	channel wxr.Channel
	err     error
}

// readAhead reads rd's records in a goroutine, until an error (io.EOF at
// the end) or until stop is called; stop returns once the goroutine has
// ended, so that nothing reads the export after the import returned.
func readAhead(ctx context.Context, rd *wxr.Reader) (records <-chan readRecord, stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan readRecord, readAheadRecords)
	go func() {
		defer close(out)
		for {
			rec, err := rd.Next()
			select {
			case out <- readRecord{rec: rec, channel: *rd.Channel(), err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return out, func() {
		cancel()
		for range out { // wait for the goroutine to end
		}
	}
}

// record imports one record of the export.
func (im *importer) record(ctx context.Context, rec wxr.Record) error {
	switch r := rec.(type) {
	case *wxr.Channel:
		im.channel = r
		im.sum.Site, im.sum.Version = r.Title, r.Version
	case *wxr.Author:
		a, err := im.author(ctx, r.Login, r)
		if err != nil || a == nil || r.ID <= 0 {
			return err
		}
		// WordPress's "/?author=ID" names authors by an id only the
		// export knows.
		return im.redirect(ctx, fmt.Sprintf("/?author=%d", r.ID), a.Path())
	case *wxr.Category:
		im.parents[r.Nicename] = r.Parent
		if r.TermID != 0 {
			im.categoryTerms[r.TermID] = r.Nicename
		}
		c, err := im.category(ctx, r.Nicename, r.Name, r.Description)
		if err != nil || c == nil || r.TermID <= 0 {
			return err
		}
		// And "/?cat=ID" categories by their term id.
		return im.redirect(ctx, fmt.Sprintf("/?cat=%d", r.TermID), c.Path())
	case *wxr.Tag:
		_, err := im.tag(ctx, r.Slug, r.Name, r.Description)
		return err
	case *wxr.Term:
		if r.Taxonomy == "nav_menu" {
			im.menuTerm(r)
		} else {
			im.sum.skip(fmt.Sprintf("terms of the taxonomy %q have no place in Masthead", r.Taxonomy))
		}
	case *wxr.Item:
		err := im.item(ctx, r)
		im.items++
		if im.opts.OnItem != nil {
			im.opts.OnItem(im.items)
		}
		return err
	}
	return nil
}

// item imports one item by its post type.
func (im *importer) item(ctx context.Context, it *wxr.Item) error {
	for _, p := range it.Problems {
		im.sum.note(p)
	}
	switch it.Type {
	case "post", "", "page":
		return im.post(ctx, it)
	case "nav_menu_item":
		im.menuItem(it)
	case "attachment":
		return im.attachment(ctx, it)
	default:
		im.sum.skip(fmt.Sprintf("items of the post type %q have no place in Masthead", it.Type))
	}
	return nil
}

// stored sorts a store error: a problem with the record (EINVALID,
// ECONFLICT) is described and the record skipped, anything else stops the
// import.
func (im *importer) stored(err error, what string) (skipped bool, fatal error) {
	switch masthead.ErrorCode(err) {
	case "":
		return false, nil
	case masthead.EINVALID, masthead.ECONFLICT:
		im.sum.problem(fmt.Sprintf("%s was not imported: %s", what, lowerFirst(masthead.ErrorMessage(err))))
		return true, nil
	}
	return true, fmt.Errorf("%s: %w", what, err)
}

// lowerFirst lowers the first letter of a sentence that goes after a
// colon, unless it starts a name written in capitals.
func lowerFirst(s string) string {
	if len(s) > 1 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z') {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}
