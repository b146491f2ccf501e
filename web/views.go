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
