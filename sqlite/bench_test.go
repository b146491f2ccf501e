package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"masthead"
	"masthead/moderation"
	"masthead/sqlite"
)

// BenchmarkSubmitComment measures what each durability setting costs a
// reader's comment, with concurrent comments sharing a commit (the
// default) and each in a commit of its own (-single): moderation.Submit
// with the reader policy, from many writers at once on one article, each
// comment from a network of its own. Run it with -cpu 16 for sixteen
// writers.
func BenchmarkSubmitComment(b *testing.B) {
	for _, opts := range []sqlite.Options{{Sync: sqlite.SyncFull}, {Sync: sqlite.SyncNormal},
		{Sync: sqlite.SyncFull, SingleCommits: true}, {Sync: sqlite.SyncNormal, SingleCommits: true}} {
		name := string(opts.Sync)
		if opts.SingleCommits {
			name += "-single"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			s, err := sqlite.OpenWith(ctx, filepath.Join(b.TempDir(), "masthead.db"), opts)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			author := &masthead.Author{Name: "Quill Hawthorne", Slug: "quill-hawthorne", Role: masthead.RoleAuthor, Email: "quill@example.com"}
			if err := s.CreateAuthor(ctx, author); err != nil {
				b.Fatal(err)
			}
			a := &masthead.Article{Slug: "dispatch", Headline: "Dispatch", BodyHTML: "<p>Body.</p>", Status: masthead.StatusPublished,
				PublishedAt: time.Now().Add(-time.Hour), Authors: []*masthead.Author{author}, CommentsOpen: true}
			if err := s.CreateArticle(ctx, a); err != nil {
				b.Fatal(err)
			}
			site := masthead.DefaultSite()
			var n atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					c := &masthead.Comment{ArticleID: a.ID, AuthorName: fmt.Sprintf("Reader %d", i), AuthorEmail: fmt.Sprintf("reader%d@example.org", i),
						Body: fmt.Sprintf("Comment number %d.", i)}
					err := moderation.Submit(ctx, s, moderation.Submission{Article: a, Comment: c, Network: fmt.Sprintf("10.%d.%d.0", i/256%256, i%256), Now: time.Now()},
						moderation.ReaderPolicy(site, moderation.DefaultRateLimit))
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "comments/s")
		})
	}
}
