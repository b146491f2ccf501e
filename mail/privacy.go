package mail

import (
	"context"
	"time"

	"masthead"
)

// PrivacyLinks mails the confirmation links of readers' requests for their
// data or its erasure (masthead.LinkSender) through the outbox, which the
// node that runs the jobs sends.
type PrivacyLinks struct {
	Store interface {
		masthead.SiteStore
		masthead.OutboxStore
	}
	// Settings returns the SMTP settings, read at each request: while
	// they are not Configured, a request is refused in a sentence rather
	// than left waiting for mail that cannot go.
	Settings func(ctx context.Context) (Settings, error)
	// BaseURL returns the site's public address, for the messages'
	// Message-ID and the site's link.
	BaseURL func(site *masthead.Site) string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// SendPrivacyLink queues the mail that carries link to to.
func (p *PrivacyLinks) SendPrivacyLink(ctx context.Context, to string, kind masthead.PrivacyRequestKind, link string) error {
	settings, err := p.Settings(ctx)
	if err != nil {
		return err
	}
	if !settings.Configured() {
		return masthead.Errorf(masthead.EUNAVAILABLE, "This site cannot send email yet, so please contact the newsroom to get your data or have it erased.")
	}
	site, err := p.Store.FindSite(ctx)
	if err != nil {
		return err
	}
	o := OriginOf(site, p.BaseURL(site))
	draft, err := PrivacyLink(o, to, kind, link)
	if err != nil {
		return err
	}
	now := time.Now()
	if p.Now != nil {
		now = p.Now()
	}
	msg, err := Compose(o, draft, now)
	if err != nil {
		return err
	}
	return p.Store.QueueMail(ctx, msg)
}
