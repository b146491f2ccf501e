// Package mailtest runs a real SMTP server on 127.0.0.1 inside a test
// binary (github.com/emersion/go-smtp), which keeps every message it
// accepts, so that tests of mail read what a receiver would: headers,
// both parts and their links. Only tests import it.
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"masthead"
	mmail "masthead/mail"
)

// Options shape a test server.
type Options struct {
	// Security is how clients must connect: masthead.MailSecurityNone
	// (the default), MailSecurityStartTLS (the server offers STARTTLS
	// with a certificate of its own making) or MailSecurityTLS (TLS from
	// the first byte).
	Security string
	// User and Password, when User is set, are the only sign-in the
	// server accepts (AUTH PLAIN), and it takes mail only after it.
	User, Password string
	// EchoSignIn makes a refused sign-in answer with the user and
	// password it was given, as a careless server might, so that tests
	// can check that they go no further.
	EchoSignIn bool
	// Refuse maps recipients' addresses to the SMTP code their RCPT TO
	// is refused with: 550 (for good) or 451 (for now).
	Refuse map[string]int
	// OnData, when set, is called with each message's number (from 1)
	// before the server takes it; an error refuses the message (a
	// *smtp.SMTPError keeps its code). It may block, holding the sender
	// in the middle of a message.
	OnData func(n int, m *Message) error
	// DropAt, when set, makes the server close the connection without
	// answering in the middle of the DropAt-th message (from 1), as a
	// server that crashes or a network that fails would.
	DropAt int
}

// Server is a running test SMTP server.
type Server struct {
	Host string
	Port int
	opts Options

	mu       sync.Mutex
	messages []*Message
	datas    int
	arrived  chan struct{}
	srv      *smtp.Server
}

// Message is one message as the server received it.
type Message struct {
	From string
	To   []string
	// Raw is the message as sent; Header its parsed header.
	Raw    []byte
	Header mail.Header
	// Text and HTML are its parts, decoded.
	Text, HTML string
}

// Start runs a server on a free port of 127.0.0.1 until the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{opts: opts, arrived: make(chan struct{}, 1)}
	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv.MaxMessageBytes = 1 << 20
	s.srv.MaxRecipients = 10
	var ln net.Listener
	var err error
	switch opts.Security {
	case masthead.MailSecurityStartTLS:
		s.srv.TLSConfig = selfSigned(t)
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	case masthead.MailSecurityTLS:
		ln, err = tls.Listen("tcp", "127.0.0.1:0", selfSigned(t))
	default:
		// Sign-in over a plain connection to 127.0.0.1, as a local relay
		// allows.
		s.srv.AllowInsecureAuth = true
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	s.Host, s.Port = "127.0.0.1", addr.Port
	done := make(chan struct{})
	go func() { defer close(done); s.srv.Serve(ln) }()
	t.Cleanup(func() { s.srv.Close(); <-done })
	return s
}

// Settings are the mail settings that send to the server, from
// news@observer.example.
func (s *Server) Settings() mmail.Settings {
	security := s.opts.Security
	if security == "" {
		security = masthead.MailSecurityNone
	}
	return mmail.Settings{Host: s.Host, Port: s.Port, Security: security, User: s.opts.User, Password: masthead.Secret(s.opts.Password),
		From: "news@observer.example", Timeout: 5 * time.Second, InsecureSkipVerify: security != masthead.MailSecurityNone}
}

// Unreachable returns mail settings for a port of 127.0.0.1 on which
// nothing listens: every try to send fails at once.
func Unreachable(t testing.TB) mmail.Settings {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return mmail.Settings{Host: "127.0.0.1", Port: port, Security: masthead.MailSecurityNone, From: "news@observer.example", Timeout: 2 * time.Second}
}

// Messages returns every message received so far, oldest first.
func (s *Server) Messages() []*Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Message(nil), s.messages...)
}

// Wait returns the messages once at least n have arrived, failing the
// test when they have not within timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []*Message {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if msgs := s.Messages(); len(msgs) >= n {
			return msgs
		}
		select {
		case <-s.arrived:
		case <-deadline.C:
			t.Fatalf("%d messages arrived within %s, want %d", len(s.Messages()), timeout, n)
		}
	}
}

func (s *Server) add(m *Message) {
	s.mu.Lock()
	s.messages = append(s.messages, m)
	s.mu.Unlock()
	select {
	case s.arrived <- struct{}{}:
	default:
	}
}

type backend struct{ s *Server }

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{s: b.s, conn: c}, nil
}

type session struct {
	s      *Server
	conn   *smtp.Conn
	signed bool
	from   string
	to     []string
}

// AuthMechanisms offers PLAIN when the server has a user.
func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

// Auth checks a PLAIN sign-in against the server's user.
func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != ss.s.opts.User || pass != ss.s.opts.Password {
			if ss.s.opts.EchoSignIn {
				return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "No user " + user + " with password " + pass + "."}
			}
			return errors.New("wrong user or password")
		}
		ss.signed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.User != "" && !ss.signed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Sign in first."}
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	switch code := ss.s.opts.Refuse[to]; {
	case code >= 500:
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such mailbox."}
	case code >= 400:
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{4, 2, 1}, Message: "Mailbox busy, try again later."}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parse(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "The message cannot be read: " + err.Error()}
	}
	m.From, m.To = ss.from, ss.to
	ss.s.mu.Lock()
	ss.s.datas++
	n := ss.s.datas
	ss.s.mu.Unlock()
	if n == ss.s.opts.DropAt {
		ss.conn.Close()
		return errors.New("the connection was dropped")
	}
	if hook := ss.s.opts.OnData; hook != nil {
		if err := hook(n, m); err != nil {
			return err
		}
	}
	ss.s.add(m)
	return nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

// parse reads a message and its plain-text and HTML parts, wherever they
// sit in its MIME tree.
func parse(raw []byte) (*Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	m := &Message{Raw: raw, Header: msg.Header}
	err = walk(msg.Header, msg.Body, m)
	return m, err
}

// header is the part of a MIME header walk reads: a message's or a
// part's.
type header interface{ Get(string) string }

func walk(h header, body io.Reader, m *Message) error {
	ctype, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		ctype = "text/plain"
	}
	if strings.HasPrefix(ctype, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			if err := walk(p.Header, p, m); err != nil {
				return err
			}
		}
	}
	var r io.Reader = body
	switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, body)
	}
	content, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	// Lines end in CRLF on the wire; a reader sees lines.
	text := strings.ReplaceAll(string(content), "\r\n", "\n")
	switch ctype {
	case "text/plain":
		m.Text = text
	case "text/html":
		m.HTML = text
	}
	return nil
}

// selfSigned returns a TLS configuration with a certificate for
// 127.0.0.1 made on the spot.
func selfSigned(t testing.TB) *tls.Config {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}
