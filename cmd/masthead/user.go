package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"masthead"
	"masthead/password"
)

// runUser manages staff accounts from the command line.
func runUser(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, "Usage: masthead user add --email E --name N --role R [--password-stdin] [--data DIR | --database URL]")
			return nil
		}
		return usageError{"use \"masthead user add --email E --name N --role admin\" to add a staff account"}
	}
	var c config
	var email, name, role string
	var fromStdin bool
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	dataFlags(fs, &c, getenv)
	fs.StringVar(&email, "email", "", "the `address` the staff member signs in with")
	fs.StringVar(&name, "name", "", "the `name` bylines show")
	fs.StringVar(&role, "role", "", "contributor, author, editor or admin")
	fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input, for scripts")
	if help, err := parseFlags(fs, args[1:], stdout); help || err != nil {
		return err
	}
	author := &masthead.Author{Name: strings.TrimSpace(name), Slug: masthead.Slugify(name), Email: strings.TrimSpace(email), Role: masthead.Role(role)}
	if author.Email == "" {
		return usageError{"--email is required: it is what the staff member signs in with"}
	}
	if err := author.Validate(); err != nil {
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
	if err := store.CreateAuthor(ctx, author); err != nil {
		if masthead.ErrorCode(err) == masthead.ECONFLICT {
			return fmt.Errorf("cannot add %s: %s", author.Email, strings.TrimSuffix(masthead.ErrorMessage(err), "."))
		}
		return fmt.Errorf("cannot add %s: %w", author.Email, err)
	}
	if err := store.SetPassword(ctx, author.ID, hash); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Added %s (%s) as %s; they sign in at /admin/login.\n", author.Name, author.Email, author.Role)
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
