package storetest

import (
	"context"
	"testing"
	"time"

	"masthead"
)

// testImportRuns checks the record of imports started from the admin: one
// at a time, progress kept, and a run whose node died given up once it
// has been silent for masthead.ImportStaleAfter.
func testImportRuns(t *testing.T, open Opener) {
	s, clock := newStore(t, open)
	ctx := context.Background()
	ana := mustAuthor(t, s, "Ana Importer")

	run := &masthead.ImportRun{StartedBy: ana.ID, FileName: "observer.xml", FileBytes: 4096, DryRun: true}
	if err := s.StartImportRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	if run.ID == 0 || run.State != masthead.ImportQueued || !run.StartedAt.Equal(Epoch) {
		t.Fatalf("started run = %+v", run)
	}
	second := &masthead.ImportRun{StartedBy: ana.ID, FileName: "again.xml"}
	err := s.StartImportRun(ctx, second)
	wantCode(t, err, masthead.ECONFLICT)
	if f := masthead.ErrorField(err); f != "file" {
		t.Errorf("a second import is refused for the field %q, want \"file\"", f)
	}
	wantCode(t, s.StartImportRun(ctx, &masthead.ImportRun{FileName: " "}), masthead.EINVALID)

	clock.now = Epoch.Add(masthead.ImportHeartbeat)
	if err := s.UpdateImportRun(ctx, run.ID, masthead.ImportRunning, 300, 1024); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindImportRun(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != masthead.ImportRunning || got.Items != 300 || got.BytesRead != 1024 || got.Percent() != 25 ||
		!got.UpdatedAt.Equal(clock.now) || got.StartedByName != "Ana Importer" || got.FileName != "observer.xml" || !got.DryRun {
		t.Fatalf("run in progress = %+v", got)
	}
	if got.Interrupted(clock.now.Add(masthead.ImportStaleAfter)) || !got.Interrupted(clock.now.Add(masthead.ImportStaleAfter+time.Second)) {
		t.Error("a run is interrupted only once silent for longer than ImportStaleAfter")
	}
	wantCode(t, s.UpdateImportRun(ctx, run.ID, masthead.ImportDone, 1, 1), masthead.EINVALID)

	run.State, run.Items, run.BytesRead, run.Summary = masthead.ImportDone, 412, 4096, "Imported: everything.\n"
	if err := s.FinishImportRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	got, err = s.FindImportRun(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != masthead.ImportDone || got.Items != 412 || got.Summary != run.Summary || !got.FinishedAt.Equal(clock.now) || got.Active() {
		t.Fatalf("finished run = %+v", got)
	}
	// A finished run takes no more progress, and the next may start.
	wantCode(t, s.UpdateImportRun(ctx, run.ID, masthead.ImportRunning, 1, 1), masthead.ENOTFOUND)
	wantCode(t, s.FinishImportRun(ctx, &masthead.ImportRun{ID: run.ID + 100, State: masthead.ImportFailed}), masthead.ENOTFOUND)
	wantCode(t, s.FinishImportRun(ctx, &masthead.ImportRun{ID: run.ID, State: masthead.ImportRunning}), masthead.EINVALID)

	// A run whose node died blocks the next one only until it has been
	// silent too long; then it is marked failed.
	dead := &masthead.ImportRun{FileName: "dead.xml"}
	if err := s.StartImportRun(ctx, dead); err != nil {
		t.Fatal(err)
	}
	clock.now = clock.now.Add(masthead.ImportStaleAfter)
	wantCode(t, s.StartImportRun(ctx, &masthead.ImportRun{FileName: "early.xml"}), masthead.ECONFLICT)
	clock.now = clock.now.Add(time.Second)
	next := &masthead.ImportRun{StartedBy: ana.ID, FileName: "next.xml"}
	if err := s.StartImportRun(ctx, next); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindImportRun(ctx, dead.ID); err != nil || got.State != masthead.ImportFailed || got.Error != masthead.ImportInterrupted {
		t.Fatalf("the dead run = %+v, %v", got, err)
	}

	runs, total, err := s.FindImportRuns(ctx, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || len(runs) != 2 || runs[0].ID != next.ID || runs[1].ID != dead.ID || runs[1].StartedByName != "" {
		t.Fatalf("runs = %d %+v", total, runs)
	}
	if runs, total, err := s.FindImportRuns(ctx, 2, 4); err != nil || total != 3 || len(runs) != 0 {
		t.Fatalf("past the last page: %d %v %v", total, runs, err)
	}
	_, err = s.FindImportRun(ctx, next.ID+1)
	wantCode(t, err, masthead.ENOTFOUND)
}

// testCancelImportRun: a live run is asked to stop and stays active until
// its node ends it, cancelled; an interrupted one ends at once; an ended
// one cannot be cancelled.
func testCancelImportRun(t *testing.T, open Opener) {
	s, clock := newStore(t, open)
	ctx := context.Background()
	run := &masthead.ImportRun{FileName: "observer.xml"}
	if err := s.StartImportRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindImportRun(ctx, run.ID); got.CancelRequested {
		t.Fatal("a new run is asked to stop")
	}
	if err := s.CancelImportRun(ctx, run.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindImportRun(ctx, run.ID)
	if err != nil || !got.CancelRequested || got.State != masthead.ImportQueued {
		t.Fatalf("after the request to stop: %+v, %v", got, err)
	}
	// The run still holds the site until its node ends it.
	wantCode(t, s.StartImportRun(ctx, &masthead.ImportRun{FileName: "other.xml"}), masthead.ECONFLICT)
	if err := s.UpdateImportRun(ctx, run.ID, masthead.ImportRunning, 10, 100); err != nil {
		t.Fatal(err)
	}
	run.State, run.Items, run.Summary = masthead.ImportCancelled, 10, "Imported: some.\n"
	if err := s.FinishImportRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindImportRun(ctx, run.ID); got.State != masthead.ImportCancelled || got.Active() || got.FinishedAt.IsZero() || got.Summary != run.Summary {
		t.Fatalf("the cancelled run = %+v", got)
	}
	wantCode(t, s.CancelImportRun(ctx, run.ID), masthead.ECONFLICT)
	wantCode(t, s.CancelImportRun(ctx, run.ID+100), masthead.ENOTFOUND)

	dead := &masthead.ImportRun{FileName: "dead.xml"}
	if err := s.StartImportRun(ctx, dead); err != nil {
		t.Fatal(err)
	}
	clock.now = clock.now.Add(masthead.ImportStaleAfter + time.Second)
	if err := s.CancelImportRun(ctx, dead.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindImportRun(ctx, dead.ID); got.State != masthead.ImportCancelled || !got.FinishedAt.Equal(clock.now) {
		t.Fatalf("the interrupted run after cancelling = %+v", got)
	}
}
