// Package hitserver answers the requests a cache holds a ready answer
// for below net/http, and hands every other connection to net/http.
//
// A Listener wraps the server's net.Listener. It reads each connection
// it accepts itself: as long as the requests on it are plain GETs and
// HEADs (HTTP/1.1, no body, nothing in the head it is not sure of) that
// an Answerer holds ready bytes for, it writes those bytes, status line
// and headers made in advance with only the Date spliced in, in one
// write call, keeping the connection alive and answering pipelined
// requests in order. At the first request it cannot answer so, or any
// doubt, it hands the connection to net/http through Accept, with every
// byte it read replayed, and net/http owns it from then to its end.
//
// What this saves is net/http's work per request on a cache hit: a
// goroutine woken, the request's header map, the response's header map
// sorted, scanned and copied, and two write calls.
package hitserver

import (
	"bytes"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Answer is a ready answer: the status line, the header lines but Date
// with the empty line after them, and the body (nil for a HEAD or a
// 304). The bytes belong to the Answerer and must not change.
type Answer struct {
	Status, Fields, Body []byte
}

// Answerer holds ready answers, such as a page cache.
type Answerer interface {
	// Answer returns the answer to req, or false when it has none to
	// give at once; the request then goes to net/http. It is called
	// from many connections at once and must not block. req is only
	// valid during the call.
	Answer(req *Request) (Answer, bool)
}

// AnswerFunc makes a function an Answerer.
type AnswerFunc func(req *Request) (Answer, bool)

// Answer calls f.
func (f AnswerFunc) Answer(req *Request) (Answer, bool) { return f(req) }

// Options are the limits of the connections a Listener reads, the same
// as the http.Server's it feeds.
type Options struct {
	// ReadHeaderTimeout bounds the reading of a request head from its
	// first byte; IdleTimeout the wait for the next request on a kept
	// connection; WriteTimeout the writing of an answer. Zero is no
	// limit.
	ReadHeaderTimeout, IdleTimeout, WriteTimeout time.Duration
	// MaxHeaderBytes is http.Server's: a head larger than it and
	// net/http's 4 KB of slack goes to net/http, which refuses it. Zero
	// is http.DefaultMaxHeaderBytes.
	MaxHeaderBytes int
	// ErrorLog receives what goes wrong on a connection; nil is the log
	// package's logger.
	ErrorLog *log.Logger
}

// Stats counts what a Listener did.
type Stats struct {
	Answered  int64 // requests answered below net/http (written, or being written)
	HandedOff int64 // connections handed to net/http
}

// Listener is a net.Listener whose Accept returns only the connections
// handed to net/http; it answers the others' requests itself.
type Listener struct {
	inner    net.Listener
	answerer Answerer
	opts     Options
	limit    int // the most bytes of a head read before handing off

	handoff   chan net.Conn
	errs      chan error
	closed    chan struct{}
	closeOnce sync.Once
	closeErr  error

	mu    sync.Mutex
	conns map[*conn]struct{}

	answered, handedOff atomic.Int64
	date                atomic.Pointer[dateLine]
}

// Listen wraps inner: its connections are read by the returned Listener,
// which answers the requests a has ready answers for and hands the rest
// to whoever calls Accept (an http.Server's Serve).
func Listen(inner net.Listener, a Answerer, opts Options) *Listener {
	max := opts.MaxHeaderBytes
	if max <= 0 {
		max = http.DefaultMaxHeaderBytes
	}
	if opts.ErrorLog == nil {
		opts.ErrorLog = log.Default()
	}
	l := &Listener{
		inner: inner, answerer: a, opts: opts,
		// net/http reads up to MaxHeaderBytes and 4096 bytes more.
		limit:   max + 4096,
		handoff: make(chan net.Conn),
		errs:    make(chan error),
		closed:  make(chan struct{}),
		conns:   map[*conn]struct{}{},
	}
	go l.acceptLoop()
	return l
}

// Accept returns the next connection handed to net/http.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.handoff:
		return c, nil
	case err := <-l.errs:
		return nil, err
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

// Close stops accepting and ends the connections this Listener still
// reads once their current answer is written (those waiting for a
// request at once). Connections handed to net/http are net/http's to
// close, as http.Server.Shutdown does.
func (l *Listener) Close() error {
	l.closeOnce.Do(func() {
		close(l.closed)
		l.closeErr = l.inner.Close()
		l.mu.Lock()
		for c := range l.conns {
			c.nc.SetReadDeadline(aLongTimeAgo)
		}
		l.mu.Unlock()
	})
	return l.closeErr
}

// aLongTimeAgo is a deadline that has passed, to wake a blocked read.
var aLongTimeAgo = time.Unix(1, 0)

// Addr returns the address listened on.
func (l *Listener) Addr() net.Addr { return l.inner.Addr() }

// Stats returns the counts so far.
func (l *Listener) Stats() Stats {
	return Stats{Answered: l.answered.Load(), HandedOff: l.handedOff.Load()}
}

// acceptLoop accepts connections and reads each on its own goroutine.
// Errors go to Accept's caller, which decides whether to go on, as
// http.Server does for temporary ones.
func (l *Listener) acceptLoop() {
	for {
		nc, err := l.inner.Accept()
		if err != nil {
			select {
			case l.errs <- err:
			case <-l.closed:
				return
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		c := &conn{l: l, nc: nc, buf: make([]byte, initialBuffer)}
		if !l.track(c) {
			nc.Close()
			continue
		}
		go c.serve()
	}
}

// initialBuffer is the read buffer of a connection to begin with; it
// grows for larger heads up to the limit.
const initialBuffer = 4 << 10

// track records c as read by l, unless l is closed.
func (l *Listener) track(c *conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-l.closed:
		return false
	default:
	}
	l.conns[c] = struct{}{}
	return true
}

func (l *Listener) untrack(c *conn) {
	l.mu.Lock()
	delete(l.conns, c)
	l.mu.Unlock()
}

func (l *Listener) isClosed() bool {
	select {
	case <-l.closed:
		return true
	default:
		return false
	}
}

// dateLine is the Date header of the answers written in one second.
type dateLine struct {
	second int64
	line   []byte
}

// dateFor returns the Date header line for now, made once a second.
func (l *Listener) dateFor(now time.Time) []byte {
	sec := now.Unix()
	if d := l.date.Load(); d != nil && d.second == sec {
		return d.line
	}
	line := now.UTC().AppendFormat([]byte("Date: "), http.TimeFormat)
	d := &dateLine{second: sec, line: append(line, '\r', '\n')}
	l.date.Store(d)
	return d.line
}

// conn is a connection the Listener reads.
type conn struct {
	l  *Listener
	nc net.Conn
	// buf holds what was read; buf[start:end] is not answered yet.
	buf        []byte
	start, end int
	// scanned is how far past start the head was searched for its end.
	scanned int
	req     Request
	out     [4][]byte
	bufs    net.Buffers
	// readBy and writeBy are the deadlines last set on nc.
	readBy, writeBy time.Time
}

// next says what to do with a connection after reading from it.
type next int

const (
	answerHead next = iota // a whole head is in the buffer
	handOff                // give the connection to net/http
	hangUp                 // close it: the client left, was too slow, or the server stops
)

// serve answers the requests on c until one needs net/http or the
// connection ends.
func (c *conn) serve() {
	l := c.l
	defer func() {
		if v := recover(); v != nil {
			l.opts.ErrorLog.Printf("hitserver: panic serving %v: %v", c.nc.RemoteAddr(), v)
			l.untrack(c)
			c.nc.Close()
		}
	}()
	for {
		n, what := c.readHead()
		if what == answerHead {
			head := string(c.buf[c.start : c.start+n])
			if !parseHead(head, &c.req) {
				what = handOff
			} else if answer, ok := l.answerer.Answer(&c.req); !ok {
				what = handOff
			} else {
				// Counted before it is written, so that whoever reads the
				// answer finds it counted.
				l.answered.Add(1)
				if !c.write(answer) {
					what = hangUp
				} else {
					c.start += n
					c.scanned = 0
					continue
				}
			}
		}
		l.untrack(c)
		if what == handOff {
			c.handOff()
		} else {
			c.nc.Close()
		}
		return
	}
}

// readHead reads until buf[start:] holds a whole request head, and
// returns its length; or says to hand the connection off or hang up.
func (c *conn) readHead() (int, next) {
	l := c.l
	var started time.Time // when the first byte of this head was seen
	for {
		pending := c.buf[c.start:c.end]
		if len(pending) > 0 {
			if !mayBeFastRequest(pending) {
				return 0, handOff
			}
			// Search only what was not searched yet, from three bytes
			// back so that an end split across reads is found.
			from := max(c.scanned-3, 0)
			if i := bytes.Index(pending[from:], crlfcrlf); i >= 0 {
				return from + i + len(crlfcrlf), answerHead
			}
			// A bare LF ends lines for some clients; net/http decides
			// what it means.
			if bytes.Contains(pending[from:], lflf) || hasBareLF(pending[from:]) {
				return 0, handOff
			}
			c.scanned = len(pending)
			if len(pending) >= l.limit {
				return 0, handOff
			}
			if started.IsZero() {
				started = time.Now()
			}
		}
		if l.isClosed() {
			return 0, hangUp
		}
		now := time.Now()
		if len(pending) == 0 {
			c.setReadDeadline(now, l.opts.IdleTimeout, now)
		} else {
			c.setReadDeadline(started, l.opts.ReadHeaderTimeout, now)
		}
		if l.isClosed() {
			return 0, hangUp
		}
		c.makeRoom()
		n, err := c.nc.Read(c.buf[c.end:])
		c.end += n
		if err != nil && n == 0 {
			return 0, hangUp
		}
	}
}

var (
	crlfcrlf = []byte("\r\n\r\n")
	lflf     = []byte("\n\n")
)

// hasBareLF reports whether b has a line feed without a carriage return
// before it (but at its very start, whose byte before was searched).
func hasBareLF(b []byte) bool {
	for i := 1; i < len(b); i++ {
		if b[i] == '\n' && b[i-1] != '\r' {
			return true
		}
	}
	return false
}

// makeRoom readies buf for a read after end: the unanswered bytes are
// moved to its start, and it grows when they fill it, up to the limit.
func (c *conn) makeRoom() {
	if c.start > 0 {
		c.end = copy(c.buf, c.buf[c.start:c.end])
		c.start = 0
	}
	if c.end == len(c.buf) {
		grown := make([]byte, min(2*len(c.buf), c.l.limit+1))
		copy(grown, c.buf[:c.end])
		c.buf = grown
	}
}

// deadlineSlack is how far a deadline already set may be from the one
// wanted before it is set again: a deadline costs a timer change, and a
// kept connection asks for one per request.
const deadlineSlack = time.Second

// setReadDeadline makes from+d the read deadline, or none for d zero.
func (c *conn) setReadDeadline(from time.Time, d time.Duration, now time.Time) {
	want := time.Time{}
	if d > 0 {
		want = from.Add(d)
	}
	if closeTo(c.readBy, want) {
		return
	}
	c.readBy = want
	c.nc.SetReadDeadline(want)
}

// closeTo reports whether deadlines a and b are both unset, or within
// deadlineSlack of each other with b not earlier than a by more.
func closeTo(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return a.IsZero() == b.IsZero()
	}
	diff := b.Sub(a)
	return diff >= 0 && diff < deadlineSlack
}

// write sends answer with the current Date in one call, and reports
// whether it went out whole.
func (c *conn) write(a Answer) bool {
	now := time.Now()
	if d := c.l.opts.WriteTimeout; d > 0 {
		if want := now.Add(d); !closeTo(c.writeBy, want) {
			c.writeBy = want
			c.nc.SetWriteDeadline(want)
		}
	}
	c.out = [4][]byte{a.Status, c.l.dateFor(now), a.Fields, a.Body}
	c.bufs = c.out[:]
	if a.Body == nil {
		c.bufs = c.out[:3]
	}
	_, err := c.bufs.WriteTo(c.nc)
	return err == nil
}

// handOff gives the connection to net/http, with the bytes read and not
// answered to be read again first.
func (c *conn) handOff() {
	c.nc.SetDeadline(time.Time{})
	// The bytes are copied so that the read buffer, which may have grown
	// to the header limit, is not kept for the connection's life.
	rc := &replayConn{Conn: c.nc, pending: bytes.Clone(c.buf[c.start:c.end])}
	// Counted before the send: once net/http has the connection it may
	// answer everything on it before this goroutine runs again.
	c.l.handedOff.Add(1)
	select {
	case c.l.handoff <- rc:
	case <-c.l.closed:
		c.l.handedOff.Add(-1)
		c.nc.Close()
	}
}

// replayConn is a connection handed to net/http: its reads return first
// what the Listener read of it and did not answer.
type replayConn struct {
	net.Conn
	pending []byte
}

func (c *replayConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

// ReadFrom lets net/http send files with the connection's own ReadFrom
// (sendfile on TCP), as it would without the wrapper.
func (c *replayConn) ReadFrom(r io.Reader) (int64, error) {
	return io.Copy(c.Conn, r)
}

// CloseWrite closes the writing half of a TCP connection, which
// net/http does before closing a connection whose request it refused.
func (c *replayConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
