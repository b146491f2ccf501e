package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"time"

	"masthead"
	"masthead/content"
	"masthead/media"
)

// pictureSpec is an image of the picture story: drawn here, so that the
// demo downloads nothing, and described as a photo desk would.
type pictureSpec struct {
	Name, Alt, Caption, Credit string
	Sky, Sea, Light            color.RGBA // top of the sky, the water, the lanterns
	Lanterns                   int
}

var pictures = []pictureSpec{
	{"lanterns-on-the-alder.png", "Paper lanterns drifting on the dark river under an orange sky",
		"Lanterns on the Alder at dusk.", "Observer staff", color.RGBA{0xe0, 0x7a, 0x3a, 0xff}, color.RGBA{0x12, 0x2a, 0x44, 0xff}, color.RGBA{0xff, 0xd0, 0x6a, 0xff}, 40},
	{"the-footbridge.png", "The footbridge lit by a string of lanterns over still water",
		"The footbridge, where the procession starts.", "Observer staff", color.RGBA{0x3a, 0x2a, 0x6a, 0xff}, color.RGBA{0x0c, 0x18, 0x2c, 0xff}, color.RGBA{0xff, 0xe6, 0x9a, 0xff}, 18},
	{"last-lanterns.png", "A few last lanterns near the harbour wall at night",
		"The last lanterns reach the harbour after midnight.", "Reader photo", color.RGBA{0x16, 0x1c, 0x3a, 0xff}, color.RGBA{0x06, 0x0c, 0x18, 0xff}, color.RGBA{0xff, 0xb8, 0x4a, 0xff}, 7},
}

// draw paints a dusk scene: a sky fading into the water, and lanterns
// with their reflections, placed the same way at every run.
func (p pictureSpec) draw(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	horizon := h * 11 / 20
	mix := func(a, b color.RGBA, t float64) color.RGBA {
		f := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t) }
		return color.RGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 0xff}
	}
	for y := range h {
		var c color.RGBA
		if y < horizon {
			c = mix(p.Sky, mix(p.Sky, p.Light, 0.5), float64(y)/float64(horizon))
		} else {
			c = mix(p.Sea, p.Sky, 0.25*(1-float64(y-horizon)/float64(h-horizon)))
		}
		for x := range w {
			img.SetRGBA(x, y, c)
		}
	}
	for i := range p.Lanterns {
		// A fixed spiral of positions: no randomness, the same picture
		// (and so the same file name) every time.
		t := float64(i) / float64(p.Lanterns)
		x := int(float64(w) * (0.08 + 0.84*math.Mod(t*7.3, 1)))
		y := horizon + int(float64(h-horizon)*(0.1+0.8*t))
		r := 4 + int(10*t)
		for dy := -r; dy <= r; dy++ {
			for dx := -r; dx <= r; dx++ {
				if dx*dx+dy*dy > r*r {
					continue
				}
				img.SetRGBA(x+dx, y+dy, p.Light)
				// The reflection, fainter, below the lantern.
				if ry := y + 2*r + dy/2; ry < h && dx%2 == 0 {
					img.SetRGBA(x+dx, ry, mix(p.Sea, p.Light, 0.35))
				}
			}
		}
	}
	return img
}

// SeedPictureStory adds the demo's picture story, which shows inline
// images, a gallery, a pull quote, a fact box and related links: its
// images go into files and the library, the story is published a few
// hours before now. Seed must have filled the site first.
func SeedPictureStory(ctx context.Context, s masthead.Store, files media.Storage, now time.Time) error {
	var names []string
	for _, p := range pictures {
		var buf bytes.Buffer
		if err := png.Encode(&buf, p.draw(1600, 1000)); err != nil {
			return fmt.Errorf("demo picture %s: %w", p.Name, err)
		}
		processed, err := media.Process(&buf)
		if err != nil {
			return fmt.Errorf("demo picture %s: %w", p.Name, err)
		}
		for _, f := range append([]media.File{processed.Original}, processed.Variants...) {
			if err := files.Put(ctx, f.Name, f.Data); err != nil {
				return fmt.Errorf("demo picture %s: %w", p.Name, err)
			}
		}
		m := &masthead.Media{Name: processed.Original.Name, Type: processed.Original.Type, Width: processed.Original.Width,
			Height: processed.Original.Height, OriginalName: p.Name, AltText: p.Alt, Caption: p.Caption, Credit: p.Credit}
		for _, v := range processed.Variants {
			m.Variants = append(m.Variants, masthead.MediaVariant{Width: v.Width, Name: v.Name})
		}
		if err := s.CreateMedia(ctx, m); err != nil {
			return fmt.Errorf("demo picture %s: %w", p.Name, err)
		}
		names = append(names, m.Name)
	}
	related, _, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 2, WithoutBody: true})
	if err != nil {
		return err
	}
	site, err := s.FindSite(ctx)
	if err != nil {
		return err
	}
	loc := site.Location()
	links := ""
	for _, a := range related {
		links += "\n> - [" + a.Headline + "](" + a.Path(loc) + ")"
	}
	body := "Port Alder's lantern festival returned to the river on Saturday night after two years away, " +
		"and the town came down to the water to watch.\n\n" +
		"![](/media/" + names[0] + ")\n\n" +
		"The procession set off from the footbridge at nine, each family carrying a paper lantern made at " +
		"the library's workshops during the week.\n\n" +
		"> [!pullquote]\n> “We kept the frames in the attic the whole time. Tonight we finally used them.”\n\n" +
		"By midnight the current had carried most of the lanterns past the harbour wall, where volunteers in " +
		"two boats collected them before they reached the sea.\n\n" +
		"![](/media/" + names[1] + ")\n![](/media/" + names[2] + " \"— Mina Okafor, a reader\")\n\n" +
		"> [!factbox] The festival in numbers\n> - 2,400 lanterns, all paper and bamboo\n" +
		"> - 11 workshops at the library in the week before\n> - 2 boats and 14 volunteers to collect them\n\n" +
		"> [!related] More from the river" + links + "\n"
	authors, _, err := s.FindAuthors(ctx, masthead.AuthorFilter{Limit: 1})
	if err != nil || len(authors) == 0 {
		return fmt.Errorf("demo picture story: no author: %w", err)
	}
	published := now.Add(-5 * time.Hour).Truncate(time.Minute)
	a := &masthead.Article{Headline: "In pictures: lanterns return to the Alder",
		Dek: "Two years after the last one, the festival filled the river with light.", BodySource: body,
		Status: masthead.StatusPublished, PublishedAt: published, CreatedAt: published.Add(-2 * time.Hour), UpdatedAt: published,
		Dateline: "PORT ALDER", Authors: authors, CommentsOpen: true}
	if err := content.PrepareArticleWith(ctx, a, s); err != nil {
		return err
	}
	if err := s.CreateArticle(ctx, a); err != nil {
		return fmt.Errorf("demo picture story: %w", err)
	}
	return nil
}
