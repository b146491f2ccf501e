package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"masthead"
	"masthead/mail"
	"masthead/password"
)

const userUsage = `Usage:
  masthead user add --email E --name N --role R [--password-stdin] [--data DIR | --database URL]
  masthead user invite --email E --name N --role R [--base-url URL] [--data DIR | --database URL]
  masthead user disable EMAIL [--data DIR | --database URL]
  masthead user enable EMAIL [--data DIR | --database URL]

add creates a staff account; it asks for the password twice, or reads it
from standard input with --password-stdin. disable stops an account from
signing in and ends its sessions at once; its articles and author page
stay. enable lets it sign in again with the password it had. invite
creates a staff account without a password and mails its owner a link to
choose one, valid for 7 days (the serving site sends it); on a site that
cannot send mail it prints the link instead, to give them.
`

// runUser manages staff accounts from the command line.
func runUser(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(stdout, userUsage)
		return nil
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageError{"user needs an action first: add, invite, disable or enable; run \"masthead user help\" for usage"}
	}
	switch args[0] {
	case "add":
		return addUser(ctx, args[1:], getenv, stdin, stdout)
	case "invite":
		return inviteUser(ctx, args[1:], getenv, stdout)
	case "disable", "enable":
		return setUserDisabled(ctx, args[0], args[1:], getenv, stdout)
	}
	return usageError{fmt.Sprintf("%q is not a user action; use \"masthead user add\", \"masthead user invite\", \"masthead user disable EMAIL\" or \"masthead user enable EMAIL\"", args[0])}
}

// addUser creates a staff account with its password.
func addUser(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	var c config
	var email, name, role string
	var fromStdin bool
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	dataFlags(fs, &c, getenv)
	fs.StringVar(&email, "email", "", "the `address` the staff member signs in with")
	fs.StringVar(&name, "name", "", "the `name` bylines show")
	fs.StringVar(&role, "role", "", "contributor, author, editor or admin")
	fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input, for scripts")
	if help, err := parseFlags(fs, args, stdout); help || err != nil {
		return err
	}
	author := &masthead.Author{Name: strings.TrimSpace(name), Slug: masthead.Slugify(name), Email: strings.TrimSpace(email), Role: masthead.Role(role)}
	if author.Email == "" {
		return usageError{"--email is required: it is what the staff member signs in with"}
	}
	if err := author.ValidateStaff(); err != nil {
		return usageError{strings.TrimSuffix(masthead.ErrorMessage(err), ".")}
	}
	pw, err := readPassword(stdin, stdout, fromStdin)
	if err != nil {
		return err
	}
	if err := password.Check(pw); err != nil {
		return usageError{strings.TrimSuffix(err.Error(), ".")}
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.CreateStaff(ctx, author, hash); err != nil {
		if masthead.ErrorCode(err) == masthead.ECONFLICT {
			return fmt.Errorf("cannot add %s: %s", author.Email, clause(err))
		}
		return fmt.Errorf("cannot add %s: %w", author.Email, err)
	}
	fmt.Fprintf(stdout, "Added %s (%s) as %s; they sign in at /admin/login.\n", author.Name, author.Email, author.Role)
	return nil
}

// inviteUser creates a staff account without a password and invites it
// (mail.Invite): the mail is queued for the serving site to send, or, when
// the site cannot send mail, the link is printed. The command line is the
// operator's, so it invites any role.
func inviteUser(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var c config
	var email, name, role string
	fs := flag.NewFlagSet("user invite", flag.ContinueOnError)
	dataFlags(fs, &c, getenv)
	fs.StringVar(&email, "email", "", "the `address` the staff member signs in with, where the invitation goes")
	fs.StringVar(&name, "name", "", "the `name` bylines show")
	fs.StringVar(&role, "role", "", "contributor, author, editor or admin")
	fs.StringVar(&c.baseURL, "base-url", envOr(getenv, "MASTHEAD_BASE_URL", ""), "public `URL` of the site, which the link starts with (env MASTHEAD_BASE_URL; default: the base_url setting)")
	if err := mailFlags(fs, &c, getenv); err != nil {
		return err
	}
	if help, err := parseFlags(fs, args, stdout); help || err != nil {
		return err
	}
	if err := c.checkMail(); err != nil {
		return err
	}
	author := &masthead.Author{Name: strings.TrimSpace(name), Slug: masthead.Slugify(name), Email: strings.TrimSpace(email), Role: masthead.Role(role)}
	if author.Email == "" {
		return usageError{"--email is required: it is what the staff member signs in with, and where the invitation goes"}
	}
	if err := masthead.CheckInvite(nil, author.Role); err != nil {
		return usageError{"--role must be contributor, author, editor or admin"}
	}
	if err := author.ValidateStaff(); err != nil {
		return usageError{strings.TrimSuffix(masthead.ErrorMessage(err), ".")}
	}
	if c.baseURL != "" {
		if err := checkBaseURL(c.baseURL); err != nil {
			return err
		}
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
	base := strings.TrimRight(cmp.Or(c.baseURL, site.BaseURL), "/")
	if base == "" {
		return usageError{"the invitation's link needs the site's public address: give it with --base-url https://news.example.org, or set it with masthead settings set base_url URL"}
	}
	canSend := c.smtp.Over(mail.FromSite(site)).Configured()
	link, mailed, err := mail.Invite(ctx, store, mail.OriginOf(site, base), canSend, nil, author, time.Now())
	if masthead.ErrorCode(err) == masthead.ECONFLICT {
		return fmt.Errorf("cannot invite %s: %s", author.Email, clause(err))
	} else if err != nil {
		return fmt.Errorf("cannot invite %s: %w", author.Email, err)
	}
	if mailed {
		fmt.Fprintf(stdout, "Invited %s (%s) as %s: the invitation is in the outbox, and the serving site sends it; its link works for 7 days.\n", author.Name, author.Email, author.Role)
		return nil
	}
	fmt.Fprintf(stdout, "Invited %s (%s) as %s. The site cannot send mail, so give them this link, which works once within 7 days:\n%s\n", author.Name, author.Email, author.Role, link)
	return nil
}

// setUserDisabled disables or enables the account with an email. The
// command line is the operator's, so no role is checked; the store still
// keeps the last active admin.
func setUserDisabled(ctx context.Context, action string, args []string, getenv func(string) string, stdout io.Writer) error {
	var c config
	fs := flag.NewFlagSet("user "+action, flag.ContinueOnError)
	dataFlags(fs, &c, getenv)
	fs.SetOutput(io.Discard)
	// Flags may come before or after the email.
	var emails []string
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, userUsage)
			return nil
		} else if err != nil {
			return usageError{fmt.Sprintf("%s; run \"masthead user help\" for usage", err)}
		}
		if fs.NArg() == 0 {
			break
		}
		emails, args = append(emails, fs.Arg(0)), fs.Args()[1:]
	}
	if len(emails) != 1 {
		return usageError{fmt.Sprintf("user %s needs the email address of one staff account", action)}
	}
	email := strings.TrimSpace(emails[0])
	store, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close()
	author, _, err := store.FindAuthorByEmail(ctx, email)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND {
		return fmt.Errorf("no staff account has the email address %s", email)
	} else if err != nil {
		return fmt.Errorf("cannot %s %s: %w", action, email, err)
	}
	if action == "disable" {
		err = store.DisableStaff(ctx, author.ID)
	} else {
		err = store.EnableStaff(ctx, author.ID)
	}
	if masthead.ErrorCode(err) == masthead.ECONFLICT {
		return fmt.Errorf("cannot %s %s: %s", action, email, clause(err))
	} else if err != nil {
		return fmt.Errorf("cannot %s %s: %w", action, email, err)
	}
	if action == "disable" {
		fmt.Fprintf(stdout, "Disabled %s (%s): they can no longer sign in, and their sessions have ended; their articles stay.\n", author.Name, email)
	} else {
		fmt.Fprintf(stdout, "Enabled %s (%s): they can sign in again.\n", author.Name, email)
	}
	return nil
}

// readPassword asks for a password twice without echo on a terminal, or
// reads one line from standard input for scripts.
func readPassword(stdin io.Reader, stdout io.Writer, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", usageError{"--password-stdin found no password on standard input"}
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", usageError{"standard input is not a terminal; pass the password with --password-stdin"}
	}
	fmt.Fprint(stdout, "Password: ")
	first, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(stdout)
	if err != nil {
		return "", err
	}
	fmt.Fprint(stdout, "Password again: ")
	second, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(stdout)
	if err != nil {
		return "", err
	}
	if string(first) != string(second) {
		return "", usageError{"the two passwords are not the same"}
	}
	return string(first), nil
}
