// Command importprof imports a WordPress export into a fresh SQLite site
// under the CPU profiler, to see where an import spends its time:
//
//	go run ./bench/wxrgen -posts 1600 -o /tmp/export.xml
//	go run ./bench/importprof -o /tmp/import.pprof /tmp/export.xml
//	go tool pprof -top -cum /tmp/import.pprof
//
// It runs wpimport.Import as `masthead import wordpress` does, without the
// progress output, and prints the time it took and what it added.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"masthead/sqlite"
	"masthead/wpimport"
)

func main() {
	out := flag.String("o", "import.pprof", "where to write the CPU profile")
	data := flag.String("data", "", "the data directory to import into; empty for a new temporary one")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: importprof [-o FILE] [-data DIR] EXPORT.xml")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *data, *out); err != nil {
		fmt.Fprintln(os.Stderr, "importprof:", err)
		os.Exit(1)
	}
}

func run(export, data, out string) error {
	ctx := context.Background()
	if data == "" {
		dir, err := os.MkdirTemp("", "importprof")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		data = dir
	}
	store, err := sqlite.Open(ctx, filepath.Join(data, "masthead.db"))
	if err != nil {
		return err
	}
	defer store.Close()
	in, err := os.Open(export)
	if err != nil {
		return err
	}
	defer in.Close()
	prof, err := os.Create(out)
	if err != nil {
		return err
	}
	defer prof.Close()
	if err := pprof.StartCPUProfile(prof); err != nil {
		return err
	}
	start := time.Now()
	sum, err := wpimport.Import(ctx, store, in, wpimport.Options{})
	pprof.StopCPUProfile()
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d articles and %d comments added\n", time.Since(start).Round(time.Millisecond), sum.Added.Articles, sum.Added.Comments)
	return nil
}
