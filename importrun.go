package masthead

import (
	"context"
	"time"
)

// ImportState is where an import run started from the admin stands.
type ImportState string

// The states of an import run. A run is queued once its file is on the
// server, running while it reads the file, and then done, failed, or
// cancelled by an admin.
const (
	ImportQueued    ImportState = "queued"
	ImportRunning   ImportState = "running"
	ImportDone      ImportState = "done"
	ImportFailed    ImportState = "failed"
	ImportCancelled ImportState = "cancelled"
)

// ImportStaleAfter is how long a queued or running import may go without
// reporting progress before it counts as interrupted: the node running it
// stopped without saying so (it crashed, or was killed). A running import
// reports at least every ImportHeartbeat, so only a dead one stays silent
// this long.
const ImportStaleAfter = 2 * time.Minute

// ImportHeartbeat is how often a running import reports that it is alive,
// whatever its progress, well within ImportStaleAfter.
const ImportHeartbeat = 15 * time.Second

// ImportInterrupted is the sentence a run left behind by a node that died
// ends with, once another run finds it.
const ImportInterrupted = "The import was interrupted before it finished; import the file again to finish it, nothing will be doubled."

// ImportRun is one import of an export file, started from the admin, as
// every node sees it: its progress lives in the database, so that a page
// served by any node, and every refresh, shows where it stands.
type ImportRun struct {
	ID int64
	// StartedBy is the staff member who uploaded the file, and
	// StartedByName their display name, for the list of runs.
	StartedBy     int64
	StartedByName string
	FileName      string // the name the file had on the uploader's machine
	FileBytes     int64  // the size of the file
	DryRun        bool   // checked only, nothing written
	State         ImportState
	// Items is how many items of the export were read so far, and
	// BytesRead how much of the file; both are written every few hundred
	// items, not at every one.
	Items     int
	BytesRead int64
	StartedAt time.Time
	// UpdatedAt is when the run last reported, which tells a live run
	// from one whose node died (Interrupted).
	UpdatedAt  time.Time
	FinishedAt time.Time // zero until done or failed
	// Summary is what a finished run did, as the command line prints it;
	// Error, for a failed run, the one sentence that says why.
	Summary string
	Error   string
	// CancelRequested says that an admin asked the run to stop; the node
	// running it, whichever it is, stops at its next report.
	CancelRequested bool
}

// Active reports whether the run is still queued or running by its record,
// interrupted or not.
func (r *ImportRun) Active() bool {
	return r.State == ImportQueued || r.State == ImportRunning
}

// Interrupted reports whether the run is recorded as active but has not
// reported for ImportStaleAfter at now: its node stopped without finishing
// it. Importing the same file again finishes it.
func (r *ImportRun) Interrupted(now time.Time) bool {
	return r.Active() && now.Sub(r.UpdatedAt) > ImportStaleAfter
}

// Percent is how much of the file was read, from 0 to 100.
func (r *ImportRun) Percent() int {
	if r.FileBytes <= 0 {
		return 0
	}
	return int(min(100, 100*r.BytesRead/r.FileBytes))
}

// ImportRunStore records import runs started from the admin.
type ImportRunStore interface {
	// StartImportRun records run as queued, with its id, started and
	// updated times set, unless another run is active and not interrupted:
	// only one import runs on a site at a time. Runs it finds interrupted
	// are marked failed with ImportInterrupted. Returns ECONFLICT while
	// another run is active, EINVALID for a run without a file name.
	StartImportRun(ctx context.Context, run *ImportRun) error
	// UpdateImportRun records a run's state (queued or running) and
	// progress, and that it is alive. Returns ENOTFOUND.
	UpdateImportRun(ctx context.Context, id int64, state ImportState, items int, bytesRead int64) error
	// FinishImportRun records a run's end: state done, failed or
	// cancelled, its final progress, and its summary and error sentence.
	// Returns ENOTFOUND, or EINVALID for a state that is not an end.
	FinishImportRun(ctx context.Context, run *ImportRun) error
	// CancelImportRun asks an active run to stop: it records
	// CancelRequested, which the node running the import reads at its
	// next report, and ends at once, cancelled, a run that is
	// interrupted, since no node runs it any more. Returns ENOTFOUND, or
	// ECONFLICT for a run that has ended.
	CancelImportRun(ctx context.Context, id int64) error
	// FindImportRun returns one run. Returns ENOTFOUND.
	FindImportRun(ctx context.Context, id int64) (*ImportRun, error)
	// FindImportRuns returns one page of runs, newest first, and how many
	// there are.
	FindImportRuns(ctx context.Context, limit, offset int) ([]*ImportRun, int, error)
}
