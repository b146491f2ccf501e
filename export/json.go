package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"masthead"
)

// Format names the shape of the JSON dump, and its version: a reader
// checks it before anything else. A change that could mislead a reader
// of version 1 (a field that changes meaning, one that goes) makes it
// "masthead-export/2"; fields may be added within a version.
const Format = "masthead-export/1"

// JSON writes the whole site to w as one JSON object of the shape Format
// names, documented in the README: the settings, staff (without password
// hashes), sections, tags, images, articles with their corrections,
// comments, menus and redirects. Each list is written an element at a
// time, as it is read, inside a frame written by hand, so that memory
// holds one page of the store whatever the size of the site. Sessions,
// sign-in records and the site secret are not in it.
func JSON(ctx context.Context, s masthead.Store, w io.Writer, opts Options) (Counts, error) {
	j := &jsonWriter{w: bufio.NewWriterSize(w, 64<<10)}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false) // bodies stay readable; JSON needs no escaping of markup
	var counts Counts
	err := writeJSON(ctx, s, j, opts, &counts)
	if err == nil {
		err = j.err
	}
	if err == nil {
		err = j.w.Flush()
	}
	return counts, err
}

func writeJSON(ctx context.Context, s masthead.Store, j *jsonWriter, opts Options, counts *Counts) error {
	site, err := s.FindSite(ctx)
	if err != nil {
		return fmt.Errorf("read the site settings: %w", err)
	}
	loc := site.Location()
	generator := opts.Generator
	if generator == "" {
		generator = "Masthead"
	}
	j.raw("{")
	j.field("format", Format)
	j.field("exported_at", opts.now())
	j.field("generator", generator)
	j.field("site", siteOf(site))

	size := opts.pageSize()
	j.openList("authors")
	err = eachAuthor(ctx, s, size, func(a *masthead.Author) error {
		counts.Authors++
		return j.elem(authorOf(a))
	})
	if err != nil {
		return err
	}
	j.openList("sections")
	cats, err := sections(ctx, s)
	if err != nil {
		return err
	}
	for _, c := range cats {
		counts.Sections++
		if err := j.elem(termRecord{ID: c.ID, Name: c.Name, Slug: c.Slug, Description: c.Description, ExternalID: c.ExternalID}); err != nil {
			return err
		}
	}
	j.openList("tags")
	err = eachTag(ctx, s, size, func(t *masthead.Tag) error {
		counts.Tags++
		return j.elem(termRecord{ID: t.ID, Name: t.Name, Slug: t.Slug, Description: t.Description, ExternalID: t.ExternalID})
	})
	if err != nil {
		return err
	}
	j.openList("media")
	err = eachMedia(ctx, s, size, func(m *masthead.Media) error {
		counts.Media++
		return j.elem(mediaOf(m))
	})
	if err != nil {
		return err
	}
	j.openList("articles")
	err = eachArticle(ctx, s, size, func(listed *masthead.Article) error {
		// A list leaves out corrections; the article read alone has them.
		a, err := s.FindArticleByID(ctx, listed.ID)
		if masthead.ErrorCode(err) == masthead.ENOTFOUND {
			return nil // deleted while the export ran
		} else if err != nil {
			return fmt.Errorf("read article %d: %w", listed.ID, err)
		}
		counts.Articles++
		return j.elem(articleOf(a, loc))
	})
	if err != nil {
		return err
	}
	j.openList("comments")
	err = eachComment(ctx, s, masthead.CommentFilter{}, size, func(c *masthead.Comment) error {
		counts.Comments++
		return j.elem(commentRecord{
			ID: c.ID, ArticleID: c.ArticleID, ParentID: c.ParentID, AuthorName: c.AuthorName, AuthorEmail: c.AuthorEmail,
			AuthorURL: c.AuthorURL, Body: c.Body, Status: string(c.Status), IP: c.IP, Reason: c.Reason,
			CreatedAt: c.CreatedAt.UTC(), ExternalID: c.ExternalID,
		})
	})
	if err != nil {
		return err
	}
	j.openList("menus")
	menus, err := s.FindMenus(ctx)
	if err != nil {
		return fmt.Errorf("read the menus: %w", err)
	}
	for _, loc := range masthead.MenuLocations {
		m := menus[loc]
		if m == nil {
			continue
		}
		counts.Menus++
		out := menuRecord{Location: string(m.Location), UpdatedAt: m.UpdatedAt.UTC(), Items: []menuItemRecord{}}
		for _, it := range m.Items {
			item := menuItemOf(it)
			counts.MenuItems++
			for _, c := range it.Children {
				item.Children = append(item.Children, menuItemOf(c))
				counts.MenuItems++
			}
			out.Items = append(out.Items, item)
		}
		if err := j.elem(out); err != nil {
			return err
		}
	}
	j.openList("redirects")
	err = eachRedirect(ctx, s, size, func(r masthead.Redirect) error {
		counts.Redirects++
		return j.elem(redirectRecord{From: r.From, To: r.To})
	})
	if err != nil {
		return err
	}
	j.closeList()
	j.raw("}\n")
	return j.err
}

// jsonWriter writes the hand-made frame of the dump, and each value in it
// through encoding/json.
type jsonWriter struct {
	w      *bufio.Writer
	buf    bytes.Buffer
	enc    *json.Encoder
	fields int  // fields of the top object written so far
	inList bool // a list is open
	elems  int  // elements of the open list
	err    error
}

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

// value writes v as JSON, without encoding/json's final newline.
func (j *jsonWriter) value(v any) {
	if j.err != nil {
		return
	}
	j.buf.Reset()
	if j.err = j.enc.Encode(v); j.err != nil {
		return
	}
	_, j.err = j.w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
}

// key starts a field of the top object, closing an open list first.
func (j *jsonWriter) key(name string) {
	j.closeList()
	if j.fields > 0 {
		j.raw(",\n")
	}
	j.fields++
	j.value(name)
	j.raw(":")
}

func (j *jsonWriter) field(name string, v any) {
	j.key(name)
	j.value(v)
}

func (j *jsonWriter) openList(name string) {
	j.key(name)
	j.raw("[")
	j.inList, j.elems = true, 0
}

// elem writes an element of the open list, one a line.
func (j *jsonWriter) elem(v any) error {
	if j.elems > 0 {
		j.raw(",")
	}
	j.raw("\n")
	j.elems++
	j.value(v)
	return j.err
}

func (j *jsonWriter) closeList() {
	if !j.inList {
		return
	}
	if j.elems > 0 {
		j.raw("\n")
	}
	j.raw("]")
	j.inList = false
}

// The shapes of the dump's records. Times are RFC 3339 in UTC; a time
// that is not set is left out. Ids that are not set (no section, no
// parent) are 0.

type siteRecord struct {
	Title             string `json:"title"`
	Tagline           string `json:"tagline"`
	Language          string `json:"language"`
	TimeZone          string `json:"time_zone"`
	BaseURL           string `json:"base_url"`
	PageSize          int    `json:"page_size"`
	CommentDepth      int    `json:"comment_depth"`
	CommentModeration string `json:"comment_moderation"`
	CommentMinSeconds int    `json:"comment_min_seconds"`
	CommentMaxLinks   int    `json:"comment_max_links"`
	CommentHoldWords  string `json:"comment_hold_words"`
	CommentSpamWords  string `json:"comment_spam_words"`
}

func siteOf(s *masthead.Site) siteRecord {
	return siteRecord{
		Title: s.Title, Tagline: s.Tagline, Language: s.Language, TimeZone: s.TimeZone, BaseURL: s.BaseURL,
		PageSize: s.PageSize, CommentDepth: s.CommentDepth, CommentModeration: s.CommentModeration,
		CommentMinSeconds: s.CommentMinSeconds, CommentMaxLinks: s.CommentMaxLinks,
		CommentHoldWords: s.CommentHoldWords, CommentSpamWords: s.CommentSpamWords,
	}
}

type authorRecord struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	Slug          string    `json:"slug"`
	Bio           string    `json:"bio"`
	Role          string    `json:"role"`
	Email         string    `json:"email"`
	AvatarMediaID int64     `json:"avatar_media_id"`
	DisabledAt    time.Time `json:"disabled_at,omitzero"`
	ExternalID    string    `json:"external_id"`
	Language      string    `json:"language,omitempty"`
	CreatedAt     time.Time `json:"created_at,omitzero"`
	UpdatedAt     time.Time `json:"updated_at,omitzero"`
}

func authorOf(a *masthead.Author) authorRecord {
	out := authorRecord{
		ID: a.ID, Name: a.Name, Slug: a.Slug, Bio: a.Bio, Role: string(a.Role), Email: a.Email, ExternalID: a.ExternalID,
		Language: a.Language, DisabledAt: a.DisabledAt.UTC(), CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(),
	}
	if a.Avatar != nil {
		out.AvatarMediaID = a.Avatar.ID
	}
	return out
}

type termRecord struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Slug        string `json:"slug"`
	Description string `json:"description"`
	ExternalID  string `json:"external_id"`
}

type variantRecord struct {
	Width int    `json:"width"`
	Name  string `json:"name"`
	Path  string `json:"path"`
}

type mediaRecord struct {
	ID           int64           `json:"id"`
	Name         string          `json:"name"`
	Path         string          `json:"path"`
	Type         string          `json:"type"`
	Width        int             `json:"width"`
	Height       int             `json:"height"`
	Variants     []variantRecord `json:"variants"`
	OriginalName string          `json:"original_name"`
	AltText      string          `json:"alt_text"`
	Caption      string          `json:"caption"`
	Credit       string          `json:"credit"`
	UploadedBy   int64           `json:"uploaded_by"`
	CreatedAt    time.Time       `json:"created_at,omitzero"`
}

func mediaOf(m *masthead.Media) mediaRecord {
	out := mediaRecord{
		ID: m.ID, Name: m.Name, Path: m.Path(), Type: m.Type, Width: m.Width, Height: m.Height, Variants: []variantRecord{},
		OriginalName: m.OriginalName, AltText: m.AltText, Caption: m.Caption, Credit: m.Credit,
		UploadedBy: m.UploadedBy, CreatedAt: m.CreatedAt.UTC(),
	}
	for _, v := range m.Variants {
		out.Variants = append(out.Variants, variantRecord{Width: v.Width, Name: v.Name, Path: "/media/" + v.Name})
	}
	return out
}

type correctionRecord struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	Text      string    `json:"text"`
	AuthorID  int64     `json:"author_id"`
	CreatedAt time.Time `json:"created_at"`
}

type articleRecord struct {
	ID               int64              `json:"id"`
	Kind             string             `json:"kind"`
	ParentID         int64              `json:"parent_id,omitempty"`
	Slug             string             `json:"slug"`
	Path             string             `json:"path"`
	Headline         string             `json:"headline"`
	Dek              string             `json:"dek"`
	BodyMarkdown     string             `json:"body_markdown"`
	BodyHTML         string             `json:"body_html"`
	Excerpt          string             `json:"excerpt"`
	ExcerptGenerated bool               `json:"excerpt_generated"`
	Status           string             `json:"status"`
	PublishedAt      time.Time          `json:"published_at,omitzero"`
	CreatedAt        time.Time          `json:"created_at"`
	UpdatedAt        time.Time          `json:"updated_at"`
	Authors          []int64            `json:"authors"`
	SectionID        int64              `json:"section_id"`
	Tags             []int64            `json:"tags"`
	FeaturedMediaID  int64              `json:"featured_media_id"`
	Dateline         string             `json:"dateline"`
	SourceName       string             `json:"source_name"`
	SourceURL        string             `json:"source_url"`
	CommentsOpen     bool               `json:"comments_open"`
	Revision         int                `json:"revision"`
	CreatedBy        int64              `json:"created_by"`
	ExternalID       string             `json:"external_id"`
	Corrections      []correctionRecord `json:"corrections"`
}

func articleOf(a *masthead.Article, loc *time.Location) articleRecord {
	kind := masthead.KindArticle
	if a.IsPage() {
		kind = masthead.KindPage
	}
	out := articleRecord{
		ID: a.ID, Kind: string(kind), ParentID: a.ParentID, Slug: a.Slug, Path: a.Path(loc), Headline: a.Headline, Dek: a.Dek, BodyMarkdown: a.BodySource, BodyHTML: a.BodyHTML,
		Excerpt: a.Excerpt, ExcerptGenerated: a.ExcerptGenerated, Status: string(a.Status),
		PublishedAt: a.PublishedAt.UTC(), CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(),
		Authors: []int64{}, Tags: []int64{}, Dateline: a.Dateline, SourceName: a.SourceName, SourceURL: a.SourceURL,
		CommentsOpen: a.CommentsOpen, Revision: a.Revision, CreatedBy: a.CreatedBy, ExternalID: a.ExternalID,
		Corrections: []correctionRecord{},
	}
	for _, au := range a.Authors {
		out.Authors = append(out.Authors, au.ID)
	}
	for _, t := range a.Tags {
		out.Tags = append(out.Tags, t.ID)
	}
	if a.Category != nil {
		out.SectionID = a.Category.ID
	}
	if a.FeaturedImage != nil {
		out.FeaturedMediaID = a.FeaturedImage.ID
	}
	for _, c := range a.Corrections {
		out.Corrections = append(out.Corrections, correctionRecord{ID: c.ID, Kind: c.Kind, Text: c.Text, AuthorID: c.AuthorID, CreatedAt: c.CreatedAt.UTC()})
	}
	return out
}

type commentRecord struct {
	ID          int64     `json:"id"`
	ArticleID   int64     `json:"article_id"`
	ParentID    int64     `json:"parent_id"`
	AuthorName  string    `json:"author_name"`
	AuthorEmail string    `json:"author_email"`
	AuthorURL   string    `json:"author_url"`
	Body        string    `json:"body"`
	Status      string    `json:"status"`
	IP          string    `json:"ip"`
	Reason      string    `json:"reason"`
	CreatedAt   time.Time `json:"created_at"`
	ExternalID  string    `json:"external_id"`
}

type menuRecord struct {
	Location  string           `json:"location"`
	UpdatedAt time.Time        `json:"updated_at,omitzero"`
	Items     []menuItemRecord `json:"items"`
}

type menuItemRecord struct {
	ID         int64            `json:"id"`
	Label      string           `json:"label"`
	Kind       string           `json:"kind"`
	SectionID  int64            `json:"section_id"`
	ArticleID  int64            `json:"article_id"`
	URL        string           `json:"url"`
	ExternalID string           `json:"external_id"`
	Children   []menuItemRecord `json:"children,omitempty"`
}

func menuItemOf(it *masthead.MenuItem) menuItemRecord {
	return menuItemRecord{ID: it.ID, Label: it.Label, Kind: string(it.Kind), SectionID: it.SectionID, ArticleID: it.ArticleID, URL: it.URL, ExternalID: it.ExternalID}
}

type redirectRecord struct {
	From string `json:"from"`
	To   string `json:"to"`
}
