package main

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"masthead/bench/flood"
	"masthead/postgres"
	"masthead/postgres/pgtest"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// crashWriters and crashKills are the trust issue's terms: sixteen
// writers, five kills in one run.
const (
	crashWriters = 16
	crashKills   = 5
)

// TestCommentsSurviveKills floods an article with comments from sixteen
// writers on many networks, kills the real server with SIGKILL in the
// middle of the stream five times, restarting it each time, and then
// checks that every comment answered with a 303 is stored exactly once,
// that no comment is stored twice, and that the database is consistent.
func TestCommentsSurviveKills(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and floods it")
	}
	bin := buildBinary(t)
	t.Run("sqlite", func(t *testing.T) {
		data := t.TempDir()
		crashTest(t, bin, []string{"--data", data}, func() *sqlstore.Store {
			s, err := sqlite.Open(context.Background(), filepath.Join(data, "masthead.db"))
			if err != nil {
				t.Fatal(err)
			}
			return s
		}, func(db *sql.DB) {
			var result string
			if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&result); err != nil || result != "ok" {
				t.Errorf("PRAGMA integrity_check = %q, %v", result, err)
			}
		})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.DSN(t)
		crashTest(t, bin, []string{"--database", dsn}, func() *sqlstore.Store {
			s, err := postgres.Open(context.Background(), dsn, "")
			if err != nil {
				t.Fatal(err)
			}
			return s
		}, func(db *sql.DB) {
			// Every comment belongs to an article, every reply to a
			// comment, and the id sequence is past every id given out.
			var orphans, unanswered int
			var maxID, next int64
			err := db.QueryRow(`SELECT
				(SELECT COUNT(*) FROM comments c LEFT JOIN articles a ON a.id = c.article_id WHERE a.id IS NULL),
				(SELECT COUNT(*) FROM comments c LEFT JOIN comments p ON p.id = c.parent_id WHERE c.parent_id IS NOT NULL AND c.parent_id <> 0 AND p.id IS NULL),
				(SELECT COALESCE(MAX(id), 0) FROM comments),
				(SELECT last_value FROM comments_id_seq)`).Scan(&orphans, &unanswered, &maxID, &next)
			if err != nil {
				t.Fatal(err)
			}
			if orphans != 0 || unanswered != 0 || next < maxID {
				t.Errorf("inconsistent comments: %d without an article, %d answering no comment, highest id %d beyond the sequence's %d",
					orphans, unanswered, maxID, next)
			}
		})
	})
}

// crashTest runs the flood and the kills on the site that site names
// (--data or --database) and checks the outcome with the store open and
// consistent.
func crashTest(t *testing.T, bin string, site []string, open func() *sqlstore.Store, consistent func(*sql.DB)) {
	for _, args := range [][]string{
		append([]string{"demo", "--media-dir", t.TempDir()}, site...),
		append([]string{"settings", "set", "comment_min_seconds", "0"}, site...),
	} {
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("masthead %v: %v\n%s", args, err, out)
		}
	}
	// Restarts listen on the same address, so that writers carry on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	logs := t.TempDir()
	start := func(n int) *exec.Cmd {
		cmd := exec.Command(bin, append([]string{"serve", "--addr", addr}, site...)...)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		stderr, err := os.Create(filepath.Join(logs, fmt.Sprintf("serve-%d.log", n)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { stderr.Close() })
		cmd.Stderr = stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		waitForAddress(t, stdout)
		return cmd
	}

	began := time.Now()
	server := start(0)
	form, err := flood.Prepare(context.Background(), "http://"+addr)
	if err != nil {
		t.Fatal(err)
	}
	run := flood.Start(form, crashWriters, "crash", 0)
	defer run.Stop()
	// waitForComments waits until the server has acknowledged some
	// comments since the last restart, so that each kill lands in the
	// middle of the stream.
	waitForComments := func() {
		t.Helper()
		from, since := run.Acked(), time.Now()
		for deadline := since.Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			n, waited := run.Acked()-from, time.Since(since)
			if n >= 300 || (n >= 20 && waited > 1500*time.Millisecond) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the server acknowledged %d comments in 30 seconds", n)
			}
		}
	}
	for kill := 1; kill <= crashKills; kill++ {
		waitForComments()
		if err := server.Process.Kill(); err != nil { // SIGKILL: no chance to finish anything
			t.Fatal(err)
		}
		server.Wait()
		server = start(kill)
	}
	waitForComments()
	res := run.Stop()
	if err := server.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	server.Wait()
	t.Logf("%d kills in %s: %d comments acknowledged, %d requests cut off",
		crashKills, time.Since(began).Round(time.Millisecond), len(res.Acks), res.Failures)
	if len(res.Statuses) > 0 {
		t.Errorf("answers other than 303: %v; the first: %.300s", res.Statuses, res.Sample)
	}

	s := open()
	defer s.Close()
	rows, err := s.DB().Query(`SELECT body, COUNT(*) FROM comments WHERE body LIKE 'Flood comment crash-%' GROUP BY body`)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]int{}
	for rows.Next() {
		var body string
		var n int
		if err := rows.Scan(&body, &n); err != nil {
			t.Fatal(err)
		}
		stored[body] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	lost := 0
	for _, a := range res.Acks {
		if stored[a.Body] == 0 {
			lost++
			if lost <= 5 {
				t.Errorf("acknowledged but not stored: %q", a.Body)
			}
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged comments were lost", lost, len(res.Acks))
	}
	for body, n := range stored {
		if n > 1 {
			t.Errorf("%q is stored %d times", body, n)
		}
	}
	consistent(s.DB())
}

// TestSQLiteSyncSetting: the site's database is opened with every commit
// on disk unless --sqlite-sync normal trades that for speed.
func TestSQLiteSyncSetting(t *testing.T) {
	for _, tt := range []struct {
		sync sqlite.Sync
		want string
	}{{"", "2"}, {sqlite.SyncFull, "2"}, {sqlite.SyncNormal, "1"}} {
		s, err := openStore(context.Background(), config{dataDir: t.TempDir(), sqliteSync: tt.sync})
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if err := s.DB().QueryRow(`PRAGMA synchronous`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if got != tt.want {
			t.Errorf("--sqlite-sync %q: PRAGMA synchronous = %s, want %s", tt.sync, got, tt.want)
		}
	}
}
