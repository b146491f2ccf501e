package moderation

import (
	"context"
	"strings"
	"time"

	"masthead"
)

// Action is something a moderator does with a comment. The admin's buttons
// and the command line's verbs are the same actions under the same names.
type Action struct {
	// Name is the action's word in forms and on the command line.
	Name string
	// Status is where the comment goes; "" deletes it for good.
	Status masthead.CommentStatus
	// Done describes the result after a count: "3 comments approved".
	Done string
}

// Actions are every moderation action, in the order tools list them.
var Actions = []Action{
	{"approve", masthead.CommentApproved, "approved"},
	{"unapprove", masthead.CommentPending, "moved back to pending"},
	{"spam", masthead.CommentSpam, "marked as spam"},
	{"trash", masthead.CommentTrash, "moved to the trash"},
	{"restore", masthead.CommentPending, "restored to pending"},
	{"delete", "", "deleted for good"},
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
// replies up to its parent rather than losing them. Returns ENOTFOUND.
func (a Action) Apply(ctx context.Context, store masthead.CommentStore, id int64) error {
	if a.Status == "" {
		return store.DeleteComment(ctx, id)
	}
	return store.UpdateCommentStatus(ctx, id, a.Status)
}

// StaffReply publishes a staff member's answer under a comment at once,
// under their name and linking to their author page (authorURL). Answering
// a held comment approves it: staff would not answer what readers may not
// see. Returns EINVALID for an empty reply.
func StaffReply(ctx context.Context, store masthead.CommentStore, parent *masthead.Comment, staff *masthead.Author, text, authorURL string, now time.Time) (*masthead.Comment, error) {
	reply := &masthead.Comment{ArticleID: parent.ArticleID, ParentID: parent.ID, AuthorName: staff.Name, AuthorEmail: staff.Email,
		AuthorURL: authorURL, Body: strings.TrimSpace(text), Status: masthead.CommentApproved, Reason: "Written by staff.", CreatedAt: now}
	if reply.AuthorEmail == "" {
		reply.AuthorEmail = staff.Slug + "@staff.invalid"
	}
	if err := reply.Validate(); err != nil {
		return nil, err
	}
	if parent.Status == masthead.CommentPending {
		if err := store.UpdateCommentStatus(ctx, parent.ID, masthead.CommentApproved); err != nil {
			return nil, err
		}
	}
	if err := store.CreateComment(ctx, reply); err != nil {
		return nil, err
	}
	return reply, nil
}
