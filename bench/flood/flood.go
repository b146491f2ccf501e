// Package flood posts reader comments to a running Masthead site from many
// writers and many networks at once, through the real comment form over
// HTTP. The crash test, the backup test and the comment benchmark share
// it, so that all three put the same load on the same path: each comment
// is a GET of a reader token, as the comments script makes, and a POST.
//
// Each writer posts from loopback addresses 127.A.B.1 (Linux routes the
// whole of 127.0.0.0/8 to the loopback interface), a few comments per
// address, so that the server sees as many /24 networks as it would from
// readers and its per-network limit is never what stops a comment.
package flood

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// PerNetwork is how many comments a writer posts from one network before
// taking the next: one fewer than the default limit of six in five
// minutes, counting every attempt, answered or not.
const PerNetwork = 5

// maxNetworks is how many 127.A.B.0/24 networks there are with A from 1
// to 255, leaving 127.0.0.0/16 to the server.
const maxNetworks = 255 * 256

// Form is what a reader needs to post a comment: where it goes and where
// the comments script gets each reader's single-use token.
type Form struct {
	Action   string // absolute URL of the article, where the form posts
	TokenURL string // absolute URL that issues a reader token per request
}

var (
	articleLink = regexp.MustCompile(`href="(/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/)"`)
	tokenURL    = regexp.MustCompile(`data-token-url="([^"]+)"`)
)

// Prepare finds the first article linked from the front page of the site
// at base (such as http://127.0.0.1:8080) and reads its comment form. The
// site must take comments from a form as soon as it is served
// (comment_min_seconds 0), since writers post at once.
func Prepare(ctx context.Context, base string) (Form, error) {
	home, err := get(ctx, base+"/")
	if err != nil {
		return Form{}, err
	}
	m := articleLink.FindStringSubmatch(home)
	if m == nil {
		return Form{}, errors.New("the front page links to no article")
	}
	page, err := get(ctx, base+m[1])
	if err != nil {
		return Form{}, err
	}
	t := tokenURL.FindStringSubmatch(page)
	if t == nil {
		return Form{}, fmt.Errorf("the article %s has no comment form", m[1])
	}
	return Form{Action: base + m[1], TokenURL: base + html.UnescapeString(t[1])}, nil
}

func get(ctx context.Context, u string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: status %d", u, resp.StatusCode)
	}
	return string(b), nil
}

// Ack is one comment the server acknowledged with a 303, and when.
type Ack struct {
	Body string
	At   time.Time
}

// Run is a flood under way.
type Run struct {
	form   Form
	prefix string
	cancel context.CancelFunc
	wg     sync.WaitGroup

	networks atomic.Int64
	mu       sync.Mutex
	acks     []Ack
	statuses map[int]int // answers other than 303, by status
	failures int         // requests without an answer: refused, reset, timed out
	sample   string      // the first unexpected answer, for the report
}

// Start starts writers that post comments to form until Stop. Bodies
// start with prefix, which must differ between floods on one site, and
// are unique within a flood. firstNetwork numbers the network the flood
// starts from, so that floods on one site within five minutes use networks
// of their own.
func Start(form Form, writers int, prefix string, firstNetwork int) *Run {
	ctx, cancel := context.WithCancel(context.Background())
	r := &Run{form: form, prefix: prefix, cancel: cancel, statuses: map[int]int{}}
	r.networks.Store(int64(firstNetwork))
	for w := range writers {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			r.write(ctx, w)
		}()
	}
	return r
}

// write posts comments as one writer until ctx ends or the networks run
// out. A request that gets no answer (the server is down or was killed)
// is not sent again: the next comment has a body of its own, so that a
// comment stored but not acknowledged can never come back as a double.
func (r *Run) write(ctx context.Context, writer int) {
	for seq := 0; ctx.Err() == nil; {
		n := int(r.networks.Add(1) - 1)
		if n >= maxNetworks {
			return
		}
		local := &net.TCPAddr{IP: net.IPv4(127, byte(1+n/256), byte(n%256), 1)}
		transport := &http.Transport{
			DialContext:         (&net.Dialer{LocalAddr: local, Timeout: 5 * time.Second}).DialContext,
			MaxIdleConnsPerHost: 1,
		}
		client := &http.Client{
			Transport:     transport,
			Timeout:       30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
		for range PerNetwork {
			if ctx.Err() != nil {
				break
			}
			seq++
			if !r.post(ctx, client, writer, seq) {
				// Down: wait a moment rather than spin through networks.
				select {
				case <-ctx.Done():
				case <-time.After(20 * time.Millisecond):
				}
			}
		}
		transport.CloseIdleConnections()
	}
}

// post asks for a reader token, as the comments script does, sends one
// comment with it and records the answers; it reports whether the server
// answered at all.
func (r *Run) post(ctx context.Context, client *http.Client, writer, seq int) bool {
	token, answered := r.token(ctx, client)
	if token == "" {
		return answered
	}
	id := fmt.Sprintf("%s-%d-%d", r.prefix, writer, seq)
	body := "Flood comment " + id + "."
	form := url.Values{
		"comment":        {body},
		"author":         {"Reader " + id},
		"email":          {"reader-" + id + "@example.org"},
		"comment_parent": {"0"},
		"token":          {token},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.form.Action, strings.NewReader(form.Encode()))
	if err != nil {
		panic(err) // a bad URL in Form: a bug of the caller
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			r.mu.Lock()
			r.failures++
			r.mu.Unlock()
		}
		return false
	}
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	now := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if resp.StatusCode == http.StatusSeeOther {
		r.acks = append(r.acks, Ack{Body: body, At: now})
	} else {
		r.statuses[resp.StatusCode]++
		if r.sample == "" {
			r.sample = strconv.Itoa(resp.StatusCode) + ": " + string(answer)
		}
	}
	return true
}

// token returns a reader token, or "" and whether the server answered:
// an answer other than 200 is recorded as a post's would be.
func (r *Run) token(ctx context.Context, client *http.Client) (string, bool) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.form.TokenURL, nil)
	if err != nil {
		panic(err) // a bad URL in Form: a bug of the caller
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			r.mu.Lock()
			r.failures++
			r.mu.Unlock()
		}
		return "", false
	}
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	if err == nil && resp.StatusCode == http.StatusOK {
		return strings.TrimSpace(string(answer)), true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.failures++
		return "", false
	}
	r.statuses[resp.StatusCode]++
	if r.sample == "" {
		r.sample = "token " + strconv.Itoa(resp.StatusCode) + ": " + string(answer)
	}
	return "", true
}

// Acked returns how many comments the server has acknowledged so far.
func (r *Run) Acked() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.acks)
}

// AckedBefore returns the bodies of the comments acknowledged before t.
func (r *Run) AckedBefore(t time.Time) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var bodies []string
	for _, a := range r.acks {
		if a.At.Before(t) {
			bodies = append(bodies, a.Body)
		}
	}
	return bodies
}

// Result is what a flood did.
type Result struct {
	Acks []Ack
	// Statuses counts answers other than 303 by status; a healthy site
	// under a flood gives none.
	Statuses map[int]int
	// Failures counts requests that got no answer.
	Failures int
	// Sample is the first answer other than 303, cut short.
	Sample string
	// Networks is the number of the next network a flood on the same
	// site should start from.
	Networks int
}

// Stop stops the writers, waits for their last requests and returns what
// they did. A request cut short by Stop counts neither as answered nor as
// failed.
func (r *Run) Stop() Result {
	r.cancel()
	r.wg.Wait()
	r.mu.Lock()
	defer r.mu.Unlock()
	return Result{Acks: r.acks, Statuses: r.statuses, Failures: r.failures, Sample: r.sample, Networks: int(r.networks.Load())}
}
