package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"masthead"
	"masthead/backup"
)

const backupUsage = `Usage:
  masthead backup DEST [--data DIR | --database URL] [--media-dir DIR]

Backs up the site into DEST, a directory that is empty or does not exist
yet, while the site goes on serving: on SQLite a consistent snapshot of the
database (every comment and article saved before the backup began, none
half-written), then the media files, and a manifest with a checksum of each
file that "masthead restore" checks.

On PostgreSQL it backs up the media files; back up the database itself with
pg_dump first (see the README).
`

const restoreUsage = `Usage:
  masthead restore SRC --data DIR [--media-dir DIR]

Restores the SQLite backup in SRC (made by "masthead backup") into the data
directory DIR, which must be empty or not exist yet, and its media files
into --media-dir (default: media in DIR), which must be empty too. Every
file is checked against the manifest's checksum, the database against
SQLite's integrity check, and a backup made by an older Masthead is
migrated to this one's schema.
`

// runBackup backs up the site into a new directory.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var c config
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dataFlags(fs, &c, getenv)
	mediaFlag(fs, &c, getenv)
	dirs, help, err := parseWithArguments(fs, args, stdout, backupUsage)
	if help || err != nil {
		return err
	}
	if len(dirs) != 1 {
		return usageError{"backup needs one directory to write the backup into: masthead backup DEST"}
	}
	dest := dirs[0]
	opts := backup.Options{Generator: "masthead " + version()}
	if c.database != "" {
		store, err := openStore(ctx, c)
		if err != nil {
			return err
		}
		defer store.Close()
		m, err := backup.CreateMedia(ctx, store, c.mediaDirectory(), dest, opts)
		if err != nil {
			return backupError("cannot back up the media", err)
		}
		fmt.Fprintf(stdout, "Backed up %s of the PostgreSQL site to %s; back up its database with pg_dump as well, for instance: pg_dump --format=custom --file=%s %s\n",
			plural(len(m.Media), "media file"), dest, filepath.Join(dest, "masthead.dump"), redactURL(c.database))
		return nil
	}
	m, err := backup.CreateSQLite(ctx, filepath.Join(c.dataDir, "masthead.db"), c.mediaDirectory(), dest, opts)
	if err != nil {
		return backupError("cannot back up the site", err)
	}
	fmt.Fprintf(stdout, "Backed up the site to %s: a snapshot of the database (%s, %s, %s; schema %d, %s) and %s (%s).\n",
		dest, plural(m.Rows["articles"], "article or page", "articles and pages"), plural(m.Rows["comments"], "comment"), plural(m.Rows["media"], "image"),
		m.SchemaVersion, megabytes(m.DatabaseFile.Size), plural(len(m.Media), "media file"), megabytes(mediaBytes(m)))
	if len(m.MissingMedia) > 0 {
		fmt.Fprintf(stdout, "%s that images of the snapshot name had been deleted before they could be copied (%s): their images were deleted while the backup ran, or had lost their files before.\n",
			plural(len(m.MissingMedia), "media file"), listSome(m.MissingMedia))
	}
	return nil
}

// runRestore restores a SQLite backup into an empty data directory.
func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var c config
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	// Restore never takes the data directory from the environment: it
	// writes, and must be told where.
	fs.StringVar(&c.dataDir, "data", "", "the empty data `directory` to restore into")
	fs.StringVar(&c.database, "database", "", "not taken: a PostgreSQL database is restored with pg_restore")
	fs.StringVar(&c.mediaDir, "media-dir", "", "the empty `directory` for the media files (default: media in the data directory)")
	srcs, help, err := parseWithArguments(fs, args, stdout, restoreUsage)
	if help || err != nil {
		return err
	}
	switch {
	case c.database != "":
		return usageError{"restore writes a SQLite site into --data; restore a PostgreSQL database with pg_restore, as the README shows"}
	case len(srcs) != 1:
		return usageError{"restore needs the backup directory: masthead restore SRC --data DIR"}
	case c.dataDir == "":
		return usageError{"restore needs the data directory to restore into: masthead restore SRC --data DIR"}
	}
	began := time.Now()
	sum, err := backup.Restore(ctx, srcs[0], c.dataDir, c.mediaDir)
	if err != nil {
		return backupError("cannot restore the backup", err)
	}
	m := sum.Manifest
	fmt.Fprintf(stdout, "Restored the backup of %s (made by %s) into %s: %s, %s, %s and %s, every file checked against the manifest and the database against SQLite's integrity check, in %s.\n",
		m.CreatedAt.Format("2 January 2006 15:04 MST"), m.Generator, c.dataDir,
		plural(sum.Rows["articles"], "article or page", "articles and pages"), plural(sum.Rows["comments"], "comment"), plural(sum.Rows["media"], "image"),
		plural(len(m.Media), "media file"), time.Since(began).Round(time.Millisecond))
	if sum.SchemaVersion != m.SchemaVersion {
		fmt.Fprintf(stdout, "The database was migrated from schema %d to %d.\n", m.SchemaVersion, sum.SchemaVersion)
	}
	if len(m.MissingMedia) > 0 {
		fmt.Fprintf(stdout, "%s that images name were not in the backup (%s), so those images show without their file.\n",
			plural(len(m.MissingMedia), "media file"), listSome(m.MissingMedia))
	}
	return nil
}

// parseWithArguments parses flags that may come before or after the
// command's arguments, and returns the arguments.
func parseWithArguments(fs *flag.FlagSet, args []string, stdout io.Writer, usage string) (rest []string, help bool, err error) {
	fs.SetOutput(io.Discard)
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, usage)
				return nil, true, nil
			}
			return nil, false, usageError{fmt.Sprintf("%s; run \"masthead help %s\" for usage", err, fs.Name())}
		}
		if fs.NArg() == 0 {
			return rest, false, nil
		}
		if fs.Arg(0) == "help" && len(rest) == 0 {
			fmt.Fprint(stdout, usage)
			return nil, true, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// backupError turns a refusal of package backup into the command line's
// one sentence: a directory that is not empty or not there is a mistake in
// the call, anything else a failure.
func backupError(what string, err error) error {
	switch masthead.ErrorCode(err) {
	case masthead.ECONFLICT, masthead.ENOTFOUND:
		return usageError{what + ": " + clause(err)}
	case masthead.EINVALID:
		return errors.New(what + ": " + clause(err))
	}
	return fmt.Errorf("%s: %w", what, err)
}

// plural writes a count with its noun, adding "s" for the plural unless
// the plural is given.
func plural(n int, one string, many ...string) string {
	if n == 1 {
		return "1 " + one
	}
	if len(many) > 0 {
		return fmt.Sprintf("%d %s", n, many[0])
	}
	return fmt.Sprintf("%d %ss", n, one)
}

// megabytes writes a size for people.
func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

func mediaBytes(m *backup.Manifest) int64 {
	var n int64
	for _, f := range m.Media {
		n += f.Size
	}
	return n
}

// listSome names the first few of a list and counts the rest.
func listSome(names []string) string {
	if len(names) <= 3 {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
}
