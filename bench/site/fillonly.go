package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"syscall"
	"time"

	"masthead/sqlite"
)

// processCPU is the processor time this process has used so far, user
// and system: what a fill costs, whatever else the shared machine runs.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// fillOnly fills a fresh site of each size and prints what each fill
// cost, without serving or loading it: for measuring the fill alone,
// with a CPU profile of every fill when profile is not empty.
func fillOnly(ctx context.Context, opts options, profile string, out io.Writer) error {
	work, err := os.MkdirTemp("", "masthead-fill-")
	if err != nil {
		return err
	}
	if opts.Keep {
		logf(opts.Log, "keeping the sites in %s", work)
	} else {
		defer os.RemoveAll(work)
	}
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	for _, n := range opts.Sizes {
		data := filepath.Join(work, fmt.Sprintf("site-%d", n))
		store, err := sqlite.Open(ctx, filepath.Join(data, "masthead.db"))
		if err != nil {
			return err
		}
		res, err := fill(ctx, store, fillPlan{Articles: n, CommentsPerArticle: 10, BigThread: 10000, Seed: 1, Now: time.Now()})
		if cerr := store.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%d articles, %d comments: %s wall, %s CPU, database %d MB, load average %s\n", res.Articles, res.Comments,
			res.Elapsed.Round(10*time.Millisecond), res.CPU.Round(10*time.Millisecond), dirBytes(data, "masthead.db")>>20, loadAverage())
		if !opts.Keep {
			os.RemoveAll(data)
		}
	}
	return nil
}
