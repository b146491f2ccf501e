package masthead

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text fields hold what people can type and read. Bytes that are not UTF-8
// and control characters (a NUL, an escape, the C1 range) are neither:
// stored, they break the XML feeds and exports that carry them and can
// hide text from a moderator. They are refused in every field, with a
// sentence, rather than silently changed. Tabs and line breaks are text.

// textProblem returns the sentence that refuses s as the text of the
// field called label, or "" when s can be stored.
func textProblem(label, s string) string {
	if !utf8.ValidString(s) {
		return "The " + label + " contains bytes that are not text; please type it again."
	}
	for _, r := range s {
		if r != '\t' && r != '\n' && r != '\r' && (unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF) {
			return "The " + label + " contains a control character that cannot be shown; please type it again."
		}
	}
	return ""
}

// textField names one field for checkText.
type textField struct{ field, label, value string }

// checkText checks fields in order and returns the first refusal, or nil.
func checkText(fields ...textField) error {
	for _, f := range fields {
		if p := textProblem(f.label, f.value); p != "" {
			return FieldErrorf(f.field, "%s", p)
		}
	}
	return nil
}

// directionControls are Unicode's explicit embeddings, overrides and
// isolates (U+202A–U+202E, U+2066–U+2069). In a name they can turn the
// text around them backwards, so names drop them; pages also isolate
// names with <bdi>, so that a name written right to left does not reorder
// what follows it.
const directionControls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

// StripDirectionControls removes the direction controls from s.
func StripDirectionControls(s string) string {
	if !strings.ContainsAny(s, directionControls) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(directionControls, r) {
			return -1
		}
		return r
	}, s)
}
