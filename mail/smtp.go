package mail

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"

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
// answered 5xx, or the recipient's address cannot be written.
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

// SendSMTP sends msgs over one connection to the settings' server.
func SendSMTP(ctx context.Context, s Settings, msgs []*masthead.OutboxMessage) []error {
	errs := make([]error, len(msgs))
	fail := func(err error) []error {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
		return errs
	}
	// Settings that cannot work wait to be corrected: the messages stay
	// queued, tried again with back-off, rather than given up on.
	if s.User != "" && s.Security == masthead.MailSecurityNone {
		return fail(errors.New("the SMTP settings sign in over a connection without TLS, which would send the password in the clear: choose starttls or tls"))
	}
	client, err := newClient(s)
	if err != nil {
		return fail(fmt.Errorf("the SMTP settings cannot be used: %w", err))
	}
	if err := client.DialWithContext(ctx); err != nil {
		return fail(fmt.Errorf("cannot reach the SMTP server %s: %w", s.Where(), err))
	}
	defer client.Close()
	for i, m := range msgs {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		msg, err := build(s, m)
		if err != nil {
			errs[i] = err
			continue
		}
		if err := client.Send(msg); err != nil {
			var se *gomail.SendError
			if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
				errs[i] = permanentError{fmt.Errorf("the SMTP server refused the message: %w", err)}
			} else {
				errs[i] = fmt.Errorf("the SMTP server did not take the message: %w", err)
			}
			// A refused message may leave the session in a state the
			// next one must not inherit.
			client.Reset()
		}
	}
	return errs
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

// build turns a stored message into go-mail's, with the settings' sender
// address.
func build(s Settings, m *masthead.OutboxMessage) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.FromFormat(m.FromName, s.From); err != nil {
		return nil, fmt.Errorf("the sender address %q cannot be used: %w", s.From, err)
	}
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return nil, permanentError{fmt.Errorf("the recipient's address cannot be used: %w", err)}
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.MessageID)
	msg.SetDateWithValue(m.Date)
	if m.Language != "" {
		msg.SetGenHeader(gomail.HeaderContentLang, m.Language)
	}
	// Vacation responders and the like must not answer (RFC 3834).
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	for _, h := range m.Headers {
		msg.SetGenHeader(gomail.Header(h.Name), h.Value)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}
