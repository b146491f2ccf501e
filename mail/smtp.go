package mail

import (
	"cmp"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	"golang.org/x/net/idna"

	"masthead"
)

// defaultTimeout bounds connecting to the SMTP server and each of its
// commands when Settings.Timeout is zero.
const defaultTimeout = 30 * time.Second

// SendFunc sends a batch of messages over the settings' server and returns
// one error per message, nil for each the server accepted. SendSMTP is the
// one Masthead uses.
type SendFunc func(ctx context.Context, s Settings, msgs []*masthead.OutboxMessage) []error

// permanentError is a refusal that retrying cannot change: the server
// answered 5xx to the message's recipient or content, or the recipient's
// address cannot be written.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent reports whether err, from a SendFunc, says that trying again
// is pointless, so that the outbox gives up at once rather than after two
// days.
func Permanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// unreachableError is a failure of the connection or of the session as a
// whole (the server cannot be reached, refuses the sign-in or the sender,
// or the connection broke): every message of the batch failed with it,
// and the next would too.
type unreachableError struct{ err error }

func (e unreachableError) Error() string { return e.err.Error() }
func (e unreachableError) Unwrap() error { return e.err }

// Unreachable reports whether err, from a SendFunc, says that the server
// could not be used at all, so that the outbox ends its round at once
// rather than trying every message due against a server that is down.
func Unreachable(err error) bool {
	var u unreachableError
	return errors.As(err, &u)
}

// notTriedError is the error of a message a batch did not get to, because
// its context ended first (a shutdown).
type notTriedError struct{ err error }

func (e notTriedError) Error() string { return "not tried: " + e.err.Error() }
func (e notTriedError) Unwrap() error { return e.err }

// SendSMTP sends msgs over one connection to the settings' server. A
// message refused for its recipient or content (5xx) fails alone and for
// good; a temporary refusal (4xx) fails it alone, to be retried; a
// failure of the connection fails the message and every one after it
// (Unreachable). When ctx ends, the message being sent is finished and
// the rest are not tried.
func SendSMTP(ctx context.Context, s Settings, msgs []*masthead.OutboxMessage) []error {
	errs := make([]error, len(msgs))
	fail := func(from int, err error) []error {
		for i := from; i < len(errs); i++ {
			errs[i] = err
		}
		return errs
	}
	// Settings that cannot work wait to be corrected: the messages stay
	// queued, tried again with back-off, rather than given up on.
	if s.User != "" && s.Security == masthead.MailSecurityNone {
		return fail(0, unreachableError{errors.New("the SMTP settings sign in over a connection without TLS, which would send the password in the clear: choose starttls or tls")})
	}
	client, err := newClient(s)
	if err != nil {
		return fail(0, unreachableError{fmt.Errorf("the SMTP settings cannot be used: %w", err)})
	}
	if err := client.DialWithContext(ctx); err != nil {
		if ctx.Err() != nil {
			return fail(0, notTriedError{ctx.Err()})
		}
		return fail(0, unreachableError{fmt.Errorf("cannot reach the SMTP server %s: %w", s.Where(), err)})
	}
	defer client.Close()
	for i, m := range msgs {
		if err := ctx.Err(); err != nil {
			return fail(i, notTriedError{err})
		}
		msg, err := build(s, m)
		if err != nil {
			errs[i] = err
			continue
		}
		err = client.Send(msg)
		if err == nil {
			continue
		}
		var se *gomail.SendError
		switch {
		case !errors.As(err, &se):
			return fail(i, unreachableError{fmt.Errorf("the connection to the SMTP server %s failed: %w", s.Where(), err)})
		case se.Reason == gomail.ErrSMTPMailFrom:
			// The server refuses the sender, whatever the message: the
			// settings need correcting, and every message waits.
			return fail(i, unreachableError{fmt.Errorf("the SMTP server refused the sender address %s: %w", s.From, err)})
		case se.ErrorCode() == 0:
			// No answer from the server: the connection broke.
			return fail(i, unreachableError{fmt.Errorf("the connection to the SMTP server %s failed: %w", s.Where(), err)})
		case se.ErrorCode() >= 500 && !se.IsTemp():
			errs[i] = permanentError{fmt.Errorf("the SMTP server refused the message: %w", err)}
		default:
			errs[i] = fmt.Errorf("the SMTP server did not take the message for now: %w", err)
		}
		// A refused message may leave the session in a state the next
		// one must not inherit.
		client.Reset()
	}
	return errs
}

// Redact removes the settings' password from text, as it is and in the
// forms a sign-in sends it (base64, alone and in an AUTH PLAIN answer),
// so that no error a server or a library writes puts it in the outbox,
// the admin or the log. The outbox redacts every error it stores and
// logs; the Outbox page redacts again what it shows, for errors stored
// before.
func (s Settings) Redact(text string) string {
	pw := s.Password.Reveal()
	if pw == "" {
		return text
	}
	for _, secret := range []string{
		pw,
		base64.StdEncoding.EncodeToString([]byte(pw)),
		base64.StdEncoding.EncodeToString([]byte("\x00" + s.User + "\x00" + pw)),
		base64.StdEncoding.EncodeToString([]byte(s.User + "\x00" + s.User + "\x00" + pw)),
	} {
		text = strings.ReplaceAll(text, secret, "[password]")
	}
	return text
}

// newClient returns a client for the settings, not yet connected.
func newClient(s Settings) (*gomail.Client, error) {
	if !s.Configured() {
		return nil, errors.New("no SMTP server or sender address is set")
	}
	opts := []gomail.Option{
		gomail.WithPort(s.port()),
		gomail.WithTimeout(cmp.Or(s.Timeout, defaultTimeout)),
		gomail.WithTLSConfig(&tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12, InsecureSkipVerify: s.InsecureSkipVerify}),
	}
	switch s.Security {
	case masthead.MailSecurityTLS:
		opts = append(opts, gomail.WithSSL())
	case masthead.MailSecurityNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.User), gomail.WithPassword(s.Password.Reveal()))
	}
	return gomail.NewClient(s.Host, opts...)
}

// asciiAddress returns addr with its domain in ASCII (IDNA), as SMTP
// without SMTPUTF8 and a Message-ID want it.
func asciiAddress(addr string) string {
	at := strings.LastIndex(addr, "@")
	if at < 0 {
		return addr
	}
	domain, err := idna.Lookup.ToASCII(addr[at+1:])
	if err != nil {
		return addr
	}
	return addr[:at+1] + domain
}

// address returns the header form of a name and an address: net/mail
// quotes or encodes the name as it needs (quotes, commas, letters beyond
// ASCII), after OneLine folded it.
func address(name, addr string) string {
	return (&mail.Address{Name: masthead.OneLine(name), Address: asciiAddress(addr)}).String()
}

// build turns a stored message into go-mail's, with the settings' sender
// address.
func build(s Settings, m *masthead.OutboxMessage) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(address(m.FromName, s.From)); err != nil {
		return nil, fmt.Errorf("the sender address %q cannot be used: %w", s.From, err)
	}
	if err := masthead.CheckRecipient(m.To); err != nil {
		return nil, permanentError{err}
	}
	if err := msg.To(address(m.ToName, m.To)); err != nil {
		return nil, permanentError{fmt.Errorf("the recipient's address cannot be used: %w", err)}
	}
	msg.Subject(masthead.OneLine(m.Subject))
	msg.SetMessageIDWithValue(m.MessageID)
	msg.SetDateWithValue(m.Date)
	if m.Language != "" {
		msg.SetGenHeader(gomail.HeaderContentLang, masthead.OneLine(m.Language))
	}
	// Vacation responders and the like must not answer (RFC 3834).
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	for _, h := range m.Headers {
		if err := masthead.CheckMailHeader(h); err != nil {
			return nil, permanentError{err}
		}
		msg.SetGenHeader(gomail.Header(h.Name), h.Value)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}
