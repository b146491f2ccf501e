package media

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"time"
)

func photo(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	return img
}

func encoded(t *testing.T, img image.Image, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch format {
	case "jpeg":
		err = jpeg.Encode(&buf, img, nil)
	case "png":
		err = png.Encode(&buf, img)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withEXIF puts an APP1 EXIF segment, with a made-up GPS marker, right
// after a JPEG's start marker.
func withEXIF(jpg []byte) []byte {
	payload := []byte("Exif\x00\x00GPSLatitude 51.5074 N GPSLongitude 0.1278 W")
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	return append(append(append([]byte{}, jpg[:2]...), append(seg, payload...)...), jpg[2:]...)
}

func TestProcess(t *testing.T) {
	src := withEXIF(encoded(t, photo(2000, 1000), "jpeg"))
	if !bytes.Contains(src, []byte("GPSLatitude")) {
		t.Fatal("the test photo lacks its EXIF")
	}
	p, err := Process(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Original.Type != "image/jpeg" || p.Original.Width != 2000 || p.Original.Height != 1000 || !strings.HasSuffix(p.Original.Name, ".jpg") {
		t.Fatalf("original = %+v", p.Original)
	}
	if bytes.Contains(p.Original.Data, []byte("GPS")) || bytes.Contains(p.Original.Data, []byte("Exif")) {
		t.Fatal("the metadata survived the re-encoding")
	}
	var widths []int
	for _, v := range p.Variants {
		widths = append(widths, v.Width)
		if v.Height != v.Width/2 {
			t.Errorf("variant %d×%d lost the proportions", v.Width, v.Height)
		}
	}
	if fmt.Sprint(widths) != "[480 720 960 1600]" {
		t.Fatalf("variant widths = %v", widths)
	}
	again, _ := Process(bytes.NewReader(src))
	if again.Original.Name != p.Original.Name {
		t.Error("the same upload got another name")
	}

	small, err := Process(bytes.NewReader(encoded(t, photo(300, 200), "gif")))
	if err != nil || len(small.Variants) != 0 || small.Original.Width != 300 {
		t.Fatalf("a small GIF: %+v, %v", small, err)
	}
	clear := image.NewNRGBA(image.Rect(0, 0, 10, 10))
	if p, err := Process(bytes.NewReader(encoded(t, clear, "png"))); err != nil || p.Original.Type != "image/png" {
		t.Fatalf("a transparent PNG: %+v, %v", p, err)
	}
}

func TestProcessRefuses(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"text named .jpg", []byte("<html><script>alert(1)</script></html>"), ErrNotImage},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`), ErrNotImage},
		{"truncated jpeg", encoded(t, photo(100, 100), "jpeg")[:200], ErrDamaged},
		{"too large", append(encoded(t, photo(10, 10), "png"), make([]byte, MaxBytes)...), ErrTooLarge},
		{"bomb", pngHeader(50000, 50000), ErrTooBig},
		// Six bytes of GIF signature and then text: the "dimensions" are
		// the text's first letters, so it is damaged, not too big.
		{"gif signature before a script", []byte("GIF89a<script>alert(1)</script>"), ErrDamaged},
		{"gif without its trailer", encoded(t, photo(40, 40), "gif")[:60], ErrDamaged},
		{"png without its end", pngOf(image.NewGray(image.Rect(0, 0, 1, 1)), 20, 20)[:40], ErrDamaged},
		// Within the pixel limits but 16 bits a channel: 288 MB decoded.
		{"16-bit png over the decode budget", pngOf(image.NewNRGBA64(image.Rect(0, 0, 1, 1)), 6000, 6000), ErrTooHeavy},
	}
	for _, tt := range tests {
		if _, err := Process(bytes.NewReader(tt.data)); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

// pngHeader is a one-pixel grey PNG that claims huge dimensions.
func pngHeader(w, h int) []byte {
	return pngOf(image.NewGray(image.Rect(0, 0, 1, 1)), w, h)
}

// pngOf is img as a PNG whose header claims w × h pixels: what a decoder
// would allocate for, without the pixels to fill it.
func pngOf(img image.Image, w, h int) []byte {
	var buf bytes.Buffer
	png.Encode(&buf, img)
	b := buf.Bytes()
	// IHDR width and height sit at bytes 16-23.
	b[16], b[17], b[18], b[19] = byte(w>>24), byte(w>>16), byte(w>>8), byte(w)
	b[20], b[21], b[22], b[23] = byte(h>>24), byte(h>>16), byte(h>>8), byte(h)
	// The chunk's checksum covers its type and data (bytes 12 to 28).
	sum := crc32.ChecksumIEEE(b[12:29])
	b[29], b[30], b[31], b[32] = byte(sum>>24), byte(sum>>16), byte(sum>>8), byte(sum)
	return b
}

// tinyWebP is a 1×1 lossless WebP image, the smallest there is.
const tinyWebP = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="

func TestProcessWebP(t *testing.T) {
	data, err := base64.StdEncoding.DecodeString(tinyWebP)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Process(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("a WebP upload: %v", err)
	}
	if p.Original.Width != 1 || p.Original.Height != 1 || (p.Original.Type != "image/jpeg" && p.Original.Type != "image/png") {
		t.Fatalf("the WebP became %+v", p.Original)
	}
}

// TestDecodeBudget: a decode waits while others hold the budget, so two
// large uploads at once cannot together take more memory than it allows.
func TestDecodeBudget(t *testing.T) {
	data := encoded(t, photo(100, 100), "png")
	if err := decoding.Acquire(context.Background(), DecodeBudget); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Process(bytes.NewReader(data))
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("an image was decoded while the budget was all taken: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	decoding.Release(DecodeBudget)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the decode did not go ahead once the budget was free")
	}
}

func TestBytesPerPixel(t *testing.T) {
	for _, tt := range []struct {
		img  image.Image
		want int64
	}{
		{image.NewGray(image.Rect(0, 0, 1, 1)), 1},
		{image.NewPaletted(image.Rect(0, 0, 1, 1), color.Palette{color.Black}), 1},
		{image.NewYCbCr(image.Rect(0, 0, 1, 1), image.YCbCrSubsampleRatio420), 3},
		{image.NewNRGBA(image.Rect(0, 0, 1, 1)), 4},
		{image.NewRGBA64(image.Rect(0, 0, 1, 1)), 8},
	} {
		if got := bytesPerPixel(tt.img.ColorModel()); got != tt.want {
			t.Errorf("%T: %d bytes a pixel, want %d", tt.img, got, tt.want)
		}
	}
}
