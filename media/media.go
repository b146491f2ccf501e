// Package media checks and re-encodes uploaded images: the real type is
// read from the bytes, the size and dimensions are bounded, and every image
// is decoded and encoded anew, which drops all metadata (EXIF location
// included), in its full size and in smaller widths for srcset. Files are
// named by the hash of their content.
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/gif" // decoders register themselves
	"image/jpeg"
	"image/png"
	"io"
	"net/http"

	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// Limits on uploads.
const (
	MaxBytes  = 15 << 20 // the largest file accepted
	MaxPixels = 40e6     // a decompression bomb stops here
	MaxSide   = 12000
)

// Widths are the smaller sizes made for srcset, when the image is wider.
var Widths = []int{480, 960, 1600}

// accepted maps the types read from the bytes to their format names.
var accepted = map[string]string{"image/jpeg": "jpeg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}

// File is one encoded image, ready to store under Name.
type File struct {
	Name          string // content hash and extension
	Type          string // image/jpeg or image/png
	Width, Height int
	Data          []byte
}

// Processed is an upload made safe: the full-size image and its smaller
// widths, narrowest first.
type Processed struct {
	Original File
	Variants []File
}

// ErrNotImage and the other errors say, in a sentence, why an upload was
// refused.
var (
	ErrTooLarge = fmt.Errorf("The file is larger than %d MB.", MaxBytes>>20)
	ErrNotImage = errors.New("The file is not a JPEG, PNG, GIF or WebP image.")
	ErrTooBig   = fmt.Errorf("The image is larger than %d pixels on a side or %d megapixels.", MaxSide, int(MaxPixels/1e6))
	ErrDamaged  = errors.New("The image could not be read; it may be damaged.")
)

// Process reads an upload and returns it re-encoded, or why it was refused.
func Process(r io.Reader) (*Processed, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBytes {
		return nil, ErrTooLarge
	}
	sniffed := http.DetectContentType(data)
	format, ok := accepted[sniffed]
	if !ok {
		return nil, ErrNotImage
	}
	cfg, gotFormat, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || gotFormat != format {
		return nil, ErrDamaged
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxSide || cfg.Height > MaxSide || float64(cfg.Width)*float64(cfg.Height) > MaxPixels {
		return nil, ErrTooBig
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, ErrDamaged
	}
	p := &Processed{}
	if p.Original, err = encode(img); err != nil {
		return nil, err
	}
	for _, w := range Widths {
		if w >= img.Bounds().Dx() {
			break
		}
		f, err := encode(resize(img, w))
		if err != nil {
			return nil, err
		}
		p.Variants = append(p.Variants, f)
	}
	return p, nil
}

// resize scales img to width w, keeping its proportions.
func resize(img image.Image, w int) image.Image {
	b := img.Bounds()
	h := max(1, b.Dy()*w/b.Dx())
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Over, nil)
	return dst
}

// encode writes img as a JPEG, or as a PNG when it has transparency, and
// names it by its content.
func encode(img image.Image) (File, error) {
	var buf bytes.Buffer
	f := File{Width: img.Bounds().Dx(), Height: img.Bounds().Dy()}
	ext := ".jpg"
	if opaque(img) {
		f.Type = "image/jpeg"
		if err := jpeg.Encode(&buf, flatten(img), &jpeg.Options{Quality: 85}); err != nil {
			return File{}, err
		}
	} else {
		f.Type, ext = "image/png", ".png"
		if err := png.Encode(&buf, img); err != nil {
			return File{}, err
		}
	}
	sum := sha256.Sum256(buf.Bytes())
	f.Name = hex.EncodeToString(sum[:16]) + ext
	f.Data = buf.Bytes()
	return f, nil
}

// opaque reports whether every pixel of img is fully opaque.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xffff {
				return false
			}
		}
	}
	return true
}

// flatten draws img on white, for formats without transparency.
func flatten(img image.Image) image.Image {
	dst := image.NewRGBA(img.Bounds())
	draw.Draw(dst, dst.Bounds(), &image.Uniform{C: color.White}, image.Point{}, draw.Src)
	draw.Draw(dst, dst.Bounds(), img, img.Bounds().Min, draw.Over)
	return dst
}
