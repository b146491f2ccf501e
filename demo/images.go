package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"sync"

	"masthead"
	"masthead/media"
)

// The demo's pictures are made here, not downloaded: each is an abstract
// landscape (a sky graded from one colour to another, a low sun, ridges
// of hills or swell, and a photograph's fine grain), drawn in Go and then
// put through media.Process like any upload, so that the demo's images
// have the same sizes and names a newsroom's do. A few scenes are drawn
// and shared among the articles, each on a core of its own: putting one
// through the upload path (its sizes resized and encoded) costs about
// 0.3 s of processor time, and `serve --demo` should start at once.

// imageWidth and imageHeight make a 3:2 picture, as cameras take them,
// wide enough for the 960 px size and the lead's 1600 px slot to be real.
const (
	imageWidth  = 1200
	imageHeight = 800
)

// scene is one picture: its colours, its shapes and how it is described
// to readers who cannot see it.
type scene struct {
	skyTop, skyLow, sun, near, far color.RGBA
	sunX, sunY, sunR               float64 // in fractions of the width and height
	waves                          float64 // how many crests cross the picture
	alt                            string
}

var scenes = []scene{
	{rgb(0x1d2b53), rgb(0xf4a261), rgb(0xffe8a3), rgb(0x14213d), rgb(0x3d5a80), 0.70, 0.62, 0.07, 2.5,
		"An abstract illustration of a harbour at dawn: a pale sun low over dark blue swell."},
	{rgb(0x0b132b), rgb(0x5bc0be), rgb(0xf1faee), rgb(0x1c2541), rgb(0x3a506b), 0.25, 0.30, 0.05, 4,
		"An abstract illustration of the coast at night: a white moon above teal water and dark ridges."},
	{rgb(0x6a994e), rgb(0xf2e8cf), rgb(0xfff3b0), rgb(0x386641), rgb(0xa7c957), 0.55, 0.35, 0.09, 1.5,
		"An abstract illustration of green hills under a hazy summer sky and a soft yellow sun."},
	{rgb(0x3c1642), rgb(0xff7f51), rgb(0xffd6a5), rgb(0x1f0a26), rgb(0x86293c), 0.40, 0.58, 0.11, 3,
		"An abstract illustration of a sunset: a large orange sun sinking behind plum-coloured hills."},
}

func rgb(v uint32) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// draw paints the scene. The ridges are worked out once a column and the
// glow only near the sun, so that a picture takes milliseconds.
func (sc scene) draw(seed uint32) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, imageWidth, imageHeight))
	w, h := float64(imageWidth), float64(imageHeight)
	ridge := func(x, base, amp, phase float64) int {
		return int(h * (base + amp*math.Sin(2*math.Pi*sc.waves*x/w+phase) + amp/3*math.Sin(2*math.Pi*sc.waves*2.7*x/w+phase*1.7)))
	}
	far, near := make([]int, imageWidth), make([]int, imageWidth)
	for x := range imageWidth {
		far[x] = ridge(float64(x), 0.62, 0.05, seedPhase(seed))
		near[x] = ridge(float64(x), 0.78, 0.04, seedPhase(seed)+2)
	}
	state := seed | 1
	grain := func() int { // xorshift: the same grain every time
		state ^= state << 13
		state ^= state >> 17
		state ^= state << 5
		return int(state%17) - 8
	}
	sunX, sunY, sunR := sc.sunX*w, sc.sunY*h, sc.sunR*w
	glowR := sunR * 4
	for y := range imageHeight {
		fy := float64(y)
		sky := mix(sc.skyTop, sc.skyLow, fy/h)
		farColour := mix(sc.far, sc.near, (fy/h-0.55)*1.2)
		nearColour := mix(sc.near, color.RGBA{0, 0, 0, 0xff}, (fy/h-0.75)*0.8)
		nearSun := math.Abs(fy-sunY) < glowR
		for x := range imageWidth {
			c := sky
			switch {
			case y > near[x]:
				c = nearColour
			case y > far[x]:
				c = farColour
			case nearSun && math.Abs(float64(x)-sunX) < glowR:
				// The sun, with a glow that fades into the sky.
				if d := math.Hypot(float64(x)-sunX, fy-sunY); d < sunR {
					c = sc.sun
				} else if glow := 1 - (d-sunR)/(sunR*3); glow > 0 {
					c = mix(c, sc.sun, glow*glow*0.6)
				}
			}
			n := grain()
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = clamp(int(c.R)+n), clamp(int(c.G)+n), clamp(int(c.B)+n), 0xff
		}
	}
	return img
}

func seedPhase(seed uint32) float64 { return float64(seed%628) / 100 }

func mix(a, b color.RGBA, t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	l := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 0xff}
}

func clamp(v int) uint8 { return uint8(min(255, max(0, v))) }

// seedImages draws every scene, a scene to a core at once, stores its
// files in files and adds it to the library, credited to the desk that
// made it.
func seedImages(ctx context.Context, s masthead.Store, files media.Storage, uploader int64) ([]*masthead.Media, error) {
	processed := make([]*media.Processed, len(scenes))
	errs := make([]error, len(scenes))
	var wg sync.WaitGroup
	for i, sc := range scenes {
		wg.Go(func() {
			var buf bytes.Buffer
			if errs[i] = jpeg.Encode(&buf, sc.draw(uint32(i+1)*2654435761), &jpeg.Options{Quality: 92}); errs[i] == nil {
				processed[i], errs[i] = media.Process(&buf)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("demo images: %w", err)
	}
	var out []*masthead.Media
	for i, p := range processed {
		m := &masthead.Media{Name: p.Original.Name, Type: p.Original.Type, Width: p.Original.Width,
			Height: p.Original.Height, OriginalName: fmt.Sprintf("observer-illustration-%d.jpg", i+1),
			AltText: scenes[i].alt, Credit: "Illustration: Observer graphics desk", UploadedBy: uploader}
		for _, f := range append([]media.File{p.Original}, p.Variants...) {
			if err := files.Put(ctx, f.Name, f.Data); err != nil {
				return nil, fmt.Errorf("demo image %d: %w", i+1, err)
			}
		}
		for _, v := range p.Variants {
			m.Variants = append(m.Variants, masthead.MediaVariant{Width: v.Width, Name: v.Name})
		}
		if err := s.CreateMedia(ctx, m); err != nil {
			return nil, fmt.Errorf("demo image %d: %w", i+1, err)
		}
		out = append(out, m)
	}
	return out, nil
}
