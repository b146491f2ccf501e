package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"masthead"
)

const importRunColumns = `r.id, COALESCE(r.started_by, 0), COALESCE(a.name, ''), r.file_name, r.file_bytes, r.dry_run, r.state,
	r.items, r.bytes_read, r.started_at, r.updated_at, r.finished_at, r.summary, r.error, r.cancel_requested`

const importRunFrom = ` FROM import_runs r LEFT JOIN authors a ON a.id = r.started_by`

func scanImportRun(sc scanner, extra ...any) (*masthead.ImportRun, error) {
	var r masthead.ImportRun
	var finished sql.NullTime
	if err := sc.Scan(append([]any{&r.ID, &r.StartedBy, &r.StartedByName, &r.FileName, &r.FileBytes, &r.DryRun, &r.State,
		&r.Items, &r.BytesRead, &r.StartedAt, &r.UpdatedAt, &finished, &r.Summary, &r.Error, &r.CancelRequested}, extra...)...); err != nil {
		return nil, err
	}
	r.StartedAt, r.UpdatedAt, r.FinishedAt = r.StartedAt.UTC(), r.UpdatedAt.UTC(), nullTime(finished)
	return &r, nil
}

// StartImportRun records a queued run unless another one is alive. The
// check and the insert are one transaction, under a lock of their own on
// PostgreSQL, so that two nodes receiving a file at once cannot both
// start.
func (s *Store) StartImportRun(ctx context.Context, run *masthead.ImportRun) error {
	run.FileName = strings.TrimSpace(run.FileName)
	if run.FileName == "" {
		return &masthead.Error{Code: masthead.EINVALID, Field: "file", Message: "An import needs the name of its file."}
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if lock := t.s.dialect.KeyLock; lock != "" {
		if _, err := t.exec(ctx, lock, "import-runs"); err != nil {
			return fmt.Errorf("lock import runs: %w", err)
		}
	}
	stale := t.now.Add(-masthead.ImportStaleAfter)
	if _, err := t.exec(ctx, `UPDATE import_runs SET state = ?, error = ?, finished_at = ?
		WHERE state IN (?, ?) AND updated_at < ?`, masthead.ImportFailed, masthead.ImportInterrupted, timeArg(t.now),
		masthead.ImportQueued, masthead.ImportRunning, timeArg(stale)); err != nil {
		return fmt.Errorf("end interrupted imports: %w", err)
	}
	var active int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM import_runs WHERE state IN (?, ?)`,
		masthead.ImportQueued, masthead.ImportRunning).Scan(&active); err != nil {
		return fmt.Errorf("count running imports: %w", err)
	}
	if active > 0 {
		return &masthead.Error{Code: masthead.ECONFLICT, Field: "file",
			Message: "Another import is running; wait until it finishes, then import this file."}
	}
	var startedBy any
	if run.StartedBy != 0 {
		startedBy = run.StartedBy
	}
	run.State, run.StartedAt, run.UpdatedAt, run.FinishedAt = masthead.ImportQueued, t.now, t.now, time.Time{}
	err = t.queryRow(ctx, `INSERT INTO import_runs (started_by, file_name, file_bytes, dry_run, state, started_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, startedBy, run.FileName, run.FileBytes, run.DryRun, run.State,
		timeArg(t.now), timeArg(t.now)).Scan(&run.ID)
	if err != nil {
		return t.classify(fmt.Errorf("start import run: %w", err), "The staff member who started the import does not exist.")
	}
	return t.Commit()
}

// UpdateImportRun records the progress of a live run.
func (s *Store) UpdateImportRun(ctx context.Context, id int64, state masthead.ImportState, items int, bytesRead int64) error {
	if state != masthead.ImportQueued && state != masthead.ImportRunning {
		return masthead.Errorf(masthead.EINVALID, "A run in progress is queued or running, not %s.", state)
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	res, err := t.exec(ctx, `UPDATE import_runs SET state = ?, items = ?, bytes_read = ?, updated_at = ?
		WHERE id = ? AND state IN (?, ?)`, state, items, bytesRead, timeArg(t.now), id, masthead.ImportQueued, masthead.ImportRunning)
	if err != nil {
		return fmt.Errorf("update import run: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "No import %d is running.", id)
	}
	return t.Commit()
}

// FinishImportRun records how a run ended.
func (s *Store) FinishImportRun(ctx context.Context, run *masthead.ImportRun) error {
	if run.State != masthead.ImportDone && run.State != masthead.ImportFailed && run.State != masthead.ImportCancelled {
		return masthead.Errorf(masthead.EINVALID, "An import ends done, failed or cancelled, not %s.", run.State)
	}
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	res, err := t.exec(ctx, `UPDATE import_runs SET state = ?, items = ?, bytes_read = ?, summary = ?, error = ?, updated_at = ?, finished_at = ?
		WHERE id = ?`, run.State, run.Items, run.BytesRead, run.Summary, run.Error, timeArg(t.now), timeArg(t.now), run.ID)
	if err != nil {
		return fmt.Errorf("finish import run: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "No import %d.", run.ID)
	}
	run.UpdatedAt, run.FinishedAt = t.now, t.now
	return t.Commit()
}

// CancelImportRun asks an active run to stop, and ends one that is
// interrupted.
func (s *Store) CancelImportRun(ctx context.Context, id int64) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	var state masthead.ImportState
	var updated time.Time
	err = t.queryRow(ctx, `SELECT state, updated_at FROM import_runs WHERE id = ?`, id).Scan(&state, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "No import %d.", id)
	} else if err != nil {
		return fmt.Errorf("cancel import run: %w", err)
	}
	if state != masthead.ImportQueued && state != masthead.ImportRunning {
		return masthead.Errorf(masthead.ECONFLICT, "The import has ended already, so there is nothing to cancel.")
	}
	query := `UPDATE import_runs SET cancel_requested = TRUE WHERE id = ?`
	args := []any{id}
	if t.now.Sub(updated.UTC()) > masthead.ImportStaleAfter {
		query = `UPDATE import_runs SET cancel_requested = TRUE, state = ?, finished_at = ?, updated_at = ? WHERE id = ?`
		args = []any{masthead.ImportCancelled, timeArg(t.now), timeArg(t.now), id}
	}
	if _, err := t.exec(ctx, query, args...); err != nil {
		return fmt.Errorf("cancel import run: %w", err)
	}
	return t.Commit()
}

// FindImportRun returns one run, read from the primary, since progress
// changes by the second.
func (s *Store) FindImportRun(ctx context.Context, id int64) (*masthead.ImportRun, error) {
	t, err := s.beginRead(masthead.WithPrimary(ctx))
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	run, err := scanImportRun(t.queryRow(ctx, `SELECT `+importRunColumns+importRunFrom+` WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "No import %d.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find import run: %w", err)
	}
	return run, nil
}

// FindImportRuns returns one page of runs, newest first.
func (s *Store) FindImportRuns(ctx context.Context, limit, offset int) ([]*masthead.ImportRun, int, error) {
	t, err := s.beginRead(masthead.WithPrimary(ctx))
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	limit, offset = pageBounds(limit, offset)
	runs, total, err := queryPage(ctx, t, `SELECT `+importRunColumns+importRunFrom+` ORDER BY r.id DESC`,
		`SELECT COUNT(*) FROM import_runs`, nil, limit, offset,
		func(sc scanner) (*masthead.ImportRun, error) { return scanImportRun(sc) })
	if err != nil {
		return nil, 0, fmt.Errorf("find import runs: %w", err)
	}
	return runs, total, nil
}
