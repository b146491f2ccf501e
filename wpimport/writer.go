package wpimport

import (
	"context"
	"fmt"
	"strings"
	"time"

	"masthead"
	"masthead/moderation"
)

// writer is where an import writes: the store, or nowhere for a dry run.
// Reads always go to the store.
type writer interface {
	createAuthor(ctx context.Context, a *masthead.Author) error
	updateAuthor(ctx context.Context, a *masthead.Author) error
	createCategory(ctx context.Context, c *masthead.Category) error
	createTag(ctx context.Context, t *masthead.Tag) error
	createArticle(ctx context.Context, a *masthead.Article) error
	submitComments(ctx context.Context, subs []moderation.Submission, p moderation.Policy) error
	addRedirect(ctx context.Context, from, to string) error
	saveMenu(ctx context.Context, m *masthead.Menu) error
	addPin(ctx context.Context, p *masthead.Pin) error
}

// storeWriter writes to the store, through the rules every writer of
// Masthead goes through.
type storeWriter struct{ s masthead.Store }

func (w storeWriter) createAuthor(ctx context.Context, a *masthead.Author) error {
	return w.s.CreateAuthor(ctx, a)
}
func (w storeWriter) updateAuthor(ctx context.Context, a *masthead.Author) error {
	return w.s.UpdateAuthor(ctx, a)
}
func (w storeWriter) createCategory(ctx context.Context, c *masthead.Category) error {
	return w.s.CreateCategory(ctx, c)
}
func (w storeWriter) createTag(ctx context.Context, t *masthead.Tag) error {
	return w.s.CreateTag(ctx, t)
}
func (w storeWriter) createArticle(ctx context.Context, a *masthead.Article) error {
	return w.s.CreateArticle(ctx, a)
}
func (w storeWriter) submitComments(ctx context.Context, subs []moderation.Submission, p moderation.Policy) error {
	return moderation.SubmitAll(ctx, w.s, subs, p)
}
func (w storeWriter) saveMenu(ctx context.Context, m *masthead.Menu) error {
	return w.s.SaveMenu(ctx, m)
}
func (w storeWriter) addPin(ctx context.Context, p *masthead.Pin) error {
	return w.s.AddPin(ctx, p)
}
func (w storeWriter) addRedirect(ctx context.Context, from, to string) error {
	return w.s.AddRedirect(ctx, from, to)
}

// dryWriter checks each record as the store would and keeps only what a
// later check needs: the ids and slugs it gave out. It is the one part of
// an import whose memory grows with the export (a slug per article), and
// only in a dry run.
type dryWriter struct {
	s      masthead.Store
	lastID int64
	ids    map[int64]bool
	slugs  map[string]bool
	// pagePaths are the addresses of the pages this run made, by id.
	pagePaths map[int64]string
}

func newDryWriter(s masthead.Store) *dryWriter {
	return &dryWriter{s: s, ids: map[int64]bool{}, slugs: map[string]bool{}, pagePaths: map[int64]string{}}
}

// nextID gives out ids no record has: negative ones.
func (w *dryWriter) nextID() int64 {
	w.lastID--
	return w.lastID
}

func (w *dryWriter) createAuthor(_ context.Context, a *masthead.Author) error {
	if err := a.Validate(); err != nil {
		return err
	}
	a.ID = w.nextID()
	return nil
}
func (w *dryWriter) updateAuthor(_ context.Context, a *masthead.Author) error { return a.Validate() }
func (w *dryWriter) createCategory(_ context.Context, c *masthead.Category) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.ID = w.nextID()
	return nil
}
func (w *dryWriter) createTag(_ context.Context, t *masthead.Tag) error {
	if err := t.Validate(); err != nil {
		return err
	}
	t.ID = w.nextID()
	return nil
}

func (w *dryWriter) createArticle(ctx context.Context, a *masthead.Article) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.ID != 0 && !w.ids[a.ID] {
		_, err := w.s.FindArticleByID(ctx, a.ID)
		if err == nil {
			w.ids[a.ID] = true
		} else if masthead.ErrorCode(err) != masthead.ENOTFOUND {
			return err
		}
	}
	if a.ID != 0 && w.ids[a.ID] {
		return &masthead.Error{Code: masthead.ECONFLICT, Field: "id", Message: fmt.Sprintf("Another article already has the id %d.", a.ID)}
	}
	base := a.Slug
	for n := 1; ; n++ {
		slug := masthead.NumberedSlug(base, n)
		taken := w.slugs[slug]
		if !taken {
			_, err := w.s.FindArticleBySlug(ctx, slug)
			if err == nil {
				taken = true
			} else if masthead.ErrorCode(err) != masthead.ENOTFOUND {
				return err
			}
		}
		if !taken {
			a.Slug = slug
			break
		}
		if !a.SlugGenerated {
			return &masthead.Error{Code: masthead.ECONFLICT, Field: "slug", Message: "Another article already uses that address: choose another one."}
		}
	}
	w.slugs[a.Slug] = true
	if a.ID == 0 {
		a.ID = w.nextID()
	}
	w.ids[a.ID] = true
	// The store works out a page's address from its parents; nothing is
	// stored here, so the pages of this run remember theirs.
	if a.IsPage() {
		if a.ParentID != 0 {
			a.ParentPath = w.pagePaths[a.ParentID]
			if a.ParentPath == "" {
				if p, err := w.s.FindArticleByID(ctx, a.ParentID); err == nil {
					a.ParentPath = p.Path(time.UTC)
				}
			}
		}
		w.pagePaths[a.ID] = a.Path(time.UTC)
	}
	return nil
}

// submitComments checks each comment's fields as the store would and,
// when all pass, gives them ids, as SubmitAll does all or none.
func (w *dryWriter) submitComments(_ context.Context, subs []moderation.Submission, _ moderation.Policy) error {
	refused := moderation.Refused{}
	for i, sub := range subs {
		c := sub.Comment
		c.ArticleID, c.IP, c.CreatedAt = sub.Article.ID, sub.Network, sub.Now
		if problems := c.Problems(); len(problems) > 0 {
			refused[i] = problems
		}
	}
	if len(refused) > 0 {
		return refused
	}
	for _, sub := range subs {
		sub.Comment.ID = w.nextID()
		if sub.Parent != nil {
			sub.Comment.ParentID = sub.Parent.ID
		}
	}
	return nil
}

// addPin has nothing to check: the importer checked the article against
// the pin rule, and the room in the list, before asking.
func (w *dryWriter) addPin(context.Context, *masthead.Pin) error { return nil }

func (w *dryWriter) saveMenu(_ context.Context, m *masthead.Menu) error { return m.Validate() }
func (w *dryWriter) addRedirect(_ context.Context, from, to string) error {
	if !strings.HasPrefix(from, "/") || !strings.HasPrefix(to, "/") || strings.HasPrefix(from, "//") || strings.HasPrefix(to, "//") {
		return masthead.Errorf(masthead.EINVALID, "Redirects go from one path of the site to another.")
	}
	return nil
}
