package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"masthead"
	"masthead/moderation"
)

const commentsUsage = `Usage:
  masthead comments list [--status STATUS] [--page N] [--data DIR]
  masthead comments ACTION ID... [--data DIR]

list prints one comment per line: id, status, article, name, the start of
the text and, for a held comment, why it was held.

ACTION is what the admin's moderation buttons do, under the same names:
  approve    publish the comment
  unapprove  move it back to pending
  spam       mark it as spam
  trash      move it to the trash
  restore    bring it back from spam or trash to pending
  delete     delete it for good; its replies move up to its parent
`

// runComments moderates comments from the command line.
func runComments(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprint(stdout, commentsUsage)
		return nil
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageError{"comments needs an action first: list, " + moderation.ActionNames()}
	}
	name, rest := args[0], args[1:]
	if name == "list" {
		return listComments(ctx, rest, getenv, stdout)
	}
	if action, ok := moderation.FindAction(name); ok {
		return moderateComments(ctx, action, rest, getenv, stdout)
	}
	return usageError{fmt.Sprintf("%q is not a comments action; use list, %s", name, moderation.ActionNames())}
}

// listPageSize is how many comments one page of "comments list" shows.
const listPageSize = 50

func listComments(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var c config
	var status string
	var page int
	fs := flag.NewFlagSet("comments list", flag.ContinueOnError)
	dataFlags(fs, &c, getenv)
	fs.StringVar(&status, "status", "", "show only comments with this `status`: pending, approved, spam or trash")
	fs.IntVar(&page, "page", 1, "`page` of 50 comments to show, newest first")
	if help, err := parseFlags(fs, args, stdout); help || err != nil {
		return err
	}
	if status != "" && !masthead.CommentStatus(status).Valid() {
		return usageError{fmt.Sprintf("%q is not a comment status; use pending, approved, spam or trash", status)}
	}
	if page < 1 {
		return usageError{"the page must be 1 or more"}
	}
	store, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close()
	comments, total, err := store.FindComments(ctx, masthead.CommentFilter{
		Status: masthead.CommentStatus(status), Newest: true, Limit: listPageSize, Offset: (page - 1) * listPageSize,
	})
	if err != nil {
		return fmt.Errorf("cannot list comments: %w", err)
	}
	if total == 0 {
		fmt.Fprintln(stdout, "No comments.")
		return nil
	}
	slugs := map[int64]string{}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, cm := range comments {
		slug, ok := slugs[cm.ArticleID]
		if !ok {
			a, err := store.FindArticleByID(ctx, cm.ArticleID)
			if err != nil {
				return fmt.Errorf("cannot list comments: %w", err)
			}
			slug, slugs[cm.ArticleID] = a.Slug, a.Slug
		}
		line := fmt.Sprintf("%d\t%s\t%s\t%s\t%s", cm.ID, cm.Status, slug, oneLine(cm.AuthorName, 30), oneLine(cm.Body, 60))
		if cm.Reason != "" && cm.Status != masthead.CommentApproved {
			line += "\t(" + cm.Reason + ")"
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	if shown := (page-1)*listPageSize + len(comments); shown < total {
		fmt.Fprintf(stdout, "Showing %d–%d of %d; run with --page %d for more.\n", (page-1)*listPageSize+1, shown, total, page+1)
	}
	return nil
}

// oneLine shortens text to one line of at most n characters.
func oneLine(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if r := []rune(text); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return text
}

func moderateComments(ctx context.Context, action moderation.Action, args []string, getenv func(string) string, stdout io.Writer) error {
	var c config
	fs := flag.NewFlagSet("comments "+action.Name, flag.ContinueOnError)
	dataFlags(fs, &c, getenv)
	// Flags may come before or after the ids.
	var ids []int64
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, commentsUsage)
				return nil
			}
			return usageError{fmt.Sprintf("%s; run \"masthead comments help\" for usage", err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		id, err := strconv.ParseInt(args[0], 10, 64)
		if err != nil || id <= 0 {
			return usageError{fmt.Sprintf("%q is not a comment id", args[0])}
		}
		ids = append(ids, id)
		args = args[1:]
	}
	if len(ids) == 0 {
		return usageError{fmt.Sprintf("comments %s needs the ids of the comments", action.Name)}
	}
	store, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close()
	var missing []string
	for _, id := range ids {
		err := action.Apply(ctx, store, id)
		switch masthead.ErrorCode(err) {
		case "":
			if action.Status == "" {
				fmt.Fprintf(stdout, "Comment %d was deleted for good.\n", id)
			} else {
				fmt.Fprintf(stdout, "Comment %d is now %s.\n", id, action.Status)
			}
		case masthead.ENOTFOUND:
			missing = append(missing, strconv.FormatInt(id, 10))
		case masthead.ECONFLICT:
			return fmt.Errorf("cannot %s comment %d: %s", action.Name, id, clause(err))
		default:
			return fmt.Errorf("cannot change comment %d: %w", id, err)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("no comment has the id %s", strings.Join(missing, ", "))
	}
	return nil
}
