package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead"
	"masthead/content"
	"masthead/postgres"
	"masthead/postgres/pgtest"
)

// node is a real masthead serve process.
type node struct {
	url string
	cmd *exec.Cmd
	mu  sync.Mutex
	out strings.Builder // everything it printed after its address
}

func (n *node) said(s string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return strings.Contains(n.out.String(), s)
}

// startNode runs a real masthead serve process on the database; the
// process is killed when the test ends.
func startNode(t *testing.T, bin, dsn string) *node {
	t.Helper()
	n := &node{cmd: exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--database", dsn, "--job-interval", "100ms")}
	stdout, err := n.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	n.cmd.Stderr = &stderr
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		n.cmd.Process.Kill()
		n.cmd.Wait()
		if t.Failed() {
			t.Logf("node log:\n%s", stderr.String())
		}
	})
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
			n.url = m[1]
			break
		}
	}
	if n.url == "" {
		t.Fatal("the node did not start")
	}
	go func() {
		for sc.Scan() {
			n.mu.Lock()
			n.out.WriteString(sc.Text() + "\n")
			n.mu.Unlock()
		}
	}()
	return n
}

// eventually waits up to a deadline for a condition.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within %s", what, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestTwoNodes runs two masthead processes on one PostgreSQL and checks
// that a reader can use either: a form served by one node posts to the
// other, a held comment follows its writer across nodes, and a comment
// approved from the command line shows on both at once.
func TestTwoNodes(t *testing.T) {
	bin := buildBinary(t)
	dsn := pgtest.DSN(t)
	for _, args := range [][]string{
		{"demo", "--database", dsn, "--media-dir", t.TempDir()},
		{"settings", "set", "comment_min_seconds", "0", "--database", dsn},
	} {
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	na, nb := startNode(t, bin, dsn), startNode(t, bin, dsn)
	a, b := na.url, nb.url

	_, home := fetch(t, a+"/")
	article := regexp.MustCompile(`href="(/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/)"`).FindStringSubmatch(home)[1]
	_, page := fetch(t, a+article)
	// The reader's own token, as the comments script asks for it.
	tokenURL := regexp.MustCompile(`data-token-url="([^"]+)"`).FindStringSubmatch(page)[1]
	_, token := fetch(t, a+tokenURL)

	jar, _ := cookiejar.New(nil)
	reader := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"comment": {"Posted to the other node."}, "author": {"Nia Cross"}, "email": {"nia@reader.example"}, "token": {token}}
	res, err := reader.PostForm(b+article, form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("node B refused node A's form: status %d", res.StatusCode)
	}
	id := strings.TrimPrefix(res.Header.Get("Location"), article+"#comment-")

	// The held-comment cookie node B signed is honoured by node A: the
	// nodes share the site secret through the database.
	aURL, _ := url.Parse(a)
	bURL, _ := url.Parse(b)
	jar.SetCookies(aURL, jar.Cookies(bURL))
	res, err = reader.Get(a + article)
	if err != nil {
		t.Fatal(err)
	}
	mine, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(mine), "Your comment is awaiting moderation.") {
		t.Fatal("node A does not show the writer their held comment")
	}
	if _, other := fetch(t, a+article); strings.Contains(other, "Posted to the other node.") {
		t.Fatal("a held comment is public")
	}

	// An editor signs in on node A and approves the comment on node B, which
	// knows the session, since sessions live in the database.
	add := exec.Command(bin, "user", "add", "--email", "eda@staff.example", "--name", "Eda Editor", "--role", "editor", "--password-stdin", "--database", dsn)
	add.Stdin = strings.NewReader("a long enough password\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	staffJar, _ := cookiejar.New(nil)
	staff := &http.Client{Jar: staffJar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err = staff.PostForm(a+"/admin/login", url.Values{"email": {"eda@staff.example"}, "password": {"a long enough password"}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in on A: %v, %v", res, err)
	}
	res.Body.Close()
	staffJar.SetCookies(bURL, staffJar.Cookies(aURL))
	res, err = staff.PostForm(b+"/admin/comments", url.Values{"id": {id}, "action": {"approve"}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approving on B: %v, %v", res, err)
	}
	res.Body.Close()
	for _, node := range []string{a, b} {
		eventually(t, time.Second, "the approved comment showing on "+node, func() bool {
			_, p := fetch(t, node+article)
			return strings.Contains(p, "Posted to the other node.")
		})
	}

	// An article published through node A's editor is served by node B
	// within a second.
	res, err = staff.PostForm(a+"/admin/articles/new", url.Values{"headline": {"Published through node A"},
		"body": {"Written on one node, read on the other."}, "author1": {"1"}, "action": {"publish"}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publishing on A: %v, %v", res, err)
	}
	res.Body.Close()
	eventually(t, time.Second, "the article from A on B", func() bool {
		status, _ := fetch(t, b+"/api/v1/articles/published-through-node-a")
		return status == 200
	})

	// Both nodes cache the settings; a change made through either, or from
	// the command line, reaches the other within a second (NOTIFY).
	if out, err := exec.Command(bin, "settings", "set", "tagline", "Now on two nodes", "--database", dsn).CombinedOutput(); err != nil {
		t.Fatalf("settings set: %v\n%s", err, out)
	}
	for _, node := range []string{a, b} {
		eventually(t, time.Second, "the new tagline on "+node, func() bool {
			_, p := fetch(t, node+"/")
			return strings.Contains(p, "Now on two nodes")
		})
	}

	// Scheduled articles: exactly one node publishes each, once; when that
	// node dies, the other takes the job over.
	eventually(t, 5*time.Second, "a node taking the jobs", func() bool {
		return na.said("This node runs the scheduled jobs.") || nb.said("This node runs the scheduled jobs.")
	})
	if na.said("This node runs the scheduled jobs.") && nb.said("This node runs the scheduled jobs.") {
		t.Fatal("both nodes run the scheduled jobs")
	}
	leader, follower := na, nb
	if nb.said("This node runs the scheduled jobs.") {
		leader, follower = nb, na
	}
	store, err := postgres.Open(context.Background(), dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	schedule := func(headline string) *masthead.Article {
		t.Helper()
		authors, _, err := store.FindAuthors(context.Background(), masthead.AuthorFilter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		a := &masthead.Article{Headline: headline, BodySource: "Scheduled text.", Status: masthead.StatusScheduled,
			PublishedAt: time.Now().Add(300 * time.Millisecond), Authors: authors}
		if err := content.PrepareArticle(a); err != nil {
			t.Fatal(err)
		}
		if err := store.CreateArticle(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	published := func(a *masthead.Article, on string) func() bool {
		return func() bool {
			status, _ := fetch(t, on+"/api/v1/articles/"+a.Slug)
			return status == 200
		}
	}
	first := schedule("Scheduled while both nodes run")
	eventually(t, 3*time.Second, "the scheduled article appearing on the follower", published(first, follower.url))
	revs, err := store.FindRevisions(context.Background(), first.ID, 10)
	if err != nil || len(revs) != 2 || revs[0].Status != masthead.StatusPublished {
		t.Fatalf("revisions of the scheduled article = %d, %v; want one save and one publication", len(revs), err)
	}

	leader.cmd.Process.Kill()
	eventually(t, 10*time.Second, "the follower taking the jobs over", func() bool {
		return follower.said("This node runs the scheduled jobs.")
	})
	second := schedule("Scheduled after the leader died")
	eventually(t, 3*time.Second, "the second scheduled article appearing", published(second, follower.url))
}
