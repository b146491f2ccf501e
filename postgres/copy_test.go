package postgres_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead"
	"masthead/demo"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// TestCopyFromSQLite moves the demo site from SQLite to PostgreSQL and
// checks that the two read the same, to the last comment, and that the
// copy goes on working: new rows get new ids.
func TestCopyFromSQLite(t *testing.T) {
	ctx := context.Background()
	src, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	src.Now = func() time.Time { return now }
	seeded, _, err := demo.Seed(ctx, src, now)
	if err != nil {
		t.Fatal(err)
	}
	// One author has a picture, which the copy must keep.
	pic := &masthead.Media{Name: "0123456789abcdef0123456789abcdef.jpg", Type: "image/jpeg", Width: 100, Height: 100, AltText: "A portrait"}
	if err := src.CreateMedia(ctx, pic); err != nil {
		t.Fatal(err)
	}
	helen, err := src.FindAuthorBySlug(ctx, "helen-marsh")
	if err != nil {
		t.Fatal(err)
	}
	helen.Avatar = pic
	if err := src.UpdateAuthor(ctx, helen); err != nil {
		t.Fatal(err)
	}
	// A disabled account stays disabled on the new database.
	if err := src.DisableStaff(ctx, helen.ID); err != nil {
		t.Fatal(err)
	}
	// A page whose parent came after it, as an import may store them: the
	// copy brings both in by id, the child first.
	child := &masthead.Article{Kind: masthead.KindPage, Slug: "history", Headline: "Our history", Status: masthead.StatusDraft,
		Authors: []*masthead.Author{helen}}
	if err := src.CreateArticle(ctx, child); err != nil {
		t.Fatal(err)
	}
	later := &masthead.Article{Kind: masthead.KindPage, Slug: "archive", Headline: "The archive", Status: masthead.StatusDraft,
		Authors: []*masthead.Author{helen}}
	if err := src.CreateArticle(ctx, later); err != nil {
		t.Fatal(err)
	}
	child.ParentID = later.ID
	if err := src.UpdateArticle(ctx, child); err != nil {
		t.Fatal(err)
	}
	// Menus come along, nesting and targets included.
	local, err := src.FindCategories(ctx, 1)
	if err != nil || len(local) == 0 {
		t.Fatalf("the demo's sections: %v", err)
	}
	lead, _, err := src.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 1})
	if err != nil || len(lead) == 0 {
		t.Fatalf("the demo's articles: %v", err)
	}
	if err := src.SaveMenu(ctx, &masthead.Menu{Location: masthead.MenuHeader, Items: []*masthead.MenuItem{
		{Label: local[0].Name, Kind: masthead.TargetSection, SectionID: local[0].ID, Children: []*masthead.MenuItem{
			{Label: "Lead story", Kind: masthead.TargetArticle, ArticleID: lead[0].ID},
		}},
		{Label: "Contact", Kind: masthead.TargetURL, URL: "/contact/"},
	}}); err != nil {
		t.Fatal(err)
	}
	// A regular's comment keeps its browser key and its used form nonce,
	// so that the regular is still known and the form still used.
	regular := &masthead.Comment{ArticleID: lead[0].ID, AuthorName: "Dara Whelan", AuthorEmail: "dara@example.org",
		Body: "A regular's words.", Status: masthead.CommentApproved, IP: "203.0.113.0"}
	if err := src.SubmitComments(ctx, []masthead.BatchComment{{Comment: regular, FormNonce: "used-nonce", CommenterKey: "daras-browser"}},
		masthead.SubmitOptions{}); err != nil {
		t.Fatal(err)
	}
	srcSecret, err := src.SiteSecret(ctx)
	if err != nil {
		t.Fatal(err)
	}

	dst := openFresh(t)
	dst.Now = src.Now
	// A target that already made a secret of its own takes the source's.
	if _, err := dst.SiteSecret(ctx); err != nil {
		t.Fatal(err)
	}
	counts, err := sqlstore.CopyAll(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if counts["articles"] != seeded.Articles+seeded.Pages+2 || counts["comments"] == 0 || counts["article_authors"] < seeded.Articles || counts["settings"] == 0 || counts["media"] != 1 {
		t.Fatalf("counts = %v", counts)
	}
	if _, n, err := dst.FindComments(ctx, masthead.CommentFilter{CommenterKey: "daras-browser", AuthorEmail: "dara@example.org"}); err != nil || n != 1 {
		t.Errorf("the copy knows the regular's browser by %d comments (%v), want 1", n, err)
	}
	again := &masthead.Comment{ArticleID: lead[0].ID, AuthorName: "Dara Whelan", AuthorEmail: "dara@example.org",
		Body: "The same form again.", Status: masthead.CommentPending, IP: "203.0.113.0"}
	if err := dst.SubmitComments(ctx, []masthead.BatchComment{{Comment: again, FormNonce: "used-nonce"}}, masthead.SubmitOptions{}); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Errorf("the copy takes a used form again: %v", err)
	}

	same := func(what string, read func(s *sqlstore.Store) (any, error)) {
		t.Helper()
		a, err := read(src)
		if err != nil {
			t.Fatalf("%s from SQLite: %v", what, err)
		}
		b, err := read(dst)
		if err != nil {
			t.Fatalf("%s from PostgreSQL: %v", what, err)
		}
		if diff := cmp.Diff(a, b); diff != "" {
			t.Fatalf("%s differ (-sqlite +postgres):\n%s", what, diff)
		}
	}
	same("articles", func(s *sqlstore.Store) (any, error) {
		list, _, err := s.FindArticles(ctx, masthead.ArticleFilter{Limit: 500})
		return list, err
	})
	same("pages", func(s *sqlstore.Store) (any, error) {
		list, _, err := s.FindArticles(ctx, masthead.ArticleFilter{Kind: masthead.KindPage, Limit: 500})
		return list, err
	})
	if moved, err := dst.FindPageByPath(ctx, "/archive/history/"); err != nil || moved.ID != child.ID {
		t.Fatalf("the copied child page at /archive/history/: %v", err)
	}
	// Creators come along with the articles (the comparison above holds
	// them), and every demo article has one.
	copied, _, err := dst.FindArticles(ctx, masthead.ArticleFilter{Limit: 500})
	if err != nil || len(copied) == 0 {
		t.Fatalf("the copied articles: %d, %v", len(copied), err)
	}
	for _, a := range copied {
		if a.CreatedBy == 0 {
			t.Fatalf("the copied article %q has no creator", a.Headline)
		}
	}
	same("comments", func(s *sqlstore.Store) (any, error) {
		list, _, err := s.FindComments(ctx, masthead.CommentFilter{Limit: 500})
		return list, err
	})
	same("authors", func(s *sqlstore.Store) (any, error) {
		list, _, err := s.FindAuthors(ctx, masthead.AuthorFilter{Limit: 500})
		return list, err
	})
	same("header menu", func(s *sqlstore.Store) (any, error) { return s.FindMenu(ctx, masthead.MenuHeader) })
	if counts["menus"] != 1 || counts["menu_items"] != 3 {
		t.Errorf("menu counts = %d menus, %d items, want 1 and 3", counts["menus"], counts["menu_items"])
	}
	same("site", func(s *sqlstore.Store) (any, error) { return s.FindSite(ctx) })
	same("secret", func(s *sqlstore.Store) (any, error) { return s.SiteSecret(ctx) })
	if got, _ := dst.SiteSecret(ctx); string(got) != string(srcSecret) {
		t.Fatal("the site secret did not move")
	}

	author := &masthead.Author{Name: "New Hire", Slug: "new-hire", Role: masthead.RoleAuthor}
	if err := dst.CreateAuthor(ctx, author); err != nil {
		t.Fatalf("a new author after the copy: %v", err)
	}
	if author.ID <= int64(counts["authors"]) {
		t.Fatalf("the new author got id %d, which a copied author may hold", author.ID)
	}

	if _, err := sqlstore.CopyAll(ctx, src, dst); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Fatalf("a second copy into a site with content: %v, want a conflict", err)
	}
	if _, n, _ := dst.FindArticles(ctx, masthead.ArticleFilter{Limit: 1}); n != seeded.Articles {
		t.Fatalf("the refused copy changed the target: %d articles", n)
	}
}
