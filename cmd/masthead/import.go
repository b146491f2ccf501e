package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"masthead"
	"masthead/media"
	"masthead/web"
	"masthead/wpimport"
	"masthead/wxr"
)

const importUsage = `Usage:
  masthead import wordpress FILE.xml [--uploads DIR] [--dry-run]
                  [--data DIR | --database URL] [--media-dir DIR]

Imports a WordPress export (Tools → Export in WordPress, WXR 1.0 to 1.2,
from WordPress.org or WordPress.com): authors, categories as sections, tags,
posts and their comments, with a redirect from every old address that
changed. Running it again with the same or a later export adds only what is
new, and an import that was stopped finishes where it left off.

  --uploads DIR    a copy of the old site's wp-content/uploads: its images
                   come into the media library, bodies and featured images
                   use them, and their old addresses redirect to them
  --media-dir DIR  where images are stored, as for serve (default: media in
                   the data directory)
  --dry-run        read and check everything, write nothing, and say what
                   an import would add
`

// runImport imports another system's export into the site.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprint(stdout, importUsage)
		return nil
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageError{"import needs the kind of export first: masthead import wordpress FILE.xml"}
	}
	if args[0] != "wordpress" {
		return usageError{fmt.Sprintf("%q is not a kind of export masthead imports; use wordpress", args[0])}
	}
	var c config
	var dryRun bool
	var uploads string
	fs := flag.NewFlagSet("import wordpress", flag.ContinueOnError)
	dataFlags(fs, &c, getenv)
	mediaFlag(fs, &c, getenv)
	fs.BoolVar(&dryRun, "dry-run", false, "read and check everything, write nothing, and say what an import would add")
	fs.StringVar(&uploads, "uploads", "", "a copy of the old site's wp-content/uploads `directory`, whose images are imported")
	// Flags may come before or after the file.
	var files []string
	rest := args[1:]
	for {
		fs.SetOutput(io.Discard)
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, importUsage)
				return nil
			}
			return usageError{fmt.Sprintf("%s; run \"masthead help import\" for usage", err)}
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	switch {
	case len(files) == 0:
		return usageError{"import wordpress needs the export file: masthead import wordpress FILE.xml"}
	case len(files) > 1:
		return usageError{fmt.Sprintf("import wordpress takes one export file, not %d; import them one after the other", len(files))}
	}
	if uploads != "" {
		info, err := os.Stat(uploads)
		if err != nil {
			return fmt.Errorf("cannot read the uploads directory %s: %w", uploads, errors.Unwrap(err))
		}
		if !info.IsDir() {
			return usageError{fmt.Sprintf("%s is not a directory; --uploads takes a copy of wp-content/uploads", uploads)}
		}
	}
	name := files[0]
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("cannot open the export %s: %w", name, errors.Unwrap(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("cannot read the export %s: %w", name, err)
	}
	if info.IsDir() {
		return usageError{fmt.Sprintf("%s is a directory; give the export file", name)}
	}
	store, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close()

	var in io.Reader = f
	opts := wpimport.Options{DryRun: dryRun}
	if uploads != "" {
		opts.Uploads = os.DirFS(uploads)
		if !dryRun {
			dir := c.mediaDirectory()
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return fmt.Errorf("cannot create the media directory %s: %w", dir, errors.Unwrap(err))
			}
			opts.Media = media.Dir(dir)
		}
	}
	var bar *progressbar.ProgressBar
	if isTerminal(stderr) {
		bar = progressbar.NewOptions64(info.Size(),
			progressbar.OptionSetWriter(stderr), // the summary alone goes to stdout
			progressbar.OptionSetDescription("Importing"),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetRenderBlankState(true),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(stderr) }))
		in = io.TeeReader(f, bar)
	} else {
		// Without a terminal (a log, a pipe), a plain line per thousand
		// items says how far the import is.
		counted := &countingReader{r: f}
		in = counted
		opts.OnItem = func(n int) {
			if n%1000 == 0 {
				fmt.Fprintf(stderr, "%s imported %d items (%d%% of the file).\n",
					time.Now().Format(time.TimeOnly), n, 100*counted.n.Load()/max(1, info.Size()))
			}
		}
	}
	sum, err := wpimport.Import(ctx, store, in, opts)
	if bar != nil {
		bar.Finish()
	}
	if sum != nil {
		sum.WriteTo(stdout)
	}
	var werr *wxr.Error
	switch {
	case errors.As(err, &werr):
		return fmt.Errorf("cannot import %s: %s", name, lowerSentence(werr.Msg))
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("the import of %s was stopped; run it again to finish it, nothing will be doubled", name)
	case err != nil:
		return fmt.Errorf("cannot import %s: %w; run the import again to finish it, nothing will be doubled", name, err)
	}
	return nil
}

// wordpressImporter is the import of Tools → Import in the admin: the
// same import as the command's, into store, with the images of an
// uploads folder stored in storage.
func wordpressImporter(store masthead.Store, storage media.Storage) web.ImportFunc {
	return func(ctx context.Context, r io.Reader, o web.ImportOptions) (string, error) {
		opts := wpimport.Options{DryRun: o.DryRun, OnItem: o.OnItem}
		if o.Uploads != "" {
			opts.Uploads, opts.Media = os.DirFS(o.Uploads), storage
		}
		sum, err := wpimport.Import(ctx, store, r, opts)
		if sum == nil {
			return "", err
		}
		var b strings.Builder
		sum.WriteTo(&b)
		return b.String(), err
	}
}

// lowerSentence makes a sentence fit after a colon: lower first letter, no
// final stop.
func lowerSentence(s string) string {
	s = strings.TrimSuffix(s, ".")
	if len(s) > 1 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z') {
		s = string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

// isTerminal reports whether w is a terminal, where a progress bar can
// redraw itself.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// countingReader counts the bytes read through it, for progress lines.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
