package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"unicode"
	"unicode/utf8"

	"masthead"
)

// usageError is a mistake in how masthead was called; it exits with 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// clause turns the sentence of a domain error into the end of the command
// line's one sentence: "cannot disable x: this is the last active admin".
func clause(err error) string {
	msg := strings.TrimSuffix(masthead.ErrorMessage(err), ".")
	if r, size := utf8.DecodeRuneInString(msg); r != utf8.RuneError {
		msg = string(unicode.ToLower(r)) + msg[size:]
	}
	return msg
}

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

const usage = `Masthead runs a news site as one binary.

Usage:
  masthead serve [flags]    serve the site (creates and migrates the database)
  masthead demo [flags]     fill an empty site with demo content
  masthead comments ...     list and moderate reader comments
  masthead settings ...     list and change the site settings
  masthead user add --email E --name N --role R
                            add a staff account (asks for the password)
  masthead user invite --email E --name N --role R
                            add a staff account and mail them a link to choose a password
  masthead user disable|enable EMAIL
                            stop a staff account signing in, or let it again
  masthead migrate-data --from sqlite:DIR --to postgres://...
                            copy a whole site from SQLite to PostgreSQL
  masthead import wordpress FILE.xml [--dry-run]
                            import a WordPress export: people, sections,
                            tags, posts, comments and the old addresses
  masthead export wordpress|json > FILE
                            write the whole site as a WordPress export, or
                            as a JSON dump
  masthead backup DEST      back up the site while it serves: a snapshot of
                            the database, the media files and a manifest
  masthead restore SRC --data DIR
                            restore a backup into an empty data directory
  masthead version          print the version
  masthead help [command]   show help

Run "masthead help serve" for the flags of a command.
`

// run is the whole program; main only supplies the process's context,
// arguments, environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return runWithInput(ctx, args, getenv, os.Stdin, stdout, stderr)
}

// runWithInput is run with the standard input given, for tests.
func runWithInput(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given; run \"masthead help\" for the list of commands"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, getenv, stdout, stderr)
	case "demo":
		return runDemo(ctx, rest, getenv, stdout, stderr)
	case "comments":
		return runComments(ctx, rest, getenv, stdout, stderr)
	case "settings":
		return runSettings(ctx, rest, getenv, stdout)
	case "migrate-data":
		return runMigrateData(ctx, rest, getenv, stdout)
	case "user":
		return runUser(ctx, rest, getenv, stdin, stdout)
	case "import":
		return runImport(ctx, rest, getenv, stdout, stderr)
	case "export":
		return runExport(ctx, rest, getenv, stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, getenv, stdout)
	case "restore":
		return runRestore(ctx, rest, getenv, stdout)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "masthead", version())
		return nil
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && (rest[0] == "comments" || rest[0] == "settings" || rest[0] == "user" || rest[0] == "import" || rest[0] == "export" || rest[0] == "backup" || rest[0] == "restore") {
			return run(ctx, []string{rest[0], "help"}, getenv, stdout, stderr)
		}
		if len(rest) > 0 && rest[0] != "help" {
			return run(ctx, []string{rest[0], "-h"}, getenv, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("%q is not a masthead command; run \"masthead help\" for the list of commands", cmd)}
}

// parseFlags parses a subcommand's flags. Help goes to stdout; a mistake
// becomes one sentence rather than the flag package's usage dump.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (help bool, err error) {
	fs.SetOutput(io.Discard)
	err = fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fmt.Fprintf(stdout, "Usage of masthead %s:\n", fs.Name())
		fs.PrintDefaults()
		return true, nil
	}
	if err != nil {
		return false, usageError{fmt.Sprintf("%s; run \"masthead help %s\" for its flags", err, fs.Name())}
	}
	if fs.NArg() > 0 {
		return false, usageError{fmt.Sprintf("unexpected argument %q; run \"masthead help %s\" for its flags", fs.Arg(0), fs.Name())}
	}
	return false, nil
}

// envOr returns the environment variable's value, or def when unset.
func envOr(getenv func(string) string, name, def string) string {
	if v := strings.TrimSpace(getenv(name)); v != "" {
		return v
	}
	return def
}

// version reports the module version, or the commit it was built from.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if (v == "" || v == "(devel)") && rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v = "dev-" + rev + dirty
	}
	if v == "" {
		v = "(devel)"
	}
	return v + " (" + info.GoVersion + ")"
}
