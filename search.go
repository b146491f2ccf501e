package masthead

import (
	"context"
	"strings"
	"time"
	"unicode"
)

// SearchHit is one result of a search: the article and a snippet of its
// text in which the matched words are wrapped in MarkStart and MarkEnd.
type SearchHit struct {
	Article *Article
	Snippet string
}

// Markers around matched words in SearchHit.Snippet. They are characters
// from Unicode's private use area, which no article contains, so that the
// web layer can escape the snippet first and then turn them into <mark>.
const (
	MarkStart = "\uE000"
	MarkEnd   = "\uE001"
)

// SearchStore searches published articles and pages.
type SearchStore interface {
	// SearchArticles returns one page of the visible articles and pages
	// matching q, most relevant first and newer first among equals, and the number of
	// matches. q is a web-search query: words that must all appear, "quoted
	// phrases", and -words that must not; case and accents do not matter.
	// A query with no words matches nothing. A store may bound what it
	// ranks: a query matching more than that many articles gives the
	// newest of them, ranked among themselves, and their number, and
	// reports more as true. A search that takes too long is stopped with
	// an EUNAVAILABLE error that says so.
	SearchArticles(ctx context.Context, q string, limit, offset int) (hits []SearchHit, total int, more bool, err error)
}

// SearchTooLong is the error of a search stopped for taking too long, as
// a store stops one rather than let a reader wait on it: the reader may
// try again, or better with more specific words.
func SearchTooLong() *Error {
	e := Errorf(EUNAVAILABLE, "This search took too long. Please try more specific words, or put a phrase in quotes.")
	e.RetryAfter = 5 * time.Second
	return e
}

// SearchQuery is a parsed web-search query, folded for matching.
type SearchQuery struct {
	Terms    []string   // words that must appear
	Phrases  [][]string // word sequences that must appear in order
	Excluded []string   // words that must not appear
}

// Empty reports whether the query has nothing to look for.
func (q SearchQuery) Empty() bool { return len(q.Terms) == 0 && len(q.Phrases) == 0 }

// ParseSearchQuery reads a query as a search box user types it.
func ParseSearchQuery(s string) SearchQuery {
	var q SearchQuery
	for i, part := range strings.Split(s, `"`) {
		if i%2 == 1 { // inside quotes
			if words := SearchWords(part); len(words) == 1 {
				q.Terms = append(q.Terms, words[0])
			} else if len(words) > 1 {
				q.Phrases = append(q.Phrases, words)
			}
			continue
		}
		for _, field := range strings.Fields(part) {
			exclude := strings.HasPrefix(field, "-") && len(field) > 1
			for _, w := range SearchWords(field) {
				if exclude {
					q.Excluded = append(q.Excluded, w)
				} else {
					q.Terms = append(q.Terms, w)
				}
			}
		}
	}
	return q
}

// SearchWords splits text into folded words: lower case, accents removed,
// letters and digits only. Indexes and queries both go through it, so that
// "Café" finds "cafe" on every database.
func SearchWords(text string) []string {
	return strings.FieldsFunc(FoldText(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// lowerASCIIWord appends word, lowered, to buf, and reports whether the
// word was all ASCII, which is when lowering it is folding it.
func lowerASCIIWord(buf []byte, word string) ([]byte, bool) {
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= 0x80 {
			return buf, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf, true
}

// SnippetWords is how many words of an article a search snippet shows.
const SnippetWords = 30

// Snippet returns about SnippetWords words of text around the passage where
// q's words cluster most, with each matched word between MarkStart and
// MarkEnd and "…" where the text was cut. It folds words as the indexes do,
// so that a search for "cafe" marks "Café" on every database. Text in which
// no word matches gives its beginning.
func Snippet(text string, q SearchQuery) string {
	wanted := map[string]bool{}
	for _, w := range q.Terms {
		wanted[w] = true
	}
	for _, p := range q.Phrases {
		for _, w := range p {
			wanted[w] = true
		}
	}
	type span struct {
		start, end int
		match      bool
	}
	var spans []span
	var matches []int
	var buf []byte
	inWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		sp := span{start: start, end: end}
		if lowered, ok := lowerASCIIWord(buf[:0], text[start:end]); ok {
			// Folding an ASCII word is lowering it, which needs neither
			// Unicode normalisation nor a string of its own: most words
			// of most articles, and so most of a result page's cost.
			buf = lowered
			sp.match = wanted[string(lowered)]
		} else {
			for _, w := range SearchWords(text[start:end]) {
				if wanted[w] {
					sp.match = true
					break
				}
			}
		}
		if sp.match {
			matches = append(matches, len(spans))
		}
		spans = append(spans, sp)
		start = -1
	}
	for i, r := range text {
		if inWord(r) {
			if start < 0 {
				start = i
			}
		} else {
			flush(i)
		}
	}
	flush(len(text))
	if len(spans) == 0 {
		return ""
	}

	// The window starts a few words before one of the matches: the one
	// whose window holds the most matches, the first among equals.
	const lead = 4
	from, best := 0, 0
	for k, m := range matches {
		s := max(0, m-lead)
		n := 0
		for _, other := range matches[k:] {
			if other >= s+SnippetWords {
				break
			}
			n++
		}
		if n > best {
			from, best = s, n
		}
	}
	to := min(len(spans), from+SnippetWords)

	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := spans[from].start
	for _, sp := range spans[from:to] {
		b.WriteString(text[pos:sp.start])
		if sp.match {
			b.WriteString(MarkStart + text[sp.start:sp.end] + MarkEnd)
		} else {
			b.WriteString(text[sp.start:sp.end])
		}
		pos = sp.end
	}
	if to < len(spans) {
		b.WriteString("…")
	} else {
		b.WriteString(text[pos:])
	}
	return b.String()
}
