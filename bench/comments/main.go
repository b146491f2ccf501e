// Command comments measures how many reader comments a second Masthead
// accepts on one article from many writers at once, through the real HTTP
// path (the comment form, moderation.Submit, the store) on SQLite, for
// each durability setting of the writer, with concurrent comments sharing
// a commit (as Masthead runs) or each committed alone ("-single"),
// alternating the settings round by round so that the noise of a shared
// machine hits them alike.
//
//	go run ./bench/comments [-rounds 5] [-seconds 10] [-writers 16] [-modes full,normal,full-single,normal-single] [-store]
//
// With -store the writers call moderation.Submit directly, to measure the
// store alone.
//
// Each round starts a fresh demo site in a temporary directory, serves it
// on 127.0.0.1 and floods the first article with comments from many
// loopback networks (package flood) for the given time. It prints a line
// a round and, at the end, the median accepted comments per second of
// each setting.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"masthead"
	"masthead/bench/flood"
	"masthead/demo"
	"masthead/moderation"
	"masthead/sqlite"
	"masthead/sqlstore"
	"masthead/web"
)

func main() {
	rounds := flag.Int("rounds", 5, "rounds per setting")
	seconds := flag.Float64("seconds", 10, "length of a round in seconds")
	writers := flag.Int("writers", 16, "concurrent writers")
	modes := flag.String("modes", "full,normal,full-single,normal-single", "comma-separated settings to compare: a SQLite sync setting, with -single to commit each comment alone")
	storeOnly := flag.Bool("store", false, "call moderation.Submit directly instead of posting through HTTP, to measure the store alone")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to `file`")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench/comments:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var settings []string
	options := map[string]sqlite.Options{}
	for _, mode := range strings.Split(*modes, ",") {
		name, single := strings.CutSuffix(mode, "-single")
		s, err := sqlite.ParseSync(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench/comments:", err)
			os.Exit(2)
		}
		settings = append(settings, mode)
		options[mode] = sqlite.Options{Sync: s, SingleCommits: single}
	}
	rates := map[string][]float64{}
	for round := 1; round <= *rounds; round++ {
		for _, mode := range settings {
			rate, statuses, err := measure(options[mode], *storeOnly, *writers, time.Duration(*seconds*float64(time.Second)))
			if err != nil {
				fmt.Fprintln(os.Stderr, "bench/comments:", err)
				os.Exit(1)
			}
			rates[mode] = append(rates[mode], rate)
			fmt.Printf("round %d  %-14s %7.0f comments/s  other answers: %v\n", round, mode, rate, statuses)
		}
	}
	fmt.Printf("\n| setting | median comments/s | rounds |\n| --- | ---: | ---: |\n")
	for _, mode := range settings {
		fmt.Printf("| %s | %.0f | %d |\n", mode, median(rates[mode]), len(rates[mode]))
	}
}

// measure floods a fresh site opened with opts and returns the accepted
// comments per second.
func measure(opts sqlite.Options, storeOnly bool, writers int, d time.Duration) (float64, map[int]int, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "masthead-bench-comments-")
	if err != nil {
		return 0, nil, err
	}
	defer os.RemoveAll(dir)
	store, err := sqlite.OpenWith(ctx, filepath.Join(dir, "masthead.db"), opts)
	if err != nil {
		return 0, nil, err
	}
	defer store.Close()
	if _, _, err := demo.Seed(ctx, store, time.Now()); err != nil {
		return 0, nil, err
	}
	site, err := store.FindSite(ctx)
	if err != nil {
		return 0, nil, err
	}
	site.CommentMinSeconds = 0
	if err := store.UpdateSite(ctx, site); err != nil {
		return 0, nil, err
	}
	if storeOnly {
		return measureStore(ctx, store, site, writers, d)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, nil, err
	}
	srv, err := web.NewServer(store, web.Options{FallbackBaseURL: "http://" + ln.Addr().String()})
	if err != nil {
		return 0, nil, err
	}
	// The server keeps the settings, sections and menus in memory while a
	// watcher reports changes, as serve runs it.
	watchCtx, stopWatching := context.WithCancel(ctx)
	watched := make(chan error, 1)
	go func() { watched <- srv.WatchChanges(watchCtx, sqlite.Watcher{Store: store}) }()
	defer func() { stopWatching(); <-watched }()
	httpServer := &http.Server{Handler: srv}
	go httpServer.Serve(ln)
	defer httpServer.Close()

	form, err := flood.Prepare(ctx, "http://"+ln.Addr().String())
	if err != nil {
		return 0, nil, err
	}
	run := flood.Start(form, writers, "bench", 0)
	start := time.Now()
	time.Sleep(d)
	acked := run.Acked()
	elapsed := time.Since(start)
	res := run.Stop()
	return float64(acked) / elapsed.Seconds(), res.Statuses, nil
}

// measureStore submits comments from writers goroutines straight to
// moderation.Submit, each from a network of its own, and returns the
// stored comments per second.
func measureStore(ctx context.Context, store *sqlstore.Store, site *masthead.Site, writers int, d time.Duration) (float64, map[int]int, error) {
	articles, _, err := store.FindArticles(ctx, masthead.ArticleFilter{Status: masthead.StatusPublished, Limit: 1})
	if err != nil || len(articles) == 0 {
		return 0, nil, fmt.Errorf("no published article: %v", err)
	}
	a := articles[0]
	var n, stored atomic.Int64
	errs := make(chan error, writers)
	deadline := time.Now().Add(d)
	start := time.Now()
	for range writers {
		go func() {
			for time.Now().Before(deadline) {
				i := n.Add(1)
				c := &masthead.Comment{AuthorName: fmt.Sprintf("Reader %d", i), AuthorEmail: fmt.Sprintf("reader%d@example.org", i), Body: fmt.Sprintf("Comment number %d.", i)}
				err := moderation.Submit(ctx, store, moderation.Submission{Article: a, Comment: c, Network: fmt.Sprintf("10.%d.%d.0", i/256%256, i%256), Now: time.Now()},
					moderation.ReaderPolicy(site, moderation.DefaultRateLimit))
				if err != nil {
					errs <- err
					return
				}
				stored.Add(1)
			}
			errs <- nil
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			return 0, nil, err
		}
	}
	return float64(stored.Load()) / time.Since(start).Seconds(), nil, nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
