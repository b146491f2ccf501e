package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestCommentsCommand moderates the demo site's queue from the command
// line while the site is being served, and checks that each change shows
// on the site within a second, the time its page cache takes to hear of
// a change made by another process.
func TestCommentsCommand(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	cli := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append(args, "--data", data), noEnv, &out, io.Discard)
		return out.String(), err
	}
	if _, err := cli("demo"); err != nil {
		t.Fatal(err)
	}

	out, err := cli("comments", "list", "--status", "pending")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("pending list has %d lines, want 2:\n%s", len(lines), out)
	}
	line := regexp.MustCompile(`^(\d+)\s+pending\s+([a-z0-9-]+)\s+(Dara Whelan|Marguerite Osei)\s+(.+)$`)
	var id, slug string
	for _, l := range lines {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("line %q is not id, status, article, name, text", l)
		}
		if m[3] == "Marguerite Osei" {
			id, slug = m[1], m[2]
		}
	}

	serveCtx, stop := context.WithCancel(ctx)
	defer stop()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(serveCtx, []string{"serve", "--addr", "127.0.0.1:0", "--data", data}, noEnv, pw, io.Discard)
		pw.Close()
	}()
	base := waitForAddress(t, pr)
	_, home := fetch(t, base+"/")
	articlePath := regexp.MustCompile(`href="(/\d{4}/\d{2}/\d{2}/` + slug + `/)"`).FindStringSubmatch(home)
	if articlePath == nil {
		t.Fatalf("the home page does not link to %s", slug)
	}
	if _, page := fetch(t, base+articlePath[1]); strings.Contains(page, "Marguerite Osei") {
		t.Fatal("a held comment is public before approval")
	}
	if out, err := cli("comments", "approve", id); err != nil || !strings.Contains(out, "Comment "+id+" is now approved.") {
		t.Fatalf("approve: %q, %v", out, err)
	}
	eventually(t, time.Second, "the approved comment showing while the server runs", func() bool {
		_, page := fetch(t, base+articlePath[1])
		return strings.Contains(page, "Marguerite Osei")
	})
	if out, err := cli("comments", "trash", id); err != nil || !strings.Contains(out, "now trash") {
		t.Fatalf("trash: %q, %v", out, err)
	}
	eventually(t, time.Second, "the trashed comment going", func() bool {
		_, page := fetch(t, base+articlePath[1])
		return !strings.Contains(page, "Marguerite Osei")
	})
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	out, _ = cli("comments", "list", "--status", "trash")
	if !strings.HasPrefix(out, id+" ") || !strings.Contains(out, "trash") {
		t.Fatalf("trash list = %q", out)
	}
	// The admin's vocabulary: restore from the trash, then delete for good.
	if out, err := cli("comments", "restore", id); err != nil || !strings.Contains(out, "Comment "+id+" is now pending.") {
		t.Fatalf("restore: %q, %v", out, err)
	}
	if out, err := cli("comments", "trash", id); err != nil || !strings.Contains(out, "now trash") {
		t.Fatalf("trash again: %q, %v", out, err)
	}
	if out, err := cli("comments", "delete", id); err != nil || !strings.Contains(out, "Comment "+id+" was deleted for good.") {
		t.Fatalf("delete: %q, %v", out, err)
	}
	if _, err := cli("comments", "approve", id); err == nil || !strings.Contains(err.Error(), "no comment has the id "+id) {
		t.Fatalf("approving a deleted comment: %v", err)
	}

	approvedOut, _ := cli("comments", "list", "--status", "approved")
	approvedID := strings.Fields(approvedOut)[0]
	for _, tt := range []struct {
		args     []string
		wantText string
		wantCode int
	}{
		{[]string{"comments"}, "needs an action", 2},
		{[]string{"comments", "publish", "1"}, `"publish" is not a comments action; use list, approve, unapprove, spam, trash, restore or delete`, 2},
		{[]string{"comments", "approve"}, "needs the ids", 2},
		{[]string{"comments", "approve", "abc"}, `"abc" is not a comment id`, 2},
		{[]string{"comments", "list", "--status", "hidden"}, `"hidden" is not a comment status`, 2},
		{[]string{"comments", "spam", "99999"}, "no comment has the id 99999", 1},
		{[]string{"comments", "restore", approvedID}, "cannot restore comment " + approvedID + ": comment " + approvedID + " is approved; restore applies only to comments that are spam or trash", 1},
	} {
		_, err := cli(tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.wantText) || exitCode(err) != tt.wantCode {
			t.Errorf("%v: error %v (exit %d), want %q and exit %d", tt.args, err, exitCode(err), tt.wantText, tt.wantCode)
		}
	}
}
