package demo

import (
	"context"
	"fmt"
	"time"

	"masthead"
	"masthead/content"
)

// pageSpec is one of the demo paper's own pages; Parent names the slug of
// the page it sits under, which comes earlier in demoPages.
type pageSpec struct {
	Headline, Slug, Parent, Dek, Body string
}

// demoPages are the pages every paper has: who it is, how to reach it,
// how it corrects itself and what it does with readers' data.
var demoPages = []pageSpec{
	{
		Headline: "About the Observer",
		Slug:     "about",
		Dek:      "An independent newspaper for Port Alder and the Alder coast since 1911.",
		Body: "The *Observer* has reported on Port Alder, Greywater County and the towns of the Alder coast since 1911. " +
			"It is owned by the Observer Trust, a charity whose only purpose is to keep the paper independent, and it takes no money from political parties or the council.\n\n" +
			"## What we cover\n\n" +
			"Local government, the harbour and transport, schools, health, business, sport and the arts, with a reporter at every council meeting and a photographer at most of the rest.\n\n" +
			"## How we work\n\n" +
			"We check what we publish, we name our sources wherever we can, and when we get something wrong we say so: see our [corrections policy](/corrections-policy/). " +
			"You can meet the people who make the paper on [our team](/about/team/) page.",
	},
	{
		Headline: "Our team",
		Slug:     "team",
		Parent:   "about",
		Dek:      "The people who report, edit and photograph the Observer.",
		Body: "**Helen Marsh**, editor, leads the newsroom and writes about civic life.\n\n" +
			"**Tomás Reyes-Whitford** covers transport, infrastructure and the harbour.\n\n" +
			"**Priya Castellan** reports on the council, Greywater County, health and science.\n\n" +
			"**Owen Brackley** writes about sport and business.\n\n" +
			"**Ruth Amundsen** contributes features on wildlife, the arts and community life.\n\n" +
			"To reach any of us, see the [contact](/contact/) page.",
	},
	{
		Headline: "Contact",
		Slug:     "contact",
		Dek:      "How to reach the newsroom with a story, a correction or a letter.",
		Body: "The newsroom is at 14 Quay Street, Port Alder, open on weekdays from nine to six.\n\n" +
			"- News tips and press releases: the newsdesk, on 01632 960 118\n" +
			"- Corrections: the duty editor, on 01632 960 119\n" +
			"- Letters to the editor: by post to the address above, with your name and town\n\n" +
			"If you need to tell us something in confidence, say so when you call and a senior editor will ring you back.",
	},
	{
		Headline: "Corrections policy",
		Slug:     "corrections-policy",
		Dek:      "When we get something wrong, we fix it in the open.",
		Body: "We correct errors of fact as soon as we confirm them. " +
			"A correction is added at the end of the article, dated, saying what was wrong and what is right; we do not quietly change what readers have already read.\n\n" +
			"When news moves on, we add a dated update in the same way, so that readers can tell what changed and when.\n\n" +
			"To report an error, call the duty editor on 01632 960 119 or write to us at 14 Quay Street with the article's address. An editor reads every message.",
	},
	{
		// At WordPress's address for a privacy policy, which the site's
		// privacy page (/privacy/) shows above what it generates.
		Headline: "Privacy policy",
		Slug:     "privacy-policy",
		Dek:      "What this site keeps about readers, and what it does not.",
		Body: "The Observer sets no tracking cookies and runs no third-party scripts or advertising networks.\n\n" +
			"The Observer is published by the Port Alder Observer cooperative, 14 Quay Street, Port Alder, which is responsible for what the site keeps. " +
			"For any question about your data, write to the editor at that address or call 01632 960 118.",
	},
}

// seedPages writes demoPages, published before the oldest article, and
// returns how many.
func seedPages(ctx context.Context, s masthead.Store, editor *masthead.Author, published time.Time) (int, error) {
	bySlug := map[string]*masthead.Article{}
	for _, spec := range demoPages {
		p := &masthead.Article{
			Kind: masthead.KindPage, Headline: spec.Headline, Slug: spec.Slug, Dek: spec.Dek, BodySource: spec.Body,
			Status: masthead.StatusPublished, PublishedAt: published, CreatedAt: published, UpdatedAt: published,
			Authors: []*masthead.Author{editor},
		}
		if spec.Parent != "" {
			parent, ok := bySlug[spec.Parent]
			if !ok {
				return 0, fmt.Errorf("demo page %q sits under %q, which comes later or not at all", spec.Slug, spec.Parent)
			}
			p.ParentID = parent.ID
		}
		if err := content.PrepareArticle(p); err != nil {
			return 0, err
		}
		if err := s.CreateArticle(ctx, p); err != nil {
			return 0, fmt.Errorf("demo page %q: %w", spec.Slug, err)
		}
		bySlug[spec.Slug] = p
	}
	return len(demoPages), nil
}
