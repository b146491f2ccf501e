package web

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/content"
)

// TestPooledBuffersStartEmpty renders a long article page and then a
// short one into the pool's buffers, and checks that the short page holds
// nothing of the long one: a buffer given back unemptied would send the
// end of the last page after this one.
func TestPooledBuffersStartEmpty(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	au := &masthead.Author{Name: "Ana Lima", Slug: "ana-lima", Role: masthead.RoleAuthor}
	must(t, s.CreateAuthor(ctx, au))
	a := &masthead.Article{Headline: "Harbour wall repaired", BodySource: strings.Repeat("The harbour wall stands again. ", 2000),
		Status: masthead.StatusPublished, PublishedAt: now.Add(-time.Hour), Authors: []*masthead.Author{au}}
	must(t, content.PrepareArticle(a))
	must(t, s.CreateArticle(ctx, a))
	srv := newServer(t, s)
	for range 3 {
		if res := get(t, srv, "GET", a.Path(time.UTC)); res.status != 200 {
			t.Fatalf("article: status %d", res.status)
		}
		res := get(t, srv, "GET", "/no-such-page/")
		if res.status != 404 {
			t.Fatalf("missing page: status %d", res.status)
		}
		if strings.Contains(res.body, "harbour wall stands") || strings.Count(res.body, "</html>") != 1 {
			t.Fatalf("the 404 page carries what an earlier page left in its buffer:\n%.300s", res.body)
		}
	}
}

// TestThreadNodesEmbedNothing keeps the fields a comment thread shows at
// the top of its nodes: text/template looks a field up by name at every
// use, and a name reached through an embedded struct is searched for
// breadth-first with fresh maps, which for a page of comments added up
// to a twentieth of an uncached article page.
func TestThreadNodesEmbedNothing(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[commentNode](), reflect.TypeFor[layout]()} {
		for i := range typ.NumField() {
			if f := typ.Field(i); f.Anonymous {
				t.Errorf("%s embeds %s: give it the fields its templates read", typ, f.Type)
			}
		}
	}
}
