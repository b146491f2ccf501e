package media

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func TestIconCropsToTheCentreSquare(t *testing.T) {
	// A wide image: red bands at either end, blue in the middle square.
	src := image.NewRGBA(image.Rect(0, 0, 300, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 300; x++ {
			c := color.RGBA{200, 0, 0, 255}
			if x >= 100 && x < 200 {
				c = color.RGBA{0, 0, 200, 255}
			}
			src.Set(x, y, c)
		}
	}
	for _, size := range []int{32, 180} {
		data, err := Icon(encoded(t, src, "png"), size)
		if err != nil {
			t.Fatalf("Icon(%d) = %v", size, err)
		}
		img, format, err := image.Decode(bytes.NewReader(data))
		if err != nil || format != "png" {
			t.Fatalf("Icon(%d) is not a PNG: %v %q", size, err, format)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("Icon(%d) is %v, want %d × %d", size, b, size, size)
		}
		for _, p := range []image.Point{{1, 1}, {size - 2, size - 2}, {size / 2, size / 2}} {
			if r, _, b, _ := img.At(p.X, p.Y).RGBA(); r > b {
				t.Errorf("Icon(%d) at %v is red: the sides were not cropped", size, p)
			}
		}
	}
}

func TestIconRefusesWhatIsNoImage(t *testing.T) {
	if _, err := Icon([]byte("not an image"), 32); err != ErrDamaged {
		t.Errorf("Icon(text) = %v, want ErrDamaged", err)
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 4)))
	if _, err := Icon(buf.Bytes()[:20], 32); err != ErrDamaged {
		t.Errorf("Icon(truncated) = %v, want ErrDamaged", err)
	}
}
