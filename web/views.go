package web

import (
	"strconv"
	"strings"
	"time"

	"masthead"
)

// Views are the domain's values as templates show them: addresses worked
// out, times in the site's zone, images with their srcset. Every page uses
// the same ones, so that an article looks the same in every list.

// articleView is an article as list and article templates show it: its
// URL and dates already in the site's time zone.
type articleView struct {
	*masthead.Article
	URL       string
	Published time.Time
	Updated   time.Time
	Image     *imageView // the featured image, or nil
}

// views turns articles into what templates show, dates in loc.
func views(articles []*masthead.Article, loc *time.Location) []articleView {
	out := make([]articleView, len(articles))
	for i, a := range articles {
		out[i] = articleView{Article: a, URL: a.Path(loc), Published: a.PublishedAt.In(loc), Updated: a.ModifiedAt().In(loc),
			Image: newImageView(a.FeaturedImage)}
	}
	return out
}

// imageView is an image as pages show it.
type imageView struct {
	*masthead.Media
	Src    string
	Srcset string
}

// newImageView picks the files of an image for <img src srcset>.
func newImageView(m *masthead.Media) *imageView {
	if m == nil {
		return nil
	}
	v := &imageView{Media: m, Src: m.Path()}
	var set []string
	for _, variant := range m.Variants {
		set = append(set, "/media/"+variant.Name+" "+strconv.Itoa(variant.Width)+"w")
		if variant.Width <= 1600 {
			v.Src = "/media/" + variant.Name
		}
	}
	set = append(set, m.Path()+" "+strconv.Itoa(m.Width)+"w")
	v.Srcset = strings.Join(set, ", ")
	return v
}

// The tiers of a list: how large a card is, which decides the width its
// image takes in the layout (see site.css) and so its sizes attribute.
const (
	tierLead   = "lead"   // the top story: large, its image beside the text on wide screens
	tierSecond = "second" // the stories under the lead, three abreast
	tierGrid   = "grid"   // every other card
	tierBrief  = "brief"  // a story in a section's block on the front page
)

// imageSizes tells browsers how wide each tier's image shows, so that
// they fetch the smallest variant that stays sharp. The widths follow
// site.css: the page is at most 72rem wide with 1rem of padding a side,
// so a one-column card on a phone is the window less 2rem, not all of
// it (on a 412 px phone at 1.75 device pixels that is the 720 px file,
// where 100vw would tip some phones over to the 960 px one).
var imageSizes = map[string]string{
	tierLead:   "(min-width: 74rem) 43rem, (min-width: 48rem) 60vw, calc(100vw - 2rem)",
	tierSecond: "(min-width: 74rem) 23rem, (min-width: 48rem) 31vw, calc(100vw - 2rem)",
	tierGrid:   "(min-width: 74rem) 23rem, (min-width: 44rem) 48vw, calc(100vw - 2rem)",
	tierBrief:  "(min-width: 74rem) 17rem, (min-width: 40rem) 45vw, calc(100vw - 2rem)",
}

// card is an article as one entry of a list shows it. Only the page's
// first image is fetched ahead of the rest (it is the largest thing a
// reader sees first); images that are below the fold on every screen
// wait until the reader scrolls near them.
type card struct {
	articleView
	Tier  string
	Sizes string
	First bool // the page's first image: eager, and fetched first
	Lazy  bool // below the fold on every screen
}

// eagerGridCards is how many cards of a plain grid may show above the
// fold: a row of three on the widest screens.
const eagerGridCards = 3

// gridCards lays out a plain grid: the first image leads the page's
// loading and the cards past the first row load lazily.
func gridCards(articles []articleView) []card {
	out := make([]card, len(articles))
	for i, a := range articles {
		out[i] = newCard(a, tierGrid, i >= eagerGridCards)
	}
	markFirstImage(out)
	return out
}

func newCard(a articleView, tier string, lazy bool) card {
	return card{articleView: a, Tier: tier, Sizes: imageSizes[tier], Lazy: lazy}
}

// markFirstImage makes the first card that has an image the page's lead
// image, whatever its tier: that is the image a reader waits for.
func markFirstImage(cards []card) bool {
	for i := range cards {
		if cards[i].Image != nil {
			cards[i].First, cards[i].Lazy = true, false
			return true
		}
	}
	return false
}
