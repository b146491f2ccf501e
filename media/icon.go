package media

import (
	"bytes"
	"context"
	"image"
	"image/draw"
	"image/png"

	xdraw "golang.org/x/image/draw"
)

// Icon returns a stored image cropped to its centre square and scaled to
// size × size pixels, as a PNG: the favicon and touch icons browsers ask
// for, made from the site icon. It waits while other decodes hold
// DecodeBudget, like Process.
func Icon(data []byte, size int) ([]byte, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || float64(cfg.Width)*float64(cfg.Height) > MaxPixels {
		return nil, ErrDamaged
	}
	cost := int64(cfg.Width)*int64(cfg.Height)*bytesPerPixel(cfg.ColorModel) + int64(size)*int64(size)*4
	if cost > DecodeBudget {
		return nil, ErrTooHeavy
	}
	_ = decoding.Acquire(context.Background(), cost) // never fails without a deadline
	defer decoding.Release(cost)
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, ErrDamaged
	}
	b := img.Bounds()
	side := min(b.Dx(), b.Dy())
	square := image.Rect(0, 0, side, side).Add(b.Min).Add(image.Pt((b.Dx()-side)/2, (b.Dy()-side)/2))
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, square, draw.Src, nil)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, dst); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
