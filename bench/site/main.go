// Command site is the site benchmark: it builds Masthead, fills a fresh
// SQLite site of each requested size through the store's bulk load
// (articles of 3 to 6 KB with threaded comments, one article with a very
// long thread), serves it on 127.0.0.1 and loads it with wrk from another
// process: random article addresses, the home page, a section, a search,
// the feed, the long thread and comment posts. In the same run it serves
// one article's bytes with nginx (a static file) and with a minimal Go
// handler, alternating rounds with Masthead, and reports Masthead's rate
// as a ratio to each. It reports requests per second, p50/p95/p99/max
// latency, errors, the server's peak memory, the database size, the fill
// time and the cold start (process start to the first article served),
// with the page cache on and off when the binary has one, as Markdown.
//
//	go run ./bench/site [-sizes 1000,100000,1000000] [-duration 10s] [-rounds 3] [-write]
//	go run ./bench/site -fill-only [-sizes 100000] [-cpuprofile fill.pprof]
//
// Every wrk run is bounded by -duration, the whole run by -timeout; only
// 127.0.0.1 is loaded. wrk and nginx must be installed (as root on Debian
// it installs them). -write puts the report into BENCHMARKS.md, between
// its bench/site markers.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if served, err := referenceMode(); served {
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench/site:", err)
			os.Exit(1)
		}
		return
	}
	if err := mainErr(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench/site:", err)
		os.Exit(1)
	}
}

func mainErr(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("site", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("sizes", "1000", "comma-separated numbers of articles, one site of each (1000000 is allowed but takes long)")
	duration := fs.Duration("duration", time.Second, "how long each wrk run loads, in whole seconds")
	postDuration := fs.Duration("post-duration", 0, "how long the comment posts run (default: -duration)")
	rounds := fs.Int("rounds", 1, "runs of each load; the report gives medians")
	connections := fs.Int("connections", 32, "connections wrk keeps open")
	timeout := fs.Duration("timeout", 60*time.Minute, "the longest the whole benchmark may take")
	keep := fs.Bool("keep", false, "keep the filled sites and the servers' logs, and say where")
	write := fs.Bool("write", false, "put the report into BENCHMARKS.md between its bench/site markers")
	fillOnlyFlag := fs.Bool("fill-only", false, "only fill a site of each size and print the fill's wall and CPU time")
	cpuProfile := fs.String("cpuprofile", "", "with -fill-only, write a CPU profile of the fills to this file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	opts := options{Duration: *duration, PostDuration: *postDuration, Rounds: *rounds, Connections: *connections,
		Keep: *keep, Log: stderr}
	if opts.PostDuration == 0 {
		opts.PostDuration = opts.Duration
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), "_", ""))
		if err != nil || n < 3 {
			return fmt.Errorf("-sizes takes numbers of articles of 3 or more, such as 1000,100000, not %q", s)
		}
		opts.Sizes = append(opts.Sizes, n)
	}
	if opts.Rounds < 1 || opts.Duration < time.Second || opts.Connections < 1 {
		return errors.New("-rounds and -connections must be at least 1 and -duration at least 1s")
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *fillOnlyFlag {
		return fillOnly(ctx, opts, *cpuProfile, stdout)
	}
	if *cpuProfile != "" {
		return errors.New("-cpuprofile profiles the fill, so it goes with -fill-only")
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	opts.Root = root
	rep, err := run(ctx, opts)
	if err != nil {
		return err
	}
	md := rep.markdown()
	fmt.Fprint(stdout, md)
	if *write {
		return writeSection(root+"/BENCHMARKS.md", md)
	}
	return nil
}
