package masthead

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxSlugLength bounds slugs so that URLs stay readable.
const MaxSlugLength = 120

// foldUndecomposable spells the Latin letters that Unicode does not
// decompose into a base letter and marks, so that normalisation alone
// cannot take their accents off: "Straße" folds to "strasse" and "Łódź" to
// "lodz". Only lower-case letters are listed, since FoldText lowers first.
var foldUndecomposable = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'ł': "l", 'þ': "th",
	'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŀ': "l", 'ĸ': "k", 'ŋ': "n", 'ſ': "s", 'ƀ': "b",
	'ƈ': "c", 'ɗ': "d", 'ƒ': "f", 'ɠ': "g", 'ɨ': "i", 'ƙ': "k", 'ƚ': "l", 'ɲ': "n",
	'ɵ': "o", 'ƥ': "p", 'ʂ': "s", 'ƭ': "t", 'ʉ': "u", 'ʋ': "v", 'ƴ': "y", 'ƶ': "z",
	'ȥ': "z", 'ɇ': "e", 'ɉ': "j", 'ɍ': "r", 'ɏ': "y", 'ǥ': "g", 'ꝁ': "k",
}

// FoldText lowers text and spells Latin letters without their accents:
// "Nguyễn Thị Minh Khai" becomes "nguyen thi minh khai", "Știri" "stiri" and
// "Straße" "strasse". Compatibility forms are normalised too (the "ﬁ"
// ligature becomes "fi", full-width letters plain ones). Letters of other
// scripts keep their marks, since there a mark often makes another letter
// rather than an accent. Slugs and both databases' search indexes fold text
// through it, so that every spelling of a word is the same word.
func FoldText(text string) string {
	composed := strings.ToLower(norm.NFKC.String(text))
	var b strings.Builder
	b.Grow(len(composed))
	afterLatin := false
	for _, r := range composed {
		switch {
		case r < unicode.MaxASCII:
			b.WriteRune(r)
			afterLatin = unicode.IsLetter(r)
		case unicode.Is(unicode.Mn, r):
			// A combining mark that did not compose: dropped after a Latin
			// letter, kept after any other.
			if !afterLatin {
				b.WriteRune(r)
			}
		case unicode.Is(unicode.Latin, r):
			afterLatin = true
			if f, ok := foldUndecomposable[r]; ok {
				b.WriteString(f)
				continue
			}
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					b.WriteRune(d)
				}
			}
		default:
			b.WriteRune(r)
			afterLatin = false
		}
	}
	return b.String()
}

// Slugify turns a title into a URL slug: lower-case ASCII letters and digits
// separated by single hyphens. Letters are folded as FoldText folds them;
// those it cannot spell in ASCII are dropped.
func Slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range FoldText(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
		case r == '\'' || r == '’':
			continue // "Editor's note" -> "editors-note"
		default:
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteRune(r)
	}
	slug := b.String()
	if len(slug) > MaxSlugLength {
		slug = strings.TrimRight(slug[:MaxSlugLength], "-")
	}
	return slug
}

// ValidSlug reports whether s is a slug as Slugify makes them.
func ValidSlug(s string) bool {
	if s == "" || len(s) > MaxSlugLength || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// NumberedSlug returns the n-th choice of slug for base: base itself for
// n <= 1, then base-2, base-3 ... as WordPress numbers a repeated title,
// shortened where needed so that the result stays within MaxSlugLength.
func NumberedSlug(base string, n int) string {
	if n <= 1 {
		return base
	}
	suffix := "-" + strconv.Itoa(n)
	if len(base)+len(suffix) > MaxSlugLength {
		base = strings.TrimRight(base[:MaxSlugLength-len(suffix)], "-")
	}
	return base + suffix
}
