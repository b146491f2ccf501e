package wphtml

import (
	"regexp"
	"slices"
	"strings"
)

// blockDelimiter matches the comments with which the block editor marks
// where each block starts and ends: <!-- wp:name {"attr":1} -->,
// <!-- /wp:name --> and, for a block WordPress draws anew on every view,
// the void <!-- wp:name /-->.
var blockDelimiter = regexp.MustCompile(`<!--\s+(/)?wp:([a-z][a-z0-9_-]*/)?([a-z][a-z0-9_-]*)\s+(?s:(\{.*?\})\s+)?(/)?-->`)

// hasBlocks reports whether a body was written in the block editor, which
// is how WordPress decides not to run wpautop on it.
func hasBlocks(body string) bool {
	return strings.Contains(body, "<!-- wp:")
}

// unwrapBlocks removes the block delimiters of a block-editor body. The
// HTML between them is what WordPress shows, with two exceptions it
// handles here: a Shortcode block's text goes through wpautop, as
// WordPress renders it, and a void block, whose HTML WordPress makes on
// every view (latest posts, a reusable block, a search form), leaves
// nothing and is noted.
func (c *conversion) unwrapBlocks(body string) string {
	type open struct {
		name  string
		start int
	}
	var (
		out   strings.Builder
		stack []open
		last  int
	)
	for _, m := range blockDelimiter.FindAllStringSubmatchIndex(body, -1) {
		out.WriteString(body[last:m[0]])
		last = m[1]
		namespace := "core/"
		if m[4] >= 0 {
			namespace = body[m[4]:m[5]]
		}
		name := namespace + body[m[6]:m[7]]
		switch {
		case m[10] >= 0: // void
			c.dynamicBlock(name)
		case m[2] < 0: // opener
			stack = append(stack, open{name, out.Len()})
		default: // closer
			for len(stack) > 0 {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if top.name != name {
					continue
				}
				if name == "core/shortcode" && !slices.ContainsFunc(stack, func(o open) bool { return o.name == name }) {
					// Only the outermost one: an enclosing Shortcode block
					// paragraphs this text with its own.
					inner := out.String()[top.start:]
					rest := out.String()[:top.start]
					out.Reset()
					out.WriteString(rest)
					out.WriteString(autop(inner))
				}
				break
			}
		}
	}
	out.WriteString(body[last:])
	return out.String()
}
