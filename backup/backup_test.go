package backup_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"masthead"
	"masthead/backup"
	"masthead/bench/flood"
	"masthead/demo"
	"masthead/media"
	"masthead/sqlite"
	"masthead/sqlstore"
	"masthead/web"
)

// site is a demo site on SQLite in a data directory of its own, with its
// media directory where serve keeps it.
type site struct {
	data, media string
	store       *sqlstore.Store
}

func newSite(t *testing.T) *site {
	t.Helper()
	ctx := context.Background()
	s := &site{data: t.TempDir()}
	s.media = filepath.Join(s.data, "media")
	store, err := sqlite.Open(ctx, filepath.Join(s.data, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	s.store = store
	if _, _, err := demo.Seed(ctx, store, time.Now()); err != nil {
		t.Fatal(err)
	}
	settings, err := store.FindSite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	settings.CommentMinSeconds = 0 // the flood posts as soon as it has the form
	if err := store.UpdateSite(ctx, settings); err != nil {
		t.Fatal(err)
	}
	return s
}

// addImage uploads a generated image of the given width, as the media
// library stores one: its files in the media directory, its row in the
// database.
func (s *site) addImage(t *testing.T, width int, shade uint8) *masthead.Media {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, width, width/2))
	for x := range width {
		for y := range width / 2 {
			img.Set(x, y, color.RGBA{shade, uint8(x), uint8(y), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p, err := media.Process(&buf)
	if err != nil {
		t.Fatal(err)
	}
	m := &masthead.Media{Name: p.Original.Name, Type: p.Original.Type, Width: p.Original.Width, Height: p.Original.Height,
		AltText: fmt.Sprintf("A gradient of shade %d.", shade)}
	dir := media.Dir(s.media)
	for _, f := range append([]media.File{p.Original}, p.Variants...) {
		if err := dir.Put(context.Background(), f.Name, f.Data); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range p.Variants {
		m.Variants = append(m.Variants, masthead.MediaVariant{Width: v.Width, Name: v.Name})
	}
	if err := s.store.CreateMedia(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	return m
}

// serve serves the site on a free port of 127.0.0.1 until the test ends
// and returns its address.
func (s *site) serve(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	srv, err := web.NewServer(s.store, web.Options{FallbackBaseURL: base, MediaDir: s.media})
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return base
}

// files reads every file below dir, by slash-separated relative path.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBackupDuringCommentFlood backs a site up while sixteen writers post
// comments to it, restores the backup into a fresh data directory, and
// finds there every comment acknowledged before the backup began, once,
// in a database that passes SQLite's integrity check, with the media files
// byte for byte.
func TestBackupDuringCommentFlood(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	for i := range 3 {
		s.addImage(t, 600+400*i, uint8(40*i))
	}
	mediaBefore := files(t, s.media)
	form, err := flood.Prepare(ctx, s.serve(t))
	if err != nil {
		t.Fatal(err)
	}
	run := flood.Start(form, 16, "backup", 0)
	defer run.Stop()
	for deadline := time.Now().Add(30 * time.Second); run.Acked() < 200; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the site acknowledged %d comments in 30 seconds", run.Acked())
		}
	}

	began := time.Now()
	dest := filepath.Join(t.TempDir(), "backup")
	m, err := backup.CreateSQLite(ctx, filepath.Join(s.data, "masthead.db"), s.media, dest, backup.Options{Generator: "masthead test"})
	if err != nil {
		t.Fatal(err)
	}
	ended := time.Now()
	// The flood goes on after the backup: the site never stopped taking
	// comments while it ran.
	during := len(run.AckedBefore(ended)) - len(run.AckedBefore(began))
	acked := run.AckedBefore(began)
	res := run.Stop()
	if len(res.Statuses) > 0 || res.Failures > 0 {
		t.Errorf("the flood got answers other than 303 (%v, the first %.200s) and %d failures", res.Statuses, res.Sample, res.Failures)
	}
	t.Logf("backup in %s with %d comments acknowledged before it, %d while it ran, %d in all",
		ended.Sub(began).Round(time.Millisecond), len(acked), during, len(res.Acks))
	if m.Rows["comments"] < len(acked) {
		t.Errorf("the manifest counts %d comments, fewer than the %d acknowledged before the backup", m.Rows["comments"], len(acked))
	}
	if len(m.MissingMedia) != 0 {
		t.Errorf("missing media %v, want none", m.MissingMedia)
	}

	restored := filepath.Join(t.TempDir(), "restored")
	sum, err := backup.Restore(ctx, dest, restored, "")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows["comments"] != m.Rows["comments"] || sum.Rows["media"] != 3 {
		t.Errorf("restored %d comments and %d images, want the manifest's %d and 3", sum.Rows["comments"], sum.Rows["media"], m.Rows["comments"])
	}
	r, err := sqlite.Open(ctx, filepath.Join(restored, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := sqlite.IntegrityCheck(ctx, r.DB()); err != nil {
		t.Errorf("integrity check of the restored database: %v", err)
	}
	stored := commentBodies(t, r.DB(), "Flood comment backup-")
	for _, body := range acked {
		if n := stored[body]; n != 1 {
			t.Errorf("%q, acknowledged before the backup began, is in the restored site %d times", body, n)
		}
	}
	if got, want := files(t, filepath.Join(restored, "media")), mediaBefore; !mapsEqual(got, want) {
		t.Errorf("restored media files %v, want %v", keys(got), keys(want))
	}
	// The restored site serves, with its images.
	img, _, err := r.FindMedia(ctx, masthead.MediaFilter{Limit: 1})
	if err != nil || len(img) != 1 {
		t.Fatalf("the restored library: %v, %v", img, err)
	}
	f, err := media.Dir(filepath.Join(restored, "media")).Open(ctx, img[0].Name)
	if err != nil {
		t.Errorf("the restored image %s: %v", img[0].Name, err)
	} else {
		f.Close()
	}
}

// commentBodies counts the stored comments whose text starts with prefix,
// by text.
func commentBodies(t *testing.T, db *sql.DB, prefix string) map[string]int {
	t.Helper()
	rows, err := db.Query(`SELECT body, COUNT(*) FROM comments WHERE body LIKE ? GROUP BY body`, prefix+"%")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var body string
		var n int
		if err := rows.Scan(&body, &n); err != nil {
			t.Fatal(err)
		}
		out[body] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func mapsEqual(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// backupOf backs up a small site with two images and returns the
// backup's directory.
func backupOf(t *testing.T) (*site, string) {
	t.Helper()
	s := newSite(t)
	s.addImage(t, 700, 10)
	s.addImage(t, 500, 90)
	dest := filepath.Join(t.TempDir(), "backup")
	if _, err := backup.CreateSQLite(context.Background(), filepath.Join(s.data, "masthead.db"), s.media, dest, backup.Options{}); err != nil {
		t.Fatal(err)
	}
	return s, dest
}

// TestRefusals: a backup goes only into an empty or new directory away
// from the site, and a restore only into an empty or new one; each
// refusal is one sentence and leaves the directory as it was.
func TestRefusals(t *testing.T) {
	ctx := context.Background()
	s, dest := backupOf(t)

	busy := t.TempDir()
	if err := os.WriteFile(filepath.Join(busy, "notes.txt"), []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := backup.CreateSQLite(ctx, filepath.Join(s.data, "masthead.db"), s.media, busy, backup.Options{})
	wantRefusal(t, "a backup into a directory that is not empty", err, masthead.ECONFLICT, "is not empty")
	_, err = backup.CreateSQLite(ctx, filepath.Join(s.data, "masthead.db"), s.media, filepath.Join(s.data, "backup"), backup.Options{})
	wantRefusal(t, "a backup inside the data directory", err, masthead.ECONFLICT, "cannot go inside the site's directory")
	_, err = backup.CreateSQLite(ctx, filepath.Join(t.TempDir(), "masthead.db"), s.media, filepath.Join(t.TempDir(), "b"), backup.Options{})
	wantRefusal(t, "a backup of no site", err, masthead.ENOTFOUND, "There is no site database")

	_, err = backup.Restore(ctx, dest, busy, "")
	wantRefusal(t, "a restore into a directory that is not empty", err, masthead.ECONFLICT, "is not empty")
	if got := files(t, busy); len(got) != 1 || string(got["notes.txt"]) != "keep me" {
		t.Errorf("the refused restore changed the directory: %v", keys(got))
	}
	// An empty data directory with a media directory that is not.
	empty := t.TempDir()
	_, err = backup.Restore(ctx, dest, empty, busy)
	wantRefusal(t, "a restore into a media directory that is not empty", err, masthead.ECONFLICT, "is not empty")
	if got := files(t, empty); len(got) != 0 {
		t.Errorf("the refused restore left %v in the data directory", keys(got))
	}
	_, err = backup.Restore(ctx, t.TempDir(), filepath.Join(t.TempDir(), "r"), "")
	wantRefusal(t, "a restore from a directory that holds no backup", err, masthead.ENOTFOUND, "holds no Masthead backup")
}

// TestDamagedBackups: a backup with one byte changed anywhere, a file
// missing or a manifest that cannot be read is refused with a sentence,
// and the data directory it was to go into stays as it was.
func TestDamagedBackups(t *testing.T) {
	ctx := context.Background()
	_, pristine := backupOf(t)
	m, err := backup.ReadManifest(pristine)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Media) < 2 {
		t.Fatalf("the backup holds %d media files, want the files of two images", len(m.Media))
	}
	flip := func(name string, at func(size int) int) func(string) {
		return func(dir string) {
			path := filepath.Join(dir, filepath.FromSlash(name))
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			b[at(len(b))] ^= 0x01
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name   string
		damage func(dir string)
		want   string
	}{
		{"a byte of the database", flip(backup.DatabaseName, func(n int) int { return n / 2 }), "masthead.db in the backup"},
		{"a byte of the database's header", flip(backup.DatabaseName, func(int) int { return 20 }), "does not match its checksum"},
		{"a byte of an image", flip(m.Media[1].Path, func(n int) int { return n - 10 }), "does not match its checksum"},
		{"a missing image", func(dir string) { os.Remove(filepath.Join(dir, filepath.FromSlash(m.Media[0].Path))) }, "lacks " + m.Media[0].Path},
		{"a damaged database with its checksum", func(dir string) {
			// The second page's type byte: the page can no longer be read.
			flip(backup.DatabaseName, func(int) int { return 4096 })(dir)
			f, err := os.ReadFile(filepath.Join(dir, backup.DatabaseName))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(f)
			b, _ := os.ReadFile(filepath.Join(dir, backup.ManifestName))
			os.WriteFile(filepath.Join(dir, backup.ManifestName), bytes.Replace(b, []byte(m.DatabaseFile.SHA256), []byte(hex.EncodeToString(sum[:])), 1), 0o600)
		}, "fails SQLite's integrity check"},
		{"a broken manifest", func(dir string) {
			os.WriteFile(filepath.Join(dir, backup.ManifestName), []byte(`{"format": "masthead-backup/1",`), 0o600)
		}, "cannot be read"},
		{"a manifest of another format", func(dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, backup.ManifestName))
			os.WriteFile(filepath.Join(dir, backup.ManifestName), bytes.Replace(b, []byte("masthead-backup/1"), []byte("masthead-backup/9"), 1), 0o600)
		}, `"masthead-backup/9"`},
		{"a manifest naming a file outside the backup", func(dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, backup.ManifestName))
			os.WriteFile(filepath.Join(dir, backup.ManifestName), bytes.Replace(b, []byte(`"`+m.Media[0].Path+`"`), []byte(`"media/../../etc/passwd"`), 1), 0o600)
		}, "outside its media folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			damaged := filepath.Join(t.TempDir(), "backup")
			if err := os.CopyFS(damaged, os.DirFS(pristine)); err != nil {
				t.Fatal(err)
			}
			tt.damage(damaged)
			into := filepath.Join(t.TempDir(), "restored")
			_, err := backup.Restore(ctx, damaged, into, "")
			wantRefusal(t, "restoring "+tt.name, err, masthead.EINVALID, tt.want)
			if _, err := os.Stat(into); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the refused restore left %s behind (%v)", into, err)
			}
		})
	}
	// The pristine backup restores, so the refusals were the damage's.
	if _, err := backup.Restore(ctx, pristine, filepath.Join(t.TempDir(), "restored"), ""); err != nil {
		t.Fatalf("the undamaged backup: %v", err)
	}
}

// wantRefusal checks that err is a Masthead error with the code, whose
// message is one sentence saying want.
func wantRefusal(t *testing.T, what string, err error, code, want string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s succeeded, want a refusal", what)
		return
	}
	msg := masthead.ErrorMessage(err)
	if masthead.ErrorCode(err) != code || !strings.Contains(msg, want) {
		t.Errorf("%s: %v (code %s), want %s saying %q", what, err, masthead.ErrorCode(err), code, want)
	}
	if strings.Count(strings.TrimSuffix(msg, "."), ". ") > 0 || !strings.HasSuffix(msg, ".") {
		t.Errorf("%s: %q is not one sentence", what, msg)
	}
}

// TestMissingMediaFile: an image whose file is gone when the media are
// copied (deleted after the snapshot) is named in the manifest, and the
// restore still brings back everything else.
func TestMissingMediaFile(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	kept := s.addImage(t, 500, 30)
	gone := s.addImage(t, 300, 60)
	if err := media.Dir(s.media).Delete(ctx, gone.Name); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "backup")
	m, err := backup.CreateSQLite(ctx, filepath.Join(s.data, "masthead.db"), s.media, dest, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.MissingMedia, []string{gone.Name}) {
		t.Errorf("missing media %v, want [%s]", m.MissingMedia, gone.Name)
	}
	restored := t.TempDir()
	if _, err := backup.Restore(ctx, dest, restored, ""); err != nil {
		t.Fatal(err)
	}
	for _, name := range kept.Files() {
		f, err := media.Dir(filepath.Join(restored, "media")).Open(ctx, name)
		if err != nil {
			t.Errorf("restored %s: %v", name, err)
			continue
		}
		f.Close()
	}
}

// TestRestoreMigratesAnOlderBackup restores the backup of a site made by
// a Masthead one migration behind this one, and finds it migrated.
func TestRestoreMigratesAnOlderBackup(t *testing.T) {
	ctx := context.Background()
	latest := sqlstore.LatestSchemaVersion("sqlite")
	data := t.TempDir()
	old := filepath.Join(data, "masthead.db")
	applyMigrationsBelow(t, old, latest)

	dest := filepath.Join(t.TempDir(), "backup")
	m, err := backup.CreateSQLite(ctx, old, filepath.Join(data, "media"), dest, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.SchemaVersion != latest-1 {
		t.Fatalf("the old site's backup has schema %d, want %d", m.SchemaVersion, latest-1)
	}
	sum, err := backup.Restore(ctx, dest, t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	if sum.SchemaVersion != latest {
		t.Errorf("the restored site has schema %d, want %d", sum.SchemaVersion, latest)
	}

	// A backup of a schema newer than this Masthead's is refused.
	b, err := os.ReadFile(filepath.Join(dest, backup.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	raw["schema_version"] = latest + 1
	b, _ = json.Marshal(raw)
	if err := os.WriteFile(filepath.Join(dest, backup.ManifestName), b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = backup.Restore(ctx, dest, t.TempDir(), "")
	wantRefusal(t, "restoring a backup from a newer Masthead", err, masthead.EINVALID, "newer than this Masthead knows ("+strconv.Itoa(latest)+")")
}

// applyMigrationsBelow makes, at path, the database of an empty site that
// an older Masthead made: this build's migrations numbered below version,
// applied and recorded as Masthead applies them.
func applyMigrationsBelow(t *testing.T, path string, version int) {
	t.Helper()
	dir := filepath.Join("..", "sqlstore", "migrations", "sqlite")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		v, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil || v >= version || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		body, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations VALUES (?, ?, ?)`, v, e.Name(), time.Now().UTC().Format(time.RFC3339)); err != nil {
			t.Fatal(err)
		}
	}
}
