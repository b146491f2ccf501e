package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"masthead"
)

const settingsUsage = `Usage:
  masthead settings [--data DIR]                 list the site settings
  masthead settings set NAME VALUE [--data DIR]  change one setting

Settings: ` + "title, tagline, language, time_zone, page_size, comment_depth,\n" +
	`comment_moderation (hold_all, hold_first or approve_all), comment_min_seconds,
comment_max_links, comment_hold_words and comment_spam_words (one per line),
comment_pages (on or off), comment_page_size (top-level comments a page),
comment_default_page (last or first) and comment_order (oldest or newest).
`

// runSettings lists or changes the site settings.
func runSettings(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var c config
	fs := flag.NewFlagSet("settings", flag.ContinueOnError)
	dataFlags(fs, &c, getenv)
	var positional []string
	for {
		fs.SetOutput(io.Discard)
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				fmt.Fprint(stdout, settingsUsage)
				return nil
			}
			return usageError{fmt.Sprintf("%s; run \"masthead help settings\" for usage", err)}
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case len(positional) == 0:
	case positional[0] == "set" && len(positional) == 3:
	case positional[0] == "help":
		fmt.Fprint(stdout, settingsUsage)
		return nil
	default:
		return usageError{"use \"masthead settings\" to list the settings or \"masthead settings set NAME VALUE\" to change one"}
	}
	store, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close()
	site, err := store.FindSite(ctx)
	if err != nil {
		return fmt.Errorf("cannot read the settings: %w", err)
	}
	if len(positional) == 0 {
		fmt.Fprint(stdout, site)
		return nil
	}
	name, value := positional[1], strings.ReplaceAll(positional[2], `\n`, "\n")
	before := *site
	if err := site.Set(name, value); err != nil {
		return usageError{strings.TrimSuffix(masthead.ErrorMessage(err), ".")}
	}
	cleared := site.ForgetMovedSMTPPassword(&before, name == "smtp_password")
	if err := store.UpdateSite(ctx, site); err != nil {
		if masthead.ErrorCode(err) == masthead.EINVALID {
			return usageError{strings.TrimSuffix(masthead.ErrorMessage(err), ".")}
		}
		return fmt.Errorf("cannot save the settings: %w", err)
	}
	v, _ := site.Get(name)
	fmt.Fprintf(stdout, "%s is now %q.\n", name, v)
	if cleared {
		fmt.Fprint(stdout, "The SMTP server or user changed, so the stored SMTP password was cleared: set it again with \"masthead settings set smtp_password PASSWORD\".\n")
	}
	if name == "language" {
		fmt.Fprint(stdout, languageNotice(v))
	}
	return nil
}
