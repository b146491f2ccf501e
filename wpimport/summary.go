package wpimport

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"masthead"
)

// Counts are numbers of records of each kind.
type Counts struct {
	Authors   int
	Sections  int
	Tags      int
	Articles  int
	Pages     int
	Menus     int
	Comments  int
	Redirects int
	Media     int
	// Pins are the home page's pins made of WordPress's sticky posts.
	Pins int
}

// maxNotes bounds the sentences a summary keeps, so that an export full of
// odd records cannot fill memory; the rest are counted.
const maxNotes = 1000

// Summary is what an import did.
type Summary struct {
	// DryRun says that nothing was written: Added is what a real run
	// would add.
	DryRun bool
	// Site and Version are the title of the old site and the export's
	// WXR version.
	Site    string
	Version string
	// Added counts what this run added, Found what was there already
	// (from an earlier run, or the site's own sections and staff).
	Added Counts
	Found Counts
	// ArticlesByStatus and CommentsByStatus break down what was added.
	ArticlesByStatus map[masthead.Status]int
	CommentsByStatus map[masthead.CommentStatus]int
	// Orphans counts replies whose parent was missing, imported at the
	// top level.
	Orphans int
	// Media counts the attachments in the export, imported only with
	// Uploads.
	Media int
	// Uploads says that the import had the uploads directory, so that
	// attachments were imported.
	Uploads bool
	// MediaWithoutAlt counts the images that had no alternative text in
	// WordPress and are described by their title for now.
	MediaWithoutAlt int
	// BodyMedia counts the images this run brought in from the uploads
	// because bodies show them, which no attachment of the export names.
	BodyMedia int
	// OtherHostImages counts the images bodies show from other sites,
	// which keep their addresses.
	OtherHostImages int
	// KeptMediaURLs counts the addresses of images and files in bodies
	// that still lead to the old site's uploads: without Uploads, or when
	// their file was not imported.
	KeptMediaURLs int
	// Skipped counts what was not imported, by reason.
	Skipped map[string]int
	// Notes are sentences about single records: skipped for a problem of
	// their own, or imported with a change. MoreNotes counts those past
	// the first thousand.
	Notes     []string
	MoreNotes int
}

func newSummary(dryRun bool) *Summary {
	return &Summary{
		DryRun:           dryRun,
		ArticlesByStatus: map[masthead.Status]int{},
		CommentsByStatus: map[masthead.CommentStatus]int{},
		Skipped:          map[string]int{},
	}
}

func (s *Summary) skip(reason string) { s.Skipped[reason]++ }

func (s *Summary) note(sentence string) {
	if len(s.Notes) < maxNotes {
		s.Notes = append(s.Notes, sentence)
	} else {
		s.MoreNotes++
	}
}

// problem notes a record that was not imported.
func (s *Summary) problem(sentence string) {
	s.skip("records with a problem of their own (see the notes)")
	s.note(sentence)
}

// WriteTo writes the summary for people, one line per kind of record.
func (s *Summary) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	verb := "Imported"
	if s.DryRun {
		verb = "Checked (dry run, nothing was written)"
	}
	fmt.Fprintf(&b, "%s: the WordPress export of %q (WXR %s).\n", verb, s.Site, s.Version)
	line := func(what string, added, found int, detail string) {
		there := ""
		if found > 0 {
			there = fmt.Sprintf(", %d already there", found)
		}
		fmt.Fprintf(&b, "  %-10s %6d added%s%s\n", what, added, there, detail)
	}
	line("authors", s.Added.Authors, s.Found.Authors, "")
	line("sections", s.Added.Sections, s.Found.Sections, "")
	line("tags", s.Added.Tags, s.Found.Tags, "")
	line("articles", s.Added.Articles, s.Found.Articles, breakdown(
		"published", s.ArticlesByStatus[masthead.StatusPublished], "scheduled", s.ArticlesByStatus[masthead.StatusScheduled],
		"drafts", s.ArticlesByStatus[masthead.StatusDraft], "pending", s.ArticlesByStatus[masthead.StatusPending]))
	line("comments", s.Added.Comments, s.Found.Comments, breakdown(
		"approved", s.CommentsByStatus[masthead.CommentApproved], "pending", s.CommentsByStatus[masthead.CommentPending],
		"spam", s.CommentsByStatus[masthead.CommentSpam], "trash", s.CommentsByStatus[masthead.CommentTrash]))
	line("pages", s.Added.Pages, s.Found.Pages, "")
	line("menus", s.Added.Menus, s.Found.Menus, "")
	fmt.Fprintf(&b, "  %-10s %6d added\n", "redirects", s.Added.Redirects)
	if s.Added.Pins > 0 || s.Found.Pins > 0 {
		line("home pins", s.Added.Pins, s.Found.Pins, " (WordPress's sticky posts)")
	}
	if s.Uploads {
		line("media", s.Added.Media, s.Found.Media, fmt.Sprintf(" (of %d attachments in the export)", s.Media))
		switch {
		case s.BodyMedia == 1:
			b.WriteString("  1 of them is an image that a body shows and no attachment names, brought in from the uploads directory.\n")
		case s.BodyMedia > 1:
			fmt.Fprintf(&b, "  %d of them are images that bodies show and no attachment names, brought in from the uploads directory.\n", s.BodyMedia)
		}
	} else {
		fmt.Fprintf(&b, "  %-10s %6d in the export, not imported without --uploads\n", "media", s.Media)
	}
	switch {
	case s.MediaWithoutAlt == 1:
		b.WriteString("  1 image had no alternative text in WordPress; its title describes it until the newsroom writes one.\n")
	case s.MediaWithoutAlt > 1:
		fmt.Fprintf(&b, "  %d images had no alternative text in WordPress; their titles describe them until the newsroom writes better ones.\n", s.MediaWithoutAlt)
	}
	switch {
	case s.OtherHostImages == 1:
		b.WriteString("  1 image in a body is on another site and keeps its address.\n")
	case s.OtherHostImages > 1:
		fmt.Fprintf(&b, "  %d images in bodies are on other sites and keep their addresses.\n", s.OtherHostImages)
	}
	switch {
	case s.KeptMediaURLs == 1:
		b.WriteString("  1 address of an image or file in a body keeps its original URL, since its file was not imported.\n")
	case s.KeptMediaURLs > 1:
		fmt.Fprintf(&b, "  %d addresses of images and files in bodies keep their original URLs, since their files were not imported.\n", s.KeptMediaURLs)
	}
	if len(s.Skipped) > 0 {
		b.WriteString("Skipped:\n")
		reasons := make([]string, 0, len(s.Skipped))
		for r := range s.Skipped {
			reasons = append(reasons, r)
		}
		sort.Strings(reasons)
		for _, r := range reasons {
			fmt.Fprintf(&b, "  %6d %s\n", s.Skipped[r], r)
		}
	}
	if len(s.Notes) > 0 {
		b.WriteString("Notes:\n")
		for _, n := range s.Notes {
			fmt.Fprintf(&b, "  %s\n", n)
		}
		if s.MoreNotes > 0 {
			fmt.Fprintf(&b, "  ... and %d more.\n", s.MoreNotes)
		}
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// breakdown writes "(3 published, 1 draft)" for the counts that are not
// zero, from name, count pairs.
func breakdown(pairs ...any) string {
	var parts []string
	for i := 0; i < len(pairs); i += 2 {
		if n := pairs[i+1].(int); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, pairs[i]))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
