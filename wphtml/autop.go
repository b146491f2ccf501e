package wphtml

import (
	"regexp"
	"strconv"
	"strings"
)

// The elements wpautop treats as blocks: it never wraps them in a
// paragraph, and a line break next to one of their tags is not a <br>.
const autopBlocks = `(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)`

var (
	autopDoubleBr       = regexp.MustCompile(`<br\s*/?>\s*<br\s*/?>`)
	autopBlockOpen      = regexp.MustCompile(`(<` + autopBlocks + `[\s/>])`)
	autopBlockClose     = regexp.MustCompile(`(</` + autopBlocks + `>)`)
	autopHr             = regexp.MustCompile(`(<hr\s*?/?>)`)
	autopOptionOpen     = regexp.MustCompile(`\s*<option`)
	autopOptionClose    = regexp.MustCompile(`</option>\s*`)
	autopObjectOpen     = regexp.MustCompile(`(<object[^>]*>)\s*`)
	autopObjectClose    = regexp.MustCompile(`\s*</object>`)
	autopObjectParts    = regexp.MustCompile(`\s*(</?(?:param|embed)[^>]*>)\s*`)
	autopMediaOpen      = regexp.MustCompile(`([<\[](?:audio|video)[^>\]]*[>\]])\s*`)
	autopMediaClose     = regexp.MustCompile(`\s*([<\[]/(?:audio|video)[>\]])`)
	autopMediaSource    = regexp.MustCompile(`\s*(<(?:source|track)[^>]*>)\s*`)
	autopCaptionOpen    = regexp.MustCompile(`\s*(<figcaption[^>]*>)`)
	autopCaptionClose   = regexp.MustCompile(`</figcaption>\s*`)
	autopManyBreaks     = regexp.MustCompile(`\n\n+`)
	autopParagraphSplit = regexp.MustCompile(`\n\s*\n`)
	autopEmptyP         = regexp.MustCompile(`<p>\s*</p>`)
	autopUnclosedP      = regexp.MustCompile(`<p>([^<]+)</(div|address|form)>`)
	autopWrappedBlock   = regexp.MustCompile(`<p>\s*(</?` + autopBlocks + `[^>]*>)\s*</p>`)
	autopWrappedLi      = regexp.MustCompile(`<p>(<li.+?)</p>`)
	autopPBlockquote    = regexp.MustCompile(`(?i)<p><blockquote([^>]*)>`)
	autopPBeforeBlock   = regexp.MustCompile(`<p>\s*(</?` + autopBlocks + `[^>]*>)`)
	autopPAfterBlock    = regexp.MustCompile(`(</?` + autopBlocks + `[^>]*>)\s*</p>`)
	autopPreserved      = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<svg.*?</svg>`)
	autopLineEnd        = regexp.MustCompile(`\s*\n`)
	autopBrAfterBlock   = regexp.MustCompile(`(</?` + autopBlocks + `[^>]*>)\s*<br />`)
	autopBrBeforeBlock  = regexp.MustCompile(`<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)`)
	autopBareURLLine    = regexp.MustCompile(`(?m)^[ \t]*(https?://[^\s<>"]+)[ \t]*$`)
)

const (
	autopNewlineInTag     = " <!-- wpnl --> "
	autopPreservedNewline = "<WPPreserveNewline />"
)

// autop turns text written in WordPress's classic editor into HTML the way
// WordPress's wpautop does when it shows a post: the classic editor stores
// no <p> tags, so a blank line makes a paragraph and a single line break a
// <br>, except inside <pre>, around block elements and inside tags. Before
// that, a web address alone on its line is set apart as its own paragraph,
// as WordPress's automatic embeds see it.
func autop(text string) string {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(text) + "\n"

	// <pre> keeps its white space: set each one aside behind a
	// placeholder, itself a block tag, and bring it back at the end.
	text, pres := setAsidePre(text)

	text = autopBareURLLine.ReplaceAllString(text, "\n\n$1\n\n")
	text = autopDoubleBr.ReplaceAllString(text, "\n\n")
	text = autopBlockOpen.ReplaceAllString(text, "\n\n$1")
	text = autopBlockClose.ReplaceAllString(text, "$1\n\n")
	text = autopHr.ReplaceAllString(text, "$1\n\n")
	text = replaceInTags(text, "\n", autopNewlineInTag)

	if strings.Contains(text, "<option") {
		text = autopOptionOpen.ReplaceAllString(text, "<option")
		text = autopOptionClose.ReplaceAllString(text, "</option>")
	}
	if strings.Contains(text, "</object>") {
		text = autopObjectOpen.ReplaceAllString(text, "$1")
		text = autopObjectClose.ReplaceAllString(text, "</object>")
		text = autopObjectParts.ReplaceAllString(text, "$1")
	}
	if strings.Contains(text, "<source") || strings.Contains(text, "<track") {
		text = autopMediaOpen.ReplaceAllString(text, "$1")
		text = autopMediaClose.ReplaceAllString(text, "$1")
		text = autopMediaSource.ReplaceAllString(text, "$1")
	}
	if strings.Contains(text, "<figcaption") {
		text = autopCaptionOpen.ReplaceAllString(text, "$1")
		text = autopCaptionClose.ReplaceAllString(text, "</figcaption>")
	}

	text = autopManyBreaks.ReplaceAllString(text, "\n\n")
	var b strings.Builder
	for _, chunk := range autopParagraphSplit.Split(text, -1) {
		if chunk == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.Trim(chunk, "\n"))
		b.WriteString("</p>\n")
	}
	text = b.String()

	text = autopEmptyP.ReplaceAllString(text, "")
	text = autopUnclosedP.ReplaceAllString(text, "<p>$1</p></$2>")
	text = autopWrappedBlock.ReplaceAllString(text, "$1")
	text = autopWrappedLi.ReplaceAllString(text, "$1")
	text = autopPBlockquote.ReplaceAllString(text, "<blockquote$1><p>")
	text = strings.ReplaceAll(text, "</blockquote></p>", "</p></blockquote>")
	text = autopPBeforeBlock.ReplaceAllString(text, "$1")
	text = autopPAfterBlock.ReplaceAllString(text, "$1")

	text = autopPreserved.ReplaceAllStringFunc(text, func(s string) string {
		return strings.ReplaceAll(s, "\n", autopPreservedNewline)
	})
	text = strings.NewReplacer("<br>", "<br />", "<br/>", "<br />").Replace(text)
	text = breakLines(text)
	text = strings.ReplaceAll(text, autopPreservedNewline, "\n")

	text = autopBrAfterBlock.ReplaceAllString(text, "$1")
	text = autopBrBeforeBlock.ReplaceAllString(text, "$1")
	if strings.HasSuffix(text, "\n</p>\n") {
		text = strings.TrimSuffix(text, "\n</p>\n") + "</p>\n"
	}

	for i, pre := range pres {
		text = strings.Replace(text, prePlaceholder(i), pre, 1)
	}
	text = strings.ReplaceAll(text, autopNewlineInTag, "\n")
	return strings.ReplaceAll(text, strings.TrimSpace(autopNewlineInTag), "\n")
}

// setAsidePre replaces every <pre> element of text by a placeholder and
// returns the elements in order.
func setAsidePre(text string) (string, []string) {
	if !strings.Contains(text, "<pre") {
		return text, nil
	}
	var b strings.Builder
	var pres []string
	for {
		start := strings.Index(text, "<pre")
		if start < 0 {
			break
		}
		end := strings.Index(text[start:], "</pre>")
		if end < 0 {
			break
		}
		end += start + len("</pre>")
		b.WriteString(text[:start])
		b.WriteString(prePlaceholder(len(pres)))
		pres = append(pres, text[start:end])
		text = text[end:]
	}
	b.WriteString(text)
	return b.String(), pres
}

func prePlaceholder(i int) string {
	return "<pre wp-pre-tag-" + strconv.Itoa(i) + "></pre>"
}

// breakLines ends every line that does not already end with a <br /> with
// one, which is how a single line break of the classic editor shows.
func breakLines(text string) string {
	var b strings.Builder
	last := 0
	for _, m := range autopLineEnd.FindAllStringIndex(text, -1) {
		b.WriteString(text[last:m[0]])
		if strings.HasSuffix(text[:m[0]], "<br />") {
			b.WriteString(text[m[0]:m[1]])
		} else {
			b.WriteString("<br />\n")
		}
		last = m[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// replaceInTags replaces old with new inside tags and comments only, never
// in the text between them.
func replaceInTags(text, old, new string) string {
	var b strings.Builder
	for len(text) > 0 {
		start := strings.IndexByte(text, '<')
		if start < 0 {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:start])
		text = text[start:]
		closing := ">"
		if strings.HasPrefix(text, "<!--") {
			closing = "-->"
		}
		end := strings.Index(text[1:], closing)
		if end < 0 {
			end = len(text)
		} else {
			end += 1 + len(closing)
		}
		b.WriteString(strings.ReplaceAll(text[:end], old, new))
		text = text[end:]
	}
	return b.String()
}
