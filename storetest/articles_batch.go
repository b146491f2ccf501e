package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"masthead"
)

// testCreateArticles stores a batch larger than one round of search
// indexing and checks that every article is stored as CreateArticle stores
// one (byline, tags, revision, numbered slug, search index), and that a
// batch with one bad article stores nothing.
func testCreateArticles(t *testing.T, open Opener) {
	s, _ := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Lima")
	harbour := mustTag(t, s, "Harbour")
	mustArticle(t, s, newArticle("Tide tables", Epoch.Add(-time.Hour), ana))

	const n = 250 // more than one search batch
	var batch []*masthead.Article
	for i := range n {
		a := newArticle(fmt.Sprintf("Harbour report %d", i), Epoch.Add(-time.Duration(i)*time.Minute), ana)
		a.BodySource = fmt.Sprintf("Boats counted: word%d.", i)
		a.BodyHTML = "<p>" + a.BodySource + "</p>"
		a.Tags = []*masthead.Tag{harbour}
		batch = append(batch, a)
	}
	draft := newArticle("Unpublished harbour plan", time.Time{}, ana)
	draft.Status, draft.BodyHTML = masthead.StatusDraft, "<p>The plan mentions wordsecret.</p>"
	numbered := newArticle("Tide tables", Epoch.Add(-2*time.Hour), ana)
	numbered.SlugGenerated = true
	batch = append(batch, draft, numbered)
	if err := s.CreateArticles(ctx, batch); err != nil {
		t.Fatalf("CreateArticles: %v", err)
	}

	if _, total, err := s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 1}); err != nil || total != n+2 {
		t.Fatalf("visible articles = %d (%v), want %d", total, err, n+2)
	}
	if numbered.Slug != "tide-tables-2" {
		t.Errorf("generated slug = %q, want %q", numbered.Slug, "tide-tables-2")
	}
	last := batch[n-1]
	got, err := s.FindArticleByID(ctx, last.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Headline != last.Headline || len(got.Authors) != 1 || got.Authors[0].ID != ana.ID ||
		len(got.Tags) != 1 || got.Tags[0].ID != harbour.ID || got.CreatedBy != ana.ID || got.Revision != 1 {
		t.Errorf("stored %+v, want the batch's article with its byline, tag, creator and revision 1", got)
	}
	if revs, err := s.FindRevisions(ctx, last.ID, 5); err != nil || len(revs) != 1 {
		t.Errorf("revisions = %d (%v), want 1", len(revs), err)
	}
	for _, q := range []string{"word0", fmt.Sprintf("word%d", n-1)} {
		hits, total, _, err := s.SearchArticles(ctx, q, 10, 0)
		if err != nil || total != 1 || len(hits) != 1 {
			t.Errorf("search %q: %d hits (%v), want 1", q, total, err)
		}
	}
	if _, total, _, err := s.SearchArticles(ctx, "wordsecret", 10, 0); err != nil || total != 0 {
		t.Errorf("search for the draft's word: %d hits (%v), want none", total, err)
	}

	good := newArticle("Ferry news", Epoch, ana)
	taken := newArticle("Tide tables", Epoch, ana) // a chosen slug that is taken
	err = s.CreateArticles(ctx, []*masthead.Article{good, taken})
	wantCode(t, err, masthead.ECONFLICT)
	if masthead.ErrorField(err) != "slug" {
		t.Errorf("error field = %q, want %q", masthead.ErrorField(err), "slug")
	}
	if good.ID != 0 {
		t.Errorf("the good article of a failed batch kept id %d", good.ID)
	}
	if _, err := s.FindArticleBySlug(ctx, "ferry-news"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("the good article of a failed batch was stored (%v)", err)
	}
}
