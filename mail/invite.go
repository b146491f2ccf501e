package mail

import (
	"context"
	"time"

	"masthead"
)

// Invitation links lead to this path of the site, the token in its query.
const SetPasswordPath = "/admin/set-password"

// SetPasswordLink returns the address a set-password link leads to.
func SetPasswordLink(o Origin, token string) string {
	return o.Link(SetPasswordPath + "?token=" + token)
}

// Invite adds the staff account a without a password and invites it: the
// account, its link (valid masthead.InvitationLifetime) and, when mail can
// be sent (canSend), the invitation mail are stored in one transaction. It
// returns the link, for a site that cannot send mail to show once, and
// whether a mail was queued. inviter is the admin who invites, nil from
// the command line; masthead.CheckInvite decides whether they may. The
// browser and the command line both invite through it.
func Invite(ctx context.Context, store masthead.AccountStore, o Origin, canSend bool, inviter, a *masthead.Author, now time.Time) (string, bool, error) {
	return invite(ctx, store, o, canSend, inviter, a, now, false)
}

// InviteAgain sends a pending invitation again with a new link, which
// replaces the old one: "send again". It returns what Invite returns, and
// ENOTFOUND when a has set a password or was disabled.
func InviteAgain(ctx context.Context, store masthead.AccountStore, o Origin, canSend bool, inviter, a *masthead.Author, now time.Time) (string, bool, error) {
	return invite(ctx, store, o, canSend, inviter, a, now, true)
}

func invite(ctx context.Context, store masthead.AccountStore, o Origin, canSend bool, inviter, a *masthead.Author, now time.Time, again bool) (string, bool, error) {
	if err := masthead.CheckInvite(inviter, a.Role); err != nil {
		return "", false, err
	}
	if err := a.ValidateStaff(); err != nil {
		return "", false, err
	}
	token, tok, err := masthead.NewAccountToken(masthead.TokenInvitation, now)
	if err != nil {
		return "", false, err
	}
	name := ""
	if inviter != nil {
		tok.CreatedBy, name = inviter.ID, inviter.Name
	}
	link := SetPasswordLink(o, token)
	var msg *masthead.OutboxMessage
	if canSend {
		draft, err := Invitation(o, a, name, link)
		if err != nil {
			return "", false, err
		}
		if msg, err = Compose(o, draft, now); err != nil {
			return "", false, err
		}
	}
	if again {
		tok.AuthorID = a.ID
		err = store.RenewInvitation(ctx, tok, msg)
	} else {
		err = store.InviteStaff(ctx, a, tok, msg)
	}
	if err != nil {
		return "", false, err
	}
	return link, msg != nil, nil
}
