package wphtml

import (
	"html"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A shortcode is one [name attr="value"]content[/name] of a WordPress
// body.
type shortcode struct {
	name    string
	attrs   map[string]string
	content string
	closed  bool // it had a [/name]
}

// shortcodeName matches what WordPress allows in a shortcode's name: no
// white space, quotes or markup characters.
var shortcodeName = regexp.MustCompile(`^[^<>&/\[\]\x00-\x20="']+`)

// shortcodeAttr matches one attribute the way WordPress's
// shortcode_parse_atts does: name="value", name='value', name=value, or a
// value on its own.
var shortcodeAttr = regexp.MustCompile(`([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)`)

// builtinShortcodes lists the shortcodes WordPress itself registers.
var builtinShortcodes = map[string]bool{"caption": true, "wp_caption": true, "gallery": true, "playlist": true, "embed": true, "audio": true, "video": true}

// softwareName matches the names plugins give their shortcodes.
var softwareName = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

// enclosing lists the known shortcodes that take content up to their
// closing tag.
var enclosing = map[string]bool{"caption": true, "wp_caption": true, "embed": true, "audio": true, "video": true}

// expandShortcodes replaces the shortcodes WordPress ships with HTML that
// says the same and leaves every other one as text, noting its name when it
// looks like a shortcode rather than a bracketed word such as [sic].
// [[name]] is WordPress's way of writing a shortcode literally: it becomes
// [name].
func (c *conversion) expandShortcodes(text string) string {
	if !strings.Contains(text, "[") {
		return text
	}
	s := newScanner(text)
	var b strings.Builder
	pos := 0
	for {
		i := strings.IndexByte(text[pos:], '[')
		if i < 0 {
			b.WriteString(text[pos:])
			return b.String()
		}
		b.WriteString(text[pos : pos+i])
		pos += i
		if strings.HasPrefix(text[pos:], "[[") {
			if _, end, ok := s.shortcodeAt(pos + 1); ok && strings.HasPrefix(text[end:], "]") {
				b.WriteString(text[pos+1 : end])
				pos = end + 1
				continue
			}
		}
		sc, end, ok := s.shortcodeAt(pos)
		if !ok {
			b.WriteByte('[')
			pos++
			continue
		}
		if out, known := c.shortcodeHTML(sc); known {
			b.WriteString(out)
			pos = end
			continue
		}
		// An unknown shortcode stays as written; what it encloses is
		// still read, since it may hold known shortcodes.
		open := s.closingBracket(pos) + 1
		if builtinShortcodes[sc.name] || looksLikeShortcode(sc, text[pos:open]) {
			c.keptShortcode(sc.name)
		}
		b.WriteString(text[pos:open])
		pos = open
	}
}

// A scanner finds shortcodes in a body in time that grows with the body's
// length, not with its square: the body's closing tags are found once.
type scanner struct {
	text     string
	closings map[string][]int // where each [/name] starts, in order
	bracket  int              // the next "]" at or after the last position asked
}

var closingTag = regexp.MustCompile(`\[/([^<>&/\[\]\x00-\x20="']+)\]`)

func newScanner(text string) *scanner {
	s := &scanner{text: text, closings: map[string][]int{}, bracket: -1}
	for _, m := range closingTag.FindAllStringSubmatchIndex(text, -1) {
		name := text[m[2]:m[3]]
		s.closings[name] = append(s.closings[name], m[0])
	}
	return s
}

// closingBracket returns the index of the first "]" at or after pos, or
// -1. It remembers its last answer, which holds for any later pos that
// has not gone past it: the scan only moves forward, or back to the "["
// just before.
func (s *scanner) closingBracket(pos int) int {
	if s.bracket < pos && s.bracket != len(s.text) {
		i := strings.IndexByte(s.text[pos:], ']')
		if i < 0 {
			s.bracket = len(s.text)
		} else {
			s.bracket = pos + i
		}
	}
	if s.bracket == len(s.text) {
		return -1
	}
	return s.bracket
}

// closingTag returns where the first [/name] at or after pos starts, or -1.
func (s *scanner) closingTag(name string, pos int) int {
	list := s.closings[name]
	i, _ := slices.BinarySearch(list, pos)
	if i == len(list) {
		return -1
	}
	return list[i]
}

// shortcodeAt reads the shortcode at pos, where the text has a "[", and
// returns it with the position just after it.
func (s *scanner) shortcodeAt(pos int) (shortcode, int, bool) {
	text := s.text
	name := shortcodeName.FindString(text[pos+1 : min(len(text), pos+1+maxShortcodeName)])
	if name == "" {
		return shortcode{}, 0, false
	}
	after := pos + 1 + len(name)
	if after == len(text) || !strings.ContainsRune("]/ \t\n", rune(text[after])) {
		return shortcode{}, 0, false
	}
	end := s.closingBracket(pos)
	if end < 0 {
		return shortcode{}, 0, false
	}
	inside := text[after:end]
	end++
	sc := shortcode{name: strings.ToLower(name), attrs: parseShortcodeAttrs(strings.TrimSuffix(inside, "/"))}
	if strings.HasSuffix(inside, "/") {
		return sc, end, true
	}
	if j := s.closingTag(name, end); j >= 0 {
		sc.closed = true
		if enclosing[sc.name] {
			sc.content = text[end:j]
			end = j + len("[/"+name+"]")
		}
	}
	return sc, end, true
}

// maxShortcodeName bounds the name read at each "[", so that a body of
// brackets costs no more than its length.
const maxShortcodeName = 64

// parseShortcodeAttrs reads a shortcode's attributes. Names are lower
// case; values are decoded from HTML, since WordPress stores them as HTML
// text; a value without a name is kept under its position, "0", "1"...
func parseShortcodeAttrs(text string) map[string]string {
	attrs := map[string]string{}
	text = strings.NewReplacer("\u00a0", " ", "\u200b", " ").Replace(text)
	position := 0
	for _, m := range shortcodeAttr.FindAllStringSubmatch(text, -1) {
		switch {
		case m[1] != "":
			attrs[strings.ToLower(m[1])] = html.UnescapeString(m[2])
		case m[3] != "":
			attrs[strings.ToLower(m[3])] = html.UnescapeString(m[4])
		case m[5] != "":
			attrs[strings.ToLower(m[5])] = html.UnescapeString(m[6])
		default:
			value := m[7] + m[8] + m[9]
			attrs[strconv.Itoa(position)] = html.UnescapeString(value)
			position++
		}
	}
	return attrs
}

// looksLikeShortcode tells an unknown shortcode worth reporting from
// brackets in prose ("[sic]", "[1]", "[Updated]", "[not a link]"): it has
// a named or quoted attribute, a closing tag or a self-closing slash, or a
// name only software writes.
func looksLikeShortcode(sc shortcode, raw string) bool {
	if !softwareName.MatchString(sc.name) {
		return false
	}
	return shortcodeAttrSyntax.MatchString(raw) || sc.closed || strings.HasSuffix(raw, "/]") || strings.ContainsAny(sc.name, "_-")
}

// shortcodeAttrSyntax matches an attribute only software writes: a name
// with an equals sign, or a quoted value.
var shortcodeAttrSyntax = regexp.MustCompile(`[\w-]\s*=|\s["']`)

// shortcodeHTML returns the HTML for a shortcode WordPress ships, and
// whether the shortcode is one of those.
func (c *conversion) shortcodeHTML(sc shortcode) (string, bool) {
	switch sc.name {
	case "caption", "wp_caption":
		return captionHTML(sc), true
	case "gallery":
		return c.galleryHTML(sc), true
	case "playlist":
		return c.playlistHTML(sc), true
	case "embed":
		u := strings.TrimSpace(html.UnescapeString(sc.content))
		if u == "" {
			return "", true
		}
		return "<p>" + html.EscapeString(u) + "</p>", true
	case "audio", "video":
		u := mediaSource(sc)
		if u == "" {
			// Without a source WordPress plays the post's first attached
			// file, which the body cannot say.
			return "", false
		}
		return mediaLink(u, ""), true
	}
	return "", false
}

// captionHTML turns [caption]<img> Text[/caption] into a figure, reading
// the caption from the attribute when there is one (the old form) or from
// the text after the image, as WordPress does.
func captionHTML(sc shortcode) string {
	content := sc.content
	caption := sc.attrs["caption"]
	if caption == "" {
		if m := captionImage.FindStringSubmatchIndex(content); m != nil {
			caption = strings.TrimSpace(content[m[3]:])
			content = content[m[2]:m[3]]
		}
	}
	if strings.TrimSpace(caption) == "" {
		return content
	}
	return "<figure>" + strings.TrimSpace(content) + "<figcaption>" + caption + "</figcaption></figure>"
}

// captionImage finds the image, perhaps inside a link, that a caption's
// content starts with; what follows it is the caption.
var captionImage = regexp.MustCompile(`(?is)^\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)$`)

// galleryHTML lists the images of a [gallery]: those named by ids (or
// include), in that order, else the post's own attachments, less those
// named by exclude.
func (c *conversion) galleryHTML(sc shortcode) string {
	var items strings.Builder
	for _, a := range c.galleryAttachments(sc) {
		img := `<img src="` + html.EscapeString(a.URL) + `" alt="` + html.EscapeString(a.Alt) + `">`
		if strings.TrimSpace(a.Caption) != "" {
			img = "<figure>" + img + "<figcaption>" + a.Caption + "</figcaption></figure>"
		}
		items.WriteString("<li>" + img + "</li>")
	}
	if items.Len() == 0 {
		return ""
	}
	return "<ul>" + items.String() + "</ul>"
}

// playlistHTML lists links to the files of a [playlist].
func (c *conversion) playlistHTML(sc shortcode) string {
	var items strings.Builder
	for _, a := range c.galleryAttachments(sc) {
		items.WriteString("<li>" + mediaLink(a.URL, a.Title) + "</li>")
	}
	if items.Len() == 0 {
		return ""
	}
	return "<ul>" + items.String() + "</ul>"
}

func (c *conversion) galleryAttachments(sc shortcode) []Attachment {
	ids := attachmentIDs(sc.attrs["ids"])
	if len(ids) == 0 {
		ids = attachmentIDs(sc.attrs["include"])
	}
	if len(ids) == 0 {
		ids = c.opts.ChildAttachments
		exclude := map[int64]bool{}
		for _, id := range attachmentIDs(sc.attrs["exclude"]) {
			exclude[id] = true
		}
		var kept []int64
		for _, id := range ids {
			if !exclude[id] {
				kept = append(kept, id)
			}
		}
		ids = kept
	}
	var found []Attachment
	for _, id := range ids {
		var a Attachment
		ok := false
		if c.opts.Attachment != nil {
			a, ok = c.opts.Attachment(id)
		}
		if !ok || a.URL == "" {
			c.missingAttachment(id)
			continue
		}
		found = append(found, a)
	}
	return found
}

// attachmentIDs reads a comma-separated list of attachment ids.
func attachmentIDs(list string) []int64 {
	var ids []int64
	for _, field := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' }) {
		if id, err := strconv.ParseInt(field, 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	return ids
}

// mediaSource returns the file an [audio] or [video] plays: its src, or the
// first of the format attributes WordPress accepts.
func mediaSource(sc shortcode) string {
	for _, name := range []string{"src", "mp3", "m4a", "ogg", "wav", "flac", "mp4", "m4v", "webm", "ogv", "flv", "wmv"} {
		if u := strings.TrimSpace(sc.attrs[name]); u != "" {
			return u
		}
	}
	return ""
}

// mediaLink returns a link to an audio or video file, named by title or
// else by the file's name, marked so that its address is reported as an
// attachment.
func mediaLink(u, title string) string {
	if strings.TrimSpace(title) == "" {
		title = fileName(u)
	}
	return `<a href="` + html.EscapeString(u) + `" ` + attachmentMark + `>` + html.EscapeString(title) + `</a>`
}

// fileName returns the last path segment of a URL.
func fileName(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	name := path.Base(u)
	if name == "." || name == "/" || name == "" {
		return u
	}
	return name
}
