package masthead

import (
	"context"
	"strings"
	"time"
)

// Media is an uploaded image in the library, stored re-encoded under a
// name derived from its content, with smaller widths for srcset.
type Media struct {
	ID       int64
	Name     string // file name of the full-size image
	Type     string // image/jpeg or image/png
	Width    int
	Height   int
	Variants []MediaVariant // narrowest first

	OriginalName string // the uploaded file's name, for finding it again
	AltText      string // describes the image for people who cannot see it
	Caption      string
	Credit       string
	// ExternalID keeps the id the image had in a system it was imported
	// from ("wordpress:attachment:12"), so that an import run again
	// recognises it.
	ExternalID string

	UploadedBy int64
	CreatedAt  time.Time
}

// MediaVariant is a smaller width of an image.
type MediaVariant struct {
	Width int
	Name  string
}

// Path returns the public path of the full-size image.
func (m *Media) Path() string { return "/media/" + m.Name }

// Files returns the names of every file of the image.
func (m *Media) Files() []string {
	names := []string{m.Name}
	for _, v := range m.Variants {
		names = append(names, v.Name)
	}
	return names
}

// Validate reports the first field that cannot be stored.
func (m *Media) Validate() error {
	if err := checkText(textField{"alt", "description", m.AltText}, textField{"caption", "caption", m.Caption},
		textField{"credit", "credit", m.Credit}); err != nil {
		return err
	}
	switch {
	case m.Name == "" || strings.ContainsAny(m.Name, "/\\") || m.Width <= 0 || m.Height <= 0:
		return FieldErrorf("file", "The image is missing.")
	case strings.TrimSpace(m.AltText) == "":
		return FieldErrorf("alt", "Describe the image for readers who cannot see it.")
	case len([]rune(m.AltText)) > 500:
		return FieldErrorf("alt", "The description may be at most 500 characters long.")
	case len([]rune(m.Caption)) > 1000 || len([]rune(m.Credit)) > 300:
		return FieldErrorf("caption", "The caption or the credit is too long.")
	}
	return nil
}

// MediaFilter selects media. Query matches names, descriptions, captions
// and credits.
type MediaFilter struct {
	Query  string
	Limit  int
	Offset int
}

// MediaStore persists the media library.
type MediaStore interface {
	// CreateMedia stores a new image. Returns EINVALID, or ECONFLICT when
	// the same image is already in the library.
	CreateMedia(ctx context.Context, m *Media) error
	// UpdateMedia stores an image's changed alt text, caption, credit and
	// ExternalID (an import adopting an image it brought in under another
	// id); its files, name and dimensions never change. Every page that
	// shows the image hears of it. Returns EINVALID, ENOTFOUND, or
	// ECONFLICT when another image has the ExternalID. The bodies that show
	// the image as a figure are rendered again, so that every page, feed
	// and API answer carries its new words where the article did not set
	// its own.
	UpdateMedia(ctx context.Context, m *Media) error
	// FindMediaByID returns ENOTFOUND if no image has the id.
	FindMediaByID(ctx context.Context, id int64) (*Media, error)
	// FindMediaByName returns the image stored under the file name, or
	// ENOTFOUND.
	FindMediaByName(ctx context.Context, name string) (*Media, error)
	// FindMediaByFiles returns the images that own any of the named files,
	// as their full size or as one of their widths, in no particular
	// order; names no image owns are left out. It finds the images a body
	// shows.
	FindMediaByFiles(ctx context.Context, names []string) ([]*Media, error)
	// FindMedia returns one page of images, newest first, and the number
	// of matches.
	FindMedia(ctx context.Context, f MediaFilter) ([]*Media, int, error)
	// DeleteMedia removes an image from the library; articles that led
	// with it show none. An image that the body of an article or page
	// shows is not deleted (ECONFLICT, naming one of them): its figure
	// would be left pointing at nothing. It returns the image's files that no other image
	// uses, which the caller may remove from storage: files are named by
	// their content, so two images can share a size. Returns ENOTFOUND or
	// ECONFLICT.
	DeleteMedia(ctx context.Context, id int64) (unused []string, err error)
}
