package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"masthead/backup"
	"masthead/bench/flood"
	"masthead/postgres/pgtest"
	"masthead/sqlite"
)

// TestBackupWhileServing runs the real server under a comment flood and
// backs it up with the real binary from another process: the restored
// site holds every comment acknowledged before the backup began, once,
// and passes SQLite's integrity check.
func TestBackupWhileServing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and floods it")
	}
	bin := buildBinary(t)
	data := t.TempDir()
	for _, args := range [][]string{{"demo", "--data", data}, {"settings", "set", "comment_min_seconds", "0", "--data", data}} {
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("masthead %v: %v\n%s", args, err, out)
		}
	}
	server := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data)
	stdout, err := server.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Process.Kill(); server.Wait() })
	form, err := flood.Prepare(context.Background(), waitForAddress(t, stdout))
	if err != nil {
		t.Fatal(err)
	}
	run := flood.Start(form, 16, "serving", 0)
	defer run.Stop()
	for deadline := time.Now().Add(30 * time.Second); run.Acked() < 200; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the server acknowledged %d comments in 30 seconds", run.Acked())
		}
	}
	began := time.Now()
	dest := filepath.Join(t.TempDir(), "backup")
	out, err := exec.Command(bin, "backup", dest, "--data", data).CombinedOutput()
	if err != nil {
		t.Fatalf("masthead backup: %v\n%s", err, out)
	}
	acked := run.AckedBefore(began)
	res := run.Stop()
	server.Process.Signal(syscall.SIGTERM)
	server.Wait()
	if len(res.Statuses) > 0 {
		t.Errorf("answers other than 303 during the backup: %v; the first: %.300s", res.Statuses, res.Sample)
	}
	if !strings.HasPrefix(string(out), "Backed up the site to "+dest+": a snapshot of the database (") {
		t.Errorf("masthead backup said:\n%s", out)
	}

	restored := filepath.Join(t.TempDir(), "restored")
	out, err = exec.Command(bin, "restore", dest, "--data", restored).CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "Restored the backup of ") {
		t.Fatalf("masthead restore: %v\n%s", err, out)
	}
	s, err := sqlite.Open(context.Background(), filepath.Join(restored, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := sqlite.IntegrityCheck(context.Background(), s.DB()); err != nil {
		t.Errorf("integrity check of the restored site: %v", err)
	}
	stored := map[string]int{}
	rows, err := s.DB().Query(`SELECT body, COUNT(*) FROM comments WHERE body LIKE 'Flood comment serving-%' GROUP BY body`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var body string
		var n int
		rows.Scan(&body, &n)
		stored[body] = n
	}
	rows.Close()
	for _, body := range acked {
		if stored[body] != 1 {
			t.Errorf("%q, acknowledged before the backup began, is in the restored site %d times", body, stored[body])
		}
	}
	t.Logf("%d comments acknowledged before the backup, %d in the restored site, %d acknowledged in all", len(acked), len(stored), len(res.Acks))
}

// TestBackupCommandLine: mistakes in calling backup and restore, and
// refusals, are one sentence each with the right exit status.
func TestBackupCommandLine(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	if err := run(ctx, []string{"demo", "--data", data}, noEnv, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "backup")
	var out bytes.Buffer
	if err := run(ctx, []string{"backup", dest, "--data", data}, noEnv, &out, new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "articles and pages, 71 comments") {
		t.Errorf("backup said %q, want one sentence counting the demo's articles and comments", out.String())
	}
	busy := t.TempDir()
	os.WriteFile(filepath.Join(busy, "keep"), nil, 0o600)
	damaged := filepath.Join(t.TempDir(), "damaged")
	if err := os.CopyFS(damaged, os.DirFS(dest)); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(damaged, backup.DatabaseName)
	b, _ := os.ReadFile(db)
	b[len(b)/3] ^= 0x80
	os.WriteFile(db, b, 0o600)

	tests := []struct {
		name     string
		args     []string
		wantText string
		wantCode int
	}{
		{"backup without a destination", []string{"backup", "--data", data}, "backup needs one directory", 2},
		{"backup into a directory that is not empty", []string{"backup", busy, "--data", data}, "is not empty: give a directory that is empty or does not exist yet", 2},
		{"backup of no site", []string{"backup", filepath.Join(t.TempDir(), "b"), "--data", t.TempDir()}, "there is no site database", 2},
		{"restore without --data", []string{"restore", dest}, "restore needs the data directory", 2},
		{"restore into PostgreSQL", []string{"restore", dest, "--database", "postgres://db.example/masthead"}, "restore a PostgreSQL database with pg_restore", 2},
		{"restore into a directory that is not empty", []string{"restore", dest, "--data", busy}, "cannot restore the backup: " + busy + " is not empty", 2},
		{"restore of a damaged backup", []string{"restore", damaged, "--data", filepath.Join(t.TempDir(), "r")}, "does not match its checksum in the manifest: the backup is damaged", 1},
		{"restore of no backup", []string{"restore", t.TempDir(), "--data", filepath.Join(t.TempDir(), "r")}, "holds no Masthead backup", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(ctx, tt.args, noEnv, new(bytes.Buffer), new(bytes.Buffer))
			if err == nil {
				t.Fatal("succeeded, want an error")
			}
			if msg := err.Error(); !strings.Contains(msg, tt.wantText) || strings.Contains(msg, "\n") || strings.Count(msg, ". ") > 0 {
				t.Errorf("error %q, want one sentence saying %q", msg, tt.wantText)
			}
			if got := exitCode(err); got != tt.wantCode {
				t.Errorf("exit code %d, want %d", got, tt.wantCode)
			}
		})
	}
	if entries, _ := os.ReadDir(busy); len(entries) != 1 {
		t.Errorf("the refusals changed %s: %d entries", busy, len(entries))
	}
	out.Reset()
	if err := run(ctx, []string{"help", "backup"}, noEnv, &out, new(bytes.Buffer)); err != nil || !strings.Contains(out.String(), "masthead backup DEST") {
		t.Errorf("help backup: %v\n%s", err, out.String())
	}
}

// TestBackupPostgreSQL: on PostgreSQL, backup copies the media files,
// writes a manifest of the database's counts and says how to back up the
// database with pg_dump; restore refuses such a backup with the recipe.
func TestBackupPostgreSQL(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	if err := run(ctx, []string{"demo", "--database", dsn, "--media-dir", t.TempDir()}, noEnv, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	mediaDir := t.TempDir()
	name := "0123456789abcdef0123456789abcdef.jpg"
	os.MkdirAll(filepath.Join(mediaDir, "01"), 0o750)
	if err := os.WriteFile(filepath.Join(mediaDir, "01", name), []byte("not really a JPEG"), 0o600); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "backup")
	var out bytes.Buffer
	if err := run(ctx, []string{"backup", dest, "--database", dsn, "--media-dir", mediaDir}, noEnv, &out, new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	if msg := strings.TrimSpace(out.String()); !strings.HasPrefix(msg, "Backed up 1 media file of the PostgreSQL site to "+dest+"; back up its database with pg_dump") ||
		!strings.Contains(msg, "pg_dump --format=custom") || strings.Contains(msg, "\n") {
		t.Errorf("backup said %q", msg)
	}
	var m backup.Manifest
	b, err := os.ReadFile(filepath.Join(dest, backup.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Database != "postgres" || m.DatabaseFile != nil || m.Rows["comments"] != 71 || len(m.Media) != 1 || m.Media[0].Path != "media/01/"+name {
		t.Errorf("manifest %+v", m)
	}
	if got, _ := os.ReadFile(filepath.Join(dest, "media", "01", name)); string(got) != "not really a JPEG" {
		t.Errorf("the backed-up file holds %q", got)
	}
	err = run(ctx, []string{"restore", dest, "--data", filepath.Join(t.TempDir(), "r")}, noEnv, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), "restore its database with pg_restore") {
		t.Errorf("restoring a PostgreSQL backup into SQLite: %v", err)
	}
}
