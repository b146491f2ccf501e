package moderation

import (
	"context"
	"slices"
	"strings"
	"time"

	"masthead"
)

// Action is something a moderator does with a comment. The admin's buttons
// and the command line's verbs are the same actions under the same names.
type Action struct {
	// Name is the action's word in forms and on the command line.
	Name string
	// Label is the action's button.
	Label string
	// From are the statuses a comment may be in for the action to apply.
	From []masthead.CommentStatus
	// Status is where the comment goes; "" deletes it for good.
	Status masthead.CommentStatus
	// Done describes the result after a count: "3 comments approved".
	Done string
}

var (
	pending  = masthead.CommentPending
	approved = masthead.CommentApproved
	spam     = masthead.CommentSpam
	trash    = masthead.CommentTrash
)

// Actions are every moderation action, in the order tools list them.
// Deleting for good is only for what was put aside as spam or trash first,
// so that no click loses a comment a reader can see.
var Actions = []Action{
	{"approve", "Approve", []masthead.CommentStatus{pending}, approved, "approved"},
	{"unapprove", "Unapprove", []masthead.CommentStatus{approved}, pending, "moved back to pending"},
	{"spam", "Spam", []masthead.CommentStatus{pending, approved}, spam, "marked as spam"},
	{"trash", "Trash", []masthead.CommentStatus{pending, approved, spam}, trash, "moved to the trash"},
	{"restore", "Restore", []masthead.CommentStatus{spam, trash}, pending, "restored to pending"},
	{"delete", "Delete for good", []masthead.CommentStatus{spam, trash}, "", "deleted for good"},
}

// ActionsFor returns the actions that apply to a comment in status, for
// its buttons.
func ActionsFor(status masthead.CommentStatus) []Action {
	var out []Action
	for _, a := range Actions {
		if a.AppliesTo(status) {
			out = append(out, a)
		}
	}
	return out
}

// AppliesTo reports whether the action applies to a comment in status.
func (a Action) AppliesTo(status masthead.CommentStatus) bool {
	return slices.Contains(a.From, status)
}

// statusNames lists statuses for a message: "spam or trash".
func statusNames(statuses []masthead.CommentStatus) string {
	names := make([]string, len(statuses))
	for i, s := range statuses {
		names[i] = string(s)
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// FindAction returns the action of that name.
func FindAction(name string) (Action, bool) {
	for _, a := range Actions {
		if a.Name == name {
			return a, true
		}
	}
	return Action{}, false
}

// ActionNames lists the actions' names for a message: "approve, unapprove,
// ... or delete".
func ActionNames() string {
	names := make([]string, len(Actions))
	for i, a := range Actions {
		names[i] = a.Name
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// Apply does the action to one comment. Deleting moves the comment's
// replies up to its parent rather than losing them. Returns ENOTFOUND, or
// ECONFLICT for a comment whose status the action does not apply to (a
// moderator may have moved it meanwhile).
func (a Action) Apply(ctx context.Context, store masthead.CommentStore, id int64) error {
	c, err := store.FindCommentByID(masthead.WithPrimary(ctx), id)
	if err != nil {
		return err
	}
	if !a.AppliesTo(c.Status) {
		return masthead.Errorf(masthead.ECONFLICT, "Comment %d is %s; %s applies only to comments that are %s.", id, c.Status, a.Name, statusNames(a.From))
	}
	if a.Status == "" {
		return store.DeleteComment(ctx, id)
	}
	return store.UpdateCommentStatus(ctx, id, a.Status)
}

// StaffReply publishes a staff member's answer under a comment at once,
// under their name and linking to their author page (authorURL), through
// Submit with StaffPolicy. Answering a held comment approves it in the same
// transaction: staff would not answer what readers may not see. Returns
// EINVALID for an empty reply.
func StaffReply(ctx context.Context, store masthead.CommentStore, site *masthead.Site, article *masthead.Article, parent *masthead.Comment,
	staff *masthead.Author, text, authorURL string, now time.Time) (*masthead.Comment, error) {
	reply := &masthead.Comment{ParentID: parent.ID, AuthorName: staff.Name, AuthorEmail: staff.Email,
		AuthorURL: authorURL, Body: strings.TrimSpace(text), Status: masthead.CommentApproved, Reason: "Written by staff."}
	if reply.AuthorEmail == "" {
		reply.AuthorEmail = staff.Slug + "@staff.invalid"
	}
	err := Submit(ctx, store, Submission{Article: article, Comment: reply, Now: now}, StaffPolicy(site))
	if err != nil {
		return nil, err
	}
	return reply, nil
}
