package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"masthead"
	"masthead/media"
)

// The Observer's colours: ink on newsprint, and the paper's red.
var (
	paper = color.NRGBA{0xfd, 0xfc, 0xf9, 0xff}
	ink   = color.NRGBA{0x1c, 0x1c, 0x1c, 0xff}
	red   = color.NRGBA{0x8a, 0x1c, 0x1c, 0xff}
)

// Brand gives the demo site a logo and a site icon, drawn here, stored in
// storage and the media library, and set in the settings. A site whose
// settings already name a logo is left alone.
func Brand(ctx context.Context, s masthead.Store, storage media.Storage) error {
	site, err := s.FindSite(ctx)
	if err != nil {
		return err
	}
	if site.Logo != 0 {
		return nil
	}
	logo, err := addImage(ctx, s, storage, nameplate(), "observer-nameplate.png", "The Observer")
	if err != nil {
		return fmt.Errorf("demo logo: %w", err)
	}
	icon, err := addImage(ctx, s, storage, ringMark(512, paper, red), "observer-icon.png", "The Observer's ring")
	if err != nil {
		return fmt.Errorf("demo icon: %w", err)
	}
	site.Logo, site.Icon = logo.ID, icon.ID
	return s.UpdateSite(ctx, site)
}

// addImage stores img as an upload would be: re-encoded by the media
// package, its files in storage, its record in the library.
func addImage(ctx context.Context, s masthead.Store, storage media.Storage, img image.Image, name, alt string) (*masthead.Media, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	p, err := media.Process(&buf)
	if err != nil {
		return nil, err
	}
	m := &masthead.Media{Name: p.Original.Name, Type: p.Original.Type, Width: p.Original.Width, Height: p.Original.Height,
		OriginalName: name, AltText: alt, Credit: "Masthead demo"}
	for _, f := range append([]media.File{p.Original}, p.Variants...) {
		if err := storage.Put(ctx, f.Name, f.Data); err != nil {
			return nil, err
		}
	}
	for _, v := range p.Variants {
		m.Variants = append(m.Variants, masthead.MediaVariant{Width: v.Width, Name: v.Name})
	}
	if err := s.CreateMedia(ctx, m); err != nil {
		return nil, err
	}
	return m, nil
}

// nameplate draws the masthead's logo: the red ring and "THE OBSERVER" in
// a bitmap face scaled up six times, on newsprint so that it reads in dark
// mode too.
func nameplate() image.Image {
	const w, h, scale = 656, 128, 6
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(paper), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(16, 16, 112, 112), ringMark(96, paper, red), image.Point{}, draw.Src)

	const text = "THE OBSERVER"
	face := basicfont.Face7x13
	small := image.NewNRGBA(image.Rect(0, 0, len(text)*face.Advance, face.Height))
	draw.Draw(small, small.Bounds(), image.NewUniform(paper), image.Point{}, draw.Src)
	d := font.Drawer{Dst: small, Src: image.NewUniform(ink), Face: face, Dot: fixed.P(0, face.Ascent)}
	d.DrawString(text)
	at := image.Rect(136, (h-face.Height*scale)/2, 136+small.Bounds().Dx()*scale, (h+face.Height*scale)/2)
	xdraw.NearestNeighbor.Scale(img, at, small, small.Bounds(), draw.Src, nil)
	return img
}

// ringMark draws a ring of fg on bg, size pixels square: the paper's "O".
func ringMark(size int, bg, fg color.NRGBA) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	c := float64(size) / 2
	outer, inner := c*0.86, c*0.56
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			dx, dy := float64(x)+0.5-c, float64(y)+0.5-c
			d2 := dx*dx + dy*dy
			if d2 <= outer*outer && d2 >= inner*inner {
				img.Set(x, y, fg)
			} else {
				img.Set(x, y, bg)
			}
		}
	}
	return img
}
