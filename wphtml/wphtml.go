// Package wphtml turns the HTML of WordPress posts and pages into the
// Markdown Masthead bodies are written in. It is a pure format package: a
// body and options in, Markdown and what the body refers to out; the
// importer reads the export, brings the files in and stores the articles.
//
// WordPress keeps three kinds of markup in a body, and each is read as
// WordPress itself shows it:
//
//   - Block-editor bodies (those with <!-- wp:... --> comments) are HTML
//     already. The comments go; a Shortcode block's text gets WordPress's
//     paragraphs; a block WordPress draws anew on every view (latest posts,
//     a reusable block) leaves nothing and is listed in Result.DynamicBlocks.
//   - Classic-editor bodies have no <p> tags: WordPress makes paragraphs
//     when it shows them (wpautop). This package does the same: a blank line
//     makes a paragraph, a single line break a <br>, except inside <pre>,
//     around block elements and inside tags.
//   - Shortcodes WordPress ships become what they show: [caption] a figure
//     with its caption, [gallery] and [playlist] a list of the attachments
//     (looked up through Options.Attachment), [embed]URL[/embed] the address
//     alone on its line, [audio] and [video] a link to the file. Any other
//     shortcode stays as text and its name is listed in Result.KeptShortcodes.
//
// The rule for the output: Markdown wherever Markdown says everything the
// HTML said, and the HTML itself, sanitised with the renderer's own policy,
// where Markdown cannot say it. Paragraphs, emphasis, links, headings,
// lists, quotations, code, rules and images without a caption are Markdown.
// These stay HTML blocks:
//
//   - a figure with a caption (an image, a table, a file), since Markdown has
//     no caption, except a figure of one image of Masthead's media library
//     (/media/NAME.jpg, which an imported image's address becomes) whose
//     caption is text, links and emphasis: that is the image's Markdown,
//     ![alt](/media/NAME.jpg "caption"), which Masthead shows as the
//     library's figure with the caption's markup (a Masthead export's
//     <span class="credit"> becomes the credit after " — ");
//   - a table Markdown cannot hold: no header row, a header column, merged
//     cells, a footer, a caption, or a cell holding lines or blocks;
//   - a heading with its own anchor (id), so that links to it keep working;
//   - preformatted text that is not code (<pre> without <code>: verse,
//     preformatted blocks), which may hold emphasis and links;
//   - definition lists and details/summary disclosures;
//   - inside a paragraph, the inline elements Markdown has no syntax for:
//     cite, sub, sup, mark, abbr, u, ins, small, q, dfn, var, samp.
//
// A web address alone on its line (a bare URL paragraph, an embed block or
// shortcode, an iframe's source) stays alone on its line, so that Masthead
// can show an embed for it. Pull quotes become quotations; buttons become
// links; audio and video players become links to their files. Nothing that
// runs script survives: script, style, iframes, objects, forms and every
// attribute but the few each kept element needs (href, src, alt, title,
// id on headings, cell spans) are removed, and links or images with a
// script or data address are dropped, keeping their text.
package wphtml

import (
	"slices"
	"strings"
)

// Kind says what a URL in a body points at, so that Options.Rewrite can
// map it to the right new address.
type Kind int

const (
	// Link is a link to a page: an old post, a category, another site.
	Link Kind = iota
	// Image is the source of an image shown in the body.
	Image
	// File is a file the body links to or plays: a link into the
	// uploads directory (the full-size image behind a thumbnail, a PDF),
	// an audio or video file.
	File
)

func (k Kind) String() string {
	switch k {
	case Image:
		return "image"
	case File:
		return "file"
	}
	return "link"
}

// Attachment is what a [gallery] or [playlist] needs to know of one of
// WordPress's attachments.
type Attachment struct {
	URL     string // the file's address, as the export gives it
	Alt     string // an image's alternative text, plain text
	Caption string // the attachment's caption (its excerpt), HTML
	Title   string // the attachment's title, plain text, names audio and video
}

// Options tell a conversion about the site the body comes from.
type Options struct {
	// Rewrite, when set, returns the address a URL of the body should have
	// in Masthead: an old post's new address, an image's new media URL.
	// It is called with each URL as the body writes it (trimmed, entities
	// decoded, relative ones left relative); returning it unchanged, or "",
	// keeps it.
	Rewrite func(url string, kind Kind) string
	// Attachment, when set, looks up an attachment by its WordPress id, for
	// [gallery] and [playlist].
	Attachment func(id int64) (Attachment, bool)
	// ChildAttachments lists, in menu order, the ids of the attachments whose
	// parent is this post: what a [gallery] that names no ids shows.
	ChildAttachments []int64
}

// Result is a converted body and what it refers to.
type Result struct {
	// Markdown is the body, as BodySource.
	Markdown string `json:",omitempty"`
	// Images lists the original URLs of the images the body shows, in
	// order, each once.
	Images []string `json:",omitempty"`
	// Files lists the original URLs of the files the body links to in the
	// uploads directory, and of the audio and video it plays, in order,
	// each once.
	Files []string `json:",omitempty"`
	// KeptShortcodes lists, sorted, the names of the shortcodes left in the
	// body as text: unknown ones, and known ones missing what they need
	// (an [audio] with no source).
	KeptShortcodes []string `json:",omitempty"`
	// MissingAttachments lists the attachment ids a [gallery] or [playlist]
	// named that Options.Attachment did not know.
	MissingAttachments []int64 `json:",omitempty"`
	// DynamicBlocks lists, sorted, the blocks WordPress draws anew on each
	// view (core/latest-posts, core/block for a reusable block), which
	// leave nothing in the body.
	DynamicBlocks []string `json:",omitempty"`
	// Simplified says that the body nested elements deeper than an HTML
	// parser follows (512 levels), so that the elements below 100 levels
	// were dropped; their text was kept.
	Simplified bool `json:",omitempty"`
}

// conversion holds what one body's conversion collects.
type conversion struct {
	opts   Options
	result Result
}

// ToMarkdown converts a WordPress body (post_content, as the export's
// content:encoded holds it) into Masthead Markdown. Bytes that are not
// UTF-8 become U+FFFD. An error means the converter itself failed, never
// that the HTML was malformed: broken HTML is read the way browsers read
// it, and HTML nested too deeply for that loses the deepest tags (see
// Result.Simplified).
func ToMarkdown(body string, opts Options) (Result, error) {
	c := &conversion{opts: opts}
	body = strings.ToValidUTF8(body, "\uFFFD")
	body = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\x00", "\uFFFD").Replace(body)
	blocks := hasBlocks(body)
	if blocks {
		body = c.unwrapBlocks(body)
	}
	body = c.expandShortcodes(body)
	if !blocks {
		body = autop(body)
	}
	md, err := c.markdown(body)
	if err != nil {
		return Result{}, err
	}
	c.result.Markdown = md
	slices.Sort(c.result.KeptShortcodes)
	slices.Sort(c.result.DynamicBlocks)
	return c.result, nil
}

func (c *conversion) keptShortcode(name string) {
	if !slices.Contains(c.result.KeptShortcodes, name) {
		c.result.KeptShortcodes = append(c.result.KeptShortcodes, name)
	}
}

func (c *conversion) dynamicBlock(name string) {
	if !slices.Contains(c.result.DynamicBlocks, name) {
		c.result.DynamicBlocks = append(c.result.DynamicBlocks, name)
	}
}

func (c *conversion) missingAttachment(id int64) {
	if !slices.Contains(c.result.MissingAttachments, id) {
		c.result.MissingAttachments = append(c.result.MissingAttachments, id)
	}
}

// rewrite records a URL of the body and returns its new address.
func (c *conversion) rewrite(u string, kind Kind) string {
	switch kind {
	case Image:
		if !slices.Contains(c.result.Images, u) {
			c.result.Images = append(c.result.Images, u)
		}
	case File:
		if !slices.Contains(c.result.Files, u) {
			c.result.Files = append(c.result.Files, u)
		}
	}
	if c.opts.Rewrite == nil {
		return u
	}
	if rewritten := c.opts.Rewrite(u, kind); rewritten != "" {
		return rewritten
	}
	return u
}
