package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/postgres/pgtest"
)

// startNode runs a real masthead serve process on the database and
// returns its base URL; the process is killed when the test ends.
func startNode(t *testing.T, bin, dsn string) string {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--database", dsn)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("node log:\n%s", stderr.String())
		}
	})
	return waitForAddress(t, stdout)
}

// TestTwoNodes runs two masthead processes on one PostgreSQL and checks
// that a reader can use either: a form served by one node posts to the
// other, a held comment follows its writer across nodes, and a comment
// approved from the command line shows on both at once.
func TestTwoNodes(t *testing.T) {
	bin := buildBinary(t)
	dsn := pgtest.DSN(t)
	for _, args := range [][]string{
		{"demo", "--database", dsn},
		{"settings", "set", "comment_min_seconds", "0", "--database", dsn},
	} {
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	a, b := startNode(t, bin, dsn), startNode(t, bin, dsn)

	_, home := fetch(t, a+"/")
	article := regexp.MustCompile(`href="(/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/)"`).FindStringSubmatch(home)[1]
	_, page := fetch(t, a+article)
	token := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(page)[1]

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

	if out, err := exec.Command(bin, "comments", "approve", id, "--database", dsn).CombinedOutput(); err != nil {
		t.Fatalf("approve: %v\n%s", err, out)
	}
	deadline := time.Now().Add(time.Second)
	for _, node := range []string{a, b} {
		for {
			if _, p := fetch(t, node+article); strings.Contains(p, "Posted to the other node.") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the approved comment did not show on %s within a second", node)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}
