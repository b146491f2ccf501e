// Package media checks and re-encodes uploaded images: the real type is
// read from the bytes, the size and dimensions are bounded, and every image
// is decoded and encoded anew, which drops all metadata (EXIF location
// included), in its full size and in smaller widths for srcset. Files are
// named by the hash of their content.
package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
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
	"golang.org/x/sync/semaphore"
)

// Limits on uploads.
const (
	MaxBytes  = 15 << 20 // the largest file accepted
	MaxPixels = 40e6     // a decompression bomb stops here
	MaxSide   = 12000
	// DecodeBudget bounds the memory that decoded images hold at once,
	// across every upload and import in the process. A small file can
	// decode to hundreds of megabytes (a 6300 × 6300 PNG is 159 MB as
	// pixels, twice that at 16 bits a channel), so the cost is read from
	// the header before decoding: uploads beyond the budget wait their
	// turn, and an image that alone needs more is refused.
	DecodeBudget = 256 << 20
)

// decoding is what DecodeBudget allows: each decode holds its image's
// cost in bytes until its sizes are encoded.
var decoding = semaphore.NewWeighted(DecodeBudget)

// Widths are the smaller sizes made for srcset, when the image is wider.
// 720 is there for phones: a full-width image on a 390 to 430 px screen
// at 1.75 to 2 device pixels per CSS pixel wants 680 to 860 pixels, and
// without it the browser fetches the 960 one, about twice the bytes.
// Images uploaded before a width was added keep the variants they were
// made with; pages offer only the variants an image has.
var Widths = []int{480, 720, 960, 1600}

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
	ErrTooHeavy = fmt.Errorf("The image would need more than %d MB of memory to process; save it smaller or with 8 bits a channel.", DecodeBudget>>20)
)

// Process reads an upload and returns it re-encoded, or why it was
// refused. It waits while other decodes hold DecodeBudget.
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
	// A header alone (a few bytes that merely start like an image) is
	// damaged, not an image of whatever size its first bytes happen to
	// say.
	if err != nil || gotFormat != format || !complete(format, data) {
		return nil, ErrDamaged
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxSide || cfg.Height > MaxSide || float64(cfg.Width)*float64(cfg.Height) > MaxPixels {
		return nil, ErrTooBig
	}
	cost := int64(cfg.Width) * int64(cfg.Height) * bytesPerPixel(cfg.ColorModel)
	if cost > DecodeBudget {
		return nil, ErrTooHeavy
	}
	_ = decoding.Acquire(context.Background(), cost) // never fails without a deadline
	defer decoding.Release(cost)
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

// complete reports whether data ends as a whole file of its format does:
// the checks are on the container, cheap, and lenient about the padding
// some encoders add.
func complete(format string, data []byte) bool {
	switch format {
	case "jpeg":
		return bytes.LastIndex(data, []byte{0xff, 0xd9}) > 2 // end of image after the start
	case "png":
		return bytes.LastIndex(data, []byte("IEND")) > 8
	case "gif":
		trimmed := bytes.TrimRight(data, "\x00")
		return len(trimmed) > 13 && trimmed[len(trimmed)-1] == 0x3b // the trailer
	case "webp":
		return len(data) >= 12 && int64(binary.LittleEndian.Uint32(data[4:8]))+8 <= int64(len(data))
	}
	return false
}

// bytesPerPixel is what one pixel of an image in model takes once
// decoded; unknown models are counted at the most any takes.
func bytesPerPixel(model color.Model) int64 {
	switch model {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel, color.NYCbCrAModel:
		return 4
	}
	if _, ok := model.(color.Palette); ok {
		return 1
	}
	return 8
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
		// An opaque image is encoded as it was decoded: a copy on white
		// would double the memory of the largest uploads for nothing.
		f.Type = "image/jpeg"
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
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
