package wxr

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// wordpressMetadata is an image's _wp_attachment_metadata as WordPress 6
// writes it: a scaled upload with three sizes, a filesize per size and
// image_meta with a multibyte title (lengths count bytes).
const wordpressMetadata = `a:7:{s:5:"width";i:1200;s:6:"height";i:600;s:4:"file";s:31:"2024/05/harbour-dawn-scaled.jpg";s:8:"filesize";i:204800;s:5:"sizes";a:3:{s:6:"medium";a:5:{s:4:"file";s:24:"harbour-dawn-300x150.jpg";s:5:"width";i:300;s:6:"height";i:150;s:9:"mime-type";s:10:"image/jpeg";s:8:"filesize";i:1200;}s:9:"thumbnail";a:5:{s:4:"file";s:24:"harbour-dawn-150x150.jpg";s:5:"width";i:150;s:6:"height";i:150;s:9:"mime-type";s:10:"image/jpeg";s:8:"filesize";i:1200;}s:5:"large";a:5:{s:4:"file";s:25:"harbour-dawn-1024x512.jpg";s:5:"width";i:1024;s:6:"height";i:512;s:9:"mime-type";s:10:"image/jpeg";s:8:"filesize";i:1200;}}s:10:"image_meta";a:12:{s:8:"aperture";s:1:"0";s:6:"credit";s:0:"";s:6:"camera";s:0:"";s:7:"caption";s:0:"";s:17:"created_timestamp";s:1:"0";s:9:"copyright";s:0:"";s:12:"focal_length";s:1:"0";s:3:"iso";s:1:"0";s:13:"shutter_speed";s:1:"0";s:5:"title";s:6:"Ça va";s:11:"orientation";s:1:"0";s:8:"keywords";a:0:{}}s:14:"original_image";s:16:"harbour-dawn.jpg";}`

func TestParseImageMetadata(t *testing.T) {
	got, err := ParseImageMetadata(wordpressMetadata)
	if err != nil {
		t.Fatal(err)
	}
	want := ImageMetadata{Width: 1200, Height: 600, File: "2024/05/harbour-dawn-scaled.jpg", OriginalImage: "harbour-dawn.jpg",
		Sizes: []ImageSize{
			{Name: "large", File: "harbour-dawn-1024x512.jpg", Width: 1024, Height: 512},
			{Name: "medium", File: "harbour-dawn-300x150.jpg", Width: 300, Height: 150},
			{Name: "thumbnail", File: "harbour-dawn-150x150.jpg", Width: 150, Height: 150},
		}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}

	// Older versions wrote sizes as strings and no original_image; a size
	// without a file is no copy.
	old := `a:3:{s:5:"width";s:3:"640";s:6:"height";d:480;s:5:"sizes";a:2:{s:9:"thumbnail";a:3:{s:4:"file";s:13:"a-150x150.jpg";s:5:"width";i:150;s:6:"height";i:150;}s:4:"post";a:1:{s:5:"width";i:1;}}}`
	got, err = ParseImageMetadata(old)
	if err != nil {
		t.Fatal(err)
	}
	if got.Width != 640 || got.Height != 480 || len(got.Sizes) != 1 || got.Sizes[0].File != "a-150x150.jpg" {
		t.Errorf("old metadata = %+v", got)
	}
}

func TestParseImageMetadataRefusesBrokenValues(t *testing.T) {
	for _, value := range []string{
		"",
		"not serialized",
		`s:5:"photo";`,                    // not an array
		`a:1:{s:5:"width";i:12;`,          // cut short
		`a:1:{s:9:"width";i:12;}`,         // a string length that is wrong
		`a:1:{s:5:"width";i:x;}`,          // a number that is not one
		`a:2:{s:5:"width";i:12;}`,         // fewer entries than it says
		`a:1:{s:5:"width";i:12;}trailing`, // text after the value
		`O:8:"stdClass":0:{}`,             // objects are refused
		strings.Repeat("a:1:{i:0;", 40) + "N;" + strings.Repeat("}", 40),
	} {
		if _, err := ParseImageMetadata(value); err == nil {
			t.Errorf("ParseImageMetadata(%.40q) succeeded, want an error", value)
		}
	}
}

// TestFormatImageMetadata writes metadata as PHP's serialize does, which
// ParseImageMetadata reads back; lengths count bytes.
func TestFormatImageMetadata(t *testing.T) {
	md := ImageMetadata{Width: 2000, Height: 1000, File: "ab/abcdef.jpg", OriginalImage: "Ça.jpg",
		Sizes: []ImageSize{{Name: "masthead-480", File: "cd/cdef.jpg", Width: 480, Height: 240}}}
	got := FormatImageMetadata(md)
	want := `a:5:{s:5:"width";i:2000;s:6:"height";i:1000;s:4:"file";s:13:"ab/abcdef.jpg";s:5:"sizes";a:1:{s:12:"masthead-480";a:3:{s:4:"file";s:11:"cd/cdef.jpg";s:5:"width";i:480;s:6:"height";i:240;}}s:14:"original_image";s:7:"Ça.jpg";}`
	if got != want {
		t.Errorf("FormatImageMetadata =\n%s\nwant\n%s", got, want)
	}
	back, err := ParseImageMetadata(got)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(md, back); diff != "" {
		t.Errorf("read back (-written +read):\n%s", diff)
	}
	if _, err := ParseImageMetadata(FormatImageMetadata(ImageMetadata{Width: 1, Height: 1, File: "a.png"})); err != nil {
		t.Errorf("metadata without copies: %v", err)
	}
}
