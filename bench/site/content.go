package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"

	"masthead"
	"masthead/content"
	"masthead/markdown"
)

// The invented newsroom's vocabulary. Words are drawn with a skew (a few
// common, most rare), as words are in real text, so that a search for a
// common word matches a large share of the archive and a rare one a few
// articles.
var (
	firstNames = []string{"Ana", "Ben", "Chloe", "Dev", "Eda", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kira", "Luis",
		"Mara", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Yusuf", "Zoë"}
	lastNames = []string{"Lima", "Okafor", "Marsh", "Novak", "Quint", "Haddad", "Berg", "Castillo", "Dubois", "Eriksen",
		"Fischer", "García", "Hughes", "Ivanova", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "O'Brien"}
	sectionNames = []string{"Politics", "Business", "Harbour", "Culture", "Sport", "Science", "Education", "Health",
		"Environment", "Opinion", "Transport", "Housing"}
	words = strings.Fields(`council harbour ferry budget school hospital tide market fishing lighthouse rail bridge
		housing festival election mayor port coast storm river museum library museum theatre orchestra league match
		stadium vaccine clinic nurses doctors teachers students university research energy wind solar grid water
		drought flood rescue police court judge trial verdict inquiry report survey census tourism hotel restaurant
		bakery brewery vineyard orchard farm cattle wool timber quarry mine factory workers union strike wages prices
		rent landlords tenants planning permit road tunnel airport runway bus tram cycle lane parking traffic pollution
		recycling waste beach dunes reef whale seals gulls heron forest park garden allotment chess regatta rowing
		sailing marathon cricket rugby football tennis boxing choir poet novel painter gallery cinema radio newspaper
		archive history war memorial anniversary parade carnival church mosque temple chapel charity volunteers
		donation fundraiser auction bankruptcy merger shares investors pension tax levy grant subsidy deficit surplus
		forecast harvest shortage queue petition protest referendum ballot candidate campaign debate minister ministry
		parliament senate committee hearing scandal resignation appointment contract tender audit fraud smuggling
		customs border visa migrants refugees shelter winter summer spring autumn morning evening night weekend`)
	fillers = strings.Fields(`the a of to in and on for with at by from after before over under about against between
		during without within across said says will would could should may might has have had was were is are been
		new old local national regional early late first last next more most less many several few other`)
)

// generator makes the invented site's articles and comments; the same seed
// gives the same site.
type generator struct {
	r        *rand.Rand
	now      time.Time
	loc      *time.Location
	authors  []*masthead.Author
	sections []*masthead.Category
	tags     []*masthead.Tag
	readers  int // commenters so far, for distinct names and emails
	pool     *blockPool
}

func newGenerator(seed uint64, now time.Time) *generator {
	return &generator{r: rand.New(rand.NewPCG(seed, 0x62656e6368)), now: now, loc: time.UTC}
}

// word returns a word of the vocabulary, the first ones far more often.
func (g *generator) word() string {
	f := g.r.Float64()
	return words[int(f*f*f*float64(len(words)))]
}

// sentence returns n words with fillers between, capitalised and ended.
func (g *generator) sentence(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		w := g.word()
		if g.r.IntN(3) == 0 {
			w = fillers[g.r.IntN(len(fillers))]
		}
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	b.WriteByte('.')
	return b.String()
}

// headline returns a headline of five to nine words.
func (g *generator) headline() string {
	s := g.sentence(5 + g.r.IntN(5))
	return strings.TrimSuffix(s, ".")
}

// The pool of blocks that bodies are made of: enough paragraphs that no
// two articles share more than a few, and enough headings, lists and
// quotations that an article rarely repeats one.
const (
	poolParagraphs = 8192
	poolHeadings   = 2048
	poolLists      = 512
	poolQuotes     = 512
)

// block is one Markdown block of the pool, with its HTML and its text as
// the generated excerpt reads it, rendered once: a body is a run of
// blocks, and rendering a run of blocks gives the run of their HTML, so
// that filling a million articles renders a few thousand blocks instead
// of a million bodies.
type block struct {
	src, html string
	// sentences is markdown.Sentences of html.
	sentences string
	runes     int
}

// blockPool holds the rendered blocks bodies are drawn from.
type blockPool struct {
	paragraphs, headings, lists, quotes []block
}

// newBlockPool writes and renders the pool's blocks with g's randomness,
// so that the seed fixes them.
func newBlockPool(g *generator) (*blockPool, error) {
	p := &blockPool{}
	blocks := func(n int, write func() string) ([]block, error) {
		blocks := make([]block, 0, n)
		seen := map[string]bool{}
		for len(blocks) < n {
			src := write()
			// Headings get their ids from their words, and a repeated
			// id is numbered, which a block rendered alone cannot know:
			// pool blocks are distinct, and a body never repeats one.
			if seen[strings.ToLower(src)] {
				continue
			}
			seen[strings.ToLower(src)] = true
			b, err := renderBlock(src)
			if err != nil {
				return nil, err
			}
			blocks = append(blocks, b)
		}
		return blocks, nil
	}
	var err error
	if p.paragraphs, err = blocks(poolParagraphs, g.paragraph); err != nil {
		return nil, err
	}
	if p.headings, err = blocks(poolHeadings, func() string { return "## " + g.headline() + "\n\n" }); err != nil {
		return nil, err
	}
	if p.lists, err = blocks(poolLists, func() string {
		var b strings.Builder
		for range 3 + g.r.IntN(3) {
			b.WriteString("- " + g.sentence(4+g.r.IntN(6)) + "\n")
		}
		return b.String() + "\n"
	}); err != nil {
		return nil, err
	}
	if p.quotes, err = blocks(poolQuotes, func() string { return "> " + g.sentence(10+g.r.IntN(10)) + "\n\n" }); err != nil {
		return nil, err
	}
	return p, nil
}

// renderBlock renders one block of Markdown as a body is rendered.
func renderBlock(src string) (block, error) {
	h, err := content.RenderBody(context.Background(), src, nil)
	if err != nil {
		return block{}, err
	}
	s := markdown.Sentences(h)
	return block{src: src, html: h, sentences: s, runes: utf8.RuneCountInString(s)}, nil
}

// paragraph returns a paragraph of three to six sentences.
func (g *generator) paragraph() string {
	var b strings.Builder
	for i := range 3 + g.r.IntN(4) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.sentence(8 + g.r.IntN(14)))
	}
	return b.String() + "\n\n"
}

// body sets a's Markdown body of between 3 and 6 KB, with its HTML and
// generated excerpt, as content.PrepareArticle would: paragraphs of a few
// sentences, a subheading every fourth, sometimes a list and a quotation,
// and a link to an earlier article of the site in the second paragraph,
// the one block rendered for the article alone.
func (g *generator) body(a *masthead.Article, earlier string) error {
	target := 3000 + g.r.IntN(3000)
	var src, html strings.Builder
	var excerpt []string
	excerptRunes := 0
	add := func(b block) {
		src.WriteString(b.src)
		html.WriteString(b.html)
		// The excerpt is the start of the blocks' sentences, so the
		// first few blocks are all it needs.
		if excerptRunes <= content.ExcerptLength && b.sentences != "" {
			excerpt = append(excerpt, b.sentences)
			excerptRunes += b.runes + 1
		}
	}
	used := map[int]bool{} // headings of this body, by place in the pool
	for para := 0; src.Len() < target; para++ {
		switch {
		case para > 0 && para%4 == 0:
			i := g.r.IntN(len(g.pool.headings))
			for used[i] {
				i = (i + 1) % len(g.pool.headings)
			}
			used[i] = true
			add(g.pool.headings[i])
		case para == 3 && g.r.IntN(3) == 0:
			add(g.pool.lists[g.r.IntN(len(g.pool.lists))])
		case para == 5 && g.r.IntN(2) == 0:
			add(g.pool.quotes[g.r.IntN(len(g.pool.quotes))])
		}
		p := g.pool.paragraphs[g.r.IntN(len(g.pool.paragraphs))]
		if para == 1 && earlier != "" {
			var err error
			linked := strings.TrimSuffix(p.src, "\n\n") + " [Read our earlier report](" + earlier + ").\n\n"
			if p, err = renderBlock(linked); err != nil {
				return err
			}
		}
		add(p)
	}
	a.BodySource, a.BodyHTML = src.String(), html.String()
	a.Excerpt, a.ExcerptGenerated = markdown.Truncate(strings.Join(excerpt, " "), content.ExcerptLength), true
	return nil
}

// article returns the i-th article, published at its place in the
// archive (one every interval before the newest), its body rendered.
func (g *generator) article(i int, published time.Time, earlier string) (*masthead.Article, error) {
	headline := g.headline()
	a := &masthead.Article{
		Headline: headline,
		// Chosen, unique slugs, as an archive has them: the store needs no
		// lookup to number them.
		Slug:         masthead.Slugify(headline) + fmt.Sprintf("-%d", i),
		Dek:          g.sentence(12 + g.r.IntN(8)),
		Status:       masthead.StatusPublished,
		PublishedAt:  published,
		CreatedAt:    published.Add(-time.Duration(1+g.r.IntN(180)) * time.Minute),
		UpdatedAt:    published,
		Category:     g.sections[g.r.IntN(len(g.sections))],
		CommentsOpen: true,
	}
	if err := g.body(a, earlier); err != nil {
		return nil, err
	}
	if g.r.IntN(5) == 0 {
		a.Dateline = strings.ToUpper(sectionNames[g.r.IntN(len(sectionNames))])
	}
	a.Authors = []*masthead.Author{g.authors[g.r.IntN(len(g.authors))]}
	if second := g.authors[g.r.IntN(len(g.authors))]; g.r.IntN(6) == 0 && second != a.Authors[0] {
		a.Authors = append(a.Authors, second)
	}
	seen := map[*masthead.Tag]bool{}
	for range 1 + g.r.IntN(4) {
		f := g.r.Float64()
		tag := g.tags[int(f*f*float64(len(g.tags)))]
		if !seen[tag] {
			seen[tag] = true
			a.Tags = append(a.Tags, tag)
		}
	}
	return a, nil
}

// comments returns n comments on a, about a third of them replies in
// threads, most approved and a few held or marked as spam, written in the
// days after it was published and never after now.
func (g *generator) comments(a *masthead.Article, n int) []masthead.BatchComment {
	batch := make([]masthead.BatchComment, 0, n)
	at := a.PublishedAt
	for i := range n {
		g.readers++
		reader := g.readers % 50000 // people come back
		at = at.Add(time.Duration(1+g.r.IntN(600)) * time.Second)
		if at.After(g.now) {
			at = g.now
		}
		c := &masthead.Comment{
			ArticleID:   a.ID,
			AuthorName:  firstNames[reader%len(firstNames)] + " " + lastNames[(reader/len(firstNames))%len(lastNames)],
			AuthorEmail: fmt.Sprintf("reader%d@example.org", reader),
			Body:        g.sentence(8+g.r.IntN(20)) + " " + g.sentence(6+g.r.IntN(12)),
			Status:      masthead.CommentApproved,
			// The benchmark networks (198.18.0.0/15), never the ones the
			// load posts from.
			IP:        fmt.Sprintf("198.%d.%d.0", 18+reader%2, (reader/2)%256),
			CreatedAt: at,
		}
		// The archive is a site that has run its retention job with the
		// default settings: networks older than that are cleared and spam
		// older than that is gone (it stays approved here, so that the
		// counts do not change). Otherwise the served site's first
		// retention round would rewrite most of its comments during the
		// measurement.
		age := g.now.Sub(at)
		if age > masthead.DefaultRetainNetworksDays*24*time.Hour {
			c.IP = ""
		}
		switch k := g.r.IntN(40); {
		case k == 0:
			if age <= masthead.DefaultRetainSpamDays*24*time.Hour {
				c.Status, c.Reason = masthead.CommentSpam, "The comment contains a word on the site's spam list."
			}
		case k < 3:
			c.Status, c.Reason = masthead.CommentPending, "A first comment waits for a moderator."
		}
		if reader%7 == 0 {
			c.AuthorURL = fmt.Sprintf("https://reader%d.example.net/", reader)
		}
		b := masthead.BatchComment{Comment: c}
		// A reply answers an earlier approved comment of the thread.
		if i > 0 && g.r.IntN(3) == 0 {
			p := batch[g.r.IntN(len(batch))].Comment
			if p.Status == masthead.CommentApproved {
				b.Parent = p
			}
		}
		batch = append(batch, b)
	}
	return batch
}
