package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"masthead"
	"masthead/export"
)

const exportUsage = `Usage:
  masthead export wordpress [--base-url URL] [--data DIR | --database URL] > site.xml
  masthead export json [--data DIR | --database URL] > site.json

Writes the whole site to standard output.

  wordpress   a WordPress export (WXR 1.2), which WordPress's importer
              (Tools → Import → WordPress) and masthead import wordpress
              read: staff, sections, tags, articles with their comments,
              images and menus
  json        everything the site holds, in the documented shape
              "masthead-export/1" (see the README)

Neither holds passwords, sessions or the site secret; both hold the email
addresses of staff and commenters, so keep the files private.

  --base-url  the site's public address, which the WordPress export's
              links start with (env MASTHEAD_BASE_URL; default: the
              base_url setting)
`

// runExport writes the whole site to stdout in one of the formats of
// package export, and says on stderr what it wrote.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprint(stdout, exportUsage)
		return nil
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageError{"export needs the kind of export first: masthead export wordpress > site.xml, or masthead export json > site.json"}
	}
	kind := args[0]
	if kind != "wordpress" && kind != "json" {
		return usageError{fmt.Sprintf("%q is not a kind of export masthead writes; use wordpress or json", kind)}
	}
	var c config
	fs := flag.NewFlagSet("export "+kind, flag.ContinueOnError)
	dataFlags(fs, &c, getenv)
	if kind == "wordpress" {
		fs.StringVar(&c.baseURL, "base-url", envOr(getenv, "MASTHEAD_BASE_URL", ""),
			"the site's public `URL`, which the export's links start with (env MASTHEAD_BASE_URL; default: the base_url setting)")
	}
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, exportUsage)
			return nil
		}
		return usageError{fmt.Sprintf("%s; run \"masthead help export\" for usage", err)}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("export %s takes no file: it writes to standard output, so redirect it: masthead export %s > site.%s", kind, kind, extension(kind))}
	}
	if isTerminal(stdout) {
		return usageError{fmt.Sprintf("export writes the site to standard output, which is a terminal here; redirect it to a file: masthead export %s > site.%s", kind, extension(kind))}
	}
	store, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close()

	opts := export.Options{BaseURL: c.baseURL, Generator: "Masthead " + version()}
	var counts export.Counts
	if kind == "wordpress" {
		counts, err = export.WordPress(ctx, store, stdout, opts)
	} else {
		counts, err = export.JSON(ctx, store, stdout, opts)
	}
	switch {
	case masthead.ErrorField(err) == "base_url" && c.baseURL == "":
		return usageError{"the WordPress export needs the site's public address for its links: give it with --base-url https://news.example.org, or set it with masthead settings set base_url URL"}
	case masthead.ErrorField(err) == "base_url":
		return usageError{clause(err)}
	case errors.Is(err, context.Canceled):
		return errors.New("the export was stopped, so the file is incomplete")
	case err != nil:
		return fmt.Errorf("cannot export the site, so the file is incomplete: %w", err)
	}
	fmt.Fprintf(stderr, "Exported %s.\n", counts)
	return nil
}

func extension(kind string) string {
	if kind == "wordpress" {
		return "xml"
	}
	return kind
}
