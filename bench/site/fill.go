package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"masthead"
	"masthead/sqlstore"
)

// fillPlan says what to put in a site.
type fillPlan struct {
	Articles int
	// CommentsPerArticle is the average number of comments an ordinary
	// article gets; each pair of articles shares twice as many, split at
	// random, so that the total is exact.
	CommentsPerArticle int
	// BigThread is how many comments the one much-discussed article has.
	BigThread int
	Seed      uint64
	// Now is when the newest article was published, an hour ago.
	Now time.Time
}

// fillResult is what a fill stored and where the load will go.
type fillResult struct {
	Articles int
	Comments int
	Elapsed  time.Duration
	// CPU is the processor time the fill took, on every core.
	CPU time.Duration
	// Paths are the addresses of every article, newest first.
	Paths []string
	// BigThreadPath is the article with plan.BigThread comments;
	// PostPath the one that the comment load posts to, which starts
	// with none, and PostArticleID its id.
	BigThreadPath, PostPath string
	PostArticleID           int64
	// SectionPath and SearchWords are for the section and search loads.
	SectionPath string
	SearchWords []string
}

// articleBatch is how many articles one transaction stores, with their
// comments in a second one: large enough that commits are a small part
// of the time, small enough to keep memory flat.
const articleBatch = 500

// interval is the time between two articles of the archive: a million
// articles reach back nineteen years.
const interval = 10 * time.Minute

// fill writes a whole site through the store's bulk load (Store.BulkLoad),
// which leaves the database a site written article by article would have,
// search index and comment counts included, and builds its indexes once
// at the end. Articles and comments are generated, and their search text
// worked out, on the other cores, in order, while the store writes.
func fill(ctx context.Context, s *sqlstore.Store, plan fillPlan) (*fillResult, error) {
	if plan.Articles < 3 {
		return nil, fmt.Errorf("a site needs at least 3 articles, not %d", plan.Articles)
	}
	start, startCPU := time.Now(), processCPU()
	g := newGenerator(plan.Seed, plan.Now)
	site := masthead.DefaultSite()
	site.Title = "The Bench Gazette"
	site.Tagline = "All the news that fits a benchmark"
	if err := s.UpdateSite(ctx, site); err != nil {
		return nil, err
	}
	g.loc = site.Location()
	err := seedPeople(ctx, s, g)
	if err != nil {
		return nil, err
	}
	res := &fillResult{SectionPath: "/category/" + g.sections[0].Slug + "/", Paths: make([]string, 0, plan.Articles)}
	// Searches for words from the most common to rare ones, as readers'
	// are.
	for i := 0; i < len(words); i += len(words) / 40 {
		res.SearchWords = append(res.SearchWords, words[i])
	}

	if g.pool, err = newBlockPool(g); err != nil {
		return nil, err
	}

	// The generator runs ahead in its own goroutine, deciding articles and
	// their comments in a fixed order (so the seed fixes the site), its
	// bodies drawn from the pool of rendered blocks; preparers work out
	// the search text of batches in parallel (sqlstore.PrepareBulkArticles),
	// and batches reach the writer in order, so that the writer only
	// stores them.
	type job struct {
		articles []*masthead.Article
		paths    []string
		// comments are each article's, without the article's id, which
		// the writer alone learns.
		comments [][]masthead.BatchComment
		// post is the place in articles of the article the comment
		// load posts to, or -1.
		post     int
		prepared *sqlstore.BulkArticles
		done     chan error
	}
	jobs := make(chan *job, 4)
	ordered := make(chan *job, 4)
	genCtx, cancel := context.WithCancel(ctx)
	genErr := make(chan error, 1)
	go func() {
		defer close(jobs)
		defer close(ordered)
		newest := plan.Now.Add(-time.Hour).Truncate(time.Minute)
		earlier := ""
		cg := newGenerator(plan.Seed+1, plan.Now)
		var split int
		for first := 0; first < plan.Articles; first += articleBatch {
			j := &job{post: -1, done: make(chan error, 1)}
			for i := first; i < min(first+articleBatch, plan.Articles); i++ {
				a, err := g.article(i, newest.Add(-time.Duration(i)*interval), earlier)
				if err != nil {
					genErr <- err
					return
				}
				path := a.Path(g.loc)
				n := plan.CommentsPerArticle
				switch {
				case i == 1:
					n, res.BigThreadPath = plan.BigThread, path
				case i == 2:
					n, res.PostPath, j.post = 0, path, len(j.articles)
				case i%2 == 0:
					split = cg.r.IntN(plan.CommentsPerArticle + 1)
					n += split
				default:
					n -= split
				}
				j.articles = append(j.articles, a)
				j.paths = append(j.paths, path)
				comments := cg.comments(a, n)
				// The loader stores each article with its count, and
				// need not write it again at the end to count.
				for _, c := range comments {
					if c.Comment.Status == masthead.CommentApproved {
						a.CommentCount++
					}
				}
				j.comments = append(j.comments, comments)
				earlier = path // a link to a nearby article, as reporters link
			}
			select {
			case jobs <- j:
			case <-genCtx.Done():
				return
			}
			select {
			case ordered <- j:
			case <-genCtx.Done():
				return
			}
		}
		genErr <- nil
	}()
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)-1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				var err error
				j.prepared, err = sqlstore.PrepareBulkArticles(j.articles)
				j.done <- err
			}
		}()
	}
	// On an early return the generator stops, which ends the preparers.
	defer func() { cancel(); wg.Wait() }()

	err = s.BulkLoad(ctx, func(l *sqlstore.BulkLoader) error {
		for j := range ordered {
			if err := <-j.done; err != nil {
				return err
			}
			if err := l.CreatePrepared(ctx, j.prepared); err != nil {
				return fmt.Errorf("store articles: %w", err)
			}
			var comments []masthead.BatchComment
			for i, a := range j.articles {
				for _, c := range j.comments[i] {
					c.Comment.ArticleID = a.ID
				}
				comments = append(comments, j.comments[i]...)
			}
			if j.post >= 0 {
				res.PostArticleID = j.articles[j.post].ID
			}
			if err := l.SubmitComments(ctx, comments); err != nil {
				return fmt.Errorf("store comments: %w", err)
			}
			res.Paths = append(res.Paths, j.paths...)
			res.Articles += len(j.articles)
			res.Comments += len(comments)
		}
		return nil
	})
	if err == nil {
		err = <-genErr
	}
	if err != nil {
		return nil, err
	}
	if res.Articles != plan.Articles {
		return nil, fmt.Errorf("stored %d of %d articles", res.Articles, plan.Articles)
	}
	res.Elapsed, res.CPU = time.Since(start), processCPU()-startCPU
	return res, nil
}

// seedPeople creates the staff, the sections and the tags.
func seedPeople(ctx context.Context, s masthead.Store, g *generator) error {
	for i := range 40 {
		name := firstNames[i%len(firstNames)] + " " + lastNames[(i*3)%len(lastNames)]
		a := &masthead.Author{Name: name, Slug: masthead.Slugify(name), Role: masthead.RoleAuthor,
			Email: fmt.Sprintf("staff%d@gazette.example", i), Bio: "Reports for the Gazette."}
		if err := s.CreateAuthor(ctx, a); err != nil {
			return fmt.Errorf("create author: %w", err)
		}
		g.authors = append(g.authors, a)
	}
	for _, name := range sectionNames {
		c := &masthead.Category{Name: name, Slug: masthead.Slugify(name), Description: "News about " + name + "."}
		if err := s.CreateCategory(ctx, c); err != nil {
			return fmt.Errorf("create section: %w", err)
		}
		g.sections = append(g.sections, c)
	}
	for i := range 300 {
		name := words[i%len(words)]
		if i >= len(words) {
			name += fmt.Sprintf(" %d", i/len(words)+1)
		}
		tag, err := s.EnsureTag(ctx, name)
		if err != nil {
			return fmt.Errorf("create tag: %w", err)
		}
		g.tags = append(g.tags, tag)
	}
	return nil
}
