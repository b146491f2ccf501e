// Package mail composes the site's email and sends it over SMTP from the
// durable outbox (masthead.OutboxStore).
//
// A message is composed whole when it is queued (Compose): both parts, the
// site's name as the sender's name, the site's language as
// Content-Language, a Message-ID on the site's host, its Date and
// Auto-Submitted: auto-generated. It is queued in the transaction of the
// change that causes it, by the store method making that change, and the
// Outbox, run as a job by the node that runs the jobs, sends what is due:
// at once when woken (every queueing announces masthead.KeyOutbox), else
// at the job interval, retrying with back-off (masthead.DefaultMailRetry).
//
// To add a kind of mail: give it a masthead.MailKind, write a function
// beside PasswordReset that returns its Draft, Compose it, and pass the
// message to the store method whose change causes it (adding a parameter
// or option that calls the store's queueMail in the same transaction), or
// to QueueMail when nothing else changes.
package mail

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/idna"

	"masthead"
)

// Settings are how the site reaches its SMTP server, from the site
// settings (FromSite) with the serve command's flags over them (Over).
type Settings struct {
	Host string
	// Port is the server's port; 0 means the usual one of Security: 587
	// for STARTTLS, 465 for TLS, 25 for none.
	Port int
	// Security is masthead.MailSecurityStartTLS, MailSecurityTLS or
	// MailSecurityNone; empty means STARTTLS.
	Security string
	// User and Password sign in to the server; no sign-in when User is
	// empty.
	User     string
	Password masthead.Secret
	// From is the address mail comes from.
	From string
	// Timeout bounds connecting and each command; 0 means 30 seconds.
	Timeout time.Duration
	// InsecureSkipVerify accepts any certificate, for tests against a
	// server with a certificate of its own making; never set by a flag
	// or setting.
	InsecureSkipVerify bool
}

// FromSite returns the mail settings the site settings hold.
func FromSite(site *masthead.Site) Settings {
	return Settings{Host: site.SMTPHost, Port: site.SMTPPort, Security: site.SMTPSecurity, User: site.SMTPUser,
		Password: site.SMTPPassword, From: site.MailFrom}
}

// Over returns base with every field that s sets in its place: the flags'
// settings over the site's. When s names another server or user than the
// one base names, without a password of its own, base's password is
// dropped rather than sent to a server it was not typed for (as
// masthead.Site.ForgetMovedSMTPPassword does for the settings).
func (s Settings) Over(base Settings) Settings {
	moved := (s.Host != "" && base.Host != "" && !strings.EqualFold(s.Host, base.Host)) || (s.User != "" && base.User != "" && s.User != base.User)
	if moved && s.Password == "" {
		base.Password = ""
	}
	base.Host = cmp.Or(s.Host, base.Host)
	base.Port = cmp.Or(s.Port, base.Port)
	base.Security = cmp.Or(s.Security, base.Security)
	base.User = cmp.Or(s.User, base.User)
	base.Password = cmp.Or(s.Password, base.Password)
	base.From = cmp.Or(s.From, base.From)
	base.Timeout = cmp.Or(s.Timeout, base.Timeout)
	base.InsecureSkipVerify = s.InsecureSkipVerify || base.InsecureSkipVerify
	return base
}

// Configured reports whether mail can be sent: a server and a sender
// address are set.
func (s Settings) Configured() bool { return s.Host != "" && s.From != "" }

// Any reports whether any field is set, so that a page can say that flags
// decide.
func (s Settings) Any() bool {
	return s.Host != "" || s.Port != 0 || s.Security != "" || s.User != "" || s.Password != "" || s.From != ""
}

// Check returns a sentence for the first field that cannot be used, as
// the command line says it.
func (s Settings) Check() error {
	site := masthead.DefaultSite()
	site.SMTPHost, site.SMTPPort, site.SMTPUser, site.SMTPPassword, site.MailFrom = s.Host, s.Port, s.User, s.Password, s.From
	site.SMTPSecurity = cmp.Or(s.Security, site.SMTPSecurity)
	return site.Validate()
}

// port returns the port to dial.
func (s Settings) port() int {
	if s.Port != 0 {
		return s.Port
	}
	switch s.Security {
	case masthead.MailSecurityTLS:
		return 465
	case masthead.MailSecurityNone:
		return 25
	}
	return 587
}

// Origin is what every message of a site says of where it comes from.
type Origin struct {
	// SiteName is the sender's name.
	SiteName string
	// Language is the site's language: messages are written in it, and
	// it is their Content-Language.
	Language string
	// BaseURL is the site's public address: links in messages start
	// with it.
	BaseURL string
	// Sender is the address mail comes from; Message-IDs end with its
	// domain (the site's host when it is empty).
	Sender string
}

// OriginOf returns the origin of a site's messages, with baseURL the
// address the site answers at. A caller whose flags override the sender
// address sets Sender to theirs.
func OriginOf(site *masthead.Site, baseURL string) Origin {
	return Origin{SiteName: site.Title, Language: site.Language, BaseURL: strings.TrimRight(baseURL, "/"), Sender: site.MailFrom}
}

// Link returns the absolute address of path on the site.
func (o Origin) Link(path string) string { return o.BaseURL + path }

// host returns the right-hand side of the origin's Message-IDs: the
// sender's domain, else the host of the site's address without its port,
// in ASCII (IDNA), so that a domain such as zeitung-münchen.example gives
// a header every receiver reads.
func (o Origin) host() string {
	h := ""
	if at := strings.LastIndex(o.Sender, "@"); at >= 0 {
		h = o.Sender[at+1:]
	}
	if h == "" {
		if u, err := url.Parse(o.BaseURL); err == nil {
			h = u.Hostname()
		}
	}
	if h == "" {
		return "localhost"
	}
	if strings.Contains(h, ":") { // an IPv6 address is no dot-atom
		return "[IPv6:" + h + "]"
	}
	ascii, err := idna.Lookup.ToASCII(h)
	if err != nil || ascii == "" {
		return "localhost"
	}
	return ascii
}

// Draft is a message before Compose gives it what every message has.
type Draft struct {
	Kind masthead.MailKind
	// To is the recipient's bare address; ToName their name, folded to
	// one line by Compose.
	To, ToName string
	// Subject is folded to one line by Compose.
	Subject    string
	Text, HTML string
	// Headers are further headers, such as List-Unsubscribe and
	// List-Unsubscribe-Post; a value with a line break is refused.
	Headers []masthead.MailHeader
	// Sensitive marks a body holding a live secret (see
	// masthead.OutboxMessage).
	Sensitive bool
}

// Check returns EINVALID, in a sentence, for a draft that cannot become a
// message: no recipient, or one that does not parse as an address, an
// empty subject, no plain text, no kind, or a header that cannot be
// written (a line break in its value would start a header of its own).
// Compose calls it; a subject or name with line breaks is folded rather
// than refused, as it comes from people.
func (d Draft) Check() error {
	if err := masthead.CheckRecipient(d.To); err != nil {
		return err
	}
	switch {
	case masthead.OneLine(d.Subject) == "":
		return masthead.Errorf(masthead.EINVALID, "A message needs a subject.")
	case d.Text == "":
		return masthead.Errorf(masthead.EINVALID, "A message needs a plain-text part.")
	case d.Kind == "":
		return masthead.Errorf(masthead.EINVALID, "A message needs a kind.")
	}
	for _, h := range d.Headers {
		if err := masthead.CheckMailHeader(h); err != nil {
			return err
		}
	}
	return nil
}

// Compose returns the message d makes, from o, at now: ready for the
// outbox, with a fresh Message-ID on the sender's domain. Returns
// EINVALID for a draft that Check refuses.
func Compose(o Origin, d Draft, now time.Time) (*masthead.OutboxMessage, error) {
	if err := d.Check(); err != nil {
		return nil, err
	}
	raw := make([]byte, 12)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	id := strconv.FormatInt(now.Unix(), 36) + "." + hex.EncodeToString(raw) + "@" + o.host()
	return &masthead.OutboxMessage{
		Kind: d.Kind, To: d.To, ToName: masthead.OneLine(d.ToName), FromName: masthead.OneLine(o.SiteName), Subject: masthead.OneLine(d.Subject),
		Text: d.Text, HTML: d.HTML, MessageID: id, Date: now.UTC().Truncate(time.Second), Language: masthead.OneLine(o.Language),
		Headers: d.Headers, Sensitive: d.Sensitive,
	}, nil
}

// Where says where the settings send, as host:port (security), for
// messages and logs: never the user or password.
func (s Settings) Where() string {
	return fmt.Sprintf("%s (%s)", net.JoinHostPort(s.Host, strconv.Itoa(s.port())), cmp.Or(s.Security, masthead.MailSecurityStartTLS))
}
