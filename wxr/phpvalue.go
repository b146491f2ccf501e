package wxr

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ImageMetadata is what WordPress knows of an uploaded image, from the
// attachment's _wp_attachment_metadata custom field: its size, its file
// and the smaller copies WordPress made of it.
type ImageMetadata struct {
	Width, Height int
	// File is the image's path below the uploads directory, such as
	// "2024/05/photo.jpg"; WordPress 5.3 and later may name a scaled
	// copy ("photo-scaled.jpg") here and the upload in OriginalImage.
	File string
	// OriginalImage is the file name, in File's directory, of the image
	// as it was uploaded, when WordPress scaled it down; empty otherwise.
	OriginalImage string
	// Sizes are the copies WordPress made (thumbnail, medium, large and
	// the theme's), by name.
	Sizes []ImageSize
}

// ImageSize is one copy of an image that WordPress made: a file in the
// image's directory.
type ImageSize struct {
	Name          string // thumbnail, medium, large, ...
	File          string // a file name, such as "photo-300x200.jpg"
	Width, Height int
}

// ParseImageMetadata reads the value of an attachment's
// _wp_attachment_metadata field, which WordPress writes with PHP's
// serialize. Fields it does not know are ignored; a value that is not a
// serialized array gives an error.
func ParseImageMetadata(value string) (ImageMetadata, error) {
	p := &phpParser{s: strings.TrimSpace(value)}
	v, err := p.value(0)
	if err == nil && p.i != len(p.s) {
		err = p.fail("text after the value")
	}
	if err != nil {
		return ImageMetadata{}, err
	}
	top, ok := v.(phpArray)
	if !ok {
		return ImageMetadata{}, errors.New("the image metadata is not a PHP array")
	}
	md := ImageMetadata{
		Width: top.int("width"), Height: top.int("height"),
		File: top.str("file"), OriginalImage: top.str("original_image"),
	}
	if sizes, ok := top["sizes"].(phpArray); ok {
		for name, v := range sizes {
			size, ok := v.(phpArray)
			if !ok || size.str("file") == "" {
				continue
			}
			md.Sizes = append(md.Sizes, ImageSize{Name: name, File: size.str("file"), Width: size.int("width"), Height: size.int("height")})
		}
		sort.Slice(md.Sizes, func(i, j int) bool { return md.Sizes[i].Name < md.Sizes[j].Name })
	}
	return md, nil
}

// FormatImageMetadata writes image metadata as WordPress keeps it in
// _wp_attachment_metadata, with PHP's serialize, so that an export tells
// an importer the copies of an image by their widths. ParseImageMetadata
// reads it back.
func FormatImageMetadata(md ImageMetadata) string {
	var b strings.Builder
	str := func(s string) { fmt.Fprintf(&b, "s:%d:\"%s\";", len(s), s) }
	num := func(n int) { fmt.Fprintf(&b, "i:%d;", n) }
	fields := 4
	if md.OriginalImage != "" {
		fields++
	}
	fmt.Fprintf(&b, "a:%d:{", fields)
	str("width")
	num(md.Width)
	str("height")
	num(md.Height)
	str("file")
	str(md.File)
	str("sizes")
	fmt.Fprintf(&b, "a:%d:{", len(md.Sizes))
	for _, size := range md.Sizes {
		str(size.Name)
		b.WriteString("a:3:{")
		str("file")
		str(size.File)
		str("width")
		num(size.Width)
		str("height")
		num(size.Height)
		b.WriteString("}")
	}
	b.WriteString("}")
	if md.OriginalImage != "" {
		str("original_image")
		str(md.OriginalImage)
	}
	b.WriteString("}")
	return b.String()
}

// phpArray is a PHP array, keyed by its keys as strings.
type phpArray map[string]any

func (a phpArray) str(key string) string {
	s, _ := a[key].(string)
	return s
}

func (a phpArray) int(key string) int {
	switch v := a[key].(type) {
	case int:
		return v
	case float64:
		return int(v)
	case string:
		n, _ := strconv.Atoi(v)
		return n
	}
	return 0
}

// phpParser reads PHP's serialize format: N; b:1; i:12; d:1.5;
// s:5:"bytes"; a:2:{key;value;key;value}. Objects are refused: image
// metadata holds none.
type phpParser struct {
	s string
	i int
}

// maxPHPDepth bounds the nesting of arrays, so that no value, however
// odd, exhausts the stack.
const maxPHPDepth = 16

func (p *phpParser) fail(what string) error {
	return fmt.Errorf("the image metadata cannot be read: %s at byte %d", what, p.i)
}

// until returns the text up to the next stop byte and moves past it.
func (p *phpParser) until(stop byte) (string, error) {
	j := strings.IndexByte(p.s[p.i:], stop)
	if j < 0 {
		return "", p.fail(fmt.Sprintf("no %q", stop))
	}
	out := p.s[p.i : p.i+j]
	p.i += j + 1
	return out, nil
}

func (p *phpParser) value(depth int) (any, error) {
	if p.i+1 >= len(p.s) {
		return nil, p.fail("the end of the value")
	}
	kind := p.s[p.i]
	if kind == 'N' && p.s[p.i+1] == ';' {
		p.i += 2
		return nil, nil
	}
	if p.s[p.i+1] != ':' {
		return nil, p.fail("an unknown value")
	}
	p.i += 2
	switch kind {
	case 'b', 'i':
		text, err := p.until(';')
		if err != nil {
			return nil, err
		}
		n, err := strconv.Atoi(text)
		if err != nil {
			return nil, p.fail("a number that is not one")
		}
		return n, nil
	case 'd':
		text, err := p.until(';')
		if err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, p.fail("a number that is not one")
		}
		return f, nil
	case 's':
		text, err := p.until(':')
		if err != nil {
			return nil, err
		}
		n, err := strconv.Atoi(text)
		if err != nil || n < 0 || p.i+n+2 > len(p.s) || p.s[p.i] != '"' || p.s[p.i+1+n] != '"' || p.s[p.i+2+n] != ';' {
			return nil, p.fail("a string whose length is wrong")
		}
		s := p.s[p.i+1 : p.i+1+n]
		p.i += n + 3
		return s, nil
	case 'a':
		if depth >= maxPHPDepth {
			return nil, p.fail("arrays nested too deeply")
		}
		text, err := p.until(':')
		if err != nil {
			return nil, err
		}
		n, err := strconv.Atoi(text)
		if err != nil || n < 0 || n > len(p.s) || p.i >= len(p.s) || p.s[p.i] != '{' {
			return nil, p.fail("an array whose length is wrong")
		}
		p.i++
		arr := make(phpArray, min(n, 64))
		for range n {
			k, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			var key string
			switch k := k.(type) {
			case int:
				key = strconv.Itoa(k)
			case string:
				key = k
			default:
				return nil, p.fail("an array key that is neither a number nor a string")
			}
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			arr[key] = v
		}
		if p.i >= len(p.s) || p.s[p.i] != '}' {
			return nil, p.fail("an array that does not end")
		}
		p.i++
		return arr, nil
	}
	return nil, p.fail("an unknown value")
}
