package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"masthead/sqlite"
	"masthead/sqlstore"
)

// runMigrateData copies a whole site from its SQLite file to PostgreSQL.
func runMigrateData(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var from, to string
	fs := flag.NewFlagSet("migrate-data", flag.ContinueOnError)
	fs.StringVar(&from, "from", "", "the SQLite site to copy: `sqlite:PATH`, PATH being its data directory or database file")
	fs.StringVar(&to, "to", envOr(getenv, "MASTHEAD_DATABASE_URL", ""), "the empty PostgreSQL database to copy into: a postgres:// `URL` (env MASTHEAD_DATABASE_URL)")
	if help, err := parseFlags(fs, args, stdout); help || err != nil {
		return err
	}
	path, ok := strings.CutPrefix(from, "sqlite:")
	if !ok || path == "" {
		return usageError{"--from must name the SQLite site as sqlite:PATH, e.g. --from sqlite:./masthead-data"}
	}
	if to == "" {
		return usageError{"--to must name the PostgreSQL database as a postgres:// URL"}
	}
	if info, err := os.Stat(path); err != nil {
		return fmt.Errorf("cannot read the SQLite site at %s: %w", path, err)
	} else if info.IsDir() {
		path = filepath.Join(path, "masthead.db")
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("there is no Masthead database in that directory (%s)", path)
		}
	}
	src, err := sqlite.Open(ctx, path)
	if err != nil {
		return fmt.Errorf("cannot open %s: %w", path, err)
	}
	defer src.Close()
	dst, err := openStore(ctx, config{database: to})
	if err != nil {
		return err
	}
	defer dst.Close()
	counts, err := sqlstore.CopyAll(ctx, src, dst)
	if err != nil {
		return fmt.Errorf("nothing was copied: %w", err)
	}
	fmt.Fprintf(stdout, "Copied %s to %s and checked the counts:\n", path, redactURL(to))
	for _, table := range []string{"settings", "authors", "categories", "tags", "articles", "article_authors", "article_tags", "comments", "menu_items"} {
		fmt.Fprintf(stdout, "  %-16s %d\n", table, counts[table])
	}
	return nil
}
