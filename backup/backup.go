// Package backup makes and restores backups of a Masthead site while it
// serves: a consistent snapshot of the SQLite database, the media files,
// and a manifest (what made the backup and when, the schema, how many rows
// each table holds, a checksum of every file) that a restore checks before
// it trusts a byte. For a PostgreSQL site, whose database pg_dump backs
// up, a backup holds the media files and the manifest.
//
// Order matters for a consistent backup. The database is copied first and
// the media files after it. Files are named by their content and never
// rewritten, so every file the snapshot's images name and that still
// exists is copied; a file uploaded later belongs to no image of the
// snapshot and is copied or not, harmlessly; a file deleted between the
// two (an editor deleted its image, after the snapshot saw it) cannot be
// copied, and the manifest lists it as missing, so that a restore can say
// which images will show without their file.
package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"masthead"
	"masthead/media"
	"masthead/sqlite"
	"masthead/sqlstore"
)

// The names of a backup's parts, inside its directory.
const (
	// Format names the shape of the manifest; a change that could mislead
	// a reader of version 1 makes it version 2.
	Format       = "masthead-backup/1"
	ManifestName = "manifest.json"
	DatabaseName = "masthead.db"
	MediaFolder  = "media"
)

// Manifest describes a backup, for a restore to check it.
type Manifest struct {
	Format    string    `json:"format"`
	Generator string    `json:"generator"`
	CreatedAt time.Time `json:"created_at"`
	// Database is "sqlite" when the backup holds the database, and
	// "postgres" when it holds only the media of a PostgreSQL site.
	Database string `json:"database"`
	// SchemaVersion is the newest migration the database had applied.
	SchemaVersion int `json:"schema_version"`
	// DatabaseFile is the snapshot of a SQLite database.
	DatabaseFile *File `json:"database_file,omitempty"`
	// Rows counts the rows of each table of the site's content: of the
	// snapshot for SQLite, of the live database for PostgreSQL.
	Rows map[string]int `json:"rows"`
	// Media lists the media files copied.
	Media []File `json:"media"`
	// MissingMedia lists the files that images of the database name but
	// that were gone when the media were copied: deleted after the
	// snapshot, or lost before it.
	MissingMedia []string `json:"missing_media,omitempty"`
}

// File is one file of a backup: its path (slash-separated, relative to
// the backup's directory), size and SHA-256.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Options are what a backup records about who made it.
type Options struct {
	// Generator names the program, e.g. "masthead v1.2.0".
	Generator string
	// Now gives the time; nil means time.Now.
	Now func() time.Time
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now().UTC()
	}
	return time.Now().UTC()
}

// CreateSQLite backs up the SQLite site whose database file is dbPath and
// whose images are in mediaDir into dest, a directory that must be empty
// or not exist, while the site goes on serving. It returns the manifest
// it wrote; dest holds nothing of a backup that failed.
func CreateSQLite(ctx context.Context, dbPath, mediaDir, dest string, opts Options) (m *Manifest, err error) {
	if _, err := os.Stat(dbPath); err != nil {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "There is no site database at %s to back up.", dbPath)
	}
	if err := outside(dest, filepath.Dir(dbPath), mediaDir); err != nil {
		return nil, err
	}
	cleanup, err := prepareDir(dest)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			cleanup()
		}
	}()
	m = &Manifest{Format: Format, Generator: opts.Generator, CreatedAt: opts.now(), Database: "sqlite"}
	snapshot := filepath.Join(dest, DatabaseName)
	if err := sqlite.Snapshot(ctx, dbPath, snapshot); err != nil {
		return nil, err
	}
	// The database holds staff's and readers' emails and the site secret.
	if err := os.Chmod(snapshot, 0o640); err != nil {
		return nil, err
	}
	s, err := sqlite.OpenSnapshot(snapshot)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := describe(ctx, s, m); err != nil {
		return nil, err
	}
	f, err := hashFile(dest, DatabaseName)
	if err != nil {
		return nil, err
	}
	m.DatabaseFile = &f
	if err := copyMedia(ctx, s, mediaDir, dest, m); err != nil {
		return nil, err
	}
	return m, writeManifest(dest, m)
}

// CreateMedia backs up the images of a PostgreSQL site into dest (empty
// or not there): the media files and a manifest counting what the
// database held. The database itself is pg_dump's to back up, before
// this runs, so that every image the dump names has its files here.
func CreateMedia(ctx context.Context, s *sqlstore.Store, mediaDir, dest string, opts Options) (m *Manifest, err error) {
	if err := outside(dest, mediaDir); err != nil {
		return nil, err
	}
	cleanup, err := prepareDir(dest)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			cleanup()
		}
	}()
	m = &Manifest{Format: Format, Generator: opts.Generator, CreatedAt: opts.now(), Database: "postgres"}
	if err := describe(ctx, s, m); err != nil {
		return nil, err
	}
	if err := copyMedia(ctx, s, mediaDir, dest, m); err != nil {
		return nil, err
	}
	return m, writeManifest(dest, m)
}

// describe records the schema and row counts of the store in m.
func describe(ctx context.Context, s *sqlstore.Store, m *Manifest) error {
	var err error
	if m.SchemaVersion, err = s.SchemaVersion(ctx); err != nil {
		return err
	}
	m.Rows, err = s.CountRows(ctx)
	return err
}

// copyMedia copies every file of the media directory into the backup's
// media folder (skipping what vanishes while it runs, and the temporary
// files of uploads under way), then lists the files that images of s name
// and that the backup does not hold.
func copyMedia(ctx context.Context, s *sqlstore.Store, mediaDir, dest string, m *Manifest) error {
	m.Media = []File{}
	err := filepath.WalkDir(mediaDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // no media directory yet, or a folder that went
			}
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if strings.HasPrefix(d.Name(), ".") && path != mediaDir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(mediaDir, path)
		if err != nil {
			return err
		}
		f, err := copyFile(path, filepath.Join(dest, MediaFolder, rel))
		if errors.Is(err, fs.ErrNotExist) {
			return nil // deleted since the walk saw it
		}
		if err != nil {
			return err
		}
		f.Path = MediaFolder + "/" + filepath.ToSlash(rel)
		m.Media = append(m.Media, f)
		return nil
	})
	if err != nil {
		return fmt.Errorf("copy the media files: %w", err)
	}
	if err := syncDirs(filepath.Join(dest, MediaFolder)); err != nil {
		return err
	}
	copied := media.Dir(filepath.Join(dest, MediaFolder))
	for offset := 0; ; offset += 100 {
		page, total, err := s.FindMedia(ctx, masthead.MediaFilter{Limit: 100, Offset: offset})
		if err != nil {
			return err
		}
		for _, img := range page {
			for _, name := range img.Files() {
				f, err := copied.Open(ctx, name)
				if err != nil {
					m.MissingMedia = append(m.MissingMedia, name)
					continue
				}
				f.Close()
			}
		}
		if offset+len(page) >= total || len(page) == 0 {
			break
		}
	}
	slices.Sort(m.MissingMedia)
	return nil
}

// Summary is what a restore brought back.
type Summary struct {
	Manifest *Manifest
	// SchemaVersion is the schema after the restore: the backup's, or
	// newer when the restore migrated it.
	SchemaVersion int
	// Rows counts the rows of the restored site's tables.
	Rows map[string]int
}

// Restore restores the SQLite backup in src into dataDir, and its media
// files into mediaDir (empty means the media folder of dataDir). Both must
// be empty or not exist. Nothing is trusted before it is checked: the
// manifest's format, each file's size and checksum as it is copied, the
// database's integrity, and, once it is opened (and migrated, when the
// backup comes from an older Masthead), every table's row count. A restore
// that fails leaves both directories as it found them.
func Restore(ctx context.Context, src, dataDir, mediaDir string) (sum *Summary, err error) {
	m, err := ReadManifest(src)
	if err != nil {
		return nil, err
	}
	if m.Database != "sqlite" || m.DatabaseFile == nil {
		return nil, masthead.Errorf(masthead.EINVALID, "The backup in %s holds only the media files of a PostgreSQL site: restore its database with pg_restore and copy its media folder into the media directory.", src)
	}
	if latest := sqlstore.LatestSchemaVersion(sqlite.Dialect.Name); m.SchemaVersion > latest {
		return nil, masthead.Errorf(masthead.EINVALID, "The backup in %s has schema %d, newer than this Masthead knows (%d): restore it with the Masthead that made it (%s) or a later one.",
			src, m.SchemaVersion, latest, m.Generator)
	}
	if mediaDir == "" {
		mediaDir = filepath.Join(dataDir, MediaFolder)
	}
	cleanData, err := prepareDir(dataDir)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			cleanData()
		}
	}()
	cleanMedia, err := prepareDir(mediaDir)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			cleanMedia()
		}
	}()

	// The database is copied aside, checked, and only then named as the
	// site's, so that nothing opens a file that failed its checks.
	dbPath := filepath.Join(dataDir, DatabaseName)
	checking := dbPath + ".restoring"
	if err := copyChecked(src, *m.DatabaseFile, checking); err != nil {
		return nil, err
	}
	check, err := sqlite.OpenSnapshot(checking)
	if err != nil {
		return nil, err
	}
	err = sqlite.IntegrityCheck(ctx, check.DB())
	check.Close()
	if err != nil {
		return nil, masthead.Errorf(masthead.EINVALID, "The database in the backup %s fails SQLite's integrity check (%v), so it was not restored.", src, err)
	}
	for _, f := range m.Media {
		rel, ok := strings.CutPrefix(f.Path, MediaFolder+"/")
		if !ok || !filepath.IsLocal(filepath.FromSlash(rel)) {
			return nil, masthead.Errorf(masthead.EINVALID, "The backup's manifest names a media file outside its media folder (%q), so nothing was restored.", f.Path)
		}
		if err := copyChecked(src, f, filepath.Join(mediaDir, filepath.FromSlash(rel))); err != nil {
			return nil, err
		}
	}
	if err := syncDirs(mediaDir); err != nil {
		return nil, err
	}
	if err := os.Rename(checking, dbPath); err != nil {
		return nil, err
	}
	if err := syncDirs(dataDir); err != nil {
		return nil, err
	}

	s, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	sum = &Summary{Manifest: m}
	if sum.SchemaVersion, err = s.SchemaVersion(ctx); err != nil {
		return nil, err
	}
	if sum.Rows, err = s.CountRows(ctx); err != nil {
		return nil, err
	}
	migrated := sum.SchemaVersion != m.SchemaVersion
	for table, want := range m.Rows {
		// A migration may add settings of its own; it never adds content.
		if got, ok := sum.Rows[table]; ok && got != want && !(migrated && table == "settings") {
			return nil, masthead.Errorf(masthead.EINVALID, "The restored %s table holds %d rows where the backup's manifest counts %d, so the restore was undone.", table, got, want)
		}
	}
	return sum, nil
}

// ReadManifest reads and checks the manifest of the backup in dir.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "%s holds no Masthead backup: it has no %s.", dir, ManifestName)
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, masthead.Errorf(masthead.EINVALID, "The manifest of the backup in %s cannot be read (%v): the backup is damaged.", dir, err)
	}
	if m.Format != Format {
		return nil, masthead.Errorf(masthead.EINVALID, "The backup in %s has the format %q, which this Masthead does not read (it reads %s).", dir, m.Format, Format)
	}
	return &m, nil
}

// outside refuses a backup directory inside the site's own directories:
// the copy of the media would copy itself, and a backup belongs away from
// what it backs up.
func outside(dest string, dirs ...string) error {
	d, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	for _, dir := range dirs {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return err
		}
		if rel, err := filepath.Rel(abs, d); err == nil && filepath.IsLocal(rel) || d == abs {
			return masthead.Errorf(masthead.ECONFLICT, "The backup cannot go inside the site's directory %s: give a directory elsewhere.", dir)
		}
	}
	return nil
}

// prepareDir makes sure dir is an empty directory, creating it when it is
// not there, and returns what undoes that: removing what was put in it,
// and dir itself when it was created.
func prepareDir(dir string) (cleanup func(), err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("cannot create %s: %w", dir, err)
		}
		return func() { os.RemoveAll(dir) }, nil
	case err != nil:
		if info, serr := os.Stat(dir); serr == nil && !info.IsDir() {
			return nil, masthead.Errorf(masthead.ECONFLICT, "%s is a file, not a directory.", dir)
		}
		return nil, err
	case len(entries) > 0:
		return nil, masthead.Errorf(masthead.ECONFLICT, "%s is not empty: give a directory that is empty or does not exist yet.", dir)
	}
	return func() {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}, nil
}

// copyFile copies src to dst, which must not exist, creating its folder,
// and returns its size and checksum; dst is on disk when it returns.
func copyFile(src, dst string) (File, error) {
	in, err := os.Open(src)
	if err != nil {
		return File{}, err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return File{}, err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return File{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return File{}, err
	}
	return File{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// copyChecked copies the backup's file f (in the backup directory src) to
// dst and refuses it, removing the copy, unless it is the file the
// manifest describes.
func copyChecked(src string, f File, dst string) error {
	got, err := copyFile(filepath.Join(src, filepath.FromSlash(f.Path)), dst)
	if errors.Is(err, fs.ErrNotExist) {
		return masthead.Errorf(masthead.EINVALID, "The backup in %s lacks %s, which its manifest lists, so nothing was restored.", src, f.Path)
	}
	if err != nil {
		return err
	}
	if got.Size != f.Size || got.SHA256 != f.SHA256 {
		os.Remove(dst)
		return masthead.Errorf(masthead.EINVALID, "%s in the backup %s does not match its checksum in the manifest: the backup is damaged, so nothing was restored.", f.Path, src)
	}
	return nil
}

// hashFile returns the size and checksum of the file at rel in dir.
func hashFile(dir, rel string) (File, error) {
	in, err := os.Open(filepath.Join(dir, rel))
	if err != nil {
		return File{}, err
	}
	defer in.Close()
	h := sha256.New()
	n, err := io.Copy(h, in)
	if err != nil {
		return File{}, err
	}
	return File{Path: filepath.ToSlash(rel), Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// writeManifest writes the manifest last, by rename, so that a backup
// directory with a manifest is a whole backup.
func writeManifest(dest string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dest, "."+ManifestName)
	if err := os.WriteFile(tmp, append(b, '\n'), 0o640); err != nil {
		return err
	}
	f, err := os.Open(tmp)
	if err != nil {
		return err
	}
	err = f.Sync()
	f.Close()
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dest, ManifestName)); err != nil {
		return err
	}
	return syncDirs(dest)
}

// syncDirs flushes the entries of dir and of every folder below it to
// disk, so that the files written into them are found after a power cut.
func syncDirs(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == dir {
			return nil
		}
		if err != nil || !d.IsDir() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Sync()
	})
}
